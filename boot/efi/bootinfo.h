/* SPDX-License-Identifier: MIT */
/*
 * Pure helpers that turn raw firmware data into struct boot_info fields.
 *
 * No firmware or libc dependency, so the UEFI loader and the host unit tests
 * (tests/host/test_elfcheck.c) run the same code. efi_mmap_convert() in particular runs after
 * ExitBootServices(), where nothing may allocate memory or call the firmware: it works in place,
 * in the caller's buffers.
 */
#ifndef BOOT_EFI_BOOTINFO_H
#define BOOT_EFI_BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/boot_info.h"

#define EFI_PAGE_SHIFT 12

/* EFI_MEMORY_TYPE values (UEFI 2.10, section 7.2), as they appear in the memory map. */
enum efi_mem_type {
	EFI_MEM_RESERVED = 0,
	EFI_MEM_LOADER_CODE = 1,
	EFI_MEM_LOADER_DATA = 2,
	EFI_MEM_BOOT_SERVICES_CODE = 3,
	EFI_MEM_BOOT_SERVICES_DATA = 4,
	EFI_MEM_RUNTIME_SERVICES_CODE = 5,
	EFI_MEM_RUNTIME_SERVICES_DATA = 6,
	EFI_MEM_CONVENTIONAL = 7,
	EFI_MEM_UNUSABLE = 8,
	EFI_MEM_ACPI_RECLAIM = 9,
	EFI_MEM_ACPI_NVS = 10,
	EFI_MEM_MMIO = 11,
	EFI_MEM_MMIO_PORT_SPACE = 12,
	EFI_MEM_PAL_CODE = 13,
	EFI_MEM_PERSISTENT = 14,
	EFI_MEM_UNACCEPTED = 15,
};

/*
 * The layout of EFI_MEMORY_DESCRIPTOR. The firmware's descriptors are DescriptorSize bytes apart,
 * which may be more than sizeof(struct efi_mem_desc): always step by that size.
 */
struct efi_mem_desc {
	uint32_t type; /* enum efi_mem_type */
	uint32_t pad;
	uint64_t phys_start; /* 4 KiB aligned */
	uint64_t virt_start;
	uint64_t pages; /* 4 KiB pages */
	uint64_t attribute;
};

/* The coarse boot_info type (enum boot_mem_type) for an EFI memory type. */
uint32_t efi_mem_type_to_boot(uint32_t efi_type);

/*
 * Converts count descriptors, desc_size bytes apart starting at map, into out[0, cap) with
 * boot_mmap_insert() (kernel/boot_mmap.c, shared with the multiboot2 path): sorted by base, empty
 * descriptors skipped, adjacent (or overlapping) regions of the same boot type merged. Returns how
 * many regions were written; *dropped counts the regions that did not fit (the lowest are kept).
 * Takes O(count * cap) time and no extra memory.
 */
uint32_t efi_mmap_convert(const void *map, size_t count, size_t desc_size,
			  struct boot_mem_region *out, uint32_t cap, uint32_t *dropped);

/*
 * Copies the first line of text[0, len) into dst[0, cap) as a NUL-terminated string: a leading
 * UTF-8 byte order mark is skipped, the line ends at '\n', '\r' or NUL, and trailing blanks are
 * stripped. Returns false if the line was cut to fit (dst still holds a valid string). cap > 0.
 */
bool cmdline_from_text(char *dst, size_t cap, const char *text, size_t len);

/*
 * Position of the lowest set bit of a GOP colour mask and how many bits are set, as the
 * framebuffer's *_pos and *_size. A zero mask gives 0 and 0.
 */
void fb_mask_to_field(uint32_t mask, uint8_t *pos, uint8_t *size);

#endif
