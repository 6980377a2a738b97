/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time memory allocator. Before the page allocator exists (it needs mem_map,
 * which needs memory, which needs page tables...) memory comes from here: the usable regions of
 * the firmware's map minus the reserved ranges, handed out from the top down, never freed. When
 * the page allocator starts, every page memblock did not hand out or reserve is given to it.
 */
#include "kernel/mm/memblock.h"

#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"

#define MEMBLOCK_MAX_RESERVED 64

struct range {
	phys_addr_t start, end; /* [start, end) */
};

static const struct boot_info *memory;		     /* the firmware's map: boot_info->mmap */
static struct range reserved[MEMBLOCK_MAX_RESERVED]; /* sorted, disjoint; boot CPU only */
static int nr_reserved;

void memblock_init(const struct boot_info *bi)
{
	memory = bi;
}

/* Insert [start, end) into reserved[], keeping it sorted and merging overlaps. */
void memblock_reserve(phys_addr_t start, phys_addr_t end)
{
	int i = 0;

	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	BUG_ON(nr_reserved == MEMBLOCK_MAX_RESERVED);
	while (i < nr_reserved && reserved[i].end < start)
		i++;
	memmove(&reserved[i + 1], &reserved[i], (nr_reserved - i) * sizeof(reserved[0]));
	reserved[i] = (struct range){ start, end };
	nr_reserved++;
	/* Absorb the ranges the new one now touches. */
	while (i + 1 < nr_reserved && reserved[i + 1].start <= reserved[i].end) {
		reserved[i].end = max(reserved[i].end, reserved[i + 1].end);
		memmove(&reserved[i + 1], &reserved[i + 2],
			(nr_reserved - i - 2) * sizeof(reserved[0]));
		nr_reserved--;
	}
}

/* The highest aligned [s, s + size) inside [start, end) that misses every reserved range. */
static phys_addr_t fit_top_down(phys_addr_t start, phys_addr_t end, size_t size, size_t align)
{
	phys_addr_t top = end;

	while (top >= start + size) {
		phys_addr_t s = ALIGN_DOWN(top - size, align);
		int i;

		if (s < start)
			return 0;
		for (i = nr_reserved - 1; i >= 0; i--)
			if (reserved[i].start < s + size && s < reserved[i].end)
				break;
		if (i < 0)
			return s;
		top = reserved[i].start; /* try below the range in the way */
	}
	return 0;
}

phys_addr_t memblock_alloc(size_t size, size_t align, phys_addr_t limit)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	for (int i = (int)memory->mmap_count - 1; i >= 0; i--) {
		const struct boot_mem_region *r = &memory->mmap[i];
		phys_addr_t start = max(r->base, (phys_addr_t)MEMBLOCK_LOW_LIMIT);
		phys_addr_t end = min(r->base + r->length, limit);
		phys_addr_t s;

		if (r->type != BOOT_MEM_USABLE || end <= start)
			continue;
		s = fit_top_down(ALIGN_UP(start, PAGE_SIZE), ALIGN_DOWN(end, PAGE_SIZE), size,
				 max(align, (size_t)PAGE_SIZE));
		if (s) {
			memblock_reserve(s, s + size);
			memset(__va(s), 0, size);
			return s;
		}
	}
	panic("memblock: out of memory for %zu bytes below %#llx", size, (unsigned long long)limit);
}

void memblock_for_each_free_range(void (*fn)(phys_addr_t start, phys_addr_t end))
{
	for (u32 i = 0; i < memory->mmap_count; i++) {
		const struct boot_mem_region *r = &memory->mmap[i];
		phys_addr_t pos = ALIGN_UP(r->base, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(r->base + r->length, PAGE_SIZE);

		if (r->type != BOOT_MEM_USABLE)
			continue;
		/* Walk the reserved ranges (sorted) and report the gaps between them. */
		for (int j = 0; j < nr_reserved && pos < end; j++) {
			if (reserved[j].end <= pos || reserved[j].start >= end)
				continue;
			if (reserved[j].start > pos)
				fn(pos, reserved[j].start);
			pos = max(pos, reserved[j].end);
		}
		if (pos < end)
			fn(pos, end);
	}
}

phys_addr_t memblock_end_of_ram(void)
{
	phys_addr_t end = 0;

	for (u32 i = 0; i < memory->mmap_count; i++) {
		const struct boot_mem_region *r = &memory->mmap[i];

		if (r->type == BOOT_MEM_USABLE || r->type == BOOT_MEM_ACPI_RECLAIM)
			end = max(end, r->base + r->length);
	}
	return end;
}
