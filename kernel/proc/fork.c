/* SPDX-License-Identifier: MIT */
/*
 * fork and vfork: a new process that is a copy of the caller. The child gets a copy of the
 * address space in which every private page is shared copy-on-write (kernel/mm/mm_struct.c),
 * returns 0 from the same system call, and becomes the caller's child.
 */
#include "kernel/mm/mm_types.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "kernel/rcu/rculist.h"
#include "kernel/sched/completion.h"
#include "kernel/syscall/syscall.h"
#include "lib/err.h"
#include "lib/errno.h"

#include <asm/thread.h>

/* Copy current into a new, runnable child process; its pid, or -errno. */
static long do_fork(bool vfork)
{
	struct task_struct *parent = current, *child;
	struct completion vfork_done;
	pid_t pid;

	child = create_user_task(thread_pt_regs(&parent->thread), 0);
	if (IS_ERR(child))
		return PTR_ERR(child);
	child->mm = vfork ? parent->mm : dup_mm(parent->mm);
	if (!child->mm) {
		put_task_struct(child);
		return -ENOMEM;
	}
	if (vfork) {
		mmget(child->mm); /* vfork shares the address space until exec or exit */
		init_completion(&vfork_done);
		child->vfork_done = &vfork_done;
	}
	child->active_mm = child->mm; /* its users' shared mm_count covers it */
	child->real_parent = parent;
	child->cpus_allowed = parent->cpus_allowed;
	pid = child->pid;
	get_task_struct(child); /* the family link's reference, dropped when it is reaped */
	spin_lock(&tasklist_lock);
	list_add_tail(&child->sibling, &parent->children);
	list_add_tail_rcu(&child->tasks, &task_list);
	spin_unlock(&tasklist_lock);
	wake_up_process(child);
	if (vfork)
		wait_for_completion(&vfork_done); /* until the child execs or exits */
	return pid;
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(false);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(true);
}

void vfork_release(struct task_struct *tsk)
{
	struct completion *done = tsk->vfork_done;

	if (done) {
		tsk->vfork_done = NULL;
		complete(done);
	}
}
