/* SPDX-License-Identifier: MIT */
/* Offsets into struct cpu_data for assembly (checked against the struct in percpu.c). */
#ifndef ASM_PERCPU_OFFSETS_H
#define ASM_PERCPU_OFFSETS_H

#define CPU_DATA_TOP_OF_STACK 48 /* the running task's kernel stack top */
#define CPU_DATA_USER_RSP     56 /* scratch: the user stack pointer during system call entry */

#endif
