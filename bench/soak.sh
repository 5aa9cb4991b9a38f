#!/usr/bin/env bash
# Soak test of `sockscope serve`: in a private network namespace (unshare -n,
# root), the exporter runs while connections churn on loopback and a listener
# fills its accept queue and drains it, and /metrics is scraped every 100 ms.
# At the end: the exporter's RSS and fd growth, scrape latency percentiles,
# errors and the number of scrapes.
#
#   sudo bench/soak.sh BUILD_DIR [SECONDS]     (default 600)
#
# Exits non-zero when a scrape failed or the exporter died.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BUILD_DIR [SECONDS]" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
duration=${2:-600}
binary="$build_dir/sockscope"
[[ -x $binary ]] || { echo "soak: $binary not found" >&2; exit 2; }
for tool in unshare ip curl python3; do
  command -v "$tool" >/dev/null || { echo "soak: $tool not found" >&2; exit 2; }
done

if [[ ${SOAK_INSIDE:-} != 1 ]]; then
  exec env SOAK_INSIDE=1 unshare -n -- "$0" "$@"
fi

# --- inside the private namespace ---
ip link set lo up
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=9100
"$binary" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")

# Churn: a server that accepts and closes, and a client opening and closing
# connections as fast as ~500 per second.
python3 - <<'PY' &
import socket, threading, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 9201)); srv.listen(512)
def serve():
    while True:
        c, _ = srv.accept(); c.close()
threading.Thread(target=serve, daemon=True).start()
while True:
    try:
        c = socket.create_connection(("127.0.0.1", 9201), timeout=1); c.send(b"x"); c.close()
    except OSError:
        pass
    time.sleep(0.002)
PY
pids+=($!)

# Fill and drain: a listener (backlog 16) that nobody accepts for 2 s while
# 40 clients connect, then accepts everything; repeated.
python3 - <<'PY' &
import socket, time
srv = socket.socket(); srv.bind(("127.0.0.1", 9202)); srv.listen(16)
while True:
    clients = []
    for _ in range(40):
        c = socket.socket(); c.setblocking(False)
        try: c.connect(("127.0.0.1", 9202))
        except BlockingIOError: pass
        clients.append(c)
    time.sleep(2)
    srv.setblocking(False)
    try:
        while True: srv.accept()[0].close()
    except BlockingIOError: pass
    srv.setblocking(True)
    for c in clients: c.close()
    time.sleep(1)
PY
pids+=($!)

usage() {  # "rss_kb fds" of the exporter
  local rss
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$serve_pid/status")
  echo "$rss $(ls "/proc/$serve_pid/fd" | wc -l)"
}

for _ in $(seq 50); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/metrics" && break
  sleep 0.1
done
sleep 5  # warm-up: first collections, allocator arenas
read -r rss0 fds0 < <(usage)

end=$((SECONDS + duration))
: >"$work/scrapes"
while ((SECONDS < end)); do
  curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' \
    "http://127.0.0.1:$port/metrics" >>"$work/scrapes" || echo "000 5" >>"$work/scrapes"
  sleep 0.1
done

if ! kill -0 "$serve_pid" 2>/dev/null; then
  echo "soak: the exporter died; log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
read -r rss1 fds1 < <(usage)

python3 - "$work/scrapes" "$rss0" "$rss1" "$fds0" "$fds1" "$duration" <<'PY'
import sys
path, rss0, rss1, fds0, fds1, duration = sys.argv[1], *map(int, sys.argv[2:])
rows = [line.split() for line in open(path) if line.strip()]
ok = sorted(float(t) * 1000 for code, t in rows if code == "200")
errors = sum(1 for code, _ in rows if code != "200")
def pct(p):
    return ok[min(len(ok) - 1, int(p / 100 * len(ok)))] if ok else float("nan")
print(f"soak: {duration} s, {len(rows)} scrapes, {errors} errors")
print(f"scrape latency ms: p50 {pct(50):.1f}  p95 {pct(95):.1f}  p99 {pct(99):.1f}  max {max(ok, default=float('nan')):.1f}")
print(f"exporter RSS: {rss0} kB -> {rss1} kB ({rss1 - rss0:+d} kB)")
print(f"exporter fds: {fds0} -> {fds1} ({fds1 - fds0:+d})")
sys.exit(1 if errors else 0)
PY
