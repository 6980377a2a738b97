/* SPDX-License-Identifier: MIT */
/*
 * Process entry for Trefoil's freestanding user programs: the kernel starts us with %rsp at
 * argc (argv, envp and the auxiliary vector above it) and 16-byte aligned, as the x86-64 ABI
 * says. Call main(argc, argv, envp) and exit with its result.
 */
	.text
	.globl _start
_start:
	xorl %ebp, %ebp		/* the outermost frame */
	movq (%rsp), %rdi	/* argc */
	leaq 8(%rsp), %rsi	/* argv */
	leaq 8(%rsi,%rdi,8), %rdx /* envp: after argv's NULL */
	call main
	movl %eax, %edi
	movl $60, %eax		/* exit */
	syscall
	hlt			/* not reached: a fault if it were */
