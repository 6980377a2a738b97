/* SPDX-License-Identifier: MIT */
/*
 * Tests of the initramfs unpacker. Each case writes its own small archive with the newc writer
 * below and unpacks it into a private root, never the global one. Refused archives must leave
 * the target exactly as it was: same listing, same contents, same number of live inodes.
 * (The refusals print their pr_err() lines: that is the message a user would see.)
 */
#include "kernel/fs/initramfs.h"

#include "kernel/cmdline.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/panic/panic.h"
#include "lib/cpio.h"
#include "lib/err.h"
#include "lib/printf.h"
#include "lib/string.h"

/* ---- A tiny newc writer ------------------------------------------------------------------- */

#define CW_CAPACITY (64 * 1024)

struct cpio_writer {
	u8 *buf; /* vmalloc'd, zeroed, CW_CAPACITY bytes */
	size_t len;
	const char *magic;
	unsigned int ino;
};

static void cw_pad(struct cpio_writer *w)
{
	w->len = ALIGN_UP(w->len, 4); /* the buffer is zeroed: padding is already there */
}

/* Append an entry; returns the offset of its header. */
static size_t cw_add(struct cpio_writer *w, const char *name, unsigned int mode, const void *data,
		     size_t size, unsigned int nlink, unsigned int check)
{
	size_t hdr = w->len, namesize = strlen(name) + 1;
	char tmp[CPIO_HEADER_SIZE + 1];

	BUG_ON(hdr + CPIO_HEADER_SIZE + namesize + size + 8 > CW_CAPACITY);
	snprintf(tmp, sizeof(tmp), "%s%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
		 w->magic ? w->magic : "070701", ++w->ino, mode, 0u, 0u, nlink, 0u, size, 0u, 0u,
		 0u, 0u, namesize, check);
	memcpy(w->buf + w->len, tmp, CPIO_HEADER_SIZE);
	w->len += CPIO_HEADER_SIZE;
	memcpy(w->buf + w->len, name, namesize);
	w->len += namesize;
	cw_pad(w);
	if (size)
		memcpy(w->buf + w->len, data, size);
	w->len += size;
	cw_pad(w);
	return hdr;
}

static size_t cw_file(struct cpio_writer *w, const char *name, const char *text)
{
	return cw_add(w, name, S_IFREG | 0644, text, strlen(text), 1, 0);
}

static size_t cw_dir(struct cpio_writer *w, const char *name, unsigned int perm)
{
	return cw_add(w, name, S_IFDIR | perm, NULL, 0, 2, 0);
}

static void cw_trailer(struct cpio_writer *w)
{
	cw_add(w, CPIO_TRAILER, 0, NULL, 0, 1, 0);
}

static void cw_init(struct ktest *t, struct cpio_writer *w)
{
	*w = (struct cpio_writer){ .buf = vmalloc(CW_CAPACITY) };
	KT_ASSERT_NOT_NULL(t, w->buf);
}

/* ---- Helpers --------------------------------------------------------------------------- */

static struct ramfs_inode *new_root(struct ktest *t)
{
	struct ramfs_inode *root = ramfs_new_root();

	KT_ASSERT_FALSE(t, IS_ERR(root));
	return root;
}

/* The inode at path, which must exist; the tree keeps it alive, so no reference is kept. */
static struct ramfs_inode *at(struct ktest *t, struct ramfs_inode *root, const char *path)
{
	struct ramfs_inode *inode;

	KT_ASSERT_EQ(t, ramfs_lookup(root, path, &inode), 0);
	ramfs_put(inode);
	return inode;
}

static bool exists(struct ramfs_inode *root, const char *path)
{
	struct ramfs_inode *inode;

	if (ramfs_lookup(root, path, &inode))
		return false;
	ramfs_put(inode);
	return true;
}

static const char *contents(struct ktest *t, struct ramfs_inode *root, const char *path, char *buf,
			    size_t size)
{
	ssize_t n = ramfs_read(at(t, root, path), buf, size - 1, 0);

	KT_ASSERT_GE(t, n, 0);
	buf[n] = '\0';
	return buf;
}

struct listing {
	struct ramfs_dir_context ctx;
	char text[256];
	size_t len;
};

static bool list_actor(struct ramfs_dir_context *ctx, const char *name, size_t len, u64 ino,
		       unsigned int d_type, loff_t next)
{
	struct listing *l = container_of(ctx, struct listing, ctx);

	if (l->len + len + 2 > sizeof(l->text))
		return false;
	memcpy(l->text + l->len, name, len);
	l->len += len;
	l->text[l->len++] = d_type == DT_DIR ? '/' : ',';
	l->text[l->len] = '\0';
	return true;
}

/* The entries of a directory, "." and ".." left out, as "dir/file,". */
static const char *list_dir(struct ktest *t, struct ramfs_inode *dir, struct listing *l)
{
	*l = (struct listing){ .ctx = { .actor = list_actor, .pos = 2 } };
	KT_ASSERT_EQ(t, ramfs_iterate_dir(dir, &l->ctx), 0);
	return l->text;
}

/* ---- Unpacking ------------------------------------------------------------------------- */

static void unpacks_files_and_directories_into_a_fresh_root(struct ktest *t)
{
	unsigned int before = ramfs_nr_inodes();
	struct ramfs_inode *root = new_root(t);
	struct initramfs_stats st;
	struct cpio_writer w;
	struct listing l;
	char buf[32];

	cw_init(t, &w);
	cw_dir(&w, ".", 0755);
	cw_dir(&w, "sbin", 0700);
	cw_add(&w, "sbin/init", S_IFREG | 0755, "#!init\n", 7, 1, 0);
	cw_file(&w, "etc/motd", "hello\n"); /* etc/ comes with it */
	cw_file(&w, "/abs/f", "a");	    /* a leading slash means the root */
	cw_file(&w, "./dot/./g", "gg");
	cw_trailer(&w);
	KT_ASSERT_EQ(t, initramfs_unpack_stats(root, w.buf, w.len, &st), 0);
	KT_EXPECT_EQ(t, st.files, 4);
	KT_EXPECT_EQ(t, st.dirs, 4);
	KT_EXPECT_EQ(t, st.bytes, 7 + 6 + 1 + 2);
	KT_EXPECT_EQ(t, st.skipped, 0);
	KT_EXPECT_STREQ(t, list_dir(t, root, &l), "sbin/etc/abs/dot/");
	KT_EXPECT_STREQ(t, contents(t, root, "/sbin/init", buf, sizeof(buf)), "#!init\n");
	KT_EXPECT_STREQ(t, contents(t, root, "/etc/motd", buf, sizeof(buf)), "hello\n");
	KT_EXPECT_STREQ(t, contents(t, root, "/abs/f", buf, sizeof(buf)), "a");
	KT_EXPECT_STREQ(t, contents(t, root, "/dot/g", buf, sizeof(buf)), "gg");
	KT_EXPECT_EQ(t, at(t, root, "/sbin")->mode, S_IFDIR | 0700);
	KT_EXPECT_EQ(t, at(t, root, "/sbin/init")->mode, S_IFREG | 0755);
	KT_EXPECT_EQ(t, at(t, root, "/etc")->mode, S_IFDIR | 0755); /* made on the way */
	KT_EXPECT_EQ(t, at(t, root, "/")->nlink, 6);
	vfree(w.buf);
	ramfs_kill_root(root);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before);
}

static void trailer_only_archive_creates_nothing(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t);
	struct initramfs_stats st;
	struct cpio_writer w;
	struct listing l;

	cw_init(t, &w);
	cw_trailer(&w);
	KT_EXPECT_EQ(t, initramfs_unpack_stats(root, w.buf, w.len, &st), 0);
	KT_EXPECT_EQ(t, st.files + st.dirs + st.skipped, 0);
	KT_EXPECT_STREQ(t, list_dir(t, root, &l), "");
	/* tools pad archives with zero blocks: accepted */
	KT_EXPECT_EQ(t, initramfs_unpack(root, w.buf, 1024), 0);
	vfree(w.buf);
	ramfs_kill_root(root);
}

static void symlinks_devices_and_hard_links_are_skipped_and_counted(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t);
	struct initramfs_stats st;
	struct cpio_writer w;
	struct listing l;

	cw_init(t, &w);
	cw_add(&w, "bin/sh", CPIO_S_IFLNK | 0777, "busybox", 7, 1, 0);
	cw_add(&w, "dev/console", CPIO_S_IFCHR | 0600, NULL, 0, 1, 0);
	cw_add(&w, "dev/sda", CPIO_S_IFBLK | 0600, NULL, 0, 1, 0);
	cw_add(&w, "run/fifo", CPIO_S_IFIFO | 0600, NULL, 0, 1, 0);
	cw_add(&w, "run/sock", CPIO_S_IFSOCK | 0600, NULL, 0, 1, 0);
	cw_add(&w, "twice", S_IFREG | 0644, "x", 1, 2, 0);
	cw_file(&w, "kept", "k");
	cw_trailer(&w);
	KT_ASSERT_EQ(t, initramfs_unpack_stats(root, w.buf, w.len, &st), 0);
	KT_EXPECT_EQ(t, st.skipped, 6);
	KT_EXPECT_EQ(t, st.files, 1);
	KT_EXPECT_EQ(t, st.dirs, 0); /* nothing is made on the way to a skipped entry */
	KT_EXPECT_STREQ(t, list_dir(t, root, &l), "kept,");
	vfree(w.buf);
	ramfs_kill_root(root);
}

/* Contents above a page go to vmalloc(); every byte must survive. */
static void large_file_comes_through_intact(struct ktest *t)
{
	enum { SIZE = 20000 };
	struct ramfs_inode *root = new_root(t);
	struct cpio_writer w;
	u8 *data = vmalloc(SIZE);
	const u8 *in_place;
	size_t size;

	cw_init(t, &w);
	KT_ASSERT_NOT_NULL(t, data);
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (u8)(i ^ (i >> 8));
	cw_add(&w, "usr/lib/big", S_IFREG | 0644, data, SIZE, 1, 0);
	cw_trailer(&w);
	KT_ASSERT_EQ(t, initramfs_unpack(root, w.buf, w.len), 0);
	in_place = ramfs_file_data(at(t, root, "/usr/lib/big"), &size);
	KT_EXPECT_EQ(t, size, SIZE);
	KT_EXPECT_TRUE(t, in_place && memcmp(in_place, data, SIZE) == 0);
	vfree(data);
	vfree(w.buf);
	ramfs_kill_root(root);
}

static void crc_archive_with_right_checksum_is_accepted(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t);
	struct cpio_writer w;

	cw_init(t, &w);
	w.magic = "070702";
	cw_add(&w, "f", S_IFREG | 0644, "abc", 3, 1, 'a' + 'b' + 'c');
	cw_trailer(&w);
	KT_EXPECT_EQ(t, initramfs_unpack(root, w.buf, w.len), 0);
	KT_EXPECT_TRUE(t, exists(root, "/f"));
	vfree(w.buf);
	ramfs_kill_root(root);
}

/* Into a tree that has things already: directories merge, files are replaced. */
static void unpacking_over_a_tree_merges_directories_and_replaces_files(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *etc, *old;
	struct cpio_writer w;
	struct listing l;
	char buf[16];

	etc = ramfs_mkdir(root, "etc", 0750);
	KT_ASSERT_FALSE(t, IS_ERR(etc));
	old = ramfs_create_file(etc, "motd", "old", 3, 0644);
	KT_ASSERT_FALSE(t, IS_ERR(old));
	ramfs_put(ramfs_create_file(etc, "keep", "k", 1, 0644));
	cw_init(t, &w);
	cw_dir(&w, "etc", 0755);
	cw_file(&w, "etc/motd", "new");
	cw_file(&w, "etc/added", "a");
	cw_trailer(&w);
	KT_ASSERT_EQ(t, initramfs_unpack(root, w.buf, w.len), 0);
	KT_EXPECT_STREQ(t, list_dir(t, etc, &l), "keep,motd,added,");
	KT_EXPECT_STREQ(t, contents(t, root, "/etc/motd", buf, sizeof(buf)), "new");
	KT_EXPECT_EQ(t, etc->mode, S_IFDIR | 0750); /* the existing directory keeps its mode */
	KT_EXPECT_EQ(t, ramfs_read(old, buf, sizeof(buf), 0), 3); /* still readable by its holder */
	ramfs_put(old);
	ramfs_put(etc);
	vfree(w.buf);
	ramfs_kill_root(root);
}

/* ---- Refusals -------------------------------------------------------------------------- */

/* A target with something in it, to show that a refusal leaves it alone. */
static struct ramfs_inode *populated_root(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *d;

	d = ramfs_mkdir(root, "keep", 0755);
	KT_ASSERT_FALSE(t, IS_ERR(d));
	ramfs_put(ramfs_create_file(d, "file", "precious", 8, 0644));
	ramfs_put(d);
	return root;
}

/* Unpacking must fail with err, and root must look exactly as populated_root() left it. */
static void expect_refused(struct ktest *t, const void *cpio, size_t len, int err)
{
	struct ramfs_inode *root = populated_root(t);
	unsigned int before = ramfs_nr_inodes();
	struct initramfs_stats st = { .files = 1234 };
	struct listing l;
	char buf[16];

	KT_EXPECT_EQ(t, initramfs_unpack_stats(root, cpio, len, &st), err);
	KT_EXPECT_EQ(t, st.files, 1234); /* not written on failure */
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before);
	KT_EXPECT_STREQ(t, list_dir(t, root, &l), "keep/");
	KT_EXPECT_STREQ(t, list_dir(t, at(t, root, "/keep"), &l), "file,");
	KT_EXPECT_STREQ(t, contents(t, root, "/keep/file", buf, sizeof(buf)), "precious");
	ramfs_kill_root(root);
}

/* Good entries first, so that a refusal after them shows that none of them was kept. */
static size_t start_archive(struct ktest *t, struct cpio_writer *w)
{
	cw_init(t, w);
	cw_dir(w, "sbin", 0755);
	cw_file(w, "sbin/init", "#!init\n");
	return cw_file(w, "keep/new", "would be added");
}

static void format_errors_are_refused_and_change_nothing(struct ktest *t)
{
	static const u8 gzip[CPIO_HEADER_SIZE] = { 0x1f, 0x8b, 0x08 };
	struct cpio_writer w;
	size_t last;

	expect_refused(t, "", 0, -EINVAL);
	expect_refused(t, gzip, sizeof(gzip), -EINVAL);

	last = start_archive(t, &w);
	expect_refused(t, w.buf, w.len, -EINVAL); /* no trailer */
	cw_trailer(&w);
	expect_refused(t, w.buf, last + 120, -EINVAL); /* cut inside the last file's data */
	w.buf[last + 3] = '9';			       /* magic 070901 */
	expect_refused(t, w.buf, w.len, -EINVAL);
	w.buf[last + 3] = '7';
	w.buf[last + 6 + 8 * 6 + 2] = 'z'; /* a filesize digit */
	expect_refused(t, w.buf, w.len, -EINVAL);
	vfree(w.buf);
}

/* Well-formed cpio, but not something this kernel will unpack. */
static void meaningless_entries_are_refused_and_change_nothing(struct ktest *t)
{
	static const struct {
		const char *name;
		unsigned int mode;
		const char *data;
	} bad[] = {
		{ "../escape", S_IFREG | 0644, "x" },
		{ "a/../../b", S_IFREG | 0644, "x" },
		{ "dir", S_IFDIR | 0755, "a directory with data" },
		{ "what", 0644, "" }, /* no file type */
		{ "odd", 0170000 | 0644, "" },
		{ "weird", 0200000 | S_IFREG | 0644, "" }, /* bits beyond st_mode */
		{ ".", S_IFREG | 0644, "the root as a file" },
	};
	struct cpio_writer w;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		start_archive(t, &w);
		cw_add(&w, bad[i].name, bad[i].mode, bad[i].data, strlen(bad[i].data), 1, 0);
		cw_trailer(&w);
		expect_refused(t, w.buf, w.len, -EINVAL);
		vfree(w.buf);
	}
}

static void name_component_longer_than_name_max_is_refused(struct ktest *t)
{
	char name[NAME_MAX + 8] = "d/";
	struct cpio_writer w;

	memset(name + 2, 'n', NAME_MAX + 1);
	name[NAME_MAX + 3] = '\0';
	start_archive(t, &w);
	cw_file(&w, name, "x");
	cw_trailer(&w);
	expect_refused(t, w.buf, w.len, -EINVAL);
	vfree(w.buf);
}

/* Found while building the private tree: names given twice, a file in a directory's way. */
static void clashing_names_in_one_archive_are_refused(struct ktest *t)
{
	struct cpio_writer w;

	start_archive(t, &w);
	cw_file(&w, "sbin/init", "again");
	cw_trailer(&w);
	expect_refused(t, w.buf, w.len, -EINVAL);
	vfree(w.buf);

	start_archive(t, &w);
	cw_file(&w, "sbin/init/x", "under a file");
	cw_trailer(&w);
	expect_refused(t, w.buf, w.len, -EINVAL);
	vfree(w.buf);

	start_archive(t, &w);
	cw_dir(&w, "sbin/init", 0755);
	cw_trailer(&w);
	expect_refused(t, w.buf, w.len, -EINVAL);
	vfree(w.buf);

	/* a directory given twice is fine */
	start_archive(t, &w);
	cw_dir(&w, "sbin", 0755);
	cw_trailer(&w);
	{
		struct ramfs_inode *root = new_root(t);

		KT_EXPECT_EQ(t, initramfs_unpack(root, w.buf, w.len), 0);
		ramfs_kill_root(root);
	}
	vfree(w.buf);
}

/* The archive is fine but does not fit the tree it is unpacked into. */
static void clash_with_the_existing_tree_is_eexist_and_changes_nothing(struct ktest *t)
{
	struct cpio_writer w;

	cw_init(t, &w);
	cw_file(&w, "sbin/init", "#!init\n");
	cw_file(&w, "keep", "a file where a directory is");
	cw_trailer(&w);
	expect_refused(t, w.buf, w.len, -EEXIST);
	vfree(w.buf);

	start_archive(t, &w);
	cw_file(&w, "keep/file/x", "under an existing file");
	cw_trailer(&w);
	expect_refused(t, w.buf, w.len, -EEXIST);
	vfree(w.buf);
}

/* ---- Boot ------------------------------------------------------------------------------ */

static void global_root_exists_with_or_without_a_boot_module(struct ktest *t)
{
	struct ramfs_inode *root = ramfs_root(), *found;

	KT_ASSERT_NOT_NULL(t, root);
	KT_EXPECT_TRUE(t, ramfs_is_dir(root));
	KT_ASSERT_EQ(t, ramfs_lookup(root, "/", &found), 0);
	KT_EXPECT_TRUE(t, found == root);
	ramfs_put(found);
	KT_EXPECT_GE(t, refcount_read(&root->refcount), 1);
}

static void init_path_is_the_command_line_value_or_sbin_init(struct ktest *t)
{
	char value[BOOT_CMDLINE_MAX];

	if (cmdline_param("init", value, sizeof(value)) && value[0])
		KT_EXPECT_STREQ(t, init_path(), value);
	else
		KT_EXPECT_STREQ(t, init_path(), "/sbin/init");
}

static const struct ktest_case initramfs_cases[] = {
	KTEST_CASE(unpacks_files_and_directories_into_a_fresh_root),
	KTEST_CASE(trailer_only_archive_creates_nothing),
	KTEST_CASE(symlinks_devices_and_hard_links_are_skipped_and_counted),
	KTEST_CASE(large_file_comes_through_intact),
	KTEST_CASE(crc_archive_with_right_checksum_is_accepted),
	KTEST_CASE(unpacking_over_a_tree_merges_directories_and_replaces_files),
	KTEST_CASE(format_errors_are_refused_and_change_nothing),
	KTEST_CASE(meaningless_entries_are_refused_and_change_nothing),
	KTEST_CASE(name_component_longer_than_name_max_is_refused),
	KTEST_CASE(clashing_names_in_one_archive_are_refused),
	KTEST_CASE(clash_with_the_existing_tree_is_eexist_and_changes_nothing),
	KTEST_CASE(global_root_exists_with_or_without_a_boot_module),
	KTEST_CASE(init_path_is_the_command_line_value_or_sbin_init),
	{},
};
KTEST_SUITE(initramfs, initramfs_cases);
