/* SPDX-License-Identifier: MIT */
/*
 * A strict reader of cpio archives in the "newc" format, the one Linux's initramfs uses.
 * Freestanding: it only reads a buffer, so the host tests run it under ASan and UBSan.
 *
 * An archive is a sequence of entries, each one:
 *
 *	header   110 ASCII bytes: the magic "070701" and 13 fields of 8 hex digits each
 *	         (ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
 *	         rdevminor, namesize, check)
 *	name     namesize bytes, the last of them the only NUL, then zero bytes up to a multiple of 4
 *	data     filesize bytes, then zero bytes up to a multiple of 4
 *
 * Offsets are counted from the start of the archive, so every header starts at a multiple of 4
 * (the buffer itself needs no alignment). The entry named "TRAILER!!!" ends the archive; only
 * zero bytes may follow it (tools pad archives to 512-byte blocks). Several archives back to back,
 * which Linux accepts, are refused here.
 *
 * The magic "070702" (the "crc" variant) is accepted too: its check field must equal the sum of
 * the data bytes of a regular file (modulo 2^32), and is checked. In "070701" archives the check
 * field is ignored, as writers set it to 0.
 *
 * Strict means: every field is exactly 8 hex digits (either case), names are non-empty and
 * shorter than CPIO_NAME_MAX, padding is zero, and anything that would read past the end of the
 * buffer is an error, never a read. The reader does not interpret names or modes beyond that:
 * what a path means, and which file types are acceptable, is the caller's business.
 */
#ifndef LIB_CPIO_H
#define LIB_CPIO_H

#include "lib/types.h"

#define CPIO_HEADER_SIZE 110
#define CPIO_NAME_MAX	 4096 /* largest namesize accepted, NUL included (Linux's PATH_MAX) */
#define CPIO_TRAILER	 "TRAILER!!!"

/* File types in the mode field: the st_mode values every Unix uses. */
#define CPIO_S_IFMT   0170000
#define CPIO_S_IFSOCK 0140000
#define CPIO_S_IFLNK  0120000
#define CPIO_S_IFREG  0100000
#define CPIO_S_IFBLK  0060000
#define CPIO_S_IFDIR  0040000
#define CPIO_S_IFCHR  0020000
#define CPIO_S_IFIFO  0010000

/* What is wrong with an archive. Each has a message, cpio_strerror(). */
enum cpio_error {
	CPIO_OK = 0,
	CPIO_ERR_NO_TRAILER,	   /* the archive ends, cleanly, before a TRAILER!!! entry */
	CPIO_ERR_TRUNCATED_HEADER, /* fewer than CPIO_HEADER_SIZE bytes left for a header */
	CPIO_ERR_BAD_MAGIC,	   /* not "070701" or "070702" (a misplaced header reads as this) */
	CPIO_ERR_BAD_HEX,	   /* a header field byte that is not a hex digit */
	CPIO_ERR_NAME_SIZE,	   /* namesize 0, 1 (an empty name) or above CPIO_NAME_MAX */
	CPIO_ERR_TRUNCATED_NAME,   /* the name or its padding runs past the end of the buffer */
	CPIO_ERR_BAD_NAME,	   /* the name's last byte is not NUL, or a NUL comes before it */
	CPIO_ERR_BAD_PADDING,	   /* a padding byte after the name or the data is not zero */
	CPIO_ERR_TRUNCATED_DATA,   /* the data or its padding runs past the end of the buffer */
	CPIO_ERR_CHECKSUM,	   /* "070702": the data does not sum to the check field */
	CPIO_ERR_AFTER_TRAILER,	   /* a nonzero byte after the trailer */
	CPIO_NR_ERRORS,
};

/* One entry. Pointers point into the archive buffer, which must outlive them. */
struct cpio_entry {
	const char *name; /* NUL-terminated, name_len bytes before the NUL, never empty */
	size_t name_len;
	const void *data; /* size bytes (the file's contents, or a symlink's target) */
	size_t size;
	size_t offset; /* of the entry's header, from the start of the archive */
	u32 ino, mode, uid, gid, nlink, mtime;
	u32 devmajor, devminor, rdevmajor, rdevminor;
	u32 check;
};

/* The reader's position in an archive. Plain data: copy it to remember a position. */
struct cpio_reader {
	const unsigned char *buf;
	size_t len;
	size_t pos;	       /* offset of the next header */
	bool done;	       /* the trailer has been read */
	enum cpio_error error; /* the first error found; sticky */
	size_t error_offset;   /* the offset of the byte (or header) where it was found */
};

/* Start reading the archive of len bytes at buf. */
void cpio_reader_init(struct cpio_reader *r, const void *buf, size_t len);

/*
 * The next entry: returns 1 and fills *e; 0 once the trailer has been read (and only zero bytes
 * follow it); or -EINVAL with r->error and r->error_offset saying what and where. After an error
 * or the trailer every call returns the same again, so a loop `while ((ret = cpio_next()) > 0)`
 * ends with 0 only for an archive that was valid from start to end.
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

/* A one-line description of err ("bad magic", ...), never NULL. */
const char *cpio_strerror(enum cpio_error err);

#endif
