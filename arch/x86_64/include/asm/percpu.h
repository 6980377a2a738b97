/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data. Each CPU has a struct cpu_data, and its GS base register points at its own, so
 * that "my CPU's data" is one %gs-relative instruction, which an interrupt cannot split. Other
 * per-CPU variables are arrays indexed by smp_processor_id() (DEFINE_PER_CPU / this_cpu_ptr).
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include "lib/compiler.h"
#include "lib/types.h"

#include <asm/percpu_offsets.h>

#define NR_CPUS 64

struct task_struct;

struct cpu_data {
	struct cpu_data *self; /* at %gs:0, so this_cpu_data() is a single load */
	unsigned int cpu;      /* logical number, 0 for the boot CPU */
	u32 apic_id;
	/*
	 * The execution context (kernel/sched/preempt.h). Only this CPU changes it, with single
	 * %gs-relative instructions, so it needs no lock.
	 */
	int preempt_count;
	unsigned long softirq_pending; /* raised softirqs; changed with interrupts disabled */
	struct task_struct *current_task; /* what this CPU runs; switched by the scheduler */
	/*
	 * Set when the task running here should give up the CPU (its time slice is over, or a
	 * woken task was queued onto an idle CPU). Set by any CPU under this CPU's run-queue
	 * lock or by this CPU's tick; cleared by this CPU in schedule().
	 */
	int need_resched;
	/* System call entry (arch/x86_64/kernel/syscall_64.S) reaches these by fixed offsets. */
	unsigned long top_of_stack; /* the running task's kernel stack top; set at each switch */
	unsigned long user_rsp;	    /* scratch: the user stack pointer while entering */
};


extern struct cpu_data cpu_data[NR_CPUS];

#define cpu_data_offset(field) offsetof(struct cpu_data, field)

static inline struct cpu_data *this_cpu_data(void)
{
	struct cpu_data *p;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(p));
	return p;
}

static inline unsigned int smp_processor_id(void)
{
	unsigned int cpu;

	__asm__ __volatile__("movl %%gs:%c1, %0" : "=r"(cpu) : "i"(cpu_data_offset(cpu)));
	return cpu;
}

static inline int this_cpu_preempt_count(void)
{
	int count;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(count)
			     : "i"(cpu_data_offset(preempt_count))
			     : "memory");
	return count;
}

/* One instruction: an interrupt sees the count either before or after, never half-changed. */
static inline void this_cpu_preempt_count_add(int val)
{
	__asm__ __volatile__("addl %0, %%gs:%c1"
			     :
			     : "ri"(val), "i"(cpu_data_offset(preempt_count))
			     : "memory");
}

static inline struct task_struct *this_cpu_current(void)
{
	struct task_struct *t;

	__asm__ __volatile__("movq %%gs:%c1, %0" : "=r"(t) : "i"(cpu_data_offset(current_task)));
	return t;
}

static inline int this_cpu_need_resched(void)
{
	int v;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(v)
			     : "i"(cpu_data_offset(need_resched))
			     : "memory");
	return v;
}

/* Point this CPU's GS base at its cpu_data. */
void percpu_init_cpu(unsigned int cpu, u32 apic_id);

/* Per-CPU variables: one slot per CPU, this CPU's found through smp_processor_id(). */
#define DEFINE_PER_CPU(type, name)  __typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name[NR_CPUS]
#define per_cpu(var, cpu)	    ((var)[cpu])
#define this_cpu_ptr(var)	    (&(var)[smp_processor_id()])

#endif
