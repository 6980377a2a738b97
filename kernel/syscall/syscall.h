/* SPDX-License-Identifier: MIT */
/*
 * System calls: Linux x86-64's numbers, arguments and errno convention (a negative errno in
 * %rax), dispatched through one table. A number without an entry returns -ENOSYS and is
 * counted, per number, so that a program needing something missing shows up in the statistics.
 *
 * A handler is written with its real parameter types, as Linux does:
 *
 *	SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf, size_t, count)
 *	{ ... }
 *
 * which defines sys_write(const struct syscall_args *) for the table, and a typed inner function.
 * Pointers from user space are marked __user and are only touched through uaccess.h.
 */
#ifndef KERNEL_SYSCALL_SYSCALL_H
#define KERNEL_SYSCALL_SYSCALL_H

#include "lib/compiler.h"
#include "lib/types.h"

#ifndef __user
#define __user /* an address in user space: never dereferenced directly */
#endif

#define NR_SYSCALLS 512

/* The six argument registers, in order (%rdi %rsi %rdx %r10 %r8 %r9), and the number. */
struct syscall_args {
	unsigned long nr;
	unsigned long a[6];
};

typedef long (*syscall_fn_t)(const struct syscall_args *args);

/* Run system call args->nr (task context, interrupts on); its return value. */
long do_syscall(const struct syscall_args *args);

/* Calls of numbers that have no handler, in total and for one number (for tests). */
unsigned long syscall_enosys_count(void);
unsigned long syscall_enosys_count_of(unsigned long nr);

/*
 * The argument casts, spelled out per count: each register becomes the declared type (through
 * unsigned long, so that narrower integer types truncate as on Linux).
 */
#define __SC_ARG(t, i) ((t)args->a[i])

#define SYSCALL_DEFINE0(name)                                                                      \
	static long __do_sys_##name(void);                                                         \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		(void)args;                                                                        \
		return __do_sys_##name();                                                          \
	}                                                                                          \
	static long __do_sys_##name(void)

#define SYSCALL_DEFINE1(name, t1, a1)                                                              \
	static long __do_sys_##name(t1 a1);                                                        \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		return __do_sys_##name(__SC_ARG(t1, 0));                                           \
	}                                                                                          \
	static long __do_sys_##name(t1 a1)

#define SYSCALL_DEFINE2(name, t1, a1, t2, a2)                                                      \
	static long __do_sys_##name(t1 a1, t2 a2);                                                 \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		return __do_sys_##name(__SC_ARG(t1, 0), __SC_ARG(t2, 1));                          \
	}                                                                                          \
	static long __do_sys_##name(t1 a1, t2 a2)

#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3)                                              \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3);                                          \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		return __do_sys_##name(__SC_ARG(t1, 0), __SC_ARG(t2, 1), __SC_ARG(t3, 2));         \
	}                                                                                          \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3)

#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)                                      \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4);                                   \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		return __do_sys_##name(__SC_ARG(t1, 0), __SC_ARG(t2, 1), __SC_ARG(t3, 2),          \
				       __SC_ARG(t4, 3));                                           \
	}                                                                                          \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)

#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                              \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);                            \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		return __do_sys_##name(__SC_ARG(t1, 0), __SC_ARG(t2, 1), __SC_ARG(t3, 2),          \
				       __SC_ARG(t4, 3), __SC_ARG(t5, 4));                          \
	}                                                                                          \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)                      \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6);                     \
	long sys_##name(const struct syscall_args *args)                                           \
	{                                                                                          \
		return __do_sys_##name(__SC_ARG(t1, 0), __SC_ARG(t2, 1), __SC_ARG(t3, 2),          \
				       __SC_ARG(t4, 3), __SC_ARG(t5, 4), __SC_ARG(t6, 5));         \
	}                                                                                          \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

#endif
