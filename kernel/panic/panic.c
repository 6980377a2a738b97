/* SPDX-License-Identifier: MIT */
#include "kernel/panic/panic.h"

#include <asm/cpu.h>
#include <asm/extable.h>
#include <asm/layout.h>
#include <asm/ptrace.h>
#include <asm/reboot.h>
#include <asm/spinlock_raw.h>

#include "kernel/cmdline.h"
#include "kernel/panic/kallsyms.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"
#include "lib/printf.h"

#define BACKTRACE_MAX_DEPTH 32
#define STOP_REPORT_WAIT_MS 100 /* for the stopped CPUs to print where they were */
/* A caller's frame is above its callee's on the stack, and not absurdly far. */
#define BACKTRACE_MAX_FRAME (64 * 1024)

unsigned long warn_count;
void (*panic_recover_hook)(void);
static int panic_depth; /* >1: we faulted while panicking */

void print_symbol(const char *prefix, unsigned long addr)
{
	unsigned long off, size;
	const char *name = kallsyms_lookup(addr, &off, &size);

	if (name)
		printk(KERN_EMERG "%s[<%016lx>] %s+0x%lx/0x%lx\n", prefix, addr, name, off, size);
	else
		printk(KERN_EMERG "%s[<%016lx>] ?\n", prefix, addr);
}

/*
 * Each frame starts with the caller's frame pointer, then the return address (the kernel is
 * built with -fno-omit-frame-pointer). The entry code sets %rbp to 0 in the outermost frame.
 * A frame that is not above the previous one, not aligned or not a kernel address ends the walk,
 * so a corrupted stack gives a short trace rather than a fault.
 */
/*
 * Walk the frame chain from fp, calling visit(return address) for each frame, at most max
 * frames; returns how many were visited.
 */
static unsigned int walk_frames(unsigned long fp, unsigned int max,
				void (*visit)(unsigned long ret, void *arg), void *arg)
{
	unsigned long prev = 0, next, ret;
	unsigned int depth;

	for (depth = 0; depth < max; depth++) {
		if (fp == 0 || fp % 8 || fp < PAGE_OFFSET)
			break;
		if (prev && (fp <= prev || fp - prev > BACKTRACE_MAX_FRAME))
			break;
		/* Read with fixups: a backtrace must never fault, whatever the stack holds. */
		if (read_ulong_nofault((unsigned long *)fp, &next) ||
		    read_ulong_nofault((unsigned long *)fp + 1, &ret) || ret == 0)
			break;
		visit(ret, arg);
		prev = fp;
		fp = next;
	}
	return depth;
}

/* The return address is the instruction after the call: report the call itself. */
static void print_frame(unsigned long ret, void *arg)
{
	print_symbol("  ", ret - 1);
}

static void print_frames(unsigned long fp)
{
	if (walk_frames(fp, BACKTRACE_MAX_DEPTH, print_frame, NULL) == BACKTRACE_MAX_DEPTH)
		printk(KERN_EMERG "  ... (trace cut at %d frames)\n", BACKTRACE_MAX_DEPTH);
}

struct trace_buf {
	unsigned long *entries;
	unsigned int n;
};

static void save_frame(unsigned long ret, void *arg)
{
	struct trace_buf *buf = arg;

	buf->entries[buf->n++] = ret;
}

unsigned int stack_trace_save(unsigned long fp, unsigned long *entries, unsigned int max)
{
	struct trace_buf buf = { entries, 0 };

	walk_frames(fp, max, save_frame, &buf);
	for (unsigned int i = buf.n; i < max; i++)
		entries[i] = 0;
	return buf.n;
}

void stack_trace_print(const unsigned long *entries, unsigned int max)
{
	for (unsigned int i = 0; i < max && entries[i]; i++)
		print_symbol("  ", entries[i] - 1);
}

void show_backtrace(unsigned long fp)
{
	printk(KERN_EMERG "Call trace:\n");
	print_frames(fp);
}

/*
 * The frames of an interrupted context. A leaf function may have no frame of its own (gcc
 * leaves it out when the function needs no stack), and then the frame chain skips its caller;
 * but the caller's return address is then on top of the stack. Like Linux, print such an address
 * with "? ": it is probably, not certainly, a caller.
 */
static void show_backtrace_regs(const struct pt_regs *regs)
{
	unsigned long fp = frame_pointer(regs), top = 0, first = 0;

	printk(KERN_EMERG "Call trace:\n");
	if (!read_ulong_nofault((void *)stack_pointer(regs), &top) &&
	    (fp % 8 || read_ulong_nofault((unsigned long *)fp + 1, &first) || top != first) &&
	    kallsyms_lookup(top - 1, NULL, NULL))
		print_symbol("  ? ", top - 1);
	print_frames(fp);
}

static bool stop_requested;
static arch_spinlock_t stop_print_lock = __ARCH_SPIN_LOCK_UNLOCKED;

bool cpu_stop_requested(void)
{
	return READ_ONCE(stop_requested);
}

void stop_this_cpu(struct pt_regs *regs)
{
	arch_spin_lock(&stop_print_lock); /* one CPU's lines at a time */
	printk(KERN_EMERG "CPU %u stopped (NMI from the panicking CPU), was at:\n",
	       smp_processor_id());
	print_symbol("  ", instruction_pointer(regs));
	arch_spin_unlock(&stop_print_lock);
	halt_forever();
}

/* Stop the other CPUs, and give them a moment to say where they were. */
static void stop_other_cpus(void)
{
	if (num_online_cpus() <= 1)
		return;
	WRITE_ONCE(stop_requested, true);
	smp_send_stop();
	mdelay(STOP_REPORT_WAIT_MS);
}

static __noreturn void panic_finish(void)
{
	if (panic_recover_hook && panic_depth == 1)
		panic_recover_hook(); /* does not return if it takes over */
	if (panic_depth == 1)
		stop_other_cpus();
	if (cmdline_has_value("panic", "halt")) {
		printk(KERN_EMERG "---[ end Kernel panic: halted (panic=halt) ]---\n");
		halt_forever();
	}
	printk(KERN_EMERG "---[ end Kernel panic ]---\n");
	machine_exit(MACHINE_STATUS_PANIC);
}

/* Which CPU, which task, which context: the first thing to know about a crash. */
static void print_context(void)
{
	struct task_struct *tsk = current;

	printk(KERN_EMERG "CPU: %u PID: %d Comm: %s%s\n", smp_processor_id(), tsk ? tsk->pid : 0,
	       tsk ? tsk->comm : "(before the scheduler)",
	       in_hardirq()	      ? " (in hardirq)"
	       : in_serving_softirq() ? " (in softirq)"
				      : "");
}

/* Common start of panic() and die(): stop interrupts, detect recursion, print the banner. */
static void panic_begin(const char *fmt, va_list ap)
{
	char msg[256];

	local_irq_disable();
	panic_depth++;
	printk_enter_panic();
	if (panic_depth > 2)
		halt_forever(); /* even printing fails: nothing more can be said */
	vscnprintf(msg, sizeof(msg), fmt, ap);
	printk(KERN_EMERG "Kernel panic%s: %s\n", panic_depth > 1 ? " (while panicking)" : "", msg);
	if (panic_depth == 1)
		print_context();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_begin(fmt, ap);
	va_end(ap);
	if (panic_depth == 1)
		show_backtrace(current_frame_address());
	panic_finish();
}

void die(struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_begin(fmt, ap);
	va_end(ap);
	if (panic_depth == 1) {
		show_regs(regs);
		print_symbol("RIP: ", instruction_pointer(regs));
		show_backtrace_regs(regs);
	}
	panic_finish();
}

void panic_recovered(void)
{
	panic_depth = 0;
	printk_exit_panic();
}

void __warn(const char *file, int line, const char *cond)
{
	warn_count++;
	printk(KERN_WARNING "WARNING: %s:%d: %s\n", file, line, cond);
	show_backtrace(current_frame_address());
}
