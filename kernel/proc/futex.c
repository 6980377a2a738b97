/* SPDX-License-Identifier: MIT */
/*
 * Futexes: the kernel half of user-space locks. A thread that finds a lock word busy asks the
 * kernel to sleep "while *uaddr == val" (FUTEX_WAIT); the thread that releases it asks the kernel
 * to wake sleepers on uaddr (FUTEX_WAKE). The check of *uaddr and the queueing happen under the
 * bucket's lock, which FUTEX_WAKE takes too, so a wake-up between the user's check and the
 * sleep cannot be lost: either the waiter sees the new value, or it is queued before the waker
 * looks.
 *
 * A futex is identified by (address space, user address); waiters hash into buckets. The bucket
 * lock is a mutex, because reading *uaddr may fault and sleep.
 */
#include <asm/uaccess.h>

#include "kernel/proc/process.h"
#include "kernel/sched/mutex.h"
#include "kernel/syscall/syscall.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"
#include "lib/list.h"

#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_PRIVATE_FLAG   128 /* only this process: what ours always are */
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK	     (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BUCKETS	     64
#define FUTEX_MAX_TIMEOUT_SEC (1ul << 31) /* longer timeouts are treated as "forever" */

struct futex_waiter {
	struct list_head list; /* on its bucket, under the bucket's mutex */
	struct mm_struct *mm;
	unsigned long uaddr;
	struct task_struct *task;
	bool woken; /* set by the waker, under the bucket's mutex */
};

static struct futex_bucket {
	struct mutex lock;
	struct list_head waiters;
} buckets[FUTEX_BUCKETS];
static bool buckets_ready;
static DEFINE_MUTEX(buckets_init_lock);

static struct futex_bucket *bucket_of(struct mm_struct *mm, unsigned long uaddr)
{
	unsigned long h = (uaddr >> 2) ^ ((unsigned long)mm >> 6);

	if (!READ_ONCE(buckets_ready)) {
		mutex_lock(&buckets_init_lock);
		for (int i = 0; !buckets_ready && i < FUTEX_BUCKETS; i++) {
			mutex_init(&buckets[i].lock);
			INIT_LIST_HEAD(&buckets[i].waiters);
		}
		smp_store_release(&buckets_ready, true);
		mutex_unlock(&buckets_init_lock);
	}
	return &buckets[(h ^ (h >> 7)) % FUTEX_BUCKETS];
}

struct timespec64_user {
	long tv_sec, tv_nsec;
};

/* A relative timeout (NULL: none) in jiffies, rounded up; -EINVAL or -EFAULT. */
static long timeout_jiffies(const struct timespec64_user __user *uts)
{
	struct timespec64_user ts;

	if (!uts)
		return MAX_SCHEDULE_TIMEOUT;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000l)
		return -EINVAL;
	if ((unsigned long)ts.tv_sec > FUTEX_MAX_TIMEOUT_SEC)
		return MAX_SCHEDULE_TIMEOUT; /* far beyond any uptime: and the arithmetic stays small */
	return (long)msecs_to_jiffies((unsigned long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000) + 1;
}

static long futex_wait(u32 __user *uaddr, u32 val, long timeout)
{
	struct futex_waiter w = { .mm = current->mm, .uaddr = (unsigned long)uaddr, .task = current };
	struct futex_bucket *b = bucket_of(w.mm, w.uaddr);
	u32 cur;

	mutex_lock(&b->lock);
	if (get_user(cur, uaddr)) {
		mutex_unlock(&b->lock);
		return -EFAULT;
	}
	if (cur != val) {
		mutex_unlock(&b->lock);
		return -EAGAIN;
	}
	list_add_tail(&w.list, &b->waiters);
	set_current_state(TASK_INTERRUPTIBLE);
	mutex_unlock(&b->lock);
	if (!signal_pending(current)) /* one sent before we slept woke nobody: don't sleep */
		timeout = schedule_timeout(timeout);
	__set_current_state(TASK_RUNNING);
	mutex_lock(&b->lock);
	if (!w.woken)
		list_del(&w.list);
	mutex_unlock(&b->lock);
	if (w.woken)
		return 0;
	return timeout ? -EINTR : -ETIMEDOUT; /* woken otherwise: the group is exiting */
}

int futex_wake(u32 __user *uaddr, int nr)
{
	struct futex_bucket *b = bucket_of(current->mm, (unsigned long)uaddr);
	struct futex_waiter *w, *tmp;
	int woken = 0;

	mutex_lock(&b->lock);
	list_for_each_entry_safe (w, tmp, &b->waiters, list) {
		if (woken >= nr)
			break;
		if (w->mm != current->mm || w->uaddr != (unsigned long)uaddr)
			continue;
		list_del(&w->list);
		w->woken = true;
		wake_up_process(w->task);
		woken++;
	}
	mutex_unlock(&b->lock);
	return woken;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const struct timespec64_user __user *, utime, u32 __user *, uaddr2, u32, val3)
{
	long timeout;

	if ((unsigned long)uaddr % sizeof(u32) || !access_ok(uaddr, sizeof(u32)))
		return -EINVAL;
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
		timeout = timeout_jiffies(utime);
		return timeout < 0 ? timeout : futex_wait(uaddr, val, timeout);
	case FUTEX_WAKE:
		return futex_wake(uaddr, (int)val > 0 ? (int)val : 0);
	default:
		return -ENOSYS; /* requeue, PI and bitset futexes are not supported */
	}
}
