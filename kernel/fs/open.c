/* SPDX-License-Identifier: MIT */
/*
 * Opening and closing: openat(), open() and close(), path names from user space, and the ramfs
 * files and directories as open files (their read, lseek, listing and stat).
 *
 * Paths. An absolute path is resolved from the ramfs root. A relative one is resolved from the
 * directory open at dirfd, or, for AT_FDCWD, also from the root: there is no working directory
 * yet (no chdir), so "/" plays its part.
 *
 * The ramfs is read-only to user space: opening for writing, truncating or creating is refused
 * with -EROFS, as Linux refuses it on a read-only mount (after the checks Linux makes first:
 * -ENOENT, -ENOTDIR, -EISDIR, -EEXIST). One simplification: O_CREAT of a name whose directory
 * does not exist says -EROFS, where Linux says -ENOENT. O_PATH is taken as O_RDONLY.
 */
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "lib/err.h"
#include "lib/errno.h"

#define RAMFS_DEV encode_dev(0, 1) /* st_dev of every ramfs file: an anonymous device, as Linux's */

/* ---- ramfs files as open files ------------------------------------------------------------ */

static ssize_t ramfs_file_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	size_t size, n, done;
	const char *data = ramfs_file_data(file->f_inode, &size);

	if (*pos >= (loff_t)size || !count)
		return 0;
	n = min(count, size - (size_t)*pos);
	/* The contents never change while we hold the inode: copy straight from them. */
	done = n - copy_to_user(buf, data + *pos, n);
	if (!done)
		return -EFAULT;
	*pos += (loff_t)done;
	return (ssize_t)done;
}

static ssize_t ramfs_dir_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	(void)file, (void)buf, (void)count, (void)pos;
	return -EISDIR;
}

/* The new position from whence (SEEK_SET, SEEK_CUR, or SEEK_END if end >= 0), or -errno. */
static loff_t seek_to(struct file *file, loff_t offset, int whence, loff_t end)
{
	loff_t base, pos;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		if (end < 0)
			return -EINVAL;
		base = end;
		break;
	default:
		return -EINVAL; /* SEEK_DATA, SEEK_HOLE: not here */
	}
	if (__builtin_add_overflow(base, offset, &pos))
		return -EOVERFLOW;
	return pos < 0 ? -EINVAL : pos;
}

static loff_t ramfs_file_llseek(struct file *file, loff_t offset, int whence)
{
	size_t size;

	ramfs_file_data(file->f_inode, &size);
	return seek_to(file, offset, whence, (loff_t)size);
}

/* A directory's positions are getdents64's d_off values: no end to seek from. */
static loff_t ramfs_dir_llseek(struct file *file, loff_t offset, int whence)
{
	return seek_to(file, offset, whence, -1);
}

static int ramfs_dir_iterate(struct file *file, struct ramfs_dir_context *ctx)
{
	return ramfs_iterate_dir(file->f_inode, ctx);
}

void ramfs_getattr(struct ramfs_inode *inode, struct file_stat *st)
{
	*st = (struct file_stat){ .dev = RAMFS_DEV };
	ramfs_stat(inode, &st->k);
}

static void ramfs_file_getattr(struct file *file, struct file_stat *st)
{
	ramfs_getattr(file->f_inode, st);
}

static const struct file_operations ramfs_file_fops = {
	.llseek = ramfs_file_llseek,
	.read = ramfs_file_read,
	.getattr = ramfs_file_getattr,
};

static const struct file_operations ramfs_dir_fops = {
	.llseek = ramfs_dir_llseek,
	.read = ramfs_dir_read,
	.iterate_shared = ramfs_dir_iterate,
	.getattr = ramfs_file_getattr,
};

struct file *ramfs_file_open(struct ramfs_inode *inode, unsigned int flags)
{
	const struct file_operations *fops =
	    ramfs_is_dir(inode) ? &ramfs_dir_fops : &ramfs_file_fops;
	struct file *file = alloc_file(fops, flags, FMODE_READ | FMODE_ATOMIC_POS, inode);

	return file ? file : ERR_PTR(-ENOMEM);
}

/* ---- Path names --------------------------------------------------------------------------- */

char *getname(const char __user *filename)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0 || len == PATH_MAX || len == 0) {
		kfree(name);
		return ERR_PTR(len < 0 ? -EFAULT : len ? -ENAMETOOLONG : -ENOENT);
	}
	return name;
}

void putname(char *name)
{
	kfree(name);
}

/* The directory dfd names, with a reference: NULL (the root) for AT_FDCWD. */
static struct ramfs_inode *dfd_directory(int dfd)
{
	struct ramfs_inode *dir;
	struct file *file;

	if (dfd == AT_FDCWD)
		return NULL; /* no working directory yet: the root stands in for it */
	file = fget((unsigned int)dfd);
	if (!file)
		return ERR_PTR(-EBADF);
	dir = file->f_inode && ramfs_is_dir(file->f_inode) ? ramfs_get(file->f_inode) : NULL;
	fput(file);
	return dir ? dir : ERR_PTR(-ENOTDIR);
}

int path_lookup_at(int dfd, const char *name, struct ramfs_inode **res)
{
	struct ramfs_inode *start = NULL;
	int err;

	might_sleep();
	if (name[0] != '/') { /* an absolute path ignores dfd, as in Linux */
		start = dfd_directory(dfd);
		if (IS_ERR(start))
			return (int)PTR_ERR(start);
	}
	err = ramfs_lookup_at(ramfs_root(), start, name, res);
	ramfs_put(start);
	return err;
}

/* ---- openat, open, close ------------------------------------------------------------------ */

/* May inode be opened with flags? 0 or -errno; only reading is allowed. */
static int may_open(struct ramfs_inode *inode, unsigned int flags)
{
	unsigned int acc = flags & O_ACCMODE;

	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (ramfs_is_dir(inode)) {
		if (acc != O_RDONLY || (flags & O_CREAT))
			return -EISDIR;
		return 0;
	}
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (acc != O_RDONLY || (flags & O_TRUNC))
		return -EROFS;
	return 0;
}

/* Open name (resolved from dfd) and return the file, or ERR_PTR. */
static struct file *do_filp_open(int dfd, const char *name, unsigned int flags)
{
	struct ramfs_inode *inode;
	int err;

	if ((flags & __O_TMPFILE) == __O_TMPFILE) /* a nameless new file: it would be written */
		return ERR_PTR((flags & O_ACCMODE) == O_RDONLY ? -EINVAL : -EROFS);
	err = path_lookup_at(dfd, name, &inode);
	if (err == -ENOENT && (flags & O_CREAT))
		return ERR_PTR(-EROFS); /* nothing can be created here */
	if (err)
		return ERR_PTR(err);
	err = may_open(inode, flags);
	if (err) {
		ramfs_put(inode);
		return ERR_PTR(err);
	}
	return ramfs_file_open(inode, flags | O_LARGEFILE); /* 64-bit: always, as in Linux */
}

static long do_sys_openat(int dfd, const char __user *filename, unsigned int flags)
{
	char *name = getname(filename);
	struct file *file;
	long fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	file = do_filp_open(dfd, name, flags);
	putname(name);
	if (IS_ERR(file))
		return PTR_ERR(file);
	fd = alloc_fd_install(file, 0, flags & O_CLOEXEC);
	if (fd < 0)
		fput(file);
	return fd;
}

/* mode would be the permissions of a created file: nothing is created. */
SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags, umode_t, mode)
{
	(void)mode;
	return do_sys_openat(dfd, filename, (unsigned int)flags);
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	(void)mode;
	return do_sys_openat(AT_FDCWD, filename, (unsigned int)flags);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	struct files_struct *files = current->files;

	return files ? files_close(files, fd) : -EBADF;
}
