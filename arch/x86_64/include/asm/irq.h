/* SPDX-License-Identifier: MIT */
/*
 * Interrupt vectors, x86 side: who handles which vector, routing device IRQs through the I/O
 * APIC, and counting what arrived.
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/irq_vectors.h>

#include "lib/types.h"

struct pt_regs;

typedef void (*irq_handler_t)(void *data);

/* Handle `vector` with handler(data) (system vectors: the timer, IPIs, tests). */
void set_vector_handler(unsigned int vector, irq_handler_t handler, void *data, const char *name);

/*
 * Route ISA IRQ `irq` (after the firmware's overrides: a GSI) through the I/O APIC to the boot
 * CPU and handle it with handler(data). 0 or a negative errno.
 */
int request_irq(unsigned int irq, irq_handler_t handler, void *data, const char *name);

/* Interrupts handled on each vector, summed over CPUs; spurious ones counted apart. */
unsigned long irq_count_of(unsigned int vector);
unsigned long spurious_irq_count(void);

/* Mask all I/O APIC inputs (ioapic.c); request_irq() unmasks one. */
void ioapic_init(void);

/* Mask the legacy 8259 PICs, set up the I/O APICs from the MADT, install system vectors. */
void irq_init(void);

/* Called from entry.S for vectors >= 32. */
void do_irq(struct pt_regs *regs);

#endif
