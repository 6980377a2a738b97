/* SPDX-License-Identifier: MIT */
/*
 * kbench: in-kernel benchmarks, run by `make bench` (never by `make check`: speed is measured
 * here, not asserted in tests).
 *
 *	static void sync_latency(void) { ...; bench_report("rcu.synchronize_latency", ns / 1000, "us"); }
 *	KBENCH(rcu, sync_latency);
 *
 * `bench=all` or `bench=GROUP[,GROUP]` on the command line runs the benchmarks of those groups
 * after boot and powers off. Each figure is printed as one line, "BENCH name.smpN value unit"
 * (N: the CPUs online), which tests/bench collects.
 */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include "lib/compiler.h"
#include "lib/types.h"

struct kbench {
	const char *group; /* what bench= selects */
	const char *name;
	void (*run)(void);
};

#define KBENCH(group_, fn)                                                                         \
	static const struct kbench kbench_##fn = { .group = #group_, .name = #fn, .run = fn };     \
	static const struct kbench *const __kbench_ptr_##fn __section(".kbenches") __used =       \
	    &kbench_##fn

/* Print one figure. */
void bench_report(const char *name, u64 value, const char *unit);

/* Run the groups named by bench= and power off. Returns if bench= is absent. */
void bench_run_from_cmdline(void);

#endif
