"""Python half of scripts/bench_schemas.sh (run it through that script).

Measures, over the first PY_LINES lines of an NDJSON corpus (jsonschema is slow):
  - json.loads alone (the baseline), and
  - json.loads + jsonschema (validator_for(schema), FormatChecker(), every error
    collected with iter_errors, like ajv's allErrors) against the bundle schema,
each as the best of REPEATS timed runs (more if they take under 1 s in all)
after one warm-up run, and counts the
lines jsonschema finds valid.

    python bench.py CORPUS SCHEMA RESULTS_TSV     (env: REPEATS=3, PY_LINES=5000)

Appends one row per contender to RESULTS_TSV:
    contender  lines  bytes  MB/s  ratio-to-baseline  valid
"""
import json
import os
import sys
import time
from importlib.metadata import version

from jsonschema import FormatChecker
from jsonschema.validators import validator_for

corpus_path, schema_path, results_path = sys.argv[1:4]
repeats = int(os.environ.get("REPEATS", "3"))
py_lines = int(os.environ.get("PY_LINES", "5000"))

# Decode once, outside the timed loops; count each line's UTF-8 bytes plus its newline.
with open(corpus_path, "rb") as f:
    raw = [line for line in f.read().split(b"\n") if line][:py_lines]
lines = [line.decode("utf-8") for line in raw]
nbytes = sum(len(line) + 1 for line in raw)


def best(fn):
    """One warm-up run, then the best of `repeats` timed runs, run on until they
    add up to a second at least (small corpora): (seconds, result)."""
    result = fn()
    secs, total, runs = float("inf"), 0.0, 0
    while runs < repeats or total < 1:
        t0 = time.perf_counter()
        result = fn()
        t = time.perf_counter() - t0
        secs, total, runs = min(secs, t), total + t, runs + 1
    return secs, result


with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
cls = validator_for(schema)
checker = FormatChecker()
if "date-time" not in checker.checkers:
    sys.exit("error: the date-time format checker is missing (install rfc3339-validator)")
t0 = time.perf_counter()
validator = cls(schema, format_checker=checker)
build_ms = (time.perf_counter() - t0) * 1e3


def parse_only():
    n = 0
    for line in lines:
        if json.loads(line) is not None:
            n += 1
    return n


def all_errors():
    """Walks every error of every line (allErrors); returns the valid count."""
    n = 0
    for line in lines:
        if sum(1 for _ in validator.iter_errors(json.loads(line))) == 0:
            n += 1
    return n


print(f"python {sys.version.split()[0]}, jsonschema {version('jsonschema')} ({cls.__name__})")
print(f"corpus: {len(lines)} lines (the first PY_LINES={py_lines} at most), {nbytes} bytes; "
      f"best of >= {repeats} runs (>= 1 s in all) after a warm-up")
print(f"jsonschema: building the validator: {build_ms:.0f} ms (refs resolve lazily, in the warm-up)")
parse_secs, _ = best(parse_only)
js_secs, valid = best(all_errors)
parse_mbs = nbytes / parse_secs / 1e6
js_mbs = nbytes / js_secs / 1e6
print(f"json.loads alone:          {parse_mbs:.1f} MB/s")
print(f"json.loads + jsonschema:   {js_mbs:.2f} MB/s  (jsonschema/json.loads = {js_mbs / parse_mbs:.4f})")
print(f"jsonschema valid: {valid} of {len(lines)} lines")

with open(results_path, "a", encoding="utf-8") as f:
    f.write(f"python json.loads\t{len(lines)}\t{nbytes}\t{parse_mbs:.2f}\t1.000\t-\n")
    f.write(f"python jsonschema\t{len(lines)}\t{nbytes}\t{js_mbs:.2f}\t{js_mbs / parse_mbs:.4f}\t{valid}\n")
