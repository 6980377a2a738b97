/* SPDX-License-Identifier: MIT */
/*
 * Several CPUs: which are online, and running a function on another CPU (a cross-CPU call, sent
 * as an IPI and run in that CPU's hardirq context), as in Linux.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <asm/percpu.h>

#include "lib/types.h"

typedef void (*smp_call_func_t)(void *info);

/* Bit n set: CPU n is up and takes interrupts. Set once by the CPU itself as it comes up. */
extern unsigned long cpu_online_mask;

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && (__atomic_load_n(&cpu_online_mask, __ATOMIC_ACQUIRE) >> cpu) & 1;
}

unsigned int num_online_cpus(void);
void set_cpu_online(unsigned int cpu);

#define for_each_online_cpu(cpu)                                                                   \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)                                                  \
		if (cpu_online(cpu))

/*
 * Run func(info) on `cpu` (in hardirq context there; directly if it is this CPU). With wait,
 * return once it has run. 0, or -ENXIO if the CPU is not online, -ENOMEM without wait.
 * Waiting with interrupts disabled can deadlock against a CPU doing the same: reported.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait);

/* Run func(info) on every other online CPU. */
void smp_call_function(smp_call_func_t func, void *info, bool wait);

/* Run func(info) on every online CPU, this one included (with interrupts disabled here too). */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);

/* Called by the architecture's IPI handler. */
void generic_smp_call_function_interrupt(void);

/* Interrupt `cpu` so that it looks at its run queue (a no-op until there is a scheduler). */
void smp_send_reschedule(unsigned int cpu);

/* Stop every other CPU (a panic): each prints where it was and halts. */
void smp_send_stop(void);

void smp_init(void);

#endif
