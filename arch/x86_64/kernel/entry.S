/* SPDX-License-Identifier: MIT */
/*
 * Exception entry. The CPU has pushed its interrupt frame (SS, RSP, RFLAGS, CS, RIP) and, for
 * some vectors, an error code, and cleared IF (all gates are interrupt gates). Each stub makes
 * the frame uniform (a 0 error code where the CPU pushes none, then the vector number), and
 * exception_common saves the general registers to complete a struct pt_regs (asm/ptrace.h).
 */
#include <asm/segment.h>

/* Vectors for which the CPU pushes an error code (Intel SDM vol. 3, table 6-1). */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
			   (v) == 29 || (v) == 30)

	.text
	.macro EXCEPTION_STUB vector
	.balign 16
	.if !HAS_ERROR_CODE(\vector)
	pushq $0
	.endif
	pushq $\vector
	jmp exception_common
	.endm

	.balign 16
	.globl exception_stubs
exception_stubs:
	.set vec, 0
	.rept 32
	EXCEPTION_STUB vec
	.set vec, vec + 1
	.endr

exception_common:
	/* In pt_regs order, last field first. The stack is 16-byte aligned after these pushes. */
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi		/* struct pt_regs * */
	call do_exception
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp		/* vector and error code */
	iretq

	/* Every stub is padded to 16 bytes, so idt.c finds stub v at exception_stubs + 16 * v. */
	.globl exception_stub_size
	.set exception_stub_size, 16
