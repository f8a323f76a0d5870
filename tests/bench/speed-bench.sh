#!/usr/bin/env bash
# speed-bench.sh — scan cost against the parse-only floor (not a test).
# For each tree: files and MB the scan parses, tree-sitter's parse-only CPU
# (cg-parse-bench: the same walk, grammars, files and threads, no rules),
# the scan's CPU at --jobs 1 and the ratio, the wall time at --jobs 1/2/4
# (and the --jobs 2 : --jobs 1 ratio), peak RSS at --jobs 2 and 8, and on
# the mixed tree `rg -i -F -f words` over the same files (the pre-filter's
# ceiling). Trees:
#   java   BouncyCastle sources (Debian source package bouncycastle)
#   c      libsodium sources (Debian source package libsodium)
#   mixed  tests/bench/bench.sh's tree: python3's standard library,
#          /usr/include and the demo (most files never mention crypto)
#
# Usage: tests/bench/speed-bench.sh [BUILD_DIR] [TREE...]
#   BUILD_DIR  holds cryptagion and cg-parse-bench (default: build)
#   TREE       java, c, mixed or a directory (default: java c mixed)
# Environment: BC_DIR (default /work/src/bc), SODIUM_DIR
#   (/work/src/sodium), BENCH_DIR (/tmp/cryptagion-speed), COPIES (mixed
#   tree copies, default 1)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
shift || true
trees=("$@")
[ ${#trees[@]} -gt 0 ] || trees=(java c mixed)
bin=$build/cryptagion
pbin=$build/cg-parse-bench
dir=${BENCH_DIR:-/tmp/cryptagion-speed}
copies=${COPIES:-1}
for b in "$bin" "$pbin"; do
	[ -x "$b" ] || { echo "speed-bench: $b: not built" >&2; exit 2; }
done
mkdir -p "$dir"

# the rules' pre-filter words, one per line (for rg)
words=$dir/words.txt
sed -n 's/^[[:space:]]*literals:[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p' \
	"$root"/rules/*/*.yaml | tr ',' '\n' | sed "s/^[[:space:]\"']*//; s/[[:space:]\"']*\$//; s/\\\\b//g" |
	grep -v '^$' | sort -u >"$words"

mixed_tree() {
	local t=$dir/mixed
	if [ ! -f "$dir/.mixed-$copies" ]; then
		rm -rf "$t"
		local pystd
		pystd=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
		for i in $(seq 1 "$copies"); do
			mkdir -p "$t/$i"
			cp -r "$pystd" "$t/$i/python" 2>/dev/null || true
			cp -r /usr/include "$t/$i/include" 2>/dev/null || true
			cp -r "$root/fixtures/demo" "$t/$i/demo"
		done
		rm -f "$dir"/.mixed-*
		touch "$dir/.mixed-$copies"
	fi
	echo "$t"
}

# measure CMD...: "cpu_seconds wall_seconds peak_rss_kib" of the child
measure() {
	/usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
dt = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
if r.returncode not in (0, 1):
    sys.exit("command failed: %d: %s" % (r.returncode, " ".join(sys.argv[1:])))
print("%.3f %.3f %d" % (u.ru_utime + u.ru_stime, dt, u.ru_maxrss))
PY
}

scan() { # tree jobs
	measure "$bin" scan "$1" -o "$dir/out" --jobs "$2" --quiet --no-cache
}

printf '%-6s %6s %7s %9s %9s %6s %8s %8s %8s %6s %9s %9s\n' tree files MB \
	parse-cpu scan-cpu ratio wall-j1 wall-j2 wall-j4 j2/j1 rss-j2-MB rss-j8-MB
for t in "${trees[@]}"; do
	case $t in
	java) path=${BC_DIR:-/work/src/bc} ;;
	c) path=${SODIUM_DIR:-/work/src/sodium} ;;
	mixed) path=$(mixed_tree) ;;
	*) path=$t ;;
	esac
	[ -d "$path" ] || { echo "speed-bench: $path: missing (apt-get source bouncycastle / libsodium)" >&2; continue; }
	# warm the page cache
	cat $(find "$path" -type f -size -2M | head -100000) >/dev/null 2>&1 || true
	read -r files bytes pcpu pwall < <("$pbin" 1 "$path")
	read -r c1 w1 r1 < <(scan "$path" 1)
	read -r c2 w2 r2 < <(scan "$path" 2)
	read -r c4 w4 r4 < <(scan "$path" 4)
	read -r c8 w8 r8 < <(scan "$path" 8)
	awk -v t="$t" -v f="$files" -v b="$bytes" -v p="$pcpu" -v c="$c1" \
		-v w1="$w1" -v w2="$w2" -v w4="$w4" -v r2="$r2" -v r8="$r8" 'BEGIN {
		printf "%-6s %6d %7.1f %9.2f %9.2f %6.2f %8.2f %8.2f %8.2f %6.2f %9.1f %9.1f\n",
			t, f, b / 1e6, p, c, c / p, w1, w2, w4, w2 / w1, r2 / 1024, r8 / 1024 }'
	if [ "$t" = mixed ] && command -v rg >/dev/null; then
		jobs=$(nproc)
		read -r rc rw rr < <(measure rg -i -F -c -uuu --no-messages -j "$jobs" -f "$words" "$path")
		read -r sc sw sr < <(scan "$path" "$jobs")
		awk -v rw="$rw" -v sw="$sw" -v rc="$rc" -v sc="$sc" -v j="$jobs" 'BEGIN {
			printf "mixed pre-filter, %d jobs: rg -i -F -f words %.2f s wall (%.2f s CPU); scan %.2f s wall (%.2f s CPU): scan throughput %.0f %% of rg\n",
				j, rw, rc, sw, sc, 100 * rw / sw }'
	fi
done
