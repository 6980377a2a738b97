#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run the unit tests of the host tools (tests/test_*.py) and print the results as KTAP, one
suite per test module, so that tests/check counts them like every other test."""
import sys
import unittest
from pathlib import Path

sys.dont_write_bytecode = True
TESTS = Path(__file__).resolve().parent


class KtapResult(unittest.TestResult):
    """Collects (status, reason, details) per test, in the order they ran."""

    def __init__(self):
        super().__init__()
        self.outcomes = []

    def addSuccess(self, test):
        self.outcomes.append((test, "ok", "", ""))

    def addFailure(self, test, err):
        self.outcomes.append((test, "not ok", "", self._exc_info_to_string(err, test)))

    def addError(self, test, err):
        self.outcomes.append((test, "not ok", "", self._exc_info_to_string(err, test)))

    def addSkip(self, test, reason):
        self.outcomes.append((test, "ok", f" # SKIP {reason}", ""))


def main():
    sys.path.insert(0, str(TESTS))
    modules = sorted(p.stem for p in TESTS.glob("test_*.py"))
    print("KTAP version 1")
    print(f"1..{len(modules)}")
    failed = False
    for n, name in enumerate(modules, 1):
        suite = unittest.defaultTestLoader.loadTestsFromName(name)
        result = KtapResult()
        suite.run(result)
        print("    KTAP version 1")
        print(f"    # Subtest: {name}")
        print(f"    1..{len(result.outcomes)}")
        for i, (test, status, directive, details) in enumerate(result.outcomes, 1):
            for line in details.splitlines():
                print(f"    # {line}")
            print(f"    {status} {i} {test.id().split('.', 1)[1]}{directive}")
        ok = all(o[1] == "ok" for o in result.outcomes) and result.outcomes
        failed |= not ok
        print(f"{'ok' if ok else 'not ok'} {n} {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
