/* SPDX-License-Identifier: MIT */
/*
 * The bare spinlock: a ticket lock. Each CPU that wants the lock takes the next ticket number
 * and waits until the lock serves that number, so CPUs get the lock in the order they asked
 * (a plain test-and-set lock can starve a CPU forever). No validation, no preemption or
 * interrupt control: kernel/locking/spinlock.h builds spinlock_t on this.
 */
#ifndef ASM_SPINLOCK_RAW_H
#define ASM_SPINLOCK_RAW_H

#include <asm/cpu.h>

#include "lib/compiler.h"

typedef struct {
	u32 next;    /* the next ticket to hand out */
	u32 serving; /* the ticket that holds the lock */
} arch_spinlock_t;

#define __ARCH_SPIN_LOCK_UNLOCKED                                                                  \
	{                                                                                          \
		0, 0                                                                               \
	}

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u32 ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->serving, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 serving = __atomic_load_n(&lock->serving, __ATOMIC_RELAXED);
	u32 expected = serving;

	/* Free only if nobody holds a ticket past the one being served. */
	return __atomic_compare_exchange_n(&lock->next, &expected, serving + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->serving, lock->serving + 1, __ATOMIC_RELEASE);
}

static inline bool arch_spin_is_locked(arch_spinlock_t *lock)
{
	return __atomic_load_n(&lock->serving, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}

/* Only for a panic: whoever held the lock is never coming back. */
static inline void arch_spin_force_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->serving, __atomic_load_n(&lock->next, __ATOMIC_RELAXED),
			 __ATOMIC_RELEASE);
}

#endif
