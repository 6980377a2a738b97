/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/vsnprintf.c.
 *
 * Every expected string is written out by hand, never computed with glibc's printf at run time,
 * so a bug the two share cannot pass unnoticed. lib/printf.h renames vsnprintf() and friends to
 * lib_vsnprintf()... under LIB_HOST_TEST, so the calls below run lib's code; the test's own
 * string handling (strlen, memcmp) is glibc's.
 */
/*
 * lib/compiler.h before any glibc header: glibc's <sys/cdefs.h> replaces an earlier
 * __always_inline quietly, but compiler.h redefining glibc's is an error.
 */
#include "lib/compiler.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/hosttest.h"

#include "lib/printf.h"

#define GUARD 0xa5

/* s with bytes outside printable ASCII shown as \xNN, so failure messages stay plain text. */
static const char *printable(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/*
 * Check that fmt formats as want, with every buffer size from 0 to one more than needed: each
 * call must return the full length, store exactly the prefix that fits plus a NUL, and write
 * nothing past the buffer (each buffer is a heap block of exactly that size, so ASan sees it).
 */
static void check_format(int line, const char *want, const char *fmt, ...) __printf(3, 4);
static void check_format(int line, const char *want, const char *fmt, ...)
{
	size_t want_len = strlen(want);
	char full[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(full, sizeof(full), fmt, ap);
	va_end(ap);
	if (ret != (int)want_len || strcmp(full, want) != 0) {
		char f[256], got[2048], w[256];

		ht_fail("line %d: \"%s\" gave \"%s\" (returned %d), expected \"%s\" (%zu)", line,
			printable(fmt, f, sizeof(f)), printable(full, got, sizeof(got)), ret,
			printable(want, w, sizeof(w)), want_len);
		return;
	}

	for (size_t size = 0; size <= want_len + 1; size++) {
		char *buf = size ? malloc(size) : NULL; /* size 0: buf may be NULL */
		size_t stored = size ? (size - 1 < want_len ? size - 1 : want_len) : 0;

		if (buf)
			memset(buf, GUARD, size);
		va_start(ap, fmt);
		ret = vsnprintf(buf, size, fmt, ap);
		va_end(ap);
		if (ret != (int)want_len)
			ht_fail("line %d: size %zu returned %d, expected %zu", line, size, ret,
				want_len);
		else if (size && (memcmp(buf, want, stored) != 0 || buf[stored] != '\0'))
			ht_fail("line %d: size %zu stored the wrong prefix", line, size);
		free(buf);
	}
}

#define CHECK(want, ...) check_format(__LINE__, want, __VA_ARGS__)

HT_CASE(formats_decimal_integers)
{
	CHECK("plain text", "plain text");
	CHECK("0", "%d", 0);
	CHECK("42", "%d", 42);
	CHECK("-42", "%d", -42);
	CHECK("2147483647", "%i", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-2147483648", "%i", INT_MIN);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("4294967295", "%u", -1);
	CHECK("0", "%u", 0);
	CHECK("x=7,y=-3", "x=%d,y=%i", 7, -3);
	CHECK("1 2 3 4 5 6 7 8", "%d %d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7, 8);
}

HT_CASE(formats_hex_and_octal)
{
	CHECK("ff", "%x", 255);
	CHECK("FF", "%X", 255);
	CHECK("deadbeef", "%x", 0xdeadbeef);
	CHECK("DEADBEEF", "%X", 0xdeadbeef);
	CHECK("0", "%x", 0);
	CHECK("7fffffff", "%x", INT_MAX);
	CHECK("80000000", "%x", (unsigned int)INT_MIN);
	CHECK("0xff", "%#x", 255);
	CHECK("0XFF", "%#X", 255);
	CHECK("0", "%#x", 0);
	CHECK("17", "%o", 15);
	CHECK("017", "%#o", 15);
	CHECK("0", "%o", 0);
	CHECK("0", "%#o", 0);
	CHECK("37777777777", "%o", UINT_MAX);
}

HT_CASE(applies_length_modifiers)
{
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("9223372036854775807", "%lld", LLONG_MAX);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK("FFFFFFFFFFFFFFFF", "%lX", ULONG_MAX);
	CHECK("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK("123456789abc", "%lx", 0x123456789abcUL);
	CHECK("123", "%zu", (size_t)123);
	CHECK("18446744073709551615", "%zu", SIZE_MAX);
	CHECK("-5", "%zd", (ssize_t)-5);
	CHECK("1f", "%zx", (size_t)31);
	CHECK("-7", "%td", (ptrdiff_t)-7);
	CHECK("-1", "%hhd", 255);
	CHECK("-128", "%hhd", -128);
	CHECK("255", "%hhu", -1);
	CHECK("ff", "%hhx", 0x1ff);
	CHECK("-1", "%hd", 65535);
	CHECK("-32768", "%hd", -32768);
	CHECK("65535", "%hu", -1);
	CHECK("1234", "%hx", 0x11234);
	/* A long argument after an int one: each is read at its own size. */
	CHECK("1 4294967296 2", "%d %lu %d", 1, 4294967296UL, 2);
}

HT_CASE(applies_flags_and_width)
{
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("+42", "%+d", 42);
	CHECK("-42", "%+d", -42);
	CHECK("+0", "%+d", 0);
	CHECK(" 42", "% d", 42);
	CHECK("-42", "% d", -42);
	CHECK("  +42", "%+5d", 42);
	CHECK("+0042", "%+05d", 42);
	CHECK("0001234567", "%010u", 1234567);
	CHECK("0x00ff", "%#06x", 255);
	CHECK("  0xff", "%#6x", 255);
	CHECK("0xff  |", "%-#6x|", 255);
	CHECK("0000000000", "%010x", 0);
	CHECK("42", "%1d", 42); /* width narrower than the number: no truncation */
	CHECK("-2147483648", "%5d", INT_MIN);
	CHECK("  -2147483648", "%13d", INT_MIN);
	CHECK("-09223372036854775808", "%021lld", LLONG_MIN);
}

HT_CASE(applies_precision_to_numbers)
{
	CHECK("   042", "%6.3d", 42);
	CHECK("  -042", "%6.3d", -42);
	CHECK("", "%.0d", 0);
	CHECK("     ", "%5.0d", 0);
	CHECK("00000", "%.5u", 0);
	CHECK("0x0ff", "%#.3x", 255);
	CHECK("0000000001", "%.10d", 1);
	CHECK("-0000000001", "%.10d", -1);
	CHECK("+007", "%+.3d", 7);
	CHECK("7", "%.d", 7); /* "." alone is precision 0 */
	CHECK("0017", "%#.4o", 15);
	CHECK("0", "%#.0o", 0);
}

HT_CASE(takes_width_and_precision_from_star)
{
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42); /* negative width: left-justified */
	CHECK("00042", "%.*d", 5, 42);
	CHECK("42", "%.*d", -1, 42); /* negative precision: as if none */
	CHECK("  hel", "%*.*s", 5, 3, "hello");
	CHECK("hello", "%.*s", -3, "hello");
	CHECK("ab", "%.*s", 2, "abcdef");
	CHECK("[    x] 9", "[%*c] %d", 5, 'x', 9);
	CHECK("   -0042", "%*.*d", 8, 4, -42);
}

HT_CASE(formats_strings_and_chars)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };

	CHECK("hello", "%s", "hello");
	CHECK("", "%s", "");
	CHECK("[   hi]", "[%5s]", "hi");
	CHECK("[hi   ]", "[%-5s]", "hi");
	CHECK("hel", "%.3s", "hello");
	CHECK("[  hel]", "[%5.3s]", "hello");
	CHECK("", "%.0s", "hello");
	CHECK("hello", "%2s", "hello");
	/* With a precision the string need not be terminated; ASan checks nothing more is read. */
	CHECK("abc", "%.3s", unterminated);
	CHECK("a", "%c", 'a');
	CHECK("  a", "%3c", 'a');
	CHECK("a  |", "%-3c|", 'a');
	CHECK("\xe9", "%c", 0xe9);
	CHECK("ab", "%c%c", 'a', 'b');
	CHECK("pid 42 is init, flags 0x1f", "pid %d is %s, flags %#x", 42, "init", 31);
}

/* gcc knows these are odd (NULL for %s, flags C ignores): they are what the cases test. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-overflow"

HT_CASE(prints_null_string_as_null)
{
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("(nu", "%.3s", (char *)NULL);
	CHECK("  (null)", "%8s", (char *)NULL);
	CHECK("(null)  |", "%-8s|", (char *)NULL);
}

HT_CASE(follows_c_rules_for_ignored_flags)
{
	CHECK("", "");
	CHECK("+42", "%+ d", 42);      /* '+' beats ' ' */
	CHECK("42   ", "%-05d", 42);   /* '-' beats '0' */
	CHECK("   042", "%06.3d", 42); /* a precision turns '0' off */
	CHECK("42", "%+u", 42);	       /* no sign on unsigned conversions */
	CHECK("ff", "% x", 255);
	CHECK("    x", "%05c", 'x'); /* '0' pads numbers only */
	CHECK("   hi", "%05s", "hi");
}

HT_CASE(prints_pointers_as_0x_and_16_digits)
{
	CHECK("0x0000000000000000", "%p", NULL);
	CHECK("0x0000000000000001", "%p", (void *)1);
	CHECK("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	CHECK("0xffff888000001000", "%p", (void *)0xffff888000001000UL);
	CHECK("0xffffffff80000000", "%p", (void *)0xffffffff80000000UL);
	CHECK("  0x0000000000000001", "%20p", (void *)1);
	CHECK("[0x0000000000000001  ]", "[%-20p]", (void *)1);
	CHECK("0x00000000000000ab", "%#p", (void *)0xab); /* no second prefix */
}

HT_CASE(prints_percent_and_unknown_conversions_as_written)
{
	CHECK("%", "%%");
	CHECK("100%", "100%%");
	CHECK("a%b", "a%%b");
	CHECK("%y", "%y");
	CHECK("%5y", "%5y");
	CHECK("%-#5.2ly", "%-#5.2ly");
	CHECK("abc%", "abc%"); /* a lone '%' at the end */
	CHECK("%-", "%-");     /* fmt ends inside a specification */
	CHECK("%l", "%l");
	CHECK("%n", "%n");	   /* %n is deliberately not supported */
	CHECK("%f", "%f");	   /* nor is floating point */
	CHECK("%y 5", "%y %d", 5); /* the unknown one takes no argument */
	CHECK("%q|ok|7", "%q|%s|%d", "ok", 7);
}

#pragma GCC diagnostic pop

HT_CASE(returns_full_length_when_truncating)
{
	char buf[16];

	memset(buf, GUARD, sizeof(buf));
	HT_EXPECT_EQ(snprintf(buf, 5, "%s", "hello world"), 11);
	HT_EXPECT_STREQ(buf, "hell");
	HT_EXPECT_EQ((unsigned char)buf[5], GUARD);
	HT_EXPECT_EQ(snprintf(buf, 6, "hello"), 5); /* exact fit */
	HT_EXPECT_STREQ(buf, "hello");
	HT_EXPECT_EQ(snprintf(buf, 5, "hello"), 5); /* one short */
	HT_EXPECT_STREQ(buf, "hell");
	HT_EXPECT_EQ(snprintf(buf, 1, "%d", 12345), 5);
	HT_EXPECT_STREQ(buf, "");
	HT_EXPECT_EQ(snprintf(buf, sizeof(buf), "%300d", 7), 300);
	HT_EXPECT_STREQ(buf, "               ");
	HT_EXPECT_EQ(snprintf(buf, sizeof(buf), "%-300d|", 7), 301);
	HT_EXPECT_STREQ(buf, "7              ");
}

HT_CASE(size_zero_writes_nothing)
{
	char buf[4] = { 'x', 'y', 'z', 'w' };

	HT_EXPECT_EQ(snprintf(buf, 0, "%s-%d", "abc", 12), 6);
	HT_EXPECT_EQ(buf[0], 'x');
	HT_EXPECT_EQ(snprintf(NULL, 0, "%lld", LLONG_MIN), 20);
	HT_EXPECT_EQ(scnprintf(buf, 0, "abc"), 0);
	HT_EXPECT_EQ(buf[0], 'x');
	HT_EXPECT_EQ(scnprintf(NULL, 0, "abc"), 0);
}

HT_CASE(scnprintf_returns_what_was_stored)
{
	char buf[10];
	int pos = 0;

	HT_EXPECT_EQ(scnprintf(buf, sizeof(buf), "abc"), 3);
	HT_EXPECT_EQ(scnprintf(buf, 5, "hello world"), 4);
	HT_EXPECT_STREQ(buf, "hell");
	HT_EXPECT_EQ(scnprintf(buf, 1, "x"), 0);
	HT_EXPECT_STREQ(buf, "");
	HT_EXPECT_EQ(scnprintf(buf, 6, "hello"), 5);
	HT_EXPECT_EQ(scnprintf(buf, 5, "hello"), 4);

	/* The append idiom stops at the end of the buffer instead of running past it. */
	for (int i = 0; i < 6; i++)
		pos += scnprintf(buf + pos, sizeof(buf) - pos, "%d,", i);
	HT_EXPECT_EQ(pos, 9);
	HT_EXPECT_STREQ(buf, "0,1,2,3,4");
}

/* A variadic wrapper, as printk() will be: the va_list is passed down and read in order. */
static int format_via_va_list(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
static int format_via_va_list(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

HT_CASE(vscnprintf_reads_arguments_from_va_list)
{
	char buf[32];

	HT_EXPECT_EQ(format_via_va_list(buf, sizeof(buf), "%s=%llx/%c", "k", 0xabcULL, 'z'), 7);
	HT_EXPECT_STREQ(buf, "k=abc/z");
	HT_EXPECT_EQ(format_via_va_list(buf, 4, "%d", 123456), 3);
	HT_EXPECT_STREQ(buf, "123");
}

HT_MAIN("lib_vsnprintf", formats_decimal_integers, formats_hex_and_octal, applies_length_modifiers,
	applies_flags_and_width, applies_precision_to_numbers, takes_width_and_precision_from_star,
	formats_strings_and_chars, prints_null_string_as_null, follows_c_rules_for_ignored_flags,
	prints_pointers_as_0x_and_16_digits, prints_percent_and_unknown_conversions_as_written,
	returns_full_length_when_truncating, size_zero_writes_nothing,
	scnprintf_returns_what_was_stored, vscnprintf_reads_arguments_from_va_list)
