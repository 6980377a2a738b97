/* SPDX-License-Identifier: MIT */
/*
 * Mutexes (kernel/sched/mutex.h has the contract).
 *
 * The unlocker hands the mutex straight to the first waiter: it sets owner to that task before
 * waking it, so a task arriving meanwhile cannot barge in, and each waiter, once woken, only
 * has to check that it is the owner now.
 */
#include "kernel/sched/mutex.h"

#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"

struct mutex_waiter {
	struct list_head list; /* on lock->wait_list, under wait_lock */
	struct task_struct *task;
};

static unsigned long misuse_reports;

static void mutex_report(struct mutex *lock, const char *what)
{
	struct task_struct *owner = READ_ONCE(lock->owner);

	__atomic_add_fetch(&misuse_reports, 1, __ATOMIC_RELAXED);
	pr_err("BUG: mutex \"%s\": %s by %s/%d (owner: %s/%d)\n", lock->name, what, current->comm,
	       current->pid, owner ? owner->comm : "none", owner ? owner->pid : 0);
	show_backtrace(current_frame_address());
}

unsigned long mutex_misuse_count(void)
{
	return READ_ONCE(misuse_reports);
}

void mutex_lock(struct mutex *lock)
{
	struct mutex_waiter waiter = { .task = current };

	might_sleep();
	spin_lock(&lock->wait_lock);
	if (lock->owner == current) {
		spin_unlock(&lock->wait_lock);
		mutex_report(lock, "recursive locking (this task already holds it: a deadlock)");
		return;
	}
	if (!lock->owner) {
		lock->owner = current;
		spin_unlock(&lock->wait_lock);
		return;
	}
	list_add_tail(&waiter.list, &lock->wait_list);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock(&lock->wait_lock);
		schedule();
		spin_lock(&lock->wait_lock);
		if (lock->owner == current)
			break; /* handed over, and taken off the list, by the unlocker */
	}
	__set_current_state(TASK_RUNNING);
	spin_unlock(&lock->wait_lock);
}

bool mutex_trylock(struct mutex *lock)
{
	bool taken;

	spin_lock(&lock->wait_lock);
	taken = !lock->owner;
	if (taken)
		lock->owner = current;
	spin_unlock(&lock->wait_lock);
	return taken;
}

void mutex_unlock(struct mutex *lock)
{
	struct mutex_waiter *next;

	spin_lock(&lock->wait_lock);
	if (lock->owner != current) {
		spin_unlock(&lock->wait_lock);
		mutex_report(lock, lock->owner ? "unlocked by a task that does not hold it"
					       : "unlocked while not locked");
		return;
	}
	next = list_first_entry_or_null(&lock->wait_list, struct mutex_waiter, list);
	if (next) {
		list_del(&next->list);
		lock->owner = next->task;
		wake_up_process(next->task);
	} else {
		lock->owner = NULL;
	}
	spin_unlock(&lock->wait_lock);
}
