/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_PRINTK_FBCON_H
#define KERNEL_PRINTK_FBCON_H

#include "kernel/boot_info.h"

/*
 * A text console on the boot framebuffer (linear RGB or EGA text mode), registered as a printk
 * console that replays the log so far. Does nothing without a framebuffer or with fbcon=off.
 */
void fbcon_init(const struct boot_framebuffer *fb);

#endif
