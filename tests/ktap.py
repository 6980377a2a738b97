#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Read KTAP (version 1) test results out of a console log.

The kernel's ktest runner and the host tests (tests/host/hosttest.h) print KTAP as KUnit does:

    KTAP version 1
    1..2
        KTAP version 1
        # Subtest: ktest_self
        1..3
        # expect_eq_passes_on_equal: 12 us
        ok 1 expect_eq_passes_on_equal
            # expect_eq_fails: EXPECTATION FAILED at kernel/ktest/ktest_self.c:40
        not ok 2 expect_eq_fails # TODO expected failure: shows what a failure looks like
        ok 3 skip_is_reported # SKIP because
    # ktest_self: pass:1 fail:0 skip:1 xfail:1 total:3
    ok 1 ktest_self

A suite is a nested document indented by four more spaces; its result line follows it at the
outer level. Diagnostics ("# ...") that precede a result line belong to that result, including
deeper-indented ones (the kernel prints failed expectations one level deeper than the case).

A console log also holds firmware output, printk lines ("[    0.012345] text"), "\\r\\n" line
endings and stray escape sequences. A line that is not KTAP at an indentation where KTAP is
expected is ignored for the results, and kept as context for the next result (a panic report
before "not ok", say).

parse() never fails: what the log lacks becomes failures. A plan of 1..5 with three results gives
two failed cases named "missing"; a suite whose result line never came (the kernel died inside
it) is failed; a log without a "KTAP version" line gives one failure, "no KTAP output".
Misnumbered results and results beyond the plan are "problems" of their document, and each
problem counts as one failure.

As a command:  tests/ktap.py LOGFILE  prints a summary per suite, the failures with their
diagnostics, and a last line "N passed, N failed[, N skipped]"; it exits 1 if anything failed.
"""

import argparse
import dataclasses
import re
import sys
from collections.abc import Iterator

PASS = "pass"
FAIL = "fail"
SKIP = "skip"
XFAIL = "xfail"  # "not ok ... # TODO": an expected failure, counted as passed

INDENT = 4  # spaces per nesting level

# How many non-KTAP lines before a result are kept as its context.
LOG_CONTEXT_LINES = 40

_VERSION = re.compile(r"K?TAP version \d+")
_PLAN = re.compile(r"1\.\.(\d+)(?:\s+#.*)?")
_RESULT = re.compile(r"(not )?ok (\d+)(?:\s+-)?(?:\s+(.*))?")
_NAME_AND_DIRECTIVE = re.compile(r"(.*?)(?:(?:^|\s+)#\s*(.*))?")
_DIRECTIVE = re.compile(r"(SKIP|TODO)\b\s*(.*)", re.IGNORECASE)
_SUBTEST = re.compile(r"#\s*Subtest:\s*(.*)")
_DIAGNOSTIC = re.compile(r"#\s?(.*)")
_ESCAPE = re.compile(r"\x1b(?:\[[0-9;?=]*[ -/]*[@-~]|[@-Z\\-_])")


@dataclasses.dataclass
class Counts:
    """Leaf test cases by outcome. passed includes the expected failures (xfail)."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    xfail: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.passed + other.passed, self.failed + other.failed,
                      self.skipped + other.skipped, self.xfail + other.xfail)

    def summary(self) -> str:
        """"5 passed, 1 failed, 1 skipped (1 expected failure)"; zero parts left out."""
        text = f"{self.passed} passed"
        if self.failed:
            text += f", {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped"
        if self.xfail:
            text += f" ({self.xfail} expected failure{'s' if self.xfail != 1 else ''})"
        return text

    def total_line(self) -> str:
        """The last line of a run: "N passed, N failed", plus ", N skipped" if any were."""
        text = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped"
        return text


@dataclasses.dataclass
class Failure:
    """One failure to report: the dotted name of the test, what KTAP said, what the log said."""

    name: str
    diagnostics: list[str]
    log: list[str]


@dataclasses.dataclass
class Test:
    """A result: a case (leaf) or a suite (a nested document), or the root of a log."""

    name: str
    number: int = 0
    status: str = PASS
    reason: str = ""  # of the SKIP or TODO directive
    is_suite: bool = False
    children: list["Test"] = dataclasses.field(default_factory=list)
    diagnostics: list[str] = dataclasses.field(default_factory=list)  # "# " lines, without "# "
    log: list[str] = dataclasses.field(default_factory=list)  # non-KTAP lines just before
    problems: list[str] = dataclasses.field(default_factory=list)  # malformed KTAP, each a failure

    def counts(self) -> Counts:
        """Count the leaf cases below (or this case itself). A failed suite with no failure
        below (its result line says "not ok" although its cases passed) counts as one failure,
        and so does each problem."""
        if not self.is_suite:
            return Counts(passed=int(self.status in (PASS, XFAIL)),
                          failed=int(self.status == FAIL), skipped=int(self.status == SKIP),
                          xfail=int(self.status == XFAIL))
        total = Counts(failed=len(self.problems))
        for child in self.children:
            total += child.counts()
        if self.status == FAIL and total.failed == 0:
            total.failed = 1
        elif self.status == SKIP and not self.children:
            total.skipped = 1
        return total

    def _fails_alone(self) -> bool:
        """A failed suite with no failure below it: the suite itself is the failure."""
        return (self.is_suite and self.status == FAIL and not self.problems
                and not any(child.counts().failed for child in self.children))

    def failures(self, prefix: str = "") -> Iterator[Failure]:
        """Every failure below, in log order, named by its path ("suite.case")."""
        name = f"{prefix}.{self.name}" if prefix and self.name else prefix or self.name
        if self.is_suite:
            for problem in self.problems:
                yield Failure(name or "(log)", [f"KTAP: {problem}"], [])
            for child in self.children:
                yield from child.failures(name)
            if self._fails_alone():
                yield Failure(name, self.diagnostics or ["reported failure"], self.log)
        elif self.status == FAIL:
            yield Failure(name, self.diagnostics, self.log)


@dataclasses.dataclass
class _Doc:
    """A KTAP document being read: the root's, or a suite's."""

    test: Test
    plan: int | None = None
    count: int = 0  # results so far
    has_version: bool = False  # seen its "KTAP version" line (it may follow "# Subtest:")
    pending: list[str] = dataclasses.field(default_factory=list)  # diagnostics since a result

    @property
    def fresh(self) -> bool:
        return self.plan is None and self.count == 0


def clean_line(raw: str) -> str:
    """A log line as a terminal shows it: after the last carriage return, without escape
    sequences or trailing blanks (GRUB writes "\\n\\r", the kernel "\\r\\n")."""
    line = raw.rstrip("\r\n")
    line = line[line.rfind("\r") + 1:]
    return _ESCAPE.sub("", line).rstrip()


def _status(ok: bool, directive: str | None) -> tuple[str, str]:
    """The status and directive reason of a result line."""
    match = _DIRECTIVE.fullmatch(directive) if directive is not None else None
    if match and match.group(1).upper() == "SKIP":
        return SKIP, match.group(2)
    if match and not ok:  # not ok ... # TODO
        return XFAIL, match.group(2)
    return (PASS if ok else FAIL), ""


class _Reader:
    """Reads a log line by line. stack[k] is the open document at nesting level k."""

    def __init__(self) -> None:
        self.root = Test("", is_suite=True)
        self.stack: list[_Doc] = []
        self.started = False
        self.log: list[str] = []  # non-KTAP lines since the last result or opened suite

    def feed(self, raw: str, complete: bool = True) -> None:
        """Read one line; an incomplete one (the output stopped inside it) is only context."""
        line = clean_line(raw)
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if complete and body and indent % INDENT == 0 and self._ktap(indent // INDENT, body):
            return
        if line:
            self.log.append(line)
            del self.log[:-LOG_CONTEXT_LINES]

    def _ktap(self, depth: int, body: str) -> bool:
        """Handle a line that may be KTAP at this depth; False if it is not."""
        if _VERSION.fullmatch(body):
            return self._version(depth)
        if match := _PLAN.fullmatch(body):
            return self._plan(depth, int(match.group(1)))
        if match := _RESULT.fullmatch(body):
            name, directive = _NAME_AND_DIRECTIVE.fullmatch(match.group(3) or "").groups()
            status = _status(not match.group(1), directive)
            return self._result(depth, int(match.group(2)), name.strip(), *status)
        if match := _SUBTEST.fullmatch(body):
            return self._subtest(depth, match.group(1))
        if match := _DIAGNOSTIC.fullmatch(body):
            return self._diagnostic(depth, match.group(1))
        return False

    @property
    def top(self) -> int:
        return len(self.stack) - 1

    def _version(self, depth: int) -> bool:
        if depth == 0:
            self._close_from(0)
            self.stack.append(_Doc(self.root, has_version=True))
            self.started = True
            return True
        if not 1 <= depth <= self.top + 1:
            return False
        if depth == self.top and self.stack[depth].fresh and not self.stack[depth].has_version:
            self.stack[depth].has_version = True  # "# Subtest:" came first
            return True
        self._open(depth, "", has_version=True)
        return True

    def _subtest(self, depth: int, name: str) -> bool:
        if not 1 <= depth <= self.top + 1:
            return self._diagnostic(depth, f"Subtest: {name}")
        doc = self.stack[depth] if depth <= self.top else None
        if doc and depth == self.top and doc.fresh and not doc.test.name:
            doc.test.name = name
        else:
            self._open(depth, name, has_version=False)
        return True

    def _open(self, depth: int, name: str, has_version: bool) -> None:
        """Start a suite at depth, ending (unfinished) whatever was open there or deeper."""
        self._close_from(depth)
        self.stack.append(_Doc(Test(name, is_suite=True), has_version=has_version))
        self.log = []

    def _plan(self, depth: int, count: int) -> bool:
        if not 0 <= depth <= self.top:
            return False
        self._close_from(depth + 1)
        doc = self.stack[depth]
        if doc.plan is not None:
            doc.test.problems.append(f"a second plan 1..{count} after 1..{doc.plan}")
        else:
            doc.plan = count
        return True

    def _result(self, depth: int, number: int, name: str, status: str, reason: str) -> bool:
        if not 0 <= depth <= self.top:
            return False
        self._close_from(depth + 2)
        doc = self.stack[depth]
        if depth < self.top:  # this line is the result of the suite at depth + 1
            suite = self.stack.pop()
            self._finish(suite)
            test = suite.test
            test.name = name or test.name
        else:
            test = Test(name)
        test.status, test.reason = status, reason
        self._add(doc, test, number)
        return True

    def _diagnostic(self, depth: int, text: str) -> bool:
        if not self.stack or depth < 0:
            return False
        # Deeper than any open document: details of the result to come at the deepest level.
        self.stack[min(depth, self.top)].pending.append(text)
        return True

    def _add(self, doc: _Doc, test: Test, number: int | None = None) -> None:
        """Append a result to doc, with the diagnostics and log lines that led up to it."""
        doc.count += 1
        if number is not None and number != doc.count:
            doc.test.problems.append(f"\"{test.name}\" is numbered {number}, expected {doc.count}")
        test.number = doc.count if number is None else number
        test.diagnostics = doc.pending + test.diagnostics
        doc.pending = []
        if not test.log:
            test.log, self.log = self.log, []
        doc.test.children.append(test)

    def _close_from(self, depth: int) -> None:
        """End the documents at depth and deeper that are still open (no result line came)."""
        while self.top >= depth:
            doc = self.stack.pop()
            self._finish(doc)
            if not self.stack:
                continue
            doc.test.status = FAIL
            doc.test.diagnostics.append("no result line for this suite: the output ends "
                                        "or moves on before it finished")
            self._add(self.stack[-1], doc.test)

    def _finish(self, doc: _Doc) -> None:
        """Check doc's plan; the results it lacks become failed cases named "missing"."""
        test = doc.test
        leftover, doc.pending = doc.pending, []
        if doc.plan is not None and doc.count > doc.plan:
            test.problems.append(f"{doc.count} results for a plan of 1..{doc.plan}")
        while doc.plan is not None and doc.count < doc.plan:
            why = f"no result for test {doc.count + 1} of 1..{doc.plan}"
            # The leftover diagnostics are the running test's, the first one missing.
            self._add(doc, Test("missing", status=FAIL, diagnostics=leftover + [why]))
            leftover = []
        test.diagnostics.extend(leftover)

    def finish(self) -> Test:
        self._close_from(0)
        if not self.started:
            self.root.children.append(Test(
                "no KTAP output", status=FAIL,
                diagnostics=["no \"KTAP version 1\" line at the start of a line"],
                log=self.log))
        return self.root


def parse(text: str) -> Test:
    """Read every top-level KTAP document in a log; their results become the root's children."""
    reader = _Reader()
    lines = text.split("\n")
    for raw in lines[:-1]:
        reader.feed(raw)
    reader.feed(lines[-1], complete=False)  # "" when the text ends with a newline
    return reader.finish()


def parse_file(path: str) -> Test:
    """parse() a log file ("-" for stdin), whatever bytes it holds."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    return parse(data.decode("utf-8", errors="replace"))


def format_failure(failure: Failure, context: int = 20) -> list[str]:
    """Lines describing one failure: its diagnostics, then the last log lines before it."""
    lines = [f"    # {d}" for d in failure.diagnostics]
    if failure.log and context:
        lines += [f"    | {line}" for line in failure.log[-context:]]
    return lines


def _print_tree(test: Test, depth: int) -> None:
    for child in test.children:
        reason = f" ({child.reason})" if child.reason else ""
        print(f"{'  ' * depth}{child.status:5} {child.number} {child.name}{reason}")
        _print_tree(child, depth + 1)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="ktap.py",
        description="Summarize the KTAP test results in a console log (see the module "
                    "docstring for what counts as a failure).",
        epilog="Exit status: 0 if nothing failed, 1 if anything failed, 2 on usage errors.")
    parser.add_argument("log", help="the log file, or - for stdin")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list every test case with its status")
    args = parser.parse_args(argv)
    try:
        root = parse_file(args.log)
    except OSError as e:
        print(f"ktap.py: {e}", file=sys.stderr)
        return 2
    if args.verbose:
        _print_tree(root, 0)
    for child in root.children:
        print(f"{child.name or '(unnamed)':<40} {child.counts().summary()}")
    failures = list(root.failures())
    for failure in failures:
        print(f"FAIL {failure.name}")
        print("\n".join(format_failure(failure)))
    total = root.counts()
    print(total.total_line())
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
