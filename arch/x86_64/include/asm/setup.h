/* SPDX-License-Identifier: MIT */
/* What kmain asks of the architecture during boot, in the order it asks. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

/* The serial console (COM1): printk output from here on. */
void early_console_init(void);

/* GDT and TSS, exception handlers, CPU features, the boot clock. */
void setup_arch(void);

/* Interrupt controllers: ACPI's MADT, the legacy PICs masked, I/O APICs, this CPU's APIC. */
void init_IRQ(void);

/* Start the periodic tick on the boot CPU (the local APIC timer). */
void time_init(void);

#endif
