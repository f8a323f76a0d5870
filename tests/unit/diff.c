/* Unit tests of the diff labels: findings of both versions of changed
 * files labelled by fingerprint (pairs one to one, the HEAD side kept for
 * an unchanged pair, a misuse without an asset named by its category),
 * recorded in the scan and read back in the documented order; an aborted
 * scan keeps no label.
 * usage: test_unit_diff TMP_DIR */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/diff/diff.h"
#include "../../src/inventory/inventory.h"
#include "unit.h"

/* A finding of rule `rule` at line, asset `name` (NULL: a misuse of
 * category "weak-hash"), fingerprint 64 times the character fp. */
static void finding(cg_finding *f, const char *rule, const char *name,
                    uint32_t line, char fp)
{
	memset(f, 0, sizeof(*f));
	f->rule_id = cg_strdup(rule);
	f->name = name ? cg_strdup(name) : NULL;
	f->misuse = name ? NULL : cg_strdup("weak-hash");
	f->line = line;
	memset(f->fingerprint, fp, 64);
}

static void add(cg_diff_labeller *l, bool base, const char *path,
                const char *rule, const char *name, uint32_t line, char fp)
{
	cg_finding f;
	finding(&f, rule, name, line, fp);
	cg_diff_add(l, base, path, &f, "product");
	cg_finding_dispose(&f);
}

static int begin(cg_inventory *inv, int64_t *id)
{
	cg_inv_scan_info info = { .serial =
		                      "0f0f0f0f-1111-4222-8333-444444444444",
		                  .target = "repo",
		                  .target_name = "repo",
		                  .started_at = "2026-01-01T00:00:00Z",
		                  .tool_version = "test",
		                  .ruleset_hash = "0",
		                  .base_ref = "base" };
	return cg_inventory_scan_begin(id, inv, &info);
}

/* BASE: a.py MD5 (fp a) at 3, old.py SHA-1 (fp c) at 9, a.py MD5 (fp d)
 * at 20 once; HEAD: a.py MD5 (fp a) moved to 5, a.py SHA-1 (fp b) at 7,
 * fp d twice (21, 30) and a misuse without an asset (fp e) at 40. */
static void fill(cg_diff_labeller *l)
{
	add(l, true, "a.py", "py.md5", "MD5", 3, 'a');
	add(l, true, "old.py", "py.sha1", "SHA-1", 9, 'c');
	add(l, true, "a.py", "py.md5", "MD5", 20, 'd');
	add(l, false, "a.py", "py.md5", "MD5", 5, 'a');
	add(l, false, "a.py", "py.sha1", "SHA-1", 7, 'b');
	add(l, false, "a.py", "py.md5", "MD5", 30, 'd');
	add(l, false, "a.py", "py.md5", "MD5", 21, 'd');
	add(l, false, "a.py", "py.misuse", NULL, 40, 'e');
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *tmp = argv[1];
	cg_mkdirs(tmp);
	char *db = cg_sprintf("%s/unit.db", tmp);
	unlink(db);
	cg_inventory *inv = NULL;
	CHECK(cg_inventory_open(&inv, db) == 0);

	CHECK_STR(cg_diff_label_name(CG_DIFF_NEW), "new");
	CHECK_STR(cg_diff_label_name(CG_DIFF_UNCHANGED), "unchanged");
	CHECK_STR(cg_diff_label_name(CG_DIFF_REMOVED), "removed");

	/* an aborted scan keeps no label */
	int64_t id = 0;
	uint64_t counts[3] = { 0 };
	cg_diff_labeller *l = cg_diff_labeller_new();
	fill(l);
	CHECK(begin(inv, &id) == 0);
	CHECK(cg_diff_record(counts, l, inv, id) == 0);
	cg_inventory_scan_abort(inv);
	cg_diff_labeller_free(l);
	cg_diff_finding *items = NULL;
	size_t n = 99;
	CHECK(cg_diff_load(&items, &n, inv, id) == 0);
	CHECK(n == 0);
	cg_diff_findings_free(items, n);

	/* labelled, recorded, read back */
	memset(counts, 0, sizeof(counts));
	l = cg_diff_labeller_new();
	fill(l);
	CHECK(begin(inv, &id) == 0);
	CHECK(cg_diff_record(counts, l, inv, id) == 0);
	cg_diff_labeller_free(l);
	CHECK(counts[CG_DIFF_NEW] == 3);       /* b, the second d, e */
	CHECK(counts[CG_DIFF_UNCHANGED] == 2); /* a, one d */
	CHECK(counts[CG_DIFF_REMOVED] == 1);   /* c */
	cg_inv_scan_stats st = { .finished_at = "2026-01-01T00:00:01Z" };
	CHECK(cg_inventory_scan_commit(inv, id, &st) == 0);
	CHECK(cg_diff_load(&items, &n, inv, id) == 0);
	CHECK(n == 6);
	if (n == 6) {
		/* new first, then removed, then unchanged; by path, line */
		static const struct {
			cg_diff_label label;
			const char *path;
			uint32_t line;
			const char *asset;
			char fp;
		} want[] = {
			{ CG_DIFF_NEW, "a.py", 7, "SHA-1", 'b' },
			{ CG_DIFF_NEW, "a.py", 30, "MD5", 'd' },
			{ CG_DIFF_NEW, "a.py", 40, "weak-hash", 'e' },
			{ CG_DIFF_REMOVED, "old.py", 9, "SHA-1", 'c' },
			/* an unchanged pair is recorded with its HEAD line */
			{ CG_DIFF_UNCHANGED, "a.py", 5, "MD5", 'a' },
			{ CG_DIFF_UNCHANGED, "a.py", 21, "MD5", 'd' },
		};
		for (size_t i = 0; i < n; i++) {
			CHECK(items[i].label == want[i].label);
			CHECK_STR(items[i].path, want[i].path);
			CHECK(items[i].line == want[i].line);
			CHECK_STR(items[i].asset, want[i].asset);
			CHECK_STR(items[i].context, "product");
			CHECK(items[i].fingerprint[0] == want[i].fp &&
			      items[i].fingerprint[63] == want[i].fp &&
			      strlen(items[i].fingerprint) == 64);
		}
	}
	cg_diff_findings_free(items, n);
	cg_inventory_close(inv);
	cg_free(db);
	return unit_done();
}
