/* SPDX-License-Identifier: MIT */
/*
 * Tests of ramfs: names and lookups, contents, listings, references and removal, merging trees,
 * and many threads at once. Every case builds a private tree and kills it at the end, then checks
 * that the number of live inodes is back where it started.
 */
#include "kernel/fs/ramfs.h"

#include "kernel/ktest/ktest.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"
#include "lib/err.h"
#include "lib/printf.h"
#include "lib/string.h"

#define WAIT_JIFFIES (20 * HZ) /* only a hang takes this long */

/* ---- Helpers --------------------------------------------------------------------------- */

static struct ramfs_inode *new_root(struct ktest *t)
{
	struct ramfs_inode *root = ramfs_new_root();

	KT_ASSERT_FALSE(t, IS_ERR(root));
	return root;
}

/* The parent directory of path (everything before its last '/'), with a reference. */
static struct ramfs_inode *parent_of(struct ktest *t, struct ramfs_inode *root, const char *path,
				     const char **last)
{
	char dir[128];
	const char *slash = strrchr(path, '/');
	struct ramfs_inode *inode;
	size_t len = slash ? (size_t)(slash - path) : 0;

	KT_ASSERT_LT(t, len, sizeof(dir));
	memcpy(dir, path, len);
	dir[len] = '\0';
	*last = slash ? slash + 1 : path;
	KT_ASSERT_EQ(t, ramfs_lookup(root, len ? dir : "/", &inode), 0);
	return inode;
}

/*
 * Build a tree from a list: "a/b/" makes a directory, "a/f=text" a file holding "text". Parents
 * must come first. The list ends with NULL.
 */
static void make_tree(struct ktest *t, struct ramfs_inode *root, const char *const *spec)
{
	for (; *spec; spec++) {
		char path[128];
		const char *eq = strchr(*spec, '='), *name;
		size_t len = eq ? (size_t)(eq - *spec) : strlen(*spec);
		struct ramfs_inode *dir, *inode;

		KT_ASSERT_LT(t, len, sizeof(path));
		memcpy(path, *spec, len);
		path[len] = '\0';
		if (!eq)
			path[--len] = '\0'; /* drop the trailing '/' */
		dir = parent_of(t, root, path, &name);
		if (eq)
			inode = ramfs_create_file(dir, name, eq + 1, strlen(eq + 1), 0644);
		else
			inode = ramfs_mkdir(dir, name, 0755);
		ramfs_put(dir);
		KT_ASSERT_FALSE(t, IS_ERR(inode));
		ramfs_put(inode);
	}
}

/* The error of looking path up (0 if found; the reference is dropped). */
static int lookup_err(struct ramfs_inode *root, struct ramfs_inode *start, const char *path)
{
	struct ramfs_inode *inode;
	int ret = ramfs_lookup_at(root, start, path, &inode);

	if (!ret)
		ramfs_put(inode);
	return ret;
}

/* The inode path leads to, which must exist; the reference is dropped (the tree holds one). */
static struct ramfs_inode *at(struct ktest *t, struct ramfs_inode *root, const char *path)
{
	struct ramfs_inode *inode;

	KT_ASSERT_EQ(t, ramfs_lookup(root, path, &inode), 0);
	ramfs_put(inode);
	return inode;
}

/* The contents of the file at path, as a string in buf. */
static const char *contents(struct ktest *t, struct ramfs_inode *root, const char *path, char *buf,
			    size_t size)
{
	ssize_t n = ramfs_read(at(t, root, path), buf, size - 1, 0);

	KT_ASSERT_GE(t, n, 0);
	buf[n] = '\0';
	return buf;
}

/* A listing as "name,name,...", stopping after max entries. */
struct listing {
	struct ramfs_dir_context ctx;
	char text[512];
	size_t len;
	unsigned int count, max;
	loff_t last_next;
};

static bool list_actor(struct ramfs_dir_context *ctx, const char *name, size_t len, u64 ino,
		       unsigned int d_type, loff_t next)
{
	struct listing *l = container_of(ctx, struct listing, ctx);

	if (l->count == l->max || l->len + len + 2 > sizeof(l->text))
		return false;
	memcpy(l->text + l->len, name, len);
	l->len += len;
	l->text[l->len++] = d_type == DT_DIR ? '/' : ',';
	l->text[l->len] = '\0';
	l->count++;
	l->last_next = next;
	return true;
}

/* List dir from position pos, at most max entries; returns the text. */
static const char *list_dir(struct ktest *t, struct ramfs_inode *dir, struct listing *l, loff_t pos,
			    unsigned int max)
{
	*l = (struct listing){ .ctx = { .actor = list_actor, .pos = pos }, .max = max };
	KT_ASSERT_EQ(t, ramfs_iterate_dir(dir, &l->ctx), 0);
	return l->text;
}

static const char *const sample_tree[] = {
	"a/", "a/b/", "a/b/deep=down here", "a/file=hello", "etc/", "etc/motd=welcome\n", NULL,
};

/* ---- Cases ----------------------------------------------------------------------------- */

static void new_root_is_an_empty_directory(struct ktest *t)
{
	unsigned int before = ramfs_nr_inodes();
	struct ramfs_inode *root = new_root(t);
	struct listing l;
	struct kstat st;

	ramfs_stat(root, &st);
	KT_EXPECT_EQ(t, st.mode, S_IFDIR | 0755);
	KT_EXPECT_EQ(t, st.nlink, 2);
	KT_EXPECT_EQ(t, st.size, 0);
	KT_EXPECT_EQ(t, refcount_read(&root->refcount), 1);
	KT_EXPECT_TRUE(t, at(t, root, "/") == root);
	KT_EXPECT_STREQ(t, list_dir(t, root, &l, 0, 100), "./../");
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before + 1);
	ramfs_kill_root(root);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before);
}

static void files_read_back_whole_and_in_pieces(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *f;
	char buf[32];

	make_tree(t, root, sample_tree);
	f = at(t, root, "/a/file");
	KT_EXPECT_STREQ(t, contents(t, root, "/a/file", buf, sizeof(buf)), "hello");
	KT_EXPECT_EQ(t, ramfs_read(f, buf, 2, 1), 2);
	KT_EXPECT_TRUE(t, memcmp(buf, "el", 2) == 0);
	KT_EXPECT_EQ(t, ramfs_read(f, buf, 100, 3), 2); /* short at the end */
	KT_EXPECT_EQ(t, ramfs_read(f, buf, 100, 5), 0); /* EOF */
	KT_EXPECT_EQ(t, ramfs_read(f, buf, 100, 1000), 0);
	KT_EXPECT_EQ(t, ramfs_read(f, buf, 0, 0), 0);
	KT_EXPECT_EQ(t, ramfs_read(f, buf, 1, -1), -EINVAL);
	KT_EXPECT_EQ(t, ramfs_read(at(t, root, "/a"), buf, 1, 0), -EISDIR);
	ramfs_kill_root(root);
}

static void empty_file_reads_as_end_of_file(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *f;
	size_t size = 99;
	char buf[4];

	f = ramfs_create_file(root, "empty", NULL, 0, 0600);
	KT_ASSERT_FALSE(t, IS_ERR(f));
	KT_EXPECT_EQ(t, ramfs_read(f, buf, sizeof(buf), 0), 0);
	KT_EXPECT_NULL(t, ramfs_file_data(f, &size));
	KT_EXPECT_EQ(t, size, 0);
	ramfs_put(f);
	ramfs_kill_root(root);
}

/* Large contents come from vmalloc(); every byte must come back, across page boundaries. */
static void large_file_reads_back_every_byte(struct ktest *t)
{
	size_t size = 3 * PAGE_SIZE + 5, got = 0;
	struct ramfs_inode *root = new_root(t), *f;
	u8 *data = vmalloc(size), buf[100];
	const u8 *in_place;
	bool same = true;

	KT_ASSERT_NOT_NULL(t, data);
	for (size_t i = 0; i < size; i++)
		data[i] = (u8)(i * 7 + i / 256);
	f = ramfs_create_file(root, "big", data, size, 0644);
	KT_ASSERT_FALSE(t, IS_ERR(f));
	KT_EXPECT_TRUE(t, f->file.vmalloced);
	for (loff_t off = 0;; off += sizeof(buf)) {
		ssize_t n = ramfs_read(f, buf, sizeof(buf), off);

		if (n <= 0)
			break;
		same &= memcmp(buf, data + off, (size_t)n) == 0;
		got += (size_t)n;
	}
	KT_EXPECT_EQ(t, got, size);
	KT_EXPECT_TRUE(t, same);
	in_place = ramfs_file_data(f, &got);
	KT_EXPECT_EQ(t, got, size);
	KT_EXPECT_TRUE(t, memcmp(in_place, data, size) == 0);
	vfree(data);
	ramfs_put(f);
	ramfs_kill_root(root);
}

static void lookup_folds_slashes_dots_and_dotdots(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *b;

	make_tree(t, root, sample_tree);
	b = at(t, root, "/a/b");
	KT_EXPECT_TRUE(t, at(t, root, "//a///b") == b);
	KT_EXPECT_TRUE(t, at(t, root, "/a/b/") == b);
	KT_EXPECT_TRUE(t, at(t, root, "/a/./b/.") == b);
	KT_EXPECT_TRUE(t, at(t, root, "/a/b/../b") == b);
	KT_EXPECT_TRUE(t, at(t, root, "/a/b/..") == at(t, root, "/a"));
	KT_EXPECT_TRUE(t, at(t, root, "/..") == root);
	KT_EXPECT_TRUE(t, at(t, root, "/../../a/..") == root);
	KT_EXPECT_TRUE(t, at(t, root, "a/b") == b); /* no start: relative to root */
	KT_EXPECT_TRUE(t, at(t, root, ".") == root);
	ramfs_kill_root(root);
}

static void lookup_reports_enoent_enotdir_and_enametoolong(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t);
	static char long_path[PATH_MAX + 1];
	char name[NAME_MAX + 2];

	make_tree(t, root, sample_tree);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/nothing"), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/a/nothing/b"), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, ""), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/a/file/x"), -ENOTDIR);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/a/file/"), -ENOTDIR);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/a/file/."), -ENOTDIR);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/a/file/.."), -ENOTDIR);
	KT_EXPECT_EQ(t, lookup_err(root, NULL, "/a/file"), 0);

	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	KT_EXPECT_EQ(t, lookup_err(root, NULL, name), -ENOENT); /* 255 bytes: a legal name */
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = '\0';
	KT_EXPECT_EQ(t, lookup_err(root, NULL, name), -ENAMETOOLONG);

	/* "/./././..." : PATH_MAX - 1 bytes is a legal path, PATH_MAX bytes is not */
	for (size_t i = 0; i < PATH_MAX; i++)
		long_path[i] = i % 2 ? '.' : '/';
	long_path[PATH_MAX - 1] = '\0';
	KT_EXPECT_EQ(t, lookup_err(root, NULL, long_path), 0);
	long_path[PATH_MAX - 1] = '/';
	long_path[PATH_MAX] = '\0';
	KT_EXPECT_EQ(t, lookup_err(root, NULL, long_path), -ENAMETOOLONG);
	ramfs_kill_root(root);
}

/* openat(): relative paths start at a directory, absolute ones at root, ".." stops at root. */
static void lookup_at_starts_relative_paths_at_the_given_directory(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *a;

	make_tree(t, root, sample_tree);
	a = at(t, root, "/a");
	KT_EXPECT_EQ(t, lookup_err(root, a, "file"), 0);
	KT_EXPECT_EQ(t, lookup_err(root, a, "b/deep"), 0);
	KT_EXPECT_EQ(t, lookup_err(root, a, "../etc/motd"), 0);
	KT_EXPECT_EQ(t, lookup_err(root, a, "etc"), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(root, a, "/etc"), 0);
	KT_EXPECT_EQ(t, lookup_err(root, at(t, root, "/a/file"), "x"), -ENOTDIR);
	/* a as the root (a chroot): ".." cannot leave it, "/" is a */
	KT_EXPECT_EQ(t, lookup_err(a, a, "../../file"), 0);
	KT_EXPECT_EQ(t, lookup_err(a, NULL, "/etc"), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(a, at(t, root, "/a/b"), "../../file"), 0);
	ramfs_kill_root(root);
}

static void create_refuses_bad_and_taken_names(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *f;
	char name[NAME_MAX + 2];

	make_tree(t, root, sample_tree);
	f = at(t, root, "/a/file");
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(root, "", 0755)), -EINVAL);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(root, ".", 0755)), -EINVAL);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(root, "..", 0755)), -EINVAL);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(root, "x/y", 0755)), -EINVAL);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_create_file(root, "/x", "", 0, 0644)), -EINVAL);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(root, "a", 0755)), -EEXIST);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_create_file(root, "etc", "x", 1, 0644)), -EEXIST);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(f, "x", 0755)), -ENOTDIR);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_create_file(f, "x", "", 0, 0644)), -ENOTDIR);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_create_file(root, "huge", "", RAMFS_FILE_MAX + 1, 0644)),
		     -EFBIG);
	memset(name, 'n', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(root, name, 0755)), -ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	f = ramfs_mkdir(root, name, 0755);
	KT_EXPECT_FALSE(t, IS_ERR(f));
	if (!IS_ERR(f))
		ramfs_put(f);
	ramfs_kill_root(root);
}

static void mode_keeps_permission_bits_and_takes_the_type_from_the_call(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *d, *f;

	d = ramfs_mkdir(root, "d", S_IFREG | 01750);
	f = ramfs_create_file(root, "f", "x", 1, S_IFDIR | 04711);
	KT_ASSERT_FALSE(t, IS_ERR(d) || IS_ERR(f));
	KT_EXPECT_EQ(t, d->mode, S_IFDIR | 01750);
	KT_EXPECT_EQ(t, f->mode, S_IFREG | 04711);
	ramfs_put(d);
	ramfs_put(f);
	ramfs_kill_root(root);
}

static void stat_reports_what_fstat_needs(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t);
	char data[1000] = { 0 };
	struct ramfs_inode *f = ramfs_create_file(root, "f", data, sizeof(data), 0640);
	struct kstat st, st_root;

	KT_ASSERT_FALSE(t, IS_ERR(f));
	make_tree(t, root, sample_tree);
	ramfs_stat(f, &st);
	KT_EXPECT_EQ(t, st.mode, S_IFREG | 0640);
	KT_EXPECT_EQ(t, st.size, 1000);
	KT_EXPECT_EQ(t, st.nlink, 1);
	KT_EXPECT_EQ(t, st.blksize, 4096);
	KT_EXPECT_EQ(t, st.blocks, 8); /* one page in 512-byte units */
	KT_EXPECT_EQ(t, st.ino, f->ino);
	ramfs_stat(root, &st_root);
	KT_EXPECT_NE(t, st_root.ino, st.ino);
	KT_EXPECT_EQ(t, st_root.size, 3);  /* f, a, etc */
	KT_EXPECT_EQ(t, st_root.nlink, 4); /* 2 + the subdirectories a and etc */
	ramfs_stat(at(t, root, "/a"), &st);
	KT_EXPECT_EQ(t, st.nlink, 3);
	KT_EXPECT_EQ(t, st.blocks, 0);
	ramfs_put(f);
	ramfs_kill_root(root);
}

static void listing_gives_dots_then_entries_in_creation_order(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t);
	struct listing l;

	make_tree(t, root, sample_tree);
	KT_EXPECT_STREQ(t, list_dir(t, root, &l, 0, 100), "./../a/etc/");
	KT_EXPECT_STREQ(t, list_dir(t, at(t, root, "/a"), &l, 0, 100), "./../b/file,");
	KT_EXPECT_EQ(t, l.last_next, 4);
	KT_EXPECT_EQ(t, ramfs_iterate_dir(at(t, root, "/a/file"), &l.ctx), -ENOTDIR);
	l.ctx.pos = -1;
	KT_EXPECT_EQ(t, ramfs_iterate_dir(root, &l.ctx), -EINVAL);
	ramfs_kill_root(root);
}

/* Reading a listing one entry per call, resuming each time, gives the whole listing. */
static void listing_resumes_from_every_position(struct ktest *t)
{
	static const char *const tree[] = { "d/", "d/1=", "d/22/", "d/333=", "d/4444=", NULL };
	struct ramfs_inode *root = new_root(t), *d;
	char joined[128] = "";
	struct listing l, whole;
	loff_t pos = 0;

	make_tree(t, root, tree);
	d = at(t, root, "/d");
	list_dir(t, d, &whole, 0, 100);
	for (int calls = 0; calls < 10; calls++) {
		list_dir(t, d, &l, pos, 1);
		if (!l.count)
			break;
		KT_EXPECT_EQ(t, l.ctx.pos, l.last_next); /* ctx->pos moved past the entry */
		pos = l.ctx.pos;
		KT_ASSERT_LT(t, strlen(joined) + l.len, sizeof(joined));
		memcpy(joined + strlen(joined), l.text, l.len + 1);
	}
	KT_EXPECT_STREQ(t, joined, whole.text);
	/* from the position after "22/": the two entries after it */
	KT_EXPECT_STREQ(t, list_dir(t, d, &l, 4, 100), "333,4444,");
	ramfs_kill_root(root);
}

/* Positions are not indexes: entries added later come after, a replaced one moves to the end. */
static void listing_positions_stay_put_when_entries_come_and_go(struct ktest *t)
{
	static const char *const tree[] = { "x=1", "y=2", "z=3", NULL };
	static const char *const update[] = { "y=new", "w=4", NULL };
	struct ramfs_inode *root = new_root(t), *src = new_root(t);
	struct listing l;
	loff_t after_x;

	make_tree(t, root, tree);
	list_dir(t, root, &l, 0, 3); /* ".", "..", "x" */
	after_x = l.ctx.pos;
	make_tree(t, src, update);
	KT_ASSERT_EQ(t, ramfs_merge_tree(root, src), 0); /* y is replaced: removed and re-added */
	KT_EXPECT_STREQ(t, list_dir(t, root, &l, after_x, 100), "z,y,w,");
	ramfs_kill_root(src);
	ramfs_kill_root(root);
}

/* An open file (a reference) keeps its inode and contents after the tree is gone. */
static void held_file_outlives_its_tree(struct ktest *t)
{
	unsigned int before = ramfs_nr_inodes();
	struct ramfs_inode *root = new_root(t), *f;
	char buf[16];

	make_tree(t, root, sample_tree);
	KT_ASSERT_EQ(t, ramfs_lookup(root, "/etc/motd", &f), 0);
	KT_EXPECT_EQ(t, refcount_read(&f->refcount), 2); /* its name and us */
	ramfs_kill_root(root);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before + 1);
	KT_EXPECT_EQ(t, refcount_read(&f->refcount), 1);
	KT_EXPECT_EQ(t, f->nlink, 0);
	KT_EXPECT_EQ(t, ramfs_read(f, buf, sizeof(buf), 0), 8);
	KT_EXPECT_TRUE(t, memcmp(buf, "welcome\n", 8) == 0);
	ramfs_put(f);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before);
}

/* A held directory outlives its tree too, but is empty and refuses everything. */
static void held_directory_after_its_tree_is_gone_refuses_names(struct ktest *t)
{
	struct ramfs_inode *root = new_root(t), *a, *r;
	struct listing l = { .ctx = { .actor = list_actor } };

	make_tree(t, root, sample_tree);
	KT_ASSERT_EQ(t, ramfs_lookup(root, "/a", &a), 0);
	r = ramfs_get(root);
	ramfs_kill_root(root);
	KT_EXPECT_EQ(t, lookup_err(r, a, "file"), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(r, a, "."), -ENOENT);
	KT_EXPECT_EQ(t, lookup_err(r, NULL, "/"), -ENOENT);
	KT_EXPECT_EQ(t, ramfs_iterate_dir(a, &l.ctx), -ENOENT);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_mkdir(a, "new", 0755)), -ENOENT);
	KT_EXPECT_EQ(t, PTR_ERR(ramfs_create_file(r, "new", "", 0, 0644)), -ENOENT);
	KT_EXPECT_EQ(t, a->nlink, 0);
	ramfs_put(a);
	ramfs_put(r);
}

/* Removal walks without recursion: a path 1000 directories deep is built and torn down. */
static void deep_tree_is_created_looked_up_and_freed(struct ktest *t)
{
	enum { DEPTH = 1000 };
	unsigned int before = ramfs_nr_inodes();
	struct ramfs_inode *root = new_root(t), *dir = ramfs_get(root), *found;
	char *path = kmalloc(2 * DEPTH + 8, GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, path);
	for (int i = 0; i < DEPTH; i++) {
		struct ramfs_inode *sub = ramfs_mkdir(dir, "d", 0755);

		ramfs_put(dir);
		KT_ASSERT_FALSE(t, IS_ERR(sub));
		dir = sub;
		path[2 * i] = '/';
		path[2 * i + 1] = 'd';
	}
	path[2 * DEPTH] = '\0';
	KT_EXPECT_EQ(t, ramfs_lookup(root, path, &found), 0);
	KT_EXPECT_TRUE(t, found == dir);
	ramfs_put(found);
	ramfs_put(dir);
	kfree(path);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before + DEPTH + 1);
	ramfs_kill_root(root);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before);
}

static void merge_moves_new_entries_merges_directories_and_replaces_files(struct ktest *t)
{
	static const char *const dst_tree[] = { "a/", "a/keep=old", "a/swap=old", "b/", NULL };
	static const char *const src_tree[] = { "a/", "a/swap=new", "a/sub/", "a/sub/f=x",
						"c/", "c/g=y",	    "top=t",  NULL };
	unsigned int before = ramfs_nr_inodes();
	struct ramfs_inode *dst = new_root(t), *src = new_root(t), *old_swap;
	struct listing l;
	char buf[8];

	make_tree(t, dst, dst_tree);
	make_tree(t, src, src_tree);
	KT_ASSERT_EQ(t, ramfs_lookup(dst, "/a/swap", &old_swap), 0);
	KT_ASSERT_EQ(t, ramfs_merge_tree(dst, src), 0);
	KT_EXPECT_STREQ(t, list_dir(t, dst, &l, 0, 100), "./../a/b/c/top,");
	KT_EXPECT_STREQ(t, list_dir(t, at(t, dst, "/a"), &l, 0, 100), "./../keep,swap,sub/");
	KT_EXPECT_STREQ(t, contents(t, dst, "/a/swap", buf, sizeof(buf)), "new");
	KT_EXPECT_STREQ(t, contents(t, dst, "/a/keep", buf, sizeof(buf)), "old");
	KT_EXPECT_STREQ(t, contents(t, dst, "/c/g", buf, sizeof(buf)), "y");
	KT_EXPECT_TRUE(t, at(t, dst, "/a/sub/..") == at(t, dst, "/a")); /* ".." follows the move */
	KT_EXPECT_STREQ(t, list_dir(t, src, &l, 0, 100), "./../");
	KT_EXPECT_EQ(t, at(t, dst, "/")->nlink, 5);
	KT_EXPECT_EQ(t, at(t, dst, "/a")->nlink, 3);
	KT_EXPECT_EQ(t, src->nlink, 2);
	/* the replaced file lives on for its holder */
	KT_EXPECT_EQ(t, ramfs_read(old_swap, buf, sizeof(buf), 0), 3);
	KT_EXPECT_EQ(t, old_swap->nlink, 0);
	ramfs_put(old_swap);
	ramfs_kill_root(src);
	ramfs_kill_root(dst);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before);
}

static void merge_conflict_between_file_and_directory_moves_nothing(struct ktest *t)
{
	static const char *const dst_tree[] = { "a/", "a/x=file", "d/", NULL };
	static const char *const src1[] = { "new=1", "a/", "a/x/", "a/x/y=2", NULL };
	static const char *const src2[] = { "new=1", "d=3", NULL };
	struct ramfs_inode *dst = new_root(t), *src = new_root(t);
	struct listing l;

	make_tree(t, dst, dst_tree);
	make_tree(t, src, src1);
	KT_EXPECT_EQ(t, ramfs_merge_tree(dst, src), -ENOTDIR);
	KT_EXPECT_STREQ(t, list_dir(t, dst, &l, 0, 100), "./../a/d/");
	KT_EXPECT_STREQ(t, list_dir(t, src, &l, 0, 100), "./../new,a/");
	KT_EXPECT_EQ(t, lookup_err(src, NULL, "/a/x/y"), 0);
	ramfs_kill_root(src);

	src = new_root(t);
	make_tree(t, src, src2);
	KT_EXPECT_EQ(t, ramfs_merge_tree(dst, src), -EISDIR);
	KT_EXPECT_STREQ(t, list_dir(t, dst, &l, 0, 100), "./../a/d/");
	ramfs_kill_root(src);
	ramfs_kill_root(dst);
}

/* Threads creating in their own directory and looking up each other's files, all at once. */
#define NR_WORKERS 4
#define NR_FILES   40

struct worker {
	struct ramfs_inode *root;
	unsigned int id;
	int errors;
	struct completion done;
};

static int worker_fn(void *arg)
{
	struct worker *w = arg;
	struct ramfs_inode *dir, *f;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "w%u", w->id);
	dir = ramfs_mkdir(w->root, name, 0755);
	if (IS_ERR(dir)) {
		w->errors++;
		goto out;
	}
	for (unsigned int i = 0; i < NR_FILES; i++) {
		snprintf(name, sizeof(name), "f%u", i);
		f = ramfs_create_file(dir, name, name, strlen(name), 0644);
		if (IS_ERR(f))
			w->errors++;
		else
			ramfs_put(f);
		/* look at a neighbour's work: found or not yet, never anything else */
		snprintf(name, sizeof(name), "/w%u/f%u", (w->id + 1) % NR_WORKERS, i);
		ret = lookup_err(w->root, NULL, name);
		if (ret != 0 && ret != -ENOENT)
			w->errors++;
	}
	ramfs_put(dir);
out:
	complete(&w->done);
	return 0;
}

static void concurrent_creates_and_lookups_agree(struct ktest *t)
{
	static struct worker workers[NR_WORKERS];
	struct ramfs_inode *root = new_root(t);
	struct kstat st;

	for (unsigned int i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct worker){ .root = root, .id = i };
		init_completion(&workers[i].done);
		KT_ASSERT_FALSE(t, IS_ERR(kthread_run(worker_fn, &workers[i], "ramfs/%u", i)));
	}
	for (unsigned int i = 0; i < NR_WORKERS; i++) {
		KT_ASSERT_GT(t, wait_for_completion_timeout(&workers[i].done, WAIT_JIFFIES), 0);
		KT_EXPECT_EQ(t, workers[i].errors, 0);
	}
	ramfs_stat(root, &st);
	KT_EXPECT_EQ(t, st.size, NR_WORKERS);
	for (unsigned int i = 0; i < NR_WORKERS; i++) {
		char path[16];

		snprintf(path, sizeof(path), "/w%u", i);
		ramfs_stat(at(t, root, path), &st);
		KT_EXPECT_EQ(t, st.size, NR_FILES);
	}
	ramfs_kill_root(root);
}

static const struct ktest_case ramfs_cases[] = {
	KTEST_CASE(new_root_is_an_empty_directory),
	KTEST_CASE(files_read_back_whole_and_in_pieces),
	KTEST_CASE(empty_file_reads_as_end_of_file),
	KTEST_CASE(large_file_reads_back_every_byte),
	KTEST_CASE(lookup_folds_slashes_dots_and_dotdots),
	KTEST_CASE(lookup_reports_enoent_enotdir_and_enametoolong),
	KTEST_CASE(lookup_at_starts_relative_paths_at_the_given_directory),
	KTEST_CASE(create_refuses_bad_and_taken_names),
	KTEST_CASE(mode_keeps_permission_bits_and_takes_the_type_from_the_call),
	KTEST_CASE(stat_reports_what_fstat_needs),
	KTEST_CASE(listing_gives_dots_then_entries_in_creation_order),
	KTEST_CASE(listing_resumes_from_every_position),
	KTEST_CASE(listing_positions_stay_put_when_entries_come_and_go),
	KTEST_CASE(held_file_outlives_its_tree),
	KTEST_CASE(held_directory_after_its_tree_is_gone_refuses_names),
	KTEST_CASE(deep_tree_is_created_looked_up_and_freed),
	KTEST_CASE(merge_moves_new_entries_merges_directories_and_replaces_files),
	KTEST_CASE(merge_conflict_between_file_and_directory_moves_nothing),
	KTEST_CASE(concurrent_creates_and_lookups_agree),
	{},
};
KTEST_SUITE(ramfs, ramfs_cases);
