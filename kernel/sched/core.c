/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core: run queues, schedule(), wake-ups, the tick, balancing and affinity
 * (kernel/sched/sched.h has the contract, docs/scheduler.md the story).
 *
 * Each CPU has a run queue: the task it runs (curr), its idle task, and a FIFO of runnable
 * tasks waiting for it. Everything in a run queue is under its lock, which is always taken with
 * interrupts disabled (wake-ups come from interrupt context). schedule() takes the lock, puts
 * the outgoing task at the back of the queue (or leaves it off, if it is going to sleep), picks
 * the front one, and switches; the lock is held across the switch and released by the incoming
 * task in finish_task_switch(). That is what makes "the task is off its CPU" observable: whoever
 * gets the lock after a switch sees the outgoing task completely saved.
 *
 * Lock order: task->pi_lock, then run-queue locks, lower CPU number first (or trylock).
 */
#include "kernel/sched/sched.h"

#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/stack.h>
#include <asm/thread.h>
#include <asm/uaccess.h>

#include "kernel/mm/mm_types.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/rcu/rculist.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct rq {
	spinlock_t lock;
	struct list_head queue;	   /* runnable tasks waiting for this CPU, curr excluded */
	unsigned int nr_queued;	   /* length of queue; read without the lock by balancers */
	struct task_struct *curr;  /* running here; written under the lock */
	struct task_struct *idle;  /* runs when the queue is empty; never on the queue */
	unsigned long nr_switches; /* under the lock */
	unsigned long nr_pulled;   /* tasks taken from other CPUs' queues; under the lock */
	struct mm_struct *prev_mm; /* a kernel thread's borrowed mm, dropped after the switch */
};

static DEFINE_PER_CPU(struct rq, runqueues);
static bool sched_running;

#define cpu_rq(cpu) (&per_cpu(runqueues, cpu))
#define this_rq()   this_cpu_ptr(runqueues)

/* Why __schedule() was called. */
enum sched_mode {
	SM_SLEEP,   /* schedule(): sleep if the state says so */
	SM_PREEMPT, /* involuntary: the task stays runnable whatever its state */
	SM_YIELD,   /* voluntary, but the task stays runnable */
};

static bool cpu_allowed(const struct task_struct *p, unsigned int cpu)
{
	return (p->cpus_allowed >> cpu) & 1;
}

static bool rq_is_idle(const struct rq *rq)
{
	return READ_ONCE(rq->curr) == rq->idle && READ_ONCE(rq->nr_queued) == 0;
}

/* Runnable tasks on a CPU, its idle task excluded (read without the lock: a hint). */
static unsigned int rq_load(const struct rq *rq)
{
	return READ_ONCE(rq->nr_queued) + (READ_ONCE(rq->curr) != rq->idle);
}

/* Ask the task running on rq's CPU to reschedule. Caller holds rq->lock. */
static void resched_curr(struct rq *rq)
{
	unsigned int cpu = (unsigned int)(rq - cpu_rq(0));

	WRITE_ONCE(cpu_data[cpu].need_resched, 1);
	if (cpu != smp_processor_id())
		smp_send_reschedule(cpu); /* its interrupt return is the preemption point */
}

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	list_add_tail(&p->run_list, &rq->queue);
	WRITE_ONCE(rq->nr_queued, rq->nr_queued + 1);
	p->on_rq = 1;
}

static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	list_del_init(&p->run_list);
	WRITE_ONCE(rq->nr_queued, rq->nr_queued - 1);
}

/* Lock the run queue p is on; p may move meanwhile, so look again under the lock. */
static struct rq *task_rq_lock(struct task_struct *p)
{
	for (;;) {
		struct rq *rq = cpu_rq(READ_ONCE(p->cpu));

		spin_lock(&rq->lock);
		if (rq == cpu_rq(READ_ONCE(p->cpu)))
			return rq;
		spin_unlock(&rq->lock);
	}
}

/*
 * Where p should run next: for a new task, the least loaded allowed CPU; for a woken one, the
 * CPU it last ran on, unless that one is busy and an allowed CPU is idle.
 */
static unsigned int select_task_rq(const struct task_struct *p)
{
	unsigned int cpu, best = NR_CPUS, best_load = ~0u;

	if (!p->never_ran && cpu_allowed(p, p->cpu) && cpu_online(p->cpu) &&
	    rq_is_idle(cpu_rq(p->cpu)))
		return p->cpu;
	for_each_online_cpu (cpu) {
		unsigned int load = rq_load(cpu_rq(cpu));

		if (!cpu_allowed(p, cpu))
			continue;
		if (!p->never_ran && rq_is_idle(cpu_rq(cpu)))
			return cpu;
		if (load < best_load) {
			best = cpu;
			best_load = load;
		}
	}
	if (!p->never_ran && cpu_allowed(p, p->cpu) && cpu_online(p->cpu))
		return p->cpu; /* no idle CPU: stay where its cache is */
	BUG_ON(best == NR_CPUS); /* set_cpus_allowed() keeps an online CPU in the mask */
	return best;
}

/* Queue p (runnable, not on any queue or CPU) on `cpu`, and wake that CPU if it idles. */
static void activate_task_on(struct task_struct *p, unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	spin_lock(&rq->lock);
	if (p->cpu != cpu) {
		WRITE_ONCE(p->cpu, cpu);
		p->nr_migrations++;
	}
	p->never_ran = false;
	WRITE_ONCE(p->__state, TASK_RUNNING);
	enqueue_task(rq, p);
	if (rq->curr == rq->idle)
		resched_curr(rq);
	spin_unlock(&rq->lock);
}

/* p is still on a run queue (it has not got as far as sleeping): just make it runnable again. */
static bool ttwu_runnable(struct task_struct *p)
{
	struct rq *rq = task_rq_lock(p);
	bool runnable = p->on_rq;

	if (runnable)
		WRITE_ONCE(p->__state, TASK_RUNNING);
	spin_unlock(&rq->lock);
	return runnable;
}

/*
 * The wake-up. pi_lock makes concurrent wakers of one task take turns. Either p has not
 * finished going to sleep (it is still on_rq: schedule() will see TASK_RUNNING and keep it),
 * or it is off the queue, perhaps still being switched away from on its old CPU: wait for that
 * switch to finish (on_cpu), then queue it wherever it should run.
 */
static bool try_to_wake_up(struct task_struct *p, unsigned int state)
{
	unsigned long flags;
	bool woken = false;

	spin_lock_irqsave(&p->pi_lock, flags);
	smp_mb(); /* the waker's condition store before our read of the sleeper's state */
	if (!(READ_ONCE(p->__state) & state))
		goto out;
	woken = true;
	if (ttwu_runnable(p))
		goto out;
	while (smp_load_acquire(&p->on_cpu))
		cpu_relax();
	activate_task_on(p, select_task_rq(p));
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	return woken;
}

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state);
}

bool wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL);
}

void kick_process(struct task_struct *p)
{
	unsigned int cpu;

	preempt_disable();
	cpu = task_cpu(p);
	if (READ_ONCE(p->on_cpu) && cpu != smp_processor_id())
		smp_send_reschedule(cpu); /* its interrupt return looks at pending work */
	preempt_enable();
}

/*
 * An idle CPU takes the first task it may run from the busiest other queue. It already holds
 * its own lock, so it only tries the other one: waiting could deadlock against a CPU doing the
 * same the other way round.
 */
static struct task_struct *pull_task(struct rq *this, unsigned int this_cpu)
{
	struct rq *busiest = NULL;
	struct task_struct *p, *found = NULL;
	unsigned int cpu, most = 0;

	for_each_online_cpu (cpu) {
		unsigned int queued = READ_ONCE(cpu_rq(cpu)->nr_queued);

		if (cpu != this_cpu && queued > most) {
			busiest = cpu_rq(cpu);
			most = queued;
		}
	}
	if (!busiest || !spin_trylock(&busiest->lock))
		return NULL;
	list_for_each_entry (p, &busiest->queue, run_list) {
		if (cpu_allowed(p, this_cpu)) {
			dequeue_task(busiest, p);
			WRITE_ONCE(p->cpu, this_cpu);
			p->nr_migrations++;
			this->nr_pulled++;
			found = p;
			break;
		}
	}
	spin_unlock(&busiest->lock);
	return found;
}

/* The next task to run here: the first waiting one allowed here, one pulled, or idle. */
static struct task_struct *pick_next_task(struct rq *rq, unsigned int cpu)
{
	struct task_struct *p;

	list_for_each_entry (p, &rq->queue, run_list) {
		if (cpu_allowed(p, cpu)) { /* one just disallowed waits to be moved */
			dequeue_task(rq, p);
			return p;
		}
	}
	p = pull_task(rq, cpu);
	return p ? p : rq->idle;
}

static void account_switch(struct task_struct *prev, struct task_struct *next)
{
	u64 now = ktime_get_ns();

	prev->sum_exec_runtime += now - prev->exec_start;
	next->exec_start = now;
}

/* Move p, waiting on a queue of a CPU it may no longer use, to one it may. */
static void move_queued_task(struct task_struct *p)
{
	unsigned long flags;
	struct rq *rq;
	bool move;

	spin_lock_irqsave(&p->pi_lock, flags);
	rq = task_rq_lock(p);
	move = p->on_rq && rq->curr != p && !cpu_allowed(p, p->cpu);
	if (move)
		dequeue_task(rq, p);
	spin_unlock(&rq->lock);
	if (move)
		activate_task_on(p, select_task_rq(p));
	spin_unlock_irqrestore(&p->pi_lock, flags);
}

/*
 * The second half of a switch, run by the incoming task: prev is now fully saved. Release the
 * run queue, then deal with prev: move it if it may not stay here, or, if it died, have the
 * reference its life held dropped after a grace period.
 */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	struct mm_struct *mm = rq->prev_mm;
	bool dead = READ_ONCE(prev->__state) == TASK_DEAD && !prev->on_rq;
	bool misplaced = prev->on_rq && !cpu_allowed(prev, smp_processor_id());

	rq->prev_mm = NULL;
	smp_store_release(&prev->on_cpu, 0); /* a waker may now queue prev elsewhere */
	spin_unlock_irq(&rq->lock);
	if (mm)
		mmdrop(mm); /* what prev, a kernel thread, borrowed (maybe the last count: pgd_lock) */
	if (misplaced)
		move_queued_task(prev);
	if (dead)
		put_task_struct_rcu_user(prev); /* its own life's hold; freed after a grace period */
}

/* A new task's first act (from ret_from_kthread): finish the switch that started it. */
void schedule_tail(struct task_struct *prev);
void schedule_tail(struct task_struct *prev)
{
	int __user *tidptr = current->set_child_tid;

	finish_task_switch(prev);
	preempt_enable(); /* the preempt_disable() of the schedule() that switched to us */
	if (tidptr) { /* a fork child: its memory is its own now (copy-on-write) */
		current->set_child_tid = NULL;
		put_user(current->pid, tidptr);
	}
}

/*
 * The address-space half of a switch. A task with its own mm gets it loaded; a kernel thread
 * (no mm) keeps whatever this CPU has loaded and pins it with mm_count (lazy TLB: no CR3
 * reload), and that pin is dropped when the CPU switches away from the thread. The idle task
 * is the exception: it goes back to the kernel's own address space, so that a CPU with nothing
 * to do does not keep a dead process's page tables alive for as long as it idles.
 */
static void context_switch_mm(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *oldmm = prev->active_mm;

	if (next->mm) {
		switch_mm(oldmm, next->mm);
		next->active_mm = next->mm;
	} else if (next == rq->idle && oldmm != &init_mm) {
		switch_mm(oldmm, &init_mm);
		next->active_mm = &init_mm;
		mmgrab(&init_mm);
	} else {
		next->active_mm = oldmm;
		mmgrab(oldmm);
	}
	if (!prev->mm) {
		rq->prev_mm = oldmm; /* mmdrop()ed in finish_task_switch, with the lock released */
		prev->active_mm = NULL;
	}
}

/* Take prev off the CPU (and out of the runnable set, if it is going to sleep). */
static void put_prev_task(struct rq *rq, struct task_struct *prev, enum sched_mode mode)
{
	if (prev == rq->idle)
		return;
	if (mode == SM_SLEEP && READ_ONCE(prev->__state) != TASK_RUNNING)
		prev->on_rq = 0; /* from now on a wake-up must queue it again */
	else
		enqueue_task(rq, prev); /* still runnable: to the back of the queue */
}

/*
 * The scheduler proper. Preemption is disabled by the caller; interrupts are disabled here and
 * enabled again on the way out (by finish_task_switch, on whichever task continues).
 */
static void __schedule(enum sched_mode mode)
{
	struct task_struct *prev = current, *next;
	unsigned int cpu;
	struct rq *rq;

	local_irq_disable();
	cpu = smp_processor_id();
	rq = this_rq();
	spin_lock(&rq->lock);
	WRITE_ONCE(cpu_data[cpu].need_resched, 0);
	rcu_note_context_switch(); /* no reader can span this point */
	put_prev_task(rq, prev, mode);
	next = pick_next_task(rq, cpu);
	if (next == prev) { /* nothing else to run: carry on */
		spin_unlock_irq(&rq->lock);
		return;
	}
	if (prev != rq->idle) { /* idle neither sleeps nor is preempted: it just makes way */
		if (prev->on_rq && mode == SM_PREEMPT)
			prev->nivcsw++;
		else
			prev->nvcsw++;
	}
	account_switch(prev, next);
	rq->curr = next;
	rq->nr_switches++;
	next->on_cpu = 1;
	next->time_slice = SCHED_TIMESLICE_TICKS;
	cpu_data[cpu].current_task = next;
	context_switch_mm(rq, prev, next);
	prev = arch_switch_to(&prev->thread, &next->thread, prev);
	/* We are `next` now, resumed by some CPU that switched away from `prev`. */
	finish_task_switch(prev);
}

/* A task that sleeps or schedules with a spinlock held or preemption off breaks every rule. */
static void schedule_debug(void)
{
	if (unlikely(preempt_count() != 0 || irqs_disabled())) {
		pr_err("BUG: scheduling while atomic: %s/%d, preempt_count %#x%s\n", current->comm,
		       current->pid, preempt_count(), irqs_disabled() ? ", interrupts disabled" : "");
		show_backtrace(current_frame_address());
		__atomic_add_fetch(&warn_count, 1, __ATOMIC_RELAXED);
	}
}

void schedule(void)
{
	BUG_ON(!sched_running);
	schedule_debug();
	BUG_ON(current->flags & PF_IDLE); /* the idle task must always be runnable */
	do {
		preempt_disable();
		__schedule(SM_SLEEP);
		preempt_enable_no_resched();
	} while (need_resched());
}

/*
 * The last act of an exiting task. Preemption goes off before the state is set: a task
 * preempted while already TASK_DEAD would stay queued, yet be treated as gone.
 */
void do_task_dead(void)
{
	unsigned long flags;

	preempt_disable();
	/*
	 * Under pi_lock: a waker that saw an older sleeping state (we were about to wait for
	 * something, then exited instead) holds pi_lock until it has made us runnable, so it
	 * either finishes before this or sees TASK_DEAD and leaves us alone.
	 */
	spin_lock_irqsave(&current->pi_lock, flags);
	WRITE_ONCE(current->__state, TASK_DEAD); /* no wake-up matches this state */
	spin_unlock_irqrestore(&current->pi_lock, flags);
	__schedule(SM_SLEEP);
	panic("do_task_dead: %s/%d was scheduled again", current->comm, current->pid);
}

void yield(void)
{
	might_sleep();
	preempt_disable();
	__schedule(SM_YIELD);
	preempt_enable_no_resched();
}

void cond_resched(void)
{
	might_sleep();
	if (need_resched() && preempt_count() == 0 && !irqs_disabled())
		yield();
}

void preempt_schedule(void)
{
	if (!sched_running || preempt_count() != 0 || irqs_disabled())
		return;
	do {
		preempt_disable();
		__schedule(SM_PREEMPT);
		preempt_enable_no_resched();
	} while (need_resched());
}

/*
 * Called with interrupts disabled at the end of an interrupt that arrived in preemptible kernel
 * code (preempt_count 0, interrupts enabled there), when a reschedule is due.
 */
void preempt_schedule_irq(void)
{
	if (!sched_running)
		return;
	do {
		preempt_disable();
		local_irq_enable();
		__schedule(SM_PREEMPT);
		local_irq_disable();
		preempt_enable_no_resched();
	} while (need_resched());
}

/* Does some other CPU have a task waiting that this idle CPU could take? */
static bool work_elsewhere(unsigned int this_cpu)
{
	unsigned int cpu;

	for_each_online_cpu (cpu)
		if (cpu != this_cpu && READ_ONCE(cpu_rq(cpu)->nr_queued))
			return true;
	return false;
}

void scheduler_tick(void)
{
	unsigned int cpu = smp_processor_id();
	struct rq *rq = this_rq();
	struct task_struct *curr = current;

	if (!curr)
		return; /* this CPU has not joined the scheduler yet */
	if (curr == rq->idle) {
		if (work_elsewhere(cpu))
			WRITE_ONCE(cpu_data[cpu].need_resched, 1); /* go and pull it */
		return;
	}
	if (--curr->time_slice > 0)
		return;
	curr->time_slice = SCHED_TIMESLICE_TICKS;
	if (READ_ONCE(rq->nr_queued))
		WRITE_ONCE(cpu_data[cpu].need_resched, 1); /* others are waiting: round robin */
}

int set_cpus_allowed(struct task_struct *p, unsigned long mask)
{
	unsigned long flags;
	bool running_elsewhere, move, self = false;
	struct rq *rq;

	if (!(mask & READ_ONCE(cpu_online_mask)) || (p->flags & PF_NO_SETAFFINITY))
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	rq = task_rq_lock(p);
	p->cpus_allowed = mask;
	running_elsewhere = !cpu_allowed(p, p->cpu) && rq->curr == p;
	move = !cpu_allowed(p, p->cpu) && p->on_rq && rq->curr != p;
	if (move)
		dequeue_task(rq, p);
	if (running_elsewhere) {
		resched_curr(rq); /* it moves at its switch (finish_task_switch) */
		self = p == current;
	}
	spin_unlock(&rq->lock);
	if (move)
		activate_task_on(p, select_task_rq(p));
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (self)
		yield(); /* we come back on an allowed CPU */
	return 0;
}

/* A task struct for CPU `cpu`'s idle task, which runs on the given (existing) stack. */
static struct task_struct *alloc_idle(unsigned int cpu, void *stack, size_t stack_size)
{
	struct task_struct *idle = kzalloc(sizeof(*idle), GFP_KERNEL);

	if (!idle)
		return NULL;
	spin_lock_init(&idle->pi_lock);
	refcount_set(&idle->usage, 1);
	refcount_set(&idle->rcu_users, 1); /* never dropped: idle tasks do not die */
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->children);
	INIT_LIST_HEAD(&idle->sibling);
	idle->flags = PF_IDLE | PF_KTHREAD;
	idle->cpu = cpu;
	idle->cpus_allowed = cpumask_of(cpu);
	idle->on_rq = 1;
	idle->on_cpu = 1;
	idle->stack = stack;
	idle->stack_size = stack_size;
	idle->active_mm = &init_mm;
	mmgrab(&init_mm);
	snprintf(idle->comm, sizeof(idle->comm), "swapper/%u", cpu);
	spin_lock(&tasklist_lock);
	list_add_tail_rcu(&idle->tasks, &task_list);
	spin_unlock(&tasklist_lock);
	return idle;
}

int fork_idle(unsigned int cpu, void *stack, size_t stack_size)
{
	struct task_struct *idle = alloc_idle(cpu, stack, stack_size);
	struct rq *rq = cpu_rq(cpu);

	if (!idle)
		return -ENOMEM;
	rq->idle = idle;
	rq->curr = idle;
	return 0;
}

void sched_init_secondary(void)
{
	struct rq *rq = this_rq();

	arch_thread_init_idle(&rq->idle->thread, (u8 *)rq->idle->stack + rq->idle->stack_size);
	rq->idle->exec_start = ktime_get_ns();
	this_cpu_data()->current_task = rq->idle;
}

void sched_init(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&cpu_rq(cpu)->lock);
		INIT_LIST_HEAD(&cpu_rq(cpu)->queue);
	}
	if (fork_idle(0, boot_stack, BOOT_STACK_SIZE))
		panic("sched: no memory for the idle task");
	sched_init_secondary();
	WRITE_ONCE(sched_running, true);
	pr_info("sched: round robin, %d ms time slice, per-CPU run queues\n",
		SCHED_TIMESLICE_TICKS * 1000 / HZ);
}

/*
 * The idle loop. Halting with interrupts enabled ("sti; hlt" as a pair, asm/cpu.h) cannot
 * miss a wake-up: a reschedule IPI either arrived before the check, or will end the halt.
 */
void cpu_startup_entry(void)
{
	for (;;) {
		while (!need_resched()) {
			local_irq_disable();
			if (need_resched()) {
				local_irq_enable();
				break;
			}
			arch_cpu_idle();
		}
		preempt_disable();
		__schedule(SM_PREEMPT);
		preempt_enable_no_resched();
	}
}

void sched_get_stats(struct sched_stats *stats)
{
	unsigned int cpu;

	*stats = (struct sched_stats){};
	for_each_online_cpu (cpu) {
		struct rq *rq = cpu_rq(cpu);

		stats->nr_switches += READ_ONCE(rq->nr_switches);
		stats->nr_pulled += READ_ONCE(rq->nr_pulled);
		stats->nr_running += rq_load(rq);
	}
}
