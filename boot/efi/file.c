/* SPDX-License-Identifier: MIT */
/*
 * Files on the volume the loader itself came from: the ESP holding \EFI\BOOT\BOOTX64.EFI also
 * holds \kernel.elf, \initramfs.cpio and \cmdline.txt, so there is no path to configure.
 */
#include "boot/efi/loader.h"

EFI_STATUS volume_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS st;

	st = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st)) {
		loader_print(L"no LoadedImage protocol on our own image: %r\n", st);
		return st;
	}
	st = BS->HandleProtocol(li->DeviceHandle, &FileSystemProtocol, (void **)&fs);
	if (EFI_ERROR(st)) {
		loader_print(L"the boot device has no file system we can read: %r\n", st);
		return st;
	}
	st = fs->OpenVolume(fs, root);
	if (EFI_ERROR(st))
		loader_print(L"cannot open the boot volume: %r\n", st);
	return st;
}

/* The size of an open file, from its EFI_FILE_INFO (whose name part we give room for). */
static EFI_STATUS file_size(EFI_FILE_HANDLE f, CHAR16 *path, UINT64 *size)
{
	union {
		EFI_FILE_INFO info;
		UINT8 bytes[SIZE_OF_EFI_FILE_INFO + 256 * sizeof(CHAR16)];
	} u;
	UINTN len = sizeof(u);
	EFI_STATUS st;

	st = f->GetInfo(f, &GenericFileInfo, &len, &u);
	if (EFI_ERROR(st)) {
		loader_print(L"cannot get the size of %s: %r\n", path, st);
		return st;
	}
	if (u.info.Attribute & EFI_FILE_DIRECTORY) {
		loader_print(L"%s is a directory, not a file\n", path);
		return EFI_INVALID_PARAMETER;
	}
	*size = u.info.FileSize;
	return EFI_SUCCESS;
}

/* Read exactly size bytes: a file system may return fewer than asked for in one call. */
static EFI_STATUS file_read_exact(EFI_FILE_HANDLE f, CHAR16 *path, void *buf, UINT64 size)
{
	UINT8 *p = buf;
	EFI_STATUS st;

	while (size) {
		UINTN n = size;

		st = f->Read(f, &n, p);
		if (EFI_ERROR(st)) {
			loader_print(L"error reading %s: %r\n", path, st);
			return st;
		}
		if (n == 0) {
			loader_print(L"%s ended early\n", path);
			return EFI_END_OF_FILE;
		}
		p += n;
		size -= n;
	}
	return EFI_SUCCESS;
}

/* Open path for reading and learn its size. EFI_NOT_FOUND is the caller's to report. */
static EFI_STATUS file_open(EFI_FILE_HANDLE root, CHAR16 *path, EFI_FILE_HANDLE *f, UINT64 *size)
{
	EFI_STATUS st;

	st = root->Open(root, f, path, EFI_FILE_MODE_READ, 0);
	if (st == EFI_NOT_FOUND)
		return st;
	if (EFI_ERROR(st)) {
		loader_print(L"cannot open %s: %r\n", path, st);
		return st;
	}
	st = file_size(*f, path, size);
	if (EFI_ERROR(st))
		(*f)->Close(*f);
	return st;
}

EFI_STATUS file_read_pool(EFI_FILE_HANDLE root, CHAR16 *path, void **buf, UINTN *size)
{
	EFI_FILE_HANDLE f;
	UINT64 fsize;
	EFI_STATUS st;

	st = file_open(root, path, &f, &fsize);
	if (EFI_ERROR(st))
		return st;
	st = BS->AllocatePool(EfiLoaderData, fsize + 1, buf);
	if (EFI_ERROR(st)) {
		loader_print(L"no memory for %s (%ld bytes): %r\n", path, fsize, st);
		goto out;
	}
	st = file_read_exact(f, path, *buf, fsize);
	if (EFI_ERROR(st)) {
		BS->FreePool(*buf);
		goto out;
	}
	((UINT8 *)*buf)[fsize] = '\0';
	*size = fsize;
out:
	f->Close(f);
	return st;
}

EFI_STATUS file_read_pages_below_4g(EFI_FILE_HANDLE root, CHAR16 *path, EFI_PHYSICAL_ADDRESS *phys,
				    UINTN *size)
{
	EFI_FILE_HANDLE f;
	UINT64 fsize;
	EFI_STATUS st;

	st = file_open(root, path, &f, &fsize);
	if (EFI_ERROR(st))
		return st;
	*phys = BELOW_4GIB_MAX;
	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, size_to_pages(fsize), phys);
	if (EFI_ERROR(st)) {
		loader_print(L"no memory below 4 GiB for %s (%ld bytes): %r\n", path, fsize, st);
		goto out;
	}
	st = file_read_exact(f, path, (void *)(UINTN)*phys, fsize);
	if (EFI_ERROR(st)) {
		BS->FreePages(*phys, size_to_pages(fsize));
		goto out;
	}
	*size = fsize;
out:
	f->Close(f);
	return st;
}
