/* SPDX-License-Identifier: MIT */
/*
 * acpi: the tables QEMU's firmware (SeaBIOS or OVMF, machine q35) builds, as acpi_init() parsed
 * them. The parser's handling of broken tables is tested on the host (tests/host/test_acpi.c);
 * here the question is whether it reads real firmware tables right.
 *
 * Until kmain() calls acpi_init() itself, every case calls it first (it runs once; later calls
 * return at once). The lead moves the call into the boot sequence.
 */
#include <asm/acpi.h>
#include <asm/x86.h>

#include "kernel/boot_info.h"
#include "kernel/ktest/ktest.h"
#include "kernel/main.h"

/* QEMU's fixed addresses (and the architectural defaults). */
#define QEMU_LAPIC_PHYS	 0xfee00000
#define QEMU_IOAPIC_PHYS 0xfec00000
#define ISA_IRQ_TIMER	 0 /* the PIT, wired to I/O APIC input 2 on PC chipsets */
#define ISA_IRQ_COM1	 4

#define CPUID_LEAF_TOPOLOGY 0xb

static const struct acpi_info *acpi_ready(void)
{
	acpi_init(boot_info);
	return acpi_get_info();
}

/* The APIC id of the CPU running this: the x2APIC id (leaf 0xb) if the CPU has it. */
static u32 this_cpu_apic_id(void)
{
	u32 max_leaf, a, b, c, d;

	cpuid(0, &max_leaf, &b, &c, &d);
	if (max_leaf >= CPUID_LEAF_TOPOLOGY) {
		cpuid_count(CPUID_LEAF_TOPOLOGY, 0, &a, &b, &c, &d);
		if (b & 0xffff) /* EBX[15:0] == 0: the leaf is not implemented */
			return d;
	}
	cpuid(1, &a, &b, &c, &d);
	return b >> 24; /* initial APIC id: EBX[31:24] */
}

/* The RSDP was accepted, and the root table is the one its revision calls for. */
static void rsdp_and_root_table_are_valid(struct ktest *t)
{
	const struct acpi_info *info = acpi_ready();

	KT_ASSERT_NOT_NULL(t, info);
	KT_EXPECT_EQ(t, info->rsdp_phys, boot_info->rsdp_phys);
	KT_EXPECT_NE(t, info->root.phys, 0);
	/* With a valid revision 2 RSDP the XSDT must have been used, not fallen back from. */
	KT_EXPECT_EQ(t, info->xsdt, info->rsdp_revision >= 2);
	KT_EXPECT_STREQ(t, info->root.signature, info->xsdt ? "XSDT" : "RSDT");
	KT_EXPECT_GT(t, info->nr_tables, 0);
	KT_EXPECT_EQ(t, info->tables_dropped, 0);
}

static void madt_is_found(struct ktest *t)
{
	const struct acpi_madt_info *m;

	acpi_ready();
	m = acpi_madt();
	KT_ASSERT_NOT_NULL(t, m);
	KT_EXPECT_EQ(t, m->lapic_phys, QEMU_LAPIC_PHYS);
	KT_EXPECT_TRUE(t, m->pcat_compat);
	KT_EXPECT_EQ(t, m->cpus_dropped, 0);
	KT_EXPECT_EQ(t, m->ioapics_dropped, 0);
	KT_EXPECT_EQ(t, m->overrides_dropped, 0);
}

/* At least one enabled CPU, and the one running this test is one of them. */
static void this_cpu_is_listed_and_enabled(struct ktest *t)
{
	const struct acpi_madt_info *m;
	u32 apic_id = this_cpu_apic_id(), enabled = 0;
	bool found = false;

	acpi_ready();
	m = acpi_madt();
	KT_ASSERT_NOT_NULL(t, m);
	for (u32 i = 0; i < m->nr_cpus; i++) {
		enabled += m->cpus[i].enabled;
		if (m->cpus[i].apic_id == apic_id && m->cpus[i].enabled)
			found = true;
	}
	KT_EXPECT_GE(t, enabled, 1);
	if (!found)
		ktest_fail(t, __FILE__, __LINE__, "this CPU's APIC id %u is not an enabled CPU",
			   apic_id);
}

static void cpu_apic_ids_are_unique(struct ktest *t)
{
	const struct acpi_madt_info *m;

	acpi_ready();
	m = acpi_madt();
	KT_ASSERT_NOT_NULL(t, m);
	for (u32 i = 0; i < m->nr_cpus; i++)
		for (u32 j = i + 1; j < m->nr_cpus; j++)
			KT_EXPECT_NE(t, m->cpus[i].apic_id, m->cpus[j].apic_id);
}

static void ioapic_at_fec00000_has_gsi_base_0(struct ktest *t)
{
	const struct acpi_madt_info *m;
	const struct acpi_ioapic *io = NULL;

	acpi_ready();
	m = acpi_madt();
	KT_ASSERT_NOT_NULL(t, m);
	for (u32 i = 0; i < m->nr_ioapics; i++)
		if (m->ioapics[i].phys == QEMU_IOAPIC_PHYS)
			io = &m->ioapics[i];
	KT_ASSERT_NOT_NULL(t, io);
	KT_EXPECT_EQ(t, io->gsi_base, 0);
}

/* QEMU, like real PCs, wires the PIT (ISA IRQ 0) to GSI 2, and says so with an override. */
static void timer_irq0_is_overridden_to_gsi2(struct ktest *t)
{
	const struct acpi_madt_info *m;
	enum acpi_polarity pol;
	enum acpi_trigger trig;
	bool listed = false;

	acpi_ready();
	m = acpi_madt();
	KT_ASSERT_NOT_NULL(t, m);
	for (u32 i = 0; i < m->nr_overrides; i++)
		if (m->overrides[i].source_irq == ISA_IRQ_TIMER && m->overrides[i].gsi == 2)
			listed = true;
	KT_EXPECT_TRUE(t, listed);
	KT_EXPECT_EQ(t, acpi_irq_to_gsi(m, ISA_IRQ_TIMER, &pol, &trig), 2);
	KT_EXPECT_EQ(t, pol, ACPI_ACTIVE_HIGH);
	KT_EXPECT_EQ(t, trig, ACPI_EDGE);
}

static void com1_irq4_is_gsi4_edge_active_high(struct ktest *t)
{
	const struct acpi_madt_info *m;
	enum acpi_polarity pol;
	enum acpi_trigger trig;

	acpi_ready();
	m = acpi_madt();
	KT_ASSERT_NOT_NULL(t, m);
	KT_EXPECT_EQ(t, acpi_irq_to_gsi(m, ISA_IRQ_COM1, &pol, &trig), 4);
	KT_EXPECT_EQ(t, pol, ACPI_ACTIVE_HIGH);
	KT_EXPECT_EQ(t, trig, ACPI_EDGE);
}

static const struct ktest_case acpi_cases[] = { KTEST_CASE(rsdp_and_root_table_are_valid),
						KTEST_CASE(madt_is_found),
						KTEST_CASE(this_cpu_is_listed_and_enabled),
						KTEST_CASE(cpu_apic_ids_are_unique),
						KTEST_CASE(ioapic_at_fec00000_has_gsi_base_0),
						KTEST_CASE(timer_irq0_is_overridden_to_gsi2),
						KTEST_CASE(com1_irq4_is_gsi4_edge_active_high),
						{} };
KTEST_SUITE(acpi, acpi_cases);
