/* SPDX-License-Identifier: MIT */
/*
 * Validation of the kernel ELF image before the UEFI loader copies a byte of it.
 *
 * Everything a corrupt or wrongly built kernel.elf could do wrong is caught here and reported
 * with a reason, instead of surfacing later as a firmware allocation failure, an overwritten
 * firmware structure or a jump into nowhere. All arithmetic on file values is overflow-checked:
 * the file is untrusted input.
 */
#include "boot/efi/elfcheck.h"

static const char *const elf_check_msgs[ELF_ERR_COUNT] = {
	[ELF_OK] = "valid",
	[ELF_ERR_TOO_SMALL] = "file is smaller than an ELF header",
	[ELF_ERR_BAD_MAGIC] = "not an ELF file (bad magic)",
	[ELF_ERR_NOT_ELF64] = "not a 64-bit ELF file (ELFCLASS64 expected)",
	[ELF_ERR_NOT_LSB] = "not a little-endian ELF file",
	[ELF_ERR_BAD_MACHINE] = "not built for x86-64 (EM_X86_64 expected)",
	[ELF_ERR_NOT_EXEC] = "not an executable (ET_EXEC expected)",
	[ELF_ERR_BAD_PHDRS] = "program header table malformed or outside the file",
	[ELF_ERR_NO_LOAD] = "no PT_LOAD segment",
	[ELF_ERR_FILESZ] = "segment has p_filesz larger than p_memsz",
	[ELF_ERR_SEG_FILE] = "segment's file range lies outside the file",
	[ELF_ERR_SEG_PHYS] = "segment's physical range overflows or is outside the allowed window",
	[ELF_ERR_SEG_OVERLAP] = "two PT_LOAD segments overlap in physical memory",
	[ELF_ERR_ENTRY] = "entry point is not inside any PT_LOAD segment",
};

const char *elf_check_msg(enum elf_check_err err)
{
	if ((unsigned int)err >= ELF_ERR_COUNT)
		return "unknown error";
	return elf_check_msgs[err];
}

/* A byte copy of our own: this file must not depend on any C library. */
static void copy_bytes(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

void elf_read_ehdr(const void *buf, struct elf64_hdr *eh)
{
	copy_bytes(eh, buf, sizeof(*eh));
}

/* Only valid once the header check has proved the table lies inside the buffer. */
void elf_read_phdr(const void *buf, unsigned int idx, struct elf64_phdr *ph)
{
	struct elf64_hdr eh;

	elf_read_ehdr(buf, &eh);
	copy_bytes(ph, (const uint8_t *)buf + eh.e_phoff + (uint64_t)idx * sizeof(*ph),
		   sizeof(*ph));
}

/* The fixed part: identification, type, machine and where the program headers are. */
static enum elf_check_err check_header(const void *buf, size_t size, struct elf64_hdr *eh)
{
	uint64_t table;

	if (size < sizeof(*eh))
		return ELF_ERR_TOO_SMALL;
	elf_read_ehdr(buf, eh);
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F')
		return ELF_ERR_BAD_MAGIC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return ELF_ERR_NOT_ELF64;
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return ELF_ERR_NOT_LSB;
	if (eh->e_machine != EM_X86_64)
		return ELF_ERR_BAD_MACHINE;
	if (eh->e_type != ET_EXEC)
		return ELF_ERR_NOT_EXEC;
	if (eh->e_phnum == 0)
		return ELF_ERR_NO_LOAD;
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return ELF_ERR_BAD_PHDRS;
	table = (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr); /* < 2^22: cannot overflow */
	if (eh->e_phoff > size || table > size - eh->e_phoff)
		return ELF_ERR_BAD_PHDRS;
	return ELF_OK;
}

/* One PT_LOAD on its own: sizes, file range and physical range. */
static enum elf_check_err check_segment(const struct elf64_phdr *ph, size_t size,
					const struct elf_limits *lim)
{
	if (ph->p_filesz > ph->p_memsz)
		return ELF_ERR_FILESZ;
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return ELF_ERR_SEG_FILE;
	if (ph->p_paddr < lim->phys_min || ph->p_paddr > lim->phys_max ||
	    ph->p_memsz > lim->phys_max - ph->p_paddr)
		return ELF_ERR_SEG_PHYS;
	return ELF_OK;
}

/* Half-open ranges [a, a + alen) and [b, b + blen), both known not to overflow. */
static int ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Does PT_LOAD idx share physical bytes with any PT_LOAD after it? */
static int overlaps_later(const void *buf, const struct elf64_hdr *eh, unsigned int idx,
			  const struct elf64_phdr *ph)
{
	struct elf64_phdr other;

	for (unsigned int j = idx + 1; j < eh->e_phnum; j++) {
		elf_read_phdr(buf, j, &other);
		if (other.p_type == PT_LOAD &&
		    ranges_overlap(ph->p_paddr, ph->p_memsz, other.p_paddr, other.p_memsz))
			return 1;
	}
	return 0;
}

/* Record a checked PT_LOAD in *img; translate the entry point if this segment holds it. */
static void note_segment(const struct elf64_hdr *eh, const struct elf64_phdr *ph,
			 struct elf_image *img, int *entry_found)
{
	if (img->nr_load == 0 || ph->p_paddr < img->phys_start)
		img->phys_start = ph->p_paddr;
	if (img->nr_load == 0 || ph->p_paddr + ph->p_memsz > img->phys_end)
		img->phys_end = ph->p_paddr + ph->p_memsz;
	img->nr_load++;
	/* Written as a difference so a segment at the top of the address space cannot overflow. */
	if (!*entry_found && eh->e_entry >= ph->p_vaddr &&
	    eh->e_entry - ph->p_vaddr < ph->p_memsz) {
		img->entry_phys = ph->p_paddr + (eh->e_entry - ph->p_vaddr);
		*entry_found = 1;
	}
}

enum elf_check_err elf_check(const void *buf, size_t size, const struct elf_limits *lim,
			     struct elf_image *img)
{
	struct elf64_hdr eh;
	struct elf64_phdr ph;
	enum elf_check_err err;
	int entry_found = 0;

	*img = (struct elf_image){ 0 };
	err = check_header(buf, size, &eh);
	if (err != ELF_OK)
		return err;

	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		elf_read_phdr(buf, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		img->bad_phdr = i;
		err = check_segment(&ph, size, lim);
		if (err != ELF_OK)
			return err;
		note_segment(&eh, &ph, img, &entry_found);
	}
	if (img->nr_load == 0)
		return ELF_ERR_NO_LOAD;

	/* Pairwise, only once every segment's own range is known to be sane. */
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		elf_read_phdr(buf, i, &ph);
		img->bad_phdr = i;
		if (ph.p_type == PT_LOAD && overlaps_later(buf, &eh, i, &ph))
			return ELF_ERR_SEG_OVERLAP;
	}
	img->bad_phdr = 0;
	if (!entry_found)
		return ELF_ERR_ENTRY;
	return ELF_OK;
}

/* Page-aligned [*start, *end) around a segment's physical bytes; empty for p_memsz == 0. */
static void seg_pages(const struct elf64_phdr *ph, uint64_t *start, uint64_t *end)
{
	*start = ph->p_paddr & ~(ELF_PAGE_SIZE - 1);
	if (ph->p_memsz == 0)
		*end = *start;
	else
		*end = (ph->p_paddr + ph->p_memsz + ELF_PAGE_SIZE - 1) & ~(ELF_PAGE_SIZE - 1);
}

/*
 * Trim [*start, *end) by one earlier segment's pages [s, e). Because the segments' bytes do not
 * overlap, an earlier segment can only share our first or our last page, never one in between.
 */
static int clip_pages(uint64_t *start, uint64_t *end, uint64_t s, uint64_t e)
{
	if (*start >= *end || s >= e)
		return 0;
	if (s <= *start && *start < e) {
		*start = e < *end ? e : *end;
		return 1;
	}
	if (s < *end && *end <= e) {
		*end = s > *start ? s : *start;
		return 1;
	}
	return 0;
}

void elf_seg_new_pages(const void *buf, unsigned int idx, uint64_t *start, uint64_t *end)
{
	struct elf64_phdr ph, earlier;
	uint64_t s, e;
	int changed;

	elf_read_phdr(buf, idx, &ph);
	seg_pages(&ph, start, end);
	/* Clipping one end can expose the page of a segment already passed over: repeat. */
	do {
		changed = 0;
		for (unsigned int j = 0; j < idx; j++) {
			elf_read_phdr(buf, j, &earlier);
			if (earlier.p_type != PT_LOAD)
				continue;
			seg_pages(&earlier, &s, &e);
			changed |= clip_pages(start, end, s, e);
		}
	} while (changed);
}
