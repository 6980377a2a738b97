/* SPDX-License-Identifier: MIT */
/*
 * elf_exec: decide whether a file is a static x86-64 executable Trefoil can run, and describe
 * what execve() must map, before execve() tears down anything of the calling process.
 *
 * Pure and freestanding: no allocation, no locks, no side effect but *info, so the same code runs
 * in the kernel and in the host tests (tests/host/test_elf_exec.c). The file is untrusted input:
 * every value in it is range-checked and every sum overflow-checked before it is used, and the
 * buffer may be unaligned (headers are copied out, never dereferenced in place).
 *
 * Accepted: ET_EXEC for EM_X86_64, with 1..ELF_EXEC_MAX_LOADS PT_LOAD segments in ascending
 * p_vaddr order, each inside [ELF_EXEC_USER_MIN, ELF_EXEC_USER_END), none sharing a page with
 * another, and the entry point in the file bytes of an executable one. Ignored: PT_NULL, PT_NOTE,
 * and every type from PT_LOOS up (PT_GNU_EH_FRAME, PT_GNU_RELRO, PT_GNU_PROPERTY, processor
 * types): they matter to libc, unwinders or ld.so, not to the kernel. Recorded: PT_TLS, PT_PHDR,
 * PT_GNU_STACK (at most one of each). Refused: ET_DYN (shared objects and static-pie alike: the
 * loader would have to pick a load bias), PT_INTERP and PT_DYNAMIC (a dynamically linked program
 * needs ld.so), PT_SHLIB and generic types below PT_LOOS that the gABI does not define.
 * Section headers are never looked at. elf_exec_fault lists every reason.
 */
#ifndef LIB_ELF_EXEC_H
#define LIB_ELF_EXEC_H

#include "lib/elf.h"
#include "lib/types.h"

#define ELF_EXEC_PAGE_SIZE 4096ULL

/*
 * User addresses a segment may occupy: [ELF_EXEC_USER_MIN, ELF_EXEC_USER_END). The low 64 KiB stay
 * unmapped so that a NULL pointer plus a small offset faults (Linux's default mmap_min_addr). The
 * end is Linux's TASK_SIZE_MAX: the last page below the canonical hole stays unmapped, so no
 * instruction can end at 2^47, where SYSRET would return to a non-canonical RIP.
 */
#define ELF_EXEC_USER_MIN 0x10000ULL
#define ELF_EXEC_USER_END 0x00007ffffffff000ULL

/* Limits on what a program may ask for; both are far above what linkers produce (4 to 6 loads). */
#define ELF_EXEC_MAX_PHDRS 64
#define ELF_EXEC_MAX_LOADS 16

/*
 * Every reason elf_exec_check() refuses a file. The ELF header is checked first, then each program
 * header in table order (from ELF_EXEC_DYNAMIC to ELF_EXEC_SEG_OVERLAP), then the file as a whole.
 */
enum elf_exec_fault {
	ELF_EXEC_OK = 0,
	ELF_EXEC_TOO_SMALL,	/* shorter than an ELF header */
	ELF_EXEC_BAD_MAGIC,	/* no "\177ELF" */
	ELF_EXEC_BAD_CLASS,	/* not ELFCLASS64 */
	ELF_EXEC_BAD_DATA,	/* not little endian */
	ELF_EXEC_BAD_VERSION,	/* EI_VERSION or e_version is not EV_CURRENT */
	ELF_EXEC_BAD_MACHINE,	/* not EM_X86_64 */
	ELF_EXEC_NOT_EXEC,	/* e_type is not ET_EXEC (ET_DYN, ET_REL, ET_CORE...) */
	ELF_EXEC_BAD_PHENTSIZE, /* e_phentsize != sizeof(Elf64_Phdr) */
	ELF_EXEC_BAD_PHNUM,	/* no program headers, or more than ELF_EXEC_MAX_PHDRS */
	ELF_EXEC_PHDRS_OUTSIDE, /* the program header table is not inside the file */
	ELF_EXEC_DYNAMIC,	/* PT_INTERP or PT_DYNAMIC: needs a dynamic linker */
	ELF_EXEC_BAD_TYPE,	/* PT_SHLIB, or a generic p_type this loader does not know */
	ELF_EXEC_DUPLICATE,	/* a second PT_TLS, PT_PHDR or PT_GNU_STACK */
	ELF_EXEC_FILESZ,	/* a PT_LOAD or PT_TLS has p_filesz > p_memsz */
	ELF_EXEC_SEG_FILE,	/* a PT_LOAD's [p_offset, +p_filesz) overflows or leaves the file */
	ELF_EXEC_SEG_ADDR,	/* a PT_LOAD's [p_vaddr, +p_memsz) is not inside the user range */
	ELF_EXEC_SEG_ALIGN,	/* p_align not a power of two, or p_vaddr != p_offset modulo it */
	ELF_EXEC_TOO_MANY_LOADS, /* more than ELF_EXEC_MAX_LOADS non-empty PT_LOADs */
	ELF_EXEC_SEG_ORDER,    /* PT_LOADs not in ascending p_vaddr order (the gABI requires it) */
	ELF_EXEC_SEG_OVERLAP,  /* two PT_LOADs overlap or share a page */
	ELF_EXEC_NO_LOAD,      /* no PT_LOAD with p_memsz > 0 */
	ELF_EXEC_BAD_PHDR_SEG, /* PT_PHDR does not describe the table where a PT_LOAD puts it */
	ELF_EXEC_BAD_TLS,      /* PT_TLS: bad p_align, or its template is not in a PT_LOAD */
	ELF_EXEC_BAD_ENTRY,    /* e_entry is not in the file bytes of a PF_X PT_LOAD */
	ELF_EXEC_FAULT_COUNT
};

/* One PT_LOAD: map [vaddr, vaddr + memsz) with flags, fill it from the file, zero the rest. */
struct elf_exec_segment {
	u64 vaddr;  /* first byte; not page aligned in general */
	u64 memsz;  /* > 0 */
	u64 offset; /* file offset of the byte at vaddr; same offset within its page as vaddr */
	u64 filesz; /* bytes [offset, offset + filesz) of the file; [filesz, memsz) is zero (bss) */
	u64 align;  /* p_align, for the record: the loader only needs page alignment */
	u32 flags;  /* PF_R | PF_W | PF_X; everything else in p_flags is dropped */
};

/* The thread-local storage template (PT_TLS): libc copies it into each thread's TLS block. */
struct elf_exec_tls {
	u64 vaddr;  /* the initialised part (.tdata), inside a PT_LOAD */
	u64 filesz; /* bytes of .tdata */
	u64 memsz;  /* .tdata + .tbss: the size of each thread's block */
	u64 align;  /* 0 or a power of two */
};

/* What elf_exec_check() learned: what execve() needs to map the program and build its stack. */
struct elf_exec_info {
	u64 entry;	 /* e_entry: user RIP of the first instruction */
	u64 phdr_addr;	 /* user address of the program header table (AT_PHDR); 0: not loaded */
	u16 phnum;	 /* AT_PHNUM */
	u16 phentsize;	 /* AT_PHENT */
	u64 brk;	 /* page-aligned end of the highest segment: where the heap starts */
	bool exec_stack; /* PT_GNU_STACK asked for PF_X; absent means no (x86-64 Linux agrees) */
	bool has_tls;
	struct elf_exec_tls tls; /* valid if has_tls */
	unsigned int nr_segs;
	/* The PT_LOADs with p_memsz > 0, in ascending vaddr order; no two share a page. */
	struct elf_exec_segment segs[ELF_EXEC_MAX_LOADS];
	enum elf_exec_fault fault; /* why the file was refused; ELF_EXEC_OK if it was not */
	int bad_phdr;		   /* index of the program header at fault, or -1 */
};

/*
 * Checks the file image[0, size) and describes it in *info. Returns 0, or -ENOEXEC with the reason
 * in info->fault and info->bad_phdr (the rest of *info is then meaningless). Touches nothing else.
 */
int elf_exec_check(const void *image, size_t size, struct elf_exec_info *info);

/* A one-line explanation of fault, for a kernel message; never NULL, even for bad values. */
const char *elf_exec_fault_msg(enum elf_exec_fault fault);

#endif
