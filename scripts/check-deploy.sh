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
  # Every alert has a unit test that fires it (an alert no test fires could
  # be broken by any edit), and a runbook_url whose document and anchor exist.
  if need python3 && python3 -c 'import yaml' 2>/dev/null; then
    python3 - "$deploy" "$root/docs" <<'PY' || fail "alert tests or runbook URLs"
import glob, os, re, sys, yaml
deploy, docs = sys.argv[1], sys.argv[2]
bad = 0
fired = set()
for t in glob.glob(os.path.join(deploy, "prometheus", "*.test.yml")):
    for test in yaml.safe_load(open(t))["tests"]:
        for case in test.get("alert_rule_test", []):
            if case.get("exp_alerts"):
                fired.add(case["alertname"])
for f in glob.glob(os.path.join(deploy, "prometheus", "*-alerts.yml")):
    for group in yaml.safe_load(open(f))["groups"]:
        for rule in group["rules"]:
            name = rule["alert"]
            if name not in fired:
                print(f"FAIL: no promtool test fires {name}"); bad = 1
            url = rule.get("annotations", {}).get("runbook_url", "")
            m = re.fullmatch(r"file:///usr/share/doc/sockscope/([a-z-]+\.md)#([a-z0-9-]+)", url)
            if not m:
                print(f"FAIL: {name}: runbook_url {url!r} is not an installed doc's anchor"); bad = 1
                continue
            path = os.path.join(docs, m.group(1))
            if not os.path.exists(path) or f'<a id="{m.group(2)}"></a>' not in open(path).read():
                print(f"FAIL: {name}: {m.group(1)} has no anchor {m.group(2)}"); bad = 1
sys.exit(bad)
PY
  fi
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
