#!/usr/bin/env bash
# Git ingest tests. Builds real repositories with the git command (history,
# a rename with moved lines, a submodule entry, a symlink, a binary, an LFS
# pointer, a non-UTF-8 path, an extension-less script) and scans them as a
# work tree, at a ref, as a bare repository, through file:// and through
# git:// served on loopback by a git daemon this script starts and stops.
# Checks exact findings (path, line, asset) in the inventory and the CBOM,
# the blob cache, diff labels and fingerprints, ignore patterns and
# contexts, provenance, credential scrubbing and the one-line errors.
# Usage: git.sh CRYPTAGION WORK_DIR
set -u
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
. "$(dirname "$0")/lib.sh"
daemon_pid=
cleanup() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null; }
trap cleanup EXIT
one_line() { eq "$(wc -l <"$work/stderr")" 1 "$1: error is one line"; }
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" XDG_CACHE_HOME="$work/xdg"
mkdir -p "$HOME"
g() { git -C "$src" "$@" >/dev/null 2>&1; }
# findings of one scan: path:line:asset:context, sorted
findings() { # db scan_id
	sqlite3 "$1" "select f.path||':'||o.line||':'||a.name||':'||o.context from occurrences o join files f on f.id=o.file_id join assets a on a.id=o.asset_id where o.scan_id=$2 order by 1"
}
last() { sqlite3 "$1" "select max(id) from scans"; }

# ---- the repository -----------------------------------------------------
src="$work/src"
mkdir -p "$src"
g init -q -b main
g config core.symlinks true
mkdir -p "$src/lib" "$src/vendor/x" "$src/tests" "$src/ignored"
printf 'import hashlib\n\n\ndef h(d):\n    return hashlib.md5(d)\n' >"$src/app.py"
printf 'import hashlib\nhashlib.sha1(b"v")\n' >"$src/vendor/x/v.py"
printf 'import hashlib\nhashlib.sha256(b"t")\n' >"$src/tests/test_a.py"
printf 'import hashlib\nhashlib.md5(b"gone")\n' >"$src/lib/old.py"
printf 'import hashlib\nhashlib.md5(b"i")\n' >"$src/ignored/i.py"
printf 'ignored/\n*.tmp.py\n' >"$src/.cryptagionignore"
printf '#!/usr/bin/env python3\nimport hashlib\nhashlib.sha512(b"s")\n' >"$src/tool"
printf 'import hashlib\x00\nhashlib.md5()\n' >"$src/blob.py"
printf 'version https://git-lfs.github.com/spec/v1\noid sha256:%064d\nsize 12345\n' 0 >"$src/model.py"
printf 'import hashlib\nhashlib.sha1(b"latin")\n' >"$src/caf$(printf '\351').py"
ln -s app.py "$src/link.py"
g add -A
# a submodule entry (gitlink) without a .gitmodules checkout
g update-index --add --cacheinfo "160000,1111111111111111111111111111111111111111,deps/sub"
g commit -q -m one
c1=$(git -C "$src" rev-parse HEAD)
# commit two: app.py renamed to main.py with lines moved down and a new
# finding; lib/old.py deleted; vendor untouched
{ printf '# moved\n# down\n'; cat "$src/app.py"; printf '\nhashlib.sha1(b"new")\n'; } >"$src/main.py"
rm "$src/app.py" "$src/link.py"
ln -s main.py "$src/link.py"
g rm -q --cached app.py
g rm -q lib/old.py
g add -A
g update-index --add --cacheinfo "160000,1111111111111111111111111111111111111111,deps/sub"
g commit -q -m two
c2=$(git -C "$src" rev-parse HEAD)

# ---- a work tree: files on disk by default, the ODB with --ref -------------
printf 'import hashlib\nhashlib.md5(b"dirty")\n' >"$src/dirty.py"
run 0 "work tree scanned from disk" "$bin" scan "$src" -o "$work/o" -q
db="$work/o/cryptagion.db"
s=$(last "$db")
eq "$(sqlite3 "$db" "select count(*) from files where scan_id=$s and path='dirty.py'")" 1 "work tree: uncommitted file seen"
eq "$(sqlite3 "$db" "select coalesce(commit_id,'none') from scans where id=$s")" none "work tree on disk: no commit recorded"
eq "$(sqlite3 "$db" "select count(*) from files where scan_id=$s and path like 'ignored/%'")" 0 "work tree: .cryptagionignore honoured"
rm "$src/dirty.py"

run 0 "work tree at --ref HEAD~1" "$bin" scan "$src" --ref HEAD~1 -o "$work/o" -q
s=$(last "$db")
eq "$(sqlite3 "$db" "select commit_id||' '||ref from scans where id=$s")" "$c1 HEAD~1" "commit and ref recorded"
eq "$(sqlite3 "$db" "select repo_url from scans where id=$s")" "file://$src" "local repository URL recorded"
want_c1="app.py:5:MD5:product
caf$(printf '\351').py:2:SHA-1:product
lib/old.py:2:MD5:product
tests/test_a.py:2:SHA-256:test
tool:3:SHA-512:product
vendor/x/v.py:2:SHA-1:vendor"
eq "$(findings "$db" "$s")" "$want_c1" "exact findings at HEAD~1 (path, line, asset, context)"
q() { sqlite3 "$db" "select status||'|'||coalesce(reason,'') from files where scan_id=$s and path='$1'"; }
s2x=$(sqlite3 "$db" "select count(*) from files where scan_id=$s and path='deps/sub'")
eq "$s2x" 1 "submodule entry listed"
eq "$(q deps/sub)" "skipped|submodule at commit 1111111111111111111111111111111111111111, not followed" "submodule recorded, not followed"
eq "$(q link.py)" "skipped|symbolic link, not followed" "symlink in the tree not followed"
eq "$(q blob.py)" "skipped|binary (NUL byte in the first 8 KiB)" "binary blob skipped"
eq "$(q model.py)" "skipped|git LFS pointer, content not fetched" "LFS pointer skipped with a note"
eq "$(sqlite3 "$db" "select reason from files where scan_id=$s and path like 'caf%'")" "note: the path is not valid UTF-8 (repaired in the CBOM)" "non-UTF-8 path noted"
eq "$(sqlite3 "$db" "select files_ignored from scans where id=$s")" 1 "ignored directory counted"
grep -q '"location": "caf\\ufffd.py"\|"location": "caf�.py"' "$work/o/cbom.json" && ok "non-UTF-8 path repaired in the CBOM" || ko "non-UTF-8 path in the CBOM"

# ---- a bare repository; the blob cache -----------------------------------
git clone -q --bare "$src" "$work/bare.git"
run 0 "bare repository (HEAD from the ODB)" "$bin" scan "$work/bare.git" -o "$work/o" -q
s=$(last "$db")
want_c2="caf$(printf '\351').py:2:SHA-1:product
main.py:7:MD5:product
main.py:9:SHA-1:product
tests/test_a.py:2:SHA-256:test
tool:3:SHA-512:product
vendor/x/v.py:2:SHA-1:vendor"
eq "$(findings "$db" "$s")" "$want_c2" "exact findings of the bare repository at HEAD"
eq "$(sqlite3 "$db" "select commit_id from scans where id=$s")" "$c2" "bare: commit id"
hits=$(sqlite3 "$db" "select cache_hits from scans where id=$s")
[ "$hits" -ge 5 ] && ok "unchanged blobs come from the cache ($hits hits)" || ko "cache hits after a scan of HEAD~1: $hits"
eq "$(sqlite3 "$db" "select cached from files where scan_id=$s and path='main.py'")" 1 "the cache is shared by disk and ODB scans (same blob id)"
run 0 "bare rescan" "$bin" scan "$work/bare.git" -o "$work/o"
s2=$(last "$db")
grep -q "from the cache" "$work/stdout" && ok "summary reports cache hits" || ko "summary: $(cat "$work/stdout")"
eq "$(findings "$db" "$s2")" "$want_c2" "rescan from the cache: same findings"
eq "$(sqlite3 "$db" "select count(*) from files where scan_id=$s2 and status in ('scanned','prefiltered') and cached=0")" 0 "rescan parses nothing"
eq "$(sqlite3 "$db" "select group_concat(fingerprint) from (select fingerprint from occurrences where scan_id=$s order by fingerprint)")" \
	"$(sqlite3 "$db" "select group_concat(fingerprint) from (select fingerprint from occurrences where scan_id=$s2 order by fingerprint)")" "cached findings keep their fingerprints"
run 0 "--no-cache" "$bin" scan "$work/bare.git" -o "$work/o" -q --no-cache
s3=$(last "$db")
eq "$(sqlite3 "$db" "select cache_hits from scans where id=$s3")" 0 "--no-cache parses everything"
eq "$(findings "$db" "$s3")" "$want_c2" "--no-cache: same findings"
run 0 "--exclude" "$bin" scan "$work/bare.git" -o "$work/o" -q --exclude 'vendor/' --exclude '**/test_*.py'
s4=$(last "$db")
eq "$(sqlite3 "$db" "select count(*) from files where scan_id=$s4 and (path like 'vendor/%' or path like 'tests/%')")" 0 "--exclude patterns"
eq "$(sqlite3 "$db" "select files_ignored from scans where id=$s4")" 3 "excluded files counted"
if grep -q 'b"gone"\|return hashlib' "$db"; then ko "the inventory stores code"; else ok "no code in the inventory"; fi

# ---- diff ------------------------------------------------------------------
run 0 "diff HEAD~1 HEAD" "$bin" diff HEAD~1 HEAD "$work/bare.git" -o "$work/o"
s5=$(last "$db")
dl() { sqlite3 "$db" "select label||' '||path||':'||line||' '||asset from diff_findings where scan_id=$s5 order by label, path, line"; }
eq "$(dl)" "new main.py:9 SHA-1
removed lib/old.py:2 MD5
unchanged main.py:7 MD5" "diff labels: new, removed, unchanged across a rename with moved lines"
grep -q '^new *main.py:9' "$work/stdout" && grep -q 'diff: 1 new, 1 unchanged, 1 removed' "$work/stdout" && ok "diff prints labels and totals" || ko "diff output: $(cat "$work/stdout")"
eq "$(sqlite3 "$db" "select fingerprint from diff_findings where scan_id=$s5 and label='unchanged'")" \
	"$(sqlite3 "$db" "select o.fingerprint from occurrences o join files f on f.id=o.file_id where o.scan_id=$s2 and f.path='main.py' and o.line=7")" "fingerprint stable across line moves"
eq "$(sqlite3 "$db" "select group_concat(path||':'||status) from (select * from files where scan_id=$s5 order by path)")" "link.py:skipped,main.py:scanned" "diff scans only the changed files"
run 0 "scan --base is the same engine" "$bin" scan "$work/bare.git" --base "$c1" --ref "$c2" -o "$work/o" -q
eq "$(sqlite3 "$db" "select label||count(*) from diff_findings where scan_id=$(last "$db") group by label order by label")" "new1
removed1
unchanged1" "scan --base labels"
grep -q '"cryptagion:vcs:baseCommit"' "$work/o/cbom.json" && ok "CBOM records the diff base" || ko "CBOM diff base"

# ---- file:// URL, mirrored into the cache ----------------------------------
run 0 "file:// URL cloned as a mirror" "$bin" scan "file://$work/bare.git" --cache-dir "$work/cache" -o "$work/o" -q
s=$(last "$db")
eq "$(findings "$db" "$s")" "$want_c2" "file://: exact findings"
mirror=$(ls -d "$work/cache"/bare-*.git 2>/dev/null | head -1)
[ -n "$mirror" ] && [ -f "$mirror/HEAD" ] && [ ! -e "$mirror/index" ] && ok "bare mirror in the cache folder" || ko "mirror: $(ls "$work/cache")"
eq "$(sqlite3 "$db" "select target||' '||repo_url from scans where id=$s")" "file://$work/bare.git file://$work/bare.git" "URL recorded"
python3 - "$work/o/cbom.json" "$c2" <<'EOF' && ok "CBOM metadata.component has a vcs reference with the commit" || ko "CBOM vcs reference"
import json, sys
c = json.load(open(sys.argv[1]))["metadata"]["component"]
refs = c.get("externalReferences", [])
assert refs and refs[0]["type"] == "vcs" and refs[0]["url"].startswith("file://"), refs
assert sys.argv[2] in refs[0]["comment"] and c["version"] == sys.argv[2]
EOF
# a new commit upstream: the next scan fetches it
git clone -q "$work/bare.git" "$work/clone"
printf 'import hashlib\nhashlib.sha384(b"n")\n' >"$work/clone/n.py"
git -C "$work/clone" add n.py && git -C "$work/clone" commit -qm three && git -C "$work/clone" push -q origin main 2>/dev/null
c3=$(git -C "$work/clone" rev-parse HEAD)
run 0 "file:// URL fetched when present" "$bin" scan "file://$work/bare.git" --cache-dir "$work/cache" -o "$work/o" -q
s=$(last "$db")
eq "$(sqlite3 "$db" "select commit_id from scans where id=$s")" "$c3" "mirror fetched the new commit"
eq "$(sqlite3 "$db" "select f.path||':'||o.line||':'||a.name from occurrences o join files f on f.id=o.file_id join assets a on a.id=o.asset_id where o.scan_id=$s and f.path='n.py'")" "n.py:2:SHA-384" "new file's finding"
eq "$(sqlite3 "$db" "select count(*) from files where scan_id=$s and cached=0 and status='scanned'")" 1 "after a one-file change only that file is parsed"

# ---- git:// on loopback, served by git daemon --------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/srv" && cp -r "$work/bare.git" "$work/srv/repo.git"
git daemon --export-all --base-path="$work/srv" --listen=127.0.0.1 --port="$port" --reuseaddr "$work/srv" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 50); do
	python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$port)))" && break
	sleep 0.1
done
run 0 "git:// URL served on loopback" "$bin" scan "git://127.0.0.1:$port/repo.git" --cache-dir "$work/cache" -o "$work/o" -q
s=$(last "$db")
eq "$(findings "$db" "$s" | grep -av '^n.py')" "$want_c2" "git://: exact findings"
eq "$(sqlite3 "$db" "select commit_id from scans where id=$s")" "$c3" "git://: commit"
run 0 "git:// diff" "$bin" diff HEAD~1 HEAD "git://127.0.0.1:$port/repo.git" --cache-dir "$work/cache" -o "$work/o" -q
grep -q '^new *n.py:2' "$work/stdout" && ok "git:// diff labels the new file" || ko "git:// diff: $(cat "$work/stdout")"

# ---- credentials never leak ---------------------------------------------------
n0=$(sqlite3 "$db" "select count(*) from scans")
CRYPTAGION_GIT_TOKEN=tok-SECRET-1 "$bin" scan "git://alice:pw-SECRET-2@127.0.0.1:$port/repo.git" --cache-dir "$work/cache" -o "$work/o" >"$work/stdout" 2>"$work/stderr"
rc=$?
leak=$(grep -rl 'SECRET' "$work/stdout" "$work/stderr" "$work/o" "$work/cache" 2>/dev/null)
eq "$leak" "" "credentials in the URL or the token never reach output, DB, CBOM or the mirror (exit $rc)"
if [ "$rc" = 0 ]; then
	eq "$(sqlite3 "$db" "select target||' '||repo_url from scans where id=$(last "$db")")" "git://127.0.0.1:$port/repo.git git://127.0.0.1:$port/repo.git" "credentials stripped from the recorded URL"
fi
eq "$(echo 'https://user:tok@host/x' | xargs -I{} "$bin" scan {} --cache-dir "$work/c2" -o "$work/o2" -q 2>&1 | grep -c tok)" 0 "https URL credentials stripped from the error"

# ---- errors: one line, non-zero, nothing left in the inventory ----------------
n0=$(sqlite3 "$db" "select count(*) from scans")
run 3 "unknown ref" "$bin" scan "$work/bare.git" --ref no-such-branch -o "$work/o" -q
stderr_has "bare.git: unknown ref 'no-such-branch'" "unknown ref is named"
one_line "unknown ref"
git init -q --bare "$work/empty.git"
run 3 "empty repository" "$bin" scan "$work/empty.git" -o "$work/o" -q
stderr_has "the repository is empty" "empty repository explained"
one_line "empty repository"
mkdir -p "$work/plain"
run 3 "--ref on a plain directory" "$bin" scan "$work/plain" --ref HEAD -o "$work/o" -q
stderr_has "plain: not a git repository" "not a repository explained"
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run 3 "unreachable remote" "$bin" scan "git://127.0.0.1:$dead/repo.git" --cache-dir "$work/cache" -o "$work/o" -q
stderr_has "git://127.0.0.1:$dead/repo.git: cannot fetch" "unreachable remote named"
one_line "unreachable remote"
[ -z "$(ls -d "$work/cache"/repo-*.tmp-* 2>/dev/null)" ] && ok "a failed clone leaves no mirror" || ko "failed clone left $(ls "$work/cache")"
run 3 "missing SSH key" "$bin" scan "ssh://git@127.0.0.1:$dead/repo.git" --ssh-key "$work/no-key" --cache-dir "$work/cache" -o "$work/o" -q
stderr_has "no-key: cannot read the SSH key" "missing key named"
ssh-keygen -q -t ed25519 -N '' -f "$work/key" >/dev/null 2>&1 || printf 'not a key\n' >"$work/key"
run 3 "SSH remote refusing the connection" "$bin" scan "git@127.0.0.1:/repo.git" --ssh-key "$work/key" --cache-dir "$work/cache" -o "$work/o" -q
one_line "SSH remote"
eq "$(sqlite3 "$db" "select count(*) from scans")" "$n0" "failed scans leave nothing in the inventory"
run 2 "diff without refs" "$bin" diff HEAD
run 0 "diff --help" "$bin" diff --help
grep -q "new, unchanged or removed" "$work/stdout" && ok "diff help" || ko "diff help"
run 0 "scan --help lists --ref" "$bin" scan --help
grep -q -- "--ssh-key" "$work/stdout" && grep -q -- "--no-cache" "$work/stdout" && ok "scan help lists the git options" || ko "scan help"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
