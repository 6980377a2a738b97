/* SPDX-License-Identifier: MIT */
/*
 * ELF64 file format: the headers and constants an executable loader needs, from the System V gABI
 * ("Object Files" and "Program Loading") and the x86-64 psABI (machine number, auxiliary vector).
 * Struct and constant names are the ones Linux's <uapi/linux/elf.h> and <uapi/linux/auxvec.h> use.
 *
 * Values in a file are little endian (ELFDATA2LSB) and, like the host, x86-64 is little endian, so
 * the structs can be copied out of a file as they are. They must be copied, not cast in place: a
 * file buffer carries no alignment promise.
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include "lib/types.h"

/* e_ident[]: the first 16 bytes, which say how to read the rest. */
#define EI_MAG0	      0
#define EI_MAG1	      1
#define EI_MAG2	      2
#define EI_MAG3	      3
#define EI_CLASS      4 /* word size: ELFCLASS32 or ELFCLASS64 */
#define EI_DATA	      5 /* byte order: ELFDATA2LSB or ELFDATA2MSB */
#define EI_VERSION    6 /* EV_CURRENT */
#define EI_OSABI      7 /* not checked: GNU tools write 3 (GNU) when they use GNU extensions */
#define EI_ABIVERSION 8
#define EI_NIDENT     16

#define ELFMAG0	    0x7f
#define ELFMAG1	    'E'
#define ELFMAG2	    'L'
#define ELFMAG3	    'F'
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1 /* the only version there has ever been, in e_ident and e_version */

/* e_type */
#define ET_NONE 0
#define ET_REL	1 /* relocatable object (.o) */
#define ET_EXEC 2 /* executable at fixed addresses */
#define ET_DYN	3 /* shared object, or a position-independent executable */
#define ET_CORE 4

/* e_machine */
#define EM_X86_64 62

typedef struct elf64_hdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;	 /* virtual address of the first instruction */
	u64 e_phoff;	 /* file offset of the program header table */
	u64 e_shoff;	 /* section headers: for linkers and debuggers, never for loading */
	u32 e_flags;	 /* none are defined for x86-64 */
	u16 e_ehsize;	 /* sizeof(Elf64_Ehdr) */
	u16 e_phentsize; /* sizeof(Elf64_Phdr) */
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

/* A program header: one segment, the unit a loader works in (sections are the linker's unit). */
typedef struct elf64_phdr {
	u32 p_type;
	u32 p_flags;  /* PF_R | PF_W | PF_X */
	u64 p_offset; /* file offset of the segment's first byte */
	u64 p_vaddr;  /* where that byte goes in the process */
	u64 p_paddr;  /* unused for user programs */
	u64 p_filesz; /* bytes taken from the file ... */
	u64 p_memsz;  /* ... and the rest up to p_memsz are zero (.bss) */
	u64 p_align;  /* 0 or 1 (none), else a power of two with p_vaddr == p_offset modulo it */
} Elf64_Phdr;

/* p_type: generic values, then the OS- and processor-specific ranges. */
#define PT_NULL	   0 /* unused entry */
#define PT_LOAD	   1 /* map it */
#define PT_DYNAMIC 2 /* dynamic linking tables */
#define PT_INTERP  3 /* path of the program interpreter (the dynamic linker) */
#define PT_NOTE	   4
#define PT_SHLIB   5 /* reserved, with unspecified semantics */
#define PT_PHDR	   6 /* the program header table itself, as loaded */
#define PT_TLS	   7 /* thread-local storage template */
#define PT_LOOS	   0x60000000
#define PT_HIOS	   0x6fffffff
#define PT_LOPROC  0x70000000
#define PT_HIPROC  0x7fffffff

/* GNU extensions, in the OS-specific range. */
#define PT_GNU_EH_FRAME 0x6474e550 /* .eh_frame_hdr, for unwinders */
#define PT_GNU_STACK	0x6474e551 /* p_flags: the permissions the stack needs */
#define PT_GNU_RELRO	0x6474e552 /* made read-only after relocation, by whoever relocates */
#define PT_GNU_PROPERTY 0x6474e553 /* .note.gnu.property: CET (IBT, shadow stack) markers */

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* Auxiliary vector tags: (tag, value) pairs the kernel puts on a new process's stack. */
#define AT_NULL	    0 /* end of the vector */
#define AT_IGNORE   1
#define AT_EXECFD   2
#define AT_PHDR	    3 /* user address of the program's program header table */
#define AT_PHENT    4 /* size of one program header */
#define AT_PHNUM    5 /* number of program headers */
#define AT_PAGESZ   6
#define AT_BASE	    7 /* load address of the interpreter; 0 for a static program */
#define AT_FLAGS    8
#define AT_ENTRY    9 /* the program's entry point (not the interpreter's) */
#define AT_UID	    11
#define AT_EUID	    12
#define AT_GID	    13
#define AT_EGID	    14
#define AT_PLATFORM 15
#define AT_HWCAP    16
#define AT_CLKTCK   17
#define AT_SECURE   23 /* nonzero: setuid-like exec, libc must distrust its environment */
#define AT_RANDOM   25 /* user address of 16 random bytes (stack protector, pointer guard seeds) */
#define AT_EXECFN   31 /* user address of the file name given to execve() */

#endif
