/* SPDX-License-Identifier: MIT */
/*
 * fork, vfork and clone: new processes and threads.
 *
 * A forked child gets a copy of the address space in which every private page is shared
 * copy-on-write (kernel/mm/mm_struct.c), returns 0 from the same system call, and becomes the
 * caller's child. A thread (clone with CLONE_VM | CLONE_THREAD) shares the address space and the
 * thread group instead: same tgid, same parent, its own stack and TLS.
 */
#include <asm/thread.h>
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "kernel/mm/mm_types.h"
#include "kernel/mm/slab.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "kernel/rcu/rculist.h"
#include "kernel/sched/completion.h"
#include "kernel/syscall/syscall.h"
#include "lib/err.h"
#include "lib/errno.h"

#define CSIGNAL		     0x000000ff /* the signal sent to the parent at exit */
#define CLONE_VM	     0x00000100
#define CLONE_FS	     0x00000200
#define CLONE_FILES	     0x00000400
#define CLONE_SIGHAND	     0x00000800
#define CLONE_VFORK	     0x00004000
#define CLONE_THREAD	     0x00010000
#define CLONE_SYSVSEM	     0x00040000
#define CLONE_SETTLS	     0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED	     0x00400000
#define CLONE_CHILD_SETTID   0x01000000
#define CLONE_SUPPORTED                                                                            \
	(CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_VFORK | CLONE_THREAD | \
	 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID |              \
	 CLONE_DETACHED | CLONE_CHILD_SETTID)

struct clone_args {
	unsigned long flags;
	unsigned long stack; /* the child's stack pointer; 0: the parent's */
	int __user *parent_tid, *child_tid;
	unsigned long tls;
};

int alloc_signal(struct task_struct *tsk)
{
	struct signal_struct *sig = kzalloc(sizeof(*sig), GFP_KERNEL);

	if (!sig)
		return -ENOMEM;
	refcount_set(&sig->count, 1);
	sig->nr_threads = 1;
	INIT_LIST_HEAD(&sig->thread_head);
	list_add_tail(&tsk->thread_node, &sig->thread_head);
	tsk->signal = sig;
	tsk->group_leader = tsk;
	return 0;
}

void put_signal(struct signal_struct *sig)
{
	if (sig && refcount_dec_and_test(&sig->count))
		kfree(sig);
}

/* Flag combinations Linux refuses too. */
static bool clone_flags_valid(unsigned long flags)
{
	if (flags & ~CLONE_SUPPORTED)
		return false;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return false;
	return !((flags & CLONE_SIGHAND) && !(flags & CLONE_VM));
}

/* The child's address space: shared (CLONE_VM) or copied. */
static int copy_mm(struct task_struct *child, struct task_struct *parent, unsigned long flags)
{
	if (flags & CLONE_VM) {
		mmget(parent->mm);
		child->mm = parent->mm;
	} else {
		child->mm = dup_mm(parent->mm);
		if (!child->mm)
			return -ENOMEM;
	}
	child->active_mm = child->mm; /* its users' shared mm_count covers it */
	return 0;
}

/* Join the parent's thread group, or start a new one. tasklist_lock held. */
static void link_child(struct task_struct *child, struct task_struct *parent,
		       unsigned long flags)
{
	if (flags & CLONE_THREAD) {
		child->tgid = parent->tgid;
		child->group_leader = parent->group_leader;
		child->real_parent = parent->real_parent; /* threads are siblings, not children */
		list_add_tail(&child->thread_node, &parent->signal->thread_head);
		parent->signal->nr_threads++;
	} else {
		child->real_parent = parent;
		list_add_tail(&child->sibling, &parent->children);
		refcount_inc(&child->rcu_users); /* the family link, dropped when reaped */
	}
	list_add_tail_rcu(&child->tasks, &task_list);
}

/* The parts of the child that are not the task itself. 0 or -errno (nothing to undo then). */
static int copy_process_state(struct task_struct *child, struct task_struct *parent,
			      const struct clone_args *a)
{
	int err;

	if (a->flags & CLONE_SETTLS) {
		err = arch_thread_set_tls(&child->thread, a->tls); /* first: nothing to undo */
		if (err)
			return err;
	}
	if (a->flags & CLONE_THREAD) {
		refcount_inc(&parent->signal->count);
		child->signal = parent->signal;
	} else {
		err = alloc_signal(child);
		if (err)
			return err;
	}
	err = copy_mm(child, parent, a->flags);
	if (err) {
		put_signal(child->signal);
		return err;
	}
	err = copy_files(child, parent, a->flags & CLONE_FILES);
	if (err) {
		mmput(child->mm);
		put_signal(child->signal);
		return err;
	}
	err = copy_sighand(a->flags, child); /* and the blocked mask; no pending signals */
	if (err) {
		exit_files(child);
		mmput(child->mm);
		put_signal(child->signal);
		return err;
	}
	if (a->flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = a->child_tid;
	return 0;
}

/* Make a child of current as asked; its pid (tid), or -errno. */
static long kernel_clone(const struct clone_args *a)
{
	struct task_struct *parent = current, *child;
	struct completion vfork_done;
	pid_t pid;
	int err;

	if (!clone_flags_valid(a->flags))
		return -EINVAL;
	child = create_user_task(thread_pt_regs(&parent->thread), a->stack);
	if (IS_ERR(child))
		return PTR_ERR(child);
	err = copy_process_state(child, parent, a);
	if (err) {
		put_task_struct(child);
		return err;
	}
	pid = child->pid;
	if (a->flags & CLONE_PARENT_SETTID)
		put_user(pid, a->parent_tid); /* as Linux, a fault here is ignored: the child runs */
	if (a->flags & CLONE_CHILD_SETTID)
		child->set_child_tid = a->child_tid; /* written by the child, in its own memory */
	if (a->flags & CLONE_VFORK) {
		init_completion(&vfork_done);
		child->vfork_done = &vfork_done;
	}
	child->cpus_allowed = parent->cpus_allowed;
	spin_lock(&tasklist_lock);
	link_child(child, parent, a->flags);
	spin_unlock(&tasklist_lock);
	wake_up_process(child);
	if (a->flags & CLONE_VFORK)
		wait_for_completion(&vfork_done); /* until the child execs or exits */
	return pid;
}

SYSCALL_DEFINE0(fork)
{
	struct clone_args a = { .flags = SIGCHLD };

	return kernel_clone(&a);
}

SYSCALL_DEFINE0(vfork)
{
	struct clone_args a = { .flags = CLONE_VFORK | CLONE_VM | SIGCHLD };

	return kernel_clone(&a);
}

/* x86-64 argument order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, stack, int __user *, parent_tid,
		int __user *, child_tid, unsigned long, tls)
{
	struct clone_args a = {
		.flags = flags, .stack = stack, .parent_tid = parent_tid,
		.child_tid = child_tid, .tls = tls,
	};

	return kernel_clone(&a);
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

void vfork_release(struct task_struct *tsk)
{
	struct completion *done = tsk->vfork_done;

	if (done) {
		tsk->vfork_done = NULL;
		complete(done);
	}
}
