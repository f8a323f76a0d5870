#!/usr/bin/env bash
# The gate on two revisions of a real git repository, like a pull request:
# `cryptagion gate --base REF --head REF [TARGET]` scans only the files
# changed between them (src/diff) and evaluates only the findings new in
# HEAD. A head that adds an MD5 and a 1024-bit RSA key fails a policy that
# fails on high severity (exit 1); a head that only moves an existing MD5
# and adds nothing bad passes (exit 0); the SARIF validates.
# Usage: git-gate.sh CRYPTAGION WORK_DIR SARIF_SCHEMA_DIR VALIDATOR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$2
sarif_schemas=$3
validator=$4
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
. "$(dirname "$0")/lib.sh"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" XDG_CACHE_HOME="$work/xdg"
mkdir -p "$HOME"

# ---- the repository: main, and two pull requests -------------------------
src="$work/repo"
mkdir -p "$src"
g() { git -C "$src" "$@" >/dev/null 2>&1; }
g init -q -b main
cat >"$src/app.py" <<'PY'
import hashlib


def digest(data):
    return hashlib.md5(data).hexdigest()


def strong(data):
    return hashlib.sha256(data).hexdigest()
PY
cat >"$src/legacy.py" <<'PY'
import hashlib


def old(data):
    return hashlib.sha1(data).hexdigest()
PY
g add -A
g commit -q -m base
g tag base
# PR 1: a new MD5 and a weak RSA key
g checkout -q -b bad
cat >"$src/keys.py" <<'PY'
import hashlib
from cryptography.hazmat.primitives.asymmetric import rsa


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def fingerprint(data):
    return hashlib.md5(data).hexdigest()
PY
g add -A
g commit -q -m "keys"
# PR 2: moves the existing MD5 down, adds a SHA-256 only
g checkout -q -b good base
cat >"$src/app.py" <<'PY'
"""The application."""
import hashlib


def strong(data):
    return hashlib.sha256(data).hexdigest()


def other(data):
    return hashlib.sha3_256(data).hexdigest()


def digest(data):
    return   hashlib.md5(data).hexdigest()
PY
g add -A
g commit -q -m "reorder"
g checkout -q main

cat >"$work/policy.yaml" <<'YAML'
version: 1
fail_on:
  severity: high
  scope: new
YAML
G="$bin gate -j 2 --sarif-schemas $sarif_schemas --policy $work/policy.yaml"

run 0 "gate --help" $bin gate --help
has "$work/stdout" "--base REF" "gate help lists --base REF"
run 2 "gate with --base and --base-dir" $G --base base --base-dir "$work" --head-dir "$work" "$src"
run 2 "gate with two targets" $G --base base --head bad "$src" "$src"
run 3 "gate on a directory that is not a repository" $G --base base --head bad "$work/home" -o "$work/g0"
run 3 "gate with an unknown ref" $G --base base --head nope "$src" -o "$work/g0"
has "$work/stderr" "nope" "unknown ref named"

# ---- PR 1: fails ------------------------------------------------------------
run 1 "gate fails on a new MD5 and a 1024-bit RSA key" $G --base base --head bad "$src" -o "$work/g1" --sarif "$work/g1.sarif"
has "$work/stdout" "^violation: keys.py:[0-9]+: MD5 \[python.hashlib.constructor\] new" "violation: the new MD5"
has "$work/stdout" "^violation: keys.py:[0-9]+: RSA-1024 \[[a-z.-]+\] new" "violation: the weak RSA key"
hasnt "$work/stdout" "app.py|legacy.py" "unchanged files are not evaluated"
has "$work/stdout" "^gate: FAILED" "verdict printed"
has "$work/stdout" "changed files: [1-9][0-9]* new, 0 unchanged, 0 removed" "diff labels counted"
sarif_valid "$work/g1.sarif" "git gate SARIF"
$py - "$work/g1.sarif" <<'PY' && ok "SARIF: only keys.py, every result new, 64-hex fingerprints" || ko "SARIF content"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = run["results"]
assert res, "no results"
for r in res:
    assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "keys.py", r
    assert r["baselineState"] == "new", r
    assert len(r["partialFingerprints"]["cryptagion/v2"]) == 64
PY
# the gate's fingerprints are the inventory's and the diff's
db="$work/g1/diff/cryptagion.db"
[ "$(sqlite3 "$db" "select count(*) from occurrences o where o.fingerprint not in (select fingerprint from diff_findings where label = 'new')")" = 0 ] && ok "occurrence fingerprints = diff label fingerprints" || ko "fingerprints differ between occurrences and diff_findings"
# the default target is the current directory; --head defaults to HEAD
(cd "$src" && git checkout -q bad && $G --base base -o "$work/g1b" -q >"$work/stdout" 2>"$work/stderr")
rc=$?
[ "$rc" = 1 ] && ok "gate --base REF in the work tree (TARGET ., HEAD)" || ko "gate in the work tree: exit $rc: $(cat "$work/stderr")"
g checkout -q main

# ---- PR 2: passes -----------------------------------------------------------
run 0 "gate passes when the change adds nothing bad" $G --base base --head good "$src" -o "$work/g2" --sarif "$work/g2.sarif"
has "$work/stdout" "^gate: passed" "verdict printed"
has "$work/stdout" "1 new, 2 existing" "the moved MD5 (and the SHA-256) existing, the SHA3-256 new"
sarif_valid "$work/g2.sarif" "passing git gate SARIF"
$py - "$work/g2.sarif" <<'PY' && ok "SARIF: the moved MD5 is unchanged" || ko "SARIF baselineState of the moved MD5"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
md5 = [r for r in res if "MD5" in r["message"]["text"] or "MD5" in r["ruleId"]]
assert md5 and all(r["baselineState"] == "unchanged" for r in md5), md5
assert all(r["baselineState"] in ("new", "unchanged") for r in res)
PY
# a baseline of the bad head's fingerprints lets it pass
run 0 "write a baseline of the bad head" $bin scan "$src" --ref bad -o "$work/s" -q --write-baseline "$work/bl.txt"
run 0 "gate with --baseline passes" $G --base base --head bad "$src" -o "$work/g3" --baseline "$work/bl.txt"
has "$work/stdout" "[1-9][0-9]* suppressed" "baseline suppressions counted"
# the two-tree gate still works next to it
mkdir -p "$work/t-base" "$work/t-head"
git -C "$src" archive base | tar -x -C "$work/t-base"
git -C "$src" archive bad | tar -x -C "$work/t-head"
run 1 "gate --base-dir/--head-dir on the same change" $G --base-dir "$work/t-base" --head-dir "$work/t-head" -o "$work/g4"
has "$work/stdout" "^violation: keys.py:[0-9]+: MD5 .* new" "two-tree gate: the new MD5"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
