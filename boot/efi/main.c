/* SPDX-License-Identifier: MIT */
/*
 * trefoil-efi: boots the Trefoil kernel straight from UEFI, without GRUB.
 *
 * The boot story, top to bottom: open the volume we were loaded from, check and load
 * \kernel.elf, read the command line and the initramfs, describe the framebuffer and ACPI for
 * the kernel in a struct boot_info, then leave boot services and jump to the kernel's 64-bit
 * entry. Anything wrong before the jump is reported on the console and returned to the firmware
 * as an error; nothing here hangs.
 */
#include "boot/efi/loader.h"

/* How long a failure message stays on screen before the firmware takes over again. */
#define FAIL_PAUSE_SECONDS 5

/* Let a person read why the boot failed: wait a few seconds, or until a key is pressed. */
static void pause_on_failure(void)
{
	EFI_INPUT_KEY key;

	loader_print(L"returning to the firmware in %d seconds (press a key to skip)\n",
		     FAIL_PAUSE_SECONDS);
	for (int i = 0; i < FAIL_PAUSE_SECONDS * 10; i++) {
		if (ST->ConIn && ST->ConIn->ReadKeyStroke(ST->ConIn, &key) == EFI_SUCCESS)
			return;
		BS->Stall(100 * 1000); /* microseconds */
	}
}

/* Everything that reads files; on failure nothing it loaded stays allocated except bi. */
static EFI_STATUS load_from_volume(EFI_HANDLE image, struct boot_info *bi, UINT64 *entry)
{
	EFI_FILE_HANDLE root;
	EFI_STATUS st;

	st = volume_open_root(image, &root);
	if (EFI_ERROR(st))
		return st;
	st = kernel_load(root, entry);
	if (!EFI_ERROR(st))
		st = cmdline_load(root, bi);
	if (!EFI_ERROR(st))
		st = initramfs_load(root, bi);
	if (EFI_ERROR(st))
		kernel_unload(); /* a no-op if the kernel itself failed to load */
	root->Close(root);
	return st;
}

/* Called by gnu-efi's crt0 after it has applied the image's relocations. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct boot_info *bi;
	UINT64 entry;
	EFI_STATUS st;

	InitializeLib(image, systab);
	loader_print(L"Trefoil UEFI loader on %s (revision 0x%x), UEFI %d.%02d\n",
		     ST->FirmwareVendor, ST->FirmwareRevision, ST->Hdr.Revision >> 16,
		     ST->Hdr.Revision & 0xffff);

	st = boot_info_alloc(&bi);
	if (EFI_ERROR(st))
		goto fail;
	st = load_from_volume(image, bi, &entry);
	if (EFI_ERROR(st)) {
		boot_info_free(bi);
		goto fail;
	}
	framebuffer_info(bi);
	rsdp_info(bi);

	loader_print(L"boot_info at physical 0x%lx; exiting boot services, entering the kernel\n",
		     (UINT64)(UINTN)bi);
	st = handoff(image, bi, entry);
	/* Boot services may be partly shut down now: do not print, just report the failure. */
	return st;

fail:
	loader_print(L"boot failed: %r\n", st);
	pause_on_failure();
	return st;
}
