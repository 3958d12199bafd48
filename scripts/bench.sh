#!/usr/bin/env bash
# Runs the validation benchmarks (benches/validate.rs) and prints, for each
# contender, MB/s and events/s on the same corpus in the same run, with the
# ratios the performance goals are stated in: e/a (bytes path vs serde_json
# merely skipping the bytes) and e/c (bytes path vs the jsonschema crate).
#
#   scripts/bench.sh            # ~2 minutes on 2 cores
#   scripts/bench.sh --quick    # fewer samples, a rough figure
set -euo pipefail
cd "$(dirname "$0")/.."

extra=()
if [[ "${1:-}" == "--quick" ]]; then
  extra=(--warm-up-time 1 --measurement-time 2)
fi
log=$(mktemp)
cargo bench --bench validate -- --noplot "${extra[@]}" | tee "$log" | grep -E '^(corpus|validate/)' || true
corpus=$(grep -m1 '^corpus:' "$log")
rm -f "$log"

python3 - "$corpus" <<'PY'
import json, os, re, sys, platform
m = re.match(r"corpus: (\d+) bytes, (\d+) events", sys.argv[1])
size, events = int(m.group(1)), int(m.group(2))
names = {
    "a_serde_skip": "(a) serde_json skip (IgnoredAny)",
    "b_serde_value": "(b) serde_json -> Value",
    "c_jsonschema_crate": "(c) jsonschema crate, bundle schema",
    "d_value_path": "(d) semantic-events, Value path",
    "e_bytes_report": "(e) semantic-events, bytes, full report",
    "f_bytes_is_valid": "(f) semantic-events, bytes, is_valid",
}
secs = {}
for key in names:
    path = os.path.join("target", "criterion", "validate", key, "new", "estimates.json")
    with open(path) as f:
        secs[key] = json.load(f)["mean"]["point_estimate"] / 1e9
cpu = "unknown cpu"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
except (OSError, StopIteration):
    pass
print(f"\ncorpus: {size} bytes, {events} events (~{size // events} B each); one core; {cpu}")
print(f"{'contender':<44}{'MB/s':>10}{'events/s':>14}")
for key, label in names.items():
    s = secs[key]
    print(f"{label:<44}{size / s / 1e6:>10.0f}{events / s:>14,.0f}")
ea = secs["a_serde_skip"] / secs["e_bytes_report"]
ec = secs["c_jsonschema_crate"] / secs["e_bytes_report"]
print(f"\ne/a = {ea:.2f}  (goal >= 0.5: bytes path vs merely skipping the bytes)")
print(f"e/c = {ec:.2f}  (goal >= 4: bytes path vs the jsonschema crate)")
PY
