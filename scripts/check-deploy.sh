#!/usr/bin/env bash
# Validates deploy/: the systemd unit (systemd-analyze verify), the
# Prometheus alert rules (promtool check rules, promtool test rules), the
# Grafana dashboard and the Kubernetes manifest (JSON/YAML syntax).
# Exits non-zero when any check fails; a missing tool is a failure too,
# unless SOCKSCOPE_ALLOW_MISSING_TOOLS=1 (then it is reported and skipped).
#
# Usage: scripts/check-deploy.sh [SOCKSCOPE_BINARY]
#   The binary replaces /usr/local/bin/sockscope in the unit for
#   `systemd-analyze verify`, which checks that ExecStart exists.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
deploy=$root/deploy
binary=${1:-}
status=0
fail() { echo "FAIL: $*"; status=1; }
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "${SOCKSCOPE_ALLOW_MISSING_TOOLS:-0}" = 1 ]; then echo "SKIP: $1 not installed"; else fail "$1 not installed"; fi
  return 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if need systemd-analyze; then
  if [ -z "$binary" ]; then binary=$(command -v true); fi
  sed "s#/usr/local/bin/sockscope#$binary#" "$deploy/systemd/sockscope.service" >"$work/sockscope.service"
  # verify prints problems on stderr but may still exit 0 for some of them:
  # any output at all counts as a failure.
  out=$(cd "$work" && systemd-analyze verify --man=no "$work/sockscope.service" 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || [ -n "$out" ]; then fail "systemd-analyze verify: $out"; else echo "ok: systemd unit"; fi
fi

if need promtool; then
  for rules in "$deploy"/prometheus/*-alerts.yml; do
    promtool check rules "$rules" >/dev/null || fail "promtool check rules $rules"
  done
  for t in "$deploy"/prometheus/*.test.yml; do
    (cd "$(dirname "$t")" && promtool test rules "$(basename "$t")") >/dev/null || fail "promtool test rules $t"
  done
  # Every alert has a unit test that fires it (an alert no test covers could
  # be broken by any edit).
  for a in $(sed -n 's/^ *- alert: *//p' "$deploy"/prometheus/*-alerts.yml); do
    grep -q "alertname: $a\$" "$deploy"/prometheus/*.test.yml || fail "no promtool test for alert $a"
  done
  [ $status -eq 0 ] && echo "ok: prometheus rules"
fi

if need python3; then
  for j in "$deploy"/grafana/*.json; do
    python3 -m json.tool "$j" >/dev/null || fail "invalid JSON: $j"
  done
  echo "ok: grafana dashboard JSON"
  if python3 -c 'import yaml' 2>/dev/null; then
    for y in "$deploy"/kubernetes/*.yaml; do
      python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$y" || fail "invalid YAML: $y"
    done
    echo "ok: kubernetes YAML"
  fi
fi

[ $status -eq 0 ] && echo "check-deploy: ok"
exit $status
