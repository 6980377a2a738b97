/* SPDX-License-Identifier: MIT */
/*
 * The multiboot2 header. GRUB scans the first 32 KiB of kernel.elf for it, loads the ELF
 * segments at their physical addresses and enters _start32 in 32-bit protected mode.
 */
#include <asm/layout.h>
#include "multiboot2.h"

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	/* Entry address: e_entry is the 64-bit entry at a high address, useless to GRUB. */
	.balign 8
	.word MB2_HTAG_ENTRY_ADDRESS, 0
	.long 12
	.long _start32 - __START_KERNEL_map

	/* Ask for a linear framebuffer, so that the screen can mirror the log. Optional. */
	.balign 8
	.word MB2_HTAG_FRAMEBUFFER, MB2_HTAG_OPTIONAL
	.long 20
	.long 1024, 768, 32

	.balign 8
	.word MB2_HTAG_END, 0
	.long 8
mb2_header_end:
