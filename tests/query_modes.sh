#!/usr/bin/env bash
# query_modes.sh BIN SRC WORK — the rules run one query per rule or all of
# a language's rules as one combined query (chosen by the engine for
# speed); both must give exactly the same findings, parameters and notes on
# every fixture tree. Also: a rule query that does not compile, compiled
# only when a file needs it, still fails the scan with its file and line.
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
. "$src/tests/lib.sh"

dump() { # db: every finding of the last scan, sorted
	/usr/bin/python3 - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
last = "(SELECT max(id) FROM scans)"
rows = []
for r in c.execute(
        "SELECT f.path, o.line, o.col, o.rule_id, a.name, o.symbol, "
        "(SELECT group_concat(name || '=' || ifnull(value, '') || '/' || "
        "source || ifnull(source_line, ''), ';') FROM occurrence_params p "
        "WHERE p.occurrence_id = o.id) FROM occurrences o "
        "JOIN files f ON f.id = o.file_id JOIN assets a ON a.id = o.asset_id "
        "WHERE o.scan_id = " + last):
    rows.append("occ " + "|".join(str(x) for x in r))
for r in c.execute(
        "SELECT f.path, m.line, m.col, m.rule_id, m.category, m.severity "
        "FROM misuses m JOIN files f ON f.id = m.file_id "
        "WHERE m.scan_id = " + last):
    rows.append("misuse " + "|".join(str(x) for x in r))
for r in c.execute("SELECT path, status, reason FROM files WHERE scan_id = "
                   + last + " AND reason IS NOT NULL"):
    rows.append("file " + "|".join(str(x) for x in r))
print("\n".join(sorted(rows)))
PY
}

for tree in labeled demo rules lang; do
	[ -d "$src/fixtures/$tree" ] || continue
	for mode in each combined; do
		CRYPTAGION_QUERIES=$mode "$bin" scan "$src/fixtures/$tree" \
			-o "$work/$tree-$mode" --no-cache --quiet --jobs 2 \
			>"$work/stdout" 2>"$work/stderr"
		rc=$?
		# 0: clean, 1: findings above the threshold
		if [ "$rc" -gt 1 ]; then ko "$tree/$mode: exit $rc: $(head -c 300 "$work/stderr")"; fi
		dump "$work/$tree-$mode/cryptagion.db" >"$work/$tree-$mode.txt"
	done
	n=$(grep -c '^occ\|^misuse' "$work/$tree-each.txt")
	[ "$n" -gt 0 ] && ok "$tree: $n findings rule by rule" || ko "$tree: no findings"
	if cmp -s "$work/$tree-each.txt" "$work/$tree-combined.txt"; then
		ok "$tree: combined query gives the same findings"
	else
		ko "$tree: combined query differs: $(diff "$work/$tree-each.txt" "$work/$tree-combined.txt" | head -5)"
	fi
done

# a query compiled on demand that does not compile fails the scan
cp -r "$src/rules" "$work/rules"
printf 'rules:\n  - id: broken\n    message: x\n    literals: [hashlib]\n    query: "(call function: (nonexistent_node))"\n    asset: {algorithm: MD5}\n' >"$work/rules/python/zz-broken.yaml"
mkdir -p "$work/py"
printf 'import hashlib\nh = hashlib.md5(b"x")\n' >"$work/py/a.py"
run 3 "broken query compiled on demand" "$bin" scan "$work/py" -o "$work/o-broken" --rules "$work/rules" --no-cache
stderr_has "zz-broken.yaml:2: rule broken: query \(python grammar\): unknown node type" "on-demand compile error names file, line and reason"
# a file that does not need the broken rule scans
printf 'x = 1\n' >"$work/py/a.py"
run 0 "broken rule not needed by the files" "$bin" scan "$work/py" -o "$work/o-unneeded" --rules "$work/rules" --no-cache

# syntax deeper than tree-sitter's query cursor can walk: parsed, not
# queried, and said so; a shallow file next to it is still analysed
mkdir -p "$work/deep"
/usr/bin/python3 -c "
n = 70000
print('use sha2::Sha256;\nfn main() { let h = Sha256::new(); let x = ' + '(' * n + '1' + ')' * n + '; }')" >"$work/deep/deep.rs"
printf 'use sha2::Sha256;\nfn main() { let h = Sha256::new(); }\n' >"$work/deep/flat.rs"
run 0 "deeply nested file" "$bin" scan "$work/deep" -o "$work/o-deep" --no-cache
eq "$(q "$work/o-deep/cryptagion.db" "SELECT status || ': ' || reason FROM files WHERE path = 'deep.rs'")" \
	"scanned: note: syntax nested deeper than 65535 levels, which tree-sitter's queries cannot walk; the file was parsed but not analysed" \
	"deep file: coverage note"
eq "$(q "$work/o-deep/cryptagion.db" "SELECT group_concat(f.path || ':' || o.line || ':' || a.name) FROM occurrences o JOIN files f ON f.id = o.file_id JOIN assets a ON a.id = o.asset_id")" \
	"flat.rs:2:SHA-256" "deep file: the shallow file's finding, nothing from the deep one"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
