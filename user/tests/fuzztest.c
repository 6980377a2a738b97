/* SPDX-License-Identifier: MIT */
/*
 * fuzztest: a deterministic system-call fuzzer, run as init (init=/bin/fuzztest).
 *
 * For every system call in kernel/syscall/table.h it makes a few hundred to a few thousand calls
 * whose arguments a fixed-seed generator draws from pools of interesting values: 0, 1, -1, small
 * numbers, INT_MIN/INT_MAX, huge values, NULL, aligned and misaligned addresses, addresses on
 * both sides of the user/kernel boundary, the direct map and the kernel image, unmapped holes,
 * buffers that run into an unmapped page, read-only and PROT_NONE pages, and valid buffers, so
 * that some calls succeed. The arguments of call i of a system call depend only on (system
 * call, i): a run is reproducible, and a batch can go on after the call that ended its process.
 *
 * What it checks. Mainly that the kernel survives: a panic, a hang, a lock-validator report or
 * a leak at init's exit fails the boot, whatever this program prints. Besides, for each batch:
 * every call returned a result or a -errno in [-4095, -1]; the batch's process ended only in a
 * way its system call allows (each entry of the table below says which signals may end it, and
 * why); and afterwards init's own memory (a canary) and getpid() are intact.
 *
 * How a batch runs. init forks a child that makes the calls, starting at the index found in a
 * shared page, and writes there the index of each call before it makes it. If the child ends
 * early (an expected signal, a successful execve, exit), init forks a new one that starts after
 * the call that ended the last. What a call needs is set up first (struct batch.needs): files
 * at descriptors 3 to 7, children and threads to wait for or signal, mappings of every kind.
 * Some batches also run racers, threads that work on the same things from another CPU
 * meanwhile: dup2, close and open on the descriptors, or the kernel's uaccess, user-mode
 * touches (a fault just skips the touch) and fork on the memory being mapped and unmapped.
 * One KTAP case per system call: fuzz_<name>_never_crashes_the_kernel. After them come
 * targeted regression cases for the bugs the fuzzer found.
 *
 * What is constrained, so that nothing blocks for ever (each generator says so too):
 *	- reboot never gets both magic numbers and a power-off command;
 *	- exit, exit_group and execve run only in the forked batch children (they end them);
 *	- kill, tkill and tgkill reach only the batch's own process, its threads and children, and
 *	  ids that do not exist (never init, never kernel threads);
 *	- the console (descriptors 0 to 2) is non-blocking in the batches that read; writes to it
 *	  either fault or print one newline, so the log stays readable;
 *	- pause, nanosleep and futex(FUTEX_WAIT) run with a "pinger" process that sends SIGUSR1
 *	  every 2 ms, so that a huge or missing timeout ends with -EINTR;
 *	- wait4 without WNOHANG only ever has children that exit by themselves within ~30 ms;
 *	- clone, fork and vfork children exit at once, without touching memory (they may share it).
 */
#include "../lib/ulib.h"

/* ---- constants (Linux x86-64's values) ------------------------------------------------------ */

#define PAGE	   4096ul
#define EINTR	   4
#define MAX_ERRNO  4095
#define EXEC_MARK  0x42 /* exit status of a batch child that execve or rt_sigreturn replaced */
#define STUCK_MARK 0x43 /* exit status of a batch child whose threads did not end in 5 s */
#define LOST_MARK  0x45 /* exit status of a batch child that replaced its page shared with init */
#define COOKIE	   0x636f6f6b69650000l
#define FUZZ_SEED  0x7265666f696c2121ul

#define SIGTRAP	   5
#define SIGBUS	   7
#define SIGFPE	   8
#define SIGKILL	   9
#define SIGUSR1	   10
#define SIGSEGV	   11
#define SIGSTOP	   19
#define SIGILL	   4
#define NSIG	   64

#define PROT_NONE     0
#define PROT_READ     1
#define PROT_WRITE    2
#define PROT_EXEC     4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000

#define O_RDONLY    0
#define O_NONBLOCK  04000
#define F_SETFL	    4
#define SEEK_SET    0
#define TCGETS	    0x5401
#define TCSETS	    0x5402
#define WNOHANG	    1

#define CLONE_VM	     0x00000100
#define CLONE_FS	     0x00000200
#define CLONE_FILES	     0x00000400
#define CLONE_SIGHAND	     0x00000800
#define CLONE_VFORK	     0x00004000
#define CLONE_THREAD	     0x00010000
#define CLONE_SYSVSEM	     0x00040000
#define CLONE_SETTLS	     0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED	     0x00400000
#define CLONE_CHILD_SETTID   0x01000000
#define THREAD_FLAGS                                                                               \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |        \
	 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

#define WTERMSIG(s)    ((s)&0x7f)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)

/* Where things are in every process of this program (below MMAP_BASE, away from the rest). */
#define SHARED_ADDR	0x20000000ul /* init <-> batch child: progress and findings */
#define SCRATCH		0x30000000ul /* read-write pages the calls read and write */
#define SCRATCH_PAGES	16
#define SCR_IN		SCRATCH		       /* inputs built for one call */
#define SCR_IN_SIZE	(10 * PAGE)
#define SCR_OUT		(SCRATCH + 10 * PAGE) /* where calls may write */
#define SCR_OUT_SIZE	(5 * PAGE)
#define GUARD		(SCRATCH + SCRATCH_PAGES * PAGE) /* never mapped: buffers run into it */
#define PROT_NONE_PAGE	(GUARD + PAGE)			  /* touched, then PROT_NONE */
#define RDONLY_PAGE	(GUARD + 2 * PAGE)		  /* touched, then read-only */
#define HOLE		(GUARD + 3 * PAGE)		  /* never mapped either */
#define ARENA		0x40000000ul /* what the memory batches map, unmap and protect */
#define ARENA_PAGES	256
#define HUGE_BASE	0x100000000000ul /* a 1 TiB PROT_NONE reservation, in memory batches */
#define HUGE_LEN	(1ul << 40)
#define MMAP_BASE	0x7fffff7dd000ul /* the kernel's layout (docs/address-spaces.md) */
#define STACK_TOP	0x7ffffffde000ul

/* ---- small helpers ---------------------------------------------------------------------------- */

/* gcc may emit calls to these for struct copies; volatile keeps it from calling them here. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

void *memset(void *s, int c, size_t n)
{
	volatile unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile unsigned char *q = d;
	const unsigned char *p = s;

	while (n--)
		*q++ = *p++;
	return d;
}

struct timespec {
	long tv_sec, tv_nsec;
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	syscall2(SYS_nanosleep, &ts, 0);
}

static long now_ms(void)
{
	struct timespec ts;

	syscall2(SYS_clock_gettime, 1, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long mmap_fixed(unsigned long addr, unsigned long len, int prot, int flags)
{
	return syscall6l(SYS_mmap, addr, len, prot, flags | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
}

static void uputhex(unsigned long v)
{
	char buf[19];

	buf[0] = '0', buf[1] = 'x', buf[18] = '\0';
	for (int i = 17; i >= 2; i--, v >>= 4)
		buf[i] = "0123456789abcdef"[v & 15];
	uputs(buf);
}

/* ---- the page init and the batch children share ------------------------------------------- */

struct shared {
	long cookie;	  /* init's mark: gone if a MAP_FIXED replaced this page in the child */
	long next;	  /* the call the batch child is about to make (or has made last) */
	long done;	  /* the batch child made every call */
	long expect_exit; /* exit and exit_group: the code the child passed */
	long landed;	  /* rt_sigreturn frames that came back to fuzz_landing */
	long bad_count;	  /* results outside [-4095, -1] and [0, ...): the first one below */
	long bad_call, bad_ret, bad_args[6];
};

#define shared ((volatile struct shared *)SHARED_ADDR)

/* ---- the generator ---------------------------------------------------------------------------- */

/* One call's arguments: a splitmix64 stream, and a bump allocator over SCR_IN. */
struct gen {
	unsigned long s;
	unsigned long in_next;
	int nr;	 /* the system call */
	long i;	 /* the call's index in its batch */
};

static unsigned long next64(struct gen *g)
{
	unsigned long z = (g->s += 0x9e3779b97f4a7c15ul);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ul;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebul;
	return z ^ (z >> 31);
}

static unsigned long below(struct gen *g, unsigned long n)
{
	return next64(g) % n;
}

static int one_in(struct gen *g, unsigned long n)
{
	return below(g, n) == 0;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(g, a)    ((a)[below(g, ARRAY_SIZE(a))])

static void gen_seed(struct gen *g, int nr, long i)
{
	g->s = FUZZ_SEED ^ ((unsigned long)nr << 40) ^ ((unsigned long)i * 0x2545f4914f6cdd1dul);
	g->in_next = SCR_IN;
	g->nr = nr;
	g->i = i;
	next64(g);
}

/* size bytes of SCR_IN (8-byte aligned), or the start again if it is used up. */
static void *scr_alloc(struct gen *g, unsigned long size)
{
	unsigned long p = (g->in_next + 7) & ~7ul;

	if (size > SCR_IN_SIZE)
		size = SCR_IN_SIZE;
	if (p + size > SCR_IN + SCR_IN_SIZE)
		p = SCR_IN;
	g->in_next = p + size;
	return (void *)p;
}

static void fill_random(struct gen *g, void *p, unsigned long n)
{
	unsigned char *b = p;

	for (unsigned long k = 0; k < n; k++)
		b[k] = (unsigned char)next64(g);
}

static const unsigned long int_pool[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 63, 64, 100, 127, 128, 255, 256, 511, 512,
	1023, 1024, 1025, 4095, 4096, 4097, 65535, 65536, -1ul, -2ul, -4095ul, -4096ul,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x100000003, 0x7fffffffffffffff,
	0x8000000000000000, 0x8000000000000001, 0xffffffff80000000, 0xfffffffffffff000,
};

/* Addresses no call may use (NULL, the boundary, the kernel half, holes). */
static const unsigned long bad_ptr_pool[] = {
	0, 1, 8, 0xfff, 0x1000, 0xffff, 0xfff8, 0x7ffffffff000, 0x7ffffffffff8, 0x7fffffffffff,
	0x800000000000, 0x800000001000, 0xffff800000000000, 0xffff888000000000,
	0xffff888000100000, 0xffffffff80000000, 0xffffffff81000000, 0xffffffff82000000,
	0xfffffffffffff000, 0xffffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, GUARD,
	HOLE, 0x12345000, STACK_TOP + 8 * PAGE,
};

static const unsigned long len_pool[] = {
	0, 1, 2, 3, 7, 8, 15, 16, 64, 100, 255, 256, 4095, 4096, 4097, 8192, 65536, 0x7fffffff,
	0x80000000, 0xffffffff, 0x100000000, 1ul << 40, -1ul, -4096ul, 0x7fffffffffffffff,
};

static unsigned long gen_int(struct gen *g)
{
	switch (below(g, 8)) {
	case 0:
		return next64(g);
	case 1:
		return below(g, 1024);
	default:
		return PICK(g, int_pool);
	}
}

static unsigned long gen_len(struct gen *g)
{
	return one_in(g, 8) ? next64(g) >> below(g, 64) : PICK(g, len_pool);
}

static unsigned long bad_ptr(struct gen *g)
{
	return PICK(g, bad_ptr_pool) + (one_in(g, 4) ? below(g, 16) : 0);
}

static const char rodata_string[] = "a read-only string in .rodata";

/* Somewhere the kernel must not be able to write, or cannot reach at all. */
static unsigned long unwritable_ptr(struct gen *g)
{
	switch (below(g, 6)) {
	case 0:
		return RDONLY_PAGE + below(g, PAGE);
	case 1:
		return PROT_NONE_PAGE + below(g, PAGE);
	case 2:
		return (unsigned long)rodata_string;
	case 3:
		return (unsigned long)&next64; /* the program's text */
	default:
		return bad_ptr(g);
	}
}

/* A pointer the kernel writes through: usually valid, sometimes not. */
static unsigned long out_ptr(struct gen *g)
{
	switch (below(g, 10)) {
	case 0:
	case 1:
	case 2:
	case 3:
		return SCR_OUT + (one_in(g, 4) ? below(g, SCR_OUT_SIZE) : below(g, 64) * 64);
	case 4:
		return GUARD - below(g, 64); /* the write runs into the guard page */
	default:
		return unwritable_ptr(g);
	}
}

/* A pointer the kernel reads size bytes from: random contents, or a bad pointer. */
static unsigned long in_ptr(struct gen *g, unsigned long size)
{
	void *p;

	switch (below(g, 10)) {
	case 0:
	case 1:
	case 2:
	case 3:
	case 4:
		p = scr_alloc(g, size);
		fill_random(g, p, size);
		return (unsigned long)p + (one_in(g, 8) ? 1 : 0);
	case 5:
		p = (void *)(GUARD - below(g, size + 1));
		fill_random(g, p, GUARD - (unsigned long)p);
		return (unsigned long)p; /* the read runs into the guard page */
	default:
		return unwritable_ptr(g);
	}
}

/* A word of fuzzed flags: known bits, mixed; sometimes anything. */
static unsigned long gen_flags(struct gen *g, const unsigned long *bits, unsigned long n)
{
	unsigned long f = 0;

	if (one_in(g, 8))
		return next64(g) >> below(g, 64);
	for (unsigned long k = below(g, 4); k > 0; k--)
		f |= bits[below(g, n)];
	return f;
}

/* ---- descriptors, paths ----------------------------------------------------------------------- */

/* Set up by the batches that need files: these at descriptors 3 to 7. */
static const char *const fd_paths[] = { "/etc/motd", "/", "/bin", "/bin/fuzztest", "/etc" };
#define FIRST_FILE_FD 3

static const long fd_pool[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 255, 256, 1024, -1, -100 /* AT_FDCWD */,
	0x7fffffff, (long)0x80000000, 0x100000003, (long)0xffffffff00000004,
};

static long gen_fd(struct gen *g)
{
	return one_in(g, 16) ? (long)next64(g) : PICK(g, fd_pool);
}

/* Is fd (as the kernel truncates it) one of the console's descriptors? */
static int is_console_fd(long fd)
{
	return (unsigned int)fd <= 2;
}

static const char *const path_pool[] = {
	"/etc/motd", "/bin", "/bin/", "/", "//", "/.", "/..", "/../../etc/motd", ".", "..",
	"etc/motd", "bin", "motd", "/etc/motd/", "/etc/motd/x", "/bin/fuzztest", "/bin/fuzztest/",
	"/bin/not-a-program", "/nonexistent", "/bin/nonexistent", "", "/etc//motd",
	"./etc/./motd", "/dev/console", "/proc/self", "bin/fuzztest",
};

static char *scr_string(struct gen *g, const char *s)
{
	size_t n = ustrlen(s) + 1;
	char *p = scr_alloc(g, n);

	memcpy(p, s, n);
	return p;
}

/* A path: a real or near-real name, one too long, one without its NUL, random bytes, or bad. */
static unsigned long gen_path(struct gen *g)
{
	char *p;
	unsigned long n;

	switch (below(g, 12)) {
	case 0: /* a component longer than NAME_MAX, or a path of PATH_MAX and more */
		n = one_in(g, 2) ? 300 : 4096 + below(g, 3) - 1;
		p = scr_alloc(g, n + 1);
		for (unsigned long k = 0; k < n; k++)
			p[k] = (k % 2 || one_in(g, 2)) ? 'a' : '/';
		p[n] = '\0';
		return (unsigned long)p;
	case 1: /* no NUL before the guard page */
		n = below(g, 16) + 1;
		p = (char *)(GUARD - n);
		for (unsigned long k = 0; k < n; k++)
			p[k] = "/etc/motd/bin/a/"[k % 16];
		return (unsigned long)p;
	case 2:
		n = below(g, 32);
		p = scr_alloc(g, n + 1);
		fill_random(g, p, n);
		p[n] = '\0';
		return (unsigned long)p;
	case 3:
		return unwritable_ptr(g);
	default:
		return (unsigned long)scr_string(g, PICK(g, path_pool));
	}
}

static void setup_fds(void)
{
	for (int k = 0; k < (int)ARRAY_SIZE(fd_paths); k++) {
		long fd = syscall3(SYS_open, fd_paths[k], O_RDONLY, 0);

		if (fd >= 0 && fd != FIRST_FILE_FD + k) {
			syscall2(SYS_dup2, fd, FIRST_FILE_FD + k);
			syscall1(SYS_close, fd);
		}
	}
}

/* Back to descriptors 0 to 7 only, as setup_fds() leaves them (closes the rest). */
static void reset_fds(void)
{
	for (int fd = 0; fd < 3; fd++)
		syscall2(SYS_dup2, 0, fd); /* the console, if 0 still is */
	for (int fd = FIRST_FILE_FD + (int)ARRAY_SIZE(fd_paths); fd < 256; fd++)
		syscall1(SYS_close, fd);
	setup_fds();
}

/* ---- helper processes and threads ------------------------------------------------------------ */

static volatile long signals_taken;

static void count_signal(int sig)
{
	(void)sig;
	signals_taken++;
}

/*
 * A handler for every signal that can have one, so that signals sent to ourselves return.
 * Every signal is blocked while it runs: otherwise each different pending signal stacks one
 * more frame (about 1.1 KiB) before any handler runs, and a flood of them overflows a thread's
 * 16 KiB stack into its neighbours'.
 */
static void install_handlers(void)
{
	for (int sig = 1; sig <= NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			usigaction(sig, count_signal, 0, ~0ul);
}

/*
 * The pinger: a process that sends target SIGUSR1 every 2 ms, so that whatever target sleeps
 * in ends with -EINTR. It exits as soon as target is gone (it is then init's child).
 */
static long start_pinger(void)
{
	long target = syscall0(SYS_getpid), pid;

	usigaction(SIGUSR1, count_signal, 0, ~0ul);
	pid = syscall0(SYS_fork);
	if (pid == 0) {
		for (int k = 0; k < 100000; k++) {
			sleep_ms(2);
			if (syscall0(SYS_getppid) != target)
				break;
			syscall2(SYS_kill, target, SIGUSR1);
		}
		syscall1(SYS_exit, 0);
	}
	return pid;
}

/* Children that sleep up to ~30 ms and exit: for wait4 and kill. */
#define NR_KIDS 3
static long kid_pids[NR_KIDS];

static long start_kid(long ms)
{
	long pid = syscall0(SYS_fork);

	if (pid == 0) {
		for (long k = 0; k < ms; k++)
			sleep_ms(1);
		syscall1(SYS_exit, ms);
	}
	return pid;
}

/* Reap what has exited (never blocks); forget reaped kids, and start new ones if asked. */
static void reap_children(int restart_kids)
{
	int status;
	long pid;

	while ((pid = syscall4(SYS_wait4, -1, &status, WNOHANG, 0)) > 0)
		for (int k = 0; k < NR_KIDS; k++)
			if (kid_pids[k] == pid)
				kid_pids[k] = 0;
	for (int k = 0; restart_kids && k < NR_KIDS; k++) {
		/* A kid reaped by the fuzzed wait4 itself is gone too: is it still there? */
		if (kid_pids[k] > 0 && syscall2(SYS_kill, kid_pids[k], 0) != 0)
			kid_pids[k] = 0;
		if (kid_pids[k] <= 0)
			kid_pids[k] = start_kid(5 + 10 * k);
	}
}

/* Threads that sleep ~20 ms and exit (tkill, tgkill), or wait on futex words (futex). */
#define NR_THREADS 3
static char thread_stacks[NR_THREADS][16384] __attribute__((aligned(16)));
static volatile int thread_tids[NR_THREADS]; /* CLONE_CHILD_CLEARTID: 0 once the thread is gone */
static volatile int futex_words[4];

static int sleeper_thread(void *arg)
{
	(void)arg;
	for (int k = 0; k < 20; k++)
		sleep_ms(1);
	return 0;
}

static int futex_waiter_thread(void *arg)
{
	struct timespec ts = { 0, 1000000 };
	long k = (long)arg;

	for (int n = 0; n < 30; n++)
		syscall4(SYS_futex, &futex_words[k], 0 /* FUTEX_WAIT */, futex_words[k], &ts);
	return 0;
}

static void restart_threads(int (*fn)(void *))
{
	for (long k = 0; k < NR_THREADS; k++)
		if (thread_tids[k] == 0)
			clone_thread(fn, thread_stacks[k] + sizeof(thread_stacks[k]), THREAD_FLAGS,
				     (void *)(k % 2), (int *)&thread_tids[k], 0,
				     (int *)&thread_tids[k]);
}

/*
 * A racer: a thread that works on what the batch's system call works on, at the same time (on
 * another CPU with --smp 4): descriptors 3 to 7 (dup2, close, open; never the console, so that
 * writes to descriptors 3 to 7 never print), or the arena through the kernel's uaccess (writes,
 * reads, copy-on-write after the forks) and fork. It stops when racer_stop is set.
 */
#define NR_RACERS 2
static char racer_stacks[NR_RACERS][16384] __attribute__((aligned(16)));
static volatile int racer_tids[NR_RACERS], racer_stop;

static int fd_racer(void *arg)
{
	struct gen g;

	gen_seed(&g, 1000, (long)arg);
	for (long n = 0; n < 1000000 && !racer_stop; n++) {
		long fd = FIRST_FILE_FD + (long)below(&g, ARRAY_SIZE(fd_paths)), nfd;

		switch (below(&g, 4)) {
		case 0:
			syscall2(SYS_dup2, FIRST_FILE_FD + below(&g, ARRAY_SIZE(fd_paths)), fd);
			break;
		case 1:
			syscall1(SYS_close, fd);
			break;
		default:
			nfd = syscall3(SYS_open, PICK(&g, fd_paths), O_RDONLY, 0);
			if (nfd > 2) { /* never a console slot (0 to 2 may have been closed) */
				syscall2(SYS_dup2, nfd, fd);
				syscall1(SYS_close, nfd);
			} else if (nfd >= 0) {
				syscall1(SYS_close, nfd);
			}
			break;
		}
		if (n % 16 == 0)
			syscall0(SYS_sched_yield);
	}
	return 0;
}

static long spawn_and_exit(long nr, const long a[6]);

/*
 * A byte touched from user mode: written (racer_poke) or read (racer_peek). A fault on either
 * instruction is stepped over by skip_touch_fault(), so the racer goes on with its next address
 * while the memory under it is unmapped, replaced or protected.
 */
void racer_poke(unsigned long addr);
unsigned long racer_peek(unsigned long addr);
extern const char poke_insn[], poke_done[], peek_insn[], peek_done[];
__asm__(".text\n"
	".globl racer_poke, racer_peek, poke_insn, poke_done, peek_insn, peek_done\n"
	"racer_poke:\n"
	"poke_insn:\n\t"
	"movb $1, (%rdi)\n"
	"poke_done:\n\t"
	"ret\n"
	"racer_peek:\n\t"
	"xorl %eax, %eax\n"
	"peek_insn:\n\t"
	"movb (%rdi), %al\n"
	"peek_done:\n\t"
	"ret\n");

struct fuzz_ucontext;
static void skip_touch_fault(int sig, void *info, struct fuzz_ucontext *uc);

static int mm_racer(void *arg)
{
	static const long no_args[6];
	struct gen g;
	long pid;

	gen_seed(&g, 1001, (long)arg);
	for (long n = 0; n < 1000000 && !racer_stop; n++) {
		unsigned long a = ARENA + (below(&g, (ARENA_PAGES + 16) * PAGE) & ~7ul);

		switch (below(&g, 16)) {
		case 0:
		case 1:
		case 2:
		case 3:
		case 4:
			syscall2(SYS_clock_gettime, 1, a); /* the kernel writes 16 bytes */
			break;
		case 5:
		case 6:
			syscall1(SYS_uname, a); /* 390 bytes, across pages */
			break;
		case 7:
		case 8:
		case 9:
		case 10:
			/* reads 8 bytes; SIG_UNBLOCK, so that SIGSEGV never gets blocked */
			syscall4(SYS_rt_sigprocmask, SIG_UNBLOCK, a, 0, 8);
			break;
		case 11: /* copy the fuzzed address space */
			pid = spawn_and_exit(SYS_fork, no_args);
			/*
			 * Reaped here: a thread's children are its own (wait4() in another
			 * thread does not see them), and a zombie keeps its 16 KiB kernel stack.
			 */
			if (pid > 0)
				syscall4(SYS_wait4, pid, 0, 0, 0);
			break;
		case 12:
		case 13:
			racer_poke(a);
			break;
		case 14:
			racer_peek(a);
			break;
		default:
			syscall0(SYS_sched_yield);
			break;
		}
	}
	return 0;
}

/* Start n racers running fn(k), k = 0 .. n - 1 (each its own random stream). */
static void start_racers(int (*fn)(void *), int n)
{
	racer_stop = 0;
	for (long k = 0; k < n; k++)
		clone_thread(fn, racer_stacks[k] + sizeof(racer_stacks[k]), THREAD_FLAGS, (void *)k,
			     (int *)&racer_tids[k], 0, (int *)&racer_tids[k]);
}

/* ---- the memory arena ------------------------------------------------------------------------- */

static unsigned long start_brk;

/* Mappings of every kind in the arena (with holes), and the huge PROT_NONE reservation. */
static void setup_arena(void)
{
	static const struct {
		unsigned long first, pages;
		int prot, flags;
	} maps[] = {
		{ 0, 16, PROT_READ | PROT_WRITE, MAP_PRIVATE },
		{ 20, 8, PROT_READ, MAP_PRIVATE },
		{ 32, 8, PROT_NONE, MAP_PRIVATE },
		{ 48, 16, PROT_READ | PROT_WRITE, MAP_SHARED },
		{ 64, 64, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE },
		{ 160, 32, PROT_READ | PROT_WRITE, MAP_PRIVATE },
	};

	for (unsigned long k = 0; k < ARRAY_SIZE(maps); k++) {
		unsigned long a = ARENA + maps[k].first * PAGE;

		mmap_fixed(a, maps[k].pages * PAGE, maps[k].prot, maps[k].flags);
		if (maps[k].prot & PROT_WRITE)
			for (unsigned long p = 0; p < maps[k].pages; p += 3)
				*(volatile char *)(a + p * PAGE) = 1; /* some pages present */
	}
	mmap_fixed(HUGE_BASE, HUGE_LEN, PROT_NONE, MAP_PRIVATE);
	start_brk = (unsigned long)syscall1(SYS_brk, 0);
}

static unsigned long gen_mm_addr(struct gen *g)
{
	static const unsigned long pool[] = {
		0, 0x1000, 0xf000, 0x10000, 0x400000, 0x401000, HUGE_BASE, HUGE_BASE + HUGE_LEN,
		MMAP_BASE - PAGE, MMAP_BASE, STACK_TOP - PAGE, STACK_TOP, 0x7ffffffff000,
		0x800000000000, 0xffff888000000000, 0xfffffffffffff000, SCRATCH,
	};

	switch (below(g, 8)) {
	case 0:
		return one_in(g, 2) ? PICK(g, pool) : next64(g) & ~(PAGE - 1);
	case 1:
		return ARENA + below(g, ARENA_PAGES * PAGE); /* misaligned, mostly */
	case 2:
		return start_brk + (below(g, 64) - 8) * PAGE;
	default:
		return ARENA + below(g, ARENA_PAGES + 16) * PAGE;
	}
}

static unsigned long gen_mm_len(struct gen *g)
{
	static const unsigned long pool[] = {
		0, 1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 16 * PAGE, ARENA_PAGES * PAGE, HUGE_LEN,
		HUGE_LEN + PAGE, MMAP_BASE, MMAP_BASE + PAGE, 0x800000000000, -PAGE, -1ul,
		0x7fffffffffffffff,
	};

	return one_in(g, 3) ? PICK(g, pool) : below(g, 64) * PAGE + (one_in(g, 8) ? 1 : 0);
}

static unsigned long gen_prot(struct gen *g)
{
	return one_in(g, 8) ? gen_int(g) : below(g, 8);
}

/* ---- the generators, one per system call ----------------------------------------------------- */

typedef void gen_fn(struct gen *g, long a[6]);

/* Kernel-written buffers on the console: a bad pointer, or a newline just below the guard. */
static unsigned long console_write_ptr(struct gen *g)
{
	if (one_in(g, 3))
		return bad_ptr(g);
	*(volatile char *)(GUARD - 1) = '\n';
	return GUARD - 1; /* at most one byte gets out before the fault */
}

static void gen_read(struct gen *g, long a[6])
{
	a[0] = gen_fd(g); /* the console is non-blocking in this batch (NEED_CONSOLE_NB) */
	a[1] = (long)out_ptr(g);
	a[2] = (long)gen_len(g);
}

static void gen_write(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = is_console_fd(a[0]) ? (long)console_write_ptr(g) : (long)in_ptr(g, 256);
	a[2] = (long)gen_len(g);
}

static const unsigned long open_flag_bits[] = {
	01, 02, 03, 0100, 0200, 0400, 01000, 02000, 04000, 010000, 040000, 0100000, 0200000,
	0400000, 01000000, 02000000, 010000000, 020000000, 020200000, 0x80000000,
};

static void gen_open(struct gen *g, long a[6])
{
	a[0] = (long)gen_path(g);
	a[1] = (long)gen_flags(g, open_flag_bits, ARRAY_SIZE(open_flag_bits));
	a[2] = (long)gen_int(g);
}

static void gen_openat(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = (long)gen_path(g);
	a[2] = (long)gen_flags(g, open_flag_bits, ARRAY_SIZE(open_flag_bits));
	a[3] = (long)gen_int(g);
}

static void gen_close(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
}

static void gen_path_statbuf(struct gen *g, long a[6])
{
	a[0] = (long)gen_path(g);
	a[1] = (long)out_ptr(g);
}

static void gen_fstat(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = (long)out_ptr(g);
}

static void gen_newfstatat(struct gen *g, long a[6])
{
	static const unsigned long bits[] = { 0x100, 0x800, 0x1000, 0x200, 0x400, 0x4000 };

	a[0] = gen_fd(g);
	a[1] = (long)(one_in(g, 8) ? (unsigned long)scr_string(g, "") : gen_path(g));
	a[2] = (long)out_ptr(g);
	a[3] = (long)gen_flags(g, bits, ARRAY_SIZE(bits));
}

static void gen_lseek(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = (long)gen_int(g);
	a[2] = one_in(g, 4) ? (long)gen_int(g) : (long)below(g, 5);
}

static const unsigned long map_flag_bits[] = {
	MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS, MAP_FIXED_NOREPLACE, 0x100, 0x800,
	0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x40000, 0x03,
};

static void gen_mmap(struct gen *g, long a[6])
{
	a[0] = (long)gen_mm_addr(g);
	a[1] = (long)gen_mm_len(g);
	a[2] = (long)gen_prot(g);
	/* Mostly a valid combination, so that mappings are made (and replaced: MAP_FIXED). */
	a[3] = (long)(one_in(g, 4) ? gen_flags(g, map_flag_bits, ARRAY_SIZE(map_flag_bits))
				   : (one_in(g, 3) ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS |
					     (one_in(g, 2) ? MAP_FIXED : 0) |
					     (one_in(g, 6) ? MAP_FIXED_NOREPLACE : 0));
	a[4] = one_in(g, 2) ? -1 : gen_fd(g);
	a[5] = (long)(one_in(g, 2) ? 0 : gen_int(g));
}

static void gen_mprotect(struct gen *g, long a[6])
{
	a[0] = (long)gen_mm_addr(g);
	a[1] = (long)gen_mm_len(g);
	a[2] = (long)gen_prot(g);
}

static void gen_munmap(struct gen *g, long a[6])
{
	a[0] = (long)gen_mm_addr(g);
	a[1] = (long)gen_mm_len(g);
}

static void gen_brk(struct gen *g, long a[6])
{
	a[0] = (long)(one_in(g, 4) ? gen_mm_addr(g)
				   : start_brk + below(g, 256) * 997 - (one_in(g, 4) ? 5000 : 0));
}

struct ksigaction_fuzz {
	unsigned long handler, flags, restorer, mask;
};

static void gen_rt_sigaction(struct gen *g, long a[6])
{
	static const unsigned long sa_bits[] = { 1, 2, 4, 0x08000000, 0x10000000, SA_RESTORER,
						 SA_NODEFER, SA_RESETHAND, 0x80 };
	static const unsigned long handlers[] = { 0, 1, 2, (unsigned long)count_signal,
						  0x800000000000, 0xffffffff80000000, GUARD };
	struct ksigaction_fuzz *act;
	long sig = one_in(g, 8) ? (long)gen_int(g) : (long)below(g, NSIG + 2);

	/*
	 * Any action may be installed (SIGKILL and SIGSTOP are refused); maintain() raises a
	 * signal now and then, and whatever the action does to the process is fine.
	 */
	if (one_in(g, 4)) {
		a[1] = one_in(g, 3) ? 0 : (long)in_ptr(g, sizeof(*act));
	} else {
		act = scr_alloc(g, sizeof(*act));
		act->handler = one_in(g, 4) ? next64(g) : PICK(g, handlers);
		act->flags = gen_flags(g, sa_bits, ARRAY_SIZE(sa_bits));
		act->restorer = one_in(g, 2) ? (unsigned long)__restore_rt : bad_ptr(g);
		act->mask = next64(g);
		a[1] = (long)act;
	}
	a[0] = sig;
	a[2] = one_in(g, 3) ? 0 : (long)out_ptr(g);
	a[3] = one_in(g, 6) ? (long)gen_int(g) : 8;
}

static void gen_rt_sigprocmask(struct gen *g, long a[6])
{
	a[0] = one_in(g, 6) ? (long)gen_int(g) : (long)below(g, 4);
	a[1] = one_in(g, 4) ? 0 : (long)in_ptr(g, 8);
	a[2] = one_in(g, 4) ? 0 : (long)out_ptr(g);
	a[3] = one_in(g, 6) ? (long)gen_int(g) : 8;
}

static void gen_rt_sigpending(struct gen *g, long a[6])
{
	a[0] = (long)out_ptr(g);
	a[1] = one_in(g, 3) ? (long)gen_int(g) : (long)below(g, 10);
}

static void gen_ioctl(struct gen *g, long a[6])
{
	static const unsigned long cmds[] = { TCGETS, TCSETS, 0x5403, 0x5404, 0x5413, 0x5414,
					      0x541b, 0x5421, 0x540f, 0x5410, 0 };

	/* TCSETS may change the console's termios: init puts it back after the batch. */
	a[0] = gen_fd(g);
	a[1] = one_in(g, 6) ? (long)gen_int(g) : (long)PICK(g, cmds);
	a[2] = one_in(g, 2) ? (long)out_ptr(g) : (long)in_ptr(g, 64);
}

static void gen_pread64(struct gen *g, long a[6])
{
	gen_read(g, a);
	a[3] = (long)gen_int(g);
}

struct iovec {
	unsigned long base, len;
};

/*
 * An iovec array of n entries (up to 8 different segments, repeated); on the console, only
 * segments that fault or hold a newline.
 */
static unsigned long gen_iovec(struct gen *g, long fd, int write, long *count)
{
	static const long counts[] = { 0, 1, 2, 3, 8, 9, 16, 1024, 1025, -1, 0x7fffffff };
	long n = one_in(g, 2) ? (long)below(g, 4) : PICK(g, counts);
	unsigned long nr = n < 0 || n > 1024 ? below(g, 4) : (unsigned long)n;
	struct iovec seg[8], *v;

	*count = n;
	if (one_in(g, 8))
		return unwritable_ptr(g);
	for (unsigned long k = 0; k < ARRAY_SIZE(seg); k++) {
		if (write && is_console_fd(fd))
			seg[k].base = console_write_ptr(g);
		else
			seg[k].base = write ? in_ptr(g, 64) : out_ptr(g);
		seg[k].len = one_in(g, 2) ? below(g, 128) : gen_len(g);
	}
	v = scr_alloc(g, nr * sizeof(*v));
	for (unsigned long k = 0; k < nr; k++)
		v[k] = seg[k < ARRAY_SIZE(seg) ? k : below(g, ARRAY_SIZE(seg))];
	return (unsigned long)v;
}

static void gen_readv(struct gen *g, long a[6])
{
	a[0] = gen_fd(g); /* the console is non-blocking in this batch */
	a[1] = (long)gen_iovec(g, a[0], 0, &a[2]);
}

static void gen_writev(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = (long)gen_iovec(g, a[0], 1, &a[2]);
}

static void gen_any(struct gen *g, long a[6])
{
	for (int k = 0; k < 6; k++)
		a[k] = (long)gen_int(g); /* ignored by calls without arguments */
}

static void gen_dup(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = one_in(g, 2) ? (long)below(g, 12) : gen_fd(g);
	a[2] = one_in(g, 2) ? (long)(below(g, 2) * 02000000) : (long)gen_int(g);
}

static void gen_nanosleep(struct gen *g, long a[6])
{
	static const struct timespec times[] = {
		{ 0, 0 }, { 0, 1 }, { 0, 999999 }, { 0, 2000000 }, { 0, -1 }, { 0, 1000000000 },
		{ -1, 0 }, { 1, 0 }, { 4294968, 0 }, { 0x7fffffff, 999999999 },
		{ 0x7fffffffffffffff, 999999999 }, { 0x20c49ba5e353f7, 0 }, { 0, 0x7fffffffffffffff },
	};
	struct timespec *ts;

	/* A huge time is fine here: the pinger ends the sleep within ~2 ms (NEED_PINGER). */
	if (one_in(g, 5)) {
		a[0] = (long)in_ptr(g, sizeof(*ts));
	} else {
		ts = scr_alloc(g, sizeof(*ts));
		*ts = PICK(g, times);
		a[0] = (long)ts;
	}
	a[1] = one_in(g, 3) ? 0 : (long)out_ptr(g);
}

/*
 * clone, fork, vfork: the child runs only "exit(0)" (spawn_and_exit()); random flags, stacks,
 * tid pointers and TLS values.
 */
static void gen_clone(struct gen *g, long a[6])
{
	static const unsigned long bits[] = {
		CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_VFORK, CLONE_THREAD,
		CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID,
		CLONE_DETACHED, CLONE_CHILD_SETTID, 17, 9, 0x80000000, 0x100000000, 0x2000,
		0x8000, 0x20000, 0x02000000, 0x04000000, 0x10000000, 0x40000000,
		CLONE_VM | CLONE_SIGHAND | CLONE_THREAD,
	};
	static const unsigned long tls_pool[] = {
		0, SCRATCH, 0x7ffffffff000, 0x7fffffffffff, 0x800000000000, 0xffff800000000000,
		0xffff888000000000, 0xffffffffffffffff, 0x8000000000000000, 0x00007fffffffffff + 2,
	};

	a[0] = (long)gen_flags(g, bits, ARRAY_SIZE(bits));
	a[1] = one_in(g, 2) ? 0 : (long)(one_in(g, 2) ? SCR_OUT + below(g, SCR_OUT_SIZE) : gen_int(g));
	a[2] = (long)out_ptr(g);
	a[3] = (long)out_ptr(g);
	a[4] = one_in(g, 2) ? (long)PICK(g, tls_pool) : (long)gen_int(g);
}

static const char *const exec_paths[] = {
	"/bin/fuzztest", "bin/fuzztest", "/bin/not-a-program", "/etc/motd", "/nonexistent", "/",
	"/bin", "", "/bin/fuzztest/", "//bin//fuzztest",
};

/* An argv or envp array: NULL, pointers to strings good and bad, too many, too long, bad. */
static unsigned long gen_strings(struct gen *g)
{
	unsigned long n, *v;

	switch (below(g, 8)) {
	case 0:
		return 0;
	case 1:
		return unwritable_ptr(g);
	case 2: /* more than 1024 pointers, all to one string */
		n = 1025 + below(g, 4);
		v = scr_alloc(g, (n + 1) * sizeof(*v));
		v[0] = (unsigned long)scr_string(g, "x");
		for (unsigned long k = 1; k < n; k++)
			v[k] = v[0];
		v[n] = 0;
		return (unsigned long)v;
	case 3: /* no NULL before the guard page */
		v = (unsigned long *)(GUARD - 8 * (below(g, 4) + 1));
		for (unsigned long *p = v; (unsigned long)p < GUARD; p++)
			*p = (unsigned long)rodata_string;
		return (unsigned long)v;
	default:
		n = below(g, 6);
		v = scr_alloc(g, (n + 1) * sizeof(*v));
		for (unsigned long k = 0; k < n; k++)
			v[k] = one_in(g, 4) ? gen_path(g) : (unsigned long)rodata_string;
		v[n] = 0;
		return (unsigned long)v;
	}
}

static void gen_execve(struct gen *g, long a[6])
{
	/* Only the fuzzer itself can start: as a child it exits with EXEC_MARK at once. */
	a[0] = (long)(one_in(g, 3) ? gen_path(g) : (unsigned long)scr_string(g, PICK(g, exec_paths)));
	a[1] = (long)gen_strings(g);
	a[2] = (long)gen_strings(g);
}

static void gen_exit(struct gen *g, long a[6])
{
	a[0] = (long)gen_int(g);
}

static void gen_wait4(struct gen *g, long a[6])
{
	static const unsigned long opts[] = { 0, WNOHANG, 2, 4, 8, 0x01000000, 0x40000000,
					      0x80000000, 0x20000000 };
	long pid;

	/*
	 * Without WNOHANG this may wait, but only for the kids, which exit by themselves within
	 * ~30 ms (NEED_KIDS); every other pid finds no child (-ECHILD) or is refused.
	 */
	switch (below(g, 6)) {
	case 0:
	case 1:
		pid = kid_pids[below(g, NR_KIDS)];
		break;
	case 2:
		pid = -1;
		break;
	default:
		pid = (long)gen_int(g);
		break;
	}
	a[0] = pid;
	a[1] = one_in(g, 4) ? 0 : (long)out_ptr(g);
	a[2] = (long)(one_in(g, 4) ? gen_int(g) : PICK(g, opts));
	a[3] = one_in(g, 2) ? 0 : (long)out_ptr(g);
}

/* A process or thread id for kill, tkill and tgkill: ours, our kids', or one that is nobody's. */
static long gen_target(struct gen *g, int threads)
{
	static const long nobody[] = { 0, -1, -2, -100, 0x7fffffff, (long)0x80000000,
				       0x3fffffff, 0x100000001, (long)0xffffffff00000000 };

	switch (below(g, 6)) {
	case 0:
		return syscall0(SYS_getpid);
	case 1:
	case 2:
		return threads ? thread_tids[below(g, NR_THREADS)] : kid_pids[below(g, NR_KIDS)];
	default:
		return PICK(g, nobody);
	}
}

static long gen_sig(struct gen *g)
{
	return one_in(g, 8) ? (long)gen_int(g) : (long)below(g, NSIG + 2);
}

static void gen_kill(struct gen *g, long a[6])
{
	/*
	 * Never init or a kernel thread: the pid is ours, a kid's, -1 (every process but init and
	 * us: only our kids exist), or nobody's. We have a handler for every signal but SIGKILL
	 * (NEED_HANDLERS), so only SIGKILL sent to ourselves ends this process.
	 */
	a[0] = gen_target(g, 0);
	a[1] = gen_sig(g);
}

static void gen_tkill(struct gen *g, long a[6])
{
	a[0] = gen_target(g, 1);
	a[1] = gen_sig(g);
}

static void gen_tgkill(struct gen *g, long a[6])
{
	a[0] = one_in(g, 4) ? gen_target(g, 0) : syscall0(SYS_getpid);
	a[1] = gen_target(g, 1);
	a[2] = gen_sig(g);
}

static void gen_uname(struct gen *g, long a[6])
{
	a[0] = (long)out_ptr(g);
}

static void gen_fcntl(struct gen *g, long a[6])
{
	static const unsigned long cmds[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1030, 1024, 1025, 1026 };

	/* F_SETFL may make the console non-blocking: init puts it back after the batch. */
	a[0] = gen_fd(g);
	a[1] = one_in(g, 6) ? (long)gen_int(g) : (long)PICK(g, cmds);
	a[2] = one_in(g, 2) ? (long)below(g, 300) : (long)gen_int(g);
}

static void gen_getdents64(struct gen *g, long a[6])
{
	a[0] = gen_fd(g);
	a[1] = (long)out_ptr(g);
	a[2] = one_in(g, 2) ? (long)below(g, 600) : (long)gen_len(g);
}

static void gen_ptr_arg(struct gen *g, long a[6])
{
	a[0] = (long)out_ptr(g);
}

static void gen_clock_gettime(struct gen *g, long a[6])
{
	a[0] = one_in(g, 4) ? (long)gen_int(g) : (long)below(g, 12);
	a[1] = (long)out_ptr(g);
}

static void gen_arch_prctl(struct gen *g, long a[6])
{
	static const unsigned long codes[] = { 0x1001, 0x1002, 0x1003, 0x1004, 0x1011, 0x1012,
					       0x3001, 0 };

	/* This program does not use TLS: any FS base will do. */
	a[0] = one_in(g, 6) ? (long)gen_int(g) : (long)PICK(g, codes);
	a[1] = one_in(g, 2) ? (long)out_ptr(g) : (long)gen_int(g);
}

static void gen_futex(struct gen *g, long a[6])
{
	static const unsigned long ops[] = { 0, 1, 128, 129, 256, 257, 384, 385, 2, 3, 4, 5, 9, 10 };
	static const struct timespec times[] = {
		{ 0, 0 }, { 0, 1000000 }, { 0, 1 }, { 0, -1 }, { -1, 0 }, { 0, 1000000000 },
		{ 0x7fffffffffffffff, 0 }, { 0x20c49ba5e353f7, 999999999 }, { 100000, 0 },
	};
	volatile int *word = &futex_words[below(g, 4)];
	struct timespec *ts;

	a[0] = (long)(one_in(g, 4) ? out_ptr(g) : (unsigned long)word);
	a[1] = one_in(g, 6) ? (long)gen_int(g) : (long)PICK(g, ops);
	/* The word's value half the time, so that FUTEX_WAIT sleeps (until the pinger's signal). */
	a[2] = one_in(g, 2) ? *word : (long)gen_int(g);
	if (one_in(g, 4)) {
		a[3] = one_in(g, 2) ? 0 : (long)in_ptr(g, sizeof(*ts));
	} else {
		ts = scr_alloc(g, sizeof(*ts));
		*ts = PICK(g, times);
		a[3] = (long)ts;
	}
	a[4] = (long)out_ptr(g);
	a[5] = (long)gen_int(g);
	if (one_in(g, 8))
		*word = (int)next64(g);
}

static void gen_reboot(struct gen *g, long a[6])
{
	a[0] = one_in(g, 2) ? (long)0xfee1dead : (long)gen_int(g);
	a[1] = one_in(g, 2) ? 672274793 : (long)gen_int(g);
	a[2] = one_in(g, 2) ? (long)0x4321fedc : (long)gen_int(g);
	a[3] = (long)out_ptr(g);
	/* Never all three right: that would power the machine off. */
	if ((unsigned int)a[0] == 0xfee1dead && (int)a[1] == 672274793)
		a[2] = 0x1234567;
}

/* ---- rt_sigreturn: forged frames ------------------------------------------------------------- */

struct fuzz_sigcontext {
	unsigned long r8, r9, r10, r11, r12, r13, r14, r15;
	unsigned long rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	unsigned short cs, gs, fs, ss;
	unsigned long err, trapno, oldmask, cr2, fpstate, reserved[8];
};

struct fuzz_sigframe {
	unsigned long pretcode;
	unsigned long uc_flags, uc_link, uc_stack[3];
	struct fuzz_sigcontext sc;
	unsigned long uc_sigmask;
	unsigned char info[128];
};

struct fuzz_ucontext {
	unsigned long uc_flags, uc_link, uc_stack[3];
	struct fuzz_sigcontext sc;
	unsigned long uc_sigmask;
};

/*
 * SIGSEGV and SIGBUS in the memory batches: a racer's touch that faulted goes on after the
 * touching instruction. Any other fault is real: back to SIG_DFL, and the instruction faults
 * again and ends the process (an expected end there).
 */
static void skip_touch_fault(int sig, void *info, struct fuzz_ucontext *uc)
{
	(void)info;
	if (uc->sc.rip == (unsigned long)poke_insn)
		uc->sc.rip = (unsigned long)poke_done;
	else if (uc->sc.rip == (unsigned long)peek_insn)
		uc->sc.rip = (unsigned long)peek_done;
	else
		usigaction(sig, 0 /* SIG_DFL */, 0, 0);
}

/* Where a frame that restores cleanly resumes: a fresh stack, then sigreturn_landed(). */
static char landing_stack[8192] __attribute__((aligned(16)));
void fuzz_landing(void);
void sigreturn_landed(void);
__asm__(".text\n"
	".globl fuzz_landing\n"
	"fuzz_landing:\n\t"
	"cld\n\t"
	"andq $-16, %rsp\n\t"
	"call sigreturn_landed\n\t"
	"ud2\n");

void sigreturn_landed(void)
{
	shared->landed++;
	syscall1(SYS_exit, EXEC_MARK); /* this process's state is the frame's now: start afresh */
}

/* A frame that mostly restores cleanly to fuzz_landing, with a few fields fuzzed. */
static void gen_rt_sigreturn(struct gen *g, long a[6])
{
	static const unsigned long eflag_bits[] = { 0x1, 0x4, 0x10, 0x40, 0x80, 0x100, 0x400,
						    0x800, 0x10000, 0x40000, 0x200000, 0x3000,
						    0x4000, 0x20000 };
	struct fuzz_sigframe *f = scr_alloc(g, sizeof(*f) + 64);
	unsigned long *words = (unsigned long *)f;

	if (one_in(g, 4))
		f = (struct fuzz_sigframe *)((unsigned long)f + 8 * below(g, 4) + below(g, 2));
	memset(f, 0, sizeof(*f));
	f->sc.rip = (unsigned long)fuzz_landing;
	f->sc.rsp = (unsigned long)landing_stack + sizeof(landing_stack);
	f->sc.eflags = 0x202 | (one_in(g, 3) ? gen_flags(g, eflag_bits, ARRAY_SIZE(eflag_bits)) : 0);
	f->sc.cs = (unsigned short)gen_int(g);
	f->sc.ss = (unsigned short)gen_int(g);
	if (one_in(g, 3)) { /* what SYSRET would take: rcx = rip and r11 = rflags */
		f->sc.rcx = f->sc.rip;
		f->sc.r11 = f->sc.eflags;
	}
	if (one_in(g, 2)) {
		unsigned long fx = ((unsigned long)scr_alloc(g, 512 + 64) + 63) & ~63ul;

		fill_random(g, (void *)fx, 512);
		f->sc.fpstate = one_in(g, 4) ? in_ptr(g, 512) : fx;
	}
	f->uc_sigmask = one_in(g, 2) ? next64(g) : 0;
	/* Corrupt a few words: rip, rsp, fpstate and the rest get a bad value or a number. */
	for (unsigned long k = one_in(g, 2) ? below(g, 4) : 0; k > 0; k--)
		words[below(g, sizeof(*f) / 8)] = one_in(g, 2) ? bad_ptr(g) : gen_int(g);
	a[0] = one_in(g, 8) ? (long)(one_in(g, 2) ? bad_ptr(g) : GUARD - below(g, 400))
			     : (long)((unsigned long)f + 8); /* %rsp just above pretcode */
}

/* Switch to the forged frame's stack and call rt_sigreturn: never comes back here. */
static void __attribute__((noreturn)) sigreturn_at(unsigned long sp)
{
	__asm__ __volatile__("movq %0, %%rsp\n\t"
			     "movl $15, %%eax\n\t"
			     "syscall\n\t"
			     "ud2"
			     :
			     : "r"(sp)
			     : "memory");
	__builtin_unreachable();
}

/*
 * vfork, then execve(a[0], a[1], a[2]) in the child, and exit(0x44) if that fails: all in
 * registers, since the child runs on our stack until it execs or exits. The parent gets the
 * child's pid, once the child has exec'd or exited.
 */
static long vfork_execve(const long a[6])
{
	register long path __asm__("r12") = a[0];
	register long argv __asm__("r13") = a[1];
	register long envp __asm__("r14") = a[2];
	long ret;

	__asm__ __volatile__("movl $58, %%eax\n\t" /* vfork */
			     "syscall\n\t"
			     "testq %%rax, %%rax\n\t"
			     "jnz 1f\n\t"
			     "movq %%r12, %%rdi\n\t"
			     "movq %%r13, %%rsi\n\t"
			     "movq %%r14, %%rdx\n\t"
			     "movl $59, %%eax\n\t" /* execve */
			     "syscall\n\t"
			     "movl $60, %%eax\n\t" /* exit */
			     "movl $0x44, %%edi\n\t"
			     "syscall\n\t"
			     "ud2\n"
			     "1:"
			     : "=&a"(ret)
			     : "r"(path), "r"(argv), "r"(envp)
			     : "rcx", "r11", "rdi", "rsi", "rdx", "memory");
	return ret;
}

/*
 * fork, vfork and clone: the child does nothing but exit(0), without touching memory, since it
 * may share ours and even our stack (CLONE_VM, vfork).
 */
static long spawn_and_exit(long nr, const long a[6])
{
	register long r10 __asm__("r10") = a[3];
	register long r8 __asm__("r8") = a[4];
	long ret;

	__asm__ __volatile__("syscall\n\t"
			     "testq %%rax, %%rax\n\t"
			     "jnz 1f\n\t"
			     "movl $60, %%eax\n\t"
			     "xorl %%edi, %%edi\n\t"
			     "syscall\n\t"
			     "ud2\n"
			     "1:"
			     : "=a"(ret)
			     : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8)
			     : "rcx", "r11", "memory");
	return ret;
}

/* ---- the table -------------------------------------------------------------------------------- */

enum call_kind {
	CALL_PLAIN,	/* syscall6() */
	CALL_SPAWN,	/* fork, vfork, clone: spawn_and_exit() */
	CALL_EXIT,	/* exit, exit_group: ends the process; init checks the status */
	CALL_SIGRETURN, /* a forged frame: ends the process, or lands in fuzz_landing */
	CALL_EXECVE,	/* every third call from a vfork child (vfork_execve()), else ours */
};

/* What a batch's process sets up before its calls (struct batch.needs). */
#define NEED_FDS	   (1 << 0) /* the files of fd_paths at descriptors 3 to 7 */
#define NEED_CONSOLE_NB	   (1 << 1) /* the console non-blocking: reads never wait */
#define NEED_PINGER	   (1 << 2) /* SIGUSR1 every 2 ms: sleeps end with -EINTR */
#define NEED_HANDLERS	   (1 << 3) /* a handler for every signal but SIGKILL and SIGSTOP */
#define NEED_KIDS	   (1 << 4) /* children that exit by themselves within ~30 ms */
#define NEED_SLEEPERS	   (1 << 5) /* threads that sleep ~20 ms and exit */
#define NEED_ARENA	   (1 << 6) /* mappings of every kind in the arena, the huge reservation */
#define NEED_FUTEX_WAITERS (1 << 7) /* threads in FUTEX_WAIT on futex_words, with timeouts */
#define NEED_THREADS	   (1 << 8) /* (exit, exit_group) sometimes threads, sleeping or spinning */
#define NEED_FD_RACER	   (1 << 9) /* fd_racer() runs meanwhile */
#define NEED_MM_RACER	   (1 << 10) /* mm_racer() runs meanwhile */
#define FILES		   (NEED_FDS | NEED_FD_RACER)
#define MEMORY		   (NEED_ARENA | NEED_MM_RACER)

#define SIGS_FAULT                                                                                 \
	(SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE) | SIGBIT(SIGTRAP))

struct batch {
	const char *name;
	int nr;
	int calls;
	enum call_kind kind;
	unsigned int needs;
	/* The signals that may end the batch's process (SIGBIT()s), and why, below. */
	unsigned long sigs;
	gen_fn *gen;
};

/*
 * Expected signals:
 *	mmap, mprotect, munmap	any fault signal: the process may unmap, replace (MAP_FIXED) or
 *				protect its own text, data or stack (the addresses include them);
 *				for mmap also exit(LOST_MARK): it replaced the page it shares with init
 *	rt_sigreturn		SIGSEGV (a frame the kernel refuses, or a fuzzed %rip or %rsp
 *				that faults in user mode), SIGTRAP (a frame with TF set), SIGFPE
 *				(unmasked x87/SSE exceptions in the frame's FPU state)
 *	kill, tkill, tgkill	SIGKILL, sent to the process itself
 *	rt_sigaction		any: every 16 calls the process raises a signal, whose action may
 *				be a handler anywhere, with any flags and restorer
 * Nothing else may end a batch's process but exit(0) at the end, or, for exit, exit_group and
 * execve, the call itself (the status must match). A SIGSEGV anywhere else means the kernel
 * broke the process's memory or registers: a kernel bug.
 */
static const struct batch batches[] = {
	{ "read", SYS_read, 3000, CALL_PLAIN, FILES | NEED_CONSOLE_NB, 0, gen_read },
	{ "write", SYS_write, 3000, CALL_PLAIN, FILES, 0, gen_write },
	{ "open", SYS_open, 2000, CALL_PLAIN, FILES, 0, gen_open },
	{ "close", SYS_close, 2000, CALL_PLAIN, FILES, 0, gen_close },
	{ "stat", SYS_stat, 1500, CALL_PLAIN, FILES, 0, gen_path_statbuf },
	{ "fstat", SYS_fstat, 3000, CALL_PLAIN, FILES, 0, gen_fstat },
	{ "lstat", SYS_lstat, 1000, CALL_PLAIN, FILES, 0, gen_path_statbuf },
	{ "lseek", SYS_lseek, 3000, CALL_PLAIN, FILES, 0, gen_lseek },
	{ "mmap", SYS_mmap, 2000, CALL_PLAIN, MEMORY, SIGS_FAULT, gen_mmap },
	{ "mprotect", SYS_mprotect, 2000, CALL_PLAIN, MEMORY, SIGS_FAULT, gen_mprotect },
	{ "munmap", SYS_munmap, 1500, CALL_PLAIN, MEMORY, SIGS_FAULT, gen_munmap },
	{ "brk", SYS_brk, 1500, CALL_PLAIN, MEMORY, 0, gen_brk },
	{ "rt_sigaction", SYS_rt_sigaction, 2000, CALL_PLAIN, 0, ~0ul, gen_rt_sigaction },
	{ "rt_sigprocmask", SYS_rt_sigprocmask, 2000, CALL_PLAIN, 0, 0, gen_rt_sigprocmask },
	{ "rt_sigreturn", SYS_rt_sigreturn, 400, CALL_SIGRETURN, 0,
	  SIGBIT(SIGSEGV) | SIGBIT(SIGTRAP) | SIGBIT(SIGFPE), gen_rt_sigreturn },
	{ "ioctl", SYS_ioctl, 3000, CALL_PLAIN, FILES, 0, gen_ioctl },
	{ "pread64", SYS_pread64, 3000, CALL_PLAIN, FILES | NEED_CONSOLE_NB, 0, gen_pread64 },
	{ "readv", SYS_readv, 3000, CALL_PLAIN, FILES | NEED_CONSOLE_NB, 0, gen_readv },
	{ "writev", SYS_writev, 3000, CALL_PLAIN, FILES, 0, gen_writev },
	{ "sched_yield", SYS_sched_yield, 500, CALL_PLAIN, 0, 0, gen_any },
	{ "dup", SYS_dup, 2000, CALL_PLAIN, FILES, 0, gen_dup },
	{ "dup2", SYS_dup2, 2000, CALL_PLAIN, FILES, 0, gen_dup },
	{ "pause", SYS_pause, 100, CALL_PLAIN, NEED_PINGER, 0, gen_any },
	{ "nanosleep", SYS_nanosleep, 500, CALL_PLAIN, NEED_PINGER, 0, gen_nanosleep },
	{ "getpid", SYS_getpid, 500, CALL_PLAIN, 0, 0, gen_any },
	{ "clone", SYS_clone, 1000, CALL_SPAWN, 0, 0, gen_clone },
	{ "fork", SYS_fork, 200, CALL_SPAWN, NEED_PINGER, 0, gen_any },
	{ "vfork", SYS_vfork, 200, CALL_SPAWN, NEED_PINGER, 0, gen_any },
	{ "execve", SYS_execve, 500, CALL_EXECVE, 0, 0, gen_execve },
	{ "exit", SYS_exit, 30, CALL_EXIT, NEED_THREADS, 0, gen_exit },
	{ "wait4", SYS_wait4, 800, CALL_PLAIN, NEED_KIDS, 0, gen_wait4 },
	{ "kill", SYS_kill, 1500, CALL_PLAIN, NEED_KIDS | NEED_HANDLERS, SIGBIT(SIGKILL), gen_kill },
	{ "uname", SYS_uname, 1500, CALL_PLAIN, 0, 0, gen_uname },
	{ "fcntl", SYS_fcntl, 3000, CALL_PLAIN, FILES, 0, gen_fcntl },
	{ "getppid", SYS_getppid, 500, CALL_PLAIN, 0, 0, gen_any },
	{ "rt_sigpending", SYS_rt_sigpending, 1500, CALL_PLAIN, 0, 0, gen_rt_sigpending },
	{ "arch_prctl", SYS_arch_prctl, 2000, CALL_PLAIN, 0, 0, gen_arch_prctl },
	{ "reboot", SYS_reboot, 1500, CALL_PLAIN, 0, 0, gen_reboot },
	{ "gettid", SYS_gettid, 500, CALL_PLAIN, 0, 0, gen_any },
	{ "tkill", SYS_tkill, 1500, CALL_PLAIN, NEED_SLEEPERS | NEED_HANDLERS, SIGBIT(SIGKILL),
	  gen_tkill },
	{ "futex", SYS_futex, 1500, CALL_PLAIN, NEED_PINGER | NEED_FUTEX_WAITERS, 0, gen_futex },
	{ "getdents64", SYS_getdents64, 3000, CALL_PLAIN, FILES, 0, gen_getdents64 },
	{ "set_tid_address", SYS_set_tid_address, 500, CALL_PLAIN, 0, 0, gen_ptr_arg },
	{ "clock_gettime", SYS_clock_gettime, 1500, CALL_PLAIN, 0, 0, gen_clock_gettime },
	{ "exit_group", SYS_exit_group, 30, CALL_EXIT, NEED_THREADS, 0, gen_exit },
	{ "tgkill", SYS_tgkill, 1500, CALL_PLAIN, NEED_SLEEPERS | NEED_HANDLERS, SIGBIT(SIGKILL),
	  gen_tgkill },
	{ "openat", SYS_openat, 2000, CALL_PLAIN, FILES, 0, gen_openat },
	{ "newfstatat", SYS_newfstatat, 2000, CALL_PLAIN, FILES, 0, gen_newfstatat },
	{ "dup3", SYS_dup3, 2000, CALL_PLAIN, FILES, 0, gen_dup },
};

/* ---- the batch child -------------------------------------------------------------------------- */

static long pinger_pid;

static int spinner_thread(void *arg)
{
	(void)arg;
	for (;;)
		__asm__ __volatile__("" ::: "memory"); /* only exit_group ends this */
	return 0;
}

/*
 * A thread that makes processes and threads for a while (each exits at once): the group's
 * exit races with fork, vfork and clone in it.
 */
static int forker_thread(void *arg)
{
	static const long none[6];
	static const long thread[6] = { CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, 0, 0 };

	(void)arg;
	for (int k = 0; k < 10; k++) {
		long pid = spawn_and_exit(k % 3 == 1 ? SYS_vfork : SYS_fork, none);

		if (pid > 0)
			syscall4(SYS_wait4, pid, 0, 0, 0); /* ours: no other thread can reap it */
		spawn_and_exit(SYS_clone, thread);
	}
	return 0;
}

/*
 * exit and exit_group: maybe leave threads behind, sleeping, making processes and threads, or
 * (exit_group only: nothing else would end them) spinning.
 */
static void start_exit_threads(struct gen *g, int group)
{
	static int (*const kinds[])(void *) = { sleeper_thread, forker_thread, spinner_thread };
	unsigned long n = below(g, NR_THREADS + 1);

	for (unsigned long k = 0; k < n; k++)
		clone_thread(kinds[below(g, group ? 3 : 2)],
			     thread_stacks[k] + sizeof(thread_stacks[k]), THREAD_FLAGS, 0,
			     (int *)&thread_tids[k], 0, (int *)&thread_tids[k]);
}

static void setup_batch(const struct batch *b)
{
	if (b->needs & NEED_FDS)
		setup_fds();
	if (b->needs & NEED_CONSOLE_NB)
		syscall3(SYS_fcntl, 0, F_SETFL, O_NONBLOCK); /* init puts it back */
	if (b->needs & NEED_HANDLERS)
		install_handlers();
	if (b->needs & NEED_PINGER)
		pinger_pid = start_pinger();
	if (b->needs & NEED_ARENA)
		setup_arena();
	if (b->needs & NEED_FD_RACER)
		start_racers(fd_racer, 1);
	if (b->needs & NEED_MM_RACER) {
		usigaction(SIGSEGV, skip_touch_fault, SA_SIGINFO, ~0ul);
		usigaction(SIGBUS, skip_touch_fault, SA_SIGINFO, ~0ul);
		start_racers(mm_racer, NR_RACERS);
	}
}

/* Every few calls: reap, and bring back what the batch needs. */
static void maintain(const struct batch *b, long i)
{
	static const long a_none[6];

	reap_children(b->needs & NEED_KIDS);
	if (b->needs & NEED_SLEEPERS)
		restart_threads(sleeper_thread);
	if (b->needs & NEED_FUTEX_WAITERS)
		restart_threads(futex_waiter_thread);
	if ((b->needs & NEED_FDS) && i % 256 == 0)
		reset_fds(); /* open and dup fill the table; close empties it */
	if (b->nr == SYS_execve && (i / 32) % 4 == 3)
		restart_threads(sleeper_thread); /* execve from a process with threads: -EBUSY */
	if ((b->needs & NEED_ARENA) && i % 64 == 0)
		spawn_and_exit(SYS_fork, a_none); /* dup_mm() of the fuzzed address space */
	if (b->nr == SYS_rt_sigaction && i % 16 == 8) {
		struct gen g;

		/* Take a signal through whatever action the last calls installed. */
		gen_seed(&g, 2000, i);
		syscall2(SYS_tkill, syscall0(SYS_gettid), 1 + below(&g, NSIG));
	}
	if (b->nr == SYS_getdents64)
		for (int fd = FIRST_FILE_FD; fd < FIRST_FILE_FD + 5; fd++)
			syscall3(SYS_lseek, fd, 0, SEEK_SET); /* list from the start again */
}

/* Is ret what a system call may return: a result, or -errno? (rt_sigreturn never returns.) */
static int result_ok(long ret)
{
	return ret >= -MAX_ERRNO;
}

static void note_bad_result(const struct batch *b, long i, long ret, const long a[6])
{
	if (shared->bad_count++ == 0) {
		shared->bad_call = i;
		shared->bad_ret = ret;
		for (int k = 0; k < 6; k++)
			shared->bad_args[k] = a[k];
	}
	(void)b;
}

/* Wait up to 5 s for *tid to be cleared (CLONE_CHILD_CLEARTID: the thread is gone). */
static void wait_thread_gone(volatile int *tid)
{
	for (int ms = 0; *tid != 0; ms++) {
		if (ms == 5000)
			syscall1(SYS_exit_group, STUCK_MARK); /* init reports it */
		sleep_ms(1);
	}
}

/* Wait for everything this process started: threads (they exit on their own) and children. */
static void finish_batch(void)
{
	int status;

	racer_stop = 1;
	for (int k = 0; k < NR_RACERS; k++)
		wait_thread_gone(&racer_tids[k]);
	if (pinger_pid > 0)
		syscall2(SYS_kill, pinger_pid, SIGKILL);
	for (int k = 0; k < NR_THREADS; k++)
		wait_thread_gone(&thread_tids[k]);
	while (syscall4(SYS_wait4, -1, &status, 0, 0) > 0)
		; /* the kids, and what clone, fork and vfork made: they all exit on their own */
}

static void __attribute__((noreturn)) run_batch(const struct batch *b, long first)
{
	struct gen g;
	long a[6], ret;

	setup_batch(b);
	for (long i = first; i < b->calls; i++) {
		if (i % 8 == 0 || i == first)
			maintain(b, i);
		gen_seed(&g, b->nr, i);
		b->gen(&g, a);
		shared->next = i;
		switch (b->kind) {
		case CALL_SPAWN:
			ret = spawn_and_exit(b->nr, a);
			break;
		case CALL_EXIT:
			start_exit_threads(&g, b->nr == SYS_exit_group);
			shared->expect_exit = a[0];
			syscall1(b->nr, a[0]);
			ret = -MAX_ERRNO - 1; /* it returned: that is a finding */
			break;
		case CALL_EXECVE:
			if (i % 3 == 0) {
				ret = vfork_execve(a);
				break;
			}
			ret = syscall3(SYS_execve, a[0], a[1], a[2]);
			break;
		case CALL_SIGRETURN:
			sigreturn_at((unsigned long)a[0]);
		default:
			ret = syscall6(b->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
			break;
		}
		if (shared->cookie != COOKIE) /* mmap(MAP_FIXED) replaced it: init cannot see */
			syscall1(SYS_exit_group, LOST_MARK); /* the racer too */
		if (!result_ok(ret))
			note_bad_result(b, i, ret, a);
	}
	finish_batch();
	shared->done = 1;
	syscall1(SYS_exit, 0);
	__builtin_unreachable();
}

/* ---- init: the batches, the invariants -------------------------------------------------------- */

static unsigned char canary[8192];
static struct {
	unsigned char bytes[64];
} saved_termios;

static unsigned char canary_byte(unsigned long k)
{
	return (unsigned char)((k * 0x9e3779b1u) >> 13);
}

static int canary_intact(void)
{
	for (unsigned long k = 0; k < sizeof(canary); k++)
		if (canary[k] != canary_byte(k))
			return 0;
	return 1;
}

/* What the batches share: the report page, the scratch pages, a PROT_NONE and a read-only page. */
static int setup_memory(void)
{
	if (mmap_fixed(SHARED_ADDR, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED) != (long)SHARED_ADDR ||
	    mmap_fixed(SCRATCH, SCRATCH_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE) !=
		    (long)SCRATCH ||
	    mmap_fixed(PROT_NONE_PAGE, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE) !=
		    (long)PROT_NONE_PAGE)
		return 0;
	memset((void *)PROT_NONE_PAGE, 'N', PAGE); /* present, with contents, before PROT_NONE */
	memset((void *)RDONLY_PAGE, 'R', PAGE);
	return syscall3(SYS_mprotect, PROT_NONE_PAGE, PAGE, PROT_NONE) == 0 &&
	       syscall3(SYS_mprotect, RDONLY_PAGE, PAGE, PROT_READ) == 0;
}

/* After a batch: orphans reaped, the console as it was (flags and termios). */
static void restore_after_batch(void)
{
	int status;

	while (syscall4(SYS_wait4, -1, &status, WNOHANG, 0) > 0)
		;
	syscall3(SYS_fcntl, 1, F_SETFL, 0);
	syscall3(SYS_ioctl, 1, TCSETS, &saved_termios);
}

struct batch_result {
	long children, ended_early, last_status, last_call;
	int unexpected;
};

static void report_end(const struct batch *b, const struct batch_result *r)
{
	uputs("        # fuzz_");
	uputs(b->name);
	uputs(": process ended at call ");
	uputl(r->last_call);
	uputs(" with status ");
	uputhex((unsigned long)r->last_status);
	uputs(WTERMSIG(r->last_status) ? " (killed by a signal this call may not cause)\n"
					: " (an exit this call may not cause)\n");
}

/* How did the batch's process end after call i? 1 if that is allowed. */
static int ending_allowed(const struct batch *b, int status)
{
	if (WTERMSIG(status))
		return (b->sigs & SIGBIT(WTERMSIG(status))) != 0;
	if (b->kind == CALL_EXIT)
		return WEXITSTATUS(status) == (shared->expect_exit & 0xff);
	if (b->nr == SYS_execve || b->kind == CALL_SIGRETURN)
		return WEXITSTATUS(status) == EXEC_MARK;
	if (b->nr == SYS_mmap)
		return WEXITSTATUS(status) == LOST_MARK; /* a MAP_FIXED over the shared page */
	return 0;
}

static void run_batch_children(const struct batch *b, struct batch_result *r)
{
	long next = 0;
	int status;

	*r = (struct batch_result){ 0 };
	shared->cookie = COOKIE;
	shared->bad_count = 0;
	while (next < b->calls) {
		long pid;

		shared->next = next;
		shared->done = 0;
		pid = syscall0(SYS_fork);
		if (pid == 0)
			run_batch(b, next);
		status = -1;
		if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid) {
			r->unexpected = 1;
			r->last_status = pid;
			break;
		}
		r->children++;
		if (shared->done && status == 0)
			break;
		r->ended_early++;
		if (!ending_allowed(b, status) && !r->unexpected) {
			r->unexpected = 1;
			r->last_status = status;
			r->last_call = shared->next;
		}
		next = shared->next + 1; /* on after the call that ended it */
	}
}

static int run_one_batch(const struct batch *b)
{
	struct batch_result r;
	long t0 = now_ms(), bad;
	int ok;

	run_batch_children(b, &r);
	restore_after_batch();
	bad = shared->bad_count;
	ok = !r.unexpected && bad == 0 && canary_intact() && syscall0(SYS_getpid) == 1;
	uputs("        # fuzz_");
	uputs(b->name);
	uputs(": ");
	uputl(b->calls);
	uputs(" calls, ");
	uputl(r.children);
	uputs(" processes, ");
	uputl(now_ms() - t0);
	uputs(" ms\n");
	if (r.unexpected)
		report_end(b, &r);
	if (bad) {
		uputs("        # a result outside [-4095, -1] and [0, ...): call ");
		uputl(shared->bad_call);
		uputs(" returned ");
		uputl(shared->bad_ret);
		uputs(", arguments");
		for (int k = 0; k < 6; k++) {
			uputs(" ");
			uputhex((unsigned long)shared->bad_args[k]);
		}
		uputs("\n");
	}
	return ok;
}

/* ---- targeted cases: the bugs the fuzzer found, one each -------------------------------------- */

/* fork, run fn in the child, wait: the child's status, or -1. */
static long in_child(int (*fn)(void))
{
	int status = -1;
	long pid = syscall0(SYS_fork);

	if (pid == 0)
		syscall1(SYS_exit, fn());
	if (pid < 0 || syscall4(SYS_wait4, pid, &status, 0, 0) != pid)
		return -1;
	return status;
}

#define EPERM  1
#define ENOMEM 12

/*
 * clone(CLONE_SETTLS) with a TLS base outside user space used to be taken as it was; the switch
 * to the thread then loaded it into MSR_FS_BASE, where a non-canonical value is a #GP in the
 * kernel (QEMU's TCG does not check, hardware does). It is -EPERM, as for ARCH_SET_FS.
 */
static int settls_outside_user_space_is_refused(void)
{
	static const unsigned long bad[] = { 0x800000000000, 0x8000000000000000,
					     0xffff888000000000, 0xffffffffffffffff };
	long a[6] = { THREAD_FLAGS | CLONE_SETTLS, SCR_OUT + PAGE, 0, 0, 0, 0 };

	for (unsigned long k = 0; k < ARRAY_SIZE(bad); k++) {
		a[4] = (long)bad[k];
		if (spawn_and_exit(SYS_clone, a) != -EPERM)
			return 1;
	}
	return 0;
}

/*
 * mprotect() and fork() used to visit every page of a VMA, present or not: a 1 TiB PROT_NONE
 * reservation (what language runtimes make) took seconds, a 64 TiB one hours. They visit only
 * the page tables that exist now. 64 TiB, made accessible, two pages touched, forked, made
 * PROT_NONE again: well under a second.
 */
static int huge_sparse_mapping_is_cheap(void)
{
	const unsigned long len = 64ul << 40;
	long t0 = now_ms(), a[6] = { 0 };

	if (mmap_fixed(HUGE_BASE, len, PROT_NONE, MAP_PRIVATE) != (long)HUGE_BASE ||
	    syscall3(SYS_mprotect, HUGE_BASE, len, PROT_READ | PROT_WRITE) != 0)
		return 2;
	*(volatile char *)(HUGE_BASE + len / 2) = 1;
	*(volatile char *)(HUGE_BASE + len - 1) = 2;
	if (spawn_and_exit(SYS_fork, a) <= 0 ||
	    syscall3(SYS_mprotect, HUGE_BASE, len, PROT_NONE) != 0 ||
	    syscall3(SYS_mprotect, HUGE_BASE, len, PROT_READ) != 0 ||
	    *(volatile char *)(HUGE_BASE + len - 1) != 2)
		return 3;
	return now_ms() - t0 < 1000 ? 0 : 4;
}

/*
 * A shared mapping larger than free memory used to take every free page before it failed,
 * failing every other allocation in the machine meanwhile. It fails at once.
 */
static int huge_shared_mapping_fails_at_once(void)
{
	long t0 = now_ms();
	long ret = syscall6l(SYS_mmap, 0, 1ul << 40, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (ret != -ENOMEM)
		return 2;
	return now_ms() - t0 < 50 ? 0 : 3;
}

/* Sends the thread (tid) that slept SIGUSR1 after 50 ms. */
static int nap_waker(void *arg)
{
	sleep_ms(50);
	syscall3(SYS_tgkill, syscall0(SYS_getpid), (long)arg, SIGUSR1);
	return 0;
}

/*
 * nanosleep() used to cut the time to 32 bits of milliseconds: 4294968 s (49.7 days) slept
 * 0.7 s and returned 0, and a larger tv_sec overflowed. Woken after 50 ms, each sleep must say
 * it was interrupted with about all of its time left.
 */
static int long_nanosleep_is_not_cut_short(void)
{
	static const struct timespec reqs[] = { { 4294968, 0 }, { 0x7fffffffffffffff, 999999999 } };

	usigaction(SIGUSR1, count_signal, 0, ~0ul);
	for (unsigned long k = 0; k < ARRAY_SIZE(reqs); k++) {
		struct timespec rem = { 0, 0 };
		long ret;

		clone_thread(nap_waker, racer_stacks[0] + sizeof(racer_stacks[0]), THREAD_FLAGS,
			     (void *)syscall0(SYS_gettid), (int *)&racer_tids[0], 0,
			     (int *)&racer_tids[0]);
		ret = syscall2(SYS_nanosleep, &reqs[k], &rem);
		wait_thread_gone(&racer_tids[0]);
		if (ret != -EINTR || rem.tv_sec < 4294000)
			return 1 + (int)k;
	}
	return 0;
}

/* Make threads that exit at once, as fast as it can. */
static int stack_churn_thread(void *arg)
{
	static const long thread[6] = { CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, 0, 0 };

	(void)arg;
	for (int k = 0; k < 1000; k++)
		spawn_and_exit(SYS_clone, thread);
	return 0;
}

/*
 * Kernel stacks come from vmalloc, whose page tables (one level-1 table maps 2 MiB: dozens of
 * stacks) used to be changed without a lock: a dead thread's stack could be freed, and its
 * emptied table with it, while another CPU mapped a new stack through that table; the new task
 * then faulted on its own stack (a kernel panic in clone). Threads make threads on every CPU,
 * while the dead ones' stacks are freed by a kworker.
 */
static int kernel_stacks_churn_on_every_cpu(void)
{
	for (long k = 0; k < NR_THREADS; k++)
		clone_thread(stack_churn_thread, thread_stacks[k] + sizeof(thread_stacks[k]),
			     THREAD_FLAGS, 0, (int *)&thread_tids[k], 0, (int *)&thread_tids[k]);
	stack_churn_thread(0);
	for (int k = 0; k < NR_THREADS; k++)
		wait_thread_gone(&thread_tids[k]);
	return 0;
}

/* A system call made with the trap flag set: SIGTRAP in user mode, nothing in the kernel. */
static int syscall_with_trap_flag(void)
{
	__asm__ __volatile__("movl $39, %%eax\n\t"
			     "pushfq\n\t"
			     "orq $0x100, (%%rsp)\n\t"
			     "popfq\n\t"
			     "syscall\n\t"
			     "nop"
			     :
			     :
			     : "rax", "rcx", "r11", "memory");
	return 0; /* not reached: SIGTRAP after the syscall instruction */
}

static void targeted_cases(void)
{
	long st;

	st = in_child(settls_outside_user_space_is_refused);
	KT_CHECK("clone_settls_outside_user_space_is_eperm", st == 0, st);
	st = in_child(huge_sparse_mapping_is_cheap);
	KT_CHECK("mprotect_and_fork_of_a_huge_sparse_mapping_are_quick", st == 0, st);
	st = in_child(huge_shared_mapping_fails_at_once);
	KT_CHECK("shared_mapping_larger_than_memory_fails_at_once", st == 0, st);
	st = in_child(long_nanosleep_is_not_cut_short);
	KT_CHECK("long_nanosleep_is_not_cut_short", st == 0, st);
	st = in_child(kernel_stacks_churn_on_every_cpu);
	KT_CHECK("kernel_stacks_churn_on_every_cpu", st == 0, st);
	st = in_child(syscall_with_trap_flag);
	KT_CHECK("syscall_with_trap_flag_set_ends_in_sigtrap", WTERMSIG(st) == SIGTRAP, st);
}

#define NR_TARGETED 6

static char case_name[96];

static const char *fuzz_case_name(const struct batch *b)
{
	const char *parts[] = { "fuzz_", b->name, "_never_crashes_the_kernel" };
	size_t n = 0;

	for (int k = 0; k < 3; k++)
		for (const char *s = parts[k]; *s && n < sizeof(case_name) - 1; s++)
			case_name[n++] = *s;
	case_name[n] = '\0';
	return case_name;
}

int main(void)
{
	long t0 = now_ms();
	int status;

	if (syscall0(SYS_getpid) != 1)
		return EXEC_MARK; /* started by the execve batch: that call worked, the batch goes on */
	for (unsigned long k = 0; k < sizeof(canary); k++)
		canary[k] = canary_byte(k);
	syscall3(SYS_ioctl, 1, TCGETS, &saved_termios);
	ktap_plan("fuzztest", (int)ARRAY_SIZE(batches) + NR_TARGETED);
	if (!setup_memory()) {
		uputs("# fuzztest: cannot map the shared and scratch pages\n");
		return 1;
	}
	for (unsigned long k = 0; k < ARRAY_SIZE(batches); k++) {
		const struct batch *b = &batches[k];
		int ok = run_one_batch(b);

		ktap_result(fuzz_case_name(b), ok, "no crash, allowed endings and results", 0);
	}
	targeted_cases();
	while (syscall4(SYS_wait4, -1, &status, 0, 0) > 0)
		; /* the last orphans */
	uputs("# fuzztest: ");
	uputl(now_ms() - t0);
	uputs(" ms\n");
	return ktap_end("fuzztest");
}
