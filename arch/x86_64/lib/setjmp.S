/* SPDX-License-Identifier: MIT */
/*
 * setjmp/longjmp (see asm/setjmp.h). Only the callee-saved registers, the stack pointer and the
 * return address need saving: the caller of setjmp already assumes everything else is clobbered.
 */
	.text
	.globl setjmp, longjmp
setjmp:				/* %rdi = struct jmp_buf * */
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rax	/* the caller's %rsp once we have returned */
	movq %rax, 48(%rdi)
	movq (%rsp), %rax	/* our return address */
	movq %rax, 56(%rdi)
	xorl %eax, %eax
	ret

longjmp:			/* %rdi = struct jmp_buf *, %esi = value, never 0 */
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	incl %eax
1:	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmp *56(%rdi)
