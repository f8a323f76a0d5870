#!/usr/bin/env bash
# git-bench.sh — git ingest benchmark (not a test). Builds a repository with
# a long history and a large tree from the machine's Debian packages
# (python3's standard library and /usr/include, committed in COMMITS
# steps), then times, reading HEAD from the object database of a bare
# clone:
#   1. a full scan (empty inventory),
#   2. a re-scan of the unchanged commit (everything from the blob cache),
#   3. a scan after a one-file change (one blob parsed),
#   4. per language (Python, JavaScript, Java, Go, Rust, C): a commit that
#      changes one file of that language, then `scan --base HEAD~1` and
#      `gate --base HEAD~1` of it (wall and CPU: rules compile only when
#      the file needs them).
# Goal: (3) and (4) under one second.
#
# Usage: tests/bench/git-bench.sh [BINARY] [COMMITS]
#   BINARY   cryptagion binary (default: build/cryptagion)
#   COMMITS  commits of history (default 200)
# Environment: BENCH_DIR (default /tmp/cryptagion-git-bench), JOBS (nproc)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/cryptagion}
commits=${2:-200}
dir=${BENCH_DIR:-/tmp/cryptagion-git-bench}
jobs=${JOBS:-$(nproc)}
[ -x "$bin" ] || { echo "git-bench: $bin: not built" >&2; exit 2; }
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid

src=$dir/src
bare=$dir/bare.git
pystd=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
if [ ! -f "$dir/.built-$commits" ]; then
	rm -rf "$dir"
	mkdir -p "$src"
	git -C "$src" init -q -b main
	# the tree arrives in COMMITS slices: a long history, a large tree
	mapfile -t parts < <( (cd "$pystd" && find . -mindepth 1 -maxdepth 1 -printf 'py/%P\n'); (cd /usr/include && find . -mindepth 1 -maxdepth 1 -printf 'inc/%P\n') | sort)
	mkdir -p "$src/py" "$src/inc"
	n=${#parts[@]}
	for i in $(seq 0 $((commits - 1))); do
		lo=$((i * n / commits))
		hi=$(((i + 1) * n / commits))
		for ((k = lo; k < hi; k++)); do
			p=${parts[$k]}
			case $p in
			py/*) cp -r "$pystd/${p#py/}" "$src/py/" 2>/dev/null || true ;;
			inc/*) cp -r "/usr/include/${p#inc/}" "$src/inc/" 2>/dev/null || true ;;
			esac
		done
		printf 'commit %d\n' "$i" >"$src/HISTORY"
		git -C "$src" add -A >/dev/null 2>&1
		git -C "$src" commit -q -m "slice $i" >/dev/null
	done
	git clone -q --bare "$src" "$bare"
	touch "$dir/.built-$commits"
fi
files=$(git -C "$bare" ls-tree -r HEAD | wc -l)
mb=$(git -C "$bare" ls-tree -r -l HEAD | awk '{s+=$4} END {printf "%.1f", s/1048576}')
hist=$(git -C "$bare" rev-list --count HEAD)
echo "repository: $hist commits, $files files, $mb MB at HEAD; $jobs jobs"

out=$dir/out
rm -rf "$out"
t() { # label args...
	local label=$1
	shift
	local s e
	s=$(date +%s.%N)
	"$bin" scan "$@" -o "$out" --jobs "$jobs" >"$dir/last.txt"
	e=$(date +%s.%N)
	printf '%-28s %6.2f s   %s\n' "$label" "$(python3 -c "print($e - $s)")" "$(head -1 "$dir/last.txt" | sed 's/; wrote.*//')"
}
t "full scan (empty cache)" "$bare"
t "unchanged re-scan" "$bare"
# one file changes upstream: a new commit in the bare repository
work=$dir/one
rm -rf "$work"
git clone -q "$bare" "$work"
printf '\nimport hashlib\nhashlib.md5(b"bench %s")\n' "$(date +%s%N)" >>"$work/py/base64.py"
git -C "$work" commit -qam "one-file change"
git -C "$work" push -q origin main
t "after a one-file change" "$bare"
t "diff of that change" "$bare" --base HEAD~1

# one file per language, each in its own commit, each gated on its own
cpu() { # label cmd...: wall and CPU (user+sys) of the command
	local label=$1
	shift
	/usr/bin/python3 - "$label" "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%-28s %6.2f s wall %6.2f s CPU  (exit %d)" % (sys.argv[1], dt, u.ru_utime + u.ru_stime, r.returncode))
PY
}
change() { # path content
	mkdir -p "$work/$(dirname "$1")"
	printf '%s\n' "$2" >"$work/$1"
	git -C "$work" add "$1"
	git -C "$work" commit -qm "change $1"
	git -C "$work" push -q origin main
}
stamp=$(date +%s%N)
for lang in python javascript java go rust c; do
	case $lang in
	python) change "app/crypt_$lang.py" "import hashlib
digest = hashlib.sha1(b'$stamp').hexdigest()" ;;
	javascript) change "app/crypt.js" "const crypto = require('crypto');
const h = crypto.createHash('md5').update('$stamp').digest('hex');" ;;
	java) change "app/Crypt.java" "import javax.crypto.Cipher;
class Crypt { Cipher c() throws Exception { return Cipher.getInstance(\"DES/ECB/PKCS5Padding\"); } // $stamp
}" ;;
	go) change "app/crypt.go" "package app
import \"crypto/md5\"
func Sum(b []byte) [16]byte { return md5.Sum(b) } // $stamp" ;;
	rust) change "app/crypt.rs" "use md5;
fn sum(b: &[u8]) -> md5::Digest { md5::compute(b) } // $stamp" ;;
	c) change "app/crypt.c" "#include <openssl/evp.h>
const EVP_MD *md(void) { return EVP_md5(); } /* $stamp */" ;;
	esac
	cpu "$lang: scan --base HEAD~1" "$bin" scan "$bare" -o "$out" --jobs "$jobs" --base HEAD~1 --quiet
	cpu "$lang: gate --base HEAD~1" "$bin" gate "$bare" -o "$dir/gate" --jobs "$jobs" --base HEAD~1
done

