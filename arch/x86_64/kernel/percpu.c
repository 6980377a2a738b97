/* SPDX-License-Identifier: MIT */
#include <asm/percpu.h>
#include <asm/x86.h>

#define MSR_GS_BASE 0xc0000101

struct cpu_data cpu_data[NR_CPUS];

_Static_assert(offsetof(struct cpu_data, top_of_stack) == CPU_DATA_TOP_OF_STACK,
	       "syscall_64.S finds the kernel stack top at this offset");
_Static_assert(offsetof(struct cpu_data, user_rsp) == CPU_DATA_USER_RSP,
	       "syscall_64.S saves the user stack pointer at this offset");

void percpu_init_cpu(unsigned int cpu, u32 apic_id)
{
	struct cpu_data *c = &cpu_data[cpu];

	c->self = c;
	c->cpu = cpu;
	c->apic_id = apic_id;
	wrmsr(MSR_GS_BASE, (u64)c);
}
