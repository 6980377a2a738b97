/* SPDX-License-Identifier: MIT */
/*
 * Touching user memory from the kernel, as in Linux. Every pointer that comes from user space
 * is checked to lie in the user half (access_ok), and every access goes through an instruction
 * with an exception-table entry: an unmapped or forbidden address then makes the copy stop and
 * report, instead of faulting the kernel. With SMAP the CPU refuses kernel accesses to user
 * pages outright; these functions open that door (stac) only for the copy itself (clac).
 *
 * A page fault on a user address during a copy is first handed to the address space (it may be
 * a page that has simply not been touched yet); only if that fails does the copy report -EFAULT.
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#include <asm/mmu_context.h>

#include "lib/errno.h"
#include "lib/types.h"

#ifndef __user
#define __user
#endif

/* Is [addr, addr + size) entirely in the user half? (No wrap-around.) */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= USER_ADDR_END && a <= USER_ADDR_END - size;
}

/* Copy n bytes; return how many could NOT be copied (0 on success), as Linux does. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
/* Zero n bytes of user memory; the bytes not cleared. */
unsigned long clear_user(void __user *to, unsigned long n);

/*
 * Copy a NUL-terminated string of at most count bytes (NUL included) into dst. Returns its
 * length (without the NUL), count if no NUL was found within count bytes (dst is then not
 * terminated), or -EFAULT.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

#define get_user(x, ptr) (copy_from_user(&(x), (ptr), sizeof(*(ptr))) ? -EFAULT : 0)
#define put_user(x, ptr)                                                                           \
	({                                                                                         \
		__typeof__(*(ptr)) __v = (x);                                                      \
		copy_to_user((ptr), &__v, sizeof(__v)) ? -EFAULT : 0;                              \
	})

#endif
