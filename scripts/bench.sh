#!/usr/bin/env bash
# The performance figures, in one run, on the bench corpus (benches/support/corpus.rs:
# analytics.js- and mobile-SDK-like calls with full context, four timestamps,
# messageId, integrations; 5% defective):
#
# - benches/validate.rs (criterion, one core): serde_json skipping the bytes, into a
#   Value, the jsonschema crate, this crate's Value path, bytes path full report and
#   is_valid, on a 2 MB corpus in memory; then the bytes path's full report over the
#   lines of a larger file (in memory);
# - the CLI (`validate --quiet`) on that same file, with 1 and 2 worker threads: best
#   wall time of 9 interleaved runs each (the machine drifts by ±5%), and the runs' peak
#   resident memory. The library's own pass over the file (examples/profile_bytes, the
#   file read into memory first, only the validation timed) runs in the same interleaved
#   loop, and the CLI-to-library ratio is taken from it, so that a drift between the
#   criterion phase and the CLI runs does not skew it.
#
# It prints MB/s and the ratios the performance issue states, each against its goal.
#
#   scripts/bench.sh               # ~3 minutes on 2 cores, a 256 MB file
#   scripts/bench.sh --quick       # fewer samples, a rough figure
#   BENCH_SIZE=1G scripts/bench.sh # the CLI on 1 GB (peak memory at that size)
set -euo pipefail
cd "$(dirname "$0")/.."

extra=()
if [[ "${1:-}" == "--quick" ]]; then
  extra=(--warm-up-time 1 --measurement-time 2)
fi
size=${BENCH_SIZE:-256M}
file="target/bench/corpus-$size.ndjson"
cargo build --release --quiet --features cli --bin semantic-events --example corpus --example profile_bytes
if [[ ! -s "$file" ]]; then
  mkdir -p target/bench
  target/release/examples/corpus "$size" > "$file.tmp" && mv "$file.tmp" "$file"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
SEMANTIC_EVENTS_BENCH_FILE="$file" cargo bench --bench validate -- --noplot "${extra[@]}" \
  | tee "$log" | grep -E '^(corpus|file|validate/|file/)' || true

python3 - "$log" "$file" <<'PY'
import json, os, re, resource, subprocess, sys, time

log, path = sys.argv[1], sys.argv[2]
text = open(log).read()
size, events = map(int, re.search(r"^corpus: (\d+) bytes, (\d+) events", text, re.M).groups())
fsize, fevents = map(int, re.search(r"^file: (\d+) bytes, (\d+) events", text, re.M).groups())

def secs(group, key):
    p = os.path.join("target", "criterion", group, key, "new", "estimates.json")
    with open(p) as f:
        return json.load(f)["mean"]["point_estimate"] / 1e9

names = {
    "a_serde_skip": "(a) serde_json skip (IgnoredAny)",
    "b_serde_value": "(b) serde_json -> Value",
    "c_jsonschema_crate": "(c) jsonschema crate, bundle schema",
    "d_value_path": "(d) semantic-events, Value path",
    "e_bytes_report": "(e) semantic-events, bytes, full report",
    "f_bytes_is_valid": "(f) semantic-events, bytes, is_valid",
}
s = {k: secs("validate", k) for k in names}
g = secs("file", "g_library_report")

# The CLI on the same file: best of nine interleaved runs per thread count, with the
# library's own pass over the file (its validation timed by profile_bytes) in between.
cli = "target/release/semantic-events"
best = {1: float("inf"), 2: float("inf")}
library = float("inf")

def run_cli(threads):
    start = time.perf_counter()
    subprocess.run([cli, "validate", "--quiet", "--threads", str(threads), path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    best[threads] = min(best[threads], time.perf_counter() - start)

# A first CLI run of each, alone: its peak memory (profile_bytes, which holds the
# whole file, runs only after this reading).
for threads in (1, 2):
    run_cli(threads)
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
for _ in range(9):
    out = subprocess.run(["target/release/examples/profile_bytes", path, "1", "report"],
                         capture_output=True, text=True, check=True).stdout
    library = min(library, fsize / 1e6 / float(re.search(r"([\d.]+) MB/s", out).group(1)))
    for threads in (1, 2):
        run_cli(threads)

cpu = "unknown cpu"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
except (OSError, StopIteration):
    pass
print(f"\n{cpu}, {os.cpu_count()} cores")
print(f"corpus: {size} bytes, {events} events (~{size // events} B each), one core")
print(f"{'contender':<48}{'MB/s':>10}{'events/s':>14}")
for key, label in names.items():
    print(f"{label:<48}{size / s[key] / 1e6:>10.0f}{events / s[key]:>14,.0f}")
print(f"\nfile: {path}, {fsize} bytes, {fevents} events")
rows = [("(g) library, bytes, full report (one core)", g),
        ("(g') (g) interleaved with (h) and (i)", library),
        ("(h) CLI validate --quiet --threads 1", best[1]),
        ("(i) CLI validate --quiet --threads 2", best[2])]
for label, t in rows:
    print(f"{label:<48}{fsize / t / 1e6:>10.0f}{fevents / t:>14,.0f}")
print(f"CLI peak resident memory: {rss_mb:.0f} MB")

def line(name, value, goal, what):
    mark = "ok" if value >= goal else "BELOW GOAL"
    print(f"{name:<22}{value:>6.2f}   goal >= {goal:<5} {mark:<11} {what}")

print()
line("library / skip (e/a)", s["a_serde_skip"] / s["e_bytes_report"], 0.75, "full report vs serde_json merely skipping the bytes (aim 1.0)")
line("is_valid / report", s["e_bytes_report"] / s["f_bytes_is_valid"], 1.0, "is_valid_slice vs validate_slice")
line("CLI 1t / library", library / best[1], 0.8, "what reading, splitting, ordering and counting cost (h/g')")
line("CLI 2t / 1t", best[1] / best[2], 1.8, "two worker threads vs one")
line("library / jsonschema", s["c_jsonschema_crate"] / s["e_bytes_report"], 4, "bytes path vs the jsonschema crate (e/c)")
PY
