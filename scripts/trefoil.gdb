# gdb script for `make gdb`: load the kernel's symbols, connect to QEMU, and stop at the first
# instruction in long mode. From there `break kmain` (or any kernel function) and `continue`.
set pagination off
set confirm off
set architecture i386:x86-64
file build/kernel.elf
target remote localhost:1234
# A hardware breakpoint: before paging is on, gdb cannot plant a software one at this address.
# startup_64 runs at its physical address, so break there (symbol address minus the map base).
hbreak *((unsigned long)&startup_64 - 0xffffffff80000000)
continue
delete
echo \nStopped at the first instruction in long mode (startup_64).\n
echo Try: break kmain, then continue.\n
