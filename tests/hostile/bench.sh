#!/usr/bin/env bash
# bench.sh — hostile inputs that used to stall a scan, timed. Each case
# must finish (exit 0 and a CBOM) within a generous limit; the script
# prints the seconds each took so that before/after can be compared.
# Not a unit test of speed: the limits are 10x or more above the times on
# a loaded 2-core machine, and the inputs cost minutes to hours before.
#
# Usage: tests/hostile/bench.sh BINARY WORK_DIR [SCALE]
#   SCALE multiplies the input sizes (default 1; the sanitizer build runs
#   0.25: there the point is no memory error and no stall, not the time).
# Exit 0 when every case finished within its limit.
set -u
bin=$1
work=$2
scale=${3:-1}
sized() { python3 -c "print(max(1, int($1 * $scale)))"; }
limit=${HOSTILE_LIMIT:-120}
rm -rf "$work"
mkdir -p "$work"
pass=0
fail=0

# case NAME TREE [extra args]: scan TREE, report the time
timed() {
	local name=$1 tree=$2
	shift 2
	local t0 t1 rc
	t0=$(date +%s.%N)
	timeout -k 5 "$limit" "$bin" scan --quiet -o "$work/out-$name" "$@" "$tree" \
		>"$work/$name.stdout" 2>"$work/$name.stderr"
	rc=$?
	t1=$(date +%s.%N)
	local secs
	secs=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
	if [ "$rc" = 0 ] && [ -s "$work/out-$name/cbom.json" ]; then
		echo "ok   $name: ${secs} s (limit ${limit} s)"
		pass=$((pass + 1))
	else
		echo "FAIL $name: exit $rc after ${secs} s (limit ${limit} s): $(head -c 300 "$work/$name.stderr")"
		fail=$((fail + 1))
	fi
}

# 1. findings on one long line: every finding re-read and re-hashed the
#    line, and counted its predecessors (quadratic)
n=$(sized 10000)
mkdir -p "$work/longline"
python3 - "$work/longline/h.py" "$n" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("import hashlib\n")
    f.write("; ".join("hashlib.md5(b'x')" for _ in range(n)) + "\n")
PY
timed longline "$work/longline" --max-file-size 64M

# 2. long cipher lists in nginx and sshd configurations
mkdir -p "$work/ciphers"
python3 - "$work/ciphers" "$(sized 20000)" <<'PY'
import sys, os
d, n = sys.argv[1], int(sys.argv[2])
names = ["RC4-SHA", "DES-CBC3-SHA", "ECDHE-RSA-AES128-GCM-SHA256", "AES256-SHA"]
with open(os.path.join(d, "nginx.conf"), "w") as f:
    f.write("server {\n  listen 443 ssl;\n  ssl_protocols TLSv1 TLSv1.2;\n")
    f.write("  ssl_ciphers " + ":".join(names[i % 4] for i in range(n)) + ";\n}\n")
ssh = ["3des-cbc", "aes128-ctr", "arcfour", "aes256-gcm@openssh.com"]
with open(os.path.join(d, "sshd_config"), "w") as f:
    f.write("Ciphers " + ",".join(ssh[i % 4] for i in range(n)) + "\n")
PY
timed ciphers "$work/ciphers" --max-file-size 64M

# 3. a package.json with 60,000 dependencies (one of them a crypto library)
mkdir -p "$work/npm"
python3 - "$work/npm/package.json" "$(sized 60000)" <<'PY'
import sys, json
n = int(sys.argv[2])
deps = {f"pkg-{i}": f"^1.{i % 50}.0" for i in range(n)}
deps["node-forge"] = "0.9.0"
json.dump({"name": "big", "version": "1.0.0", "dependencies": deps}, open(sys.argv[1], "w"), indent=2)
PY
timed package_json "$work/npm" --max-file-size 64M

# 4. an ignore pattern that backtracks exponentially in a naive glob
mkdir -p "$work/glob"
printf '*a*a*a*a*a*a*a*a*a*a*a*a*c\n' >"$work/glob/.cryptagionignore"
name=$(python3 -c "print('a' * 200)")
for i in $(seq 1 20); do
	printf 'import hashlib\nhashlib.md5(b"x")\n' >"$work/glob/$name$i.py"
done
timed glob "$work/glob"

# 5. deeply nested Rust (the query loop) and nesting deeper than 65,535
mkdir -p "$work/nest"
python3 - "$work/nest" "$(sized 20000)" <<'PY'
import sys, os
d, depth = sys.argv[1], int(sys.argv[2])
with open(os.path.join(d, "deep.rs"), "w") as f:
    f.write("use md5;\nfn main() {\n    let d = md5::compute(b\"x\");\n")
    f.write("    let x = " + "(" * depth + "1" + ")" * depth + ";\n}\n")
PY
timed nested_rust "$work/nest" --max-file-size 64M

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
