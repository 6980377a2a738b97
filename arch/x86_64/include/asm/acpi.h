/* SPDX-License-Identifier: MIT */
/*
 * ACPI table discovery: from the RSDP the firmware handed over to the MADT, the table that lists
 * the CPUs (by local APIC id), the I/O APICs, and how the 16 ISA IRQs are wired to I/O APIC
 * inputs (global system interrupts, GSIs).
 *
 * Two layers:
 *  - acpi_parse() (acpi_tables.c) is pure: it reads physical memory only through ops->map and
 *    says what is wrong only through ops->report, so host tests run it on crafted memory.
 *  - acpi_init() (acpi.c) runs it at boot on the direct map, prints a summary and keeps the
 *    result for the APIC and SMP code: acpi_madt().
 *
 * Nothing the firmware wrote is believed before it is checked. A table must have the expected
 * signature, a length between its header's size and ACPI_TABLE_MAX_LEN, and bytes that sum to
 * zero; a table that fails is reported and skipped. Every MADT entry must be long enough for its
 * type and end inside the table; the first one that does not is reported and ends the walk
 * (the entries before it are kept).
 *
 * The RSDP: revision 2 or more adds a 64-bit XSDT address covered by an extended checksum. If
 * that part (or the XSDT itself) is bad, the parser falls back to the RSDT, whose address the
 * first 20 bytes and their own checksum vouch for; the fall-back is reported.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include "lib/types.h"

struct boot_info;

/* Fixed capacities; what does not fit is counted in the *_dropped fields and reported. */
#define ACPI_MAX_CPUS	   64
#define ACPI_MAX_IOAPICS   8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_NMIS	   8
#define ACPI_MAX_TABLES	   32

/* No table the kernel reads is anywhere near this long; a larger length is corruption. */
#define ACPI_TABLE_MAX_LEN (1024 * 1024)

#define ACPI_ISA_IRQS	 16
#define ACPI_ID_ALL_CPUS 0xffffffffu /* acpi_lapic_nmi.acpi_id: the NMI is wired on every CPU */

enum acpi_polarity {
	ACPI_ACTIVE_HIGH,
	ACPI_ACTIVE_LOW,
};

enum acpi_trigger {
	ACPI_EDGE,
	ACPI_LEVEL,
};

/* A Processor Local APIC (MADT type 0) or Processor Local x2APIC (type 9) entry. */
struct acpi_cpu {
	u32 apic_id;	     /* local APIC id; an x2APIC id for type 9 */
	u32 acpi_id;	     /* ACPI processor UID: what NMI entries and the namespace call it */
	bool enabled;	     /* usable now */
	bool online_capable; /* not enabled, but may be brought online later (ACPI 6.3+) */
	bool x2apic;	     /* came from a type 9 entry */
};

/* An I/O APIC (type 1): its inputs are GSIs gsi_base, gsi_base + 1, ... */
struct acpi_ioapic {
	u8 id;
	u32 phys; /* MMIO registers */
	u32 gsi_base;
};

/* An Interrupt Source Override (type 2): ISA IRQ source_irq arrives at GSI gsi, not gsi == irq. */
struct acpi_irq_override {
	u8 bus; /* 0: ISA, the only bus ACPI defines here */
	u8 source_irq;
	u32 gsi;
	enum acpi_polarity polarity; /* "conforms to the bus" is resolved: ISA is active high */
	enum acpi_trigger trigger;   /* ... and edge triggered */
};

/* A Local APIC NMI (type 4) or Local x2APIC NMI (type 10): which LINT pin carries the NMI. */
struct acpi_lapic_nmi {
	u32 acpi_id; /* ACPI_ID_ALL_CPUS for every CPU */
	u8 lint;     /* 0 or 1: LINT0 or LINT1 */
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

/* What the MADT says. Filled once at boot, read-only afterwards. */
struct acpi_madt_info {
	/* The local APICs' MMIO base: the header's, unless a type 5 entry overrides it. */
	u64 lapic_phys;
	/* Legacy 8259 PICs are present too (and must be masked before the APICs are used). */
	bool pcat_compat;

	/* In MADT order; the firmware lists the boot CPU first. */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	u32 nr_cpus;
	u32 cpus_dropped; /* CPU entries beyond ACPI_MAX_CPUS */

	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	u32 nr_ioapics;
	u32 ioapics_dropped;

	struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
	u32 nr_overrides;
	u32 overrides_dropped;

	struct acpi_lapic_nmi nmis[ACPI_MAX_NMIS];
	u32 nr_nmis;
	u32 nmis_dropped;
};

/* A table that passed the checks (signature printable, length, checksum). */
struct acpi_table_desc {
	char signature[5]; /* NUL-terminated */
	char oem_id[7];	   /* NUL-terminated */
	u8 revision;
	u32 length;
	phys_addr_t phys;
};

/* Everything acpi_parse() found. */
struct acpi_info {
	phys_addr_t rsdp_phys;
	u8 rsdp_revision;	     /* as the RSDP says: 0 for ACPI 1.0, 2 for 2.0 and later */
	char oem_id[7];		     /* the RSDP's, NUL-terminated */
	bool xsdt;		     /* the root table used is the XSDT (else the RSDT) */
	struct acpi_table_desc root; /* the RSDT or XSDT */

	struct acpi_table_desc tables[ACPI_MAX_TABLES]; /* valid tables the root lists, in order */
	u32 nr_tables;
	u32 tables_dropped; /* valid tables beyond ACPI_MAX_TABLES (still searched for the MADT) */

	bool have_madt; /* a valid MADT was found; madt is meaningful only then */
	struct acpi_madt_info madt;
};

/* What went wrong (value: see struct acpi_problem); acpi_problem_str() says it in words. */
enum acpi_problem_code {
	ACPI_RSDP_BAD_SIGNATURE, /* not "RSD PTR ": no ACPI */
	ACPI_RSDP_BAD_CHECKSUM,	 /* the first 20 bytes sum to value, not 0: no ACPI */
	/* Revision >= 2 but the length (value) or extended checksum is bad: RSDT used. */
	ACPI_RSDP_BAD_EXT_CHECKSUM,
	ACPI_TABLE_UNREACHABLE,	   /* ops->map refused the range (value: its length) */
	ACPI_TABLE_NULL_ENTRY,	   /* the root table lists address 0 */
	ACPI_TABLE_BAD_SIGNATURE,  /* a root table is not the RSDT/XSDT it should be */
	ACPI_TABLE_BAD_LENGTH,	   /* length (value) below the header's or above the maximum */
	ACPI_TABLE_BAD_CHECKSUM,   /* the bytes sum to value, not 0 */
	ACPI_ROOT_FALLBACK,	   /* the XSDT is unusable: the RSDT is used instead */
	ACPI_MADT_DUPLICATE,	   /* a second valid MADT: ignored, the first one counts */
	ACPI_MADT_ENTRY_TOO_SHORT, /* length (value) < 2 or short for the type: walk ends */
	ACPI_MADT_ENTRY_PAST_END,  /* length (value) runs past the table's end: walk ends */
	ACPI_MADT_BAD_FLAGS,	   /* reserved polarity or trigger in flags (value) */
	ACPI_MADT_DROPPED,	   /* value entries of entry_type did not fit */
	ACPI_TABLES_DROPPED,	   /* value valid tables did not fit in acpi_info.tables */
};

/* One problem, as passed to ops->report. */
struct acpi_problem {
	enum acpi_problem_code code;
	/* The table concerned ("RSDP" for the RSDP); unprintable bytes are shown as '?'. */
	char signature[5];
	phys_addr_t phys; /* its physical address */
	u8 entry_type;	  /* ACPI_MADT_*: the entry's type */
	u32 offset;	  /* ACPI_MADT_*: the entry's offset in the table, 0 otherwise */
	u64 value;	  /* see enum acpi_problem_code */
};

struct acpi_parse_ops {
	/*
	 * A pointer to the physical bytes [phys, phys + len), or NULL if they cannot be reached. The
	 * parser maps a table's header first and the whole table once its length is checked, and
	 * reads nothing outside what it mapped.
	 */
	const void *(*map)(phys_addr_t phys, size_t len, void *ctx);
	/* Called once per problem; may be NULL. */
	void (*report)(const struct acpi_problem *p, void *ctx);
	void *ctx;
};

/*
 * Find and check the RSDP at rsdp_phys, its root table, and every table the root lists; parse the
 * first valid MADT. Fills *out (zeroed first). Returns true if a valid root table was found
 * (out->have_madt then says whether there is a MADT), false if there is no usable ACPI.
 */
bool acpi_parse(phys_addr_t rsdp_phys, const struct acpi_parse_ops *ops, struct acpi_info *out);

/*
 * The GSI that ISA IRQ irq (0-15) arrives at, applying the MADT's overrides: without one, ISA IRQ n
 * is GSI n, edge triggered, active high. madt may be NULL (no MADT: no overrides). polarity and
 * trigger may be NULL.
 */
u32 acpi_irq_to_gsi(const struct acpi_madt_info *madt, u8 irq, enum acpi_polarity *polarity,
		    enum acpi_trigger *trigger);

/* A problem code in words ("checksum is not zero"). */
const char *acpi_problem_str(enum acpi_problem_code code);

/* Kernel glue (acpi.c). */

/*
 * Parse the ACPI tables from bi->rsdp_phys through the direct map and print a summary. Runs once:
 * later calls return at once. Single-threaded boot code (before other CPUs are started).
 */
void acpi_init(const struct boot_info *bi);

/* The MADT as parsed by acpi_init(), or NULL if it has not run or found no valid MADT. */
const struct acpi_madt_info *acpi_madt(void);

/* Everything acpi_init() found, or NULL if it has not run or found no usable ACPI. */
const struct acpi_info *acpi_get_info(void);

#endif
