/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/cpio.c, the newc reader.
 *
 * A small writer below builds archives in memory. The well-formed cases read them back; each
 * malformed case starts from a valid archive and breaks exactly one thing, then checks both the
 * error and the offset the reader blames, so a refusal for the wrong reason fails the case.
 * Two sweeps (every truncation, every single-byte change) run under ASan and UBSan to show the
 * reader never reads outside the buffer, whatever it is given.
 */
/*
 * lib/compiler.h before any glibc header: glibc's <sys/cdefs.h> replaces an earlier
 * __always_inline quietly, but compiler.h redefining glibc's is an error.
 */
#include "lib/compiler.h"

#include <stdio.h>
#include <stdlib.h>

#include "tests/host/hosttest.h"

#include "lib/cpio.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ARCHIVE_MAX 16384
#define FIELD(n)    (6 + 8 * (n)) /* offset of header field n (0 = ino ... 12 = check) */
#define F_FILESIZE  6
#define F_NAMESIZE  11
#define F_CHECK	    12

/* ---- A tiny newc writer ------------------------------------------------------------------- */

struct wentry {
	const char *name;
	unsigned int mode;
	const char *data; /* NULL: no data */
	size_t size;
};

struct writer {
	unsigned char buf[ARCHIVE_MAX];
	size_t len;
	const char *magic;
	bool no_name_pad, no_data_pad; /* the two classic writer bugs */
};

static void w_pad(struct writer *w)
{
	while (w->len % 4)
		w->buf[w->len++] = 0;
}

/* Append one entry; returns the offset of its header. */
static size_t w_add(struct writer *w, const struct wentry *e, unsigned int nlink,
		    unsigned int check)
{
	size_t hdr = w->len, namesize = strlen(e->name) + 1;
	char tmp[CPIO_HEADER_SIZE + 1];

	snprintf(tmp, sizeof(tmp), "%s%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
		 w->magic ? w->magic : "070701", (unsigned int)(hdr / 4 + 1), e->mode, 0u, 0u,
		 nlink, 0u, e->size, 0u, 0u, 0u, 0u, namesize, check);
	memcpy(w->buf + w->len, tmp, CPIO_HEADER_SIZE);
	w->len += CPIO_HEADER_SIZE;
	memcpy(w->buf + w->len, e->name, namesize);
	w->len += namesize;
	if (!w->no_name_pad)
		w_pad(w);
	if (e->size)
		memcpy(w->buf + w->len, e->data, e->size);
	w->len += e->size;
	if (!w->no_data_pad)
		w_pad(w);
	return hdr;
}

static size_t w_file(struct writer *w, const char *name, const char *data)
{
	struct wentry e = { name, CPIO_S_IFREG | 0644, data, strlen(data) };

	return w_add(w, &e, 1, 0);
}

static size_t w_dir(struct writer *w, const char *name)
{
	struct wentry e = { name, CPIO_S_IFDIR | 0755, NULL, 0 };

	return w_add(w, &e, 2, 0);
}

static size_t w_trailer(struct writer *w)
{
	struct wentry e = { CPIO_TRAILER, 0, NULL, 0 };

	return w_add(w, &e, 1, 0);
}

/* Overwrite header field n of the entry at hdr with 8 characters. */
static void w_set(struct writer *w, size_t hdr, int n, const char *digits)
{
	memcpy(w->buf + hdr + FIELD(n), digits, 8);
}

static struct writer *w_new(void)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	return w;
}

/* The archive most cases start from: a directory, two files, the trailer. */
static struct writer *w_sample(size_t *hdrs)
{
	struct writer *w = w_new();

	hdrs[0] = w_dir(w, "sbin");
	hdrs[1] = w_file(w, "sbin/init", "#!init\n");
	hdrs[2] = w_file(w, "etc", "hello");
	hdrs[3] = w_trailer(w);
	return w;
}

/* ---- Reading ---------------------------------------------------------------------------- */

/*
 * Read the archive to its end, in a heap copy of exactly len bytes so that ASan catches any read
 * past it. Returns what the last cpio_next() returned; *count is the entries before that.
 */
static int read_all(const void *buf, size_t len, struct cpio_reader *out, int *count)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct cpio_reader r;
	struct cpio_entry e;
	int ret, n = 0;

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	cpio_reader_init(&r, copy, len);
	while ((ret = cpio_next(&r, &e)) > 0)
		n++;
	free(copy);
	if (out)
		*out = r;
	if (count)
		*count = n;
	return ret;
}

/* Expect the archive to be refused with err, blamed on offset at. */
#define EXPECT_REFUSED(buf, len, err, at)                                                          \
	do {                                                                                       \
		struct cpio_reader er_r;                                                           \
		HT_EXPECT_EQ(read_all(buf, len, &er_r, NULL), -EINVAL);                            \
		if (er_r.error != (err))                                                           \
			ht_fail("expected error %s, got %s", cpio_strerror(err),                   \
				cpio_strerror(er_r.error));                                        \
		HT_EXPECT_EQ(er_r.error_offset, at);                                               \
	} while (0)

/* ---- Well-formed archives -------------------------------------------------------------- */

HT_CASE(trailer_only_archive_is_empty)
{
	struct writer *w = w_new();
	int n = -1;

	w_trailer(w);
	HT_EXPECT_EQ(read_all(w->buf, w->len, NULL, &n), 0);
	HT_EXPECT_EQ(n, 0);
	free(w);
}

HT_CASE(entries_come_back_with_name_mode_size_and_data)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	struct cpio_reader r;
	struct cpio_entry e;

	cpio_reader_init(&r, w->buf, w->len);
	HT_EXPECT_EQ(cpio_next(&r, &e), 1);
	HT_EXPECT_STREQ(e.name, "sbin");
	HT_EXPECT_EQ(e.name_len, 4);
	HT_EXPECT_EQ(e.mode, CPIO_S_IFDIR | 0755);
	HT_EXPECT_EQ(e.size, 0);
	HT_EXPECT_EQ(e.nlink, 2);
	HT_EXPECT_EQ(e.offset, hdrs[0]);
	HT_EXPECT_EQ(cpio_next(&r, &e), 1);
	HT_EXPECT_STREQ(e.name, "sbin/init");
	HT_EXPECT_EQ(e.mode, CPIO_S_IFREG | 0644);
	HT_EXPECT_EQ(e.size, 7);
	HT_EXPECT(memcmp(e.data, "#!init\n", 7) == 0);
	HT_EXPECT_EQ((const unsigned char *)e.data - w->buf,
		     hdrs[1] + 110 + 10); /* 110 + 10 is aligned */
	HT_EXPECT_EQ(e.ino, hdrs[1] / 4 + 1);
	HT_EXPECT_EQ(cpio_next(&r, &e), 1);
	HT_EXPECT_STREQ(e.name, "etc");
	HT_EXPECT(memcmp(e.data, "hello", 5) == 0);
	HT_EXPECT_EQ(cpio_next(&r, &e), 0);
	HT_EXPECT_EQ(r.error, CPIO_OK);
	free(w);
}

HT_CASE(every_header_field_is_parsed)
{
	struct writer *w = w_new();
	struct cpio_reader r;
	struct cpio_entry e;
	size_t hdr = w_file(w, "f", "");

	w_trailer(w);
	/* mode and the sizes must stay sane; put distinct values everywhere else */
	w_set(w, hdr, 0, "89abcdef");
	w_set(w, hdr, 2, "000003e8");
	w_set(w, hdr, 3, "000007D0"); /* upper case hex */
	w_set(w, hdr, 4, "00000003");
	w_set(w, hdr, 5, "5f5e0ff0");
	w_set(w, hdr, 7, "00000008");
	w_set(w, hdr, 8, "00000001");
	w_set(w, hdr, 9, "00000004");
	w_set(w, hdr, 10, "00000040");
	w_set(w, hdr, F_CHECK, "deadbeef"); /* ignored in 070701 */
	cpio_reader_init(&r, w->buf, w->len);
	HT_EXPECT_EQ(cpio_next(&r, &e), 1);
	HT_EXPECT_EQ(e.ino, 0x89abcdef);
	HT_EXPECT_EQ(e.uid, 1000);
	HT_EXPECT_EQ(e.gid, 2000);
	HT_EXPECT_EQ(e.nlink, 3);
	HT_EXPECT_EQ(e.mtime, 0x5f5e0ff0);
	HT_EXPECT_EQ(e.devmajor, 8);
	HT_EXPECT_EQ(e.devminor, 1);
	HT_EXPECT_EQ(e.rdevmajor, 4);
	HT_EXPECT_EQ(e.rdevminor, 64);
	HT_EXPECT_EQ(e.check, 0xdeadbeef);
	HT_EXPECT_EQ(cpio_next(&r, &e), 0);
	free(w);
}

/* Names of 1..8 bytes and data of 0..7 bytes: every padding remainder on both sides. */
HT_CASE(every_padding_remainder_reads_back)
{
	static const char data[] = "abcdefg";
	static const char *const names[] = { "a",     "ab",	"abc",	   "abcd",
					     "abcde", "abcdef", "abcdefg", "abcdefgh" };
	struct writer *w = w_new();
	struct cpio_reader r;
	struct cpio_entry e;

	for (size_t i = 0; i < 8; i++) {
		struct wentry we = { names[i], CPIO_S_IFREG | 0600, data, i };

		w_add(w, &we, 1, 0);
	}
	w_trailer(w);
	cpio_reader_init(&r, w->buf, w->len);
	for (size_t i = 0; i < 8; i++) {
		HT_EXPECT_EQ(cpio_next(&r, &e), 1);
		HT_EXPECT_STREQ(e.name, names[i]);
		HT_EXPECT_EQ(e.size, i);
		HT_EXPECT(memcmp(e.data, data, i) == 0);
	}
	HT_EXPECT_EQ(cpio_next(&r, &e), 0);
	free(w);
}

HT_CASE(zero_blocks_after_the_trailer_are_accepted)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	int n;

	w->len = 1024; /* calloc'd: zeroes up to a 512-byte block and one more block */
	HT_EXPECT_EQ(read_all(w->buf, w->len, NULL, &n), 0);
	HT_EXPECT_EQ(n, 3);
	free(w);
}

HT_CASE(alignment_is_counted_from_the_archive_start_not_the_address)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	unsigned char *odd = malloc(w->len + 1);
	struct cpio_reader r;
	struct cpio_entry e;
	int n = 0;

	memcpy(odd + 1, w->buf, w->len);
	cpio_reader_init(&r, odd + 1, w->len);
	while (cpio_next(&r, &e) > 0)
		n++;
	HT_EXPECT_EQ(r.error, CPIO_OK);
	HT_EXPECT_EQ(n, 3);
	free(odd);
	free(w);
}

HT_CASE(crc_archive_with_right_checksum_is_accepted)
{
	struct writer *w = w_new();
	struct wentry f = { "f", CPIO_S_IFREG | 0644, "\x01\xff\x80", 3 };
	struct wentry d = { "d", CPIO_S_IFDIR | 0755, NULL, 0 };
	int n;

	w->magic = "070702";
	w_add(w, &d, 2, 0);
	w_add(w, &f, 1, 0x01 + 0xff + 0x80);
	w_trailer(w);
	HT_EXPECT_EQ(read_all(w->buf, w->len, NULL, &n), 0);
	HT_EXPECT_EQ(n, 2);
	free(w);
}

HT_CASE(reader_stays_done_after_the_trailer)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	struct cpio_reader r;
	struct cpio_entry e;

	cpio_reader_init(&r, w->buf, w->len);
	while (cpio_next(&r, &e) > 0)
		;
	HT_EXPECT(r.done);
	HT_EXPECT_EQ(cpio_next(&r, &e), 0);
	HT_EXPECT_EQ(cpio_next(&r, &e), 0);
	free(w);
}

HT_CASE(every_error_has_its_own_message)
{
	for (int i = 0; i < CPIO_NR_ERRORS; i++) {
		HT_EXPECT(cpio_strerror(i) != NULL);
		for (int j = 0; j < i; j++)
			HT_EXPECT(strcmp(cpio_strerror(i), cpio_strerror(j)) != 0);
	}
	HT_EXPECT(cpio_strerror(CPIO_NR_ERRORS) != NULL);
	HT_EXPECT(cpio_strerror((enum cpio_error) - 1) != NULL);
}

/* ---- Malformed archives ----------------------------------------------------------------- */

HT_CASE(empty_buffer_has_no_trailer)
{
	EXPECT_REFUSED("", 0, CPIO_ERR_NO_TRAILER, 0);
}

HT_CASE(short_header_is_truncated)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	EXPECT_REFUSED(w->buf, 50, CPIO_ERR_TRUNCATED_HEADER, 0);
	EXPECT_REFUSED(w->buf, hdrs[1] + 109, CPIO_ERR_TRUNCATED_HEADER, hdrs[1]);
	free(w);
}

HT_CASE(odc_and_binary_magics_are_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	memcpy(w->buf, "070707", 6); /* the old portable ASCII format */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_MAGIC, 0);
	memcpy(w->buf, "070703", 6);
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_MAGIC, 0);
	memcpy(w->buf, "\xc7\x71", 2); /* binary cpio, little-endian */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_MAGIC, 0);
	free(w);
}

HT_CASE(gzip_compressed_archive_is_bad_magic)
{
	static const unsigned char gz[CPIO_HEADER_SIZE] = { 0x1f, 0x8b, 0x08, 0x00 };

	EXPECT_REFUSED(gz, sizeof(gz), CPIO_ERR_BAD_MAGIC, 0);
}

HT_CASE(non_hex_digit_is_refused_where_it_is)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	w->buf[hdrs[1] + FIELD(F_FILESIZE) + 3] = 'g';
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_HEX, hdrs[1] + FIELD(F_FILESIZE) + 3);
	free(w);
}

HT_CASE(hex_field_with_prefix_sign_or_space_is_refused)
{
	static const char *const bad[] = { "0x000007", "+0000007", "-0000007",
					   " 0000007", "0000007 ", "0000007\0" };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t hdrs[4];
		struct writer *w = w_sample(hdrs);
		size_t at = hdrs[1] + FIELD(F_FILESIZE);
		size_t bad_at = at + strcspn(bad[i], "x+- "); /* strcspn stops at a NUL too */

		memcpy(w->buf + at, bad[i], 8);
		EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_HEX, bad_at);
		free(w);
	}
}

HT_CASE(name_size_zero_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	w_set(w, hdrs[2], F_NAMESIZE, "00000000");
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_NAME_SIZE, hdrs[2] + FIELD(F_NAMESIZE));
	free(w);
}

HT_CASE(empty_name_is_refused)
{
	struct writer *w = w_new();

	w_file(w, "", "x");
	w_trailer(w);
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_NAME_SIZE, FIELD(F_NAMESIZE));
	free(w);
}

HT_CASE(name_longer_than_path_max_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	w_set(w, hdrs[1], F_NAMESIZE, "00001001");
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_NAME_SIZE, hdrs[1] + FIELD(F_NAMESIZE));
	/* the largest accepted size passes the size check and fails on the buffer's end */
	w_set(w, hdrs[1], F_NAMESIZE, "00001000");
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_TRUNCATED_NAME, hdrs[1] + CPIO_HEADER_SIZE);
	free(w);
}

HT_CASE(name_without_nul_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	w->buf[hdrs[2] + CPIO_HEADER_SIZE + 3] = 'X'; /* the NUL of "etc" */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_NAME, hdrs[2] + CPIO_HEADER_SIZE);
	free(w);
}

HT_CASE(name_with_nul_inside_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	w->buf[hdrs[1] + CPIO_HEADER_SIZE + 4] = '\0'; /* "sbin\0init" */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_NAME, hdrs[1] + CPIO_HEADER_SIZE);
	free(w);
}

HT_CASE(name_running_past_the_end_is_truncated)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	/* cut inside "sbin/init", and inside the 2 padding bytes after "etc" */
	EXPECT_REFUSED(w->buf, hdrs[1] + CPIO_HEADER_SIZE + 4, CPIO_ERR_TRUNCATED_NAME,
		       hdrs[1] + CPIO_HEADER_SIZE);
	EXPECT_REFUSED(w->buf, hdrs[2] + CPIO_HEADER_SIZE + 5, CPIO_ERR_TRUNCATED_NAME,
		       hdrs[2] + CPIO_HEADER_SIZE + 4);
	free(w);
}

HT_CASE(data_running_past_the_end_is_truncated)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	size_t data = hdrs[1] + CPIO_HEADER_SIZE + 10;

	EXPECT_REFUSED(w->buf, data + 3, CPIO_ERR_TRUNCATED_DATA, data);
	EXPECT_REFUSED(w->buf, data + 7, CPIO_ERR_TRUNCATED_DATA, data + 7); /* in the padding */
	free(w);
}

HT_CASE(huge_file_size_does_not_wrap_around)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	w_set(w, hdrs[1], F_FILESIZE, "ffffffff");
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_TRUNCATED_DATA, hdrs[1] + CPIO_HEADER_SIZE + 10);
	w_set(w, hdrs[1], F_FILESIZE, "fffffffd"); /* + padding would wrap a 32-bit offset */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_TRUNCATED_DATA, hdrs[1] + CPIO_HEADER_SIZE + 10);
	free(w);
}

HT_CASE(missing_trailer_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	EXPECT_REFUSED(w->buf, hdrs[3], CPIO_ERR_NO_TRAILER, hdrs[3]);
	free(w);
}

HT_CASE(cut_inside_the_trailer_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	EXPECT_REFUSED(w->buf, hdrs[3] + 60, CPIO_ERR_TRUNCATED_HEADER, hdrs[3]);
	EXPECT_REFUSED(w->buf, hdrs[3] + 115, CPIO_ERR_TRUNCATED_NAME, hdrs[3] + 110);
	EXPECT_REFUSED(w->buf, w->len - 1, CPIO_ERR_TRUNCATED_NAME, hdrs[3] + 121);
	free(w);
}

HT_CASE(garbage_after_the_trailer_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs), *w2;
	size_t end = w->len;

	w->buf[end + 100] = 0x42;
	EXPECT_REFUSED(w->buf, end + 512, CPIO_ERR_AFTER_TRAILER, end + 100);
	/* a second archive after the first: concatenation is not supported */
	w->buf[end + 100] = 0;
	w2 = w_sample(hdrs);
	memcpy(w->buf + end, w2->buf, w2->len);
	EXPECT_REFUSED(w->buf, end + w2->len, CPIO_ERR_AFTER_TRAILER, end);
	free(w2);
	free(w);
}

HT_CASE(nonzero_padding_after_name_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	/* "sbin\0" ends 115 bytes into its entry: one padding byte */
	w->buf[hdrs[0] + CPIO_HEADER_SIZE + 5] = 'p';
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_PADDING, hdrs[0] + CPIO_HEADER_SIZE + 5);
	free(w);
}

HT_CASE(nonzero_padding_after_data_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	size_t pad = hdrs[1] + CPIO_HEADER_SIZE + 10 + 7; /* "#!init\n" is 7 bytes, pad 1 */

	w->buf[pad] = 1;
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_PADDING, pad);
	free(w);
}

HT_CASE(writer_that_forgets_name_padding_is_caught)
{
	struct writer *w = w_new();

	w->no_name_pad = true;
	w_file(w, "init", "#!init\n"); /* 110 + 5 bytes: the data lands 1 byte early */
	w_trailer(w);
	/* The reader expects a padding byte where the data starts. */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_PADDING, CPIO_HEADER_SIZE + 5);
	free(w);
}

HT_CASE(writer_that_forgets_data_padding_is_caught)
{
	struct writer *w = w_new();
	size_t second;

	w->no_data_pad = true;
	w_file(w, "ab", "xyz"); /* 110 + 3 -> 116, data 3 -> 119, no pad */
	second = w->len;
	w_trailer(w);
	/* The reader skips 1 "padding" byte, which is the first byte of the next header. */
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_BAD_PADDING, second);
	free(w);
}

HT_CASE(header_at_a_misaligned_offset_is_bad_magic)
{
	struct writer *w = w_new();
	size_t hdr;

	w_file(w, "abc", "1234");
	hdr = w->len;
	/* the trailer written 2 bytes late: the reader finds "\0\00707", not a magic */
	w_trailer(w);
	memmove(w->buf + hdr + 2, w->buf + hdr, w->len - hdr);
	memset(w->buf + hdr, 0, 2);
	EXPECT_REFUSED(w->buf, w->len + 2, CPIO_ERR_BAD_MAGIC, hdr);
	free(w);
}

HT_CASE(crc_archive_with_wrong_checksum_is_refused)
{
	struct writer *w = w_new();
	struct wentry f = { "f", CPIO_S_IFREG | 0644, "abc", 3 };
	size_t hdr;

	w->magic = "070702";
	hdr = w_add(w, &f, 1, 'a' + 'b' + 'c' + 1);
	w_trailer(w);
	EXPECT_REFUSED(w->buf, w->len, CPIO_ERR_CHECKSUM, hdr);
	free(w);
}

HT_CASE(errors_are_sticky)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	struct cpio_reader r;
	struct cpio_entry e;

	w->buf[hdrs[2]] = 'X';
	cpio_reader_init(&r, w->buf, w->len);
	HT_EXPECT_EQ(cpio_next(&r, &e), 1);
	HT_EXPECT_EQ(cpio_next(&r, &e), 1);
	HT_EXPECT_EQ(cpio_next(&r, &e), -EINVAL);
	HT_EXPECT_EQ(cpio_next(&r, &e), -EINVAL);
	HT_EXPECT_EQ(r.error, CPIO_ERR_BAD_MAGIC);
	HT_EXPECT_EQ(r.error_offset, hdrs[2]);
	free(w);
}

/* ---- Sweeps ----------------------------------------------------------------------------- */

/* Every proper prefix of a valid archive is refused (and read_all's exact copy keeps ASan on). */
HT_CASE(every_truncation_is_refused)
{
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);

	for (size_t len = 0; len < w->len; len++) {
		if (read_all(w->buf, len, NULL, NULL) != -EINVAL)
			ht_fail("a prefix of %zu of %zu bytes was accepted", len, w->len);
	}
	free(w);
}

/*
 * Every single-byte change is either refused or still parses, within bounds (ASan watches). Both
 * happen: a changed data byte or ino digit is still a valid archive, a changed magic is not.
 */
HT_CASE(every_byte_change_stays_in_bounds)
{
	static const unsigned char values[] = { 0, '0', '7', 'f', 'F', 'g', 0xff, '\n' };
	size_t hdrs[4];
	struct writer *w = w_sample(hdrs);
	unsigned long accepted = 0, refused = 0;

	for (size_t i = 0; i < w->len; i++) {
		unsigned char saved = w->buf[i];

		for (size_t v = 0; v < sizeof(values); v++) {
			int ret;

			if (values[v] == saved)
				continue;
			w->buf[i] = values[v];
			ret = read_all(w->buf, w->len, NULL, NULL);
			if (ret == 0)
				accepted++;
			else if (ret == -EINVAL)
				refused++;
			else
				ht_fail("byte %zu = %#x: returned %d", i, values[v], ret);
		}
		w->buf[i] = saved;
	}
	HT_EXPECT(refused > 0);
	HT_EXPECT(accepted > 0);
	free(w);
}

/* More cases than HT_MAIN() takes (32), so two lists. */
int main(void)
{
	static const struct ht_case cases[] = {
		HT_FOREACH(HT_ENTRY, trailer_only_archive_is_empty,
			   entries_come_back_with_name_mode_size_and_data,
			   every_header_field_is_parsed, every_padding_remainder_reads_back,
			   zero_blocks_after_the_trailer_are_accepted,
			   alignment_is_counted_from_the_archive_start_not_the_address,
			   crc_archive_with_right_checksum_is_accepted,
			   reader_stays_done_after_the_trailer, every_error_has_its_own_message)
		    HT_FOREACH(
			HT_ENTRY, empty_buffer_has_no_trailer, short_header_is_truncated,
			odc_and_binary_magics_are_refused, gzip_compressed_archive_is_bad_magic,
			non_hex_digit_is_refused_where_it_is,
			hex_field_with_prefix_sign_or_space_is_refused, name_size_zero_is_refused,
			empty_name_is_refused, name_longer_than_path_max_is_refused,
			name_without_nul_is_refused, name_with_nul_inside_is_refused,
			name_running_past_the_end_is_truncated,
			data_running_past_the_end_is_truncated, huge_file_size_does_not_wrap_around,
			missing_trailer_is_refused, cut_inside_the_trailer_is_refused,
			garbage_after_the_trailer_is_refused, nonzero_padding_after_name_is_refused,
			nonzero_padding_after_data_is_refused,
			writer_that_forgets_name_padding_is_caught,
			writer_that_forgets_data_padding_is_caught,
			header_at_a_misaligned_offset_is_bad_magic,
			crc_archive_with_wrong_checksum_is_refused, errors_are_sticky)
			HT_FOREACH(HT_ENTRY, every_truncation_is_refused,
				   every_byte_change_stays_in_bounds)
	};

	return ht_run("cpio", cases, (int)ARRAY_SIZE(cases));
}
