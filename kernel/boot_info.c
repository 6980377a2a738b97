/* SPDX-License-Identifier: MIT */
/* Printing what the firmware handed over, so a student can see it at every boot. */
#include "kernel/boot_info.h"

#include "kernel/main.h"
#include "kernel/printk/printk.h"

const struct boot_info *boot_info;

static const char *mem_type_name(u32 type)
{
	switch (type) {
	case BOOT_MEM_USABLE:
		return "usable";
	case BOOT_MEM_RESERVED:
		return "reserved";
	case BOOT_MEM_ACPI_RECLAIM:
		return "ACPI data";
	case BOOT_MEM_ACPI_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "bad";
	default:
		return "unknown";
	}
}

static void print_mmap(const struct boot_info *bi)
{
	u64 usable = 0;

	pr_info("boot: memory map (%u regions):\n", bi->mmap_count);
	for (u32 i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];

		pr_info("  [mem 0x%016llx-0x%016llx] %s\n", (unsigned long long)r->base,
			(unsigned long long)(r->base + r->length - 1), mem_type_name(r->type));
		if (r->type == BOOT_MEM_USABLE)
			usable += r->length;
	}
	if (bi->mmap_dropped)
		pr_warn("boot: %u more regions did not fit and were dropped\n", bi->mmap_dropped);
	pr_info("boot: %llu MiB usable\n", (unsigned long long)(usable >> 20));
}

static void print_framebuffer(const struct boot_framebuffer *fb)
{
	switch (fb->type) {
	case BOOT_FB_RGB:
		pr_info("boot: framebuffer %ux%u, %u bpp, pitch %u at %#llx (R %u:%u G %u:%u B "
			"%u:%u)\n",
			fb->width, fb->height, fb->bpp, fb->pitch,
			(unsigned long long)fb->phys_addr, fb->red_pos, fb->red_size, fb->green_pos,
			fb->green_size, fb->blue_pos, fb->blue_size);
		break;
	case BOOT_FB_EGA_TEXT:
		pr_info("boot: EGA text console %ux%u at %#llx\n", fb->width, fb->height,
			(unsigned long long)fb->phys_addr);
		break;
	default:
		pr_info("boot: no framebuffer\n");
	}
}

void boot_info_print(const struct boot_info *bi)
{
	pr_info("boot: loader \"%s\" (%s)\n", bi->loader_name,
		bi->loader == BOOT_LOADER_EFI	       ? "UEFI, Trefoil's GNU-EFI loader"
		: bi->loader == BOOT_LOADER_MULTIBOOT2 ? "multiboot2"
						       : "unknown protocol");
	pr_info("boot: command line \"%s\"\n", bi->cmdline);
	print_mmap(bi);
	for (u32 i = 0; i < bi->module_count; i++)
		pr_info("boot: module %u \"%s\" at %#llx, %llu bytes\n", i, bi->modules[i].name,
			(unsigned long long)bi->modules[i].phys_start,
			(unsigned long long)(bi->modules[i].phys_end - bi->modules[i].phys_start));
	if (bi->module_count == 0)
		pr_info("boot: no modules\n");
	if (bi->rsdp_phys)
		pr_info("boot: ACPI RSDP at %#llx (revision %u)\n",
			(unsigned long long)bi->rsdp_phys, bi->rsdp_revision);
	else
		pr_info("boot: no ACPI RSDP\n");
	print_framebuffer(&bi->fb);
}
