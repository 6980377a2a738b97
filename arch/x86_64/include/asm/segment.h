/* SPDX-License-Identifier: MIT */
/* GDT layout shared by the boot code, the GDT setup and (later) SYSCALL/SYSRET. */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS 1
#define GDT_ENTRY_KERNEL_DS 2
#define GDT_ENTRY_USER_DS   3 /* SYSRET wants user data right below user code */
#define GDT_ENTRY_USER_CS   4
#define GDT_ENTRY_TSS	    5 /* a 16-byte system descriptor: uses entries 5 and 6 */
#define GDT_ENTRIES	    7

#define KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)
#define USER_DS	  (GDT_ENTRY_USER_DS * 8 + 3)
#define USER_CS	  (GDT_ENTRY_USER_CS * 8 + 3)
#define TSS_SEL	  (GDT_ENTRY_TSS * 8)

#endif
