/* SPDX-License-Identifier: MIT */
/*
 * The little a freestanding Trefoil test program needs: string helpers, number printing, and
 * KTAP output (the same format the in-kernel tests print, so tests/ktap.py reads both).
 */
#ifndef USER_LIB_ULIB_H
#define USER_LIB_ULIB_H

#include "syscall.h"

typedef unsigned long size_t;

static inline size_t ustrlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline int ustrcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

static inline int umemcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

static inline void uputs(const char *s)
{
	syscall3(SYS_write, 1, s, ustrlen(s));
}

/* Decimal, with a sign. */
static inline void uputl(long v)
{
	char buf[24];
	int i = sizeof(buf);
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	buf[--i] = '\0';
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	uputs(&buf[i]);
}

/* ---- signals: the kernel's struct sigaction, and the restorer every handler needs ---- */

#define SA_SIGINFO   0x00000004ul
#define SA_RESTORER  0x04000000ul
#define SA_NODEFER   0x40000000ul
#define SA_RESETHAND 0x80000000ul
#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2
#define SIGBIT(sig)  (1ul << ((sig)-1))

struct ksigaction {
	void *handler; /* 0: SIG_DFL, 1: SIG_IGN */
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* user/lib/sigrestore.S: where handlers return; calls rt_sigreturn. */
void __restore_rt(void);

/* Install handler for sig (with SA_RESTORER); 0 or -errno. */
static inline long usigaction(int sig, void *handler, unsigned long flags, unsigned long mask)
{
	struct ksigaction act = { handler, flags | SA_RESTORER, __restore_rt, mask };

	return syscall4(SYS_rt_sigaction, sig, &act, 0, 8);
}

/* rt_sigprocmask with the kernel's 8-byte sigset; the old mask in *old unless old is 0. */
static inline long usigprocmask(int how, unsigned long set, unsigned long *old)
{
	return syscall4(SYS_rt_sigprocmask, how, &set, old, 8);
}

/* KTAP: one plan, then one result line per case. */
static int ktap_case, ktap_failed;

static inline void ktap_plan(const char *suite, int n)
{
	uputs("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: ");
	uputs(suite);
	uputs("\n    1..");
	uputl(n);
	uputs("\n");
}

/* Record one case; a failure prints the expression and the value it had. */
static inline void ktap_result(const char *name, int ok, const char *expr, long value)
{
	ktap_case++;
	if (!ok) {
		ktap_failed++;
		uputs("        # ");
		uputs(name);
		uputs(": expected ");
		uputs(expr);
		uputs(", value ");
		uputl(value);
		uputs("\n");
	}
	uputs(ok ? "    ok " : "    not ok ");
	uputl(ktap_case);
	uputs(" ");
	uputs(name);
	uputs("\n");
}

#define KT_CHECK(name, expr, value) ktap_result(name, (expr) ? 1 : 0, #expr, (long)(value))

static inline int ktap_end(const char *suite)
{
	uputs(ktap_failed ? "not ok 1 " : "ok 1 ");
	uputs(suite);
	uputs("\n");
	return ktap_failed ? 1 : 0;
}

#endif
