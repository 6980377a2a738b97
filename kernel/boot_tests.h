/* SPDX-License-Identifier: MIT */
/*
 * Deliberate failures on request, so that the test harness can check that it notices them:
 *   test.panic   panic from a known call chain (the harness checks the symbolized backtrace)
 *   test.fault   write to an unmapped address (the harness checks the page-fault report)
 *   test.hang    stop making progress (the harness checks that its timeout fires)
 */
#ifndef KERNEL_BOOT_TESTS_H
#define KERNEL_BOOT_TESTS_H

void boot_test_hooks(void);

#endif
