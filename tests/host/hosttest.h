/* SPDX-License-Identifier: MIT */
/*
 * hosttest.h: a tiny KTAP-printing harness for host unit tests (run under ASan and UBSan).
 *
 * A test program defines its cases with HT_CASE() and lists them in HT_MAIN(). Each case runs in
 * order; a failed HT_EXPECT_* prints where and what, and marks the case failed. Output is
 * KTAP version 1, read by tests/ktap.py like the kernel's own ktest output.
 *
 *	HT_CASE(strlen_counts_bytes) { HT_EXPECT_EQ(strlen("abc"), 3); }
 *	HT_MAIN("lib_string", strlen_counts_bytes)
 */
#ifndef TESTS_HOST_HOSTTEST_H
#define TESTS_HOST_HOSTTEST_H

#include <stdio.h>
#include <string.h>

struct ht_case {
	const char *name;
	void (*fn)(void);
};

static int ht_case_failed;

#define HT_CASE(name) static void name(void)

#define ht_fail(fmt, ...)                                                                        \
	do {                                                                                     \
		printf("    # %s:%d: " fmt "\n", __FILE__, __LINE__, __VA_ARGS__);              \
		ht_case_failed = 1;                                                              \
	} while (0)

#define HT_EXPECT(cond)                                                                          \
	do {                                                                                     \
		if (!(cond))                                                                     \
			ht_fail("expected %s", #cond);                                           \
	} while (0)

#define HT_EXPECT_EQ(a, b)                                                                       \
	do {                                                                                     \
		long long ht_a = (long long)(a), ht_b = (long long)(b);                          \
		if (ht_a != ht_b)                                                                \
			ht_fail("expected %s == %s, got %lld and %lld", #a, #b, ht_a, ht_b);     \
	} while (0)

#define HT_EXPECT_STREQ(a, b)                                                                    \
	do {                                                                                     \
		const char *ht_sa = (a), *ht_sb = (b);                                           \
		if (strcmp(ht_sa, ht_sb) != 0)                                                   \
			ht_fail("expected %s == \"%s\", got \"%s\"", #a, ht_sb, ht_sa);          \
	} while (0)

static inline int ht_run(const char *suite, const struct ht_case *cases, int n)
{
	int failed = 0;

	printf("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: %s\n    1..%d\n", suite,
	       n);
	for (int i = 0; i < n; i++) {
		ht_case_failed = 0;
		cases[i].fn();
		printf("    %sok %d %s\n", ht_case_failed ? "not " : "", i + 1, cases[i].name);
		failed += ht_case_failed;
	}
	printf("%sok 1 %s\n", failed ? "not " : "", suite);
	fflush(stdout);
	return failed ? 1 : 0;
}

#define HT_ENTRY(fn) {#fn, fn},
#define HT_MAIN(suite, ...)                                                                      \
	int main(void)                                                                           \
	{                                                                                        \
		static const struct ht_case cases[] = {HT_FOREACH(HT_ENTRY, __VA_ARGS__)};       \
		return ht_run(suite, cases, (int)(sizeof(cases) / sizeof(cases[0])));           \
	}

/* HT_FOREACH(m, a, b, c) expands to m(a) m(b) m(c), for up to 32 arguments. */
#define HT_FE_1(m, x) m(x)
#define HT_FE_2(m, x, ...) m(x) HT_FE_1(m, __VA_ARGS__)
#define HT_FE_3(m, x, ...) m(x) HT_FE_2(m, __VA_ARGS__)
#define HT_FE_4(m, x, ...) m(x) HT_FE_3(m, __VA_ARGS__)
#define HT_FE_5(m, x, ...) m(x) HT_FE_4(m, __VA_ARGS__)
#define HT_FE_6(m, x, ...) m(x) HT_FE_5(m, __VA_ARGS__)
#define HT_FE_7(m, x, ...) m(x) HT_FE_6(m, __VA_ARGS__)
#define HT_FE_8(m, x, ...) m(x) HT_FE_7(m, __VA_ARGS__)
#define HT_FE_9(m, x, ...) m(x) HT_FE_8(m, __VA_ARGS__)
#define HT_FE_10(m, x, ...) m(x) HT_FE_9(m, __VA_ARGS__)
#define HT_FE_11(m, x, ...) m(x) HT_FE_10(m, __VA_ARGS__)
#define HT_FE_12(m, x, ...) m(x) HT_FE_11(m, __VA_ARGS__)
#define HT_FE_13(m, x, ...) m(x) HT_FE_12(m, __VA_ARGS__)
#define HT_FE_14(m, x, ...) m(x) HT_FE_13(m, __VA_ARGS__)
#define HT_FE_15(m, x, ...) m(x) HT_FE_14(m, __VA_ARGS__)
#define HT_FE_16(m, x, ...) m(x) HT_FE_15(m, __VA_ARGS__)
#define HT_FE_17(m, x, ...) m(x) HT_FE_16(m, __VA_ARGS__)
#define HT_FE_18(m, x, ...) m(x) HT_FE_17(m, __VA_ARGS__)
#define HT_FE_19(m, x, ...) m(x) HT_FE_18(m, __VA_ARGS__)
#define HT_FE_20(m, x, ...) m(x) HT_FE_19(m, __VA_ARGS__)
#define HT_FE_21(m, x, ...) m(x) HT_FE_20(m, __VA_ARGS__)
#define HT_FE_22(m, x, ...) m(x) HT_FE_21(m, __VA_ARGS__)
#define HT_FE_23(m, x, ...) m(x) HT_FE_22(m, __VA_ARGS__)
#define HT_FE_24(m, x, ...) m(x) HT_FE_23(m, __VA_ARGS__)
#define HT_FE_25(m, x, ...) m(x) HT_FE_24(m, __VA_ARGS__)
#define HT_FE_26(m, x, ...) m(x) HT_FE_25(m, __VA_ARGS__)
#define HT_FE_27(m, x, ...) m(x) HT_FE_26(m, __VA_ARGS__)
#define HT_FE_28(m, x, ...) m(x) HT_FE_27(m, __VA_ARGS__)
#define HT_FE_29(m, x, ...) m(x) HT_FE_28(m, __VA_ARGS__)
#define HT_FE_30(m, x, ...) m(x) HT_FE_29(m, __VA_ARGS__)
#define HT_FE_31(m, x, ...) m(x) HT_FE_30(m, __VA_ARGS__)
#define HT_FE_32(m, x, ...) m(x) HT_FE_31(m, __VA_ARGS__)
#define HT_FE_PICK(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,   \
		   _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, N,  \
		   ...)                                                                          \
	N
#define HT_FOREACH(m, ...)                                                                       \
	HT_FE_PICK(__VA_ARGS__, HT_FE_32, HT_FE_31, HT_FE_30, HT_FE_29, HT_FE_28, HT_FE_27,      \
		   HT_FE_26, HT_FE_25, HT_FE_24, HT_FE_23, HT_FE_22, HT_FE_21, HT_FE_20, HT_FE_19, \
		   HT_FE_18, HT_FE_17, HT_FE_16, HT_FE_15, HT_FE_14, HT_FE_13, HT_FE_12, HT_FE_11, \
		   HT_FE_10, HT_FE_9, HT_FE_8, HT_FE_7, HT_FE_6, HT_FE_5, HT_FE_4, HT_FE_3,        \
		   HT_FE_2, HT_FE_1)(m, __VA_ARGS__)

#endif
