/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads (kernel/sched/kthread.h has the contract). Each has a struct kthread next to
 * its task: the function to run, the stop request, and a completion its exit fires.
 */
#include "kernel/sched/kthread.h"

#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/sched/completion.h"
#include "kernel/smp/smp.h"
#include "lib/errno.h"
#include "lib/printf.h"

struct kthread {
	int (*threadfn)(void *data);
	void *data;
	bool should_stop;	  /* set once by kthread_stop() */
	int result;		  /* threadfn's return value, valid once exited is complete */
	struct completion exited; /* fired by the thread as it exits */
};

void kthread_exit(int ret)
{
	struct kthread *k = current->kthread;

	BUG_ON(!k);
	k->result = ret;
	complete_all(&k->exited);
	do_exit(ret);
}

/* Every kernel thread starts here (through create_task). */
static void kthread_entry(void *arg)
{
	struct kthread *k = arg;
	int ret = -EINTR;

	if (!READ_ONCE(k->should_stop)) /* stopped before it ever ran: don't start */
		ret = k->threadfn(k->data);
	kthread_exit(ret);
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data, const char *namefmt,
				   ...)
{
	struct kthread *k = kzalloc(sizeof(*k), GFP_KERNEL);
	struct task_struct *p;
	char name[TASK_COMM_LEN];
	va_list ap;

	if (!k)
		return ERR_PTR(-ENOMEM);
	k->threadfn = threadfn;
	k->data = data;
	init_completion(&k->exited);
	va_start(ap, namefmt);
	vscnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	p = create_task(kthread_entry, k, name);
	if (IS_ERR(p)) {
		kfree(k);
		return p;
	}
	p->kthread = k; /* freed with the task */
	return p;
}

void kthread_bind(struct task_struct *p, unsigned int cpu)
{
	BUG_ON(!cpu_online(cpu));
	if (WARN_ON_ONCE(!p->never_ran))
		return; /* a running thread changes CPU with set_cpus_allowed() */
	p->cpus_allowed = cpumask_of(cpu);
	p->cpu = cpu;
	p->flags |= PF_NO_SETAFFINITY;
}

bool kthread_should_stop(void)
{
	struct kthread *k = current->kthread;

	return k && READ_ONCE(k->should_stop);
}

int kthread_stop(struct task_struct *p)
{
	struct kthread *k = p->kthread;
	int ret;

	might_sleep();
	BUG_ON(!k);
	get_task_struct(p); /* k lives as long as p */
	WRITE_ONCE(k->should_stop, true);
	wake_up_process(p);
	wait_for_completion(&k->exited);
	ret = k->result;
	put_task_struct(p);
	return ret;
}
