/* SPDX-License-Identifier: MIT */
/* Converting between physical addresses and the kernel's direct map. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include "lib/types.h"
#include <asm/layout.h>

/* The direct-map address of physical address pa. Early on only the first 4 GiB are mapped. */
static inline void *__va(phys_addr_t pa)
{
	return (void *)(pa + PAGE_OFFSET);
}

/* The physical address of a direct-map or kernel-image address. */
static inline phys_addr_t __pa(const void *va)
{
	unsigned long a = (unsigned long)va;

	return a >= __START_KERNEL_map ? a - __START_KERNEL_map : a - PAGE_OFFSET;
}

#endif
