/* SPDX-License-Identifier: MIT */
/*
 * boot_info: is what the firmware handed over (through GRUB or Trefoil's UEFI loader) complete
 * and consistent? The same cases run on both boot paths, so they also check that the two paths
 * agree on the shape of struct boot_info.
 */
#include <asm/layout.h>
#include <asm/page.h>

#include "kernel/boot_info.h"
#include "kernel/cmdline.h"
#include "kernel/ktest/ktest.h"
#include "kernel/main.h"

extern char _kernel_start[], _kernel_end[];

#define RSDP_V1_SIZE 20
#define RSDP_V2_SIZE 36

static void header_is_valid(struct ktest *t)
{
	KT_EXPECT_EQ(t, boot_info->magic, BOOT_INFO_MAGIC);
	KT_EXPECT_EQ(t, boot_info->version, BOOT_INFO_VERSION);
	KT_EXPECT_TRUE(t, boot_info->loader == BOOT_LOADER_MULTIBOOT2 ||
			      boot_info->loader == BOOT_LOADER_EFI);
	KT_EXPECT_GT(t, strnlen(boot_info->loader_name, BOOT_NAME_MAX), 0);
	KT_EXPECT_LT(t, strnlen(boot_info->loader_name, BOOT_NAME_MAX), BOOT_NAME_MAX);
}

/* We were started with ktest= on the command line, so the loader must have passed it on. */
static void cmdline_arrived(struct ktest *t)
{
	KT_EXPECT_NOT_NULL(t, strstr(boot_info->cmdline, "ktest="));
	KT_EXPECT_TRUE(t, cmdline_has("ktest"));
}

static void mmap_is_sorted_and_disjoint(struct ktest *t)
{
	const struct boot_mem_region *r = boot_info->mmap;

	KT_ASSERT_GT(t, boot_info->mmap_count, 0);
	KT_EXPECT_EQ(t, boot_info->mmap_dropped, 0);
	for (u32 i = 0; i < boot_info->mmap_count; i++) {
		KT_EXPECT_GT(t, r[i].length, 0);
		KT_EXPECT_TRUE(t, r[i].type >= BOOT_MEM_USABLE && r[i].type <= BOOT_MEM_BAD);
		if (i == 0)
			continue;
		KT_EXPECT_LE(t, r[i - 1].base + r[i - 1].length, r[i].base);
		/* Normalized: touching neighbours of one type would have been merged. */
		KT_EXPECT_FALSE(t, r[i - 1].base + r[i - 1].length == r[i].base &&
				       r[i - 1].type == r[i].type);
	}
}

static bool range_is_usable(phys_addr_t start, phys_addr_t end)
{
	for (u32 i = 0; i < boot_info->mmap_count; i++) {
		const struct boot_mem_region *r = &boot_info->mmap[i];

		if (r->type == BOOT_MEM_USABLE && r->base <= start && end <= r->base + r->length)
			return true;
	}
	return false;
}

/* The loader put the kernel in RAM the firmware calls usable, not on top of firmware data. */
static void kernel_image_is_in_usable_ram(struct ktest *t)
{
	phys_addr_t start = __pa(_kernel_start), end = __pa(_kernel_end);

	KT_EXPECT_EQ(t, start, KERNEL_PHYS_BASE);
	KT_EXPECT_TRUE(t, range_is_usable(start, end));
}

static void modules_are_well_formed(struct ktest *t)
{
	KT_EXPECT_LE(t, boot_info->module_count, BOOT_MODULES_MAX);
	for (u32 i = 0; i < boot_info->module_count; i++) {
		const struct boot_module *m = &boot_info->modules[i];

		KT_EXPECT_LT(t, m->phys_start, m->phys_end);
		KT_EXPECT_EQ(t, m->phys_start % PAGE_SIZE, 0);
		KT_EXPECT_TRUE(t, range_is_usable(m->phys_start, m->phys_end));
	}
}

static u8 byte_sum(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum += *p++;
	return sum;
}

/* QEMU's firmware always provides ACPI: the RSDP must be found, with valid checksums. */
static void rsdp_is_valid(struct ktest *t)
{
	const u8 *rsdp;

	KT_ASSERT_NE(t, boot_info->rsdp_phys, 0);
	KT_ASSERT_LT(t, boot_info->rsdp_phys, EARLY_MAP_SIZE);
	rsdp = __va(boot_info->rsdp_phys);
	KT_EXPECT_EQ(t, memcmp(rsdp, "RSD PTR ", 8), 0);
	KT_EXPECT_EQ(t, byte_sum(rsdp, RSDP_V1_SIZE), 0);
	if (boot_info->rsdp_revision >= 2)
		KT_EXPECT_EQ(t, byte_sum(rsdp, RSDP_V2_SIZE), 0);
}

static void framebuffer_is_consistent(struct ktest *t)
{
	const struct boot_framebuffer *fb = &boot_info->fb;

	if (fb->type == BOOT_FB_NONE)
		KT_SKIP(t, "no framebuffer on this boot");
	KT_EXPECT_NE(t, fb->phys_addr, 0);
	KT_EXPECT_GT(t, fb->width, 0);
	KT_EXPECT_GT(t, fb->height, 0);
	if (fb->type == BOOT_FB_RGB) {
		KT_EXPECT_GE(t, fb->pitch, fb->width * (fb->bpp / 8));
		KT_EXPECT_GT(t, fb->red_size, 0);
		KT_EXPECT_GT(t, fb->green_size, 0);
		KT_EXPECT_GT(t, fb->blue_size, 0);
	}
}

static const struct ktest_case boot_info_cases[] = { KTEST_CASE(header_is_valid),
						     KTEST_CASE(cmdline_arrived),
						     KTEST_CASE(mmap_is_sorted_and_disjoint),
						     KTEST_CASE(kernel_image_is_in_usable_ram),
						     KTEST_CASE(modules_are_well_formed),
						     KTEST_CASE(rsdp_is_valid),
						     KTEST_CASE(framebuffer_is_consistent),
						     {} };
KTEST_SUITE(boot_info, boot_info_cases);
