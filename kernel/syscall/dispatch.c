/* SPDX-License-Identifier: MIT */
/*
 * The system call table and dispatch (kernel/syscall/syscall.h has the contract). The table is
 * indexed by Linux x86-64 numbers; kernel/syscall/table.h lists the ones Trefoil implements.
 */
#include "kernel/syscall/syscall.h"

#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "lib/errno.h"

#define __SYSCALL(nr, name) long sys_##name(const struct syscall_args *args);
#include "kernel/syscall/table.h"
#undef __SYSCALL

#define __SYSCALL(nr, name) [nr] = sys_##name,
static const syscall_fn_t sys_call_table[NR_SYSCALLS] = {
#include "kernel/syscall/table.h"
};
#undef __SYSCALL

static unsigned long enosys_counts[NR_SYSCALLS + 1]; /* the last slot: numbers out of range */
static unsigned long enosys_total;

static void count_enosys(unsigned long nr)
{
	unsigned long slot = nr < NR_SYSCALLS ? nr : NR_SYSCALLS;

	if (__atomic_add_fetch(&enosys_counts[slot], 1, __ATOMIC_RELAXED) == 1)
		pr_info("syscall: %s/%d called unimplemented system call %lu\n", current->comm,
			current->pid, nr);
	__atomic_add_fetch(&enosys_total, 1, __ATOMIC_RELAXED);
}

long do_syscall(const struct syscall_args *args)
{
	syscall_fn_t fn = args->nr < NR_SYSCALLS ? sys_call_table[args->nr] : NULL;

	if (!fn) {
		count_enosys(args->nr);
		return -ENOSYS;
	}
	return fn(args);
}

unsigned long syscall_enosys_count(void)
{
	return READ_ONCE(enosys_total);
}

unsigned long syscall_enosys_count_of(unsigned long nr)
{
	return READ_ONCE(enosys_counts[nr < NR_SYSCALLS ? nr : NR_SYSCALLS]);
}
