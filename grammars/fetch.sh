#!/usr/bin/env bash
# Fetch the pinned npm packages listed in a pins file into DEST/<package>.
# Usage: fetch.sh PINS DEST
# Each tarball is fetched with `npm pack` (no install scripts run), its sha256
# is checked against the pin, and it is unpacked. Idempotent: a package whose
# DEST/<name>/.pinned matches the pin line is not fetched again.
set -euo pipefail
pins=$1
dest=$2
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS=$'\t' read -r name version sum _; do
	case "$name" in ''|'#'*) continue ;; esac
	dir="$dest/${name//\//_}"
	stamp="$name@$version $sum"
	if [ -f "$dir/.pinned" ] && [ "$(cat "$dir/.pinned")" = "$stamp" ]; then
		continue
	fi
	echo "fetch: $name@$version" >&2
	tgz=$(cd "$tmp" && npm pack --silent "$name@$version" 2>/dev/null | tail -n 1)
	if [ -z "$tgz" ] || [ ! -f "$tmp/$tgz" ]; then
		echo "fetch: npm pack $name@$version failed" >&2
		exit 1
	fi
	got=$(sha256sum "$tmp/$tgz" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		echo "fetch: $name@$version: sha256 $got does not match pin $sum" >&2
		exit 1
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	tar xzf "$tmp/$tgz" -C "$dir" --strip-components=1
	echo "$stamp" > "$dir/.pinned"
	rm -f "$tmp/$tgz"
done < "$pins"
