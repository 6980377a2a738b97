/* SPDX-License-Identifier: MIT */
/*
 * The kernel log: format, stamp, keep, and hand to the consoles.
 *
 * One lock (log_lock) protects the ring buffer and the console list, and is held while the
 * consoles write, so lines from different CPUs never interleave mid-line. It is taken with
 * interrupts disabled, which makes printk safe from any context. A panic bypasses the lock.
 */
#include "kernel/printk/printk.h"

#include <asm/cpu.h>
#include <asm/spinlock_raw.h>

#include "kernel/time/time.h"
#include "lib/printf.h"
#include "lib/string.h"

#define LOG_BUF_SIZE (64 * 1024) /* a power of two: positions wrap by masking */
#define LINE_MAX     1024

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static arch_spinlock_t log_lock = __ARCH_SPIN_LOCK_UNLOCKED;
static char log_buf[LOG_BUF_SIZE];   /* protected by log_lock */
static u64 log_head;		     /* bytes ever written; protected by log_lock */
static struct console *console_list; /* protected by log_lock */
static bool line_open; /* the last message did not end with "\n"; protected by log_lock */
static int line_level = LOGLEVEL_DEFAULT; /* its level; protected by log_lock */
static bool panicking; /* set by the panicking CPU; the lock is not taken from then on */

static void log_store(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		log_buf[(log_head + i) & (LOG_BUF_SIZE - 1)] = text[i];
	log_head += len;
}

static void consoles_write(const char *text, size_t len, int level)
{
	if (level >= console_loglevel)
		return;
	for (struct console *con = console_list; con; con = con->next)
		con->write(con, text, len);
}

/* Parse the optional level prefix; returns the text after it. */
static const char *parse_level(const char *fmt, int *level, bool *cont)
{
	*cont = false;
	*level = LOGLEVEL_DEFAULT;
	if (fmt[0] != KERN_SOH[0] || !fmt[1])
		return fmt;
	if (fmt[1] == 'c')
		*cont = true;
	else if (fmt[1] >= '0' && fmt[1] <= '7')
		*level = fmt[1] - '0';
	return fmt + 2;
}

/* "[    1.234567] " from the boot clock. */
static size_t format_stamp(char *buf, size_t size)
{
	u64 ns = ktime_get_ns();

	return scnprintf(buf, size, "[%5llu.%06llu] ", (unsigned long long)(ns / NSEC_PER_SEC),
			 (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
}

/* Take the log lock, with interrupts off; after a panic, neither (see printk_enter_panic). */
static unsigned long log_lock_irqsave(void)
{
	unsigned long flags = local_irq_save();

	if (!panicking)
		arch_spin_lock(&log_lock);
	return flags;
}

static void log_unlock_irqrestore(unsigned long flags)
{
	if (!panicking)
		arch_spin_unlock(&log_lock);
	local_irq_restore(flags);
}

/*
 * Format one message and hand it out, all under the log lock: line_open and line_level describe
 * the last message of any CPU, so deciding whether this one continues it must not race.
 */
static int vprintk_line(bool stamp, const char *fmt, va_list ap)
{
	char line[LINE_MAX];
	size_t n = 0;
	int level;
	bool cont;
	unsigned long flags;

	fmt = parse_level(fmt, &level, &cont);
	flags = log_lock_irqsave();
	if (cont && line_open)
		level = line_level;
	else if (line_open)
		line[n++] = '\n'; /* an unfinished line is ended before a new message starts */
	if (stamp && !(cont && line_open))
		n += format_stamp(line + n, sizeof(line) - n);
	n += vscnprintf(line + n, sizeof(line) - n, fmt, ap);
	line_open = n > 0 && line[n - 1] != '\n';
	line_level = level;
	log_store(line, n);
	consoles_write(line, n, level);
	log_unlock_irqrestore(flags);
	return (int)n;
}

int vprintk(const char *fmt, va_list ap)
{
	return vprintk_line(true, fmt, ap);
}

int printk_unstamped(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk_line(false, fmt, ap);
	va_end(ap);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static void replay_log(struct console *con)
{
	u64 start = log_head > LOG_BUF_SIZE ? log_head - LOG_BUF_SIZE : 0;

	for (u64 pos = start; pos < log_head;) {
		size_t off = pos & (LOG_BUF_SIZE - 1);
		size_t chunk = min((u64)(LOG_BUF_SIZE - off), log_head - pos);

		con->write(con, log_buf + off, chunk);
		pos += chunk;
	}
}

void register_console(struct console *con)
{
	unsigned long flags = local_irq_save();

	arch_spin_lock(&log_lock);
	if (con->replay)
		replay_log(con);
	con->next = console_list;
	console_list = con;
	arch_spin_unlock(&log_lock);
	local_irq_restore(flags);
}

static int saved_loglevel;

void printk_enter_panic(void)
{
	if (panicking)
		return;
	saved_loglevel = console_loglevel;
	panicking = true;
	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT + 1;
	/* The panicking CPU may have died holding the lock; nobody else will need it now. */
	arch_spin_force_unlock(&log_lock);
}

void printk_exit_panic(void)
{
	panicking = false;
	console_loglevel = saved_loglevel;
}

size_t log_buf_copy(char *buf, size_t size)
{
	unsigned long flags = local_irq_save();
	size_t len, i;

	arch_spin_lock(&log_lock);
	len = min((u64)(size - 1), min(log_head, (u64)LOG_BUF_SIZE));
	for (i = 0; i < len; i++)
		buf[i] = log_buf[(log_head - len + i) & (LOG_BUF_SIZE - 1)];
	buf[len] = '\0';
	arch_spin_unlock(&log_lock);
	local_irq_restore(flags);
	return len;
}

void console_write_text(const char *text, size_t len)
{
	unsigned long flags = log_lock_irqsave();

	for (struct console *con = console_list; con; con = con->next)
		con->write(con, text, len);
	log_unlock_irqrestore(flags);
}
