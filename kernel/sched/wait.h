/* SPDX-License-Identifier: MIT */
/*
 * Wait queues, as in Linux: a list of tasks sleeping until some condition becomes true.
 *
 *	wait_event(wq, cond);       // sleeper: returns once cond is true
 *	cond = true; wake_up(&wq);  // waker: set the condition first, then wake
 *
 * wake_up() wakes every non-exclusive waiter and one exclusive waiter (exclusive waiters are
 * queued at the back, so a crowd waiting for one resource does not stampede); wake_up_all()
 * wakes everyone. Wake-ups may come from any context, so the queue's lock is interrupt-safe.
 */
#ifndef KERNEL_SCHED_WAIT_H
#define KERNEL_SCHED_WAIT_H

#include "kernel/locking/spinlock.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait_types.h"
#include "lib/list.h"

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode);

struct wait_queue_entry {
	unsigned int flags;
	struct task_struct *private; /* the sleeping task */
	wait_queue_func_t func;	     /* what a wake-up does; default: wake the task */
	struct list_head entry;	     /* on the queue's head, under its lock */
};


#define __WAIT_QUEUE_HEAD_INITIALIZER(name)                                                        \
	{                                                                                          \
		.lock = __SPIN_LOCK_UNLOCKED(name.lock), .head = LIST_HEAD_INIT(name.head)         \
	}
/* At file scope only (see DEFINE_SPINLOCK). */
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

/* A macro, so that each place that initialises queues gives their locks a class of its own. */
#define init_waitqueue_head(wq)                                                                    \
	do {                                                                                       \
		spin_lock_init(&(wq)->lock);                                                       \
		INIT_LIST_HEAD(&(wq)->head);                                                       \
	} while (0)

/* Wakes the task; the entry stays queued (the sleeper takes it off). */
int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode);
/* Wakes the task and takes the entry off the queue (what prepare_to_wait() uses). */
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode);

#define DEFINE_WAIT(name)                                                                          \
	struct wait_queue_entry name = {                                                           \
		.private = current,                                                                \
		.func = autoremove_wake_function,                                                  \
		.entry = LIST_HEAD_INIT((name).entry),                                             \
	}

/* Queue wq_entry (if it is not queued) and set the task state: the first half of a sleep. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry,
		     unsigned int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry,
			       unsigned int state);
/* The second half: back to TASK_RUNNING, off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry);

/* Wake tasks in one of `mode`'s states: all non-exclusive waiters and nr_exclusive exclusive. */
void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive);
/* The same, with wq->lock already held. */
void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive);

#define wake_up(wq)	(__wake_up(wq, TASK_NORMAL, 1))
#define wake_up_nr(wq, nr) (__wake_up(wq, TASK_NORMAL, nr))
#define wake_up_all(wq) (__wake_up(wq, TASK_NORMAL, 0))

static inline bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

/* Sleep until cond is true (tested before each sleep, after each wake-up). Task context. */
#define wait_event(wq, cond)                                                                       \
	do {                                                                                       \
		DEFINE_WAIT(__wait);                                                               \
		might_sleep();                                                                     \
		for (;;) {                                                                         \
			prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);                     \
			if (cond)                                                                  \
				break;                                                             \
			schedule();                                                                \
		}                                                                                  \
		finish_wait(&(wq), &__wait);                                                       \
	} while (0)

/*
 * Sleep until cond is true or `timeout` jiffies have passed. Evaluates to 0 if the time ran out
 * with cond still false, else to the jiffies left (at least 1).
 */
#define wait_event_timeout(wq, cond, timeout)                                                      \
	({                                                                                         \
		long __left = (timeout);                                                           \
		DEFINE_WAIT(__wait);                                                               \
		might_sleep();                                                                     \
		for (;;) {                                                                         \
			prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);                     \
			if (cond) {                                                                \
				if (__left == 0)                                                   \
					__left = 1;                                                \
				break;                                                             \
			}                                                                          \
			if (__left == 0)                                                           \
				break;                                                             \
			__left = schedule_timeout(__left);                                         \
		}                                                                                  \
		finish_wait(&(wq), &__wait);                                                       \
		__left;                                                                            \
	})

#endif
