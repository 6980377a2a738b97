/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/string.c and lib/ctype.h.
 *
 * lib/string.h renames memcpy() and friends to lib_memcpy()... under LIB_HOST_TEST, so the calls
 * below run lib's code. glibc's versions, where a test compares against them, are taken as
 * libc_* pointers before that header is included.
 */
/*
 * lib/compiler.h before any glibc header: glibc's <sys/cdefs.h> replaces an earlier
 * __always_inline quietly, but compiler.h redefining glibc's is an error.
 */
#include "lib/compiler.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/hosttest.h"

static void *(*const libc_memchr)(const void *, int, size_t) = memchr;
static int (*const libc_memcmp)(const void *, const void *, size_t) = memcmp;
static int (*const libc_strcmp)(const char *, const char *) = strcmp;
static int (*const libc_strncmp)(const char *, const char *, size_t) = strncmp;
static size_t (*const libc_strlen)(const char *) = strlen;
static char *(*const libc_strstr)(const char *, const char *) = strstr;
static char *(*const libc_strchr)(const char *, int) = strchr;
static char *(*const libc_strrchr)(const char *, int) = strrchr;

/* glibc's classifiers, as functions (glibc also defines them as macros, bypassed by no parens). */
static int (*const libc_ctype[])(int) = {
	isdigit, isxdigit, isspace, isalpha, isalnum, isupper, islower, isprint, tolower, toupper,
};

#include "lib/ctype.h"
#include "lib/string.h"

/* The same classifiers from lib/ctype.h, in the same order as libc_ctype[]. */
static int (*const lib_ctype[])(int) = {
	isdigit, isxdigit, isspace, isalpha, isalnum, isupper, islower, isprint, tolower, toupper,
};

static const char *const ctype_names[] = {
	"isdigit", "isxdigit", "isspace", "isalpha", "isalnum",
	"isupper", "islower",  "isprint", "tolower", "toupper",
};

#define BUF   96
#define GUARD 0xa5

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* A recognisable pattern: no two nearby bytes are equal, and none is GUARD. */
static void fill_pattern(unsigned char *p, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)(seed + i * 7 + 1);
		if (p[i] == GUARD)
			p[i] = 0x11;
	}
}

/*
 * Every length 0..40 at every pair of alignments 0..15: exactly n bytes copied, none touched
 * outside them, and the return value is dst.
 */
HT_CASE(memcpy_copies_exactly_n_bytes_at_any_alignment)
{
	unsigned char src[BUF], dst[BUF];

	fill_pattern(src, sizeof(src), 3);
	for (size_t s_off = 0; s_off < 16; s_off++) {
		for (size_t d_off = 0; d_off < 16; d_off++) {
			for (size_t n = 0; n <= 40; n++) {
				bool ok = true;

				for (size_t i = 0; i < sizeof(dst); i++)
					dst[i] = GUARD;
				ok &= memcpy(dst + d_off, src + s_off, n) == dst + d_off;
				for (size_t i = 0; i < sizeof(dst); i++) {
					bool inside = i >= d_off && i < d_off + n;
					unsigned char want =
					    inside ? src[s_off + i - d_off] : GUARD;

					ok &= dst[i] == want;
				}
				if (!ok)
					ht_fail("memcpy src+%zu -> dst+%zu, n=%zu went wrong",
						s_off, d_off, n);
			}
		}
	}
}

/* Reference result of memmove(buf + d_off, buf + s_off, n), made with a separate buffer. */
static void reference_move(unsigned char *buf, size_t d_off, size_t s_off, size_t n)
{
	unsigned char tmp[BUF];

	for (size_t i = 0; i < n; i++)
		tmp[i] = buf[s_off + i];
	for (size_t i = 0; i < n; i++)
		buf[d_off + i] = tmp[i];
}

/* Overlap in both directions (dst below src and dst inside src), every alignment and length. */
HT_CASE(memmove_handles_overlap_in_both_directions)
{
	unsigned char buf[BUF], want[BUF];
	int failures = 0;

	for (size_t s_off = 0; s_off < 24; s_off++) {
		for (size_t d_off = 0; d_off < 24; d_off++) {
			for (size_t n = 0; n + (s_off > d_off ? s_off : d_off) <= 72; n++) {
				fill_pattern(buf, sizeof(buf), 5);
				fill_pattern(want, sizeof(want), 5);
				reference_move(want, d_off, s_off, n);
				if (memmove(buf + d_off, buf + s_off, n) != buf + d_off ||
				    libc_memcmp(buf, want, sizeof(buf)) != 0) {
					if (failures++ < 5)
						ht_fail("memmove buf+%zu -> buf+%zu, n=%zu wrong",
							s_off, d_off, n);
				}
			}
		}
	}
	HT_EXPECT_EQ(failures, 0);
}

HT_CASE(memmove_between_separate_buffers_copies)
{
	unsigned char a[40], b[40];

	fill_pattern(a, sizeof(a), 9);
	memset(b, 0, sizeof(b));
	HT_EXPECT(memmove(b, a, sizeof(a)) == b);
	HT_EXPECT_EQ(libc_memcmp(a, b, sizeof(a)), 0);
	HT_EXPECT(memmove(b, a, 0) == b);
}

HT_CASE(memset_fills_exactly_n_bytes_at_any_alignment)
{
	unsigned char buf[BUF];

	for (size_t off = 0; off < 16; off++) {
		for (size_t n = 0; n <= 64; n++) {
			bool ok = true;

			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = GUARD;
			ok &= memset(buf + off, 0x3c, n) == buf + off;
			for (size_t i = 0; i < sizeof(buf); i++)
				ok &= buf[i] == (i >= off && i < off + n ? 0x3c : GUARD);
			if (!ok)
				ht_fail("memset buf+%zu, n=%zu went wrong", off, n);
		}
	}
}

HT_CASE(memset_uses_only_the_low_byte_of_c)
{
	unsigned char buf[24];

	memset(buf, 0x1ff, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		HT_EXPECT_EQ(buf[i], 0xff);
	memset(buf, -2, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		HT_EXPECT_EQ(buf[i], 0xfe);
	memset(buf, 0, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		HT_EXPECT_EQ(buf[i], 0);
}

HT_CASE(memcmp_compares_bytes_as_unsigned)
{
	static const struct {
		const char *a, *b;
		size_t n;
	} cases[] = {
		{ "abc", "abc", 3 },
		{ "abc", "abd", 3 },
		{ "abd", "abc", 3 },
		{ "abc", "abd", 2 },
		{ "\x80", "a", 1 },
		{ "a", "\x80", 1 },
		{ "\xff", "\x01", 1 },
		{ "x\0a", "x\0b", 3 },
		{ "anything", "different", 0 },
		{ "\x7f\x80", "\x7f\x7f", 2 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int got = memcmp(cases[i].a, cases[i].b, cases[i].n);
		int want = libc_memcmp(cases[i].a, cases[i].b, cases[i].n);

		if (sign(got) != sign(want))
			ht_fail("case %zu: memcmp gave %d, glibc %d", i, got, want);
	}
	HT_EXPECT(memcmp("\x80", "a", 1) > 0);
	HT_EXPECT(memcmp("abc", "abd", 3) < 0);
	HT_EXPECT_EQ(memcmp("abc", "abd", 2), 0);
}

HT_CASE(memchr_finds_first_match_within_n)
{
	static const char s[] = "hello\0w\x80rld";

	HT_EXPECT(memchr(s, 'l', sizeof(s)) == s + 2);
	HT_EXPECT(memchr(s, 'h', sizeof(s)) == s);
	HT_EXPECT(memchr(s, '\0', sizeof(s)) == s + 5);
	HT_EXPECT(memchr(s, 'w', sizeof(s)) == s + 6); /* past the first NUL */
	HT_EXPECT(memchr(s, 'w', 6) == NULL);	       /* but not within n */
	HT_EXPECT(memchr(s, 'z', sizeof(s)) == NULL);
	HT_EXPECT(memchr(s, 'h', 0) == NULL);
	HT_EXPECT(memchr(s, 0x80, sizeof(s)) == s + 7);
	HT_EXPECT(memchr(s, 0x180, sizeof(s)) == s + 7); /* c is converted to unsigned char */
	HT_EXPECT(memchr(s, -128, sizeof(s)) == s + 7);
	HT_EXPECT(memchr(s, 0x80, sizeof(s)) == libc_memchr(s, 0x80, sizeof(s)));
}

HT_CASE(strlen_counts_bytes_before_nul)
{
	static const char *const strs[] = { "", "a", "hello", "\x80\xff", "tab\there", "x\0y" };

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		HT_EXPECT_EQ(strlen(strs[i]), libc_strlen(strs[i]));
	HT_EXPECT_EQ(strlen(""), 0);
	HT_EXPECT_EQ(strlen("hello"), 5);
	HT_EXPECT_EQ(strlen("x\0y"), 1);
}

/* strnlen() must not read past max: ASan catches it on a heap buffer with no NUL. */
HT_CASE(strnlen_stops_at_max_without_reading_further)
{
	char *p = malloc(4);

	memcpy(p, "abcd", 4);
	HT_EXPECT_EQ(strnlen(p, 4), 4);
	HT_EXPECT_EQ(strnlen(p, 2), 2);
	HT_EXPECT_EQ(strnlen(p, 0), 0);
	free(p);
	HT_EXPECT_EQ(strnlen("ab", 10), 2);
	HT_EXPECT_EQ(strnlen("ab", 3), 2);
	HT_EXPECT_EQ(strnlen("", 5), 0);
}

HT_CASE(strcmp_orders_like_glibc_with_high_bytes)
{
	static const char *const strs[] = {
		"", "a", "ab", "abc", "abd", "b", "\x80", "\xff", "a\x80", "a\x7f", "A", "Z",
	};

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(strs); j++) {
			int got = strcmp(strs[i], strs[j]), want = libc_strcmp(strs[i], strs[j]);

			if (sign(got) != sign(want))
				ht_fail("strcmp(#%zu, #%zu) gave %d, glibc %d", i, j, got, want);
		}
	}
	HT_EXPECT(strcmp("\x80", "a") > 0);
	HT_EXPECT(strcmp("ab", "abc") < 0);
	HT_EXPECT(strcmp("abc", "ab") > 0);
	HT_EXPECT_EQ(strcmp("same", "same"), 0);
}

HT_CASE(strncmp_looks_at_no_more_than_n_bytes)
{
	static const char *const strs[] = { "", "a", "ab", "abc", "abd", "\x80", "a\x80", "a\x7f" };

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(strs); j++) {
			for (size_t n = 0; n < 5; n++) {
				int got = strncmp(strs[i], strs[j], n);
				int want = libc_strncmp(strs[i], strs[j], n);

				if (sign(got) != sign(want))
					ht_fail("strncmp(#%zu, #%zu, %zu) gave %d, glibc %d", i, j,
						n, got, want);
			}
		}
	}
	HT_EXPECT_EQ(strncmp("abc", "abd", 2), 0);
	HT_EXPECT(strncmp("abc", "abd", 3) < 0);
	HT_EXPECT_EQ(strncmp("abc", "xyz", 0), 0);
	HT_EXPECT_EQ(strncmp("ab\0x", "ab\0y", 4), 0); /* stops at the NUL */
}

HT_CASE(strchr_and_strrchr_find_first_and_last)
{
	static const char s[] = "a/b/c\xe9/";

	HT_EXPECT(strchr(s, '/') == s + 1);
	HT_EXPECT(strrchr(s, '/') == s + 6);
	HT_EXPECT(strchr(s, 'a') == s);
	HT_EXPECT(strrchr(s, 'a') == s);
	HT_EXPECT(strchr(s, 'z') == NULL);
	HT_EXPECT(strrchr(s, 'z') == NULL);
	HT_EXPECT(strchr(s, '\0') == s + 7);
	HT_EXPECT(strrchr(s, '\0') == s + 7);
	HT_EXPECT(strchr(s, 0xe9) == s + 5); /* c converts to char, whatever its sign */
	HT_EXPECT(strchr(s, (char)0xe9) == s + 5);
	HT_EXPECT(strrchr(s, 0xe9) == s + 5);
	HT_EXPECT(strchr("", 'a') == NULL);
	for (int c = 0; c < 256; c++) {
		if (strchr(s, c) != libc_strchr(s, c) || strrchr(s, c) != libc_strrchr(s, c))
			ht_fail("strchr/strrchr of 0x%x disagree with glibc", c);
	}
}

HT_CASE(strstr_finds_first_occurrence)
{
	static const char *const pairs[][2] = {
		{ "hello world", "world" },
		{ "hello world", "o" },
		{ "aaab", "aab" },
		{ "aaab", "b" },
		{ "abc", "abcd" },
		{ "abc", "" },
		{ "", "" },
		{ "", "a" },
		{ "abcabc", "cab" },
		{ "abc", "x" },
		{ "ab\x80", "\x80" },
		{ "mississippi", "issip" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		const char *got = strstr(pairs[i][0], pairs[i][1]);
		const char *want = libc_strstr(pairs[i][0], pairs[i][1]);

		if (got != want)
			ht_fail("strstr case %zu gave offset %td, glibc %td", i,
				got ? got - pairs[i][0] : -1, want ? want - pairs[i][0] : -1);
	}
}

HT_CASE(strscpy_copies_whole_strings_that_fit)
{
	char dst[8];

	memset(dst, GUARD, sizeof(dst));
	HT_EXPECT_EQ(strscpy(dst, "abc", sizeof(dst)), 3);
	HT_EXPECT_STREQ(dst, "abc");
	HT_EXPECT_EQ((unsigned char)dst[4], GUARD); /* no padding: nothing written after the NUL */
	HT_EXPECT_EQ(strscpy(dst, "", sizeof(dst)), 0);
	HT_EXPECT_STREQ(dst, "");
	/* Exactly size - 1 characters still fit. */
	HT_EXPECT_EQ(strscpy(dst, "1234567", sizeof(dst)), 7);
	HT_EXPECT_STREQ(dst, "1234567");
}

HT_CASE(strscpy_truncates_and_returns_e2big)
{
	char buf[12];

	memset(buf, GUARD, sizeof(buf));
	/* One too long: truncated to size - 1 and terminated, nothing past dst[size - 1]. */
	HT_EXPECT_EQ(strscpy(buf, "12345678", 8), -LIB_E2BIG);
	HT_EXPECT_STREQ(buf, "1234567");
	HT_EXPECT_EQ((unsigned char)buf[8], GUARD);
	HT_EXPECT_EQ(strscpy(buf, "a much longer string", 5), -LIB_E2BIG);
	HT_EXPECT_STREQ(buf, "a mu");
	/* size 1 holds only the NUL. */
	HT_EXPECT_EQ(strscpy(buf, "x", 1), -LIB_E2BIG);
	HT_EXPECT_STREQ(buf, "");
	HT_EXPECT_EQ(strscpy(buf, "", 1), 0);
	/* size 0 writes nothing at all. */
	memset(buf, GUARD, sizeof(buf));
	HT_EXPECT_EQ(strscpy(buf, "", 0), -LIB_E2BIG);
	HT_EXPECT_EQ((unsigned char)buf[0], GUARD);
	HT_EXPECT_EQ(LIB_E2BIG, 7);
}

/* strscpy() reads src only up to its NUL or the size limit: ASan checks on a heap src. */
HT_CASE(strscpy_does_not_overread_source)
{
	char *src = malloc(3);
	char dst[16];

	memcpy(src, "ab", 3);
	HT_EXPECT_EQ(strscpy(dst, src, sizeof(dst)), 2);
	HT_EXPECT_STREQ(dst, "ab");
	memcpy(src, "xyz", 3); /* no NUL within the allocation */
	HT_EXPECT_EQ(strscpy(dst, src, 3), -LIB_E2BIG);
	HT_EXPECT_STREQ(dst, "xy");
	free(src);
}

HT_CASE(strsep_splits_a_command_line)
{
	char line[] = "ktest=lib  test.panic\tquiet";
	char *p = line;

	HT_EXPECT_STREQ(strsep(&p, " \t"), "ktest=lib");
	HT_EXPECT_STREQ(strsep(&p, " \t"), ""); /* the second of two spaces */
	HT_EXPECT_STREQ(strsep(&p, " \t"), "test.panic");
	HT_EXPECT(p == line + 22);
	HT_EXPECT_STREQ(strsep(&p, " \t"), "quiet");
	HT_EXPECT(p == NULL);
	HT_EXPECT(strsep(&p, " \t") == NULL);
	HT_EXPECT(p == NULL);
}

HT_CASE(strsep_edge_cases)
{
	char empty[] = "";
	char trailing[] = "a,";
	char nodelim[] = "abc";
	char *p;

	p = empty;
	HT_EXPECT(strsep(&p, ",") == empty);
	HT_EXPECT(p == NULL);
	p = trailing;
	HT_EXPECT_STREQ(strsep(&p, ","), "a");
	HT_EXPECT(p == trailing + 2);
	HT_EXPECT_STREQ(strsep(&p, ","), "");
	HT_EXPECT(p == NULL);
	p = nodelim;
	HT_EXPECT(strsep(&p, "") == nodelim); /* no delimiters: the whole string */
	HT_EXPECT(p == NULL);
}

HT_CASE(skip_spaces_skips_all_white_space)
{
	static const char s[] = " \t\n\v\f\rword ";

	HT_EXPECT(skip_spaces(s) == s + 6);
	HT_EXPECT(skip_spaces("x") != NULL && *skip_spaces("x") == 'x');
	HT_EXPECT_EQ(*skip_spaces("   "), '\0');
	HT_EXPECT_EQ(*skip_spaces(""), '\0');
	HT_EXPECT_EQ(*skip_spaces("\xa0x"), (char)0xa0); /* not ASCII space */
}

/* Every byte and EOF, against glibc in the "C" locale (the host test never calls setlocale). */
HT_CASE(ctype_matches_c_locale_for_every_byte)
{
	for (size_t f = 0; f < ARRAY_SIZE(lib_ctype); f++) {
		for (int c = -1; c < 256; c++) {
			int got = lib_ctype[f](c), want = libc_ctype[f](c);

			/* Classifiers: any nonzero is true; tolower/toupper: the value itself. */
			if (f < 8 ? !got != !want : got != want)
				ht_fail("%s(%d) gave %d, glibc %d", ctype_names[f], c, got, want);
		}
	}
}

HT_CASE(ctype_is_safe_for_negative_chars)
{
	char high = (char)0xe9; /* negative where char is signed */

	HT_EXPECT(!isalpha(high));
	HT_EXPECT(!isprint(high));
	HT_EXPECT(!isspace(high));
	HT_EXPECT_EQ(tolower(high), high);
	HT_EXPECT_EQ(toupper('q'), 'Q');
	HT_EXPECT_EQ(tolower('Q'), 'q');
	HT_EXPECT_EQ(tolower('['), '[');
	HT_EXPECT(isxdigit('F') && isxdigit('f') && !isxdigit('g'));
}

HT_MAIN("lib_string", memcpy_copies_exactly_n_bytes_at_any_alignment,
	memmove_handles_overlap_in_both_directions, memmove_between_separate_buffers_copies,
	memset_fills_exactly_n_bytes_at_any_alignment, memset_uses_only_the_low_byte_of_c,
	memcmp_compares_bytes_as_unsigned, memchr_finds_first_match_within_n,
	strlen_counts_bytes_before_nul, strnlen_stops_at_max_without_reading_further,
	strcmp_orders_like_glibc_with_high_bytes, strncmp_looks_at_no_more_than_n_bytes,
	strchr_and_strrchr_find_first_and_last, strstr_finds_first_occurrence,
	strscpy_copies_whole_strings_that_fit, strscpy_truncates_and_returns_e2big,
	strscpy_does_not_overread_source, strsep_splits_a_command_line, strsep_edge_cases,
	skip_spaces_skips_all_white_space, ctype_matches_c_locale_for_every_byte,
	ctype_is_safe_for_negative_chars)
