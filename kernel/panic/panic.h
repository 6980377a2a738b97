/* SPDX-License-Identifier: MIT */
/*
 * Failure reporting: panic(), BUG_ON(), WARN_ON(), and symbolized backtraces.
 *
 * A panic prints the message, the CPU state and a backtrace with symbol names, then stops.
 * What it does after that is set by panic= on the command line: "exit" (default) ends QEMU
 * through the isa-debug-exit device with status "panic", "halt" keeps the machine for a debugger.
 * A panic inside a ktest case fails only that case (see kernel/ktest).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/compiler.h"
#include "lib/types.h"

struct pt_regs;

__printf(1, 2) __noreturn void panic(const char *fmt, ...);

/* Like panic(), for a CPU exception: regs is the interrupted state, printed before the trace. */
__printf(2, 3) __noreturn void die(struct pt_regs *regs, const char *fmt, ...);

/* Print "func+0x1c/0x80" for a code address (or the raw address if it has no symbol). */
void print_symbol(const char *prefix, unsigned long addr);

/* Walk the frame-pointer chain starting at frame pointer fp and print each return address. */
void show_backtrace(unsigned long fp);

/*
 * Save up to max return addresses of the frame chain starting at frame pointer fp (zero-filled
 * after the last); returns how many were saved. Print them with stack_trace_print().
 */
unsigned int stack_trace_save(unsigned long fp, unsigned long *entries, unsigned int max);
void stack_trace_print(const unsigned long *entries, unsigned int max);

/* Has a panic asked the other CPUs to stop? (The NMI handler asks.) */
bool cpu_stop_requested(void);

/* A CPU stopped by a panic: print where it was and halt, one CPU at a time. */
__noreturn void stop_this_cpu(struct pt_regs *regs);

/* Warnings so far (WARN_ON and friends), for tests. */
extern unsigned long warn_count;

void __warn(const char *file, int line, const char *cond);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (unlikely(cond))                                                                \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);                      \
	} while (0)

/* Report (with a backtrace) and go on. Evaluates to the condition, like Linux's. */
#define WARN_ON(cond)                                                                              \
	({                                                                                         \
		bool __w = !!(cond);                                                               \
		if (unlikely(__w))                                                                 \
			__warn(__FILE__, __LINE__, #cond);                                         \
		__w;                                                                               \
	})

#define WARN_ON_ONCE(cond)                                                                         \
	({                                                                                         \
		static bool __warned;                                                              \
		bool __w = !!(cond);                                                               \
		if (unlikely(__w) && !__warned) {                                                  \
			__warned = true;                                                           \
			__warn(__FILE__, __LINE__, #cond);                                         \
		}                                                                                  \
		__w;                                                                               \
	})

/*
 * A hook the ktest runner installs while a case runs: called at the end of a panic instead of
 * stopping the machine. It must not return if it takes over (it longjmps back to the runner).
 */
extern void (*panic_recover_hook)(void);

/* Called by that hook once it has taken over: the kernel is no longer panicking. */
void panic_recovered(void);

#endif
