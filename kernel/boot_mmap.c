/* SPDX-License-Identifier: MIT */
#include "kernel/boot_mmap.h"

#define U64_MAX (~(bi_u64)0)

static bi_u64 region_end(const struct boot_mem_region *r)
{
	return r->base + r->length;
}

/* Remove map[i], closing the gap. */
static void remove_at(struct boot_mem_region *map, bi_u32 *count, bi_u32 i)
{
	for (; i + 1 < *count; i++)
		map[i] = map[i + 1];
	(*count)--;
}

/* Make room at map[i] (dropping the last region if full); false if the new one is dropped. */
static int open_slot(struct boot_mem_region *map, bi_u32 *count, bi_u32 cap, bi_u32 *dropped,
		     bi_u32 i)
{
	if (*count == cap) {
		(*dropped)++;
		if (i == cap)
			return 0;
		(*count)--;
	}
	for (bi_u32 j = *count; j > i; j--)
		map[j] = map[j - 1];
	(*count)++;
	return 1;
}

void boot_mmap_insert(struct boot_mem_region *map, bi_u32 *count, bi_u32 cap, bi_u32 *dropped,
		      bi_u64 base, bi_u64 length, bi_u32 type)
{
	bi_u32 i = 0;

	if (length == 0)
		return;
	if (length > U64_MAX - base)
		length = U64_MAX - base;
	while (i < *count && map[i].base <= base)
		i++;
	if (i > 0 && map[i - 1].type == type && region_end(&map[i - 1]) >= base) {
		i--; /* grows the region before it */
		if (base + length > region_end(&map[i]))
			map[i].length = base + length - map[i].base;
	} else {
		if (!open_slot(map, count, cap, dropped, i))
			return;
		map[i] = (struct boot_mem_region){ .base = base, .length = length, .type = type };
	}
	/* The grown region may now reach the ones after it. */
	while (i + 1 < *count && map[i + 1].type == type &&
	       map[i + 1].base <= region_end(&map[i])) {
		if (region_end(&map[i + 1]) > region_end(&map[i]))
			map[i].length = region_end(&map[i + 1]) - map[i].base;
		remove_at(map, count, i + 1);
	}
}

void boot_mmap_add(struct boot_info *bi, bi_u64 base, bi_u64 length, bi_u32 type)
{
	boot_mmap_insert(bi->mmap, &bi->mmap_count, BOOT_MMAP_MAX, &bi->mmap_dropped, base, length,
			 type);
}
