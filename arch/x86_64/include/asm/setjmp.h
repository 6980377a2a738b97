/* SPDX-License-Identifier: MIT */
/*
 * A minimal setjmp/longjmp for the kernel: ktest uses it to resume its runner when a test case
 * panics or faults, so one broken case fails alone instead of taking the whole run down.
 */
#ifndef ASM_SETJMP_H
#define ASM_SETJMP_H

struct jmp_buf {
	unsigned long rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* Returns 0 when called, or the (non-zero) value given to longjmp when resumed. */
int setjmp(struct jmp_buf *buf) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(struct jmp_buf *buf, int val);

#endif
