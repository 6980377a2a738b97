/* SPDX-License-Identifier: MIT */
/*
 * The first user-space test program: run as init (init=/bin/usertest), it checks from user mode
 * what the kernel promises about system calls and memory, prints KTAP, and exits with 0 if all
 * passed (the kernel powers off with that result).
 */
#include "../lib/ulib.h"

#define EFAULT	14
#define ENOSYS	38
#define EBADF	9
#define ENOENT	2
#define ENOEXEC 8
#define ECHILD	10
#define EACCES	13
#define PAGE	4096

#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s) & 0x7f)

static char bss_buffer[64 * PAGE]; /* demand-zero: no page exists until touched */
static int data_word = 42;

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

static int bss_is_zero_and_writable(void)
{
	for (unsigned long i = 0; i < sizeof(bss_buffer); i += PAGE) {
		if (bss_buffer[i] != 0)
			return 0;
		bss_buffer[i] = (char)i;
	}
	for (unsigned long i = 0; i < sizeof(bss_buffer); i += PAGE)
		if (bss_buffer[i] != (char)i)
			return 0;
	return 1;
}

/* Touch stack pages far below the initial stack: the stack VMA grows on demand. */
static int __attribute__((noinline)) deep_stack(int depth)
{
	volatile char frame[2048];

	frame[0] = (char)depth;
	if (depth == 0)
		return frame[0];
	return deep_stack(depth - 1) + frame[0] - (char)depth;
}

static char *const child_envp[] = { "CHILD=1", 0 };

/* Run as a child: argv[1] says what to do. */
static int child_mode(const char *mode)
{
	if (ustrcmp(mode, "exit7") == 0)
		return 7;
	if (ustrcmp(mode, "segv") == 0)
		*(volatile int *)0 = 1; /* a NULL write: the kernel kills us with SIGSEGV */
	if (ustrcmp(mode, "ppid") == 0)
		return (int)syscall0(SYS_getppid);
	return 100;
}

/* fork, let the child run fn, wait for it; its wait status (or -1). */
static long fork_and_wait(int (*fn)(void))
{
	int status = -1;
	long pid = syscall0(SYS_fork);

	if (pid == 0)
		syscall1(SYS_exit, fn());
	if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid)
		return -1;
	return status;
}

static int child_exits_7(void)
{
	return 7;
}

static int child_segfaults(void)
{
	return child_mode("segv");
}

static volatile int cow_word = 1;

static int child_writes_its_copy(void)
{
	cow_word = 2; /* the parent must still see 1 */
	bss_buffer[0] = 'c';
	return cow_word == 2 ? 0 : 1;
}

static int child_execs(void)
{
	char *argv[] = { "/bin/usertest", "exit7", 0 };

	syscall3(SYS_execve, "/bin/usertest", argv, child_envp);
	return 99; /* exec failed */
}

static int fork_tests(void)
{
	long st;
	int status = 0;
	char *argv[] = { "/nonexistent", 0 };

	bss_buffer[0] = 'p';
	st = fork_and_wait(child_exits_7);
	KT_CHECK("fork_child_exit_status_reaches_wait", st >= 0 && WEXITSTATUS(st) == 7, st);
	st = fork_and_wait(child_writes_its_copy);
	KT_CHECK("fork_child_writes_its_own_copy",
		 st == 0 && cow_word == 1 && bss_buffer[0] == 'p', st);
	st = fork_and_wait(child_segfaults);
	KT_CHECK("segfaulting_child_is_killed_by_sigsegv", st >= 0 && WTERMSIG(st) == 11, st);
	st = fork_and_wait(child_execs);
	KT_CHECK("exec_in_child_runs_the_new_program", st >= 0 && WEXITSTATUS(st) == 7, st);
	KT_CHECK("exec_of_a_missing_file_is_enoent",
		 syscall3(SYS_execve, "/nonexistent", argv, 0) == -ENOENT, 0);
	KT_CHECK("exec_of_a_non_elf_file_is_enoexec",
		 syscall3(SYS_execve, "/bin/not-a-program", argv, 0) == -ENOEXEC, 0);
	KT_CHECK("exec_of_a_file_without_x_is_eacces",
		 syscall3(SYS_execve, "/etc/motd", argv, 0) == -EACCES, 0);
	KT_CHECK("wait_without_children_is_echild",
		 syscall4(SYS_wait4, -1, &status, 0, 0) == -ECHILD, 0);
	return 0;
}

/* ---- memory ---- */

#define PROT_READ     1
#define PROT_WRITE    2
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define EINVAL	      22

static char *mmap_anon(void *addr, long len, int prot, int flags)
{
	return (char *)syscall6l(SYS_mmap, addr, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

static volatile char *probe_addr;

static int child_reads_probe(void)
{
	return *probe_addr; /* SIGSEGV if it is not mapped readable */
}

static int child_writes_probe(void)
{
	*probe_addr = 1; /* SIGSEGV if it is not mapped writable */
	return 0;
}

/* Does touching p in a child process kill it with SIGSEGV? */
static int faults(volatile char *p, int write)
{
	long st;

	probe_addr = p;
	st = fork_and_wait(write ? child_writes_probe : child_reads_probe);
	return st >= 0 && WTERMSIG(st) == 11;
}

static void memory_tests(void)
{
	long brk0 = syscall1(SYS_brk, 0), brk1;
	char *p, *shared, *priv;
	long st;

	brk1 = syscall1(SYS_brk, brk0 + 3 * PAGE);
	p = (char *)brk0;
	p[0] = 1;
	p[3 * PAGE - 1] = 2;
	KT_CHECK("brk_grows_the_heap", brk1 == brk0 + 3 * PAGE && p[0] == 1 && p[3 * PAGE - 1] == 2,
		 brk1 - brk0);
	KT_CHECK("brk_shrinks_the_heap", syscall1(SYS_brk, brk0) == brk0 && faults(p + PAGE, 0),
		 syscall1(SYS_brk, 0) - brk0);

	p = mmap_anon(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	KT_CHECK("mmap_gives_zeroed_writable_memory",
		 (long)p > 0 && p[0] == 0 && p[4 * PAGE - 1] == 0 && (p[PAGE] = 7) == 7, (long)p);
	KT_CHECK("munmap_of_the_middle_leaves_the_sides",
		 syscall2(SYS_munmap, p + PAGE, PAGE) == 0 && faults(p + PAGE, 0) && p[0] == 0 &&
			 (p[2 * PAGE] = 3) == 3,
		 0);
	KT_CHECK("mprotect_read_only_stops_writes",
		 syscall3(SYS_mprotect, p, PAGE, PROT_READ) == 0 && faults(p, 1) && !faults(p, 0),
		 0);
	KT_CHECK("mprotect_back_to_writable",
		 syscall3(SYS_mprotect, p, PAGE, PROT_READ | PROT_WRITE) == 0 && (p[0] = 9) == 9, 0);
	KT_CHECK("prot_none_hides_a_touched_page_and_keeps_its_contents",
		 syscall3(SYS_mprotect, p, PAGE, 0) == 0 && faults(p, 0) &&
			 syscall3(SYS_mprotect, p, PAGE, PROT_READ) == 0 && p[0] == 9,
		 0);
	KT_CHECK("mmap_fixed_lands_where_asked",
		 mmap_anon((void *)0x70000000, PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_FIXED) == (char *)0x70000000,
		 0);
	KT_CHECK("mmap_bad_arguments_are_einval",
		 (long)mmap_anon(0, 0, PROT_READ, MAP_PRIVATE) == -EINVAL &&
			 (long)mmap_anon(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_SHARED) == -EINVAL &&
			 syscall2(SYS_munmap, p + 1, PAGE) == -EINVAL,
		 0);
	shared = mmap_anon(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	priv = mmap_anon(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	shared[0] = priv[0] = 'p';
	probe_addr = shared;
	st = fork_and_wait(child_writes_probe);
	probe_addr = priv;
	st |= fork_and_wait(child_writes_probe);
	KT_CHECK("shared_mapping_is_shared_with_the_child_private_is_not",
		 st == 0 && shared[0] == 1 && priv[0] == 'p', st);
}

/* ---- threads ---- */

#define CLONE_VM	     0x00000100
#define CLONE_FS	     0x00000200
#define CLONE_FILES	     0x00000400
#define CLONE_SIGHAND	     0x00000800
#define CLONE_THREAD	     0x00010000
#define CLONE_SYSVSEM	     0x00040000
#define CLONE_SETTLS	     0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define THREAD_FLAGS                                                                               \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |        \
	 CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
#define NR_THREADS 4
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

struct tls_block {
	struct tls_block *self; /* %fs:0, as the x86-64 TLS ABI wants */
	long id;
};

static char thread_stacks[NR_THREADS][16 * 1024] __attribute__((aligned(16)));
static struct tls_block tls_blocks[NR_THREADS];
static volatile int thread_tids[NR_THREADS]; /* CLONE_CHILD_CLEARTID zeroes these at exit */
static int parent_tids[NR_THREADS];
static long counter;
static volatile long seen_pid[NR_THREADS], seen_tls[NR_THREADS];

static int thread_fn(void *arg)
{
	long i = (long)arg, tls_id;

	__asm__ __volatile__("movq %%fs:8, %0" : "=r"(tls_id)); /* our own TLS block */
	seen_tls[i] = tls_id;
	seen_pid[i] = syscall0(SYS_getpid);
	for (int n = 0; n < 1000; n++) {
		__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
		if (n % 100 == 0)
			syscall0(SYS_sched_yield);
	}
	return 0;
}

/* Wait for a thread to exit: the kernel zeroes its tid word and wakes us (CLEARTID). */
static void join(volatile int *tid)
{
	int t;

	while ((t = *tid) != 0)
		syscall4(SYS_futex, tid, FUTEX_WAIT, t, 0);
}

static void thread_tests(void)
{
	long pid = syscall0(SYS_getpid), tid_ok = 1, tls_ok = 1;

	for (long i = 0; i < NR_THREADS; i++) {
		tls_blocks[i].self = &tls_blocks[i];
		tls_blocks[i].id = 100 + i;
		thread_tids[i] = -1;
		tid_ok &= clone_thread(thread_fn, thread_stacks[i] + sizeof(thread_stacks[i]),
				       THREAD_FLAGS, (void *)i, &parent_tids[i], &tls_blocks[i],
				       (int *)&thread_tids[i]) > 0;
	}
	for (int i = 0; i < NR_THREADS; i++)
		join(&thread_tids[i]);
	for (int i = 0; i < NR_THREADS; i++) {
		tid_ok &= seen_pid[i] == pid && parent_tids[i] > 0 && parent_tids[i] != pid;
		tls_ok &= seen_tls[i] == 100 + i;
	}
	KT_CHECK("threads_share_memory_and_all_run", counter == NR_THREADS * 1000, counter);
	KT_CHECK("threads_have_their_own_tid_and_the_group_pid", tid_ok, 0);
	KT_CHECK("clone_settls_gives_each_thread_its_fs_base", tls_ok, 0);
}

static int spinner_fn(void *arg __attribute__((unused)))
{
	for (;;)
		__asm__ __volatile__("" ::: "memory"); /* only exit_group can end this */
	return 0;
}

static int child_exit_group_kills_threads(void)
{
	clone_thread(spinner_fn, thread_stacks[0] + sizeof(thread_stacks[0]), THREAD_FLAGS, 0,
		     &parent_tids[0], &tls_blocks[0], (int *)&thread_tids[0]);
	syscall1(SYS_sched_yield, 0);
	syscall1(SYS_exit_group, 5);
	return 99;
}

#define CLONE_CHILD_SETTID 0x01000000

/* fork the way glibc does: the child learns its tid through CLONE_CHILD_SETTID, in its memory. */
static long fork_with_child_settid(int *parent_view)
{
	static volatile int child_tid;
	int status = -1;
	long pid;

	child_tid = 0;
	pid = syscall6l(SYS_clone, CLONE_CHILD_SETTID | 17 /* SIGCHLD */, 0, 0, &child_tid, 0, 0);
	if (pid == 0)
		syscall1(SYS_exit, child_tid == syscall0(SYS_gettid) ? 0 : 1);
	*parent_view = child_tid;
	if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid)
		return -1;
	return status;
}

/* ---- regressions from review ---- */

#define ARCH_SET_FS 0x1002
#define USER_DS_SEL 0x1b

static struct tls_block fs_tls;

/* The child reads its TLS through %fs while the parent keeps zeroing its own FS base. */
static int child_reads_fs(void)
{
	for (int i = 0; i < 200; i++) {
		struct tls_block *self;

		__asm__ __volatile__("movq %%fs:0, %0" : "=r"(self));
		if (self != &fs_tls)
			return 1;
		syscall0(SYS_sched_yield);
	}
	return 0;
}

/* A process whose FS base was zeroed by loading %fs must not pass that on to another task. */
static long fs_base_survives_another_task_zeroing_its_own(void)
{
	int status = -1;
	long pid;

	fs_tls.self = &fs_tls;
	syscall2(SYS_arch_prctl, ARCH_SET_FS, &fs_tls);
	pid = syscall0(SYS_fork);
	if (pid == 0)
		syscall1(SYS_exit, child_reads_fs());
	for (int i = 0; i < 200; i++) {
		__asm__ __volatile__("movl %0, %%fs" : : "r"(USER_DS_SEL)); /* FS base becomes 0 */
		syscall0(SYS_sched_yield);
	}
	syscall2(SYS_arch_prctl, ARCH_SET_FS, &fs_tls);
	if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid)
		return -1;
	return status;
}

static volatile int orphan_thread_go, orphan_thread_ppid;

static int orphan_thread_fn(void *arg __attribute__((unused)))
{
	while (!orphan_thread_go)
		syscall4(SYS_futex, &orphan_thread_go, FUTEX_WAIT, 0, 0);
	orphan_thread_ppid = (int)syscall0(SYS_getppid);
	return 0;
}

/*
 * A thread of a process whose parent exited and was reaped asks getppid(): it must see init,
 * not read its former parent's freed task.
 */
static int child_leaves_a_threaded_grandchild(void)
{
	/* Shared with the grandchild: it says when its thread exists (threads copy the parent). */
	volatile int *thread_made = (volatile int *)mmap_anon(0, PAGE, PROT_READ | PROT_WRITE,
							      MAP_SHARED);
	long ts[2] = { 0, 1000 * 1000 };

	if (syscall0(SYS_fork) == 0) {
		thread_tids[1] = -1; /* CLEARTID zeroes it when the thread is gone */
		clone_thread(orphan_thread_fn, thread_stacks[1] + sizeof(thread_stacks[1]),
			     THREAD_FLAGS, 0, &parent_tids[1], &tls_blocks[1],
			     (int *)&thread_tids[1]);
		*thread_made = 1;
		while (syscall0(SYS_getppid) != 1) /* until our parent is gone */
			syscall2(SYS_nanosleep, ts, 0);
		syscall2(SYS_nanosleep, ts, 0); /* and init has had a chance to reap it */
		orphan_thread_go = 1;
		syscall3(SYS_futex, &orphan_thread_go, FUTEX_WAKE, 1);
		join(&thread_tids[1]);
		syscall1(SYS_exit, orphan_thread_ppid == 1 ? 0 : 1);
	}
	while (!*thread_made) /* leave only once the thread has copied our pid as its parent */
		syscall2(SYS_nanosleep, ts, 0);
	return 0;
}

/* A child that leaves a grandchild behind: the grandchild is adopted by init (us). */
static int child_orphans_a_grandchild(void)
{
	long ts[2] = { 0, 20 * 1000 * 1000 };

	if (syscall0(SYS_fork) == 0) {
		syscall2(SYS_nanosleep, ts, 0); /* outlive the parent */
		syscall1(SYS_exit, syscall0(SYS_getppid) == 1 ? 0 : 1);
	}
	return 0;
}

static long vfork_exec_wait(void)
{
	char *argv[] = { "/bin/usertest", "exit7", 0 };
	int status = -1;
	long pid = syscall0(SYS_vfork);

	if (pid == 0) {
		syscall3(SYS_execve, "/bin/usertest", argv, child_envp);
		syscall1(SYS_exit, 99);
	}
	if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid)
		return -1;
	return status;
}

int main(int argc, char **argv, char **envp)
{
	struct utsname u;
	long ts[2], st;

	if (argc > 1)
		return child_mode(argv[1]);
	ktap_plan("usertest", 37);
	KT_CHECK("argv_holds_the_program_name", argc >= 1 && argv[0] && argv[0][0] == '/', argc);
	KT_CHECK("envp_is_passed", envp[0] != 0, 0);
	KT_CHECK("getpid_of_init_is_1", syscall0(SYS_getpid) == 1, syscall0(SYS_getpid));
	KT_CHECK("data_is_initialised", data_word == 42, data_word);
	KT_CHECK("bss_is_zero_and_writable", bss_is_zero_and_writable(), 0);
	KT_CHECK("stack_grows_on_demand", deep_stack(200) == 0, 0); /* about 400 KiB deep */
	KT_CHECK("uname_says_trefoil",
		 syscall1(SYS_uname, &u) == 0 && ustrcmp(u.sysname, "Trefoil") == 0, 0);
	KT_CHECK("clock_gettime_works", syscall2(SYS_clock_gettime, 1, ts) == 0 && ts[1] >= 0, 0);
	KT_CHECK("unknown_syscall_is_enosys", syscall0(400) == -ENOSYS, syscall0(400));
	KT_CHECK("bad_pointers_give_efault",
		 syscall3(SYS_write, 1, (void *)0x10, 5) == -EFAULT &&
			 syscall3(SYS_write, 1, (void *)0xffff888000000000ul, 5) == -EFAULT &&
			 syscall1(SYS_uname, (void *)0x8) == -EFAULT,
		 syscall3(SYS_write, 1, (void *)0x10, 5));
	fork_tests();
	st = vfork_exec_wait();
	KT_CHECK("vfork_then_exec_then_wait", st >= 0 && WEXITSTATUS(st) == 7, st);
	memory_tests();
	thread_tests();
	st = fork_and_wait(child_exit_group_kills_threads);
	KT_CHECK("exit_group_ends_every_thread", st >= 0 && WEXITSTATUS(st) == 5, st);
	{
		int parent_view = -1;

		st = fork_with_child_settid(&parent_view);
		KT_CHECK("clone_child_settid_writes_the_childs_copy_only",
			 st == 0 && parent_view == 0, st);
	}
	st = fs_base_survives_another_task_zeroing_its_own();
	KT_CHECK("fs_base_is_per_task_even_when_user_code_zeroes_it", st == 0, st);
	st = fork_and_wait(child_leaves_a_threaded_grandchild);
	{
		int status = -1;

		long reaped = st == 0 ? syscall4(SYS_wait4, -1, &status, 0, 0) : st;

		KT_CHECK("getppid_in_a_thread_of_an_orphan_is_init", reaped > 0 && status == 0,
			 reaped > 0 ? status : reaped);
	}
	st = fork_and_wait(child_orphans_a_grandchild);
	{
		int status = -1;

		KT_CHECK("orphan_is_reparented_to_init_and_reaped",
			 st == 0 && syscall4(SYS_wait4, -1, &status, 0, 0) > 0 && status == 0,
			 status);
	}
	return ktap_end("usertest");
}
