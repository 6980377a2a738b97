/* SPDX-License-Identifier: MIT */
/*
 * The common 64-bit entry. Two ways in, one way out:
 *  - _start64: Trefoil's UEFI loader jumps here (e_entry) in long mode, on the firmware's
 *    identity-mapped page tables, with %rdi = struct boot_info (physical), %rsi = EFI magic.
 *  - startup_64: head_32.S arrives here after switching to long mode itself, with %rdi = the
 *    multiboot2 information (physical), %rsi = multiboot2 magic.
 * Either way we run at the physical address, so this code uses only RIP-relative references
 * until it has switched to the early page tables and jumped to the kernel's link address.
 */
#include <asm/layout.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>

	.section .boot.text, "ax"
	.code64
	.globl _start64, startup_64
_start64:
startup_64:
	cli
	cld
	/* Our own page tables: they map the code we are running (identity) and the link address. */
	leaq early_pml4(%rip), %rax
	movq %rax, %cr3
	movabsq $startup_64_high, %rax
	jmp *%rax

	.text
	/* Tell debuggers this is the outermost frame: there is no caller to unwind to. */
	.cfi_sections .debug_frame
startup_64_high:
	.cfi_startproc
	.cfi_undefined rip
	/* Now at the link address. Load the early GDT at its virtual address and reload %cs. */
	lgdt early_gdt_desc(%rip)
	pushq $KERNEL_CS
	leaq 1f(%rip), %rax
	pushq %rax
	lretq
1:	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs

	/* Clear .bss (not every loader does), keeping the two arguments in callee-saved registers. */
	movq %rdi, %r12
	movq %rsi, %r13
	leaq _bss(%rip), %rdi
	leaq _ebss(%rip), %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb

	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp			/* the outermost frame: backtraces stop here */
	movq %r12, %rdi
	movq %r13, %rsi
	call x86_64_start_kernel
	/* not reached */
2:	cli
	hlt
	jmp 2b
	.cfi_endproc
