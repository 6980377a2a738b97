/* SPDX-License-Identifier: MIT */
/*
 * FPU state per task (asm/fpu.h has the contract).
 *
 * With XSAVE (CPUID.1:ECX.XSAVE) the save area holds the x87, SSE and, where the CPU has it,
 * AVX components; XCR0 selects them and CPUID leaf 0xD gives the area's size. Without XSAVE,
 * FXSAVE's fixed 512-byte area holds x87 and SSE. Either way the first 512 bytes have the same
 * legacy layout, which is where the initial control words go.
 *
 * The switch is lazy about tasks that never used the FPU: while such a task runs, CR0.TS is
 * set, so its first FPU instruction raises #NM; the handler clears TS, loads the initial state
 * and marks the task. From then on its registers are saved and restored at every switch.
 */
#include <asm/fpu.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include <asm/x86.h>

#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/preempt.h"
#include "lib/string.h"

#define CPUID_1_ECX_XSAVE (1u << 26)
#define CPUID_1_ECX_AVX	  (1u << 28)
#define CPUID_XSTATE_LEAF 0xd

#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)
#define XFEATURE_AVX (1ull << 2) /* the upper halves of the YMM registers */

#define FXSAVE_SIZE	 512
#define XSAVE_HEADER_LEN 64
#define FPU_ALIGN	 64 /* XSAVE needs 64, FXSAVE 16 */
#define FCW_DEFAULT	 0x037f /* all x87 exceptions masked, 64-bit precision, round to nearest */
#define MXCSR_DEFAULT	 0x1f80 /* all SSE exceptions masked, round to nearest */

/* The legacy (FXSAVE) region; with XSAVE, the header and the extended components follow. */
struct fxregs {
	u16 fcw, fsw;
	u8 ftw, reserved;
	u16 fop;
	u64 fip, fdp;
	u32 mxcsr, mxcsr_mask;
	u8 regs[FXSAVE_SIZE - 32];
} __packed;

struct fpu_state {
	struct fxregs legacy;
	/* With XSAVE: the header (XSTATE_BV ... all zero: components in their initial state). */
	u8 xsave_rest[];
} __aligned(FPU_ALIGN);

static bool use_xsave;
static u64 xfeatures;	/* what XCR0 enables */
static size_t fpu_size; /* bytes of a save area */
static unsigned long first_uses;

static inline void xsetbv(u32 reg, u64 val)
{
	__asm__ __volatile__("xsetbv" : : "c"(reg), "a"((u32)val), "d"((u32)(val >> 32)));
}

static void clts(void)
{
	__asm__ __volatile__("clts" ::: "memory");
}

static void cpu_enable_fpu(void)
{
	unsigned long cr0 = read_cr0();

	cr0 &= ~X86_CR0_EM;
	cr0 |= X86_CR0_MP | X86_CR0_NE | X86_CR0_TS; /* TS: no task owns the FPU yet */
	write_cr0(cr0);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
		  (use_xsave ? X86_CR4_OSXSAVE : 0));
	if (use_xsave)
		xsetbv(0, xfeatures);
}

void fpu_init(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	use_xsave = c & CPUID_1_ECX_XSAVE;
	fpu_size = FXSAVE_SIZE;
	if (use_xsave) {
		cpuid_count(CPUID_XSTATE_LEAF, 0, &a, &b, &c, &d);
		xfeatures = ((u64)d << 32 | a) & (XFEATURE_X87 | XFEATURE_SSE | XFEATURE_AVX);
	}
	cpu_enable_fpu();
	if (use_xsave) {
		cpuid_count(CPUID_XSTATE_LEAF, 0, &a, &b, &c, &d);
		fpu_size = b; /* EBX: the area size for the features XCR0 now enables */
	}
	pr_info("fpu: %s, %zu-byte save area (x87 SSE%s), switched lazily\n",
		use_xsave ? "XSAVE" : "FXSAVE", fpu_size,
		xfeatures & XFEATURE_AVX ? " AVX" : "");
}

void fpu_init_cpu(void)
{
	cpu_enable_fpu();
}

struct fpu_state *fpu_state_alloc(void)
{
	struct fpu_state *fpu = kzalloc(fpu_size, GFP_KERNEL);

	if (!fpu)
		return NULL;
	BUG_ON((unsigned long)fpu % FPU_ALIGN);
	fpu->legacy.fcw = FCW_DEFAULT;
	fpu->legacy.mxcsr = MXCSR_DEFAULT;
	return fpu;
}

void fpu_exec_reset(struct thread_struct *t)
{
	unsigned long flags = local_irq_save();

	if (t->fpu) {
		memset(t->fpu, 0, fpu_size);
		t->fpu->legacy.fcw = FCW_DEFAULT;
		t->fpu->legacy.mxcsr = MXCSR_DEFAULT;
	}
	if (t->fpu_used) {
		t->fpu_used = false;
		write_cr0(read_cr0() | X86_CR0_TS); /* the registers are the old program's: trap */
	}
	local_irq_restore(flags);
}

void fpu_state_free(struct fpu_state *fpu)
{
	kfree(fpu);
}

/* Requested-feature bitmap in EDX:EAX: everything XCR0 enables. */
static void fpu_save(struct fpu_state *fpu)
{
	if (use_xsave)
		__asm__ __volatile__("xsave64 %0" : "+m"(*fpu) : "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ __volatile__("fxsave64 %0" : "+m"(*fpu) : : "memory");
}

static void fpu_restore(const struct fpu_state *fpu)
{
	if (use_xsave)
		__asm__ __volatile__("xrstor64 %0" : : "m"(*fpu), "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ __volatile__("fxrstor64 %0" : : "m"(*fpu) : "memory");
}

void fpu_copy(struct thread_struct *child, struct thread_struct *parent)
{
	unsigned long flags = local_irq_save(); /* parent's registers stay live meanwhile */

	if (parent->fpu_used && child->fpu) {
		fpu_save(child->fpu); /* the live registers are the parent's */
		child->fpu_used = true;
	}
	local_irq_restore(flags);
}

void fpu_switch(struct thread_struct *prev, struct thread_struct *next)
{
	unsigned long cr0 = read_cr0();

	if (prev->fpu_used)
		fpu_save(prev->fpu); /* TS is clear: prev has been using the registers */
	if (next->fpu_used) {
		if (cr0 & X86_CR0_TS)
			clts();
		fpu_restore(next->fpu);
	} else if (!(cr0 & X86_CR0_TS)) {
		write_cr0(cr0 | X86_CR0_TS); /* next's first FPU instruction will trap */
	}
}

DECLARE_PER_CPU(struct thread_struct *, cpu_running_thread);

bool fpu_handle_first_use(void)
{
	struct thread_struct *t = *this_cpu_ptr(cpu_running_thread);

	/* Only a task may own FPU state: an interrupt handler using it would corrupt the task's. */
	if (!(read_cr0() & X86_CR0_TS) || in_interrupt() || !t || !t->fpu || t->fpu_used)
		return false;
	clts();
	fpu_restore(t->fpu); /* the initial state, from fpu_state_alloc() */
	t->fpu_used = true;
	__atomic_add_fetch(&first_uses, 1, __ATOMIC_RELAXED);
	return true;
}

unsigned long fpu_first_use_count(void)
{
	return READ_ONCE(first_uses);
}
