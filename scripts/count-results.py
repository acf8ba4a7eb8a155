#!/usr/bin/env python3
"""Add up test cases across meson test logs and print `N passed, N failed`.

Each test program reports its own count (Check: "Checks: N, Failures: F,
Errors: E"; the e2e and fuzz-replay runners: "NAME: N passed, M failed").
A program that ended badly without a count line counts as one failure.
"""
import json
import re
import sys

CHECK = re.compile(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)")
PLAIN = re.compile(r"^\S+: (\d+) passed, (\d+) failed$", re.M)

passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        print(f"missing test log {path}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        out = (t.get("stdout") or "") + "\n" + (t.get("stderr") or "")
        ok = t.get("result") == "OK"
        m = CHECK.search(out)
        p = PLAIN.findall(out)
        if m:
            n, f, e = map(int, m.groups())
            passed += n - f - e
            failed += f + e
        elif p:
            passed += int(p[-1][0])
            failed += int(p[-1][1])
        else:
            passed += 1 if ok else 0
            failed += 0 if ok else 1
            continue
        if not ok and not (m and (int(m.group(2)) or int(m.group(3)))) and not (p and int(p[-1][1])):
            # Counted all passed but the program failed (a leak, a crash at exit).
            failed += 1
        print(f"{t.get('name')}: {t.get('result')}", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
