/* SPDX-License-Identifier: MIT */
/*
 * Building boot_info.mmap from a firmware memory map, for both boot paths (the multiboot2
 * parser in the kernel and the UEFI loader). Pure code: it includes nothing but boot_info.h.
 */
#ifndef KERNEL_BOOT_MMAP_H
#define KERNEL_BOOT_MMAP_H

#include "kernel/boot_info.h"

/* Append a region (unsorted is fine); counts it in mmap_dropped if the table is full. */
void boot_mmap_add(struct boot_info *bi, bi_u64 base, bi_u64 length, bi_u32 type);

/* Sort by base and merge neighbours that touch and have the same type. */
void boot_mmap_normalize(struct boot_info *bi);

#endif
