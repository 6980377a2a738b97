/* SPDX-License-Identifier: MIT */
/*
 * Counting what processes hold, so that init's exit can prove they gave it all back: pages
 * (counting slab pages as free, since freed objects may stay cached in their slabs), VMAs,
 * pgds and tasks. The snapshot is taken just before init's first exec; the check runs once
 * init has exited and its address space is gone, after the RCU callbacks (dead tasks) and the
 * deferred frees (their stacks) have run.
 */
#include "kernel/proc/process.h"

#include <asm/mmu_context.h>

#include "kernel/mm/mm_types.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "kernel/rcu/rculist.h"
#include "kernel/workqueue/workqueue.h"

#define LEAKCHECK_ROUNDS 100 /* of RCU barrier, work flush and 10 ms: a second at most */

static unsigned long count_tasks(void)
{
	struct task_struct *p;
	unsigned long n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu (p, &task_list, tasks)
		n++;
	rcu_read_unlock();
	return n;
}

void mem_snapshot_take(struct mem_snapshot *s)
{
	s->pages = nr_free_pages() + slab_total_pages();
	s->objects = slab_total_objects();
	s->vmas = nr_vm_areas();
	s->pgds = pgd_count();
	s->tasks = count_tasks();
	s->task_structs = task_structs_allocated();
}

/*
 * A reaped child may not have made its final switch yet (its parent can reap it first), so its
 * last reference may still be on its way through RCU, and its stack through a work item: wait
 * for both until every task struct allocated since the snapshot is gone (bounded: a leaked one
 * never goes, and the check then reports it).
 */
static void wait_for_dead_tasks(const struct mem_snapshot *before)
{
	for (int round = 0; round < LEAKCHECK_ROUNDS; round++) {
		rcu_barrier();
		flush_workqueue(system_wq);
		if (task_structs_allocated() <= before->task_structs)
			break;
		msleep(10);
	}
	rcu_barrier(); /* the last stack freed may have queued more (slab frees through RCU) */
	flush_workqueue(system_wq);
}

bool mem_snapshot_check(const struct mem_snapshot *before, long pages_kept, long objects_kept,
			long pgds_kept)
{
	struct mem_snapshot now;

	wait_for_dead_tasks(before);
	mem_snapshot_take(&now);
	pr_info("leakcheck: pages %+ld, slab objects %+ld, VMAs %+ld, pgds %+ld, tasks %+ld "
		"(structs %+ld) since init started (expected: %ld pages, %ld objects, %ld pgds "
		"still held)\n",
		(long)(before->pages - now.pages), (long)(now.objects - before->objects),
		(long)(now.vmas - before->vmas), (long)(now.pgds - before->pgds),
		(long)(now.tasks - before->tasks), (long)(now.task_structs - before->task_structs),
		pages_kept, objects_kept, pgds_kept);
	return (long)(before->pages - now.pages) == pages_kept &&
	       (long)(now.objects - before->objects) == objects_kept &&
	       now.vmas == before->vmas && now.task_structs == before->task_structs &&
	       (long)(now.pgds - before->pgds) == pgds_kept && now.tasks == before->tasks;
}
