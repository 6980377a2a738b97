/* SPDX-License-Identifier: MIT */
/*
 * The implemented system calls: __SYSCALL(Linux x86-64 number, name), in number order. Included
 * twice by dispatch.c (to declare the handlers, then to fill the table). No include guard.
 */
__SYSCALL(1, write)
__SYSCALL(9, mmap)
__SYSCALL(10, mprotect)
__SYSCALL(11, munmap)
__SYSCALL(12, brk)
__SYSCALL(24, sched_yield)
__SYSCALL(35, nanosleep)
__SYSCALL(39, getpid)
__SYSCALL(56, clone)
__SYSCALL(57, fork)
__SYSCALL(58, vfork)
__SYSCALL(59, execve)
__SYSCALL(60, exit)
__SYSCALL(61, wait4)
__SYSCALL(63, uname)
__SYSCALL(110, getppid)
__SYSCALL(158, arch_prctl)
__SYSCALL(169, reboot)
__SYSCALL(186, gettid)
__SYSCALL(202, futex)
__SYSCALL(218, set_tid_address)
__SYSCALL(228, clock_gettime)
__SYSCALL(231, exit_group)
