#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, starting from its seed corpus,
# two at a time (the CI machines have 2 cores).
# usage: run_all.sh FUZZ_BIN_DIR SECONDS_PER_TARGET
# A crash leaves its input in fuzz-out/<target>/ and fails the run: turn it
# into a regression test (tests/unit/...) named after the issue.
set -euo pipefail
bin_dir=${1:?fuzz binary dir}
seconds=${2:-30}
jobs=${FUZZ_JOBS:-2}
here=$(cd "$(dirname "$0")" && pwd)
out=${FUZZ_OUT:-fuzz-out}
mkdir -p "$out"

run_one() {
  local exe=$1 name work
  name=$(basename "$exe" _fuzz)
  work=$(mktemp -d)
  [ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$work/" 2>/dev/null || true
  mkdir -p "$out/$name"
  if "$exe" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
       -artifact_prefix="$out/$name/" -print_final_stats=1 >"$out/$name/log.txt" 2>&1; then
    echo "fuzz: $name ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$out/$name/log.txt" | grep -o '[0-9]*$') runs in ${seconds}s)"
    touch "$out/$name/ok"
  else
    echo "fuzz: $name FAILED, see $out/$name/"
    tail -30 "$out/$name/log.txt"
  fi
  rm -rf "$work"
}

targets=()
for exe in "$bin_dir"/*_fuzz; do [ -x "$exe" ] && targets+=("$exe"); done
rm -f "$out"/*/ok
running=0
for exe in "${targets[@]}"; do
  run_one "$exe" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait
passed=0; failed=0
for exe in "${targets[@]}"; do
  if [ -e "$out/$(basename "$exe" _fuzz)/ok" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
