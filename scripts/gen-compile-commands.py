#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write compile_commands.json (the clangd/clang-tidy database) for the kernel's C files."""
import argparse
import json
import os
import shlex


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--flags", required=True, help="file holding the compiler and its flags")
    ap.add_argument("--objdir", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("sources", nargs="*")
    args = ap.parse_args()
    compiler = shlex.split(open(args.flags).read())
    cwd = os.getcwd()
    entries = [{
        "directory": cwd,
        "file": src,
        "arguments": compiler + ["-c", src, "-o", f"{args.objdir}/{src}.o"],
    } for src in args.sources]
    with open(args.output, "w") as out:
        json.dump(entries, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
