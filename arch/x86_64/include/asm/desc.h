/* SPDX-License-Identifier: MIT */
/* Descriptor tables: the GDT (with the TSS) and the IDT. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include "lib/compiler.h"
#include "lib/types.h"
#include <asm/layout.h>

/* Interrupt Stack Table slots (1-based, as the IDT gate's IST field counts them). */
#define IST_DOUBLE_FAULT  1
#define IST_NMI		  2
#define IST_MACHINE_CHECK 3
#define IST_COUNT	  3

/* The operand of lgdt/lidt. */
struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

static inline void load_gdt(const struct desc_ptr *p)
{
	__asm__ __volatile__("lgdt %0" : : "m"(*p));
}

static inline void load_idt(const struct desc_ptr *p)
{
	__asm__ __volatile__("lidt %0" : : "m"(*p));
}

/* The boot CPU's GDT and TSS (with static emergency stacks). */
void gdt_init(void);
/* Another CPU's, with IST_COUNT emergency stacks of IST_STACK_SIZE bytes. */
void gdt_init_cpu(unsigned int cpu, u8 (*ist_stacks)[IST_STACK_SIZE]);
/* The stack the CPU switches to on entry from user mode (the running task's). */
void tss_set_rsp0(unsigned int cpu, unsigned long sp0);
void idt_init(void);
void idt_load(void);

#endif
