/* SPDX-License-Identifier: MIT */
/*
 * The GDT and TSS. In long mode segmentation is mostly off, but the CPU still needs code and
 * data descriptors for each privilege level, and a TSS: it holds the stack to switch to when an
 * interrupt arrives from user mode (rsp0) and the Interrupt Stack Table, known-good stacks for
 * exceptions that may strike when the current stack is unusable (a double fault after a kernel
 * stack overflow, say).
 */
#include <asm/desc.h>
#include <asm/layout.h>
#include <asm/percpu.h>
#include <asm/segment.h>

#include "lib/compiler.h"
#include "lib/string.h"

struct tss {
	u32 reserved0;
	u64 rsp[3]; /* stacks for entry from rings 0-2; rsp[0] is used on entry from user mode */
	u64 reserved1;
	u64 ist[7]; /* IST1..IST7 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base; /* past the limit: no I/O permission bitmap */
} __packed;

/* Flat 64-bit descriptors: base and limit are ignored in long mode except for the flags. */
#define DESC_KERNEL_CODE   0x00af9a000000ffffULL /* P, DPL 0, code, readable, L */
#define DESC_KERNEL_DATA   0x00cf92000000ffffULL /* P, DPL 0, data, writable */
#define DESC_USER_CODE	   0x00affa000000ffffULL /* P, DPL 3, code, readable, L */
#define DESC_USER_DATA	   0x00cff2000000ffffULL /* P, DPL 3, data, writable */
#define DESC_TSS_AVAILABLE 0x89ULL		 /* P, DPL 0, 64-bit TSS (available) */

/* Each CPU has its own GDT (its TSS descriptor is marked busy once loaded) and TSS. */
struct cpu_tables {
	u64 gdt[GDT_ENTRIES];
	struct tss tss;
} __aligned(16);

static struct cpu_tables cpu_tables[NR_CPUS];
/* The boot CPU's emergency stacks; the other CPUs get theirs from the page allocator. */
static u8 boot_ist_stacks[IST_COUNT][IST_STACK_SIZE] __aligned(16);

/* A 16-byte system descriptor pointing at the TSS (Intel SDM vol. 3, 8.2.3). */
static void set_tss_descriptor(u64 *slot, const struct tss *t)
{
	u64 base = (u64)t, limit = sizeof(*t) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (DESC_TSS_AVAILABLE << 40) |
		  (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

void gdt_init_cpu(unsigned int cpu, u8 (*ist_stacks)[IST_STACK_SIZE])
{
	u64 *gdt = cpu_tables[cpu].gdt;
	struct tss *tss = &cpu_tables[cpu].tss;
	struct desc_ptr ptr = { .limit = sizeof(cpu_tables[cpu].gdt) - 1, .base = (u64)gdt };

	gdt[GDT_ENTRY_KERNEL_CS] = DESC_KERNEL_CODE;
	gdt[GDT_ENTRY_KERNEL_DS] = DESC_KERNEL_DATA;
	gdt[GDT_ENTRY_USER_DS] = DESC_USER_DATA;
	gdt[GDT_ENTRY_USER_CS] = DESC_USER_CODE;
	for (int i = 0; i < IST_COUNT; i++)
		tss->ist[i] = (u64)&ist_stacks[i][IST_STACK_SIZE];
	tss->iomap_base = sizeof(*tss);
	set_tss_descriptor(&gdt[GDT_ENTRY_TSS], tss);

	load_gdt(&ptr);
	/* Reload the segment registers from the new table: %cs by a far return. */
	__asm__ __volatile__("pushq %[cs]\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\tmovl %[ds], %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     :
			     : [cs] "i"(KERNEL_CS), [ds] "i"(KERNEL_DS)
			     : "rax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(TSS_SEL));
}

void tss_set_rsp0(unsigned int cpu, unsigned long sp0)
{
	cpu_tables[cpu].tss.rsp[0] = sp0;
}

void gdt_init(void)
{
	gdt_init_cpu(0, boot_ist_stacks);
}
