/* SPDX-License-Identifier: MIT */
/*
 * Character classes, ASCII only (the kernel has no locales).
 *
 * Each takes an int like the C library's, and any value is safe: bytes >= 0x80 and EOF (-1)
 * simply belong to no class, so a plain char that happens to be negative cannot index out of a
 * table (there is no table).
 *
 * Under LIB_HOST_TEST the C library's <ctype.h> is included first and these are renamed to
 * lib_<name>, as lib/string.h explains, so a host test exercises these and not glibc's.
 */
#ifndef LIB_CTYPE_H
#define LIB_CTYPE_H

#ifdef LIB_HOST_TEST
#include <ctype.h>
#undef isdigit
#undef isxdigit
#undef isspace
#undef isalpha
#undef isalnum
#undef isupper
#undef islower
#undef isprint
#undef tolower
#undef toupper
#define isdigit	 lib_isdigit
#define isxdigit lib_isxdigit
#define isspace	 lib_isspace
#define isalpha	 lib_isalpha
#define isalnum	 lib_isalnum
#define isupper	 lib_isupper
#define islower	 lib_islower
#define isprint	 lib_isprint
#define tolower	 lib_tolower
#define toupper	 lib_toupper
#endif

static inline int isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline int isalpha(int c)
{
	return isupper(c) || islower(c);
}

static inline int isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

static inline int isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Space, \t, \n, \v, \f and \r. */
static inline int isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Printable: space through '~'. */
static inline int isprint(int c)
{
	return c >= ' ' && c <= '~';
}

static inline int tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

static inline int toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

#endif
