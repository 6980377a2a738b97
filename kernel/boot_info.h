/* SPDX-License-Identifier: MIT */
/*
 * struct boot_info: what the firmware handed over, in one shape for both boot paths.
 *
 * The GRUB path fills it in the kernel from the multiboot2 information (arch/x86_64/boot/
 * multiboot2.c); the UEFI path fills it in boot/efi/ before ExitBootServices and passes its
 * physical address to the kernel's 64-bit entry. Nothing after kmain() knows which path ran.
 *
 * This header is shared with the GNU-EFI loader, which has its own integer typedefs, so it uses
 * only the compiler's built-in type macros and includes nothing.
 */
#ifndef KERNEL_BOOT_INFO_H
#define KERNEL_BOOT_INFO_H

typedef __UINT8_TYPE__ bi_u8;
typedef __UINT32_TYPE__ bi_u32;
typedef __UINT64_TYPE__ bi_u64;

#define BOOT_INFO_MAGIC	  0x544f4f4246455254ULL /* the bytes "TREFBOOT" in memory order */
#define BOOT_INFO_VERSION 1

/* Passed in %rsi to the 64-bit entry by the UEFI loader, with the boot_info address in %rdi. */
#define BOOT_EFI_ENTRY_MAGIC 0x49464546455254ULL /* the bytes "TREFEFI" in memory order */

#define BOOT_CMDLINE_MAX 1024
#define BOOT_MMAP_MAX	 256
#define BOOT_MODULES_MAX 8
#define BOOT_NAME_MAX	 64

enum boot_loader {
	BOOT_LOADER_MULTIBOOT2 = 1, /* GRUB, BIOS or UEFI */
	BOOT_LOADER_EFI = 2,	    /* Trefoil's own GNU-EFI loader */
};

/* Memory types, coarse on purpose: the kernel needs to know what it may use and what to keep. */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,	   /* free RAM (includes EFI boot services and loader memory) */
	BOOT_MEM_RESERVED = 2,	   /* firmware, MMIO, runtime services: never touch */
	BOOT_MEM_ACPI_RECLAIM = 3, /* ACPI tables: usable once they have been parsed */
	BOOT_MEM_ACPI_NVS = 4,	   /* ACPI non-volatile storage: never touch */
	BOOT_MEM_BAD = 5,	   /* defective RAM */
};

struct boot_mem_region {
	bi_u64 base;
	bi_u64 length;
	bi_u32 type; /* enum boot_mem_type */
	bi_u32 reserved;
};

/* A boot module (the initramfs): physical bytes [start, end), page aligned start. */
struct boot_module {
	bi_u64 phys_start;
	bi_u64 phys_end;
	char name[BOOT_NAME_MAX]; /* NUL-terminated; GRUB: the module's command line */
};

enum boot_fb_type {
	BOOT_FB_NONE = 0,
	BOOT_FB_RGB = 1, /* linear framebuffer, direct colour */
	BOOT_FB_EGA_TEXT =
	    2, /* 80x25 text mode at 0xb8000 (GRUB under BIOS without a video mode) */
};

struct boot_framebuffer {
	bi_u64 phys_addr;
	bi_u32 width;  /* pixels, or columns in EGA text mode */
	bi_u32 height; /* pixels, or rows */
	bi_u32 pitch;  /* bytes per scan line (or per text row) */
	bi_u8 bpp;
	bi_u8 type; /* enum boot_fb_type */
	bi_u8 red_pos, red_size;
	bi_u8 green_pos, green_size;
	bi_u8 blue_pos, blue_size;
};

struct boot_info {
	bi_u64 magic;	/* BOOT_INFO_MAGIC */
	bi_u32 version; /* BOOT_INFO_VERSION */
	bi_u32 loader;	/* enum boot_loader */
	char loader_name[BOOT_NAME_MAX];
	char cmdline[BOOT_CMDLINE_MAX]; /* NUL-terminated, possibly empty */

	bi_u32 mmap_count;
	bi_u32 mmap_dropped; /* firmware entries that did not fit in mmap[] (reported at boot) */
	struct boot_mem_region
	    mmap[BOOT_MMAP_MAX]; /* sorted by base, adjacent equal types merged */

	bi_u32 module_count;
	bi_u32 reserved0;
	struct boot_module modules[BOOT_MODULES_MAX];

	bi_u64 rsdp_phys;     /* physical address of the ACPI RSDP, 0 if none was found */
	bi_u32 rsdp_revision; /* 0: ACPI 1.0 (RSDT), 2+: XSDT present */
	bi_u32 reserved1;

	struct boot_framebuffer fb;
};

#endif
