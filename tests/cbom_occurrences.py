#!/usr/bin/python3
"""End-to-end: every finding of a scan reaches the CBOM. Scans a tree
with `-o DIR`, then checks that each occurrence of the inventory (file,
line, rule) is an evidence occurrence of the CBOM component named like
its asset, and that the names given with --require (the families a rule
pack must deliver) are CBOM components. Closes with 'N passed, N failed'."""
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--require", default="",
                    help="comma-separated asset names that must be components")
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    db = os.path.join(a.work, "inv.db")
    r = subprocess.run([a.bin, "scan", a.dir, "-o", a.work, "--db", db,
                        "--quiet", "--jobs", "2"], capture_output=True,
                       text=True)
    if r.returncode not in (0, 1):
        print("FAIL scan exited %d: %s" % (r.returncode, r.stderr.strip()))
        print("0 passed, 1 failed")
        return 1
    with open(os.path.join(a.work, "cbom.json")) as fh:
        cbom = json.load(fh)
    have = set()
    names = set()
    for c in cbom.get("components", []):
        names.add(c.get("name"))
        for o in c.get("evidence", {}).get("occurrences", []):
            m = re.search(r"\brule (\S+);", o.get("additionalContext", ""))
            have.add((c.get("name"), o.get("location"), o.get("line"),
                      m.group(1) if m else None))
    con = sqlite3.connect(db)
    sid = con.execute("SELECT max(id) FROM scans WHERE status='complete'"
                      ).fetchone()[0]
    rows = con.execute(
        "SELECT a.name, f.path, o.line, o.rule_id FROM occurrences o "
        "JOIN files f ON f.id=o.file_id JOIN assets a ON a.id=o.asset_id "
        "WHERE o.scan_id=?", (sid,)).fetchall()
    con.close()
    passed = failed = 0
    for row in sorted(set(rows)):
        if row in have:
            passed += 1
        else:
            print("FAIL %s:%d: %s (rule %s) is not in the CBOM" % (
                row[1], row[2], row[0], row[3]))
            failed += 1
    for name in filter(None, (n.strip() for n in a.require.split(","))):
        if name in names:
            passed += 1
        else:
            print("FAIL required component %s is not in the CBOM" % name)
            failed += 1
    if not rows:
        print("FAIL the scan found nothing")
        failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
