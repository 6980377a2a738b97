/* SPDX-License-Identifier: MIT */
/*
 * Saving and restoring the general registers as the first fields of a struct pt_regs
 * (asm/ptrace.h), for the entry code (entry.S, syscall_64.S). PUSH_REGS pushes them in the
 * reverse of the struct's order, so that %rsp then points at a complete pt_regs; POP_REGS
 * undoes it.
 */
	.macro PUSH_REGS
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
	.endm

	.macro POP_REGS
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
	.endm
