/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: space-separated words, each "name" or "name=value". Values may be
 * lists ("ktest=lib,boot_info"); nothing here interprets them.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "lib/types.h"

/* Keep a copy of the command line (called once, first thing in kmain). */
void cmdline_init(const char *cmdline);

/*
 * Copy the value of the first "name=value" into buf (NUL-terminated, truncated to size). Returns
 * true if the parameter is present; a bare "name" has the value "".
 */
bool cmdline_param(const char *name, char *buf, size_t size);

/* Is "name" or "name=..." present? */
bool cmdline_has(const char *name);

/* Is "name=value" present, exactly? */
bool cmdline_has_value(const char *name, const char *value);

/*
 * Parse "name=N" as an unsigned number (any base kstrtoull accepts). Returns def if absent, and
 * def with a warning if the value is not a number.
 */
unsigned long long cmdline_ull(const char *name, unsigned long long def);

#endif
