/* SPDX-License-Identifier: MIT */
/*
 * The context switch, and where a new kernel thread starts.
 */

	.text
/*
 * void *__switch_to_asm(unsigned long *prev_sp, unsigned long next_sp, void *prev_task)
 *
 * Interrupts are off and the scheduler holds the run-queue lock. The caller-saved registers
 * are already dead by the C calling convention, so only the callee-saved ones need keeping:
 * push them on the old stack, swap stacks, pop the new task's. The `ret` then returns into
 * wherever the new task called this from (or ret_from_kthread for a new one). %rdx is left
 * untouched across the swap, so the resumed task receives the task we switched away from.
 */
	.globl __switch_to_asm
__switch_to_asm:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)	/* the old task is now described by its stack */
	movq %rsi, %rsp		/* from here on we run on the new task's stack */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	movq %rdx, %rax
	ret

/*
 * A new kernel thread's first instruction, reached by the `ret` above from the frame that
 * arch_thread_start_kernel() built: %rbx is the function, %r12 its argument, %rax the task
 * switched away from, %rbp 0 (the end of every backtrace). The stack is 16-byte aligned.
 */
	.globl ret_from_kthread
ret_from_kthread:
	movq %rax, %rdi
	call schedule_tail	/* finish the switch: run-queue lock released, interrupts on */
	movq %r12, %rdi
	call *%rbx
	ud2			/* the thread function must end in do_exit(), never return */
