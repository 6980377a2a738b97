/* SPDX-License-Identifier: MIT */
/*
 * Raw Linux x86-64 system calls for Trefoil's own freestanding user programs (no libc): the
 * number in %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9, the result (or -errno) in %rax;
 * SYSCALL clobbers %rcx and %r11.
 */
#ifndef USER_LIB_SYSCALL_H
#define USER_LIB_SYSCALL_H

#define SYS_read	   0
#define SYS_write	   1
#define SYS_close	   3
#define SYS_fstat	   5
#define SYS_mmap	   9
#define SYS_mprotect	   10
#define SYS_munmap	   11
#define SYS_brk		   12
#define SYS_sched_yield	   24
#define SYS_getpid	   39
#define SYS_fork	   57
#define SYS_vfork	   58
#define SYS_execve	   59
#define SYS_exit	   60
#define SYS_wait4	   61
#define SYS_clone	   56
#define SYS_arch_prctl	   158
#define SYS_futex	   202
#define SYS_set_tid_address 218
#define SYS_nanosleep	   35
#define SYS_kill	   62
#define SYS_uname	   63
#define SYS_getppid	   110
#define SYS_gettid	   186
#define SYS_clock_gettime  228
#define SYS_exit_group	   231
#define SYS_openat	   257
/* Files (kernel/fs) */
#define SYS_open	   2
#define SYS_stat	   4
#define SYS_lstat	   6
#define SYS_lseek	   8
#define SYS_ioctl	   16
#define SYS_pread64	   17
#define SYS_readv	   19
#define SYS_writev	   20
#define SYS_dup		   32
#define SYS_dup2	   33
#define SYS_fcntl	   72
#define SYS_getdents64	   217
#define SYS_newfstatat	   262
/* Signals (kernel/proc/signal.c) */
#define SYS_rt_sigaction   13
#define SYS_rt_sigprocmask 14
#define SYS_rt_sigreturn   15
#define SYS_rt_sigpending  127
#define SYS_pause	   34
#define SYS_tkill	   200
#define SYS_tgkill	   234
#define SYS_dup3	   292
#define SYS_reboot	   169

static inline long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

#define syscall0(nr)		  syscall6(nr, 0, 0, 0, 0, 0, 0)
#define syscall1(nr, a)		  syscall6(nr, (long)(a), 0, 0, 0, 0, 0)
#define syscall2(nr, a, b)	  syscall6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(nr, a, b, c)	  syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define syscall4(nr, a, b, c, d)  syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define syscall6l(nr, a, b, c, d, e, f)                                                           \
	syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* user/lib/clone.S: start fn(arg) in a new thread on stack_top. */
long clone_thread(int (*fn)(void *), void *stack_top, unsigned long flags, void *arg,
		  int *parent_tid, void *tls, int *child_tid);

#endif
