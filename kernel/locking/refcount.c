/* SPDX-License-Identifier: MIT */
#include "kernel/locking/refcount.h"

#define INT_MAX 0x7fffffff

#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"

static unsigned long refcount_warnings;

static const char *const saturation_text[] = {
	[REFCOUNT_ADD_OVERFLOW] = "overflow; saturated, the object will leak",
	[REFCOUNT_ADD_UAF] = "increment on 0; use-after-free",
	[REFCOUNT_SUB_UNDERFLOW] = "underflow; use-after-free",
};

static void refcount_saturate(refcount_t *r, enum refcount_saturation why)
{
	atomic_set(&r->refs, REFCOUNT_SATURATED);
	__atomic_add_fetch(&refcount_warnings, 1, __ATOMIC_RELAXED);
	pr_err("refcount_t: %s\n", saturation_text[why]);
	__warn(__FILE__, __LINE__, "refcount_t saturated");
}

void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (old == 0)
		refcount_saturate(r, REFCOUNT_ADD_UAF);
	else if (old < 0)
		atomic_set(&r->refs, REFCOUNT_SATURATED); /* already reported: stay saturated */
	else if ((unsigned int)old + (unsigned int)i > INT_MAX) /* wrapped (unsigned: no UB) */
		refcount_saturate(r, REFCOUNT_ADD_OVERFLOW);
}

void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

bool refcount_inc_not_zero(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (old == 0)
			return false;
		if (old < 0) /* saturated: stays so */
			return true;
		if (old == INT_MAX) {
			refcount_saturate(r, REFCOUNT_ADD_OVERFLOW);
			return true;
		}
	} while (!atomic_try_cmpxchg(&r->refs, &old, old + 1));
	return true;
}

bool refcount_dec_and_test(refcount_t *r)
{
	int old = atomic_fetch_add(-1, &r->refs);

	if (old == 1)
		return true;
	if (old == 0)
		refcount_saturate(r, REFCOUNT_SUB_UNDERFLOW);
	else if (old < 0)
		atomic_set(&r->refs, REFCOUNT_SATURATED); /* already reported: stay saturated */
	return false;
}

void refcount_dec(refcount_t *r)
{
	if (refcount_dec_and_test(r)) {
		/* refcount_dec must never drop the last reference: that is dec_and_test's job. */
		refcount_saturate(r, REFCOUNT_SUB_UNDERFLOW);
	}
}

unsigned long refcount_warn_count(void)
{
	return READ_ONCE(refcount_warnings);
}
