/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the scheduler, as in Linux: struct task_struct, `current`, sleeping and waking,
 * preemption, affinity, and the life of a task from creation to its final put.
 *
 * Scheduling is preemptive round robin on per-CPU run queues. A running task keeps its CPU for
 * SCHED_TIMESLICE_TICKS ticks while others wait; then the tick asks it to reschedule, and it
 * does so at the next preemption point (interrupt return, preempt_enable(), or a voluntary
 * schedule()). New and woken tasks go to a lightly loaded CPU, and a CPU with nothing to run
 * takes a waiting task from another CPU's queue. docs/scheduler.md tells the whole story.
 *
 * Sleeping follows Linux's pattern, which has no lost wake-ups:
 *
 *	set_current_state(TASK_UNINTERRUPTIBLE);   // from here a wake-up makes us runnable
 *	if (!condition)
 *		schedule();                          // sleeps unless already woken
 *	__set_current_state(TASK_RUNNING);
 *
 * and the waker sets the condition before calling wake_up_process().
 */
#ifndef KERNEL_SCHED_SCHED_H
#define KERNEL_SCHED_SCHED_H

#include <asm/percpu.h>
#include <asm/thread.h>

#include "kernel/locking/refcount.h"
#include "kernel/locking/spinlock.h"
#include "kernel/proc/signal.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/preempt.h"
#include "kernel/sched/wait_types.h"
#include "lib/list.h"
#include "lib/types.h"

/* Task states (task->__state). A sleeping task is woken by wake-ups whose mask includes its state. */
#define TASK_RUNNING	     0x0000 /* running or on a run queue */
#define TASK_INTERRUPTIBLE   0x0001 /* sleeping; a signal wakes it too */
#define TASK_UNINTERRUPTIBLE 0x0002 /* sleeping until explicitly woken */
#define TASK_DEAD	     0x0080 /* exited; switched away from for the last time */
#define TASK_NORMAL	     (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* task->flags */
#define PF_IDLE		  0x0002 /* a CPU's idle task */
#define PF_EXITING	  0x0004 /* in do_exit() */
#define PF_KTHREAD	  0x0020 /* a kernel thread */
#define PF_NO_SETAFFINITY 0x0400 /* bound with kthread_bind(): its affinity is fixed */

#define TASK_COMM_LEN	     16
#define THREAD_SIZE	     (16 * 1024) /* kernel stack of every task but the idle tasks */
#define SCHED_TIMESLICE_TICKS 10	 /* round-robin time slice */
#define MAX_SCHEDULE_TIMEOUT ((long)(~0ul >> 1))

typedef int pid_t;

struct mm_struct;
struct kthread;
struct completion;
struct files_struct;
struct signal_struct;

#ifndef __user
#define __user /* an address in user space: never dereferenced directly */
#endif

struct task_struct {
	/* The scheduler's part. */
	volatile unsigned int __state; /* TASK_*: set by the task itself, or by a waker under pi_lock */
	/*
	 * Serialises wake-ups and affinity changes of this task (Linux's name). Taken before
	 * any run-queue lock, always with interrupts disabled.
	 */
	spinlock_t pi_lock;
	int on_rq;		    /* runnable: running, or on a run queue; under the rq lock */
	int on_cpu;		    /* executing, or still being switched away from; see ttwu */
	unsigned int cpu;	    /* the CPU it runs or last ran on; under pi_lock and the rq lock */
	unsigned long cpus_allowed; /* bit n: may run on CPU n; under pi_lock and the rq lock */
	struct list_head run_list;  /* on its run queue's list while waiting for the CPU */
	int time_slice;		    /* ticks left; only the CPU running the task touches it */
	bool never_ran;		    /* created, not yet woken: place it on the least loaded CPU */

	/* Statistics, as Linux names them; written by the CPU running the task. */
	u64 exec_start;		/* ktime when it last got the CPU */
	u64 sum_exec_runtime;	/* ns spent running */
	unsigned long nvcsw;	/* voluntary switches (it slept or yielded) */
	unsigned long nivcsw;	/* involuntary switches (preempted) */
	unsigned long nr_migrations;

	/* Identity and life. */
	refcount_t usage; /* pins the task_struct and its stack; see get_task_struct() */
	/*
	 * The holders whose last drop must wait a grace period (RCU readers of task_list may be
	 * on the task): its own life, and for a child process its parent's link until reaped.
	 * Together they hold one usage reference, dropped through call_rcu by the last of them.
	 */
	refcount_t rcu_users;
	pid_t pid;	  /* this task (a thread): what gettid() returns */
	pid_t tgid;	  /* its thread group (the process): what getpid() returns */
	/* Family, under tasklist_lock (read under RCU too): kernel/proc/ keeps these. */
	struct task_struct *real_parent; /* NULL for tasks the kernel made at boot */
	struct list_head children;	 /* the tasks whose real_parent we are */
	struct list_head sibling;	 /* our place in real_parent->children */
	int exit_state;			 /* 0 while alive; EXIT_ZOMBIE, then EXIT_DEAD */
	struct wait_queue_head wait_chldexit; /* wait4() sleeps here for a child to exit */
	struct completion *vfork_done;	      /* a vfork parent waiting for our exec or exit */
	unsigned int flags; /* PF_*; changed only by the task itself or before it runs */
	char comm[TASK_COMM_LEN];
	void *stack;		 /* lowest address of the kernel stack (guard page below) */
	size_t stack_size;
	struct list_head tasks;	 /* on task_list until it exits; see task_list */
	int exit_code;
	struct kthread *kthread; /* kernel threads made by kthread_create(): their stop state */
	struct rcu_head rcu;	 /* drops the task's own reference a grace period after its death */

	/* Address space: mm is the task's own (NULL for kernel threads), active_mm the one in use. */
	struct mm_struct *mm;
	struct mm_struct *active_mm;

	/* Process state shared by threads (CLONE_FILES, CLONE_THREAD); NULL for kernel threads. */
	struct files_struct *files;   /* open files; shared by CLONE_FILES */
	struct signal_struct *signal; /* the thread group's shared state; see kernel/proc */
	struct task_struct *group_leader; /* the thread whose pid is the group's tgid */
	struct list_head thread_node;	  /* on signal->thread_head, under tasklist_lock */
	int __user *clear_child_tid;	  /* set_tid_address(): zeroed and futex-woken at exit */
	int __user *set_child_tid;	  /* CLONE_CHILD_SETTID: the child writes its tid there */
	struct task_sigstate sigstate;	  /* actions, pending signals, blocked mask (signal.h) */

	struct thread_struct thread; /* registers and FPU state while switched out (asm/thread.h) */
};

/* task->exit_state */
#define EXIT_ZOMBIE 0x10 /* exited, waiting for its parent's wait() */
#define EXIT_DEAD   0x20 /* reaped */

/* The task running on this CPU. NULL before sched_init(). */
#define current this_cpu_current()

/*
 * All tasks that have not exited yet, oldest first. Changed under tasklist_lock; read either
 * under it or under rcu_read_lock() (list_for_each_entry_rcu): a task that exits meanwhile stays
 * allocated until a grace period after it left the list.
 */
extern struct list_head task_list;
extern spinlock_t tasklist_lock;

/* The set of one CPU, for set_cpus_allowed(). */
static inline unsigned long cpumask_of(unsigned int cpu)
{
	return 1ul << cpu;
}

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(p->cpu);
}

/* The process id of p's parent, 0 if it has none. */
static inline pid_t task_ppid(const struct task_struct *p)
{
	struct task_struct *parent = READ_ONCE(p->real_parent);

	return parent ? parent->tgid : 0;
}

static inline unsigned int task_state(const struct task_struct *p)
{
	return READ_ONCE(p->__state);
}

/* Set our own state before testing the sleep condition: the store is ordered before the test. */
#define set_current_state(state)                                                                   \
	do {                                                                                       \
		WRITE_ONCE(current->__state, (state));                                             \
		smp_mb();                                         \
	} while (0)
/* Without the barrier: for going back to TASK_RUNNING. */
#define __set_current_state(state) WRITE_ONCE(current->__state, (state))

/* Take a reference: the task_struct (not the task's life) stays until the matching put. */
static inline void get_task_struct(struct task_struct *p)
{
	refcount_inc(&p->usage);
}
/* Drop a reference; the last one frees the task's stack and struct. Any context but hardirq. */
void put_task_struct(struct task_struct *p);
/* Drop an rcu_users reference; the last one drops usage after a grace period. */
void put_task_struct_rcu_user(struct task_struct *p);

/* Give up the CPU. Sleeps if the state was set to a sleeping one; task context, no locks held. */
void schedule(void);
/* Reschedule if the tick asked for it (a voluntary preemption point in long loops). */
void cond_resched(void);
/* Let the other runnable tasks of this CPU run first. */
void yield(void);
/* The interrupt-return preemption point (interrupts disabled; called by the architecture). */
void preempt_schedule_irq(void);

/* Wake p if its state is in `state`; true if it was. wake_up_process: any sleeping state. */
bool wake_up_state(struct task_struct *p, unsigned int state);
bool wake_up_process(struct task_struct *p);
/* If p is running on another CPU, interrupt it, so that it notices work waiting for it. */
void kick_process(struct task_struct *p);

/*
 * Restrict p to the CPUs in mask (at least one online): 0, or -EINVAL (also for a thread bound
 * with kthread_bind()). A waiting task is moved
 * at once; a task running on a CPU no longer allowed moves at its next scheduling point (for
 * current: before this returns).
 */
int set_cpus_allowed(struct task_struct *p, unsigned long mask);

/* Sleep for `timeout` jiffies or until woken (state set by the caller); returns jiffies left. */
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
/* Sleep for at least ms milliseconds. */
void msleep(unsigned int ms);

/* End the current task. Its struct lives on while references remain. */
__noreturn void do_exit(int code);
/* pid 1 exited with code: report it and power the machine off (kernel/main.c). */
__noreturn void init_exited(int code);
/* do_exit()'s last step: become TASK_DEAD and switch away for good. */
__noreturn void do_task_dead(void);

/*
 * A copy of the current (user) task for fork/clone: it will return to user mode with regs (%rax
 * 0, and stack pointer sp unless 0), with current's FPU and TLS state. Not runnable, not listed,
 * no address space yet: kernel/proc/fork.c completes it. ERR_PTR(-ENOMEM) on failure.
 */
struct pt_regs;
struct task_struct *create_user_task(const struct pt_regs *regs, unsigned long sp);

/*
 * Create a task that will run fn(arg) on its own kernel stack, not yet runnable (wake it with
 * wake_up_process). Used by kthread_create(); returns ERR_PTR(-ENOMEM) on failure.
 */
struct task_struct *create_task(void (*fn)(void *), void *arg, const char *name);

/* Task structs made by create_task()/create_user_task() and not yet freed (for leak checks). */
unsigned long task_structs_allocated(void);

/* Boot: run queues, and the boot context becomes CPU 0's idle task. */
void sched_init(void);
/* The idle task of another CPU, created on the boot CPU before that CPU starts. */
int fork_idle(unsigned int cpu, void *stack, size_t stack_size);
/* That CPU, as it starts: become its idle task. */
void sched_init_secondary(void);
/* The idle loop: what a CPU runs when nothing else wants it. */
__noreturn void cpu_startup_entry(void);
/* Called at every tick on every CPU, in hardirq context. */
void scheduler_tick(void);

struct sched_stats {
	unsigned long nr_switches; /* context switches, all CPUs */
	unsigned long nr_pulled;   /* tasks an idle CPU took from another CPU's queue */
	unsigned long nr_running;  /* runnable tasks now, idle tasks excluded */
};
void sched_get_stats(struct sched_stats *stats);

#endif
