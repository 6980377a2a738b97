/* SPDX-License-Identifier: MIT */
/*
 * Unpacking the initramfs; the rules an archive must follow are in kernel/fs/initramfs.h.
 *
 * Three passes, so that a bad archive changes nothing: check every entry (lib/cpio.c checks the
 * format, classify() the meaning), build the tree in a private root, and move it into place.
 * The archive is read in place: file contents are copied into ramfs, names are not kept.
 */
#include "kernel/fs/initramfs.h"

#include <asm/page.h>

#include "kernel/cmdline.h"
#include "kernel/locking/lockdep.h"
#include "kernel/main.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "lib/cpio.h"
#include "lib/err.h"
#include "lib/string.h"

#define SKIP_WARN_MAX	   5 /* warnings printed for skipped entries; the rest are only counted */
#define IMPLICIT_DIR_MODE  0755
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

enum entry_kind {
	ENTRY_ROOT, /* ".", "/", "./": the directory being unpacked into; nothing to create */
	ENTRY_DIR,
	ENTRY_FILE,
	ENTRY_SKIP, /* a type ramfs cannot hold */
};

static char init_buf[BOOT_CMDLINE_MAX];
static const char *init_file = INIT_PATH_DEFAULT; /* set once, at boot */

const char *init_path(void)
{
	return init_file;
}

/*
 * The next component of a name at *p, skipping slashes and "." components: returns its length,
 * 0 at the end of the name, and leaves *p just after it.
 */
static size_t next_component(const char **p, const char **comp)
{
	const char *s = *p;

	for (;;) {
		size_t len;

		while (*s == '/')
			s++;
		for (len = 0; s[len] && s[len] != '/'; len++)
			;
		if (len == 1 && s[0] == '.') {
			s++;
			continue;
		}
		*comp = s;
		*p = s + len;
		return len;
	}
}

/* Does the name lead anywhere but the root? NULL if it is fine, else what is wrong with it. */
static const char *check_name(const char *name, bool *is_root)
{
	const char *comp;
	size_t len;

	*is_root = true;
	while ((len = next_component(&name, &comp))) {
		if (len == 2 && comp[0] == '.' && comp[1] == '.')
			return "name contains \"..\"";
		if (len > NAME_MAX)
			return "a name component is longer than NAME_MAX (255) bytes";
		*is_root = false;
	}
	return NULL;
}

/* Is the entry's type one ramfs skips? Names the kind in *what. */
static bool unsupported_type(const struct cpio_entry *e, const char **what)
{
	switch (e->mode & CPIO_S_IFMT) {
	case CPIO_S_IFLNK:
		*what = "symlinks";
		return true;
	case CPIO_S_IFCHR:
	case CPIO_S_IFBLK:
		*what = "device nodes";
		return true;
	case CPIO_S_IFIFO:
		*what = "FIFOs";
		return true;
	case CPIO_S_IFSOCK:
		*what = "sockets";
		return true;
	case CPIO_S_IFREG:
		*what = "hard links";
		return e->nlink > 1;
	}
	return false;
}

/* What to do with a well-formed entry; NULL in *why, or why it makes the archive bad. */
static enum entry_kind classify(const struct cpio_entry *e, const char **why)
{
	u32 type = e->mode & CPIO_S_IFMT;
	const char *what;
	bool is_root;

	*why = check_name(e->name, &is_root);
	if (*why)
		return ENTRY_SKIP;
	if (e->mode & ~(u32)(CPIO_S_IFMT | S_IALLUGO))
		*why = "mode has bits beyond the type and permissions";
	else if (type == CPIO_S_IFDIR && e->size)
		*why = "a directory with data";
	else if (type == CPIO_S_IFREG && e->size > RAMFS_FILE_MAX)
		*why = "file larger than RAMFS_FILE_MAX";
	else if (is_root && type != CPIO_S_IFDIR)
		*why = "the root is not a directory";
	else if (type == CPIO_S_IFDIR)
		return is_root ? ENTRY_ROOT : ENTRY_DIR;
	else if (unsupported_type(e, &what))
		return ENTRY_SKIP;
	else if (type == CPIO_S_IFREG)
		return ENTRY_FILE;
	else
		*why = "unknown file type";
	return ENTRY_SKIP;
}

static void report_cpio_error(const struct cpio_reader *r)
{
	pr_err("initramfs: bad archive: %s at offset %zu\n", cpio_strerror(r->error),
	       r->error_offset);
	if (r->error == CPIO_ERR_BAD_MAGIC && r->error_offset == 0 && r->len >= 2 &&
	    r->buf[0] == 0x1f && r->buf[1] == 0x8b)
		pr_err("initramfs: it is gzip-compressed; give the kernel the uncompressed cpio\n");
}

/* Pass 1: the format and every entry's meaning, before anything is created. */
static int check_archive(const void *cpio, size_t len)
{
	struct cpio_reader r;
	struct cpio_entry e;
	const char *why;
	int ret;

	cpio_reader_init(&r, cpio, len);
	while ((ret = cpio_next(&r, &e)) > 0) {
		classify(&e, &why);
		if (why) {
			pr_err("initramfs: bad archive: \"%s\" at offset %zu: %s\n", e.name,
			       e.offset, why);
			return -EINVAL;
		}
	}
	if (ret < 0)
		report_cpio_error(&r);
	return ret;
}

/*
 * The directory name in dir, made with mode if it does not exist: returned with a reference,
 * or an ERR_PTR (-ENOTDIR: a file has the name).
 */
static struct ramfs_inode *get_dir(struct ramfs_inode *dir, const char *name, umode_t mode,
				   struct initramfs_stats *st)
{
	struct ramfs_inode *child;
	int ret = ramfs_lookup_at(dir, dir, name, &child);

	if (ret == -ENOENT) {
		child = ramfs_mkdir(dir, name, mode);
		if (!IS_ERR(child))
			st->dirs++;
		return child;
	}
	if (ret)
		return ERR_PTR(ret);
	if (!ramfs_is_dir(child)) {
		ramfs_put(child);
		return ERR_PTR(-ENOTDIR);
	}
	return child;
}

/* Create one entry (a file or a directory) and the directories on its way, under root. */
static int stage_entry(struct ramfs_inode *root, const struct cpio_entry *e, enum entry_kind kind,
		       struct initramfs_stats *st)
{
	struct ramfs_inode *dir = ramfs_get(root), *child;
	const char *p = e->name, *comp, *next;
	char name[NAME_MAX + 1];
	size_t len = next_component(&p, &comp), next_len;

	for (;;) {
		memcpy(name, comp, len);
		name[len] = '\0';
		next_len = next_component(&p, &next);
		if (next_len == 0)
			break; /* name is the last component: the entry itself */
		child = get_dir(dir, name, IMPLICIT_DIR_MODE, st);
		ramfs_put(dir);
		if (IS_ERR(child))
			return (int)PTR_ERR(child);
		dir = child;
		comp = next;
		len = next_len;
	}
	if (kind == ENTRY_DIR) {
		child = get_dir(dir, name, (umode_t)e->mode, st);
	} else {
		child = ramfs_create_file(dir, name, e->data, e->size, (umode_t)e->mode);
		if (!IS_ERR(child)) {
			st->files++;
			st->bytes += e->size;
		}
	}
	ramfs_put(dir);
	if (IS_ERR(child))
		return (int)PTR_ERR(child);
	ramfs_put(child);
	return 0;
}

static void warn_skipped(const struct cpio_entry *e, struct initramfs_stats *st)
{
	const char *what = "entries of this type";

	unsupported_type(e, &what);
	if (++st->skipped <= SKIP_WARN_MAX)
		pr_warn("initramfs: skipping \"%s\": ramfs has no %s\n", e->name, what);
	else if (st->skipped == SKIP_WARN_MAX + 1)
		pr_warn("initramfs: skipping more entries (counted, not listed)\n");
}

/* Pass 2: build the archive's tree under root, a private tree nobody else sees. */
static int stage_archive(struct ramfs_inode *root, const void *cpio, size_t len,
			 struct initramfs_stats *st)
{
	struct cpio_reader r;
	struct cpio_entry e;
	const char *why;
	int ret;

	cpio_reader_init(&r, cpio, len);
	while (cpio_next(&r, &e) > 0) {
		enum entry_kind kind = classify(&e, &why);

		BUG_ON(why); /* check_archive() accepted it */
		if (kind == ENTRY_ROOT)
			continue;
		if (kind == ENTRY_SKIP) {
			warn_skipped(&e, st);
			continue;
		}
		ret = stage_entry(root, &e, kind, st);
		if (ret == -ENOMEM) {
			pr_err("initramfs: out of memory at \"%s\" (offset %zu)\n", e.name,
			       e.offset);
			return ret;
		}
		if (ret) {
			pr_err("initramfs: bad archive: \"%s\" at offset %zu: %s\n", e.name,
			       e.offset,
			       ret == -EEXIST	 ? "the name is given twice"
			       : ret == -ENOTDIR ? "a file is in the way of a directory"
						 : "cannot be created");
			return -EINVAL;
		}
	}
	return 0;
}

int initramfs_unpack_stats(struct ramfs_inode *root, const void *cpio, size_t len,
			   struct initramfs_stats *stats)
{
	struct initramfs_stats st = { 0 };
	struct ramfs_inode *staging;
	int ret;

	might_sleep();
	ret = check_archive(cpio, len);
	if (ret)
		return ret;
	staging = ramfs_new_root();
	if (IS_ERR(staging))
		return (int)PTR_ERR(staging);
	ret = stage_archive(staging, cpio, len, &st);
	if (!ret) {
		/* Pass 3: move it into place, all or nothing. */
		ret = ramfs_merge_tree(root, staging);
		if (ret == -ENOTDIR || ret == -EISDIR) {
			pr_err("initramfs: the archive has a file where the tree has a directory, "
			       "or the reverse\n");
			ret = -EEXIST;
		}
	}
	ramfs_kill_root(staging); /* empty if the move happened; else frees what was built */
	if (!ret && stats)
		*stats = st;
	return ret;
}

/* ---- Boot -------------------------------------------------------------------------------- */

static void parse_init_param(void)
{
	if (!cmdline_param("init", init_buf, sizeof(init_buf)))
		return;
	if (!init_buf[0]) {
		pr_warn("initramfs: init= is empty; using %s\n", INIT_PATH_DEFAULT);
		return;
	}
	if (init_buf[0] != '/')
		pr_warn("initramfs: init=%s is not an absolute path; looking for it from /\n",
			init_buf);
	init_file = init_buf;
}

static void unpack_boot_module(void)
{
	const struct boot_module *m = &boot_info->modules[0];
	struct initramfs_stats st;
	size_t len;

	if (boot_info->module_count > 1)
		pr_warn("initramfs: %u boot modules; using the first, \"%s\"\n",
			boot_info->module_count, m->name);
	if (m->phys_end <= m->phys_start) {
		pr_err("initramfs: boot module \"%s\" is empty\n", m->name);
		return;
	}
	len = m->phys_end - m->phys_start;
	if (initramfs_unpack_stats(ramfs_root(), __va(m->phys_start), len, &st)) {
		pr_err("initramfs: archive refused; the root file system is empty\n");
		return;
	}
	if (st.skipped)
		pr_info("initramfs: %u files, %u directories, %zu KiB; skipped %u "
			"(symlinks, devices, hard links)\n",
			st.files, st.dirs, DIV_ROUND_UP(st.bytes, 1024), st.skipped);
	else
		pr_info("initramfs: %u files, %u directories, %zu KiB\n", st.files, st.dirs,
			DIV_ROUND_UP(st.bytes, 1024));
}

/* Say whether init= names something init could be: a file with an execute bit. */
static void check_init(void)
{
	struct ramfs_inode *inode;
	int ret = ramfs_lookup(ramfs_root(), init_file, &inode);

	if (ret) {
		pr_warn("initramfs: init %s: %s\n", init_file,
			ret == -ENOENT	       ? "not found"
			: ret == -ENOTDIR      ? "a component of the path is not a directory"
			: ret == -ENAMETOOLONG ? "path too long"
					       : "cannot be looked up");
		return;
	}
	if (ramfs_is_dir(inode))
		pr_warn("initramfs: init %s is a directory\n", init_file);
	else if (!(inode->mode & 0111))
		pr_warn("initramfs: init %s is not executable (mode 0%o)\n", init_file,
			inode->mode & S_IALLUGO);
	else
		pr_info("initramfs: init is %s (%zu bytes)\n", init_file, inode->file.size);
	ramfs_put(inode);
}

void initramfs_init(void)
{
	ramfs_init();
	parse_init_param();
	if (boot_info->module_count == 0)
		pr_info("initramfs: none (no boot module); the root file system is empty\n");
	else
		unpack_boot_module();
	check_init();
}
