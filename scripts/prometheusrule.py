#!/usr/bin/env python3
"""Writes deploy/kubernetes/prometheusrule.yaml, the Prometheus Operator form
of deploy/prometheus/sockscope-alerts.yml (tests/deploy/validate.mjs checks
that the two carry the same groups)."""
import os
import yaml

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
rules = yaml.safe_load(open(os.path.join(root, "deploy/prometheus/sockscope-alerts.yml")))
doc = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "sockscope", "namespace": "monitoring",
                 "labels": {"app.kubernetes.io/name": "sockscope"}},
    "spec": {"groups": rules["groups"]},
}
head = ("# The alert rules of deploy/prometheus/sockscope-alerts.yml for the Prometheus\n"
        "# Operator. Generated: python3 scripts/prometheusrule.py; a test checks the\n"
        "# two agree.\n")
with open(os.path.join(root, "deploy/kubernetes/prometheusrule.yaml"), "w") as out:
    out.write(head + yaml.safe_dump(doc, sort_keys=False, width=100))
