/* SPDX-License-Identifier: MIT */
/* Multiboot2 constants (the Multiboot2 specification, version 2.0). Usable from assembly. */
#ifndef X86_BOOT_MULTIBOOT2_H
#define X86_BOOT_MULTIBOOT2_H

#define MB2_HEADER_MAGIC     0xe85250d6 /* in the kernel's header */
#define MB2_BOOTLOADER_MAGIC 0x36d76289 /* in %eax at entry */
#define MB2_ARCH_I386	     0

/* Header tags */
#define MB2_HTAG_END	       0
#define MB2_HTAG_INFO_REQUEST  1
#define MB2_HTAG_ENTRY_ADDRESS 3
#define MB2_HTAG_FRAMEBUFFER   5
#define MB2_HTAG_OPTIONAL      1 /* flags: the loader may ignore this tag */

/* Boot information tags */
#define MB2_TAG_END	    0
#define MB2_TAG_CMDLINE	    1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE	    3
#define MB2_TAG_MMAP	    6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15

/* Memory map entry types */
#define MB2_MEM_AVAILABLE	 1
#define MB2_MEM_ACPI_RECLAIMABLE 3
#define MB2_MEM_NVS		 4
#define MB2_MEM_BADRAM		 5

/* Framebuffer types */
#define MB2_FB_INDEXED	0
#define MB2_FB_RGB	1
#define MB2_FB_EGA_TEXT 2

#endif
