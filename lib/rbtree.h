/* SPDX-License-Identifier: MIT */
/*
 * Red-black trees, intrusive as Linux has them.
 *
 * A struct rb_node is embedded in each object, and a struct rb_root names the tree. The tree
 * knows nothing about keys: the caller walks down from the root comparing its own keys, links
 * the new node where the walk fell off the tree (rb_link_node()), and then asks the tree to
 * restore its balance (rb_insert_color()). So the comparison is ordinary inline C in the caller,
 * with no function pointers, and the caller can refuse an insertion on the way down (an
 * overlapping interval, say). Insertion, removal and lookup are O(log n):
 *
 *	struct thing { unsigned long key; struct rb_node node; };
 *
 *	void thing_insert(struct rb_root *root, struct thing *new)
 *	{
 *		struct rb_node **link = &root->rb_node, *parent = NULL;
 *
 *		while (*link) {
 *			parent = *link;
 *			if (new->key < rb_entry(parent, struct thing, node)->key)
 *				link = &parent->rb_left;
 *			else
 *				link = &parent->rb_right;
 *		}
 *		rb_link_node(&new->node, parent, link);
 *		rb_insert_color(&new->node, root);
 *	}
 *
 * The rules that keep the tree balanced (lib/rbtree.c shows how each change restores them):
 *   1. every node is red or black;
 *   2. the root is black;
 *   3. a red node has no red child;
 *   4. every path from a node down to an empty subtree passes the same number of black nodes.
 * Together they mean the longest path from the root is at most twice the shortest, so the height
 * is at most 2 * log2(n + 1).
 *
 * Linux packs the colour into the low bit of the parent pointer to save a word per node; here
 * they are separate fields, so a debugger shows both plainly.
 *
 * None of this locks: whoever owns the tree says which lock protects it.
 */
#ifndef LIB_RBTREE_H
#define LIB_RBTREE_H

#include "lib/compiler.h"
#include "lib/types.h"

#define RB_RED	 0
#define RB_BLACK 1

struct rb_node {
	struct rb_node *rb_parent; /* NULL for the root; the node itself while out of any tree */
	struct rb_node *rb_left;   /* smaller keys */
	struct rb_node *rb_right;  /* larger keys (or equal, if the caller allows duplicates) */
	unsigned char rb_color;	   /* RB_RED or RB_BLACK */
};

struct rb_root {
	struct rb_node *rb_node; /* NULL for an empty tree */
};

#define RB_ROOT                                                                                    \
	(struct rb_root)                                                                           \
	{                                                                                          \
		NULL                                                                               \
	}

/* The object of type `type` whose `member` is the rb_node ptr. */
#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/* Like rb_entry(), but NULL stays NULL: for the results of rb_first(), rb_next() and friends. */
#define rb_entry_safe(ptr, type, member)                                                           \
	({                                                                                         \
		struct rb_node *__rb = (ptr);                                                      \
		__rb ? rb_entry(__rb, type, member) : NULL;                                        \
	})

#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)

/*
 * Mark a node as being in no tree, and test for that mark. rb_erase() does not set it: a caller
 * that wants to tell later whether its object is linked clears the node itself after erasing.
 */
#define RB_CLEAR_NODE(node) ((node)->rb_parent = (node))
#define RB_EMPTY_NODE(node) ((node)->rb_parent == (node))

static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return node->rb_parent;
}

/*
 * Hang a new node at *link, the empty child slot of parent (NULL for an empty tree) where the
 * caller's descent ended. The node is red: that adds no black node to any path, so only rule 3
 * can be broken, and rb_insert_color() must be called next to repair it.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_left = NULL;
	node->rb_right = NULL;
	node->rb_color = RB_RED;
	*link = node;
}

/* Rebalance after rb_link_node() put node in the tree. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);

/* Take node out of the tree and rebalance. The node's own fields are left stale. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* The smallest / largest node, or NULL for an empty tree. O(log n). */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);

/* The node after / before node in key order, or NULL at the end. O(1) on average. */
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif
