/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the UEFI loader's pure parts: the kernel ELF check (boot/efi/elfcheck.c) and the
 * boot_info builders (boot/efi/bootinfo.c: memory map conversion, command line, GOP masks).
 *
 * Each ELF case starts from one small valid image built in memory and breaks exactly one thing,
 * so a refusal with any other code than the expected one fails the case.
 */
#include <stdint.h>
#include <string.h>

#include "boot/efi/bootinfo.h"
#include "boot/efi/elfcheck.h"
#include "tests/host/hosttest.h"

#define PT_GNU_STACK 0x6474e551
#define KERNEL_VIRT  0xffffffff80000000ULL
#define TEXT_PHYS    0x1000000ULL
#define DATA_PHYS    0x1002000ULL
#define ENTRY_OFF    0x10ULL

/* The image under test, as header structs; build() lays it out in img_buf. */
static struct elf64_hdr eh;
static struct elf64_phdr ph[3]; /* PT_LOAD text, PT_GNU_STACK, PT_LOAD data + bss */
static uint8_t img_buf[1024];
static const struct elf_limits limits = { 0x100000, 0x100000000ULL };

enum { PHDR_OFF = 64, TEXT_OFF = 256, TEXT_SIZE = 0x100, DATA_OFF = 512, DATA_SIZE = 0x40 };

static void make_valid(void)
{
	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, "\177ELF", 4);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[6] = 1; /* EV_CURRENT */
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = 1;
	eh.e_entry = KERNEL_VIRT + TEXT_PHYS + ENTRY_OFF;
	eh.e_phoff = PHDR_OFF;
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(struct elf64_phdr);
	eh.e_phnum = 3;

	ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD,
				     .p_flags = 5,
				     .p_offset = TEXT_OFF,
				     .p_vaddr = KERNEL_VIRT + TEXT_PHYS,
				     .p_paddr = TEXT_PHYS,
				     .p_filesz = TEXT_SIZE,
				     .p_memsz = TEXT_SIZE,
				     .p_align = 0x1000 };
	/* Not loadable, and full of values a PT_LOAD could not have: must be ignored. */
	ph[1] = (struct elf64_phdr){ .p_type = PT_GNU_STACK,
				     .p_offset = ~0ULL,
				     .p_paddr = 0,
				     .p_filesz = ~0ULL,
				     .p_memsz = 1 };
	ph[2] = (struct elf64_phdr){ .p_type = PT_LOAD,
				     .p_flags = 6,
				     .p_offset = DATA_OFF,
				     .p_vaddr = KERNEL_VIRT + DATA_PHYS,
				     .p_paddr = DATA_PHYS,
				     .p_filesz = DATA_SIZE,
				     .p_memsz = 0x3000,
				     .p_align = 0x1000 };
}

static void build(void)
{
	memset(img_buf, 0xcc, sizeof(img_buf));
	memcpy(img_buf, &eh, sizeof(eh));
	memcpy(img_buf + PHDR_OFF, ph, sizeof(ph));
}

/* Check the current image; the whole buffer is the file unless a case says otherwise. */
static enum elf_check_err check_size(size_t size)
{
	struct elf_image img;

	build();
	return elf_check(img_buf, size, &limits, &img);
}

static enum elf_check_err check(void)
{
	return check_size(sizeof(img_buf));
}

HT_CASE(valid_image_is_accepted_with_physical_entry)
{
	struct elf_image img;

	make_valid();
	build();
	HT_EXPECT_EQ(elf_check(img_buf, sizeof(img_buf), &limits, &img), ELF_OK);
	HT_EXPECT_EQ(img.entry_phys, TEXT_PHYS + ENTRY_OFF);
	HT_EXPECT_EQ(img.nr_load, 2);
	HT_EXPECT_EQ(img.phys_start, TEXT_PHYS);
	HT_EXPECT_EQ(img.phys_end, DATA_PHYS + 0x3000);
}

HT_CASE(entry_in_second_segment_translates_through_it)
{
	struct elf_image img;

	make_valid();
	eh.e_entry = KERNEL_VIRT + DATA_PHYS + 0x2ff0; /* in the bss part, still inside p_memsz */
	build();
	HT_EXPECT_EQ(elf_check(img_buf, sizeof(img_buf), &limits, &img), ELF_OK);
	HT_EXPECT_EQ(img.entry_phys, DATA_PHYS + 0x2ff0);
}

HT_CASE(file_shorter_than_header_is_too_small)
{
	make_valid();
	HT_EXPECT_EQ(check_size(sizeof(eh) - 1), ELF_ERR_TOO_SMALL);
	HT_EXPECT_EQ(check_size(0), ELF_ERR_TOO_SMALL);
}

HT_CASE(bad_magic_is_refused)
{
	make_valid();
	eh.e_ident[3] = 'G';
	HT_EXPECT_EQ(check(), ELF_ERR_BAD_MAGIC);
}

HT_CASE(elf32_is_refused)
{
	make_valid();
	eh.e_ident[EI_CLASS] = 1; /* ELFCLASS32 */
	HT_EXPECT_EQ(check(), ELF_ERR_NOT_ELF64);
}

HT_CASE(big_endian_is_refused)
{
	make_valid();
	eh.e_ident[EI_DATA] = 2; /* ELFDATA2MSB */
	HT_EXPECT_EQ(check(), ELF_ERR_NOT_LSB);
}

HT_CASE(wrong_machine_is_refused)
{
	make_valid();
	eh.e_machine = 183; /* EM_AARCH64 */
	HT_EXPECT_EQ(check(), ELF_ERR_BAD_MACHINE);
}

HT_CASE(shared_object_is_refused)
{
	make_valid();
	eh.e_type = 3; /* ET_DYN */
	HT_EXPECT_EQ(check(), ELF_ERR_NOT_EXEC);
}

HT_CASE(wrong_phentsize_is_refused)
{
	make_valid();
	eh.e_phentsize = sizeof(struct elf64_phdr) - 4;
	HT_EXPECT_EQ(check(), ELF_ERR_BAD_PHDRS);
}

HT_CASE(phdr_table_outside_file_is_refused)
{
	make_valid();
	HT_EXPECT_EQ(check_size(PHDR_OFF + 3 * sizeof(struct elf64_phdr) - 1), ELF_ERR_BAD_PHDRS);
	eh.e_phoff = ~0ULL - 8; /* offset + size would wrap around */
	HT_EXPECT_EQ(check(), ELF_ERR_BAD_PHDRS);
}

HT_CASE(image_without_pt_load_is_refused)
{
	make_valid();
	ph[0].p_type = PT_GNU_STACK;
	ph[2].p_type = 4; /* PT_NOTE */
	HT_EXPECT_EQ(check(), ELF_ERR_NO_LOAD);
	make_valid();
	eh.e_phnum = 0;
	HT_EXPECT_EQ(check(), ELF_ERR_NO_LOAD);
}

HT_CASE(filesz_larger_than_memsz_is_refused)
{
	make_valid();
	ph[0].p_memsz = ph[0].p_filesz - 1;
	HT_EXPECT_EQ(check(), ELF_ERR_FILESZ);
}

HT_CASE(segment_past_end_of_file_is_refused)
{
	make_valid();
	HT_EXPECT_EQ(check_size(DATA_OFF + DATA_SIZE - 1), ELF_ERR_SEG_FILE);
	ph[2].p_offset = ~0ULL - 0x10; /* offset + filesz would wrap around */
	HT_EXPECT_EQ(check(), ELF_ERR_SEG_FILE);
}

HT_CASE(segment_below_1mib_is_refused)
{
	make_valid();
	ph[0].p_paddr = 0xff000;
	HT_EXPECT_EQ(check(), ELF_ERR_SEG_PHYS);
}

HT_CASE(segment_reaching_past_4gib_is_refused)
{
	make_valid();
	ph[2].p_paddr = 0x100000000ULL - 0x2000; /* ends 0x1000 above 4 GiB */
	HT_EXPECT_EQ(check(), ELF_ERR_SEG_PHYS);
	ph[2].p_paddr = 0x100000000ULL - 0x3000; /* ends exactly at 4 GiB: fine */
	HT_EXPECT_EQ(check(), ELF_OK);
}

HT_CASE(segment_wrapping_around_is_refused)
{
	make_valid();
	ph[2].p_paddr = 0xfffffffffffff000ULL;
	HT_EXPECT_EQ(check(), ELF_ERR_SEG_PHYS);
	make_valid();
	ph[2].p_memsz = ~0ULL - 0x100;
	HT_EXPECT_EQ(check(), ELF_ERR_SEG_PHYS);
}

HT_CASE(overlapping_segments_are_refused)
{
	struct elf_image img;

	make_valid();
	ph[2].p_paddr = TEXT_PHYS + TEXT_SIZE - 1; /* one shared byte */
	build();
	HT_EXPECT_EQ(elf_check(img_buf, sizeof(img_buf), &limits, &img), ELF_ERR_SEG_OVERLAP);
	HT_EXPECT_EQ(img.bad_phdr, 0);
	ph[2].p_paddr = TEXT_PHYS + TEXT_SIZE; /* touching is not overlapping */
	HT_EXPECT_EQ(check(), ELF_OK);
}

HT_CASE(entry_outside_segments_is_refused)
{
	make_valid();
	eh.e_entry = KERNEL_VIRT + TEXT_PHYS + TEXT_SIZE; /* one past the text segment */
	HT_EXPECT_EQ(check(), ELF_ERR_ENTRY);
	eh.e_entry = TEXT_PHYS + ENTRY_OFF; /* physical, not virtual */
	HT_EXPECT_EQ(check(), ELF_ERR_ENTRY);
}

HT_CASE(every_code_has_its_own_message)
{
	for (int i = 0; i < ELF_ERR_COUNT; i++) {
		HT_EXPECT(elf_check_msg(i) != NULL);
		for (int j = 0; j < i; j++)
			HT_EXPECT(strcmp(elf_check_msg(i), elf_check_msg(j)) != 0);
	}
	HT_EXPECT_STREQ(elf_check_msg(ELF_ERR_COUNT), "unknown error");
	HT_EXPECT_STREQ(elf_check_msg(ELF_ERR_BAD_MAGIC), "not an ELF file (bad magic)");
}

/* Page ranges of segments 0 and 2 of the current image, as elf_seg_new_pages() returns them. */
static void new_pages(uint64_t r[2][2])
{
	struct elf_image img;

	build();
	HT_EXPECT_EQ(elf_check(img_buf, sizeof(img_buf), &limits, &img), ELF_OK);
	elf_seg_new_pages(img_buf, 0, &r[0][0], &r[0][1]);
	elf_seg_new_pages(img_buf, 2, &r[1][0], &r[1][1]);
}

HT_CASE(segments_sharing_a_page_allocate_it_once)
{
	uint64_t r[2][2];

	make_valid();
	new_pages(r);
	HT_EXPECT_EQ(r[0][0], TEXT_PHYS);
	HT_EXPECT_EQ(r[0][1], TEXT_PHYS + 0x1000);
	HT_EXPECT_EQ(r[1][0], DATA_PHYS);
	HT_EXPECT_EQ(r[1][1], DATA_PHYS + 0x3000);

	ph[2].p_paddr = TEXT_PHYS + TEXT_SIZE; /* data starts in text's page */
	new_pages(r);
	HT_EXPECT_EQ(r[1][0], TEXT_PHYS + 0x1000);
	HT_EXPECT_EQ(r[1][1], TEXT_PHYS + 0x4000);

	ph[2].p_memsz = DATA_SIZE; /* data entirely inside text's page */
	new_pages(r);
	HT_EXPECT_EQ(r[1][0], r[1][1]);
}

HT_CASE(segment_between_two_earlier_ones_may_need_no_page)
{
	uint64_t s, e;
	struct elf_image img;

	make_valid();
	eh.e_entry = KERNEL_VIRT + TEXT_PHYS;
	/* Page 1 then page 0 are taken by earlier segments; the last one straddles both. */
	ph[0].p_paddr = TEXT_PHYS + 0x1f00;
	ph[0].p_memsz = ph[0].p_filesz = 0x80;
	ph[0].p_vaddr = KERNEL_VIRT + TEXT_PHYS;
	ph[1] = ph[0];
	ph[1].p_paddr = TEXT_PHYS;
	ph[1].p_vaddr = KERNEL_VIRT + 0x100000000ULL;
	ph[2].p_paddr = TEXT_PHYS + 0x100;
	ph[2].p_memsz = 0x1d00;
	build();
	HT_EXPECT_EQ(elf_check(img_buf, sizeof(img_buf), &limits, &img), ELF_OK);
	elf_seg_new_pages(img_buf, 1, &s, &e);
	HT_EXPECT_EQ(s, TEXT_PHYS);
	HT_EXPECT_EQ(e, TEXT_PHYS + 0x1000);
	elf_seg_new_pages(img_buf, 2, &s, &e);
	HT_EXPECT_EQ(s, e);
}

/* A descriptor as the firmware lays it out, with OVMF's 48-byte stride. */
struct fw_desc {
	struct efi_mem_desc d;
	uint64_t extension;
};

static struct fw_desc fd(uint32_t type, uint64_t base, uint64_t pages)
{
	return (struct fw_desc){ .d = { .type = type, .phys_start = base, .pages = pages },
				 .extension = 0xdeadbeef };
}

static uint32_t convert(const struct fw_desc *map, size_t n, struct boot_mem_region *out,
			uint32_t cap, uint32_t *dropped)
{
	return efi_mmap_convert(map, n, sizeof(*map), out, cap, dropped);
}

HT_CASE(efi_types_map_to_boot_types)
{
	static const uint32_t want[] = {
		[EFI_MEM_RESERVED] = BOOT_MEM_RESERVED,
		[EFI_MEM_LOADER_CODE] = BOOT_MEM_USABLE,
		[EFI_MEM_LOADER_DATA] = BOOT_MEM_USABLE,
		[EFI_MEM_BOOT_SERVICES_CODE] = BOOT_MEM_USABLE,
		[EFI_MEM_BOOT_SERVICES_DATA] = BOOT_MEM_USABLE,
		[EFI_MEM_RUNTIME_SERVICES_CODE] = BOOT_MEM_RESERVED,
		[EFI_MEM_RUNTIME_SERVICES_DATA] = BOOT_MEM_RESERVED,
		[EFI_MEM_CONVENTIONAL] = BOOT_MEM_USABLE,
		[EFI_MEM_UNUSABLE] = BOOT_MEM_BAD,
		[EFI_MEM_ACPI_RECLAIM] = BOOT_MEM_ACPI_RECLAIM,
		[EFI_MEM_ACPI_NVS] = BOOT_MEM_ACPI_NVS,
		[EFI_MEM_MMIO] = BOOT_MEM_RESERVED,
		[EFI_MEM_MMIO_PORT_SPACE] = BOOT_MEM_RESERVED,
		[EFI_MEM_PAL_CODE] = BOOT_MEM_RESERVED,
		[EFI_MEM_PERSISTENT] = BOOT_MEM_RESERVED,
		[EFI_MEM_UNACCEPTED] = BOOT_MEM_RESERVED,
	};

	for (uint32_t t = 0; t < sizeof(want) / sizeof(want[0]); t++) {
		if (efi_mem_type_to_boot(t) != want[t])
			ht_fail("EFI type %u: expected boot type %u, got %u", t, want[t],
				efi_mem_type_to_boot(t));
	}
	HT_EXPECT_EQ(efi_mem_type_to_boot(0x70000000), BOOT_MEM_RESERVED); /* OEM range */
	HT_EXPECT_EQ(efi_mem_type_to_boot(0x80000000), BOOT_MEM_RESERVED); /* OS range */
}

HT_CASE(map_is_sorted_by_base_and_skips_empty_entries)
{
	const struct fw_desc map[] = {
		fd(EFI_MEM_CONVENTIONAL, 0x100000, 16),
		fd(EFI_MEM_RESERVED, 0xfee00000, 1),
		fd(EFI_MEM_CONVENTIONAL, 0x5000, 0), /* empty: dropped silently */
		fd(EFI_MEM_ACPI_NVS, 0x0, 1),
	};
	struct boot_mem_region out[8];
	uint32_t dropped = 99, n = convert(map, 4, out, 8, &dropped);

	HT_EXPECT_EQ(n, 3);
	HT_EXPECT_EQ(dropped, 0);
	HT_EXPECT_EQ(out[0].base, 0);
	HT_EXPECT_EQ(out[0].length, 0x1000);
	HT_EXPECT_EQ(out[0].type, BOOT_MEM_ACPI_NVS);
	HT_EXPECT_EQ(out[1].base, 0x100000);
	HT_EXPECT_EQ(out[1].length, 0x10000);
	HT_EXPECT_EQ(out[1].type, BOOT_MEM_USABLE);
	HT_EXPECT_EQ(out[2].base, 0xfee00000);
	HT_EXPECT_EQ(out[2].type, BOOT_MEM_RESERVED);
}

HT_CASE(adjacent_regions_of_one_type_are_merged)
{
	const struct fw_desc map[] = {
		fd(EFI_MEM_BOOT_SERVICES_DATA, 0x3000, 2),    /* USABLE 0x3000-0x5000 */
		fd(EFI_MEM_CONVENTIONAL, 0x0, 3),	      /* USABLE 0x0-0x3000: merges */
		fd(EFI_MEM_LOADER_DATA, 0x6000, 1),	      /* gap at 0x5000: separate */
		fd(EFI_MEM_RUNTIME_SERVICES_DATA, 0x7000, 1), /* other type: separate */
		fd(EFI_MEM_MMIO, 0x8000, 2),		      /* RESERVED too: merges */
	};
	struct boot_mem_region out[8];
	uint32_t dropped, n = convert(map, 5, out, 8, &dropped);

	HT_EXPECT_EQ(n, 3);
	HT_EXPECT_EQ(out[0].base, 0);
	HT_EXPECT_EQ(out[0].length, 0x5000);
	HT_EXPECT_EQ(out[1].base, 0x6000);
	HT_EXPECT_EQ(out[1].length, 0x1000);
	HT_EXPECT_EQ(out[2].base, 0x7000);
	HT_EXPECT_EQ(out[2].length, 0x3000);
	HT_EXPECT_EQ(out[2].type, BOOT_MEM_RESERVED);
}

HT_CASE(regions_beyond_capacity_are_counted_as_dropped)
{
	const struct fw_desc map[] = {
		fd(EFI_MEM_CONVENTIONAL, 0x40000, 1), fd(EFI_MEM_CONVENTIONAL, 0x10000, 1),
		fd(EFI_MEM_RESERVED, 0x11000, 1),     fd(EFI_MEM_CONVENTIONAL, 0x30000, 1),
		fd(EFI_MEM_CONVENTIONAL, 0x31000, 1),
	};
	struct boot_mem_region out[2];
	uint32_t dropped, n = convert(map, 5, out, 2, &dropped);

	HT_EXPECT_EQ(n, 2);
	/* Counted per firmware entry: 0x40000 (pushed out), 0x30000 and 0x31000. */
	HT_EXPECT_EQ(dropped, 3);
	HT_EXPECT_EQ(out[0].base, 0x10000); /* the lowest regions are the ones kept */
	HT_EXPECT_EQ(out[1].base, 0x11000);
}

HT_CASE(full_boot_info_map_overflows_at_boot_mmap_max)
{
	static struct fw_desc map[BOOT_MMAP_MAX + 44];
	static struct boot_info bi;

	/* Alternating types in descending order: nothing merges, everything must be sorted. */
	for (size_t i = 0; i < BOOT_MMAP_MAX + 44; i++)
		map[i] = fd(i % 2 ? EFI_MEM_RESERVED : EFI_MEM_CONVENTIONAL,
			    (BOOT_MMAP_MAX + 44 - i) << 12, 1);
	bi.mmap_count = efi_mmap_convert(map, BOOT_MMAP_MAX + 44, sizeof(map[0]), bi.mmap,
					 BOOT_MMAP_MAX, &bi.mmap_dropped);
	HT_EXPECT_EQ(bi.mmap_count, BOOT_MMAP_MAX);
	HT_EXPECT_EQ(bi.mmap_dropped, 44);
	for (uint32_t i = 0; i < bi.mmap_count; i++) {
		if (bi.mmap[i].base != (uint64_t)(i + 1) << 12) {
			ht_fail("region %u: expected base %#x, got %#llx", i, (i + 1) << 12,
				(unsigned long long)bi.mmap[i].base);
			break;
		}
	}
}

HT_CASE(short_descriptor_size_gives_empty_map)
{
	const struct fw_desc map[] = { fd(EFI_MEM_CONVENTIONAL, 0, 1) };
	struct boot_mem_region out[2];
	uint32_t dropped;

	HT_EXPECT_EQ(efi_mmap_convert(map, 1, sizeof(struct efi_mem_desc) - 8, out, 2, &dropped),
		     0);
	HT_EXPECT_EQ(efi_mmap_convert(map, 1, sizeof(struct efi_mem_desc), out, 2, &dropped), 1);
}

HT_CASE(cmdline_is_first_line_without_trailing_blanks)
{
	char buf[32];
	const char crlf[] = "ktest=all  \t\r\nsecond line\n";
	const char bom[] = "\xef\xbb\xbfinit=/bin/sh\n";

	HT_EXPECT(cmdline_from_text(buf, sizeof(buf), crlf, sizeof(crlf) - 1));
	HT_EXPECT_STREQ(buf, "ktest=all");
	HT_EXPECT(cmdline_from_text(buf, sizeof(buf), bom, sizeof(bom) - 1));
	HT_EXPECT_STREQ(buf, "init=/bin/sh");
	HT_EXPECT(cmdline_from_text(buf, sizeof(buf), "no newline", 10));
	HT_EXPECT_STREQ(buf, "no newline");
	HT_EXPECT(cmdline_from_text(buf, sizeof(buf), "\n\nlater", 7));
	HT_EXPECT_STREQ(buf, "");
	HT_EXPECT(cmdline_from_text(buf, sizeof(buf), "", 0));
	HT_EXPECT_STREQ(buf, "");
}

HT_CASE(long_cmdline_is_cut_and_reported)
{
	char buf[8];

	HT_EXPECT(!cmdline_from_text(buf, sizeof(buf), "0123456789\n", 11));
	HT_EXPECT_STREQ(buf, "0123456");
	HT_EXPECT(cmdline_from_text(buf, sizeof(buf), "0123456\n", 8)); /* exactly fits */
	HT_EXPECT_STREQ(buf, "0123456");
}

HT_CASE(gop_masks_give_position_and_size)
{
	uint8_t pos, size;

	fb_mask_to_field(0x00ff0000, &pos, &size);
	HT_EXPECT_EQ(pos, 16);
	HT_EXPECT_EQ(size, 8);
	fb_mask_to_field(0x0000f800, &pos, &size); /* RGB565 red */
	HT_EXPECT_EQ(pos, 11);
	HT_EXPECT_EQ(size, 5);
	fb_mask_to_field(0xffc00000, &pos, &size); /* 10-bit colour at the top */
	HT_EXPECT_EQ(pos, 22);
	HT_EXPECT_EQ(size, 10);
	fb_mask_to_field(0, &pos, &size);
	HT_EXPECT_EQ(pos, 0);
	HT_EXPECT_EQ(size, 0);
}

HT_MAIN("efi_loader", valid_image_is_accepted_with_physical_entry,
	entry_in_second_segment_translates_through_it, file_shorter_than_header_is_too_small,
	bad_magic_is_refused, elf32_is_refused, big_endian_is_refused, wrong_machine_is_refused,
	shared_object_is_refused, wrong_phentsize_is_refused, phdr_table_outside_file_is_refused,
	image_without_pt_load_is_refused, filesz_larger_than_memsz_is_refused,
	segment_past_end_of_file_is_refused, segment_below_1mib_is_refused,
	segment_reaching_past_4gib_is_refused, segment_wrapping_around_is_refused,
	overlapping_segments_are_refused, entry_outside_segments_is_refused,
	every_code_has_its_own_message, segments_sharing_a_page_allocate_it_once,
	segment_between_two_earlier_ones_may_need_no_page, efi_types_map_to_boot_types,
	map_is_sorted_by_base_and_skips_empty_entries, adjacent_regions_of_one_type_are_merged,
	regions_beyond_capacity_are_counted_as_dropped,
	full_boot_info_map_overflows_at_boot_mmap_max, short_descriptor_size_gives_empty_map,
	cmdline_is_first_line_without_trailing_blanks, long_cmdline_is_cut_and_reported,
	gop_masks_give_position_and_size)
