/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/user_stack.c: the initial stack a new program finds at its entry point.
 *
 * Each case lays out a stack into a buffer of exactly the given size (so ASan reports any write
 * outside it), then reads it back the way a C runtime's _start does: argc at sp, argv after it,
 * envp after argv's NULL, auxv after envp's NULL.
 */
#include <stdlib.h>

#include "lib/compiler.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/user_stack.h"
#include "tests/host/hosttest.h"

#define STACK_TOP 0x00007ffffffff000ULL /* where execve() will put it: the top of user space */
#define BUF_SIZE  8192

static const u8 random16[USER_STACK_RANDOM_BYTES] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
						      0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98,
						      0x76, 0x54, 0x32, 0x10 };

/* What elf_exec_check() would say about a typical static program. */
static const struct elf_exec_info elf = {
	.entry = 0x401000,
	.phdr_addr = 0x400040,
	.phnum = 9,
	.phentsize = sizeof(Elf64_Phdr),
};

/* The stack under test: buf stands for user [STACK_TOP - size, STACK_TOP). */
static u8 *buf;
static size_t buf_size;

static void *at(u64 uaddr)
{
	return buf + (uaddr - (STACK_TOP - buf_size));
}

static bool in_stack(u64 uaddr)
{
	return uaddr >= STACK_TOP - buf_size && uaddr < STACK_TOP;
}

static u64 word_at(u64 uaddr)
{
	u64 w;

	memcpy(&w, at(uaddr), sizeof(w));
	return w;
}

/* Lay out args in a fresh malloc'd buffer of exactly size bytes. */
static int build(const struct user_stack_args *args, size_t size, struct user_stack_layout *out)
{
	free(buf);
	buf_size = size;
	buf = malloc(size ? size : 1);
	memset(buf, 0xa5, size);
	return user_stack_build(buf, size, STACK_TOP, args, out);
}

static struct user_stack_args make_args(const char *const *argv, size_t argc,
					const char *const *envp, size_t envc)
{
	return (struct user_stack_args){ .argv = argv,
					 .argc = argc,
					 .envp = envp,
					 .envc = envc,
					 .execfn = "/bin/prog",
					 .random = random16,
					 .elf = &elf };
}

/* Check n string pointers from *p on against strs, then the NULL; step *p past them. */
static void expect_strings(u64 *p, const char *const *strs, size_t n)
{
	for (size_t i = 0; i < n; i++, *p += 8) {
		u64 s = word_at(*p);

		if (!in_stack(s)) {
			ht_fail("pointer %zu is %#llx, outside the stack", i,
				(unsigned long long)s);
			return;
		}
		HT_EXPECT_STREQ((const char *)at(s), strs[i]);
	}
	HT_EXPECT_EQ(word_at(*p), 0);
	*p += 8;
}

/*
 * Read the stack back as _start would and check all of it against args; returns the address of
 * the auxv. Used by every case that expects success.
 */
static u64 expect_layout(const struct user_stack_args *args, const struct user_stack_layout *out)
{
	u64 p = out->sp;

	HT_EXPECT_EQ(out->sp % 16, 0);
	HT_EXPECT_EQ(out->used, STACK_TOP - out->sp);
	HT_EXPECT(out->used <= buf_size);
	HT_EXPECT_EQ(word_at(STACK_TOP - 8), 0); /* the end marker */
	HT_EXPECT_EQ(word_at(p), args->argc);
	p += 8;
	HT_EXPECT_EQ(out->argv, p);
	expect_strings(&p, args->argv, args->argc);
	HT_EXPECT_EQ(out->envp, p);
	expect_strings(&p, args->envp, args->envc);
	HT_EXPECT_EQ(out->auxv, p);
	return p;
}

/* The value of tag in the auxv at p, or ~0 if it is not there; checks AT_NULL ends it. */
static u64 auxv_get(u64 p, u64 tag)
{
	for (int i = 0; i < 64; i++, p += 16) {
		if (word_at(p) == tag)
			return word_at(p + 8);
		if (word_at(p) == AT_NULL)
			return ~0ULL;
	}
	ht_fail("%s", "auxv has no AT_NULL in 64 entries");
	return ~0ULL;
}

HT_CASE(layout_is_the_psabi_initial_stack)
{
	static const char *const argv[] = { "prog", "-v", "file with spaces" };
	static const char *const envp[] = { "HOME=/", "TERM=vt100" };
	struct user_stack_args args = make_args(argv, 3, envp, 2);
	struct user_stack_layout out;
	u64 auxv;

	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	auxv = expect_layout(&args, &out);
	/* Every entry, in order: the ABI does not fix the order, but this file does. */
	static const u64 tags[] = { AT_PHDR,   AT_PHENT,  AT_PHNUM, AT_PAGESZ, AT_ENTRY,
				    AT_UID,    AT_EUID,	  AT_GID,   AT_EGID,   AT_SECURE,
				    AT_RANDOM, AT_EXECFN, AT_NULL };
	for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
		HT_EXPECT_EQ(word_at(auxv + 16 * i), tags[i]);
	HT_EXPECT_EQ(auxv_get(auxv, AT_PHDR), 0x400040);
	HT_EXPECT_EQ(auxv_get(auxv, AT_PHENT), sizeof(Elf64_Phdr));
	HT_EXPECT_EQ(auxv_get(auxv, AT_PHNUM), 9);
	HT_EXPECT_EQ(auxv_get(auxv, AT_PAGESZ), 4096);
	HT_EXPECT_EQ(auxv_get(auxv, AT_ENTRY), 0x401000);
	HT_EXPECT_EQ(auxv_get(auxv, AT_UID), 0);
	HT_EXPECT_EQ(auxv_get(auxv, AT_EUID), 0);
	HT_EXPECT_EQ(auxv_get(auxv, AT_GID), 0);
	HT_EXPECT_EQ(auxv_get(auxv, AT_EGID), 0);
	HT_EXPECT_EQ(auxv_get(auxv, AT_SECURE), 0);
	HT_EXPECT_STREQ((const char *)at(auxv_get(auxv, AT_EXECFN)), "/bin/prog");
	HT_EXPECT(memcmp(at(auxv_get(auxv, AT_RANDOM)), random16, sizeof(random16)) == 0);
}

HT_CASE(strings_are_packed_in_order_below_the_end_marker)
{
	static const char *const argv[] = { "a", "bc" };
	static const char *const envp[] = { "X=1" };
	struct user_stack_args args = make_args(argv, 2, envp, 1);
	struct user_stack_layout out;
	static const char expect[] = "a\0bc\0X=1\0/bin/prog"; /* and the last NUL */

	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	HT_EXPECT_EQ(out.arg_start, STACK_TOP - 8 - sizeof(expect));
	HT_EXPECT(memcmp(at(out.arg_start), expect, sizeof(expect)) == 0);
	HT_EXPECT_EQ(out.arg_end, out.arg_start + 5);
	HT_EXPECT_EQ(out.env_start, out.arg_end);
	HT_EXPECT_EQ(out.env_end, out.env_start + 4);
	HT_EXPECT_EQ(word_at(out.argv), out.arg_start);
	HT_EXPECT_EQ(word_at(out.argv + 8), out.arg_start + 2);
	HT_EXPECT_EQ(word_at(out.envp), out.env_start);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_EXECFN), out.env_end);
}

HT_CASE(random_bytes_are_aligned_just_below_the_strings)
{
	static const char *const argv[] = { "prog" };
	struct user_stack_args args = make_args(argv, 1, NULL, 0);
	struct user_stack_layout out;
	u64 rnd;

	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	rnd = auxv_get(out.auxv, AT_RANDOM);
	HT_EXPECT_EQ(rnd % 16, 0);
	HT_EXPECT(rnd + USER_STACK_RANDOM_BYTES <= out.arg_start);
	HT_EXPECT(out.arg_start - (rnd + USER_STACK_RANDOM_BYTES) < 16);
	HT_EXPECT(memcmp(at(rnd), random16, sizeof(random16)) == 0);
	/* The auxv ends below them, with less than 16 bytes of padding in between. */
	HT_EXPECT(rnd - (out.auxv + 13 * 16) < 16);
}

HT_CASE(sp_is_aligned_for_every_parity_of_counts_and_lengths)
{
	static const char *const strs[] = { "",	    "1",     "22",     "333",
					    "4444", "55555", "666666", "7777777" };
	struct user_stack_layout out;

	for (size_t argc = 0; argc <= 5; argc++) {
		for (size_t envc = 0; envc <= 5; envc++) {
			for (size_t skip = 0; skip < 3; skip++) {
				struct user_stack_args args =
				    make_args(strs + skip, argc, strs + skip + 1, envc);

				HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
				expect_layout(&args, &out);
				if (ht_case_failed) {
					ht_fail("argc %zu envc %zu skip %zu", argc, envc, skip);
					return;
				}
			}
		}
	}
}

HT_CASE(empty_argv_and_envp_give_two_nulls)
{
	struct user_stack_args args = make_args(NULL, 0, NULL, 0);
	struct user_stack_layout out;

	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	expect_layout(&args, &out);
	HT_EXPECT_EQ(word_at(out.sp), 0);
	HT_EXPECT_EQ(word_at(out.sp + 8), 0);
	HT_EXPECT_EQ(word_at(out.sp + 16), 0);
	HT_EXPECT_EQ(out.envp, out.sp + 16);
	HT_EXPECT_EQ(out.arg_start, out.arg_end);
	HT_EXPECT_EQ(out.env_start, out.env_end);
}

HT_CASE(credentials_and_secure_are_passed_through)
{
	struct user_stack_args args = make_args(NULL, 0, NULL, 0);
	struct user_stack_layout out;

	args.uid = 1000;
	args.euid = 0;
	args.gid = 100;
	args.egid = 5;
	args.secure = true;
	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_UID), 1000);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_EUID), 0);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_GID), 100);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_EGID), 5);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_SECURE), 1);
}

HT_CASE(unloaded_program_headers_leave_out_at_phdr)
{
	struct elf_exec_info no_phdr = elf;
	struct user_stack_args args = make_args(NULL, 0, NULL, 0);
	struct user_stack_layout out;

	no_phdr.phdr_addr = 0;
	args.elf = &no_phdr;
	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	expect_layout(&args, &out);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_PHDR), ~0ULL);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_PHENT), ~0ULL);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_PHNUM), ~0ULL);
	HT_EXPECT_EQ(word_at(out.auxv), AT_PAGESZ);
	HT_EXPECT_EQ(auxv_get(out.auxv, AT_ENTRY), 0x401000);
}

HT_CASE(exact_fit_succeeds_and_one_byte_less_is_e2big)
{
	static const char *const argv[] = { "prog", "arg" };
	static const char *const envp[] = { "A=b" };
	struct user_stack_args args = make_args(argv, 2, envp, 1);
	struct user_stack_layout out;
	size_t need;

	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	need = out.used;
	HT_EXPECT_EQ(build(&args, need, &out), 0);
	expect_layout(&args, &out);
	/* Every smaller buffer fails, and never writes outside itself (ASan watches). */
	for (size_t size = 0; size < need; size++)
		HT_EXPECT_EQ(build(&args, size, &out), -E2BIG);
}

HT_CASE(pointer_table_counts_toward_the_limit)
{
	enum { N = 1000 };
	static const char *many[N];
	struct user_stack_args args = make_args(many, N, NULL, 0);
	struct user_stack_layout out;

	for (int i = 0; i < N; i++)
		many[i] = ""; /* 1000 bytes of strings, but 8000 of pointers */
	HT_EXPECT_EQ(build(&args, 4096, &out), -E2BIG);
	HT_EXPECT_EQ(build(&args, 16384, &out), 0);
	expect_layout(&args, &out);
}

HT_CASE(bytes_below_the_used_part_are_untouched)
{
	static const char *const argv[] = { "prog" };
	struct user_stack_args args = make_args(argv, 1, NULL, 0);
	struct user_stack_layout out;

	HT_EXPECT_EQ(build(&args, BUF_SIZE, &out), 0);
	for (size_t i = 0; i < BUF_SIZE - out.used; i++) {
		if (buf[i] != 0xa5) {
			ht_fail("byte %zu of %d was written, only the top %zu should be", i,
				BUF_SIZE, out.used);
			return;
		}
	}
}

HT_CASE(bad_stack_top_is_einval)
{
	struct user_stack_args args = make_args(NULL, 0, NULL, 0);
	struct user_stack_layout out;
	u8 small[64];

	HT_EXPECT_EQ(user_stack_build(small, sizeof(small), STACK_TOP - 8, &args, &out), -EINVAL);
	HT_EXPECT_EQ(user_stack_build(small, sizeof(small), 32, &args, &out), -EINVAL);
}

HT_MAIN("user_stack", layout_is_the_psabi_initial_stack,
	strings_are_packed_in_order_below_the_end_marker,
	random_bytes_are_aligned_just_below_the_strings,
	sp_is_aligned_for_every_parity_of_counts_and_lengths, empty_argv_and_envp_give_two_nulls,
	credentials_and_secure_are_passed_through, unloaded_program_headers_leave_out_at_phdr,
	exact_fit_succeeds_and_one_byte_less_is_e2big, pointer_table_counts_toward_the_limit,
	bytes_below_the_used_part_are_untouched, bad_stack_top_is_einval)
