/* SPDX-License-Identifier: MIT */
#include "kernel/panic/panic.h"

#include <asm/cpu.h>
#include <asm/layout.h>
#include <asm/ptrace.h>
#include <asm/reboot.h>

#include "kernel/cmdline.h"
#include "kernel/panic/kallsyms.h"
#include "kernel/printk/printk.h"
#include "lib/printf.h"

#define BACKTRACE_MAX_DEPTH 32
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
static void walk_frames(unsigned long fp)
{
	unsigned long prev = 0;

	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH; depth++) {
		if (fp == 0 || fp % 8 || fp < PAGE_OFFSET)
			return;
		if (prev && (fp <= prev || fp - prev > BACKTRACE_MAX_FRAME))
			return;
		unsigned long ret = ((unsigned long *)fp)[1];

		if (ret == 0)
			return;
		/* The return address is the instruction after the call: report the call itself. */
		print_symbol("  ", ret - 1);
		prev = fp;
		fp = ((unsigned long *)fp)[0];
	}
	printk(KERN_EMERG "  ... (trace cut at %d frames)\n", BACKTRACE_MAX_DEPTH);
}

void show_backtrace(unsigned long fp)
{
	printk(KERN_EMERG "Call trace:\n");
	walk_frames(fp);
}

/*
 * The frames of an interrupted context. A leaf function may have no frame of its own (gcc
 * leaves it out when the function needs no stack), and then the frame chain skips its caller;
 * but the caller's return address is then on top of the stack. Like Linux, print such an address
 * with "? ": it is probably, not certainly, a caller.
 */
static void show_backtrace_regs(const struct pt_regs *regs)
{
	unsigned long fp = frame_pointer(regs);
	unsigned long top = *(const unsigned long *)stack_pointer(regs);
	unsigned long first = fp >= PAGE_OFFSET && fp % 8 == 0 ? ((unsigned long *)fp)[1] : 0;

	printk(KERN_EMERG "Call trace:\n");
	if (top != first && kallsyms_lookup(top - 1, NULL, NULL))
		print_symbol("  ? ", top - 1);
	walk_frames(fp);
}

static __noreturn void panic_finish(void)
{
	if (panic_recover_hook && panic_depth == 1)
		panic_recover_hook(); /* does not return if it takes over */
	if (cmdline_has_value("panic", "halt")) {
		printk(KERN_EMERG "---[ end Kernel panic: halted (panic=halt) ]---\n");
		halt_forever();
	}
	printk(KERN_EMERG "---[ end Kernel panic ]---\n");
	machine_exit(MACHINE_STATUS_PANIC);
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
