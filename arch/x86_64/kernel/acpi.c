/* SPDX-License-Identifier: MIT */
/*
 * ACPI at boot: run the table parser (acpi_tables.c) on the RSDP the loader found, through the
 * direct map, print what it found, and keep it for the APIC and SMP code.
 */
#include <asm/acpi.h>
#include <asm/layout.h>
#include <asm/page.h>

#include "kernel/boot_info.h"
#include "kernel/printk/printk.h"

/*
 * Only the first 4 GiB are sure to be in the direct map, holes included (docs/memory.md); above
 * that it covers RAM only, and ACPI tables need not be in RAM the memory map calls usable.
 */
#define ACPI_MAP_LIMIT EARLY_MAP_SIZE

/* Written once by acpi_init() on the boot CPU before any other CPU runs; read-only afterwards. */
static struct acpi_info acpi_boot_info;
static bool acpi_parsed; /* acpi_boot_info holds a usable root table */
static bool acpi_init_done;

static const void *acpi_map_direct(phys_addr_t phys, size_t len, void *ctx)
{
	if (phys >= ACPI_MAP_LIMIT || len > ACPI_MAP_LIMIT - phys)
		return NULL;
	return __va(phys);
}

/* The parser's diagnostics: firmware bugs worth a warning, never trusted, never fatal. */
static void acpi_report(const struct acpi_problem *p, void *ctx)
{
	unsigned long long phys = p->phys, value = p->value;

	if (p->code == ACPI_MADT_DROPPED)
		pr_warn("acpi: %s at %#llx: %llu type %u %s\n", p->signature, phys, value,
			p->entry_type, acpi_problem_str(p->code));
	else if (p->offset) /* a MADT entry */
		pr_warn("acpi: %s at %#llx, entry type %u at offset %u: %s (%#llx)\n", p->signature,
			phys, p->entry_type, p->offset, acpi_problem_str(p->code), value);
	else
		pr_warn("acpi: %s at %#llx: %s (%#llx)\n", p->signature, phys,
			acpi_problem_str(p->code), value);
}

static const struct acpi_parse_ops acpi_direct_map_ops = {
	.map = acpi_map_direct,
	.report = acpi_report,
};

static const char *polarity_name(enum acpi_polarity p)
{
	return p == ACPI_ACTIVE_LOW ? "active low" : "active high";
}

static const char *trigger_name(enum acpi_trigger t)
{
	return t == ACPI_LEVEL ? "level" : "edge";
}

static void print_table(const char *what, const struct acpi_table_desc *d)
{
	pr_info("acpi: %s%s at %#llx, %u bytes (revision %u, OEM \"%s\")\n", what, d->signature,
		(unsigned long long)d->phys, d->length, d->revision, d->oem_id);
}

static void print_tables(const struct acpi_info *info)
{
	pr_info("acpi: RSDP at %#llx: revision %u (ACPI %s), OEM \"%s\"\n",
		(unsigned long long)info->rsdp_phys, info->rsdp_revision,
		info->rsdp_revision >= 2 ? "2.0+" : "1.0", info->oem_id);
	print_table("root ", &info->root);
	for (u32 i = 0; i < info->nr_tables; i++)
		print_table("  ", &info->tables[i]);
}

static void print_cpus(const struct acpi_madt_info *m)
{
	u32 enabled = 0;

	for (u32 i = 0; i < m->nr_cpus; i++) {
		const struct acpi_cpu *c = &m->cpus[i];

		pr_info("acpi:   CPU: %sAPIC id %u, ACPI id %u, %s\n", c->x2apic ? "x2" : "",
			c->apic_id, c->acpi_id,
			c->enabled	    ? "enabled"
			: c->online_capable ? "disabled, online capable"
					    : "disabled");
		enabled += c->enabled;
	}
	pr_info("acpi: CPUs: %u listed, %u enabled\n", m->nr_cpus, enabled);
}

static void print_madt(const struct acpi_madt_info *m)
{
	pr_info("acpi: MADT: local APIC at %#llx%s\n", (unsigned long long)m->lapic_phys,
		m->pcat_compat ? ", legacy 8259 PICs present (PCAT_COMPAT)" : "");
	print_cpus(m);
	for (u32 i = 0; i < m->nr_ioapics; i++)
		pr_info("acpi:   I/O APIC id %u at %#x, GSI base %u\n", m->ioapics[i].id,
			m->ioapics[i].phys, m->ioapics[i].gsi_base);
	for (u32 i = 0; i < m->nr_overrides; i++) {
		const struct acpi_irq_override *o = &m->overrides[i];

		pr_info("acpi:   override: bus %u IRQ %u -> GSI %u, %s, %s\n", o->bus,
			o->source_irq, o->gsi, trigger_name(o->trigger),
			polarity_name(o->polarity));
	}
	for (u32 i = 0; i < m->nr_nmis; i++) {
		const struct acpi_lapic_nmi *n = &m->nmis[i];

		if (n->acpi_id == ACPI_ID_ALL_CPUS)
			pr_info("acpi:   NMI: LINT%u of every CPU, %s, %s\n", n->lint,
				trigger_name(n->trigger), polarity_name(n->polarity));
		else
			pr_info("acpi:   NMI: LINT%u of ACPI CPU %u, %s, %s\n", n->lint, n->acpi_id,
				trigger_name(n->trigger), polarity_name(n->polarity));
	}
}

void acpi_init(const struct boot_info *bi)
{
	if (acpi_init_done)
		return;
	acpi_init_done = true;

	if (!bi->rsdp_phys) {
		pr_warn("acpi: the loader found no RSDP: no ACPI tables, so no MADT (no APICs "
			"known)\n");
		return;
	}
	if (bi->rsdp_phys >= ACPI_MAP_LIMIT) {
		pr_warn(
		    "acpi: RSDP at %#llx is above 4 GiB, outside the part of the direct map that "
		    "covers firmware memory: ACPI ignored\n",
		    (unsigned long long)bi->rsdp_phys);
		return;
	}
	acpi_parsed = acpi_parse(bi->rsdp_phys, &acpi_direct_map_ops, &acpi_boot_info);
	if (!acpi_parsed) {
		pr_warn("acpi: no valid RSDP and root table at %#llx: ACPI ignored\n",
			(unsigned long long)bi->rsdp_phys);
		return;
	}
	print_tables(&acpi_boot_info);
	if (acpi_boot_info.have_madt)
		print_madt(&acpi_boot_info.madt);
	else
		pr_warn("acpi: no valid MADT: CPUs and I/O APICs unknown\n");
}

const struct acpi_info *acpi_get_info(void)
{
	return acpi_parsed ? &acpi_boot_info : NULL;
}

const struct acpi_madt_info *acpi_madt(void)
{
	return acpi_parsed && acpi_boot_info.have_madt ? &acpi_boot_info.madt : NULL;
}
