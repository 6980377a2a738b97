/* SPDX-License-Identifier: MIT */
/*
 * System call entry: the SYSCALL instruction lands here (MSR_LSTAR). The CPU has put the user
 * RIP in %rcx and RFLAGS in %r11, loaded the kernel CS and SS, and cleared the RFLAGS bits in
 * MSR_SYSCALL_MASK (IF among them: interrupts are off). It has not switched stacks: %rsp is
 * still the user's, and GS still points at the user's GS base.
 */
#include <asm/percpu_offsets.h>
#include <asm/segment.h>

#include "calling.h"

	.text
	.globl entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs				/* GS: this CPU's cpu_data */
	movq %rsp, %gs:CPU_DATA_USER_RSP
	movq %gs:CPU_DATA_TOP_OF_STACK, %rsp	/* the task's kernel stack */
	/* Build a struct pt_regs that looks like an interrupt frame, last field first. */
	pushq $USER_DS			/* ss */
	pushq %gs:CPU_DATA_USER_RSP	/* rsp */
	pushq %r11			/* rflags */
	pushq $USER_CS			/* cs */
	pushq %rcx			/* rip */
	pushq $0			/* error_code */
	pushq %rax			/* vector: for a system call, its number (orig_rax) */
	PUSH_REGS
	xorl %ebp, %ebp			/* kernel backtraces end here */
	movq %rsp, %rdi
	call do_syscall_64		/* returns with interrupts off; true: SYSRET is safe */
	testb %al, %al
	jz interrupt_return		/* the general way back: IRET (entry.S) */

	/* SYSRET: %rcx must hold the user RIP and %r11 RFLAGS, which pt_regs says they do. */
	POP_REGS
	movq 5*8(%rsp), %rsp		/* skip vector, error_code, rip, cs, rflags: the user rsp */
	swapgs				/* GS: the user's again */
	sysretq

/* void return_to_user_regs(struct pt_regs *regs): a kernel thread that exec'd leaves here. */
	.globl return_to_user_regs
return_to_user_regs:
	movq %rdi, %rsp			/* the pt_regs at the top of this task's stack */
	call syscall_exit_to_user_mode
	jmp interrupt_return

/*
 * A new user task (a fork child) starts here, from the frame arch_thread_start_user()
 * built: %rax is the task we switched from, and the task's pt_regs sit right above us.
 */
	.globl ret_from_fork
ret_from_fork:
	movq %rax, %rdi
	call schedule_tail		/* finish the switch: run-queue lock, interrupts on */
	movq %rsp, %rdi
	call syscall_exit_to_user_mode	/* pending work, then interrupts off */
	jmp interrupt_return
