/* SPDX-License-Identifier: MIT */
/*
 * The local APIC (Intel SDM vol. 3, chapter 11). In xAPIC mode its registers are 16-byte-spaced
 * MMIO at the APIC base (0xfee00000); in x2APIC mode the same registers are MSRs 0x800 +
 * (offset >> 4), the ID is 32 bits and the ICR is one 64-bit MSR.
 */
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <asm/page.h>
#include <asm/x86.h>

#include "kernel/printk/printk.h"
#include "kernel/time/timer.h"

#define MSR_APIC_BASE	    0x1b
#define APIC_BASE_ENABLE    (1ull << 11)
#define APIC_BASE_X2APIC    (1ull << 10)
#define APIC_BASE_ADDR_MASK 0xfffff000ull
#define MSR_X2APIC_BASE	    0x800
#define CPUID_1_ECX_X2APIC  (1u << 21)

#define APIC_ID		   0x20
#define APIC_TPR	   0x80
#define APIC_EOI	   0xb0
#define APIC_SVR	   0xf0
#define APIC_ESR	   0x280
#define APIC_ICR	   0x300
#define APIC_ICR_HIGH	   0x310
#define APIC_LVT_TIMER	   0x320
#define APIC_LVT_LINT0	   0x350
#define APIC_LVT_LINT1	   0x360
#define APIC_LVT_ERROR	   0x370
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_CURRENT 0x390
#define APIC_TIMER_DIVIDE  0x3e0

#define APIC_SVR_ENABLE	     (1u << 8)
#define APIC_LVT_MASKED	     (1u << 16)
#define APIC_TIMER_PERIODIC  (1u << 17)
#define APIC_TIMER_DIVIDE_16 0x3
#define APIC_ICR_PENDING     (1u << 12) /* xAPIC only: delivery status */
#define APIC_ICR_ASSERT	     (1u << 14)
#define TIMER_CALIBRATE_MS   10

static bool x2apic;
static volatile u32 *xapic_mmio; /* through the direct map (the first 4 GiB) */
static u32 timer_ticks_per_ms;	 /* of the APIC timer with divider 16; same on every CPU */

static u32 apic_read(u32 reg)
{
	if (x2apic)
		return (u32)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
	return xapic_mmio[reg / 4];
}

static void apic_write(u32 reg, u32 val)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), val);
	else
		xapic_mmio[reg / 4] = val;
}

u32 apic_read_id(void)
{
	if (!x2apic && !xapic_mmio)
		return 0;
	return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

void apic_send_ipi(u32 apic_id, u32 delivery_mode, u8 vector)
{
	u32 low = delivery_mode | vector | APIC_ICR_ASSERT;

	if (x2apic) {
		wrmsr(MSR_X2APIC_BASE + (APIC_ICR >> 4), ((u64)apic_id << 32) | low);
		return;
	}
	apic_write(APIC_ICR_HIGH, apic_id << 24);
	apic_write(APIC_ICR, low); /* writing the low half sends it */
	while (apic_read(APIC_ICR) & APIC_ICR_PENDING)
		;
}

/* The boot CPU decides the mode for everyone. */
static void apic_choose_mode(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	x2apic = c & CPUID_1_ECX_X2APIC;
	if (!x2apic)
		xapic_mmio = __va(rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR_MASK);
	pr_info("apic: %s mode\n", x2apic ? "x2APIC" : "xAPIC (MMIO)");
}

void apic_init_cpu(void)
{
	u64 base;

	if (!x2apic && !xapic_mmio)
		apic_choose_mode();
	base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE | (x2apic ? APIC_BASE_X2APIC : 0);
	wrmsr(MSR_APIC_BASE, base);
	apic_write(APIC_TPR, 0); /* accept every priority */
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	apic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_eoi(); /* drop anything left pending from before */
}

/* Count APIC timer ticks over a known time on the TSC clock. */
static u32 calibrate_timer(void)
{
	u64 end;
	u32 elapsed;

	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_16);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_TIMER_INITIAL, 0xffffffff);
	end = ktime_get_ns() + TIMER_CALIBRATE_MS * NSEC_PER_MSEC;
	while (ktime_get_ns() < end)
		;
	elapsed = 0xffffffff - apic_read(APIC_TIMER_CURRENT);
	apic_write(APIC_TIMER_INITIAL, 0);
	return elapsed / TIMER_CALIBRATE_MS;
}

void apic_timer_init_cpu(void)
{
	if (!timer_ticks_per_ms) {
		timer_ticks_per_ms = calibrate_timer();
		pr_info("apic: timer at %u kHz (divider 16), tick %d Hz\n", timer_ticks_per_ms, HZ);
	}
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_16);
	apic_write(APIC_LVT_TIMER, APIC_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TIMER_INITIAL, timer_ticks_per_ms * 1000 / HZ);
}
