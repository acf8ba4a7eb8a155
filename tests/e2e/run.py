#!/usr/bin/env python3
"""Run the end-to-end suite against a `tunas` binary.

    python3 tests/e2e/run.py /path/to/tunas [TEST_NAME_PATTERN ...]

Every test module (test_*.py beside this file) starts the real binary on a
fresh database and talks to it over HTTP or through the CLI. The unittest
report goes to stderr; the last line on stdout is

    e2e: N passed, M failed

where M counts failures, errors (including class set-up and tear-down) and
skips (a skipped end-to-end test is a defect). Tests for one store only
(harness.sqlite_only, harness.postgres_only) are left out of the other's
run, not skipped: the count is of the tests that ran. The exit status is 0 only
when M is 0. Extra arguments select tests whose id contains one of them.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402


class CountingResult(unittest.TextTestResult):
    """Counts tests, not subtests: a test with a failing subtest fails once."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.failed_ids = set()

    def _mark(self, test):
        self.failed_ids.add(test.id())

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._mark(test)

    def addError(self, test, err):
        super().addError(test, err)
        self._mark(test)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._mark(test)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._mark(test)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._mark(test)


def for_store(suite, pg):
    """The suite less the tests that are for the other store: those marked
    harness.sqlite_only on PostgreSQL, harness.postgres_only on SQLite."""
    mark = "sqlite_only" if pg else "postgres_only"
    out = unittest.TestSuite()
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            out.addTest(for_store(t, pg))
            continue
        method = getattr(t, getattr(t, "_testMethodName", ""), None)
        if getattr(method, mark, None) or getattr(type(t), mark, None):
            continue
        out.addTest(t)
    return out


def select(suite, patterns):
    out = unittest.TestSuite()
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            sub = select(t, patterns)
            if sub.countTestCases():
                out.addTest(sub)
        elif any(p in t.id() for p in patterns):
            out.addTest(t)
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        print("e2e: 0 passed, 1 failed")
        return 2
    binary = os.path.abspath(argv[1])
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"run.py: {binary} is not an executable", file=sys.stderr)
        print("e2e: 0 passed, 1 failed")
        return 1
    harness.BINARY = binary
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    if len(argv) > 2:
        suite = select(suite, argv[2:])
    suite = for_store(suite, bool(harness.PG_PREFIX))
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=CountingResult)
    result = runner.run(suite)
    # Failures of class set-up and tear-down are reported on placeholders
    # ("setUpClass (module.Class)") that are not among the tests run; they
    # count as failures too.
    failed = len(result.failed_ids)
    ran_failed = sum(1 for i in result.failed_ids if " (" not in i)
    passed = result.testsRun - ran_failed
    sys.stdout.flush()
    print(f"e2e: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
