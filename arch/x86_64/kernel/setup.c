/* SPDX-License-Identifier: MIT */
/* setup_arch(): the x86-specific part of bringing the boot CPU into a known state. */
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/serial.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/syscall.h>

#include "kernel/main.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"

void tsc_init(void);

void setup_arch(void)
{
	gdt_init(); /* our own GDT and TSS: the firmware's may be anywhere */
	idt_init(); /* from here a fault is reported, not a triple fault */
	tsc_init(); /* timestamps in the log */
	fpu_init(); /* SSE/AVX state, for the tasks that use it */
	syscall_init(); /* where SYSCALL enters the kernel */
}

void init_IRQ(void)
{
	acpi_init(boot_info); /* where the I/O APICs are, and which CPUs exist */
	irq_init();
	smp_ipi_init();
	apic_init_cpu();
	cpu_data[0].apic_id = apic_read_id();
	serial_rx_init(); /* the console's receive interrupt, through the I/O APIC */
}

static void local_timer_interrupt(void *data)
{
	timer_tick();
	rcu_sched_clock_irq(); /* quiescent states, and the RCU softirq when it has work */
	scheduler_tick();      /* time slices, and idle CPUs looking for work */
}

void time_init(void)
{
	set_vector_handler(LOCAL_TIMER_VECTOR, local_timer_interrupt, NULL, "timer");
	apic_timer_init_cpu();
}
