/* SPDX-License-Identifier: MIT */
/*
 * The ktest runner: selects suites from ktest=, runs each case, prints KTAP, and ends the
 * machine with the overall result.
 *
 * Each case runs under a setjmp: KT_ASSERT_* and KT_SKIP longjmp back to the runner, and so does
 * a panic (through panic_recover_hook), so a case that crashes is reported as failed and the next
 * case still runs.
 */
#include "kernel/ktest/ktest.h"

#include <asm/cpu.h>
#include <asm/reboot.h>
#include <asm/setjmp.h>

#include "kernel/cmdline.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"
#include "lib/printf.h"

#define KTEST_ARG_MAX  256
#define KTEST_NAME_MAX 64

extern const struct ktest_suite *const __ktest_suites_start[];
extern const struct ktest_suite *const __ktest_suites_end[];

struct totals {
	unsigned int pass, fail, skip, xfail;
};

static struct ktest *current_test; /* the case now running */
static struct task_struct *runner;  /* the task running the cases (bound to CPU 0) */
static struct jmp_buf case_jmp;

/* KTAP lines go straight to the log without a timestamp, so that readers see them bare. */
__printf(2, 3) static void ktap(int indent, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	size_t n = scnprintf(line, sizeof(line), "%*s", indent * 4, "");

	va_start(ap, fmt);
	n += vscnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	printk_unstamped("%s\n", line);
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	t->failures++;
	t->status = KTEST_FAIL;
	if (t->quiet)
		return;
	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktap(2, "# %s: EXPECTATION FAILED at %s:%d", t->name, file, line);
	/* One diagnostic line per line of the message. */
	for (char *p = msg, *nl; p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		ktap(2, "#   %s", p);
	}
}

void ktest_abort(struct ktest *t)
{
	if (!t->abort)
		panic("ktest: KT_ASSERT in %s with nowhere to go", t->name);
	longjmp(t->abort, 1);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->status = KTEST_SKIP;
	t->skip_reason = reason;
	ktest_abort(t);
}

/* panic_recover_hook while a case runs: fail the case and resume the runner. */
static void ktest_recover(void)
{
	struct ktest *t = current_test;

	if (current != runner)
		return; /* another task panicked: its stack is not ours to jump from */
	panic_recovered();
	t->failures++;
	t->status = KTEST_FAIL;
	if (!t->quiet)
		ktap(2, "# %s: the case panicked (see the report above)", t->name);
	longjmp(&case_jmp, 1);
}

/*
 * A case must leave the context as it found it: a leaked preempt_count (a spinlock never
 * released, a local_bh_disable without enable) would silently change every case after it.
 * A case that panicked is excused: the panic left it where it was.
 */
static void check_context_restored(struct ktest *t, int count)
{
	if (preempt_count() == count)
		return;
	if (t->status != KTEST_FAIL || !t->failures)
		ktest_fail(t, __FILE__, __LINE__, "preempt_count is %#x after the case, %#x before",
			   preempt_count(), count);
	preempt_count_sub(preempt_count() - count);
}

static enum ktest_status run_case(const struct ktest_case *c, struct ktest *t)
{
	unsigned long flags = arch_local_save_flags();
	int count = preempt_count();

	*t = (struct ktest){ .name = c->name, .status = KTEST_PASS, .abort = &case_jmp };
	current_test = t;
	panic_recover_hook = ktest_recover;
	if (setjmp(&case_jmp) == 0)
		c->run(t);
	panic_recover_hook = NULL;
	current_test = NULL;
	local_irq_restore(flags); /* a panic left interrupts off */
	check_context_restored(t, count);
	return t->status;
}

/* Print the result line of case number n, and count it. */
static void report_case(int n, const struct ktest_case *c, struct ktest *t, struct totals *tot)
{
	if (t->status == KTEST_SKIP) {
		ktap(1, "ok %d %s # SKIP %s", n, c->name, t->skip_reason);
		tot->skip++;
	} else if (c->xfail && t->status == KTEST_FAIL) {
		ktap(1, "not ok %d %s # TODO expected failure: %s", n, c->name, c->xfail);
		tot->xfail++;
	} else if (c->xfail) {
		ktap(1, "# %s: expected to fail (%s), but passed", c->name, c->xfail);
		ktap(1, "not ok %d %s", n, c->name);
		tot->fail++;
	} else if (t->status == KTEST_FAIL) {
		ktap(1, "not ok %d %s", n, c->name);
		tot->fail++;
	} else {
		ktap(1, "ok %d %s", n, c->name);
		tot->pass++;
	}
}

static int count_cases(const struct ktest_suite *s)
{
	int n = 0;

	while (s->cases[n].name)
		n++;
	return n;
}

/* Run one suite as subtest number n of the top level. Returns true if nothing failed. */
static bool run_suite(int n, const struct ktest_suite *s, struct totals *all)
{
	struct totals tot = {};
	int count = count_cases(s);

	ktap(1, "KTAP version 1");
	ktap(1, "# Subtest: %s", s->name);
	ktap(1, "1..%d", count);
	for (int i = 0; i < count; i++) {
		struct ktest t;
		u64 start = ktime_get_ns();

		run_case(&s->cases[i], &t);
		ktap(1, "# %s: %llu us", s->cases[i].name,
		     (unsigned long long)((ktime_get_ns() - start) / NSEC_PER_USEC));
		report_case(i + 1, &s->cases[i], &t, &tot);
	}
	ktap(0, "# %s: pass:%u fail:%u skip:%u xfail:%u total:%d", s->name, tot.pass, tot.fail,
	     tot.skip, tot.xfail, count);
	ktap(0, "%sok %d %s", tot.fail ? "not " : "", n, s->name);
	all->pass += tot.pass;
	all->fail += tot.fail;
	all->skip += tot.skip;
	all->xfail += tot.xfail;
	return tot.fail == 0;
}

static const struct ktest_suite *find_suite(const char *name)
{
	for (const struct ktest_suite *const *s = __ktest_suites_start; s < __ktest_suites_end; s++)
		if (strcmp((*s)->name, name) == 0)
			return *s;
	return NULL;
}

/* Split the comma-separated list in arg into names[]; returns how many. */
static int split_names(char *arg, char *names[], int max)
{
	int n = 0;

	for (char *p = arg; p && *p && n < max;) {
		names[n++] = p;
		p = strchr(p, ',');
		if (p)
			*p++ = '\0';
	}
	return n;
}

static bool run_selected(char *arg, struct totals *all)
{
	const struct ktest_suite *const *first = __ktest_suites_start;
	int nr_all = __ktest_suites_end - __ktest_suites_start;
	char *names[KTEST_NAME_MAX];
	bool everything = strcmp(arg, "all") == 0;
	int n = everything ? nr_all : split_names(arg, names, KTEST_NAME_MAX);
	bool ok = true;

	ktap(0, "KTAP version 1");
	ktap(0, "1..%d", n);
	for (int i = 0; i < n; i++) {
		const struct ktest_suite *s = everything ? first[i] : find_suite(names[i]);

		if (!s) {
			ktap(0, "# ktest: there is no suite named \"%s\"", names[i]);
			ktap(0, "not ok %d %s", i + 1, names[i]);
			all->fail++;
			ok = false;
			continue;
		}
		ok &= run_suite(i + 1, s, all);
	}
	return ok;
}

void ktest_run_from_cmdline(void)
{
	char arg[KTEST_ARG_MAX];
	struct totals all = {};
	bool ok;

	if (!cmdline_param("ktest", arg, sizeof(arg)))
		return;
	/*
	 * Run on the boot CPU, as the cases before the scheduler did: many check per-CPU state
	 * of "this CPU" and must not migrate halfway. They are still preempted like any task.
	 */
	runner = current;
	set_cpus_allowed(current, cpumask_of(0));
	pr_info("ktest: running \"%s\"\n", arg);
	ok = run_selected(arg, &all);
	ktap(0, "# Totals: pass:%u fail:%u skip:%u xfail:%u", all.pass, all.fail, all.skip,
	     all.xfail);
	machine_exit(ok ? MACHINE_STATUS_SUCCESS : MACHINE_STATUS_FAILURE);
}
