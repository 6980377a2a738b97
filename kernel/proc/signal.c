/* SPDX-License-Identifier: MIT */
/*
 * Signals (kernel/proc/signal.h has the contract, docs/processes.md the story): pending sets,
 * sending, delivery on the way back to user mode, default actions, and the system calls.
 *
 * Where things live, as in Linux: the actions in a sighand_struct shared by the threads of a
 * process; a pending set per thread (tgkill, faults) and one per process (kill, SIGCHLD) in the
 * signal_struct; a blocked mask per thread. One lock, the sighand's siglock, covers all of it.
 * A thread's sighand pointer changes only under tasklist_lock and its siglock; senders that
 * hold neither find it with lock_task_sighand(), which is why a sighand is freed through RCU.
 *
 * Lock order: tasklist_lock, then siglock, then the scheduler's locks (wake-ups).
 */
#include "kernel/proc/signal.h"

#include <asm/ptrace.h>
#include <asm/sigframe.h>
#include <asm/uaccess.h>

#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/proc/process.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "lib/errno.h"
#include "lib/string.h"

/* What SIG_DFL does, by signal (signal(7)); anything in none of these masks terminates. */
#define SIG_KERNEL_ONLY_MASK (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define SIG_KERNEL_IGNORE_MASK                                                                     \
	(sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | sigmask(SIGCONT))
/* Stopping is not implemented: the stop signals are ignored (and SIGCONT has nothing to do). */
#define SIG_KERNEL_STOP_MASK                                                                       \
	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define SIG_KERNEL_COREDUMP_MASK                                                                   \
	(sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGABRT) |                \
	 sigmask(SIGBUS) | sigmask(SIGFPE) | sigmask(SIGSEGV) | sigmask(SIGXCPU) |                 \
	 sigmask(SIGXFSZ) | sigmask(SIGSYS))
/* Raised by the instruction that just ran: taken before anything else pending. */
#define SYNCHRONOUS_MASK                                                                           \
	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | sigmask(SIGTRAP) |                 \
	 sigmask(SIGFPE) | sigmask(SIGSYS))
#define SIGQUEUE_MAX  64	 /* instances queued per pending set: bounds a real-time flood */
#define CLONE_SIGHAND 0x00000800 /* clone(): share the actions (Linux's value, as in fork.c) */

struct sigqueue {
	struct sigqueue *next; /* the next one in its sigpending, under siglock */
	struct kernel_siginfo info;
};

struct sighand_struct {
	refcount_t count; /* the tasks using these actions: threads, CLONE_SIGHAND children */
	/*
	 * Protects action[]; and, for each task using this sighand, its pending set, its blocked
	 * mask and its process's shared_pending. IRQ-safe: signals may be sent from any context.
	 */
	spinlock_t siglock;
	struct sigaction action[_NSIG]; /* signal sig at sig - 1 */
	struct rcu_head rcu;		/* freed a grace period after the last put */
};

static unsigned long fault_kills;

/* ---- sighand_struct ------------------------------------------------------------------------ */

/* A sighand with every action SIG_DFL and one reference, or NULL. */
static struct sighand_struct *alloc_sighand(void)
{
	/* kmalloc: a cache of its own would have to be made at boot, to keep leak checks exact */
	struct sighand_struct *sh = kzalloc(sizeof(*sh), GFP_KERNEL);

	if (!sh)
		return NULL;
	refcount_set(&sh->count, 1);
	spin_lock_init(&sh->siglock);
	return sh;
}

static void free_sighand_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct sighand_struct, rcu));
}

static void put_sighand(struct sighand_struct *sh)
{
	if (refcount_dec_and_test(&sh->count))
		call_rcu(&sh->rcu, free_sighand_rcu); /* lock_task_sighand() may still look at it */
}

/*
 * Lock t's sighand: returns it locked (interrupts off, *flags to restore), or NULL if t takes
 * no signals (a kernel thread, or exiting). t must be pinned by the caller.
 */
static struct sighand_struct *lock_task_sighand(struct task_struct *t, unsigned long *flags)
{
	struct sighand_struct *sh;

	rcu_read_lock(); /* sh stays allocated while we look at it */
	for (;;) {
		sh = READ_ONCE(t->sigstate.sighand);
		if (!sh)
			break;
		spin_lock_irqsave(&sh->siglock, *flags);
		if (likely(sh == t->sigstate.sighand))
			break;
		spin_unlock_irqrestore(&sh->siglock, *flags); /* exec swapped it meanwhile */
	}
	rcu_read_unlock();
	return sh;
}

/* ---- pending sets (siglock held) ----------------------------------------------------------- */

/*
 * Add sig with its info to p. A standard signal already pending is not queued again. False
 * only for a real-time signal that found no room: it must not be lost silently.
 */
static bool queue_signal(struct sigpending *p, int sig, const struct kernel_siginfo *info)
{
	struct sigqueue **tail = &p->head, *q;
	int queued = 0;

	if (sig < SIGRTMIN && (p->signal & sigmask(sig)))
		return true;
	for (; *tail; tail = &(*tail)->next)
		queued++;
	q = queued < SIGQUEUE_MAX ? kmalloc(sizeof(*q), GFP_ATOMIC | __GFP_NOWARN) : NULL;
	if (q) {
		q->next = NULL;
		q->info = *info;
		q->info.si_signo = sig;
		*tail = q;
	} else if (sig >= SIGRTMIN) {
		return false;
	}
	p->signal |= sigmask(sig); /* without a queued instance: delivered with plain SI_USER */
	return true;
}

/* Take the oldest instance of sig off p into *info. */
static void collect_signal(struct sigpending *p, int sig, struct kernel_siginfo *info)
{
	struct sigqueue **pp = &p->head, *q, *first = NULL;

	while ((q = *pp)) {
		if (q->info.si_signo == sig) {
			if (first)
				break; /* another instance: sig stays pending */
			first = q;
			*pp = q->next;
			continue;
		}
		pp = &q->next;
	}
	if (!q)
		p->signal &= ~sigmask(sig);
	if (first) {
		*info = first->info;
		kfree(first);
	} else {
		*info = (struct kernel_siginfo){ .si_signo = sig, .si_code = SI_USER };
	}
}

/* Drop the signals in mask from p. */
static void flush_sigqueue_mask(struct sigpending *p, sigset_t mask)
{
	struct sigqueue **pp = &p->head, *q;

	p->signal &= ~mask;
	while ((q = *pp)) {
		if (sigmask(q->info.si_signo) & mask) {
			*pp = q->next;
			kfree(q);
		} else {
			pp = &q->next;
		}
	}
}

/* The next signal to take from p, lowest number first, faults before the rest; or 0. */
static int next_signal(const struct sigpending *p, sigset_t blocked)
{
	sigset_t s = p->signal & ~blocked;

	if (s & SYNCHRONOUS_MASK)
		s &= SYNCHRONOUS_MASK;
	return s ? __builtin_ctzll(s) + 1 : 0;
}

/* ---- sending ------------------------------------------------------------------------------- */

/* Is the action for sig to ignore it, explicitly or by default? */
static bool sig_handler_ignored(const struct sigaction *ka, int sig)
{
	return ka->sa_handler == SIG_IGN ||
	       (ka->sa_handler == SIG_DFL &&
		(sigmask(sig) & (SIG_KERNEL_IGNORE_MASK | SIG_KERNEL_STOP_MASK)));
}

/* Does sig end the process when it is taken (SIGKILL, or SIG_DFL that terminates)? */
static bool sig_fatal(const struct sigaction *ka, int sig)
{
	return sig == SIGKILL || (ka->sa_handler == SIG_DFL && !sig_handler_ignored(ka, sig));
}

/* Is sig, sent to t, dropped at once? A blocked one waits: its action may change first. */
static bool sig_ignored(struct task_struct *t, struct sighand_struct *sh, int sig)
{
	const struct sigaction *ka = &sh->action[sig - 1];

	if (t->sigstate.blocked & sigmask(sig))
		return false;
	if (t->tgid == 1 && ka->sa_handler == SIG_DFL)
		return true; /* init gets only the signals it handles, as in Linux */
	return sig_handler_ignored(ka, sig);
}

static bool wants_signal(int sig, struct task_struct *t)
{
	return t->sigstate.sighand && !(t->sigstate.blocked & sigmask(sig));
}

/* Make t notice its pending signals: out of an interruptible sleep, or out of user mode. */
static void signal_wake_up(struct task_struct *t)
{
	if (!wake_up_state(t, TASK_INTERRUPTIBLE))
		kick_process(t);
}

/*
 * sig was queued for t, or for its process (group): wake a thread that will take it. A fatal
 * one wakes them all, so that a process blocked in several places ends at once. For a group
 * signal, tasklist_lock is held (thread_head).
 */
static void complete_signal(int sig, struct task_struct *t, bool group, bool fatal)
{
	struct task_struct *p;

	if (wants_signal(sig, t) && !(group && fatal)) {
		signal_wake_up(t);
		return;
	}
	if (!group)
		return; /* blocked: the thread notices when it unblocks it */
	list_for_each_entry (p, &t->signal->thread_head, thread_node) {
		if (!wants_signal(sig, p))
			continue;
		signal_wake_up(p);
		if (!fatal)
			return;
	}
}

/* Queue sig for t (group: for its process) and wake a taker. siglock held. */
static int __send_signal(int sig, const struct kernel_siginfo *info, struct task_struct *t,
			 struct sighand_struct *sh, bool group)
{
	struct sigpending *pending = group ? &t->signal->shared_pending : &t->sigstate.pending;

	if (sig_ignored(t, sh, sig))
		return 0;
	if (!queue_signal(pending, sig, info))
		return -EAGAIN;
	complete_signal(sig, t, group, sig_fatal(&sh->action[sig - 1], sig));
	return 0;
}

int send_sig_info(int sig, const struct kernel_siginfo *info, struct task_struct *t)
{
	struct sighand_struct *sh;
	unsigned long flags;
	int ret;

	if (!valid_signal(sig))
		return -EINVAL;
	sh = lock_task_sighand(t, &flags);
	if (!sh)
		return 0; /* exiting, or a kernel thread: nothing to deliver to */
	ret = __send_signal(sig, info, t, sh, false);
	spin_unlock_irqrestore(&sh->siglock, flags);
	return ret;
}

/* A thread of p's process that still takes signals, or NULL. tasklist_lock held. */
static struct task_struct *live_thread(struct task_struct *p)
{
	struct task_struct *t;

	if (!p->signal)
		return NULL; /* a kernel thread */
	if (p->sigstate.sighand)
		return p;
	list_for_each_entry (t, &p->signal->thread_head, thread_node)
		if (t->sigstate.sighand)
			return t; /* the leader has exited, this thread runs on */
	return NULL;
}

/* Send sig to p's process. tasklist_lock held: sighand pointers cannot change. */
static int group_send_sig_info(int sig, const struct kernel_siginfo *info, struct task_struct *p)
{
	struct task_struct *t = live_thread(p);
	struct sighand_struct *sh;
	unsigned long flags;
	int ret;

	if (!t)
		return 0; /* a zombie, or a kernel thread: nothing happens, as in Linux */
	sh = t->sigstate.sighand;
	spin_lock_irqsave(&sh->siglock, flags);
	ret = __send_signal(sig, info, t, sh, true);
	spin_unlock_irqrestore(&sh->siglock, flags);
	return ret;
}

/* The task (thread) with this id that has not been reaped yet. tasklist_lock held. */
static struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *t;

	list_for_each_entry (t, &task_list, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

int kill_pid_info(int sig, const struct kernel_siginfo *info, int pid)
{
	struct task_struct *p;
	int ret = -ESRCH;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	p = find_task_by_pid(pid);
	if (p)
		ret = sig ? group_send_sig_info(sig, info, p) : 0;
	spin_unlock(&tasklist_lock);
	return ret;
}

/* kill(-1, sig): every process but init and the caller's. 0 if there was one, else -ESRCH. */
static int kill_every_process(int sig, const struct kernel_siginfo *info)
{
	struct task_struct *p;
	int ret = -ESRCH, err;

	spin_lock(&tasklist_lock);
	list_for_each_entry (p, &task_list, tasks) {
		if (!p->signal || p != p->group_leader || p->tgid == 1 || p->tgid == current->tgid)
			continue;
		err = sig ? group_send_sig_info(sig, info, p) : 0;
		ret = ret == -ESRCH || err ? err : ret;
	}
	spin_unlock(&tasklist_lock);
	return ret;
}

void do_notify_parent(struct task_struct *tsk, struct task_struct *parent)
{
	struct signal_struct *sig = tsk->signal;
	int code = READ_ONCE(sig->group_exit) ? sig->group_exit_code : tsk->exit_code;
	struct kernel_siginfo info = { .si_signo = SIGCHLD, .si_pid = tsk->tgid };

	WARN_ON_ONCE(!spin_is_locked(&tasklist_lock));
	if (code & 0x7f) {
		info.si_code = CLD_KILLED;
		info.si_status = code & 0x7f; /* wait()'s status: the signal in the low 7 bits */
	} else {
		info.si_code = CLD_EXITED;
		info.si_status = (code >> 8) & 0xff;
	}
	group_send_sig_info(SIGCHLD, &info, parent);
}

/* ---- faults and fatal signals -------------------------------------------------------------- */

void force_fatal_sig(int sig)
{
	do_group_exit(sig); /* wait() sees "killed by sig": the number in the low 7 bits */
}

/* Queue a fault for current if a handler will take it now; false if the default applies. */
static bool queue_fault_for_handler(int sig, const struct kernel_siginfo *info)
{
	struct task_struct *tsk = current;
	struct sighand_struct *sh = tsk->sigstate.sighand;
	void __user *handler;
	unsigned long flags;
	bool queued = false;

	if (!sh)
		return false;
	spin_lock_irqsave(&sh->siglock, flags);
	handler = sh->action[sig - 1].sa_handler;
	if (handler != SIG_DFL && handler != SIG_IGN && !(tsk->sigstate.blocked & sigmask(sig)))
		queued = queue_signal(&tsk->sigstate.pending, sig, info);
	spin_unlock_irqrestore(&sh->siglock, flags);
	return queued;
}

static const char *fault_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "segmentation fault";
	case SIGILL:
		return "illegal instruction";
	case SIGFPE:
		return "arithmetic exception";
	case SIGTRAP:
		return "trap";
	case SIGBUS:
		return "bus error";
	default:
		return "fault";
	}
}

void force_sig_fault(int sig, unsigned long addr, struct pt_regs *regs)
{
	struct kernel_siginfo info = { .si_signo = sig, .si_addr = (void __user *)addr };

	arch_fault_siginfo(&info, regs);
	if (queue_fault_for_handler(sig, &info))
		return; /* exit_to_user_work() runs the handler */
	__atomic_add_fetch(&fault_kills, 1, __ATOMIC_RELAXED);
	pr_info("%s[%d]: %s at %016lx ip %016lx sp %016lx (signal %d): killed\n", current->comm,
		current->tgid, fault_name(sig), addr, instruction_pointer(regs),
		stack_pointer(regs), sig);
	force_fatal_sig(sig);
}

/* ---- delivery ------------------------------------------------------------------------------ */

bool signal_pending(struct task_struct *t)
{
	struct signal_struct *sig = t->signal;
	sigset_t pending;

	if (!sig)
		return false; /* a kernel thread */
	if (READ_ONCE(sig->group_exit))
		return true; /* as good as a SIGKILL */
	pending = READ_ONCE(t->sigstate.pending.signal) | READ_ONCE(sig->shared_pending.signal);
	return pending & ~READ_ONCE(t->sigstate.blocked);
}

/* Take a signal off current's pending sets (its own first) into *info; its number, or 0. */
static int dequeue_signal(struct kernel_siginfo *info)
{
	struct task_struct *tsk = current;
	struct sigpending *p = &tsk->sigstate.pending;
	int sig = next_signal(p, tsk->sigstate.blocked);

	if (!sig) {
		p = &tsk->signal->shared_pending;
		sig = next_signal(p, tsk->sigstate.blocked);
	}
	if (sig)
		collect_signal(p, sig, info);
	return sig;
}

/* SIG_DFL: nothing for the ignored and stop signals; the process ends for the rest. */
static void do_default_action(int sig)
{
	if (sigmask(sig) & (SIG_KERNEL_IGNORE_MASK | SIG_KERNEL_STOP_MASK))
		return;
	if (current->tgid == 1)
		return; /* init, sent this while it blocked it: see sig_ignored() */
	if (sigmask(sig) & SIG_KERNEL_COREDUMP_MASK)
		pr_info("%s[%d]: killed by signal %d (core dumps are not supported)\n",
			current->comm, current->tgid, sig);
	force_fatal_sig(sig);
}

/*
 * Dequeue signals until one is for a handler (true: *ksig has it, SA_RESETHAND applied) or
 * none is left (false). Default actions are taken on the way: this may not return.
 */
static bool get_signal(struct ksignal *ksig)
{
	struct sighand_struct *sh = current->sigstate.sighand;
	unsigned long flags;

	for (;;) {
		struct sigaction *ka;

		spin_lock_irqsave(&sh->siglock, flags);
		ksig->sig = dequeue_signal(&ksig->info);
		if (!ksig->sig) {
			spin_unlock_irqrestore(&sh->siglock, flags);
			return false;
		}
		ka = &sh->action[ksig->sig - 1];
		ksig->ka = *ka;
		if (ka->sa_handler != SIG_IGN && (ka->sa_flags & SA_RESETHAND))
			ka->sa_handler = SIG_DFL;
		spin_unlock_irqrestore(&sh->siglock, flags);
		if (ksig->ka.sa_handler == SIG_DFL)
			do_default_action(ksig->sig);
		else if (ksig->ka.sa_handler != SIG_IGN)
			return true;
	}
}

/* Run the handler: a frame on the user stack, and the handler's mask blocked meanwhile. */
static void handle_signal(const struct ksignal *ksig, struct pt_regs *regs)
{
	sigset_t blocked = current->sigstate.blocked;

	if (setup_rt_frame(ksig, blocked, regs)) {
		pr_info("%s[%d]: cannot deliver signal %d (no SA_RESTORER, or no room on the stack "
			"at %016lx): killed\n",
			current->comm, current->tgid, ksig->sig, stack_pointer(regs));
		force_fatal_sig(SIGSEGV);
	}
	blocked |= ksig->ka.sa_mask;
	if (!(ksig->ka.sa_flags & SA_NODEFER))
		blocked |= sigmask(ksig->sig);
	set_current_blocked(blocked);
}

bool exit_to_user_work_pending(void)
{
	return signal_pending(current);
}

void exit_to_user_work(struct pt_regs *regs)
{
	struct ksignal ksig;

	exit_if_group_exiting();
	if (current->sigstate.sighand && get_signal(&ksig))
		handle_signal(&ksig, regs); /* exit_to_user_mode() comes back for the rest */
}

void set_current_blocked(sigset_t set)
{
	struct sighand_struct *sh = current->sigstate.sighand;
	unsigned long flags;

	spin_lock_irqsave(&sh->siglock, flags);
	current->sigstate.blocked = set & ~SIG_KERNEL_ONLY_MASK;
	spin_unlock_irqrestore(&sh->siglock, flags);
}

/* ---- life cycle ---------------------------------------------------------------------------- */

int copy_sighand(unsigned long clone_flags, struct task_struct *child)
{
	struct sighand_struct *old = current->sigstate.sighand, *sh;
	unsigned long flags;

	child->sigstate = (struct task_sigstate){ .blocked = current->sigstate.blocked };
	if ((clone_flags & CLONE_SIGHAND) && old) {
		refcount_inc(&old->count);
		child->sigstate.sighand = old;
		return 0;
	}
	sh = alloc_sighand();
	if (!sh)
		return -ENOMEM;
	if (old) {
		spin_lock_irqsave(&old->siglock, flags);
		memcpy(sh->action, old->action, sizeof(sh->action));
		spin_unlock_irqrestore(&old->siglock, flags);
	}
	child->sigstate.sighand = sh;
	return 0;
}

int unshare_sighand(void)
{
	struct task_struct *tsk = current;
	struct sighand_struct *old = tsk->sigstate.sighand, *sh;
	unsigned long flags;

	if (old && refcount_read(&old->count) == 1)
		return 0; /* already ours alone */
	sh = alloc_sighand();
	if (!sh)
		return -ENOMEM;
	spin_lock(&tasklist_lock); /* process-directed senders read sighand under it */
	if (old) {
		spin_lock_irqsave(&old->siglock, flags);
		memcpy(sh->action, old->action, sizeof(sh->action));
		WRITE_ONCE(tsk->sigstate.sighand, sh);
		spin_unlock_irqrestore(&old->siglock, flags);
	} else {
		WRITE_ONCE(tsk->sigstate.sighand, sh); /* a kernel thread becoming a process */
	}
	spin_unlock(&tasklist_lock);
	if (old)
		put_sighand(old);
	return 0;
}

void flush_signal_handlers(struct task_struct *t)
{
	struct sighand_struct *sh = t->sigstate.sighand;
	unsigned long flags;

	spin_lock_irqsave(&sh->siglock, flags);
	for (int i = 0; i < _NSIG; i++) {
		struct sigaction *ka = &sh->action[i];

		/* The new program has none of the old one's handlers; what was ignored stays so. */
		void __user *handler = ka->sa_handler == SIG_IGN ? SIG_IGN : SIG_DFL;

		*ka = (struct sigaction){ .sa_handler = handler };
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
}

/*
 * The process's other live threads take over its shared signals: wake those that can take
 * them. tasklist_lock and siglock held.
 */
static void retarget_shared_pending(struct task_struct *tsk)
{
	sigset_t shared = tsk->signal->shared_pending.signal;
	struct task_struct *t;

	list_for_each_entry (t, &tsk->signal->thread_head, thread_node)
		if (t != tsk && t->sigstate.sighand && (shared & ~t->sigstate.blocked))
			signal_wake_up(t);
}

void exit_signals(struct task_struct *tsk)
{
	struct sighand_struct *sh = tsk->sigstate.sighand;
	struct sigpending own, shared = {};
	unsigned long flags;

	if (!sh)
		return; /* a kernel thread */

	spin_lock(&tasklist_lock); /* thread_head, and the sighand pointer's writers */
	spin_lock_irqsave(&sh->siglock, flags);
	WRITE_ONCE(tsk->sigstate.sighand, NULL); /* no signal is queued for tsk from now on */
	own = tsk->sigstate.pending;
	tsk->sigstate.pending = (struct sigpending){};
	if (!live_thread(tsk)) {
		shared = tsk->signal->shared_pending; /* the last thread: nobody will take these */
		tsk->signal->shared_pending = (struct sigpending){};
	} else if (tsk->signal->shared_pending.signal) {
		retarget_shared_pending(tsk);
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
	spin_unlock(&tasklist_lock);
	flush_sigqueue_mask(&own, ~0ull);
	flush_sigqueue_mask(&shared, ~0ull);
	put_sighand(sh);
}

/* ---- system calls -------------------------------------------------------------------------- */

/* Drop sig from every pending set of current's process. tasklist_lock and siglock held. */
static void discard_pending(int sig)
{
	struct task_struct *t;

	flush_sigqueue_mask(&current->signal->shared_pending, sigmask(sig));
	list_for_each_entry (t, &current->signal->thread_head, thread_node)
		flush_sigqueue_mask(&t->sigstate.pending, sigmask(sig));
}

static int do_sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct sighand_struct *sh = current->sigstate.sighand;
	bool discard = act && valid_signal(sig) && sig_handler_ignored(act, sig);
	unsigned long flags;

	if (!valid_signal(sig) || (act && (sigmask(sig) & SIG_KERNEL_ONLY_MASK)))
		return -EINVAL;
	/* POSIX: setting a pending signal to be ignored discards it, in every thread. */
	if (discard)
		spin_lock(&tasklist_lock);
	spin_lock_irqsave(&sh->siglock, flags);
	if (oact)
		*oact = sh->action[sig - 1];
	if (act) {
		sh->action[sig - 1] = *act;
		sh->action[sig - 1].sa_mask &= ~SIG_KERNEL_ONLY_MASK;
		if (discard)
			discard_pending(sig);
	}
	spin_unlock_irqrestore(&sh->siglock, flags);
	if (discard)
		spin_unlock(&tasklist_lock);
	return 0;
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct sigaction __user *, uact,
		struct sigaction __user *, uoact, size_t, sigsetsize)
{
	struct sigaction act, oact;
	int ret;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	ret = do_sigaction(sig, uact ? &act : NULL, uoact ? &oact : NULL);
	if (!ret && uoact && copy_to_user(uoact, &oact, sizeof(oact)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, uset, sigset_t __user *, uoset,
		size_t, sigsetsize)
{
	sigset_t old = current->sigstate.blocked, set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			set |= old;
			break;
		case SIG_UNBLOCK:
			set = old & ~set;
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
		set_current_blocked(set); /* newly unblocked signals go on the way out */
	}
	if (uoset && put_user(old, uoset))
		return -EFAULT;
	return 0;
}

/* The signals pending for current that it blocks. */
SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	struct task_struct *tsk = current;
	struct sighand_struct *sh = tsk->sigstate.sighand;
	unsigned long flags;
	sigset_t set;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	spin_lock_irqsave(&sh->siglock, flags);
	set = (tsk->sigstate.pending.signal | tsk->signal->shared_pending.signal) &
	      tsk->sigstate.blocked;
	spin_unlock_irqrestore(&sh->siglock, flags);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* Sleep until a signal is pending (its handler runs on the way out): always -EINTR. */
SYSCALL_DEFINE0(pause)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return -EINTR;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	struct kernel_siginfo info = { .si_signo = sig,
				       .si_code = SI_USER,
				       .si_pid = current->tgid };

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid > 0)
		return kill_pid_info(sig, &info, pid);
	if (pid == -1)
		return kill_every_process(sig, &info);
	return -EINVAL; /* process groups (pid 0, pid < -1) are not supported */
}

/* tgkill and tkill: to one thread (in process tgid, unless tgid is 0). */
static int do_tkill(pid_t tgid, pid_t tid, int sig)
{
	struct kernel_siginfo info = { .si_signo = sig,
				       .si_code = SI_TKILL,
				       .si_pid = current->tgid };
	struct task_struct *t;
	int ret = -ESRCH;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock(&tasklist_lock); /* pins t */
	t = find_task_by_pid(tid);
	if (t && (!tgid || t->tgid == tgid))
		ret = sig ? send_sig_info(sig, &info, t) : 0;
	spin_unlock(&tasklist_lock);
	return ret;
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	return tgid <= 0 ? -EINVAL : do_tkill(tgid, tid, sig);
}

SYSCALL_DEFINE2(tkill, pid_t, tid, int, sig)
{
	return do_tkill(0, tid, sig);
}

unsigned long fault_kill_count(void)
{
	return READ_ONCE(fault_kills);
}
