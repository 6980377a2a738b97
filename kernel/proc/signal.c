/* SPDX-License-Identifier: MIT */
/* Signals raised by faults (kernel/proc/signal.h has the contract). */
#include "kernel/proc/signal.h"

#include <asm/ptrace.h>

#include "kernel/printk/printk.h"
#include "kernel/proc/process.h"
#include "kernel/sched/sched.h"

static unsigned long fault_kills;

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "segmentation fault";
	case SIGILL:
		return "illegal instruction";
	case SIGFPE:
		return "arithmetic exception";
	case SIGTRAP:
		return "trap";
	case SIGBUS:
		return "bus error";
	default:
		return "fault";
	}
}

void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs)
{
	__atomic_add_fetch(&fault_kills, 1, __ATOMIC_RELAXED);
	pr_info("%s[%d]: %s at %016lx ip %016lx sp %016lx (signal %d): killed\n", current->comm,
		current->tgid, signal_name(sig), addr, instruction_pointer(regs),
		stack_pointer(regs), sig);
	do_exit(sig); /* wait() sees "killed by sig": the signal number in the low bits */
}

bool exit_to_user_work_pending(void)
{
	struct signal_struct *sig = current->signal;

	return sig && READ_ONCE(sig->group_exit);
}

void exit_to_user_work(struct pt_regs *regs)
{
	exit_if_group_exiting();
}

unsigned long fault_kill_count(void)
{
	return READ_ONCE(fault_kills);
}
