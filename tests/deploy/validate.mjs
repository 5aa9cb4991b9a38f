// Validates Kubernetes manifests against the schemas of kubernetes-models
// (Kubernetes API) and @kubernetes-models/prometheus-operator
// (ServiceMonitor, PodMonitor, PrometheusRule). Each YAML document is looked
// up by apiVersion and kind; an unknown kind is an error, not a pass.
//   node validate.mjs FILE.yaml...     exit 0 all valid, 1 otherwise
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { DaemonSet } from "kubernetes-models/apps/v1";
import { Service, ServiceAccount, Namespace } from "kubernetes-models/v1";
import { ServiceMonitor, PodMonitor, PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const kinds = {
  "apps/v1/DaemonSet": DaemonSet,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "v1/Namespace": Namespace,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

let failures = 0;
let documents = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      console.log(`FAIL ${file}: YAML: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    documents++;
    const key = `${object.apiVersion}/${object.kind}`;
    const Model = kinds[key];
    if (!Model) {
      console.log(`FAIL ${file}: no schema for ${key}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok ${file}: ${key} ${object.metadata?.name ?? ""}`);
    } catch (e) {
      console.log(`FAIL ${file}: ${key} ${object.metadata?.name ?? ""}: ${e.message}`);
      failures++;
    }
  }
}
if (documents === 0) {
  console.log("FAIL: no manifest found");
  failures++;
}
process.exit(failures ? 1 : 0);
