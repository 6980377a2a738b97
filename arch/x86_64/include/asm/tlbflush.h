/* SPDX-License-Identifier: MIT */
/*
 * TLB flushes that reach every CPU. Changing a kernel mapping (the direct map aside, the kernel
 * half is shared by all CPUs) only invalidates this CPU's TLB; another CPU that used the old
 * mapping may still hold it, and would reach a page that has since been freed. Before memory
 * behind an unmapped kernel range is reused, every CPU must have forgotten the range.
 */
#ifndef ASM_TLBFLUSH_H
#define ASM_TLBFLUSH_H

/*
 * Invalidate [start, end) of the kernel half on every online CPU, and return when all have.
 * Interrupts must be enabled (other CPUs are interrupted and waited for).
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/*
 * Invalidate [start, end) of the user half on the CPUs in cpumask (bit n: CPU n) that are
 * online, this one included if it is in the mask. Interrupts must be enabled.
 */
void flush_tlb_user_range(unsigned long cpumask, unsigned long start, unsigned long end);

/* Flushes sent to other CPUs so far (for tests). */
unsigned long tlb_remote_flush_count(void);

#endif
