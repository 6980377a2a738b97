/* SPDX-License-Identifier: MIT */
/*
 * Read-write semaphores (kernel/sched/rwsem.h has the contract).
 *
 * The releaser grants the lock to waiters from the front of the queue: one writer, or every
 * reader up to the first writer. Like the mutex, it hands over before waking, so a woken task
 * only checks that it was granted.
 */
#include "kernel/sched/rwsem.h"

#include "kernel/panic/panic.h"

struct rwsem_waiter {
	struct list_head list; /* on sem->wait_list, under wait_lock */
	struct task_struct *task;
	bool writer;
	bool granted; /* set by the releaser, under wait_lock */
};

/* Grant the lock to the waiters at the front that can have it now (wait_lock held). */
static void grant_waiters(struct rw_semaphore *sem)
{
	struct rwsem_waiter *w, *tmp;

	list_for_each_entry_safe (w, tmp, &sem->wait_list, list) {
		if (w->writer) {
			if (sem->count != 0)
				break;
			sem->count = -1;
			sem->owner = w->task;
		} else {
			if (sem->count < 0)
				break;
			sem->count++;
		}
		list_del(&w->list);
		w->granted = true;
		wake_up_process(w->task);
		if (w->writer)
			break; /* a writer is alone */
	}
}

/* Queue and sleep until granted (wait_lock held on entry, released on return). */
static void wait_for_grant(struct rw_semaphore *sem, bool writer)
{
	struct rwsem_waiter waiter = { .task = current, .writer = writer };

	list_add_tail(&waiter.list, &sem->wait_list);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock(&sem->wait_lock);
		schedule();
		spin_lock(&sem->wait_lock);
		if (waiter.granted)
			break;
	}
	__set_current_state(TASK_RUNNING);
	spin_unlock(&sem->wait_lock);
}

void down_read(struct rw_semaphore *sem)
{
	might_sleep();
	spin_lock(&sem->wait_lock);
	if (sem->count >= 0 && list_empty(&sem->wait_list)) {
		sem->count++;
		spin_unlock(&sem->wait_lock);
		return;
	}
	wait_for_grant(sem, false);
}

void down_write(struct rw_semaphore *sem)
{
	might_sleep();
	spin_lock(&sem->wait_lock);
	if (sem->count == 0 && list_empty(&sem->wait_list)) {
		sem->count = -1;
		sem->owner = current;
		spin_unlock(&sem->wait_lock);
		return;
	}
	BUG_ON(sem->owner == current); /* a writer taking it again would wait forever */
	wait_for_grant(sem, true);
}

bool down_read_trylock(struct rw_semaphore *sem)
{
	bool taken;

	spin_lock(&sem->wait_lock);
	taken = sem->count >= 0 && list_empty(&sem->wait_list);
	if (taken)
		sem->count++;
	spin_unlock(&sem->wait_lock);
	return taken;
}

void up_read(struct rw_semaphore *sem)
{
	spin_lock(&sem->wait_lock);
	BUG_ON(sem->count <= 0);
	if (--sem->count == 0)
		grant_waiters(sem);
	spin_unlock(&sem->wait_lock);
}

void up_write(struct rw_semaphore *sem)
{
	spin_lock(&sem->wait_lock);
	BUG_ON(sem->count != -1 || sem->owner != current);
	sem->count = 0;
	sem->owner = NULL;
	grant_waiters(sem);
	spin_unlock(&sem->wait_lock);
}
