#!/usr/bin/env bash
# Fleets (docs/fleet.md): `scan --targets` over work trees, a bare mirror
# and a ref, past a failing target; the same repositories scanned by
# separate processes in parallel and merged give the same CBOM; merging is
# deterministic and idempotent; bad inputs are refused by name and nothing
# is written.
# usage: fleet.sh BIN SOURCE_DIR WORK
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$2 work=$3
py=/usr/bin/python3
rm -rf "$work"
mkdir -p "$work"
. "$src/tests/lib.sh"
export SOURCE_DATE_EPOCH=1767225600
SERIAL=0f0f0f0f-1111-4222-8333-444444444444
demo=$src/fixtures/demo
cd "$work"
git_commit() { git -C "$1" -c user.email=t@example.invalid -c user.name=t commit -qm "$2"; }

# three repositories made of parts of the demo: a work tree, one read
# through a bare mirror, one read at a ref
mkdir -p repos/payments repos/gateway repos/agent
cp -r "$demo/billing" "$demo/services" repos/payments/
cp -r "$demo/gateway" "$demo/web" repos/gateway/
cp -r "$demo/agent" "$demo/native" "$demo/services" repos/agent/
for r in gateway agent; do git -C repos/$r init -q && git -C repos/$r add -A && git_commit repos/$r init; done
git clone -q --bare repos/gateway repos/gateway.git
echo "// later work, not on the scanned ref" >repos/agent/native/later.c
printf 'void f(void) { MD5_Init(0); }\n' >>repos/agent/native/later.c
git -C repos/agent add -A && git_commit repos/agent later
cat >targets.txt <<T
# the fleet of this test
$work/repos/payments
$work/repos/gateway.git
$work/repos/agent --ref HEAD~1

$work/repos/missing
T
run 3 "scan --targets goes past a failing target and exits 3" $bin scan --targets targets.txt -o t --serial $SERIAL
stderr_has "targets.txt:6: .*missing" "the failing target is named with its line"
stderr_has "1 of 4 targets failed" "the failures are counted"
has "$work/stdout" "^3 repositories: " "one summary for the three scanned repositories"
for f in cbom.json roadmap.json report.pdf SHA256SUMS; do
	if [ -s t/$f ]; then ok "--targets wrote $f"; else ko "--targets wrote $f"; fi
done
(cd t && sha256sum -c --quiet SHA256SUMS) && ok "--targets SHA256SUMS verify" || ko "--targets SHA256SUMS verify"
eq "$(q t/cryptagion.db "select count(*) from scans where status='complete'")" 3 "three scans in one inventory"
eq "$(q t/cryptagion.db "select count(*) from scans where commit_id is not null")" 2 "the bare mirror and the ref record their commit"
eq "$(q t/cryptagion.db "select commit_id from scans where target like '%agent'")" "$(git -C repos/agent rev-parse HEAD~1)" "--ref on a targets line is the commit scanned"
run 2 "a targets line with --ref and no ref is a usage error" $bin scan --targets <(echo "$work/repos/payments --ref") -o t2
run 2 "--targets with a TARGET is a usage error" $bin scan --targets targets.txt repos/payments -o t2

# the same three as separate processes in parallel, then merged
$bin scan repos/payments -o p1 -q --serial $SERIAL &
$bin scan repos/gateway.git -o p2 -q --serial $SERIAL &
$bin scan repos/agent --ref HEAD~1 -o p3 -q --serial $SERIAL &
wait
run 0 "merge of three inventories" $bin merge p1/cryptagion.db p2/cryptagion.db p3/cryptagion.db -o m1 --serial $SERIAL
has "$work/stdout" "^merged 3 scans \(0 already present\)" "three scans merged"
run 0 "merge in another order" $bin merge p3/cryptagion.db p1/cryptagion.db p2/cryptagion.db -o m2 --serial $SERIAL -q
if cmp -s m1/SHA256SUMS m2/SHA256SUMS; then ok "the order of the inputs does not change any deliverable"; else ko "merge order changed the deliverables: $(diff m1/SHA256SUMS m2/SHA256SUMS)"; fi
cp m1/cbom.json m1-before.json
run 0 "merging the same inventory again" $bin merge p2/cryptagion.db p1/cryptagion.db -o m1 --serial $SERIAL
has "$work/stdout" "^merged 0 scans \(2 already present\)" "nothing added the second time"
eq "$(q m1/cryptagion.db "select count(*) from scans")" 3 "idempotent: still three scans"
if cmp -s m1/cbom.json m1-before.json; then ok "idempotent: the CBOM is unchanged"; else ko "idempotent: the CBOM changed"; fi
eq "$(q m1/cryptagion.db "select count(*) from scans where tool_version is not null and target_name in ('payments','gateway.git','agent')")" 3 "scans keep their repository and tool version"
eq "$(q m1/cryptagion.db "select commit_id from scans where target_name='agent'")" "$(git -C repos/agent rev-parse HEAD~1)" "scans keep their commit"
eq "$(q m1/cryptagion.db "select count(*) from occurrences")" "$(($(q p1/cryptagion.db "select count(*) from occurrences") + $(q p2/cryptagion.db "select count(*) from occurrences") + $(q p3/cryptagion.db "select count(*) from occurrences")))" "every occurrence was copied"
eq "$(q m1/cryptagion.db "pragma foreign_key_check" | wc -l)" 0 "the merged inventory has no dangling reference"

# --targets and parallel + merge agree (the cache counter aside: the
# --targets run shares one blob cache)
if $py - t/cbom.json m1/cbom.json <<'PY'; then ok "--targets and parallel scans + merge give the same CBOM"; else ko "--targets and merge differ"; fi
import json, sys
def norm(p):
    d = json.load(open(p))
    d["metadata"]["properties"] = [x for x in d["metadata"].get("properties", []) if x["name"] != "cryptagion:files:fromCache"]
    return d
a, b = norm(sys.argv[1]), norm(sys.argv[2])
if a != b:
    print(json.dumps(a)[:300]); print(json.dumps(b)[:300]); sys.exit(1)
PY
if $py - m1/cbom.json <<'PY'; then ok "one component per asset, occurrences prefixed by their repository"; else ko "merged CBOM components"; fi
import json, sys, collections
d = json.load(open(sys.argv[1]))
refs = [c["bom-ref"] for c in d["components"]]
assert len(refs) == len(set(refs)), "duplicate bom-refs"
seen = collections.defaultdict(set)
for c in d["components"]:
    for o in c.get("evidence", {}).get("occurrences", []):
        repo = o["location"].split("/")[0]
        assert repo in ("payments", "gateway.git", "agent"), o["location"]
        seen[c["bom-ref"]].add(repo)
# services/ is in two repositories: its algorithms are one asset found in both
assert any(len(v) >= 2 for v in seen.values()), seen
PY
pdftotext m1/report.pdf m1/report.txt 2>/dev/null
has m1/report.txt "^Repositories$" "the PDF has a per-repository table"
for r in payments gateway.git agent; do has m1/report.txt "^$r$" "the PDF lists $r"; done
has m1/report.txt "^Organisation: " "the PDF has an organisation summary"

# bad inputs: refused by name, nothing written
head -c 4096 /dev/urandom >corrupt.db
run 3 "a corrupt inventory is refused" $bin merge p1/cryptagion.db corrupt.db -o bad1
stderr_has "corrupt.db: not a cryptagion inventory" "the corrupt input is named"
if [ -e bad1 ]; then ko "nothing is written after a refused input"; else ok "nothing is written after a refused input"; fi
cp p1/cryptagion.db newer.db && sqlite3 newer.db "pragma user_version = 999"
run 3 "an inventory of a newer schema is refused" $bin merge newer.db -o bad2
stderr_has "newer.db: inventory schema version 999 is newer" "the newer input is named"
run 3 "a missing inventory is refused" $bin merge nothere.db -o bad3
stderr_has "nothere.db: no such inventory" "the missing input is named"
cp m1/SHA256SUMS m1-sums
run 3 "a refused input leaves an existing merge untouched" $bin merge corrupt.db -o m1 --serial $SERIAL
if cmp -s m1/SHA256SUMS m1-sums && [ "$(q m1/cryptagion.db "select count(*) from scans")" = 3 ]; then ok "existing merge untouched"; else ko "existing merge changed"; fi
run 0 "merge with no input writes the deliverables again" $bin merge -o m1 --serial $SERIAL -q
if cmp -s m1/SHA256SUMS m1-sums; then ok "the deliverables again, identical"; else ko "the deliverables again differ"; fi
run 2 "merge without -o" $bin merge p1/cryptagion.db
run 0 "merge --help" $bin merge --help
has "$work/stdout" "usage: cryptagion merge" "merge --help prints its usage"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
