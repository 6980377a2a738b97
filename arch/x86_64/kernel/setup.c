/* SPDX-License-Identifier: MIT */
/* setup_arch(): the x86-specific part of bringing the boot CPU into a known state. */
#include <asm/desc.h>
#include <asm/setup.h>

void tsc_init(void);

void setup_arch(void)
{
	gdt_init(); /* our own GDT and TSS: the firmware's may be anywhere */
	idt_init(); /* from here a fault is reported, not a triple fault */
	tsc_init(); /* timestamps in the log */
}
