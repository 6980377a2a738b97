/* SPDX-License-Identifier: MIT */
/*
 * Open files and descriptor tables (kernel/fs/file.h has the contract), and the system calls that
 * work on descriptors rather than on what they name: close, dup, dup2, dup3, fcntl, ioctl.
 */
#include "kernel/fs/file.h"

#include "kernel/locking/atomic.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/sched/sched.h"
#include "lib/errno.h"
#include "lib/string.h"

static atomic_t nr_files_live = ATOMIC_INIT(0);
static atomic_t nr_tables_live = ATOMIC_INIT(0);

unsigned long nr_files(void)
{
	return (unsigned long)atomic_read(&nr_files_live);
}

unsigned long nr_files_structs(void)
{
	return (unsigned long)atomic_read(&nr_tables_live);
}

/* ---- Files ------------------------------------------------------------------------------- */

struct file *alloc_file(const struct file_operations *fop, unsigned int flags, unsigned int mode,
			struct ramfs_inode *inode)
{
	struct file *file = kzalloc(sizeof(*file), GFP_KERNEL);

	if (!file)
		return NULL;
	refcount_set(&file->f_count, 1);
	file->f_op = fop;
	file->f_mode = mode;
	file->f_flags = flags & ~O_CLOEXEC; /* close-on-exec belongs to the descriptor */
	spin_lock_init(&file->f_lock);
	mutex_init(&file->f_pos_lock);
	file->f_inode = inode;
	atomic_inc(&nr_files_live);
	return file;
}

void fput(struct file *file)
{
	if (!refcount_dec_and_test(&file->f_count))
		return;
	if (file->f_op->release)
		file->f_op->release(file);
	ramfs_put(file->f_inode); /* NULL (the console) is a no-op */
	kfree(file);
	atomic_dec(&nr_files_live);
}

/* ---- Tables ------------------------------------------------------------------------------ */

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	refcount_set(&files->count, 1);
	spin_lock_init(&files->file_lock);
	atomic_inc(&nr_tables_live);
	return files;
}

void get_files_struct(struct files_struct *files)
{
	refcount_inc(&files->count);
}

/* The last user is gone, so nobody else can reach the slots: no lock needed to empty them. */
static void close_files(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < NR_OPEN; fd++) {
		if (files->fd[fd]) {
			fput(files->fd[fd]);
			files->fd[fd] = NULL;
		}
	}
}

void put_files_struct(struct files_struct *files)
{
	if (!refcount_dec_and_test(&files->count))
		return;
	close_files(files);
	kfree(files);
	atomic_dec(&nr_tables_live);
}

struct files_struct *files_alloc_console(void)
{
	struct files_struct *files = files_alloc();
	struct file *console = console_file_open();

	if (!files || !console) {
		if (console)
			fput(console);
		if (files)
			put_files_struct(files);
		return NULL;
	}
	/* stdin, stdout and stderr: one opening, three descriptors, as after init's dup()s. */
	for (unsigned int fd = 0; fd < 3; fd++)
		BUG_ON(files_install(files, get_file(console), 0, false) != (int)fd);
	fput(console);
	return files;
}

/* A copy of old naming the same files, each with a new reference (fork without CLONE_FILES). */
static struct files_struct *dup_files(struct files_struct *old)
{
	struct files_struct *files = files_alloc();

	if (!files)
		return NULL;
	spin_lock(&old->file_lock);
	for (unsigned int fd = 0; fd < NR_OPEN; fd++)
		if (old->fd[fd])
			files->fd[fd] = get_file(old->fd[fd]);
	memcpy(files->close_on_exec, old->close_on_exec, sizeof(files->close_on_exec));
	files->next_fd = old->next_fd;
	spin_unlock(&old->file_lock);
	return files;
}

int copy_files(struct task_struct *child, struct task_struct *parent, bool share)
{
	struct files_struct *files = parent->files;

	might_sleep();
	if (!files) {
		child->files = NULL; /* a kernel thread has no descriptors to pass on */
		return 0;
	}
	if (share) {
		get_files_struct(files);
		child->files = files;
		return 0;
	}
	child->files = dup_files(files);
	return child->files ? 0 : -ENOMEM;
}

void exit_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files;

	if (!files)
		return;
	WRITE_ONCE(tsk->files, NULL);
	put_files_struct(files);
}

int unshare_files(struct task_struct *tsk)
{
	struct files_struct *files = tsk->files, *copy;

	if (!files || refcount_read(&files->count) == 1)
		return 0;
	copy = dup_files(files);
	if (!copy)
		return -ENOMEM;
	WRITE_ONCE(tsk->files, copy);
	put_files_struct(files);
	return 0;
}

void files_close_on_exec(struct files_struct *files)
{
	spin_lock(&files->file_lock);
	for (unsigned int fd = 0; fd < NR_OPEN; fd++) {
		struct file *file = files->fd[fd];

		if (!file || !test_and_clear_bit(fd, files->close_on_exec))
			continue;
		files->fd[fd] = NULL;
		files->next_fd = min(files->next_fd, fd);
		/* The last put may free the file: not with a spinlock held. */
		spin_unlock(&files->file_lock);
		fput(file);
		spin_lock(&files->file_lock);
	}
	spin_unlock(&files->file_lock);
}

/* ---- Descriptors ------------------------------------------------------------------------- */

struct file *files_fget(struct files_struct *files, unsigned int fd)
{
	struct file *file = NULL;

	if (fd >= NR_OPEN)
		return NULL;
	spin_lock(&files->file_lock);
	if (files->fd[fd])
		file = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return file;
}

int alloc_fd_install(struct file *file, unsigned int start, bool cloexec)
{
	struct files_struct *files = current->files;

	return files ? files_install(files, file, start, cloexec) : -EMFILE;
}

struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;

	return files ? files_fget(files, fd) : NULL;
}

/* Under file_lock: fill slot fd (free) with file and its close-on-exec bit. */
static void fd_install_locked(struct files_struct *files, unsigned int fd, struct file *file,
			      bool cloexec)
{
	files->fd[fd] = file;
	if (cloexec)
		set_bit(fd, files->close_on_exec);
	else
		clear_bit(fd, files->close_on_exec);
}

int files_install(struct files_struct *files, struct file *file, unsigned int start, bool cloexec)
{
	unsigned int fd;

	spin_lock(&files->file_lock);
	for (fd = max(start, files->next_fd); fd < NR_OPEN && files->fd[fd]; fd++)
		;
	if (fd >= NR_OPEN) {
		spin_unlock(&files->file_lock);
		return -EMFILE;
	}
	fd_install_locked(files, fd, file, cloexec);
	if (start <= files->next_fd)
		files->next_fd = fd + 1; /* everything from next_fd up to fd was taken */
	spin_unlock(&files->file_lock);
	return (int)fd;
}

int files_replace(struct files_struct *files, unsigned int fd, struct file *file, bool cloexec)
{
	struct file *old;

	if (fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->file_lock);
	old = files->fd[fd];
	fd_install_locked(files, fd, file, cloexec);
	spin_unlock(&files->file_lock);
	if (old)
		fput(old);
	return 0;
}

int files_close(struct files_struct *files, unsigned int fd)
{
	struct file *file;

	if (fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->file_lock);
	file = files->fd[fd];
	if (file) {
		files->fd[fd] = NULL;
		clear_bit(fd, files->close_on_exec);
		files->next_fd = min(files->next_fd, fd);
	}
	spin_unlock(&files->file_lock);
	if (!file)
		return -EBADF;
	fput(file);
	return 0;
}

int files_get_cloexec(struct files_struct *files, unsigned int fd)
{
	int ret = -EBADF;

	if (fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (files->fd[fd])
		ret = test_bit(fd, files->close_on_exec) ? 1 : 0;
	spin_unlock(&files->file_lock);
	return ret;
}

int files_set_cloexec(struct files_struct *files, unsigned int fd, bool cloexec)
{
	int ret = -EBADF;

	if (fd >= NR_OPEN)
		return -EBADF;
	spin_lock(&files->file_lock);
	if (files->fd[fd]) {
		if (cloexec)
			set_bit(fd, files->close_on_exec);
		else
			clear_bit(fd, files->close_on_exec);
		ret = 0;
	}
	spin_unlock(&files->file_lock);
	return ret;
}

/* ---- System calls on descriptors --------------------------------------------------------- */

/* A new descriptor >= start for the file at oldfd (dup, F_DUPFD). */
static long do_dup(unsigned int oldfd, unsigned int start, bool cloexec)
{
	struct file *file = fget(oldfd);
	int fd;

	if (!file)
		return -EBADF;
	fd = alloc_fd_install(file, start, cloexec);
	if (fd < 0)
		fput(file);
	return fd;
}

SYSCALL_DEFINE1(dup, unsigned int, oldfd)
{
	return do_dup(oldfd, 0, false);
}

/* newfd becomes a second name of oldfd's file, closing what newfd named (dup2, dup3). */
static long do_dup2(unsigned int oldfd, unsigned int newfd, bool cloexec)
{
	struct file *file = fget(oldfd);
	int err;

	if (!file)
		return -EBADF;
	err = files_replace(current->files, newfd, file, cloexec);
	if (err) {
		fput(file);
		return err;
	}
	return newfd;
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	/* The same descriptor twice: nothing to do, but it must be open. */
	if (oldfd == newfd) {
		struct file *file = fget(oldfd);

		if (!file)
			return -EBADF;
		fput(file);
		return newfd;
	}
	return do_dup2(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags & O_CLOEXEC);
}

/* F_SETFL: only O_APPEND and O_NONBLOCK may change (as in Linux; other bits are ignored). */
static long set_file_flags(struct file *file, unsigned int flags)
{
	const unsigned int settable = O_APPEND | O_NONBLOCK;

	spin_lock(&file->f_lock);
	file->f_flags = (file->f_flags & ~settable) | (flags & settable);
	spin_unlock(&file->f_lock);
	return 0;
}

static long do_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg, struct file *file)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN)
			return -EINVAL;
		return do_dup(fd, (unsigned int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return files_get_cloexec(current->files, fd);
	case F_SETFD:
		return files_set_cloexec(current->files, fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return READ_ONCE(file->f_flags);
	case F_SETFL:
		return set_file_flags(file, (unsigned int)arg);
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = do_fcntl(fd, cmd, arg, file);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *file = fget(fd);
	long ret = -ENOTTY; /* what Linux says for a command the file does not know */

	if (!file)
		return -EBADF;
	if (file->f_op->unlocked_ioctl)
		ret = file->f_op->unlocked_ioctl(file, cmd, arg);
	fput(file);
	return ret;
}
