#!/usr/bin/env bash
# Issue 14: the Kubernetes manifests of deploy/kubernetes/ validated against
# the Kubernetes and Prometheus Operator schemas (npm: kubernetes-models,
# @kubernetes-models/prometheus-operator, versions pinned in
# package-lock.json), a broken copy refused (the validator can fail), and the
# PrometheusRule carrying exactly the groups of deploy/prometheus/.
#   k8s_test.sh WORK_DIR          exit 0 pass, 1 fail, 77 no node/npm
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
work=$1
command -v node >/dev/null && command -v npm >/dev/null || { echo "skip: node and npm needed"; exit 77; }
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/validate.mjs" "$work/"
if [ ! -d "$work/node_modules/kubernetes-models" ]; then
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts >npm.log 2>&1) ||
    { echo "FAIL: npm ci: $(tail -3 "$work/npm.log")"; exit 1; }
fi
fails=0
node "$work/validate.mjs" "$src"/deploy/kubernetes/*.yaml || fails=$((fails + 1))
# The validator must be able to say no.
sed 's/containerPort: 9977/containerPort: "nine"/' "$src/deploy/kubernetes/daemonset.yaml" >"$work/broken.yaml"
if node "$work/validate.mjs" "$work/broken.yaml" >/dev/null; then
  echo "FAIL: a DaemonSet with containerPort \"nine\" was accepted"
  fails=$((fails + 1))
else
  echo "ok: a broken DaemonSet is refused"
fi
python3 - "$src" <<'PY' || fails=$((fails + 1))
import sys, yaml
src = sys.argv[1]
rules = yaml.safe_load(open(f"{src}/deploy/prometheus/sockscope-alerts.yml"))["groups"]
operator = yaml.safe_load(open(f"{src}/deploy/kubernetes/prometheusrule.yaml"))["spec"]["groups"]
if rules != operator:
    print("FAIL: prometheusrule.yaml differs from sockscope-alerts.yml: python3 scripts/prometheusrule.py")
    sys.exit(1)
print("ok: PrometheusRule carries the groups of sockscope-alerts.yml")
PY
[ $fails -eq 0 ] && { echo "k8s_test: ok"; exit 0; }
exit 1
