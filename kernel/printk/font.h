/* SPDX-License-Identifier: MIT */
/* The console font: 8x16 cells for ASCII, one byte per row, leftmost pixel in the top bit. */
#ifndef KERNEL_PRINTK_FONT_H
#define KERNEL_PRINTK_FONT_H

#include "lib/types.h"

#define FONT_WIDTH  8
#define FONT_HEIGHT 16
#define FONT_GLYPHS 128

/* Built from GRUB's ascii.pf2 at build time (scripts/gen-font.py). */
extern const u8 font_8x16[FONT_GLYPHS][FONT_HEIGHT];

#endif
