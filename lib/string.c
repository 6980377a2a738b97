/* SPDX-License-Identifier: MIT */
/*
 * String and memory functions. Plain C, one byte at a time except where both ends are 8-byte
 * aligned, where memcpy(), memmove() and memset() move whole words: the framebuffer console
 * scrolls megabytes with them, and under QEMU's TCG every instruction counts.
 *
 * Bytes are compared as unsigned char everywhere, as the C standard requires: "\x80" sorts after
 * "a", not before it.
 */
#include "lib/string.h"
#include "lib/ctype.h"

/*
 * In a hosted build GCC may turn the byte loops below into calls to memcpy()/memset(), which
 * inside memcpy() itself is endless recursion. -ffreestanding stops that (so does
 * -fno-tree-loop-distribute-patterns, which the host tests use), so insist on it in the kernel.
 */
#if !defined(LIB_HOST_TEST) && __STDC_HOSTED__
#error "lib/string.c must be compiled with -ffreestanding"
#endif

/* A machine word that may alias any other type, so word copies of byte buffers are defined. */
typedef unsigned long __attribute__((may_alias)) word_t;

#define WORD_SIZE sizeof(word_t)

static bool word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (word_aligned(d) && word_aligned(s)) {
		for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copy from the end down, for a dst that overlaps the end of src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	/* Copying starts at the ends, so it is the ends that must be aligned for word copies. */
	if (word_aligned(d) && word_aligned(s)) {
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * Copying forward is safe unless dst starts inside src: then the front of src would be
	 * overwritten before it is read. Compare as integers: the pointers may be to different
	 * objects, where < is undefined in C.
	 */
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst is below src, or past its end: forward, word by word when both allow it. */
		if (word_aligned(d) && word_aligned(s)) {
			for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
				*(word_t *)d = *(const word_t *)s;
		}
		while (n--)
			*d++ = *s++;
	} else {
		copy_backward(d, s, n);
	}
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned char byte = (unsigned char)c;

	for (; n > 0 && !word_aligned(p); n--)
		*p++ = byte;
	if (n >= WORD_SIZE) {
		/* Every byte of the word is the fill byte: 0x01010101... times the byte. */
		word_t pattern = byte * (~(word_t)0 / 0xff);

		for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE)
			*(word_t *)p = pattern;
	}
	while (n--)
		*p++ = byte;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;

	for (; n > 0; n--, pa++, pb++) {
		if (*pa != *pb)
			return *pa - *pb;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t len = 0;

	while (len < max && s[len])
		len++;
	return len;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;

	while (*pa && *pa == *pb) {
		pa++;
		pb++;
	}
	return *pa - *pb;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;

	for (; n > 0; n--, pa++, pb++) {
		if (*pa != *pb || !*pa)
			return *pa - *pb;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	/* Quadratic in the worst case; the kernel searches short strings. */
	for (; *haystack; haystack++) {
		if (strncmp(haystack, needle, len) == 0)
			return (char *)haystack;
	}
	return len == 0 ? (char *)haystack : NULL;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (size == 0)
		return -LIB_E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	/* Stopped on the size limit with more of src left: it was truncated. */
	if (src[i])
		return -LIB_E2BIG;
	return i;
}

char *strsep(char **stringp, const char *delim)
{
	char *start = *stringp;
	char *p;

	if (!start)
		return NULL;
	for (p = start; *p; p++) {
		if (strchr(delim, *p)) {
			*p = '\0';
			*stringp = p + 1;
			return start;
		}
	}
	*stringp = NULL;
	return start;
}

char *skip_spaces(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return (char *)s;
}
