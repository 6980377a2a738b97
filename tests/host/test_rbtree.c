/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/rbtree.c, under ASan and UBSan.
 *
 * After every change the whole tree is checked: the four red-black rules, parent pointers that
 * match the child pointers, keys in order, and the same keys as a model (an array saying which
 * keys are in the tree), walked both forwards and backwards.
 */
/*
 * lib/compiler.h before any glibc header: glibc's <sys/cdefs.h> replaces an earlier
 * __always_inline quietly, but compiler.h redefining glibc's is an error.
 */
#include "lib/compiler.h"

#include <stdint.h>
#include <stdlib.h>

#include "tests/host/hosttest.h"

#include "lib/rbtree.h"

#define NR_KEYS	   512
#define RANDOM_OPS 20000

struct item {
	int key;
	struct rb_node node;
	int tail_marker; /* after node, so rb_entry() must really subtract the offset */
};

static struct item items[NR_KEYS];
static bool in_tree[NR_KEYS]; /* the model */

static struct item *item_of(const struct rb_node *node)
{
	return rb_entry(node, struct item, node);
}

/* The usual caller-driven descent; equal keys go right, so duplicates keep insertion order. */
static void insert(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (it->key < item_of(parent)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&it->node, parent, link);
	rb_insert_color(&it->node, root);
}

static struct item *search(struct rb_root *root, int key)
{
	struct rb_node *node = root->rb_node;

	while (node) {
		if (key < item_of(node)->key)
			node = node->rb_left;
		else if (key > item_of(node)->key)
			node = node->rb_right;
		else
			return item_of(node);
	}
	return NULL;
}

static void reset(struct rb_root *root)
{
	*root = RB_ROOT;
	for (int i = 0; i < NR_KEYS; i++) {
		items[i].key = i;
		items[i].tail_marker = 1000 + i;
		RB_CLEAR_NODE(&items[i].node);
		in_tree[i] = false;
	}
}

/*
 * Check the subtree at node (whose parent must be `parent`) and return its black height, counting
 * the empty subtrees below as black; -1 after reporting a broken rule. *nodes counts its nodes.
 */
static int check_subtree(int line, const struct rb_node *node, const struct rb_node *parent,
			 int *nodes)
{
	int left, right;

	if (!node)
		return 1;
	(*nodes)++;
	if (node->rb_parent != parent) {
		ht_fail("line %d: key %d has a wrong parent pointer", line, item_of(node)->key);
		return -1;
	}
	if (node->rb_color != RB_RED && node->rb_color != RB_BLACK) {
		ht_fail("line %d: key %d has colour %d", line, item_of(node)->key, node->rb_color);
		return -1;
	}
	if (node->rb_color == RB_RED && ((node->rb_left && node->rb_left->rb_color == RB_RED) ||
					 (node->rb_right && node->rb_right->rb_color == RB_RED))) {
		ht_fail("line %d: red key %d has a red child", line, item_of(node)->key);
		return -1;
	}
	left = check_subtree(line, node->rb_left, node, nodes);
	right = check_subtree(line, node->rb_right, node, nodes);
	if (left < 0 || right < 0)
		return -1;
	if (left != right) {
		ht_fail("line %d: key %d has black heights %d (left) and %d (right)", line,
			item_of(node)->key, left, right);
		return -1;
	}
	return left + (node->rb_color == RB_BLACK);
}

/* The keys in the tree, in both walking directions, are exactly the model's, in order. */
static void check_contents(int line, const struct rb_root *root, int nodes)
{
	struct rb_node *node = rb_first(root);
	int seen = 0;

	for (int key = 0; key < NR_KEYS; key++) {
		if (!in_tree[key])
			continue;
		if (!node || item_of(node)->key != key) {
			ht_fail("line %d: in-order walk gives key %d where the model has %d", line,
				node ? item_of(node)->key : -1, key);
			return;
		}
		if (item_of(node)->tail_marker != 1000 + key) {
			ht_fail("line %d: key %d's item is corrupt", line, key);
			return;
		}
		node = rb_next(node);
		seen++;
	}
	if (node || seen != nodes)
		ht_fail("line %d: tree has %d nodes, the model %d", line, nodes, seen);
	node = rb_last(root);
	for (int key = NR_KEYS - 1; key >= 0; key--) {
		if (!in_tree[key])
			continue;
		if (!node || item_of(node)->key != key) {
			ht_fail("line %d: reverse walk gives key %d where the model has %d", line,
				node ? item_of(node)->key : -1, key);
			return;
		}
		node = rb_prev(node);
	}
}

/* Returns false after reporting, so a random run stops at the first broken operation. */
static bool check_tree(int line, const struct rb_root *root)
{
	int before = ht_case_failed, nodes = 0;

	ht_case_failed = 0;
	if (root->rb_node && root->rb_node->rb_color != RB_BLACK)
		ht_fail("line %d: the root is red", line);
	if (check_subtree(line, root->rb_node, NULL, &nodes) >= 0)
		check_contents(line, root, nodes);
	if (ht_case_failed)
		return false;
	ht_case_failed = before;
	return true;
}

#define CHECK_TREE(root) check_tree(__LINE__, root)

static int height(const struct rb_node *node)
{
	int l, r;

	if (!node)
		return 0;
	l = height(node->rb_left);
	r = height(node->rb_right);
	return 1 + (l > r ? l : r);
}

/* 2 * log2(n + 1), rounded down: the bound the rules promise. */
static int max_height(int n)
{
	int log = 0;

	while ((2 << log) <= n + 1)
		log++;
	return 2 * log;
}

static void add(struct rb_root *root, int key)
{
	insert(root, &items[key]);
	in_tree[key] = true;
}

static void del(struct rb_root *root, int key)
{
	rb_erase(&items[key].node, root);
	RB_CLEAR_NODE(&items[key].node);
	in_tree[key] = false;
}

HT_CASE(empty_tree_has_no_first_or_last)
{
	struct rb_root root;

	reset(&root);
	HT_EXPECT(RB_EMPTY_ROOT(&root));
	HT_EXPECT(rb_first(&root) == NULL);
	HT_EXPECT(rb_last(&root) == NULL);
	HT_EXPECT(RB_EMPTY_NODE(&items[0].node));
	HT_EXPECT(rb_next(&items[0].node) == NULL);
	HT_EXPECT(rb_entry_safe(rb_first(&root), struct item, node) == NULL);
}

HT_CASE(single_node_is_black_root)
{
	struct rb_root root;

	reset(&root);
	add(&root, 7);
	HT_EXPECT(root.rb_node == &items[7].node);
	HT_EXPECT_EQ(items[7].node.rb_color, RB_BLACK);
	HT_EXPECT(rb_first(&root) == &items[7].node && rb_last(&root) == &items[7].node);
	HT_EXPECT(rb_next(&items[7].node) == NULL && rb_prev(&items[7].node) == NULL);
	CHECK_TREE(&root);
	del(&root, 7);
	HT_EXPECT(RB_EMPTY_ROOT(&root));
}

/* Sorted input is the worst case for an unbalanced tree: it would become a list. */
HT_CASE(ascending_and_descending_inserts_stay_balanced)
{
	struct rb_root root;

	reset(&root);
	for (int k = 0; k < NR_KEYS; k++) {
		add(&root, k);
		if (!CHECK_TREE(&root))
			return;
	}
	HT_EXPECT(height(root.rb_node) <= max_height(NR_KEYS));
	for (int k = 0; k < NR_KEYS; k++) {
		del(&root, k);
		if (!CHECK_TREE(&root))
			return;
	}
	HT_EXPECT(RB_EMPTY_ROOT(&root));

	for (int k = NR_KEYS - 1; k >= 0; k--) {
		add(&root, k);
		if (!CHECK_TREE(&root))
			return;
	}
	HT_EXPECT(height(root.rb_node) <= max_height(NR_KEYS));
	HT_EXPECT_EQ(item_of(rb_first(&root))->key, 0);
	HT_EXPECT_EQ(item_of(rb_last(&root))->key, NR_KEYS - 1);
}

/* Erasing the root over and over exercises the two-children case at every size. */
HT_CASE(erasing_the_root_repeatedly_keeps_rules)
{
	struct rb_root root;

	reset(&root);
	for (int k = 0; k < 100; k++)
		add(&root, (k * 37) % 100);
	while (!RB_EMPTY_ROOT(&root)) {
		del(&root, item_of(root.rb_node)->key);
		if (!CHECK_TREE(&root))
			return;
	}
}

HT_CASE(next_and_prev_walk_neighbours)
{
	struct rb_root root;
	const int keys[] = { 50, 20, 80, 10, 30, 70, 90, 25, 35, 75 };

	reset(&root);
	for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
		add(&root, keys[i]);
	CHECK_TREE(&root);
	HT_EXPECT_EQ(item_of(rb_next(&items[35].node))->key, 50); /* up through two ancestors */
	HT_EXPECT_EQ(item_of(rb_prev(&items[70].node))->key, 50);
	HT_EXPECT_EQ(item_of(rb_next(&items[20].node))->key, 25); /* down the right subtree */
	HT_EXPECT_EQ(item_of(rb_prev(&items[80].node))->key, 75);
	HT_EXPECT(rb_next(&items[90].node) == NULL);
	HT_EXPECT(rb_prev(&items[10].node) == NULL);
	HT_EXPECT(search(&root, 75) == &items[75]);
	HT_EXPECT(search(&root, 76) == NULL);
}

/* Equal keys are allowed if the caller descends to one side: they come out in insertion order. */
HT_CASE(duplicate_keys_keep_insertion_order)
{
	struct rb_root root;

	reset(&root);
	for (int i = 0; i < 64; i++) {
		items[i].key = 5;
		insert(&root, &items[i]);
	}
	int i = 0;
	for (struct rb_node *n = rb_first(&root); n; n = rb_next(n), i++)
		HT_EXPECT(n == &items[i].node);
	HT_EXPECT_EQ(i, 64);
}

static uint64_t xorshift(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/*
 * Random inserts and erases (biased towards growth for the first half, shrinkage for the second,
 * so the tree goes through every size), with the whole tree checked after each one.
 */
HT_CASE(random_inserts_and_erases_match_model)
{
	struct rb_root root;
	uint64_t seed = 0x7265646e6f646521ull;
	int size = 0, max_size = 0;

	reset(&root);
	for (int op = 0; op < RANDOM_OPS; op++) {
		int key = (int)(xorshift(&seed) % NR_KEYS);
		int grow_percent = op < RANDOM_OPS / 2 ? 70 : 30;
		bool want_insert = (int)(xorshift(&seed) % 100) < grow_percent;

		if (want_insert && !in_tree[key]) {
			add(&root, key);
			size++;
		} else if (!want_insert && in_tree[key]) {
			del(&root, key);
			size--;
		}
		if (size > max_size)
			max_size = size;
		if (!CHECK_TREE(&root)) {
			ht_fail("after operation %d (key %d)", op, key);
			return;
		}
		if (height(root.rb_node) > max_height(size)) {
			ht_fail("height %d for %d nodes", height(root.rb_node), size);
			return;
		}
	}
	HT_EXPECT(max_size > NR_KEYS / 2);
}

HT_MAIN("lib_rbtree", empty_tree_has_no_first_or_last, single_node_is_black_root,
	ascending_and_descending_inserts_stay_balanced, erasing_the_root_repeatedly_keeps_rules,
	next_and_prev_walk_neighbours, duplicate_keys_keep_insertion_order,
	random_inserts_and_erases_match_model)
