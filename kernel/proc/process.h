/* SPDX-License-Identifier: MIT */
/*
 * Processes: the family tree (parents, children, zombies), fork, wait and exit. A process is a
 * task with an address space; its pid is its tgid. docs/processes.md tells the story.
 */
#ifndef KERNEL_PROC_PROCESS_H
#define KERNEL_PROC_PROCESS_H

#include "kernel/sched/sched.h"

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
