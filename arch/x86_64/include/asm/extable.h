/* SPDX-License-Identifier: MIT */
/*
 * Exception fixups: instructions that are allowed to fault. Each has an entry in the __ex_table
 * section (the faulting instruction and where to continue); when such an instruction faults, the
 * exception handler sets %rax to -EFAULT and resumes at the fixup address instead of panicking.
 * copy_from_user and friends (asm/uaccess.h) and the *_nofault helpers are built on this.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#include "lib/types.h"

struct pt_regs;

struct exception_table_entry {
	unsigned long insn;  /* address of the instruction that may fault */
	unsigned long fixup; /* where to resume; %rax holds -EFAULT there */
};

/* For inline assembly: "1: insn\n 2:\n" _ASM_EXTABLE(1b, 2b). */
#define _ASM_EXTABLE(from, to)                                                                     \
	".pushsection __ex_table, \"a\"\n\t.balign 8\n\t.quad " #from ", " #to "\n\t."             \
									       "popsection\n\t"

/* The last fault a fixup handled, for tests: vector, error code, faulting address (CR2). */
struct fixup_record {
	unsigned long vector, error_code, address;
};
extern struct fixup_record last_fixup;

/* Is ip an instruction that is allowed to fault (it has a fixup)? */
bool search_exception_tables(unsigned long ip);

/* Called by the exception handler: true if regs was redirected to a fixup. */
bool fixup_exception(struct pt_regs *regs);

/* Read or write one byte, or read a word; 0, or -EFAULT if the access faulted. */
int read_byte_nofault(const void *addr, u8 *val);
int read_ulong_nofault(const void *addr, unsigned long *val);
int write_byte_nofault(void *addr, u8 val);

/* Call fn (an int (void) function); its result, or -EFAULT if fetching its code faulted. */
int call_nofault(int (*fn)(void));

#endif
