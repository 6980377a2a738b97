/* SPDX-License-Identifier: MIT */
/*
 * Starting the application processors (APs). For each CPU the MADT lists, the boot CPU prepares
 * a stack, emergency stacks and the trampoline's parameters, then sends the sequence the Intel
 * manual prescribes: INIT, wait 10 ms, STARTUP (SIPI) with the trampoline's page number, wait,
 * STARTUP again. The AP climbs to long mode in the trampoline, enters start_secondary(), sets up
 * its own GDT/TSS, per-CPU data, APIC and tick, marks itself online and idles. CPUs are started
 * one at a time, so the trampoline's parameters serve one CPU at a time.
 */
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/fpu.h>
#include <asm/irq.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/syscall.h>
#include <asm/x86.h>

#include "kernel/main.h"
#include "kernel/mm/mm.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"
#include "lib/string.h"

#define AP_STACK_SIZE	    (4 * PAGE_SIZE)
#define AP_IST_ORDER	    3			/* 32 KiB: IST_COUNT stacks of IST_STACK_SIZE */
#define AP_START_TIMEOUT_NS (10 * NSEC_PER_SEC) /* generous: only a dead CPU takes this long */
#define SIPI_DELAY_US	    200
#define INIT_DELAY_MS	    10

extern const char trampoline_start[], trampoline_end[];
extern u32 trampoline_cr3, trampoline_efer;
extern u64 trampoline_stack, trampoline_entry;
extern const char ap_entry[];

static volatile unsigned int ap_booting_cpu;
static u8 (*ap_ist_stacks[NR_CPUS])[IST_STACK_SIZE];

/* The AP's first C code: on its own stack, at the link address, no GS, interrupts off. */
__noreturn void start_secondary(void);

void start_secondary(void)
{
	unsigned int cpu = ap_booting_cpu;

	percpu_init_cpu(cpu, cpu_data[cpu].apic_id); /* from here smp_processor_id() works */
	gdt_init_cpu(cpu, ap_ist_stacks[cpu]);
	idt_load();
	cpu_apply_protections();
	fpu_init_cpu();
	syscall_init();
	apic_init_cpu();
	sched_init_secondary(); /* this context becomes the CPU's idle task */
	apic_timer_init_cpu();
	set_cpu_online(cpu); /* from here the scheduler may send tasks here */
	local_irq_enable();
	cpu_startup_entry();
}

/* The trampoline's parameters, in the copy below 1 MiB. */
static void *trampoline_param(const void *param)
{
	return __va(TRAMPOLINE_PHYS + ((const char *)param - trampoline_start));
}

static void set_trampoline_params(void *stack_top)
{
	*(u32 *)trampoline_param(&trampoline_cr3) = (u32)__pa(kernel_pgd);
	*(u32 *)trampoline_param(&trampoline_efer) = EFER_LME | (cpu_protections.nx ? EFER_NXE : 0);
	*(u64 *)trampoline_param(&trampoline_stack) = (u64)stack_top;
	*(u64 *)trampoline_param(&trampoline_entry) = (u64)ap_entry;
}

static bool wait_online(unsigned int cpu)
{
	u64 deadline = ktime_get_ns() + AP_START_TIMEOUT_NS;

	while (!cpu_online(cpu))
		if (ktime_get_ns() > deadline)
			return false;
	return true;
}

static bool boot_one_cpu(unsigned int cpu, u32 apic_id)
{
	void *stack = vmalloc_stack(AP_STACK_SIZE);

	ap_ist_stacks[cpu] = __get_free_pages(GFP_KERNEL | __GFP_ZERO, AP_IST_ORDER);
	if (!stack || !ap_ist_stacks[cpu] || fork_idle(cpu, stack, AP_STACK_SIZE)) {
		pr_err("smp: no memory for CPU %u's stacks or idle task\n", cpu);
		return false;
	}
	cpu_data[cpu].apic_id = apic_id;
	ap_booting_cpu = cpu;
	set_trampoline_params((u8 *)stack + AP_STACK_SIZE);
	apic_send_ipi(apic_id, APIC_DM_INIT, 0);
	mdelay(INIT_DELAY_MS);
	for (int i = 0; i < 2 && !cpu_online(cpu); i++) {
		apic_send_ipi(apic_id, APIC_DM_STARTUP, TRAMPOLINE_PHYS >> PAGE_SHIFT);
		udelay(SIPI_DELAY_US);
	}
	return wait_online(cpu);
}

static bool trampoline_page_is_free(void)
{
	for (u32 i = 0; i < boot_info->mmap_count; i++) {
		const struct boot_mem_region *r = &boot_info->mmap[i];

		if (r->type == BOOT_MEM_USABLE && r->base <= TRAMPOLINE_PHYS &&
		    TRAMPOLINE_PHYS + PAGE_SIZE <= r->base + r->length)
			return true;
	}
	return false;
}

void smp_boot_cpus(void)
{
	const struct acpi_madt_info *madt = acpi_madt();
	u32 self = cpu_data[0].apic_id;
	unsigned int next = 1;

	if (!madt || !trampoline_page_is_free()) {
		pr_warn("smp: %s; running on the boot CPU only\n",
			madt ? "the trampoline page is not free RAM" : "no MADT");
		return;
	}
	memcpy(__va(TRAMPOLINE_PHYS), trampoline_start, trampoline_end - trampoline_start);
	/* The trampoline turns paging on while running at its physical address. */
	map_pages(kernel_pgd, TRAMPOLINE_PHYS, TRAMPOLINE_PHYS, PAGE_SIZE, PAGE_KERNEL_RX);
	for (u32 i = 0; i < madt->nr_cpus && next < NR_CPUS; i++) {
		const struct acpi_cpu *c = &madt->cpus[i];

		if (!c->enabled || c->apic_id == self)
			continue;
		if (boot_one_cpu(next, c->apic_id))
			next++;
		else
			pr_err("smp: CPU with APIC id %u did not come up\n", c->apic_id);
	}
	unmap_pages(kernel_pgd, TRAMPOLINE_PHYS, PAGE_SIZE);
	pr_info("smp: %u CPU%s online\n", num_online_cpus(), num_online_cpus() > 1 ? "s" : "");
}

static void call_function_interrupt(void *data)
{
	generic_smp_call_function_interrupt();
}

static void reschedule_interrupt(void *data)
{
	/* Nothing to do here: the interrupt's return (do_interrupt) is the preemption point. */
}

void smp_ipi_init(void)
{
	set_vector_handler(CALL_FUNCTION_VECTOR, call_function_interrupt, NULL, "call-function");
	set_vector_handler(RESCHEDULE_VECTOR, reschedule_interrupt, NULL, "reschedule");
}

void arch_send_call_function_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu_data[cpu].apic_id, APIC_DM_FIXED, CALL_FUNCTION_VECTOR);
}

void arch_send_reschedule_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu_data[cpu].apic_id, APIC_DM_FIXED, RESCHEDULE_VECTOR);
}

void arch_send_stop_nmi(unsigned int cpu)
{
	apic_send_ipi(cpu_data[cpu].apic_id, APIC_DM_NMI, 0);
}
