/* SPDX-License-Identifier: MIT */
/*
 * Sleeping for a while: schedule_timeout() arms a timer that wakes the sleeper, and msleep()
 * sleeps until at least the asked time has passed (a wake-up by someone else does not cut a
 * msleep short).
 */
#include "kernel/sched/sched.h"

#include "kernel/time/timer.h"

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *pt = container_of(t, struct process_timer, timer);

	wake_up_process(pt->task);
}

/*
 * The caller has set its state (TASK_UNINTERRUPTIBLE or TASK_INTERRUPTIBLE). Sleep until woken
 * or until `timeout` jiffies have passed; return the jiffies left (0 if the time ran out).
 */
long schedule_timeout(long timeout)
{
	struct process_timer pt;
	unsigned long expire;
	long left;

	might_sleep();
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout <= 0) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + (unsigned long)timeout;
	timer_setup(&pt.timer, process_timeout);
	pt.task = current;
	mod_timer(&pt.timer, expire);
	schedule();
	del_timer_sync(&pt.timer); /* it lives on our stack */
	left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int ms)
{
	/* +1: the current tick is already partly over, and the sleep must not be shorter. */
	long timeout = (long)msecs_to_jiffies(ms) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
