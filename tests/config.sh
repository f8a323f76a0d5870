#!/usr/bin/env bash
# Configuration files end to end: the keys of .properties and Spring
# application*.yml files resolve getProperty / @Value lookups (provenance
# properties, the file and line, the in-code default kept as a parameter and
# not reported as an asset); the CBOM names them; a changed configuration
# file re-scans the files that use it instead of serving them from the cache.
# Usage: config.sh CRYPTAGION SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work/tree/src/main/resources" "$work/tree/src/main/java"
. "$(dirname "$0")/lib.sh"

lab=$src/fixtures/labeled/java/src/main
cp "$lab/resources/benchmark.properties" "$lab/resources/application.yml" "$work/tree/src/main/resources/"
cp "$lab/java/org/owasp/benchmark/testcode/BenchmarkTest01012.java" \
	"$lab/java/org/owasp/benchmark/testcode/BenchmarkTest01457.java" \
	"$lab/java/com/acme/settlement/SettlementCrypto.java" "$work/tree/src/main/java/"
db=$work/inv.db
run 0 "scan" "$bin" scan "$work/tree" --db "$db" --out "$work/out"
sid=$(q "$db" "SELECT max(id) FROM scans")
occ() { # file line -> asset names at that line, sorted
	q "$db" "SELECT group_concat(name, ',') FROM (SELECT a.name FROM occurrences o JOIN assets a ON a.id = o.asset_id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $1 AND f.path LIKE '%/$2' AND o.line = $3 ORDER BY a.name)"
}
param() { # scan file line param -> value|source|line
	q "$db" "SELECT p.value || '|' || p.source || '|' || ifnull(p.source_line, '') FROM occurrences o JOIN occurrence_params p ON p.occurrence_id = o.id JOIN files f ON f.id = o.file_id WHERE o.scan_id = $1 AND f.path LIKE '%/$2' AND o.line = $3 AND p.name = '$4' LIMIT 1"
}
eq "$(occ "$sid" BenchmarkTest01012.java 24)" "DES-ECB" "the configured cipher, not the decoy default"
eq "$(param "$sid" BenchmarkTest01012.java 24 algorithm)" "DES|properties|4" "provenance properties, line in the file"
eq "$(param "$sid" BenchmarkTest01012.java 24 config:file)" "src/main/resources/benchmark.properties|properties|4" "the properties file"
eq "$(param "$sid" BenchmarkTest01012.java 24 default)" "DESede/ECB/PKCS5Padding|config-default|23" "the in-code default kept, with its line"
eq "$(q "$db" "SELECT count(*) FROM assets WHERE scan_id = $sid AND name LIKE '3DES%'")" "0" "no asset for the overridden default"
eq "$(occ "$sid" BenchmarkTest01457.java 29)" "SHA-384" "a key no file sets: the default"
eq "$(param "$sid" BenchmarkTest01457.java 29 algorithm)" "SHA-384|config-default|28" "provenance config-default"
eq "$(occ "$sid" SettlementCrypto.java 26)" "AES-CBC" "@Value: application.yml's value"
eq "$(param "$sid" SettlementCrypto.java 26 config:key)" "settlement.crypto.transformation|properties|7" "@Value: the flattened key and its line"
eq "$(occ "$sid" SettlementCrypto.java 31)" "SHA-1,SHA-384" "two YAML documents: both values"
tr -d ' \n' <"$work/out/cbom.json" >"$work/cbom.flat"
has "$work/cbom.flat" '"cryptagion:source:algorithm","value":"properties"' "CBOM: provenance properties"
has "$work/cbom.flat" '"cryptagion:param:config:file","value":"src/main/resources/benchmark.properties' "CBOM: the file as a property"
has "$work/out/cbom.json" 'default=DESede/ECB/PKCS5Padding \(config-default, line 23\)' "CBOM: the default in the occurrence context"

# served from the cache while nothing changes
run 0 "re-scan" "$bin" scan "$work/tree" --db "$db" --out "$work/out2"
sid2=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT cache_hits FROM scans WHERE id = $sid2")" "3" "the Java files from the cache"
eq "$(occ "$sid2" BenchmarkTest01012.java 24)" "DES-ECB" "the cached finding"

# a changed properties file re-scans its users
sed -i 's|^cryptoAlg1=.*|cryptoAlg1=AES/GCM/NoPadding|' "$work/tree/src/main/resources/benchmark.properties"
run 0 "scan after the properties changed" "$bin" scan "$work/tree" --db "$db" --out "$work/out3"
sid3=$(q "$db" "SELECT max(id) FROM scans")
eq "$(q "$db" "SELECT cache_hits FROM scans WHERE id = $sid3")" "0" "the users are re-scanned"
eq "$(occ "$sid3" BenchmarkTest01012.java 24)" "AES-GCM" "the new configured value"

# a key removed from every file: the default again
sed -i '/^cryptoAlg1=/d' "$work/tree/src/main/resources/benchmark.properties"
run 0 "scan after the key was removed" "$bin" scan "$work/tree" --db "$db" --out "$work/out4"
sid4=$(q "$db" "SELECT max(id) FROM scans")
eq "$(occ "$sid4" BenchmarkTest01012.java 24)" "3DES-ECB" "the in-code default is the value"
eq "$(param "$sid4" BenchmarkTest01012.java 24 algorithm)" "3DES|config-default|23" "provenance config-default"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
