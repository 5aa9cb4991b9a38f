#!/usr/bin/env bash
# Side by side: `sockscope check` of two builds on one population, runs
# alternated (base, new, base, new...) so both see the same machine load.
# Prints median CPU and peak RSS of each and the median paired ratio
# (new run / the base run just before it). Root (a private network namespace).
#
#   sudo bash bench/compare_check.sh BASE_SOCKSCOPE NEW_SOCKSCOPE POPULATION [SIZE] [RUNS]
#
# POPULATION is the bench/population binary of either build. Defaults: 100000
# sockets, 5 runs each; the population's other settings are bench/run.sh's
# defaults (50 processes, 4 full listeners, 10,000 bystander fds).
set -euo pipefail

if [[ "${1:-}" == --inner ]]; then
  shift
  BASE="$1" NEW="$2" POPULATION="$3" SIZE="$4" RUNS="$5"
  ip link set lo up
  coproc POP { exec "$POPULATION" --sockets "$SIZE" 2>/dev/null; }
  ready=""
  read -r -t 300 ready <&"${POP[0]}" || true
  if [[ "$ready" != ready ]]; then
    echo "population failed to start" >&2
    exit 1
  fi
  echo "sockets: $(ss -Htan | wc -l)"
  base_cpu=() new_cpu=() base_rss=() new_rss=() ratios=()
  for ((i = 0; i < RUNS; i++)); do
    # Exit 2: the population's full listeners are critical findings.
    read -r _ bc brss bstatus < <("$POPULATION" measure 60 -- "$BASE" check --interval 200ms)
    read -r _ nc nrss nstatus < <("$POPULATION" measure 60 -- "$NEW" check --interval 200ms)
    echo "run $i: base ${bc} ms (exit $bstatus, ${brss} KiB), new ${nc} ms (exit $nstatus, ${nrss} KiB)"
    base_cpu+=("$bc") new_cpu+=("$nc") base_rss+=("$brss") new_rss+=("$nrss")
    ratios+=("$(awk -v a="$nc" -v b="$bc" 'BEGIN { printf "%.3f", a / b }')")
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  echo "base: median CPU $(median "${base_cpu[@]}") ms, peak RSS $(median "${base_rss[@]}") KiB"
  echo "new:  median CPU $(median "${new_cpu[@]}") ms, peak RSS $(median "${new_rss[@]}") KiB"
  echo "ratio of medians: $(awk -v a="$(median "${new_cpu[@]}")" -v b="$(median "${base_cpu[@]}")" \
    'BEGIN { printf "%.2f", a / b }'); median paired ratio: $(median "${ratios[@]}")"
  exec {POP[1]}>&-
  wait "$POP_PID" 2>/dev/null || true
  exit 0
fi

if [[ $# -lt 3 ]]; then
  sed -n '2,11p' "$0"
  exit 64
fi
exec unshare -n bash "$0" --inner "$(realpath "$1")" "$(realpath "$2")" "$(realpath "$3")" \
  "${4:-100000}" "${5:-5}"
