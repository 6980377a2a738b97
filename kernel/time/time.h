/* SPDX-License-Identifier: MIT */
/* Time since boot. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

/* Nanoseconds since the clock was set up at boot; 0 before that. Monotonic, per CPU. */
u64 ktime_get_ns(void);

/* Busy-wait: for boot-time code and drivers only. */
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

#endif
