/* SPDX-License-Identifier: MIT */
/*
 * initramfs: the first files. The boot loader hands the kernel a cpio archive ("newc", see
 * lib/cpio.h) as a boot module; at boot it is unpacked into the global ramfs root, where the
 * first user program, init, is found.
 *
 * What an archive may hold: regular files and directories. Names may start with "/" or "./"
 * (both mean the root) and must not contain ".."; the entry for the root itself (".") is skipped,
 * and so is the trailer. Directories missing on the way to a name are created (mode 0755; a
 * directory's own entry coming later does not change that). Symlinks, device nodes, FIFOs,
 * sockets and hard links (files with nlink > 1) are skipped, with a warning for the first few and
 * a count: ramfs cannot hold them yet. A name given twice is an error, unless both are
 * directories.
 *
 * All or nothing: the whole archive is checked before anything is created, then unpacked into a
 * private tree that is moved into place only when complete (ramfs_merge_tree()). An archive that
 * is refused leaves the target tree as it was.
 */
#ifndef KERNEL_FS_INITRAMFS_H
#define KERNEL_FS_INITRAMFS_H

#include "kernel/fs/ramfs.h"
#include "lib/types.h"

#define INIT_PATH_DEFAULT "/sbin/init"

struct initramfs_stats {
	unsigned int files;   /* regular files created */
	unsigned int dirs;    /* directories created, those made for names on the way included */
	unsigned int skipped; /* symlinks, devices, FIFOs, sockets and hard links left out */
	size_t bytes;	      /* in the regular files */
};

/*
 * Unpack the cpio archive of len bytes at cpio into the directory root, counting what was made
 * in *stats (may be NULL). A malformed archive is refused with a pr_err() message naming the
 * problem and its offset, and -EINVAL; -ENOMEM if memory ran out; -EEXIST if a file in the
 * archive has the name of a directory in root, or the reverse. On any error root is unchanged.
 * Task context.
 */
int initramfs_unpack_stats(struct ramfs_inode *root, const void *cpio, size_t len,
			   struct initramfs_stats *stats);

static inline int initramfs_unpack(struct ramfs_inode *root, const void *cpio, size_t len)
{
	return initramfs_unpack_stats(root, cpio, len, NULL);
}

/*
 * At boot: create the global root (ramfs_init()), unpack the first boot module into it if there
 * is one, print what it held, read init= from the command line and say whether that file exists.
 * A bad archive is reported and the root stays empty; boot goes on.
 */
void initramfs_init(void);

/* The program to run as init: init=PATH from the command line, or INIT_PATH_DEFAULT. */
const char *init_path(void);

#endif
