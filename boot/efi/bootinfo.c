/* SPDX-License-Identifier: MIT */
/*
 * boot_info fields from raw firmware data: the memory map, the command line file and the GOP
 * colour masks. See bootinfo.h for the contracts; nothing here calls the firmware or libc.
 */
#include "boot/efi/bootinfo.h"
#include "kernel/boot_mmap.h"

static void copy_bytes(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

uint32_t efi_mem_type_to_boot(uint32_t efi_type)
{
	switch (efi_type) {
	/* Boot services and loader memory is free once the kernel runs; the kernel reserves its
	 * own image, the modules and boot_info itself, since they all sit in loader data. */
	case EFI_MEM_CONVENTIONAL:
	case EFI_MEM_BOOT_SERVICES_CODE:
	case EFI_MEM_BOOT_SERVICES_DATA:
	case EFI_MEM_LOADER_CODE:
	case EFI_MEM_LOADER_DATA:
		return BOOT_MEM_USABLE;
	case EFI_MEM_ACPI_RECLAIM:
		return BOOT_MEM_ACPI_RECLAIM;
	case EFI_MEM_ACPI_NVS:
		return BOOT_MEM_ACPI_NVS;
	case EFI_MEM_UNUSABLE:
		return BOOT_MEM_BAD;
	default:
		/* Runtime services, MMIO, persistent, unaccepted and types newer than this code. */
		return BOOT_MEM_RESERVED;
	}
}

uint32_t efi_mmap_convert(const void *map, size_t count, size_t desc_size,
			  struct boot_mem_region *out, uint32_t cap, uint32_t *dropped)
{
	uint32_t n = 0;

	*dropped = 0;
	if (desc_size < sizeof(struct efi_mem_desc))
		return 0; /* not a map this code understands */
	for (size_t i = 0; i < count; i++) {
		struct efi_mem_desc d;
		uint64_t length;

		copy_bytes(&d, (const uint8_t *)map + i * desc_size, sizeof(d));
		/* A page count that overflows is a firmware bug: boot_mmap_insert() clips it. */
		length =
		    d.pages > UINT64_MAX >> EFI_PAGE_SHIFT ? UINT64_MAX : d.pages << EFI_PAGE_SHIFT;
		boot_mmap_insert(out, &n, cap, dropped, d.phys_start, length,
				 efi_mem_type_to_boot(d.type));
	}
	return n;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

bool cmdline_from_text(char *dst, size_t cap, const char *text, size_t len)
{
	static const char bom[] = "\xef\xbb\xbf";
	size_t i = 0, n = 0;
	bool fits = true;

	if (len >= 3 && text[0] == bom[0] && text[1] == bom[1] && text[2] == bom[2])
		i = 3;
	for (; i < len && text[i] != '\n' && text[i] != '\r' && text[i] != '\0'; i++) {
		if (n == cap - 1) {
			fits = false;
			break;
		}
		dst[n++] = text[i];
	}
	while (n > 0 && is_blank(dst[n - 1]))
		n--;
	dst[n] = '\0';
	return fits;
}

void fb_mask_to_field(uint32_t mask, uint8_t *pos, uint8_t *size)
{
	*pos = 0;
	*size = 0;
	if (mask == 0)
		return;
	while (!(mask & 1)) {
		mask >>= 1;
		(*pos)++;
	}
	for (; mask; mask >>= 1)
		*size += mask & 1;
}
