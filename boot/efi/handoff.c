/* SPDX-License-Identifier: MIT */
/*
 * The firmware's memory map, and leaving the firmware: the final memory map, ExitBootServices()
 * and the jump into the kernel.
 *
 * ExitBootServices() only succeeds with the key of the current memory map, and anything that
 * allocates memory changes the map and its key, printing included. So from its first
 * GetMemoryMap() on, handoff() prints nothing, and after ExitBootServices() it calls nothing in
 * the firmware at all: the map is converted in place into boot_info, which was allocated
 * earlier, and the kernel is entered.
 */
#include <stddef.h>

#include "boot/efi/bootinfo.h"
#include "boot/efi/loader.h"

/* bootinfo.c reads descriptors through its own copy of the UEFI layout: keep the two in step. */
_Static_assert(offsetof(EFI_MEMORY_DESCRIPTOR, Type) == offsetof(struct efi_mem_desc, type),
	       "EFI_MEMORY_DESCRIPTOR.Type");
_Static_assert(offsetof(EFI_MEMORY_DESCRIPTOR, PhysicalStart) ==
		   offsetof(struct efi_mem_desc, phys_start),
	       "EFI_MEMORY_DESCRIPTOR.PhysicalStart");
_Static_assert(offsetof(EFI_MEMORY_DESCRIPTOR, NumberOfPages) ==
		   offsetof(struct efi_mem_desc, pages),
	       "EFI_MEMORY_DESCRIPTOR.NumberOfPages");
_Static_assert(sizeof(EFI_MEMORY_DESCRIPTOR) == sizeof(struct efi_mem_desc),
	       "EFI_MEMORY_DESCRIPTOR size");

/* Room for this many more descriptors than asked for: allocating the buffer can split a region. */
#define MMAP_SLACK_DESCS 16
/* ExitBootServices() attempts before giving up; a changed map key normally costs one retry. */
#define EXIT_ATTEMPTS	 8

struct mmap_buf {
	EFI_MEMORY_DESCRIPTOR *map; /* pool buffer of alloc_size bytes, or NULL */
	UINTN alloc_size;
	UINTN size;	 /* bytes of map filled by the last GetMemoryMap() */
	UINTN key;	 /* what ExitBootServices() wants */
	UINTN desc_size; /* stride between descriptors: may exceed sizeof(EFI_MEMORY_DESCRIPTOR) */
	UINT32 desc_version;
};

/*
 * Fills m with the current map, growing the buffer while the firmware says it is too small.
 * Only Memory Allocation Services are used, which remain callable after a failed
 * ExitBootServices().
 */
static EFI_STATUS mmap_get(struct mmap_buf *m)
{
	EFI_STATUS st;

	for (;;) {
		m->size = m->alloc_size;
		st = BS->GetMemoryMap(&m->size, m->map, &m->key, &m->desc_size, &m->desc_version);
		if (st != EFI_BUFFER_TOO_SMALL)
			return st;
		if (m->map)
			BS->FreePool(m->map);
		m->map = NULL;
		if (m->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
			m->desc_size = sizeof(EFI_MEMORY_DESCRIPTOR);
		m->alloc_size = m->size + MMAP_SLACK_DESCS * m->desc_size;
		st = BS->AllocatePool(EfiLoaderData, m->alloc_size, (void **)&m->map);
		if (EFI_ERROR(st))
			return st;
	}
}

static const CHAR16 *efi_type_name(UINT32 type)
{
	static const CHAR16 *const names[] = {
		L"Reserved",
		L"LoaderCode",
		L"LoaderData",
		L"BootServicesCode",
		L"BootServicesData",
		L"RuntimeServicesCode",
		L"RuntimeServicesData",
		L"ConventionalMemory",
		L"UnusableMemory",
		L"ACPIReclaimMemory",
		L"ACPIMemoryNVS",
		L"MemoryMappedIO",
		L"MemoryMappedIOPortSpace",
		L"PalCode",
		L"PersistentMemory",
		L"UnacceptedMemory",
	};

	return type < ARRAY_SIZE(names) ? names[type] : L"an unknown type";
}

void mmap_explain_range(EFI_PHYSICAL_ADDRESS start, EFI_PHYSICAL_ADDRESS end)
{
	struct mmap_buf m = { 0 };
	UINT64 covered = 0;
	bool boot_services = false;

	if (EFI_ERROR(mmap_get(&m)))
		return;
	for (UINTN off = 0; off + m.desc_size <= m.size; off += m.desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)m.map + off);
		UINT64 d_start = d->PhysicalStart;
		UINT64 d_end = d_start + (d->NumberOfPages << EFI_PAGE_SHIFT);

		if (d_start >= end || d_end <= start)
			continue;
		covered += (d_end < end ? d_end : end) - (d_start > start ? d_start : start);
		if (d->Type == EfiConventionalMemory)
			continue;
		loader_print(L"  0x%lx-0x%lx is %s\n", d_start, d_end, efi_type_name(d->Type));
		if (d->Type == EfiBootServicesCode || d->Type == EfiBootServicesData)
			boot_services = true;
	}
	if (covered < end - start)
		loader_print(L"  part of 0x%lx-0x%lx is not RAM at all\n", start, end);
	if (boot_services)
		loader_print(L"  the firmware uses boot services memory until ExitBootServices(): "
			     L"link the kernel at a physical address it leaves free\n");
	BS->FreePool(m.map);
}

/*
 * The kernel's 64-bit entry contract: long mode on the firmware's identity map, interrupts off,
 * %rdi = boot_info, %rsi = BOOT_EFI_ENTRY_MAGIC. The kernel never returns, and loads its own
 * stack, GDT and page tables first.
 */
static void __attribute__((noreturn)) jump_to_kernel(UINT64 entry, struct boot_info *bi)
{
	__asm__ volatile("cli\n\t"
			 "jmp *%0"
			 :
			 : "a"(entry), "D"((UINT64)(UINTN)bi), "S"(BOOT_EFI_ENTRY_MAGIC)
			 : "memory");
	__builtin_unreachable();
}

EFI_STATUS handoff(EFI_HANDLE image, struct boot_info *bi, UINT64 entry)
{
	struct mmap_buf m = { 0 };
	EFI_STATUS st = EFI_ABORTED;

	for (int attempt = 0; attempt < EXIT_ATTEMPTS; attempt++) {
		st = mmap_get(&m);
		if (EFI_ERROR(st))
			return st;
		st = BS->ExitBootServices(image, m.key);
		if (st == EFI_SUCCESS)
			break;
		if (st != EFI_INVALID_PARAMETER)
			return st; /* not a stale map key: retrying will not help */
	}
	if (EFI_ERROR(st))
		return st;

	/* Boot services are gone: the map in m is final, and nothing may allocate any more. */
	bi->mmap_count = efi_mmap_convert(m.map, m.size / m.desc_size, m.desc_size, bi->mmap,
					  BOOT_MMAP_MAX, &bi->mmap_dropped);
	jump_to_kernel(entry, bi);
}
