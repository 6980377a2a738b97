/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry. The CPU has pushed its interrupt frame (SS, RSP, RFLAGS, CS,
 * RIP) and, for some exceptions, an error code, and cleared IF (all gates are interrupt gates).
 * Each of the 256 stubs makes the frame uniform (a 0 error code where the CPU pushes none, then
 * the vector number), and interrupt_common saves the general registers to complete a struct
 * pt_regs (asm/ptrace.h) and calls do_interrupt().
 *
 * Coming from user mode (the saved CS has RPL 3), GS still holds the user's GS base: swapgs
 * first, so that per-CPU data works, and swapgs back on the way out. (An NMI that lands in the
 * few instructions of system call entry before its swapgs would get this wrong; NMIs only stop
 * CPUs on a panic here, so Trefoil lives with that, where Linux reads MSR_GS_BASE instead.)
 */
#include <asm/segment.h>

#include "calling.h"

/* Vectors for which the CPU pushes an error code (Intel SDM vol. 3, table 6-1). */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
			   (v) == 29 || (v) == 30)

	.text
	.macro INTERRUPT_STUB vector
	.balign 16
	.if \vector >= 32 || !HAS_ERROR_CODE(\vector)
	pushq $0
	.endif
	pushq $\vector
	jmp interrupt_common
	.endm

	.balign 16
	.globl interrupt_stubs
interrupt_stubs:
	.set vec, 0
	.rept 256
	INTERRUPT_STUB vec
	.set vec, vec + 1
	.endr

interrupt_common:
	testb $3, 3*8(%rsp)		/* the saved CS, above vector, error code and RIP */
	jz 1f
	swapgs				/* from user mode: GS to this CPU's cpu_data */
1:
	/*
	 * User code may have set RFLAGS.AC (popf), which would open SMAP for the kernel: close it
	 * (the saved RFLAGS keep the interrupted code's AC for the return).
	 */
	cmpb $0, cpu_smap_on(%rip)
	je 2f
	clac
2:
	/* In pt_regs order, last field first. The stack is 16-byte aligned after these pushes. */
	PUSH_REGS
	cld
	movq %rsp, %rdi		/* struct pt_regs * */
	call do_interrupt

/* Restore the registers saved in the pt_regs at %rsp and return with IRET (interrupts off). */
	.globl interrupt_return
interrupt_return:
	POP_REGS
	addq $16, %rsp		/* vector and error code */
	testb $3, 8(%rsp)	/* back to user mode? */
	jz 3f
	swapgs
3:
	iretq

	/* Every stub is padded to 16 bytes, so traps.c finds stub v at interrupt_stubs + 16 * v. */
