/* SPDX-License-Identifier: MIT */
/*
 * ramfs: trees of directories and files in kernel memory. The contract is in kernel/fs/ramfs.h.
 *
 * A directory keeps its entries in a list, in the order they were added, each with a position
 * that only grows, so a listing can resume from a number. Lookups scan that list: directories
 * here hold tens of entries, not millions (Linux hashes names in the dcache instead).
 *
 * One mutex for all trees, where Linux has a lock per directory and lock-free path walks: walks
 * here are short, and a single lock makes moving entries between trees (ramfs_merge_tree) and
 * the invariants below easy to state and to check.
 *
 * Invariants, under ramfs_lock:
 *  - an inode named by a directory entry has a reference for it, so it cannot be freed while
 *    reachable from a root;
 *  - a directory is removed (unlinked) only when empty, so dir.parent never points at a freed
 *    inode, and a directory is never freed with entries;
 *  - a directory's nlink is 2 + its subdirectories, a file's is 1 while named.
 */
#include "kernel/fs/ramfs.h"

#include "kernel/locking/lockdep.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/sched/mutex.h"
#include "lib/err.h"
#include "lib/string.h"

#define RAMFS_KMALLOC_MAX PAGE_SIZE /* larger contents go to vmalloc(), which needs no contiguity */
#define RAMFS_ROOT_MODE	  0755
#define RAMFS_BLOCK_SIZE  512 /* the unit of kstat.blocks, as in Linux */

/* A name in a directory. */
struct ramfs_dirent {
	struct list_head node;	   /* in the directory's dir.entries, under ramfs_lock */
	struct ramfs_inode *inode; /* holds a reference: the link */
	loff_t pos;		   /* position in listings; unique in the directory */
	size_t len;
	char name[]; /* len bytes and a NUL */
};

static DEFINE_MUTEX(ramfs_lock);
static atomic_t ramfs_inodes = ATOMIC_INIT(0); /* allocated and not yet freed */
static atomic_t ramfs_last_ino = ATOMIC_INIT(0);
static struct ramfs_inode *rootfs; /* set once by ramfs_init(); never freed */

static void assert_ramfs_locked(void)
{
	BUG_ON(READ_ONCE(ramfs_lock.owner) != current);
}

/* ---- Inodes ---------------------------------------------------------------------------- */

static struct ramfs_inode *alloc_inode(umode_t mode)
{
	struct ramfs_inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	refcount_set(&inode->refcount, 1);
	inode->ino = (u64)(unsigned int)atomic_inc_return(&ramfs_last_ino);
	inode->mode = mode;
	if (S_ISDIR(mode)) {
		INIT_LIST_HEAD(&inode->dir.entries);
		inode->dir.next_pos = 2; /* 0 and 1 are "." and ".." */
		inode->nlink = 2;	 /* its name (or a root's "..") and its own "." */
	}
	atomic_inc(&ramfs_inodes);
	return inode;
}

static void free_inode(struct ramfs_inode *inode)
{
	if (ramfs_is_dir(inode)) {
		BUG_ON(!list_empty(&inode->dir.entries));
	} else if (inode->file.vmalloced) {
		vfree(inode->file.data);
	} else {
		kfree(inode->file.data);
	}
	kfree(inode);
	atomic_dec(&ramfs_inodes);
}

struct ramfs_inode *ramfs_get(struct ramfs_inode *inode)
{
	refcount_inc(&inode->refcount);
	return inode;
}

void ramfs_put(struct ramfs_inode *inode)
{
	if (inode && refcount_dec_and_test(&inode->refcount))
		free_inode(inode);
}

unsigned int ramfs_nr_inodes(void)
{
	return (unsigned int)atomic_read(&ramfs_inodes);
}

void ramfs_stat(struct ramfs_inode *inode, struct kstat *st)
{
	might_sleep();
	*st = (struct kstat){ .ino = inode->ino, .mode = inode->mode, .blksize = PAGE_SIZE };
	mutex_lock(&ramfs_lock);
	st->nlink = inode->nlink;
	st->size = ramfs_is_dir(inode) ? inode->dir.nr_entries : (loff_t)inode->file.size;
	mutex_unlock(&ramfs_lock);
	/* Contents take whole pages once past the kmalloc size, so report what a page cache would. */
	if (!ramfs_is_dir(inode))
		st->blocks = ALIGN_UP((u64)inode->file.size, PAGE_SIZE) / RAMFS_BLOCK_SIZE;
}

/* ---- Directory entries ------------------------------------------------------------------ */

static struct ramfs_dirent *find_entry(struct ramfs_inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *de;

	assert_ramfs_locked();
	list_for_each_entry (de, &dir->dir.entries, node)
		if (de->len == len && memcmp(de->name, name, len) == 0)
			return de;
	return NULL;
}

/* Append de, naming inode, to dir; the entry takes over the caller's reference to inode. */
static void link_entry(struct ramfs_inode *dir, struct ramfs_dirent *de, struct ramfs_inode *inode)
{
	assert_ramfs_locked();
	de->inode = inode;
	de->pos = dir->dir.next_pos++;
	list_add_tail(&de->node, &dir->dir.entries);
	dir->dir.nr_entries++;
	if (ramfs_is_dir(inode)) {
		inode->dir.parent = dir;
		dir->nlink++; /* the subdirectory's ".." */
	} else {
		inode->nlink = 1;
	}
}

/* Take de out of dir, keeping the entry and its reference (to link it elsewhere or drop it). */
static void detach_entry(struct ramfs_inode *dir, struct ramfs_dirent *de)
{
	assert_ramfs_locked();
	list_del(&de->node);
	dir->dir.nr_entries--;
	if (ramfs_is_dir(de->inode)) {
		de->inode->dir.parent = NULL;
		dir->nlink--;
	}
}

/* Remove de from dir for good: the name goes, and with it the link's reference. */
static void unlink_entry(struct ramfs_inode *dir, struct ramfs_dirent *de)
{
	struct ramfs_inode *inode = de->inode;

	BUG_ON(ramfs_is_dir(inode) && !list_empty(&inode->dir.entries));
	detach_entry(dir, de);
	inode->nlink = 0;
	kfree(de);
	ramfs_put(inode);
}

/* Move de from one directory to another (it gets a new position there). */
static void move_entry(struct ramfs_inode *from, struct ramfs_dirent *de, struct ramfs_inode *to)
{
	detach_entry(from, de);
	link_entry(to, de, de->inode);
}

/* The entry of dir that names child, a directory, which has exactly one name. */
static struct ramfs_dirent *entry_of(struct ramfs_inode *dir, struct ramfs_inode *child)
{
	struct ramfs_dirent *de;

	list_for_each_entry (de, &dir->dir.entries, node)
		if (de->inode == child)
			return de;
	BUG();
}

/* ---- Trees ----------------------------------------------------------------------------- */

struct ramfs_inode *ramfs_new_root(void)
{
	struct ramfs_inode *root = alloc_inode(S_IFDIR | RAMFS_ROOT_MODE);

	if (!root)
		return ERR_PTR(-ENOMEM);
	root->dir.parent = root; /* ".." of the root is the root */
	return root;
}

/*
 * Empty the tree without recursion (trees may be deep): remove the first entry of the current
 * directory if it is a file or an empty directory, else go down into it; back up when the current
 * directory is empty. Going back up finds the directory we came from first in its parent.
 */
static void remove_all_entries(struct ramfs_inode *root)
{
	struct ramfs_inode *dir = root;

	assert_ramfs_locked();
	for (;;) {
		struct ramfs_dirent *de =
		    list_first_entry_or_null(&dir->dir.entries, struct ramfs_dirent, node);

		if (!de) {
			if (dir == root)
				return;
			dir = dir->dir.parent;
		} else if (ramfs_is_dir(de->inode) && de->inode->dir.nr_entries) {
			dir = de->inode;
		} else {
			unlink_entry(dir, de);
		}
	}
}

void ramfs_kill_root(struct ramfs_inode *root)
{
	might_sleep();
	if (WARN_ON_ONCE(root == rootfs || !ramfs_is_dir(root)))
		return;
	mutex_lock(&ramfs_lock);
	/* Not a root: a subdirectory, or a root killed already. Refuse rather than corrupt. */
	if (WARN_ON_ONCE(root->dir.parent != root)) {
		mutex_unlock(&ramfs_lock);
		return;
	}
	remove_all_entries(root);
	root->dir.parent = NULL; /* lookups from a held root now fail */
	root->nlink = 0;
	mutex_unlock(&ramfs_lock);
	ramfs_put(root);
}

void ramfs_init(void)
{
	struct ramfs_inode *root;

	BUG_ON(rootfs);
	root = ramfs_new_root();
	if (IS_ERR(root))
		panic("ramfs: no memory for the root directory");
	rootfs = root;
}

struct ramfs_inode *ramfs_root(void)
{
	return rootfs;
}

/*
 * Can every entry of src move into dst? Walks the directories present in both trees, without
 * recursion: going back up, the walk resumes after the entry of the directory it leaves.
 */
static int merge_check(struct ramfs_inode *dst, struct ramfs_inode *src)
{
	struct ramfs_inode *s = src, *d = dst;
	struct list_head *pos = src->dir.entries.next;

	assert_ramfs_locked();
	for (;;) {
		struct ramfs_dirent *sde, *dde;

		if (pos == &s->dir.entries) {
			if (s == src)
				return 0;
			pos = entry_of(s->dir.parent, s)->node.next;
			s = s->dir.parent;
			d = d->dir.parent;
			continue;
		}
		sde = list_entry(pos, struct ramfs_dirent, node);
		dde = find_entry(d, sde->name, sde->len);
		if (dde && ramfs_is_dir(dde->inode) != ramfs_is_dir(sde->inode))
			return ramfs_is_dir(dde->inode) ? -EISDIR : -ENOTDIR;
		if (dde && ramfs_is_dir(dde->inode)) {
			s = sde->inode;
			d = dde->inode;
			pos = s->dir.entries.next;
			continue;
		}
		pos = pos->next;
	}
}

/*
 * Move src's entries into dst once merge_check() has passed. Always takes the first entry of the
 * current source directory: a directory merged into an existing one is emptied, and then
 * removed when the walk comes back up and finds it first again.
 */
static void merge_move(struct ramfs_inode *dst, struct ramfs_inode *src)
{
	struct ramfs_inode *s = src, *d = dst;

	assert_ramfs_locked();
	for (;;) {
		struct ramfs_dirent *sde, *dde;

		sde = list_first_entry_or_null(&s->dir.entries, struct ramfs_dirent, node);
		if (!sde) {
			if (s == src)
				return;
			s = s->dir.parent;
			d = d->dir.parent;
			unlink_entry(s,
				     list_first_entry(&s->dir.entries, struct ramfs_dirent, node));
			continue;
		}
		dde = find_entry(d, sde->name, sde->len);
		if (dde && ramfs_is_dir(sde->inode)) {
			s = sde->inode;
			d = dde->inode;
			continue;
		}
		if (dde)
			unlink_entry(d, dde); /* a file replaced; a holder keeps the old one */
		move_entry(s, sde, d);
	}
}

int ramfs_merge_tree(struct ramfs_inode *dst, struct ramfs_inode *src)
{
	int ret;

	might_sleep();
	if (WARN_ON_ONCE(!ramfs_is_dir(dst) || !ramfs_is_dir(src) || src == dst || src == rootfs))
		return -EINVAL;
	mutex_lock(&ramfs_lock);
	if (!dst->dir.parent || src->dir.parent != src) {
		ret = dst->dir.parent ? -EINVAL : -ENOENT;
		goto out;
	}
	ret = merge_check(dst, src);
	if (!ret)
		merge_move(dst, src);
out:
	mutex_unlock(&ramfs_lock);
	return ret;
}

/* ---- Names ----------------------------------------------------------------------------- */

/*
 * Walk path from cur, one component at a time. Returns the inode reached (no reference taken:
 * the caller still holds ramfs_lock) or an ERR_PTR.
 */
static struct ramfs_inode *walk(struct ramfs_inode *root, struct ramfs_inode *cur, const char *path)
{
	assert_ramfs_locked();
	/* A removed directory has no entries, not even "." (and only the start can be one). */
	if (ramfs_is_dir(cur) && !cur->dir.parent)
		return ERR_PTR(-ENOENT);
	for (;;) {
		struct ramfs_dirent *de;
		size_t len;

		while (*path == '/')
			path++;
		if (!*path)
			return cur;
		for (len = 0; path[len] && path[len] != '/'; len++)
			;
		if (!ramfs_is_dir(cur))
			return ERR_PTR(-ENOTDIR);
		if (len > NAME_MAX)
			return ERR_PTR(-ENAMETOOLONG);
		if (len == 2 && path[0] == '.' && path[1] == '.') {
			if (cur != root)
				cur = cur->dir.parent;
		} else if (!(len == 1 && path[0] == '.')) {
			de = find_entry(cur, path, len);
			if (!de)
				return ERR_PTR(-ENOENT);
			cur = de->inode;
		}
		path += len;
	}
}

int ramfs_lookup_at(struct ramfs_inode *root, struct ramfs_inode *start, const char *path,
		    struct ramfs_inode **res)
{
	size_t len = strnlen(path, PATH_MAX);
	struct ramfs_inode *inode;

	might_sleep();
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0)
		return -ENOENT;
	if (path[0] == '/' || !start)
		start = root;
	mutex_lock(&ramfs_lock);
	inode = walk(root, start, path);
	/* "dir/" names a directory; "file/" is an error. The walk stopped before the slash. */
	if (!IS_ERR(inode) && path[len - 1] == '/' && !ramfs_is_dir(inode))
		inode = ERR_PTR(-ENOTDIR);
	if (!IS_ERR(inode))
		*res = ramfs_get(inode); /* under the lock: it is linked, so it is alive */
	mutex_unlock(&ramfs_lock);
	return IS_ERR(inode) ? (int)PTR_ERR(inode) : 0;
}

int ramfs_lookup(struct ramfs_inode *root, const char *path, struct ramfs_inode **res)
{
	return ramfs_lookup_at(root, NULL, path, res);
}

/* A name for a new entry: one component, not "." or "..". Returns its length or an error. */
static long check_new_name(const char *name)
{
	size_t len = strnlen(name, NAME_MAX + 1);

	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 0 || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	return (long)len;
}

/*
 * Give inode (a new inode with its one reference) the name name in dir. On success the new
 * entry holds that reference and the caller gets another; on failure the inode is freed.
 */
static struct ramfs_inode *add_entry(struct ramfs_inode *dir, const char *name,
				     struct ramfs_inode *inode)
{
	long len = check_new_name(name);
	struct ramfs_dirent *de;
	int err;

	if (len < 0) {
		err = (int)len;
		goto fail;
	}
	err = -ENOMEM;
	de = kmalloc(sizeof(*de) + (size_t)len + 1, GFP_KERNEL);
	if (!de)
		goto fail;
	de->len = (size_t)len;
	memcpy(de->name, name, (size_t)len + 1);

	mutex_lock(&ramfs_lock);
	if (!ramfs_is_dir(dir))
		err = -ENOTDIR;
	else if (!dir->dir.parent)
		err = -ENOENT; /* no new names in a removed directory */
	else if (find_entry(dir, de->name, de->len))
		err = -EEXIST;
	else
		err = 0;
	if (!err)
		link_entry(dir, de, ramfs_get(inode));
	mutex_unlock(&ramfs_lock);
	if (!err)
		return inode; /* the caller's reference: the one alloc_inode() gave */
	kfree(de);
fail:
	ramfs_put(inode);
	return ERR_PTR(err);
}

struct ramfs_inode *ramfs_mkdir(struct ramfs_inode *dir, const char *name, umode_t mode)
{
	struct ramfs_inode *inode;

	might_sleep();
	inode = alloc_inode(S_IFDIR | (mode & S_IALLUGO));
	if (!inode)
		return ERR_PTR(-ENOMEM);
	return add_entry(dir, name, inode);
}

/* Copy the contents in before the file has a name: from then on they never change. */
static int fill_file(struct ramfs_inode *inode, const void *data, size_t size)
{
	if (size == 0)
		return 0;
	if (size > RAMFS_FILE_MAX)
		return -EFBIG;
	if (size <= RAMFS_KMALLOC_MAX) {
		inode->file.data = kmalloc(size, GFP_KERNEL);
	} else {
		inode->file.data = vmalloc(size);
		inode->file.vmalloced = true;
	}
	if (!inode->file.data)
		return -ENOMEM;
	memcpy(inode->file.data, data, size);
	inode->file.size = size;
	return 0;
}

struct ramfs_inode *ramfs_create_file(struct ramfs_inode *dir, const char *name, const void *data,
				      size_t size, umode_t mode)
{
	struct ramfs_inode *inode;
	int err;

	might_sleep();
	inode = alloc_inode(S_IFREG | (mode & S_IALLUGO));
	if (!inode)
		return ERR_PTR(-ENOMEM);
	err = fill_file(inode, data, size);
	if (err) {
		ramfs_put(inode);
		return ERR_PTR(err);
	}
	return add_entry(dir, name, inode);
}

/* ---- Contents -------------------------------------------------------------------------- */

ssize_t ramfs_read(struct ramfs_inode *inode, void *buf, size_t len, loff_t off)
{
	size_t n;

	if (ramfs_is_dir(inode))
		return -EISDIR;
	if (off < 0)
		return -EINVAL;
	if ((u64)off >= inode->file.size)
		return 0;
	n = min(len, inode->file.size - (size_t)off);
	memcpy(buf, (const char *)inode->file.data + off, n);
	return (ssize_t)n;
}

const void *ramfs_file_data(struct ramfs_inode *inode, size_t *size)
{
	if (ramfs_is_dir(inode)) {
		*size = 0;
		return NULL;
	}
	*size = inode->file.size;
	return inode->file.data;
}

static unsigned int dt_type(const struct ramfs_inode *inode)
{
	return ramfs_is_dir(inode) ? DT_DIR : DT_REG;
}

/* "." and ".." at positions 0 and 1; false if the actor stopped. */
static bool emit_dots(struct ramfs_inode *dir, struct ramfs_dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, dir->dir.parent->ino, DT_DIR, 2))
			return false;
		ctx->pos = 2;
	}
	return true;
}

int ramfs_iterate_dir(struct ramfs_inode *dir, struct ramfs_dir_context *ctx)
{
	struct ramfs_dirent *de;
	int ret = 0;

	might_sleep();
	if (!ramfs_is_dir(dir))
		return -ENOTDIR;
	if (ctx->pos < 0)
		return -EINVAL;
	mutex_lock(&ramfs_lock);
	if (!dir->dir.parent) {
		ret = -ENOENT;
		goto out;
	}
	if (!emit_dots(dir, ctx))
		goto out;
	list_for_each_entry (de, &dir->dir.entries, node) {
		if (de->pos < ctx->pos)
			continue;
		if (!ctx->actor(ctx, de->name, de->len, de->inode->ino, dt_type(de->inode),
				de->pos + 1))
			break;
		ctx->pos = de->pos + 1;
	}
out:
	mutex_unlock(&ramfs_lock);
	return ret;
}
