/* SPDX-License-Identifier: MIT */
#ifndef ASM_REBOOT_H
#define ASM_REBOOT_H

#include "lib/compiler.h"

/* What the machine tells the test harness as it stops (tests/qemu-boot maps it to its exit code). */
enum machine_status {
	MACHINE_STATUS_SUCCESS = 0,
	MACHINE_STATUS_FAILURE = 1,
	MACHINE_STATUS_PANIC = 2,
};

/*
 * Stop the machine with a status: under QEMU through the isa-debug-exit device, which ends QEMU
 * with exit code (status << 1) | 1. Without that device, halt.
 */
__noreturn void machine_exit(enum machine_status status);

#endif
