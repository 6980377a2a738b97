/* SPDX-License-Identifier: MIT */
/*
 * elfcheck: decide whether a kernel ELF image is safe to load, before any of it is loaded.
 *
 * Pure C with no firmware or libc dependency, so the same code runs in the UEFI loader and in the
 * host unit tests (tests/host/test_elfcheck.c). The buffer may be unaligned: headers are copied
 * out byte by byte, never dereferenced in place.
 *
 * The loader calls elf_check() once on the whole file; only if it returns ELF_OK may it use
 * elf_read_ehdr(), elf_read_phdr() and elf_seg_new_pages() on that buffer.
 */
#ifndef BOOT_EFI_ELFCHECK_H
#define BOOT_EFI_ELFCHECK_H

#include <stddef.h>
#include <stdint.h>

/* ELF64 as the System V ABI defines it; only the fields and values the loader needs. */
#define EI_NIDENT   16
#define EI_CLASS    4
#define EI_DATA	    5
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define ET_EXEC	    2
#define EM_X86_64   62
#define PT_LOAD	    1

struct elf64_hdr {
	uint8_t e_ident[EI_NIDENT]; /* "\177ELF", class, data, version, OS ABI... */
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry; /* virtual address of the entry point */
	uint64_t e_phoff; /* file offset of the program header table */
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize; /* must be sizeof(struct elf64_phdr) */
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset; /* file offset of the segment's first byte */
	uint64_t p_vaddr;
	uint64_t p_paddr;  /* where the loader puts it */
	uint64_t p_filesz; /* bytes copied from the file ... */
	uint64_t p_memsz;  /* ... the rest, up to p_memsz, is zeroed */
	uint64_t p_align;
};

/* Every reason elf_check() can refuse an image, in the order it checks them. */
enum elf_check_err {
	ELF_OK = 0,
	ELF_ERR_TOO_SMALL,   /* shorter than an ELF header */
	ELF_ERR_BAD_MAGIC,   /* no "\177ELF" */
	ELF_ERR_NOT_ELF64,   /* EI_CLASS != ELFCLASS64 */
	ELF_ERR_NOT_LSB,     /* EI_DATA != ELFDATA2LSB */
	ELF_ERR_BAD_MACHINE, /* e_machine != EM_X86_64 */
	ELF_ERR_NOT_EXEC,    /* e_type != ET_EXEC */
	ELF_ERR_BAD_PHDRS,   /* wrong e_phentsize, or the table is not inside the file */
	ELF_ERR_NO_LOAD,     /* no PT_LOAD segment */
	ELF_ERR_FILESZ,	     /* a PT_LOAD has p_filesz > p_memsz */
	ELF_ERR_SEG_FILE,    /* a PT_LOAD's [p_offset, +p_filesz) is not inside the file */
	ELF_ERR_SEG_PHYS,    /* a PT_LOAD's [p_paddr, +p_memsz) overflows or leaves the window */
	ELF_ERR_SEG_OVERLAP, /* two PT_LOADs share physical bytes */
	ELF_ERR_ENTRY,	     /* e_entry is in no PT_LOAD's [p_vaddr, +p_memsz) */
	ELF_ERR_COUNT
};

/* Physical window the segments must fit in: [phys_min, phys_max). */
struct elf_limits {
	uint64_t phys_min;
	uint64_t phys_max;
};

/* What elf_check() learned about an image. */
struct elf_image {
	uint64_t entry_phys;   /* e_entry via its segment: p_paddr + (e_entry - p_vaddr) */
	uint64_t phys_start;   /* lowest p_paddr of any PT_LOAD */
	uint64_t phys_end;     /* highest p_paddr + p_memsz of any PT_LOAD */
	unsigned int nr_load;  /* PT_LOAD segments */
	unsigned int bad_phdr; /* on a segment error: index of the offending program header */
};

/*
 * Checks the image in buf[0, size) against the ELF rules above and lim. Returns ELF_OK and fills
 * *img, or the first error found (img->bad_phdr names the segment for per-segment errors).
 */
enum elf_check_err elf_check(const void *buf, size_t size, const struct elf_limits *lim,
			     struct elf_image *img);

/* A one-line human explanation of err; never NULL, even for out-of-range values. */
const char *elf_check_msg(enum elf_check_err err);

/* Copy the ELF header / program header idx out of a buffer elf_check() accepted. */
void elf_read_ehdr(const void *buf, struct elf64_hdr *eh);
void elf_read_phdr(const void *buf, unsigned int idx, struct elf64_phdr *ph);

#define ELF_PAGE_SHIFT 12
#define ELF_PAGE_SIZE  (1ULL << ELF_PAGE_SHIFT)

/*
 * Pages the loader must allocate for program header idx (a PT_LOAD of an accepted image), as
 * page-aligned physical addresses [*start, *end), leaving out pages already needed by a PT_LOAD
 * with a lower index: segments need not be page aligned, so two of them may share a page, and
 * firmware refuses to allocate the same page twice. *start == *end means nothing new is needed.
 */
void elf_seg_new_pages(const void *buf, unsigned int idx, uint64_t *start, uint64_t *end);

#endif
