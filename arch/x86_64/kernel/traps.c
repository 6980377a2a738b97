/*
 * CPU exceptions: the IDT, and what happens when one arrives. From user mode, a page fault is
 * handed to the address space (kernel/mm/fault.c) and anything it cannot resolve becomes a
 * signal for the process. In the kernel, a fault on a user address inside a uaccess copy is
 * resolved the same way or fixed up to -EFAULT, other fixups (the *_nofault helpers, tests)
 * apply, and everything else is fatal: decoded (the faulting address and the kind of access for
 * a page fault, the selector for a protection fault) and reported through die() with the
 * registers and a symbolized backtrace.
 */
/*
 * CPU exceptions: the IDT, and what happens when one arrives in the kernel. For now every
 * exception is fatal: it is decoded (the faulting address and what kind of access for a page
 * fault, the selector for a protection fault) and reported through die() with the registers and
 * a symbolized backtrace. Fixups (uaccess, tests) and interrupts come with later subsystems.
 */
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/fpu.h>
#include <asm/irq.h>
#include <asm/syscall.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include <asm/x86.h>

#include "kernel/mm/mm.h"
#include "kernel/panic/panic.h"
#include "kernel/mm/mm_types.h"
#include "kernel/printk/printk.h"
#include "kernel/proc/signal.h"
#include "kernel/sched/sched.h"

#define NR_EXCEPTIONS  32
#define IDT_ENTRIES    256
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate (clears IF) */

/* Vector numbers (Intel SDM vol. 3, table 6-1). */
#define X86_TRAP_NMI 2
#define X86_TRAP_NM  7
#define X86_TRAP_DF  8
#define X86_TRAP_TS  10
#define X86_TRAP_NP  11
#define X86_TRAP_SS  12
#define X86_TRAP_GP  13
#define X86_TRAP_PF  14
#define X86_TRAP_MC  18

/* Page-fault error code bits. */
#define PF_PROT	 (1 << 0) /* 0: page not present, 1: protection violation */
#define PF_WRITE (1 << 1) /* the access was a write */
#define PF_USER	 (1 << 2) /* the access came from user mode */
#define PF_RSVD	 (1 << 3) /* a reserved bit was set in a paging entry */
#define PF_INSTR (1 << 4) /* instruction fetch */

/* Selector error code bits (#TS, #NP, #SS, #GP). */
#define SEL_EXT (1 << 0)
#define SEL_IDT (1 << 1)
#define SEL_TI	(1 << 2)

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

static struct idt_gate idt[IDT_ENTRIES] __aligned(16);
extern const char interrupt_stubs[];

static const char *const exception_names[NR_EXCEPTIONS] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range exceeded",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack-segment fault",
	"general protection fault",
	"page fault",
	"reserved (15)",
	"x87 floating-point error",
	"alignment check",
	"machine check",
	"SIMD floating-point exception",
	"virtualization exception",
	"control protection exception",
	"reserved (22)",
	"reserved (23)",
	"reserved (24)",
	"reserved (25)",
	"reserved (26)",
	"reserved (27)",
	"hypervisor injection exception",
	"VMM communication exception",
	"security exception",
	"reserved (31)",
};

static void set_gate(int vector, const void *handler, int ist)
{
	u64 addr = (u64)handler;

	idt[vector] = (struct idt_gate){
		.offset_low = addr & 0xffff,
		.selector = KERNEL_CS,
		.ist = ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (addr >> 16) & 0xffff,
		.offset_high = addr >> 32,
	};
}

static const struct desc_ptr idt_ptr = { .limit = sizeof(idt) - 1, .base = (u64)idt };

/* The other CPUs share the boot CPU's IDT. */
void idt_load(void)
{
	load_idt(&idt_ptr);
}

void idt_init(void)
{
	for (int v = 0; v < IDT_ENTRIES; v++)
		set_gate(v, interrupt_stubs + 16 * v, 0);
	/* These may arrive on a broken stack, or in the middle of anything: give them their own. */
	set_gate(X86_TRAP_DF, interrupt_stubs + 16 * X86_TRAP_DF, IST_DOUBLE_FAULT);
	set_gate(X86_TRAP_NMI, interrupt_stubs + 16 * X86_TRAP_NMI, IST_NMI);
	set_gate(X86_TRAP_MC, interrupt_stubs + 16 * X86_TRAP_MC, IST_MACHINE_CHECK);
	idt_load();
}

void show_regs(const struct pt_regs *r)
{
	printk(KERN_EMERG "RIP: %04llx:%016llx RFLAGS: %08llx\n", r->cs, r->rip, r->rflags);
	printk(KERN_EMERG "RSP: %04llx:%016llx\n", r->ss, r->rsp);
	printk(KERN_EMERG "RAX: %016llx RBX: %016llx RCX: %016llx\n", r->rax, r->rbx, r->rcx);
	printk(KERN_EMERG "RDX: %016llx RSI: %016llx RDI: %016llx\n", r->rdx, r->rsi, r->rdi);
	printk(KERN_EMERG "RBP: %016llx R08: %016llx R09: %016llx\n", r->rbp, r->r8, r->r9);
	printk(KERN_EMERG "R10: %016llx R11: %016llx R12: %016llx\n", r->r10, r->r11, r->r12);
	printk(KERN_EMERG "R13: %016llx R14: %016llx R15: %016llx\n", r->r13, r->r14, r->r15);
	printk(KERN_EMERG "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n", read_cr0(),
	       read_cr2(), read_cr3(), read_cr4());
}

static void describe_page_fault(const struct pt_regs *regs)
{
	u64 err = regs->error_code;

	printk(KERN_EMERG "page fault at address %016lx: %s, %s access from %s mode%s%s\n",
	       read_cr2(), err & PF_PROT ? "protection violation" : "page not present",
	       err & PF_INSTR	? "instruction fetch"
	       : err & PF_WRITE ? "write"
				: "read",
	       err & PF_USER ? "user" : "kernel", err & PF_RSVD ? ", reserved bit set" : "",
	       regs->rip == read_cr2() ? " (jumped to a bad address?)" : "");
}

static void describe_selector_error(const struct pt_regs *regs)
{
	u64 err = regs->error_code;

	if (err == 0)
		return; /* not caused by a segment selector */
	printk(KERN_EMERG "selector error code %04llx: index %llu in the %s%s\n", err, err >> 3,
	       err & SEL_IDT  ? "IDT"
	       : err & SEL_TI ? "LDT"
			      : "GDT",
	       err & SEL_EXT ? " (during delivery of an external event)" : "");
}

/*
 * A page fault on a user address, from user mode or from a uaccess copy: hand it to the address
 * space. True if it was resolved (the instruction is retried). The kernel touching user memory
 * anywhere else is a bug, and so is a fault where sleeping is not allowed.
 */
static bool do_user_addr_fault(struct pt_regs *regs, unsigned long address)
{
	struct mm_struct *mm = current ? current->mm : NULL;
	unsigned int flags = 0;
	int ret;

	if (address >= USER_ADDR_END || !mm)
		return false;
	if (!user_mode(regs) && !search_exception_tables(regs->rip))
		return false;
	if (!(regs->rflags & X86_EFLAGS_IF) || preempt_count())
		return false; /* cannot sleep for the mmap_lock here */
	if (regs->error_code & PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (regs->error_code & PF_INSTR)
		flags |= FAULT_FLAG_EXEC;
	if (user_mode(regs))
		flags |= FAULT_FLAG_USER;
	local_irq_enable();
	ret = handle_mm_fault(mm, address, flags);
	local_irq_disable();
	return ret == 0;
}

/* Signals for exceptions in user mode, by vector (0: none of these; the process is killed). */
static int user_exception_signal(u64 v)
{
	switch (v) {
	case 0:	 /* divide error */
	case 16: /* x87 error */
	case 19: /* SIMD error */
		return SIGFPE;
	case 6: /* invalid opcode */
		return SIGILL;
	case 1: /* debug */
	case 3: /* breakpoint */
		return SIGTRAP;
	default:
		return SIGSEGV;
	}
}

/* An exception in user mode that the kernel cannot resolve: the process gets the signal. */
static void user_exception(struct pt_regs *regs, unsigned long address)
{
	int sig = user_exception_signal(regs->vector);

	local_irq_enable();
	force_sig_fault(sig, address, regs);
}

static void do_exception(struct pt_regs *regs)
{
	u64 v = regs->vector;
	const char *name = v < NR_EXCEPTIONS ? exception_names[v] : "unknown vector";
	unsigned long address = v == X86_TRAP_PF ? read_cr2() : 0;

	if (v == X86_TRAP_NM && fpu_handle_first_use())
		return; /* a task's first FPU instruction: it has FPU state now */
	if (v == X86_TRAP_PF && do_user_addr_fault(regs, address))
		return;
	if (user_mode(regs) && v != X86_TRAP_NMI && v != X86_TRAP_MC && v != X86_TRAP_DF) {
		user_exception(regs, address);
		return;
	}
	if (!user_mode(regs) && fixup_exception(regs))
		return; /* an instruction that was allowed to fault */
	if (v == X86_TRAP_NMI && cpu_stop_requested())
		stop_this_cpu(regs); /* another CPU panicked: say where we were, then halt */
	switch (v) {
	case X86_TRAP_DF:
		/* A fault while pushing onto the guard page below a stack becomes a double fault. */
		if (vmalloc_guard_page(read_cr2()))
			printk(KERN_EMERG "kernel stack overflow: %016lx is the guard page below a "
					  "kernel stack (RSP %016llx)\n",
			       read_cr2(), regs->rsp);
		break;
	case X86_TRAP_PF:
		describe_page_fault(regs);
		break;
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
		describe_selector_error(regs);
		break;
	}
	die(regs, "%s (vector %llu, error code %#llx) in %s mode", name, v, regs->error_code,
	    user_mode(regs) ? "user" : "kernel");
}

/* Called from entry.S with the saved state of the interrupted code. */
void do_interrupt(struct pt_regs *regs)
{
	if (regs->vector < NR_EXCEPTIONS)
		do_exception(regs);
	else
		do_irq(regs);
	if (user_mode(regs)) {
		exit_to_user_mode(regs); /* rescheduling and signals, then back to the program */
		return;
	}
	if (regs->vector < NR_EXCEPTIONS)
		return;
	/*
	 * The preemption point of every interrupt: if it arrived in kernel code that could have
	 * been preempted (interrupts on, preempt_count 0) and a reschedule is due, switch now,
	 * before returning there.
	 */
	if (!user_mode(regs) && (regs->rflags & X86_EFLAGS_IF) && preempt_count() == 0 &&
	    need_resched())
		preempt_schedule_irq();
}
