#!/usr/bin/python3
"""CBOM tests: the demo's CBOM is valid CycloneDX 1.6 for two independent
validators (the built-in valijson one and python3-jsonschema); deliberately
broken copies are rejected by both; --jobs 1 and --jobs 2 give
byte-identical CBOMs under SOURCE_DATE_EPOCH with a fixed serial; an
invalid document is never written (exit 4). Closes with 'N passed, N
failed'."""
import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema

SERIAL = "3f2d1c0b-9a8e-4d7c-8b6a-5f4e3d2c1b0a"
BASE = "http://cyclonedx.org/schema/"
results = {"passed": 0, "failed": 0}


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    results["passed" if ok else "failed"] += 1
    return ok


def scan(a, target, out, jobs, schemas=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    shutil.rmtree(out, ignore_errors=True)
    cmd = [a.bin, "scan", target, "-o", out, "--jobs", str(jobs),
           "--serial", SERIAL, "--quiet"]
    if schemas:
        cmd += ["--schemas", schemas]
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def py_validator(schemas):
    def load(name):
        with open(os.path.join(schemas, name)) as f:
            return json.load(f)
    bom = load("bom-1.6.SNAPSHOT.schema.json")
    store = {
        BASE + "spdx.SNAPSHOT.schema.json": load("spdx.SNAPSHOT.schema.json"),
        BASE + "jsf-0.82.SNAPSHOT.schema.json":
            load("jsf-0.82.SNAPSHOT.schema.json"),
    }
    resolver = jsonschema.RefResolver(BASE + "bom-1.6.schema.json", bom,
                                      store=store)
    return jsonschema.Draft7Validator(
        bom, resolver=resolver, format_checker=jsonschema.FormatChecker())


def builtin_valid(a, doc, work, name):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        json.dump(doc, f)
    r = subprocess.run([a.validator, a.schemas,
                        "bom-1.6.SNAPSHOT.schema.json", path],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stdout + r.stderr


def breakages(doc):
    """(description, broken copy) pairs that must be rejected."""
    out = []
    comp = next(i for i, c in enumerate(doc["components"])
                if c.get("type") == "cryptographic-asset")

    def mut(desc, fn):
        d = copy.deepcopy(doc)
        fn(d)
        out.append((desc, d))
    alg = lambda d: d["components"][comp]["cryptoProperties"][
        "algorithmProperties"]
    mut("primitive 'aead' (not in the enum)",
        lambda d: alg(d).__setitem__("primitive", "aead"))
    mut("nistQuantumSecurityLevel 7 (maximum 6)",
        lambda d: alg(d).__setitem__("nistQuantumSecurityLevel", 7))
    mut("mode 'GCM' (enum is lower case)",
        lambda d: alg(d).__setitem__("mode", "GCM"))
    mut("occurrence without location",
        lambda d: d["components"][comp]["evidence"]["occurrences"][0]
        .pop("location"))
    mut("occurrence line as a string",
        lambda d: d["components"][comp]["evidence"]["occurrences"][0]
        .__setitem__("line", "3"))
    mut("unknown key in cryptoProperties",
        lambda d: d["components"][comp]["cryptoProperties"]
        .__setitem__("algorithmFamily", "AES"))
    mut("upper-case serialNumber",
        lambda d: d.__setitem__("serialNumber", d["serialNumber"].upper()
                                .replace("URN:UUID:", "urn:uuid:")))
    mut("licence id not in SPDX (the spdx $ref resolves)",
        lambda d: d["components"][comp].__setitem__(
            "licenses", [{"license": {"id": "NOT-A-LICENSE"}}]))
    mut("component without a name",
        lambda d: d["components"][comp].pop("name"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--validator", required=True)
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--demo", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)

    o1, o2 = os.path.join(a.work, "j1"), os.path.join(a.work, "j2")
    r1 = scan(a, a.demo, o1, 1)
    r2 = scan(a, a.demo, o2, 2)
    if not check(r1.returncode == 0 and r2.returncode == 0,
                 "demo scans succeed (%s)" % (r1.stderr + r2.stderr).strip()):
        print("%d passed, %d failed" % (results["passed"],
                                         results["failed"]))
        return 1
    b1 = open(os.path.join(o1, "cbom.json"), "rb").read()
    b2 = open(os.path.join(o2, "cbom.json"), "rb").read()
    check(b1 == b2, "--jobs 1 and --jobs 2 CBOMs are byte-identical")
    doc = json.loads(b1)

    v = py_validator(a.schemas)
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    check(not errs, "python3-jsonschema accepts the demo CBOM%s" % (
        "" if not errs else ": " + errs[0].message))
    ok, msg = builtin_valid(a, doc, a.work, "valid.json")
    check(ok, "built-in validator accepts the demo CBOM " + msg.strip())

    for desc, bad in breakages(doc):
        py_rejects = any(True for _ in v.iter_errors(bad))
        ok, _ = builtin_valid(a, bad, a.work, "broken.json")
        check(py_rejects and not ok,
              "both validators reject: %s (python %s, built-in %s)" % (
                  desc, "rejects" if py_rejects else "ACCEPTS",
                  "rejects" if not ok else "ACCEPTS"))

    # content checks
    check(doc["specVersion"] == "1.6" and doc["bomFormat"] == "CycloneDX",
          "CycloneDX 1.6")
    check(doc["serialNumber"] == "urn:uuid:" + SERIAL, "fixed serial")
    check(doc["metadata"]["timestamp"] == "2026-01-01T00:00:00Z",
          "timestamp from SOURCE_DATE_EPOCH")
    tools = doc["metadata"]["tools"]["components"]
    check(tools and tools[0]["name"] == "cryptagion" and
          re.match(r"^\d+\.\d+\.\d+$", tools[0]["version"]),
          "cryptagion is the tool component, with its version")
    check(doc["metadata"]["component"]["name"] == "demo",
          "the scanned target is the metadata component")
    refs = [c["bom-ref"] for c in doc["components"]]
    check(len(refs) == len(set(refs)), "bom-refs are unique")
    check(all(not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", r) for r in refs),
          "bom-refs derive from the asset, not from a random UUID")
    deps = {d["ref"] for d in doc["dependencies"]}
    targets = {t for d in doc["dependencies"] for t in
               d.get("dependsOn", [])}
    check(set(refs) <= deps and targets <= set(refs),
          "every asset is a dependency node; no dangling refs")
    names = {c["name"] for c in doc["components"]}
    for want in ("MD5", "SHA-1", "SHA-256", "RSA-2048"):
        check(want in names, "demo CBOM has %s" % want)
    occs = [o for c in doc["components"]
            for o in c["evidence"]["occurrences"]]
    check(all(not o["location"].startswith("/") and o["line"] >= 1
              for o in occs), "occurrences are relative paths with lines")
    for c in doc["components"]:
        ap_ = c["cryptoProperties"]["algorithmProperties"]
        if not ("classicalSecurityLevel" in ap_ and
                "nistQuantumSecurityLevel" in ap_):
            check(False, "%s has both security levels" % c["name"])
            break
    else:
        check(True, "every asset has classical and quantum levels")
    rsa = [c for c in doc["components"] if c["name"].startswith("RSA")]
    check(all(c["cryptoProperties"]["algorithmProperties"]
              ["nistQuantumSecurityLevel"] == 0 for c in rsa),
          "RSA is quantum level 0")
    props = {p["name"]: p["value"] for p in doc["metadata"]["properties"]}
    skipped = [p["value"] for p in doc["metadata"]["properties"]
               if p["name"] == "cryptagion:skipped"]
    check(int(props.get("cryptagion:files:skipped", "0")) == len(skipped),
          "skipped files are summarised in the CBOM (%d)" % len(skipped))

    # an invalid document is never written
    bad = os.path.join(a.work, "badschema")
    shutil.rmtree(bad, ignore_errors=True)
    shutil.copytree(a.schemas, bad)
    p = os.path.join(bad, "bom-1.6.SNAPSHOT.schema.json")
    s = json.load(open(p))
    s["properties"]["bomFormat"]["enum"] = ["NotCycloneDX"]
    json.dump(s, open(p, "w"))
    o3 = os.path.join(a.work, "j3")
    r3 = scan(a, a.demo, o3, 2, schemas=bad)
    check(r3.returncode == 4 and "bomFormat" in r3.stderr and
          not os.path.exists(os.path.join(o3, "cbom.json")),
          "a CBOM failing the schema is not written; exit 4 naming the "
          "violation (got %d: %s)" % (r3.returncode, r3.stderr.strip()))

    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
