/* SPDX-License-Identifier: MIT */
/*
 * Kernel TLB shootdown (asm/tlbflush.h has the contract): each CPU invalidates the range in a
 * cross-CPU call. Kernel mappings are global (CR4.PGE), so reloading CR3 would not drop them:
 * small ranges go page by page with invlpg, large ones toggle CR4.PGE, which flushes everything.
 */
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor-flags.h>
#include <asm/tlbflush.h>
#include <asm/x86.h>

#include "kernel/smp/smp.h"

#define FLUSH_ALL_THRESHOLD 64 /* pages: above this, one full flush is cheaper */

struct flush_range {
	unsigned long start, end;
};

static unsigned long remote_flushes;

static void flush_all_local(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE); /* dropping PGE flushes global entries too */
		write_cr4(cr4);
	} else {
		load_cr3(__va(read_cr3()));
	}
}

static void do_flush_range(void *info)
{
	const struct flush_range *r = info;

	if ((r->end - r->start) / PAGE_SIZE > FLUSH_ALL_THRESHOLD) {
		flush_all_local();
		return;
	}
	for (unsigned long va = r->start; va < r->end; va += PAGE_SIZE)
		flush_tlb_one(va);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	struct flush_range r = { start & ~(PAGE_SIZE - 1), end };

	if (num_online_cpus() > 1)
		__atomic_add_fetch(&remote_flushes, num_online_cpus() - 1, __ATOMIC_RELAXED);
	on_each_cpu(do_flush_range, &r, true);
}

/* User entries are not global: a CR3 reload drops them all. */
static void do_flush_user_range(void *info)
{
	const struct flush_range *r = info;

	if ((r->end - r->start) / PAGE_SIZE > FLUSH_ALL_THRESHOLD) {
		load_cr3(__va(read_cr3()));
		return;
	}
	for (unsigned long va = r->start; va < r->end; va += PAGE_SIZE)
		flush_tlb_one(va);
}

void flush_tlb_user_range(unsigned long cpumask, unsigned long start, unsigned long end)
{
	struct flush_range r = { start & ~(PAGE_SIZE - 1), end };
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		if (!(cpumask & (1ul << cpu)))
			continue;
		if (cpu != smp_processor_id())
			__atomic_add_fetch(&remote_flushes, 1, __ATOMIC_RELAXED);
		smp_call_function_single(cpu, do_flush_user_range, &r, true);
	}
}

unsigned long tlb_remote_flush_count(void)
{
	return READ_ONCE(remote_flushes);
}
