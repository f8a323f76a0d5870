#!/usr/bin/env bash
# Golden deliverables: the proof that a refactoring changes no behaviour.
# Scans fixtures/demo (twice: a fresh parse and the blob cache),
# fixtures/material, the labeled corpus, a diff between two commits of a
# small git repository, `report --profile bsi` and a fleet of two targets,
# then compares the normalised deliverables with tests/golden/<case>/:
#   cbom.json     the CBOM without serialNumber and timestamps
#   roadmap.json  the roadmap without timestamps
#   sarif.json    the SARIF log (where the case writes one)
#   sums.txt      the file names of SHA256SUMS (their hashes follow the
#                 serial number)
#   report.txt    pdftotext of report.pdf
#   findings.txt  the scan as recorded: files, occurrences, misuses,
#                 coverage gaps, diff labels, assets with their scores
#   stdout.txt    what the command printed (diff: the labelled list)
#
# A change of rules, scoring or output format changes these files on
# purpose: regenerate them in the same commit with
#   tests/golden.sh --update [CRYPTAGION [SOURCE_DIR [WORK_DIR]]]
# and review the diff of tests/golden/ like any other change.
#
# Usage: golden.sh [--update] [CRYPTAGION [SOURCE_DIR [WORK_DIR]]]
set -u
update=0
if [ "${1:-}" = "--update" ]; then
	update=1
	shift
fi
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${2:-$(cd "$here/.." && pwd)}
bin=${1:-$srcdir/build/cryptagion}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=${3:-${TMPDIR:-/tmp}/cryptagion-golden.$$}
golden=$srcdir/tests/golden
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
. "$here/lib.sh"

export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z"
export GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" XDG_CACHE_HOME="$work/xdg"
mkdir -p "$HOME"
SERIAL=00000000-0000-4000-8000-00000000601d

# normalise CASE OUTDIR [DB]: the normalised files into $work/got/CASE
normalise() {
	local case=$1 out=$2 db=${3:-}
	local got="$work/got/$case"
	mkdir -p "$got"
	if [ -f "$out/report.pdf" ]; then
		pdftotext -layout "$out/report.pdf" "$work/report.txt" 2>/dev/null
	else
		rm -f "$work/report.txt"
	fi
	$py - "$out" "$got" "$db" "$work" <<'PY'
import json, os, re, sqlite3, sys
out, got, db, work = sys.argv[1:5]

def load(p):
    # the work folder (absolute repository URLs) is not part of the output
    return open(p).read().replace(work, "@WORK@")

def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items()
                if k not in ("serialNumber", "timestamp", "generated_at",
                             "generatedAt", "startTimeUtc", "endTimeUtc")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v

def put(name, text):
    with open(os.path.join(got, name), "w") as f:
        f.write(text)

for src, dst in (("cbom.json", "cbom.json"), ("roadmap.json", "roadmap.json"),
                 ("cryptagion.sarif", "sarif.json")):
    p = os.path.join(out, src)
    if os.path.exists(p):
        put(dst, json.dumps(strip(json.loads(load(p))), indent=1,
                            sort_keys=True) + "\n")
p = os.path.join(work, "report.txt")
if os.path.exists(p):
    # the checksum table follows the repository URL (the work folder)
    put("report.txt", "".join(
        re.sub(r"^( *(cbom|roadmap)\.json +)[0-9a-f]{64}$", r"\1@SHA256@",
               l.rstrip()) + "\n" for l in load(p).splitlines()))
p = os.path.join(out, "SHA256SUMS")
if os.path.exists(p):
    put("sums.txt", "".join(l.split("  ", 1)[1] for l in open(p)))
if db:
    c = sqlite3.connect(db)
    sid = c.execute("select max(id) from scans").fetchone()[0]
    rows = []
    def q(title, sql):
        rows.append("== " + title)
        for r in c.execute(sql, (sid,)):
            rows.append("\t".join("" if x is None else str(x)
                                   for x in r).replace(work, "@WORK@"))
    q("files", "select path, language, size, sha256, status, reason, "
      "parse_errors, blob_id, context, cached from files where scan_id=? "
      "order by path")
    q("occurrences", "select f.path, o.line, o.col, o.rule_id, a.bom_ref, "
      "o.symbol, o.fingerprint, o.suppression, o.suppression_status, "
      "o.suppression_reason, o.suppression_until, o.suppression_line, "
      "o.context, o.unresolved from occurrences o join files f on "
      "f.id=o.file_id left join assets a on a.id=o.asset_id where "
      "o.scan_id=? order by f.path, o.line, o.col, o.rule_id, a.bom_ref")
    q("misuses", "select f.path, m.line, m.col, m.rule_id, m.category, "
      "m.severity, m.message, m.context, m.fingerprint, m.suppression, "
      "m.suppression_status, m.suppression_reason, m.suppression_until, "
      "m.suppression_line from misuses m join files f on f.id=m.file_id "
      "where m.scan_id=? order by f.path, m.line, m.col, m.rule_id, "
      "m.fingerprint")
    q("coverage_gaps", "select path, kind, detail, line from coverage_gaps "
      "where scan_id=? order by path, kind, detail")
    q("diff_findings", "select label, fingerprint, path, line, rule_id, "
      "asset, context from diff_findings where scan_id=? order by label, "
      "fingerprint, path, line")
    q("assets", "select a.bom_ref, a.asset_type, a.name, a.family, "
      "a.primitive, a.parameter_set, a.mode, a.padding, a.curve, "
      "a.functions, a.oid, a.classical_level, a.quantum_level, r.* from "
      "assets a left join asset_risk r on r.asset_id=a.id where "
      "a.scan_id=? order by a.bom_ref")
    q("materials", "select f.path, m.kind, m.bom_ref, m.name, m.line from "
      "materials m join files f on f.id=m.file_id where m.scan_id=? "
      "order by f.path, m.line, m.bom_ref")
    q("scan", "select files_scanned, files_prefiltered, files_skipped, "
      "files_unsupported, bytes_scanned, findings, cache_hits, "
      "files_ignored from scans where id=?")
    put("findings.txt", "\n".join(rows) + "\n")
PY
}

# scan CASE TARGET [ARGS...]: a scan with SARIF into $work/CASE
scan() {
	local case=$1 target=$2
	shift 2
	run 0 "$case: scan" "$bin" scan "$target" -o "$work/$case" -q -j2 \
		--serial $SERIAL --sarif "$work/$case/cryptagion.sarif" "$@"
	normalise "$case" "$work/$case" "$work/$case/cryptagion.db"
}

# targets relative to the source folder: the paths in the deliverables
# do not depend on where the tree is checked out
cd "$srcdir" || exit 1
scan demo fixtures/demo --write-baseline "$work/demo.baseline"
cp "$work/demo.baseline" "$work/got/demo/baseline.txt"
# the same target again into the same inventory: every file from the cache
run 0 "demo-cached: scan" "$bin" scan fixtures/demo \
	-o "$work/demo" -q -j2 --serial $SERIAL \
	--sarif "$work/demo/cryptagion.sarif"
normalise demo-cached "$work/demo" "$work/demo/cryptagion.db"
run 0 "report-bsi: report --profile bsi" "$bin" report \
	--db "$work/demo/cryptagion.db" -o "$work/report-bsi" --profile bsi -q
normalise report-bsi "$work/report-bsi"
scan material fixtures/material
scan labeled fixtures/labeled

# a fleet: two targets, one set of deliverables
printf '%s\n%s\n' fixtures/demo fixtures/labeled/c \
	>"$work/targets.txt"
run 0 "fleet: scan --targets" "$bin" scan --targets "$work/targets.txt" \
	-o "$work/fleet" -q -j2 --serial $SERIAL
normalise fleet "$work/fleet"

# a diff between two commits: the labels new, unchanged, removed
repo=$work/repo
mkdir -p "$repo"
cp -r "$srcdir/fixtures/demo/services" "$srcdir/fixtures/demo/native" "$repo/"
g() { git -C "$repo" "$@" >/dev/null 2>&1; }
g init -q -b main
g add -A
g commit -q -m base
g tag base
# the MD5 of app.py moves down (unchanged), checksum.c goes (removed), a
# new file adds SHA-1 and a 1024-bit RSA key (new)
{
	printf '# moved\n\n'
	cat "$srcdir/fixtures/demo/services/api/app.py"
} >"$repo/services/api/app.py"
g rm -q native/checksum.c
cat >"$repo/services/api/keys.py" <<'PY'
import hashlib
from cryptography.hazmat.primitives.asymmetric import rsa


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def legacy(data):
    return hashlib.sha1(data).hexdigest()
PY
g add -A
g commit -q -m head
(cd "$work" && "$bin" diff base main repo -o "$work/diff" -q -j2 \
	--serial $SERIAL >"$work/diff.stdout" 2>"$work/diff.stderr")
eq "$?" 0 "diff: exit code"
normalise diff "$work/diff" "$work/diff/cryptagion.db"
cp "$work/diff.stdout" "$work/got/diff/stdout.txt"

# compare (or regenerate)
if [ "$update" = 1 ]; then
	rm -rf "$golden"
	mkdir -p "$golden"
	cp -r "$work/got/." "$golden/"
	echo "updated $golden"
fi
for f in $(cd "$work/got" && find . -type f | sort); do
	if diff -u "$golden/$f" "$work/got/$f" >"$work/diff.out" 2>&1; then
		ok "golden ${f#./}"
	else
		ko "golden ${f#./} differs: $(head -c 1500 "$work/diff.out")"
	fi
done
for f in $(cd "$golden" && find . -type f | sort); do
	[ -f "$work/got/$f" ] || ko "golden ${f#./}: no longer produced"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
