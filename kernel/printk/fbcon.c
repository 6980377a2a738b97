/* SPDX-License-Identifier: MIT */
/*
 * The framebuffer console: draws log text with the 8x16 font into a linear framebuffer, or
 * stores characters in an EGA text buffer. When the cursor reaches the bottom it scrolls by a
 * third of the screen at once: moving every pixel of the screen per line would make a chatty
 * boot crawl under emulation.
 */
#include "kernel/printk/fbcon.h"

#include <asm/layout.h>
#include <asm/page.h>

#include "kernel/cmdline.h"
#include "kernel/printk/font.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"

#define FG_GREY		       0xaa /* each colour channel of the text, out of 0xff */
#define EGA_ATTR_GREY_ON_BLACK 0x07
#define TAB_WIDTH	       8

struct fbcon {
	u8 *base;	     /* framebuffer, through the direct map */
	u32 pitch;	     /* bytes per scan line, or per text row */
	u32 bytes_per_pixel; /* 0 in EGA text mode */
	u32 cols, rows;	     /* text cells */
	u32 col, row;	     /* cursor; protected by the printk log lock like all console state */
	u32 fg;		     /* pixel value of the text colour */
};

static struct fbcon fbcon;

static void put_pixel(u8 *p, u32 value)
{
	for (u32 i = 0; i < fbcon.bytes_per_pixel; i++)
		p[i] = value >> (8 * i);
}

static void draw_glyph(u32 col, u32 row, char c)
{
	const u8 *glyph = font_8x16[(u8)c < FONT_GLYPHS ? (u8)c : '?'];

	if (!fbcon.bytes_per_pixel) {
		u16 *cell = (u16 *)(fbcon.base + row * fbcon.pitch) + col;

		*cell = (u16)(u8)c | (EGA_ATTR_GREY_ON_BLACK << 8);
		return;
	}
	for (u32 y = 0; y < FONT_HEIGHT; y++) {
		u8 *line = fbcon.base + (row * FONT_HEIGHT + y) * fbcon.pitch +
			   col * FONT_WIDTH * fbcon.bytes_per_pixel;

		for (u32 x = 0; x < FONT_WIDTH; x++)
			put_pixel(line + x * fbcon.bytes_per_pixel,
				  glyph[y] & (0x80 >> x) ? fbcon.fg : 0);
	}
}

/* Bytes of framebuffer per text row. */
static u32 row_bytes(void)
{
	return fbcon.bytes_per_pixel ? fbcon.pitch * FONT_HEIGHT : fbcon.pitch;
}

static void clear_rows(u32 first, u32 count)
{
	if (!fbcon.bytes_per_pixel) {
		for (u32 r = first; r < first + count; r++)
			for (u32 c = 0; c < fbcon.cols; c++)
				draw_glyph(c, r, ' ');
		return;
	}
	memset(fbcon.base + first * row_bytes(), 0, (size_t)count * row_bytes());
}

static void newline(void)
{
	u32 jump = fbcon.rows > 3 ? fbcon.rows / 3 : 1;

	fbcon.col = 0;
	if (++fbcon.row < fbcon.rows)
		return;
	memmove(fbcon.base, fbcon.base + jump * row_bytes(),
		(size_t)(fbcon.rows - jump) * row_bytes());
	clear_rows(fbcon.rows - jump, jump);
	fbcon.row = fbcon.rows - jump;
}

static void fbcon_putc(char c)
{
	switch (c) {
	case '\n':
		newline();
		return;
	case '\r':
		fbcon.col = 0;
		return;
	case '\t':
		do
			fbcon_putc(' ');
		while (fbcon.col % TAB_WIDTH);
		return;
	}
	draw_glyph(fbcon.col, fbcon.row, c);
	if (++fbcon.col == fbcon.cols)
		newline();
}

static void fbcon_write(struct console *con, const char *text, size_t len)
{
	(void)con;
	for (size_t i = 0; i < len; i++)
		fbcon_putc(text[i]);
}

static struct console fbcon_console = {
	.name = "fbcon",
	.write = fbcon_write,
	.replay = true,
};

/* The text colour as a pixel: grey in every channel the framebuffer describes. */
static u32 grey_pixel(const struct boot_framebuffer *fb)
{
	u32 v = 0;

	v |= (FG_GREY >> (8 - min(fb->red_size, 8))) << fb->red_pos;
	v |= (FG_GREY >> (8 - min(fb->green_size, 8))) << fb->green_pos;
	v |= (FG_GREY >> (8 - min(fb->blue_size, 8))) << fb->blue_pos;
	return v;
}

void fbcon_init(const struct boot_framebuffer *fb)
{
	u64 size = (u64)fb->pitch * fb->height;

	if (fb->type == BOOT_FB_NONE || cmdline_has_value("fbcon", "off"))
		return;
	if (fb->phys_addr + size > EARLY_MAP_SIZE) {
		pr_warn("fbcon: framebuffer at %#llx is above the boot mapping; not used\n",
			(unsigned long long)fb->phys_addr);
		return;
	}
	if (fb->type == BOOT_FB_RGB && (fb->bpp < 16 || fb->bpp > 32 || fb->bpp % 8)) {
		pr_warn("fbcon: %u bits per pixel is not supported\n", fb->bpp);
		return;
	}
	fbcon.base = __va(fb->phys_addr);
	fbcon.pitch = fb->pitch;
	if (fb->type == BOOT_FB_RGB) {
		fbcon.bytes_per_pixel = fb->bpp / 8;
		fbcon.cols = fb->width / FONT_WIDTH;
		fbcon.rows = fb->height / FONT_HEIGHT;
		fbcon.fg = grey_pixel(fb);
	} else {
		fbcon.cols = fb->width;
		fbcon.rows = fb->height;
	}
	if (fbcon.cols == 0 || fbcon.rows == 0)
		return;
	clear_rows(0, fbcon.rows);
	register_console(&fbcon_console);
	pr_info("fbcon: %ux%u text console\n", fbcon.cols, fbcon.rows);
}
