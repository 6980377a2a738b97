/* SPDX-License-Identifier: MIT */
/*
 * The life of a task: creation (struct, pid, kernel stack with a guard page, first frame),
 * exit, and the final put that frees it.
 *
 * References (task->usage): a task holds one on itself while it lives. It cannot drop it
 * itself: until its last switch it is running on the stack the reference pins. The task that
 * runs next (finish_task_switch) hands it to call_rcu(), so the final put comes a grace period
 * later, in softirq context: by then no RCU reader of task_list can still be looking at it.
 * Anyone else who keeps a pointer to a task that may exit holds their own with
 * get_task_struct().
 */
#include "kernel/sched/sched.h"

#include "kernel/fs/file.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/mm_types.h"
#include <asm/uaccess.h>
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/proc/process.h"
#include "kernel/rcu/rculist.h"
#include "kernel/sched/wait.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

LIST_HEAD(task_list);
DEFINE_SPINLOCK(tasklist_lock);
static int last_pid; /* pids are handed out in order and not reused yet */
static unsigned long nr_task_structs; /* allocated and not yet freed (leak checks) */

unsigned long task_structs_allocated(void)
{
	return READ_ONCE(nr_task_structs);
}

static pid_t alloc_pid(void)
{
	return __atomic_add_fetch(&last_pid, 1, __ATOMIC_RELAXED);
}

static void free_task(struct task_struct *p)
{
	arch_thread_release(&p->thread);
	if (!(p->flags & PF_IDLE))
		vfree(p->stack);
	kfree(p->kthread);
	kfree(p);
	__atomic_sub_fetch(&nr_task_structs, 1, __ATOMIC_RELAXED);
}

void put_task_struct(struct task_struct *p)
{
	if (refcount_dec_and_test(&p->usage))
		free_task(p);
}

static void delayed_put_task_struct(struct rcu_head *rhp)
{
	put_task_struct(container_of(rhp, struct task_struct, rcu));
}

void put_task_struct_rcu_user(struct task_struct *p)
{
	if (refcount_dec_and_test(&p->rcu_users))
		call_rcu(&p->rcu, delayed_put_task_struct);
}

/* A new task with its stack and FPU area, not yet runnable nor listed; or NULL. */
static struct task_struct *alloc_task(const char *name)
{
	struct task_struct *p;

	might_sleep();
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->stack = vmalloc_stack(THREAD_SIZE);
	if (!p->stack || arch_thread_init(&p->thread, (u8 *)p->stack + THREAD_SIZE)) {
		vfree(p->stack);
		kfree(p);
		return NULL;
	}
	p->stack_size = THREAD_SIZE;
	__atomic_add_fetch(&nr_task_structs, 1, __ATOMIC_RELAXED);
	spin_lock_init(&p->pi_lock);
	refcount_set(&p->usage, 1); /* held by the rcu_users together */
	refcount_set(&p->rcu_users, 1); /* its own life, until its final switch */
	INIT_LIST_HEAD(&p->run_list);
	p->__state = TASK_UNINTERRUPTIBLE; /* not runnable until wake_up_process() */
	p->never_ran = true;
	p->cpus_allowed = ~0ul;
	p->cpu = smp_processor_id();
	p->flags = PF_KTHREAD;
	p->active_mm = NULL; /* borrowed at its first switch (lazy TLB) */
	p->pid = alloc_pid();
	p->tgid = p->pid;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	init_waitqueue_head(&p->wait_chldexit);
	strscpy(p->comm, name, sizeof(p->comm));
	return p;
}

struct task_struct *create_task(void (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p = alloc_task(name);

	if (!p)
		return ERR_PTR(-ENOMEM);
	arch_thread_start_kernel(&p->thread, fn, arg);
	spin_lock(&tasklist_lock);
	list_add_tail_rcu(&p->tasks, &task_list);
	spin_unlock(&tasklist_lock);
	return p;
}

struct task_struct *create_user_task(const struct pt_regs *regs, unsigned long sp)
{
	struct task_struct *p = alloc_task(current->comm);

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->flags = 0;
	arch_thread_start_user(&p->thread, regs, sp);
	arch_thread_copy_user_state(&p->thread, &current->thread);
	return p; /* the caller lists it once it is complete */
}

/*
 * A thread created with CLONE_CHILD_CLEARTID (or after set_tid_address) tells whoever joins it
 * that it is gone: zero the word, wake a futex waiter. While the memory is still ours.
 */
static void mm_release(struct task_struct *tsk)
{
	int __user *tidptr = tsk->clear_child_tid;

	if (!tidptr || !tsk->mm)
		return;
	tsk->clear_child_tid = NULL;
	if (!put_user(0, tidptr))
		futex_wake((u32 __user *)tidptr, 1);
}

/*
 * Give up the address space. The task keeps running on its page tables until its final switch,
 * so it keeps the mm as active_mm with an mm_count reference, dropped after that switch (as for
 * any kernel thread); mm_users goes now, which may tear the address space down.
 */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	unsigned long flags;

	if (!mm)
		return;
	vfork_release(tsk); /* a vfork parent waits for its child to exec or exit */
	mmgrab(mm);
	flags = local_irq_save(); /* the scheduler must see mm and active_mm agree */
	tsk->mm = NULL;
	local_irq_restore(flags);
	mmput(mm);
}

void do_exit(int code)
{
	struct task_struct *tsk = current;

	BUG_ON(in_interrupt());
	BUG_ON(tsk->flags & PF_IDLE);
	might_sleep();
	tsk->exit_code = code;
	tsk->flags |= PF_EXITING;
	exit_signals(tsk); /* no signal reaches it from now on; its pending ones go */
	mm_release(tsk);
	exit_mm(tsk);
	exit_files(tsk);
	if (tsk->pid == 1)
		init_exited(code); /* reports, checks for leaks, powers off */
	exit_notify(tsk); /* a zombie for its parent to reap, or gone at once */
	do_task_dead();
}
