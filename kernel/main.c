/* SPDX-License-Identifier: MIT */
/*
 * kmain: the boot story, top to bottom. Each step may use everything set up before it.
 */
#include "kernel/main.h"

#include <asm/cpu.h>
#include <asm/reboot.h>
#include <asm/setup.h>
#include <asm/thread.h>

#include "kernel/bench/bench.h"
#include "kernel/boot_tests.h"
#include "kernel/cmdline.h"
#include "kernel/fs/file.h"
#include "kernel/fs/initramfs.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/panic/kallsyms.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/fbcon.h"
#include "kernel/printk/printk.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/process.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"
#include "kernel/workqueue/workqueue.h"

/*
 * Become the first user process: exec init= (default /sbin/init) from the initramfs. Returns
 * only if there is none to run.
 */
static struct mem_snapshot before_init; /* for the leak check when init exits */

static void run_init_process(void)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", "PATH=/sbin:/bin" };
	const char *argv[] = { init_path() };
	struct exec_args args = {
		.filename = init_path(), .argv = argv, .argc = 1, .envp = envp, .envc = 3,
	};
	int err;

	mem_snapshot_take(&before_init);
	current->files = files_alloc_console(); /* fds 0, 1 and 2: the console */
	err = current->files ? do_execve(&args) : -ENOMEM;

	if (err) {
		pr_info("init: cannot run %s (error %d)\n", init_path(), err);
		return;
	}
	pr_info("init: running %s\n", init_path());
	set_child_reaper(current);
	arch_return_to_user(&current->thread);
}

/* Status reported by wait(): exit code in bits 8-15, or a signal number in bits 0-6. */
void init_exited(int code)
{
	int sig = code & 0x7f, status = (code >> 8) & 0xff;
	/*
	 * init's address space and files are gone (exit_mm, exit_files). The check sleeps before
	 * it counts, and init, switched out without an mm, drops its last hold on its pgd then.
	 * Only its signal_struct remains (one object): the machine powers off before exit_notify.
	 */
	bool clean = mem_snapshot_check(&before_init, 0, 1, 0);

	if (sig)
		pr_info("init: killed by signal %d: powering off\n", sig);
	else
		pr_info("init: exited with status %d: powering off\n", status);
	if (!clean)
		pr_err("init: processes did not give back everything they held (see leakcheck)\n");
	machine_exit(sig || status || !clean ? MACHINE_STATUS_FAILURE : MACHINE_STATUS_SUCCESS);
}

/*
 * The first task (pid 1): what runs once every CPU is up, with a scheduler to sleep in.
 */
static int kernel_init(void *unused)
{
	spawn_ksoftirqd();	  /* per-CPU threads that take over softirq floods */
	workqueue_init();	  /* system workqueues and their kworkers */
	initramfs_init();	  /* the root file system, from the boot module; init= */
	boot_test_hooks();	  /* test.panic, test.hang: for the test harness's own tests */
	ktest_run_from_cmdline(); /* ktest=...: runs the suites and powers off */
	bench_run_from_cmdline(); /* bench=...: the same for benchmarks */

	run_init_process();
	pr_info("Trefoil is up, with no init to run (Ctrl-A X leaves QEMU).\n");
	return 0;
}

void kmain(struct boot_info *bi)
{
	boot_info = bi;
	cmdline_init(bi->cmdline);
	console_loglevel = (int)cmdline_ull("loglevel", CONSOLE_LOGLEVEL_DEFAULT);

	early_console_init(); /* printk reaches the serial port (and replays what came before) */
	pr_info("Trefoil: a teaching kernel for the three mm_struct counters\n");
	setup_arch();	     /* descriptor tables, exceptions, the boot clock */
	fbcon_init(&bi->fb); /* mirror the log on the screen, if there is one */
	boot_info_print(bi);
	mm_init(bi);	    /* page tables, page allocator, slab, vmalloc */
	init_IRQ();	    /* ACPI tables, interrupt controllers */
	timers_init();	    /* the TIMER softirq */
	rcu_init();	    /* the RCU softirq: grace periods and callbacks */
	time_init();	    /* the tick */
	sched_init();	    /* this boot context becomes CPU 0's idle task */
	local_irq_enable(); /* from here on interrupts arrive */
	smp_init();	    /* the other CPUs, each joining the scheduler */
	pr_info("kallsyms: %lu symbols\n", kallsyms_count());

	if (IS_ERR(kthread_run(kernel_init, NULL, "init")))
		panic("cannot create the init task");
	cpu_startup_entry(); /* CPU 0 idles from now on, like every other CPU */
}
