/* SPDX-License-Identifier: MIT */
/*
 * Dispatching hardware interrupts. Every vector from 32 up enters through entry.S and do_irq():
 *
 *	irq_enter()           preempt_count's hardirq field +1: in_hardirq() is true
 *	handler(data)         with interrupts disabled
 *	apic_eoi()            the local APIC may deliver the next one
 *	irq_exit()            hardirq -1; pending softirqs run here, interrupts enabled again
 *
 * Spurious interrupts (the APIC's spurious vector, and the masked PICs' IRQ 7 and 15) get no
 * EOI and are only counted.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/ptrace.h>

#include "kernel/irq/irq.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"

#define PIC1_COMMAND	   0x20
#define PIC1_DATA	   0x21
#define PIC2_COMMAND	   0xa0
#define PIC2_DATA	   0xa1
#define PIC_ICW1_INIT_ICW4 0x11
#define PIC_ICW4_8086	   0x01
#define PIC_CASCADE_IRQ	   2

struct vector_desc {
	irq_handler_t handler; /* set at boot, before the vector can fire */
	void *data;
	const char *name;
};

static struct vector_desc vectors[NR_VECTORS];
static DEFINE_PER_CPU(unsigned long[NR_VECTORS], irq_counts);
static unsigned long spurious_count;

void set_vector_handler(unsigned int vector, irq_handler_t handler, void *data, const char *name)
{
	BUG_ON(vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS || vectors[vector].handler);
	vectors[vector] = (struct vector_desc){ handler, data, name };
}

unsigned long irq_count_of(unsigned int vector)
{
	unsigned long n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		n += READ_ONCE(per_cpu(irq_counts, cpu)[vector]);
	return n;
}

unsigned long spurious_irq_count(void)
{
	return READ_ONCE(spurious_count);
}

static bool is_spurious(unsigned int vector)
{
	return vector == SPURIOUS_APIC_VECTOR || vector == PIC_SPURIOUS_MASTER ||
	       vector == PIC_SPURIOUS_SLAVE;
}

void do_irq(struct pt_regs *regs)
{
	unsigned int vector = (unsigned int)regs->vector;
	struct vector_desc *desc = &vectors[vector];

	if (is_spurious(vector)) {
		__atomic_add_fetch(&spurious_count, 1, __ATOMIC_RELAXED);
		return;
	}
	irq_enter();
	(*this_cpu_ptr(irq_counts))[vector]++;
	if (desc->handler)
		desc->handler(desc->data);
	else
		pr_warn("irq: interrupt on vector %#x, which has no handler\n", vector);
	apic_eoi();
	irq_exit();
}

/*
 * The 8259 PICs come up mapped over the exception vectors. Remap them above (so a stray
 * interrupt cannot pose as an exception), then mask every line: the APICs do the work.
 */
static void pic_disable(void)
{
	outb(PIC1_COMMAND, PIC_ICW1_INIT_ICW4);
	outb(PIC2_COMMAND, PIC_ICW1_INIT_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

static void apic_error_interrupt(void *data)
{
	pr_err("apic: error interrupt on CPU %u\n", smp_processor_id());
}

void irq_init(void)
{
	pic_disable();
	ioapic_init();
	set_vector_handler(ERROR_APIC_VECTOR, apic_error_interrupt, NULL, "apic-error");
}
