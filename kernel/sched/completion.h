/* SPDX-License-Identifier: MIT */
/*
 * Completions, as in Linux: "wait until this has happened". complete() lets one waiter through
 * (or the next one to arrive), complete_all() every waiter now and later. Unlike a bare wait
 * queue there is no condition to get wrong: the completion counts what it has been told.
 */
#ifndef KERNEL_SCHED_COMPLETION_H
#define KERNEL_SCHED_COMPLETION_H

#include "kernel/sched/wait.h"

#define COMPLETION_ALL (~0u) /* done after complete_all(): never used up */

struct completion {
	unsigned int done; /* complete() calls not yet consumed by a waiter; under wait.lock */
	struct wait_queue_head wait;
};

#define init_completion(x)                                                                         \
	do {                                                                                       \
		(x)->done = 0;                                                                     \
		init_waitqueue_head(&(x)->wait);                                                   \
	} while (0)

/* Make it usable again (no waiters may be left). */
static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

/* Any context. */
void complete(struct completion *x);
void complete_all(struct completion *x);

/* Task context: sleep until completed. */
void wait_for_completion(struct completion *x);
/* 0 if timeout jiffies passed first, else the jiffies left (at least 1). */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
/* Consume a completion without sleeping; false if there was none. Any context. */
bool try_wait_for_completion(struct completion *x);
/* Has it been completed (and not yet consumed)? */
bool completion_done(struct completion *x);

#endif
