// Validates Kubernetes resources (a rendered kustomization on standard input) against the Kubernetes
// API schemas that kubernetes-models ships: a wrong type, a missing required field or an unknown enum
// value fails. Custom resources (Strimzi's) are not in those schemas: they are named and left to
// KubernetesManifestsTest. Usage: kubectl kustomize deploy/kubernetes/overlays/small | node validate.mjs
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let validated = 0;
let failed = 0;
const custom = [];
for (const document of parseAllDocuments(readFileSync(0, "utf8"))) {
  const resource = document.toJS();
  if (!resource) continue;
  const name = `${resource.kind} ${resource.metadata?.name}`;
  const [group, version] = resource.apiVersion.includes("/") ? resource.apiVersion.split("/") : ["", resource.apiVersion];
  let models;
  try {
    models = await import(group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`);
  } catch {
    custom.push(name);
    continue;
  }
  const Model = models[resource.kind];
  if (!Model) {
    custom.push(name);
    continue;
  }
  try {
    new Model(resource).validate();
    validated++;
  } catch (error) {
    failed++;
    console.error(`${name}: ${error.message}`);
  }
}
console.log(`${validated} resources valid, ${failed} invalid; custom resources not checked here: ${custom.join(", ")}`);
process.exit(failed > 0 || validated === 0 ? 1 : 0);
