/* SPDX-License-Identifier: MIT */
/*
 * Tasks, x86 side: a new kernel thread's first stack frame, and the switch itself (asm/thread.h
 * has the contract).
 */
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/mmu_context.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/thread.h>
#include <asm/x86.h>

#include "lib/errno.h"
#include "lib/string.h"

extern void *__switch_to_asm(unsigned long *prev_sp, unsigned long next_sp, void *prev_task);
extern const char ret_from_kthread[], ret_from_fork[];

/* The thread each CPU runs: what the #NM handler gives FPU state to. */
DEFINE_PER_CPU(struct thread_struct *, cpu_running_thread);

int arch_thread_init(struct thread_struct *t, void *stack_top)
{
	*t = (struct thread_struct){ .sp0 = (unsigned long)stack_top };
	t->fpu = fpu_state_alloc();
	return t->fpu ? 0 : -ENOMEM;
}

void arch_thread_init_idle(struct thread_struct *t, void *stack_top)
{
	*t = (struct thread_struct){ .sp0 = (unsigned long)stack_top };
	*this_cpu_ptr(cpu_running_thread) = t;
	this_cpu_data()->top_of_stack = t->sp0;
}

void arch_thread_release(struct thread_struct *t)
{
	fpu_state_free(t->fpu);
	t->fpu = NULL;
}

/*
 * The frame __switch_to_asm pops for a task that has never run: six callee-saved registers,
 * then the return address. ret_from_kthread finds fn in %rbx and arg in %r12; %rbp is 0 so
 * that backtraces end there.
 */
struct kthread_start_frame {
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long ret;
};

struct pt_regs *thread_pt_regs(struct thread_struct *t)
{
	return (struct pt_regs *)t->sp0 - 1;
}

void arch_thread_start_kernel(struct thread_struct *t, void (*fn)(void *), void *arg)
{
	/*
	 * Right below the pt_regs slot at the top of the stack, which stays free for the day the
	 * thread becomes a user process (exec); %rsp is 16-byte aligned after the `ret`.
	 */
	struct kthread_start_frame *f = (struct kthread_start_frame *)thread_pt_regs(t) - 1;

	*f = (struct kthread_start_frame){
		.r12 = (unsigned long)arg,
		.rbx = (unsigned long)fn,
		.ret = (unsigned long)ret_from_kthread,
	};
	t->sp = (unsigned long)f;
}

void arch_thread_start_user(struct thread_struct *t, const struct pt_regs *parent_regs,
			    unsigned long sp)
{
	struct pt_regs *regs = thread_pt_regs(t);
	struct kthread_start_frame *f = (struct kthread_start_frame *)regs - 1;

	*regs = *parent_regs;
	regs->rax = 0; /* fork() returns 0 in the child */
	if (sp)
		regs->rsp = sp;
	*f = (struct kthread_start_frame){ .ret = (unsigned long)ret_from_fork };
	t->sp = (unsigned long)f;
}

void arch_thread_copy_user_state(struct thread_struct *child, struct thread_struct *parent)
{
	child->fsbase = parent->fsbase;
	fpu_copy(child, parent);
}

int arch_thread_set_tls(struct thread_struct *t, unsigned long tls)
{
	/* The switch loads it into MSR_FS_BASE, where a non-canonical value faults (#GP). */
	if (tls >= USER_ADDR_END)
		return -EPERM;
	t->fsbase = tls;
	return 0;
}

void arch_start_user(struct thread_struct *t, unsigned long ip, unsigned long sp)
{
	struct pt_regs *regs = thread_pt_regs(t);

	memset(regs, 0, sizeof(*regs));
	regs->rip = ip;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags = X86_EFLAGS_IF;
	t->fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_exec_reset(t); /* a fresh program starts with the FPU in its initial state */
}

extern __noreturn void return_to_user_regs(struct pt_regs *regs);

void arch_return_to_user(struct thread_struct *t)
{
	return_to_user_regs(thread_pt_regs(t));
}

void *arch_switch_to(struct thread_struct *prev, struct thread_struct *next, void *prev_task)
{
	fpu_switch(prev, next);
	tss_set_rsp0(smp_processor_id(), next->sp0); /* entry from user mode lands on next's stack */
	this_cpu_data()->top_of_stack = next->sp0;   /* and so does SYSCALL */
	*this_cpu_ptr(cpu_running_thread) = next;
	/*
	 * The user's thread pointer (TLS). Always written: user code can change the FS base behind
	 * our back (loading a selector into %fs zeroes it), so equal saved values prove nothing.
	 */
	wrmsr(MSR_FS_BASE, next->fsbase);
	return __switch_to_asm(&prev->sp, next->sp, prev_task);
}
