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
	ktap_plan("usertest", 19);
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
	return ktap_end("usertest");
}
