/* SPDX-License-Identifier: MIT */
/*
 * Ending processes and reaping them: exit(), exit_group(), the zombie state, and wait4().
 *
 * An exiting process keeps its task_struct as a zombie, holding its exit status, until its
 * parent collects it with wait4() (then it is "reaped": off the task list, the family link's
 * reference dropped). Its children are handed to init, which reaps whatever it inherits.
 */
#include <asm/uaccess.h>

#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "kernel/rcu/rculist.h"
#include "kernel/sched/wait.h"
#include "kernel/syscall/syscall.h"
#include "lib/errno.h"

/* The status wait() reports for a normal exit: the code in bits 8-15. */
#define EXIT_STATUS(code) (((code) & 0xff) << 8)
#define WNOHANG		  0x00000001
#define RUSAGE_SIZE	  144 /* struct rusage on x86-64: reported as all zero */

static struct task_struct *child_reaper; /* init; set once, before any user process forks */

void set_child_reaper(struct task_struct *tsk)
{
	child_reaper = tsk;
}

/* Hand tsk's children to init (tasklist_lock held). True if a zombie was among them. */
static bool forget_children(struct task_struct *tsk)
{
	struct task_struct *child, *tmp;
	bool zombie = false;

	list_for_each_entry_safe (child, tmp, &tsk->children, sibling) {
		WRITE_ONCE(child->real_parent, child_reaper);
		list_move_tail(&child->sibling, &child_reaper->children);
		zombie |= child->exit_state == EXIT_ZOMBIE;
	}
	return zombie;
}

/* A thread other than the leader: nobody waits for it; it leaves at once. tasklist_lock held. */
static void release_thread(struct task_struct *tsk)
{
	tsk->exit_state = EXIT_DEAD;
	list_del(&tsk->thread_node);
	list_del_rcu(&tsk->tasks);
}

void exit_notify(struct task_struct *tsk)
{
	struct task_struct *parent = NULL, *leader = tsk->group_leader;
	bool orphaned_zombies, leader_done = false;

	spin_lock(&tasklist_lock);
	orphaned_zombies = !list_empty(&tsk->children) && forget_children(tsk);
	if (tsk->signal)
		tsk->signal->nr_threads--;
	if (leader && leader != tsk) {
		release_thread(tsk);
		/* The last thread out lets a zombie leader be reaped. */
		leader_done = leader->exit_state == EXIT_ZOMBIE && !tsk->signal->nr_threads;
		parent = leader_done ? leader->real_parent : NULL;
	} else if (tsk->real_parent) {
		tsk->exit_state = EXIT_ZOMBIE; /* the parent's wait() reaps it */
		if (!tsk->signal || !tsk->signal->nr_threads)
			parent = tsk->real_parent; /* the process is gone: tell its parent now */
	} else {
		tsk->exit_state = EXIT_DEAD; /* no parent (a kernel thread, init): nobody waits */
		list_del_rcu(&tsk->tasks);
	}
	/*
	 * Still under tasklist_lock: once it is released the parent may exit and be reaped, and
	 * nothing else keeps its task_struct (and wait queue) alive for us.
	 */
	if (parent) {
		do_notify_parent(leader ? leader : tsk, parent); /* SIGCHLD */
		wake_up_all(&parent->wait_chldexit);
	}
	if (orphaned_zombies)
		wake_up_all(&child_reaper->wait_chldexit);
	spin_unlock(&tasklist_lock);
	if ((leader && leader != tsk) || !tsk->real_parent)
		put_signal(tsk->signal); /* a zombie leader keeps its reference until reaped */
}

/* Ask every other thread of the group to exit, and make sure each notices soon. */
static void zap_other_threads(struct task_struct *tsk, int code)
{
	struct signal_struct *sig = tsk->signal;
	struct task_struct *t;

	spin_lock(&tasklist_lock);
	if (!sig->group_exit) {
		sig->group_exit = true;
		sig->group_exit_code = code;
	}
	list_for_each_entry (t, &sig->thread_head, thread_node) {
		if (t == tsk)
			continue;
		wake_up_state(t, TASK_INTERRUPTIBLE); /* out of a futex wait, say */
		kick_process(t);		      /* out of user mode: an IPI */
	}
	spin_unlock(&tasklist_lock);
}

void exit_if_group_exiting(void)
{
	struct signal_struct *sig = current->signal;

	if (sig && READ_ONCE(sig->group_exit))
		do_exit(READ_ONCE(sig->group_exit_code));
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit(EXIT_STATUS(error_code));
}

void do_group_exit(int code)
{
	if (current->signal) {
		zap_other_threads(current, code);
		do_exit(current->signal->group_exit_code); /* the first caller wins */
	}
	do_exit(code);
}

/* The whole process: every thread exits, and the process's status is this one. */
SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit(EXIT_STATUS(error_code));
}

/* Does child match wait4's pid argument? (-1: any child; > 0: that one.) */
static bool pid_matches(const struct task_struct *child, pid_t pid)
{
	return pid == -1 || child->tgid == pid;
}

/*
 * Look for a zombie child to reap (tasklist_lock held). Returns it, unlinked from the family
 * and the task list, or NULL; *any is set if some child matches at all.
 */
static struct task_struct *reap_zombie(struct task_struct *parent, pid_t pid, bool *any)
{
	struct task_struct *child;

	list_for_each_entry (child, &parent->children, sibling) {
		if (!pid_matches(child, pid))
			continue;
		*any = true;
		if (child->exit_state != EXIT_ZOMBIE || child->signal->nr_threads)
			continue; /* alive, or a leader whose other threads still run */
		child->exit_state = EXIT_DEAD;
		list_del_init(&child->sibling);
		list_del_rcu(&child->tasks);
		return child;
	}
	return NULL;
}

/* Reap a zombie child now, if there is one; -ECHILD if no child matches; 0 if none yet. */
static long try_reap(pid_t pid, int *status)
{
	struct task_struct *child;
	bool any = false;
	pid_t ret;

	spin_lock(&tasklist_lock);
	child = reap_zombie(current, pid, &any);
	spin_unlock(&tasklist_lock);
	if (!child)
		return any ? 0 : -ECHILD;
	*status = child->signal->group_exit ? child->signal->group_exit_code : child->exit_code;
	ret = child->tgid;
	put_signal(child->signal);
	put_task_struct_rcu_user(child); /* the family link: freed only after a grace period */
	return ret;
}

/* Is there something for wait4 to return: a zombie to reap, or no matching child at all? */
static bool try_reap_ready(pid_t pid)
{
	struct task_struct *child;
	bool ready = true;

	spin_lock(&tasklist_lock);
	list_for_each_entry (child, &current->children, sibling) {
		if (!pid_matches(child, pid))
			continue;
		ready = child->exit_state == EXIT_ZOMBIE && !child->signal->nr_threads;
		if (ready)
			break;
	}
	spin_unlock(&tasklist_lock);
	return ready;
}

/*
 * Sleep until try_reap_ready(pid), or until a signal is pending: 0, or -EINTR. Interruptible,
 * so that a process blocked here can be killed.
 */
static int wait_for_child(pid_t pid)
{
	DEFINE_WAIT(wait);
	int ret = 0;

	for (;;) {
		prepare_to_wait(&current->wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		if (try_reap_ready(pid))
			break;
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		schedule();
	}
	finish_wait(&current->wait_chldexit, &wait);
	return ret;
}

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, wstatus, int, options, void __user *, rusage)
{
	int status = 0;
	long ret;

	if (pid == 0 || pid < -1 || (options & ~WNOHANG))
		return -EINVAL; /* process groups are not supported */
	for (;;) {
		ret = try_reap(pid, &status);
		if (ret != 0 || (options & WNOHANG))
			break;
		ret = wait_for_child(pid);
		if (ret)
			return ret;
	}
	if (ret > 0 && wstatus && put_user(status, wstatus))
		return -EFAULT;
	if (ret > 0 && rusage && clear_user(rusage, RUSAGE_SIZE))
		return -EFAULT;
	return ret;
}
