/* SPDX-License-Identifier: MIT */
/*
 * The CPU's protection features, turned on when CPUID reports them:
 *   NX    (EFER.NXE)  pages can be marked no-execute
 *   WP    (CR0.WP)    the kernel, too, faults on writes to read-only pages
 *   SMEP  (CR4.SMEP)  the kernel faults on executing user pages
 *   SMAP  (CR4.SMAP)  the kernel faults on touching user pages outside stac/clac
 *   PGE   (CR4.PGE)   global pages: kernel mappings survive CR3 switches in the TLB
 */
#include <asm/cpufeature.h>
#include <asm/pgtable.h>
#include <asm/x86.h>

#include "kernel/printk/printk.h"

#define CPUID_1_EDX_PGE	 (1u << 13)
#define CPUID_7_EBX_SMEP (1u << 7)
#define CPUID_7_EBX_SMAP (1u << 20)

/* Page-table bits this CPU supports: PTE_NX is cleared from every entry if NX is missing. */
u64 supported_pte_mask = ~0ull;

struct cpu_protections cpu_protections;
/* 1 if SMAP is on: the entry code (which cannot test a bool field) clears RFLAGS.AC then. */
u8 cpu_smap_on;

static void detect(struct cpu_protections *p)
{
	u32 a, b, c, d, max_leaf;

	cpuid(0, &max_leaf, &b, &c, &d);
	cpuid(1, &a, &b, &c, &d);
	p->pge = d & CPUID_1_EDX_PGE;
	cpuid(0x80000001, &a, &b, &c, &d);
	p->nx = d & CPUID_EXT_EDX_NX;
	if (max_leaf >= 7) {
		cpuid_count(7, 0, &a, &b, &c, &d);
		p->smep = b & CPUID_7_EBX_SMEP;
		p->smap = b & CPUID_7_EBX_SMAP;
	}
	p->wp = true; /* every long-mode CPU has it */
}

/* Set the bits cpu_protections says this machine has, on this CPU. */
void cpu_apply_protections(void)
{
	const struct cpu_protections *p = &cpu_protections;

	if (p->nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | X86_CR0_WP);
	write_cr4(read_cr4() | (p->pge ? X86_CR4_PGE : 0) | (p->smep ? X86_CR4_SMEP : 0) |
		  (p->smap ? X86_CR4_SMAP : 0));
}

void cpu_enable_protections(void)
{
	struct cpu_protections *p = &cpu_protections;

	detect(p);
	cpu_smap_on = p->smap;
	if (!p->nx)
		supported_pte_mask &= ~PTE_NX;
	cpu_apply_protections();
	pr_info("cpu: protections on: %s%s%s%s%s\n", p->nx ? "NX " : "", p->wp ? "WP " : "",
		p->smep ? "SMEP " : "", p->smap ? "SMAP " : "", p->pge ? "PGE" : "");
	if (!p->nx || !p->smep || !p->smap)
		pr_info("cpu: not available on this CPU: %s%s%s\n", p->nx ? "" : "NX ",
			p->smep ? "" : "SMEP ", p->smap ? "" : "SMAP");
}
