#!/usr/bin/env bash
# Runs every fuzz target (nightly toolchain, cargo-fuzz) for SECONDS each
# (default 600), starting from the committed seeds and the dictionary, and
# prints each target's execution count. Crashes land in fuzz/artifacts/<target>/;
# copy each into tests/regression/<target>/ with its root cause in that folder's
# README.md, so the stable replay test keeps it.
#
#   scripts/fuzz.sh            # 10 minutes per target
#   scripts/fuzz.sh 60         # a quick pass
#   JOBS=2 scripts/fuzz.sh     # targets two at a time (exit 1 if any found a crash)
#   TARGETS=stream scripts/fuzz.sh 60   # some targets only
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
jobs=${JOBS:-1}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cargo +nightly fuzz build -O
run() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
    -dict=dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    > "corpus/$t.log" 2>&1 || { echo "$t: FAILED (see fuzz/corpus/$t.log and fuzz/artifacts/$t/)"; return 1; }
  local runs
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "corpus/$t.log" | grep -Eo '[0-9]+$' || echo '?')
  echo "$t: ${seconds}s, ${runs} executions, no crash"
}
status=0
targets=(${TARGETS:-validate_bytes scanner roundtrip stream blocks schema_agreement fix report})
if [[ "$jobs" -gt 1 ]]; then
  pids=()
  for t in "${targets[@]}"; do run "$t" & pids+=($!); done
  # `wait` alone returns 0 whatever the jobs did: wait for each, keep any failure.
  for p in "${pids[@]}"; do wait "$p" || status=1; done
else
  for t in "${targets[@]}"; do run "$t" || status=1; done
fi
exit $status
