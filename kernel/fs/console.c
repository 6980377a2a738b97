/* SPDX-License-Identifier: MIT */
/*
 * The console as a file: what a process's descriptors 0, 1 and 2 name. Output goes to every
 * console printk writes to (console_write_text()); input comes from the serial port.
 *
 * There is no line discipline yet (that is a tty's job, kernel/fs/tty one day): a read returns
 * as soon as at least one byte has arrived, with whatever else is waiting, as a terminal in
 * non-canonical mode with VMIN=1 does. Of the termios flags only two are honoured: ICRNL (the
 * Enter key's CR becomes NL) and ECHO (bytes read are written back). TCGETS reports exactly the
 * flags that hold, so a program that wants a line editor sees it must bring its own.
 *
 * Waiting for input: the serial driver has no hook to wake a sleeper yet, so a reader sleeps on
 * console_rx_wait with a timeout of CONSOLE_POLL_MS and looks again. console_input_ready() is the
 * wake-up for the receive interrupt to call once it can, which turns the poll into a sleep.
 */
#include <asm/serial.h>
#include <asm/uaccess.h>

#include "kernel/fs/file.h"
#include "kernel/printk/printk.h"
#include "kernel/proc/signal.h"
#include "kernel/sched/wait.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"
#include "lib/string.h"

/* ioctl commands (Linux x86-64's values) and their structures. */
#define TCGETS	   0x5401
#define TCSETS	   0x5402
#define TCSETSW	   0x5403
#define TCSETSF	   0x5404
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414

#define NCCS 19
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};
_Static_assert(sizeof(struct termios) == 36 && sizeof(struct winsize) <= sizeof(struct termios),
	       "Linux's layouts; console_tty_state() copies through a termios-sized buffer");

/* termios flag bits (octal, as in Linux's headers) */
#define ICRNL  0000400 /* c_iflag: input CR becomes NL */
#define OPOST  0000001 /* c_oflag: output is processed... */
#define ONLCR  0000004 /* ...NL goes out as CR NL (the serial console does that) */
#define B38400 0000017 /* c_cflag: the speed Linux reports for a console */
#define CS8    0000060
#define CREAD  0000200
#define ECHO   0000010 /* c_lflag: bytes read are echoed */
#define VMIN   6       /* c_cc: bytes a non-canonical read waits for */

#define CONSOLE_MAJOR	    5 /* /dev/console is character device 5:1 */
#define CONSOLE_MINOR	    1
#define CONSOLE_FS_DEV	    encode_dev(0, 5) /* where /dev/console would live (a devtmpfs) */
#define CONSOLE_INO	    1
#define CONSOLE_BLKSIZE	    1024 /* what Linux reports for a terminal */
#define CONSOLE_POLL_MS	    10	 /* how often a reader looks for input while nothing wakes it */
#define CONSOLE_WRITE_CHUNK 256	 /* bytes copied from user space at a time */

/* The one console's terminal state, shared by all its openings. */
static DEFINE_SPINLOCK(console_tty_lock);
/* Under console_tty_lock: */
static struct termios console_termios = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD,
	.c_lflag = ECHO,
	.c_cc = { [VMIN] = 1 },
};
static struct winsize console_winsize = { .ws_row = 24, .ws_col = 80 };

/* One writer at a time, so a write() reaches the screen whole, not interleaved mid-line. */
static DEFINE_MUTEX(console_write_lock);
/* One reader at a time: the bytes of one burst of input go to one read(). */
static DEFINE_MUTEX(console_read_lock);
static DECLARE_WAIT_QUEUE_HEAD(console_rx_wait);

void console_input_ready(void)
{
	wake_up(&console_rx_wait);
}

static ssize_t console_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	char chunk[CONSOLE_WRITE_CHUNK];
	size_t done = 0;

	(void)file, (void)pos;
	mutex_lock(&console_write_lock);
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			break;
		console_write_text(chunk, n);
		done += n;
	}
	mutex_unlock(&console_write_lock);
	return done || !count ? (ssize_t)done : -EFAULT;
}

/* The next input byte, waiting for one unless nonblock (then -EAGAIN). */
static int console_getc(bool nonblock)
{
	int c;

	might_sleep();
	c = serial_read_char();
	while (c < 0) {
		if (nonblock)
			return -EAGAIN;
		if (signal_pending(current))
			return -EINTR; /* a signal ends the wait */
		/* Woken by console_input_ready(), or looking again after CONSOLE_POLL_MS. */
		wait_event_timeout(console_rx_wait, (c = serial_read_char()) >= 0,
				   msecs_to_jiffies(CONSOLE_POLL_MS));
	}
	return c;
}

/* Apply the input flags to byte c (ICRNL, ECHO). */
static char console_input_byte(int c)
{
	char ch = (char)c;
	u32 iflag, lflag;

	spin_lock(&console_tty_lock);
	iflag = console_termios.c_iflag;
	lflag = console_termios.c_lflag;
	spin_unlock(&console_tty_lock);
	if ((iflag & ICRNL) && ch == '\r')
		ch = '\n';
	if (lflag & ECHO)
		console_write_text(&ch, 1);
	return ch;
}

static ssize_t console_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	size_t done = 0;
	int c;

	(void)pos;
	if (!count)
		return 0;
	mutex_lock(&console_read_lock);
	c = console_getc(READ_ONCE(file->f_flags) & O_NONBLOCK);
	while (c >= 0) {
		char ch = console_input_byte(c);

		if (put_user(ch, buf + done)) {
			/* The byte is lost, as it would be from a tty's buffer on -EFAULT. */
			break;
		}
		if (++done == count)
			break;
		c = serial_read_char(); /* whatever else has already arrived, without waiting */
	}
	mutex_unlock(&console_read_lock);
	if (done)
		return (ssize_t)done;
	return c < 0 ? c : -EFAULT;
}

/* TCGETS, TCSETS*, TIOCGWINSZ, TIOCSWINSZ: copy the state out or in under console_tty_lock. */
static long console_tty_state(void *state, size_t size, unsigned long arg, bool set)
{
	char copy[sizeof(struct termios)];

	if (set) {
		if (copy_from_user(copy, (const void __user *)arg, size))
			return -EFAULT;
		spin_lock(&console_tty_lock);
		memcpy(state, copy, size);
		spin_unlock(&console_tty_lock);
		return 0;
	}
	spin_lock(&console_tty_lock);
	memcpy(copy, state, size);
	spin_unlock(&console_tty_lock);
	return copy_to_user((void __user *)arg, copy, size) ? -EFAULT : 0;
}

static long console_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	(void)file;
	switch (cmd) {
	case TCGETS:
		return console_tty_state(&console_termios, sizeof(console_termios), arg, false);
	case TCSETS:
	case TCSETSW: /* output is never queued: nothing to drain */
	case TCSETSF: /* nor input to flush that a read would not take anyway */
		return console_tty_state(&console_termios, sizeof(console_termios), arg, true);
	case TIOCGWINSZ:
		return console_tty_state(&console_winsize, sizeof(console_winsize), arg, false);
	case TIOCSWINSZ:
		return console_tty_state(&console_winsize, sizeof(console_winsize), arg, true);
	default:
		return -ENOTTY;
	}
}

static void console_getattr(struct file *file, struct file_stat *st)
{
	(void)file;
	*st = (struct file_stat){
		.k = { .ino = CONSOLE_INO,
		       .mode = S_IFCHR | 0600,
		       .nlink = 1,
		       .blksize = CONSOLE_BLKSIZE },
		.dev = CONSOLE_FS_DEV,
		.rdev = encode_dev(CONSOLE_MAJOR, CONSOLE_MINOR),
	};
}

/* No llseek: lseek() on the console is -ESPIPE, as on any terminal. */
static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_write,
	.unlocked_ioctl = console_ioctl,
	.getattr = console_getattr,
};

struct file *console_file_open(void)
{
	serial_set_rx_notify(console_input_ready);
	return alloc_file(&console_fops, O_RDWR | O_LARGEFILE, FMODE_READ | FMODE_WRITE, NULL);
}
