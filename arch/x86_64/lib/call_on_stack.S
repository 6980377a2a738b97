/* SPDX-License-Identifier: MIT */
/*
 * void call_on_stack(void *stack_top, void (*fn)(void)): run fn on another stack and come back.
 * The old stack pointer is kept in a callee-saved register, so fn returns to this stack intact.
 */
	.text
	.globl call_on_stack
call_on_stack:			/* %rdi = top of the new stack (16-byte aligned), %rsi = fn */
	pushq %rbp
	movq %rsp, %rbp		/* a normal frame: backtraces from fn walk back to our caller */
	pushq %rbx
	pushq %rbx		/* keep %rsp 16-byte aligned */
	movq %rsp, %rbx
	movq %rdi, %rsp
	/* A copy of our frame on the new stack, so a backtrace from fn reaches our caller. */
	pushq 8(%rbp)
	pushq (%rbp)
	movq %rsp, %rbp
	call *%rsi
	movq %rbx, %rsp
	popq %rbx
	popq %rbx
	popq %rbp
	ret
