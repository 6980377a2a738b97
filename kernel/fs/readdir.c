/* SPDX-License-Identifier: MIT */
/*
 * getdents64(): a directory listing as Linux gives it, records of struct linux_dirent64 packed
 * into the caller's buffer, each padded to 8 bytes. The directory's position (f_pos) is where the
 * next call resumes: the d_off of the last record returned. A buffer too small for even one
 * record is -EINVAL; a listing that is over returns 0.
 */
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "lib/errno.h"
#include "lib/string.h"

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off; /* where a listing resumes to get the entries after this one */
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[]; /* NUL-terminated, then zeros up to d_reclen */
};

#define DIRENT_ALIGN 8

struct getdents_callback64 {
	struct ramfs_dir_context ctx;
	char __user *next; /* where the next record goes */
	unsigned int left; /* bytes of the buffer still free */
	int error;	   /* why the listing stopped early, if it did */
};

/* Copy one record out; false (with buf->error set) stops the listing before this entry. */
static bool filldir64(struct ramfs_dir_context *ctx, const char *name, size_t len, u64 ino,
		      unsigned int d_type, loff_t next)
{
	struct getdents_callback64 *buf = container_of(ctx, struct getdents_callback64, ctx);
	char rec[ALIGN_UP(sizeof(struct linux_dirent64) + NAME_MAX + 1, DIRENT_ALIGN)];
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, DIRENT_ALIGN);

	if (reclen > buf->left) {
		buf->error = -EINVAL; /* reported only if no record fitted at all */
		return false;
	}
	memset(rec, 0, reclen);
	d->d_ino = ino;
	d->d_off = next;
	d->d_reclen = (unsigned short)reclen;
	d->d_type = (unsigned char)d_type;
	memcpy(d->d_name, name, len);
	if (copy_to_user(buf->next, rec, reclen)) {
		buf->error = -EFAULT;
		return false;
	}
	buf->next += reclen;
	buf->left -= (unsigned int)reclen;
	return true;
}

/* List from f_pos into buf; bytes filled or -errno. Under f_pos_lock. */
static long iterate_dir(struct file *file, struct getdents_callback64 *buf, unsigned int count)
{
	int err;

	buf->ctx.pos = file->f_pos;
	err = file->f_op->iterate_shared(file, &buf->ctx);
	file->f_pos = buf->ctx.pos; /* the first entry not returned */
	if (buf->left < count)
		return count - buf->left; /* records came out: they count, whatever stopped us */
	return err ? err : buf->error;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirent, unsigned int, count)
{
	struct getdents_callback64 buf = {
		.ctx.actor = filldir64,
		.next = dirent,
		.left = count,
	};
	struct file *file;
	long ret;

	if (!access_ok(dirent, count))
		return -EFAULT;
	file = fget(fd);
	if (!file)
		return -EBADF;
	if (!file->f_op->iterate_shared || !(file->f_mode & FMODE_ATOMIC_POS)) {
		fput(file);
		return -ENOTDIR;
	}
	mutex_lock(&file->f_pos_lock);
	ret = iterate_dir(file, &buf, count);
	mutex_unlock(&file->f_pos_lock);
	fput(file);
	return ret;
}
