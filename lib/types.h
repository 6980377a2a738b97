/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width types for kernel and host code alike.
 *
 * The compiler's freestanding headers (<stdint.h>, <stddef.h>, <stdbool.h>) are part of the
 * compiler, not of a C library, so both the kernel and the host tests of lib/ can use them.
 */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
/* As in Linux, 64-bit types are long long, so "%llx" prints them on every architecture. */
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

typedef long ssize_t;
typedef u64 phys_addr_t;

#endif
