/* SPDX-License-Identifier: MIT */
/*
 * The I/O APIC: it turns device interrupt lines (GSIs) into messages to a local APIC. Each input
 * has a redirection entry saying which vector, which CPU, and how the line signals (edge or
 * level, active high or low). The firmware's MADT says where the I/O APICs are, which GSIs each
 * one serves, and how ISA IRQs map to GSIs (QEMU's timer IRQ 0 arrives on GSI 2, say).
 */
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/page.h>
#include <asm/percpu.h>

#include "kernel/printk/printk.h"
#include "lib/errno.h"

#define IOAPIC_REGSEL	   0x00
#define IOAPIC_WINDOW	   0x10 /* in bytes from the base */
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_REDTBL  0x10 /* entry n: 0x10 + 2n (low word), 0x11 + 2n (high word) */

#define REDIR_ACTIVE_LOW (1u << 13)
#define REDIR_LEVEL	 (1u << 15)
#define REDIR_MASKED	 (1u << 16)
#define REDIR_DEST_SHIFT 24 /* in the high word: physical destination APIC id */

struct ioapic {
	volatile u32 *mmio; /* through the direct map */
	u32 gsi_base;
	u32 nr_entries;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	io->mmio[IOAPIC_REGSEL / 4] = reg;
	return io->mmio[IOAPIC_WINDOW / 4];
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 val)
{
	io->mmio[IOAPIC_REGSEL / 4] = reg;
	io->mmio[IOAPIC_WINDOW / 4] = val;
}

static void set_entry(struct ioapic *io, u32 pin, u32 low, u32 high)
{
	ioapic_write(io, IOAPIC_REG_REDTBL + 2 * pin, REDIR_MASKED); /* masked while changing */
	ioapic_write(io, IOAPIC_REG_REDTBL + 2 * pin + 1, high);
	ioapic_write(io, IOAPIC_REG_REDTBL + 2 * pin, low);
}

void ioapic_init(void)
{
	const struct acpi_madt_info *madt = acpi_madt();

	if (!madt) {
		pr_warn("ioapic: no MADT, so no device interrupts\n");
		return;
	}
	for (u32 i = 0; i < madt->nr_ioapics; i++) {
		struct ioapic *io = &ioapics[nr_ioapics++];

		io->mmio = __va(madt->ioapics[i].phys);
		io->gsi_base = madt->ioapics[i].gsi_base;
		io->nr_entries = ((ioapic_read(io, IOAPIC_REG_VERSION) >> 16) & 0xff) + 1;
		for (u32 pin = 0; pin < io->nr_entries; pin++)
			set_entry(io, pin, REDIR_MASKED, 0);
		pr_info("ioapic: id %u at %#x, GSIs %u-%u, all masked\n", madt->ioapics[i].id,
			madt->ioapics[i].phys, io->gsi_base, io->gsi_base + io->nr_entries - 1);
	}
}

static struct ioapic *ioapic_for_gsi(u32 gsi)
{
	for (unsigned int i = 0; i < nr_ioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi < ioapics[i].gsi_base + ioapics[i].nr_entries)
			return &ioapics[i];
	return NULL;
}

int request_irq(unsigned int irq, irq_handler_t handler, void *data, const char *name)
{
	const struct acpi_madt_info *madt = acpi_madt();
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
	struct ioapic *io;
	u32 gsi, vector, low;

	if (!madt || irq >= ACPI_ISA_IRQS)
		return -EINVAL;
	gsi = acpi_irq_to_gsi(madt, (u8)irq, &polarity, &trigger);
	io = ioapic_for_gsi(gsi);
	vector = FIRST_DEVICE_VECTOR + gsi;
	if (!io || vector > LAST_DEVICE_VECTOR)
		return -ENODEV;
	set_vector_handler(vector, handler, data, name);
	low = vector | (polarity == ACPI_ACTIVE_LOW ? REDIR_ACTIVE_LOW : 0) |
	      (trigger == ACPI_LEVEL ? REDIR_LEVEL : 0);
	set_entry(io, gsi - io->gsi_base, low, cpu_data[0].apic_id << REDIR_DEST_SHIFT);
	pr_info("irq: IRQ %u -> GSI %u -> vector %#x on CPU 0 (%s)\n", irq, gsi, vector, name);
	return 0;
}
