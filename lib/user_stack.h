/* SPDX-License-Identifier: MIT */
/*
 * user_stack: the initial stack of a new program, laid out as the x86-64 psABI ("Process
 * Initialization") and Linux's create_elf_tables() do, ready for execve() to copy to user memory.
 *
 * Pure and freestanding, like lib/elf_exec.h: the caller owns a kernel buffer that stands for the
 * top of the user stack, buf[0, size) <-> user [stack_top - size, stack_top), and this code only
 * writes into it and computes user addresses. From the top down (Linux's order):
 *
 *	stack_top - 8	8 zero bytes, an end marker (Linux leaves the same word)
 *			the strings, packed: argv[0..argc), envp[0..envc), execfn, each with its NUL
 *			16 bytes for AT_RANDOM, 16-byte aligned
 *			padding, so that sp ends up 16-byte aligned
 *			auxv: (AT_PHDR, AT_PHENT, AT_PHNUM  -- only if the phdrs are loaded)
 *			      AT_PAGESZ, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
 *			      AT_RANDOM, AT_EXECFN, AT_NULL (each a pair of u64: tag, value)
 *			NULL, envp pointers
 *			NULL, argv pointers
 *	sp		argc (u64); sp % 16 == 0, as the psABI requires at the entry point
 *
 * The strings are contiguous and in order, so [arg_start, arg_end) and [env_start, env_end) are
 * what Linux keeps in mm->arg_start... for /proc/PID/cmdline and /proc/PID/environ.
 */
#ifndef LIB_USER_STACK_H
#define LIB_USER_STACK_H

#include "lib/elf_exec.h"
#include "lib/types.h"

#define USER_STACK_RANDOM_BYTES 16 /* AT_RANDOM points at this many bytes */

/* What goes on the stack. Every pointer is a kernel pointer to a kernel copy. */
struct user_stack_args {
	const char *const *argv; /* argc strings; argv[argc] is not read */
	size_t argc;
	const char *const *envp; /* envc strings */
	size_t envc;
	const char *execfn;		 /* the path given to execve(), for AT_EXECFN */
	const u8 *random;		 /* USER_STACK_RANDOM_BYTES bytes, for AT_RANDOM */
	const struct elf_exec_info *elf; /* AT_PHDR, AT_PHENT, AT_PHNUM, AT_ENTRY */
	u64 uid, euid, gid, egid;	 /* AT_UID, AT_EUID, AT_GID, AT_EGID */
	bool secure;			 /* AT_SECURE */
};

/* Where things ended up, as user addresses. */
struct user_stack_layout {
	u64 sp;	       /* initial RSP: points at argc, 16-byte aligned */
	size_t used;   /* stack_top - sp: bytes written at the end of buf */
	u64 argv;      /* the argv pointer array (sp + 8) */
	u64 envp;      /* the envp pointer array */
	u64 auxv;      /* the first auxv pair */
	u64 arg_start; /* argv strings: [arg_start, arg_end) */
	u64 arg_end;
	u64 env_start; /* envp strings: [env_start, env_end) */
	u64 env_end;
};

/*
 * Lay out args at the end of buf[0, size), which stands for user [stack_top - size, stack_top).
 * Returns 0 and fills *out; -E2BIG if it all does not fit in size bytes (the caller chooses size
 * as its limit on argument space; Linux allows a quarter of the stack rlimit); -EINVAL if
 * stack_top is not 16-byte aligned or size > stack_top. On error buf's contents are unspecified.
 */
int user_stack_build(void *buf, size_t size, u64 stack_top, const struct user_stack_args *args,
		     struct user_stack_layout *out);

#endif
