/* SPDX-License-Identifier: MIT */
/*
 * refcount_t: a reference count that refuses to wrap, as in Linux.
 *
 * An increment past INT_MAX, a decrement below zero, or an increment from zero (taking a
 * reference on an object that is already being freed) is a bug that would turn into a
 * use-after-free. Instead the counter is set to REFCOUNT_SATURATED, a value far from both 0 and
 * INT_MAX, and the bug is reported with a backtrace. A saturated counter stays saturated: the
 * object leaks, which is safe, rather than being freed under someone's feet.
 */
#ifndef KERNEL_LOCKING_REFCOUNT_H
#define KERNEL_LOCKING_REFCOUNT_H

#include "kernel/locking/atomic.h"

typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)                                                                           \
	{                                                                                          \
		ATOMIC_INIT(n)                                                                     \
	}
#define REFCOUNT_SATURATED (-(1 << 30)) /* INT_MIN / 2 */

enum refcount_saturation {
	REFCOUNT_ADD_OVERFLOW,
	REFCOUNT_ADD_UAF, /* increment from zero */
	REFCOUNT_SUB_UNDERFLOW,
};

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)atomic_read(&r->refs);
}

void refcount_add(int i, refcount_t *r);
void refcount_inc(refcount_t *r);
/* Take a reference only if the count is not 0 (the object is not being freed). */
bool refcount_inc_not_zero(refcount_t *r);
/* Drop a reference; true if it was the last one and the caller must free the object. */
bool refcount_dec_and_test(refcount_t *r);
void refcount_dec(refcount_t *r);

/* Saturation reports so far (for tests). */
unsigned long refcount_warn_count(void);

#endif
