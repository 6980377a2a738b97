/* SPDX-License-Identifier: MIT */
/*
 * Signals, as in Linux: numbers, masks, actions, pending sets, sending and delivery.
 * docs/processes.md ("Signals") tells the story.
 *
 * A signal is sent to a thread (tgkill, a fault) or to a whole process (kill, SIGCHLD). It waits
 * in a pending set (the thread's own, or the process's shared one) until a thread that does not
 * block it returns to user mode; there it is dequeued and its action taken: ignore, the default
 * action (end the process, or nothing), or a user handler, run on an rt signal frame built on
 * the user stack (arch/x86_64/kernel/signal.c) and left through rt_sigreturn.
 *
 * Locking: one sighand_struct (the actions) is shared by all threads of a process, and its
 * siglock protects the actions, every pending set of those threads and their process, and
 * their blocked masks. siglock is IRQ-safe and nests inside tasklist_lock.
 */
#ifndef KERNEL_PROC_SIGNAL_H
#define KERNEL_PROC_SIGNAL_H

#include "lib/compiler.h"
#include "lib/types.h"

#ifndef __user
#define __user /* an address in user space: never dereferenced directly */
#endif

#define SIGHUP	  1
#define SIGINT	  2
#define SIGQUIT	  3
#define SIGILL	  4
#define SIGTRAP	  5
#define SIGABRT	  6
#define SIGBUS	  7
#define SIGFPE	  8
#define SIGKILL	  9
#define SIGUSR1	  10
#define SIGSEGV	  11
#define SIGUSR2	  12
#define SIGPIPE	  13
#define SIGALRM	  14
#define SIGTERM	  15
#define SIGSTKFLT 16
#define SIGCHLD	  17
#define SIGCONT	  18
#define SIGSTOP	  19
#define SIGTSTP	  20
#define SIGTTIN	  21
#define SIGTTOU	  22
#define SIGURG	  23
#define SIGXCPU	  24
#define SIGXFSZ	  25
#define SIGVTALRM 26
#define SIGPROF	  27
#define SIGWINCH  28
#define SIGIO	  29
#define SIGPWR	  30
#define SIGSYS	  31
#define SIGRTMIN  32 /* real-time signals: each send is queued, not merged */
#define _NSIG	  64

/* A set of signals: bit sig - 1. The kernel's sigset_t is 8 bytes (sigsetsize in the calls). */
typedef u64 sigset_t;
#define sigmask(sig) (1ull << ((sig)-1))

static inline bool valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

/* sa_flags, Linux's values */
#define SA_NOCLDSTOP 0x00000001u
#define SA_NOCLDWAIT 0x00000002u /* accepted, not acted on: children still become zombies */
#define SA_SIGINFO   0x00000004u /* handler(sig, siginfo *, ucontext *) */
#define SA_RESTORER  0x04000000u /* sa_restorer is where the handler returns: required */
#define SA_ONSTACK   0x08000000u /* accepted, not acted on: there is no sigaltstack */
#define SA_RESTART   0x10000000u /* accepted, not acted on: interrupted calls return -EINTR */
#define SA_NODEFER   0x40000000u /* do not block the signal while its handler runs */
#define SA_RESETHAND 0x80000000u /* back to SIG_DFL once delivered */

#define SIG_DFL ((void __user *)0)
#define SIG_IGN ((void __user *)1)

/* rt_sigprocmask's how */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* si_code: who sent it (<= 0: user space) or what caused it (> 0, per signal). */
#define SI_USER	    0
#define SI_KERNEL   0x80
#define SI_TKILL    (-6)
#define ILL_ILLOPN  2
#define FPE_INTDIV  1
#define SEGV_MAPERR 1 /* no mapping at the address */
#define SEGV_ACCERR 2 /* a mapping that does not allow the access */
#define TRAP_BRKPT  1
#define CLD_EXITED  1
#define CLD_KILLED  2

/* rt_sigaction's struct sigaction on x86-64 (the kernel's, not libc's). */
struct sigaction {
	void __user *sa_handler; /* SIG_DFL, SIG_IGN or a function */
	unsigned long sa_flags;
	void __user *sa_restorer; /* with SA_RESTORER: calls rt_sigreturn */
	sigset_t sa_mask;	  /* blocked, besides the signal, while the handler runs */
};

/*
 * What is known about one sent signal. Its first SIGINFO_USER_BYTES are the start of the user's
 * 128-byte siginfo_t, in Linux's layout (the rest of which is zero).
 */
struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		struct {
			int si_pid;		 /* the sender, or the child (SIGCHLD) */
			unsigned int si_uid;	 /* 0: there are no credentials yet */
			int si_status;		 /* SIGCHLD: exit code, or killing signal */
			long si_utime, si_stime; /* SIGCHLD: reported as 0 */
		};
		void __user *si_addr; /* faults: the address */
	};
	/* Kernel only, for a fault's sigcontext: the exception vector and its error code. */
	unsigned long trapno, error_code;
};
#define SIGINFO_USER_BYTES 48 /* offsetof(struct kernel_siginfo, trapno) */
#define SIGINFO_SIZE	   128

/*
 * Signals waiting for delivery: a set, and the queued instances with their siginfo, oldest
 * first (zero-initialised means empty). A standard signal is pending at most once; a
 * real-time one may be queued several times. A set bit with no queued instance (memory was
 * short when it was sent) is delivered with a plain SI_USER siginfo.
 */
struct sigqueue;
struct sigpending {
	sigset_t signal;
	struct sigqueue *head;
};

struct sighand_struct; /* the actions and siglock: private to kernel/proc/signal.c */

/*
 * A thread's signal state, inside struct task_struct (as `sigstate`). Zero for kernel threads
 * (no sighand: nothing is ever delivered to them).
 */
struct task_sigstate {
	/* Shared by CLONE_SIGHAND; set at fork/exec, NULL from exit_signals() on; RCU-freed. */
	struct sighand_struct *sighand;
	struct sigpending pending; /* sent to this thread only; under sighand->siglock */
	sigset_t blocked;	   /* under sighand->siglock; changed only by the thread itself */
};

/* A signal dequeued for delivery to a handler: the action as it was, and the siginfo. */
struct ksignal {
	int sig;
	struct sigaction ka;
	struct kernel_siginfo info;
};

struct pt_regs;
struct task_struct;

/*
 * Does t have a signal to take (pending and not blocked), or is its process exiting? What
 * interruptible sleeps check to end early with -EINTR. Lockless; any context.
 */
bool signal_pending(struct task_struct *t);

/*
 * Send sig to the thread t (pinned by the caller: a reference, RCU, or tasklist_lock). Any
 * context. 0 (also when t is exiting or a kernel thread: nothing happens), -EINVAL for a bad
 * number, -EAGAIN if a real-time signal cannot be queued.
 */
int send_sig_info(int sig, const struct kernel_siginfo *info, struct task_struct *t);

/*
 * Send sig to the process that has a thread with id pid. Task context (takes tasklist_lock).
 * 0, -ESRCH if there is no such task, -EINVAL, -EAGAIN. sig 0 only checks that pid exists.
 */
int kill_pid_info(int sig, const struct kernel_siginfo *info, int pid);

/*
 * The current task faulted in user mode (sig: SIGSEGV, SIGILL, SIGFPE...) at addr. With a
 * handler installed and sig not blocked, queue it: the handler runs on the way back to user
 * mode. Otherwise print what happened (pid, name, address, RIP) and end the process as killed
 * by sig. Task context, interrupts on.
 */
void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs);

/* End the current process as killed by sig; the caller has said why. Task context. */
__noreturn void force_fatal_sig(int sig);

/* The process of tsk (its leader) is gone: SIGCHLD to parent. tasklist_lock held. */
void do_notify_parent(struct task_struct *tsk, struct task_struct *parent);

/* fork/clone: child's actions (shared with CLONE_SIGHAND, else copied) and blocked mask. */
int copy_sighand(unsigned long clone_flags, struct task_struct *child);
/* execve, before the point of no return: current gets actions of its own. 0 or -ENOMEM. */
int unshare_sighand(void);
/* execve, after it: handled signals go back to SIG_DFL (ignored ones stay ignored). */
void flush_signal_handlers(struct task_struct *t);
/* do_exit: tsk takes no more signals; its pending ones (the process's, if last) go. */
void exit_signals(struct task_struct *tsk);

/* The current thread's blocked mask becomes set (SIGKILL and SIGSTOP are never blocked). */
void set_current_blocked(sigset_t set);

/* Is there work before returning to user mode (a signal, a group exit)? IRQs off. */
bool exit_to_user_work_pending(void);
/* Do it (interrupts on): deliver one signal (or exit). regs: the user state to return to. */
void exit_to_user_work(struct pt_regs *regs);

/* Processes killed by a fault signal so far (for tests). */
unsigned long fault_kill_count(void);

#endif
