/* SPDX-License-Identifier: MIT */
/*
 * long clone_thread(int (*fn)(void *), void *stack_top, unsigned long flags, void *arg,
 *                   int *parent_tid, void *tls, int *child_tid)
 *
 * Start a thread with the clone system call. The child wakes up on its new stack, where there
 * is no frame to return to, so fn and arg are left on that stack first and the child calls
 * fn(arg) from here, then exits (the thread only) with its result. The parent gets the tid.
 */
	.text
	.globl clone_thread
clone_thread:
	/* Leave fn and arg at the top of the child's stack. */
	subq $16, %rsi
	movq %rdi, (%rsi)
	movq %rcx, 8(%rsi)
	/* clone(flags, stack, parent_tid, child_tid, tls): %rdi %rsi %rdx %r10 %r8 */
	movq %rdx, %rdi
	movq %r8, %rdx			/* parent_tid */
	movq 8(%rsp), %r10		/* child_tid, the 7th argument, on our stack */
	movq %r9, %r8			/* tls */
	movl $56, %eax			/* clone */
	syscall
	testq %rax, %rax
	jnz 1f				/* the parent (tid), or an error */
	/* The child: %rsp is the new stack, fn and arg on top. */
	xorl %ebp, %ebp
	popq %rax			/* fn */
	popq %rdi			/* arg */
	call *%rax
	movl %eax, %edi
	movl $60, %eax			/* exit: this thread only */
	syscall
	hlt
1:	ret
