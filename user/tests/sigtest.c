/* SPDX-License-Identifier: MIT */
/*
 * Signals from user mode. Run as init (init=/bin/sigtest), it checks handlers and their frame,
 * masks, default actions, kill/tgkill/tkill, SIGCHLD, fault signals, and that a signal ends a
 * process blocked in the kernel; prints KTAP, and exits with 0 if all passed.
 *
 * Children that must block somewhere tell the parent they are about to, through a shared page;
 * the parent then gives them a moment to get there before it signals them. A child that fails
 * to block first is still killed: the check then proves less, never a false failure.
 */
#include "../lib/ulib.h"

#define ESRCH  3
#define EINTR  4
#define EFAULT 14
#define EINVAL 22

#define SIGILL	 4
#define SIGKILL	 9
#define SIGUSR1	 10
#define SIGSEGV	 11
#define SIGUSR2	 12
#define SIGTERM	 15
#define SIGCHLD	 17
#define SIGSTOP	 19
#define SIGRTMIN 32

#define SI_USER	    0
#define SI_TKILL    (-6)
#define SEGV_MAPERR 1
#define CLD_EXITED  1

#define PROT_READ     1
#define PROT_WRITE    2
#define MAP_SHARED    0x01
#define MAP_ANONYMOUS 0x20
#define FUTEX_WAIT    0

#define CLONE_VM      0x00000100
#define CLONE_FS      0x00000200
#define CLONE_FILES   0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD  0x00010000
#define THREAD_FLAGS  (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

#define WTERMSIG(s)	     ((s)&0x7f)
#define WEXITSTATUS(s)	     (((s) >> 8) & 0xff)
#define EXITED_WITH(s, code) (WTERMSIG(s) == 0 && WEXITSTATUS(s) == (code))

/* The parts of siginfo_t and ucontext a handler here looks at (Linux's x86-64 layout). */
struct usiginfo {
	int si_signo, si_errno, si_code, pad;
	union {
		struct {
			int pid;
			unsigned int uid;
			int status;
		} kill;
		void *addr;
	};
	char rest[128 - 32];
};

struct uucontext {
	unsigned long uc_flags;
	void *uc_link;
	unsigned long uc_stack[3];
	unsigned long r8, r9, r10, r11, r12, r13, r14, r15;
	unsigned long rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	unsigned short cs, gs, fs, ss;
	unsigned long err, trapno, oldmask, cr2, fpstate, reserved[8];
	unsigned long uc_sigmask;
};

struct timespec {
	long tv_sec, tv_nsec;
};

/* Shared with children (MAP_SHARED): what they report before blocking. */
struct shared {
	volatile int ready;
	volatile int futex_word;
	volatile long grandchild;
};
static struct shared *shm;

static volatile int hits[65];
static volatile int last_signo, last_code, last_pid, last_status; /* info_handler's siginfo */
static volatile unsigned long last_uc, last_info_ptr, mask_in_handler;

static long getpid(void)
{
	return syscall0(SYS_getpid);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	syscall2(SYS_nanosleep, &ts, 0);
}

static void count_handler(int sig)
{
	hits[sig]++;
}

static void info_handler(int sig, struct usiginfo *info, struct uucontext *uc)
{
	hits[sig]++;
	last_signo = info->si_signo;
	last_code = info->si_code;
	last_pid = info->kill.pid;
	last_status = info->kill.status;
	last_uc = (unsigned long)uc;
	last_info_ptr = (unsigned long)info;
}

static void mask_handler(int sig)
{
	unsigned long m = 0;

	usigprocmask(SIG_BLOCK, 0, &m); /* only reads: set 0 adds nothing */
	mask_in_handler = m;
	hits[sig]++;
}

static unsigned long pending_set(void)
{
	unsigned long set = 0;

	syscall2(SYS_rt_sigpending, &set, 8);
	return set;
}

/* wait4 for pid, again if a handled signal interrupts it; the status, or -1. */
static long wait_for(long pid)
{
	int status = -1;
	long r;

	do
		r = syscall4(SYS_wait4, pid, &status, 0, 0);
	while (r == -EINTR);
	return r == pid ? status : -1;
}

static long fork_and_wait(void (*fn)(void))
{
	long pid = syscall0(SYS_fork);

	if (pid == 0) {
		fn();
		syscall1(SYS_exit, 0);
	}
	return pid < 0 ? -1 : wait_for(pid);
}

/* ---- handlers and the frame ---- */

static void handler_tests(void)
{
	long r;

	r = usigaction(SIGUSR1, count_handler, 0, 0);
	r |= syscall2(SYS_kill, getpid(), SIGUSR1);
	KT_CHECK("handler_runs_for_kill_to_self_and_execution_resumes",
		 r == 0 && hits[SIGUSR1] == 1, hits[SIGUSR1]);

	usigaction(SIGUSR2, info_handler, SA_SIGINFO, 0);
	syscall2(SYS_kill, getpid(), SIGUSR2);
	KT_CHECK("sa_siginfo_handler_gets_signo_pid_and_code",
		 last_signo == SIGUSR2 && last_pid == getpid() && last_code == SI_USER, last_signo);
	/* The frame: pretcode at the handler's %rsp, uc right above it, siginfo after uc. */
	KT_CHECK("frame_is_aligned_with_siginfo_after_ucontext",
		 last_uc % 16 == 0 && last_info_ptr == last_uc + 304, last_uc);

	usigaction(SIGUSR1, mask_handler, 0, SIGBIT(SIGUSR2));
	mask_in_handler = 0;
	syscall2(SYS_kill, getpid(), SIGUSR1);
	{
		unsigned long now = 1;

		usigprocmask(SIG_BLOCK, 0, &now);
		KT_CHECK("handler_runs_with_its_signal_and_sa_mask_blocked_then_unblocked",
			 mask_in_handler == (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2)) && now == 0,
			 mask_in_handler);
	}
	usigaction(SIGUSR1, mask_handler, SA_NODEFER, 0);
	syscall2(SYS_kill, getpid(), SIGUSR1);
	KT_CHECK("sa_nodefer_leaves_the_signal_unblocked", mask_in_handler == 0, mask_in_handler);

	{
		struct ksigaction old = { (void *)5, 5, 0, 5 };

		hits[SIGUSR2] = 0;
		usigaction(SIGUSR2, count_handler, SA_RESETHAND, 0);
		syscall2(SYS_kill, getpid(), SIGUSR2);
		syscall4(SYS_rt_sigaction, SIGUSR2, 0, &old, 8);
		KT_CHECK("sa_resethand_goes_back_to_default_after_one_delivery",
			 hits[SIGUSR2] == 1 && old.handler == 0, hits[SIGUSR2]);
	}
}

/* A handler that clobbers every register the ABI lets it, and more: rt_sigreturn restores all. */
extern void clobber_handler(int sig);
static volatile int clobber_hits;
__asm__(".text\n"
	".globl clobber_handler\n"
	"clobber_handler:\n"
	"	incl clobber_hits(%rip)\n"
	"	movq $0x1111, %rbx\n	movq $0x1212, %r12\n	movq $0x1313, %r13\n"
	"	movq $0x1414, %r14\n	movq $0x1515, %r15\n	movq $0x1616, %rbp\n"
	"	movq $0x1717, %rsi\n	movq $0x1818, %rdx\n	movq $0x1919, %r8\n"
	"	movq $0x2020, %r9\n	movq $0x2121, %r10\n	movq $0x2222, %rax\n"
	"	pxor %xmm0, %xmm0\n	pxor %xmm1, %xmm1\n"
	"	ret\n");

/*
 * kill(getpid(), SIGUSR1) with known values in registers, compared after the handler ran. The
 * asm loads and stores r8-r15 itself: register variables would not survive other inline
 * system calls in between.
 */
static long regs_in[7] = { 0x808, 0x909, 0xa0a, 0xc0c, 0xd0d, 0xe0e, 0xf0f }, regs_out[7];

static int registers_survive_a_handler(void)
{
	long pid = getpid(), rax = SYS_kill, rbx = 0xb0b, rdi = pid, rsi = SIGUSR1, rdx = 0xd1d1;
	unsigned long xin = 0x0123456789abcdeful, xout = 0;
	int same = 1;

	usigaction(SIGUSR1, clobber_handler, 0, 0);
	__asm__ __volatile__(
	    "movq %[i0], %%r8\n\tmovq %[i1], %%r9\n\tmovq %[i2], %%r10\n\t"
	    "movq %[i3], %%r12\n\tmovq %[i4], %%r13\n\tmovq %[i5], %%r14\n\t"
	    "movq %[i6], %%r15\n\tmovq %[xin], %%xmm0\n\t"
	    "syscall\n\t"
	    "movq %%xmm0, %[xout]\n\t"
	    "movq %%r8, %[o0]\n\tmovq %%r9, %[o1]\n\tmovq %%r10, %[o2]\n\t"
	    "movq %%r12, %[o3]\n\tmovq %%r13, %[o4]\n\tmovq %%r14, %[o5]\n\t"
	    "movq %%r15, %[o6]"
	    : "+a"(rax), "+b"(rbx), "+D"(rdi), "+S"(rsi),
	      "+d"(rdx), [xout] "=m"(xout), [o0] "=m"(regs_out[0]), [o1] "=m"(regs_out[1]),
	      [o2] "=m"(regs_out[2]), [o3] "=m"(regs_out[3]), [o4] "=m"(regs_out[4]),
	      [o5] "=m"(regs_out[5]), [o6] "=m"(regs_out[6])
	    : [xin] "m"(xin), [i0] "m"(regs_in[0]), [i1] "m"(regs_in[1]), [i2] "m"(regs_in[2]),
	      [i3] "m"(regs_in[3]), [i4] "m"(regs_in[4]), [i5] "m"(regs_in[5]), [i6] "m"(regs_in[6])
	    : "rcx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "xmm0", "xmm1",
	      "memory");
	for (int i = 0; i < 7; i++)
		same &= regs_out[i] == regs_in[i];
	return same && clobber_hits == 1 && rax == 0 && rbx == 0xb0b && rdi == pid &&
	       rsi == SIGUSR1 && rdx == 0xd1d1 && xout == xin;
}

/* ---- masks and pending sets ---- */

static void mask_tests(void)
{
	unsigned long old = 1, pend;
	int before, queued;

	hits[SIGUSR2] = 0;
	usigaction(SIGUSR2, count_handler, 0, 0);
	usigprocmask(SIG_BLOCK, SIGBIT(SIGUSR2), &old);
	syscall2(SYS_kill, getpid(), SIGUSR2);
	syscall2(SYS_kill, getpid(), SIGUSR2); /* a standard signal is pending once */
	before = hits[SIGUSR2];
	pend = pending_set();
	usigprocmask(SIG_UNBLOCK, SIGBIT(SIGUSR2), 0);
	KT_CHECK("blocked_signal_stays_pending_and_is_delivered_once_on_unblock",
		 old == 0 && before == 0 && pend == SIGBIT(SIGUSR2) && hits[SIGUSR2] == 1,
		 hits[SIGUSR2]);

	usigaction(SIGRTMIN + 1, count_handler, 0, 0);
	usigprocmask(SIG_BLOCK, SIGBIT(SIGRTMIN + 1), 0);
	for (int i = 0; i < 3; i++)
		syscall2(SYS_kill, getpid(), SIGRTMIN + 1);
	queued = hits[SIGRTMIN + 1];
	usigprocmask(SIG_UNBLOCK, SIGBIT(SIGRTMIN + 1), 0);
	KT_CHECK("realtime_signals_queue_every_send", queued == 0 && hits[SIGRTMIN + 1] == 3,
		 hits[SIGRTMIN + 1]);

	usigprocmask(SIG_BLOCK, SIGBIT(SIGKILL) | SIGBIT(SIGSTOP), 0);
	usigprocmask(SIG_BLOCK, 0, &old);
	KT_CHECK("sigkill_and_sigstop_cannot_be_blocked", old == 0, old);
	KT_CHECK("sigkill_and_sigstop_cannot_be_caught",
		 usigaction(SIGKILL, count_handler, 0, 0) == -EINVAL &&
		     usigaction(SIGSTOP, count_handler, 0, 0) == -EINVAL &&
		     syscall4(SYS_rt_sigaction, SIGKILL, 0, &old, 8) == 0,
		 usigaction(SIGKILL, count_handler, 0, 0));

	hits[SIGUSR1] = 0;
	usigaction(SIGUSR1, count_handler, 0, 0);
	syscall3(SYS_tgkill, getpid(), syscall0(SYS_gettid), SIGUSR1);
	syscall2(SYS_tkill, syscall0(SYS_gettid), SIGUSR1);
	KT_CHECK("tgkill_and_tkill_reach_the_thread", hits[SIGUSR1] == 2, hits[SIGUSR1]);

	usigaction(SIGUSR2, info_handler, SA_SIGINFO, 0);
	syscall3(SYS_tgkill, getpid(), syscall0(SYS_gettid), SIGUSR2);
	KT_CHECK("tgkill_siginfo_says_si_tkill", last_code == SI_TKILL, last_code);
}

/* ---- errors ---- */

static void error_tests(void)
{
	unsigned long set = 0;

	KT_CHECK("kill_of_a_nonexistent_pid_is_esrch",
		 syscall2(SYS_kill, 99999, SIGTERM) == -ESRCH &&
		     syscall2(SYS_kill, 99999, 0) == -ESRCH &&
		     syscall3(SYS_tgkill, 1, 99999, SIGUSR1) == -ESRCH,
		 syscall2(SYS_kill, 99999, SIGTERM));
	KT_CHECK("kill_with_signal_0_checks_existence", syscall2(SYS_kill, getpid(), 0) == 0, 0);
	KT_CHECK("bad_signal_numbers_are_einval",
		 syscall2(SYS_kill, getpid(), 65) == -EINVAL &&
		     syscall2(SYS_kill, getpid(), -1) == -EINVAL &&
		     usigaction(0, count_handler, 0, 0) == -EINVAL &&
		     usigaction(65, count_handler, 0, 0) == -EINVAL &&
		     syscall3(SYS_tgkill, getpid(), 0, SIGUSR1) == -EINVAL,
		 syscall2(SYS_kill, getpid(), 65));
	KT_CHECK("bad_how_or_sigsetsize_is_einval",
		 syscall4(SYS_rt_sigprocmask, 7, &set, 0, 8) == -EINVAL &&
		     syscall4(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, 16) == -EINVAL &&
		     syscall4(SYS_rt_sigaction, SIGUSR1, 0, 0, 4) == -EINVAL,
		 syscall4(SYS_rt_sigprocmask, 7, &set, 0, 8));
	KT_CHECK("bad_sigaction_pointers_are_efault",
		 syscall4(SYS_rt_sigaction, SIGUSR1, (void *)0x10, 0, 8) == -EFAULT &&
		     syscall4(SYS_rt_sigaction, SIGUSR1, 0, (void *)0xffff888000000000ul, 8) ==
			 -EFAULT &&
		     syscall4(SYS_rt_sigprocmask, SIG_BLOCK, (void *)0x10, 0, 8) == -EFAULT,
		 syscall4(SYS_rt_sigaction, SIGUSR1, (void *)0x10, 0, 8));
	KT_CHECK("sigkill_to_init_is_ignored", syscall2(SYS_kill, 1, SIGKILL) == 0, 0);
}

/* ---- default actions and faults, in children ---- */

static void spin_forever(void)
{
	for (;;)
		syscall0(SYS_sched_yield);
}

/* fork a child running fn, let it start, send sig; its wait status. */
static long kill_child(void (*fn)(void), int sig)
{
	long pid = syscall0(SYS_fork);

	if (pid == 0) {
		fn();
		syscall1(SYS_exit, 99);
	}
	sleep_ms(10);
	syscall2(SYS_kill, pid, sig);
	return wait_for(pid);
}

/* SIGCHLD (default: ignored) leaves a child running; kill(-1) reaches it. Its status. */
static long sigchld_then_kill_minus_1(void)
{
	long pid = syscall0(SYS_fork);

	if (pid == 0)
		spin_forever();
	sleep_ms(10);
	syscall2(SYS_kill, pid, SIGCHLD);
	sleep_ms(10);
	if (syscall2(SYS_kill, -1, SIGKILL) != 0) /* every process but init (us) and its own */
		return -1;
	return wait_for(pid);
}

static void segv_info_handler(int sig, struct usiginfo *info, void *uc)
{
	(void)uc;
	syscall1(SYS_exit,
		 sig == SIGSEGV && info->addr == 0 && info->si_code == SEGV_MAPERR ? 42 : 41);
}

static void null_write_with_handler(void)
{
	usigaction(SIGSEGV, segv_info_handler, SA_SIGINFO, 0);
	*(volatile int *)0 = 1;
}

static void null_write_with_segv_blocked(void)
{
	usigaction(SIGSEGV, segv_info_handler, SA_SIGINFO, 0);
	usigprocmask(SIG_BLOCK, SIGBIT(SIGSEGV), 0);
	*(volatile int *)0 = 1;
}

/* SIGILL from ud2: the handler moves the saved RIP past it, and the program goes on. */
static void skip_ud2(int sig, struct usiginfo *info, struct uucontext *uc)
{
	(void)info;
	if (++hits[sig] > 3)
		syscall1(SYS_exit, 98); /* the context change did not take */
	uc->rip += 2;
}

static void ud2_then_exit(void)
{
	usigaction(SIGILL, skip_ud2, SA_SIGINFO, 0);
	__asm__ __volatile__("ud2");
	syscall1(SYS_exit, hits[SIGILL] == 1 ? 7 : 8);
}

static void handler_without_restorer(void)
{
	struct ksigaction act = { count_handler, 0, 0, 0 };

	syscall4(SYS_rt_sigaction, SIGUSR1, &act, 0, 8);
	syscall2(SYS_kill, getpid(), SIGUSR1);
}

static void sigreturn_from_unmapped_frame(void)
{
	__asm__ __volatile__("movq $0x1000, %%rsp\n\tmovl $15, %%eax\n\tsyscall" ::: "memory");
}

/* A forged frame: RIP non-canonical, which IRET would fault on in the kernel. */
static unsigned long forged[64] __attribute__((aligned(16)));

static void sigreturn_to_noncanonical_rip(void)
{
	struct uucontext *uc = (struct uucontext *)&forged[1];

	uc->rip = 0x0000800000000000ul;
	uc->rsp = (unsigned long)&forged[60];
	__asm__ __volatile__("movq %0, %%rsp\n\tmovl $15, %%eax\n\tsyscall"
			     :
			     : "r"(&forged[1])
			     : "memory");
}

/* A forged frame with an FPU image whose MXCSR sets reserved bits: masked, not a kernel #GP. */
static unsigned char fx_image[512] __attribute__((aligned(64)));
static unsigned long child_stack[256] __attribute__((aligned(16)));

static void exit_5(void)
{
	syscall1(SYS_exit, 5);
}

static void sigreturn_with_bad_mxcsr(void)
{
	struct uucontext *uc = (struct uucontext *)&forged[1];

	__asm__ __volatile__("pxor %%xmm0, %%xmm0" ::: "xmm0"); /* own FPU state first */
	*(volatile unsigned int *)&fx_image[24] = 0xffffffffu;	/* MXCSR */
	uc->rip = (unsigned long)exit_5;
	uc->rsp = (unsigned long)&child_stack[255]; /* 8 mod 16: as if called */
	uc->fpstate = (unsigned long)fx_image;
	__asm__ __volatile__("movq %0, %%rsp\n\tmovl $15, %%eax\n\tsyscall"
			     :
			     : "r"(&forged[1])
			     : "memory");
}

static void default_action_tests(void)
{
	long st;

	st = kill_child(spin_forever, SIGKILL);
	KT_CHECK("sigkill_ends_a_child_with_status_9", st >= 0 && WTERMSIG(st) == SIGKILL, st);
	st = kill_child(spin_forever, SIGTERM);
	KT_CHECK("sigterm_default_ends_a_child_with_status_15", st >= 0 && WTERMSIG(st) == SIGTERM,
		 st);
	st = sigchld_then_kill_minus_1();
	KT_CHECK("sigchld_default_is_ignored_and_kill_minus_1_reaches_the_rest",
		 st >= 0 && WTERMSIG(st) == SIGKILL, st);
	st = fork_and_wait(null_write_with_handler);
	KT_CHECK("sigsegv_handler_runs_on_a_null_write_and_can_exit", EXITED_WITH(st, 42), st);
	st = fork_and_wait(null_write_with_segv_blocked);
	KT_CHECK("fault_with_its_signal_blocked_kills", st >= 0 && WTERMSIG(st) == SIGSEGV, st);
	st = fork_and_wait(ud2_then_exit);
	KT_CHECK("handler_can_change_the_saved_rip", EXITED_WITH(st, 7), st);
	st = fork_and_wait(handler_without_restorer);
	KT_CHECK("handler_without_sa_restorer_kills_with_sigsegv",
		 st >= 0 && WTERMSIG(st) == SIGSEGV, st);
	st = fork_and_wait(sigreturn_from_unmapped_frame);
	KT_CHECK("sigreturn_from_an_unmapped_frame_kills_with_sigsegv",
		 st >= 0 && WTERMSIG(st) == SIGSEGV, st);
	st = fork_and_wait(sigreturn_to_noncanonical_rip);
	KT_CHECK("sigreturn_to_a_noncanonical_rip_kills_with_sigsegv",
		 st >= 0 && WTERMSIG(st) == SIGSEGV, st);
	st = fork_and_wait(sigreturn_with_bad_mxcsr);
	KT_CHECK("sigreturn_masks_reserved_mxcsr_bits", EXITED_WITH(st, 5), st);
}

/* ---- SIGCHLD ---- */

static void exit_3(void)
{
	syscall1(SYS_exit, 3);
}

static void sigchld_tests(void)
{
	long pid, st;

	hits[SIGCHLD] = 0;
	last_signo = 0;
	usigaction(SIGCHLD, info_handler, SA_SIGINFO, 0);
	pid = syscall0(SYS_fork);
	if (pid == 0)
		exit_3();
	st = wait_for(pid);
	KT_CHECK("sigchld_reaches_the_parent_with_pid_and_status",
		 EXITED_WITH(st, 3) && hits[SIGCHLD] == 1 && last_signo == SIGCHLD &&
		     last_pid == pid && last_status == 3 && last_code == CLD_EXITED,
		 hits[SIGCHLD]);

	usigprocmask(SIG_BLOCK, SIGBIT(SIGCHLD), 0);
	st = fork_and_wait(exit_3);
	st = pending_set() == SIGBIT(SIGCHLD);
	usigaction(SIGCHLD, (void *)1, 0, 0); /* SIG_IGN: a pending instance is discarded */
	KT_CHECK("ignoring_a_pending_signal_discards_it", st && pending_set() == 0, pending_set());
	usigaction(SIGCHLD, 0, 0, 0);
	usigprocmask(SIG_UNBLOCK, SIGBIT(SIGCHLD), 0);
}

/* ---- signals end (or interrupt) sleeps in the kernel ---- */

static char thread_stack[16 * 1024] __attribute__((aligned(16)));

static int futex_wait_forever(void *arg)
{
	(void)arg;
	for (;;)
		syscall4(SYS_futex, &shm->futex_word, FUTEX_WAIT, 0, 0);
	return 0;
}

/* Two threads, both blocked in FUTEX_WAIT. */
static void block_in_futex(void)
{
	int ptid, ctid;

	clone_thread(futex_wait_forever, thread_stack + sizeof(thread_stack), THREAD_FLAGS, 0,
		     &ptid, 0, &ctid);
	shm->ready = 1;
	futex_wait_forever(0);
}

static void block_in_wait4(void)
{
	long pid = syscall0(SYS_fork);

	if (pid == 0)
		futex_wait_forever(0); /* the grandchild */
	shm->grandchild = pid;
	shm->ready = 1;
	syscall4(SYS_wait4, pid, 0, 0, 0);
	syscall1(SYS_exit, 97); /* the grandchild never exits by itself */
}

static void block_in_nanosleep(void)
{
	shm->ready = 1;
	sleep_ms(100000);
	syscall1(SYS_exit, 96);
}

static void nanosleep_until_signalled(void)
{
	struct timespec ts = { 100, 0 }, rem = { 0, 0 };
	long r;

	hits[SIGUSR1] = 0; /* the parent's count came along with fork */
	usigaction(SIGUSR1, count_handler, 0, 0);
	shm->ready = 1;
	r = syscall2(SYS_nanosleep, &ts, &rem);
	syscall1(SYS_exit, r == -EINTR && hits[SIGUSR1] == 1 && rem.tv_sec > 50 ? 0 : 1);
}

static void pause_until_signalled(void)
{
	long r;

	hits[SIGUSR1] = 0;
	usigaction(SIGUSR1, count_handler, 0, 0);
	shm->ready = 1;
	r = syscall0(SYS_pause);
	syscall1(SYS_exit, r == -EINTR && hits[SIGUSR1] == 1 ? 0 : 1);
}

/* fork a child that blocks in fn; once it is there, send sig; its wait status. */
static long signal_blocked_child(void (*fn)(void), int sig)
{
	long pid;

	shm->ready = 0;
	pid = syscall0(SYS_fork);
	if (pid == 0) {
		fn();
		syscall1(SYS_exit, 99);
	}
	while (!shm->ready)
		syscall0(SYS_sched_yield);
	sleep_ms(20); /* from "about to block" to blocked */
	syscall2(SYS_kill, pid, sig);
	return wait_for(pid);
}

static void blocked_tests(void)
{
	long st;

	st = signal_blocked_child(block_in_futex, SIGKILL);
	KT_CHECK("sigkill_ends_a_process_whose_threads_are_in_futex_wait",
		 st >= 0 && WTERMSIG(st) == SIGKILL, st);
	st = signal_blocked_child(block_in_futex, SIGTERM);
	KT_CHECK("sigterm_default_ends_a_process_whose_threads_are_in_futex_wait",
		 st >= 0 && WTERMSIG(st) == SIGTERM, st);
	st = signal_blocked_child(block_in_wait4, SIGKILL);
	syscall2(SYS_kill, shm->grandchild, SIGKILL); /* it is init's (ours) now */
	KT_CHECK("sigkill_ends_a_process_blocked_in_wait4",
		 st >= 0 && WTERMSIG(st) == SIGKILL &&
		     WTERMSIG(wait_for(shm->grandchild)) == SIGKILL,
		 st);
	st = signal_blocked_child(block_in_nanosleep, SIGTERM);
	KT_CHECK("sigterm_ends_a_process_blocked_in_nanosleep", st >= 0 && WTERMSIG(st) == SIGTERM,
		 st);
	st = signal_blocked_child(nanosleep_until_signalled, SIGUSR1);
	KT_CHECK("handled_signal_interrupts_nanosleep_with_eintr", EXITED_WITH(st, 0), st);
	st = signal_blocked_child(pause_until_signalled, SIGUSR1);
	KT_CHECK("handled_signal_ends_pause_with_eintr", EXITED_WITH(st, 0), st);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	ktap_plan("sigtest", 37);
	shm = (struct shared *)syscall6l(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	handler_tests();
	KT_CHECK("registers_survive_a_handler", registers_survive_a_handler(), clobber_hits);
	mask_tests();
	error_tests();
	default_action_tests();
	sigchld_tests();
	blocked_tests();
	return ktap_end("sigtest");
}
