// Schema-validates every object of rendered manifests (kubectl kustomize output) offline.
// Usage: node validate.mjs FILE...   Prints one line per object; exits 1 if any object fails.
// Core kinds come from kubernetes-models, the Prometheus operator's CRDs (PrometheusRule, PodMonitor)
// from @kubernetes-models/prometheus-operator. A kind neither knows fails: nothing passes unchecked.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const crdPackages = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const base = crdPackages[group] ?? "kubernetes-models";
  const module = await import(`${base}/${apiVersion}/${kind}`).catch(() => null);
  return module?.[kind] ?? module?.default ?? null;
}

let failures = 0;
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${file}: YAML ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    count++;
    const name = `${file}: ${object.apiVersion}/${object.kind} ${object.metadata?.name}`;
    // kustomize's secretGenerator folds base64 longer than 70 characters into lines; the API server
    // decodes with Go's encoding/base64, which skips '\r' and '\n', so the folded value is the same bytes.
    // The schema's "byte" format does not know that: unfold before validating, as the server would.
    if (object.kind === "Secret" && object.data) {
      for (const key of Object.keys(object.data)) object.data[key] = String(object.data[key]).replace(/[\r\n]/g, "");
    }
    const Model = await modelFor(object.apiVersion, object.kind);
    if (Model == null) {
      console.log(`FAIL ${name}: no schema for this kind`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok   ${name}`);
    } catch (error) {
      console.log(`FAIL ${name}: ${error.message}`);
      failures++;
    }
  }
}
console.log(`${count} objects, ${failures} failed`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
