#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, starting from its seed corpus.
# usage: run_all.sh FUZZ_BIN_DIR SECONDS_PER_TARGET
# A crash leaves its input in fuzz-out/<target>/ and fails the run: turn it
# into a regression test (tests/unit/...) named after the issue.
set -euo pipefail
bin_dir=${1:?fuzz binary dir}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
out=${FUZZ_OUT:-fuzz-out}
status=0
ran=0
failed=0
for exe in "$bin_dir"/*_fuzz; do
  [ -x "$exe" ] || continue
  name=$(basename "$exe" _fuzz)
  work=$(mktemp -d)
  [ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$work/" 2>/dev/null || true
  mkdir -p "$out/$name"
  echo "fuzz: $name for ${seconds}s"
  if "$exe" "$work" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
       -artifact_prefix="$out/$name/" -print_final_stats=0 >"$out/$name/log.txt" 2>&1; then
    ran=$((ran + 1))
    echo "fuzz: $name ok ($(grep -c . "$out/$name/log.txt") log lines)"
  else
    failed=$((failed + 1)); status=1
    echo "fuzz: $name FAILED, see $out/$name/"; tail -30 "$out/$name/log.txt"
  fi
  rm -rf "$work"
done
echo "fuzz: $ran passed, $failed failed"
exit $status
