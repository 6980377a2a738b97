/* SPDX-License-Identifier: MIT */
/* User memory access (asm/uaccess.h has the contract). */
#include <asm/cpufeature.h>
#include <asm/uaccess.h>

#include "lib/errno.h"

unsigned long __copy_user(void *to, const void *from, unsigned long n);
unsigned long __clear_user(void *to, unsigned long n);

/* Open and close the door SMAP keeps shut (only on CPUs that have SMAP: else stac is #UD). */
static inline void user_access_begin(void)
{
	if (cpu_protections.smap)
		__asm__ __volatile__("stac" ::: "memory");
}

static inline void user_access_end(void)
{
	if (cpu_protections.smap)
		__asm__ __volatile__("clac" ::: "memory");
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(from, n))
		return n;
	user_access_begin();
	left = __copy_user(to, (const void *)from, n);
	user_access_end();
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	unsigned long left;

	if (!access_ok(to, n))
		return n;
	user_access_begin();
	left = __copy_user((void *)to, from, n);
	user_access_end();
	return left;
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	unsigned long left;

	if (!access_ok(to, n))
		return n;
	user_access_begin();
	left = __clear_user((void *)to, n);
	user_access_end();
	return left;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	for (i = 0; i < count; i++) {
		if (copy_from_user(&dst[i], src + i, 1))
			return -EFAULT;
		if (dst[i] == '\0')
			return i;
	}
	return count;
}
