/* SPDX-License-Identifier: MIT */
/*
 * Wait queues (kernel/sched/wait.h has the contract).
 *
 * A sleeper queues itself and sets its state under the queue's lock, then tests its condition
 * and sleeps; a waker changes the condition, then takes the lock and wakes whoever is queued.
 * Whatever the interleaving, either the sleeper sees the new condition, or it was queued (and
 * in a sleeping state) before the waker looked, and gets woken.
 */
#include "kernel/sched/wait.h"

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode)
{
	return wake_up_state(wq_entry->private, mode);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode)
{
	int woken = wake_up_state(wq_entry->private, mode);

	if (woken)
		list_del_init(&wq_entry->entry);
	return woken;
}

static void prepare(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry,
		    unsigned int state, bool exclusive)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&wq_entry->entry)) {
		if (exclusive) {
			wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
			list_add_tail(&wq_entry->entry, &wq->head);
		} else {
			wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
			list_add(&wq_entry->entry, &wq->head);
		}
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry,
		     unsigned int state)
{
	prepare(wq, wq_entry, state, false);
}

void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry,
			       unsigned int state)
{
	prepare(wq, wq_entry, state, true);
}

/*
 * Always under the lock: a waker may be unlinking the entry right now, and the entry lives on
 * our stack, which must not be reused before the waker has finished with it.
 */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wq_entry)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&wq_entry->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive)
{
	struct wait_queue_entry *curr, *next;

	list_for_each_entry_safe (curr, next, &wq->head, entry) {
		unsigned int flags = curr->flags; /* curr may be gone once woken */

		if (curr->func(curr, mode) && (flags & WQ_FLAG_EXCLUSIVE) && --nr_exclusive == 0)
			break;
	}
}

void __wake_up(struct wait_queue_head *wq, unsigned int mode, int nr_exclusive)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	__wake_up_locked(wq, mode, nr_exclusive);
	spin_unlock_irqrestore(&wq->lock, flags);
}
