/* SPDX-License-Identifier: MIT */
/*
 * Interrupt vector layout. Vectors 0-31 are the CPU's exceptions. A local APIC ranks interrupts
 * by vector / 16, so the system vectors (IPIs, the timer) sit at the top, above device IRQs.
 */
#ifndef ASM_IRQ_VECTORS_H
#define ASM_IRQ_VECTORS_H

#define FIRST_EXTERNAL_VECTOR 0x20
#define PIC_VECTOR_BASE	      0x20 /* the legacy PICs, remapped here and masked: only spurious */
#define PIC_SPURIOUS_MASTER   (PIC_VECTOR_BASE + 7)
#define PIC_SPURIOUS_SLAVE    (PIC_VECTOR_BASE + 15)
#define FIRST_DEVICE_VECTOR   0x30 /* I/O APIC interrupts: 0x30 + GSI */
#define LAST_DEVICE_VECTOR    0xdf
#define TEST_VECTOR	      0xe0 /* the irq tests send it to themselves */
#define LOCAL_TIMER_VECTOR    0xec
#define RESCHEDULE_VECTOR     0xf0
#define CALL_FUNCTION_VECTOR  0xf1
#define ERROR_APIC_VECTOR     0xfe
#define SPURIOUS_APIC_VECTOR  0xff
#define NR_VECTORS	      256

#endif
