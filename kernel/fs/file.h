/* SPDX-License-Identifier: MIT */
/*
 * Open files and file descriptors, as Linux has them: a struct file is one opening of something
 * (a ramfs file or directory, or the console), with its own position and flags; a process reaches
 * its files through a table of descriptors, struct files_struct, indexed by small integers.
 *
 *	task->files ──> files_struct { fd[0] fd[1] fd[2] fd[3] ... }
 *	                                 │     │     │     │
 *	                                 └──┬──┴─────┘     └──> struct file (/etc/motd, f_pos 12)
 *	                                    └──> struct file (the console)
 *
 * Several descriptors may name one struct file (dup, fork), and then share its position; several
 * tasks may share one table (CLONE_FILES), and then see each other's open and close.
 *
 * References. A struct file's f_count pins it (and the inode it holds): each descriptor slot that
 * names it holds one, and so does each system call using it (fget() ... fput()), so a file closed
 * by another thread mid-read stays valid until that read ends. A files_struct's count pins the
 * table: one per task that uses it. The last fput() releases the file; the last put of a table
 * closes every descriptor in it.
 *
 * Locking. A table's descriptors and close-on-exec bits are under its file_lock, a spinlock held
 * only for a few loads and stores (never across a sleep or a copy from user space). A file's
 * position is under its f_pos_lock, a mutex held across a whole read, lseek or getdents64 of a
 * file that has positions (FMODE_ATOMIC_POS), so that two readers sharing the file never read the
 * same bytes. task->files is changed only by the task itself (or before it first runs), so a task
 * reads its own without a lock. Everything here runs in task context.
 *
 * The system calls are in open.c (openat, open), read_write.c (read, write, readv, writev,
 * pread64, lseek), stat.c (fstat, newfstatat, stat, lstat), readdir.c (getdents64), file.c
 * (close, dup, dup2, dup3, fcntl, ioctl), and console.c is the console as a file.
 */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include "kernel/fs/ramfs.h"
#include "kernel/locking/refcount.h"
#include "kernel/locking/spinlock.h"
#include "kernel/sched/mutex.h"
#include "kernel/syscall/syscall.h"
#include "lib/types.h"

struct task_struct;

/* Missing from lib/errno.h; Linux's values. */
#ifndef EMFILE
#define EMFILE 24 /* the descriptor table is full */
#endif
#ifndef ENOTTY
#define ENOTTY 25 /* not a terminal: the ioctl does not apply */
#endif
#ifndef ESPIPE
#define ESPIPE 29 /* no position to seek */
#endif
#ifndef EROFS
#define EROFS 30 /* the file system cannot be written */
#endif
#ifndef EOVERFLOW
#define EOVERFLOW 75
#endif

/* openat() flags, Linux x86-64's values (octal, as in its headers). */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR	    00000002
#define O_CREAT	    00000100
#define O_EXCL	    00000200
#define O_NOCTTY    00000400
#define O_TRUNC	    00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_LARGEFILE 00100000 /* always set on 64-bit, as Linux does */
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_CLOEXEC   02000000
#define O_PATH	    010000000
#define __O_TMPFILE 020000000

/* Where openat() and newfstatat() start a relative path: the working directory. */
#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_NO_AUTOMOUNT	    0x800
#define AT_EMPTY_PATH	    0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* fcntl() commands and the one descriptor flag. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

/* The character-device file type, for the console (ramfs has only files and directories). */
#define S_IFCHR	   0020000
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)

#define NR_OPEN	     256 /* descriptors per table: 0 .. NR_OPEN - 1 (RLIMIT_NOFILE, fixed) */
/* One read or write moves at most this, as in Linux (INT_MAX rounded down to a page). */
#define MAX_RW_COUNT 0x7ffff000L

/* f_mode bits: what this opening may do. */
#define FMODE_READ	 0x1
#define FMODE_WRITE	 0x2
#define FMODE_ATOMIC_POS 0x8000 /* has a position: read/lseek/getdents64 take f_pos_lock */

/* A device number as stat() shows it (Linux's new_encode_dev()). */
typedef u32 dev_t;
static inline dev_t encode_dev(unsigned int major, unsigned int minor)
{
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

/* What fstat() tells of a file: the file system's kstat, and the device numbers. */
struct file_stat {
	struct kstat k;
	dev_t dev;  /* the device (here: the file system) holding the file */
	dev_t rdev; /* for a device file, the device it is; else 0 */
};

struct file;

/*
 * What a kind of file can do; a NULL operation is refused (the system call says with which
 * errno). Every operation runs in task context and may sleep.
 */
struct file_operations {
	/* The new position for lseek() (whence: SEEK_*), or -errno. Called under f_pos_lock. */
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	/* Move up to count bytes at *pos; advance *pos. Bytes moved, 0 at the end, or -errno. */
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	/* List a directory from ctx->pos on (getdents64); under f_pos_lock. 0 or -errno. */
	int (*iterate_shared)(struct file *file, struct ramfs_dir_context *ctx);
	/* ioctl(): the result, or -ENOTTY for a command this file does not know. */
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	void (*getattr)(struct file *file, struct file_stat *st);
	/* The last reference is gone: let go of what the file holds (not the struct itself). */
	void (*release)(struct file *file);
};

struct file {
	refcount_t f_count; /* descriptor slots naming it + system calls using it (see the top) */
	const struct file_operations *f_op; /* constant */
	unsigned int f_mode;		    /* FMODE_*; constant */
	/*
	 * O_* flags of the open, without O_CLOEXEC (a descriptor flag); O_APPEND and O_NONBLOCK
	 * change under f_lock (fcntl F_SETFL), the rest are constant.
	 */
	unsigned int f_flags;
	spinlock_t f_lock;	     /* protects changes of f_flags */
	struct mutex f_pos_lock;     /* serialises users of f_pos when FMODE_ATOMIC_POS is set */
	loff_t f_pos;		     /* under f_pos_lock */
	struct ramfs_inode *f_inode; /* a reference, constant; NULL for the console */
};

struct files_struct {
	refcount_t count;	  /* tasks using this table (CLONE_FILES shares it) */
	spinlock_t file_lock;	  /* protects everything below */
	unsigned int next_fd;	  /* no descriptor below this is free: where a search starts */
	struct file *fd[NR_OPEN]; /* each non-NULL slot holds a reference to its file */
	unsigned long close_on_exec[NR_OPEN / BITS_PER_LONG]; /* FD_CLOEXEC per descriptor */
};

/* ---- Tables: what fork, exit, exec and init call ---------------------------------------- */

/*
 * A new table with descriptors 0, 1 and 2 open on one console file (read-write): for init. NULL
 * if memory is short.
 */
struct files_struct *files_alloc_console(void);

/*
 * child's table for fork/clone: parent's own with share (CLONE_FILES), else a copy naming the
 * same files (each gets a reference). 0, or -ENOMEM. A parent without a table gives none.
 */
int copy_files(struct task_struct *child, struct task_struct *parent, bool share);

/* tsk lets go of its table (tsk->files becomes NULL); the last user closes every descriptor. */
void exit_files(struct task_struct *tsk);

/* execve(): close every descriptor marked close-on-exec. */
void files_close_on_exec(struct files_struct *files);

/* execve(): make tsk's table its own if others share it (Linux's unshare_files()). 0 or -ENOMEM. */
int unshare_files(struct task_struct *tsk);

/* Take and drop a reference to a table. */
void get_files_struct(struct files_struct *files);
void put_files_struct(struct files_struct *files);

/* An empty table with one reference, or NULL. */
struct files_struct *files_alloc(void);

/* ---- Descriptors in a table (the system calls use these on current->files) ---------------- */

/* The file at fd with a new reference, or NULL if fd is not open. */
struct file *files_fget(struct files_struct *files, unsigned int fd);

/*
 * Put file at the lowest free descriptor >= start; the caller's reference moves to the table.
 * The descriptor, or -EMFILE (then the caller still owns its reference).
 */
int files_install(struct files_struct *files, struct file *file, unsigned int start, bool cloexec);

/*
 * Put file at descriptor fd, closing what was there (dup2); the caller's reference moves to the
 * table. 0, or -EBADF if fd is out of range (then the caller keeps its reference).
 */
int files_replace(struct files_struct *files, unsigned int fd, struct file *file, bool cloexec);

/* Close descriptor fd. 0, or -EBADF if it was not open. */
int files_close(struct files_struct *files, unsigned int fd);

/* FD_CLOEXEC of an open descriptor: get (0 or 1) and set. -EBADF if fd is not open. */
int files_get_cloexec(struct files_struct *files, unsigned int fd);
int files_set_cloexec(struct files_struct *files, unsigned int fd, bool cloexec);

/* current's file at fd with a new reference, or NULL (the system call says -EBADF). */
struct file *fget(unsigned int fd);

/* files_install() in current's table: the descriptor, or -EMFILE (also for a task without one). */
int alloc_fd_install(struct file *file, unsigned int start, bool cloexec);

/* ---- Files ------------------------------------------------------------------------------- */

/*
 * A new file with one reference, opened with O_* flags (access mode included) and f_mode, on
 * inode (the caller's reference moves to the file) or on nothing. NULL if memory is short.
 */
struct file *alloc_file(const struct file_operations *fop, unsigned int flags, unsigned int mode,
			struct ramfs_inode *inode);

static inline struct file *get_file(struct file *file)
{
	refcount_inc(&file->f_count);
	return file;
}

/* Drop a reference; the last one releases the file and frees it. */
void fput(struct file *file);

/*
 * Open inode (a ramfs file or directory; the caller's reference moves to the file) for reading
 * with O_* flags. The file, or ERR_PTR(-ENOMEM). open.c.
 */
struct file *ramfs_file_open(struct ramfs_inode *inode, unsigned int flags);

/* A new opening of the console, read-write. NULL if memory is short. console.c. */
struct file *console_file_open(void);

/* Console input has arrived: wake its readers. Any context (the serial receive interrupt). */
void console_input_ready(void);

/* ---- Within kernel/fs: paths and stat -------------------------------------------------- */

/*
 * A path from user space copied into a new PATH_MAX buffer (free it with putname()), or ERR_PTR:
 * -EFAULT, -ENAMETOOLONG, -ENOENT for "", -ENOMEM. open.c.
 */
char *getname(const char __user *filename);
void putname(char *name);

/*
 * Resolve name as openat() does: absolute from the root; relative from the directory open at
 * dfd, or from the root for AT_FDCWD (no working directory yet). The inode with a reference in
 * *res, or -errno: those of ramfs_lookup_at(), and -EBADF, -ENOTDIR for a bad dfd. open.c.
 */
int path_lookup_at(int dfd, const char *name, struct ramfs_inode **res);

/* fstat() of a ramfs inode. open.c. */
void ramfs_getattr(struct ramfs_inode *inode, struct file_stat *st);

/* Struct files and tables allocated and not yet freed (leak checks in tests). */
unsigned long nr_files(void);
unsigned long nr_files_structs(void);

#endif
