"""Validate a signed sample certificate against the Open Badges 3.0
AchievementCredential JSON Schema (draft 2019-09).

usage: vc_schema.py VC_SAMPLE TEMPLATE SCHEMA

Runs VC_SAMPLE TEMPLATE (tests/vc_sample.c), which prints the template
issued and signed with eddsa-jcs-2022, and validates what it prints. Also
checks that the schema does refuse a credential without a subject, so that
the test can fail. Needs python3-jsonschema (Debian), hence /usr/bin/python3.
"""
import json
import subprocess
import sys

import jsonschema


def main():
    sample, template, schema_path = sys.argv[1:4]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft201909Validator(schema)
    out = subprocess.run([sample, template], check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    passed = failed = 0

    errors = sorted(validator.iter_errors(doc), key=str)
    proof = doc.get("proof")
    if (errors or not isinstance(proof, list) or len(proof) != 1
            or proof[0].get("cryptosuite") != "eddsa-jcs-2022"):
        for e in errors:
            print(f"signed sample: {e.message} at {list(e.absolute_path)}", file=sys.stderr)
        failed += 1
    else:
        passed += 1

    broken = dict(doc)
    del broken["credentialSubject"]
    if validator.is_valid(broken):
        print("the schema accepted a credential without credentialSubject", file=sys.stderr)
        failed += 1
    else:
        passed += 1

    print(f"vc-schema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
