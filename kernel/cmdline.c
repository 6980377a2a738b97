/* SPDX-License-Identifier: MIT */
#include "kernel/cmdline.h"

#include "kernel/boot_info.h"
#include "kernel/printk/printk.h"
#include "lib/ctype.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

static char cmdline[BOOT_CMDLINE_MAX]; /* written once at boot, read-only afterwards */

void cmdline_init(const char *text)
{
	strscpy(cmdline, text, sizeof(cmdline));
}

/*
 * Find the word for name: returns a pointer to its value ("" for a bare name, or the text after
 * '=') and the value's length, or NULL.
 */
static const char *find_param(const char *name, size_t *value_len)
{
	size_t name_len = strlen(name);
	const char *p = cmdline;

	while (*p) {
		const char *word = p, *end;

		while (*p && !isspace((unsigned char)*p))
			p++;
		end = p;
		while (*p && isspace((unsigned char)*p))
			p++;
		if ((size_t)(end - word) < name_len || strncmp(word, name, name_len) != 0)
			continue;
		if (word + name_len == end) {
			*value_len = 0;
			return end;
		}
		if (word[name_len] == '=') {
			*value_len = end - (word + name_len + 1);
			return word + name_len + 1;
		}
	}
	return NULL;
}

bool cmdline_param(const char *name, char *buf, size_t size)
{
	size_t len;
	const char *value = find_param(name, &len);

	if (!value)
		return false;
	if (size) {
		len = min(len, size - 1);
		memcpy(buf, value, len);
		buf[len] = '\0';
	}
	return true;
}

bool cmdline_has(const char *name)
{
	size_t len;

	return find_param(name, &len) != NULL;
}

bool cmdline_has_value(const char *name, const char *value)
{
	size_t len;
	const char *v = find_param(name, &len);

	return v && len == strlen(value) && strncmp(v, value, len) == 0;
}

unsigned long long cmdline_ull(const char *name, unsigned long long def)
{
	char buf[32];
	unsigned long long val;

	if (!cmdline_param(name, buf, sizeof(buf)))
		return def;
	if (kstrtoull(buf, 0, &val) != 0) {
		pr_warn("cmdline: %s=%s is not a number; using %llu\n", name, buf, def);
		return def;
	}
	return val;
}
