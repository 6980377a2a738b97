/* SPDX-License-Identifier: MIT */
/* Single instructions that portable code needs by name: interrupts on/off, halt, pause. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "lib/types.h"
#include <asm/processor-flags.h>

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags) : : "memory");
	return flags;
}

static inline bool irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
}

static inline unsigned long local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	local_irq_disable();
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/*
 * Wait for the next interrupt with interrupts enabled. "sti; hlt" as a pair: sti takes effect
 * after the next instruction, so an interrupt cannot slip in between and be slept through.
 */
static inline void arch_cpu_idle(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

/* Stop this CPU for good: interrupts off, then halt (an NMI would only resume the loop). */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

/* The frame pointer of the caller of this inline: where a backtrace of "here" starts. */
static inline unsigned long current_frame_address(void)
{
	return (unsigned long)__builtin_frame_address(0);
}

#endif
