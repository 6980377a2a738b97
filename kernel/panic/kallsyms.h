/* SPDX-License-Identifier: MIT */
/*
 * kallsyms: the kernel's own symbol table, so that backtraces print names instead of numbers.
 *
 * The build links the kernel twice: the first link has an empty table, scripts/gen-ksyms.py
 * turns its `nm` output into the .ksyms section, and the second link embeds it (see the
 * comment in arch/x86_64/kernel.ld for why no address moves).
 */
#ifndef KERNEL_KALLSYMS_H
#define KERNEL_KALLSYMS_H

#include "lib/types.h"

/*
 * The function containing addr: its name, and the offset of addr in it and its size. NULL if
 * addr is outside the kernel's text.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset, unsigned long *size);

/* The address of the named function, or 0. A linear search: for tests and debugging only. */
unsigned long kallsyms_lookup_name(const char *name);

/* Number of symbols in the table (0 in the first link pass). */
unsigned long kallsyms_count(void);

#endif
