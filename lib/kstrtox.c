/* SPDX-License-Identifier: MIT */
/* Strict string-to-integer conversion; the contract is in lib/kstrtox.h. */
#include "lib/kstrtox.h"
#include "lib/ctype.h"

#define ULLONG_MAX_VALUE (~0ULL)
#define LLONG_MAX_VALUE	 ((long long)(ULLONG_MAX_VALUE >> 1))

/* Value of the digit c in any base up to 16, or 16 if c is not a digit at all. */
static unsigned int digit_value(char c)
{
	if (isdigit(c))
		return c - '0';
	if (isxdigit(c))
		return tolower(c) - 'a' + 10;
	return 16;
}

/* Resolve base 0 from the prefix, and skip a "0x" that base 16 allows. Returns the first digit. */
static const char *parse_radix(const char *s, unsigned int *base)
{
	bool hex_prefix = s[0] == '0' && tolower(s[1]) == 'x' && isxdigit(s[2]);

	if (*base == 0) {
		if (hex_prefix)
			*base = 16;
		else if (s[0] == '0')
			*base = 8; /* the leading 0 is itself an octal digit, so keep it */
		else
			*base = 10;
	}
	/* "0x" with no hex digit after it is left alone, to fail as junk after the "0". */
	if (*base == 16 && hex_prefix)
		s += 2;
	return s;
}

/*
 * Parse an unsigned number with no sign. Consumes every digit even after an overflow, so that
 * an overflowing number is -LIB_ERANGE whatever follows it.
 */
static int parse_unsigned(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long val = 0;
	bool overflow = false;
	const char *digits;
	unsigned int d;

	if (base != 0 && (base < 2 || base > 16))
		return -LIB_EINVAL;
	s = parse_radix(s, &base);
	for (digits = s; (d = digit_value(*s)) < base; s++) {
		if (val > (ULLONG_MAX_VALUE - d) / base)
			overflow = true;
		val = val * base + d;
	}
	if (s == digits)
		return -LIB_EINVAL;
	if (overflow)
		return -LIB_ERANGE;
	if (*s == '\n')
		s++;
	if (*s)
		return -LIB_EINVAL;
	*res = val;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_unsigned(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long mag;
	int err;

	if (s[0] == '-') {
		err = parse_unsigned(s + 1, base, &mag);
		if (err)
			return err;
		/* The magnitude of LLONG_MIN is one more than LLONG_MAX. */
		if (mag > (unsigned long long)LLONG_MAX_VALUE + 1)
			return -LIB_ERANGE;
		/* Negate in unsigned arithmetic: -mag as signed would overflow for LLONG_MIN. */
		*res = (long long)(0 - mag);
		return 0;
	}
	err = kstrtoull(s, base, &mag);
	if (err)
		return err;
	if (mag > (unsigned long long)LLONG_MAX_VALUE)
		return -LIB_ERANGE;
	*res = (long long)mag;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long tmp;
	int err = kstrtoull(s, base, &tmp);

	if (err)
		return err;
	if (tmp != (unsigned int)tmp)
		return -LIB_ERANGE;
	*res = tmp;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long tmp;
	int err = kstrtoll(s, base, &tmp);

	if (err)
		return err;
	if (tmp != (int)tmp)
		return -LIB_ERANGE;
	*res = tmp;
	return 0;
}
