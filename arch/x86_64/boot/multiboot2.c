/* SPDX-License-Identifier: MIT */
/*
 * Translate GRUB's multiboot2 boot information into struct boot_info. The information is a list
 * of tags, each 8-byte aligned, ending with a tag of type 0. It lives in memory the kernel will
 * later treat as free, so everything we keep is copied out here.
 */
#include <asm/page.h>

#include "kernel/boot_info.h"
#include "kernel/boot_mmap.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"
#include "multiboot2.h"

#define MB2_INFO_MAX_SIZE (1024 * 1024) /* anything larger is not a boot information block */
#define RSDP_MAX_SIZE	  36		/* ACPI 2.0+ RSDP */

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_tag_module {
	struct mb2_tag tag;
	u32 mod_start, mod_end;
	char string[];
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	u32 entry_size, entry_version;
	u8 entries[];
};

struct mb2_mmap_entry {
	u64 base, length;
	u32 type, reserved;
};

struct mb2_tag_framebuffer {
	struct mb2_tag tag;
	u64 addr;
	u32 pitch, width, height;
	u8 bpp, type;
	u16 reserved;
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size; /* type RGB only */
};

/* The ACPI tags hold a copy of the RSDP, not its address: keep the copy in the kernel image. */
static u8 rsdp_copy[RSDP_MAX_SIZE] __aligned(16);

static u32 mem_type(u32 mb2_type)
{
	switch (mb2_type) {
	case MB2_MEM_AVAILABLE:
		return BOOT_MEM_USABLE;
	case MB2_MEM_ACPI_RECLAIMABLE:
		return BOOT_MEM_ACPI_RECLAIM;
	case MB2_MEM_NVS:
		return BOOT_MEM_ACPI_NVS;
	case MB2_MEM_BADRAM:
		return BOOT_MEM_BAD;
	default:
		return BOOT_MEM_RESERVED;
	}
}

static void parse_mmap(struct boot_info *bi, const struct mb2_tag_mmap *t)
{
	if (t->entry_size < sizeof(struct mb2_mmap_entry)) {
		pr_err("multiboot2: memory map entry size %u is too small; map ignored\n",
		       t->entry_size);
		return;
	}
	for (u32 off = sizeof(*t); off + t->entry_size <= t->tag.size; off += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)((const u8 *)t + off);

		boot_mmap_add(bi, e->base, e->length, mem_type(e->type));
	}
}

static void parse_module(struct boot_info *bi, const struct mb2_tag_module *t)
{
	struct boot_module *m;

	if (bi->module_count == BOOT_MODULES_MAX) {
		pr_warn("multiboot2: more than %d modules; ignoring the rest\n", BOOT_MODULES_MAX);
		return;
	}
	m = &bi->modules[bi->module_count++];
	m->phys_start = t->mod_start;
	m->phys_end = t->mod_end;
	strscpy(m->name, t->string, sizeof(m->name));
}

static void parse_framebuffer(struct boot_info *bi, const struct mb2_tag_framebuffer *t)
{
	struct boot_framebuffer *fb = &bi->fb;

	fb->phys_addr = t->addr;
	fb->width = t->width;
	fb->height = t->height;
	fb->pitch = t->pitch;
	fb->bpp = t->bpp;
	if (t->type == MB2_FB_RGB && t->tag.size >= offsetof(typeof(*t), blue_size) + 1) {
		fb->type = BOOT_FB_RGB;
		fb->red_pos = t->red_pos;
		fb->red_size = t->red_size;
		fb->green_pos = t->green_pos;
		fb->green_size = t->green_size;
		fb->blue_pos = t->blue_pos;
		fb->blue_size = t->blue_size;
	} else if (t->type == MB2_FB_EGA_TEXT) {
		fb->type = BOOT_FB_EGA_TEXT;
	} else {
		fb->type = BOOT_FB_NONE; /* indexed colour: not supported */
	}
}

static void parse_rsdp(struct boot_info *bi, const struct mb2_tag *t)
{
	u32 len = min(t->size - (u32)sizeof(*t), (u32)RSDP_MAX_SIZE);

	/* Prefer the ACPI 2.0 copy: GRUB may give both. */
	if (t->type == MB2_TAG_ACPI_OLD && bi->rsdp_phys)
		return;
	memcpy(rsdp_copy, t + 1, len);
	bi->rsdp_phys = __pa(rsdp_copy);
	bi->rsdp_revision = t->type == MB2_TAG_ACPI_NEW ? 2 : 0;
}

static void parse_tag(struct boot_info *bi, const struct mb2_tag *t)
{
	switch (t->type) {
	case MB2_TAG_CMDLINE:
		strscpy(bi->cmdline, (const char *)(t + 1), sizeof(bi->cmdline));
		break;
	case MB2_TAG_LOADER_NAME:
		strscpy(bi->loader_name, (const char *)(t + 1), sizeof(bi->loader_name));
		break;
	case MB2_TAG_MODULE:
		parse_module(bi, (const struct mb2_tag_module *)t);
		break;
	case MB2_TAG_MMAP:
		parse_mmap(bi, (const struct mb2_tag_mmap *)t);
		break;
	case MB2_TAG_FRAMEBUFFER:
		parse_framebuffer(bi, (const struct mb2_tag_framebuffer *)t);
		break;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		parse_rsdp(bi, t);
		break;
	}
}

/* Fill bi from the boot information at physical address info_pa. */
void multiboot2_parse(struct boot_info *bi, phys_addr_t info_pa)
{
	const u8 *info = __va(info_pa);
	u32 total = *(const u32 *)info;

	bi->loader = BOOT_LOADER_MULTIBOOT2;
	strscpy(bi->loader_name, "multiboot2", sizeof(bi->loader_name));
	if (total < 16 || total > MB2_INFO_MAX_SIZE) {
		pr_err("multiboot2: boot information size %u is not plausible; ignored\n", total);
		return;
	}
	for (u32 off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *t = (const void *)(info + off);

		if (t->type == MB2_TAG_END)
			return;
		if (t->size < sizeof(*t) || off + t->size > total) {
			pr_err("multiboot2: tag %u at offset %u has bad size %u; stopping\n",
			       t->type, off, t->size);
			return;
		}
		parse_tag(bi, t);
		off += ALIGN_UP(t->size, 8);
	}
	pr_err("multiboot2: boot information has no end tag\n");
}
