/* SPDX-License-Identifier: MIT */
/*
 * Error values in pointers, as in Linux: a function that returns a pointer can return
 * ERR_PTR(-ENOMEM) instead, since the top 4095 addresses are never valid objects.
 */
#ifndef LIB_ERR_H
#define LIB_ERR_H

#include "lib/compiler.h"
#include "lib/types.h"

#define MAX_ERRNO 4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/* An unsigned long that holds -errno (as mmap-style addresses do on failure)? */
#define IS_ERR_VALUE(x) unlikely((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline bool IS_ERR(const void *ptr)
{
	return unlikely((unsigned long)ptr >= (unsigned long)-MAX_ERRNO);
}

#endif
