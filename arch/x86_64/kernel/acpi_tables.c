/* SPDX-License-Identifier: MIT */
/*
 * The ACPI table parser: RSDP -> RSDT or XSDT -> every table it lists -> the MADT.
 *
 * Pure code: it touches physical memory only through ops->map and includes nothing from the
 * kernel, so tests/host/test_acpi.c compiles it for the host and feeds it crafted, broken tables.
 * The layouts below are from the ACPI specification (6.5): section 5.2.5 (RSDP), 5.2.6 (table
 * header), 5.2.7/5.2.8 (RSDT/XSDT) and 5.2.12 (MADT).
 *
 * Every table is firmware input: a length is checked before anything is read through it, and the
 * checked value is kept in a local, never read again from the table.
 */
/* The full path: host tests are built with -I. only, without arch/x86_64/include. */
#include "arch/x86_64/include/asm/acpi.h"

#include "lib/compiler.h"
#include "lib/string.h"
#include "lib/types.h"

#define ACPI_SIG_RSDP "RSD PTR "
#define ACPI_SIG_RSDT "RSDT"
#define ACPI_SIG_XSDT "XSDT"
#define ACPI_SIG_MADT "APIC"

/* The Root System Description Pointer. The first 20 bytes are ACPI 1.0's. */
struct acpi_rsdp {
	char signature[8];
	u8 checksum; /* the first 20 bytes sum to 0 */
	char oem_id[6];
	u8 revision;
	u32 rsdt_address;
	/* revision >= 2 */
	u32 length; /* of the whole RSDP */
	u64 xsdt_address;
	u8 ext_checksum; /* all length bytes sum to 0 */
	u8 reserved[3];
} __packed;

#define RSDP_V1_LEN  20
#define RSDP_V2_LEN  36
#define RSDP_MAX_LEN 1024 /* 36 in every ACPI version so far; larger is corruption */

/* The header every table other than the RSDP starts with. */
struct acpi_table_header {
	char signature[4];
	u32 length; /* of the whole table, header included */
	u8 revision;
	u8 checksum; /* all length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_table_header header;
	u32 lapic_address;
	u32 flags;
	/* followed by variable-length entries, each starting with struct madt_entry */
} __packed;

#define ACPI_MADT_PCAT_COMPAT (1u << 0)

struct madt_entry {
	u8 type;
	u8 length; /* of the whole entry */
} __packed;

enum madt_type {
	MADT_LOCAL_APIC = 0,
	MADT_IO_APIC = 1,
	MADT_INT_OVERRIDE = 2,
	MADT_LOCAL_APIC_NMI = 4,
	MADT_LAPIC_ADDR_OVERRIDE = 5,
	MADT_LOCAL_X2APIC = 9,
	MADT_LOCAL_X2APIC_NMI = 10,
	MADT_NR_KNOWN_TYPES,
};

struct madt_local_apic {
	struct madt_entry e;
	u8 acpi_id;
	u8 apic_id;
	u32 flags; /* MADT_CPU_* */
} __packed;

struct madt_io_apic {
	struct madt_entry e;
	u8 id;
	u8 reserved;
	u32 address;
	u32 gsi_base;
} __packed;

struct madt_int_override {
	struct madt_entry e;
	u8 bus;
	u8 source_irq;
	u32 gsi;
	u16 flags; /* MPS INTI flags */
} __packed;

struct madt_local_apic_nmi {
	struct madt_entry e;
	u8 acpi_id; /* 0xff: all processors */
	u16 flags;  /* MPS INTI flags */
	u8 lint;
} __packed;

struct madt_lapic_addr_override {
	struct madt_entry e;
	u16 reserved;
	u64 address;
} __packed;

struct madt_local_x2apic {
	struct madt_entry e;
	u16 reserved;
	u32 x2apic_id;
	u32 flags; /* MADT_CPU_* */
	u32 acpi_id;
} __packed;

struct madt_local_x2apic_nmi {
	struct madt_entry e;
	u16 flags;   /* MPS INTI flags */
	u32 acpi_id; /* 0xffffffff: all processors */
	u8 lint;
	u8 reserved[3];
} __packed;

#define MADT_CPU_ENABLED	(1u << 0)
#define MADT_CPU_ONLINE_CAPABLE (1u << 1)

#define MADT_ACPI_ID_ALL_8BIT 0xff

/* MPS INTI flags: polarity in bits 1:0, trigger mode in bits 3:2. */
#define MPS_POLARITY_MASK     0x3
#define MPS_POLARITY_CONFORMS 0x0
#define MPS_POLARITY_HIGH     0x1
#define MPS_POLARITY_LOW      0x3
#define MPS_TRIGGER_SHIFT     2
#define MPS_TRIGGER_MASK      0x3
#define MPS_TRIGGER_CONFORMS  0x0
#define MPS_TRIGGER_EDGE      0x1
#define MPS_TRIGGER_LEVEL     0x3

/* The shortest each known entry type may be (newer revisions may make entries longer). */
static const u8 madt_entry_min_len[MADT_NR_KNOWN_TYPES] = {
	[MADT_LOCAL_APIC] = sizeof(struct madt_local_apic),
	[MADT_IO_APIC] = sizeof(struct madt_io_apic),
	[MADT_INT_OVERRIDE] = sizeof(struct madt_int_override),
	[MADT_LOCAL_APIC_NMI] = sizeof(struct madt_local_apic_nmi),
	[MADT_LAPIC_ADDR_OVERRIDE] = sizeof(struct madt_lapic_addr_override),
	[MADT_LOCAL_X2APIC] = sizeof(struct madt_local_x2apic),
	[MADT_LOCAL_X2APIC_NMI] = sizeof(struct madt_local_x2apic_nmi),
};

_Static_assert(sizeof(struct acpi_rsdp) == RSDP_V2_LEN, "RSDP layout");
_Static_assert(sizeof(struct acpi_table_header) == 36, "table header layout");
_Static_assert(sizeof(struct acpi_madt) == 44, "MADT layout");
_Static_assert(sizeof(struct madt_local_x2apic) == 16, "x2APIC entry layout");

/* The state of one acpi_parse() call. */
struct acpi_parser {
	const struct acpi_parse_ops *ops;
	struct acpi_info *out;
};

static const char *const problem_text[] = {
	[ACPI_RSDP_BAD_SIGNATURE] = "no \"RSD PTR \" signature",
	[ACPI_RSDP_BAD_CHECKSUM] = "checksum of the first 20 bytes is not zero",
	[ACPI_RSDP_BAD_EXT_CHECKSUM] = "bad length or extended checksum: XSDT ignored, RSDT used",
	[ACPI_TABLE_UNREACHABLE] = "cannot be mapped",
	[ACPI_TABLE_NULL_ENTRY] = "root table lists address 0",
	[ACPI_TABLE_BAD_SIGNATURE] = "not the table expected here (wrong signature)",
	[ACPI_TABLE_BAD_LENGTH] = "length too short for its header, or over 1 MiB",
	[ACPI_TABLE_BAD_CHECKSUM] = "checksum is not zero",
	[ACPI_ROOT_FALLBACK] = "XSDT unusable: falling back to the RSDT",
	[ACPI_MADT_DUPLICATE] = "second MADT ignored",
	[ACPI_MADT_ENTRY_TOO_SHORT] = "entry too short for its type: rest of the MADT ignored",
	[ACPI_MADT_ENTRY_PAST_END] = "entry runs past the end of the table: rest ignored",
	[ACPI_MADT_BAD_FLAGS] = "reserved polarity or trigger mode: treated as bus default",
	[ACPI_MADT_DROPPED] = "entries did not fit and were dropped",
	[ACPI_TABLES_DROPPED] = "tables did not fit in the table list",
};

const char *acpi_problem_str(enum acpi_problem_code code)
{
	if ((unsigned int)code >= ARRAY_SIZE(problem_text) || !problem_text[code])
		return "unknown problem";
	return problem_text[code];
}

/* Copy n bytes of firmware text into a NUL-terminated string, unprintable bytes as '?'. */
static void copy_text(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (src[i] >= ' ' && src[i] <= '~') ? src[i] : '?';
	dst[n] = '\0';
}

static void emit(struct acpi_parser *p, struct acpi_problem *pb, const char *sig)
{
	if (!p->ops->report)
		return;
	copy_text(pb->signature, sig, 4);
	p->ops->report(pb, p->ops->ctx);
}

/* Report a problem with the table (signature sig) at phys. */
static void report(struct acpi_parser *p, enum acpi_problem_code code, const char *sig,
		   phys_addr_t phys, u64 value)
{
	struct acpi_problem pb = { .code = code, .phys = phys, .value = value };

	emit(p, &pb, sig);
}

/* Report a problem with the entry of the given type at offset in the MADT at phys madt. */
static void report_entry(struct acpi_parser *p, enum acpi_problem_code code, phys_addr_t madt,
			 u8 type, u32 offset, u64 value)
{
	struct acpi_problem pb = {
		.code = code, .phys = madt, .entry_type = type, .offset = offset, .value = value
	};

	emit(p, &pb, ACPI_SIG_MADT);
}

static u8 byte_sum(const void *buf, size_t len)
{
	const u8 *b = buf;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static const void *map(struct acpi_parser *p, phys_addr_t phys, size_t len)
{
	return p->ops->map(phys, len, p->ops->ctx);
}

/*
 * Map the table at phys and check it: signature (if expect_sig), length, checksum. Returns the
 * whole table and its checked length in *len, or NULL (the problem reported).
 */
static const struct acpi_table_header *map_table(struct acpi_parser *p, phys_addr_t phys,
						 const char *expect_sig, u32 *len)
{
	const struct acpi_table_header *h = map(p, phys, sizeof(*h));
	u32 length;
	u8 sum;

	if (!h) {
		report(p, ACPI_TABLE_UNREACHABLE, expect_sig ? expect_sig : "????", phys,
		       sizeof(*h));
		return NULL;
	}
	if (expect_sig && memcmp(h->signature, expect_sig, 4) != 0) {
		report(p, ACPI_TABLE_BAD_SIGNATURE, h->signature, phys, 0);
		return NULL;
	}
	length = h->length;
	if (length < sizeof(*h) || length > ACPI_TABLE_MAX_LEN) {
		report(p, ACPI_TABLE_BAD_LENGTH, h->signature, phys, length);
		return NULL;
	}
	h = map(p, phys, length);
	if (!h) {
		report(p, ACPI_TABLE_UNREACHABLE, expect_sig ? expect_sig : "????", phys, length);
		return NULL;
	}
	sum = byte_sum(h, length);
	if (sum != 0) {
		report(p, ACPI_TABLE_BAD_CHECKSUM, h->signature, phys, sum);
		return NULL;
	}
	*len = length;
	return h;
}

static void describe(struct acpi_table_desc *d, const struct acpi_table_header *h, phys_addr_t phys,
		     u32 len)
{
	copy_text(d->signature, h->signature, sizeof(h->signature));
	copy_text(d->oem_id, h->oem_id, sizeof(h->oem_id));
	d->revision = h->revision;
	d->length = len;
	d->phys = phys;
}

static void add_cpu(struct acpi_madt_info *m, u32 apic_id, u32 acpi_id, u32 flags, bool x2apic)
{
	struct acpi_cpu *c;

	if (m->nr_cpus == ACPI_MAX_CPUS) {
		m->cpus_dropped++;
		return;
	}
	c = &m->cpus[m->nr_cpus++];
	c->apic_id = apic_id;
	c->acpi_id = acpi_id;
	c->enabled = flags & MADT_CPU_ENABLED;
	/* Online capable means something only for a CPU that is not already enabled. */
	c->online_capable = !c->enabled && (flags & MADT_CPU_ONLINE_CAPABLE);
	c->x2apic = x2apic;
}

static void add_ioapic(struct acpi_madt_info *m, const struct madt_io_apic *e)
{
	struct acpi_ioapic *io;

	if (m->nr_ioapics == ACPI_MAX_IOAPICS) {
		m->ioapics_dropped++;
		return;
	}
	io = &m->ioapics[m->nr_ioapics++];
	io->id = e->id;
	io->phys = e->address;
	io->gsi_base = e->gsi_base;
}

/*
 * Decode MPS INTI flags. "Conforms to the bus" means the ISA defaults, active high and edge: ISA
 * is the only bus these entries describe. Returns false if a field holds the reserved value 2
 * (which then also gets the default).
 */
static bool decode_inti(u16 flags, enum acpi_polarity *pol, enum acpi_trigger *trig)
{
	u16 p = flags & MPS_POLARITY_MASK;
	u16 t = (flags >> MPS_TRIGGER_SHIFT) & MPS_TRIGGER_MASK;

	*pol = p == MPS_POLARITY_LOW ? ACPI_ACTIVE_LOW : ACPI_ACTIVE_HIGH;
	*trig = t == MPS_TRIGGER_LEVEL ? ACPI_LEVEL : ACPI_EDGE;
	return (p == MPS_POLARITY_CONFORMS || p == MPS_POLARITY_HIGH || p == MPS_POLARITY_LOW) &&
	       (t == MPS_TRIGGER_CONFORMS || t == MPS_TRIGGER_EDGE || t == MPS_TRIGGER_LEVEL);
}

/* Returns false if the flags hold a reserved value (the entry is recorded anyway). */
static bool add_override(struct acpi_madt_info *m, const struct madt_int_override *e)
{
	struct acpi_irq_override *o;
	enum acpi_polarity pol;
	enum acpi_trigger trig;
	bool ok = decode_inti(e->flags, &pol, &trig);

	if (m->nr_overrides == ACPI_MAX_OVERRIDES) {
		m->overrides_dropped++;
		return ok;
	}
	o = &m->overrides[m->nr_overrides++];
	o->bus = e->bus;
	o->source_irq = e->source_irq;
	o->gsi = e->gsi;
	o->polarity = pol;
	o->trigger = trig;
	return ok;
}

/* Returns false if the flags hold a reserved value (the entry is recorded anyway). */
static bool add_nmi(struct acpi_madt_info *m, u32 acpi_id, u8 lint, u16 flags)
{
	struct acpi_lapic_nmi *n;
	enum acpi_polarity pol;
	enum acpi_trigger trig;
	bool ok = decode_inti(flags, &pol, &trig);

	if (m->nr_nmis == ACPI_MAX_NMIS) {
		m->nmis_dropped++;
		return ok;
	}
	n = &m->nmis[m->nr_nmis++];
	n->acpi_id = acpi_id;
	n->lint = lint;
	n->polarity = pol;
	n->trigger = trig;
	return ok;
}

/* The 8-bit "all processors" id widened to the x2APIC entries' 32-bit one. */
static u32 nmi_acpi_id(u8 acpi_id)
{
	return acpi_id == MADT_ACPI_ID_ALL_8BIT ? ACPI_ID_ALL_CPUS : acpi_id;
}

/* Record one entry whose length has been checked against its type. */
static void parse_madt_entry(struct acpi_parser *p, phys_addr_t madt, u32 offset,
			     const struct madt_entry *e)
{
	struct acpi_madt_info *m = &p->out->madt;
	const struct madt_local_apic *la = (const void *)e;
	const struct madt_local_x2apic *x2 = (const void *)e;
	const struct madt_int_override *iso = (const void *)e;
	const struct madt_local_apic_nmi *nmi = (const void *)e;
	const struct madt_local_x2apic_nmi *x2nmi = (const void *)e;
	const struct madt_lapic_addr_override *lao = (const void *)e;
	bool flags_ok = true;
	u16 inti = 0;

	switch (e->type) {
	case MADT_LOCAL_APIC:
		add_cpu(m, la->apic_id, la->acpi_id, la->flags, false);
		break;
	case MADT_LOCAL_X2APIC:
		add_cpu(m, x2->x2apic_id, x2->acpi_id, x2->flags, true);
		break;
	case MADT_IO_APIC:
		add_ioapic(m, (const void *)e);
		break;
	case MADT_INT_OVERRIDE:
		inti = iso->flags;
		flags_ok = add_override(m, iso);
		break;
	case MADT_LOCAL_APIC_NMI:
		inti = nmi->flags;
		flags_ok = add_nmi(m, nmi_acpi_id(nmi->acpi_id), nmi->lint, inti);
		break;
	case MADT_LOCAL_X2APIC_NMI:
		inti = x2nmi->flags;
		flags_ok = add_nmi(m, x2nmi->acpi_id, x2nmi->lint, inti);
		break;
	case MADT_LAPIC_ADDR_OVERRIDE:
		m->lapic_phys = lao->address; /* wins over the header's, whatever the order */
		break;
	default:
		break; /* a type we do not use (or a newer one): skipped */
	}
	if (!flags_ok)
		report_entry(p, ACPI_MADT_BAD_FLAGS, madt, e->type, offset, inti);
}

/*
 * The length of the entry at offset in a MADT of len bytes, or 0 (reported) if the entry is too
 * short for its type or runs past the end.
 */
static u32 madt_entry_len(struct acpi_parser *p, phys_addr_t madt, const u8 *base, u32 offset,
			  u32 len)
{
	const struct madt_entry *e;
	u8 min_len, length;

	if (len - offset < sizeof(*e)) {
		report_entry(p, ACPI_MADT_ENTRY_PAST_END, madt, 0, offset, len - offset);
		return 0;
	}
	e = (const void *)(base + offset);
	length = e->length;
	min_len = sizeof(*e); /* an unknown type needs only a type and a length */
	if (e->type < MADT_NR_KNOWN_TYPES && madt_entry_min_len[e->type])
		min_len = madt_entry_min_len[e->type];
	/* Also what keeps a zero-length entry from looping forever. */
	if (length < min_len) {
		report_entry(p, ACPI_MADT_ENTRY_TOO_SHORT, madt, e->type, offset, length);
		return 0;
	}
	if (length > len - offset) {
		report_entry(p, ACPI_MADT_ENTRY_PAST_END, madt, e->type, offset, length);
		return 0;
	}
	return length;
}

static void report_dropped(struct acpi_parser *p, phys_addr_t madt, u8 type, u32 dropped)
{
	if (dropped)
		report_entry(p, ACPI_MADT_DROPPED, madt, type, 0, dropped);
}

/* Parse a checked MADT of len bytes. Returns false (reported) if it is too short to be one. */
static bool parse_madt(struct acpi_parser *p, const struct acpi_table_header *h, phys_addr_t phys,
		       u32 len)
{
	const struct acpi_madt *madt = (const void *)h;
	struct acpi_madt_info *m = &p->out->madt;
	u32 offset, entry_len;

	if (len < sizeof(*madt)) {
		report(p, ACPI_TABLE_BAD_LENGTH, h->signature, phys, len);
		return false;
	}
	memset(m, 0, sizeof(*m));
	m->lapic_phys = madt->lapic_address;
	m->pcat_compat = madt->flags & ACPI_MADT_PCAT_COMPAT;

	for (offset = sizeof(*madt); offset < len; offset += entry_len) {
		entry_len = madt_entry_len(p, phys, (const u8 *)h, offset, len);
		if (!entry_len)
			break;
		parse_madt_entry(p, phys, offset, (const void *)((const u8 *)h + offset));
	}
	report_dropped(p, phys, MADT_LOCAL_APIC, m->cpus_dropped);
	report_dropped(p, phys, MADT_IO_APIC, m->ioapics_dropped);
	report_dropped(p, phys, MADT_INT_OVERRIDE, m->overrides_dropped);
	report_dropped(p, phys, MADT_LOCAL_APIC_NMI, m->nmis_dropped);
	return true;
}

/* Check one table the root lists; record it, and parse it if it is the first MADT. */
static void visit_table(struct acpi_parser *p, phys_addr_t phys)
{
	struct acpi_info *out = p->out;
	const struct acpi_table_header *h;
	u32 len;

	if (!phys) {
		report(p, ACPI_TABLE_NULL_ENTRY, out->root.signature, out->root.phys, 0);
		return;
	}
	h = map_table(p, phys, NULL, &len);
	if (!h)
		return;
	if (out->nr_tables < ACPI_MAX_TABLES)
		describe(&out->tables[out->nr_tables++], h, phys, len);
	else
		out->tables_dropped++;

	if (memcmp(h->signature, ACPI_SIG_MADT, 4) != 0)
		return;
	if (out->have_madt)
		report(p, ACPI_MADT_DUPLICATE, h->signature, phys, 0);
	else
		out->have_madt = parse_madt(p, h, phys, len);
}

/* Visit every table the root lists: entry_size is 4 (RSDT) or 8 (XSDT) bytes per address. */
static void walk_root(struct acpi_parser *p, const struct acpi_table_header *root, u32 len,
		      u32 entry_size)
{
	const u8 *entries = (const u8 *)root + sizeof(*root);
	u32 n = (len - sizeof(*root)) / entry_size; /* trailing odd bytes are ignored */

	for (u32 i = 0; i < n; i++) {
		phys_addr_t phys;

		if (entry_size == sizeof(u64)) {
			u64 a;

			memcpy(&a, entries + i * entry_size, sizeof(a)); /* only 4-byte aligned */
			phys = a;
		} else {
			u32 a;

			memcpy(&a, entries + i * entry_size, sizeof(a));
			phys = a;
		}
		visit_table(p, phys);
	}
	if (p->out->tables_dropped)
		report(p, ACPI_TABLES_DROPPED, root->signature, p->out->root.phys,
		       p->out->tables_dropped);
}

/*
 * Check the RSDP. Returns false if there is no ACPI; else sets *xsdt_phys to the XSDT's address
 * if the revision 2 part is valid (0 otherwise) and *rsdt_phys to the RSDT's.
 */
static bool check_rsdp(struct acpi_parser *p, phys_addr_t phys, phys_addr_t *rsdt_phys,
		       phys_addr_t *xsdt_phys)
{
	const struct acpi_rsdp *r = map(p, phys, RSDP_V1_LEN);
	u32 length;
	u8 sum;

	*xsdt_phys = 0;
	if (!r) {
		report(p, ACPI_TABLE_UNREACHABLE, "RSDP", phys, RSDP_V1_LEN);
		return false;
	}
	if (memcmp(r->signature, ACPI_SIG_RSDP, sizeof(r->signature)) != 0) {
		report(p, ACPI_RSDP_BAD_SIGNATURE, "RSDP", phys, 0);
		return false;
	}
	sum = byte_sum(r, RSDP_V1_LEN);
	if (sum != 0) {
		report(p, ACPI_RSDP_BAD_CHECKSUM, "RSDP", phys, sum);
		return false;
	}
	p->out->rsdp_revision = r->revision;
	copy_text(p->out->oem_id, r->oem_id, sizeof(r->oem_id));
	*rsdt_phys = r->rsdt_address;
	if (r->revision < 2)
		return true;

	/* Only now may the bytes past the first 20 be read. */
	r = map(p, phys, RSDP_V2_LEN);
	length = r ? r->length : 0;
	if (length < RSDP_V2_LEN || length > RSDP_MAX_LEN) {
		report(p, ACPI_RSDP_BAD_EXT_CHECKSUM, "RSDP", phys, length);
		return true;
	}
	r = map(p, phys, length);
	if (!r || byte_sum(r, length) != 0) {
		report(p, ACPI_RSDP_BAD_EXT_CHECKSUM, "RSDP", phys, length);
		return true;
	}
	*xsdt_phys = r->xsdt_address;
	return true;
}

/* Check the XSDT (if any), else the RSDT, and make the valid one out->root. */
static const struct acpi_table_header *find_root(struct acpi_parser *p, phys_addr_t rsdt_phys,
						 phys_addr_t xsdt_phys, u32 *len)
{
	const struct acpi_table_header *root;

	if (xsdt_phys) {
		root = map_table(p, xsdt_phys, ACPI_SIG_XSDT, len);
		if (root) {
			p->out->xsdt = true;
			describe(&p->out->root, root, xsdt_phys, *len);
			return root;
		}
		report(p, ACPI_ROOT_FALLBACK, ACPI_SIG_XSDT, xsdt_phys, 0);
	}
	root = map_table(p, rsdt_phys, ACPI_SIG_RSDT, len);
	if (root)
		describe(&p->out->root, root, rsdt_phys, *len);
	return root;
}

bool acpi_parse(phys_addr_t rsdp_phys, const struct acpi_parse_ops *ops, struct acpi_info *out)
{
	struct acpi_parser p = { .ops = ops, .out = out };
	const struct acpi_table_header *root;
	phys_addr_t rsdt_phys, xsdt_phys;
	u32 len;

	memset(out, 0, sizeof(*out));
	out->rsdp_phys = rsdp_phys;
	if (!check_rsdp(&p, rsdp_phys, &rsdt_phys, &xsdt_phys))
		return false;
	root = find_root(&p, rsdt_phys, xsdt_phys, &len);
	if (!root)
		return false;
	walk_root(&p, root, len, out->xsdt ? sizeof(u64) : sizeof(u32));
	return true;
}

u32 acpi_irq_to_gsi(const struct acpi_madt_info *madt, u8 irq, enum acpi_polarity *polarity,
		    enum acpi_trigger *trigger)
{
	enum acpi_polarity pol = ACPI_ACTIVE_HIGH;
	enum acpi_trigger trig = ACPI_EDGE;
	u32 gsi = irq;

	for (u32 i = 0; madt && i < madt->nr_overrides; i++) {
		const struct acpi_irq_override *o = &madt->overrides[i];

		if (o->bus == 0 && o->source_irq == irq) {
			gsi = o->gsi;
			pol = o->polarity;
			trig = o->trigger;
			break;
		}
	}
	if (polarity)
		*polarity = pol;
	if (trigger)
		*trigger = trig;
	return gsi;
}
