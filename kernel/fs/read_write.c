/* SPDX-License-Identifier: MIT */
/*
 * Moving bytes: read(), write(), their vectored forms readv() and writev(), pread64(), and
 * lseek(). Each takes a reference to the file for the length of the call; a file with a position
 * also has its f_pos_lock held across the call, so two readers sharing one opening (after dup or
 * fork) each get their own bytes and the position moves once per call.
 *
 * Errors come in Linux's order: a bad descriptor (-EBADF), a file not opened for this (-EBADF)
 * or unable to do it (-EINVAL), then bad buffers (-EFAULT, -EINVAL for a negative length).
 */
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"

#define UIO_FASTIOV 8	 /* iovecs read onto the stack; more are allocated */
#define UIO_MAXIOV  1024 /* the most one readv() or writev() takes, as Linux */

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* Take the file's position for a call that uses it; whether there was one to take. */
static bool file_pos_lock(struct file *file)
{
	if (!(file->f_mode & FMODE_ATOMIC_POS))
		return false;
	mutex_lock(&file->f_pos_lock);
	return true;
}

/* May file be read (write: written)? 0, -EBADF (not opened for it) or -EINVAL (cannot be). */
static int rw_verify(struct file *file, bool write)
{
	if (!(file->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (write ? !file->f_op->write : !file->f_op->read)
		return -EINVAL;
	return 0;
}

/*
 * Check segments as Linux's import_iovec() does: each in user space (-EFAULT) and of a length
 * that is not negative as a ssize_t (-EINVAL); the total is cut to MAX_RW_COUNT.
 */
static int check_iovec(struct iovec *iov, unsigned long nr)
{
	size_t total = 0;

	for (unsigned long i = 0; i < nr; i++) {
		if ((ssize_t)iov[i].iov_len < 0)
			return -EINVAL;
		if (!access_ok(iov[i].iov_base, iov[i].iov_len))
			return -EFAULT;
		iov[i].iov_len = min(iov[i].iov_len, MAX_RW_COUNT - total);
		total += iov[i].iov_len;
	}
	return 0;
}

/* Each segment in turn, stopping at an error or a short one: bytes moved, or the first error. */
static ssize_t rw_segments(struct file *file, const struct iovec *iov, unsigned long nr,
			   loff_t *pos, bool write)
{
	ssize_t done = 0;

	for (unsigned long i = 0; i < nr; i++) {
		ssize_t n;

		if (!iov[i].iov_len)
			continue;
		if (write)
			n = file->f_op->write(file, iov[i].iov_base, iov[i].iov_len, pos);
		else
			n = file->f_op->read(file, iov[i].iov_base, iov[i].iov_len, pos);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return done;
}

/* Check the segments, then move them at the file's position (rw_verify() said yes). */
static ssize_t rw_at_f_pos(struct file *file, struct iovec *iov, unsigned long nr, bool write)
{
	loff_t pos = 0; /* files without a position ignore it */
	ssize_t ret = check_iovec(iov, nr);
	bool locked;

	if (ret)
		return ret;
	locked = file_pos_lock(file);
	if (locked)
		pos = file->f_pos;
	ret = rw_segments(file, iov, nr, &pos, write);
	if (locked) {
		file->f_pos = pos;
		mutex_unlock(&file->f_pos_lock);
	}
	return ret;
}

static ssize_t do_rw(unsigned int fd, void __user *buf, size_t count, bool write)
{
	struct iovec iov = { buf, count };
	struct file *file = fget(fd);
	ssize_t ret;

	if (!file)
		return -EBADF;
	ret = rw_verify(file, write);
	if (!ret)
		ret = rw_at_f_pos(file, &iov, 1, write);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return do_rw(fd, buf, count, false);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
{
	return do_rw(fd, (void __user *)buf, count, true);
}

/* readv() and writev() on an open file: copy the iovec array in (onto the stack if small). */
static ssize_t rwv_file(struct file *file, const struct iovec __user *uvec, unsigned long nr,
			bool write)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	ssize_t ret;

	if (nr > UIO_MAXIOV)
		return -EINVAL;
	if (nr > UIO_FASTIOV) {
		iov = kmalloc(nr * sizeof(*iov), GFP_KERNEL);
		if (!iov)
			return -ENOMEM;
	}
	if (copy_from_user(iov, uvec, nr * sizeof(*iov)))
		ret = -EFAULT;
	else
		ret = rw_at_f_pos(file, iov, nr, write);
	if (iov != fast)
		kfree(iov);
	return ret;
}

static ssize_t do_rwv(unsigned int fd, const struct iovec __user *uvec, unsigned long nr,
		      bool write)
{
	struct file *file = fget(fd);
	ssize_t ret;

	if (!file)
		return -EBADF;
	ret = rw_verify(file, write);
	if (!ret)
		ret = rwv_file(file, uvec, nr, write);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned int, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_rwv(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned int, fd, const struct iovec __user *, vec, unsigned long, vlen)
{
	return do_rwv(fd, vec, vlen, true);
}

/* Read at pos without moving the file's position; only files with positions (else -ESPIPE). */
SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf, size_t, count, loff_t, pos)
{
	struct iovec iov = { buf, count };
	struct file *file;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	file = fget(fd);
	if (!file)
		return -EBADF;
	ret = file->f_mode & FMODE_ATOMIC_POS ? rw_verify(file, false) : -ESPIPE;
	if (!ret)
		ret = check_iovec(&iov, 1);
	if (!ret)
		ret = rw_segments(file, &iov, 1, &pos, false);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, loff_t, offset, unsigned int, whence)
{
	struct file *file = fget(fd);
	loff_t pos = -ESPIPE; /* no llseek: a terminal (or a pipe) has no position */

	if (!file)
		return -EBADF;
	if (file->f_op->llseek && file_pos_lock(file)) {
		pos = file->f_op->llseek(file, offset, (int)whence);
		if (pos >= 0)
			file->f_pos = pos;
		mutex_unlock(&file->f_pos_lock);
	}
	fput(file);
	return pos;
}
