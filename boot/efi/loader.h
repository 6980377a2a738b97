/* SPDX-License-Identifier: MIT */
/*
 * trefoil-efi: the GNU-EFI loader that boots the Trefoil kernel without GRUB.
 *
 * The boot story is efi_main() in main.c, read top to bottom. This header is the interface
 * between the loader's firmware-facing files; the pure, host-tested logic lives in elfcheck.h
 * and bootinfo.h.
 *
 * Every firmware call is a direct call through the protocol's function pointer: the loader is
 * built with GNU_EFI_USE_MS_ABI, so gnu-efi declares those pointers __attribute__((ms_abi)) and
 * the compiler emits the firmware's calling convention itself (no uefi_call_wrapper needed).
 */
#ifndef BOOT_EFI_LOADER_H
#define BOOT_EFI_LOADER_H

#include <efi.h>
#include <efilib.h>

#include "kernel/boot_info.h"

#ifndef HAVE_USE_MS_ABI
#error "build with -DGNU_EFI_USE_MS_ABI: this loader calls firmware functions directly"
#endif

#define LOADER_NAME "trefoil-efi"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every line the loader prints starts with its name, so it stands out in a serial log. */
#define loader_print(fmt, ...) Print(L"" LOADER_NAME ": " fmt, ##__VA_ARGS__)

#define SIZE_1MIB      0x100000ULL
#define SIZE_4GIB      0x100000000ULL
/* For AllocateMaxAddress: the highest byte an allocation below 4 GiB may use. */
#define BELOW_4GIB_MAX (SIZE_4GIB - 1)

/* Pages to allocate for size bytes: at least one, so even empty data gets an address. */
static inline UINTN size_to_pages(UINT64 size)
{
	return size ? (size + EFI_PAGE_SIZE - 1) >> EFI_PAGE_SHIFT : 1;
}

/* Copies the NUL-terminated ASCII string src into dst[0, cap), cutting it to fit. cap > 0. */
static inline void ascii_copy(char *dst, UINTN cap, const char *src)
{
	UINTN i;

	for (i = 0; i + 1 < cap && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* file.c: the files on the volume the loader was loaded from. */

/* Opens the root directory of the loader's own volume (LoadedImage->DeviceHandle). */
EFI_STATUS volume_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root);

/*
 * Reads the whole of file path into a pool buffer (EfiLoaderData), NUL-terminated one byte past
 * *size so text can be scanned safely. EFI_NOT_FOUND, silently, when the file does not exist;
 * any other failure is printed. The caller frees *buf with FreePool().
 */
EFI_STATUS file_read_pool(EFI_FILE_HANDLE root, CHAR16 *path, void **buf, UINTN *size);

/*
 * Reads the whole of file path into fresh pages below 4 GiB (EfiLoaderData), page aligned, for
 * data the kernel keeps (the initramfs). Same status rules as file_read_pool(); the caller frees
 * *phys with FreePages(*phys, size_to_pages(*size)) if it gives up.
 */
EFI_STATUS file_read_pages_below_4g(EFI_FILE_HANDLE root, CHAR16 *path, EFI_PHYSICAL_ADDRESS *phys,
				    UINTN *size);

/* load.c: the kernel image and the boot module. */

/*
 * Reads \kernel.elf, checks it with elf_check() and copies its PT_LOAD segments to their
 * physical addresses. Returns the physical entry point in *entry. On failure prints why, leaves
 * nothing allocated and returns an error.
 */
EFI_STATUS kernel_load(EFI_FILE_HANDLE root, UINT64 *entry);

/* Frees the pages kernel_load() allocated, after a later step of the boot failed. */
void kernel_unload(void);

/* Loads \initramfs.cpio, if present, as bi->modules[0]. Absent is not an error. */
EFI_STATUS initramfs_load(EFI_FILE_HANDLE root, struct boot_info *bi);

/* Sets bi->cmdline from the first line of \cmdline.txt; absent leaves it empty. */
EFI_STATUS cmdline_load(EFI_FILE_HANDLE root, struct boot_info *bi);

/* firmware.c: what the firmware itself tells the kernel. */

/* Allocates a zeroed struct boot_info below 4 GiB and fills its header and loader name. */
EFI_STATUS boot_info_alloc(struct boot_info **bi);
void boot_info_free(struct boot_info *bi);

/* Describes the GOP's current mode in bi->fb, or sets BOOT_FB_NONE if there is no framebuffer. */
void framebuffer_info(struct boot_info *bi);

/* Finds the ACPI RSDP in the configuration table (ACPI 2.0 preferred), or leaves it 0. */
void rsdp_info(struct boot_info *bi);

/* handoff.c: the memory map, and leaving the firmware. */

/* Prints which firmware memory map entries other than free RAM cover [start, end), and why. */
void mmap_explain_range(EFI_PHYSICAL_ADDRESS start, EFI_PHYSICAL_ADDRESS end);

/*
 * Takes the final memory map, exits boot services, converts the map into bi->mmap and jumps to
 * the kernel: %rdi = bi, %rsi = BOOT_EFI_ENTRY_MAGIC. Returns only if ExitBootServices() kept
 * failing; by then boot services may be partly shut down, so the caller must not print.
 */
EFI_STATUS handoff(EFI_HANDLE image, struct boot_info *bi, UINT64 entry);

#endif
