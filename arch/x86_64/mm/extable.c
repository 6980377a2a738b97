/* SPDX-License-Identifier: MIT */
#include <asm/extable.h>
#include <asm/ptrace.h>

#include "lib/compiler.h"
#include "lib/errno.h"

#define PF_INSTR    (1 << 4) /* page fault error code: instruction fetch */
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

struct fixup_record last_fixup;

/* Set by call_nofault() while its call is in flight: a fetch fault there may be fixed up. */
static unsigned long nofault_call_target;

static void record(const struct pt_regs *regs, unsigned long address)
{
	last_fixup = (struct fixup_record){ regs->vector, regs->error_code, address };
}

/*
 * An instruction fetch from a non-executable page faults with %rip at the target itself, so
 * there is no table entry for it. If call_nofault() made the call, undo it: pop the return
 * address the call pushed, as if the function had returned -EFAULT.
 */
static bool fixup_nofault_call(struct pt_regs *regs, unsigned long address)
{
	if (regs->vector != X86_TRAP_PF || !(regs->error_code & PF_INSTR) || !nofault_call_target ||
	    regs->rip != nofault_call_target)
		return false;
	record(regs, address);
	regs->rip = *(unsigned long *)regs->rsp;
	regs->rsp += 8;
	regs->rax = (u64)-EFAULT;
	return true;
}

bool search_exception_tables(unsigned long ip)
{
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table;
	     e++)
		if (e->insn == ip)
			return true;
	return false;
}

bool fixup_exception(struct pt_regs *regs)
{
	unsigned long address = 0;

	/* Only a bad access may be fixed up, never a double fault or an invalid opcode. */
	if (regs->vector != X86_TRAP_PF && regs->vector != X86_TRAP_GP)
		return false;
	if (regs->vector == X86_TRAP_PF)
		__asm__ __volatile__("mov %%cr2, %0" : "=r"(address));
	if (fixup_nofault_call(regs, address))
		return true;
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table;
	     e++) {
		if (e->insn == regs->rip) {
			record(regs, address);
			regs->rip = e->fixup;
			regs->rax = (u64)-EFAULT;
			return true;
		}
	}
	return false;
}

int read_byte_nofault(const void *addr, u8 *val)
{
	long err = 0;
	u8 v = 0;

	__asm__ __volatile__("1:\tmovb (%[addr]), %[v]\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b)
			     : [v] "+q"(v), "+a"(err)
			     : [addr] "r"(addr)
			     : "memory");
	*val = v;
	return (int)err;
}

int read_ulong_nofault(const void *addr, unsigned long *val)
{
	long err = 0;
	unsigned long v = 0;

	__asm__ __volatile__("1:\tmovq (%[addr]), %[v]\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b)
			     : [v] "+r"(v), "+a"(err)
			     : [addr] "r"(addr)
			     : "memory");
	*val = v;
	return (int)err;
}

int write_byte_nofault(void *addr, u8 val)
{
	long err = 0;

	__asm__ __volatile__("1:\tmovb %[v], (%[addr])\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b)
			     : "+a"(err)
			     : [v] "q"(val), [addr] "r"(addr)
			     : "memory");
	return (int)err;
}

int call_nofault(int (*fn)(void))
{
	int ret;

	WRITE_ONCE(nofault_call_target, (unsigned long)fn);
	ret = fn();
	WRITE_ONCE(nofault_call_target, 0);
	return ret;
}
