/* SPDX-License-Identifier: MIT */
/*
 * Red-black tree rebalancing: how insertion and removal restore the four rules of lib/rbtree.h.
 *
 *   1. every node is red or black;     3. a red node has no red child;
 *   2. the root is black;              4. every path down to an empty subtree has the same
 *                                         number of black nodes (the "black height").
 *
 * Each case is written once. `dir` says on which side of its parent the node being looked at
 * hangs (LEFT or RIGHT), and the mirror image of a case is the same code with `dir` flipped, so
 * the pictures below are drawn for dir == LEFT only.
 *
 * In the pictures a lower-case letter is a red node, an UPPER-case letter a black one, "x?" a
 * node of either colour, and a Greek letter a subtree (maybe empty) that is moved whole.
 */
#include "lib/rbtree.h"

enum { LEFT = 0, RIGHT = 1 };

/* The child slot of node on side dir. */
static struct rb_node **child(struct rb_node *node, int dir)
{
	return dir == LEFT ? &node->rb_left : &node->rb_right;
}

/*
 * The side of parent that node hangs on. node may be NULL, the empty subtree on one side: that
 * is only asked when the other side is not empty, so an empty left slot means node is on the left.
 */
static int side_of(const struct rb_node *node, const struct rb_node *parent)
{
	return parent->rb_left == node ? LEFT : RIGHT;
}

/* Empty subtrees count as black (rule 4 counts them as the black leaves of the textbook). */
static bool is_black(const struct rb_node *node)
{
	return !node || node->rb_color == RB_BLACK;
}

static bool is_red(const struct rb_node *node)
{
	return !is_black(node);
}

/* Make new take old's place as a child of parent, or as the root if parent is NULL. */
static void replace_child(struct rb_root *root, struct rb_node *parent, struct rb_node *old,
			  struct rb_node *new)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotate node down towards side dir; its child on the other side, up, takes its place.
 *
 *	      node                     up
 *	     /    \                   /  \
 *	    α      up       =>     node   γ
 *	          /  \            /    \
 *	         β    γ          α      β
 *
 * The in-order sequence α node β up γ is unchanged, so the tree is still sorted; only depths
 * change. Colours are left alone: the caller repaints.
 */
static void rotate(struct rb_root *root, struct rb_node *node, int dir)
{
	struct rb_node *parent = node->rb_parent;
	struct rb_node *up = *child(node, !dir);
	struct rb_node *beta = *child(up, dir);

	*child(node, !dir) = beta;
	if (beta)
		beta->rb_parent = node;
	*child(up, dir) = node;
	node->rb_parent = up;
	up->rb_parent = parent;
	replace_child(root, parent, node, up);
}

/*
 * node was just linked in red, so rules 1, 2 and 4 hold and rule 3 may be broken between node
 * and its parent. Each round either fixes that for good or moves the red-red pair two levels up.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	for (;;) {
		struct rb_node *parent = node->rb_parent, *gparent, *uncle;
		int dir;

		if (!parent) {
			/* node is the root: black adds one to every path alike (rules 2 and 4). */
			node->rb_color = RB_BLACK;
			return;
		}
		if (parent->rb_color == RB_BLACK)
			return; /* no red-red pair left */

		/* parent is red, so it is not the root (rule 2) and its parent is black. */
		gparent = parent->rb_parent;
		dir = side_of(parent, gparent);
		uncle = *child(gparent, !dir);

		if (is_red(uncle)) {
			/*
			 * Case 1, red uncle: push gparent's black down to both its children.
			 *
			 *	      G                g     <- may now have a red parent
			 *	     / \              / \
			 *	    p   u     =>     P   U
			 *	    |                |
			 *	    n                n
			 *
			 * Every path through G still passes one black, so rule 4 holds; the problem,
			 * if any, is now between g and its parent: go round again from there.
			 */
			parent->rb_color = RB_BLACK;
			uncle->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			node = gparent;
			continue;
		}

		if (node == *child(parent, !dir)) {
			/*
			 * Case 2, black uncle and node is an inner grandchild (a right child of a
			 * left child): rotate parent down so that the red pair lines up on the
			 * outside, which is case 3 with the roles of node and parent swapped.
			 *
			 *	      G                  G
			 *	     / \                / \
			 *	    p   U     =>       n   U
			 *	   / \                / \
			 *	  α   n              p   γ
			 *	     / \            / \
			 *	    β   γ          α   β
			 */
			rotate(root, parent, dir);
			parent = node;
		}

		/*
		 * Case 3, black uncle and node is an outer grandchild: rotate gparent towards the
		 * uncle and swap the colours of parent and gparent.
		 *
		 *	        G                 P
		 *	       / \               / \
		 *	      p   U     =>      n   g
		 *	     / \                   / \
		 *	    n   β                 β   U
		 *
		 * The paths through n, β and U each still pass exactly one of the black nodes
		 * G/P, and the top of this subtree is black, so nothing above can see a change.
		 */
		rotate(root, gparent, !dir);
		parent->rb_color = RB_BLACK;
		gparent->rb_color = RB_RED;
		return;
	}
}

/*
 * After a black node was removed, the subtree x (maybe empty) under parent is one black short of
 * its sibling's side: x "carries an extra black" that must be placed somewhere. A red x can simply
 * turn black; otherwise the cases below either place it or move it one level up.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *x, struct rb_node *parent)
{
	while (x != root->rb_node && is_black(x)) {
		int dir = side_of(x, parent);
		/* x's side is short, so the other side has a black node at least: sib exists. */
		struct rb_node *sib = *child(parent, !dir);

		if (is_red(sib)) {
			/*
			 * Case 1, red sibling: rotate it up and swap its colour with parent's. Black
			 * heights are unchanged, and x's new sibling (β, black since S was red) lets
			 * one of cases 2-4 finish the job, with a red parent.
			 *
			 *	      P                  S
			 *	     / \                / \
			 *	    x   s      =>      p   γ
			 *	       / \            / \
			 *	      β   γ          x   β
			 */
			sib->rb_color = RB_BLACK;
			parent->rb_color = RB_RED;
			rotate(root, parent, dir);
			sib = *child(parent, !dir);
		}

		if (is_black(sib->rb_left) && is_black(sib->rb_right)) {
			/*
			 * Case 2, black sibling with two black children: paint the sibling red. Now
			 * both sides of parent are one short, so parent's whole subtree is: the extra
			 * black moves up to parent. If parent is red, the loop ends and paints it.
			 *
			 *	     p?                 p?   <- carries the extra black now
			 *	    / \                / \
			 *	   x   S      =>      x   s
			 *	      / \                / \
			 *	     B   C              B   C
			 */
			sib->rb_color = RB_RED;
			x = parent;
			parent = x->rb_parent;
			continue;
		}

		if (is_black(*child(sib, !dir))) {
			/*
			 * Case 3, black sibling whose far child is black and near child red: rotate
			 * the sibling away from x and swap colours, so x's sibling has a red far child,
			 * which is case 4.
			 *
			 *	    p?                  p?
			 *	   / \                 / \
			 *	  x   S       =>      x   N
			 *	     / \                   \
			 *	    n   F                   s
			 *	                             \
			 *	                              F
			 */
			(*child(sib, dir))->rb_color = RB_BLACK;
			sib->rb_color = RB_RED;
			rotate(root, sib, !dir);
			sib = *child(parent, !dir);
		}

		/*
		 * Case 4, black sibling with a red far child: rotate parent down towards x. The
		 * sibling takes parent's place and colour, parent turns black above x (the missing
		 * black), and the far child turns black to make up for the sibling that left its side.
		 *
		 *	    p?                  s?
		 *	   / \                 /  \
		 *	  x   S       =>      P    F
		 *	     / \             / \
		 *	    β   f           x   β
		 */
		sib->rb_color = parent->rb_color;
		parent->rb_color = RB_BLACK;
		(*child(sib, !dir))->rb_color = RB_BLACK;
		rotate(root, parent, dir);
		return;
	}
	if (x)
		x->rb_color = RB_BLACK;
}

/*
 * Unlink a node with at most one child: the child (or nothing) takes its place. Returns the colour
 * that left the tree, and where the hole is (*x under *parent).
 */
static unsigned char unlink_simple(struct rb_root *root, struct rb_node *node, struct rb_node **x,
				   struct rb_node **parent)
{
	*x = node->rb_left ? node->rb_left : node->rb_right;
	*parent = node->rb_parent;
	replace_child(root, *parent, node, *x);
	if (*x)
		(*x)->rb_parent = *parent;
	return node->rb_color;
}

/*
 * Unlink a node with two children. Its in-order successor succ (the leftmost node of its right
 * subtree, which has no left child) moves into node's place and takes node's colour, so the tree
 * loses a node where succ was, with succ's colour: that is the hole the fixup must mend.
 */
static unsigned char unlink_with_successor(struct rb_root *root, struct rb_node *node,
					   struct rb_node **x, struct rb_node **parent)
{
	struct rb_node *succ = node->rb_right;
	unsigned char color;

	while (succ->rb_left)
		succ = succ->rb_left;
	color = succ->rb_color;
	*x = succ->rb_right;
	if (succ == node->rb_right) {
		*parent = succ; /* succ keeps its right subtree, now in the hole */
	} else {
		*parent = succ->rb_parent;
		(*parent)->rb_left = *x;
		if (*x)
			(*x)->rb_parent = *parent;
		succ->rb_right = node->rb_right;
		succ->rb_right->rb_parent = succ;
	}
	succ->rb_left = node->rb_left;
	succ->rb_left->rb_parent = succ;
	succ->rb_parent = node->rb_parent;
	replace_child(root, node->rb_parent, node, succ);
	succ->rb_color = node->rb_color;
	return color;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *x, *parent;
	unsigned char removed;

	if (node->rb_left && node->rb_right)
		removed = unlink_with_successor(root, node, &x, &parent);
	else
		removed = unlink_simple(root, node, &x, &parent);
	/* Removing a red node changes no black height and cannot make a red-red pair. */
	if (removed == RB_BLACK)
		erase_fixup(root, x, parent);
}

/* The last node of the subtree at node going always towards dir. */
static struct rb_node *extreme(struct rb_node *node, int dir)
{
	if (node)
		while (*child(node, dir))
			node = *child(node, dir);
	return node;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return extreme(root->rb_node, LEFT);
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return extreme(root->rb_node, RIGHT);
}

/*
 * The neighbour of node in direction dir (RIGHT: the next node, LEFT: the previous one): the
 * nearest node of the subtree on that side, or else the first ancestor we reach from that side.
 */
static struct rb_node *step(const struct rb_node *cnode, int dir)
{
	struct rb_node *node = (struct rb_node *)cnode, *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (*child(node, dir))
		return extreme(*child(node, dir), !dir);
	while ((parent = node->rb_parent) && node == *child(parent, dir))
		node = parent;
	return parent;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	return step(node, RIGHT);
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	return step(node, LEFT);
}
