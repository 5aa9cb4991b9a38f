#!/usr/bin/env bash
# Times `sockscope -N all ls -tan` against a loop of `ip netns exec NS ss -tan`
# over the same namespaces: NS namespaces (default 50), each with SOCKETS TCP
# sockets (default 200: listeners and established pairs on loopback). Root
# only. Every namespace it makes is deleted on exit, even on failure.
#
#   bench/netns_bench.sh path/to/sockscope [namespaces] [sockets] [runs]
set -euo pipefail

bin=${1:?usage: netns_bench.sh SOCKSCOPE [namespaces] [sockets] [runs]}
count=${2:-50}
sockets=${3:-200}
runs=${4:-5}
prefix="sockscope-bench-$$"
holders=()

cleanup() {
  for pid in "${holders[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ((i = 0; i < count; i++)); do ip netns del "$prefix-$i" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

[[ $(id -u) == 0 ]] || { echo "netns_bench.sh: needs root (ip netns add)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "netns_bench.sh: needs python3 to hold sockets" >&2; exit 1; }

# One holder per namespace: listeners plus connected pairs, 200 sockets in all.
holder='
import socket, sys, time
n = int(sys.argv[1]); held = []
port = 20000
while len(held) < n:
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", port)); l.listen(64); held.append(l); port += 1
    for _ in range(16):
        if len(held) + 2 > n: break
        c = socket.create_connection(("127.0.0.1", l.getsockname()[1]))
        s, _ = l.accept(); held += [c, s]
print("ready", flush=True)
time.sleep(3600)
'
for ((i = 0; i < count; i++)); do
  ns="$prefix-$i"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  ip netns exec "$ns" python3 -c "$holder" "$sockets" >"$fifo" &
  holders+=($!)
  read -r _ <"$fifo"
  rm -f "$fifo"
done

names=()
for ((i = 0; i < count; i++)); do names+=("$prefix-$i"); done

now() { date +%s%N; }
best() { sort -n | head -1; }

ours=()
theirs=()
for ((r = 0; r < runs; r++)); do
  t0=$(now)
  "$bin" -N all ls -tan >/dev/null
  t1=$(now)
  for ns in "${names[@]}"; do ip netns exec "$ns" ss -tan >/dev/null; done
  t2=$(now)
  ours+=($(((t1 - t0) / 1000)))
  theirs+=($(((t2 - t1) / 1000)))
done

rows=$("$bin" -N all ls -tan -H | grep -c "^" || true)
o=$(printf '%s\n' "${ours[@]}" | best)
t=$(printf '%s\n' "${theirs[@]}" | best)
echo "namespaces: $count  sockets per namespace: $sockets  rows seen by sockscope: $rows"
echo "sockscope -N all ls -tan:            best of $runs: $((o / 1000)) ms"
echo "loop of ip netns exec NS ss -tan:    best of $runs: $((t / 1000)) ms"
awk -v o="$o" -v t="$t" 'BEGIN { printf "ratio (loop / sockscope): %.1fx\n", t / o }'
