/* SPDX-License-Identifier: MIT */
/*
 * vsnprintf() and friends; the contract is in lib/printf.h.
 *
 * One pass over fmt. Text is copied; each '%' conversion is parsed into a struct fmt_spec, then
 * printed by put_number() or put_padded(). All output goes through a struct sink, which counts
 * every character but stores only those that fit, so truncation needs no special cases.
 */
#include "lib/printf.h"
#include "lib/ctype.h"
#include "lib/string.h"

#define INT_MAX_VALUE __INT_MAX__

/* Where the output goes: the first size - 1 characters are stored, all are counted. */
struct sink {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, stored or not */
};

static void put_char(struct sink *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void put_chars(struct sink *out, const char *s, size_t n)
{
	while (n--)
		put_char(out, *s++);
}

static void put_repeat(struct sink *out, char c, long n)
{
	for (; n > 0; n--)
		put_char(out, c);
}

#define FLAG_LEFT  0x01 /* '-': pad on the right instead of the left */
#define FLAG_ZERO  0x02 /* '0': pad numbers with zeroes after the sign instead of spaces */
#define FLAG_PLUS  0x04 /* '+': signed conversions always print a sign */
#define FLAG_SPACE 0x08 /* ' ': a space where '+' would go */
#define FLAG_ALT   0x10 /* '#': "0x" before nonzero %x, a leading 0 for %o */

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF };

/* One parsed conversion specification: %[flags][width][.precision][length]conv */
struct fmt_spec {
	unsigned int flags; /* FLAG_* */
	int width;	    /* minimum field width, 0 for none */
	int precision;	    /* -1 for none */
	enum length length;
	char conv; /* conversion character; '\0' if fmt ended first */
};

static const char *parse_flags(const char *p, struct fmt_spec *spec)
{
	for (;; p++) {
		switch (*p) {
		case '-':
			spec->flags |= FLAG_LEFT;
			break;
		case '0':
			spec->flags |= FLAG_ZERO;
			break;
		case '+':
			spec->flags |= FLAG_PLUS;
			break;
		case ' ':
			spec->flags |= FLAG_SPACE;
			break;
		case '#':
			spec->flags |= FLAG_ALT;
			break;
		default:
			return p;
		}
	}
}

/* A decimal width or precision at *p, advancing *p; saturates at INT_MAX instead of overflowing. */
static int parse_decimal(const char **p)
{
	int n = 0;

	for (; isdigit(**p); (*p)++) {
		int d = **p - '0';

		n = n > (INT_MAX_VALUE - d) / 10 ? INT_MAX_VALUE : n * 10 + d;
	}
	return n;
}

static const char *parse_width(const char *p, struct fmt_spec *spec, va_list *ap)
{
	int width;

	if (*p != '*') {
		spec->width = parse_decimal(&p);
		return p;
	}
	width = va_arg(*ap, int);
	/* C says a negative width from '*' is a '-' flag and a positive width. */
	if (width < 0) {
		spec->flags |= FLAG_LEFT;
		width = width < -INT_MAX_VALUE ? INT_MAX_VALUE : -width;
	}
	spec->width = width;
	return p + 1;
}

static const char *parse_precision(const char *p, struct fmt_spec *spec, va_list *ap)
{
	int precision;

	spec->precision = -1;
	if (*p != '.')
		return p;
	p++;
	if (*p != '*') {
		spec->precision = parse_decimal(&p); /* "." alone means precision 0 */
		return p;
	}
	precision = va_arg(*ap, int);
	spec->precision = precision < 0 ? -1 : precision; /* negative: as if none was given */
	return p + 1;
}

static const char *parse_length(const char *p, enum length *length)
{
	switch (*p) {
	case 'h':
		*length = p[1] == 'h' ? LEN_CHAR : LEN_SHORT;
		return *length == LEN_CHAR ? p + 2 : p + 1;
	case 'l':
		*length = p[1] == 'l' ? LEN_LLONG : LEN_LONG;
		return *length == LEN_LLONG ? p + 2 : p + 1;
	case 'z':
		*length = LEN_SIZE;
		return p + 1;
	case 't':
		*length = LEN_PTRDIFF;
		return p + 1;
	default:
		*length = LEN_INT;
		return p;
	}
}

/*
 * Parse the specification that follows a '%' at p, taking '*' arguments from ap. Returns a
 * pointer just past the conversion character, or to the terminating NUL if fmt ended first.
 */
static const char *parse_spec(const char *p, struct fmt_spec *spec, va_list *ap)
{
	spec->flags = 0;
	p = parse_flags(p, spec);
	p = parse_width(p, spec, ap);
	p = parse_precision(p, spec, ap);
	p = parse_length(p, &spec->length);
	spec->conv = *p;
	return *p ? p + 1 : p;
}

static bool is_known_conversion(char conv)
{
	return conv != '\0' && strchr("diuxXocsp%", conv);
}

/* The next argument of a signed conversion, read at its promoted type and narrowed as asked. */
static long long fetch_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ssize_t);
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* The sign or "0x" that goes before a number's digits (and before zero padding). */
static int number_prefix(const struct fmt_spec *spec, unsigned long long val, bool negative,
			 char prefix[2])
{
	switch (spec->conv) {
	case 'd':
	case 'i':
		if (negative)
			prefix[0] = '-';
		else if (spec->flags & FLAG_PLUS)
			prefix[0] = '+';
		else if (spec->flags & FLAG_SPACE)
			prefix[0] = ' ';
		else
			return 0;
		return 1;
	case 'x':
	case 'X':
		if (!(spec->flags & FLAG_ALT) || val == 0)
			return 0;
		prefix[0] = '0';
		prefix[1] = spec->conv;
		return 2;
	case 'p':
		prefix[0] = '0';
		prefix[1] = 'x';
		return 2;
	default:
		return 0;
	}
}

/*
 * Print a number given as its magnitude and sign. The field is laid out as
 * [spaces][sign or 0x][zeroes][digits][spaces], with the zeroes coming from the precision (the
 * minimum number of digits) or from the '0' flag, which C ignores when a precision is given.
 */
static void put_number(struct sink *out, const struct fmt_spec *spec, unsigned long long val,
		       bool negative)
{
	const char *digit_chars = spec->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned int base = spec->conv == 'o' ? 8 : strchr("xXp", spec->conv) ? 16 : 10;
	char digits[22]; /* enough for 64 bits in octal, least significant first */
	char prefix[2];
	int ndigits = 0, prefix_len;
	long zeros, pad;

	for (unsigned long long v = val; v; v /= base)
		digits[ndigits++] = digit_chars[v % base];
	/* The default precision is 1; an explicit 0 prints no digits at all for the value 0. */
	zeros = (spec->precision < 0 ? 1 : spec->precision) - ndigits;
	if (zeros < 0)
		zeros = 0;
	if (base == 8 && (spec->flags & FLAG_ALT) && zeros == 0)
		zeros = 1; /* '#' makes the first octal digit a 0 */
	prefix_len = number_prefix(spec, val, negative, prefix);
	pad = (long)spec->width - prefix_len - zeros - ndigits;
	if ((spec->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && spec->precision < 0 &&
	    pad > 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(spec->flags & FLAG_LEFT))
		put_repeat(out, ' ', pad);
	put_chars(out, prefix, prefix_len);
	put_repeat(out, '0', zeros);
	while (ndigits > 0)
		put_char(out, digits[--ndigits]);
	if (spec->flags & FLAG_LEFT)
		put_repeat(out, ' ', pad);
}

/* Print n characters of s, padded with spaces to the field width (%c and %s). */
static void put_padded(struct sink *out, const struct fmt_spec *spec, const char *s, size_t n)
{
	long pad = n < (size_t)spec->width ? (long)(spec->width - n) : 0;

	if (!(spec->flags & FLAG_LEFT))
		put_repeat(out, ' ', pad);
	put_chars(out, s, n);
	if (spec->flags & FLAG_LEFT)
		put_repeat(out, ' ', pad);
}

static void put_signed(struct sink *out, const struct fmt_spec *spec, long long val)
{
	/* Negate in unsigned arithmetic: -LLONG_MIN does not fit in a long long. */
	if (val < 0)
		put_number(out, spec, 0 - (unsigned long long)val, true);
	else
		put_number(out, spec, val, false);
}

/* Kernel pointers are always 64 bits, so %p is always "0x" and 16 hex digits. */
static void put_pointer(struct sink *out, const struct fmt_spec *spec, const void *ptr)
{
	struct fmt_spec pointer_spec = *spec;

	pointer_spec.precision = 16;
	put_number(out, &pointer_spec, (uintptr_t)ptr, false);
}

static void put_str(struct sink *out, const struct fmt_spec *spec, const char *s)
{
	if (!s)
		s = "(null)";
	/* With a precision, s need not be NUL-terminated: look at no more bytes than that. */
	put_padded(out, spec, s,
		   strnlen(s, spec->precision < 0 ? SIZE_MAX : (size_t)spec->precision));
}

/* Print one known conversion, taking its argument from ap. */
static void put_conversion(struct sink *out, const struct fmt_spec *spec, va_list *ap)
{
	char c;

	switch (spec->conv) {
	case 'd':
	case 'i':
		put_signed(out, spec, fetch_signed(ap, spec->length));
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		put_number(out, spec, fetch_unsigned(ap, spec->length), false);
		break;
	case 'p':
		put_pointer(out, spec, va_arg(*ap, const void *));
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_padded(out, spec, &c, 1);
		break;
	case 's':
		put_str(out, spec, va_arg(*ap, const char *));
		break;
	case '%':
		put_char(out, '%');
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink out = { .buf = buf, .size = size, .len = 0 };
	struct fmt_spec spec;
	const char *start;
	va_list args;

	/* A copy, because helpers need &args: a va_list parameter may be an array in disguise. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put_char(&out, *fmt++);
			continue;
		}
		start = fmt;
		fmt = parse_spec(fmt + 1, &spec, &args);
		if (is_known_conversion(spec.conv))
			put_conversion(&out, &spec, &args);
		else
			put_chars(&out, start, fmt - start); /* show it as written */
	}
	va_end(args);

	if (size > 0)
		buf[min(out.len, size - 1)] = '\0';
	return out.len > INT_MAX_VALUE ? INT_MAX_VALUE : (int)out.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int len = vsnprintf(buf, size, fmt, ap);

	if ((size_t)len < size)
		return len;
	/* Truncated: what was stored is everything but the NUL. */
	return size > 0 ? (int)(size - 1) : 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
