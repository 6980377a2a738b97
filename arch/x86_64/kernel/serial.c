/* SPDX-License-Identifier: MIT */
/*
 * The 16550 UART on COM1 as a console: 115200 baud, 8 data bits, no parity, 1 stop bit
 * (register layout from the National Semiconductor PC16550D data sheet).
 */
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/serial.h>
#include <asm/setup.h>

#include "kernel/printk/printk.h"

#define COM1	 0x3f8
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1 /* interrupt enable */
#define UART_DLL 0 /* divisor latch low, when LCR.DLAB is set */
#define UART_DLM 1 /* divisor latch high */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_RBR 0 /* receive buffer (read) */

#define LCR_8N1		   0x03
#define LCR_DLAB	   0x80
#define FCR_ENABLE_CLEAR   0x07 /* enable FIFOs, clear both */
#define MCR_DTR_RTS_OUT2   0x0b
#define LSR_THR_EMPTY	   0x20
#define UART_CLOCK_DIVISOR 1	  /* 115200 = 1.8432 MHz / 16 / 1 */
#define TX_SPIN_LIMIT	   100000 /* give up on a wedged UART rather than hang printk */
#define LSR_DATA_READY	   0x01
#define IER_RX_AVAILABLE   0x01
#define MCR_LOOPBACK	   0x10
#define COM1_IRQ	   4
#define RX_BUF_SIZE	   256 /* a power of two */

/* Received bytes, for the console's reader. Written by the interrupt handler only. */
static u8 rx_buf[RX_BUF_SIZE];
static unsigned int rx_head, rx_tail; /* rx_tail: next to read; only the reader moves it */
static unsigned long rx_count;

static void serial_putc(char c)
{
	for (int i = 0; i < TX_SPIN_LIMIT && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
		cpu_relax();
	outb(COM1 + UART_THR, (u8)c);
}

static void serial_write(struct console *con, const char *text, size_t len)
{
	(void)con;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			serial_putc('\r'); /* terminals want CR LF */
		serial_putc(text[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
	.replay = true,
};

void early_console_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, UART_CLOCK_DIVISOR & 0xff);
	outb(COM1 + UART_DLM, UART_CLOCK_DIVISOR >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	register_console(&serial_console);
}

static void (*rx_notify)(void); /* who wants to know that input arrived (the console file) */

void serial_set_rx_notify(void (*fn)(void))
{
	WRITE_ONCE(rx_notify, fn);
}

/* COM1 receive interrupt: drain the FIFO into rx_buf (dropping bytes when it is full). */
static void serial_rx_interrupt(void *data)
{
	void (*notify)(void) = READ_ONCE(rx_notify);

	while (inb(COM1 + UART_LSR) & LSR_DATA_READY) {
		u8 c = inb(COM1 + UART_RBR);

		if (rx_head - READ_ONCE(rx_tail) < RX_BUF_SIZE)
			rx_buf[rx_head++ % RX_BUF_SIZE] = c;
		rx_count++;
	}
	if (notify)
		notify(); /* hardirq context: it may only wake */
}

void serial_rx_init(void)
{
	if (request_irq(COM1_IRQ, serial_rx_interrupt, NULL, "ttyS0") == 0)
		outb(COM1 + UART_IER, IER_RX_AVAILABLE);
}

int serial_read_char(void)
{
	unsigned long flags = local_irq_save();
	int c = -1;

	if (rx_tail != READ_ONCE(rx_head))
		c = rx_buf[rx_tail++ % RX_BUF_SIZE];
	local_irq_restore(flags);
	return c;
}

unsigned long serial_rx_count(void)
{
	return READ_ONCE(rx_count);
}

void serial_set_loopback(bool on)
{
	u8 mcr = inb(COM1 + UART_MCR);

	outb(COM1 + UART_MCR, on ? mcr | MCR_LOOPBACK : mcr & ~MCR_LOOPBACK);
}

void serial_write_byte(u8 c)
{
	serial_putc((char)c);
}
