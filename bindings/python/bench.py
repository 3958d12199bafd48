"""Calls per second, measured side by side in one run on one corpus of realistic
calls (the Rust benches' generator, `cargo run --release --example corpus`):

- this package from `str` lines (the bytes path), full report and `is_valid`;
- this package from `dict`s (each written back with `json.dumps` first);
- Python `jsonschema` with `spec/schemas/bundle.json`, `json.loads` included;
- `fastjsonschema` with the per-event schemas it can compile (their `properties`
  only: it knows no draft 2020-12), `json.loads` included;

and each one's ratio to Python `jsonschema`. One core: the engine's thread pool is
not used here (see `validate_file` for that).

    python bench.py                      # an 8 MB corpus, generated with cargo
    python bench.py --corpus calls.ndjson
    python bench.py --quick              # a smoke run (CI)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import semantic_events as se

ROOT = Path(__file__).resolve().parents[2]


def corpus(size: str) -> List[str]:
    with tempfile.NamedTemporaryFile(suffix=".ndjson") as f:
        subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--example", "corpus", "--", size],
            cwd=ROOT,
            stdout=f,
            check=True,
        )
        return Path(f.name).read_text().splitlines()


def rate(fn: Callable[[], int], rounds: int) -> float:
    """Calls per second: the median of `rounds` timed passes (one warm-up)."""
    fn()
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        n = fn()
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="an NDJSON file of calls (default: generated)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="a tiny corpus and one round")
    args = ap.parse_args()

    if args.corpus:
        lines = [l for l in args.corpus.read_text().splitlines() if l.strip()]
    else:
        lines = corpus("200K" if args.quick else "8M")
    rounds = 1 if args.quick else args.rounds
    dicts = [json.loads(l) for l in lines]
    validator = se.Validator()
    print(f"corpus: {len(lines)} calls, {sum(map(len, lines)) / len(lines):.0f} bytes each on average")

    def from_str() -> int:
        for line in lines:
            validator.validate(line)
        return len(lines)

    def is_valid_str() -> int:
        for line in lines:
            validator.is_valid(line)
        return len(lines)

    def from_dict() -> int:
        for d in dicts:
            validator.validate(d)
        return len(dicts)

    results: Dict[str, float] = {}
    results["semantic_events, str, validate"] = rate(from_str, rounds)
    results["semantic_events, str, is_valid"] = rate(is_valid_str, rounds)
    results["semantic_events, dict, validate"] = rate(from_dict, rounds)

    # The slow checkers get a slice of the corpus: the rate is what matters.
    sample = lines[: min(len(lines), 300 if args.quick else 3000)]
    try:
        import jsonschema
    except ImportError:
        print("jsonschema is not installed: pip install jsonschema", file=sys.stderr)
        return 2
    bundle = json.loads((ROOT / "spec/schemas/bundle.json").read_text())
    checker = jsonschema.Draft202012Validator(bundle)

    def with_jsonschema() -> int:
        for line in sample:
            list(checker.iter_errors(json.loads(line)))
        return len(sample)

    results["jsonschema (bundle.json)"] = rate(with_jsonschema, max(1, rounds // 2))
    # The verdicts, compared outside the timed passes.
    mismatches = sum(
        (not any(True for _ in checker.iter_errors(json.loads(line)))) != validator.is_valid(line)
        for line in sample
    )

    fast = fastjsonschema_validators()
    if fast is not None:
        compiled, failed = fast
        covered = [l for l in sample if json.loads(l).get("event") in compiled]

        def with_fastjsonschema() -> int:
            import fastjsonschema

            for line in covered:
                call = json.loads(line)
                try:
                    compiled[call["event"]](call.get("properties") or {})
                except fastjsonschema.JsonSchemaException:
                    pass
            return len(covered)

        if covered:
            results[
                f"fastjsonschema (per-event properties; {len(compiled)} compiled, {failed} not)"
            ] = rate(with_fastjsonschema, rounds)

    base = results["jsonschema (bundle.json)"]
    width = max(map(len, results))
    for name, r in results.items():
        print(f"{name:<{width}}  {r:>12,.0f} calls/s  {r / base:>8.1f}x jsonschema")
    print(f"(jsonschema and the package disagreed on {mismatches} of {len(sample)} calls)")
    return 0 if mismatches == 0 else 1


def fastjsonschema_validators() -> Optional[Tuple[Dict[str, Callable[[Any], Any]], int]]:
    """Per-event validators, keyed by canonical name, for the schemas it compiles."""
    try:
        import fastjsonschema
    except ImportError:
        print("fastjsonschema is not installed: skipped", file=sys.stderr)
        return None
    compiled: Dict[str, Callable[[Any], Any]] = {}
    failed = 0
    for path in sorted((ROOT / "spec/schemas").glob("*/*.schema.json")):
        schema = json.loads(path.read_text())
        name = schema.get("title")
        try:
            compiled[name] = fastjsonschema.compile(schema)
        except Exception:  # noqa: BLE001 - any refusal means "cannot compile"
            failed += 1
    return compiled, failed


if __name__ == "__main__":
    sys.exit(main())
