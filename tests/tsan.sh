#!/usr/bin/env bash
# ThreadSanitizer over the two thread pools: the scan's workers (files on
# disk, blobs of a work tree's object database and of a bare repository,
# with and without the blob cache) and the parallel compilation of the
# rules' queries. Any report fails (halt_on_error).
# usage: tsan.sh TSAN_BINARY SOURCE_DIR WORK
set -u
bin=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
. "$src/tests/lib.sh"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
cd "$work"
run 0 "rules check (parallel query compilation)" "$bin" rules check
run 0 "demo, 4 workers, no cache" "$bin" scan "$src/fixtures/demo" -o d1 -q --jobs 4 --no-cache
run 0 "demo again, 4 workers, from the cache" "$bin" scan "$src/fixtures/demo" -o d1 -q --jobs 4
run 0 "labeled corpus, 4 workers" "$bin" scan "$src/fixtures/labeled" -o l1 -q --jobs 4 --no-cache
cp -r "$src/fixtures/demo" repo
git -C repo init -q && git -C repo add -A &&
	git -C repo -c user.email=t@example.invalid -c user.name=t commit -qm init
git clone -q --bare repo repo.git
run 0 "a ref of a work tree, 4 blob readers" "$bin" scan repo --ref HEAD -o g1 -q --jobs 4 --no-cache
run 0 "a bare repository, 4 blob readers" "$bin" scan repo.git -o g2 -q --jobs 4 --no-cache
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
