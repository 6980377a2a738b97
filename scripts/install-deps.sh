#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Make sure the host has what Trefoil's build and tests need, installing Debian packages if
# not. Called by `make` before anything else; quick when everything is there.
#
# Each line: a file that must exist, and the Debian package that provides it.
set -eu

NEEDS="
/usr/bin/gcc gcc
/usr/bin/ld binutils
/usr/bin/make make
/usr/bin/python3 python3
/usr/bin/qemu-system-x86_64 qemu-system-x86
/usr/bin/grub-mkrescue grub-common
/usr/lib/grub/i386-pc/multiboot2.mod grub-pc-bin
/usr/lib/grub/x86_64-efi/multiboot2.mod grub-efi-amd64-bin
/usr/share/grub/ascii.pf2 grub-common
/usr/bin/xorriso xorriso
/usr/bin/mformat mtools
/usr/lib/crt0-efi-x86_64.o gnu-efi
/usr/share/OVMF/OVMF_CODE_4M.fd ovmf
/usr/bin/gdb gdb
/usr/bin/musl-gcc musl-tools
"

missing=$(echo "$NEEDS" | while read -r file pkg; do
	[ -n "$file" ] && [ ! -e "$file" ] && echo "$pkg"
done | sort -u | tr '\n' ' ')
[ -z "$missing" ] && exit 0

echo "install-deps: missing Debian packages: $missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO=sudo
else
	echo "install-deps: run as root, or install them yourself:" >&2
	echo "    sudo apt-get install $missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# An old or missing package list makes apt-get miss packages: refresh it first.
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
$SUDO apt-get install -y -qq --no-install-recommends $missing
echo "install-deps: installed $missing"
