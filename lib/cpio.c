/* SPDX-License-Identifier: MIT */
/*
 * The cpio "newc" reader; the format and the contract are in lib/cpio.h.
 *
 * Every bounds check is written as "n > len - off" with off <= len known, never as
 * "off + n > len", so that a huge size from a hostile header cannot wrap around.
 */
#include "lib/cpio.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CPIO_MAGIC_LEN 6
#define CPIO_FIELD_LEN 8
#define CPIO_ALIGN     4

/* The header's fields, in order after the magic. */
enum cpio_field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NR_FIELDS,
};

_Static_assert(CPIO_MAGIC_LEN + NR_FIELDS * CPIO_FIELD_LEN == CPIO_HEADER_SIZE,
	       "a newc header is the magic and 13 fields");

static const char *const cpio_messages[CPIO_NR_ERRORS] = {
	[CPIO_OK] = "no error",
	[CPIO_ERR_NO_TRAILER] = "archive ends without a TRAILER!!! entry",
	[CPIO_ERR_TRUNCATED_HEADER] = "truncated header",
	[CPIO_ERR_BAD_MAGIC] = "bad magic (not a newc archive, or a misplaced header)",
	[CPIO_ERR_BAD_HEX] = "header field is not 8 hex digits",
	[CPIO_ERR_NAME_SIZE] = "name size is 0, 1 (empty name) or too large",
	[CPIO_ERR_TRUNCATED_NAME] = "name runs past the end of the archive",
	[CPIO_ERR_BAD_NAME] = "name is not NUL-terminated exactly at its end",
	[CPIO_ERR_BAD_PADDING] = "nonzero padding byte",
	[CPIO_ERR_TRUNCATED_DATA] = "file data runs past the end of the archive",
	[CPIO_ERR_CHECKSUM] = "checksum mismatch in a 070702 entry",
	[CPIO_ERR_AFTER_TRAILER] = "nonzero bytes after the trailer",
};

const char *cpio_strerror(enum cpio_error err)
{
	if ((unsigned int)err >= CPIO_NR_ERRORS)
		return "unknown cpio error";
	return cpio_messages[err];
}

void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t len)
{
	*r = (struct cpio_reader){ .buf = buf, .len = len };
}

static int cpio_fail(struct cpio_reader *r, enum cpio_error err, size_t offset)
{
	r->error = err;
	r->error_offset = offset;
	return -EINVAL;
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse the 13 fields of the header at r->pos; on a bad digit, fail naming that byte. */
static int parse_fields(struct cpio_reader *r, u32 *fields, bool *crc)
{
	const unsigned char *hdr = r->buf + r->pos;

	if (memcmp(hdr, "07070", 5) != 0 || (hdr[5] != '1' && hdr[5] != '2'))
		return cpio_fail(r, CPIO_ERR_BAD_MAGIC, r->pos);
	*crc = hdr[5] == '2';
	for (int f = 0; f < NR_FIELDS; f++) {
		size_t at = CPIO_MAGIC_LEN + (size_t)f * CPIO_FIELD_LEN;
		u32 val = 0;

		for (int i = 0; i < CPIO_FIELD_LEN; i++) {
			int d = hex_digit(hdr[at + i]);

			if (d < 0)
				return cpio_fail(r, CPIO_ERR_BAD_HEX, r->pos + at + i);
			val = val << 4 | (u32)d;
		}
		fields[f] = val;
	}
	return 0;
}

/* Are the n bytes at off all zero? */
static bool all_zero(const unsigned char *buf, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[off + i])
			return false;
	return true;
}

/*
 * Check that n bytes at off, and the padding after them to a multiple of CPIO_ALIGN, are inside
 * the buffer and the padding is zero. On success *end is the offset after the padding.
 */
static int take_padded(struct cpio_reader *r, size_t off, size_t n, enum cpio_error truncated,
		       size_t *end)
{
	size_t pad;

	if (n > r->len - off)
		return cpio_fail(r, truncated, off);
	off += n;
	pad = -off & (CPIO_ALIGN - 1);
	if (pad > r->len - off)
		return cpio_fail(r, truncated, off);
	if (!all_zero(r->buf, off, pad))
		return cpio_fail(r, CPIO_ERR_BAD_PADDING, off);
	*end = off + pad;
	return 0;
}

/* The name of the entry whose name starts at off: non-empty, NUL-terminated, in bounds. */
static int check_name(struct cpio_reader *r, size_t off, size_t namesize, size_t *end)
{
	const char *name = (const char *)r->buf + off;
	int ret;

	/* The field offset of namesize, to point at the number that is wrong. */
	if (namesize < 2 || namesize > CPIO_NAME_MAX)
		return cpio_fail(r, CPIO_ERR_NAME_SIZE,
				 r->pos + CPIO_MAGIC_LEN + F_NAMESIZE * CPIO_FIELD_LEN);
	ret = take_padded(r, off, namesize, CPIO_ERR_TRUNCATED_NAME, end);
	if (ret)
		return ret;
	if (memchr(name, '\0', namesize) != name + namesize - 1)
		return cpio_fail(r, CPIO_ERR_BAD_NAME, off);
	return 0;
}

static u32 byte_sum(const unsigned char *p, size_t n)
{
	u32 sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

static void fill_entry(struct cpio_entry *e, const struct cpio_reader *r, const u32 *f,
		       size_t name_off, size_t data_off)
{
	*e = (struct cpio_entry){
		.name = (const char *)r->buf + name_off,
		.name_len = f[F_NAMESIZE] - 1,
		.data = r->buf + data_off,
		.size = f[F_FILESIZE],
		.offset = r->pos,
		.ino = f[F_INO],
		.mode = f[F_MODE],
		.uid = f[F_UID],
		.gid = f[F_GID],
		.nlink = f[F_NLINK],
		.mtime = f[F_MTIME],
		.devmajor = f[F_DEVMAJOR],
		.devminor = f[F_DEVMINOR],
		.rdevmajor = f[F_RDEVMAJOR],
		.rdevminor = f[F_RDEVMINOR],
		.check = f[F_CHECK],
	};
}

/* The trailer has been read: what follows must be the zero blocks writers pad archives with. */
static int finish(struct cpio_reader *r)
{
	for (size_t off = r->pos; off < r->len; off++)
		if (r->buf[off])
			return cpio_fail(r, CPIO_ERR_AFTER_TRAILER, off);
	r->done = true;
	return 0;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	size_t name_off, data_off, end;
	u32 f[NR_FIELDS];
	bool crc;
	int ret;

	if (r->error)
		return -EINVAL;
	if (r->done)
		return 0;
	if (r->pos == r->len)
		return cpio_fail(r, CPIO_ERR_NO_TRAILER, r->pos);
	if (r->len - r->pos < CPIO_HEADER_SIZE)
		return cpio_fail(r, CPIO_ERR_TRUNCATED_HEADER, r->pos);
	ret = parse_fields(r, f, &crc);
	if (ret)
		return ret;
	name_off = r->pos + CPIO_HEADER_SIZE;
	ret = check_name(r, name_off, f[F_NAMESIZE], &data_off);
	if (ret)
		return ret;
	ret = take_padded(r, data_off, f[F_FILESIZE], CPIO_ERR_TRUNCATED_DATA, &end);
	if (ret)
		return ret;
	if (crc && (f[F_MODE] & CPIO_S_IFMT) == CPIO_S_IFREG &&
	    byte_sum(r->buf + data_off, f[F_FILESIZE]) != f[F_CHECK])
		return cpio_fail(r, CPIO_ERR_CHECKSUM, r->pos);

	fill_entry(e, r, f, name_off, data_off);
	r->pos = end;
	if (strcmp(e->name, CPIO_TRAILER) == 0)
		return finish(r);
	return 1;
}
