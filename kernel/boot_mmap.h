/* SPDX-License-Identifier: MIT */
/*
 * Building boot_info.mmap from a firmware memory map, for both boot paths: the multiboot2 parser
 * in the kernel and the UEFI loader (which compiles this file too). Pure code: it includes
 * nothing but boot_info.h, allocates nothing and calls nothing.
 */
#ifndef KERNEL_BOOT_MMAP_H
#define KERNEL_BOOT_MMAP_H

#include "kernel/boot_info.h"

/*
 * Insert the region [base, base + length) of the given type into map[0, *count), which stays
 * sorted by base (regions with equal bases keep their insertion order), merging it with the
 * regions of the same type it touches or overlaps. When the map already holds cap regions, the
 * region that sorts last is dropped and counted in *dropped (once per inserted region that did
 * not stay), so the lowest cap regions are kept.
 * An empty region is ignored; one that would wrap past 2^64 is clipped.
 */
void boot_mmap_insert(struct boot_mem_region *map, bi_u32 *count, bi_u32 cap, bi_u32 *dropped,
		      bi_u64 base, bi_u64 length, bi_u32 type);

/* boot_mmap_insert() into bi->mmap. */
void boot_mmap_add(struct boot_info *bi, bi_u64 base, bi_u64 length, bi_u32 type);

#endif
