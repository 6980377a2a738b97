/* SPDX-License-Identifier: MIT */
/*
 * System calls, x86 side: the MSRs that make SYSCALL enter the kernel, the C half of the entry
 * (syscall_64.S is the assembly half), and the way back to user mode.
 *
 * Returning with SYSRET is faster than IRET but trusts %rcx and %r11 as RIP and RFLAGS, and
 * would fault in kernel mode (with the user's stack!) on a non-canonical RIP. So SYSRET is used
 * only when the saved state is exactly what SYSCALL left: anything else (an execve, a signal
 * frame, a changed RIP) goes back through IRET.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>
#include <asm/x86.h>

#include "kernel/proc/signal.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "lib/errno.h"

#define MSR_STAR	   0xc0000081 /* segment bases for SYSCALL (47:32) and SYSRET (63:48) */
#define MSR_LSTAR	   0xc0000082 /* the 64-bit SYSCALL entry point */
#define MSR_SYSCALL_MASK   0xc0000084 /* RFLAGS bits SYSCALL clears */
#define MSR_KERNEL_GS_BASE 0xc0000102 /* what swapgs exchanges GS base with */
#define EFER_SCE	   (1 << 0)   /* SYSCALL/SYSRET enable */

#define X86_EFLAGS_TF (1ul << 8)
#define X86_EFLAGS_DF (1ul << 10)
#define X86_EFLAGS_NT (1ul << 14)
#define X86_EFLAGS_RF (1ul << 16)
#define X86_EFLAGS_AC (1ul << 18)

/* The last user address SYSRET may return to: the top page is kept out, as Linux does. */
#define SYSRET_RIP_LIMIT (USER_ADDR_END - PAGE_SIZE)

extern const char entry_SYSCALL_64[];

void syscall_init(void)
{
	/*
	 * SYSCALL loads CS from STAR[47:32] (and SS = CS + 8); SYSRET loads SS from
	 * STAR[63:48] + 8 and CS from STAR[63:48] + 16, both with RPL 3: hence the GDT order
	 * kernel CS, kernel DS, user DS, user CS (asm/segment.h).
	 */
	wrmsr(MSR_STAR, ((u64)(USER_DS - 8 - 3) << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	/* Interrupts off until the stack is switched; no single-step, DF clear, AC clear (SMAP). */
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_NT |
					X86_EFLAGS_AC | (3ul << 12) /* IOPL */);
	wrmsr(MSR_KERNEL_GS_BASE, 0); /* user GS base: programs use FS for TLS */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

static bool sysret_is_safe(const struct pt_regs *regs)
{
	return regs->rcx == regs->rip && regs->r11 == regs->rflags && regs->cs == USER_CS &&
	       regs->ss == USER_DS && regs->rip < SYSRET_RIP_LIMIT &&
	       !(regs->rflags & (X86_EFLAGS_RF | X86_EFLAGS_TF));
}

/*
 * Work before any return to user mode (after a system call, an interrupt or an exception that
 * came from user mode): reschedule if asked, exit if the thread group is exiting. Ends with
 * interrupts disabled.
 */
void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (exit_to_user_work_pending()) {
			local_irq_enable();
			exit_to_user_work(regs);
			continue;
		}
		return;
	}
}

/* For ret_from_fork. */
void syscall_exit_to_user_mode(struct pt_regs *regs);
void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	exit_to_user_mode(regs);
}

/* Called by syscall_64.S; returns true if the way back may be SYSRET. */
bool do_syscall_64(struct pt_regs *regs);
bool do_syscall_64(struct pt_regs *regs)
{
	struct syscall_args args = {
		.nr = regs->vector,
		.a = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9 },
	};

	local_irq_enable();
	regs->rax = (u64)do_syscall(&args);
	exit_to_user_mode(regs);
	return sysret_is_safe(regs);
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* The user's thread pointer: FS base (TLS). GS stays the kernel's, so it is not offered. */
SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, addr)
{
	struct thread_struct *t = &current->thread;

	switch (option) {
	case ARCH_SET_FS:
		if (addr >= USER_ADDR_END)
			return -EPERM;
		t->fsbase = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user(t->fsbase, (unsigned long __user *)addr);
	default:
		return -EINVAL;
	}
}
