/* SPDX-License-Identifier: MIT */
/*
 * String and memory functions, with C-standard names and semantics unless noted.
 *
 * The kernel has no C library, but GCC still emits calls to memcpy(), memmove(), memset() and
 * memcmp() for struct copies and large initialisers, so those four must exist under exactly these
 * names. The rest follow the C library (or Linux, for strscpy() and skip_spaces()).
 *
 * Host tests (built with -DLIB_HOST_TEST): a host test links lib/string.c into a program that also
 * links glibc, whose memcpy(), strlen()... would collide with ours, and whose functions
 * AddressSanitizer intercepts. So under LIB_HOST_TEST this header first includes the C library's
 * <string.h> (whose include guard then keeps its declarations from being seen again after the
 * renaming below), and then renames every function declared here to lib_<name> with an object-like
 * macro. lib/string.c is compiled with the same header, so it defines lib_memcpy() and so on; a
 * test that includes this header and calls memcpy() really calls lib_memcpy(), the code under test.
 * A test that wants glibc's answer for comparison takes a pointer to the glibc function before
 * including this header. The kernel build never defines LIB_HOST_TEST and sees the plain names.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include "lib/types.h"

/* Error value returned by strscpy(); the lead will move these into a shared errno header. */
#define LIB_E2BIG 7

#ifdef LIB_HOST_TEST
#include <string.h>
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#undef strsep
#define memcpy	    lib_memcpy
#define memmove	    lib_memmove
#define memset	    lib_memset
#define memcmp	    lib_memcmp
#define memchr	    lib_memchr
#define strlen	    lib_strlen
#define strnlen	    lib_strnlen
#define strcmp	    lib_strcmp
#define strncmp	    lib_strncmp
#define strchr	    lib_strchr
#define strrchr	    lib_strrchr
#define strstr	    lib_strstr
#define strsep	    lib_strsep
#define strscpy	    lib_strscpy
#define skip_spaces lib_skip_spaces
#endif

/* Copy n bytes from src to dst; the areas must not overlap. Returns dst. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
/* Copy n bytes from src to dst; the areas may overlap. Returns dst. */
void *memmove(void *dst, const void *src, size_t n);
/* Fill n bytes at s with (unsigned char)c. Returns s. */
void *memset(void *s, int c, size_t n);
/* Compare n bytes as unsigned char: <0, 0 or >0 as a sorts before, equal to or after b. */
int memcmp(const void *a, const void *b, size_t n);
/* First of the n bytes at s equal to (unsigned char)c, or NULL. */
void *memchr(const void *s, int c, size_t n);

/* Bytes before the terminating NUL. */
size_t strlen(const char *s);
/* strlen(s), but looks at no more than max bytes (s need not be terminated within them). */
size_t strnlen(const char *s, size_t max);
/* Compare as unsigned char up to the first difference or NUL: <0, 0 or >0. */
int strcmp(const char *a, const char *b);
/* strcmp() looking at no more than n bytes. */
int strncmp(const char *a, const char *b, size_t n);
/* First occurrence of (char)c in s, or NULL; c == '\0' finds the terminator. */
char *strchr(const char *s, int c);
/* Last occurrence of (char)c in s, or NULL; c == '\0' finds the terminator. */
char *strrchr(const char *s, int c);
/* First occurrence of needle in haystack, or NULL; an empty needle matches at haystack. */
char *strstr(const char *haystack, const char *needle);

/*
 * Copy the string src into dst, which holds size bytes, truncating if needed. dst is always
 * NUL-terminated when size > 0. Returns the length copied (excluding the NUL), or -LIB_E2BIG if
 * src did not fit (including size == 0). Unlike strncpy(), it neither leaves dst unterminated nor
 * pads it with zeroes; unlike strlcpy(), it never reads src past what it copies plus one byte.
 */
ssize_t strscpy(char *dst, const char *src, size_t size);

/*
 * Split a string in place: find the first byte of *stringp that is in delim, overwrite it with
 * NUL, point *stringp just after it and return the old *stringp. When no delimiter is left, return
 * the rest and set *stringp to NULL; when *stringp is already NULL, return NULL. Runs of
 * delimiters give empty tokens, which the caller skips:
 *
 *	while ((arg = strsep(&cmdline, " ")))
 *		if (*arg)
 *			handle(arg);
 */
char *strsep(char **stringp, const char *delim);

/* First byte of s that is not white space (isspace()); may be the terminator. */
char *skip_spaces(const char *s);

#endif
