#!/usr/bin/env bash
# Hostile repositories and inputs: one bad file never blocks a deliverable,
# no report is silently wrong, hostile git trees and paths stay inside the
# root, one inventory writer at a time, network stalls end, strict inputs.
# (Timing cases are in bench.sh.)
# Usage: hostile.sh CRYPTAGION SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" XDG_CACHE_HOME="$work/xdg"
mkdir -p "$HOME"
. "$(dirname "$0")/../lib.sh"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
# run with a time limit: a hang is a failure, never a stuck suite
trun() { # expected-rc seconds description command...
	local want=$1 secs=$2 what=$3
	shift 3
	run "$want" "$what" timeout -k 2 "$secs" "$@"
}
md5py='import hashlib\n\n\ndef h(d):\n    return hashlib.md5(d).hexdigest()\n'

# ---- 1. one bad file never blocks the CBOM ----------------------------------
t="$work/manifests"
mkdir -p "$t/node" "$t/lock" "$t/py" "$t/poetry" "$t/rust" "$t/rustlock" \
	"$t/go" "$t/maven" "$t/gradle" "$t/conan" "$t/vcpkg" "$t/cmake"
long=$(python3 -c "print('1.' + '0' * 2000)")
printf '{"name":"x","version":"1.0.0","dependencies":{"node-forge":"%s"}}\n' "$long" >"$t/node/package.json"
printf '{"name":"x","lockfileVersion":3,"packages":{"node_modules/node-forge":{"version":"%s"}}}\n' "$long" >"$t/lock/package-lock.json"
printf 'pycrypto==%s\n' "$long" >"$t/py/requirements.txt"
printf '[project]\nname = "x"\ndependencies = ["pycrypto==%s"]\n' "$long" >"$t/poetry/pyproject.toml"
printf '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nring = "=%s"\n' "$long" >"$t/rust/Cargo.toml"
printf 'version = 3\n\n[[package]]\nname = "ring"\nversion = "%s"\n' "$long" >"$t/rustlock/Cargo.lock"
printf 'module example.com/x\n\ngo 1.21\n\nrequire golang.org/x/crypto v%s\n' "$long" >"$t/go/go.mod"
printf '<project><dependencies><dependency><groupId>org.bouncycastle</groupId><artifactId>bcprov-jdk18on</artifactId><version>%s</version></dependency></dependencies></project>\n' "$long" >"$t/maven/pom.xml"
printf 'dependencies {\n    implementation("org.bouncycastle:bcprov-jdk18on:%s")\n}\n' "$long" >"$t/gradle/build.gradle.kts"
printf '[requires]\nopenssl/%s\n' "$long" >"$t/conan/conanfile.txt"
printf '{"name":"x","version":"1.0.0","dependencies":["openssl"],"overrides":[{"name":"openssl","version":"%s"}]}\n' "$long" >"$t/vcpkg/vcpkg.json"
printf 'cmake_minimum_required(VERSION 3.16)\nproject(x C)\nfind_package(OpenSSL %s REQUIRED)\n' "$long" >"$t/cmake/CMakeLists.txt"
# a control character in a version (JSON escape)
mkdir -p "$t/ctl"
printf '{"name":"x","version":"1.0.0","dependencies":{"node-forge":"1.0\\u0001\\u001b[2J"}}\n' >"$t/ctl/package.json"
trun 0 120 "a manifest with a 2,000-character version in every format still gets a valid CBOM" "$bin" scan -o "$work/o1" "$t"
db="$work/o1/cryptagion.db"
[ -s "$work/o1/cbom.json" ] && ok "the CBOM was written" || ko "no CBOM"
for f in node/package.json lock/package-lock.json py/requirements.txt \
	poetry/pyproject.toml rust/Cargo.toml rustlock/Cargo.lock go/go.mod \
	maven/pom.xml gradle/build.gradle.kts conan/conanfile.txt \
	vcpkg/vcpkg.json cmake/CMakeLists.txt; do
	eq "$(q "$db" "select count(*) from files where path='$f' and reason like '%version%over 256 characters%'")" 1 "$f: the oversized version is a note of the file"
done
eq "$(q "$db" "select count(*) from files where path='ctl/package.json' and reason like '%not printable%'")" 1 "a control character in a version is a note"
hasnt "$work/o1/cbom.json" "$(printf '\x01')" "no control character in the CBOM"
python3 - "$work/o1/cbom.json" <<'PY' && ok "no value in the CBOM over 1,024 characters" || ko "a value in the CBOM is over 1,024 characters"
import json, sys
def walk(x):
    if isinstance(x, str):
        assert len(x) <= 1024, x[:80]
    elif isinstance(x, dict):
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(json.load(open(sys.argv[1])))
PY

# ---- 2. a report is never silently wrong ------------------------------------
mkdir -p "$work/crit"
printf "$md5py" >"$work/crit/a.py"
printf 'from Crypto.Cipher import DES\nk = DES.new(b"12345678", DES.MODE_ECB)\n' >"$work/crit/b.py"
trun 0 120 "scan" "$bin" scan -o "$work/o2" "$work/crit"
db="$work/o2/cryptagion.db"
eq "$(q "$db" "select count(*) from scans s where status='complete' and not exists (select 1 from scan_risk r where r.scan_id=s.id)")" 0 "no complete scan without its scores"
# what a kill between the two commits used to leave behind
q "$db" "delete from asset_risk; delete from scan_risk;"
trun 3 60 "report refuses a scan without scores" "$bin" report --db "$db" -o "$work/o2r"
stderr_has "has no risk scores" "the refusal says why"
[ ! -e "$work/o2r/report.pdf" ] && ok "no report written for it" || ko "a report was written for an unscored scan"
trun 0 120 "report --profile scores it again" "$bin" report --db "$db" --profile nist -o "$work/o2p"
# the deliverable set: SHA256SUMS never disagrees with its files
trun 0 120 "deliverables" "$bin" scan -o "$work/o3" "$work/crit"
touch "$work/o3/cbom.json.tmp.4194303" "$work/o3/report.pdf.tmp.4194302"
printf 'import hashlib\nhashlib.sha1(b"x")\n' >"$work/crit/c.py"
rm -f "$work/o3/report.pdf"
mkdir -p "$work/o3/report.pdf/blocked" # the last file cannot be written
trun 4 120 "a deliverable that cannot be written fails the scan" "$bin" scan -o "$work/o3" "$work/crit"
if [ ! -e "$work/o3/SHA256SUMS" ] || (cd "$work/o3" && sha256sum -c --quiet SHA256SUMS >/dev/null 2>&1); then
	ok "SHA256SUMS is absent or agrees with its files"
else
	ko "SHA256SUMS disagrees with the files after a failed write"
fi
[ ! -e "$work/o3/cbom.json.tmp.4194303" ] && [ ! -e "$work/o3/report.pdf.tmp.4194302" ] &&
	ok "*.tmp.<pid> left by a dead writer are removed" || ko "tmp leftovers remain: $(ls "$work/o3")"
rm -rf "$work/o3/report.pdf"
trun 0 120 "the next scan writes the whole set" "$bin" scan -o "$work/o3" "$work/crit"
(cd "$work/o3" && sha256sum -c --quiet SHA256SUMS >/dev/null 2>&1) && ok "SHA256SUMS agrees" || ko "SHA256SUMS disagrees"

# ---- 3. nesting deeper than the query cursor follows: a note, never silence --
# (the query-execution budget for the time such files cost is timed in
# bench.sh)
mkdir -p "$work/deep"
python3 - "$work/deep" <<'PY'
import os, sys
d = 70000
with open(os.path.join(sys.argv[1], "inside.rs"), "w") as f:
    f.write("fn main() {\n" + "{" * d + "let d = md5::compute(b\"x\");" + "}" * d + "\n}\n")
PY
trun 0 300 "nesting deeper than 65,535" "$bin" scan -o "$work/o4" --max-file-size 8M "$work/deep"
stderr_has "inside.rs: .*nested deeper than 65" "the deep file is named on stderr"
db="$work/o4/cryptagion.db"
nf=$(q "$db" "select count(*) from occurrences")
nr=$(q "$db" "select count(*) from files where path='inside.rs' and (reason like '%nested deeper%' or parse_errors=1)")
[ "$nf" -gt 0 ] || [ "$nr" = 1 ] && ok "deep nesting: findings or a per-file note ($nf findings, $nr notes)" ||
	ko "deep nesting: no findings and no note"
trun 0 300 "the same tree again (from the cache)" "$bin" scan -o "$work/o4" --max-file-size 8M "$work/deep"
eq "$(q "$db" "select count(*) from files where path='inside.rs' and scan_id=2 and reason like '%nested deeper%'")" 1 "the note survives the blob cache"

# ---- 4. hostile git trees and paths -----------------------------------------
repo="$work/trees.git"
git init -q --bare "$repo"
blob=$(printf "$md5py" | git -C "$repo" hash-object -w --stdin)
mktree() { # entries as "mode name" lines; every entry is the blob
	python3 - "$repo" "$blob" "$@" <<'PY'
import subprocess, sys
repo, blob, entries = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3:]
data = b""
for e in entries:
    mode, name, *rest = e.split(" ", 2)
    oid = bytes.fromhex(rest[0]) if rest else blob
    data += mode.encode() + b" " + name.encode() + b"\0" + oid
out = subprocess.run(["git", "-C", repo, "hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
                     input=data, capture_output=True, check=True)
print(out.stdout.decode().strip())
PY
}
commit() { git -C "$repo" commit-tree "$1" -m t; }
# duplicate names, and a/b/c.py twice
sub=$(mktree "100644 c.py")
dupb=$(mktree "40000 b $sub" "40000 b $sub")
dup=$(mktree "100644 a.py" "100644 a.py" "40000 a $dupb")
git -C "$repo" update-ref refs/heads/dup "$(commit "$dup")"
trun 0 120 "a tree listing names twice scans" "$bin" scan --ref dup -o "$work/o5" "$repo"
stderr_has "listed twice" "duplicates are a note"
eq "$(q "$work/o5/cryptagion.db" "select group_concat(path, ',') from (select path from files order by path)")" "a.py,a/b/c.py" "each path recorded once"
# '..', '.', '.git', absolute paths
evil=$(mktree "100644 ok.py" "40000 .. $sub" "40000 . $sub" "40000 .git $sub" "100644 /etc/x.py" "40000 .GIT $sub")
git -C "$repo" update-ref refs/heads/evil "$(commit "$evil")"
trun 0 120 "a tree with '..', '.', '.git' and absolute names scans" "$bin" scan --ref evil -o "$work/o6" "$repo"
eq "$(q "$work/o6/cryptagion.db" "select group_concat(path, ',') from files")" "ok.py" "only the path inside the root is recorded"
stderr_has "not recorded: a '\.' or '\.\.' component" "'..' is a note"
stderr_has "not recorded: a \.git component" ".git is a note"
hasnt "$work/o6/cbom.json" '"\.\./|/etc/x\.py|\.git/' "no such location in the CBOM"
# a file name with a newline cannot forge a baseline line
mkdir -p "$work/nl"
printf "$md5py" >"$work/nl/a.py"
nlname=$(printf 'b.py\n%064d x' 0)
printf "$md5py" >"$work/nl/$nlname"
trun 0 120 "scan with a newline in a file name" "$bin" scan -o "$work/o7" --write-baseline "$work/o7.baseline" "$work/nl"
eq "$(grep -cvE '^(#|[0-9a-f]{64} [^ ]+ .*:[0-9]+$)' "$work/o7.baseline")" 0 "every baseline line is a fingerprint line"
eq "$(grep -c '^0\{64\}' "$work/o7.baseline")" 0 "no forged fingerprint line"
eq "$(grep -vc '^#' "$work/o7.baseline")" "$(q "$work/o7/cryptagion.db" "select count(*) from occurrences")" "one line per finding"
# escape sequences in paths never reach the terminal raw
mkdir -p "$work/esc"
escname=$(printf 'e\033[2K\rgate: PASSED.py')
printf 'import hashlib\n# cryptagion: ignore[python.hashlib.constructor]\nhashlib.md5(b"x")\n' >"$work/esc/$escname"
trun 0 120 "scan with an escape sequence in a file name" "$bin" scan -o "$work/o8" "$work/esc"
hasnt "$work/stderr" "$(printf '\033')" "no raw ESC on stderr"
stderr_has 'e\\x1b\[2K\\x0dgate: PASSED\.py' "the path is printed escaped"

# ---- 5. files that change under the scan -------------------------------------
# the walk sees regular files; once the inventory exists (after the walk),
# b.py becomes a FIFO and c.py a link to a file outside the root, while
# the single worker is still busy with the large a.py
mkdir -p "$work/swap" "$work/outside"
python3 -c "
import sys
sys.stdout.write('import hashlib\n' + 'hashlib.md5(b\'x\')\n' * 20000)" >"$work/swap/a.py"
printf 'x = 1\n' >"$work/swap/b.py"
printf 'x = 2\n' >"$work/swap/c.py"
printf "$md5py" >"$work/outside/secret.py"
(
	for _ in $(seq 1 600); do [ -e "$work/o20/cryptagion.db" ] && break; sleep 0.01; done
	rm -f "$work/swap/b.py" "$work/swap/c.py"
	mkfifo "$work/swap/b.py"
	ln -s "$work/outside/secret.py" "$work/swap/c.py"
) &
swapper=$!
trun 0 120 "files swapped for a FIFO and a symlink during the scan" "$bin" scan --jobs 1 -o "$work/o20" "$work/swap"
wait $swapper
db="$work/o20/cryptagion.db"
eq "$(q "$db" "select status from files where path='b.py'")" skipped "the FIFO is skipped, never read"
eq "$(q "$db" "select count(*) from occurrences o join files f on f.id=o.file_id where f.path='c.py'")" 0 "nothing from outside the root is reported inside it"
eq "$(q "$db" "select count(*) from files where path='c.py' and reason like '%symbolic link%'")" 1 "the swapped-in link is a note"

# ---- 6. concurrency and the database ----------------------------------------
mkdir -p "$work/conc"
# each scan holds the inventory longer than SQLite's old 5 s busy wait
python3 - "$work/conc" <<'PY'
import sys
body = "import hashlib\n" + "".join(
    "def h%d(d):\n    return hashlib.md5(d).hexdigest()\n" % i for i in range(100))
for i in range(300):
    open("%s/f%d.py" % (sys.argv[1], i), "w").write(body)
PY
db="$work/shared.db"
( timeout 300 "$bin" scan -o "$work/o9a" --db "$db" "$work/conc" >"$work/c1.out" 2>"$work/c1.err"; echo $? >"$work/c1.rc" ) &
p1=$!
( timeout 300 "$bin" scan -o "$work/o9b" --db "$db" "$work/conc" >"$work/c2.out" 2>"$work/c2.err"; echo $? >"$work/c2.rc" ) &
p2=$!
wait $p1 $p2
eq "$(cat "$work/c1.rc"),$(cat "$work/c2.rc")" "0,0" "two scans into one new --db both succeed"
eq "$(q "$db" "select count(*) from scans where status='complete'")" 2 "both scans recorded"
if grep -q "in use by pid" "$work/c1.err" "$work/c2.err"; then
	grep -hE "inventory in use by pid [0-9]+, waiting" "$work/c1.err" "$work/c2.err" >/dev/null && ok "the waiting scan names the pid" || ko "waiting message: $(cat "$work/c1.err" "$work/c2.err")"
else
	ok "the scans did not overlap (no wait needed)"
fi
hasnt "$work/c1.err" "database is locked|already exists" "no lock or schema error (1)"
hasnt "$work/c2.err" "database is locked|already exists" "no lock or schema error (2)"
# report opens the inventory read-only: the file does not change
sum0=$(sha256sum "$db" | cut -d' ' -f1)
trun 0 120 "report" "$bin" report --db "$db" -o "$work/o9r"
eq "$(sha256sum "$db" | cut -d' ' -f1)" "$sum0" "report leaves the inventory unchanged"
# a --db that is (a link to) a special file is refused, never opened
mkfifo "$work/fifo"
ln -s "$work/fifo" "$work/fifo.db"
trun 4 30 "--db linked to a FIFO is refused" "$bin" scan -o "$work/o10" --db "$work/fifo.db" "$work/crit"
stderr_has "not a regular file" "the refusal says why"
ln -s /dev/null "$work/null.db"
trun 4 30 "--db linked to /dev/null is refused" "$bin" scan -o "$work/o11" --db "$work/null.db" "$work/crit"

# ---- 7. network -------------------------------------------------------------
port_file="$work/port"
python3 - "$port_file" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns = []
while True:  # accept and never answer
    c, _ = s.accept()
    conns.append(c)
PY
pids+=($!)
for _ in $(seq 1 50); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")
url="http://127.0.0.1:$port/stalled.git?token=SECRET-TOKEN-123&ref=x"
cache="$work/cache"
mkdir -p "$cache"
# a partial mirror left by a killed scan
mirror=$(python3 -c "
import hashlib, re
u = 'http://127.0.0.1:$port/stalled.git?ref=x'
base = re.split('[/:]', u.rstrip('/'))[-1]
name = re.sub('[^A-Za-z0-9_-]', '-', base)[:40]
print(name + '-' + hashlib.sha256(u.encode()).hexdigest()[:12] + '.git')")
mkdir -p "$cache/$mirror.tmp-4194301/objects"
CRYPTAGION_GIT_CONNECT_TIMEOUT=2 trun 3 60 "a stalled server ends the scan" "$bin" scan -o "$work/o12" --cache-dir "$cache" "$url"
stderr_has "no answer from the server after 2 s" "the timeout is named"
hasnt "$work/stderr" "SECRET-TOKEN-123" "the token is not in the message"
eq "$(ls "$cache" | grep -c 'tmp-')" 0 "no partial mirror left in the cache"
eq "$(ls "$cache" | grep -c SECRET)" 0 "the token is not in the cache"
# shallow clones and missing objects
up="$work/up"
mkdir -p "$up"
git -C "$up" init -q -b main
printf "$md5py" >"$up/a.py"
git -C "$up" add a.py && git -C "$up" commit -qm one
printf 'x = 1\n' >"$up/b.py"
git -C "$up" add b.py && git -C "$up" commit -qm two
git clone -q --depth 1 "file://$up" "$work/shallow"
trun 3 60 "a ref beyond a shallow clone" "$bin" scan --ref HEAD~1 -o "$work/o13" "$work/shallow"
stderr_has "shallow clone" "the shallow clone is named"
git clone -q --bare "$up" "$work/broken.git"
printf '%s\n' 1234567890123456789012345678901234567890 >"$work/broken.git/refs/heads/main"
trun 3 60 "HEAD names a missing commit" "$bin" scan -o "$work/o14" "$work/broken.git"
stderr_has "names commit 1234567890123456789012345678901234567890, which is not in the repository" "the missing object is named"

# ---- 8. strict inputs ---------------------------------------------------------
cp -r "$src/rules" "$work/rules"
printf 'rules:\n  - id: dup.key\n    message: x\n    message: y\n' >"$work/rules/python/zz-dup.yaml"
trun 3 60 "a duplicate YAML key" "$bin" rules check --rules "$work/rules"
stderr_has "zz-dup.yaml:4: duplicate key 'message'" "the duplicate is named with its line"
rm "$work/rules/python/zz-dup.yaml"
printf 'rules: []\n---\nrules: []\n' >"$work/rules/python/zz-two.yaml"
trun 3 60 "a second YAML document" "$bin" rules check --rules "$work/rules"
stderr_has "zz-two.yaml:3: a second YAML document" "the extra document is named"
rm "$work/rules/python/zz-two.yaml"
cp "$work/rules/libraries.yaml" "$work/libraries.yaml.ok"
printf 'libraries: [\n' >"$work/rules/libraries.yaml"
trun 3 60 "rules check with a broken libraries.yaml" "$bin" rules check --rules "$work/rules"
stderr_has "libraries.yaml" "the library table is named"
cp "$work/libraries.yaml.ok" "$work/rules/libraries.yaml"
printf 'profiles: [\n' >"$work/rules/standards/standards.yaml"
trun 3 60 "rules check with a broken standards.yaml" "$bin" rules check --rules "$work/rules"
stderr_has "standards.yaml" "the standards table is named"
trun 2 30 "an invalid --exclude glob" "$bin" scan -o "$work/o15" --exclude '[abc' "$work/crit"
stderr_has "without a closing" "the glob error says why"
printf 'version: 1\nallow:\n  - path: "src/[abc"\n    reason: x\n' >"$work/p-glob.yaml"
trun 3 60 "an invalid glob in a policy" "$bin" gate --base-dir "$work/crit" --head-dir "$work/crit" -o "$work/o16" --policy "$work/p-glob.yaml"
stderr_has "p-glob.yaml:3: allow\[\]\.path: is not a valid glob" "the policy glob is named with its line"
mkdir -p "$work/pdir"
trun 3 60 "a policy path that is a directory" "$bin" gate --base-dir "$work/crit" --head-dir "$work/crit" -o "$work/o17" --policy "$work/pdir"
stderr_has "pdir: is a directory" "the directory is named"
mkdir -p "$work/dates"
printf 'import hashlib\n# cryptagion: ignore[python.hashlib.constructor] legacy until=2099-02-30\nhashlib.md5(b"x")\n' >"$work/dates/a.py"
printf 'import hashlib\n# cryptagion: ignore[python.hashlib.constructor] legacy until=\nhashlib.md5(b"x")\n' >"$work/dates/b.py"
printf 'import hashlib\n# cryptagion: ignore[python.hashlib.constructor] legacy until=2028-02-29\nhashlib.md5(b"x")\n' >"$work/dates/c.py"
trun 0 60 "suppressions with impossible and empty dates" "$bin" scan -o "$work/o18" "$work/dates"
db="$work/o18/cryptagion.db"
st() { q "$db" "select o.suppression_status from occurrences o join files f on f.id=o.file_id where f.path='$1'"; }
eq "$(st a.py)" invalid "until=2099-02-30 is not a date"
eq "$(st b.py)" invalid "an empty until= is not a date"
eq "$(st c.py)" applies "until=2028-02-29 (a leap day) is a date"
trun 2 30 "--max-file-size beyond 1G" "$bin" scan -o "$work/o19" --max-file-size 99999999G "$work/crit"
trun 2 30 "--max-file-size that overflows" "$bin" scan -o "$work/o19" --max-file-size 18446744073709551615K "$work/crit"
trun 2 30 "--max-file-size 1.5M" "$bin" scan -o "$work/o19" --max-file-size 1.5M "$work/crit"
title=$(python3 -c "print('T' * 5000)")
trun 2 30 "an oversized --title" "$bin" scan -o "$work/o19" --title "$title" "$work/crit"
trun 2 30 "a --title with control characters" "$bin" scan -o "$work/o19" --title "$(printf 'a\033[2Jb')" "$work/crit"
[ ! -e "$work/o19" ] && ok "nothing recorded for a usage error" || ko "usage errors left $(ls "$work/o19")"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
