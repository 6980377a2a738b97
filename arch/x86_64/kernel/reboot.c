/* SPDX-License-Identifier: MIT */
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/reboot.h>

#include "kernel/printk/printk.h"

/* QEMU's isa-debug-exit device, as tests/qemu-boot configures it (iobase=0xf4, iosize=4). */
#define ISA_DEBUG_EXIT_PORT 0xf4

void machine_exit(enum machine_status status)
{
	local_irq_disable();
	outl(ISA_DEBUG_EXIT_PORT, status);
	/* Still here: not QEMU, or no such device. */
	printk(KERN_EMERG "machine_exit(%d): no isa-debug-exit device; halting\n", status);
	halt_forever();
}
