/* SPDX-License-Identifier: MIT */
/*
 * lib/ as the kernel builds it. The exhaustive tests of lib/ run on the host under ASan and
 * UBSan (tests/host/); these check the same code compiled with the kernel's flags
 * (-mcmodel=kernel, no red zone, no SSE, freestanding), edge cases first.
 */
#include "kernel/ktest/ktest.h"

#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/string.h"

static void memmove_handles_overlap_both_ways(struct ktest *t)
{
	char buf[16] = "abcdefgh";

	memmove(buf + 2, buf, 6); /* forward overlap: must copy from the end */
	KT_EXPECT_STREQ(t, buf, "ababcdef");
	memmove(buf, buf + 2, 6); /* backward overlap */
	KT_EXPECT_EQ(t, memcmp(buf, "abcdef", 6), 0);
}

static void memcmp_and_strcmp_compare_unsigned(struct ktest *t)
{
	KT_EXPECT_LT(t, memcmp("\x01", "\xff", 1), 0);
	KT_EXPECT_GT(t, strcmp("\xff", "\x01"), 0);
	KT_EXPECT_EQ(t, strncmp("abcx", "abcy", 3), 0);
	KT_EXPECT_EQ(t, memcmp("a", "b", 0), 0);
}

static void strscpy_truncates_and_reports(struct ktest *t)
{
	char buf[4];

	KT_EXPECT_EQ(t, strscpy(buf, "abc", sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "abc");
	KT_EXPECT_EQ(t, strscpy(buf, "abcdef", sizeof(buf)), -LIB_E2BIG);
	KT_EXPECT_STREQ(t, buf, "abc");
}

static void vsnprintf_formats_integers(struct ktest *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%u|%x|%lx|%5d|%-5d|%05d", -42, 42u, 0xbeefu,
		 0xffffffff80000000UL, 7, 7, -7);
	KT_EXPECT_STREQ(t, buf, "-42|42|beef|ffffffff80000000|    7|7    |-0007");
	snprintf(buf, sizeof(buf), "%lld %llu", -9223372036854775807LL - 1,
		 18446744073709551615ULL);
	KT_EXPECT_STREQ(t, buf, "-9223372036854775808 18446744073709551615");
}

static void vsnprintf_formats_strings_and_pointers(struct ktest *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "[%s|%.2s|%6s|%c|%zu|%%]", "abc", "abc", "ab", 'z', (size_t)9);
	KT_EXPECT_STREQ(t, buf, "[abc|ab|    ab|z|9|%]");
	snprintf(buf, sizeof(buf), "%p", (void *)0xffffffff81000000UL);
	KT_EXPECT_STREQ(t, buf, "0xffffffff81000000");
}

static void vsnprintf_truncates_and_counts(struct ktest *t)
{
	char buf[8];

	KT_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	KT_EXPECT_STREQ(t, buf, "0123456");
	KT_EXPECT_EQ(t, snprintf(buf, 0, "%d", 12345), 5);
	KT_EXPECT_EQ(t, scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
}

static void kstrtoull_parses_and_rejects(struct ktest *t)
{
	unsigned long long v = 0;

	KT_EXPECT_EQ(t, kstrtoull("0x1f", 0, &v), 0);
	KT_EXPECT_EQ(t, v, 31);
	KT_EXPECT_EQ(t, kstrtoull("017", 0, &v), 0);
	KT_EXPECT_EQ(t, v, 15);
	KT_EXPECT_EQ(t, kstrtoull("12abc", 10, &v), -LIB_EINVAL);
	KT_EXPECT_EQ(t, kstrtoull("18446744073709551616", 10, &v), -LIB_ERANGE);
}

static const struct ktest_case lib_cases[] = { KTEST_CASE(memmove_handles_overlap_both_ways),
					       KTEST_CASE(memcmp_and_strcmp_compare_unsigned),
					       KTEST_CASE(strscpy_truncates_and_reports),
					       KTEST_CASE(vsnprintf_formats_integers),
					       KTEST_CASE(vsnprintf_formats_strings_and_pointers),
					       KTEST_CASE(vsnprintf_truncates_and_counts),
					       KTEST_CASE(kstrtoull_parses_and_rejects),
					       {} };
KTEST_SUITE(lib, lib_cases);
