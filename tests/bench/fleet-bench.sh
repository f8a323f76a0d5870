#!/usr/bin/env bash
# fleet-bench.sh — fleet throughput benchmark (not a test). Makes N
# repositories from the sources that Debian packages install on this
# machine (Python packages under /usr/lib/python3/dist-packages, Node
# modules under /usr/share/nodejs, Go sources under /usr/share/gocode,
# headers under /usr/include: each folder one git repository), then times
#   1. one `scan --targets` run over all of them (one process, one
#      inventory, jobs = cores), and
#   2. N separate `scan` processes, as many at a time as there are cores
#      (each --jobs 1, each its own inventory), followed by one `merge`,
# and prints repositories per minute for each.
#
# Usage: tests/bench/fleet-bench.sh [BINARY] [N]
#   BINARY  cryptagion binary (default: build/cryptagion)
#   N       repositories (default 24)
# Environment: BENCH_DIR (default /tmp/cryptagion-fleet-bench)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/cryptagion}
n=${2:-24}
dir=${BENCH_DIR:-/tmp/cryptagion-fleet-bench}
cores=$(nproc)
[ -x "$bin" ] || { echo "fleet-bench: $bin: not built" >&2; exit 2; }
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid

repos=$dir/repos
if [ ! -f "$dir/.built-$n" ]; then
	rm -rf "$dir"
	mkdir -p "$repos"
	# projects of the size of a typical service repository (0.5 to 20 MB),
	# the largest first
	for d in /usr/lib/python3/dist-packages/* /usr/share/nodejs/* \
		/usr/share/gocode/src/*/*/* /usr/include/*; do
		[ -d "$d" ] && [ ! -L "$d" ] && echo "$(du -sk "$d" 2>/dev/null | cut -f1) $d"
	done | awk '$1 >= 512 && $1 <= 20480' | sort -rn | head -n "$n" | while read -r _ d; do
		name=$(echo "$d" | tr '/' '_' | sed 's/^_//')
		mkdir -p "$repos/$name"
		cp -r "$d/." "$repos/$name/" 2>/dev/null || true
		git -C "$repos/$name" init -q
		git -C "$repos/$name" add -A >/dev/null 2>&1 || true
		git -C "$repos/$name" commit -qm import >/dev/null 2>&1 || true
	done || true # head closes the pipe early: not a failure
	touch "$dir/.built-$n"
fi
ls -d "$repos"/* >"$dir/targets.txt"
count=$(wc -l <"$dir/targets.txt")
files=$(find "$repos" -type f -not -path '*/.git/*' | wc -l)
mb=$(du -sm --exclude=.git "$repos" | cut -f1)
echo "fleet: $count repositories, $files files, $mb MB, $cores cores"

rm -rf "$dir/t" "$dir/p"
s=$(date +%s.%N)
"$bin" scan --targets "$dir/targets.txt" -o "$dir/t" -q --no-cache || true
e=$(date +%s.%N)
t1=$(echo "$e - $s" | bc)
echo "scan --targets:        $(printf '%.1f' "$t1") s, $(echo "scale=1; $count * 60 / $t1" | bc) repositories/min"

s=$(date +%s.%N)
i=0
while read -r r; do
	i=$((i + 1))
	echo "$i $r"
done <"$dir/targets.txt" | xargs -P "$cores" -n 2 sh -c \
	'"$0" scan "$2" -o "'"$dir"'/p/$1" -q --jobs 1 || true' "$bin"
m=$(date +%s.%N)
"$bin" merge "$dir"/p/*/cryptagion.db -o "$dir/p/merged" -q
e=$(date +%s.%N)
t2=$(echo "$e - $s" | bc)
tm=$(echo "$e - $m" | bc)
echo "parallel scans + merge: $(printf '%.1f' "$t2") s (merge $(printf '%.1f' "$tm") s), $(echo "scale=1; $count * 60 / $t2" | bc) repositories/min"
