/* SPDX-License-Identifier: MIT */
/* CPU features the kernel turns on, as detected at boot (arch/x86_64/kernel/cpu.c). */
#ifndef ASM_CPUFEATURE_H
#define ASM_CPUFEATURE_H

#include "lib/types.h"

struct cpu_protections {
	bool nx, wp, smep, smap, pge;
};

/* 1 if SMAP is enabled (for the entry code); read-only after boot. */
extern u8 cpu_smap_on;
/* What cpu_enable_protections() found and enabled; read-only afterwards. */
extern struct cpu_protections cpu_protections;

/* Page-table bits the CPU supports (PTE_NX is dropped without NX). */
extern u64 supported_pte_mask;

/* The boot CPU: detect, enable and print. */
void cpu_enable_protections(void);
/* Every other CPU: enable what the boot CPU found. */
void cpu_apply_protections(void);

#endif
