/* SPDX-License-Identifier: MIT */
/* Starting the other CPUs, and interrupting them. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

/* Where the SMP trampoline runs: a page below 1 MiB, reserved from the page allocator. */
#define TRAMPOLINE_PHYS 0x8000

#ifndef __ASSEMBLER__
/* Start every CPU the MADT lists (smpboot.c). */
void smp_boot_cpus(void);

/* Install the IPI handlers (call function, reschedule). */
void smp_ipi_init(void);

/* Send the "call function" IPI, the reschedule IPI, or an NMI to one CPU. */
void arch_send_call_function_ipi(unsigned int cpu);
void arch_send_reschedule_ipi(unsigned int cpu);
void arch_send_stop_nmi(unsigned int cpu);
#endif

#endif
