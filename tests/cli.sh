#!/usr/bin/env bash
# CLI, walk and inventory tests: help and version, the documented exit
# codes, clear one-line errors naming the file, skipped files with their
# reason, quiet stderr when not a terminal, and an inventory that appends
# scans and never stores code.
# Usage: cli.sh CRYPTAGION SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
. "$(dirname "$0")/lib.sh"

expect_rc 0 "--version" "$bin" --version
grep -qE '^cryptagion [0-9]+\.[0-9]+\.[0-9]+' "$work/stdout" && ok "version text" || ko "version text: $(cat "$work/stdout")"
expect_rc 0 "--help" "$bin" --help
grep -q "usage: cryptagion" "$work/stdout" && ok "help text" || ko "help text"
expect_rc 0 "scan --help" "$bin" scan --help
grep -q -- "--max-file-size" "$work/stdout" && ok "scan help lists options" || ko "scan help"
expect_rc 0 "rules --help" "$bin" rules --help
expect_rc 0 "help scan" "$bin" help scan
expect_rc 2 "no arguments" "$bin"
expect_rc 2 "unknown command" "$bin" frobnicate
expect_rc 2 "unknown option" "$bin" scan --no-such-option .
expect_rc 2 "scan without a path" "$bin" scan
expect_rc 2 "bad --jobs" "$bin" scan --jobs zero .
expect_rc 2 "bad --serial" "$bin" scan --serial NOT-A-UUID .
expect_rc 3 "missing target" "$bin" scan "$work/does-not-exist" -o "$work/o0"
stderr_has "does-not-exist: No such file" "missing target is named"
[ "$(wc -l <"$work/stderr")" = 1 ] && ok "error is one line" || ko "error is one line"
expect_rc 0 "rules check" "$bin" rules check
grep -qE '^[0-9]+ rules' "$work/stdout" && ok "rules check counts" || ko "rules check counts"

# broken rules: a clear message naming the file and the line
cp -r "$src/rules" "$work/rules"
printf 'rules:\n  - id: broken\n    message: x\n    literals: [x]\n    query: "(call function: (nonexistent_node))"\n    asset: {algorithm: MD5}\n' >"$work/rules/python/zz-broken.yaml"
expect_rc 3 "broken rule query" "$bin" rules check --rules "$work/rules"
stderr_has "zz-broken.yaml:2: rule broken: query \(python grammar\): unknown node type" "broken query names file, line and reason"
printf 'rules:\n  - id: [unclosed\n' >"$work/rules/python/zz-broken.yaml"
expect_rc 3 "broken YAML" "$bin" scan "$src/fixtures/lang" -o "$work/o1" --rules "$work/rules"
stderr_has "zz-broken.yaml:[0-9]+: " "broken YAML names file and line"
printf 'rules:\n  - id: typo\n    mesage: x\n' >"$work/rules/python/zz-broken.yaml"
expect_rc 3 "unknown key" "$bin" rules check --rules "$work/rules"
stderr_has "zz-broken.yaml:3: unknown key 'mesage'" "unknown key is named"

# walk: binary, too large, symlink, non-UTF-8; quiet when not a TTY
t="$work/tree"
mkdir -p "$t/sub" "$t/.git"
printf 'import hashlib\nhashlib.md5(b"x")\n' >"$t/ok.py"
printf 'import hashlib\nhashlib.sha1(b"x")\n' >"$t/.git/hidden.py"
printf 'import hashlib\x00\nhashlib.md5()\n' >"$t/bin.py"
{ printf 'import hashlib\n'; for i in $(seq 1 400); do printf 'hashlib.sha256(b"%04d")\n' "$i"; done; } >"$t/sub/big.py"
ln -s /etc/hostname "$t/link.py"
printf 'import hashlib\n# caf\xe9\nhashlib.sha1(b"\xff")\n' >"$t/latin1.py"
expect_rc 0 "scan with skips" "$bin" scan "$t" -o "$work/o2" --max-file-size 4K
[ ! -s "$work/stderr" ] && ok "no progress on stderr when not a terminal" || ko "stderr not empty: $(head -c 200 "$work/stderr")"
db="$work/o2/cryptagion.db"
q() { sqlite3 "$db" "$1"; }
[ "$(q "select reason like 'binary%' from files where path='bin.py'")" = 1 ] && ok "binary file skipped with reason" || ko "binary file: $(q "select * from files where path='bin.py'")"
[ "$(q "select reason like '%over the 4096-byte cap%' from files where path='sub/big.py'")" = 1 ] && ok "large file skipped with reason" || ko "large file: $(q "select * from files where path='sub/big.py'")"
[ "$(q "select status||':'||reason from files where path='link.py'")" = "skipped:symbolic link, not followed" ] && ok "symlink not followed" || ko "symlink: $(q "select * from files where path='link.py'")"
[ "$(q "select count(*) from files where path like '.git/%'")" = 0 ] && ok ".git skipped" || ko ".git walked"
[ "$(q "select a.name from occurrences o join files f on f.id=o.file_id join assets a on a.id=o.asset_id where f.path='latin1.py'")" = "SHA-1" ] && ok "non-UTF-8 file scanned" || ko "non-UTF-8 file"
grep -q '"cryptagion:skipped"' "$work/o2/cbom.json" && grep -q 'sub/big.py' "$work/o2/cbom.json" && ok "CBOM lists skipped files" || ko "CBOM lists skipped files"

# inventory: appends, schema version, WAL, no code stored
expect_rc 0 "second scan" "$bin" scan "$t" -o "$work/o2" --max-file-size 4K --quiet
[ "$(q "select count(*) from scans where status='complete'")" = 2 ] && ok "second scan appends a scan row" || ko "scan rows: $(q "select count(*) from scans")"
[ "$(q "select count(*) from occurrences where scan_id=1")" = "$(q "select count(*) from occurrences where scan_id=2")" ] && ok "first scan kept intact" || ko "first scan changed"
uv=$(q "pragma user_version")
[ "$uv" -ge 4 ] && [ "$(q "select max(version) from schema_version")" = "$uv" ] && [ "$(q "select count(*) from schema_version")" = "$uv" ] && ok "schema version $uv recorded, one row per migration" || ko "schema version"
[ "$(q "pragma journal_mode")" = wal ] && ok "WAL mode" || ko "journal mode $(q "pragma journal_mode")"
if grep -q 'hashlib.md5(b"x")' "$db"; then ko "the inventory stores code"; else ok "no code in the inventory"; fi
expect_rc 4 "unwritable database" "$bin" scan "$t" -o "$work/o3" --db /proc/cryptagion.db --quiet
stderr_has "/proc/cryptagion.db" "database error names the file"

# a full disk: a one-line error naming the file, exit 4, earlier scans kept
full="$work/full"
mkdir -p "$full"
if mount -t tmpfs -o size=448k tmpfs "$full" 2>/dev/null; then
	"$bin" scan "$t" -o "$full/o" --max-file-size 4K --quiet
	head -c 200000 /dev/zero >"$full/filler" 2>/dev/null || true
	# leave a few KiB, less than a scan needs
	while head -c 8192 /dev/zero >>"$full/filler" 2>/dev/null; do :; done
	truncate -s -12K "$full/filler"
	big="$work/bigtree"; mkdir -p "$big"
	for i in $(seq 1 40); do printf 'import hashlib\nh%d = hashlib.md5(b"%d")\n' "$i" "$i" >"$big/f$i.py"; done
	expect_rc 4 "scan on a full disk" "$bin" scan "$big" -o "$full/o" --quiet
	stderr_has "cryptagion.db" "full-disk error names the database"
	[ "$(wc -l <"$work/stderr")" -le 1 ] && ok "full-disk error is one line" || ko "full-disk error: $(cat "$work/stderr")"
	rm -f "$full/filler"
	dbf="$full/o/cryptagion.db"
	[ "$(sqlite3 "$dbf" "pragma integrity_check")" = ok ] && ok "inventory intact after a full disk" || ko "integrity"
	[ "$(sqlite3 "$dbf" "select count(*) from scans")" = 1 ] && [ "$(sqlite3 "$dbf" "select status from scans")" = complete ] && ok "the failed scan left nothing; the first scan is kept" || ko "scans after full disk: $(sqlite3 "$dbf" "select id, status from scans")"
	umount "$full"
else
	echo "skip full-disk test: cannot mount a tmpfs here"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
