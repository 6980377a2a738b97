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

#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/rcu/rculist.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

LIST_HEAD(task_list);
DEFINE_SPINLOCK(tasklist_lock);
static int last_pid; /* pids are handed out in order and not reused yet */

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
}

void put_task_struct(struct task_struct *p)
{
	if (refcount_dec_and_test(&p->usage))
		free_task(p);
}

void delayed_put_task_struct(struct rcu_head *rhp)
{
	put_task_struct(container_of(rhp, struct task_struct, rcu));
}

struct task_struct *create_task(void (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p;

	might_sleep();
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->stack = vmalloc_stack(THREAD_SIZE);
	if (!p->stack || arch_thread_init(&p->thread, (u8 *)p->stack + THREAD_SIZE)) {
		vfree(p->stack);
		kfree(p);
		return ERR_PTR(-ENOMEM);
	}
	p->stack_size = THREAD_SIZE;
	arch_thread_start_kernel(&p->thread, fn, arg);
	spin_lock_init(&p->pi_lock);
	refcount_set(&p->usage, 1); /* its own, until its final switch */
	INIT_LIST_HEAD(&p->run_list);
	p->__state = TASK_UNINTERRUPTIBLE; /* not runnable until wake_up_process() */
	p->never_ran = true;
	p->cpus_allowed = ~0ul;
	p->cpu = smp_processor_id();
	p->flags = PF_KTHREAD;
	p->pid = alloc_pid();
	p->tgid = p->pid;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	strscpy(p->comm, name, sizeof(p->comm));
	spin_lock(&tasklist_lock);
	list_add_tail_rcu(&p->tasks, &task_list);
	spin_unlock(&tasklist_lock);
	return p;
}

void do_exit(int code)
{
	struct task_struct *tsk = current;

	BUG_ON(in_interrupt());
	BUG_ON(tsk->flags & PF_IDLE);
	tsk->exit_code = code;
	tsk->flags |= PF_EXITING;
	spin_lock(&tasklist_lock);
	list_del_rcu(&tsk->tasks); /* RCU readers may still be on it: freed after a grace period */
	spin_unlock(&tasklist_lock);
	do_task_dead();
}
