/* SPDX-License-Identifier: MIT */
/*
 * The local APIC: each CPU's interrupt controller, its timer, and the way CPUs interrupt each
 * other (IPIs). Used in x2APIC mode (MSRs) when the CPU has it, xAPIC mode (MMIO) otherwise.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include "lib/types.h"

/* IPI delivery modes (ICR bits 10-8). */
#define APIC_DM_FIXED	0x000
#define APIC_DM_NMI	0x400
#define APIC_DM_INIT	0x500
#define APIC_DM_STARTUP 0x600

/* Enable this CPU's local APIC (the boot CPU also picks the mode and maps the registers). */
void apic_init_cpu(void);

/* This CPU's APIC id (0 before apic_init_cpu on the boot CPU). */
u32 apic_read_id(void);

/* End of interrupt: the handler of a fixed-delivery interrupt calls this once. */
void apic_eoi(void);

/* Send an IPI with the given delivery mode and vector to one CPU by APIC id. */
void apic_send_ipi(u32 apic_id, u32 delivery_mode, u8 vector);

/* Start the periodic tick on this CPU: HZ interrupts per second on LOCAL_TIMER_VECTOR. */
void apic_timer_init_cpu(void);

#endif
