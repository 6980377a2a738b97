/* SPDX-License-Identifier: MIT */
/* struct wait_queue_head alone, for headers that embed one (kernel/sched/wait.h has the rest). */
#ifndef KERNEL_SCHED_WAIT_TYPES_H
#define KERNEL_SCHED_WAIT_TYPES_H

#include "kernel/locking/spinlock.h"
#include "lib/list.h"

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

#endif
