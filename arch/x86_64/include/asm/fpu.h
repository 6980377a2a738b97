/* SPDX-License-Identifier: MIT */
/*
 * The FPU (x87, SSE, AVX registers): switched lazily per task. The kernel itself is compiled
 * without SSE (-mgeneral-regs-only), so only tasks that execute FPU instructions on purpose
 * (user programs, a test) own FPU state; everything else runs with CR0.TS set and never pays
 * for saving it.
 */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include "lib/types.h"

#include <asm/thread.h>

/* Boot CPU: detect XSAVE, enable SSE/AVX state, size the save area, and print what was found. */
void fpu_init(void);
/* Every other CPU: enable the same state as the boot CPU. */
void fpu_init_cpu(void);

/* A save area in its initial state (x87 and SSE defaults), or NULL without memory. */
struct fpu_state *fpu_state_alloc(void);
void fpu_state_free(struct fpu_state *fpu);
/* fork: give child a copy of parent's FPU state; parent is the running task. */
void fpu_copy(struct thread_struct *child, struct thread_struct *parent);
/* exec, on the running task: forget its FPU state; its next FPU use starts from scratch. */
void fpu_exec_reset(struct thread_struct *t);

/* Save the registers of the outgoing task, load those of the incoming one (interrupts off). */
void fpu_switch(struct thread_struct *prev, struct thread_struct *next);

/*
 * #NM (device not available) arrived: the running task used the FPU for the first time. Give
 * it the initial state and let it go on. False if this was not such a first use (a bug).
 */
bool fpu_handle_first_use(void);

#endif
