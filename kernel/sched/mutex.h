/* SPDX-License-Identifier: MIT */
/*
 * Mutexes, as in Linux: a sleeping lock with an owner. A task that finds it held sleeps until
 * the owner hands it over; waiters get it in arrival order. Task context only (might_sleep).
 *
 * Because the owner is known, two mistakes are caught and reported (with a backtrace, counted
 * for tests) instead of silently deadlocking or corrupting: taking a mutex the task already
 * holds (the lock stays held once; the call returns without waiting, since waiting would never
 * end), and unlocking a mutex held by another task or by nobody (refused).
 */
#ifndef KERNEL_SCHED_MUTEX_H
#define KERNEL_SCHED_MUTEX_H

#include "kernel/locking/spinlock.h"
#include "kernel/sched/sched.h"
#include "lib/list.h"

struct mutex {
	spinlock_t wait_lock;	   /* protects owner and wait_list */
	struct task_struct *owner; /* the holder, NULL when free */
	struct list_head wait_list; /* struct mutex_waiter, first come first served */
	const char *name;
};

#define __MUTEX_INITIALIZER(lockname)                                                              \
	{                                                                                          \
		.wait_lock = __SPIN_LOCK_UNLOCKED(lockname.wait_lock),                              \
		.wait_list = LIST_HEAD_INIT(lockname.wait_list), .name = #lockname                 \
	}
/* At file scope only (see DEFINE_SPINLOCK). */
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

#define mutex_init(m)                                                                              \
	do {                                                                                       \
		spin_lock_init(&(m)->wait_lock);                                                   \
		(m)->owner = NULL;                                                                 \
		INIT_LIST_HEAD(&(m)->wait_list);                                                   \
		(m)->name = #m;                                                                    \
	} while (0)

void mutex_lock(struct mutex *lock);
/* Take it if it is free; true on success. Never sleeps. */
bool mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

static inline bool mutex_is_locked(struct mutex *lock)
{
	return READ_ONCE(lock->owner) != NULL;
}

/* Reports of recursive locking and foreign unlocks so far (for tests). */
unsigned long mutex_misuse_count(void);

#endif
