/* SPDX-License-Identifier: MIT */
/*
 * Lists that RCU readers traverse while an updater (holding the list's lock) changes them. An
 * insertion publishes the new entry with a release store, so a reader that finds it sees it
 * initialised; a removal leaves the entry's next pointer intact, so a reader standing on it
 * can still walk on. The removed entry may be freed only after a grace period (call_rcu).
 */
#ifndef KERNEL_RCU_RCULIST_H
#define KERNEL_RCU_RCULIST_H

#include "kernel/rcu/rcu.h"
#include "lib/list.h"

static inline void __list_add_rcu(struct list_head *entry, struct list_head *prev,
				  struct list_head *next)
{
	entry->next = next;
	entry->prev = prev;
	rcu_assign_pointer(prev->next, entry); /* the moment readers can see it */
	next->prev = entry;
}

static inline void list_add_rcu(struct list_head *entry, struct list_head *head)
{
	__list_add_rcu(entry, head, head->next);
}

static inline void list_add_tail_rcu(struct list_head *entry, struct list_head *head)
{
	__list_add_rcu(entry, head->prev, head);
}

/* Unlink entry; readers already on it may still follow entry->next. */
static inline void list_del_rcu(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	WRITE_ONCE(entry->prev->next, entry->next);
	entry->prev = LIST_POISON_PREV; /* readers only go forward */
}

/* Replace old by new in one store, as readers see it. */
static inline void list_replace_rcu(struct list_head *old, struct list_head *new)
{
	new->next = old->next;
	new->prev = old->prev;
	rcu_assign_pointer(new->prev->next, new);
	new->next->prev = new;
	old->prev = LIST_POISON_PREV;
}

#define list_entry_rcu(ptr, type, member) container_of(READ_ONCE(ptr), type, member)

/* Walk the list inside an RCU reader. */
#define list_for_each_entry_rcu(pos, head, member)                                                 \
	for (pos = list_entry_rcu((head)->next, __typeof__(*pos), member);                         \
	     &pos->member != (head); pos = list_entry_rcu(pos->member.next, __typeof__(*pos), member))

#endif
