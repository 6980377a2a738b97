/* SPDX-License-Identifier: MIT */
/*
 * The boot clock: the time-stamp counter, calibrated against channel 2 of the 8254 PIT, whose
 * input clock is a known 1.193182 MHz. Channel 2 is the one whose output can be read back
 * (port 0x61 bit 5) without interrupts, which we do not have yet.
 */
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/x86.h>

#include "kernel/printk/printk.h"
#include "kernel/time/time.h"

#define PIT_HZ		       1193182
#define PIT_CH2_DATA	       0x42
#define PIT_COMMAND	       0x43
#define PIT_CMD_CH2_LOHI_MODE0 0xb0 /* channel 2, low then high byte, interrupt on count */
#define NMI_SC_PORT	       0x61 /* system control port B */
#define NMI_SC_GATE2	       0x01 /* gate input of channel 2 */
#define NMI_SC_SPEAKER	       0x02 /* speaker data enable: keep off */
#define NMI_SC_OUT2	       0x20 /* output of channel 2 */
#define CALIBRATE_MS	       20
#define CALIBRATE_SPIN_LIMIT   100000000UL /* a PIT that never counts down must not hang boot */
#define FALLBACK_KHZ	       1000000	   /* 1 GHz: wrong, but time still moves forward */

static u64 tsc_base;	/* TSC value at tsc_init(): time 0 */
static u64 tsc_ns_mult; /* ns = (cycles * tsc_ns_mult) >> 32 */
unsigned long tsc_khz;

/* TSC cycles during ms milliseconds of PIT time, or 0 if the PIT did not answer. */
static u64 pit_measure_tsc(unsigned int ms)
{
	u32 latch = PIT_HZ * ms / 1000;
	u8 sc = inb(NMI_SC_PORT);
	u64 t0, t1;
	unsigned long spins = 0;

	outb(NMI_SC_PORT, (sc & ~NMI_SC_SPEAKER) | NMI_SC_GATE2);
	outb(PIT_COMMAND, PIT_CMD_CH2_LOHI_MODE0);
	outb(PIT_CH2_DATA, latch & 0xff);
	outb(PIT_CH2_DATA, latch >> 8);
	t0 = rdtsc();
	while (!(inb(NMI_SC_PORT) & NMI_SC_OUT2))
		if (++spins > CALIBRATE_SPIN_LIMIT)
			return 0;
	t1 = rdtsc();
	outb(NMI_SC_PORT, sc);
	return t1 - t0;
}

void tsc_init(void)
{
	u64 cycles = pit_measure_tsc(CALIBRATE_MS);

	if (cycles == 0) {
		pr_warn("tsc: PIT calibration failed; assuming %lu kHz\n",
			(unsigned long)FALLBACK_KHZ);
		tsc_khz = FALLBACK_KHZ;
	} else {
		tsc_khz = cycles / CALIBRATE_MS;
	}
	tsc_ns_mult = (NSEC_PER_MSEC << 32) / tsc_khz;
	tsc_base = rdtsc();
	pr_info("tsc: %lu.%03lu MHz (calibrated against the PIT over %d ms)\n", tsc_khz / 1000,
		tsc_khz % 1000, CALIBRATE_MS);
}

u64 ktime_get_ns(void)
{
	if (!tsc_ns_mult)
		return 0;
	return (u64)(((unsigned __int128)(rdtsc() - tsc_base) * tsc_ns_mult) >> 32);
}

void udelay(unsigned long usecs)
{
	u64 end = ktime_get_ns() + usecs * NSEC_PER_USEC;

	while (ktime_get_ns() < end)
		cpu_relax();
}

void mdelay(unsigned long msecs)
{
	udelay(msecs * 1000);
}
