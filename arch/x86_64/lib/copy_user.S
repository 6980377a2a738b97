/* SPDX-License-Identifier: MIT */
/*
 * The one instruction that copies to or from user memory. The caller has checked the range
 * and opened SMAP (stac); a fault stops the copy and comes back here through the exception
 * table, with %rcx still counting the bytes that were not copied.
 */

/* unsigned long __copy_user(void *to, const void *from, unsigned long n): bytes not copied */
	.text
	.globl __copy_user
__copy_user:
	movq %rdx, %rcx
1:	rep movsb
2:	movq %rcx, %rax
	ret
	.pushsection __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.popsection

/* unsigned long __clear_user(void *to, unsigned long n): bytes not cleared */
	.globl __clear_user
__clear_user:
	movq %rsi, %rcx
	xorl %eax, %eax
3:	rep stosb
4:	movq %rcx, %rax
	ret
	.pushsection __ex_table, "a"
	.balign 8
	.quad 3b, 4b
	.popsection
