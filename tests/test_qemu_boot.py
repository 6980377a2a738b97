# SPDX-License-Identifier: MIT
"""Unit tests of tests/qemu-boot's pure parts: arguments, the QEMU command line, the verdict,
the GRUB config and FAT images.  Run:  python3 -m unittest discover -s tests -p 'test_*.py'"""

import contextlib
import importlib.machinery
import importlib.util
import io
import os
import shutil
import struct
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent


def _load_qemu_boot():
    loader = importlib.machinery.SourceFileLoader("qemu_boot", str(HERE / "qemu-boot"))
    spec = importlib.util.spec_from_loader("qemu_boot", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


qb = _load_qemu_boot()


def parse(*argv: str):
    with mock.patch.dict(os.environ, {"QEMU_BOOT_VERBOSE": ""}):
        return qb.parse_args(list(argv))


class ParseArgsTest(unittest.TestCase):
    def test_defaults(self):
        opts = parse("--", "ktest=all")
        self.assertEqual(opts.path, "grub-bios")
        self.assertEqual((opts.smp, opts.mem, opts.timeout), (1, qb.DEFAULT_MEM, 120))
        self.assertEqual(opts.cmdline, "ktest=all")
        self.assertEqual(opts.build, qb.REPO / "build")
        self.assertFalse(opts.kvm or opts.gdb or opts.interactive or opts.verbose)

    def test_paths(self):
        self.assertEqual(parse("--uefi").path, "uefi")
        self.assertEqual(parse("--grub-uefi").path, "grub-uefi")

    def test_cmdline_words_after_double_dash(self):
        opts = parse("--smp", "4", "--", "ktest=a,b", "--not-an-option", "init=/bin/sh")
        self.assertEqual(opts.cmdline, "ktest=a,b --not-an-option init=/bin/sh")
        self.assertEqual(opts.smp, 4)
        self.assertEqual(parse().cmdline, "")

    def test_timeouts(self):
        self.assertIsNone(parse("--timeout", "0").timeout)
        self.assertEqual(parse("--timeout", "2.5").timeout, 2.5)
        self.assertIsNone(parse("--interactive").timeout)
        self.assertIsNone(parse("--gdb").timeout)
        self.assertEqual(parse("--interactive", "--timeout", "30").timeout, 30)

    def test_verbose_from_environment(self):
        with mock.patch.dict(os.environ, {"QEMU_BOOT_VERBOSE": "1"}):
            self.assertTrue(qb.parse_args([]).verbose)
        self.assertTrue(parse("-v").verbose)

    def test_usage_errors_exit_with_setup_status(self):
        for argv in (["--smp", "0"], ["--smp", "x"], ["--mem", "lots"], ["--timeout", "-1"],
                     ["--uefi", "--grub-uefi"], ["--bogus"], ["--", "a\nb"]):
            with self.subTest(argv=argv), contextlib.redirect_stderr(io.StringIO()):
                with self.assertRaises(SystemExit) as cm:
                    parse(*argv)
                self.assertEqual(cm.exception.code, qb.EXIT_SETUP)

    def test_help_documents_every_exit_status(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), self.assertRaises(SystemExit):
            parse("--help")
        for status in ("0  the kernel reported success", "3  timeout", "4  setup error"):
            self.assertIn(status, out.getvalue())


def option_values(cmd: list[str], option: str) -> list[str]:
    return [cmd[i + 1] for i, word in enumerate(cmd) if word == option]


class QemuCommandTest(unittest.TestCase):
    ISO = qb.Disk(Path("/b/trefoil.iso"), cdrom=True)
    CFG = qb.Disk(Path("/tmp/x/config.img"))

    def command(self, *argv: str, accel="tcg", disks=(ISO, CFG), ovmf_vars=None, display=False):
        return qb.qemu_command(parse(*argv), accel, list(disks), ovmf_vars, display)

    def test_common_arguments(self):
        cmd = self.command("--smp", "4", "--mem", "1G")
        self.assertEqual(cmd[0], "qemu-system-x86_64")
        text = " ".join(cmd)
        for part in ("-machine q35", "-accel tcg", "-cpu max", "-smp 4", "-m 1G", "-no-reboot",
                     "-net none", "-device isa-debug-exit,iobase=0xf4,iosize=0x04",
                     "-serial stdio", "-display none", "-monitor none"):
            self.assertIn(part, text)
        self.assertNotIn("-s", cmd)
        self.assertNotIn("pflash", text)

    def test_kvm(self):
        self.assertEqual(option_values(self.command(accel="kvm"), "-accel"), ["kvm"])

    def test_disks_boot_in_order_and_the_iso_is_shared_read_only(self):
        cmd = self.command()
        self.assertEqual(option_values(cmd, "-drive"), [
            "file=/b/trefoil.iso,format=raw,if=none,id=disk0,media=cdrom,readonly=on",
            "file=/tmp/x/config.img,format=raw,if=none,id=disk1"])
        self.assertEqual(option_values(cmd, "-device")[1:], [
            "ide-cd,drive=disk0,bus=ide.0,bootindex=0", "ide-hd,drive=disk1,bus=ide.1,bootindex=1"])

    def test_ovmf(self):
        cmd = self.command("--uefi", disks=[qb.Disk(Path("/t/esp.img"))],
                           ovmf_vars=Path("/t/OVMF_VARS.fd"))
        drives = option_values(cmd, "-drive")
        self.assertEqual(drives[:2], [
            f"if=pflash,format=raw,readonly=on,file={qb.OVMF_CODE}",
            "if=pflash,format=raw,file=/t/OVMF_VARS.fd"])
        self.assertEqual(drives[2], "file=/t/esp.img,format=raw,if=none,id=disk0")

    def test_comma_in_path_is_doubled(self):
        cmd = self.command(disks=[qb.Disk(Path("/a,b/esp.img"))])
        self.assertIn("file=/a,,b/esp.img,format=raw,if=none,id=disk0", cmd)

    def test_interactive(self):
        cmd = self.command("--interactive")
        self.assertEqual(option_values(cmd, "-serial"), ["mon:stdio"])
        self.assertEqual(option_values(cmd, "-display"), ["none"])
        self.assertNotIn("-monitor", cmd)
        windowed = self.command("--interactive", display=True)
        self.assertEqual(option_values(windowed, "-display"), [])

    def test_gdb(self):
        cmd = self.command("--gdb")
        self.assertEqual(cmd[-2:], ["-s", "-S"])


class VerdictTest(unittest.TestCase):
    def test_kernel_verdicts(self):
        self.assertEqual(qb.verdict(1, []), (0, "success", ""))
        self.assertEqual(qb.verdict(3, []), (1, "failure", ""))
        self.assertEqual(qb.verdict(5, []), (2, "panic", ""))

    def test_no_verdict_is_a_crash(self):
        code, result, why = qb.verdict(0, [])
        self.assertEqual((code, result), (2, "crash"))
        self.assertIn("without a result", why)
        self.assertIn("triple fault", why)
        self.assertIn("SIGKILL", qb.verdict(-9, [])[2])
        self.assertIn("wrote 3", qb.verdict(7, [])[2])
        self.assertEqual(qb.verdict(2, [])[0], 2)

    def test_qemu_error_is_a_setup_error(self):
        self.assertEqual(qb.verdict(1, ["Could not open 'x'"])[:2], (4, "setup error"))

    def test_qemu_errors_skip_warnings_and_our_own_kill(self):
        stderr = ("qemu-system-x86_64: warning: host doesn't support requested feature\n"
                  "qemu-system-x86_64: terminating on signal 15 from pid 7\n"
                  "qemu-system-x86_64: -drive file=x: Could not open 'x'\n"
                  "guest says qemu-system-x86_64: no\n")
        self.assertEqual(qb.qemu_errors(stderr), ["-drive file=x: Could not open 'x'"])

    def test_kvm_probe_status_is_no_verdict(self):
        probe_status = (qb.PROBE_VALUE << 1) | 1
        self.assertNotIn(probe_status, qb.VERDICTS)
        self.assertLessEqual(len(qb.PROBE_CODE), 510)
        self.assertEqual(qb.PROBE_CODE[1], qb.PROBE_VALUE)


class GrubConfigTest(unittest.TestCase):
    def test_quote(self):
        self.assertEqual(qb.grub_quote("ktest=all"), "'ktest=all'")
        self.assertEqual(qb.grub_quote(""), "''")
        self.assertEqual(qb.grub_quote("a 'b' $c\\"), "'a '\\''b'\\'' $c\\'")

    def test_boot_cfg(self):
        self.assertEqual(qb.grub_boot_cfg("ktest=all", False), "set trefoil_cmdline='ktest=all'\n")
        self.assertEqual(qb.grub_boot_cfg("", True),
                         "set trefoil_cmdline=''\nset trefoil_initrd=1\n")


class ImagesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_images_needed(self):
        build = Path("/b")
        self.assertEqual(qb.images_needed("grub-bios", build), {"iso": build / "trefoil.iso"})
        self.assertEqual(qb.images_needed("grub-uefi", build), {"iso": build / "trefoil.iso"})
        self.assertEqual(qb.images_needed("uefi", build),
                         {"loader": build / "boot/efi/BOOTX64.EFI", "kernel": build / "kernel.elf"})

    def test_boot_files_for_grub(self):
        initrd = self.tmp / "i.cpio"
        files = qb.boot_files(parse("--initrd", str(initrd), "--", "ktest=all"), {}, self.tmp)
        self.assertEqual(set(files), {"trefoil-boot.cfg", "initramfs.cpio"})
        self.assertEqual(files["initramfs.cpio"], initrd)
        self.assertEqual(files["trefoil-boot.cfg"].read_text(),
                         "set trefoil_cmdline='ktest=all'\nset trefoil_initrd=1\n")

    def test_boot_files_for_uefi(self):
        images = qb.images_needed("uefi", Path("/b"))
        files = qb.boot_files(parse("--uefi", "--", "ktest=all", "x=1"), images, self.tmp)
        self.assertEqual(files["EFI/BOOT/BOOTX64.EFI"], images["loader"])
        self.assertEqual(files["kernel.elf"], images["kernel"])
        self.assertEqual(files["cmdline.txt"].read_text(), "ktest=all x=1\n")
        self.assertNotIn("initramfs.cpio", files)

    def test_fat_size(self):
        self.assertEqual(qb.fat_size([100]), 2 * qb.MIB)
        size = qb.fat_size([10 * qb.MIB, 3 * qb.MIB + 1])
        self.assertEqual(size % qb.MIB, 0)
        self.assertGreaterEqual(size, 14 * qb.MIB)
        self.assertLess(size, 17 * qb.MIB)

    def test_mbr(self):
        record = qb.mbr(qb.MIB, 4 * qb.MIB)
        self.assertEqual(len(record), 512)
        self.assertEqual(record[510:], b"\x55\xaa")
        self.assertEqual(record[446 + 4], 0xef)
        self.assertEqual(struct.unpack_from("<II", record, 446 + 8), (2048, 8192))
        self.assertEqual(record[462:510], bytes(48))

    @unittest.skipUnless(shutil.which("mformat") and shutil.which("mtype"), "needs mtools")
    def test_make_fat_image_in_both_layouts(self):
        (self.tmp / "a.efi").write_bytes(b"A" * 70000)
        (self.tmp / "cmdline.txt").write_text("ktest=all\n")
        files = {"EFI/BOOT/BOOTX64.EFI": self.tmp / "a.efi",
                 "cmdline.txt": self.tmp / "cmdline.txt"}
        for layout, offset in (("superfloppy", 0), ("mbr", qb.MIB)):
            with self.subTest(layout=layout):
                image = self.tmp / f"{layout}.img"
                qb.make_fat_image(image, files, "TREFOILESP", layout)
                self.assertEqual(image.stat().st_size, offset + 2 * qb.MIB)
                target = f"{image}@@{offset}" if offset else str(image)
                env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
                for dest, src in files.items():
                    data = subprocess.run(["mtype", "-i", target, f"::/{dest}"], env=env,
                                          capture_output=True, check=True).stdout
                    self.assertEqual(data, src.read_bytes())
                if offset:
                    self.assertEqual(image.read_bytes()[:512], qb.mbr(offset, 2 * qb.MIB))


if __name__ == "__main__":
    unittest.main()
