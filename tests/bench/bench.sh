#!/usr/bin/env bash
# bench.sh — throughput benchmark (not a test): builds a large tree of real
# sources from the machine's Debian packages (python3's standard library,
# /usr/include, and the bundled demo), scans it with cryptagion and searches
# it with ripgrep for the same pre-filter words, and prints files/s, MB/s
# and peak RSS for both.
#
# Usage: tests/bench/bench.sh [BINARY] [COPIES]
#   BINARY  cryptagion binary (default: build/cryptagion)
#   COPIES  how many copies of the source set to put in the tree (default 4)
# Environment: BENCH_DIR (default /tmp/cryptagion-bench), JOBS (default nproc)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/cryptagion}
copies=${2:-4}
dir=${BENCH_DIR:-/tmp/cryptagion-bench}
jobs=${JOBS:-$(nproc)}
tree=$dir/tree

[ -x "$bin" ] || { echo "bench: $bin: not built (run make build)" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench: rg not installed (apt-get install ripgrep)" >&2; exit 2; }

pystd=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
if [ ! -f "$dir/.built-$copies" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	for i in $(seq 1 "$copies"); do
		mkdir -p "$tree/$i"
		cp -r "$pystd" "$tree/$i/python" 2>/dev/null || true
		cp -r /usr/include "$tree/$i/include" 2>/dev/null || true
		cp -r "$root/fixtures/demo" "$tree/$i/demo"
	done
	rm -f "$dir"/.built-*
	touch "$dir/.built-$copies"
fi

# the rules' pre-filter words, one per line
words=$dir/words.txt
sed -n 's/^[[:space:]]*literals:[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p' \
	"$root"/rules/*/*.yaml | tr ',' '\n' | sed "s/^[[:space:]\"']*//; s/[[:space:]\"']*\$//; s/\\\\b//g" |
	grep -v '^$' | sort -u >"$words"

files=$(find "$tree" -type f | wc -l)
bytes=$(du -sb "$tree" | cut -f1)

# run CMD...: prints "seconds peak_rss_kib" for the child
measure() {
	/usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
dt = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if r.returncode not in (0, 1):
    sys.exit("command failed: %d" % r.returncode)
print("%.3f %d" % (dt, rss))
PY
}

report() { # name seconds rss
	awk -v n="$1" -v s="$2" -v r="$3" -v f="$files" -v b="$bytes" 'BEGIN {
		printf "%-22s %8.2f s %10.0f files/s %8.1f MB/s  peak RSS %6.1f MiB\n",
			n, s, f / s, b / s / 1e6, r / 1024 }'
}

echo "tree: $tree: $files files, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB; $(wc -l <"$words") pre-filter words; jobs $jobs"
# warm the page cache so that both tools read from memory
rg -c --no-messages -uuu -e zzzz_never "$tree" >/dev/null || true

out=$dir/out
rm -rf "$out"
read -r s rss < <(measure "$bin" scan "$tree" -o "$out" --jobs "$jobs" --quiet --no-cache)
report "cryptagion scan" "$s" "$rss"
read -r s rss < <(measure rg -i -F -c -uuu --no-messages -j "$jobs" -f "$words" "$tree")
report "rg -i -F (same words)" "$s" "$rss"
read -r s rss < <(measure "$bin" scan "$tree" -o "$out" --jobs 1 --quiet --no-cache)
report "cryptagion --jobs 1" "$s" "$rss"
# the same tree again: files whose blob id is in the inventory's cache are
# not parsed (an unchanged re-scan)
read -r s rss < <(measure "$bin" scan "$tree" -o "$out" --jobs "$jobs" --quiet)
report "re-scan (blob cache)" "$s" "$rss"
/usr/bin/python3 - "$out/cryptagion.db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
row = con.execute("SELECT files_scanned, files_prefiltered, files_skipped, "
                  "findings FROM scans ORDER BY id DESC LIMIT 1").fetchone()
print("last scan: scanned %s, pre-filtered (never parsed) %s, skipped %s, "
      "findings %s" % row)
PY
