# SPDX-License-Identifier: MIT
"""Unit tests of scripts/mkcpio.py.  Run:  python3 -m unittest discover -s tests -p 'test_*.py'

Archives are read back with a small newc reader written here, independently of the writer, with
the same strictness as the kernel's (lib/cpio.c): zero padding, hex fields, the trailer, only
zero bytes after it.
"""

import importlib.util
import io
import os
import stat
import tempfile
import unittest
from contextlib import redirect_stderr
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("mkcpio", ROOT / "scripts" / "mkcpio.py")
mkcpio = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mkcpio)

FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor", "devminor",
          "rdevmajor", "rdevminor", "namesize", "check")


def read_newc(data):
    """[(name, fields, contents)] of a newc archive, trailer excluded; ValueError if malformed."""
    entries, pos = [], 0
    while True:
        if len(data) - pos < 110:
            raise ValueError(f"truncated header at {pos}")
        magic = data[pos:pos + 6]
        if magic not in (b"070701", b"070702"):
            raise ValueError(f"bad magic {magic!r} at {pos}")
        raw = data[pos + 6:pos + 110]
        if not all(c in b"0123456789abcdefABCDEF" for c in raw):
            raise ValueError(f"bad hex at {pos}")
        f = {k: int(raw[i * 8:i * 8 + 8], 16) for i, k in enumerate(FIELDS)}
        name_end = pos + 110 + f["namesize"]
        data_start = name_end + (-name_end % 4)
        data_end = data_start + f["filesize"]
        next_pos = data_end + (-data_end % 4)
        if next_pos > len(data):
            raise ValueError(f"entry at {pos} runs past the end")
        name = data[pos + 110:name_end]
        if not name.endswith(b"\0") or b"\0" in name[:-1]:
            raise ValueError(f"bad name at {pos}")
        if any(data[name_end:data_start]) or any(data[data_end:next_pos]):
            raise ValueError(f"nonzero padding in the entry at {pos}")
        contents = data[data_start:data_end]
        if magic == b"070702" and f["mode"] & 0o170000 == 0o100000:
            if sum(contents) & 0xFFFFFFFF != f["check"]:
                raise ValueError(f"checksum mismatch at {pos}")
        pos = next_pos
        if name == b"TRAILER!!!\0":
            if any(data[pos:]):
                raise ValueError("bytes after the trailer")
            return entries
        entries.append((name[:-1].decode(), f, contents))


class TreeTest(unittest.TestCase):
    """Tests that build a small host tree in a temporary directory."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def put(self, rel, text="", mode=0o644):
        path = self.dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        path.chmod(mode)
        return path

    def archive(self, *sources, crc=False):
        out = self.dir / "out.cpio"
        err = io.StringIO()
        with redirect_stderr(err):
            rc = mkcpio.main([*map(str, sources), "-o", str(out)] + (["--crc"] if crc else []))
        self.assertEqual(rc, 0, err.getvalue())
        return out.read_bytes()

    def fails(self, *sources):
        err = io.StringIO()
        with redirect_stderr(err):
            rc = mkcpio.main([*map(str, sources), "-o", str(self.dir / "bad.cpio")])
        self.assertEqual(rc, 1)
        return err.getvalue()


class RoundTrip(TreeTest):
    def test_directory_tree_round_trips(self):
        root = self.dir / "root"
        self.put("root/sbin/init", "#!init\n", 0o755)
        self.put("root/etc/motd", "hello\n", 0o600)
        self.put("root/etc/empty", "")
        self.put("root/bin/blob", bytes(range(256)) * 40)
        (root / "var" / "empty").mkdir(parents=True)
        data = self.archive(root)
        entries = read_newc(data)
        names = [e[0] for e in entries]
        self.assertEqual(names, ["bin", "bin/blob", "etc", "etc/empty", "etc/motd", "sbin",
                                 "sbin/init", "var", "var/empty"])
        by_name = {n: (f, c) for n, f, c in entries}
        for rel in ("sbin/init", "etc/motd", "etc/empty", "bin/blob"):
            self.assertEqual(by_name[rel][1], (root / rel).read_bytes(), rel)
        self.assertEqual(by_name["sbin/init"][0]["mode"], stat.S_IFREG | 0o755)
        self.assertEqual(by_name["etc/motd"][0]["mode"], stat.S_IFREG | 0o644)  # normalised
        self.assertEqual(by_name["var/empty"][0]["mode"], stat.S_IFDIR | 0o755)
        self.assertEqual(len(data) % 512, 0)

    def test_mapped_paths_get_their_parent_directories(self):
        init = self.put("build/init", "elf", 0o755)
        data = self.archive(f"sbin/init={init}", f"/usr/share/doc/x={init}")
        names = [e[0] for e in read_newc(data)]
        self.assertEqual(names, ["sbin", "sbin/init", "usr", "usr/share", "usr/share/doc",
                                 "usr/share/doc/x"])

    def test_host_directory_can_be_placed_under_a_path(self):
        self.put("etc/a", "1")
        self.put("etc/sub/b", "2")
        names = [e[0] for e in read_newc(self.archive(f"etc={self.dir / 'etc'}"))]
        self.assertEqual(names, ["etc", "etc/a", "etc/sub", "etc/sub/b"])

    def test_directory_sorts_before_its_contents_and_siblings_with_longer_names(self):
        self.put("t/a/b", "")
        self.put("t/a-b", "")
        self.put("t/a.c", "")
        names = [e[0] for e in read_newc(self.archive(self.dir / "t"))]
        self.assertEqual(names, ["a", "a/b", "a-b", "a.c"])

    def test_output_is_reproducible(self):
        self.put("t/f", "x", 0o640)
        first = self.archive(self.dir / "t")
        os.utime(self.dir / "t" / "f", (12345, 12345))
        (self.dir / "t" / "f").chmod(0o600)
        self.assertEqual(self.archive(self.dir / "t"), first)
        for _, f, _ in read_newc(first):
            self.assertEqual((f["mtime"], f["uid"], f["gid"]), (0, 0, 0))

    def test_inode_numbers_are_distinct_and_counted_from_one(self):
        self.put("t/a", "")
        self.put("t/b", "")
        self.assertEqual([f["ino"] for _, f, _ in read_newc(self.archive(self.dir / "t"))],
                         [1, 2])

    def test_crc_variant_carries_checksums(self):
        self.put("t/f", b"\x01\xff\x80")
        data = self.archive(self.dir / "t", crc=True)
        self.assertEqual(data[:6], b"070702")
        (name, f, _), = read_newc(data)
        self.assertEqual(f["check"], 0x180)

    def test_symlinks_are_stored_as_symlinks(self):
        self.put("t/target", "x")
        os.symlink("target", self.dir / "t" / "link")
        by_name = {n: (f, c) for n, f, c in read_newc(self.archive(self.dir / "t"))}
        self.assertEqual(by_name["link"][0]["mode"], stat.S_IFLNK | 0o777)
        self.assertEqual(by_name["link"][1], b"target")

    def test_the_same_directory_from_two_sources_is_one_entry(self):
        self.put("a/etc/x", "")
        self.put("b/etc/y", "")
        names = [e[0] for e in read_newc(self.archive(self.dir / "a", self.dir / "b"))]
        self.assertEqual(names, ["etc", "etc/x", "etc/y"])

    def test_empty_archive_is_only_a_trailer(self):
        (self.dir / "empty").mkdir()
        data = self.archive(self.dir / "empty")
        self.assertEqual(read_newc(data), [])
        self.assertEqual(data[110:120], b"TRAILER!!!")


class Refusals(TreeTest):
    def test_a_path_given_twice_is_refused(self):
        f = self.put("f", "")
        self.assertIn("given twice", self.fails(f"x={f}", f"x={f}"))

    def test_a_file_under_a_file_is_refused(self):
        f = self.put("f", "")
        self.assertIn("a file", self.fails(f"x={f}", f"x/y={f}"))

    def test_dotdot_in_an_archive_path_is_refused(self):
        f = self.put("f", "")
        self.assertIn("'..'", self.fails(f"../x={f}"))

    def test_a_bare_file_needs_an_archive_path(self):
        self.assertIn("needs an archive path", self.fails(self.put("f", "")))

    def test_a_fifo_is_refused(self):
        os.mkfifo(self.dir / "fifo")
        self.assertIn("only files", self.fails(f"p={self.dir / 'fifo'}"))

    def test_a_missing_host_path_is_refused(self):
        self.assertIn("No such file", self.fails(f"x={self.dir / 'nothing'}"))


class Reader(unittest.TestCase):
    """The reader above must itself refuse what the kernel refuses, or the round trips prove
    little."""

    def test_reader_refuses_broken_archives(self):
        archive = mkcpio.Archive()
        archive.add("f", mkcpio.Entry(stat.S_IFREG | 0o644, b"abc"))
        good = mkcpio.write_archive(archive)
        self.assertEqual(len(read_newc(good)), 1)
        for bad in (good[:-512], good[:100], b"070707" + good[6:], good + b"x",
                    good[:6] + b"g" + good[7:], good[:115] + b"\1" + good[116:]):
            with self.assertRaises(ValueError):
                read_newc(bad)


if __name__ == "__main__":
    unittest.main()
