#!/usr/bin/env bash
# Whole-command benchmarks: sockscope against ss, netstat, lsof, a bare
# netlink dump + fd walk, and node_exporter's tcpstat collector, on a generated
# population of TCP sockets in a private network namespace. See bench/README.md.
#
#   bench/run.sh BUILD_DIR [SIZES]
#
# Needs root (unshare -n). Prints markdown on stdout; progress on stderr.
set -euo pipefail

SELF="$(readlink -f "$0")"
readonly SELF

# Settings (environment):
QUICK="${BENCH_QUICK:-0}"                 # 1: sizes "1000 10000", 3 runs
RUNS="${BENCH_RUNS:-5}"                   # timed runs per command (median reported)
PROCESSES="${BENCH_PROCESSES:-50}"        # processes holding the connections
BYSTANDER_FDS="${BENCH_BYSTANDER_FDS:-10000}"
FULL_LISTENERS="${BENCH_FULL_LISTENERS:-4}"
CMD_TIMEOUT="${BENCH_TIMEOUT:-60}"        # seconds, any one command
PEER_TIMEOUT="${BENCH_PEER_TIMEOUT:-30}"  # seconds, netstat and lsof (slow at scale)
SLOW_MS="${BENCH_SLOW_MS:-3000}"          # a first run slower than this is not repeated
SCRAPE_SECONDS="${BENCH_SCRAPE_SECONDS:-2}"
SIZE_TIMEOUT="${BENCH_SIZE_TIMEOUT:-420}" # seconds, everything for one size
if [[ "$QUICK" == 1 ]]; then
  RUNS="${BENCH_RUNS:-3}"
  DEFAULT_SIZES="1000 10000"
else
  DEFAULT_SIZES="1000 10000 100000"
fi

log() { printf '%s\n' "$*" >&2; }

usage() {
  log "usage: bench/run.sh BUILD_DIR [SIZES]   (default sizes: \"$DEFAULT_SIZES\")"
  log "env: BENCH_QUICK=1 BENCH_RUNS BENCH_SIZES BENCH_TIMEOUT BENCH_PROCESSES ..."
  exit 64
}

# --- statistics -------------------------------------------------------------

median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1}
    END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
          else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# fmt VALUE DECIMALS: a number with fixed decimals, "–" when missing.
fmt() {
  if [[ -z "$1" || "$1" == nan ]]; then printf -- '–'; else printf "%.${2}f" "$1"; fi
}

# --- one size, inside the private namespace ---------------------------------

declare -A WALL CPU RSS
ROWS=()

# bench_cmd LABEL TIMEOUT OK_CODES ARGV...: times ARGV RUNS times (fewer when
# slow) and records the medians under LABEL; a failing command becomes a note.
bench_cmd() {
  local label="$1" limit="$2" ok_codes="$3"
  shift 3
  if ! command -v "$1" >/dev/null 2>&1; then
    ROWS+=("| \`$label\` | 0 | – | – | – | skipped: ${1##*/} not found |")
    return
  fi
  log "  $label"
  local walls=() cpus=() rsss=() run line wall cpu rss status
  for ((run = 0; run < RUNS; run++)); do
    line="$("$POPULATION" measure "$limit" -- "$@" 2>"$WORK/cmd.err")" || line=""
    read -r wall cpu rss status <<<"${line:-x x x failed}"
    if [[ "$status" == timeout ]]; then
      ROWS+=("| \`$label\` | 0 | >$((limit * 1000)) | – | – | timed out after ${limit} s |")
      return
    fi
    if [[ " $ok_codes " != *" $status "* ]]; then
      local why
      why="$(tail -n 1 "$WORK/cmd.err" | head -c 160 | tr '|`' '/ ')"
      ROWS+=("| \`$label\` | 0 | – | – | – | skipped: exit $status${why:+: $why} |")
      return
    fi
    walls+=("$wall") cpus+=("$cpu") rsss+=("$rss")
    awk -v w="$wall" -v s="$SLOW_MS" 'BEGIN { exit !(w > s) }' && break
  done
  WALL[$label]="$(median "${walls[@]}")"
  CPU[$label]="$(median "${cpus[@]}")"
  RSS[$label]="$(median "${rsss[@]}")"
  ROWS+=("| \`$label\` | ${#walls[@]} | $(fmt "${WALL[$label]}" 1) | $(fmt "${CPU[$label]}" 1) |\
 $(fmt "$(awk -v k="${RSS[$label]}" 'BEGIN { print k / 1024 }')" 1) | |")
  printf '%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$label" "${WALL[$label]}" "${CPU[$label]}" \
    "${RSS[$label]}" >>"$DATA"
}

# CPU ticks (user+system, all threads, live and exited) of a process.
cpu_ticks() {
  local stat
  stat="$(<"/proc/$1/stat")"
  stat="${stat##*) }"  # Fields after "pid (comm) ", starting with the state.
  local -a f
  read -r -a f <<<"$stat"
  echo $((f[11] + f[12]))
}

# bench_exporter LABEL PORT METRIC ARGV...: starts an exporter, scrapes
# /metrics for SCRAPE_SECONDS (at least 10 times), and records CPU per scrape
# and peak RSS. METRIC is a name that must appear in a good answer.
bench_exporter() {
  local label="$1" port="$2" metric="$3"
  shift 3
  if ! command -v "$1" >/dev/null 2>&1; then
    ROWS+=("| \`$label\` | 0 | – | – | – | skipped: ${1##*/} not found |")
    return
  fi
  log "  $label"
  local url="http://127.0.0.1:$port/metrics"
  "$@" >/dev/null 2>"$WORK/exporter.err" &
  local pid=$! up=0 deadline=$((SECONDS + 20))
  while ((SECONDS < deadline)); do
    if curl -sf -o "$WORK/metrics.txt" --max-time 10 "$url"; then up=1 && break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ "$up" == 0 ]] || ! grep -q "^$metric" "$WORK/metrics.txt"; then
    local why
    why="$(tail -n 1 "$WORK/exporter.err" | head -c 160 | tr '|`' '/ ')"
    ROWS+=("| \`$label\` | 0 | – | – | – | skipped: no /metrics with $metric${why:+: $why} |")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return
  fi
  local before times=() n=0 start t failed=""
  before="$(cpu_ticks "$pid")"
  start="$(date +%s%N)"
  while ((n < 10 || ($(date +%s%N) - start) < SCRAPE_SECONDS * 1000000000)) && ((n < 500)); do
    # One failed or slow scrape ends the series: the run must stay bounded.
    if ! t="$(curl -sf -o /dev/null --max-time 10 -w '%{time_total}' "$url")"; then
      failed="; scrape $((n + 1)) failed"
      break
    fi
    times+=("$(awk -v t="$t" 'BEGIN { print t * 1000 }')")
    n=$((n + 1))
  done
  if ((n == 0)); then
    ROWS+=("| \`$label\` | 0 | – | – | – | skipped: first timed scrape failed |")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return
  fi
  local ticks hz hwm
  ticks=$(($(cpu_ticks "$pid") - before))
  hz="$(getconf CLK_TCK)"
  hwm="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  WALL[$label]="$(median "${times[@]}")"
  CPU[$label]="$(awk -v t="$ticks" -v hz="$hz" -v n="$n" 'BEGIN { print t * 1000 / hz / n }')"
  RSS[$label]="$hwm"
  ROWS+=("| \`$label\` (per scrape) | $n | $(fmt "${WALL[$label]}" 1) | $(fmt "${CPU[$label]}" 2) |\
 $(fmt "$(awk -v k="$hwm" 'BEGIN { print k / 1024 }')" 1) | CPU: $ticks ticks over $n scrapes$failed |")
  printf '%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$label" "${WALL[$label]}" "${CPU[$label]}" "$hwm" >>"$DATA"
}

# ratio TEXT KIND NUMERATOR DENOMINATOR TARGET: one line of the targets table.
ratio() {
  local text="$1" kind="$2" num="$3" den="$4" target="$5" a b
  case "$kind" in
    wall) a="${WALL[$num]:-}" b="${WALL[$den]:-}" ;;
    cpu) a="${CPU[$num]:-}" b="${CPU[$den]:-}" ;;
    rss) a="${RSS[$num]:-}" b="${RSS[$den]:-}" ;;
  esac
  if [[ -z "$a" || -z "$b" ]]; then
    local missing=()
    if [[ -z "$a" ]]; then missing+=("\`$num\`"); fi
    if [[ -z "$b" ]]; then missing+=("\`$den\`"); fi
    echo "| $text | – | ≤ $target | n/a (not measured: ${missing[*]}) |"
    return
  fi
  awk -v a="$a" -v b="$b" -v t="$target" -v text="$text" 'BEGIN {
    if (b <= 0) { printf "| %s | – | ≤ %s | n/a (zero reference) |\n", text, t; exit }
    r = a / b; printf "| %s | %.3f | ≤ %s | %s |\n", text, r, t, (r <= t) ? "PASS" : "MISS" }'
}

stop_population() {
  if [[ -n "${POP_STDIN:-}" ]]; then
    exec {POP_STDIN}>&-
    POP_STDIN=""
  fi
  if [[ -n "${POP_PID_SAVED:-}" ]]; then
    local i
    for ((i = 0; i < 600; i++)); do
      kill -0 "$POP_PID_SAVED" 2>/dev/null || break
      sleep 0.1
    done
    kill -TERM "$POP_PID_SAVED" 2>/dev/null || true
    wait "$POP_PID_SAVED" 2>/dev/null || true
    POP_PID_SAVED=""
  fi
}

inner() {
  BUILD="$1" SIZE="$2" DATA="$3"
  POPULATION="$BUILD/bench/population"
  SOCKSCOPE="$BUILD/sockscope"
  WORK="$(mktemp -d)"
  trap 'stop_population; rm -rf "$WORK"' EXIT
  ip link set lo up

  log "size $SIZE: building the population"
  coproc POP { exec "$POPULATION" --sockets "$SIZE" --processes "$PROCESSES" \
    --bystander-fds "$BYSTANDER_FDS" --full-listeners "$FULL_LISTENERS" 2>"$WORK/pop.err"; }
  POP_PID_SAVED="$POP_PID"
  POP_STDIN="${POP[1]}"
  local ready=""
  read -r -t 300 ready <&"${POP[0]}" || true
  echo
  echo "### $SIZE sockets"
  echo
  if [[ "$ready" != ready ]]; then
    echo "Population failed to start: $(tr '\n' ' ' <"$WORK/pop.err")"
    return 0
  fi
  sed 's/^population: /Population: /' "$WORK/pop.err"
  echo

  # Sanity: every tool must see the same sockets.
  local ss_count base sc_count="–" sc_owned="–"
  ss_count="$(ss -Htan | wc -l)"
  base="$("$POPULATION" baseline)"
  if [[ -x "$SOCKSCOPE" ]]; then
    sc_count="$(timeout "$CMD_TIMEOUT" "$SOCKSCOPE" ls -tan -H 2>/dev/null | wc -l)" || true
    sc_owned="$(timeout "$CMD_TIMEOUT" "$SOCKSCOPE" ls -tanp --format ndjson 2>/dev/null |
      grep -c '"pid"')" || true
  fi
  local verdict="sockscope not run"
  if [[ "$sc_count" =~ ^[0-9]+$ ]]; then
    verdict="$([[ "$sc_count" == "$ss_count" ]] && echo "counts match" || echo "**count MISMATCH**")"
  fi
  echo "Counts: \`ss -Htan\` $ss_count sockets; baseline $base;" \
    "\`sockscope ls -tan -H\` ${sc_count} lines, \`ls -tanp --format ndjson\` ${sc_owned} owned ($verdict)."
  echo

  local ok=0 check_ok="0 1 2"
  bench_cmd "ss -tan" "$CMD_TIMEOUT" "$ok" ss -tan
  bench_cmd "ss -tanp" "$CMD_TIMEOUT" "$ok" ss -tanp
  bench_cmd "ss -tani" "$CMD_TIMEOUT" "$ok" ss -tani
  bench_cmd "netstat -tan" "$PEER_TIMEOUT" "$ok" netstat -tan
  bench_cmd "netstat -tanp" "$PEER_TIMEOUT" "$ok" netstat -tanp
  bench_cmd "lsof -nP -iTCP" "$PEER_TIMEOUT" "$ok" lsof -nP -iTCP
  bench_cmd "baseline" "$CMD_TIMEOUT" "$ok" "$POPULATION" baseline
  bench_cmd "sockscope ls -tan" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" ls -tan
  # Owners from the kernel's list of socket fds (BPF iterator) and from the
  # /proc/PID/fd walk; `auto` (the default) takes BPF where it loads.
  bench_cmd "sockscope ls -tanp" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" --owners bpf ls -tanp
  bench_cmd "sockscope ls -tanp --owners proc" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" --owners proc ls -tanp
  bench_cmd "sockscope ls -tani" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" ls -tani
  bench_cmd "sockscope ls -tan --format ndjson" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" ls -tan --format ndjson
  # A narrow filter: worker 0's listener and its share of the connections.
  # sockscope hands the expression to the kernel (inet_diag bytecode), as ss.
  bench_cmd "ss -tan sport = :5000" "$CMD_TIMEOUT" "$ok" ss -tan sport = :5000
  bench_cmd "sockscope ls -tan sport = :5000" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" ls -tan sport = :5000
  bench_cmd "sockscope listeners" "$CMD_TIMEOUT" "$ok" "$SOCKSCOPE" listeners
  bench_cmd "sockscope check" "$CMD_TIMEOUT" "$check_ok" "$SOCKSCOPE" check
  # Exporters last: their scrapes leave TIME-WAIT sockets behind.
  # Their ports lie below the population's ephemeral range (10000-65535),
  # where no client socket can already hold them.
  bench_exporter "sockscope serve" 9977 sockscope_ "$SOCKSCOPE" serve --listen 127.0.0.1:9977
  bench_exporter "node_exporter tcpstat" 9100 node_tcp_connection_states \
    prometheus-node-exporter --collector.disable-defaults --collector.tcpstat \
    --web.listen-address=127.0.0.1:9100

  echo "| command | runs | median wall ms | CPU ms | peak RSS MiB | note |"
  echo "|---|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| target | ratio | goal | result |"
  echo "|---|---:|---:|---|"
  ratio "\`ls -tanp\` (bpf) wall / \`ss -tanp\`" wall "sockscope ls -tanp" "ss -tanp" 0.05
  ratio "\`ls -tanp\` (bpf) wall / baseline" wall "sockscope ls -tanp" baseline 0.7
  ratio "\`ls -tanp --owners proc\` wall / \`ss -tanp\`" wall "sockscope ls -tanp --owners proc" "ss -tanp" 0.1
  ratio "\`ls -tanp --owners proc\` wall / baseline" wall "sockscope ls -tanp --owners proc" baseline 1.2
  ratio "\`ls -tan\` wall / \`ss -tan\`" wall "sockscope ls -tan" "ss -tan" 0.7
  ratio "\`ls -tani\` wall / \`ss -tani\`" wall "sockscope ls -tani" "ss -tani" 0.5
  ratio "\`ls -tan sport = :5000\` wall / \`ls -tan\`" wall "sockscope ls -tan sport = :5000" "sockscope ls -tan" 0.2
  ratio "\`ls -tan sport = :5000\` wall / \`ss -tan sport = :5000\`" wall "sockscope ls -tan sport = :5000" "ss -tan sport = :5000" 1.0
  ratio "\`listeners\` CPU / \`ss -tan\`" cpu "sockscope listeners" "ss -tan" 0.3
  ratio "\`check\` CPU / \`ss -tan\`" cpu "sockscope check" "ss -tan" 0.5
  ratio "\`serve\` CPU per scrape / node_exporter" cpu "sockscope serve" "node_exporter tcpstat" 0.5
  ratio "\`serve\` peak RSS / node_exporter" rss "sockscope serve" "node_exporter tcpstat" 0.3
  ratio "\`ls -tanp\` (bpf) peak RSS / \`ss -tanp\`" rss "sockscope ls -tanp" "ss -tanp" 1.0
}

# --- across sizes -------------------------------------------------------------

# Growth per added socket between consecutive sizes, and the ndjson memory check.
growth() {
  local data="$1"
  [[ -s "$data" ]] || return 0
  if (($(cut -f1 "$data" | sort -u | wc -l) < 2)); then
    echo
    echo "Growth per socket and the \`--format ndjson\` memory check need two sizes or more."
    return 0
  fi
  echo
  echo "### Growth per socket"
  echo
  echo "Extra wall µs and extra peak RSS bytes per added socket between consecutive sizes."
  echo
  awk -F'\t' '
    { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      if (!($1 in sz)) { sz[$1] = 1; sizes[++m] = $1 }
      wall[key, $1] = $3; rss[key, $1] = $5 }
    END {
      # sizes arrive in run order, which is increasing.
      printf "| command |"; for (i = 2; i <= m; i++) printf " wall µs/socket %s→%s | RSS B/socket %s→%s |", sizes[i-1], sizes[i], sizes[i-1], sizes[i]
      printf "\n|---|"; for (i = 2; i <= m; i++) printf "---:|---:|"; printf "\n"
      for (k = 1; k <= n; k++) {
        key = order[k]; printf "| `%s` |", key
        for (i = 2; i <= m; i++) {
          a = sizes[i-1]; b = sizes[i]
          if (((key, a) in wall) && ((key, b) in wall)) {
            d = b - a
            printf " %.3f | %.0f |", (wall[key, b] - wall[key, a]) * 1000 / d, (rss[key, b] - rss[key, a]) * 1024 / d
          } else printf " – | – |"
        }
        printf "\n"
      }
      key = "sockscope ls -tan --format ndjson"
      printf "\n"
      if (m >= 2 && ((key, sizes[1]) in rss) && ((key, sizes[m]) in rss)) {
        r = rss[key, sizes[m]] / rss[key, sizes[1]]
        printf "`--format ndjson` memory flat: peak RSS at %s / at %s = %.2f (goal ≤ 1.25): %s\n", sizes[m], sizes[1], r, (r <= 1.25) ? "PASS" : "MISS"
      } else printf "`--format ndjson` memory flat: n/a (not measured at two sizes)\n"
    }' "$data"
}

main() {
  [[ $# -ge 1 && $# -le 2 ]] || usage
  local build sizes
  build="$(readlink -f "$1")"
  sizes="${2:-${BENCH_SIZES:-$DEFAULT_SIZES}}"
  if [[ ! -x "$build/bench/population" ]]; then
    log "run.sh: $build/bench/population not found; build the 'population' target first"
    exit 1
  fi
  if ! unshare -n true 2>/dev/null; then
    log "run.sh: cannot create a network namespace (unshare -n); run as root"
    exit 1
  fi
  local data size began
  OUTER_WORK="$(mktemp -d)"
  trap 'rm -rf "$OUTER_WORK"' EXIT
  data="$OUTER_WORK/data.tsv"
  : >"$data"
  began="$(date +%s)"

  echo "## sockscope whole-command benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' /etc/os-release);" \
    "kernel $(uname -r); $(ss -V 2>&1 | head -n 1); node_exporter" \
    "$(prometheus-node-exporter --version 2>&1 | awk 'NR == 1 { print $3 }')."
  echo "Sizes: $sizes. Runs per command: $RUNS (once when the first run exceeds $SLOW_MS ms)."
  if [[ ! -x "$build/sockscope" ]]; then
    echo
    echo "**sockscope binary not found in $build: peers only.**"
  fi
  for size in $sizes; do
    if ! timeout "$SIZE_TIMEOUT" unshare -n -- bash "$SELF" --inner "$build" "$size" "$data"; then
      echo
      echo "Size $size did not finish (failed or exceeded ${SIZE_TIMEOUT} s); results above are partial."
    fi
  done
  growth "$data"
  echo
  echo "Total run time: $(($(date +%s) - began)) s."
}

if [[ "${1:-}" == --inner ]]; then
  shift
  inner "$@"
else
  main "$@"
fi
