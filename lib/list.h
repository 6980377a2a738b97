/* SPDX-License-Identifier: MIT */
/*
 * Intrusive circular doubly linked lists, as Linux has them.
 *
 * A struct list_head is embedded in each element, and one more serves as the list's head: an
 * empty list is a head whose next and prev point at itself. Because the links live inside the
 * elements, adding and removing never allocates, and an element can sit on several lists at once
 * through several list_heads. list_entry() (container_of()) gets from a link back to its element:
 *
 *	struct task { int pid; struct list_head node; };
 *	LIST_HEAD(run_queue);
 *	list_add_tail(&t->node, &run_queue);
 *	list_for_each_entry(t, &run_queue, node)
 *		printk("%d\n", t->pid);
 *
 * None of this locks: whoever owns the list says which lock protects it.
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include "lib/compiler.h"
#include "lib/types.h"

struct list_head {
	struct list_head *next, *prev;
};

/*
 * list_del() leaves these in the removed entry's links. They are non-canonical addresses (bits
 * 63..47 differ), so following a link of a deleted entry takes a #GP fault at once instead of
 * quietly walking freed memory, and the value in the fault report says which link it was.
 */
#define LIST_POISON_NEXT ((struct list_head *)0xdead00000000a100UL)
#define LIST_POISON_PREV ((struct list_head *)0xdead00000000b200UL)

#define LIST_HEAD_INIT(name)                                                                       \
	{                                                                                          \
		&(name), &(name)                                                                   \
	}
/* Define and initialise an empty list head called name. */
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/* Link entry in between two adjacent entries prev and next. */
static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Insert entry right after head: at the front, for a stack. */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/* Insert entry right before head: at the back, for a queue. */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

/* Join prev and next, dropping whatever was between them. */
static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

/*
 * Unlink entry from its list and poison its links: it is on no list now, and must not be used as
 * one until it is added again or re-initialised.
 */
static inline void list_del(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	entry->next = LIST_POISON_NEXT;
	entry->prev = LIST_POISON_PREV;
}

/* Unlink entry and make it an empty list of its own, so list_empty(entry) is then true. */
static inline void list_del_init(struct list_head *entry)
{
	__list_del(entry->prev, entry->next);
	INIT_LIST_HEAD(entry);
}

/* Put new in old's place on old's list. old's links are left as they were. */
static inline void list_replace(struct list_head *old, struct list_head *new)
{
	new->next = old->next;
	new->next->prev = new;
	new->prev = old->prev;
	new->prev->next = new;
}

/* Unlink entry from its list and insert it at the front of head. */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	__list_del(entry->prev, entry->next);
	list_add(entry, head);
}

/* Unlink entry from its list and insert it at the back of head. */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	__list_del(entry->prev, entry->next);
	list_add_tail(entry, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* The list has exactly one entry. */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

static inline bool list_is_first(const struct list_head *entry, const struct list_head *head)
{
	return entry->prev == head;
}

static inline bool list_is_last(const struct list_head *entry, const struct list_head *head)
{
	return entry->next == head;
}

/* Link the entries of a non-empty list between prev and next. */
static inline void __list_splice(const struct list_head *list, struct list_head *prev,
				 struct list_head *next)
{
	struct list_head *first = list->next;
	struct list_head *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/* Move all entries of list to the front of head, in order, and leave list empty. */
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/* Move all entries of list to the back of head, in order, and leave list empty. */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/* The element of type `type` whose `member` is the list_head ptr. */
#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* First and last elements; the list must not be empty. */
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member)  list_entry((head)->prev, type, member)

/* First element, or NULL if the list is empty. */
#define list_first_entry_or_null(head, type, member)                                               \
	({                                                                                         \
		struct list_head *__head = (head);                                                 \
		list_empty(__head) ? NULL : list_first_entry(__head, type, member);                \
	})

/* The element after / before pos on its list (pos must not be the last / first). */
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, __typeof__(*(pos)), member)

/* True when pos, an element cursor, has come back round to the head. */
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))

/* Iterate over the list_heads of a list. The body must not remove pos: see list_for_each_safe. */
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)

/* Iterate over the list_heads of a list; the body may remove (or free) pos. tmp is scratch. */
#define list_for_each_safe(pos, tmp, head)                                                         \
	for (pos = (head)->next, tmp = pos->next; pos != (head); pos = tmp, tmp = pos->next)

/* Iterate over the elements of a list. The body must not remove pos. */
#define list_for_each_entry(pos, head, member)                                                     \
	for (pos = list_first_entry(head, __typeof__(*pos), member);                               \
	     !list_entry_is_head(pos, head, member); pos = list_next_entry(pos, member))

/* Iterate over the elements of a list from the back. The body must not remove pos. */
#define list_for_each_entry_reverse(pos, head, member)                                             \
	for (pos = list_last_entry(head, __typeof__(*pos), member);                                \
	     !list_entry_is_head(pos, head, member); pos = list_prev_entry(pos, member))

/* Iterate over the elements of a list; the body may remove (or free) pos. tmp is scratch. */
#define list_for_each_entry_safe(pos, tmp, head, member)                                           \
	for (pos = list_first_entry(head, __typeof__(*pos), member),                               \
	    tmp = list_next_entry(pos, member);                                                    \
	     !list_entry_is_head(pos, head, member);                                               \
	     pos = tmp, tmp = list_next_entry(tmp, member))

/* Number of entries: walks the whole list. */
static inline size_t list_count_nodes(const struct list_head *head)
{
	const struct list_head *pos;
	size_t n = 0;

	list_for_each (pos, head)
		n++;
	return n;
}

#endif
