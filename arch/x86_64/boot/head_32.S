/* SPDX-License-Identifier: MIT */
/*
 * _start32: GRUB's multiboot2 entry. The CPU is in 32-bit protected mode with paging off,
 * %eax = MB2_BOOTLOADER_MAGIC, %ebx = physical address of the boot information. We check that
 * this CPU can run us, turn on long mode with the static early page tables and jump to the common
 * 64-bit entry. All addresses here are physical: nothing is mapped at the link address yet.
 */
#include <asm/layout.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include "multiboot2.h"

#define PHYS(x) ((x) - __START_KERNEL_map)
#define COM1 0x3f8

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	/* Keep GRUB's two arguments in registers nothing below touches (cpuid clobbers %ebx). */
	movl %eax, %edi
	movl %ebx, %esi
	movl $PHYS(boot_stack_top), %esp

	cmpl $MB2_BOOTLOADER_MAGIC, %edi
	jne .Lbad_magic

	/* Long mode needs CPUID leaf 0x80000001 and its LM bit. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb .Lno_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $CPUID_EXT_EDX_LM, %edx
	jz .Lno_long_mode

	/* PAE paging with the early tables (identity + direct map + kernel map of 0..4 GiB). */
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $PHYS(early_pml4), %eax
	movl %eax, %cr3

	/* EFER.LME, then CR0.PG: the CPU enters long mode in its 32-bit compatibility submode. */
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_PE), %eax
	movl %eax, %cr0

	/* A far jump through a 64-bit code segment leaves compatibility mode. */
	lgdt PHYS(early_gdt_desc32)
	ljmp $KERNEL_CS, $PHYS(.Llong_mode)

	.code64
.Llong_mode:
	/* Upper register halves are undefined after the mode switch: zero-extend the arguments. */
	movl %esi, %edi		/* arg 0: multiboot2 information, physical */
	movl $MB2_BOOTLOADER_MAGIC, %esi
	jmp startup_64

	.code32
.Lbad_magic:
	movl $PHYS(msg_bad_magic), %esi
	jmp .Lfatal
.Lno_long_mode:
	movl $PHYS(msg_no_long_mode), %esi
.Lfatal:
	/* Say why on COM1 (usable without setup under QEMU and most firmware), then stop. */
	movw $COM1, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	hlt
	jmp 2b

	.section .boot.data, "a"
msg_bad_magic:
	.asciz "trefoil: not started by a multiboot2 loader (bad magic in %eax); halting\r\n"
msg_no_long_mode:
	.asciz "trefoil: this CPU has no 64-bit long mode; halting\r\n"
