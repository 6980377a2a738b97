/* SPDX-License-Identifier: MIT */
/*
 * The parts of struct boot_info that come from the firmware itself rather than from files: who
 * loaded the kernel, the GOP framebuffer and the ACPI RSDP. All of it is gathered while boot
 * services still run, since GOP and the configuration table are boot-time interfaces.
 */
#include "boot/efi/bootinfo.h"
#include "boot/efi/loader.h"

#define ACPI_RSDP_SIGNATURE	  "RSD PTR "
#define ACPI_RSDP_REVISION_OFFSET 15 /* ACPI 6.5, table 5.3: 0 for ACPI 1.0, 2 for 2.0+ */

/* "trefoil-efi (GNU-EFI) on <firmware vendor>", the vendor name folded to ASCII. */
static void set_loader_name(struct boot_info *bi)
{
	static const char prefix[] = LOADER_NAME " (GNU-EFI) on ";
	const CHAR16 *vendor = ST->FirmwareVendor ? ST->FirmwareVendor : L"unknown firmware";
	UINTN n;

	ascii_copy(bi->loader_name, sizeof(bi->loader_name), prefix);
	for (n = sizeof(prefix) - 1; n + 1 < sizeof(bi->loader_name) && *vendor; vendor++)
		bi->loader_name[n++] = *vendor < 0x80 ? (char)*vendor : '?';
	bi->loader_name[n] = '\0';
}

EFI_STATUS boot_info_alloc(struct boot_info **out)
{
	EFI_PHYSICAL_ADDRESS addr = BELOW_4GIB_MAX;
	UINTN pages = size_to_pages(sizeof(struct boot_info));
	struct boot_info *bi;
	EFI_STATUS st;

	/* Below 4 GiB so that the kernel can reach it before it maps anything else. */
	st = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, pages, &addr);
	if (EFI_ERROR(st)) {
		loader_print(L"no memory below 4 GiB for boot_info: %r\n", st);
		return st;
	}
	bi = (struct boot_info *)(UINTN)addr;
	ZeroMem(bi, sizeof(*bi));
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->loader = BOOT_LOADER_EFI;
	set_loader_name(bi);
	*out = bi;
	return EFI_SUCCESS;
}

void boot_info_free(struct boot_info *bi)
{
	for (bi_u32 i = 0; i < bi->module_count; i++)
		BS->FreePages(bi->modules[i].phys_start,
			      size_to_pages(bi->modules[i].phys_end - bi->modules[i].phys_start));
	BS->FreePages((EFI_PHYSICAL_ADDRESS)(UINTN)bi, size_to_pages(sizeof(*bi)));
}

/* Bits per pixel for PixelBitMask: enough bytes to hold the highest bit any mask uses. */
static UINT8 mask_bpp(const EFI_PIXEL_BITMASK *m)
{
	UINT32 all = m->RedMask | m->GreenMask | m->BlueMask | m->ReservedMask;
	UINT8 bits = 0;

	for (; all; all >>= 1)
		bits++;
	return (bits + 7) & ~7;
}

/* Fill the colour layout of fb from the GOP pixel format; false if there is no linear buffer. */
static bool set_pixel_format(struct boot_framebuffer *fb,
			     const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info)
{
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor: /* bytes R, G, B, X in memory order */
		*fb = (struct boot_framebuffer){
			.bpp = 32, .red_pos = 0, .green_pos = 8, .blue_pos = 16
		};
		break;
	case PixelBlueGreenRedReserved8BitPerColor: /* bytes B, G, R, X */
		*fb = (struct boot_framebuffer){
			.bpp = 32, .red_pos = 16, .green_pos = 8, .blue_pos = 0
		};
		break;
	case PixelBitMask:
		*fb = (struct boot_framebuffer){ .bpp = mask_bpp(&info->PixelInformation) };
		fb_mask_to_field(info->PixelInformation.RedMask, &fb->red_pos, &fb->red_size);
		fb_mask_to_field(info->PixelInformation.GreenMask, &fb->green_pos, &fb->green_size);
		fb_mask_to_field(info->PixelInformation.BlueMask, &fb->blue_pos, &fb->blue_size);
		return fb->bpp != 0;
	default: /* PixelBltOnly: the screen is only reachable through Blt() */
		return false;
	}
	fb->red_size = fb->green_size = fb->blue_size = 8;
	return true;
}

void framebuffer_info(struct boot_info *bi)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
	struct boot_framebuffer *fb = &bi->fb;
	EFI_STATUS st;

	fb->type = BOOT_FB_NONE;
	st = BS->LocateProtocol(&GraphicsOutputProtocol, NULL, (void **)&gop);
	if (EFI_ERROR(st) || !gop->Mode || !gop->Mode->Info) {
		loader_print(L"no graphics output protocol: no framebuffer\n");
		return;
	}
	info = gop->Mode->Info;
	if (!set_pixel_format(fb, info) || !gop->Mode->FrameBufferBase) {
		*fb = (struct boot_framebuffer){ .type = BOOT_FB_NONE };
		loader_print(L"GOP mode has no linear framebuffer (pixel format %d)\n",
			     info->PixelFormat);
		return;
	}
	fb->type = BOOT_FB_RGB;
	fb->phys_addr = gop->Mode->FrameBufferBase;
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->pitch = info->PixelsPerScanLine * (fb->bpp / 8);
	loader_print(L"framebuffer: %dx%d, %d bpp, pitch %d, at physical 0x%lx\n", fb->width,
		     fb->height, fb->bpp, fb->pitch, fb->phys_addr);
}

/* The configuration table entry with this GUID, or NULL. */
static void *config_table(EFI_GUID *guid)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		if (CompareGuid(&ST->ConfigurationTable[i].VendorGuid, guid) == 0)
			return ST->ConfigurationTable[i].VendorTable;
	}
	return NULL;
}

void rsdp_info(struct boot_info *bi)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	UINT8 *rsdp = config_table(&acpi20);

	if (!rsdp)
		rsdp = config_table(&acpi10);
	if (!rsdp) {
		loader_print(L"no ACPI RSDP in the configuration table\n");
		return;
	}
	if (CompareMem(rsdp, ACPI_RSDP_SIGNATURE, 8) != 0) {
		loader_print(L"ACPI RSDP at 0x%lx has a bad signature: ignored\n",
			     (UINT64)(UINTN)rsdp);
		return;
	}
	bi->rsdp_phys = (UINT64)(UINTN)rsdp;
	bi->rsdp_revision = rsdp[ACPI_RSDP_REVISION_OFFSET];
	loader_print(L"ACPI RSDP at physical 0x%lx, revision %d\n", bi->rsdp_phys,
		     bi->rsdp_revision);
}
