/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_MAIN_H
#define KERNEL_MAIN_H

#include "kernel/boot_info.h"
#include "lib/compiler.h"

/* The portable kernel starts here, on the boot CPU, interrupts off, with boot_info filled. */
__noreturn void kmain(struct boot_info *bi);

/* What the firmware handed over (valid from kmain() on, never changed). */
extern const struct boot_info *boot_info;

/* Print it to the log (kernel/boot_info.c). */
void boot_info_print(const struct boot_info *bi);

#endif
