/* SPDX-License-Identifier: MIT */
/*
 * Small system calls about the caller and the machine: ids, uname, the clock, yielding.
 */
#include <asm/reboot.h>
#include <asm/uaccess.h>

#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME	7
#define UTS_LEN		65

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	pid_t ppid;

	/* The group leader's parent (a thread's own is not kept up to date), read under RCU. */
	rcu_read_lock();
	ppid = task_ppid(READ_ONCE(current->group_leader));
	rcu_read_unlock();
	return ppid;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

struct new_utsname {
	char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN], version[UTS_LEN];
	char machine[UTS_LEN], domainname[UTS_LEN];
};

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strscpy(u.sysname, "Trefoil", sizeof(u.sysname));
	strscpy(u.nodename, "trefoil", sizeof(u.nodename));
	strscpy(u.release, "0.1", sizeof(u.release));
	strscpy(u.version, "#1 SMP", sizeof(u.version));
	strscpy(u.machine, "x86_64", sizeof(u.machine));
	strscpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

struct timespec64 {
	long tv_sec;
	long tv_nsec;
};

/* Every clock is time since boot: there is no wall clock (no RTC is read). */
SYSCALL_DEFINE2(clock_gettime, int, which, struct timespec64 __user *, tp)
{
	u64 now = ktime_get_ns();
	struct timespec64 ts = { (long)(now / NSEC_PER_SEC), (long)(now % NSEC_PER_SEC) };

	if (which != CLOCK_REALTIME && which != CLOCK_MONOTONIC && which != CLOCK_BOOTTIME)
		return -EINVAL;
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* Sleep timeout jiffies, or until a signal is pending: the jiffies left (0: all of them). */
static long sleep_interruptible(long timeout)
{
	while (timeout) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		timeout = schedule_timeout(timeout);
	}
	return timeout;
}

#define NSEC_PER_JIFFY	  (NSEC_PER_SEC / HZ)
#define NANOSLEEP_MAX_SEC (1l << 31) /* longer sleeps are "forever": the arithmetic stays small */

/*
 * The jiffies a valid ts asks for, rounded up. (This used to go through 32 bits of
 * milliseconds: 4294968 s slept 0.7 s, and a larger tv_sec overflowed.)
 */
static long timespec_to_jiffies(const struct timespec64 *ts)
{
	if (ts->tv_sec > NANOSLEEP_MAX_SEC)
		return MAX_SCHEDULE_TIMEOUT;
	return ts->tv_sec * HZ + (long)((ts->tv_nsec + NSEC_PER_JIFFY - 1) / NSEC_PER_JIFFY);
}

/* A signal ends the sleep early: -EINTR, and the time left in *rem. */
SYSCALL_DEFINE2(nanosleep, const struct timespec64 __user *, req, struct timespec64 __user *, rem)
{
	struct timespec64 ts;
	long timeout, left;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	timeout = timespec_to_jiffies(&ts);
	/* +1: the current tick is already partly over, and the sleep must not be shorter. */
	left = sleep_interruptible(timeout == MAX_SCHEDULE_TIMEOUT ? timeout : timeout + 1);
	if (!left)
		return 0;
	ts.tv_sec = left / HZ;
	ts.tv_nsec = left % HZ * (long)NSEC_PER_JIFFY;
	if (rem && copy_to_user(rem, &ts, sizeof(ts)))
		return -EFAULT;
	return -EINTR;
}

#define LINUX_REBOOT_MAGIC1	    0xfee1dead
#define LINUX_REBOOT_MAGIC2	    672274793
#define LINUX_REBOOT_CMD_POWER_OFF  0x4321fedc
#define LINUX_REBOOT_CMD_HALT	    0xcdef0123

/* Power off (the only thing a virtual machine with isa-debug-exit can do): QEMU exits 0. */
SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 || magic2 != LINUX_REBOOT_MAGIC2)
		return -EINVAL;
	if (cmd != LINUX_REBOOT_CMD_POWER_OFF && cmd != LINUX_REBOOT_CMD_HALT)
		return -EINVAL;
	pr_info("reboot: power off requested by %s[%d]\n", current->comm, current->tgid);
	machine_exit(MACHINE_STATUS_SUCCESS);
}
