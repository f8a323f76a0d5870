#!/usr/bin/env bash
# Gate, policy, suppression, baseline and SARIF tests over two small trees
# that look like a pull request: the head moves unrelated lines, keeps an
# existing MD5 and adds a SHA-1.
# Usage: gate.sh CRYPTAGION SOURCE_DIR WORK_DIR SARIF_SCHEMA_DIR VALIDATOR
set -u
bin=$1
src=$2
work=$3
sarif_schemas=$4
validator=$5
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01
. "$(dirname "$0")/lib.sh"

# ---- the two trees --------------------------------------------------------
mkdir -p "$work/base" "$work/head"
cat >"$work/base/app.py" <<'PY'
import hashlib


def digest(data):
    return hashlib.md5(data).hexdigest()
PY
cat >"$work/head/app.py" <<'PY'
"""The application (this docstring and the blank lines are new)."""
import hashlib


# unrelated lines moved the MD5 call down


def digest(data):
    return   hashlib.md5(data).hexdigest()
PY
cat >"$work/head/tokens.py" <<'PY'
import hashlib


def token(data):
    return hashlib.sha1(data).hexdigest()
PY
B="--base-dir $work/base"
H="--head-dir $work/head"
G="$bin gate -j 2 --sarif-schemas $sarif_schemas"

run 0 "gate --help" $bin gate --help
has "$work/stdout" "--base-dir" "gate help lists --base-dir"
run 0 "help gate" $bin help gate
run 2 "gate without --head-dir" $bin gate --base-dir "$work/base"
run 2 "gate with a malformed profile name" $G $B $H --profile 'Fips 140!'
run 3 "gate with a profile the table does not define" $G $B $H -o "$work/g-fips" --profile fips
stderr_has "no profile 'fips' \(the table defines: nist, bsi, cnsa2\)" "the unknown profile is named with the table's profiles"
run 3 "gate with a missing tree" $G $B --head-dir "$work/nope" -o "$work/g0"

# ---- new vs existing ----------------------------------------------------------
run 0 "gate base against itself passes (only existing findings)" $G $B --head-dir "$work/base" -o "$work/g1"
has "$work/stdout" "1 existing" "existing MD5 reported as existing"
run 1 "gate fails on a new SHA-1" $G $B $H -o "$work/g2" --sarif "$work/g2.sarif"
has "$work/stdout" "^violation: tokens.py:5: SHA-1 \[python.hashlib.constructor\] new: severity critical" "violation names file, line, asset, rule"
has "$work/stdout" "1 new, 1 existing" "one new, one existing"
has "$work/stdout" "^gate: FAILED" "verdict printed"
grep -q "app.py" "$work/stdout" && ko "existing MD5 must not be a violation" || ok "existing MD5 is not a violation"
sarif_valid "$work/g2.sarif" "gate SARIF"
$py - "$work/g2.sarif" <<'PY' && ok "SARIF: baselineState, relative paths, lines, fingerprints, security-severity, help" || ko "SARIF content"
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
res = run["results"]
st = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in res}
assert st["tokens.py"]["baselineState"] == "new", st
assert st["app.py"]["baselineState"] == "unchanged"
assert st["tokens.py"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
for r in res:
    assert len(r["partialFingerprints"]["cryptagion/v2"]) == 64
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
sha1 = rules["crypto/SHA-1"]
assert sha1["properties"]["security-severity"] == "9.5", sha1["properties"]
assert "SP 800-131A" in sha1["help"]["text"] and sha1["help"]["markdown"]
assert run["tool"]["driver"]["name"] == "cryptagion"
PY

# fingerprint stability: the MD5 moved from line 5 to line 9 and its spacing changed
fb=$(q "$work/g2/base/cryptagion.db" "select fingerprint from occurrences o join assets a on a.id=o.asset_id where a.name='MD5'")
fh=$(q "$work/g2/head/cryptagion.db" "select fingerprint from occurrences o join assets a on a.id=o.asset_id where a.name='MD5'")
lb=$(q "$work/g2/base/cryptagion.db" "select line from occurrences o join assets a on a.id=o.asset_id where a.name='MD5'")
lh=$(q "$work/g2/head/cryptagion.db" "select line from occurrences o join assets a on a.id=o.asset_id where a.name='MD5'")
[ -n "$fb" ] && [ "$fb" = "$fh" ] && [ "$lb" != "$lh" ] && ok "fingerprint stable when unrelated lines move ($lb -> $lh)" || ko "fingerprint changed: $fb/$fh lines $lb/$lh"
# two identical lines get distinct fingerprints (occurrence index)
mkdir -p "$work/twice"
printf 'import hashlib\nhashlib.md5(b"a")\nhashlib.md5(b"a")\n' >"$work/twice/t.py"
run 0 "scan of two identical lines" $bin scan "$work/twice" -o "$work/s-twice" -q
[ "$(q "$work/s-twice/cryptagion.db" "select count(distinct fingerprint) from occurrences")" = 2 ] && ok "identical lines: distinct fingerprints" || ko "identical lines share a fingerprint"
q "$work/s-twice/cryptagion.db" "select fingerprint from occurrences" | grep -q hashlib && ko "code stored" || ok "only hashes stored"

# ---- inline suppressions ------------------------------------------------------
cp -r "$work/head" "$work/head-s"
cat >"$work/head-s/tokens.py" <<'PY'
import hashlib


def token(data):
    # cryptagion: ignore[python.hashlib.constructor] legacy token format, replaced in #42 until=2027-01-31
    return hashlib.sha1(data).hexdigest()
PY
run 0 "a suppressed new finding passes" $G $B --head-dir "$work/head-s" -o "$work/g3" --sarif "$work/g3.sarif"
has "$work/stdout" "1 suppressed" "suppressed finding counted"
[ "$(q "$work/g3/head/cryptagion.db" "select suppression||'|'||suppression_status||'|'||suppression_reason||'|'||suppression_until from occurrences where suppression is not null")" = "inline|applies|legacy token format, replaced in #42|2027-01-31" ] && ok "suppression kept in the inventory with its reason and date" || ko "suppression row: $(q "$work/g3/head/cryptagion.db" "select suppression, suppression_status, suppression_reason, suppression_until from occurrences")"
$py -c "import json,sys;r=[x for x in json.load(open('$work/g3.sarif'))['runs'][0]['results'] if x.get('suppressions')];assert r and r[0]['suppressions'][0]['kind']=='inSource' and 'legacy' in r[0]['suppressions'][0]['justification']" && ok "SARIF carries the suppression" || ko "SARIF suppression"
sarif_valid "$work/g3.sarif" "SARIF with suppressions"

sed -i 's/ legacy token format, replaced in #42 until=2027-01-31//' "$work/head-s/tokens.py"
run 1 "a suppression without a reason is rejected" $G $B --head-dir "$work/head-s" -o "$work/g4"
has "$work/stdout" "^note: tokens.py:5: suppression of python.hashlib.constructor rejected: no reason given; the finding is active" "bad suppression reported with file:line"
sed -i 's/ignore\[python.hashlib.constructor\]/ignore[python.hashlib.constructor] old tokens until=2025-12-31/' "$work/head-s/tokens.py"
run 1 "an expired suppression stops applying" $G $B --head-dir "$work/head-s" -o "$work/g5"
has "$work/stdout" "^note: tokens.py:5: suppression of python.hashlib.constructor expired on 2025-12-31" "gate says the suppression expired"
run 0 "scan warns about the expired suppression" $bin scan "$work/head-s" -o "$work/s5" -q
has "$work/stderr" "warning: tokens.py:5: suppression of python.hashlib.constructor expired" "scan warning names file:line"

# ---- baselines ------------------------------------------------------------------
run 0 "scan --write-baseline" $bin scan "$work/head" -o "$work/s6" -q --write-baseline "$work/baseline.txt"
[ "$(grep -cvE '^#' "$work/baseline.txt")" = 2 ] && ok "baseline lists both findings" || ko "baseline: $(cat "$work/baseline.txt")"
run 0 "gate with --baseline passes" $G $B $H -o "$work/g6" --baseline "$work/baseline.txt"
[ "$(q "$work/g6/head/cryptagion.db" "select count(*) from occurrences where suppression='baseline' and suppression_status='applies'")" = 2 ] && ok "baseline suppressions recorded" || ko "baseline suppressions"
printf 'not-a-fingerprint\n' >"$work/bad-baseline.txt"
run 3 "malformed baseline" $G $B $H -o "$work/g7" --baseline "$work/bad-baseline.txt"
has "$work/stderr" "bad-baseline.txt:1: not a fingerprint" "baseline error names file:line"

# ---- policies ---------------------------------------------------------------------
pol() { printf '%s\n' "$2" >"$work/$1.yaml"; }
pol p-all 'version: 1
fail_on: {severity: critical, scope: all}'
run 1 "scope all: existing MD5 fails too" $G $B --head-dir "$work/base" -o "$work/g8" --policy "$work/p-all.yaml"
pol p-allow 'version: 1
fail_on: {severity: high}
allow:
  - path: "tokens.py"
    reason: "token format migrates in #42"'
run 0 "allowlisted path passes" $G $B $H -o "$work/g9" --policy "$work/p-allow.yaml"
has "$work/stdout" "1 allowed" "allowed finding counted"
pol p-banned 'version: 1
fail_on: {severity: none, scope: all}
banned:
  families: [MD5]'
run 1 "banned family" $G $B --head-dir "$work/base" -o "$work/g10" --policy "$work/p-banned.yaml"
has "$work/stdout" "family MD5 is banned" "banned family named"
pol p-max 'version: 1
fail_on: {severity: none}
max_new_findings: 0'
run 1 "max_new_findings 0" $G $B $H -o "$work/g11" --policy "$work/p-max.yaml"
has "$work/stdout" "1 new findings, more than max_new_findings 0" "max new findings reported"
mkdir -p "$work/kex-base" "$work/kex-head/transport"
printf 'from cryptography.hazmat.primitives.asymmetric import rsa\nk = rsa.generate_private_key(public_exponent=65537, key_size=4096)\n' >"$work/kex-head/transport/kex.py"
pol p-qs 'version: 1
fail_on: {severity: none}
require_quantum_safe: ["transport/*"]'
run 1 "require_quantum_safe on a path" $G --base-dir "$work/kex-base" --head-dir "$work/kex-head" -o "$work/g12" --policy "$work/p-qs.yaml"
has "$work/stdout" "is not quantum-safe \(required for transport/\*\)" "quantum-safe requirement named"
pol p-keysize 'version: 1
profile: bsi
fail_on: {severity: none}
banned:
  parameters:
    - {family: RSA, min_key_size: 8192}'
run 1 "banned parameter (RSA below 8192)" $G --base-dir "$work/kex-base" --head-dir "$work/kex-head" -o "$work/g13" --policy "$work/p-keysize.yaml"
has "$work/stdout" "RSA key size 4096 is below 8192" "banned key size named"
has "$work/stdout" "profile bsi" "policy profile applies"

# malformed policies: one line naming file, line and key
pol bad1 'version: 1
fail_on:
  severity: severe'
run 3 "bad severity" $G $B $H -o "$work/g14" --policy "$work/bad1.yaml"
has "$work/stderr" "bad1.yaml:3: fail_on.severity: must be critical, high, medium, low, info or none" "bad severity: file:line: key"
[ "$(wc -l <"$work/stderr")" = 1 ] && ok "policy error is one line" || ko "policy error lines"
pol bad2 'version: 1
banned:
  algoritms: [MD5]'
run 3 "unknown key" $G $B $H -o "$work/g15" --policy "$work/bad2.yaml"
has "$work/stderr" "bad2.yaml:3: banned.algoritms: unknown key" "typo named with its line"
pol bad3 'version: 1
max_new_findings: many'
run 3 "bad number" $G $B $H -o "$work/g16" --policy "$work/bad3.yaml"
has "$work/stderr" "bad3.yaml:2: max_new_findings: must be a non-negative integer" "bad number named"
pol bad4 'version: 1
allow:
  - path: "tests/*"'
run 3 "allow without reason" $G $B $H -o "$work/g17" --policy "$work/bad4.yaml"
has "$work/stderr" "bad4.yaml:3: allow\[\].reason: is required" "allow needs a reason"
pol bad5 'version: 1
fail_on: [high'
run 3 "broken YAML" $G $B $H -o "$work/g18" --policy "$work/bad5.yaml"
has "$work/stderr" "bad5.yaml:[0-9]+: " "YAML error names file:line"
# the example policy in docs validates against our schema
$py - "$src/schemas/policy-1.0.schema.json" "$src/docs/cryptagion.policy.example.yaml" <<'PY' && ok "example policy valid against schemas/policy-1.0.schema.json" || ko "example policy vs schema"
import json, sys, jsonschema, yaml
s = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(s)
jsonschema.Draft7Validator(s).validate(yaml.safe_load(open(sys.argv[2])))
for bad in ({"version": 2}, {"version": 1, "fail_on": {"severity": "severe"}}, {"version": 1, "allow": [{"path": "x"}]}):
    assert list(jsonschema.Draft7Validator(s).iter_errors(bad)), bad
PY
run 0 "example policy loads" $G $B --head-dir "$work/base" -o "$work/g19" --policy "$src/docs/cryptagion.policy.example.yaml"

# ---- profiles and scan --sarif ---------------------------------------------------
for p in nist bsi cnsa2; do
	run 0 "scan --profile $p" $bin scan "$src/fixtures/demo" -o "$work/p-$p" -q --profile $p --sarif "$work/p-$p.sarif"
done
s() { q "$work/p-$1/cryptagion.db" "select r.score from assets a join asset_risk r on r.asset_id=a.id where a.name='$2'"; }
[ "$(s nist AES-256-GCM)" = 0 ] && [ "$(s cnsa2 AES-256-GCM)" = 0 ] && [ "$(s nist SHA-256)" = 5 ] && [ "$(s cnsa2 SHA-256)" -ge 95 ] && ok "CNSA 2.0 profile: SHA-256 critical, AES-256 fine" || ko "cnsa2 scores: SHA-256 $(s cnsa2 SHA-256)"
[ "$(s nist RSA-2048)" = 70 ] && [ "$(s bsi RSA-2048)" = 81 ] && ok "BSI profile raises RSA-2048 (70 -> 81)" || ko "bsi RSA-2048: $(s bsi RSA-2048)"
[ "$(q "$work/p-bsi/cryptagion.db" "select profile from scan_risk")" = bsi ] && ok "profile recorded" || ko "profile recorded"
sarif_valid "$work/p-nist.sarif" "scan --sarif"
has "$work/p-nist/cbom.json" '"cryptagion:risk:severity"' "CBOM carries severities"
has "$work/p-nist/cbom.json" '"cryptagion:risk:quantumReadiness"' "CBOM carries repository figures"
a=$(SOURCE_DATE_EPOCH=1767225600 $bin scan "$src/fixtures/demo" -o "$work/r1" -q --sarif "$work/r1.sarif" -j 1 && md5sum <"$work/r1.sarif")
b=$(SOURCE_DATE_EPOCH=1767225600 $bin scan "$src/fixtures/demo" -o "$work/r2" -q --sarif "$work/r2.sarif" -j 2 && md5sum <"$work/r2.sarif")
[ "$a" = "$b" ] && ok "SARIF reproducible under SOURCE_DATE_EPOCH" || ko "SARIF differs between runs"
run 3 "scan --profile the table does not define" $bin scan "$src/fixtures/demo" -o "$work/p-x" --profile fips
stderr_has "no profile 'fips'" "scan names the unknown profile"
run 2 "scan --profile malformed" $bin scan "$src/fixtures/demo" -o "$work/p-x" --profile 'NIST;'

# ---- a fourth profile in a custom standards table, end to end -----------------
sed 's/^  cnsa2: {name: \(.*\)}$/&\n  strict: {name: "Strict: NIST + BSI + CNSA 2.0", overlays: [nist, bsi, cnsa2]}/' \
	"$src/rules/standards/standards.yaml" >"$work/std4.yaml"
has "$work/std4.yaml" "^  strict: " "the custom table defines a fourth profile"
run 0 "scan --profile strict with the custom table" $bin scan "$src/fixtures/demo" -o "$work/p-strict" -q --standards "$work/std4.yaml" --profile strict
[ "$(q "$work/p-strict/cryptagion.db" "select profile from scan_risk")" = strict ] && ok "the fourth profile is recorded" || ko "the fourth profile is recorded"
has "$work/p-strict/cbom.json" '"value": "strict"' "the CBOM names the fourth profile"
[ "$(s strict RSA-2048)" -ge "$(s bsi RSA-2048)" ] && ok "strict scores RSA-2048 at least as BSI does" || ko "strict RSA-2048: $(s strict RSA-2048)"
run 0 "report --profile strict" $bin report --db "$work/p-nist/cryptagion.db" -o "$work/p-strict-report" -q --standards "$work/std4.yaml" --profile strict
printf 'version: 1\nprofile: strict\nfail_on:\n  severity: critical\n' >"$work/p-strict.yaml"
run 1 "gate under a policy naming the fourth profile" $G $B $H -o "$work/g-strict" --policy "$work/p-strict.yaml" --standards "$work/std4.yaml"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
