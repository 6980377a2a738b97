/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks, named as in Linux. spin_lock() disables preemption while the lock is held (so
 * in_atomic() is true and might_sleep() complains); the _irqsave variants also disable
 * interrupts on this CPU, which any lock that an interrupt handler takes needs; the _bh variants
 * disable softirqs, which any lock that a softirq takes needs.
 *
 * Every lock belongs to a class (the place it was defined or initialised) and every acquisition
 * is shown to the lock validator (kernel/locking/lockdep.h), which remembers in which contexts
 * each class is taken and reports the combinations that can deadlock.
 */
#ifndef KERNEL_LOCKING_SPINLOCK_H
#define KERNEL_LOCKING_SPINLOCK_H

#include <asm/cpu.h>
#include <asm/spinlock_raw.h>

#include "kernel/irq/irq.h"
#include "kernel/locking/lockdep.h"
#include "kernel/sched/preempt.h"

typedef struct {
	arch_spinlock_t raw;
	struct lock_class *class;
} spinlock_t;

/*
 * At file scope a compound literal has static storage, so each DEFINE_SPINLOCK gets its own
 * class. Only at file scope: inside a function, use spin_lock_init.
 */
#define __SPIN_LOCK_UNLOCKED(lockname)                                                             \
	{                                                                                          \
		.raw = __ARCH_SPIN_LOCK_UNLOCKED, .class = &(struct lock_class)                    \
		{                                                                                  \
			.name = #lockname                                                          \
		}                                                                                  \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

/* One class per call site: all locks initialised here are "the same lock" to the validator. */
#define spin_lock_init(lock)                                                                       \
	do {                                                                                       \
		static struct lock_class __class = { .name = #lock };                              \
		*(lock) = (spinlock_t){ .raw = __ARCH_SPIN_LOCK_UNLOCKED, .class = &__class };     \
	} while (0)

static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	lock_acquire(lock->class);
	arch_spin_lock(&lock->raw);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(&lock->raw)) {
		lock_acquire(lock->class);
		return true;
	}
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw);
	preempt_enable();
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return arch_spin_is_locked(&lock->raw);
}

/* Disable interrupts, remembering whether they were on, then take the lock. */
#define spin_lock_irqsave(lock, flags)                                                             \
	do {                                                                                       \
		(flags) = local_irq_save();                                                        \
		spin_lock(lock);                                                                   \
	} while (0)

/*
 * Interrupts come back on before preemption does, so that preempt_enable() can act on a
 * reschedule that became due while the lock was held.
 */
static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	arch_spin_unlock(&lock->raw);
	local_irq_restore(flags);
	preempt_enable();
}

static inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw);
	local_irq_enable();
	preempt_enable();
}

/* Bottom halves: no softirq runs on this CPU while the lock is held. */
static inline void spin_lock_bh(spinlock_t *lock)
{
	local_bh_disable();
	spin_lock(lock);
}

static inline void spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock(lock);
	local_bh_enable();
}

#endif
