/* SPDX-License-Identifier: MIT */
/*
 * The rt signal frame of Linux x86-64: what a signal handler finds on its stack, and what
 * rt_sigreturn reads back. The layouts are user ABI (Linux's uapi asm/sigcontext.h and
 * asm/ucontext.h): libc and debuggers look inside, and handlers may change the saved registers.
 *
 *	higher addresses
 *	  the interrupted code's stack, then its 128-byte red zone (left alone)
 *	  the FXSAVE image of the FPU registers (512 bytes, 64-byte aligned), if the task has used
 *	  the FPU; uc.uc_mcontext.fpstate points at it (0 if there is none)
 *	  struct rt_sigframe:
 *	    info      siginfo_t, 128 bytes
 *	    uc        struct ucontext; uc_mcontext (struct sigcontext) holds the registers
 *	    pretcode  sa_restorer: where the handler's ret goes        <- %rsp at handler entry
 *	lower addresses
 *
 * At handler entry (%rsp + 8) is a multiple of 16, as right after a call; %rdi is the signal,
 * %rsi &info, %rdx &uc. The restorer calls rt_sigreturn with %rsp just above pretcode.
 */
#ifndef ASM_SIGFRAME_H
#define ASM_SIGFRAME_H

#include "kernel/proc/signal.h"
#include "lib/types.h"

/* The registers, in Linux's order (not pt_regs' order). */
struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	u64 rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno; /* the exception behind a fault signal, else 0 */
	u64 oldmask;	 /* the blocked mask to restore (uc_sigmask is what is read back) */
	u64 cr2;	 /* a page fault's address */
	u64 fpstate;	 /* user address of the FXSAVE image, 0 if none */
	u64 reserved1[8];
};

/* stack_t: the alternate signal stack. There is none: ss_flags says SS_DISABLE. */
struct sigaltstack {
	u64 ss_sp;
	int ss_flags;
	u64 ss_size;
};

struct ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct sigaltstack uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask; /* the blocked mask rt_sigreturn restores */
};

struct rt_sigframe {
	u64 pretcode;
	struct ucontext uc;
	u8 info[SIGINFO_SIZE];
};

/* The FPU image uc_mcontext.fpstate points at: FXSAVE's layout (Linux: struct _fpstate). */
struct fpstate_fx {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u8 regs[512 - 32]; /* st0-7, xmm0-15; the last 48 bytes are Linux's sw_reserved */
} __aligned(16);

struct pt_regs;

/*
 * Build ksig's frame on the user stack below regs->rsp (oldset: the blocked mask to restore)
 * and point regs at the handler. 0, or -EFAULT with regs unchanged: the action has no
 * SA_RESTORER, or the stack cannot take the frame. Task context, interrupts on.
 */
int setup_rt_frame(const struct ksignal *ksig, sigset_t oldset, struct pt_regs *regs);

/* Fill in a fault signal's si_code and trap details from the exception's saved state. */
void arch_fault_siginfo(struct kernel_siginfo *info, const struct pt_regs *regs);

#endif
