#!/usr/bin/env bash
# The blob cache loses nothing: a re-scan served from the cache records
# exactly what a --no-cache scan of the same commit records: files,
# assets, occurrences with their parameters, fingerprints, contexts and
# suppressions (inline: applies, expired, invalid; baseline), misuses and
# the risk scores. The cache is filled on one day and read on a later one,
# so an inline suppression that applied then has expired now. Also for a
# plain directory (blob ids computed from the files on disk), and for the
# same blob under two paths (cached once, fingerprinted per path).
# Usage: git-cache.sh CRYPTAGION WORK_DIR
set -u
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
. "$(dirname "$0")/lib.sh"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" XDG_CACHE_HOME="$work/xdg"
mkdir -p "$HOME"
last() { q "$1" "select max(id) from scans"; }

# Everything a scan recorded except ids, timestamps and the cached flag.
dump() { # db scan_id
	sqlite3 "$1" <<SQL
select 'file', path, ifnull(language,''), size, ifnull(sha256,''), status,
  ifnull(reason,''), parse_errors, ifnull(blob_id,''), context
  from files where scan_id = $2 order by path;
select 'asset', bom_ref, name, family, primitive, ifnull(parameter_set,''),
  ifnull(mode,''), ifnull(padding,''), ifnull(curve,''), functions,
  ifnull(oid,''), classical_level, quantum_level
  from assets where scan_id = $2 order by bom_ref;
select 'occ', f.path, o.line, o.col, o.rule_id, ifnull(o.symbol,''),
  a.bom_ref, o.fingerprint, ifnull(o.suppression,''),
  ifnull(o.suppression_status,''), ifnull(o.suppression_reason,''),
  ifnull(o.suppression_until,''), ifnull(o.suppression_line,''), o.context,
  (select group_concat(x, ';') from (select p.name || '=' ||
    ifnull(p.value,'') || '/' || p.source || '/' || ifnull(p.source_line,'')
    as x from occurrence_params p where p.occurrence_id = o.id
    order by p.name))
  from occurrences o join files f on f.id = o.file_id
  join assets a on a.id = o.asset_id where o.scan_id = $2
  order by f.path, o.line, o.col, o.rule_id;
select 'misuse', f.path, m.line, m.col, m.rule_id, m.category, m.severity,
  m.message, ifnull(a.bom_ref,'-'), m.context, m.fingerprint
  from misuses m join files f on f.id = m.file_id
  left join assets a on a.id = m.asset_id where m.scan_id = $2
  order by f.path, m.line, m.col, m.rule_id;
select 'risk', a.bom_ref, r.score, r.severity, r.misuses
  from asset_risk r join assets a on a.id = r.asset_id
  where r.scan_id = $2 order by a.bom_ref;
select 'scan', findings, files_scanned, files_prefiltered, files_skipped
  from scans where id = $2;
SQL
}

# ---- a repository: misuses, suppressions, identical lines, a copy ---------
src="$work/src"
mkdir -p "$src/lib" "$src/tests"
g() { git -C "$src" "$@" >/dev/null 2>&1; }
g init -q -b main
cat >"$src/lib/old.py" <<'PY'
import hashlib


def legacy(data):
    return hashlib.md5(data).hexdigest()
PY
g add -A
g commit -q -m base
cat >"$src/lib/box.py" <<'PY'
import hashlib
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def wrap(kek, block):
    enc = Cipher(algorithms.AES(kek), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def weak():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def twice(data):
    a = hashlib.sha1(data).digest()
    a = hashlib.sha1(data).digest()
    return a


def applies(data):
    # cryptagion: ignore[python.hashlib.*] legacy format, see #12 until=2027-01-31
    return hashlib.md5(data).digest()


def invalid(data):
    return hashlib.md5(data).hexdigest()  # cryptagion: ignore[python.hashlib.*]


def forever(data):
    return hashlib.sha1(data).hexdigest()  # cryptagion: ignore[python.hashlib.*] checksum only
PY
cp "$src/lib/box.py" "$src/tests/box_copy.py"
g add -A
g commit -q -m head

day1=1767225600 # 2026-01-01: the until= date lies ahead
day2=1830297600 # 2028-01-01: it has passed
db="$work/out/cryptagion.db"
S="$bin scan $src -o $work/out -j 2 -q"
# a baseline of the base commit: the legacy MD5 is suppressed by it
run 0 "baseline of the base commit" $S --ref HEAD~1 --write-baseline "$work/base.txt" --no-cache
eq "$(grep -c '^[0-9a-f]\{64\} ' "$work/base.txt")" 1 "baseline has one fingerprint"

SOURCE_DATE_EPOCH=$day1 run 0 "fresh scan fills the cache (day 1)" $S --ref HEAD --baseline "$work/base.txt"
fresh=$(last "$db")
SOURCE_DATE_EPOCH=$day2 run 0 "re-scan from the cache (day 2)" $S --ref HEAD --baseline "$work/base.txt"
cached=$(last "$db")
SOURCE_DATE_EPOCH=$day2 run 0 "--no-cache scan of the same commit (day 2)" $S --ref HEAD --baseline "$work/base.txt" --no-cache
nocache=$(last "$db")

eq "$(q "$db" "select cache_hits > 0 from scans where id = $cached")" 1 "the re-scan was served from the cache"
eq "$(q "$db" "select count(*) from files where scan_id = $cached and status = 'scanned' and not cached")" 0 "no file of the re-scan was parsed"
eq "$(q "$db" "select cache_hits from scans where id = $nocache")" 0 "--no-cache parses every file"
dump "$db" "$cached" >"$work/cached.txt"
dump "$db" "$nocache" >"$work/nocache.txt"
if cmp -s "$work/cached.txt" "$work/nocache.txt"; then
	ok "cached scan = --no-cache scan: files, assets, occurrences, fingerprints, suppressions, misuses, risk ($(wc -l <"$work/cached.txt") rows)"
else
	ko "cached scan differs from --no-cache scan: $(diff "$work/cached.txt" "$work/nocache.txt" | head -20)"
fi

# the content is what it should be, so that equality means something
m() { q "$db" "select count(*) from misuses where scan_id = $cached and $1"; }
eq "$(m "category = 'ecb-mode' and severity = 'high' and message like 'ECB mode%'")" 2 "ECB misuse, both paths, with severity and message"
eq "$(m "category = 'weak-key-size' and asset_id is not null")" 2 "weak RSA key misuse names its asset"
eq "$(m "fingerprint is null")" 0 "misuses have fingerprints"
eq "$(q "$db" "select group_concat(context) from (select distinct m.context from misuses m where m.scan_id = $cached order by 1)")" "product,test" "misuses carry their file's context"
o() { q "$db" "select count(*) from occurrences where scan_id = $cached and $1"; }
eq "$(o "suppression = 'inline' and suppression_status = 'expired' and suppression_until = '2027-01-31' and suppression_line = 22")" 2 "day 2: the until= suppression has expired (decided at scan time, not cache time)"
eq "$(q "$db" "select count(*) from occurrences where scan_id = $fresh and suppression_status = 'applies' and suppression_until = '2027-01-31'")" 2 "day 1: it applied"
eq "$(o "suppression = 'inline' and suppression_status = 'invalid' and suppression_reason = 'no reason given'")" 2 "suppression without a reason: invalid"
eq "$(o "suppression = 'inline' and suppression_status = 'applies' and suppression_reason = 'checksum only'")" 2 "valid suppression applies"
eq "$(o "suppression = 'baseline' and suppression_status = 'applies'")" 1 "baseline suppression on cached findings"
eq "$(o "fingerprint is null")" 0 "every occurrence has a fingerprint"
eq "$(q "$db" "select count(distinct o.fingerprint) = count(*) from occurrences o where o.scan_id = $cached")" 1 "fingerprints are distinct (identical lines, same blob under two paths)"
eq "$(q "$db" "select count(*) from files where scan_id = $cached and path like '%box%' and cached")" 2 "one blob under two paths: both from the cache"
# fingerprints do not depend on the day or on the cache
eq "$(q "$db" "select count(*) from occurrences a join occurrences b on a.fingerprint = b.fingerprint where a.scan_id = $fresh and b.scan_id = $cached")" "$(o 1)" "same fingerprints on day 1 (fresh) and day 2 (cached)"

# ---- a plain directory: blob ids from the files on disk ------------------
plain="$work/plain"
mkdir -p "$plain"
cp -r "$src/lib" "$src/tests" "$plain/"
P="$bin scan $plain -o $work/plain-out -j 2 -q"
pdb="$work/plain-out/cryptagion.db"
SOURCE_DATE_EPOCH=$day1 run 0 "directory: fresh scan" $P
SOURCE_DATE_EPOCH=$day2 run 0 "directory: re-scan from the cache" $P
pc=$(last "$pdb")
SOURCE_DATE_EPOCH=$day2 run 0 "directory: --no-cache" $P --no-cache
pn=$(last "$pdb")
eq "$(q "$pdb" "select cache_hits from scans where id = $pc")" 3 "directory: three files from the cache"
dump "$pdb" "$pc" >"$work/pc.txt"
dump "$pdb" "$pn" >"$work/pn.txt"
if cmp -s "$work/pc.txt" "$work/pn.txt"; then ok "directory: cached scan = --no-cache scan"; else
	ko "directory scans differ: $(diff "$work/pc.txt" "$work/pn.txt" | head -20)"
fi
# the same commit read from git and from disk: same fingerprints
eq "$(q "$db" "select group_concat(fingerprint) from (select fingerprint from occurrences where scan_id = $nocache order by 1)")" \
	"$(q "$pdb" "select group_concat(fingerprint) from (select fingerprint from occurrences where scan_id = $pn order by 1)")" \
	"git and disk scans of the same files agree on fingerprints"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
