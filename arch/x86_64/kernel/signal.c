/* SPDX-License-Identifier: MIT */
/*
 * Signal frames on x86-64 (asm/sigframe.h has the layout): building one for a handler, and
 * rt_sigreturn, which reads it back.
 *
 * Everything in a frame is user memory the program controls, so every access is a checked copy
 * and what comes back is sanitised: the segments are forced to the user ones, only the flags a
 * program may change in RFLAGS change, RIP must be a user address and RSP canonical (IRET would
 * fault in the kernel otherwise), and MXCSR may not set bits the CPU lacks (FXRSTOR would fault
 * in the kernel). A frame that cannot be written or read ends the process with SIGSEGV.
 *
 * FPU: if the task has used the FPU, its x87/SSE registers go into the frame in FXSAVE layout
 * (Linux's struct _fpstate, without the XSAVE extension), and the handler starts with an empty
 * x87 stack and the default MXCSR. The AVX upper halves are not saved: a handler that uses AVX
 * can change them under the interrupted code (Linux saves them with XSAVE).
 */
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/sigframe.h>
#include <asm/thread.h>
#include <asm/uaccess.h>

#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "lib/string.h"

#define X86_EFLAGS_CF (1ul << 0)
#define X86_EFLAGS_PF (1ul << 2)
#define X86_EFLAGS_AF (1ul << 4)
#define X86_EFLAGS_ZF (1ul << 6)
#define X86_EFLAGS_SF (1ul << 7)
#define X86_EFLAGS_TF (1ul << 8)
#define X86_EFLAGS_DF (1ul << 10)
#define X86_EFLAGS_OF (1ul << 11)
#define X86_EFLAGS_RF (1ul << 16)
#define X86_EFLAGS_AC (1ul << 18)
/* The RFLAGS bits rt_sigreturn takes from the frame (Linux's FIX_EFLAGS); the rest stay. */
#define FIX_EFLAGS                                                                                 \
	(X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | X86_EFLAGS_ZF | X86_EFLAGS_SF |           \
	 X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_OF | X86_EFLAGS_RF | X86_EFLAGS_AC)

#define X86_TRAP_DE 0
#define X86_TRAP_DB 1
#define X86_TRAP_UD 6
#define X86_TRAP_PF 14
#define PF_PROT	    (1 << 0) /* #PF error code: a protection violation, not a missing page */

#define RED_ZONE_SIZE	     128 /* below %rsp, the interrupted function's own (x86-64 ABI) */
#define FPSTATE_ALIGN	     64
#define MXCSR_DEFAULT	     0x1f80	/* all SSE exceptions masked, round to nearest */
#define MXCSR_MASK_DEFAULT   0x0000ffbf /* when FXSAVE reports a mask of 0 (Intel SDM 10.5.1.2) */
#define UC_SIGCONTEXT_SS     0x2	/* uc_flags: sigcontext.ss is saved, and restored */
#define UC_STRICT_RESTORE_SS 0x4
#define SS_DISABLE	     2 /* uc_stack: no alternate signal stack */

_Static_assert(sizeof(struct sigcontext) == 256, "Linux's struct sigcontext");
_Static_assert(sizeof(struct ucontext) == 304, "Linux's struct ucontext");
_Static_assert(offsetof(struct rt_sigframe, info) == 312 && sizeof(struct rt_sigframe) == 440,
	       "Linux's x86-64 struct rt_sigframe");
_Static_assert(sizeof(struct fpstate_fx) == 512, "FXSAVE image");
_Static_assert(offsetof(struct kernel_siginfo, trapno) == SIGINFO_USER_BYTES,
	       "the user part of siginfo");

/* Sign-extended from bit 47: an address IRET accepts. */
static bool is_canonical(u64 addr)
{
	return (u64)((s64)(addr << 16) >> 16) == addr;
}

static void fxsave(struct fpstate_fx *fx)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*fx));
}

/*
 * The task's FPU registers are live on this CPU exactly while it runs with fpu_used set
 * (asm/thread.h), so these run with interrupts off: no switch can save them meanwhile.
 */
static void fpu_registers_save(struct fpstate_fx *fx)
{
	unsigned long flags = local_irq_save();

	fxsave(fx);
	local_irq_restore(flags);
}

/* An empty x87 stack and the default MXCSR: what a function may assume on entry. */
static void fpu_registers_init(void)
{
	u32 mxcsr = MXCSR_DEFAULT;
	unsigned long flags;

	if (!current->thread.fpu_used)
		return;
	flags = local_irq_save();
	__asm__ __volatile__("fninit\n\tldmxcsr %0" : : "m"(mxcsr));
	local_irq_restore(flags);
}

/* Put the FPU registers below *sp (lowered past them); *fpstate: where, or 0 if none. */
static int save_fpu_frame(unsigned long *sp, u64 *fpstate)
{
	struct fpstate_fx fx;

	*fpstate = 0;
	if (!current->thread.fpu_used)
		return 0; /* never used the FPU: nothing to save (Linux allows fpstate 0 too) */
	fpu_registers_save(&fx);
	*sp = ALIGN_DOWN(*sp - sizeof(fx), FPSTATE_ALIGN);
	if (copy_to_user((void __user *)*sp, &fx, sizeof(fx)))
		return -EFAULT;
	*fpstate = *sp;
	return 0;
}

/* Load the FPU registers from the frame's image at fpstate (0: give them initial values). */
static int restore_fpu_frame(u64 fpstate)
{
	struct fpstate_fx fx;
	unsigned long flags;
	u32 mask;

	if (!current->thread.fpu_used)
		return 0; /* the FPU was never used: the frame cannot hold state of ours */
	if (!fpstate) {
		fpu_registers_init();
		return 0;
	}
	fpu_registers_save(&fx); /* only for MXCSR_MASK: the MXCSR bits this CPU has */
	mask = fx.mxcsr_mask ? fx.mxcsr_mask : MXCSR_MASK_DEFAULT;
	if (copy_from_user(&fx, (const void __user *)fpstate, sizeof(fx)))
		return -EFAULT;
	fx.mxcsr &= mask;
	flags = local_irq_save();
	__asm__ __volatile__("fxrstor64 %0" : : "m"(fx));
	local_irq_restore(flags);
	return 0;
}

static void save_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			    const struct kernel_siginfo *info, sigset_t oldset, u64 fpstate)
{
	*sc = (struct sigcontext){
		.r8 = regs->r8,
		.r9 = regs->r9,
		.r10 = regs->r10,
		.r11 = regs->r11,
		.r12 = regs->r12,
		.r13 = regs->r13,
		.r14 = regs->r14,
		.r15 = regs->r15,
		.rdi = regs->rdi,
		.rsi = regs->rsi,
		.rbp = regs->rbp,
		.rbx = regs->rbx,
		.rdx = regs->rdx,
		.rax = regs->rax,
		.rcx = regs->rcx,
		.rsp = regs->rsp,
		.rip = regs->rip,
		.eflags = regs->rflags,
		.cs = (u16)regs->cs,
		.ss = (u16)regs->ss,
		.err = info->error_code,
		.trapno = info->trapno,
		.oldmask = oldset,
		.cr2 = info->trapno == X86_TRAP_PF ? (u64)info->si_addr : 0,
		.fpstate = fpstate,
	};
}

int setup_rt_frame(const struct ksignal *ksig, sigset_t oldset, struct pt_regs *regs)
{
	unsigned long sp = regs->rsp - RED_ZONE_SIZE;
	struct rt_sigframe frame;
	u64 fpstate;

	if (!(ksig->ka.sa_flags & SA_RESTORER) || (u64)ksig->ka.sa_handler >= USER_ADDR_END)
		return -EFAULT; /* x86-64 Linux refuses to deliver without a restorer too */
	if (save_fpu_frame(&sp, &fpstate))
		return -EFAULT;
	sp = ALIGN_DOWN(sp - sizeof(frame), 16) - 8; /* (sp + 8) % 16 == 0: as after a call */
	memset(&frame, 0, sizeof(frame));
	frame.pretcode = (u64)ksig->ka.sa_restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack.ss_flags = SS_DISABLE;
	save_sigcontext(&frame.uc.uc_mcontext, regs, &ksig->info, oldset, fpstate);
	frame.uc.uc_sigmask = oldset;
	memcpy(frame.info, &ksig->info, SIGINFO_USER_BYTES);
	if (copy_to_user((void __user *)sp, &frame, sizeof(frame)))
		return -EFAULT;
	fpu_registers_init();
	regs->rdi = (u64)ksig->sig;
	regs->rsi = sp + offsetof(struct rt_sigframe, info);
	regs->rdx = sp + offsetof(struct rt_sigframe, uc);
	regs->rax = 0; /* no vector registers used by a variadic call, as the ABI reads it */
	regs->rip = (u64)ksig->ka.sa_handler;
	regs->rsp = sp;
	regs->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_RF);
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	return 0;
}

/* The registers from a frame the program may have changed. 0, or -EFAULT if IRET would fault. */
static int restore_sigcontext(struct pt_regs *regs, const struct sigcontext *sc)
{
	if (sc->rip >= USER_ADDR_END || !is_canonical(sc->rsp))
		return -EFAULT;
	regs->r8 = sc->r8, regs->r9 = sc->r9, regs->r10 = sc->r10, regs->r11 = sc->r11;
	regs->r12 = sc->r12, regs->r13 = sc->r13, regs->r14 = sc->r14, regs->r15 = sc->r15;
	regs->rdi = sc->rdi, regs->rsi = sc->rsi, regs->rbp = sc->rbp, regs->rbx = sc->rbx;
	regs->rdx = sc->rdx, regs->rax = sc->rax, regs->rcx = sc->rcx, regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->cs = USER_CS; /* whatever the frame says: user mode it is */
	regs->ss = USER_DS;
	return 0;
}

/* The frame the handler returned from sits just above the restorer's %rsp. */
static int restore_rt_frame(struct pt_regs *regs, unsigned long frame_addr, sigset_t *set)
{
	struct rt_sigframe frame;

	if (copy_from_user(&frame, (const void __user *)frame_addr, sizeof(frame)))
		return -EFAULT;
	if (restore_sigcontext(regs, &frame.uc.uc_mcontext))
		return -EFAULT;
	*set = frame.uc.uc_sigmask;
	return restore_fpu_frame(frame.uc.uc_mcontext.fpstate);
}

/* Back from a handler: the interrupted state, its %rax included, and its blocked mask. */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = thread_pt_regs(&current->thread);
	unsigned long frame_addr = regs->rsp - sizeof(u64); /* the handler's ret took pretcode */
	sigset_t set;

	if (restore_rt_frame(regs, frame_addr, &set)) {
		pr_info("%s[%d]: rt_sigreturn: bad signal frame at %016lx: killed\n", current->comm,
			current->tgid, frame_addr);
		force_fatal_sig(SIGSEGV);
	}
	set_current_blocked(set);
	return (long)regs->rax; /* do_syscall_64 stores the return value in regs->rax */
}

void arch_fault_siginfo(struct kernel_siginfo *info, const struct pt_regs *regs)
{
	info->trapno = regs->vector;
	info->error_code = regs->error_code;
	switch (regs->vector) {
	case X86_TRAP_PF:
		info->si_code = regs->error_code & PF_PROT ? SEGV_ACCERR : SEGV_MAPERR;
		break;
	case X86_TRAP_DE:
		info->si_code = FPE_INTDIV;
		info->si_addr =
		    (void __user *)regs->rip; /* the faulting instruction, as in Linux */
		break;
	case X86_TRAP_UD:
		info->si_code = ILL_ILLOPN;
		info->si_addr = (void __user *)regs->rip;
		break;
	case X86_TRAP_DB:
		info->si_code = TRAP_BRKPT;
		break;
	default:
		info->si_code = SI_KERNEL; /* int3, a general protection fault: no address */
		break;
	}
}
