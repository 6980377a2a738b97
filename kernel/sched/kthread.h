/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads, as in Linux: tasks that run a kernel function on their own stack, with no
 * user address space.
 *
 *	p = kthread_run(fn, data, "name/%d", n);   // created and started
 *	...
 *	ret = kthread_stop(p);                     // asks it to stop, waits, returns fn's value
 *
 * The thread function loops until kthread_should_stop() and then returns its result. A thread
 * created with kthread_create() does not run until wake_up_process(); in between it may be
 * bound to a CPU. A thread that may return on its own (without being stopped) must be pinned
 * with get_task_struct() by whoever will kthread_stop() it later.
 */
#ifndef KERNEL_SCHED_KTHREAD_H
#define KERNEL_SCHED_KTHREAD_H

#include "kernel/sched/sched.h"
#include "lib/compiler.h"
#include "lib/err.h"

/* A stopped (not yet running) kernel thread, or ERR_PTR(-ENOMEM). Task context. */
__printf(3, 4) struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
						   const char *namefmt, ...);

/* Create and start. */
#define kthread_run(threadfn, data, namefmt, ...)                                                  \
	({                                                                                         \
		struct task_struct *__k = kthread_create(threadfn, data, namefmt, ##__VA_ARGS__);  \
		if (!IS_ERR(__k))                                                                  \
			wake_up_process(__k);                                                      \
		__k;                                                                               \
	})

/* Restrict a thread that has not started yet to one CPU, for good. */
void kthread_bind(struct task_struct *p, unsigned int cpu);

/* In a kernel thread: has kthread_stop() been called on us? */
bool kthread_should_stop(void);

/*
 * Ask a kernel thread to stop (kthread_should_stop() turns true, and it is woken), wait for it
 * to exit, and return what its function returned (-EINTR if it was stopped before it ran).
 */
int kthread_stop(struct task_struct *p);

/* End the calling kernel thread with result `ret` (what returning from threadfn does). */
__noreturn void kthread_exit(int ret);

#endif
