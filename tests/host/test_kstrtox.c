/* SPDX-License-Identifier: MIT */
/* Host tests of lib/kstrtox.c: tables of (string, base) -> (error, value), written by hand. */
/*
 * lib/compiler.h before any glibc header: glibc's <sys/cdefs.h> replaces an earlier
 * __always_inline quietly, but compiler.h redefining glibc's is an error.
 */
#include "lib/compiler.h"

#include <limits.h>

#include "tests/host/hosttest.h"

#include "lib/kstrtox.h"

#define EINVAL_ (-LIB_EINVAL)
#define ERANGE_ (-LIB_ERANGE)

/* What a failing call must leave in *res: anything else means it wrote on error. */
#define UNTOUCHED 0x5a5a5a5a5a5a5a5aULL

struct unsigned_case {
	int line;
	const char *s;
	unsigned int base;
	int err;
	unsigned long long val; /* when err == 0 */
};

struct signed_case {
	int line;
	const char *s;
	unsigned int base;
	int err;
	long long val; /* when err == 0 */
};

#define OK(s, base, val)                                                                           \
	{                                                                                          \
		__LINE__, s, base, 0, val                                                          \
	}
#define BAD(s, base, err)                                                                          \
	{                                                                                          \
		__LINE__, s, base, err, 0                                                          \
	}

static const struct unsigned_case ull_cases[] = {
	OK("0", 10, 0),
	OK("123", 10, 123),
	OK("123\n", 10, 123),
	OK("+123", 10, 123),
	OK("007", 10, 7),
	OK("18446744073709551615", 10, ULLONG_MAX),
	BAD("18446744073709551616", 10, ERANGE_),
	BAD("99999999999999999999999", 10, ERANGE_),
	BAD("18446744073709551616x", 10, ERANGE_), /* overflow is reported before junk */
	BAD("", 10, EINVAL_),
	BAD("\n", 10, EINVAL_),
	BAD("+", 10, EINVAL_),
	BAD("123\n\n", 10, EINVAL_), /* only one newline */
	BAD("123\r\n", 10, EINVAL_),
	BAD(" 123", 10, EINVAL_), /* no white space either side */
	BAD("123 ", 10, EINVAL_),
	BAD("\n123", 10, EINVAL_),
	BAD("-123", 10, EINVAL_),
	BAD("-0", 10, EINVAL_),
	BAD("++1", 10, EINVAL_),
	BAD("12a", 10, EINVAL_),
	BAD("a", 10, EINVAL_),
	BAD("0x10", 10, EINVAL_),
	BAD("1.5", 10, EINVAL_),
	/* base 0: the prefix decides */
	OK("0", 0, 0),
	OK("00", 0, 0),
	OK("10", 0, 10),
	OK("0x1f", 0, 31),
	OK("0X1F", 0, 31),
	OK("0xFFFFFFFFFFFFFFFF", 0, ULLONG_MAX),
	OK("017", 0, 15),
	OK("+0x10\n", 0, 16),
	BAD("0x", 0, EINVAL_),
	BAD("0xg", 0, EINVAL_),
	BAD("018", 0, EINVAL_),
	BAD("0b101", 0, EINVAL_),
	BAD("0x10000000000000000", 0, ERANGE_),
	/* base 16 */
	OK("1f", 16, 31),
	OK("1F", 16, 31),
	OK("0x1f", 16, 31),
	OK("ff\n", 16, 255),
	OK("FFFFFFFFFFFFFFFF", 16, ULLONG_MAX),
	OK("0", 16, 0),
	BAD("10000000000000000", 16, ERANGE_),
	BAD("0x", 16, EINVAL_),
	BAD("0x0x1", 16, EINVAL_),
	BAD("g", 16, EINVAL_),
	/* base 8 and 2 */
	OK("777", 8, 511),
	OK("1777777777777777777777", 8, ULLONG_MAX),
	BAD("2000000000000000000000", 8, ERANGE_),
	BAD("8", 8, EINVAL_),
	BAD("0x10", 8, EINVAL_),
	OK("101", 2, 5),
	OK("1111111111111111111111111111111111111111111111111111111111111111", 2, ULLONG_MAX),
	BAD("10000000000000000000000000000000000000000000000000000000000000000", 2, ERANGE_),
	BAD("102", 2, EINVAL_),
	/* unsupported bases */
	BAD("1", 1, EINVAL_),
	BAD("1", 17, EINVAL_),
	BAD("1", 36, EINVAL_),
};

static const struct signed_case ll_cases[] = {
	OK("0", 10, 0),
	OK("-0", 10, 0),
	OK("-1", 10, -1),
	OK("+5", 10, 5),
	OK("-10\n", 10, -10),
	OK("9223372036854775807", 10, LLONG_MAX),
	OK("-9223372036854775808", 10, LLONG_MIN),
	BAD("9223372036854775808", 10, ERANGE_),
	BAD("-9223372036854775809", 10, ERANGE_),
	BAD("18446744073709551615", 10, ERANGE_),
	BAD("-18446744073709551615", 10, ERANGE_),
	BAD("-18446744073709551616", 10, ERANGE_),
	BAD("-", 10, EINVAL_),
	BAD("-\n", 10, EINVAL_),
	BAD("-+5", 10, EINVAL_),
	BAD("+-5", 10, EINVAL_),
	BAD("--5", 10, EINVAL_),
	BAD(" -5", 10, EINVAL_),
	BAD("- 5", 10, EINVAL_),
	BAD("", 10, EINVAL_),
	OK("-0x10", 0, -16),
	OK("-010", 0, -8),
	OK("7fffffffffffffff", 16, LLONG_MAX),
	OK("-8000000000000000", 16, LLONG_MIN),
	BAD("8000000000000000", 16, ERANGE_),
	BAD("-8000000000000001", 16, ERANGE_),
	BAD("-0x", 0, EINVAL_),
};

static const struct unsigned_case uint_cases[] = {
	OK("0", 10, 0),
	OK("4294967295", 10, UINT_MAX),
	OK("0xffffffff", 0, UINT_MAX),
	OK("4294967295\n", 10, UINT_MAX),
	BAD("4294967296", 10, ERANGE_),
	BAD("0x100000000", 0, ERANGE_),
	BAD("18446744073709551616", 10, ERANGE_),
	BAD("-1", 10, EINVAL_),
	BAD("4294967295x", 10, EINVAL_),
};

static const struct signed_case int_cases[] = {
	OK("2147483647", 10, INT_MAX),
	OK("-2147483648", 10, INT_MIN),
	OK("-0x80000000", 0, INT_MIN),
	OK("-1\n", 10, -1),
	BAD("2147483648", 10, ERANGE_),
	BAD("-2147483649", 10, ERANGE_),
	BAD("80000000", 16, ERANGE_),
	BAD("4294967295", 10, ERANGE_),
	BAD("9223372036854775808", 10, ERANGE_),
	BAD("x", 10, EINVAL_),
};

/* Check one call's outcome: error code, value on success, *res untouched on failure. */
static void check_result(int line, const char *s, unsigned int base, int want_err, int err,
			 unsigned long long want, unsigned long long got)
{
	if (err != want_err)
		ht_fail("line %d: \"%s\" base %u: returned %d, expected %d", line, s, base, err,
			want_err);
	else if (err == 0 && got != want)
		ht_fail("line %d: \"%s\" base %u: gave %llu, expected %llu", line, s, base, got,
			want);
	else if (err != 0 && got != UNTOUCHED)
		ht_fail("line %d: \"%s\" base %u: failed but wrote %llu", line, s, base, got);
}

HT_CASE(kstrtoull_accepts_numbers_and_rejects_junk)
{
	for (size_t i = 0; i < ARRAY_SIZE(ull_cases); i++) {
		const struct unsigned_case *c = &ull_cases[i];
		unsigned long long res = UNTOUCHED;
		int err = kstrtoull(c->s, c->base, &res);

		check_result(c->line, c->s, c->base, c->err, err, c->val, res);
	}
}

HT_CASE(kstrtoll_handles_sign_and_range)
{
	for (size_t i = 0; i < ARRAY_SIZE(ll_cases); i++) {
		const struct signed_case *c = &ll_cases[i];
		long long res = (long long)UNTOUCHED;
		int err = kstrtoll(c->s, c->base, &res);

		check_result(c->line, c->s, c->base, c->err, err, c->val, res);
	}
}

HT_CASE(kstrtouint_rejects_values_above_uint_max)
{
	for (size_t i = 0; i < ARRAY_SIZE(uint_cases); i++) {
		const struct unsigned_case *c = &uint_cases[i];
		unsigned int res = (unsigned int)UNTOUCHED;
		int err = kstrtouint(c->s, c->base, &res);

		/* Widen the 32-bit sentinel back so check_result() recognises it. */
		check_result(c->line, c->s, c->base, c->err, err, c->val,
			     res == (unsigned int)UNTOUCHED ? UNTOUCHED : res);
	}
}

HT_CASE(kstrtoint_rejects_values_outside_int)
{
	for (size_t i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct signed_case *c = &int_cases[i];
		int res = (int)UNTOUCHED;
		int err = kstrtoint(c->s, c->base, &res);
		unsigned long long got = (unsigned long long)(long long)res;

		check_result(c->line, c->s, c->base, c->err, err, c->val,
			     res == (int)UNTOUCHED ? UNTOUCHED : got);
	}
}

HT_CASE(kstrtoul_and_kstrtol_match_the_long_long_versions)
{
	unsigned long ul = 0;
	long l = 0;

	HT_EXPECT_EQ(kstrtoul("18446744073709551615", 10, &ul), 0);
	HT_EXPECT(ul == ULONG_MAX);
	HT_EXPECT_EQ(kstrtoul("18446744073709551616", 10, &ul), ERANGE_);
	HT_EXPECT(ul == ULONG_MAX);
	HT_EXPECT_EQ(kstrtol("-9223372036854775808", 10, &l), 0);
	HT_EXPECT(l == LONG_MIN);
	HT_EXPECT_EQ(kstrtol("junk", 10, &l), EINVAL_);
	HT_EXPECT(l == LONG_MIN);
}

HT_CASE(error_values_match_linux_errno)
{
	HT_EXPECT_EQ(LIB_EINVAL, 22);
	HT_EXPECT_EQ(LIB_ERANGE, 34);
}

HT_MAIN("lib_kstrtox", kstrtoull_accepts_numbers_and_rejects_junk, kstrtoll_handles_sign_and_range,
	kstrtouint_rejects_values_above_uint_max, kstrtoint_rejects_values_outside_int,
	kstrtoul_and_kstrtol_match_the_long_long_versions, error_values_match_linux_errno)
