#!/usr/bin/env bash
# Project symbols across files (src/engine/xsym.c): constants, interface
# constants, chains of constants, enum constants, class attributes,
# #define chains and helpers of another file resolve a call's value; the
# provenance names the defining file and line in the inventory, the blob
# cache and the CBOM; fingerprints do not move when only the definition
# moves; same-named definitions with different values resolve to nothing.
# Usage: xsym.sh CRYPTAGION SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work/tree/java" "$work/tree/py/wheelhouse" "$work/tree/c" \
	"$work/tree/xcall" "$work/tree/py/ledgerkit"
. "$(dirname "$0")/lib.sh"

cp "$src"/fixtures/labeled/java/src/main/java/com/acme/xsym/*.java "$work/tree/java/"
cp "$src"/fixtures/labeled/python/wheelhouse/*.py "$work/tree/py/wheelhouse/"
cp "$src"/fixtures/labeled/c/src/xsym/* "$work/tree/c/"
cp "$src"/fixtures/labeled/java/src/main/java/com/acme/xcall/*.java "$work/tree/xcall/"
cp "$src"/fixtures/labeled/python/ledgerkit/*.py "$work/tree/py/ledgerkit/"
mkdir -p "$work/tree/go/internal" "$work/tree/go/cmd"
cp -r "$src"/fixtures/labeled/go/internal/keygen "$src"/fixtures/labeled/go/internal/cryptoconf "$work/tree/go/internal/"
cp -r "$src"/fixtures/labeled/go/cmd/keytool "$work/tree/go/cmd/"
db=$work/inv.db
run 0 "scan" "$bin" scan "$work/tree" --db "$db" --out "$work/out"
sid=$(q "$db" "SELECT max(id) FROM scans")

# name|source|line|file of parameter $3 of the occurrence at $1:$2
prov() {
	q "$db" "SELECT a.name || '|' || p.source || '|' || ifnull(p.source_line, '') || '|' || ifnull(p.source_file, '') FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = ${4:-$sid} AND f.path = '$1' AND o.line = $2 AND p.name = '$3' ORDER BY a.name LIMIT 1"
}
eq "$(prov java/EnvelopeService.java 15 algorithm)" "AES-GCM|constant|5|java/CryptoConstants.java" \
	"interface constant: its file and line"
eq "$(prov java/EnvelopeService.java 30 algorithm)" "SHA-384|constant|7|java/CryptoConstants.java" \
	"a constant of another class's constant: the first definition"
eq "$(prov java/EnvelopeService.java 20 key_size)" "AES-256|constant|6|java/CryptoConstants.java" \
	"a key size of another file"
eq "$(prov java/EnvelopeService.java 38 algorithm)" "SHA-512|return|13|java/PbeDefaults.java" \
	"a getter of another class: provenance return, the helper's line"
eq "$(prov java/ArchiveSigner.java 10 algorithm)" "SHA-256|return|9|java/DigestAlgorithm.java" \
	"an enum constant's getter: its constructor argument"
eq "$(prov java/ArchiveSigner.java 19 algorithm)" "EC|return|6|java/KeyAlgorithm.java" \
	"an enum constant's name()"
eq "$(prov java/EnvelopeService.java 44 algorithm)" "AES-CBC|constant|43|" \
	"overwritten in the method: the local value, no file"
eq "$(q "$db" "SELECT count(*) FROM assets WHERE scan_id = $sid AND name LIKE 'DES%'")" "0" \
	"a crypto-looking constant that no call uses is no asset"
eq "$(prov py/wheelhouse/archive.py 14 algorithm)" "SHA-384|constant|8|py/wheelhouse/settings.py" \
	"Python class attribute"
eq "$(prov py/wheelhouse/archive.py 22 algorithm)" "HMAC-SHA3-256|return|18|py/wheelhouse/settings.py" \
	"Python module helper returning a literal"
eq "$(prov c/channel.c 8 algorithm)" "AES-256-GCM|constant|7|c/config.h" \
	"#define chain across headers: the first link"
eq "$(prov c/channel.c 18 key_size)" "RSA-3072|constant|9|c/config.h" \
	"#define chain to a number"
# parameters: the literal arguments at call sites in other files, three
# calls deep, one occurrence per value
params() {
	q "$db" "SELECT group_concat(x, ' ') FROM (SELECT a.name || '|' || p.source_line || '|' || ifnull(p.source_file, '') AS x FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid AND f.path = '$1' AND o.line = $2 AND p.name = 'algorithm' AND p.source = 'parameter' ORDER BY a.name)"
}
eq "$(params xcall/CipherSupport.java 13)" \
	"AES-CBC|10|xcall/ReportExporter.java AES-GCM|14|xcall/ReportExporter.java" \
	"three calls across two files: each literal with its call site"
eq "$(params py/ledgerkit/hashing.py 6)" \
	"SHA-384|10|py/ledgerkit/jobs.py SHA-512|6|py/ledgerkit/jobs.py" \
	"a call site in the file (through a method) and one in another file"
eq "$(q "$db" "SELECT group_concat(x, ' ') FROM (SELECT a.name || '|' || p.source || '|' || p.source_line || '|' || p.source_file AS x FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid AND f.path = 'go/internal/keygen/keygen.go' AND o.line = 12 AND p.name = 'key_size' ORDER BY a.name)")" \
	"RSA-3072|parameter|14|go/cmd/keytool/main.go RSA-4096|parameter|11|go/cmd/keytool/main.go" \
	"Go: a literal and a constant of a third package as arguments"
has "$work/out/cbom.json" '"cryptagion:definedIn:algorithm"' "CBOM: definedIn property"
has "$work/out/cbom.json" 'java/CryptoConstants.java:5' "CBOM: definedIn value file:line"
has "$work/out/cbom.json" 'algorithm=AES \(constant, java/CryptoConstants.java, line 5\)' \
	"CBOM: the occurrence context names the file"

# the blob cache keeps the defining files
run 0 "re-scan from the cache" "$bin" scan "$work/tree" --db "$db" --out "$work/out2"
sid2=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT cache_hits > 0 FROM scans WHERE id = $sid2")" "1" "served from the cache"
eq "$(prov java/EnvelopeService.java 15 algorithm "$sid2")" "AES-GCM|constant|5|java/CryptoConstants.java" \
	"cached finding: same file and line"

# the definition moves: provenance follows, the fingerprint does not
fp() { q "$db" "SELECT o.fingerprint FROM occurrences o JOIN files f ON f.id = o.file_id WHERE o.scan_id = $1 AND f.path = 'java/EnvelopeService.java' AND o.line = 15"; }
fp1=$(fp "$sid")
sed -i 's|^public interface CryptoConstants {|/** Moved down one line. */\npublic interface CryptoConstants {|' "$work/tree/java/CryptoConstants.java"
run 0 "scan after the constant moved" "$bin" scan "$work/tree" --db "$db" --out "$work/out3"
sid3=$(q "$db" "SELECT max(id) FROM scans")
eq "$(prov java/EnvelopeService.java 15 algorithm "$sid3")" "AES-GCM|constant|6|java/CryptoConstants.java" \
	"the using file is not served stale: new line"
eq "$(fp "$sid3")" "$fp1" "fingerprint unchanged"

# a second CryptoConstants with another value: ambiguous, not guessed
mkdir -p "$work/tree/java/legacy"
printf 'package com.acme.legacy;\n\npublic interface CryptoConstants {\n    String CIPHER_TRANSFORMATION = "DESede/CBC/PKCS5Padding";\n}\n' \
	>"$work/tree/java/legacy/CryptoConstants.java"
run 0 "scan with a same-named constant" "$bin" scan "$work/tree" --db "$db" --out "$work/out4"
sid4=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT a.name FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid4 AND f.path = 'java/EnvelopeService.java' AND o.line = 15")" \
	"unresolved-cipher" "two values for one name: unresolved"

# more values than the resolution takes: the first ones, and a coverage
# note (never silently)
mkdir -p "$work/budget"
printf 'import hashlib\n\n\ndef digest(name, data):\n    return hashlib.new(name, data).hexdigest()\n' >"$work/budget/util.py"
{
	printf 'from util import digest\n\n\ndef all_of(data):\n'
	for a in sha1 sha224 sha256 sha384 sha512 sha3_224 sha3_256 sha3_384 sha3_512 blake2b; do
		printf '    digest("%s", data)\n' "$a"
	done
} >"$work/budget/caller.py"
run 0 "scan past the budget" "$bin" scan "$work/budget" --db "$work/b.db" --out "$work/bout"
stderr_has "util.py: the value resolution of [0-9]+ calls? stopped at its budget" "budget overrun: a coverage note"
eq "$(q "$work/b.db" "SELECT count(*) FROM occurrences o JOIN files f ON f.id = o.file_id WHERE f.path = 'util.py' AND o.line = 5")" \
	"8" "the first values are kept"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
