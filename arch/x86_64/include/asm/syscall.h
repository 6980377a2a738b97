/* SPDX-License-Identifier: MIT */
/* System call entry and the way back to user mode (arch/x86_64/kernel/syscall.c). */
#ifndef ASM_SYSCALL_H
#define ASM_SYSCALL_H

#include <asm/mmu_context.h>

struct pt_regs;

/* Program the SYSCALL MSRs of this CPU. */
void syscall_init(void);

/* Pending work before returning to user mode; returns with interrupts disabled. */
void exit_to_user_mode(struct pt_regs *regs);

#endif
