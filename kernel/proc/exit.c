/* SPDX-License-Identifier: MIT */
/* Ending processes: exit() and exit_group(). */
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"

/* The status wait() reports for a normal exit: the code in bits 8-15. */
#define EXIT_STATUS(code) (((code) & 0xff) << 8)

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit(EXIT_STATUS(error_code));
}

/* One thread per process for now: the group is the caller. */
SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_exit(EXIT_STATUS(error_code));
}
