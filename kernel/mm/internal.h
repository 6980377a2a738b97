/* SPDX-License-Identifier: MIT */
/* Declarations shared inside kernel/mm only. */
#ifndef KERNEL_MM_INTERNAL_H
#define KERNEL_MM_INTERNAL_H

/* Build mem_map and give every free memblock page to the buddy allocator (page_alloc.c). */
void page_alloc_init(void);

#endif
