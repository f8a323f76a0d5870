#!/usr/bin/env python3
"""The fleet recipes of docs/ci/fleet/ (docs/fleet.md) are checked: each
parses as YAML; the GitHub Actions workflow is validated against the
workflow schema by the pinned @action-validator/core (node); the GitLab CI
file and the Kubernetes manifests are checked for the structure the recipe
needs; and every cryptagion option they use exists in that command's
--help."""
import argparse
import json
import re
import subprocess
import sys

import yaml

ap = argparse.ArgumentParser()
ap.add_argument("--bin", required=True)
ap.add_argument("--docs", required=True)
ap.add_argument("--validator", required=True, help="@action-validator/core folder")
a = ap.parse_args()
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok  ", what)
    else:
        failed += 1
        print("FAIL", what)


def load(name):
    with open(f"{a.docs}/{name}") as f:
        text = f.read()
    docs = list(yaml.safe_load_all(text))
    check(all(d is not None for d in docs), f"{name} parses as YAML")
    return text, docs


# GitHub Actions: the official workflow schema, through action-validator
gh_text, (gh,) = load("github-actions.yml")
js = (
    "const v=require(process.argv[1]);"
    "const s=require('fs').readFileSync(0,'utf8');"
    "process.stdout.write(JSON.stringify(v.validateWorkflow(s)));"
)
r = subprocess.run(["node", "-e", js, a.validator + "/action_validator.js"],
                   input=gh_text, capture_output=True, text=True)
res = json.loads(r.stdout) if r.returncode == 0 else {"errors": [r.stderr]}
check(res.get("errors") == [], "github-actions.yml is valid against the workflow schema: "
      + json.dumps(res.get("errors"))[:300])
jobs = gh["jobs"]
check("matrix" in jobs["scan"]["strategy"] and len(jobs["scan"]["strategy"]["matrix"]["repo"]) >= 2,
      "github: a matrix over repositories")
check(any(s.get("uses", "").startswith("actions/upload-artifact") for s in jobs["scan"]["steps"]),
      "github: each scan job uploads its inventory")
check(jobs["merge"]["needs"] == "scan", "github: the merge job waits for the scans")
check(any(s.get("with", {}).get("pattern") == "inventory-*" for s in jobs["merge"]["steps"]),
      "github: the merge job downloads every inventory")

# GitLab CI: parallel:matrix, artifacts, a merge stage
gl_text, (gl,) = load("gitlab-ci.yml")
check(gl["stages"] == ["package", "scan", "merge"], "gitlab: package, scan and merge stages")
check(len(gl["scan"]["parallel"]["matrix"][0]["REPO"]) >= 2, "gitlab: parallel:matrix over repositories")
check("inventories/" in gl["scan"]["artifacts"]["paths"], "gitlab: scans keep their inventories")
check("scan" in gl["merge"]["needs"] and gl["merge"]["stage"] == "merge", "gitlab: merge after the scans")
for job in ("package", "scan", "merge"):
    check(isinstance(gl[job]["script"], list) and gl[job]["script"], f"gitlab: {job} has a script")

# Kubernetes: ConfigMap, Indexed Job, shared volume, merge Job
k8s_text, k8s = load("kubernetes.yaml")
kinds = [d["kind"] for d in k8s]
check(kinds == ["ConfigMap", "PersistentVolumeClaim", "Job", "Job"], f"kubernetes: objects {kinds}")
cm, pvc, scan, merge = k8s
repos = [l for l in cm["data"]["repos.txt"].splitlines() if l.strip()]
spec = scan["spec"]
check(spec["completionMode"] == "Indexed", "kubernetes: an Indexed Job")
check(spec["completions"] == len(repos), "kubernetes: one completion per ConfigMap line")
c = spec["template"]["spec"]["containers"][0]
check("JOB_COMPLETION_INDEX" in c["command"][-1], "kubernetes: pod N reads line N+1")
check(pvc["spec"]["accessModes"] == ["ReadWriteMany"], "kubernetes: one volume shared by every pod")
mounts = {m["name"] for m in c["volumeMounts"]}
check({"config", "data"} <= mounts, "kubernetes: the scan mounts the list and the volume")
check("cryptagion merge" in merge["spec"]["template"]["spec"]["containers"][0]["command"][-1],
      "kubernetes: the merge Job merges")
for d in k8s:
    check(d["apiVersion"] in ("v1", "batch/v1") and d["metadata"]["name"], f"kubernetes: {d['kind']} has apiVersion and name")

# every cryptagion option used exists
helps = {}
for text, name in ((gh_text, "github"), (gl_text, "gitlab"), (k8s_text, "kubernetes")):
    joined = text.replace("\\\n", " ")
    for m in re.finditer(r"cryptagion (scan|merge)\b([^\n]*)", joined):
        cmd = m.group(1)
        if cmd not in helps:
            helps[cmd] = subprocess.run([a.bin, cmd, "--help"], capture_output=True, text=True).stdout
        for opt in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", m.group(2)):
            check(re.search(r"(^|\s|,)" + re.escape(opt) + r"\b", helps[cmd], re.M) is not None,
                  f"{name}: cryptagion {cmd} {opt} exists")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
