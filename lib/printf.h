/* SPDX-License-Identifier: MIT */
/*
 * Formatted output into a buffer: the formatter behind printk() and every string the kernel builds.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, length modifiers hh h l ll z t, flags - 0 + space #,
 * field width and precision (either may be *). %p prints "0x" and 16 hex digits. Not supported,
 * and printed as written like any unknown conversion: floating point (the kernel is built
 * -mgeneral-regs-only), %n (writing through an argument is a classic exploit primitive), %j and
 * %L, and positional arguments. A NULL %s prints "(null)".
 *
 * Under LIB_HOST_TEST the C library's <stdio.h> is included first and these are renamed to
 * lib_<name>, as lib/string.h explains, so a host test exercises these and not glibc's.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include "lib/compiler.h"
#include "lib/types.h"

#ifdef LIB_HOST_TEST
#include <stdio.h>
#undef vsnprintf
#undef snprintf
#define vsnprintf  lib_vsnprintf
#define snprintf   lib_snprintf
#define vscnprintf lib_vscnprintf
#define scnprintf  lib_scnprintf
#endif

/*
 * Format into buf, which holds size bytes. Writes at most size - 1 characters and always a NUL
 * when size > 0; writes nothing at all when size == 0 (buf may then be NULL). Returns the length
 * the whole output would have had (excluding the NUL), as C99 does: the output was truncated if
 * and only if the result is >= size. The result is capped at INT_MAX.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Like vsnprintf(), but returns the number of characters actually stored in buf (excluding the
 * NUL): at most size - 1, and 0 when size == 0. Use it to append: pos += scnprintf(buf + pos,
 * size - pos, ...) never moves pos past the end.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
