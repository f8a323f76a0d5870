#!/usr/bin/env bash
# report-bench.sh — deliverables benchmark (not a test): generates a tree
# of Python files with many crypto calls (N findings in total, default
# 10000), scans it once, then times `cryptagion report` (cbom.json,
# roadmap.json, report.pdf, SHA256SUMS from the inventory alone). Target:
# under 5 seconds for 10,000 findings.
#
# Usage: tests/bench/report-bench.sh [BINARY] [FINDINGS]
# Environment: BENCH_DIR (default /tmp/cryptagion-report-bench)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/cryptagion}
n=${2:-10000}
dir=${BENCH_DIR:-/tmp/cryptagion-report-bench}
[ -x "$bin" ] || { echo "report-bench: $bin: not built" >&2; exit 2; }

rm -rf "$dir"
mkdir -p "$dir/src"
# 50 findings per file, spread over a few assets
per=50
files=$(((n + per - 1) / per))
for f in $(seq 1 "$files"); do
	{
		echo "import hashlib"
		echo "from cryptography.hazmat.primitives.asymmetric import rsa"
		echo
		for i in $(seq 1 $((per / 5))); do
			echo "def f$i(data):"
			echo "    a = hashlib.md5(data)"
			echo "    b = hashlib.sha1(data)"
			echo "    c = hashlib.sha256(data)"
			echo "    d = hashlib.sha512(data)"
			echo "    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)"
			echo "    return a, b, c, d, k"
		done
	} >"$dir/src/m$f.py"
done

"$bin" scan "$dir/src" -o "$dir/scan" --quiet
found=$(/usr/bin/python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from occurrences').fetchone()[0])" "$dir/scan/cryptagion.db")
start=$(date +%s.%N)
"$bin" report --db "$dir/scan/cryptagion.db" -o "$dir/report" --quiet
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
pages=$(pdfinfo "$dir/report/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
(cd "$dir/report" && sha256sum -c --quiet SHA256SUMS)
printf 'report-bench: %s findings in %s files -> cbom.json, roadmap.json, report.pdf (%s pages), SHA256SUMS in %.2f s (target < 5 s)\n' \
	"$found" "$files" "$pages" "$secs"
ls -l "$dir/report" | awk 'NR > 1 { print "  " $5 "\t" $9 }'
