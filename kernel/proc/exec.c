/* SPDX-License-Identifier: MIT */
/*
 * execve: replace the calling process's program. docs/processes.md tells the story:
 *
 *	1. find the file (ramfs) and check it is a static x86-64 ELF we can run (lib/elf_exec.c);
 *	2. build the new address space off to the side: a VMA per PT_LOAD, filled from the file,
 *	   bss zeroed, and a stack holding argc, argv, envp and the auxiliary vector;
 *	3. only then, at the point of no return, swap it in for the old one;
 *	4. start the program: user RIP at the entry point, RSP at argc.
 * Anything wrong before step 3 returns an error and leaves the caller exactly as it was.
 */
#include "kernel/proc/exec.h"

#include <asm/thread.h>
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "kernel/fs/initramfs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/mm/mm_types.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "kernel/proc/process.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "kernel/time/time.h"
#include "lib/elf_exec.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/user_stack.h"

#define STACK_BUILD_SIZE (64ul << 10) /* room for argv, envp and auxv strings and pointers */

static unsigned long vm_flags_of(u32 pf)
{
	unsigned long flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (pf & PF_R)
		flags |= VM_READ;
	if (pf & PF_W)
		flags |= VM_WRITE;
	if (pf & PF_X)
		flags |= VM_EXEC;
	return flags;
}

/* Map one PT_LOAD: whole pages around it, the file bytes copied in, the rest zero. */
static int load_segment(struct mm_struct *mm, const struct elf_exec_segment *seg, const u8 *file)
{
	unsigned long start = seg->vaddr & ~(PAGE_SIZE - 1);
	unsigned long end = (seg->vaddr + seg->memsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	int err = mm_map_anon(mm, start, end - start, vm_flags_of(seg->flags));

	if (err)
		return err;
	return mm_fill(mm, seg->vaddr, file + seg->offset, seg->filesz);
}

/* The stack: a VMA below STACK_TOP, and the initial argc/argv/envp/auxv written at its top. */
static int setup_stack(struct mm_struct *mm, const struct exec_args *a,
		       const struct elf_exec_info *info, unsigned long *sp)
{
	u8 random[USER_STACK_RANDOM_BYTES];
	struct user_stack_layout layout;
	struct user_stack_args args = {
		.argv = a->argv, .argc = a->argc, .envp = a->envp, .envc = a->envc,
		.execfn = a->filename, .random = random, .elf = info,
	};
	u8 *buf = kmalloc(STACK_BUILD_SIZE, GFP_KERNEL);
	u64 seed = ktime_get_ns() ^ (u64)(unsigned long)mm;
	int err;

	if (!buf)
		return -ENOMEM;
	for (int i = 0; i < USER_STACK_RANDOM_BYTES; i++, seed = seed * 6364136223846793005ull + 1)
		random[i] = (u8)(seed >> 56); /* AT_RANDOM: not cryptographic, no entropy source yet */
	err = mm_map_anon(mm, STACK_TOP - STACK_INITIAL, STACK_INITIAL,
			  VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_GROWSDOWN);
	if (!err)
		err = user_stack_build(buf, STACK_BUILD_SIZE, STACK_TOP, &args, &layout);
	if (!err)
		err = mm_fill(mm, layout.sp, buf + STACK_BUILD_SIZE - layout.used, layout.used);
	if (!err) {
		*sp = layout.sp;
		mm->start_stack = layout.sp;
		mm->arg_start = layout.arg_start;
		mm->arg_end = layout.arg_end;
		mm->env_start = layout.env_start;
		mm->env_end = layout.env_end;
	}
	kfree(buf);
	return err;
}

/* Build the whole new address space for the program in file[0, size). */
static int build_mm(struct mm_struct *mm, const u8 *file, const struct elf_exec_info *info,
		    const struct exec_args *a, unsigned long *sp)
{
	int err = 0;

	down_write(&mm->mmap_lock);
	for (unsigned int i = 0; i < info->nr_segs && !err; i++)
		err = load_segment(mm, &info->segs[i], file);
	if (!err)
		err = setup_stack(mm, a, info, sp);
	mm->start_code = info->segs[0].vaddr;
	mm->end_code = info->brk;
	mm->start_brk = mm->brk = info->brk;
	up_write(&mm->mmap_lock);
	return err;
}

/* The point of no return: current runs in mm from now on; its old address space goes. */
static void exec_mmap(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *old = tsk->mm, *active;
	unsigned long flags = local_irq_save(); /* the scheduler must see mm and CR3 agree */

	active = tsk->active_mm;
	tsk->mm = mm;
	tsk->active_mm = mm;
	switch_mm(active, mm);
	local_irq_restore(flags);
	vfork_release(tsk); /* a vfork parent may run again: we no longer use its memory */
	if (old)
		mmput(old);
	else
		mmdrop(active); /* a kernel thread's borrowed mm */
}

static void set_comm(const char *filename)
{
	const char *base = strrchr(filename, '/');

	strscpy(current->comm, base ? base + 1 : filename, sizeof(current->comm));
}

int do_execve(const struct exec_args *a)
{
	struct elf_exec_info *info = kmalloc(sizeof(*info), GFP_KERNEL);
	struct ramfs_inode *inode = NULL;
	struct mm_struct *mm = NULL;
	const void *file;
	unsigned long sp = 0;
	size_t size;
	int err;

	might_sleep();
	if (!info)
		return -ENOMEM;
	err = ramfs_lookup(ramfs_root(), a->filename, &inode);
	if (err)
		goto out;
	err = -EACCES;
	if (!S_ISREG(inode->mode) || !(inode->mode & 0111))
		goto out;
	file = ramfs_file_data(inode, &size);
	err = elf_exec_check(file, size, info);
	if (err) {
		pr_info("exec: %s: not a program Trefoil can run: %s\n", a->filename,
			elf_exec_fault_msg(info->fault));
		goto out;
	}
	err = -EBUSY; /* exec from a multithreaded process would have to end the others first */
	if (current->signal && current->signal->nr_threads > 1)
		goto out;
	err = -ENOMEM;
	if (!current->signal && alloc_signal(current))
		goto out; /* a kernel thread becoming the first process */
	err = unshare_sighand(); /* actions of its own, for flush_signal_handlers() below */
	if (err)
		goto out;
	mm = mm_alloc();
	if (!mm)
		goto out;
	err = build_mm(mm, file, info, a, &sp);
	if (!err && current->files)
		err = unshare_files(current); /* close-on-exec must not close a sharer's files */
	if (err)
		goto out;
	exec_mmap(mm); /* from here on there is no way back */
	mm = NULL;
	flush_signal_handlers(current); /* the old program's handlers are gone with it */
	if (current->files)
		files_close_on_exec(current->files);
	set_comm(a->filename);
	current->flags &= ~PF_KTHREAD;
	arch_start_user(&current->thread, info->entry, sp);
out:
	if (mm)
		mmput(mm);
	if (inode)
		ramfs_put(inode);
	kfree(info);
	return err;
}

#define MAX_ARG_STRINGS 1024	     /* argv and envp pointers, each */
#define MAX_ARG_BYTES	(32ul << 10) /* all argv and envp strings together */

/* The caller's argv or envp, copied into the kernel. */
struct user_strings {
	const char **ptrs;
	size_t count;
};

/* Copy the NULL-terminated array of strings at uv (NULL: none) into buf[*used, cap). */
static int copy_strings(const char __user *const __user *uv, struct user_strings *out,
			char *buf, size_t *used, size_t cap)
{
	out->count = 0;
	out->ptrs = kmalloc(MAX_ARG_STRINGS * sizeof(*out->ptrs), GFP_KERNEL);
	if (!out->ptrs)
		return -ENOMEM;
	for (; uv; out->count++) {
		const char __user *s;
		long len;

		if (get_user(s, &uv[out->count]))
			return -EFAULT;
		if (!s)
			break;
		if (out->count == MAX_ARG_STRINGS)
			return -E2BIG;
		len = strncpy_from_user(buf + *used, s, (long)(cap - *used));
		if (len < 0)
			return -EFAULT;
		if ((size_t)len == cap - *used)
			return -E2BIG; /* no room for its NUL */
		out->ptrs[out->count] = buf + *used;
		*used += (size_t)len + 1;
	}
	return 0;
}

SYSCALL_DEFINE3(execve, const char __user *, filename, const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	struct user_strings av = {}, ev = {};
	char *path = kmalloc(PATH_MAX, GFP_KERNEL), *buf = kmalloc(MAX_ARG_BYTES, GFP_KERNEL);
	size_t used = 0;
	long len;
	int err = -ENOMEM;

	if (!path || !buf)
		goto out;
	len = strncpy_from_user(path, filename, PATH_MAX);
	err = len < 0 ? -EFAULT : len == PATH_MAX ? -ENAMETOOLONG : 0;
	if (!err)
		err = copy_strings(argv, &av, buf, &used, MAX_ARG_BYTES);
	if (!err)
		err = copy_strings(envp, &ev, buf, &used, MAX_ARG_BYTES);
	if (!err) {
		struct exec_args a = { .filename = path, .argv = av.ptrs, .argc = av.count,
				       .envp = ev.ptrs, .envc = ev.count };

		err = do_execve(&a);
	}
out:
	kfree(av.ptrs);
	kfree(ev.ptrs);
	kfree(buf);
	kfree(path);
	return err;
}
