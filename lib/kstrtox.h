/* SPDX-License-Identifier: MIT */
/*
 * Strict string-to-integer conversion, with Linux's names and semantics.
 *
 * The whole string must be a number: an optional sign (see each function), digits in the given
 * base, and at most one trailing '\n' (so a line read from a file or the command line converts
 * as is). No leading white space, no other trailing bytes. On success the result is stored and 0
 * is returned; on failure *res is left untouched and a negative error is returned:
 *   -LIB_EINVAL  empty string, no digits, a byte that is not a digit of the base, bad base
 *   -LIB_ERANGE  the number does not fit the result type (reported even if junk follows)
 *
 * base is 2..16, or 0 to pick it from the prefix as C does: "0x"/"0X" followed by a hex digit is
 * base 16, a leading "0" is base 8, anything else base 10. With base 16 a "0x" prefix is allowed.
 */
#ifndef LIB_KSTRTOX_H
#define LIB_KSTRTOX_H

#include "lib/types.h"

/* Error values returned here; the lead will move these into a shared errno header. */
#define LIB_EINVAL 22
#define LIB_ERANGE 34

/* Unsigned: an optional leading '+'; a '-' is -LIB_EINVAL. */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
/* Signed: an optional leading '+' or '-' (not both). "-0" is 0. */
int kstrtoll(const char *s, unsigned int base, long long *res);
/* kstrtoull() into an unsigned int; -LIB_ERANGE above UINT_MAX. */
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
/* kstrtoll() into an int; -LIB_ERANGE outside INT_MIN..INT_MAX. */
int kstrtoint(const char *s, unsigned int base, int *res);

/* long is as wide as long long on x86_64, so these need no range check of their own. */
static inline int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long tmp;
	int err = kstrtoull(s, base, &tmp);

	if (!err)
		*res = tmp;
	return err;
}

static inline int kstrtol(const char *s, unsigned int base, long *res)
{
	long long tmp;
	int err = kstrtoll(s, base, &tmp);

	if (!err)
		*res = tmp;
	return err;
}

_Static_assert(sizeof(long) == sizeof(long long), "kstrtoul()/kstrtol() assume LP64");

#endif
