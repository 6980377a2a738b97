/* SPDX-License-Identifier: MIT */
/*
 * fstat(), newfstatat(), stat() and lstat(): what a file is, in x86-64 Linux's struct stat.
 * There are no clocks on files yet (times are 0) and no owners (uid and gid 0); there are no
 * symbolic links, so lstat() is stat() and AT_SYMLINK_NOFOLLOW changes nothing.
 */
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* x86-64 Linux's struct stat (arch/x86/include/uapi/asm/stat.h): 144 bytes. */
struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks; /* in 512-byte units */
	unsigned long st_atime, st_atime_nsec;
	unsigned long st_mtime, st_mtime_nsec;
	unsigned long st_ctime, st_ctime_nsec;
	long __unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "x86-64 Linux's struct stat");

static int cp_new_stat(const struct file_stat *st, struct stat __user *statbuf)
{
	struct stat tmp;

	memset(&tmp, 0, sizeof(tmp)); /* padding and times included: no kernel bytes leak out */
	tmp.st_dev = st->dev;
	tmp.st_ino = st->k.ino;
	tmp.st_nlink = st->k.nlink;
	tmp.st_mode = st->k.mode;
	tmp.st_uid = st->k.uid;
	tmp.st_gid = st->k.gid;
	tmp.st_rdev = st->rdev;
	tmp.st_size = st->k.size;
	tmp.st_blksize = st->k.blksize;
	tmp.st_blocks = (long)st->k.blocks;
	return copy_to_user(statbuf, &tmp, sizeof(tmp)) ? -EFAULT : 0;
}

static int vfs_fstat(unsigned int fd, struct file_stat *st)
{
	struct file *file = fget(fd);

	if (!file)
		return -EBADF;
	file->f_op->getattr(file, st);
	fput(file);
	return 0;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat __user *, statbuf)
{
	struct file_stat st;
	int err = vfs_fstat(fd, &st);

	return err ? err : cp_new_stat(&st, statbuf);
}

/* The path's inode (or, for "" with AT_EMPTY_PATH, dfd's file) into *st. */
static int vfs_statx(int dfd, const char __user *filename, int flags, struct file_stat *st)
{
	struct ramfs_inode *inode;
	char *name, first;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && !get_user(first, filename) && !first) {
		if (dfd != AT_FDCWD)
			return vfs_fstat((unsigned int)dfd, st);
		ramfs_getattr(ramfs_root(), st); /* the working directory: the root, for now */
		return 0;
	}
	name = getname(filename);
	if (IS_ERR(name))
		return (int)PTR_ERR(name);
	err = path_lookup_at(dfd, name, &inode);
	putname(name);
	if (err)
		return err;
	ramfs_getattr(inode, st);
	ramfs_put(inode);
	return 0;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename, struct stat __user *, statbuf,
		int, flag)
{
	struct file_stat st;
	int err = vfs_statx(dfd, filename, flag, &st);

	return err ? err : cp_new_stat(&st, statbuf);
}

SYSCALL_DEFINE2(stat, const char __user *, filename, struct stat __user *, statbuf)
{
	struct file_stat st;
	int err = vfs_statx(AT_FDCWD, filename, 0, &st);

	return err ? err : cp_new_stat(&st, statbuf);
}

SYSCALL_DEFINE2(lstat, const char __user *, filename, struct stat __user *, statbuf)
{
	struct file_stat st;
	int err = vfs_statx(AT_FDCWD, filename, AT_SYMLINK_NOFOLLOW, &st);

	return err ? err : cp_new_stat(&st, statbuf);
}
