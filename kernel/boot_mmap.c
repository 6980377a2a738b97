/* SPDX-License-Identifier: MIT */
#include "kernel/boot_mmap.h"

void boot_mmap_add(struct boot_info *bi, bi_u64 base, bi_u64 length, bi_u32 type)
{
	if (length == 0)
		return;
	if (bi->mmap_count == BOOT_MMAP_MAX) {
		bi->mmap_dropped++;
		return;
	}
	bi->mmap[bi->mmap_count++] = (struct boot_mem_region){
		.base = base,
		.length = length,
		.type = type,
	};
}

/* Insertion sort: maps are short (tens of entries) and usually sorted already. */
static void sort_by_base(struct boot_mem_region *r, bi_u32 n)
{
	for (bi_u32 i = 1; i < n; i++) {
		struct boot_mem_region key = r[i];
		bi_u32 j = i;

		while (j > 0 && r[j - 1].base > key.base) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = key;
	}
}

void boot_mmap_normalize(struct boot_info *bi)
{
	struct boot_mem_region *r = bi->mmap;
	bi_u32 out = 0;

	sort_by_base(r, bi->mmap_count);
	for (bi_u32 i = 0; i < bi->mmap_count; i++) {
		if (out > 0 && r[out - 1].type == r[i].type &&
		    r[out - 1].base + r[out - 1].length == r[i].base)
			r[out - 1].length += r[i].length;
		else
			r[out++] = r[i];
	}
	bi->mmap_count = out;
}
