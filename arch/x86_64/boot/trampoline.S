/* SPDX-License-Identifier: MIT */
/*
 * The SMP trampoline: the first code an application processor runs. A CPU woken by
 * INIT-SIPI-SIPI starts in 16-bit real mode at physical address vector * 4 KiB, so smpboot.c
 * copies this blob to TRAMPOLINE_PHYS (below 1 MiB) and points the startup IPI at it. The code
 * climbs through 32-bit protected mode to long mode on the kernel's page tables, which map the
 * trampoline page at its own address while CPUs are being started, and jumps to ap_entry at the
 * kernel's link address with the stack smpboot.c prepared. Addresses here are TRAMPOLINE_PHYS
 * plus the offset in the blob: the blob never runs where it is linked.
 */
#include <asm/layout.h>
#include <asm/processor-flags.h>
#include <asm/smp.h>

#define TR(x) (TRAMPOLINE_PHYS + (x) - trampoline_start)
#define TR_CODE32 0x08
#define TR_DATA 0x10
#define TR_CODE64 0x18

	.section .rodata, "a"
	.balign 16
	.globl trampoline_start, trampoline_end
	.globl trampoline_cr3, trampoline_efer, trampoline_stack, trampoline_entry
trampoline_start:
	.code16
	/* Real mode, CS = TRAMPOLINE_PHYS >> 4, interrupts off. Data is CS-relative. */
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl (tr_gdt_desc - trampoline_start)
	movl %cr0, %eax
	orl $X86_CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $TR_CODE32, $TR(tr_protected)

	.code32
tr_protected:
	/* 32-bit protected mode, paging off: turn on PAE, the page tables, long mode, paging. */
	movw $TR_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl TR(trampoline_cr3), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl TR(trampoline_efer), %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_WP), %eax
	movl %eax, %cr0
	ljmp $TR_CODE64, $TR(tr_long)

	.code64
tr_long:
	/* Long mode, still at the low address: take the prepared stack and go to the kernel. */
	movq TR(trampoline_stack), %rsp
	movq TR(trampoline_entry), %rax
	jmp *%rax

	.balign 16
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 32-bit code */
	.quad 0x00cf92000000ffff	/* data */
	.quad 0x00af9a000000ffff	/* 64-bit code */
tr_gdt_end:
tr_gdt_desc:
	.word tr_gdt_end - tr_gdt - 1
	.long TR(tr_gdt)

	/* Filled in by smpboot.c before each startup IPI. */
	.balign 8
trampoline_cr3:		.long 0		/* kernel_pgd, physical: below 4 GiB */
trampoline_efer:	.long 0		/* EFER bits to set: LME, and NXE where the CPU has NX */
trampoline_stack:	.quad 0		/* top of the new CPU's stack, virtual */
trampoline_entry:	.quad 0		/* ap_entry, virtual */
trampoline_end:

	.text
	.code64
	.globl ap_entry
ap_entry:
	xorl %ebp, %ebp			/* the outermost frame */
	call start_secondary
1:	cli
	hlt
	jmp 1b
