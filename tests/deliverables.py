#!/usr/bin/python3
"""Deliverables tests: `scan -o DIR` and `report` write cbom.json,
roadmap.json, report.pdf and SHA256SUMS. The PDF's page count, footers
and figures agree with the inventory (queried with sqlite3); a page renders
to PNG; the roadmap is valid for the built-in validator and for
python3-jsonschema and follows the documented effort formula and priority
order; `sha256sum -c` passes; `report` regenerates byte-identical JSON from
the database alone; SOURCE_DATE_EPOCH + --serial make the JSON (and the
PDF) byte-identical across runs; an invalid roadmap is never written
(exit 4); missing fonts fail with one line (exit 3); the cnsa2 profile adds
the CNSA 2.0 milestones. Closes with 'N passed, N failed'."""
import argparse
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import jsonschema

SERIAL = "3f2d1c0b-9a8e-4d7c-8b6a-5f4e3d2c1b0a"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
results = {"passed": 0, "failed": 0}


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    results["passed" if ok else "failed"] += 1
    return ok


def run(cmd, cwd=None, env_extra=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    if env_extra:
        env.update(env_extra)
    return subprocess.run(cmd, capture_output=True, text=True, env=env,
                          cwd=cwd)


def scan(a, out, *extra):
    shutil.rmtree(out, ignore_errors=True)
    return run([a.bin, "scan", a.demo, "-o", out, "--serial", SERIAL,
                "--quiet", "--jobs", "2", "--title",
                "Acme \u2014 payments review"] + list(extra))


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def pdftext(pdf, first=None, last=None):
    cmd = ["pdftotext"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    r = subprocess.run(cmd + [pdf, "-"], capture_output=True, text=True)
    return r.stdout


def pdfinfo(pdf):
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    info = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


def db_figures(db):
    c = sqlite3.connect(db)
    sid = c.execute("SELECT max(id) FROM scans WHERE status='complete'"
                    ).fetchone()[0]
    row = c.execute("SELECT critical, high, medium, low, info, "
                    "quantum_readiness, quantum_vulnerable_share, profile "
                    "FROM scan_risk WHERE scan_id=?", (sid,)).fetchone()
    nassets = c.execute("SELECT count(*) FROM assets WHERE scan_id=?",
                        (sid,)).fetchone()[0]
    nocc = c.execute("SELECT count(*) FROM occurrences WHERE scan_id=?",
                     (sid,)).fetchone()[0]
    files = c.execute("SELECT files_scanned + files_prefiltered FROM scans "
                      "WHERE id=?", (sid,)).fetchone()[0]
    scores = dict(c.execute(
        "SELECT a.bom_ref, r.score FROM assets a JOIN asset_risk r "
        "ON r.asset_id = a.id WHERE a.scan_id=?", (sid,)).fetchall())
    yq = dict(c.execute(
        "SELECT a.bom_ref, r.quantum_deadline FROM assets a JOIN "
        "asset_risk r ON r.asset_id = a.id WHERE a.scan_id=?",
        (sid,)).fetchall())
    c.close()
    return {"counts": list(row[:5]), "readiness": row[5],
            "share": row[6], "profile": row[7], "assets": nassets,
            "occurrences": nocc, "files": files, "scores": scores,
            "yq": yq}


def check_pdf(a, out, db):
    pdf = os.path.join(out, "report.pdf")
    info = pdfinfo(pdf)
    pages = int(info.get("Pages", "0"))
    check(pages >= 8, f"report.pdf has {pages} pages (>= 8)")
    text = pdftext(pdf)
    footers = re.findall(r"Page (\d+) of (\d+)", text)
    check(footers and all(int(t) == pages for _, t in footers) and
          len(footers) == pages - 1,
          "every page after the cover says 'Page N of <pdfinfo pages>'")
    check("Thu Jan  1 00:00:00 2026" in info.get("CreationDate", "") and
          "Thu Jan  1 00:00:00 2026" in info.get("ModDate", ""),
          "PDF CreationDate/ModDate come from SOURCE_DATE_EPOCH")
    cover = pdftext(pdf, 1)
    check("Acme \u2014 payments review" in cover and "2026-01-01" in cover,
          "cover: engagement name (UTF-8) and dates")
    summary = pdftext(pdf, 2)
    check(f"{db['readiness']}/100" in summary,
          f"summary: readiness {db['readiness']}/100 as in scan_risk")
    after = summary.split("Assets by risk severity", 1)[-1]
    nums = [int(x.replace(",", "")) for x in
            re.findall(r"^\s*([\d,]+)\s*$", after, re.M)][:5]
    check(nums == db["counts"],
          f"summary: counts by severity {nums} == DB {db['counts']}")
    flat = " ".join(summary.split())
    m = re.search(r"found (\d+) distinct cryptographic assets .*? used at "
                  r"(\d+) places", flat)
    check(m and int(m.group(1)) == db["assets"] and
          int(m.group(2)) == db["occurrences"],
          "summary: assets and findings as in the DB")
    m = re.search(r"(\d+) assets? (?:is|are) of critical or high risk", flat)
    check(m and int(m.group(1)) == db["counts"][0] + db["counts"][1],
          "summary: critical + high as in the DB")
    m = re.search(r"(\d+)% of the assets rely", flat)
    check(m and int(m.group(1)) == round(100 * db["share"]),
          "summary: quantum-vulnerable share as in the DB")
    sums = dict(reversed(l.split("  ", 1)) for l in
                read(os.path.join(out, "SHA256SUMS"), "r").splitlines())
    last = " ".join(pdftext(pdf, pages).split())
    check(sums["cbom.json"] in last and sums["roadmap.json"] in last,
          "last page: checksums of cbom.json and roadmap.json")
    png = os.path.join(a.work, "page")
    r = subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l",
                        "2", pdf, png], capture_output=True, text=True)
    errs = [l for l in r.stderr.splitlines()
            if "begincidrange" not in l and l.strip()]
    pngs = [f for f in os.listdir(a.work) if f.startswith("page")]
    check(r.returncode == 0 and not errs and pngs,
          "pdftoppm renders page 2 without error")


def effort(item):
    e = item["effort"]
    occ = len(item["occurrences"])
    files = len({o["path"] for o in item["occurrences"]})
    libs = sorted({".".join(o["ruleId"].split(".")[:2])
                   for o in item["occurrences"]})
    points = occ + 2 * files + 5 * len(libs)
    size = "S" if points <= 10 else "M" if points <= 30 else \
        "L" if points <= 80 else "XL"
    days = max(0.5, math.ceil(points / 2) / 2)
    return (e["occurrences"], e["files"], e["libraries"], e["points"],
            e["size"], e["personDays"]) == (occ, files, libs, points, size,
                                           days)


def check_roadmap(a, out, db):
    path = os.path.join(out, "roadmap.json")
    r = subprocess.run([a.validator, a.roadmap_schemas,
                        "roadmap-1.0.schema.json", path],
                       capture_output=True, text=True)
    check(r.returncode == 0, "roadmap.json valid (built-in validator)" +
          (": " + r.stdout + r.stderr if r.returncode else ""))
    schema = json.loads(read(os.path.join(a.roadmap_schemas,
                                          "roadmap-1.0.schema.json")))
    doc = json.loads(read(path))
    errs = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
    check(not errs, "roadmap.json valid (python3-jsonschema)" +
          (": " + str(errs[0].message) if errs else ""))
    items = doc["items"]
    check([i["priority"] for i in items] == list(range(1, len(items) + 1)),
          "priorities are 1..n")
    check(all(items[k]["score"] >= items[k + 1]["score"]
              for k in range(len(items) - 1)),
          "items ordered by score, highest first")
    check(all(i["score"] == db["scores"][i["asset"]["bomRef"]]
              for i in items), "item scores equal asset_risk.score")
    check(all(effort(i) for i in items),
          "effort follows the documented formula")
    total = sum(len(i["occurrences"]) for i in items)
    check(doc["summary"]["occurrences"] == db["occurrences"] and
          total <= db["occurrences"],
          "occurrence totals agree with the DB")
    check(len(items) + len(doc["noAction"]) == db["assets"],
          "every asset is an item or in noAction")
    for p in doc["phases"]:
        check(all(items[n - 1]["phase"] == p["id"] for n in p["items"]),
              f"phase {p['id']} lists its own items")
    check(all(p.get("citation") for p in doc["phases"]),
          "every phase names its source clause")
    dl = {p["id"]: p.get("deadline") for p in doc["phases"]}

    def deadline_ok(i):
        yq = db["yq"].get(i["asset"]["bomRef"])
        want = f"{yq - 1}-12-31" if yq else dl[i["phase"]]
        return i.get("deadline") == want and \
            (want is None or i.get("deadlineBasis"))
    check(all(deadline_ok(i) for i in items) and
          any(db["yq"].get(i["asset"]["bomRef"]) for i in items),
          "item deadline: Dec 31 before asset_risk.quantum_deadline, "
          "else the phase's")
    check(doc["summary"]["counts"] == dict(zip(
        ["critical", "high", "medium", "low", "info"], db["counts"])),
        "roadmap counts equal scan_risk")
    return doc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--validator", required=True)
    ap.add_argument("--roadmap-schemas", required=True)
    ap.add_argument("--demo", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    A, B, C = (os.path.join(a.work, x) for x in ("a", "b", "c"))

    r = scan(a, A)
    check(r.returncode == 0, "scan -o writes the deliverables" +
          (": " + r.stderr if r.returncode else ""))
    names = ["SHA256SUMS", "cbom.json", "report.pdf", "roadmap.json"]
    check(all(os.path.isfile(os.path.join(A, n)) for n in names),
          "cbom.json, roadmap.json, report.pdf, SHA256SUMS exist")
    r = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=A,
                       capture_output=True, text=True)
    check(r.returncode == 0 and r.stdout.count(": OK") == 3,
          "sha256sum -c SHA256SUMS passes (relative names)")
    db = db_figures(os.path.join(A, "cryptagion.db"))
    check_pdf(a, A, db)
    check_roadmap(a, A, db)

    r = scan(a, B)
    check(r.returncode == 0 and all(
        read(os.path.join(A, n)) == read(os.path.join(B, n))
        for n in ["cbom.json", "roadmap.json", "report.pdf", "SHA256SUMS"]),
        "two runs: byte-identical cbom.json, roadmap.json, report.pdf")

    shutil.rmtree(C, ignore_errors=True)
    r = run([a.bin, "report", "--db", os.path.join(A, "cryptagion.db"),
             "-o", C, "--quiet", "--title", "Acme \u2014 payments review"])
    check(r.returncode == 0 and all(
        read(os.path.join(A, n)) == read(os.path.join(C, n))
        for n in ["cbom.json", "roadmap.json"]),
        "report --db regenerates identical JSON from the inventory" +
        (": " + r.stderr if r.returncode else ""))
    r2 = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=C,
                        capture_output=True, text=True)
    check(r2.returncode == 0, "report: sha256sum -c passes")
    r = run([a.bin, "report", "--help"])
    check(r.returncode == 0 and "--db FILE" in r.stdout, "report --help")
    r = run([a.bin, "report", "--db", os.path.join(a.work, "none.db"),
             "-o", C])
    check(r.returncode == 3 and len(r.stderr.strip().splitlines()) == 1,
          "report on a missing inventory: exit 3, one line")

    # an invalid roadmap is never written
    bad = os.path.join(a.work, "bad-schemas")
    os.makedirs(bad, exist_ok=True)
    schema = json.loads(read(os.path.join(a.roadmap_schemas,
                                          "roadmap-1.0.schema.json")))
    schema["properties"]["version"] = {"const": "9.9"}
    with open(os.path.join(bad, "roadmap-1.0.schema.json"), "w") as f:
        json.dump(schema, f)
    D = os.path.join(a.work, "d")
    r = scan(a, D, "--roadmap-schemas", bad)
    check(r.returncode == 4 and "roadmap.json" in r.stderr and
          not os.path.exists(os.path.join(D, "roadmap.json")) and
          not os.path.exists(os.path.join(D, "SHA256SUMS")),
          "invalid roadmap: exit 4, nothing written")

    E = os.path.join(a.work, "e")
    r = scan(a, E, "--fonts", os.path.join(a.work, "no-fonts"))
    check(r.returncode == 3 and len(r.stderr.strip().splitlines()) == 1
          and "DejaVuSans.ttf" in r.stderr,
          "missing font: exit 3, one line naming the file")

    # cnsa2: milestones, AES-128 -> AES-256 from the standards table
    F = os.path.join(a.work, "f")
    r = scan(a, F, "--profile", "cnsa2")
    doc = json.loads(read(os.path.join(F, "roadmap.json")))
    check(r.returncode == 0 and "cnsa2" in doc and
          len(doc["cnsa2"]["milestones"]) >= 6 and
          all("cnsa2Deadline" in i for i in doc["items"]),
          "cnsa2: CNSA 2.0 milestones and per-item deadlines")
    c2 = doc.get("cnsa2", {})
    check(all(m.get("citation") for m in c2.get("milestones", [])) and
          [g["date"] for g in c2.get("gates", [])] ==
          ["2027-01-01", "2030-12-31", "2031-12-31"] and
          all(g["citation"] for g in c2["gates"]),
          "cnsa2: milestones and gates from the standards table, each "
          "citing its source")
    aes = [i for i in doc["items"] if i["asset"]["name"].startswith(
        "AES-128")]
    check(aes and all("AES-256" in i["recommended"] for i in aes),
          "cnsa2: AES-128 -> AES-256")
    text = " ".join(pdftext(os.path.join(F, "report.pdf")).split())
    check("CNSA 2.0 milestones by system category" in text,
          "cnsa2: the PDF shows the CNSA 2.0 milestones")

    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
