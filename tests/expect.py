#!/usr/bin/python3
"""Compare cryptagion's findings with the `expect:` annotations of a tree.

Every line that uses cryptography carries a trailing comment
`expect: NAME[ key=source ...][, NAME ...]`, where NAME is the canonical
asset name and the optional key=source pairs check where a parameter came
from (key_size, mode, padding, algorithm; literal, constant, default, api)
or, for a named parameter, its value (iterations=600000,
related:prf=SHA-256). A protocol set up in code is written @NAME
(`expect: @TLSv1.2`).
A misuse finding is written `!category` (`expect: AES-ECB, !ecb-mode`).
Lines without an annotation must produce no finding. With --rules, every
rule must have fixtures/rules/<lang>/<rule-id>/pos.* (where that rule
fires) and neg.* (where nothing fires).

Prints one line per mismatch, a per-language precision/recall table, and
closes with "N passed, N failed". Exit status 1 on any failure. With
--min below 1 (the labeled corpus), mismatches are listed as MISS/EXTRA and
only a language whose precision or recall falls below --min fails.
"""
import argparse
import os
import re
import sqlite3
import subprocess
import sys

EXPECT = re.compile(r"expect:\s*(.+?)\s*(?:\*/|-->)?\s*$")
EXTS = {
    ".py": "python", ".js": "javascript", ".mjs": "javascript",
    ".cjs": "javascript", ".jsx": "javascript", ".ts": "javascript",
    ".tsx": "javascript", ".java": "java", ".go": "go", ".rs": "rust",
    ".c": "c", ".h": "c", ".cc": "c", ".cpp": "c", ".hpp": "c",
}


def parse_expect(text):
    """[(name, {param: source})] from the text after 'expect:'."""
    out = []
    for item in text.split(","):
        toks = item.split()
        if not toks:
            continue
        params = {}
        for t in toks[1:]:
            if "=" in t:
                k, v = t.split("=", 1)
                params[k] = v
        out.append((toks[0], params))
    return out


def annotations(root):
    exp = {}
    langs = {}
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for f in sorted(files):
            ext = os.path.splitext(f)[1]
            if ext not in EXTS:
                continue
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, root)
            langs[rel] = EXTS[ext]
            with open(full, encoding="utf-8", errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    m = EXPECT.search(line)
                    if m:
                        exp[(rel, n)] = parse_expect(m.group(1))
    return exp, langs


def findings(db):
    con = sqlite3.connect(db)
    sid = con.execute(
        "SELECT max(id) FROM scans WHERE status='complete'").fetchone()[0]
    rows = con.execute(
        "SELECT o.id, f.path, o.line, a.name, o.rule_id FROM occurrences o "
        "JOIN files f ON f.id=o.file_id JOIN assets a ON a.id=o.asset_id "
        "WHERE o.scan_id=? ORDER BY f.path, o.line", (sid,)).fetchall()
    params = {}
    fixed = ("algorithm", "key_size", "mode", "padding", "curve")
    for oid, name, value, src in con.execute(
            "SELECT occurrence_id, name, value, source "
            "FROM occurrence_params"):
        # fixed parameters are checked by source, named ones by value
        params.setdefault(oid, {})[name] = src if name in fixed else value
    got = {}
    for oid, path, line, name, rule in rows:
        got.setdefault((path, line), []).append(
            (name, params.get(oid, {}), rule))
    has_misuses = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE name='misuses'").fetchone()[0]
    if has_misuses:
        for path, line, cat, rule in con.execute(
                "SELECT f.path, m.line, m.category, m.rule_id FROM misuses m "
                "JOIN files f ON f.id=m.file_id WHERE m.scan_id=?", (sid,)):
            got.setdefault((path, line), []).append(("!" + cat, {}, rule))
    # protocols set up in code: "@NAME" at the object's line
    for path, line, name, rule in con.execute(
            "SELECT f.path, m.line, m.name, p.value FROM materials m "
            "JOIN files f ON f.id=m.file_id JOIN material_props p ON "
            "p.material_id=m.id AND p.name='cryptagion:rule' "
            "WHERE m.scan_id=? AND m.kind='protocol'", (sid,)):
        got.setdefault((path, line), []).append(("@" + name, {}, rule))
    con.close()
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--rules", help="rules folder: check per-rule fixtures")
    ap.add_argument("--min", type=float, default=1.0,
                    help="minimum precision and recall per language")
    a = ap.parse_args()
    tolerant = a.min < 1.0
    os.makedirs(a.work, exist_ok=True)
    db = os.path.join(a.work, "expect.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    r = subprocess.run([a.bin, "scan", a.dir, "-o", a.work, "--db", db,
                        "--quiet", "--jobs", "2"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL scan exited %d: %s" % (r.returncode, r.stderr.strip()))
        print("0 passed, 1 failed")
        return 1
    exp, langs = annotations(a.dir)
    got = findings(db)
    passed = failed = 0
    stats = {}  # lang -> [tp, fp, fn]
    for key in sorted(set(exp) | set(got)):
        lang = langs.get(key[0], "other")
        st = stats.setdefault(lang, [0, 0, 0])
        want = list(exp.get(key, []))
        have = list(got.get(key, []))
        for name, wparams, in want[:]:
            match = next((h for h in have if h[0] == name), None)
            if match is None:
                print("%s %s:%d: expected %s, found %s" % (
                    "MISS" if tolerant else "FAIL", key[0], key[1], name,
                    [h[0] for h in have] or "nothing"))
                st[2] += 1
                failed += 0 if tolerant else 1
                continue
            have.remove(match)
            st[0] += 1
            bad = {k: v for k, v in wparams.items()
                   if match[1].get(k, "unknown") != v}
            if bad:
                print("FAIL %s:%d: %s parameter sources %s, expected %s" % (
                    key[0], key[1], name,
                    {k: match[1].get(k, "unknown") for k in bad}, bad))
                failed += 1
            else:
                passed += 1
        for h in have:
            print("%s %s:%d: unexpected %s (rule %s)" % (
                "EXTRA" if tolerant else "FAIL", key[0], key[1], h[0], h[2]))
            st[1] += 1
            failed += 0 if tolerant else 1
    if a.rules:
        fired = {}
        for key, hs in got.items():
            for h in hs:
                fired.setdefault(h[2], set()).add(key[0])
        ids = []
        for lang in sorted(os.listdir(a.rules)):
            d = os.path.join(a.rules, lang)
            if not os.path.isdir(d) or lang == "standards":
                continue
            for f in sorted(os.listdir(d)):
                if f.endswith((".yaml", ".yml")):
                    with open(os.path.join(d, f)) as fh:
                        for line in fh:
                            m = re.match(r"\s*-\s*id:\s*(\S+)", line)
                            if m:
                                ids.append((lang, m.group(1)))
        for lang, rid in ids:
            fdir = os.path.join(lang, rid)
            full = os.path.join(a.dir, fdir)
            files = os.listdir(full) if os.path.isdir(full) else []
            pos = [f for f in files if f.startswith("pos.")]
            neg = [f for f in files if f.startswith("neg.")]
            ok = True
            if not pos or not neg:
                print("FAIL rule %s: needs %s/pos.* and %s/neg.*" % (
                    rid, fdir, fdir))
                ok = False
            elif not any(p.startswith(fdir + "/pos.")
                         for p in fired.get(rid, ())):
                print("FAIL rule %s: does not fire on %s/pos.*" % (
                    rid, fdir))
                ok = False
            # in a neg fixture the rule never fires (other rules'
            # findings there are annotated and compared like any other)
            for n in neg:
                if any(k[0] == os.path.join(fdir, n) and h[2] == rid
                       for k, hs in got.items() for h in hs):
                    print("FAIL rule fixtures: %s/%s: %s fires" % (
                        fdir, n, rid))
                    ok = False
            if ok:
                passed += 1
            else:
                failed += 1
    print("%-12s %6s %6s %6s %9s %7s" % ("language", "tp", "fp", "fn",
                                         "precision", "recall"))
    for lang in sorted(stats):
        tp, fp, fn = stats[lang]
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        print("%-12s %6d %6d %6d %9.3f %7.3f" % (lang, tp, fp, fn, prec,
                                                 rec))
        if prec < a.min or rec < a.min:
            print("FAIL %s: precision/recall below %.2f" % (lang, a.min))
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
