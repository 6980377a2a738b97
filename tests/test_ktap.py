# SPDX-License-Identifier: MIT
"""Unit tests of tests/ktap.py.  Run:  python3 -m unittest discover -s tests -p 'test_*.py'"""

import contextlib
import io
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402


def log(text: str, newline: str = "\r\n") -> str:
    """A console log from an indented literal, with the given line ending."""
    return textwrap.dedent(text).lstrip("\n").replace("\n", newline)


# What the kernel prints for `ktest=all` with two suites, as in kernel/ktest/ktest.c.
KERNEL_RUN = log("""
    SeaBIOS (version 1.16)
    [    0.000000] Trefoil 0.1 booting
    [    0.010000] ktest: running "all"
    KTAP version 1
    1..2
        KTAP version 1
        # Subtest: ktest_self
        1..4
        # expect_eq_passes_on_equal: 12 us
        ok 1 expect_eq_passes_on_equal
    [    0.011000] a printk line from the test
            # expect_eq_fails: EXPECTATION FAILED at kernel/ktest/ktest_self.c:40
            #   expected 1 == 2, but
        # expect_eq_fails: 3 us
        not ok 2 expect_eq_fails # TODO expected failure: shows a failure
        # skip_is_reported: 1 us
        ok 3 skip_is_reported # SKIP because
        ok 4 todo_that_passes # TODO surprise
    # ktest_self: pass:2 fail:0 skip:1 xfail:1 total:4
    ok 1 ktest_self
        KTAP version 1
        # Subtest: lib_string
        1..2
        ok 1 strlen_counts
            # strcmp_orders: EXPECTATION FAILED at lib/string_test.c:7
            #   expected strcmp("a", "b") < 0, but
        not ok 2 strcmp_orders
    # lib_string: pass:1 fail:1 skip:0 xfail:0 total:2
    not ok 2 lib_string
    # Totals: pass:3 fail:1 skip:1 xfail:1
    """)


def statuses(test: ktap.Test) -> list[tuple[str, str]]:
    return [(child.name, child.status) for child in test.children]


class CountsTest(unittest.TestCase):
    def test_summary_leaves_out_zero_parts(self):
        self.assertEqual(ktap.Counts(12).summary(), "12 passed")
        self.assertEqual(ktap.Counts(5, 1, 2, 1).summary(),
                         "5 passed, 1 failed, 2 skipped (1 expected failure)")
        self.assertEqual(ktap.Counts(5, 0, 0, 2).summary(), "5 passed (2 expected failures)")

    def test_total_line_always_has_passed_and_failed(self):
        self.assertEqual(ktap.Counts(3, 0).total_line(), "3 passed, 0 failed")
        self.assertEqual(ktap.Counts(3, 1, 2).total_line(), "3 passed, 1 failed, 2 skipped")

    def test_counts_add(self):
        self.assertEqual(ktap.Counts(1, 2, 3, 4) + ktap.Counts(1, 1, 1, 1), ktap.Counts(2, 3, 4, 5))


class KernelRunTest(unittest.TestCase):
    def setUp(self):
        self.root = ktap.parse(KERNEL_RUN)

    def test_suites_and_cases(self):
        self.assertEqual(statuses(self.root), [("ktest_self", "pass"), ("lib_string", "fail")])
        self.assertEqual(statuses(self.root.children[0]), [
            ("expect_eq_passes_on_equal", "pass"), ("expect_eq_fails", "xfail"),
            ("skip_is_reported", "skip"), ("todo_that_passes", "pass")])
        self.assertTrue(all(c.is_suite for c in self.root.children))
        self.assertEqual([c.number for c in self.root.children[0].children], [1, 2, 3, 4])

    def test_directive_reasons(self):
        cases = self.root.children[0].children
        self.assertEqual(cases[1].reason, "expected failure: shows a failure")
        self.assertEqual(cases[2].reason, "because")

    def test_counts_expected_failure_as_passed(self):
        self.assertEqual(self.root.children[0].counts(), ktap.Counts(3, 0, 1, 1))
        self.assertEqual(self.root.children[1].counts(), ktap.Counts(1, 1))
        self.assertEqual(self.root.counts(), ktap.Counts(4, 1, 1, 1))

    def test_diagnostics_belong_to_the_result_after_them(self):
        xfail = self.root.children[0].children[1]
        self.assertEqual(xfail.diagnostics, [
            "expect_eq_fails: EXPECTATION FAILED at kernel/ktest/ktest_self.c:40",
            "  expected 1 == 2, but", "expect_eq_fails: 3 us"])
        self.assertEqual(self.root.children[0].children[0].diagnostics,
                         ["expect_eq_passes_on_equal: 12 us"])
        self.assertIn("ktest_self: pass:2 fail:0 skip:1 xfail:1 total:4",
                      self.root.children[0].diagnostics)

    def test_log_lines_are_context_not_results(self):
        xfail = self.root.children[0].children[1]
        self.assertEqual(xfail.log, ["[    0.011000] a printk line from the test"])

    def test_failures_name_the_case_and_say_why(self):
        failures = list(self.root.failures())
        self.assertEqual([f.name for f in failures], ["lib_string.strcmp_orders"])
        self.assertEqual(failures[0].diagnostics[0],
                         "strcmp_orders: EXPECTATION FAILED at lib/string_test.c:7")

    def test_line_endings_do_not_matter(self):
        for newline in ("\n", "\n\r", "\r\r\n"):
            root = ktap.parse(KERNEL_RUN.replace("\r\n", newline))
            self.assertEqual(root.counts(), ktap.Counts(4, 1, 1, 1), repr(newline))

    def test_escape_sequences_are_dropped(self):
        text = "\x1b[2J\x1b[01;01H\x1b[=3h" + KERNEL_RUN.replace("KTAP version 1\r\n1..2",
                                                                 "\x1b[0mKTAP version 1\r\n1..2")
        self.assertEqual(ktap.parse(text).counts(), ktap.Counts(4, 1, 1, 1))


class HostTestOutputTest(unittest.TestCase):
    def test_hosttest_h_output(self):
        text = ("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: lib_string\n    1..2\n"
                "    ok 1 strlen_counts\n    # tests/host/test_string.c:9: expected a == b\n"
                "    not ok 2 strcmp_orders\nnot ok 1 lib_string\n")
        root = ktap.parse(text)
        self.assertEqual(root.children[0].name, "lib_string")
        self.assertEqual(root.counts(), ktap.Counts(1, 1))
        failure, = root.failures()
        self.assertEqual(failure.name, "lib_string.strcmp_orders")
        self.assertEqual(failure.diagnostics, ["tests/host/test_string.c:9: expected a == b"])


class MissingAndTruncatedTest(unittest.TestCase):
    def test_no_ktap_output_is_one_failure(self):
        root = ktap.parse("SeaBIOS\r\nBooting from DVD/CD...\r\n[    0.0] Trefoil\r\n")
        self.assertEqual(statuses(root), [("no KTAP output", "fail")])
        self.assertEqual(root.counts(), ktap.Counts(0, 1))
        self.assertEqual(next(root.failures()).log[-1], "[    0.0] Trefoil")

    def test_empty_log_is_one_failure(self):
        self.assertEqual(ktap.parse("").counts(), ktap.Counts(0, 1))

    def test_indented_version_line_does_not_start_a_document(self):
        self.assertEqual(ktap.parse("    KTAP version 1\n    1..1\n    ok 1 a\n").counts(),
                         ktap.Counts(0, 1))

    def test_missing_results_become_failures_named_missing(self):
        root = ktap.parse("KTAP version 1\n1..5\nok 1 a\nok 2 b\nok 3 c\n")
        self.assertEqual(statuses(root), [("a", "pass"), ("b", "pass"), ("c", "pass"),
                                          ("missing", "fail"), ("missing", "fail")])
        self.assertEqual([c.number for c in root.children], [1, 2, 3, 4, 5])
        self.assertEqual(root.counts(), ktap.Counts(3, 2))

    def test_crash_mid_suite(self):
        text = log("""
            KTAP version 1
            1..3
                KTAP version 1
                # Subtest: first
                1..1
                ok 1 a
            ok 1 first
                KTAP version 1
                # Subtest: mm
                1..4
                ok 1 x
                    # y: EXPECTATION FAILED at mm.c:9
            [    1.000000] Kernel panic: page fault
            [    1.000000] Call trace:
            [    1.000000]   [<ffffffff80001234>] mm_test_y+0x12/0x40
            """)
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("first", "pass"), ("mm", "fail"), ("missing", "fail")])
        mm = root.children[1]
        self.assertEqual(statuses(mm), [("x", "pass"), ("missing", "fail"), ("missing", "fail"),
                                        ("missing", "fail")])
        # The case that was running gets its diagnostics and the panic report.
        running = mm.children[1]
        self.assertEqual(running.diagnostics[0], "y: EXPECTATION FAILED at mm.c:9")
        self.assertIn("[    1.000000] Call trace:", running.log)
        self.assertEqual(root.counts(), ktap.Counts(2, 4))

    def test_crash_after_last_case_before_suite_result(self):
        text = "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n    1..1\n    ok 1 a\n"
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("s", "fail")])
        self.assertEqual(root.counts(), ktap.Counts(1, 1))
        failure, = root.failures()
        self.assertEqual(failure.name, "s")
        self.assertIn("no result line", failure.diagnostics[-1])

    def test_suite_without_result_line_followed_by_next_suite(self):
        text = log("""
            KTAP version 1
            1..2
                KTAP version 1
                # Subtest: one
                1..2
                ok 1 a
                KTAP version 1
                # Subtest: two
                1..1
                ok 1 b
            ok 2 two
            """)
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("one", "fail"), ("two", "pass")])
        self.assertEqual(statuses(root.children[0]), [("a", "pass"), ("missing", "fail")])
        self.assertEqual(root.problems, [])
        self.assertEqual(root.counts(), ktap.Counts(2, 1))

    def test_truncated_in_the_middle_of_a_line(self):
        root = ktap.parse("KTAP version 1\n1..2\nok 1 a\nok 2 b")
        self.assertEqual(statuses(root), [("a", "pass"), ("missing", "fail")])
        self.assertEqual(root.children[1].log, ["ok 2 b"])


class MalformedTest(unittest.TestCase):
    def test_bad_numbering_is_a_problem(self):
        root = ktap.parse("KTAP version 1\n1..3\nok 1 a\nok 3 c\nok 2 d\n")
        self.assertEqual(root.problems, ["\"c\" is numbered 3, expected 2",
                                         "\"d\" is numbered 2, expected 3"])
        self.assertEqual(root.counts(), ktap.Counts(3, 2))
        self.assertTrue(all(f.name == "(log)" for f in root.failures()))

    def test_more_results_than_planned(self):
        root = ktap.parse("KTAP version 1\n1..1\nok 1 a\nok 2 b\n")
        self.assertEqual(root.problems, ["2 results for a plan of 1..1"])
        self.assertEqual(root.counts(), ktap.Counts(2, 1))

    def test_second_plan(self):
        root = ktap.parse("KTAP version 1\n1..1\n1..2\nok 1 a\n")
        self.assertEqual(len(root.problems), 1)

    def test_suite_not_ok_without_failed_case_counts_once(self):
        text = "KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n    ok 1 a\nnot ok 1 s\n"
        root = ktap.parse(text)
        self.assertEqual(root.counts(), ktap.Counts(1, 1))
        self.assertEqual([f.name for f in root.failures()], ["s"])

    def test_not_ok_suite_with_failed_case_counts_the_case_only(self):
        text = "KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n    not ok 1 a\nnot ok 1 s\n"
        root = ktap.parse(text)
        self.assertEqual(root.counts(), ktap.Counts(0, 1))
        self.assertEqual([f.name for f in root.failures()], ["s.a"])

    def test_top_level_case_without_suite(self):
        text = log("""
            KTAP version 1
            1..1
            # ktest: there is no suite named "does_not_exist"
            not ok 1 does_not_exist
            """)
        root = ktap.parse(text)
        self.assertEqual(root.counts(), ktap.Counts(0, 1))
        failure, = root.failures()
        self.assertEqual(failure.diagnostics, ["ktest: there is no suite named \"does_not_exist\""])

    def test_odd_indentation_and_other_text_are_ignored(self):
        text = "KTAP version 1\n1..1\n  ok 7 odd\nok not a result\nokay\n\tok 1 tab\nok 1 a\n"
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("a", "pass")])
        self.assertEqual(root.problems, [])

    def test_skipped_suite_without_cases(self):
        root = ktap.parse("KTAP version 1\n1..1\nok 1 s # SKIP no hardware\n")
        self.assertEqual(root.counts(), ktap.Counts(0, 0, 1))


class SyntaxVariantsTest(unittest.TestCase):
    def test_subtest_line_before_version_line(self):
        text = log("""
            KTAP version 1
            1..1
                # Subtest: s
                KTAP version 1
                1..1
                ok 1 a
            ok 1 s
            """)
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("s", "pass")])
        self.assertEqual(root.problems, [])

    def test_subtest_without_version_line(self):
        text = "KTAP version 1\n1..1\n    # Subtest: s\n    1..1\n    ok 1 a\nok 1 s\n"
        self.assertEqual(ktap.parse(text).counts(), ktap.Counts(1, 0))

    def test_result_variants(self):
        text = log("""
            KTAP version 1
            1..6
            ok 1 - dashed
            ok 2
            not ok 3 skipped_anyway # skip lowercase
            not ok 4 todo # TODO
            ok 5 with # a comment
            not ok 6 # TODO unnamed
            """)
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("dashed", "pass"), ("", "pass"),
                                          ("skipped_anyway", "skip"), ("todo", "xfail"),
                                          ("with", "pass"), ("", "xfail")])

    def test_several_top_level_documents(self):
        text = "KTAP version 1\n1..1\nok 1 a\nboot log\nKTAP version 1\n1..2\nok 1 b\nok 2 c\n"
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("a", "pass"), ("b", "pass"), ("c", "pass")])
        self.assertEqual(root.problems, [])

    def test_new_document_ends_an_unfinished_one(self):
        text = "KTAP version 1\n1..2\nok 1 a\nKTAP version 1\n1..1\nok 1 b\n"
        root = ktap.parse(text)
        self.assertEqual(statuses(root), [("a", "pass"), ("missing", "fail"), ("b", "pass")])

    def test_deep_nesting(self):
        text = log("""
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: outer
                1..1
                    KTAP version 1
                    # Subtest: inner
                    1..2
                    ok 1 a
                    not ok 2 b
                not ok 1 inner
            not ok 1 outer
            """)
        root = ktap.parse(text)
        self.assertEqual([f.name for f in root.failures()], ["outer.inner.b"])
        self.assertEqual(root.counts(), ktap.Counts(1, 1))


class CommandLineTest(unittest.TestCase):
    def run_main(self, text: str) -> tuple[int, str]:
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as f:
            f.write(text)
        self.addCleanup(os.unlink, f.name)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = ktap.main([f.name])
        return status, out.getvalue()

    def test_failure_exits_1_and_ends_with_totals(self):
        status, out = self.run_main(KERNEL_RUN)
        self.assertEqual(status, 1)
        lines = out.splitlines()
        self.assertEqual(lines[-1], "4 passed, 1 failed, 1 skipped")
        self.assertRegex(out, r"ktest_self +3 passed, 1 skipped \(1 expected failure\)")
        self.assertIn("FAIL lib_string.strcmp_orders", lines)
        self.assertIn("    #   expected strcmp(\"a\", \"b\") < 0, but", lines)

    def test_success_exits_0(self):
        status, out = self.run_main("KTAP version 1\n1..1\nok 1 a\n")
        self.assertEqual(status, 0)
        self.assertEqual(out.splitlines()[-1], "1 passed, 0 failed")

    def test_unreadable_file_exits_2(self):
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(ktap.main(["/nonexistent/log"]), 2)


if __name__ == "__main__":
    unittest.main()
