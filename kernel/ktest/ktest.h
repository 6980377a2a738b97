/* SPDX-License-Identifier: MIT */
/*
 * ktest: in-kernel tests, printed as KTAP version 1 (as KUnit prints it, so `prove`, KUnit's
 * kunit_parser and tests/ktap.py all read it).
 *
 * A suite is an array of cases registered in the .ktest_suites section:
 *
 *	static void adds_up(struct ktest *t) { KT_EXPECT_EQ(t, 2 + 2, 4); }
 *	static const struct ktest_case my_cases[] = { KTEST_CASE(adds_up), {} };
 *	KTEST_SUITE(my_suite, my_cases);
 *
 * `ktest=all` or `ktest=a,b` on the command line runs suites after boot and powers the machine
 * off with the result. KT_EXPECT_* records a failure and goes on; KT_ASSERT_* records it and
 * ends the case. A panic or CPU exception inside a case fails that case and the run goes on.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "lib/compiler.h"
#include "lib/string.h"
#include "lib/types.h"

struct jmp_buf;

enum ktest_status {
	KTEST_PASS,
	KTEST_FAIL,
	KTEST_SKIP,
};

/* The state of one running case. */
struct ktest {
	const char *name;
	enum ktest_status status;
	const char *skip_reason;
	unsigned int failures; /* failed expectations and assertions */
	bool quiet;	       /* don't print failures (the framework's tests of itself) */
	struct jmp_buf *abort; /* where KT_ASSERT_* and KT_SKIP go; NULL for a quiet scratch */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
	const char *xfail; /* non-NULL: the case is meant to fail, and this says why */
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases; /* ends with an empty entry */
};

#define KTEST_CASE(fn)                                                                             \
	{                                                                                          \
		.name = #fn, .run = fn                                                             \
	}
#define KTEST_CASE_XFAIL(fn, why)                                                                  \
	{                                                                                          \
		.name = #fn, .run = fn, .xfail = why                                               \
	}

/* Register a suite; its name (for ktest=) is the first argument. */
#define KTEST_SUITE(name_, case_array)                                                             \
	static const struct ktest_suite ktest_suite_##name_ = { .name = #name_,                    \
								.cases = case_array };             \
	static const struct ktest_suite *const __ktest_ptr_##name_ __section(".ktest_suites")      \
	    __used = &ktest_suite_##name_

/* Run the suites named by ktest= and power off with the result. Returns if ktest= is absent. */
void ktest_run_from_cmdline(void);

/* Record a failure (the assertion macros call these). */
__printf(4, 5) void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...);
__noreturn void ktest_abort(struct ktest *t);
__noreturn void ktest_skip(struct ktest *t, const char *reason);

#define KT__CHECK(t, cond, on_fail, fmt, ...)                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			ktest_fail(t, __FILE__, __LINE__, fmt, ##__VA_ARGS__);                     \
			on_fail;                                                                   \
		}                                                                                  \
	} while (0)

#define KT__NOTHING  ((void)0)
#define KT__ABORT(t) ktest_abort(t)

/* Integer comparison; both sides are evaluated once and shown on failure. */
#define KT__CMP(t, a, op, b, on_fail)                                                              \
	do {                                                                                       \
		long long __a = (long long)(a), __b = (long long)(b);                              \
		KT__CHECK(t, __a op __b, on_fail,                                                  \
			  "expected %s %s %s, but\n%s == %lld (%#llx)\n%s == %lld (%#llx)", #a,    \
			  #op, #b, #a, __a, (unsigned long long)__a, #b, __b,                      \
			  (unsigned long long)__b);                                                \
	} while (0)

#define KT__STREQ(t, a, b, on_fail)                                                                \
	do {                                                                                       \
		const char *__a = (a), *__b = (b);                                                 \
		KT__CHECK(t, __a &&__b &&strcmp(__a, __b) == 0, on_fail,                           \
			  "expected %s == %s, but\n%s == \"%s\"\n%s == \"%s\"", #a, #b, #a,        \
			  __a ? __a : "(null)", #b, __b ? __b : "(null)");                         \
	} while (0)

#define KT_EXPECT_TRUE(t, c)	 KT__CHECK(t, c, KT__NOTHING, "expected %s to be true", #c)
#define KT_EXPECT_FALSE(t, c)	 KT__CHECK(t, !(c), KT__NOTHING, "expected %s to be false", #c)
#define KT_EXPECT_EQ(t, a, b)	 KT__CMP(t, a, ==, b, KT__NOTHING)
#define KT_EXPECT_NE(t, a, b)	 KT__CMP(t, a, !=, b, KT__NOTHING)
#define KT_EXPECT_LT(t, a, b)	 KT__CMP(t, a, <, b, KT__NOTHING)
#define KT_EXPECT_LE(t, a, b)	 KT__CMP(t, a, <=, b, KT__NOTHING)
#define KT_EXPECT_GT(t, a, b)	 KT__CMP(t, a, >, b, KT__NOTHING)
#define KT_EXPECT_GE(t, a, b)	 KT__CMP(t, a, >=, b, KT__NOTHING)
#define KT_EXPECT_STREQ(t, a, b) KT__STREQ(t, a, b, KT__NOTHING)
#define KT_EXPECT_NULL(t, p)	 KT__CHECK(t, (p) == NULL, KT__NOTHING, "expected %s to be NULL", #p)
#define KT_EXPECT_NOT_NULL(t, p)                                                                   \
	KT__CHECK(t, (p) != NULL, KT__NOTHING, "expected %s not to be NULL", #p)

#define KT_ASSERT_TRUE(t, c)	 KT__CHECK(t, c, KT__ABORT(t), "expected %s to be true", #c)
#define KT_ASSERT_FALSE(t, c)	 KT__CHECK(t, !(c), KT__ABORT(t), "expected %s to be false", #c)
#define KT_ASSERT_EQ(t, a, b)	 KT__CMP(t, a, ==, b, KT__ABORT(t))
#define KT_ASSERT_NE(t, a, b)	 KT__CMP(t, a, !=, b, KT__ABORT(t))
#define KT_ASSERT_LT(t, a, b)	 KT__CMP(t, a, <, b, KT__ABORT(t))
#define KT_ASSERT_LE(t, a, b)	 KT__CMP(t, a, <=, b, KT__ABORT(t))
#define KT_ASSERT_GT(t, a, b)	 KT__CMP(t, a, >, b, KT__ABORT(t))
#define KT_ASSERT_GE(t, a, b)	 KT__CMP(t, a, >=, b, KT__ABORT(t))
#define KT_ASSERT_STREQ(t, a, b) KT__STREQ(t, a, b, KT__ABORT(t))
#define KT_ASSERT_NOT_NULL(t, p)                                                                   \
	KT__CHECK(t, (p) != NULL, KT__ABORT(t), "expected %s not to be NULL", #p)

/* End the case as skipped, with a reason printed after "# SKIP". */
#define KT_SKIP(t, reason) ktest_skip(t, reason)

#endif
