#!/usr/bin/env python3
# Run from the repository root: python3 deploy/k8s/check-manifests.py (needs python3-yaml).
# Structural check of deploy/k8s (no kubectl here): every document parses, has apiVersion/kind/name,
# lives in the grccloud namespace, selectors match pod labels, probes hit /health/*, every container
# has requests and a memory limit, no Secret carries anything but <placeholders>.
import glob, sys, yaml
errors, docs = [], []
for path in sorted(glob.glob("deploy/k8s/*.yaml")):
    for d in yaml.safe_load_all(open(path)):
        if d: docs.append((path, d))
def err(p, d, m): errors.append(f"{p}: {d.get('kind')}/{d.get('metadata',{}).get('name')}: {m}")
names = {}
for p, d in docs:
    if d.get("kind") == "Kustomization":
        for r in d["resources"]:
            if not glob.glob(f"deploy/k8s/{r}"): err(p, d, f"missing resource {r}")
        continue
    for k in ("apiVersion", "kind", "metadata"):
        if k not in d: err(p, d, f"no {k}")
    md = d["metadata"]
    if d["kind"] != "Namespace" and md.get("namespace") != "grccloud": err(p, d, "namespace")
    names[(d["kind"], md["name"])] = d
    if d["kind"] in ("Deployment", "Job"):
        spec = d["spec"]; pod = spec["template"]
        if d["kind"] == "Deployment":
            sel = spec["selector"]["matchLabels"]; labels = pod["metadata"]["labels"]
            if any(labels.get(k) != v for k, v in sel.items()): err(p, d, "selector does not match pod labels")
        for c in pod["spec"]["containers"]:
            r = c.get("resources", {})
            if "cpu" not in r.get("requests", {}) or "memory" not in r.get("requests", {}) or "memory" not in r.get("limits", {}):
                err(p, d, "resources")
            refs = [e.get("configMapRef", e.get("secretRef"))["name"] for e in c.get("envFrom", [])]
            if refs != ["grccloud-config", "grccloud-secrets"]: err(p, d, f"envFrom {refs}")
            if d["kind"] == "Deployment":
                for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("startupProbe", "/health/live")):
                    if c.get(probe, {}).get("httpGet", {}).get("path") != path: err(p, d, f"{probe} path")
    if d["kind"] == "Secret":
        for k, v in d.get("stringData", {}).items():
            if "<" not in v: err(p, d, f"{k} is not a placeholder")
for p, d in docs:
    if d["kind"] in ("Service", "PodDisruptionBudget"):
        sel = d["spec"]["selector"] if d["kind"] == "Service" else d["spec"]["selector"]["matchLabels"]
        if not any(all(t["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in sel.items())
                   for t in names.values() if t["kind"] == "Deployment"):
            err(p, d, "selects no Deployment")
    if d["kind"] == "HorizontalPodAutoscaler" and ("Deployment", d["spec"]["scaleTargetRef"]["name"]) not in names: err(p, d, "target")
    if d["kind"] == "Ingress":
        for r in d["spec"]["rules"]:
            for path in r["http"]["paths"]:
                if ("Service", path["backend"]["service"]["name"]) not in names: err(p, d, "backend service")
print(f"{len(docs)} documents in {len(set(p for p, _ in docs))} files")
print("\n".join(errors) or "no problem found")
sys.exit(1 if errors else 0)
