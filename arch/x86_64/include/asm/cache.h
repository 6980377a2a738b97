/* SPDX-License-Identifier: MIT */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

/* The size of a cache line on every x86-64 CPU we run on. */
#define L1_CACHE_BYTES 64

#endif
