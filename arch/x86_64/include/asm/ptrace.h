/* SPDX-License-Identifier: MIT */
/*
 * struct pt_regs: the register state saved on the stack when an exception or interrupt enters
 * the kernel. The layout is fixed by entry.S (it pushes the general registers in reverse order
 * of these fields) and by the CPU (the last five fields are its interrupt frame).
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include "lib/types.h"

struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;	/* pushed by the entry stub */
	u64 error_code; /* pushed by the CPU, or 0 by the stub for vectors without one */
	u64 rip, cs, rflags, rsp, ss; /* the CPU's interrupt frame */
};

/* What portable code may ask of a saved register state. */
static inline unsigned long instruction_pointer(const struct pt_regs *regs)
{
	return regs->rip;
}

static inline unsigned long frame_pointer(const struct pt_regs *regs)
{
	return regs->rbp;
}

static inline unsigned long stack_pointer(const struct pt_regs *regs)
{
	return regs->rsp;
}

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* Print the registers (arch/x86_64/kernel/traps.c). */
void show_regs(const struct pt_regs *regs);

#endif
