/* SPDX-License-Identifier: MIT */
/*
 * The architecture's part of a task (struct thread_struct, inside struct task_struct) and the
 * context switch. The portable scheduler only calls the functions below; it never looks inside.
 *
 * A task that is not running is described by its kernel stack: the callee-saved registers and
 * the address to resume at are pushed there, and thread.sp says where. Switching is saving one
 * task's stack pointer and loading another's (arch/x86_64/kernel/switch.S).
 */
#ifndef ASM_THREAD_H
#define ASM_THREAD_H

#include "lib/compiler.h"
#include "lib/types.h"

struct fpu_state;

struct thread_struct {
	unsigned long sp;  /* saved stack pointer while switched out; only the switch touches it */
	unsigned long sp0; /* top of the kernel stack: TSS.rsp0 while the task runs */
	/*
	 * FPU/SSE/AVX registers of the task, saved at every switch away once fpu_used is set.
	 * A task starts with fpu_used clear and CR0.TS set while it runs, so its first FPU
	 * instruction traps (#NM) and marks it. Only the CPU running the task touches these.
	 */
	struct fpu_state *fpu;
	bool fpu_used;
	unsigned long fsbase; /* user FS base (arch_prctl(ARCH_SET_FS)); loaded at each switch */
};

struct pt_regs;

/* The user register state of the task, at the top of its kernel stack. */
struct pt_regs *thread_pt_regs(struct thread_struct *t);
/*
 * A fork child: it starts in ret_from_fork and returns to user mode with parent_regs (and
 * %rax 0, and rsp if sp is nonzero: a new thread's stack).
 */
void arch_thread_start_user(struct thread_struct *t, const struct pt_regs *parent_regs,
			    unsigned long sp);
/* fork: the child gets the parent's (the running task's) TLS base and FPU registers. */
void arch_thread_copy_user_state(struct thread_struct *child, struct thread_struct *parent);
/*
 * clone(CLONE_SETTLS): the new thread's FS base. 0, or -EPERM for an address outside user
 * space, as arch_prctl(ARCH_SET_FS) (and Linux) refuse it.
 */
int arch_thread_set_tls(struct thread_struct *t, unsigned long tls);
/* exec: the task's user state becomes a fresh start at ip with stack pointer sp. */
void arch_start_user(struct thread_struct *t, unsigned long ip, unsigned long sp);
/* Leave the kernel for user mode with the task's pt_regs (a kernel thread after exec). */
__noreturn void arch_return_to_user(struct thread_struct *t);

/* Prepare the thread of a new task whose kernel stack ends at stack_top. 0 or -ENOMEM. */
int arch_thread_init(struct thread_struct *t, void *stack_top);
/* A new kernel thread will start by calling schedule_tail(prev), then fn(arg), which must not return. */
void arch_thread_start_kernel(struct thread_struct *t, void (*fn)(void *), void *arg);
/* Free what arch_thread_init() allocated. */
void arch_thread_release(struct thread_struct *t);
/* The thread of a CPU's first (idle) task, running on the current stack. */
void arch_thread_init_idle(struct thread_struct *t, void *stack_top);

/*
 * Switch from prev (the caller) to next, interrupts disabled. Returns, much later, when some
 * CPU switches back to prev; the value is the task that CPU switched away from (prev_task as
 * that CPU passed it), for the scheduler to finish with.
 */
void *arch_switch_to(struct thread_struct *prev, struct thread_struct *next, void *prev_task);

/* FPU first-use traps so far, all CPUs (for tests). */
unsigned long fpu_first_use_count(void);

#endif
