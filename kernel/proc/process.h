/* SPDX-License-Identifier: MIT */
/*
 * Processes: the family tree (parents, children, zombies), fork, wait and exit. A process is a
 * task with an address space; its pid is its tgid. docs/processes.md tells the story.
 */
#ifndef KERNEL_PROC_PROCESS_H
#define KERNEL_PROC_PROCESS_H

#include "kernel/locking/refcount.h"
#include "kernel/sched/sched.h"

/*
 * What the threads of one process share beyond memory and files: the group's exit. One per
 * thread group; each thread holds a reference, and so does a zombie leader until it is reaped.
 */
struct signal_struct {
	refcount_t count;
	int nr_threads;		     /* threads that have not exited yet; under tasklist_lock */
	struct list_head thread_head; /* every thread, task->thread_node; under tasklist_lock */
	bool group_exit;	     /* exit_group() was called: every thread must exit */
	int group_exit_code;	     /* the status the process ends with, then */
	struct sigpending shared_pending; /* sent to the process (kill); under sighand->siglock */
};

/* A new signal_struct with tsk as its only thread (fork, or init's first exec). */
int alloc_signal(struct task_struct *tsk);
/* Drop a reference to tsk's signal_struct. */
void put_signal(struct signal_struct *sig);

/*
 * On the way back to user mode: if the thread group is exiting (exit_group() by another
 * thread), exit this thread too. Interrupts enabled.
 */
void exit_if_group_exiting(void);

/* End every thread of current's process, with this wait() status (the first caller's wins). */
__noreturn void do_group_exit(int code);

/* What processes hold, for the leak check at init's exit (kernel/proc/leakcheck.c). */
struct mem_snapshot {
	unsigned long pages;   /* free pages plus slab pages */
	unsigned long objects; /* slab objects allocated */
	unsigned long vmas, pgds, tasks;
	unsigned long task_structs; /* allocated, including dead ones not yet freed */
};
void mem_snapshot_take(struct mem_snapshot *s);
/*
 * Compare with before, after waiting for deferred frees. True if exactly pages_kept pages,
 * objects_kept slab objects and pgds_kept pgds are still held (what the caller knows it
 * holds), and no VMA or task more.
 */
bool mem_snapshot_check(const struct mem_snapshot *before, long pages_kept, long objects_kept,
			long pgds_kept);

/* Wake futex waiters on uaddr in current's address space; how many were woken. */
int futex_wake(u32 __user *uaddr, int nr);

/*
 * The exiting task tells its family: its children go to init, and it becomes a zombie its
 * parent's wait() will reap, or, with no parent (a kernel thread), leaves the task list at once.
 */
void exit_notify(struct task_struct *tsk);

/* The task that adopts orphans (init, pid 1), set when it starts running user code. */
void set_child_reaper(struct task_struct *tsk);

/* A vfork child execs or exits: its parent may run again. */
void vfork_release(struct task_struct *tsk);

#endif
