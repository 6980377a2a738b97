/* SPDX-License-Identifier: MIT */
#ifndef ASM_STACK_H
#define ASM_STACK_H

#include <asm/layout.h>

/* The boot CPU's first stack (BOOT_STACK_SIZE bytes), which its idle task keeps. */
extern char boot_stack[];

/* Run fn on the stack whose top (highest address, 16-byte aligned) is stack_top. */
void call_on_stack(void *stack_top, void (*fn)(void));

#endif
