/* SPDX-License-Identifier: MIT */
/* execve (kernel/proc/exec.c): run a new program in the calling process. */
#ifndef KERNEL_PROC_EXEC_H
#define KERNEL_PROC_EXEC_H

#include "lib/types.h"

/* What to run, with kernel copies of every string. */
struct exec_args {
	const char *filename;
	const char *const *argv;
	size_t argc;
	const char *const *envp;
	size_t envc;
};

/*
 * Replace current's program with the one in a->filename. On success the task's user registers
 * are set to start it (returning to user mode starts it). On failure nothing of the caller
 * changed: -ENOENT, -ENOTDIR, -ENAMETOOLONG (the path), -EACCES (not an executable regular
 * file), -ENOEXEC (not a static x86-64 ELF program), -E2BIG (arguments), -ENOMEM, -EEXIST (a
 * segment where the stack goes), -EBUSY (the caller has other threads). Task context.
 */
int do_execve(const struct exec_args *a);

#endif
