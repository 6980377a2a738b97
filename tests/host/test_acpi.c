/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the ACPI table parser (arch/x86_64/kernel/acpi_tables.c).
 *
 * Fake physical memory is a set of regions, each its own malloc() block of exactly the size of
 * the table it holds, so AddressSanitizer catches any read past a table's end (or past the 20
 * bytes of a revision 0 RSDP). Each case builds the same small valid firmware (an RSDP, RSDT and
 * XSDT, a FACP, an HPET, a MADT with entries of every type the parser knows) and breaks one thing;
 * it checks both the result and that the parser reported that exact problem.
 */
#include <stdlib.h>
#include <unistd.h>

#include "arch/x86_64/include/asm/acpi.h"
#include "tests/host/hosttest.h"

#define RSDP_PHYS 0xe0000ULL
#define RSDT_PHYS 0x7fe0000ULL
#define XSDT_PHYS 0x7fe1000ULL
#define MADT_PHYS 0x7fe2000ULL
#define FACP_PHYS 0x7fe3000ULL
#define HPET_PHYS 0x7fe4000ULL
#define SSDT_PHYS 0x100000000ULL /* above 4 GiB: only the XSDT can list it */
#define HOLE_PHYS 0x7ff0000ULL	 /* nothing there */

#define HDR_LEN		36
#define MADT_FIXED_LEN	44 /* header, local APIC address, flags */
#define CHECKSUM_OFFSET 9
#define LAPIC_OVERRIDE	0x123456000ULL

enum { CPU_ENABLED = 1, CPU_ONLINE_CAPABLE = 2 };

/* ---- fake physical memory ---- */

struct region {
	u64 phys;
	u8 *buf;
	size_t len;
};

static struct region regions[16];
static int nr_regions;

static void fake_reset(void)
{
	for (int i = 0; i < nr_regions; i++)
		free(regions[i].buf);
	nr_regions = 0;
}

/* Put a copy of bytes at phys, replacing what was installed there before. */
static u8 *fake_install(u64 phys, const void *bytes, size_t len)
{
	struct region *r = &regions[nr_regions];

	for (int i = 0; i < nr_regions; i++)
		if (regions[i].phys == phys)
			r = &regions[i];
	if (r == &regions[nr_regions])
		nr_regions++;
	else
		free(r->buf);
	r->phys = phys;
	r->len = len;
	r->buf = malloc(len);
	memcpy(r->buf, bytes, len);
	return r->buf;
}

/* Only whole ranges inside one region are reachable, as the kernel's map refuses > 4 GiB. */
static const void *fake_map(phys_addr_t phys, size_t len, void *ctx)
{
	(void)ctx;
	for (int i = 0; i < nr_regions; i++) {
		const struct region *r = &regions[i];

		if (phys >= r->phys && len <= r->len && phys - r->phys <= r->len - len)
			return r->buf + (phys - r->phys);
	}
	return NULL;
}

/* ---- problems reported ---- */

static struct acpi_problem problems[128];
static int nr_problems;

static void record_problem(const struct acpi_problem *p, void *ctx)
{
	(void)ctx;
	if (nr_problems < (int)(sizeof(problems) / sizeof(problems[0])))
		problems[nr_problems] = *p;
	nr_problems++;
}

static const struct acpi_problem *find_problem(enum acpi_problem_code code)
{
	for (int i = 0; i < nr_problems; i++)
		if (problems[i].code == code)
			return &problems[i];
	return NULL;
}

static const struct acpi_parse_ops ops = { .map = fake_map, .report = record_problem };
static struct acpi_info info;

static bool parse(void)
{
	nr_problems = 0;
	return acpi_parse(RSDP_PHYS, &ops, &info);
}

/* ---- building tables ---- */

struct tbl {
	u8 buf[2048];
	size_t len;
};

static void put(struct tbl *t, const void *p, size_t n)
{
	memcpy(t->buf + t->len, p, n);
	t->len += n;
}

static void put8(struct tbl *t, u8 v)
{
	put(t, &v, 1);
}

static void put16(struct tbl *t, u16 v)
{
	put(t, &v, 2);
}

static void put32(struct tbl *t, u32 v)
{
	put(t, &v, 4);
}

static void put64(struct tbl *t, u64 v)
{
	put(t, &v, 8);
}

static u8 sum8(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

static void set32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void header(struct tbl *t, const char *sig)
{
	t->len = 0;
	put(t, sig, 4);
	put32(t, 0); /* length: filled by install() */
	put8(t, 1);  /* revision */
	put8(t, 0);  /* checksum: filled by install() */
	put(t, "TREFOI", 6);
	put(t, "TESTTABL", 8);
	put32(t, 1);
	put32(t, 0x4c4f4f54);
	put32(t, 1);
}

/* Set the checksum byte so that the len bytes of table sum to zero. */
static void fix_checksum(u8 *table, size_t len)
{
	table[CHECKSUM_OFFSET] = 0;
	table[CHECKSUM_OFFSET] = (u8)-sum8(table, len);
}

static u8 *install(struct tbl *t, u64 phys)
{
	set32(t->buf + 4, (u32)t->len);
	fix_checksum(t->buf, t->len);
	return fake_install(phys, t->buf, t->len);
}

static void lapic(struct tbl *t, u8 acpi_id, u8 apic_id, u32 flags)
{
	put8(t, 0);
	put8(t, 8);
	put8(t, acpi_id);
	put8(t, apic_id);
	put32(t, flags);
}

static void x2apic(struct tbl *t, u32 x2apic_id, u32 acpi_id, u32 flags)
{
	put8(t, 9);
	put8(t, 16);
	put16(t, 0);
	put32(t, x2apic_id);
	put32(t, flags);
	put32(t, acpi_id);
}

static void ioapic(struct tbl *t, u8 id, u32 address, u32 gsi_base)
{
	put8(t, 1);
	put8(t, 12);
	put8(t, id);
	put8(t, 0);
	put32(t, address);
	put32(t, gsi_base);
}

static void iso(struct tbl *t, u8 irq, u32 gsi, u16 flags)
{
	put8(t, 2);
	put8(t, 10);
	put8(t, 0); /* bus: ISA */
	put8(t, irq);
	put32(t, gsi);
	put16(t, flags);
}

static void lapic_nmi(struct tbl *t, u8 acpi_id, u16 flags, u8 lint)
{
	put8(t, 4);
	put8(t, 6);
	put8(t, acpi_id);
	put16(t, flags);
	put8(t, lint);
}

static void x2apic_nmi(struct tbl *t, u32 acpi_id, u16 flags, u8 lint)
{
	put8(t, 10);
	put8(t, 12);
	put16(t, flags);
	put32(t, acpi_id);
	put8(t, lint);
	put8(t, 0);
	put16(t, 0);
}

static void lapic_addr_override(struct tbl *t, u64 address)
{
	put8(t, 5);
	put8(t, 12);
	put16(t, 0);
	put64(t, address);
}

static void madt_header(struct tbl *t)
{
	header(t, "APIC");
	put32(t, 0xfee00000); /* local APIC address */
	put32(t, 1);	      /* flags: PCAT_COMPAT */
}

/* Entries of every type; expect_standard_madt() knows the result. */
static void standard_entries(struct tbl *t)
{
	lapic(t, 0, 0, CPU_ENABLED);
	lapic(t, 1, 2, CPU_ENABLED);
	lapic(t, 2, 4, CPU_ONLINE_CAPABLE);
	lapic(t, 3, 6, 0);
	lapic(t, 5, 8, CPU_ENABLED | CPU_ONLINE_CAPABLE);
	ioapic(t, 0, 0xfec00000, 0);
	lapic_addr_override(t, LAPIC_OVERRIDE); /* in the middle: wins anyway */
	ioapic(t, 1, 0xfec01000, 24);
	x2apic(t, 0x100, 4, CPU_ENABLED);
	iso(t, 0, 2, 0x0);  /* conforms: edge, active high */
	iso(t, 9, 9, 0xd);  /* level, active high */
	iso(t, 5, 20, 0xf); /* level, active low */
	iso(t, 1, 1, 0x3);  /* active low, trigger conforms: edge */
	put8(t, 0x7f);	    /* a type the parser does not know: skipped */
	put8(t, 5);
	put8(t, 0xaa);
	put8(t, 0xbb);
	put8(t, 0xcc);
	lapic_nmi(t, 0xff, 0x5, 1); /* all CPUs, edge, active high, LINT1 */
	x2apic_nmi(t, 4, 0xf, 0);   /* CPU 4, level, active low, LINT0 */
}

static u8 *install_madt(void (*entries)(struct tbl *t))
{
	static struct tbl t;

	madt_header(&t);
	entries(&t);
	return install(&t, MADT_PHYS);
}

/* A table with nothing but a header and some payload. */
static void install_plain(const char *sig, u64 phys, size_t payload)
{
	static struct tbl t;

	header(&t, sig);
	for (size_t i = 0; i < payload; i++)
		put8(&t, (u8)i);
	install(&t, phys);
}

static u8 *install_rsdt(const u32 *addrs, int n)
{
	static struct tbl t;

	header(&t, "RSDT");
	for (int i = 0; i < n; i++)
		put32(&t, addrs[i]);
	return install(&t, RSDT_PHYS);
}

static u8 *install_xsdt(const u64 *addrs, int n)
{
	static struct tbl t;

	header(&t, "XSDT");
	for (int i = 0; i < n; i++)
		put64(&t, addrs[i]);
	return install(&t, XSDT_PHYS);
}

/* The RSDP; revision 0 installs only the 20 bytes ACPI 1.0 defines. */
static u8 *install_rsdp(u8 revision)
{
	u8 r[36] = "RSD PTR ";
	u32 length = 36;
	u64 xsdt = XSDT_PHYS;

	memcpy(r + 9, "TREFOI", 6);
	r[15] = revision;
	set32(r + 16, RSDT_PHYS);
	memcpy(r + 20, &length, 4);
	memcpy(r + 24, &xsdt, 8);
	r[8] = (u8)-sum8(r, 20);
	r[32] = (u8)-sum8(r, 36);
	return fake_install(RSDP_PHYS, r, revision >= 2 ? 36 : 20);
}

/* The whole firmware: tables in place, the MADT from entries. Returns the installed MADT. */
static u8 *setup_with(u8 revision, void (*entries)(struct tbl *t))
{
	static const u32 rsdt[] = { FACP_PHYS, MADT_PHYS, HPET_PHYS };
	static const u64 xsdt[] = { FACP_PHYS, MADT_PHYS, HPET_PHYS, SSDT_PHYS };
	u8 *madt;

	fake_reset();
	install_rsdp(revision);
	install_rsdt(rsdt, 3);
	install_xsdt(xsdt, 4);
	install_plain("FACP", FACP_PHYS, 208);
	install_plain("HPET", HPET_PHYS, 20);
	install_plain("SSDT", SSDT_PHYS, 3);
	madt = install_madt(entries);
	return madt;
}

static u8 *setup(u8 revision)
{
	return setup_with(revision, standard_entries);
}

/* The region holding phys (to break an installed table). */
static u8 *table_at(u64 phys)
{
	return (u8 *)fake_map(phys, 1, NULL);
}

/* ---- checks ---- */

static void expect_cpu(int i, u32 apic_id, u32 acpi_id, bool enabled, bool online_capable,
		       bool x2apic)
{
	const struct acpi_cpu *c = &info.madt.cpus[i];

	HT_EXPECT_EQ(c->apic_id, apic_id);
	HT_EXPECT_EQ(c->acpi_id, acpi_id);
	HT_EXPECT_EQ(c->enabled, enabled);
	HT_EXPECT_EQ(c->online_capable, online_capable);
	HT_EXPECT_EQ(c->x2apic, x2apic);
}

static void expect_override(int i, u8 irq, u32 gsi, enum acpi_polarity pol, enum acpi_trigger trig)
{
	const struct acpi_irq_override *o = &info.madt.overrides[i];

	HT_EXPECT_EQ(o->bus, 0);
	HT_EXPECT_EQ(o->source_irq, irq);
	HT_EXPECT_EQ(o->gsi, gsi);
	HT_EXPECT_EQ(o->polarity, pol);
	HT_EXPECT_EQ(o->trigger, trig);
}

static void expect_standard_madt(void)
{
	const struct acpi_madt_info *m = &info.madt;

	HT_EXPECT(info.have_madt);
	HT_EXPECT_EQ(m->lapic_phys, LAPIC_OVERRIDE);
	HT_EXPECT(m->pcat_compat);

	HT_EXPECT_EQ(m->nr_cpus, 6);
	HT_EXPECT_EQ(m->cpus_dropped, 0);
	expect_cpu(0, 0, 0, true, false, false);
	expect_cpu(1, 2, 1, true, false, false);
	expect_cpu(2, 4, 2, false, true, false);
	expect_cpu(3, 6, 3, false, false, false);
	expect_cpu(4, 8, 5, true, false, false); /* online capable is moot when enabled */
	expect_cpu(5, 0x100, 4, true, false, true);

	HT_EXPECT_EQ(m->nr_ioapics, 2);
	HT_EXPECT_EQ(m->ioapics_dropped, 0);
	HT_EXPECT_EQ(m->ioapics[0].id, 0);
	HT_EXPECT_EQ(m->ioapics[0].phys, 0xfec00000);
	HT_EXPECT_EQ(m->ioapics[0].gsi_base, 0);
	HT_EXPECT_EQ(m->ioapics[1].id, 1);
	HT_EXPECT_EQ(m->ioapics[1].phys, 0xfec01000);
	HT_EXPECT_EQ(m->ioapics[1].gsi_base, 24);

	HT_EXPECT_EQ(m->nr_overrides, 4);
	HT_EXPECT_EQ(m->overrides_dropped, 0);
	expect_override(0, 0, 2, ACPI_ACTIVE_HIGH, ACPI_EDGE);
	expect_override(1, 9, 9, ACPI_ACTIVE_HIGH, ACPI_LEVEL);
	expect_override(2, 5, 20, ACPI_ACTIVE_LOW, ACPI_LEVEL);
	expect_override(3, 1, 1, ACPI_ACTIVE_LOW, ACPI_EDGE);

	HT_EXPECT_EQ(m->nr_nmis, 2);
	HT_EXPECT_EQ(m->nmis[0].acpi_id, ACPI_ID_ALL_CPUS);
	HT_EXPECT_EQ(m->nmis[0].lint, 1);
	HT_EXPECT_EQ(m->nmis[0].polarity, ACPI_ACTIVE_HIGH);
	HT_EXPECT_EQ(m->nmis[0].trigger, ACPI_EDGE);
	HT_EXPECT_EQ(m->nmis[1].acpi_id, 4);
	HT_EXPECT_EQ(m->nmis[1].lint, 0);
	HT_EXPECT_EQ(m->nmis[1].polarity, ACPI_ACTIVE_LOW);
	HT_EXPECT_EQ(m->nmis[1].trigger, ACPI_LEVEL);
}

static void expect_table(int i, const char *sig, u64 phys, u32 len)
{
	HT_EXPECT_STREQ(info.tables[i].signature, sig);
	HT_EXPECT_EQ(info.tables[i].phys, phys);
	HT_EXPECT_EQ(info.tables[i].length, len);
	HT_EXPECT_STREQ(info.tables[i].oem_id, "TREFOI");
}

/*
 * The problem with this code was reported, about the table sig at phys; returns it (or, after
 * failing the case, a stand-in whose fields match nothing, so callers need not check).
 */
static const struct acpi_problem *expect_problem(enum acpi_problem_code code, const char *sig,
						 u64 phys)
{
	static const struct acpi_problem missing = {
		.signature = "none", .entry_type = 0xee, .offset = ~0u, .value = ~0ull
	};
	const struct acpi_problem *p = find_problem(code);

	if (!p) {
		ht_fail("expected problem \"%s\" to be reported (%d others were)",
			acpi_problem_str(code), nr_problems);
		return &missing;
	}
	HT_EXPECT_STREQ(p->signature, sig);
	HT_EXPECT_EQ(p->phys, phys);
	return p;
}

/* ---- valid firmware ---- */

HT_CASE(rsdp_v1_uses_rsdt_and_parses_madt_exactly)
{
	setup(0);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(nr_problems, 0);
	HT_EXPECT_EQ(info.rsdp_phys, RSDP_PHYS);
	HT_EXPECT_EQ(info.rsdp_revision, 0);
	HT_EXPECT_STREQ(info.oem_id, "TREFOI");
	HT_EXPECT(!info.xsdt);
	HT_EXPECT_STREQ(info.root.signature, "RSDT");
	HT_EXPECT_EQ(info.root.phys, RSDT_PHYS);
	HT_EXPECT_EQ(info.root.length, HDR_LEN + 3 * 4);
	HT_EXPECT_EQ(info.nr_tables, 3);
	expect_table(0, "FACP", FACP_PHYS, HDR_LEN + 208);
	expect_table(1, "APIC", MADT_PHYS, info.tables[1].length);
	expect_table(2, "HPET", HPET_PHYS, HDR_LEN + 20);
	expect_standard_madt();
	fake_reset();
}

HT_CASE(rsdp_v2_uses_xsdt_with_64bit_addresses)
{
	setup(2);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(nr_problems, 0);
	HT_EXPECT_EQ(info.rsdp_revision, 2);
	HT_EXPECT(info.xsdt);
	HT_EXPECT_STREQ(info.root.signature, "XSDT");
	HT_EXPECT_EQ(info.root.phys, XSDT_PHYS);
	HT_EXPECT_EQ(info.nr_tables, 4);
	expect_table(3, "SSDT", SSDT_PHYS, HDR_LEN + 3);
	expect_standard_madt();
	fake_reset();
}

static void cpu_only(struct tbl *t)
{
	lapic(t, 0, 0, CPU_ENABLED);
}

HT_CASE(lapic_address_comes_from_the_header_without_override)
{
	setup_with(0, cpu_only);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(info.madt.lapic_phys, 0xfee00000);
	HT_EXPECT_EQ(info.madt.nr_cpus, 1);
	HT_EXPECT_EQ(info.madt.nr_ioapics, 0);
	fake_reset();
}

HT_CASE(irq_to_gsi_applies_overrides)
{
	enum acpi_polarity pol;
	enum acpi_trigger trig;

	setup(0);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(acpi_irq_to_gsi(&info.madt, 0, &pol, &trig), 2);
	HT_EXPECT_EQ(pol, ACPI_ACTIVE_HIGH);
	HT_EXPECT_EQ(trig, ACPI_EDGE);
	HT_EXPECT_EQ(acpi_irq_to_gsi(&info.madt, 9, &pol, &trig), 9);
	HT_EXPECT_EQ(trig, ACPI_LEVEL);
	HT_EXPECT_EQ(acpi_irq_to_gsi(&info.madt, 5, &pol, &trig), 20);
	HT_EXPECT_EQ(pol, ACPI_ACTIVE_LOW);
	HT_EXPECT_EQ(trig, ACPI_LEVEL);
	HT_EXPECT_EQ(acpi_irq_to_gsi(&info.madt, 1, &pol, &trig), 1);
	HT_EXPECT_EQ(pol, ACPI_ACTIVE_LOW);
	HT_EXPECT_EQ(trig, ACPI_EDGE);
	/* Not overridden: identity, edge, active high. */
	HT_EXPECT_EQ(acpi_irq_to_gsi(&info.madt, 4, &pol, &trig), 4);
	HT_EXPECT_EQ(pol, ACPI_ACTIVE_HIGH);
	HT_EXPECT_EQ(trig, ACPI_EDGE);
	HT_EXPECT_EQ(acpi_irq_to_gsi(&info.madt, 2, NULL, NULL), 2);
	/* No MADT at all: identity. */
	pol = ACPI_ACTIVE_LOW;
	HT_EXPECT_EQ(acpi_irq_to_gsi(NULL, 0, &pol, NULL), 0);
	HT_EXPECT_EQ(pol, ACPI_ACTIVE_HIGH);
	fake_reset();
}

/* ---- a broken RSDP ---- */

HT_CASE(rsdp_bad_signature_means_no_acpi)
{
	setup(2);
	table_at(RSDP_PHYS)[3] = 'X'; /* "RSD XTR ": checksum fixed below, so only this is wrong */
	table_at(RSDP_PHYS)[8] -= 'X' - ' ';
	HT_EXPECT(!parse());
	expect_problem(ACPI_RSDP_BAD_SIGNATURE, "RSDP", RSDP_PHYS);
	HT_EXPECT(!info.have_madt);
	fake_reset();
}

HT_CASE(rsdp_bad_checksum_means_no_acpi)
{
	setup(0);
	table_at(RSDP_PHYS)[16] ^= 0x10; /* the RSDT address, covered by the first checksum */
	HT_EXPECT(!parse());
	expect_problem(ACPI_RSDP_BAD_CHECKSUM, "RSDP", RSDP_PHYS);
	HT_EXPECT(!info.have_madt);
	HT_EXPECT_EQ(info.nr_tables, 0);
	fake_reset();
}

/* Decision: a bad revision 2 part costs only the XSDT; the RSDT is still vouched for. */
HT_CASE(rsdp_bad_ext_checksum_falls_back_to_rsdt)
{
	setup(2);
	table_at(RSDP_PHYS)[24] ^= 0x01; /* the XSDT address: not in the first 20 bytes */
	HT_EXPECT(parse());
	expect_problem(ACPI_RSDP_BAD_EXT_CHECKSUM, "RSDP", RSDP_PHYS);
	HT_EXPECT(!info.xsdt);
	HT_EXPECT_EQ(info.root.phys, RSDT_PHYS);
	expect_standard_madt();
	fake_reset();
}

/* GRUB's "old ACPI" tag copies 20 bytes of a revision 2 RSDP: the length reads as 0. */
HT_CASE(rsdp_bad_ext_length_falls_back_to_rsdt)
{
	u8 *r;

	setup(2);
	r = table_at(RSDP_PHYS);
	memset(r + 20, 0, 16);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_RSDP_BAD_EXT_CHECKSUM, "RSDP", RSDP_PHYS)->value, 0);
	HT_EXPECT(!info.xsdt);
	HT_EXPECT(info.have_madt);
	fake_reset();
}

HT_CASE(unreachable_rsdp_means_no_acpi)
{
	setup(0);
	HT_EXPECT(!acpi_parse(HOLE_PHYS, &ops, &info));
	HT_EXPECT(find_problem(ACPI_TABLE_UNREACHABLE) != NULL);
	fake_reset();
}

/* ---- broken root tables ---- */

HT_CASE(xsdt_bad_checksum_falls_back_to_rsdt)
{
	setup(2);
	table_at(XSDT_PHYS)[HDR_LEN] ^= 0x40;
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_TABLE_BAD_CHECKSUM, "XSDT", XSDT_PHYS)->value, 0x40);
	expect_problem(ACPI_ROOT_FALLBACK, "XSDT", XSDT_PHYS);
	HT_EXPECT(!info.xsdt);
	HT_EXPECT_STREQ(info.root.signature, "RSDT");
	HT_EXPECT_EQ(info.nr_tables, 3);
	expect_standard_madt();
	fake_reset();
}

HT_CASE(xsdt_wrong_signature_falls_back_to_rsdt)
{
	u8 *x;

	setup(2);
	x = table_at(XSDT_PHYS);
	memcpy(x, "\001SD\377", 4);
	fix_checksum(x, HDR_LEN + 4 * 8);
	HT_EXPECT(parse());
	expect_problem(ACPI_TABLE_BAD_SIGNATURE, "?SD?", XSDT_PHYS); /* unprintable bytes as '?' */
	HT_EXPECT(!info.xsdt);
	HT_EXPECT(info.have_madt);
	fake_reset();
}

HT_CASE(rsdt_bad_checksum_means_no_acpi)
{
	setup(0);
	table_at(RSDT_PHYS)[HDR_LEN] ^= 0x01;
	HT_EXPECT(!parse());
	expect_problem(ACPI_TABLE_BAD_CHECKSUM, "RSDT", RSDT_PHYS);
	HT_EXPECT(!info.have_madt);
	fake_reset();
}

HT_CASE(unreachable_and_null_entries_are_skipped)
{
	static const u32 rsdt[] = { HOLE_PHYS, 0, MADT_PHYS };

	setup(0);
	install_rsdt(rsdt, 3);
	HT_EXPECT(parse());
	expect_problem(ACPI_TABLE_UNREACHABLE, "????", HOLE_PHYS);
	expect_problem(ACPI_TABLE_NULL_ENTRY, "RSDT", RSDT_PHYS);
	HT_EXPECT_EQ(info.nr_tables, 1);
	expect_standard_madt();
	fake_reset();
}

HT_CASE(second_madt_is_ignored)
{
	static const u32 rsdt[] = { MADT_PHYS, MADT_PHYS };

	setup(0);
	install_rsdt(rsdt, 2);
	HT_EXPECT(parse());
	expect_problem(ACPI_MADT_DUPLICATE, "APIC", MADT_PHYS);
	HT_EXPECT_EQ(info.nr_tables, 2);
	expect_standard_madt(); /* parsed once: nothing counted twice */
	fake_reset();
}

/* ---- a broken MADT ---- */

HT_CASE(madt_bad_checksum_is_skipped_and_reported)
{
	u8 *madt = setup(2);

	madt[MADT_FIXED_LEN + 3] ^= 0x01; /* the first CPU's APIC id */
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_TABLE_BAD_CHECKSUM, "APIC", MADT_PHYS)->value, 1);
	HT_EXPECT(!info.have_madt);
	HT_EXPECT_EQ(info.madt.nr_cpus, 0);
	HT_EXPECT_EQ(info.nr_tables, 3); /* the other tables are still there */
	HT_EXPECT_STREQ(info.tables[1].signature, "HPET");
	fake_reset();
}

HT_CASE(madt_absurd_length_is_skipped)
{
	u8 *madt = setup(0);

	set32(madt + 4, 2 * 1024 * 1024);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_TABLE_BAD_LENGTH, "APIC", MADT_PHYS)->value,
		     2 * 1024 * 1024);
	HT_EXPECT(!info.have_madt);
	HT_EXPECT_EQ(info.nr_tables, 2);
	fake_reset();
}

HT_CASE(madt_length_below_the_header_is_skipped)
{
	u8 *madt = setup(0);

	set32(madt + 4, 20);
	fix_checksum(madt, 20);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_TABLE_BAD_LENGTH, "APIC", MADT_PHYS)->value, 20);
	HT_EXPECT(!info.have_madt);
	HT_EXPECT_EQ(info.nr_tables, 2); /* not trusted, so not listed either */
	fake_reset();
}

/* A root table shorter than a header would make its entry count wrap around. */
HT_CASE(rsdt_length_below_the_header_means_no_acpi)
{
	u8 *rsdt;

	setup(0);
	rsdt = table_at(RSDT_PHYS);
	set32(rsdt + 4, 20);
	fix_checksum(rsdt, 20);
	HT_EXPECT(!parse());
	HT_EXPECT_EQ(expect_problem(ACPI_TABLE_BAD_LENGTH, "RSDT", RSDT_PHYS)->value, 20);
	HT_EXPECT_EQ(info.nr_tables, 0);
	fake_reset();
}

/* A valid table, but too short for the local APIC address and flags. */
HT_CASE(madt_without_its_fixed_fields_is_skipped)
{
	static struct tbl t;
	static const u32 rsdt[] = { MADT_PHYS };

	fake_reset();
	install_rsdp(0);
	install_rsdt(rsdt, 1);
	header(&t, "APIC");
	put32(&t, 0xfee00000);
	install(&t, MADT_PHYS);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_TABLE_BAD_LENGTH, "APIC", MADT_PHYS)->value, 40);
	HT_EXPECT(!info.have_madt);
	fake_reset();
}

/* The last entry claims to be an I/O APIC but has 8 bytes, not 12, and the table ends there. */
static void truncated_ioapic(struct tbl *t)
{
	lapic(t, 0, 0, CPU_ENABLED);
	put8(t, 1);
	put8(t, 8);
	put8(t, 0);
	put8(t, 0);
	put32(t, 0xfec00000);
}

HT_CASE(truncated_entry_ends_the_walk)
{
	const struct acpi_problem *p;

	setup_with(0, truncated_ioapic);
	HT_EXPECT(parse());
	p = expect_problem(ACPI_MADT_ENTRY_TOO_SHORT, "APIC", MADT_PHYS);
	HT_EXPECT_EQ(p->entry_type, 1);
	HT_EXPECT_EQ(p->offset, MADT_FIXED_LEN + 8);
	HT_EXPECT_EQ(p->value, 8);
	HT_EXPECT(info.have_madt); /* what came before is kept */
	HT_EXPECT_EQ(info.madt.nr_cpus, 1);
	HT_EXPECT_EQ(info.madt.nr_ioapics, 0);
	fake_reset();
}

static void zero_length_entry(struct tbl *t)
{
	lapic(t, 0, 0, CPU_ENABLED);
	put8(t, 0);
	put8(t, 0); /* length 0: a parser that trusts it never moves on */
	put16(t, 0);
	put32(t, 0);
	lapic(t, 1, 1, CPU_ENABLED);
}

HT_CASE(zero_length_entry_ends_the_walk)
{
	const struct acpi_problem *p;

	alarm(5); /* an infinite loop kills the test (SIGALRM) instead of hanging it */
	setup_with(0, zero_length_entry);
	HT_EXPECT(parse());
	alarm(0);
	p = expect_problem(ACPI_MADT_ENTRY_TOO_SHORT, "APIC", MADT_PHYS);
	HT_EXPECT_EQ(p->offset, MADT_FIXED_LEN + 8);
	HT_EXPECT_EQ(p->value, 0);
	HT_EXPECT_EQ(info.madt.nr_cpus, 1);
	fake_reset();
}

/* An x2APIC entry of 16 bytes of which the table holds only 12. */
static void entry_past_end(struct tbl *t)
{
	lapic(t, 0, 0, CPU_ENABLED);
	x2apic(t, 0x200, 9, CPU_ENABLED);
	t->len -= 4;
}

HT_CASE(entry_past_the_table_end_ends_the_walk)
{
	const struct acpi_problem *p;

	setup_with(0, entry_past_end);
	HT_EXPECT(parse());
	p = expect_problem(ACPI_MADT_ENTRY_PAST_END, "APIC", MADT_PHYS);
	HT_EXPECT_EQ(p->entry_type, 9);
	HT_EXPECT_EQ(p->value, 16);
	HT_EXPECT_EQ(info.madt.nr_cpus, 1);
	fake_reset();
}

/* A single byte after the last entry: not even room for a type and a length. */
static void stray_byte(struct tbl *t)
{
	lapic(t, 0, 0, CPU_ENABLED);
	put8(t, 0);
}

HT_CASE(stray_trailing_byte_is_reported)
{
	setup_with(0, stray_byte);
	HT_EXPECT(parse());
	expect_problem(ACPI_MADT_ENTRY_PAST_END, "APIC", MADT_PHYS);
	HT_EXPECT_EQ(info.madt.nr_cpus, 1);
	fake_reset();
}

static void too_many_cpus(struct tbl *t)
{
	for (int i = 0; i < ACPI_MAX_CPUS + 6; i++)
		lapic(t, (u8)i, (u8)i, CPU_ENABLED);
}

HT_CASE(cpus_beyond_the_maximum_are_counted_as_dropped)
{
	const struct acpi_problem *p;

	setup_with(0, too_many_cpus);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(info.madt.nr_cpus, ACPI_MAX_CPUS);
	HT_EXPECT_EQ(info.madt.cpus_dropped, 6);
	HT_EXPECT_EQ(info.madt.cpus[ACPI_MAX_CPUS - 1].apic_id, ACPI_MAX_CPUS - 1);
	p = expect_problem(ACPI_MADT_DROPPED, "APIC", MADT_PHYS);
	HT_EXPECT_EQ(p->entry_type, 0);
	HT_EXPECT_EQ(p->value, 6);
	fake_reset();
}

static void too_many_ioapics_and_overrides(struct tbl *t)
{
	for (int i = 0; i < ACPI_MAX_IOAPICS + 1; i++)
		ioapic(t, (u8)i, 0xfec00000 + i * 0x1000, i * 24);
	for (int i = 0; i < ACPI_MAX_OVERRIDES + 2; i++)
		iso(t, (u8)i, i, 0);
}

HT_CASE(ioapics_and_overrides_beyond_the_maximum_are_counted)
{
	setup_with(0, too_many_ioapics_and_overrides);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(info.madt.nr_ioapics, ACPI_MAX_IOAPICS);
	HT_EXPECT_EQ(info.madt.ioapics_dropped, 1);
	HT_EXPECT_EQ(info.madt.nr_overrides, ACPI_MAX_OVERRIDES);
	HT_EXPECT_EQ(info.madt.overrides_dropped, 2);
	HT_EXPECT(find_problem(ACPI_MADT_DROPPED) != NULL);
	fake_reset();
}

static void reserved_flags(struct tbl *t)
{
	iso(t, 3, 3, 0x2 | (0x3 << 2)); /* polarity 2 is reserved */
}

HT_CASE(reserved_polarity_is_reported_and_defaulted)
{
	setup_with(0, reserved_flags);
	HT_EXPECT(parse());
	HT_EXPECT_EQ(expect_problem(ACPI_MADT_BAD_FLAGS, "APIC", MADT_PHYS)->value, 0xe);
	HT_EXPECT_EQ(info.madt.nr_overrides, 1);
	expect_override(0, 3, 3, ACPI_ACTIVE_HIGH, ACPI_LEVEL);
	fake_reset();
}

HT_CASE(report_callback_may_be_null)
{
	static const struct acpi_parse_ops quiet = { .map = fake_map };

	setup_with(0, zero_length_entry);
	HT_EXPECT(acpi_parse(RSDP_PHYS, &quiet, &info));
	HT_EXPECT_EQ(info.madt.nr_cpus, 1);
	fake_reset();
}

HT_CASE(problem_codes_have_text)
{
	for (int c = ACPI_RSDP_BAD_SIGNATURE; c <= ACPI_TABLES_DROPPED; c++)
		HT_EXPECT(strcmp(acpi_problem_str(c), "unknown problem") != 0);
	HT_EXPECT_STREQ(acpi_problem_str((enum acpi_problem_code)999), "unknown problem");
}

HT_MAIN("acpi", rsdp_v1_uses_rsdt_and_parses_madt_exactly, rsdp_v2_uses_xsdt_with_64bit_addresses,
	lapic_address_comes_from_the_header_without_override, irq_to_gsi_applies_overrides,
	rsdp_bad_signature_means_no_acpi, rsdp_bad_checksum_means_no_acpi,
	rsdp_bad_ext_checksum_falls_back_to_rsdt, rsdp_bad_ext_length_falls_back_to_rsdt,
	unreachable_rsdp_means_no_acpi, xsdt_bad_checksum_falls_back_to_rsdt,
	xsdt_wrong_signature_falls_back_to_rsdt, rsdt_bad_checksum_means_no_acpi,
	unreachable_and_null_entries_are_skipped, second_madt_is_ignored,
	madt_bad_checksum_is_skipped_and_reported, madt_absurd_length_is_skipped,
	madt_length_below_the_header_is_skipped, rsdt_length_below_the_header_means_no_acpi,
	madt_without_its_fixed_fields_is_skipped, truncated_entry_ends_the_walk,
	zero_length_entry_ends_the_walk, entry_past_the_table_end_ends_the_walk,
	stray_trailing_byte_is_reported, cpus_beyond_the_maximum_are_counted_as_dropped,
	ioapics_and_overrides_beyond_the_maximum_are_counted,
	reserved_polarity_is_reported_and_defaulted, report_callback_may_be_null,
	problem_codes_have_text)
