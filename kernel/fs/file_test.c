/* SPDX-License-Identifier: MIT */
/*
 * Tests of open files and descriptor tables: which descriptor a new file gets, close, dup and
 * replace, a full table, fork's copy against CLONE_FILES's sharing, close-on-exec, and that every
 * reference taken is given back (struct files, tables and ramfs inodes all back to their start).
 * The system calls themselves are tested from user space by /bin/fstest.
 */
#include "kernel/fs/file.h"

#include "kernel/ktest/ktest.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "lib/err.h"

/* What every case must give back: counted at its start, checked at its end. */
struct live_counts {
	unsigned long files, tables, inodes;
};

static struct live_counts live_counts(void)
{
	return (struct live_counts){ nr_files(), nr_files_structs(), ramfs_nr_inodes() };
}

static void expect_all_freed(struct ktest *t, struct live_counts before)
{
	KT_EXPECT_EQ(t, nr_files(), before.files);
	KT_EXPECT_EQ(t, nr_files_structs(), before.tables);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before.inodes);
}

static struct files_struct *console_table(struct ktest *t)
{
	struct files_struct *files = files_alloc_console();

	KT_ASSERT_NOT_NULL(t, files);
	return files;
}

static struct file *new_console(struct ktest *t)
{
	struct file *file = console_file_open();

	KT_ASSERT_NOT_NULL(t, file);
	return file;
}

/* The references a file has, apart from the one this lookup takes. */
static unsigned int count_of(struct files_struct *files, unsigned int fd)
{
	struct file *file = files_fget(files, fd);
	unsigned int n;

	if (!file)
		return 0;
	n = refcount_read(&file->f_count) - 1;
	fput(file);
	return n;
}

/* The file at fd, without keeping a reference (for comparing pointers). */
static struct file *file_at(struct files_struct *files, unsigned int fd)
{
	struct file *file = files_fget(files, fd);

	if (file)
		fput(file);
	return file;
}

static void console_table_has_0_1_2_on_one_file(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct files_struct *files = console_table(t);

	KT_EXPECT_NOT_NULL(t, file_at(files, 0));
	KT_EXPECT_TRUE(t, file_at(files, 0) == file_at(files, 1));
	KT_EXPECT_TRUE(t, file_at(files, 1) == file_at(files, 2));
	KT_EXPECT_NULL(t, file_at(files, 3));
	KT_EXPECT_EQ(t, count_of(files, 0), 3);
	KT_EXPECT_EQ(t, file_at(files, 0)->f_mode & (FMODE_READ | FMODE_WRITE),
		     FMODE_READ | FMODE_WRITE);
	KT_EXPECT_EQ(t, nr_files(), before.files + 1);
	put_files_struct(files);
	expect_all_freed(t, before);
}

static void install_takes_the_lowest_free_descriptor(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct files_struct *files = console_table(t);

	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 3);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 4);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 5);
	KT_EXPECT_EQ(t, files_close(files, 4), 0);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 4);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 10, false), 10);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 6);
	KT_EXPECT_EQ(t, files_close(files, 1), 0);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 1);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 7);
	put_files_struct(files);
	expect_all_freed(t, before);
}

static void close_frees_the_descriptor_once(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct files_struct *files = console_table(t);

	KT_EXPECT_EQ(t, files_close(files, 2), 0);
	KT_EXPECT_EQ(t, count_of(files, 0), 2);
	KT_EXPECT_EQ(t, files_close(files, 2), -EBADF);
	KT_EXPECT_EQ(t, files_close(files, 77), -EBADF);
	KT_EXPECT_EQ(t, files_close(files, NR_OPEN), -EBADF);
	KT_EXPECT_EQ(t, files_close(files, ~0u), -EBADF);
	KT_EXPECT_NULL(t, files_fget(files, NR_OPEN));
	KT_EXPECT_EQ(t, files_close(files, 0), 0);
	KT_EXPECT_EQ(t, files_close(files, 1), 0);
	KT_EXPECT_EQ(t, nr_files(), before.files); /* the last close freed the console file */
	put_files_struct(files);
	expect_all_freed(t, before);
}

static void dup_shares_the_file_and_replace_closes_the_old_one(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct files_struct *files = console_table(t);
	struct file *other = new_console(t), *console = files_fget(files, 0);

	KT_EXPECT_EQ(t, files_install(files, get_file(console), 0, false), 3); /* dup(0) */
	KT_EXPECT_EQ(t, count_of(files, 3), 5); /* four slots and our reference */
	KT_EXPECT_EQ(t, files_replace(files, NR_OPEN, other, false), -EBADF);
	KT_EXPECT_EQ(t, files_replace(files, 1, other, false), 0); /* dup2(other, 1) */
	KT_EXPECT_TRUE(t, file_at(files, 1) == other);
	KT_EXPECT_EQ(t, count_of(files, 0), 4);
	KT_EXPECT_EQ(t, files_replace(files, 9, get_file(other), true), 0); /* to a free slot */
	KT_EXPECT_EQ(t, count_of(files, 9), 2);
	KT_EXPECT_EQ(t, files_get_cloexec(files, 9), 1);
	fput(console);
	put_files_struct(files);
	expect_all_freed(t, before);
}

static void full_table_refuses_with_emfile(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct files_struct *files = console_table(t);
	struct file *console = files_fget(files, 0), *extra;

	for (unsigned int fd = 3; fd < NR_OPEN; fd++)
		KT_ASSERT_EQ(t, files_install(files, get_file(console), 0, false), fd);
	extra = new_console(t);
	KT_EXPECT_EQ(t, files_install(files, extra, 0, false), -EMFILE);
	KT_EXPECT_EQ(t, refcount_read(&extra->f_count), 1); /* still the caller's */
	KT_EXPECT_EQ(t, files_close(files, 100), 0);
	KT_EXPECT_EQ(t, files_install(files, extra, 0, false), 100);
	KT_EXPECT_EQ(t, refcount_read(&console->f_count), NR_OPEN - 1 + 1);
	fput(console);
	put_files_struct(files);
	expect_all_freed(t, before);
}

static struct task_struct *fake_task(struct ktest *t)
{
	struct task_struct *task = kzalloc(sizeof(*task), GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, task);
	return task;
}

static void fork_copies_the_table_and_takes_references(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct task_struct *parent = fake_task(t), *child = fake_task(t);

	parent->files = console_table(t);
	KT_ASSERT_EQ(t, files_install(parent->files, new_console(t), 5, true), 5);
	KT_ASSERT_EQ(t, copy_files(child, parent, false), 0);
	KT_EXPECT_TRUE(t, child->files != parent->files);
	KT_EXPECT_TRUE(t, file_at(child->files, 0) == file_at(parent->files, 0));
	KT_EXPECT_TRUE(t, file_at(child->files, 5) == file_at(parent->files, 5));
	KT_EXPECT_EQ(t, count_of(parent->files, 0), 6);
	KT_EXPECT_EQ(t, count_of(parent->files, 5), 2);
	KT_EXPECT_EQ(t, files_get_cloexec(child->files, 5), 1); /* the flags are copied too */
	KT_EXPECT_EQ(t, files_install(child->files, new_console(t), 0, false), 3);
	KT_EXPECT_NULL(t, file_at(parent->files, 3)); /* the tables are separate now */
	KT_EXPECT_EQ(t, files_close(child->files, 0), 0);
	KT_EXPECT_NOT_NULL(t, file_at(parent->files, 0));
	exit_files(child);
	KT_EXPECT_NULL(t, child->files);
	KT_EXPECT_EQ(t, count_of(parent->files, 0), 3);
	KT_EXPECT_EQ(t, count_of(parent->files, 5), 1);
	exit_files(parent);
	kfree(child);
	kfree(parent);
	expect_all_freed(t, before);
}

static void clone_files_shares_the_table(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct task_struct *parent = fake_task(t), *child = fake_task(t);

	parent->files = console_table(t);
	KT_ASSERT_EQ(t, copy_files(child, parent, true), 0);
	KT_EXPECT_TRUE(t, child->files == parent->files);
	KT_EXPECT_EQ(t, refcount_read(&parent->files->count), 2);
	KT_EXPECT_EQ(t, count_of(parent->files, 0), 3); /* no new file references */
	KT_EXPECT_EQ(t, files_install(child->files, new_console(t), 0, false), 3);
	KT_EXPECT_NOT_NULL(t, file_at(parent->files, 3)); /* one table: the parent sees it */
	exit_files(parent);
	KT_EXPECT_NOT_NULL(t, file_at(child->files, 3)); /* the child still holds the table */
	KT_EXPECT_EQ(t, nr_files_structs(), before.tables + 1);
	exit_files(child);
	kfree(child);
	kfree(parent);
	expect_all_freed(t, before);
}

static void unshare_gives_a_private_copy(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct task_struct *parent = fake_task(t), *child = fake_task(t);
	struct files_struct *shared;

	parent->files = console_table(t);
	KT_ASSERT_EQ(t, copy_files(child, parent, true), 0);
	shared = child->files;
	KT_EXPECT_EQ(t, unshare_files(child), 0);
	KT_EXPECT_TRUE(t, child->files != shared);
	KT_EXPECT_EQ(t, refcount_read(&shared->count), 1);
	KT_EXPECT_EQ(t, unshare_files(child), 0); /* already its own: nothing to do */
	KT_EXPECT_EQ(t, count_of(child->files, 1), 6);
	exit_files(child);
	exit_files(parent);
	kfree(child);
	kfree(parent);
	expect_all_freed(t, before);
}

static void a_task_without_a_table_passes_none_on(struct ktest *t)
{
	struct task_struct *parent = fake_task(t), *child = fake_task(t);

	KT_EXPECT_EQ(t, copy_files(child, parent, false), 0);
	KT_EXPECT_NULL(t, child->files);
	exit_files(child); /* nothing to drop */
	kfree(child);
	kfree(parent);
}

static void close_on_exec_closes_only_marked_descriptors(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct files_struct *files = console_table(t);

	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, true), 3);
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 4);
	KT_EXPECT_EQ(t, files_get_cloexec(files, 3), 1);
	KT_EXPECT_EQ(t, files_get_cloexec(files, 4), 0);
	KT_EXPECT_EQ(t, files_get_cloexec(files, 5), -EBADF);
	KT_EXPECT_EQ(t, files_set_cloexec(files, 5, true), -EBADF);
	KT_EXPECT_EQ(t, files_set_cloexec(files, 1, true), 0);
	files_close_on_exec(files);
	KT_EXPECT_NULL(t, file_at(files, 1));
	KT_EXPECT_NULL(t, file_at(files, 3));
	KT_EXPECT_NOT_NULL(t, file_at(files, 0));
	KT_EXPECT_NOT_NULL(t, file_at(files, 4));
	KT_EXPECT_EQ(t, count_of(files, 0), 2);
	/* A closed slot forgets its flag: the next file there starts without it. */
	KT_EXPECT_EQ(t, files_install(files, new_console(t), 0, false), 1);
	KT_EXPECT_EQ(t, files_get_cloexec(files, 1), 0);
	put_files_struct(files);
	expect_all_freed(t, before);
}

static void open_ramfs_file_pins_its_inode(struct ktest *t)
{
	struct live_counts before = live_counts();
	struct ramfs_inode *root = ramfs_new_root(), *inode;
	struct files_struct *files;
	struct file *file;

	KT_ASSERT_FALSE(t, IS_ERR(root));
	inode = ramfs_create_file(root, "f", "hello", 5, 0644);
	KT_ASSERT_FALSE(t, IS_ERR(inode));
	file = ramfs_file_open(inode, O_RDONLY); /* takes our inode reference */
	KT_ASSERT_FALSE(t, IS_ERR(file));
	KT_EXPECT_EQ(t, file->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_READ);
	files = console_table(t);
	KT_EXPECT_EQ(t, files_install(files, file, 0, false), 3);
	ramfs_kill_root(root);
	KT_EXPECT_EQ(t, ramfs_nr_inodes(), before.inodes + 1); /* the open file keeps it */
	put_files_struct(files);
	expect_all_freed(t, before);
}

static const struct ktest_case file_cases[] = {
	KTEST_CASE(console_table_has_0_1_2_on_one_file),
	KTEST_CASE(install_takes_the_lowest_free_descriptor),
	KTEST_CASE(close_frees_the_descriptor_once),
	KTEST_CASE(dup_shares_the_file_and_replace_closes_the_old_one),
	KTEST_CASE(full_table_refuses_with_emfile),
	KTEST_CASE(fork_copies_the_table_and_takes_references),
	KTEST_CASE(clone_files_shares_the_table),
	KTEST_CASE(unshare_gives_a_private_copy),
	KTEST_CASE(a_task_without_a_table_passes_none_on),
	KTEST_CASE(close_on_exec_closes_only_marked_descriptors),
	KTEST_CASE(open_ramfs_file_pins_its_inode),
	{},
};
KTEST_SUITE(file, file_cases);
