#!/usr/bin/env bash
# How fast do the exported JSON Schemas (spec/schemas/bundle*.json) validate
# outside Rust? In one run, on the same NDJSON corpus, measures:
#   Node:   JSON.parse alone per line (baseline), and JSON.parse + ajv 8
#           (Ajv2020 {allErrors: true, strict: false} + ajv-formats) per line;
#           also ajv's compile time for the bundle and any warnings it prints;
#   Python: json.loads alone per line (baseline), and json.loads + jsonschema
#           (validator_for, FormatChecker, every error via iter_errors), on the
#           first PY_LINES lines only, since jsonschema is slow.
# Each figure is the best of REPEATS timed runs (more, if they add up to under
# 1 s) after a warm-up. Prints MB/s (10^6 bytes, newlines counted), the ratio to
# the same language's parse-only baseline, and how many lines each validator
# finds valid: compare that count before and after a bundle change to check
# that no verdict moved.
#
#   scripts/bench_schemas.sh [CORPUS.ndjson]
#       default corpus: target/bench_schemas/corpus.ndjson, made (2 MB) with
#       `cargo run --release --example corpus -- 2M` when missing
#   env: SCHEMA=spec/schemas/bundle.json  PY_LINES=5000  REPEATS=3
#
# Dependencies install themselves on first use: `npm ci` in scripts/bench_schemas/
# (ajv pinned in its package.json and package-lock.json), and a virtualenv at
# target/bench_schemas/venv from scripts/requirements-schemas.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

work=target/bench_schemas
here=scripts/bench_schemas
corpus=${1:-$work/corpus.ndjson}
schema=${SCHEMA:-spec/schemas/bundle.json}
export PY_LINES=${PY_LINES:-5000} REPEATS=${REPEATS:-3}
mkdir -p "$work"

if [[ ! -f "$corpus" ]]; then
  [[ $# -eq 0 ]] || { echo "error: no corpus at $corpus" >&2; exit 2; }
  cargo run --quiet --release --example corpus -- 2M > "$corpus.tmp"
  mv "$corpus.tmp" "$corpus"
fi
[[ -f "$schema" ]] || { echo "error: no schema at $schema" >&2; exit 2; }

# Node dependencies, exactly as locked.
if [[ ! -d "$here/node_modules" ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund)
fi
# Python virtualenv; reinstalled when the pinned requirements change.
venv=$work/venv
if ! cmp -s scripts/requirements-schemas.txt "$venv/requirements-schemas.txt"; then
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-schemas.txt
  cp scripts/requirements-schemas.txt "$venv/requirements-schemas.txt"
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "schema: $schema"
echo "== Node"
node "$here/bench.js" "$corpus" "$schema" "$results"
echo "== Python"
"$venv/bin/python" "$here/bench.py" "$corpus" "$schema" "$results"

echo
echo "(Python rows: at most the first $PY_LINES lines; ratio = MB/s over the same language's parse-only MB/s)"
awk -F'\t' 'BEGIN { printf "%-20s %7s %10s %9s %8s\n", "contender", "lines", "MB/s", "ratio", "valid" }
            { printf "%-20s %7d %10.2f %9s %8s\n", $1, $2, $4, $5, $6 }' "$results"
