/* SPDX-License-Identifier: MIT */
/*
 * ramfs: a file system that lives entirely in kernel memory, the one the initramfs is unpacked
 * into (kernel/fs/initramfs.h). Directories and regular files; no symlinks, devices or hard links.
 *
 * A tree is made of inodes (struct ramfs_inode: a directory or a regular file) and directory
 * entries (a name in a directory, pointing at an inode; private to ramfs.c). A tree is reached
 * through its root directory: the global one, ramfs_root(), or a private one from
 * ramfs_new_root() (tests build their own and throw them away with ramfs_kill_root()).
 *
 * References. An inode's refcount pins the inode and, for a file, its contents: each directory
 * entry naming it holds one (the link), and so does each caller that got it from ramfs_lookup(),
 * ramfs_mkdir(), ramfs_create_file() or ramfs_get(), until it calls ramfs_put(). So an open file
 * keeps its inode and contents after its name is gone, as in Unix; a removed directory stays
 * valid to hold, but lookups and listings in it fail with -ENOENT.
 *
 * Locking. One mutex, private to ramfs.c, protects the shape of every tree: directory contents,
 * ".." pointers and link counts. It is a sleeping lock, so everything that walks or changes a tree
 * is task context only (might_sleep()). A file's contents are written once, before the file gets
 * a name, and never change: reading them needs only a reference, no lock, and works in any
 * context. User space may only read (the system calls are read-only); the kernel creates.
 *
 * Limits, as Linux's: a path is shorter than PATH_MAX bytes, a name at most NAME_MAX bytes;
 * a file holds at most RAMFS_FILE_MAX bytes. Errors are negative errno values.
 */
#ifndef KERNEL_FS_RAMFS_H
#define KERNEL_FS_RAMFS_H

#include "kernel/locking/refcount.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "lib/types.h"

/*
 * File system vocabulary with Linux's names and values (the system call ABI uses them). They
 * belong to a VFS header once there is one; guarded so that such a header may come first.
 */
#ifndef S_IFMT
typedef unsigned short umode_t;
typedef long long loff_t;

#define S_IFMT	   0170000 /* the file type bits of a mode */
#define S_IFDIR	   0040000
#define S_IFREG	   0100000
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_IALLUGO  07777 /* permission bits, with set-uid, set-gid and sticky */

#define PATH_MAX 4096 /* bytes in a path, its NUL included */
#define NAME_MAX 255  /* bytes in one path component */

/* d_type values of a directory listing (getdents64) */
#define DT_UNKNOWN 0
#define DT_DIR	   4
#define DT_REG	   8

/* What fstat() reports: the fields a file system knows (no device numbers, no times yet). */
struct kstat {
	u64 ino;
	umode_t mode;
	unsigned int nlink;
	unsigned int uid, gid; /* 0: there are no credentials yet */
	loff_t size;	       /* bytes in a file; entries in a directory */
	unsigned int blksize;  /* the preferred I/O size */
	u64 blocks;	       /* 512-byte units of memory the contents use */
};
#endif

/* Missing from lib/errno.h when this was written; Linux's values. */
#ifndef EFBIG
#define EFBIG 27
#endif
#ifndef ENAMETOOLONG
#define ENAMETOOLONG 36
#endif

#define RAMFS_FILE_MAX (1ul << 30) /* bigger files are refused with -EFBIG */

struct ramfs_inode {
	refcount_t refcount; /* links (directory entries) plus holders (see the top of this file) */
	u64 ino;	     /* unique among live ramfs inodes; constant */
	umode_t mode;	     /* type and permission bits; constant */
	/* Under the ramfs lock: 1 for a named file, 2 + subdirectories for a directory, 0 once
	 * removed. */
	unsigned int nlink;
	union {
		/* S_IFREG: constant from creation to the last put */
		struct {
			void *data; /* size bytes; NULL when empty */
			size_t size;
			bool vmalloced; /* data came from vmalloc() (large), not kmalloc() */
		} file;
		/* S_IFDIR: all under the ramfs lock */
		struct {
			struct list_head entries; /* directory entries, by increasing position */
			unsigned int nr_entries;
			loff_t next_pos; /* position of the next entry added; only grows */
			/* Where ".." leads (a root: itself), NULL once removed. Not a reference:
			 * a directory with entries is never removed. */
			struct ramfs_inode *parent;
		} dir;
	};
};

static inline bool ramfs_is_dir(const struct ramfs_inode *inode)
{
	return S_ISDIR(inode->mode);
}

/* ---- Trees ------------------------------------------------------------------------------- */

/* A new empty tree: its root directory (mode 0755) with a reference for the caller, or ERR_PTR. */
struct ramfs_inode *ramfs_new_root(void);

/*
 * Remove every entry of the tree at root, then drop the caller's reference to root. Inodes that
 * others still hold live on, detached, until their last ramfs_put(). Not for the global root.
 */
void ramfs_kill_root(struct ramfs_inode *root);

/* Create the global root, the tree user space sees as "/". Once, at boot (initramfs_init()). */
void ramfs_init(void);

/* The global root: it lives forever, so no reference is needed. NULL before ramfs_init(). */
struct ramfs_inode *ramfs_root(void);

/*
 * Move every entry of the tree at src into the directory dst, merging directories that exist on
 * both sides (dst's keeps its mode) and replacing files that do. All or nothing: if a file and a
 * directory would collide, nothing moves and the result is -ENOTDIR (dst has the file) or -EISDIR
 * (dst has the directory). src must be the root of another tree; it ends empty. Cannot run out of
 * memory: entries move, nothing is copied.
 */
int ramfs_merge_tree(struct ramfs_inode *dst, struct ramfs_inode *src);

/* ---- Inodes ------------------------------------------------------------------------------ */

/* Take another reference to an inode the caller already holds (or reaches under a reference). */
struct ramfs_inode *ramfs_get(struct ramfs_inode *inode);

/* Drop a reference; the last one frees the inode and its contents. Any context. NULL is a no-op. */
void ramfs_put(struct ramfs_inode *inode);

/* Fill *st from the inode (nlink and a directory's size as of now). */
void ramfs_stat(struct ramfs_inode *inode, struct kstat *st);

/* Inodes allocated and not yet freed, in every tree (leak checks in tests). */
unsigned int ramfs_nr_inodes(void);

/* ---- Names ------------------------------------------------------------------------------- */

/*
 * Resolve path to an inode and return it with a reference in *res. A path starting with '/' is
 * resolved from root, any other from start (NULL: from root too), as openat() needs. Repeated
 * slashes count as one, "." stays, ".." goes up but never above root. A trailing slash, or "."
 * or ".." after a file, requires a directory. Errors: -ENOENT (a name is missing, path is "", or
 * a directory on the way was removed), -ENOTDIR (a file where a directory is needed),
 * -ENAMETOOLONG (path of PATH_MAX bytes or more, or a name longer than NAME_MAX).
 */
int ramfs_lookup_at(struct ramfs_inode *root, struct ramfs_inode *start, const char *path,
		    struct ramfs_inode **res);

/* ramfs_lookup_at(root, NULL, path, res): every path is resolved from root. */
int ramfs_lookup(struct ramfs_inode *root, const char *path, struct ramfs_inode **res);

/*
 * Create the directory name (one path component) in dir, with permission bits mode & S_IALLUGO,
 * and return it with a reference, or ERR_PTR: -EINVAL (name empty, ".", ".." or with a '/'),
 * -ENAMETOOLONG, -EEXIST, -ENOTDIR (dir is a file), -ENOENT (dir was removed), -ENOMEM.
 */
struct ramfs_inode *ramfs_mkdir(struct ramfs_inode *dir, const char *name, umode_t mode);

/*
 * Create the regular file name in dir holding a copy of the size bytes at data, and return it
 * with a reference, or ERR_PTR: the errors of ramfs_mkdir(), and -EFBIG above RAMFS_FILE_MAX.
 */
struct ramfs_inode *ramfs_create_file(struct ramfs_inode *dir, const char *name, const void *data,
				      size_t size, umode_t mode);

/* ---- Contents ---------------------------------------------------------------------------- */

/*
 * Copy up to len bytes of the file from offset off into the kernel buffer buf. Returns the bytes
 * copied, 0 at or past the end, -EISDIR for a directory, -EINVAL for a negative offset.
 * Takes no lock and does not sleep.
 */
ssize_t ramfs_read(struct ramfs_inode *inode, void *buf, size_t len, loff_t off);

/*
 * The contents of a file, in place, and their size in *size: valid while the caller holds its
 * reference, and never changed (so an ELF loader or read() may copy straight from them).
 * NULL with *size = 0 for an empty file or a directory.
 */
const void *ramfs_file_data(struct ramfs_inode *inode, size_t *size);

/*
 * Listing a directory, as Linux's iterate_dir() does for getdents64: ramfs_iterate_dir() calls
 * ctx->actor for each entry from position ctx->pos on: "." at 0, ".." at 1, then the entries in
 * the order they were added. `next` is where a listing resumes to get the entries after this one
 * (getdents64's d_off). The actor returns false to stop, leaving that entry for the next call;
 * ctx->pos then says where to resume. Positions are stable: an entry keeps its position while it
 * exists and a removed entry's position is never reused, so resuming from any position neither
 * repeats nor skips an entry that stayed. The actor runs under the ramfs lock: it may sleep or
 * fault (copy_to_user), but must not call back into ramfs.
 */
struct ramfs_dir_context {
	bool (*actor)(struct ramfs_dir_context *ctx, const char *name, size_t len, u64 ino,
		      unsigned int d_type, loff_t next);
	loff_t pos;
};

/* 0, or -ENOTDIR (a file), -ENOENT (a removed directory), -EINVAL (negative position). */
int ramfs_iterate_dir(struct ramfs_inode *dir, struct ramfs_dir_context *ctx);

#endif
