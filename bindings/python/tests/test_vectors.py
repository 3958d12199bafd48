"""Every conformance vector of `spec/vectors/` through the package: the verdict and
the violations (code, path, severity) the vector states, as the crate's own
conformance test requires of the crate."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import semantic_events as se

from conftest import ROOT

VECTORS = sorted((ROOT / "spec/vectors").rglob("*.json"))
KNOWN_FAILURES = {
    line.split("#")[0].strip()
    for line in (ROOT / "spec/expected_failures.txt").read_text().splitlines()
    if line.split("#")[0].strip()
}


def test_there_are_vectors() -> None:
    assert len(VECTORS) > 400


# A listed vector that passes fails the run (strict), as spec/expected_failures.txt says.
CASES = [
    pytest.param(
        p,
        id=str(p.relative_to(ROOT / "spec/vectors")),
        marks=[pytest.mark.xfail(strict=True, reason="listed in spec/expected_failures.txt")]
        if str(p.relative_to(ROOT / "spec")) in KNOWN_FAILURES
        else [],
    )
    for p in VECTORS
]


@pytest.mark.parametrize("path", CASES)
def test_vector(path: Path) -> None:
    case: Dict[str, Any] = json.loads(path.read_text())
    validator = se.Validator(
        dialect=case.get("dialect", "segment"),
        profile=case.get("profile", "standard"),
        numeric_strings=case.get("numeric_strings", "error"),
    )
    text = case["input_text"] if "input_text" in case else json.dumps(case["input"])
    expected: List[Tuple[str, str, str]] = [(e["code"], e["path"], e["severity"]) for e in case["expect"]]
    # A JSON string as the input is text for the package: only its JSON form is a call.
    parsed = [case["input"]] if "input" in case and not isinstance(case["input"], str) else []
    for call in [text, text.encode(), *parsed]:
        report = validator.validate(call)
        got = [(v.code.value, v.path, v.severity.value) for v in report]
        assert Counter(got) == Counter(expected), case["description"]
        assert report.valid == case["valid"]
        assert validator.is_valid(call) == case["valid"]
