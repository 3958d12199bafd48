#!/usr/bin/env python3
"""Validates every conformance vector against the exported bundle schemas with
Python's `jsonschema` (format checking on), and compares each verdict with the
one the vector expects.

The bundles (spec/schemas/bundle*.json) are generated from the crate's
declarations; this proves they work for people outside Rust.

    python3 scripts/check_schemas.py [SPEC_DIR]

A vector's expected schema verdict is its `schema_valid` field if present, else
its `valid` field (see spec/README.md). Vectors whose input is not JSON
(`input_text` that does not parse) have nothing for a schema to judge and are
counted as skipped. Prints one line per mismatch and a closing
'N passed, N failed, N skipped' line; exits 1 on any mismatch.
"""
import json
import sys
from importlib.metadata import version
from pathlib import Path

from jsonschema import Draft202012Validator

BUNDLES = {"segment": "bundle.json", "customerio": "bundle.customerio.json",
           "rudderstack": "bundle.rudderstack.json"}


def main() -> int:
    spec = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "spec")
    validators = {}
    for dialect, name in BUNDLES.items():
        schema = json.loads((spec / "schemas" / name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[dialect] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    # The "date-time" checker exists only when rfc3339-validator is installed.
    if "date-time" not in Draft202012Validator.FORMAT_CHECKER.checkers:
        print("error: the date-time format checker is missing (install rfc3339-validator)")
        return 2
    passed = failed = skipped = 0
    for path in sorted((spec / "vectors").rglob("*.json")):
        vector = json.loads(path.read_text(encoding="utf-8"))
        if "input" in vector:
            instance = vector["input"]
        else:
            try:
                instance = json.loads(vector["input_text"])
            except ValueError:
                skipped += 1
                continue
        expected = vector.get("schema_valid", vector["valid"])
        validator = validators[vector.get("dialect", "segment")]
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        got = not errors
        if got == expected:
            passed += 1
        else:
            failed += 1
            where = ", ".join("/" + "/".join(map(str, e.absolute_path)) for e in errors[:3])
            print(f"{path.relative_to(spec)}: expected valid={expected}, python jsonschema says {got}"
                  + (f" ({where})" if where else ""))
    print(f"checked with Python jsonschema {version('jsonschema')}, formats asserted")
    print(f"schemas: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
