/* SPDX-License-Identifier: MIT */
/* The COM1 console's input side: bytes arrive by interrupt through the I/O APIC. */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include "lib/types.h"

/* Route COM1's IRQ 4 through the I/O APIC and turn on its receive interrupt. */
void serial_rx_init(void);
/* fn runs in the receive interrupt after bytes are queued (hardirq context: wake-ups only). */
void serial_set_rx_notify(void (*fn)(void));

/* The next received byte, or -1 if none is waiting. Any context. */
int serial_read_char(void);

/* Bytes received so far (for tests). */
unsigned long serial_rx_count(void);

/* For tests: loop the transmitter back into the receiver (nothing reaches the wire). */
void serial_set_loopback(bool on);
void serial_write_byte(u8 c);

#endif
