/* SPDX-License-Identifier: MIT */
/*
 * The kernel page tables and the page-table API. Faults are provoked on purpose through the
 * *_nofault helpers (asm/extable.h): the exception handler fixes them up, and the test reads the
 * error code the CPU reported.
 */
#include <asm/cpufeature.h>
#include <asm/extable.h>
#include <asm/pgtable.h>
#include <asm/x86.h>

#include "kernel/ktest/ktest.h"
#include "kernel/main.h"
#include "kernel/mm/mm.h"
#include "lib/errno.h"

#define PF_PROT	    (1 << 0)
#define PF_WRITE    (1 << 1)
#define PF_INSTR    (1 << 4)
#define X86_TRAP_PF 14
/* A 2 MiB window at the top of the vmalloc area, which vmalloc (first fit) never reaches. */
#define TEST_VA	    (VMALLOC_END - PMD_SIZE)

extern char _text[], _rodata[];

static const u8 ret_zero_code[] = { 0x31, 0xc0, 0xc3 }; /* xor %eax, %eax; ret */

static void expect_page_fault(struct ktest *t, unsigned long addr, unsigned long must_have)
{
	KT_EXPECT_EQ(t, last_fixup.vector, X86_TRAP_PF);
	KT_EXPECT_EQ(t, last_fixup.address, addr);
	KT_EXPECT_EQ(t, last_fixup.error_code & must_have, must_have);
}

static void map_read_back_and_unmap(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u8 *direct, val = 0;

	KT_ASSERT_NOT_NULL(t, page);
	direct = page_address(page);
	direct[100] = 0x5a;
	KT_ASSERT_EQ(t, map_pages(kernel_pgd, TEST_VA, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL),
		     0);
	KT_EXPECT_EQ(t, virt_to_phys_walk(kernel_pgd, TEST_VA + 100), page_to_phys(page) + 100);
	KT_EXPECT_EQ(t, ((u8 *)TEST_VA)[100], 0x5a); /* read through the new mapping */
	((u8 *)TEST_VA)[200] = 0xa5;		     /* write through it ... */
	KT_EXPECT_EQ(t, direct[200], 0xa5);	     /* ... and see it in the direct map */
	KT_EXPECT_EQ(t, map_pages(kernel_pgd, TEST_VA, 0, PAGE_SIZE, PAGE_KERNEL), -EEXIST);
	unmap_pages(kernel_pgd, TEST_VA, PAGE_SIZE);
	KT_EXPECT_NULL(t, lookup_pte(kernel_pgd, TEST_VA, NULL));
	KT_EXPECT_EQ(t, read_byte_nofault((void *)TEST_VA, &val), -EFAULT);
	expect_page_fault(t, TEST_VA, 0);
	__free_pages(page, 0);
}

/* Unmapping frees the tables a mapping needed, so a map/unmap cycle costs no memory. */
static void unmap_frees_empty_tables(struct ktest *t)
{
	unsigned long before;

	/* The first mapping here may create the shared level-3 table, which stays: warm up. */
	KT_ASSERT_EQ(t, map_pages(kernel_pgd, TEST_VA, 0, PAGE_SIZE, PAGE_KERNEL_RO), 0);
	unmap_pages(kernel_pgd, TEST_VA, PAGE_SIZE);
	before = nr_free_pages();
	KT_ASSERT_EQ(t, map_pages(kernel_pgd, TEST_VA, 0, 4 * PAGE_SIZE, PAGE_KERNEL_RO), 0);
	KT_EXPECT_EQ(t, nr_free_pages(), before - 2); /* a level-2 and a level-1 table */
	unmap_pages(kernel_pgd, TEST_VA, 4 * PAGE_SIZE);
	KT_EXPECT_EQ(t, nr_free_pages(), before);
}

static void write_to_read_only_faults(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	KT_ASSERT_NOT_NULL(t, page);
	KT_ASSERT_EQ(
	    t, map_pages(kernel_pgd, TEST_VA, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL_RO), 0);
	KT_EXPECT_EQ(t, write_byte_nofault((void *)TEST_VA, 1), -EFAULT);
	expect_page_fault(t, TEST_VA, PF_PROT | PF_WRITE);
	KT_EXPECT_EQ(t, *(u8 *)page_address(page), 0); /* the write did not happen */
	/* protect_pages makes it writable. */
	KT_EXPECT_EQ(t, protect_pages(kernel_pgd, TEST_VA, PAGE_SIZE, PAGE_KERNEL), 0);
	KT_EXPECT_EQ(t, write_byte_nofault((void *)TEST_VA, 7), 0);
	KT_EXPECT_EQ(t, *(u8 *)page_address(page), 7);
	unmap_pages(kernel_pgd, TEST_VA, PAGE_SIZE);
	__free_pages(page, 0);
}

static void execute_from_nx_faults(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	int (*fn)(void) = (int (*)(void))TEST_VA;

	if (!cpu_protections.nx)
		KT_SKIP(t, "this CPU has no NX bit");
	KT_ASSERT_NOT_NULL(t, page);
	memcpy(page_address(page), ret_zero_code, sizeof(ret_zero_code));
	KT_ASSERT_EQ(t, map_pages(kernel_pgd, TEST_VA, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL),
		     0);
	KT_EXPECT_EQ(t, call_nofault(fn), -EFAULT);
	expect_page_fault(t, TEST_VA, PF_PROT | PF_INSTR);
	KT_EXPECT_EQ(t, protect_pages(kernel_pgd, TEST_VA, PAGE_SIZE, PAGE_KERNEL_RX), 0);
	KT_EXPECT_EQ(t, call_nofault(fn), 0); /* executable now: it runs and returns 0 */
	/* The direct map is never executable. */
	KT_EXPECT_EQ(t, call_nofault((int (*)(void))page_address(page)), -EFAULT);
	unmap_pages(kernel_pgd, TEST_VA, PAGE_SIZE);
	__free_pages(page, 0);
}

/* text RX, rodata R, data RW: a write to code or constants faults, since CR0.WP is on. */
static void kernel_image_has_section_permissions(struct ktest *t)
{
	static int data_word;
	int level;
	pte_t *text = lookup_pte(kernel_pgd, (unsigned long)_text, &level);
	pte_t *ro = lookup_pte(kernel_pgd, (unsigned long)_rodata, NULL);
	pte_t *data = lookup_pte(kernel_pgd, (unsigned long)&data_word, NULL);

	KT_ASSERT_NOT_NULL(t, text);
	KT_ASSERT_NOT_NULL(t, ro);
	KT_ASSERT_NOT_NULL(t, data);
	KT_EXPECT_EQ(t, level, 1);
	KT_EXPECT_EQ(t, *text & (PTE_WRITE | PTE_NX), 0);
	KT_EXPECT_EQ(t, *ro & PTE_WRITE, 0);
	KT_EXPECT_EQ(t, *ro & PTE_NX, PTE_NX & supported_pte_mask);
	KT_EXPECT_EQ(t, *data & (PTE_WRITE | PTE_NX), (PTE_WRITE | PTE_NX) & supported_pte_mask);
	KT_EXPECT_EQ(t, write_byte_nofault(_text, 0x90), -EFAULT);
	KT_EXPECT_EQ(t, write_byte_nofault(_rodata, 0), -EFAULT);
	KT_EXPECT_EQ(t, write_byte_nofault(&data_word, 1), 0);
}

/* Nothing is mapped at low addresses any more: a stray pointer to page 1 faults. */
static void low_memory_is_not_mapped(struct ktest *t)
{
	u8 val;

	KT_EXPECT_EQ(t, read_byte_nofault((void *)0x1000, &val), -EFAULT);
	KT_EXPECT_EQ(t, read_byte_nofault((void *)(unsigned long)__pa(_text), &val), -EFAULT);
}

static void direct_map_covers_ram_with_large_pages(struct ktest *t)
{
	for (u32 i = 0; i < boot_info->mmap_count; i++) {
		const struct boot_mem_region *r = &boot_info->mmap[i];
		phys_addr_t last = ALIGN_DOWN(r->base + r->length - 1, PAGE_SIZE);
		int level = 0;

		if (r->type != BOOT_MEM_USABLE)
			continue;
		KT_EXPECT_EQ(t, virt_to_phys_walk(kernel_pgd, PAGE_OFFSET + r->base), r->base);
		KT_EXPECT_EQ(t, virt_to_phys_walk(kernel_pgd, PAGE_OFFSET + last), last);
		lookup_pte(kernel_pgd, PAGE_OFFSET + last, &level);
		KT_EXPECT_GE(t, level, 2); /* 2 MiB or 1 GiB pages, never 4 KiB */
	}
}

static void cpu_protections_are_on(struct ktest *t)
{
	KT_EXPECT_TRUE(t, read_cr0() & X86_CR0_WP);
	KT_EXPECT_EQ(t, !!(rdmsr(MSR_EFER) & EFER_NXE), cpu_protections.nx);
	KT_EXPECT_EQ(t, !!(read_cr4() & X86_CR4_SMEP), cpu_protections.smep);
	KT_EXPECT_EQ(t, !!(read_cr4() & X86_CR4_SMAP), cpu_protections.smap);
}

static const struct ktest_case paging_cases[] = { KTEST_CASE(map_read_back_and_unmap),
						  KTEST_CASE(unmap_frees_empty_tables),
						  KTEST_CASE(write_to_read_only_faults),
						  KTEST_CASE(execute_from_nx_faults),
						  KTEST_CASE(kernel_image_has_section_permissions),
						  KTEST_CASE(low_memory_is_not_mapped),
						  KTEST_CASE(
						      direct_map_covers_ram_with_large_pages),
						  KTEST_CASE(cpu_protections_are_on),
						  {} };
KTEST_SUITE(paging, paging_cases);
