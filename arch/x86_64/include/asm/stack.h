/* SPDX-License-Identifier: MIT */
#ifndef ASM_STACK_H
#define ASM_STACK_H

/* Run fn on the stack whose top (highest address, 16-byte aligned) is stack_top. */
void call_on_stack(void *stack_top, void (*fn)(void));

#endif
