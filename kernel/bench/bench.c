/* SPDX-License-Identifier: MIT */
/*
 * The benchmark runner (kernel/bench/bench.h has the contract). It runs in kernel_init, like
 * ktest, bound to CPU 0, and powers off when done.
 */
#include "kernel/bench/bench.h"

#include <asm/reboot.h>

#include "kernel/cmdline.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "lib/string.h"

#define BENCH_ARG_MAX 256

extern const struct kbench *const __kbenches_start[];
extern const struct kbench *const __kbenches_end[];

void bench_report(const char *name, u64 value, const char *unit)
{
	printk_unstamped("BENCH %s.smp%u %llu %s\n", name, num_online_cpus(),
			 (unsigned long long)value, unit);
}

/* Is group in the comma-separated list (or is the list "all")? */
static bool selected(const char *list, const char *group)
{
	size_t len = strlen(group);

	if (strcmp(list, "all") == 0)
		return true;
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, group, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return true;
	return false;
}

void bench_run_from_cmdline(void)
{
	char arg[BENCH_ARG_MAX];
	int ran = 0;

	if (!cmdline_param("bench", arg, sizeof(arg)))
		return;
	set_cpus_allowed(current, cpumask_of(0));
	pr_info("bench: running \"%s\"\n", arg);
	for (const struct kbench *const *b = __kbenches_start; b < __kbenches_end; b++) {
		if (!selected(arg, (*b)->group))
			continue;
		pr_info("bench: %s/%s\n", (*b)->group, (*b)->name);
		(*b)->run();
		ran++;
	}
	pr_info("bench: %d benchmark%s done\n", ran, ran == 1 ? "" : "s");
	machine_exit(ran ? MACHINE_STATUS_SUCCESS : MACHINE_STATUS_FAILURE);
}
