/* SPDX-License-Identifier: MIT */
/*
 * void __restore_rt(void): the sa_restorer of Trefoil's test programs (libc has its own of the
 * same name). A signal handler's ret lands here, with %rsp just above the frame's return
 * address, which is where rt_sigreturn looks for the frame; it restores the interrupted state,
 * so the syscall does not come back here.
 */
	.text
	.globl __restore_rt
__restore_rt:
	movl $15, %eax			/* rt_sigreturn */
	syscall
	hlt				/* not reached: a fault (SIGSEGV) if it were */
