"""Audit exported event files: the share of valid calls, the commonest defects
with an example location each, and what `fix` would repair.

    python examples/audit.py events.ndjson [more.ndjson.gz ...]
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Dict, Tuple

import semantic_events as se


def main(paths: list[str]) -> int:
    validator = se.Validator(dialect="segment", profile="standard")
    codes: Counter[se.Code] = Counter()
    where: Dict[se.Code, Tuple[str, int, str]] = {}
    records = valid = 0
    for source, line, report in validator.validate_file(paths):
        records += 1
        valid += report.valid
        for v in report.errors:
            codes[v.code] += 1
            where.setdefault(v.code, (source, line, v.path))
    if records == 0:
        print("no records")
        return 0
    print(f"{records} records, {valid / records:.1%} valid")
    for code, n in codes.most_common(10):
        source, line, path = where[code]
        print(f"  {code.value:<28} {n:>8}   e.g. {source}:{line} {path}")
    fixable = sum(n for code, n in codes.items() if code in se.REPAIRABLE)
    print(f"{fixable} errors are of codes `semantic-events fix` repairs")
    return 0 if valid == records else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
