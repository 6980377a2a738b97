#!/bin/sh
# SPDX-License-Identifier: MIT
# `make gdb`: boot Trefoil halted under QEMU's gdb stub, serial log to build/serial.log, and
# attach gdb with the kernel's symbols (see scripts/trefoil.gdb). Quitting gdb stops QEMU.
set -eu
cd "$(dirname "$0")/.."
log=build/serial.log
tests/qemu-boot --gdb --timeout 0 "$@" > "$log" 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT INT TERM
echo "QEMU is halted with a gdb stub on :1234; the serial console goes to $log"
gdb -q -x scripts/trefoil.gdb
