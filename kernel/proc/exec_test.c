/* SPDX-License-Identifier: MIT */
/*
 * execve's refusals, from inside the kernel: files that are not programs Trefoil can run are
 * refused before the point of no return, and the caller (here the ktest runner, a kernel thread)
 * comes out exactly as it went in: no address space, same name, nothing leaked. The files are
 * made in /ktest-exec of the root ramfs.
 */
#include "kernel/fs/ramfs.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm_types.h"
#include "kernel/mm/slab.h"
#include "kernel/proc/exec.h"
#include "kernel/sched/sched.h"
#include "lib/elf.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define LOAD_ADDR 0x400000ul
#define IMAGE_SIZE 4096

/* A minimal valid static executable: one PT_LOAD (R+X) of the whole page, entry inside it. */
static void build_elf(u8 *image)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + sizeof(*eh));

	memset(image, 0, IMAGE_SIZE);
	eh->e_ident[EI_MAG0] = ELFMAG0;
	eh->e_ident[EI_MAG1] = ELFMAG1;
	eh->e_ident[EI_MAG2] = ELFMAG2;
	eh->e_ident[EI_MAG3] = ELFMAG3;
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = LOAD_ADDR + 0x100;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_offset = 0;
	ph->p_vaddr = ph->p_paddr = LOAD_ADDR;
	ph->p_filesz = ph->p_memsz = IMAGE_SIZE;
	ph->p_align = 4096;
}

static struct ramfs_inode *test_dir(struct ktest *t)
{
	struct ramfs_inode *dir;

	if (ramfs_lookup(ramfs_root(), "/ktest-exec", &dir) == 0)
		return dir;
	dir = ramfs_mkdir(ramfs_root(), "ktest-exec", 0755);
	KT_ASSERT_FALSE(t, IS_ERR(dir));
	return dir;
}

/* Put image in /ktest-exec/name and execve it; the result. The caller must come out intact. */
static int exec_file(struct ktest *t, const char *name, const u8 *image, size_t size, umode_t mode)
{
	char path[64] = "/ktest-exec/", comm[TASK_COMM_LEN];
	const char *argv[] = { path };
	struct exec_args args = { .filename = path, .argv = argv, .argc = 1 };
	struct ramfs_inode *dir = test_dir(t), *file;
	unsigned long vmas = nr_vm_areas(), pgds = pgd_count();
	int err;

	strscpy(path + strlen(path), name, sizeof(path) - strlen(path));
	file = ramfs_create_file(dir, name, image, size, mode);
	ramfs_put(dir);
	KT_ASSERT_FALSE(t, IS_ERR(file));
	ramfs_put(file);
	strscpy(comm, current->comm, sizeof(comm));
	err = do_execve(&args);
	KT_EXPECT_NULL(t, current->mm); /* still a kernel thread */
	KT_EXPECT_STREQ(t, current->comm, comm);
	KT_EXPECT_TRUE(t, current->flags & PF_KTHREAD);
	KT_EXPECT_EQ(t, nr_vm_areas(), vmas); /* the half-built address space was torn down */
	KT_EXPECT_EQ(t, pgd_count(), pgds);
	return err;
}

static u8 *image_or_skip(struct ktest *t)
{
	u8 *image = kmalloc(IMAGE_SIZE, GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, image);
	build_elf(image);
	return image;
}

static void truncated_elf_is_enoexec(struct ktest *t)
{
	u8 *image = image_or_skip(t);

	KT_EXPECT_EQ(t, exec_file(t, "truncated", image, 40, 0755), -ENOEXEC);
	kfree(image);
}

static void wrong_machine_is_enoexec(struct ktest *t)
{
	u8 *image = image_or_skip(t);

	((Elf64_Ehdr *)image)->e_machine = 3; /* EM_386 */
	KT_EXPECT_EQ(t, exec_file(t, "i386", image, IMAGE_SIZE, 0755), -ENOEXEC);
	kfree(image);
}

static void dynamic_program_is_enoexec(struct ktest *t)
{
	u8 *image = image_or_skip(t);

	((Elf64_Phdr *)(image + sizeof(Elf64_Ehdr)))->p_type = PT_INTERP;
	KT_EXPECT_EQ(t, exec_file(t, "dynamic", image, IMAGE_SIZE, 0755), -ENOEXEC);
	kfree(image);
}

static void entry_outside_the_code_is_enoexec(struct ktest *t)
{
	u8 *image = image_or_skip(t);

	((Elf64_Ehdr *)image)->e_entry = LOAD_ADDR + 2 * IMAGE_SIZE;
	KT_EXPECT_EQ(t, exec_file(t, "bad-entry", image, IMAGE_SIZE, 0755), -ENOEXEC);
	kfree(image);
}

/* A valid program segment placed where the stack goes: refused while building (-EEXIST). */
static void segment_over_the_stack_is_refused(struct ktest *t)
{
	u8 *image = image_or_skip(t);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + sizeof(*eh));

	ph->p_vaddr = ph->p_paddr = STACK_TOP - PAGE_SIZE;
	eh->e_entry = ph->p_vaddr + 0x100;
	KT_EXPECT_EQ(t, exec_file(t, "over-stack", image, IMAGE_SIZE, 0755), -EEXIST);
	kfree(image);
}

static void file_without_execute_permission_is_eacces(struct ktest *t)
{
	u8 *image = image_or_skip(t);

	KT_EXPECT_EQ(t, exec_file(t, "not-executable", image, IMAGE_SIZE, 0644), -EACCES);
	kfree(image);
}

static void missing_file_is_enoent(struct ktest *t)
{
	const char *argv[] = { "/ktest-exec/missing" };
	struct exec_args args = { .filename = argv[0], .argv = argv, .argc = 1 };

	KT_EXPECT_EQ(t, do_execve(&args), -ENOENT);
	KT_EXPECT_NULL(t, current->mm);
}

static const struct ktest_case exec_cases[] = {
	KTEST_CASE(truncated_elf_is_enoexec),
	KTEST_CASE(wrong_machine_is_enoexec),
	KTEST_CASE(dynamic_program_is_enoexec),
	KTEST_CASE(entry_outside_the_code_is_enoexec),
	KTEST_CASE(segment_over_the_stack_is_refused),
	KTEST_CASE(file_without_execute_permission_is_eacces),
	KTEST_CASE(missing_file_is_enoent),
	{},
};
KTEST_SUITE(exec, exec_cases);
