/* SPDX-License-Identifier: MIT */
/*
 * Files from user space: run as init (init=/bin/fstest), it opens, reads, seeks, stats and lists
 * the initramfs, checks the console as descriptors 0-2 (write, writev, fstat, ioctl), dup and
 * fcntl, what fork and exec do to descriptors, and every refusal (bad descriptors, bad pointers,
 * writing a read-only file system). Prints KTAP and exits with 0 if all passed.
 *
 * What it expects of the initramfs (user/user.mk): /etc/motd starting with MOTD_START, and /bin
 * holding fstest, usertest and not-a-program. Other names may come and go.
 */
#include "../lib/ulib.h"

#define ENOENT	2
#define EBADF	9
#define EAGAIN	11
#define EEXIST	17
#define EFAULT	14
#define ENOTDIR 20
#define EISDIR	21
#define EINVAL	22
#define EMFILE	24
#define ENOTTY	25
#define ESPIPE	29
#define EROFS	30

#define O_RDONLY      00
#define O_WRONLY      01
#define O_RDWR	      02
#define O_CREAT	      0100
#define O_EXCL	      0200
#define O_NONBLOCK    04000
#define O_LARGEFILE   0100000
#define O_DIRECTORY   0200000
#define O_CLOEXEC     02000000
#define AT_FDCWD      (-100)
#define AT_EMPTY_PATH 0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

#define TCGETS	   0x5401
#define TIOCGWINSZ 0x5413

#define S_IFMT	0170000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFREG 0100000
#define DT_DIR	4
#define DT_REG	8

#define NR_OPEN	       256 /* the kernel's descriptors per process */
#define KERNEL_ADDRESS ((void *)0xffffffff80000000ul)
#define MOTD_START     "Welcome to Trefoil."
#define NR_CASES       68 /* KT_CHECKs below; a mismatch fails the run */

#define WEXITSTATUS(s) (((s) >> 8) & 0xff)

struct stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned int st_mode, st_uid, st_gid, __pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_time[6];
	long __unused[3];
};

struct iovec {
	const void *base;
	size_t len;
};

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static long open_ro(const char *path)
{
	return syscall4(SYS_openat, AT_FDCWD, path, O_RDONLY, 0);
}

static long openat_flags(long dfd, const char *path, long flags)
{
	return syscall4(SYS_openat, dfd, path, flags, 0);
}

static int starts_with(const char *s, const char *prefix)
{
	return umemcmp(s, prefix, ustrlen(prefix)) == 0;
}

/* ---- reading a file ---- */

static char motd[512];
static long motd_len;

static void read_tests(void)
{
	long fd = open_ro("/etc/motd"), n, end;
	struct stat st;
	char buf[16] = { 0 };

	KT_CHECK("open_gives_the_lowest_free_descriptor", fd == 3, fd);
	motd_len = syscall3(SYS_read, fd, motd, sizeof(motd));
	KT_CHECK("read_returns_the_file_contents", motd_len > 0 && starts_with(motd, MOTD_START),
		 motd_len);
	KT_CHECK("read_at_the_end_returns_zero", syscall3(SYS_read, fd, buf, sizeof(buf)) == 0, 0);
	KT_CHECK("fstat_gives_size_and_regular_mode",
		 syscall2(SYS_fstat, fd, &st) == 0 && st.st_size == motd_len &&
		     (st.st_mode & S_IFMT) == S_IFREG && st.st_nlink == 1 && st.st_blksize > 0,
		 st.st_size);
	n = syscall3(SYS_lseek, fd, 11, SEEK_SET);
	KT_CHECK("lseek_set_then_read_from_there",
		 n == 11 && syscall3(SYS_read, fd, buf, 7) == 7 && umemcmp(buf, "Trefoil", 7) == 0,
		 n);
	KT_CHECK("lseek_cur_reports_the_position", syscall3(SYS_lseek, fd, 0, SEEK_CUR) == 18, 0);
	end = syscall3(SYS_lseek, fd, -1, SEEK_END);
	KT_CHECK("lseek_end_counts_from_the_size",
		 end == motd_len - 1 && syscall3(SYS_read, fd, buf, 4) == 1 && buf[0] == '\n', end);
	KT_CHECK("lseek_before_the_start_is_einval",
		 syscall3(SYS_lseek, fd, -1, SEEK_SET) == -EINVAL &&
		     syscall3(SYS_lseek, fd, 0, 7) == -EINVAL,
		 0);
	KT_CHECK("lseek_past_the_end_then_read_gives_zero",
		 syscall3(SYS_lseek, fd, 1000, SEEK_SET) == 1000 &&
		     syscall3(SYS_read, fd, buf, 4) == 0,
		 0);
	n = syscall4(SYS_pread64, fd, buf, 7, 11);
	KT_CHECK("pread_reads_at_an_offset_without_moving",
		 n == 7 && umemcmp(buf, "Trefoil", 7) == 0 &&
		     syscall3(SYS_lseek, fd, 0, SEEK_CUR) == 1000,
		 n);
	KT_CHECK("write_to_a_read_only_file_is_ebadf", syscall3(SYS_write, fd, "x", 1) == -EBADF,
		 0);
	KT_CHECK("ioctl_on_a_file_is_enotty",
		 syscall3(SYS_ioctl, fd, TIOCGWINSZ, buf) == -ENOTTY &&
		     syscall3(SYS_ioctl, fd, TCGETS, motd + 256) == -ENOTTY,
		 0);
	KT_CHECK("fcntl_getfl_gives_the_open_flags",
		 syscall2(SYS_fcntl, fd, F_GETFL) == (O_RDONLY | O_LARGEFILE), 0);
	KT_CHECK("close_then_the_descriptor_is_gone",
		 syscall1(SYS_close, fd) == 0 && syscall1(SYS_close, fd) == -EBADF &&
		     syscall3(SYS_read, fd, buf, 1) == -EBADF,
		 0);
}

static void readv_test(void)
{
	char a[7], b[5];
	struct iovec iov[3] = { { a, sizeof(a) }, { 0, 0 }, { b, sizeof(b) } };
	long fd = open_ro("/etc/motd"), n = syscall3(SYS_readv, fd, iov, 3);

	KT_CHECK("readv_fills_the_buffers_in_order",
		 n == 12 && umemcmp(a, motd, 7) == 0 && umemcmp(b, motd + 7, 5) == 0, n);
	syscall1(SYS_close, fd);
}

/* ---- refusals ---- */

static void refusal_tests(void)
{
	char buf[8];
	struct stat st;
	long fd = open_ro("/etc/motd");
	struct iovec bad_iov[1] = { { KERNEL_ADDRESS, 4 } };

	KT_CHECK("open_of_a_missing_file_is_enoent", open_ro("/etc/nothing") == -ENOENT, 0);
	KT_CHECK("a_file_used_as_a_directory_is_enotdir",
		 open_ro("/etc/motd/") == -ENOTDIR && open_ro("/etc/motd/x") == -ENOTDIR, 0);
	KT_CHECK("o_directory_on_a_file_is_enotdir",
		 openat_flags(AT_FDCWD, "/etc/motd", O_DIRECTORY) == -ENOTDIR, 0);
	KT_CHECK("open_for_writing_is_erofs",
		 openat_flags(AT_FDCWD, "/etc/motd", O_WRONLY) == -EROFS &&
		     openat_flags(AT_FDCWD, "/etc/motd", O_RDWR) == -EROFS,
		 0);
	KT_CHECK("o_creat_of_a_new_file_is_erofs",
		 openat_flags(AT_FDCWD, "/etc/new", O_CREAT | O_WRONLY) == -EROFS, 0);
	KT_CHECK("o_creat_o_excl_of_an_existing_file_is_eexist",
		 openat_flags(AT_FDCWD, "/etc/motd", O_CREAT | O_EXCL) == -EEXIST, 0);
	KT_CHECK("a_directory_for_writing_is_eisdir",
		 openat_flags(AT_FDCWD, "/etc", O_WRONLY) == -EISDIR, 0);
	KT_CHECK("bad_descriptors_are_ebadf",
		 syscall3(SYS_read, 77, buf, 1) == -EBADF &&
		     syscall3(SYS_read, -1, buf, 1) == -EBADF &&
		     syscall3(SYS_write, NR_OPEN, "x", 1) == -EBADF &&
		     syscall2(SYS_fstat, 200, &st) == -EBADF &&
		     syscall3(SYS_lseek, 77, 0, SEEK_SET) == -EBADF &&
		     syscall1(SYS_close, -1) == -EBADF && syscall3(SYS_ioctl, 77, 0, 0) == -EBADF,
		 0);
	KT_CHECK("a_bad_path_pointer_is_efault",
		 open_ro(0) == -EFAULT && open_ro(KERNEL_ADDRESS) == -EFAULT, 0);
	KT_CHECK("a_bad_read_buffer_is_efault",
		 syscall3(SYS_read, fd, 0, 4) == -EFAULT &&
		     syscall3(SYS_read, fd, KERNEL_ADDRESS, 4) == -EFAULT &&
		     syscall3(SYS_lseek, fd, 0, SEEK_CUR) == 0,
		 0);
	KT_CHECK("a_bad_stat_buffer_is_efault",
		 syscall2(SYS_fstat, fd, KERNEL_ADDRESS) == -EFAULT &&
		     syscall2(SYS_fstat, 1, 0) == -EFAULT,
		 0);
	KT_CHECK("a_bad_write_buffer_is_efault",
		 syscall3(SYS_write, 1, 0, 4) == -EFAULT &&
		     syscall3(SYS_write, 1, KERNEL_ADDRESS, 4) == -EFAULT,
		 0);
	KT_CHECK("bad_iovecs_are_efault_or_einval",
		 syscall3(SYS_writev, 1, bad_iov, 1) == -EFAULT &&
		     syscall3(SYS_writev, 1, KERNEL_ADDRESS, 1) == -EFAULT &&
		     syscall3(SYS_readv, fd, 0, 1) == -EFAULT &&
		     syscall3(SYS_writev, 1, bad_iov, 5000) == -EINVAL,
		 0);
	syscall1(SYS_close, fd);
}

/* ---- directories ---- */

/* Names seen by list_dir(), one per line in a buffer, with their types. */
struct listing {
	char names[2048];
	int len, entries, calls, bad_type;
};

static void note_entry(struct listing *l, const struct linux_dirent64 *d)
{
	size_t n = ustrlen(d->d_name);

	if (l->len + (int)n + 3 > (int)sizeof(l->names))
		return;
	l->names[l->len++] = '/';
	for (size_t i = 0; i < n; i++)
		l->names[l->len++] = d->d_name[i];
	l->names[l->len++] = '/';
	l->names[l->len] = '\0';
	l->entries++;
	if (d->d_type != DT_DIR && d->d_type != DT_REG)
		l->bad_type++;
}

/* List dir_fd with a buffer of bufsize bytes until getdents64 says it is over. Last result. */
static long list_dir(long dir_fd, struct listing *l, unsigned int bufsize)
{
	static char buf[1024] __attribute__((aligned(8)));
	long n;

	l->len = l->entries = l->calls = l->bad_type = 0;
	l->names[0] = '\0';
	while ((n = syscall3(SYS_getdents64, dir_fd, buf, bufsize)) > 0 && l->calls++ < 100) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);

			note_entry(l, d);
			if (d->d_reclen == 0 || d->d_reclen % 8)
				return -1;
			off += d->d_reclen;
		}
	}
	return n;
}

/* Does the listing hold name exactly once? */
static int listed_once(const struct listing *l, const char *name)
{
	char key[64];
	size_t n = ustrlen(name);
	int found = 0;

	key[0] = '/';
	for (size_t i = 0; i < n; i++)
		key[i + 1] = name[i];
	key[n + 1] = '/';
	for (int i = 0; i + (int)n + 2 <= l->len; i++)
		if (umemcmp(l->names + i, key, n + 2) == 0)
			found++;
	return found == 1;
}

static long child_type_of(long dir_fd, const char *name)
{
	struct stat st;
	long err = syscall4(SYS_newfstatat, dir_fd, name, &st, 0);

	return err ? err : (long)(st.st_mode & S_IFMT);
}

static void directory_tests(void)
{
	static struct listing l;
	long root = openat_flags(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY);
	long bin = openat_flags(AT_FDCWD, "/bin", O_RDONLY | O_DIRECTORY), n;
	char small[16];

	n = list_dir(root, &l, 1024);
	KT_CHECK("getdents_of_root_lists_dots_bin_and_etc",
		 n == 0 && listed_once(&l, ".") && listed_once(&l, "..") &&
		     listed_once(&l, "bin") && listed_once(&l, "etc") && !l.bad_type,
		 n);
	KT_CHECK("getdents_at_the_end_returns_zero",
		 syscall3(SYS_getdents64, root, small, sizeof(small)) == 0, 0);
	n = list_dir(bin, &l, 40); /* one record at a time: each call resumes where it stopped */
	KT_CHECK("getdents_of_bin_resumes_with_a_small_buffer",
		 n == 0 && listed_once(&l, "fstest") && listed_once(&l, "usertest") &&
		     listed_once(&l, "not-a-program") && l.calls >= l.entries / 2,
		 l.entries);
	KT_CHECK("lseek_to_zero_restarts_the_listing",
		 syscall3(SYS_lseek, bin, 0, SEEK_SET) == 0 && list_dir(bin, &l, 1024) == 0 &&
		     listed_once(&l, "fstest") && listed_once(&l, "."),
		 l.entries);
	syscall3(SYS_lseek, bin, 0, SEEK_SET);
	KT_CHECK("a_buffer_too_small_for_one_record_is_einval",
		 syscall3(SYS_getdents64, bin, small, sizeof(small)) == -EINVAL, 0);
	KT_CHECK("a_bad_listing_buffer_is_efault",
		 syscall3(SYS_getdents64, bin, 0, 64) == -EFAULT &&
		     syscall3(SYS_getdents64, bin, KERNEL_ADDRESS, 64) == -EFAULT,
		 0);
	KT_CHECK("getdents_of_a_file_is_enotdir",
		 syscall3(SYS_getdents64, 1, l.names, sizeof(l.names)) == -ENOTDIR, 0);
	KT_CHECK("stat_of_listed_names_gives_their_types",
		 child_type_of(root, "bin") == S_IFDIR && child_type_of(bin, "fstest") == S_IFREG &&
		     child_type_of(bin, "../etc/motd") == S_IFREG,
		 child_type_of(bin, "fstest"));
	KT_CHECK("reading_a_directory_is_eisdir", syscall3(SYS_read, bin, small, 4) == -EISDIR, 0);
	syscall1(SYS_close, root);
	syscall1(SYS_close, bin);
}

static void openat_tests(void)
{
	long etc = openat_flags(AT_FDCWD, "/etc", O_RDONLY | O_DIRECTORY);
	long fd = openat_flags(etc, "motd", O_RDONLY), fd2;
	char buf[sizeof(motd)];
	struct stat a, b;

	KT_CHECK("openat_resolves_relative_to_a_directory_fd",
		 fd >= 0 && syscall3(SYS_read, fd, buf, sizeof(buf)) == motd_len &&
		     umemcmp(buf, motd, motd_len) == 0,
		 fd);
	fd2 = openat_flags(AT_FDCWD, "etc/../etc/./motd", O_RDONLY);
	KT_CHECK("at_fdcwd_resolves_relative_paths_from_the_root", fd2 >= 0, fd2);
	KT_CHECK("newfstatat_and_fstat_agree",
		 syscall4(SYS_newfstatat, etc, "motd", &a, 0) == 0 &&
		     syscall2(SYS_fstat, fd2, &b) == 0 && a.st_ino == b.st_ino &&
		     a.st_dev == b.st_dev && a.st_size == motd_len,
		 a.st_ino);
	KT_CHECK("newfstatat_empty_path_stats_the_fd",
		 syscall4(SYS_newfstatat, etc, "", &a, AT_EMPTY_PATH) == 0 &&
		     (a.st_mode & S_IFMT) == S_IFDIR &&
		     syscall4(SYS_newfstatat, etc, "", &a, 0) == -ENOENT &&
		     syscall4(SYS_newfstatat, etc, "motd", &a, 0x40000) == -EINVAL,
		 0);
	KT_CHECK("stat_and_lstat_follow_paths",
		 syscall2(SYS_stat, "/bin", &a) == 0 && (a.st_mode & S_IFMT) == S_IFDIR &&
		     syscall2(SYS_lstat, "/etc/motd", &b) == 0 && b.st_size == motd_len,
		 0);
	KT_CHECK("openat_relative_to_a_file_is_enotdir",
		 openat_flags(fd, "x", O_RDONLY) == -ENOTDIR, 0);
	KT_CHECK("openat_relative_to_a_bad_fd_is_ebadf",
		 openat_flags(99, "motd", O_RDONLY) == -EBADF, 0);
	syscall1(SYS_close, fd);
	fd = openat_flags(99, "/etc/motd", O_RDONLY);
	KT_CHECK("an_absolute_path_ignores_the_dir_fd", fd >= 0, fd);
	syscall1(SYS_close, fd);
	syscall1(SYS_close, fd2);
	syscall1(SYS_close, etc);
}

/* ---- the console and descriptors ---- */

static void console_tests(void)
{
	static const char part1[] = "    # writev: one line ", part2[] = "in two parts\n";
	struct iovec iov[2] = { { part1, sizeof(part1) - 1 }, { part2, sizeof(part2) - 1 } };
	struct winsize ws = { 0 };
	struct stat st;
	char termios[60];
	long n, fd, flags;

	n = syscall3(SYS_writev, 1, iov, 2);
	KT_CHECK("writev_to_stdout_writes_every_part",
		 n == (long)(sizeof(part1) + sizeof(part2) - 2), n);
	KT_CHECK("stdout_is_a_character_device",
		 syscall2(SYS_fstat, 1, &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR &&
		     st.st_rdev == 0x501,
		 st.st_mode);
	KT_CHECK("ioctl_tiocgwinsz_on_stdout_gives_a_size",
		 syscall3(SYS_ioctl, 1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0,
		 ws.ws_col);
	KT_CHECK("ioctl_tcgets_says_stdin_is_a_terminal",
		 syscall3(SYS_ioctl, 0, TCGETS, termios) == 0, 0);
	KT_CHECK("ioctl_with_a_bad_pointer_is_efault",
		 syscall3(SYS_ioctl, 1, TIOCGWINSZ, KERNEL_ADDRESS) == -EFAULT, 0);
	KT_CHECK("lseek_on_the_console_is_espipe", syscall3(SYS_lseek, 1, 0, SEEK_CUR) == -ESPIPE,
		 0);
	/* Non-blocking read of the console: nothing typed (or something: no waiting either way). */
	fd = syscall1(SYS_dup, 0);
	flags = syscall2(SYS_fcntl, fd, F_GETFL);
	syscall3(SYS_fcntl, fd, F_SETFL, flags | O_NONBLOCK);
	n = syscall3(SYS_read, fd, termios, 1);
	KT_CHECK("nonblocking_console_read_does_not_wait",
		 (n == -EAGAIN || n == 1) &&
		     syscall2(SYS_fcntl, 0, F_GETFL) == (flags | O_NONBLOCK) &&
		     (flags & 3) == O_RDWR,
		 n);
	syscall3(SYS_fcntl, fd, F_SETFL, flags);
	syscall1(SYS_close, fd);
}

static void dup_tests(void)
{
	static const char line[] = "    # written through a dup of stdout\n";
	long fd = syscall1(SYS_dup, 1), m, pos;
	long file = open_ro("/etc/motd"), copy = syscall1(SYS_dup, file);
	char buf[8];

	KT_CHECK("dup_takes_the_lowest_free_descriptor", fd == 3, fd);
	KT_CHECK("a_dup_writes_where_the_original_does",
		 syscall3(SYS_write, fd, line, sizeof(line) - 1) == (long)sizeof(line) - 1 &&
		     syscall2(SYS_fcntl, fd, F_GETFD) == 0,
		 0);
	syscall3(SYS_read, file, buf, 5);
	pos = syscall3(SYS_lseek, copy, 0, SEEK_CUR);
	KT_CHECK("dups_share_the_file_position", pos == 5, pos);
	KT_CHECK("dup2_puts_the_file_at_the_number_asked",
		 syscall2(SYS_dup2, fd, 10) == 10 && syscall2(SYS_dup2, 10, 10) == 10 &&
		     syscall2(SYS_fcntl, 10, F_GETFD) == 0,
		 0);
	KT_CHECK("dup2_onto_an_open_descriptor_closes_it_first",
		 syscall2(SYS_dup2, file, 10) == 10 && syscall3(SYS_lseek, 10, 0, SEEK_CUR) == 5,
		 0);
	KT_CHECK("dup2_refuses_bad_descriptors",
		 syscall2(SYS_dup2, 99, 10) == -EBADF && syscall2(SYS_dup2, 1, NR_OPEN) == -EBADF &&
		     syscall2(SYS_dup2, 99, 99) == -EBADF,
		 0);
	KT_CHECK("dup3_sets_close_on_exec_and_refuses_the_same_fd",
		 syscall3(SYS_dup3, 1, 11, O_CLOEXEC) == 11 &&
		     syscall2(SYS_fcntl, 11, F_GETFD) == FD_CLOEXEC &&
		     syscall3(SYS_dup3, 1, 1, 0) == -EINVAL &&
		     syscall3(SYS_dup3, 1, 12, 1) == -EINVAL,
		 0);
	KT_CHECK("fcntl_setfd_clears_close_on_exec",
		 syscall3(SYS_fcntl, 11, F_SETFD, 0) == 0 && syscall2(SYS_fcntl, 11, F_GETFD) == 0,
		 0);
	m = syscall3(SYS_fcntl, 1, F_DUPFD, 20);
	KT_CHECK("fcntl_dupfd_takes_the_lowest_at_or_above",
		 m == 20 && syscall3(SYS_fcntl, 1, F_DUPFD_CLOEXEC, 20) == 21 &&
		     syscall2(SYS_fcntl, 21, F_GETFD) == FD_CLOEXEC &&
		     syscall3(SYS_fcntl, 1, F_DUPFD, NR_OPEN) == -EINVAL,
		 m);
	KT_CHECK("fcntl_refuses_unknown_commands", syscall3(SYS_fcntl, 1, 9999, 0) == -EINVAL, 0);
	for (long i = 3; i < NR_OPEN; i++)
		syscall1(SYS_close, i);
}

/* Fill the table: the descriptor after the last is -EMFILE. */
static void table_full_test(void)
{
	long fd, opened = 0, last = -1;

	while ((fd = open_ro("/etc/motd")) >= 0 && opened < NR_OPEN) {
		opened++;
		last = fd;
	}
	KT_CHECK("a_full_table_is_emfile",
		 fd == -EMFILE && last == NR_OPEN - 1 && syscall1(SYS_dup, 0) == -EMFILE, fd);
	for (long i = 3; i < NR_OPEN; i++)
		syscall1(SYS_close, i);
}

/* ---- fork and exec ---- */

static long fork_wait(long (*fn)(long), long arg)
{
	int status = -1;
	long pid = syscall0(SYS_fork);

	if (pid == 0)
		syscall1(SYS_exit, fn(arg));
	if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid)
		return -1;
	return WEXITSTATUS(status);
}

/* In the child: read 3 bytes of the shared file, then close it (only the child's copy). */
static long child_reads_and_closes(long fd)
{
	char buf[3];

	return syscall3(SYS_read, fd, buf, 3) == 3 && syscall1(SYS_close, fd) == 0 ? 0 : 1;
}

static long child_execs(long unused)
{
	char *argv[] = { "/bin/fstest", "exec-child", 0 };

	(void)unused;
	syscall3(SYS_execve, "/bin/fstest", argv, 0);
	return 99;
}

/* After exec: descriptor 40 stays, 41 (close-on-exec) is gone. */
static int exec_child(void)
{
	return syscall2(SYS_fcntl, 40, F_GETFD) == 0 && syscall2(SYS_fcntl, 41, F_GETFD) == -EBADF
		   ? 0
		   : 1;
}

static void fork_exec_tests(void)
{
	long fd = open_ro("/etc/motd"), st;

	st = fork_wait(child_reads_and_closes, fd);
	KT_CHECK("fork_shares_open_files_and_their_position",
		 st == 0 && syscall3(SYS_lseek, fd, 0, SEEK_CUR) == 3, st);
	KT_CHECK("a_close_in_the_child_leaves_the_parents_fd",
		 syscall2(SYS_fcntl, fd, F_GETFD) == 0, 0);
	syscall2(SYS_dup2, fd, 40);
	syscall3(SYS_dup3, fd, 41, O_CLOEXEC);
	st = fork_wait(child_execs, 0);
	KT_CHECK("exec_closes_close_on_exec_descriptors_only", st == 0, st);
	syscall1(SYS_close, 40);
	syscall1(SYS_close, 41);
	syscall1(SYS_close, fd);
	KT_CHECK("only_stdin_stdout_stderr_are_left_open",
		 syscall2(SYS_fcntl, 0, F_GETFD) == 0 && syscall2(SYS_fcntl, 2, F_GETFD) == 0 &&
		     syscall2(SYS_fcntl, 3, F_GETFD) == -EBADF && syscall1(SYS_dup, 0) == 3 &&
		     syscall1(SYS_close, 3) == 0,
		 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && ustrcmp(argv[1], "exec-child") == 0)
		return exec_child();
	ktap_plan("fstest", NR_CASES);
	read_tests();
	readv_test();
	refusal_tests();
	directory_tests();
	openat_tests();
	console_tests();
	dup_tests();
	table_full_test();
	fork_exec_tests();
	KT_CHECK("every_planned_case_ran", ktap_case == NR_CASES - 1, ktap_case);
	return ktap_end("fstest");
}
