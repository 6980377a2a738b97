/* SPDX-License-Identifier: MIT */
/* The initial user stack; the layout and the contract are in lib/user_stack.h. */
#include "lib/user_stack.h"
#include "lib/errno.h"
#include "lib/string.h"

#define STACK_ALIGN 16 /* psABI: RSP is a multiple of 16 at process entry */
#define MAX_AUXV    13 /* pairs fill_auxv() can write, AT_NULL included */

/*
 * Grows the stack downwards inside the caller's buffer. Everything is reckoned in user addresses;
 * buf[0] is user address floor, so nothing below floor may be written.
 */
struct stack_builder {
	u8 *buf;
	u64 floor; /* stack_top - size */
	u64 sp;	   /* lowest byte claimed so far */
};

/* Claim n bytes below sp; false if they would go below the floor. */
static bool claim(struct stack_builder *sb, u64 n)
{
	if (n > sb->sp - sb->floor)
		return false;
	sb->sp -= n;
	return true;
}

/* Claim n 8-byte words; n comes from the caller's counts, so n * 8 must not be trusted to fit. */
static bool claim_words(struct stack_builder *sb, u64 n)
{
	return n <= (sb->sp - sb->floor) / 8 && claim(sb, n * 8);
}

static bool align_sp(struct stack_builder *sb)
{
	u64 aligned = sb->sp & ~(u64)(STACK_ALIGN - 1);

	if (aligned < sb->floor)
		return false;
	sb->sp = aligned;
	return true;
}

/* Copy n bytes to user address uaddr, which lies in [floor, stack_top). Unaligned is fine. */
static void put_bytes(struct stack_builder *sb, u64 uaddr, const void *src, size_t n)
{
	memcpy(sb->buf + (uaddr - sb->floor), src, n);
}

/* Store one word at *uaddr and step past it: the table is written from sp upwards. */
static void put_word(struct stack_builder *sb, u64 *uaddr, u64 val)
{
	put_bytes(sb, *uaddr, &val, sizeof(val));
	*uaddr += sizeof(val);
}

/* Claim room for s with its NUL and copy it there, at the new sp; false if it does not fit. */
static bool push_string(struct stack_builder *sb, const char *s)
{
	size_t len = strlen(s) + 1;

	if (!claim(sb, len))
		return false;
	put_bytes(sb, sb->sp, s, len);
	return true;
}

/*
 * Strings go in last to first, so that in memory they read first to last: argv[0] lowest, then
 * the rest of argv, envp, and execfn just below the end marker.
 */
static int push_strings(struct stack_builder *sb, const struct user_stack_args *args,
			struct user_stack_layout *out, u64 *execfn_addr)
{
	if (!push_string(sb, args->execfn))
		return -E2BIG;
	*execfn_addr = sb->sp;
	out->env_end = sb->sp;
	for (size_t i = args->envc; i-- > 0;)
		if (!push_string(sb, args->envp[i]))
			return -E2BIG;
	out->env_start = sb->sp;
	out->arg_end = sb->sp;
	for (size_t i = args->argc; i-- > 0;)
		if (!push_string(sb, args->argv[i]))
			return -E2BIG;
	out->arg_start = sb->sp;
	return 0;
}

/*
 * The NULL-terminated pointer array for n strings that push_strings() packed from user address
 * start on: each string begins where the one before it ended.
 */
static void put_pointers(struct stack_builder *sb, u64 *p, const char *const *strs, size_t n,
			 u64 start)
{
	for (size_t i = 0; i < n; i++) {
		put_word(sb, p, start);
		start += strlen(strs[i]) + 1;
	}
	put_word(sb, p, 0);
}

struct auxv_pair {
	u64 tag;
	u64 val;
};

/* The auxiliary vector, AT_NULL included, into aux[MAX_AUXV]. Returns the number of pairs. */
static unsigned int fill_auxv(const struct user_stack_args *args, u64 random_addr, u64 execfn_addr,
			      struct auxv_pair *aux)
{
	const struct elf_exec_info *elf = args->elf;
	unsigned int n = 0;

	/* Without a loaded table, no AT_PHDR at all beats a 0 that libc would dereference. */
	if (elf->phdr_addr) {
		aux[n++] = (struct auxv_pair){ AT_PHDR, elf->phdr_addr };
		aux[n++] = (struct auxv_pair){ AT_PHENT, elf->phentsize };
		aux[n++] = (struct auxv_pair){ AT_PHNUM, elf->phnum };
	}
	aux[n++] = (struct auxv_pair){ AT_PAGESZ, ELF_EXEC_PAGE_SIZE };
	aux[n++] = (struct auxv_pair){ AT_ENTRY, elf->entry };
	aux[n++] = (struct auxv_pair){ AT_UID, args->uid };
	aux[n++] = (struct auxv_pair){ AT_EUID, args->euid };
	aux[n++] = (struct auxv_pair){ AT_GID, args->gid };
	aux[n++] = (struct auxv_pair){ AT_EGID, args->egid };
	aux[n++] = (struct auxv_pair){ AT_SECURE, args->secure };
	aux[n++] = (struct auxv_pair){ AT_RANDOM, random_addr };
	aux[n++] = (struct auxv_pair){ AT_EXECFN, execfn_addr };
	aux[n++] = (struct auxv_pair){ AT_NULL, 0 };
	return n;
}

/*
 * Claim the table (argc, argv[] and NULL, envp[] and NULL, auxv) below the strings, with the
 * padding above it that makes sp 16-byte aligned, then write it from sp upwards.
 */
static int push_table(struct stack_builder *sb, const struct user_stack_args *args,
		      const struct auxv_pair *aux, unsigned int naux, struct user_stack_layout *out)
{
	u64 p;

	/* Top down: auxv, envp's NULL and pointers, argv's NULL and pointers, argc. */
	if (!claim_words(sb, 2 * (u64)naux) || !claim_words(sb, 1) ||
	    !claim_words(sb, args->envc) || !claim_words(sb, 1) || !claim_words(sb, args->argc) ||
	    !claim_words(sb, 1) || !align_sp(sb))
		return -E2BIG;
	p = sb->sp;
	put_word(sb, &p, args->argc);
	out->argv = p;
	put_pointers(sb, &p, args->argv, args->argc, out->arg_start);
	out->envp = p;
	put_pointers(sb, &p, args->envp, args->envc, out->env_start);
	out->auxv = p;
	for (unsigned int i = 0; i < naux; i++) {
		put_word(sb, &p, aux[i].tag);
		put_word(sb, &p, aux[i].val);
	}
	return 0;
}

int user_stack_build(void *buf, size_t size, u64 stack_top, const struct user_stack_args *args,
		     struct user_stack_layout *out)
{
	struct stack_builder sb = { .buf = buf, .sp = stack_top };
	struct auxv_pair aux[MAX_AUXV];
	u64 execfn_addr, random_addr;
	unsigned int naux;
	int err;

	if (stack_top % STACK_ALIGN || size > stack_top)
		return -EINVAL;
	sb.floor = stack_top - size;
	memset(out, 0, sizeof(*out));
	if (!claim(&sb, sizeof(u64)))
		return -E2BIG;
	put_bytes(&sb, sb.sp, &(u64){ 0 }, sizeof(u64));
	err = push_strings(&sb, args, out, &execfn_addr);
	if (err)
		return err;
	if (!claim(&sb, USER_STACK_RANDOM_BYTES) || !align_sp(&sb))
		return -E2BIG;
	random_addr = sb.sp;
	put_bytes(&sb, random_addr, args->random, USER_STACK_RANDOM_BYTES);
	naux = fill_auxv(args, random_addr, execfn_addr, aux);
	err = push_table(&sb, args, aux, naux, out);
	if (err)
		return err;
	out->sp = sb.sp;
	out->used = stack_top - sb.sp;
	return 0;
}
