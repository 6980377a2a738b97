/* SPDX-License-Identifier: MIT */
/*
 * Validation of a static executable before execve() commits to it; the contract and the list of
 * what is accepted, ignored and refused are in lib/elf_exec.h.
 *
 * Checking everything first is what lets execve() fail with -ENOEXEC and return to a caller
 * whose address space is untouched: once the old mm is gone there is nobody left to return to.
 */
#include "lib/elf_exec.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PAGE_MASK (ELF_EXEC_PAGE_SIZE - 1)

static const char *const fault_msgs[ELF_EXEC_FAULT_COUNT] = {
	[ELF_EXEC_OK] = "valid",
	[ELF_EXEC_TOO_SMALL] = "file is smaller than an ELF header",
	[ELF_EXEC_BAD_MAGIC] = "not an ELF file (bad magic)",
	[ELF_EXEC_BAD_CLASS] = "not a 64-bit ELF file",
	[ELF_EXEC_BAD_DATA] = "not a little-endian ELF file",
	[ELF_EXEC_BAD_VERSION] = "unknown ELF version",
	[ELF_EXEC_BAD_MACHINE] = "not built for x86-64",
	[ELF_EXEC_NOT_EXEC] = "not a fixed-address executable (ET_EXEC); PIE is not supported",
	[ELF_EXEC_BAD_PHENTSIZE] = "program header size is not sizeof(Elf64_Phdr)",
	[ELF_EXEC_BAD_PHNUM] = "no program headers, or too many",
	[ELF_EXEC_PHDRS_OUTSIDE] = "program header table lies outside the file",
	[ELF_EXEC_DYNAMIC] =
	    "dynamically linked (PT_INTERP or PT_DYNAMIC); only static programs run",
	[ELF_EXEC_BAD_TYPE] = "unsupported program header type",
	[ELF_EXEC_DUPLICATE] = "more than one PT_TLS, PT_PHDR or PT_GNU_STACK",
	[ELF_EXEC_FILESZ] = "segment has p_filesz larger than p_memsz",
	[ELF_EXEC_SEG_FILE] = "segment's file range lies outside the file",
	[ELF_EXEC_SEG_ADDR] = "segment lies outside the user address range",
	[ELF_EXEC_SEG_ALIGN] =
	    "segment's p_align is bad or p_vaddr and p_offset disagree modulo it",
	[ELF_EXEC_TOO_MANY_LOADS] = "too many PT_LOAD segments",
	[ELF_EXEC_SEG_ORDER] = "PT_LOAD segments are not in ascending address order",
	[ELF_EXEC_SEG_OVERLAP] = "two PT_LOAD segments overlap or share a page",
	[ELF_EXEC_NO_LOAD] = "no PT_LOAD segment",
	[ELF_EXEC_BAD_PHDR_SEG] = "PT_PHDR does not match where the program headers are loaded",
	[ELF_EXEC_BAD_TLS] = "PT_TLS is misaligned or its template is not loaded",
	[ELF_EXEC_BAD_ENTRY] = "entry point is not in the file bytes of an executable segment",
};

const char *elf_exec_fault_msg(enum elf_exec_fault fault)
{
	if ((unsigned int)fault >= ELF_EXEC_FAULT_COUNT)
		return "unknown fault";
	return fault_msgs[fault];
}

static bool is_pow2_or_zero(u64 x)
{
	return (x & (x - 1)) == 0;
}

/* Is [addr, addr + len) inside [start, start + size)? Written so that no sum can overflow. */
static bool range_within(u64 addr, u64 len, u64 start, u64 size)
{
	return addr >= start && addr - start <= size && len <= size - (addr - start);
}

/* Only valid once check_header() has proved the table lies inside the image. */
static void read_phdr(const void *image, const Elf64_Ehdr *eh, unsigned int idx, Elf64_Phdr *ph)
{
	memcpy(ph, (const u8 *)image + eh->e_phoff + (u64)idx * sizeof(*ph), sizeof(*ph));
}

/* The identification bytes and the fixed fields: is this an x86-64 executable at all? */
static enum elf_exec_fault check_ident(const Elf64_Ehdr *eh)
{
	const u8 *id = eh->e_ident;

	if (id[EI_MAG0] != ELFMAG0 || id[EI_MAG1] != ELFMAG1 || id[EI_MAG2] != ELFMAG2 ||
	    id[EI_MAG3] != ELFMAG3)
		return ELF_EXEC_BAD_MAGIC;
	if (id[EI_CLASS] != ELFCLASS64)
		return ELF_EXEC_BAD_CLASS;
	if (id[EI_DATA] != ELFDATA2LSB)
		return ELF_EXEC_BAD_DATA;
	if (id[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return ELF_EXEC_BAD_VERSION;
	if (eh->e_machine != EM_X86_64)
		return ELF_EXEC_BAD_MACHINE;
	if (eh->e_type != ET_EXEC)
		return ELF_EXEC_NOT_EXEC;
	return ELF_EXEC_OK;
}

static enum elf_exec_fault check_header(const void *image, size_t size, Elf64_Ehdr *eh)
{
	enum elf_exec_fault fault;

	if (size < sizeof(*eh))
		return ELF_EXEC_TOO_SMALL;
	memcpy(eh, image, sizeof(*eh));
	fault = check_ident(eh);
	if (fault)
		return fault;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return ELF_EXEC_BAD_PHENTSIZE;
	/* The cap also rules out PN_XNUM (0xffff), the escape to a count kept in section 0. */
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_EXEC_MAX_PHDRS)
		return ELF_EXEC_BAD_PHNUM;
	if (!range_within(eh->e_phoff, (u64)eh->e_phnum * sizeof(Elf64_Phdr), 0, size))
		return ELF_EXEC_PHDRS_OUTSIDE;
	return ELF_EXEC_OK;
}

/* One PT_LOAD on its own: sizes, where its bytes come from and where they go. */
static enum elf_exec_fault check_load(const Elf64_Phdr *ph, size_t size)
{
	/* The gABI's congruence is modulo p_align; mapping pages needs it modulo the page size. */
	u64 align = ph->p_align > ELF_EXEC_PAGE_SIZE ? ph->p_align : ELF_EXEC_PAGE_SIZE;

	if (ph->p_filesz > ph->p_memsz)
		return ELF_EXEC_FILESZ;
	if (!range_within(ph->p_offset, ph->p_filesz, 0, size))
		return ELF_EXEC_SEG_FILE;
	if (!range_within(ph->p_vaddr, ph->p_memsz, ELF_EXEC_USER_MIN,
			  ELF_EXEC_USER_END - ELF_EXEC_USER_MIN))
		return ELF_EXEC_SEG_ADDR;
	if (!is_pow2_or_zero(ph->p_align) || ((ph->p_vaddr ^ ph->p_offset) & (align - 1)))
		return ELF_EXEC_SEG_ALIGN;
	return ELF_EXEC_OK;
}

/*
 * Append a checked PT_LOAD to info->segs. Requiring ascending order (as the gABI does) means each
 * segment need only be compared with the one before it. Sharing a page is refused, unlike Linux,
 * so that every page belongs to exactly one segment and gets exactly that segment's permissions.
 */
static enum elf_exec_fault add_load(struct elf_exec_info *info, const Elf64_Phdr *ph)
{
	struct elf_exec_segment *seg;

	if (ph->p_memsz == 0)
		return ELF_EXEC_OK; /* maps nothing, so it cannot collide with anything */
	if (info->nr_segs == ELF_EXEC_MAX_LOADS)
		return ELF_EXEC_TOO_MANY_LOADS;
	if (info->nr_segs > 0) {
		const struct elf_exec_segment *prev = &info->segs[info->nr_segs - 1];
		/* Cannot overflow: check_load() kept both ends below ELF_EXEC_USER_END. */
		u64 prev_end = (prev->vaddr + prev->memsz + PAGE_MASK) & ~PAGE_MASK;

		if (ph->p_vaddr < prev->vaddr)
			return ELF_EXEC_SEG_ORDER;
		if ((ph->p_vaddr & ~PAGE_MASK) < prev_end)
			return ELF_EXEC_SEG_OVERLAP;
	}
	seg = &info->segs[info->nr_segs++];
	seg->vaddr = ph->p_vaddr;
	seg->memsz = ph->p_memsz;
	seg->offset = ph->p_offset;
	seg->filesz = ph->p_filesz;
	seg->align = ph->p_align;
	seg->flags = ph->p_flags & (PF_R | PF_W | PF_X);
	return ELF_EXEC_OK;
}

static enum elf_exec_fault note_tls(struct elf_exec_info *info, const Elf64_Phdr *ph)
{
	if (info->has_tls)
		return ELF_EXEC_DUPLICATE;
	if (ph->p_filesz > ph->p_memsz)
		return ELF_EXEC_FILESZ;
	info->has_tls = true;
	info->tls.vaddr = ph->p_vaddr;
	info->tls.filesz = ph->p_filesz;
	info->tls.memsz = ph->p_memsz;
	info->tls.align = ph->p_align;
	return ELF_EXEC_OK;
}

/* Where the pass over the program headers keeps what it checks only at the end. */
struct phdr_scan {
	bool has_phdr_seg;
	bool has_gnu_stack;
	u64 phdr_seg_vaddr; /* PT_PHDR's p_vaddr */
};

/* Dispatch one program header by type: check it, record it, ignore it or refuse the file. */
static enum elf_exec_fault scan_one(struct elf_exec_info *info, struct phdr_scan *scan,
				    const Elf64_Phdr *ph, size_t size)
{
	enum elf_exec_fault fault;

	switch (ph->p_type) {
	case PT_LOAD:
		fault = check_load(ph, size);
		return fault ? fault : add_load(info, ph);
	case PT_INTERP:
	case PT_DYNAMIC:
		return ELF_EXEC_DYNAMIC;
	case PT_TLS:
		return note_tls(info, ph);
	case PT_PHDR:
		if (scan->has_phdr_seg)
			return ELF_EXEC_DUPLICATE;
		scan->has_phdr_seg = true;
		scan->phdr_seg_vaddr = ph->p_vaddr;
		return ELF_EXEC_OK;
	case PT_GNU_STACK:
		if (scan->has_gnu_stack)
			return ELF_EXEC_DUPLICATE;
		scan->has_gnu_stack = true;
		info->exec_stack = ph->p_flags & PF_X;
		return ELF_EXEC_OK;
	case PT_NULL:
	case PT_NOTE:
		return ELF_EXEC_OK;
	default:
		/* The OS and processor ranges hold GNU_RELRO, GNU_PROPERTY...: nothing to do for us. */
		return ph->p_type >= PT_LOOS ? ELF_EXEC_OK : ELF_EXEC_BAD_TYPE;
	}
}

/*
 * AT_PHDR: the table's user address, found through the PT_LOAD whose file bytes contain it (as
 * Linux does), or 0 if none does. A PT_PHDR, if present, must agree: the gABI allows it only when
 * the table is part of the memory image.
 */
static enum elf_exec_fault find_phdr_addr(struct elf_exec_info *info, const Elf64_Ehdr *eh,
					  const struct phdr_scan *scan)
{
	u64 table = (u64)eh->e_phnum * sizeof(Elf64_Phdr);

	info->phdr_addr = 0;
	for (unsigned int i = 0; i < info->nr_segs; i++) {
		const struct elf_exec_segment *seg = &info->segs[i];

		if (range_within(eh->e_phoff, table, seg->offset, seg->filesz)) {
			info->phdr_addr = seg->vaddr + (eh->e_phoff - seg->offset);
			break;
		}
	}
	if (scan->has_phdr_seg && (!info->phdr_addr || scan->phdr_seg_vaddr != info->phdr_addr))
		return ELF_EXEC_BAD_PHDR_SEG;
	return ELF_EXEC_OK;
}

/* Is [vaddr, vaddr + len) inside the file-backed bytes of some segment? */
static bool in_file_bytes(const struct elf_exec_info *info, u64 vaddr, u64 len, u32 need_flags)
{
	for (unsigned int i = 0; i < info->nr_segs; i++) {
		const struct elf_exec_segment *seg = &info->segs[i];

		if ((seg->flags & need_flags) == need_flags &&
		    range_within(vaddr, len, seg->vaddr, seg->filesz))
			return true;
	}
	return false;
}

/* libc copies the .tdata template from memory for every thread, so it must be loaded. */
static enum elf_exec_fault check_tls(const struct elf_exec_info *info)
{
	if (!info->has_tls)
		return ELF_EXEC_OK;
	if (!is_pow2_or_zero(info->tls.align))
		return ELF_EXEC_BAD_TLS;
	if (info->tls.filesz && !in_file_bytes(info, info->tls.vaddr, info->tls.filesz, 0))
		return ELF_EXEC_BAD_TLS;
	return ELF_EXEC_OK;
}

/* Every program header in order, then the checks that need them all. */
static enum elf_exec_fault check_phdrs(const void *image, size_t size, const Elf64_Ehdr *eh,
				       struct elf_exec_info *info)
{
	struct phdr_scan scan = { 0 };
	enum elf_exec_fault fault;
	Elf64_Phdr ph;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		read_phdr(image, eh, i, &ph);
		info->bad_phdr = i;
		fault = scan_one(info, &scan, &ph, size);
		if (fault)
			return fault;
	}
	info->bad_phdr = -1;
	if (info->nr_segs == 0)
		return ELF_EXEC_NO_LOAD;
	fault = find_phdr_addr(info, eh, &scan);
	if (fault)
		return fault;
	fault = check_tls(info);
	if (fault)
		return fault;
	/* An entry point in .bss or in a data segment can only be a broken or hostile file. */
	if (!in_file_bytes(info, eh->e_entry, 1, PF_X))
		return ELF_EXEC_BAD_ENTRY;
	return ELF_EXEC_OK;
}

int elf_exec_check(const void *image, size_t size, struct elf_exec_info *info)
{
	const struct elf_exec_segment *last;
	enum elf_exec_fault fault;
	Elf64_Ehdr eh;

	memset(info, 0, sizeof(*info));
	info->bad_phdr = -1;
	fault = check_header(image, size, &eh);
	if (!fault)
		fault = check_phdrs(image, size, &eh, info);
	if (fault) {
		info->fault = fault;
		return -ENOEXEC;
	}
	info->entry = eh.e_entry;
	info->phnum = eh.e_phnum;
	info->phentsize = eh.e_phentsize;
	last = &info->segs[info->nr_segs - 1]; /* the highest, since they are in order */
	info->brk = (last->vaddr + last->memsz + PAGE_MASK) & ~PAGE_MASK;
	return 0;
}
