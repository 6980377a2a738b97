/* SPDX-License-Identifier: MIT */
/*
 * The 16550 UART on COM1 as a console: 115200 baud, 8 data bits, no parity, 1 stop bit
 * (register layout from the National Semiconductor PC16550D data sheet).
 */
#include <asm/cpu.h>
#include <asm/io.h>
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

#define LCR_8N1		   0x03
#define LCR_DLAB	   0x80
#define FCR_ENABLE_CLEAR   0x07 /* enable FIFOs, clear both */
#define MCR_DTR_RTS_OUT2   0x0b
#define LSR_THR_EMPTY	   0x20
#define UART_CLOCK_DIVISOR 1	  /* 115200 = 1.8432 MHz / 16 / 1 */
#define TX_SPIN_LIMIT	   100000 /* give up on a wedged UART rather than hang printk */

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
