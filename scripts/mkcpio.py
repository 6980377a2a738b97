#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a cpio archive in the "newc" format (the initramfs format) from host files.

Sources are given as ARCHIVE-PATH=HOST-PATH: a host file becomes that file in the archive, a host
directory becomes that directory with everything under it. A bare HOST-DIR is the same as
"=HOST-DIR": its contents at the top of the archive. Directories on the way to a path are added
by themselves, so "sbin/init=build/init" is a complete archive.

The output is reproducible: entries sorted by path (a directory before what is in it), mtime 0,
uid and gid 0, inode numbers counted from 1, and modes normalised to 0755 for directories and
executable files and 0644 for other files (git does not keep the rest). Symlinks are stored as
symlinks (the kernel skips them with a warning for now); sockets, FIFOs and devices are refused.
The archive ends with the TRAILER!!! entry and zero bytes up to a multiple of 512, like GNU cpio.

  scripts/mkcpio.py -o build/initramfs.cpio sbin/init=build/user/init etc=user/etc
  scripts/mkcpio.py -o /tmp/x.cpio /tmp/rootdir
"""
import argparse
import os
import stat
import sys
from pathlib import PurePosixPath

S_IFDIR = 0o040000
S_IFREG = 0o100000
S_IFLNK = 0o120000
TRAILER = "TRAILER!!!"
BLOCK = 512
MAX_FILE_SIZE = 0xFFFFFFFF  # the filesize field has 8 hex digits


class ArchiveError(Exception):
    """A problem with the sources: two of them clash, a path is bad, a type is unsupported."""


class Entry:
    """One archive member: a directory, a regular file or a symlink."""

    def __init__(self, mode, data=b"", host=None):
        self.mode = mode
        self.data = data
        self.host = host  # where it came from, for messages

    @property
    def is_dir(self):
        return self.mode & 0o170000 == S_IFDIR


def clean_path(path):
    """The archive name of a path: relative, no "." or empty components; ".." is an error."""
    parts = [p for p in PurePosixPath("/" + path).parts[1:] if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"{path!r}: '..' is not allowed in an archive path")
    return "/".join(parts)


class Archive:
    """The entries, by archive path ("" is the root, which is never written)."""

    def __init__(self):
        self.entries = {}

    def add(self, path, entry):
        old = self.entries.get(path)
        if old is not None:
            if old.is_dir and entry.is_dir:
                return  # the same directory from two sources: one entry
            raise ArchiveError(f"{path!r} is given twice ({old.host} and {entry.host})")
        self.add_parents(path, entry.host)
        self.entries[path] = entry

    def add_parents(self, path, host):
        parent = path.rpartition("/")[0]
        while parent:
            old = self.entries.get(parent)
            if old is not None and not old.is_dir:
                raise ArchiveError(f"{path!r} is under {parent!r}, a file ({old.host})")
            if old is None:
                self.entries[parent] = Entry(S_IFDIR | 0o755, host=host)
            parent = parent.rpartition("/")[0]

    def add_host(self, path, host):
        """Add the host file or tree at host as path."""
        st = os.lstat(host)
        if not path and not stat.S_ISDIR(st.st_mode):
            raise ArchiveError(f"{host}: a file needs an archive path (PATH={host})")
        if stat.S_ISLNK(st.st_mode):
            self.add(path, Entry(S_IFLNK | 0o777, os.fsencode(os.readlink(host)), host))
        elif stat.S_ISREG(st.st_mode):
            if st.st_size > MAX_FILE_SIZE:
                raise ArchiveError(f"{host}: larger than a newc archive can hold")
            perm = 0o755 if st.st_mode & 0o111 else 0o644
            with open(host, "rb") as f:
                self.add(path, Entry(S_IFREG | perm, f.read(), host))
        elif stat.S_ISDIR(st.st_mode):
            if path:
                self.add(path, Entry(S_IFDIR | 0o755, host=host))
            for name in sorted(os.listdir(host)):
                self.add_host(f"{path}/{name}" if path else name, os.path.join(host, name))
        else:
            raise ArchiveError(f"{host}: only files, directories and symlinks can be archived")

    def sorted_paths(self):
        # Sorting by components puts a directory right before its contents ("a", "a/b", "a-b").
        return sorted((p for p in self.entries if p), key=lambda p: p.split("/"))


def header(magic, ino, mode, nlink, size, namesize, check):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, namesize, check]
    return (magic + "".join(f"{v:08x}" for v in fields)).encode("ascii")


def pad4(data):
    return data + b"\0" * (-len(data) % 4)


def write_archive(archive, crc=False):
    """The archive's bytes."""
    magic = "070702" if crc else "070701"
    out = bytearray()
    paths = archive.sorted_paths()
    for ino, path in enumerate(paths + [TRAILER], 1):
        e = archive.entries.get(path) if path != TRAILER else Entry(0)
        name = os.fsencode(path) + b"\0"  # host names need not be UTF-8
        nlink = 2 if e.is_dir else 1
        check = sum(e.data) & 0xFFFFFFFF if crc and e.mode & 0o170000 == S_IFREG else 0
        out += pad4(header(magic, ino if path != TRAILER else 0, e.mode, nlink, len(e.data),
                           len(name), check) + name)
        out += pad4(e.data)
    out += b"\0" * (-len(out) % BLOCK)
    return bytes(out)


def parse_source(arg):
    """"ARCHIVE-PATH=HOST-PATH" or "HOST-DIR" -> (archive path, host path)."""
    if "=" in arg:
        path, host = arg.split("=", 1)
    else:
        path, host = "", arg
    if not host:
        raise ArchiveError(f"{arg!r}: no host path after '='")
    return clean_path(path), host


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", metavar="ARCHIVE-PATH=HOST-PATH | HOST-DIR",
                        help="what to put in the archive, and where")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the archive here (default: standard output)")
    parser.add_argument("--crc", action="store_true",
                        help='write the "070702" variant, with a checksum per file')
    opts = parser.parse_args(argv)

    archive = Archive()
    try:
        for arg in opts.sources:
            archive.add_host(*parse_source(arg))
    except (ArchiveError, OSError) as e:
        print(f"mkcpio: {e}", file=sys.stderr)
        return 1
    data = write_archive(archive, crc=opts.crc)
    if opts.output:
        with open(opts.output, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
