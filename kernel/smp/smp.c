/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU function calls. Each CPU has a queue of calls for it, under its lock. A caller
 * queues a call_single_data (csd) and sends the target a "call function" IPI; the target's
 * handler takes the whole queue and runs each call in hardirq context, then marks it done, or
 * frees it if nobody waits. A waiting caller spins until its csd is done.
 */
#include "kernel/smp/smp.h"

#include <asm/cpu.h>
#include <asm/smp.h>

#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "lib/errno.h"
#include "lib/list.h"

struct call_single_data {
	struct list_head list;
	smp_call_func_t func;
	void *info;
	bool wait; /* the caller spins on done and frees the csd itself */
	int done;  /* set (release) by the target after func returned */
};

struct call_queue {
	spinlock_t lock; /* protects list */
	struct list_head list;
};

unsigned long cpu_online_mask;
static DEFINE_PER_CPU(struct call_queue, call_queues);

unsigned int num_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu) n++;
	return n;
}

void set_cpu_online(unsigned int cpu)
{
	__atomic_fetch_or(&cpu_online_mask, 1ul << cpu, __ATOMIC_RELEASE);
}

static void queue_call(unsigned int cpu, struct call_single_data *csd)
{
	struct call_queue *q = &per_cpu(call_queues, cpu);
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&csd->list, &q->list);
	spin_unlock_irqrestore(&q->lock, flags);
	arch_send_call_function_ipi(cpu);
}

static void wait_for(struct call_single_data *csd)
{
	while (!__atomic_load_n(&csd->done, __ATOMIC_ACQUIRE))
		cpu_relax();
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait)
{
	struct call_single_data *csd, on_stack; /* a waiting caller needs no allocation */
	unsigned long flags;

	if (!cpu_online(cpu))
		return -ENXIO;
	WARN_ON_ONCE(wait && irqs_disabled() && cpu != smp_processor_id());
	flags = local_irq_save();
	if (cpu == smp_processor_id()) {
		func(info);
		local_irq_restore(flags);
		return 0;
	}
	local_irq_restore(flags);
	/*
	 * A caller that waits keeps the call on its stack: a TLB shootdown or rcu_barrier() must
	 * not be skipped because memory is short. Only fire-and-forget calls allocate.
	 */
	csd = wait ? &on_stack : kmalloc(sizeof(*csd), GFP_ATOMIC);
	if (!csd)
		return -ENOMEM;
	*csd = (struct call_single_data){ .func = func, .info = info, .wait = wait };
	queue_call(cpu, csd);
	if (wait)
		wait_for(csd); /* the target does not touch it after marking it done */
	return 0;
}

void smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	unsigned int cpu, self;

	WARN_ON_ONCE(wait && irqs_disabled());
	preempt_disable(); /* "the other CPUs" must stay the same set */
	self = smp_processor_id();
	for_each_online_cpu (cpu) {
		struct call_single_data *csd;

		if (cpu == self)
			continue;
		if (wait) { /* one CPU after the other, each call on the stack: nothing can fail */
			smp_call_function_single(cpu, func, info, true);
			continue;
		}
		csd = kmalloc(sizeof(*csd), GFP_ATOMIC);
		if (!csd) {
			pr_err("smp_call_function: out of memory; CPU %u skipped\n", cpu);
			continue;
		}
		*csd = (struct call_single_data){ .func = func, .info = info };
		queue_call(cpu, csd);
	}
	preempt_enable();
}

void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	unsigned long flags;

	smp_call_function(func, info, wait);
	flags = local_irq_save();
	func(info);
	local_irq_restore(flags);
}

void generic_smp_call_function_interrupt(void)
{
	struct call_queue *q = this_cpu_ptr(call_queues);
	struct call_single_data *csd, *next;
	LIST_HEAD(todo);

	spin_lock(&q->lock);
	list_splice_init(&q->list, &todo);
	spin_unlock(&q->lock);
	list_for_each_entry_safe (csd, next, &todo, list) {
		bool wait = csd->wait;

		list_del(&csd->list);
		csd->func(csd->info);
		if (wait)
			__atomic_store_n(&csd->done, 1, __ATOMIC_RELEASE); /* the caller frees it */
		else
			kfree(csd);
	}
}

void smp_send_reschedule(unsigned int cpu)
{
	if (cpu_online(cpu))
		arch_send_reschedule_ipi(cpu);
}

void smp_send_stop(void)
{
	unsigned int cpu, self = smp_processor_id();

	for_each_online_cpu(cpu) if (cpu != self) arch_send_stop_nmi(cpu);
}

void smp_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&per_cpu(call_queues, cpu).lock);
		INIT_LIST_HEAD(&per_cpu(call_queues, cpu).list);
	}
	set_cpu_online(smp_processor_id());
	smp_boot_cpus();
}
