#!/usr/bin/env bash
# Value resolution end to end: a recognised call whose algorithm is not
# resolved is recorded with its reason (inventory, CBOM, PDF coverage),
# provenance kinds and their lines reach the inventory and the CBOM, the
# blob cache returns the same, and fingerprints do not depend on the path
# a value took.
# Usage: resolve.sh CRYPTAGION SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work/tree"
. "$(dirname "$0")/lib.sh"

cp "$src/fixtures/labeled/java/src/main/java/com/acme/vault/EnvelopeService.java" "$work/tree/"
cp "$src/fixtures/labeled/python/integrity/digests.py" "$work/tree/"
db=$work/inv.db
run 0 "scan" "$bin" scan "$work/tree" --db "$db" --out "$work/out"

sid=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT a.name || '|' || o.unresolved FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid AND f.path = 'EnvelopeService.java' AND o.line = 90")" \
	"unresolved-cipher|parameter \`transformation\` of \`plugin\`" "unresolved Cipher.getInstance: asset and reason"
eq "$(q "$db" "SELECT a.primitive FROM assets a WHERE a.scan_id = $sid AND a.name = 'unresolved-cipher'")" \
	"block-cipher" "unresolved asset keeps the rule's primitive"
eq "$(q "$db" "SELECT p.source || '@' || p.source_line FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid AND f.path = 'EnvelopeService.java' AND o.line = 107 AND p.name = 'algorithm'")" \
	"parameter@95" "three helpers deep: provenance parameter, line of the literal call site"
eq "$(q "$db" "SELECT p.source || '@' || p.source_line FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid AND f.path = 'EnvelopeService.java' AND o.line = 37 AND p.name = 'algorithm'")" \
	"field@29" "field assigned in the constructor"
eq "$(q "$db" "SELECT group_concat(a.name, ',') FROM (SELECT a.name FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $sid AND f.path = 'EnvelopeService.java' AND o.line IN (41, 42) ORDER BY o.line) a")" \
	"RSA-4096,RSA-4096" "getInstance + initialize: one asset on both lines"
has "$work/out/cbom.json" '"cryptagion:unresolved"' "CBOM: unresolved property"
has "$work/out/cbom.json" 'unresolved: parameter `algo` of `plugin_digest`' "CBOM: reason in the occurrence context"
has "$work/out/cbom.json" 'algorithm=SHA-384 \(env-default, line [0-9]+\)' "CBOM: environment variable default with its line"

# the blob cache gives back the same findings, reasons included
run 0 "re-scan from the cache" "$bin" scan "$work/tree" --db "$db" --out "$work/out2"
sid2=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT cache_hits FROM scans WHERE id = $sid2")" "2" "both files from the cache"
eq "$(q "$db" "SELECT count(*) FROM occurrences WHERE scan_id = $sid2 AND unresolved IS NOT NULL")" \
	"$(q "$db" "SELECT count(*) FROM occurrences WHERE scan_id = $sid AND unresolved IS NOT NULL")" "cached reasons"
eq "$(q "$db" "SELECT group_concat(fingerprint) FROM (SELECT fingerprint FROM occurrences WHERE scan_id = $sid2 ORDER BY fingerprint)")" \
	"$(q "$db" "SELECT group_concat(fingerprint) FROM (SELECT fingerprint FROM occurrences WHERE scan_id = $sid ORDER BY fingerprint)")" "same fingerprints"

# fingerprints do not change when only the path of a value changes
sed -i 's|private static final String DATA_CIPHER = "AES/GCM/NoPadding";|private static final String DATA_CIPHER = gcm();\n    private static String gcm() { return "AES/GCM/NoPadding"; }|' "$work/tree/EnvelopeService.java"
sed -i 's|return Cipher.getInstance(DATA_CIPHER); // expect|return Cipher.getInstance(DATA_CIPHER);  // expect|' "$work/tree/EnvelopeService.java"
fp_before=$(q "$db" "SELECT o.fingerprint FROM occurrences o JOIN assets a ON a.id = o.asset_id WHERE o.scan_id = $sid AND a.name = 'AES-GCM' AND o.line = 33")
run 0 "scan after the constant became a helper" "$bin" scan "$work/tree" --db "$db" --out "$work/out3" --no-cache
sid3=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT p.source FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN assets a ON a.id = o.asset_id WHERE o.scan_id = $sid3 AND a.name = 'AES-GCM' AND o.line = 34 AND p.name = 'algorithm'")" \
	"return" "provenance is now the helper's return"
eq "$(q "$db" "SELECT o.fingerprint FROM occurrences o JOIN assets a ON a.id = o.asset_id WHERE o.scan_id = $sid3 AND a.name = 'AES-GCM' AND o.line = 34")" \
	"$fp_before" "fingerprint unchanged"

# a constant of another file: resolved, provenance constant; when only the
# defining file changes, the using file is not served stale from the cache
mkdir -p "$work/xtree"
cp "$src/fixtures/labeled/python/billing/config.py" "$src/fixtures/labeled/python/billing/statement.py" "$work/xtree/"
xdb=$work/x.db
run 0 "scan across files" "$bin" scan "$work/xtree" --db "$xdb" --out "$work/xout"
xs=$(q "$xdb" "SELECT max(id) FROM scans")
eq "$(q "$xdb" "SELECT a.name || '|' || p.source FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN occurrence_params p ON p.occurrence_id = o.id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $xs AND f.path = 'statement.py' AND o.line = 8 AND p.name = 'algorithm'")" \
	"SHA-512|constant" "from config import HASH_ALG: the other file's value"
eq "$(q "$xdb" "SELECT a.name FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $xs AND f.path = 'statement.py' AND o.line = 14")" \
	"SHA-384" "config.EXPORT_DIGEST"
eq "$(q "$xdb" "SELECT count(*) FROM occurrences o JOIN files f ON f.id = o.file_id WHERE o.scan_id = $xs AND f.path = 'config.py'")" \
	"0" "an unused constant is no finding"
sed -i 's|^HASH_ALG = "sha512"|HASH_ALG = "sha256"|' "$work/xtree/config.py"
run 0 "re-scan after the constant changed" "$bin" scan "$work/xtree" --db "$xdb" --out "$work/xout2"
xs2=$(q "$xdb" "SELECT max(id) FROM scans")
eq "$(q "$xdb" "SELECT a.name FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $xs2 AND f.path = 'statement.py' AND o.line = 8")" \
	"SHA-256" "the using file is re-scanned, not served stale"
printf 'HASH_ALG = "sha1"\n' > "$work/xtree/other.py"
run 0 "scan with an ambiguous constant" "$bin" scan "$work/xtree" --db "$xdb" --out "$work/xout3"
xs3=$(q "$xdb" "SELECT max(id) FROM scans")
eq "$(q "$xdb" "SELECT a.name FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $xs3 AND f.path = 'statement.py' AND o.line = 8")" \
	"SHA-256" "the import's module chooses among same-named constants"

# a curried call (signer(bits)(input, key)) is no call of signer: the
# parameter `bits` is not bound to `input`, nor through it to another
# function's 'base64url' argument
mkdir -p "$work/ctree"
cp "$src/fixtures/labeled/javascript/src/jws/algorithms.js" "$work/ctree/"
cdb=$work/c.db
run 0 "scan curried signers" "$bin" scan "$work/ctree" --db "$cdb" --out "$work/cout"
eq "$(q "$cdb" "SELECT a.name || '|' || p.value || '|' || o.unresolved FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN occurrence_params p ON p.occurrence_id = o.id AND p.name = 'algorithm' WHERE o.line = 10")" \
	"unresolved-mac|?|expression \`'sha' + bits\`" "curried call: no argument of the outer call"

# a for-each loop over a literal array: one finding per element, provenance
# container with the element's line
mkdir -p "$work/ltree"
cp "$src/fixtures/labeled/java/src/main/java/com/acme/tls/PemKeyReader.java" "$work/ltree/"
ldb=$work/l.db
run 0 "scan a for-each loop" "$bin" scan "$work/ltree" --db "$ldb" --out "$work/lout"
eq "$(q "$ldb" "SELECT group_concat(x, ',') FROM (SELECT a.name || '@' || p.source || ':' || p.source_line AS x FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN occurrence_params p ON p.occurrence_id = o.id AND p.name = 'algorithm' WHERE o.line = 39 ORDER BY a.name)")" \
	"DSA@container:37,EC@container:37,RSA@container:37" "for-each loop: each element, provenance container"

# a helper returning header constants (NID_...): carried by name,
# provenance return; its error sentinel (-1) is not reported beside them
mkdir -p "$work/htree"
cp "$src/fixtures/labeled/c/src/sshkex/ecdh_openssl.c" "$work/htree/"
hdb=$work/h.db
run 0 "scan a helper returning NIDs" "$bin" scan "$work/htree" --db "$hdb" --out "$work/hout"
eq "$(q "$hdb" "SELECT group_concat(x, ',') FROM (SELECT a.name || '@' || p.source AS x FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN occurrence_params p ON p.occurrence_id = o.id AND p.name = 'curve' WHERE o.line = 28 ORDER BY a.name)")" \
	"EC-P256@return,EC-P384@return,EC-P521@return" "header constants through a helper"
eq "$(q "$hdb" "SELECT count(*) FROM occurrences WHERE line = 28 AND unresolved IS NOT NULL")" \
	"0" "no unresolved finding beside the resolved ones"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
