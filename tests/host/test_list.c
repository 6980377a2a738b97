/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/list.h.
 *
 * After every change the whole list is checked both ways (each next's prev points back, the
 * walk returns to the head in both directions) against the order the test expects.
 */
/*
 * lib/compiler.h before any glibc header: glibc's <sys/cdefs.h> replaces an earlier
 * __always_inline quietly, but compiler.h redefining glibc's is an error.
 */
#include "lib/compiler.h"

#include <stdlib.h>

#include "tests/host/hosttest.h"

#include "lib/list.h"

struct item {
	int id;
	struct list_head node;
	int tail_marker; /* after node, so list_entry() must really subtract the offset */
};

static struct item items[8];

static void init_items(void)
{
	for (int i = 0; i < (int)ARRAY_SIZE(items); i++) {
		items[i].id = i;
		items[i].tail_marker = 100 + i;
		items[i].node.next = items[i].node.prev = NULL;
	}
}

/*
 * Check that head holds exactly the items with the ids in want[0..n), in that order, and that
 * the links are consistent forwards and backwards. Reports with the caller's line.
 */
static void check_list(int line, const struct list_head *head, const int *want, int n)
{
	const struct list_head *pos = head;

	for (int i = 0; i < n; i++) {
		if (pos->next->prev != pos) {
			ht_fail("line %d: broken back link before entry %d", line, i);
			return;
		}
		pos = pos->next;
		if (pos == head) {
			ht_fail("line %d: list has %d entries, expected %d", line, i, n);
			return;
		}
		if (list_entry(pos, struct item, node)->id != want[i]) {
			ht_fail("line %d: entry %d is id %d, expected %d", line, i,
				list_entry(pos, struct item, node)->id, want[i]);
			return;
		}
	}
	if (pos->next != head || head->prev != pos)
		ht_fail("line %d: list is longer than %d entries or its tail is wrong", line, n);
}

#define CHECK_LIST(head, ...)                                                                      \
	do {                                                                                       \
		static const int want[] = { __VA_ARGS__ };                                         \
		check_list(__LINE__, head, want, (int)ARRAY_SIZE(want));                           \
	} while (0)

#define CHECK_EMPTY(head)                                                                          \
	do {                                                                                       \
		HT_EXPECT(list_empty(head));                                                       \
		HT_EXPECT((head)->next == (head) && (head)->prev == (head));                       \
	} while (0)

HT_CASE(heads_start_empty)
{
	LIST_HEAD(on_stack);
	struct list_head dynamic = { NULL, NULL };
	static LIST_HEAD(static_head);

	CHECK_EMPTY(&on_stack);
	CHECK_EMPTY(&static_head);
	INIT_LIST_HEAD(&dynamic);
	CHECK_EMPTY(&dynamic);
	HT_EXPECT(!list_is_singular(&dynamic));
	HT_EXPECT_EQ(list_count_nodes(&dynamic), 0);
}

HT_CASE(list_add_inserts_at_front_and_add_tail_at_back)
{
	LIST_HEAD(head);

	init_items();
	list_add(&items[1].node, &head);
	CHECK_LIST(&head, 1);
	HT_EXPECT(list_is_singular(&head));
	list_add(&items[2].node, &head);
	CHECK_LIST(&head, 2, 1);
	list_add_tail(&items[3].node, &head);
	CHECK_LIST(&head, 2, 1, 3);
	list_add_tail(&items[4].node, &head);
	list_add(&items[5].node, &head);
	CHECK_LIST(&head, 5, 2, 1, 3, 4);
	HT_EXPECT(!list_empty(&head));
	HT_EXPECT(!list_is_singular(&head));
	HT_EXPECT_EQ(list_count_nodes(&head), 5);
	/* list_add() after an entry inserts in the middle. */
	list_add(&items[6].node, &items[1].node);
	CHECK_LIST(&head, 5, 2, 1, 6, 3, 4);
}

HT_CASE(list_del_unlinks_and_poisons)
{
	LIST_HEAD(head);

	init_items();
	for (int i = 0; i < 4; i++)
		list_add_tail(&items[i].node, &head);
	list_del(&items[2].node); /* middle */
	CHECK_LIST(&head, 0, 1, 3);
	HT_EXPECT(items[2].node.next == LIST_POISON_NEXT);
	HT_EXPECT(items[2].node.prev == LIST_POISON_PREV);
	list_del(&items[0].node); /* first */
	CHECK_LIST(&head, 1, 3);
	list_del(&items[3].node); /* last */
	CHECK_LIST(&head, 1);
	list_del(&items[1].node); /* only */
	CHECK_EMPTY(&head);
	HT_EXPECT(items[1].node.next == LIST_POISON_NEXT);
}

HT_CASE(list_poison_values_are_non_canonical)
{
	uintptr_t next = (uintptr_t)LIST_POISON_NEXT, prev = (uintptr_t)LIST_POISON_PREV;

	/* Canonical means bits 63..47 all equal: a sign extension of bit 47. */
	HT_EXPECT((next >> 47) != 0 && (next >> 47) != 0x1ffff);
	HT_EXPECT((prev >> 47) != 0 && (prev >> 47) != 0x1ffff);
	HT_EXPECT(next != prev);
}

HT_CASE(list_del_init_leaves_an_empty_list)
{
	LIST_HEAD(head);

	init_items();
	list_add_tail(&items[0].node, &head);
	list_add_tail(&items[1].node, &head);
	list_del_init(&items[0].node);
	CHECK_LIST(&head, 1);
	CHECK_EMPTY(&items[0].node);
	/* and it can go straight back on */
	list_add_tail(&items[0].node, &head);
	CHECK_LIST(&head, 1, 0);
}

HT_CASE(list_move_and_move_tail_change_lists)
{
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items();
	for (int i = 0; i < 4; i++)
		list_add_tail(&items[i].node, &a);
	list_move(&items[2].node, &b);
	CHECK_LIST(&a, 0, 1, 3);
	CHECK_LIST(&b, 2);
	list_move_tail(&items[0].node, &b);
	CHECK_LIST(&a, 1, 3);
	CHECK_LIST(&b, 2, 0);
	list_move(&items[3].node, &b);
	CHECK_LIST(&b, 3, 2, 0);
	/* Moving within one list reorders it. */
	list_move_tail(&items[3].node, &b);
	CHECK_LIST(&b, 2, 0, 3);
	list_move(&items[3].node, &b);
	CHECK_LIST(&b, 3, 2, 0);
	list_move_tail(&items[1].node, &a); /* the only entry, onto its own list */
	CHECK_LIST(&a, 1);
}

HT_CASE(list_replace_takes_the_old_entrys_place)
{
	LIST_HEAD(head);

	init_items();
	for (int i = 0; i < 3; i++)
		list_add_tail(&items[i].node, &head);
	list_replace(&items[1].node, &items[5].node);
	CHECK_LIST(&head, 0, 5, 2);
	list_replace(&items[0].node, &items[6].node);
	list_replace(&items[2].node, &items[7].node);
	CHECK_LIST(&head, 6, 5, 7);
}

HT_CASE(list_splice_init_moves_all_entries_in_order)
{
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items();
	list_add_tail(&items[0].node, &a);
	list_add_tail(&items[1].node, &a);
	list_add_tail(&items[2].node, &b);
	list_add_tail(&items[3].node, &b);
	list_splice_init(&b, &a);
	CHECK_LIST(&a, 2, 3, 0, 1);
	CHECK_EMPTY(&b);
	list_splice_init(&b, &a); /* splicing an empty list changes nothing */
	CHECK_LIST(&a, 2, 3, 0, 1);
	CHECK_EMPTY(&b);
	list_splice_init(&a, &b); /* into an empty list */
	CHECK_LIST(&b, 2, 3, 0, 1);
	CHECK_EMPTY(&a);
}

HT_CASE(list_splice_tail_init_appends_in_order)
{
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items();
	list_add_tail(&items[0].node, &a);
	list_add_tail(&items[1].node, &a);
	list_add_tail(&items[2].node, &b);
	list_add_tail(&items[3].node, &b);
	list_add_tail(&items[4].node, &b);
	list_splice_tail_init(&b, &a);
	CHECK_LIST(&a, 0, 1, 2, 3, 4);
	CHECK_EMPTY(&b);
	list_splice_tail_init(&b, &a);
	CHECK_LIST(&a, 0, 1, 2, 3, 4);
	list_add_tail(&items[5].node, &b);
	list_splice_tail_init(&b, &a); /* a single entry */
	CHECK_LIST(&a, 0, 1, 2, 3, 4, 5);
	CHECK_EMPTY(&b);
}

HT_CASE(entry_macros_find_the_containing_struct)
{
	LIST_HEAD(head);

	init_items();
	HT_EXPECT(list_first_entry_or_null(&head, struct item, node) == NULL);
	list_add_tail(&items[3].node, &head);
	list_add_tail(&items[4].node, &head);
	list_add_tail(&items[5].node, &head);
	HT_EXPECT(list_entry(&items[4].node, struct item, node) == &items[4]);
	HT_EXPECT(list_first_entry(&head, struct item, node) == &items[3]);
	HT_EXPECT(list_last_entry(&head, struct item, node) == &items[5]);
	HT_EXPECT(list_first_entry_or_null(&head, struct item, node) == &items[3]);
	HT_EXPECT(list_next_entry(&items[3], node) == &items[4]);
	HT_EXPECT(list_prev_entry(&items[5], node) == &items[4]);
	HT_EXPECT(list_is_first(&items[3].node, &head));
	HT_EXPECT(!list_is_first(&items[4].node, &head));
	HT_EXPECT(list_is_last(&items[5].node, &head));
	HT_EXPECT(!list_is_last(&items[4].node, &head));
	HT_EXPECT_EQ(list_first_entry(&head, struct item, node)->tail_marker, 103);
}

HT_CASE(iterators_visit_every_entry_in_order)
{
	LIST_HEAD(head);
	struct list_head *pos;
	struct item *it;
	int seen[8], n;

	init_items();
	n = 0;
	list_for_each (pos, &head)
		n++;
	HT_EXPECT_EQ(n, 0);
	n = 0;
	list_for_each_entry (it, &head, node)
		n++;
	HT_EXPECT_EQ(n, 0);

	for (int i = 0; i < 5; i++)
		list_add_tail(&items[i].node, &head);
	n = 0;
	list_for_each (pos, &head)
		seen[n++] = list_entry(pos, struct item, node)->id;
	HT_EXPECT_EQ(n, 5);
	for (int i = 0; i < n; i++)
		HT_EXPECT_EQ(seen[i], i);

	n = 0;
	list_for_each_entry (it, &head, node)
		seen[n++] = it->id;
	HT_EXPECT_EQ(n, 5);
	for (int i = 0; i < n; i++)
		HT_EXPECT_EQ(seen[i], i);

	n = 0;
	list_for_each_entry_reverse (it, &head, node)
		seen[n++] = it->id;
	HT_EXPECT_EQ(n, 5);
	for (int i = 0; i < n; i++)
		HT_EXPECT_EQ(seen[i], 4 - i);
}

/* The _safe iterators allow freeing the current entry: use heap entries so ASan sees misuse. */
HT_CASE(safe_iterators_allow_deleting_the_current_entry)
{
	LIST_HEAD(head);
	struct list_head *pos, *tmp;
	struct item *it, *next;
	int n = 0, sum = 0;

	for (int i = 0; i < 6; i++) {
		it = malloc(sizeof(*it));
		it->id = i;
		list_add_tail(&it->node, &head);
	}
	/* Free the odd ones with list_for_each_safe... */
	list_for_each_safe (pos, tmp, &head) {
		it = list_entry(pos, struct item, node);
		if (it->id % 2) {
			list_del(pos);
			free(it);
		}
	}
	{
		static const int evens[] = { 0, 2, 4 };

		check_list(__LINE__, &head, evens, 3);
	}
	/* ...and the rest with list_for_each_entry_safe. */
	list_for_each_entry_safe (it, next, &head, node) {
		sum += it->id;
		n++;
		list_del(&it->node);
		free(it);
	}
	HT_EXPECT_EQ(n, 3);
	HT_EXPECT_EQ(sum, 6);
	CHECK_EMPTY(&head);
}

HT_CASE(an_entry_can_be_on_two_lists_through_two_heads)
{
	struct two {
		int id;
		struct list_head by_age, by_name;
	} a = { .id = 1 }, b = { .id = 2 };
	LIST_HEAD(ages);
	LIST_HEAD(names);
	struct two *pos;
	int order[2], n = 0;

	list_add_tail(&a.by_age, &ages);
	list_add_tail(&b.by_age, &ages);
	list_add_tail(&b.by_name, &names);
	list_add_tail(&a.by_name, &names);
	list_for_each_entry (pos, &names, by_name)
		order[n++] = pos->id;
	HT_EXPECT_EQ(n, 2);
	HT_EXPECT_EQ(order[0], 2);
	HT_EXPECT_EQ(order[1], 1);
	HT_EXPECT(list_first_entry(&ages, struct two, by_age) == &a);
	list_del(&a.by_name);
	HT_EXPECT(list_is_singular(&names));
	HT_EXPECT_EQ(list_count_nodes(&ages), 2);
}

HT_MAIN("lib_list", heads_start_empty, list_add_inserts_at_front_and_add_tail_at_back,
	list_del_unlinks_and_poisons, list_poison_values_are_non_canonical,
	list_del_init_leaves_an_empty_list, list_move_and_move_tail_change_lists,
	list_replace_takes_the_old_entrys_place, list_splice_init_moves_all_entries_in_order,
	list_splice_tail_init_appends_in_order, entry_macros_find_the_containing_struct,
	iterators_visit_every_entry_in_order, safe_iterators_allow_deleting_the_current_entry,
	an_entry_can_be_on_two_lists_through_two_heads)
