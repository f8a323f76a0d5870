#!/usr/bin/env bash
# The Debian package: build it with CPack, check its control fields, unpack
# it into a fresh root and run the demo scan, `rules test` and a gate from
# that copy alone, with the source tree hidden (a private mount namespace
# mounts an empty folder over it where the machine allows; the stripped
# binary must not name the source tree in any case).
# usage: package.sh BUILD_DIR SOURCE_DIR WORK
set -u
build=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
. "$src/tests/lib.sh"

run 0 "cpack builds the package" cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkg"
deb=$(ls "$work"/pkg/cryptagion_*_amd64.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
	ko "cryptagion_<version>_amd64.deb was written"
	echo "$pass passed, $fail failed"
	exit 1
fi
ok "package file name $(basename "$deb")"
dpkg-deb -f "$deb" Depends >"$work/depends"
for d in libgit2 libsqlite3 libhpdf fonts-dejavu-core libtree-sitter libssl3 libyaml libpcre2-8 libjansson; do
	has "$work/depends" "(^|, )$d" "Depends names $d"
done
eq "$(dpkg-deb -f "$deb" Package)" cryptagion "Package field"
eq "$(dpkg-deb -f "$deb" Architecture)" amd64 "Architecture field"

# the copy lives outside the source tree, which may be hidden below
pk=$(mktemp -d "${TMPDIR:-/tmp}/cryptagion-package.XXXXXX")
trap 'rm -rf "$pk"' EXIT
root=$pk/root
run 0 "dpkg-deb -x into a fresh root" dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin/cryptagion
share=$root/usr/share/cryptagion
for p in rules/standards/standards.yaml rules/libraries.yaml rules/algorithms.yaml \
	schemas/cyclonedx/bom-1.6.SNAPSHOT.schema.json schemas/sarif/sarif-2.1.0-rtm.5.json \
	schemas/roadmap/roadmap-1.0.schema.json fixtures/rules demo; do
	if [ -e "$share/$p" ]; then ok "installed: share/cryptagion/$p"; else ko "installed: share/cryptagion/$p"; fi
done
if grep -qaF "$src" "$bin"; then ko "the installed binary names the source tree $src"; else ok "the installed binary does not name the source tree"; fi

# everything below runs from the unpacked copy with a clean environment
cat >"$pk/from-package.sh" <<SH
set -eu
export PATH=/usr/bin:/bin HOME="$pk/home"
unset CRYPTAGION_RULES CRYPTAGION_SCHEMAS CRYPTAGION_SARIF_SCHEMAS CRYPTAGION_ROADMAP_SCHEMAS CRYPTAGION_RULE_FIXTURES
cd "$pk"
cp -r "$share/demo" demo
"$bin" --version
"$bin" scan demo -o out -q
(cd out && sha256sum -c --quiet SHA256SUMS)
"$bin" rules test >rules-test.txt
cp -r demo base
cp -r demo head
printf 'import hashlib\n\ndef token(x):\n    return hashlib.md5(x).hexdigest()\n' >head/added.py
printf 'version: 1\nfail_on:\n  severity: high\n  scope: new\nbanned:\n  algorithms: [MD5]\n' >policy.yaml
rc=0
"$bin" gate --base-dir base --head-dir head -o gate --policy policy.yaml -q || rc=\$?
echo "gate exit \$rc"
SH
mkdir -p "$pk/home"
hidden=no
if unshare -m true 2>/dev/null; then
	unshare -m bash -c "mount -t tmpfs none '$src' && bash '$pk/from-package.sh'" >"$pk/stdout" 2>"$pk/stderr"
	rc=$?
	hidden=yes
else
	bash "$pk/from-package.sh" >"$pk/stdout" 2>"$pk/stderr"
	rc=$?
fi
cp "$pk/stdout" "$work/stdout"
cp "$pk/stderr" "$work/stderr"
eq "$rc" 0 "demo scan, rules test and gate from the package (source tree hidden: $hidden): $(tail -3 "$work/stderr")"
has "$work/stdout" "^cryptagion [0-9]" "--version from the package"
for f in cbom.json roadmap.json report.pdf SHA256SUMS; do
	if [ -s "$pk/out/$f" ]; then ok "deliverable $f written by the package"; else ko "deliverable $f written by the package"; fi
done
has "$pk/rules-test.txt" "^[0-9]+ passed, 0 failed" "rules test from the package: every rule passes"
has "$work/stdout" "^gate exit 1$" "gate from the package fails on a new MD5 under the policy"
# cmake --install to any prefix finds its data the same way
run 0 "cmake --install --prefix" cmake --install "$build" --prefix "$pk/prefix"
run 0 "rules check from the prefix" env -u CRYPTAGION_RULES "$pk/prefix/bin/cryptagion" rules check
has "$work/stdout" "^[0-9]+ rules, " "the installed rules load"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
