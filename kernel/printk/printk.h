/* SPDX-License-Identifier: MIT */
/*
 * printk: the kernel log. Every message is stamped with the time since boot, kept in a ring
 * buffer (so a console registered late, like the framebuffer, can replay the boot), and written
 * to every registered console if its level is below the console log level.
 *
 * Levels are a prefix in the format string, as in Linux: printk(KERN_ERR "disk on fire\n"), or
 * through the pr_*() helpers. A message without a level is KERN_INFO.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>

#include "lib/compiler.h"
#include "lib/types.h"

#define KERN_SOH     "\001" /* "start of header": the next character is the level */
#define KERN_EMERG   KERN_SOH "0"
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6"
#define KERN_DEBUG   KERN_SOH "7"
/* Continue the previous line: no timestamp, same level. */
#define KERN_CONT    KERN_SOH "c"

#define LOGLEVEL_DEFAULT	 6 /* KERN_INFO */
#define CONSOLE_LOGLEVEL_DEFAULT 7 /* print everything but debug */

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);

/*
 * A line for machines to read (KTAP): logged and written at KERN_INFO like any message, but
 * without the timestamp, so that a KTAP reader sees exactly the text. fmt must end with "\n".
 */
__printf(1, 2) int printk_unstamped(const char *fmt, ...);

#define pr_emerg(fmt, ...)  printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...)  printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)   printk(KERN_CONT fmt, ##__VA_ARGS__)

/*
 * A console: somewhere log text goes. write() gets text with "\n" line ends and must not sleep
 * or allocate; it may be called with interrupts disabled and from a panic.
 */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *text, size_t len);
	bool replay;	      /* on registration, write out what the log already holds */
	struct console *next; /* the console list; changed only under the log lock */
};

void register_console(struct console *con);

/* Messages with a level number below this reach the consoles (loglevel= on the command line). */
extern int console_loglevel;

/*
 * After a panic has begun, printk skips the log lock (its holder may be the CPU that died) and
 * writes straight to the consoles.
 */
void printk_enter_panic(void);
/* A panic inside a ktest case was recovered from: back to normal locking and levels. */
void printk_exit_panic(void);

/*
 * Write text to the consoles without putting it in the log: what user programs write to the
 * console (the terminal, as far as they know). Any context but a panic.
 */
void console_write_text(const char *text, size_t len);

/* Copy the newest part of the log (at most size - 1 bytes) into buf, NUL-terminated. */
size_t log_buf_copy(char *buf, size_t size);

#endif
