/* SPDX-License-Identifier: MIT */
/*
 * What the loader puts in memory for the kernel: the kernel image at the physical addresses its
 * program headers ask for, the initramfs anywhere below 4 GiB, and the command line.
 */
#include "boot/efi/bootinfo.h"
#include "boot/efi/elfcheck.h"
#include "boot/efi/loader.h"

#define KERNEL_PATH    L"\\kernel.elf"
#define INITRAMFS_PATH L"\\initramfs.cpio"
#define CMDLINE_PATH   L"\\cmdline.txt"

/* More PT_LOAD segments than any sane kernel has; bounds the bookkeeping below. */
#define KERNEL_MAX_SEGMENTS 16
#define PF_X		    1 /* p_flags: executable */

/* The kernel must sit in RAM the 64-bit entry can reach through the firmware's identity map. */
static const struct elf_limits kernel_limits = { SIZE_1MIB, SIZE_4GIB };

/* Page ranges allocated for the kernel so far, so that a failure can give them all back. */
static struct {
	EFI_PHYSICAL_ADDRESS start;
	UINTN pages;
} kernel_allocs[KERNEL_MAX_SEGMENTS];
static unsigned int kernel_nr_allocs;

void kernel_unload(void)
{
	while (kernel_nr_allocs) {
		kernel_nr_allocs--;
		BS->FreePages(kernel_allocs[kernel_nr_allocs].start,
			      kernel_allocs[kernel_nr_allocs].pages);
	}
}

static bool err_is_per_segment(enum elf_check_err err)
{
	return err == ELF_ERR_FILESZ || err == ELF_ERR_SEG_FILE || err == ELF_ERR_SEG_PHYS ||
	       err == ELF_ERR_SEG_OVERLAP;
}

/* Say why elf_check() refused the kernel, with the offending program header if there is one. */
static void report_refusal(const void *buf, UINTN size, enum elf_check_err err,
			   const struct elf_image *img)
{
	struct elf64_phdr ph;

	loader_print(L"refusing \\kernel.elf (%ld bytes): %a\n", (UINT64)size, elf_check_msg(err));
	if (!err_is_per_segment(err))
		return;
	elf_read_phdr(buf, img->bad_phdr, &ph);
	loader_print(L"  program header %d: offset 0x%lx filesz 0x%lx paddr 0x%lx memsz 0x%lx\n",
		     img->bad_phdr, ph.p_offset, ph.p_filesz, ph.p_paddr, ph.p_memsz);
	if (err == ELF_ERR_SEG_PHYS)
		loader_print(L"  segments must lie in physical [0x%lx, 0x%lx)\n",
			     kernel_limits.phys_min, kernel_limits.phys_max);
}

static EFI_STATUS kernel_check(const void *buf, UINTN size, struct elf_image *img)
{
	enum elf_check_err err = elf_check(buf, size, &kernel_limits, img);

	if (err != ELF_OK) {
		report_refusal(buf, size, err, img);
		return EFI_LOAD_ERROR;
	}
	if (img->nr_load > KERNEL_MAX_SEGMENTS) {
		loader_print(L"refusing \\kernel.elf: %d PT_LOAD segments, at most %d supported\n",
			     img->nr_load, KERNEL_MAX_SEGMENTS);
		return EFI_UNSUPPORTED;
	}
	return EFI_SUCCESS;
}

/*
 * Allocate the pages PT_LOAD idx needs at exactly its physical address, then copy p_filesz bytes
 * and zero the rest up to p_memsz. Code goes in EfiLoaderCode so that firmware which maps
 * EfiLoaderData non-executable still lets us jump into it.
 */
static EFI_STATUS load_segment(const void *buf, unsigned int idx, const struct elf64_phdr *ph)
{
	EFI_MEMORY_TYPE type = ph->p_flags & PF_X ? EfiLoaderCode : EfiLoaderData;
	EFI_PHYSICAL_ADDRESS start, end;
	EFI_STATUS st;

	elf_seg_new_pages(buf, idx, &start, &end);
	if (start < end) {
		EFI_PHYSICAL_ADDRESS addr = start;
		UINTN pages = (end - start) >> EFI_PAGE_SHIFT;

		st = BS->AllocatePages(AllocateAddress, type, pages, &addr);
		if (EFI_ERROR(st)) {
			loader_print(L"cannot put kernel segment %d at 0x%lx-0x%lx: %r\n", idx,
				     start, end, st);
			mmap_explain_range(start, end);
			return st;
		}
		kernel_allocs[kernel_nr_allocs].start = start;
		kernel_allocs[kernel_nr_allocs].pages = pages;
		kernel_nr_allocs++;
		/* Gaps between segments in these pages are then zero too, not stale data. */
		ZeroMem((void *)(UINTN)start, end - start);
	}
	CopyMem((void *)(UINTN)ph->p_paddr, (const UINT8 *)buf + ph->p_offset, ph->p_filesz);
	ZeroMem((void *)(UINTN)(ph->p_paddr + ph->p_filesz), ph->p_memsz - ph->p_filesz);
	return EFI_SUCCESS;
}

static EFI_STATUS load_segments(const void *buf)
{
	struct elf64_hdr eh;
	struct elf64_phdr ph;
	EFI_STATUS st;

	elf_read_ehdr(buf, &eh);
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		elf_read_phdr(buf, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		st = load_segment(buf, i, &ph);
		if (EFI_ERROR(st)) {
			kernel_unload();
			return st;
		}
	}
	return EFI_SUCCESS;
}

EFI_STATUS kernel_load(EFI_FILE_HANDLE root, UINT64 *entry)
{
	struct elf_image img;
	void *buf;
	UINTN size;
	EFI_STATUS st;

	st = file_read_pool(root, KERNEL_PATH, &buf, &size);
	if (st == EFI_NOT_FOUND)
		loader_print(L"%s not found on the boot volume\n", KERNEL_PATH);
	if (EFI_ERROR(st))
		return st;

	st = kernel_check(buf, size, &img);
	if (!EFI_ERROR(st))
		st = load_segments(buf);
	BS->FreePool(buf);
	if (EFI_ERROR(st))
		return st;

	loader_print(L"kernel: %d PT_LOAD segments at physical 0x%lx-0x%lx, entry 0x%lx\n",
		     img.nr_load, img.phys_start, img.phys_end, img.entry_phys);
	*entry = img.entry_phys;
	return EFI_SUCCESS;
}

EFI_STATUS initramfs_load(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	struct boot_module *mod = &bi->modules[bi->module_count];
	EFI_PHYSICAL_ADDRESS phys;
	UINTN size;
	EFI_STATUS st;

	st = file_read_pages_below_4g(root, INITRAMFS_PATH, &phys, &size);
	if (st == EFI_NOT_FOUND) {
		loader_print(L"no %s found: booting without an initramfs\n", INITRAMFS_PATH);
		return EFI_SUCCESS;
	}
	if (EFI_ERROR(st))
		return st;

	mod->phys_start = phys;
	mod->phys_end = phys + size;
	ascii_copy(mod->name, sizeof(mod->name), "initramfs");
	bi->module_count++;
	loader_print(L"initramfs: %ld bytes at physical 0x%lx\n", (UINT64)size, phys);
	return EFI_SUCCESS;
}

EFI_STATUS cmdline_load(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	void *text;
	UINTN size;
	EFI_STATUS st;

	st = file_read_pool(root, CMDLINE_PATH, &text, &size);
	if (st == EFI_NOT_FOUND) {
		loader_print(L"no %s found: empty command line\n", CMDLINE_PATH);
		return EFI_SUCCESS;
	}
	if (EFI_ERROR(st))
		return st;

	if (!cmdline_from_text(bi->cmdline, sizeof(bi->cmdline), text, size))
		loader_print(L"warning: command line cut to %d bytes\n", BOOT_CMDLINE_MAX - 1);
	BS->FreePool(text);
	loader_print(L"command line: \"%a\"\n", bi->cmdline);
	return EFI_SUCCESS;
}
