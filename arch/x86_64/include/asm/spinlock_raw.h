/* SPDX-License-Identifier: MIT */
/*
 * The bare test-and-set lock that printk uses before anything else exists. It has no lock
 * validation and no fairness; the real spinlocks come with SMP and are built on better ground.
 */
#ifndef ASM_SPINLOCK_RAW_H
#define ASM_SPINLOCK_RAW_H

#include <asm/cpu.h>

typedef struct {
	volatile int locked;
} arch_spinlock_t;

#define __ARCH_SPIN_LOCK_UNLOCKED                                                                  \
	{                                                                                          \
		0                                                                                  \
	}

static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	return __atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	while (!arch_spin_trylock(lock))
		while (READ_ONCE(lock->locked))
			cpu_relax();
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#endif
