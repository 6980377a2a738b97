/* SPDX-License-Identifier: MIT */
/*
 * Read-write semaphores, as in Linux: a sleeping lock that many readers may hold at once, or
 * one writer alone. An address space's mmap_lock is one: page faults read the VMAs, mmap and
 * munmap change them. Task context only (might_sleep).
 *
 * Waiters are served in arrival order, and a reader arriving while a writer waits queues behind
 * it: a stream of readers cannot starve a writer.
 */
#ifndef KERNEL_SCHED_RWSEM_H
#define KERNEL_SCHED_RWSEM_H

#include "kernel/locking/spinlock.h"
#include "kernel/sched/sched.h"
#include "lib/list.h"

struct rw_semaphore {
	spinlock_t wait_lock;	    /* protects everything below */
	long count;		    /* readers holding it; -1 while a writer holds it */
	struct task_struct *owner;  /* the writer holding it, for reports */
	struct list_head wait_list; /* struct rwsem_waiter, in arrival order */
};

#define init_rwsem(sem)                                                                            \
	do {                                                                                       \
		spin_lock_init(&(sem)->wait_lock);                                                 \
		(sem)->count = 0;                                                                  \
		(sem)->owner = NULL;                                                               \
		INIT_LIST_HEAD(&(sem)->wait_list);                                                 \
	} while (0)

void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
/* Never sleeps: true if the read side was taken. */
bool down_read_trylock(struct rw_semaphore *sem);

static inline bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return READ_ONCE(sem->count) != 0;
}

#endif
