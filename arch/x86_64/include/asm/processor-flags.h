/* SPDX-License-Identifier: MIT */
/* Control register, EFLAGS and MSR bits, named as in the Intel SDM. Usable from assembly. */
#ifndef ASM_PROCESSOR_FLAGS_H
#define ASM_PROCESSOR_FLAGS_H

#define X86_EFLAGS_IF (1 << 9) /* interrupts enabled */

#define X86_CR0_PE (1 << 0)  /* protected mode */
#define X86_CR0_MP (1 << 1)  /* WAIT/FWAIT honour TS too */
#define X86_CR0_EM (1 << 2)  /* no FPU: emulate it (must be clear) */
#define X86_CR0_TS (1 << 3)  /* task switched: the next FPU instruction raises #NM */
#define X86_CR0_NE (1 << 5)  /* report x87 errors as #MF */
#define X86_CR0_WP (1 << 16) /* supervisor writes honour read-only pages */
#define X86_CR0_PG (1 << 31) /* paging */

#define X86_CR4_PAE    (1 << 5)
#define X86_CR4_PGE    (1 << 7)
#define X86_CR4_OSFXSR (1 << 9)
#define X86_CR4_OSXMMEXCPT (1 << 10) /* SSE exceptions raise #XM */
#define X86_CR4_OSXSAVE (1 << 18) /* XSAVE and XCR0 enabled */
#define X86_CR4_SMEP   (1 << 20)
#define X86_CR4_SMAP   (1 << 21)

#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define EFER_LME (1 << 8)  /* long mode enable */
#define EFER_NXE (1 << 11) /* no-execute bit in page tables */

/* Page-table entry bits (Intel SDM vol. 3, 4.5). */
#define PTE_PRESENT  (1 << 0)
#define PTE_WRITE    (1 << 1)
#define PTE_USER     (1 << 2)
#define PTE_PWT	     (1 << 3)
#define PTE_PCD	     (1 << 4)
#define PTE_ACCESSED (1 << 5)
#define PTE_DIRTY    (1 << 6)
#define PTE_HUGE     (1 << 7) /* PS: 2 MiB page in a PD entry, 1 GiB in a PDPT entry */
#define PTE_GLOBAL   (1 << 8)

/* CPUID leaf 0x80000001 EDX */
#define CPUID_EXT_EDX_NX (1 << 20)
#define CPUID_EXT_EDX_PDPE1GB (1 << 26)
#define CPUID_EXT_EDX_LM (1 << 29)

#endif
