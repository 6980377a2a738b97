/* SPDX-License-Identifier: MIT */
/*
 * Signals: Linux's numbers. Today a signal the kernel raises for a fault takes its default
 * action (the process dies, with a message saying where); handlers come later.
 */
#ifndef KERNEL_PROC_SIGNAL_H
#define KERNEL_PROC_SIGNAL_H

#include "lib/compiler.h"
#include "lib/types.h"

#define SIGHUP	1
#define SIGINT	2
#define SIGQUIT 3
#define SIGILL	4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS	7
#define SIGFPE	8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define _NSIG	64

struct pt_regs;

/*
 * The current task faulted (sig: SIGSEGV, SIGILL, SIGFPE...) at addr in user mode: print what
 * happened (pid, name, address, RIP) and end the process as killed by sig. Task context.
 */
__noreturn void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs);

/* Is there work before returning to user mode (a group exit, later: signals)? IRQs off. */
bool exit_to_user_work_pending(void);
/* Do it (interrupts on): may not return. */
void exit_to_user_work(struct pt_regs *regs);

/* Processes killed by a fault signal so far (for tests). */
unsigned long fault_kill_count(void);

#endif
