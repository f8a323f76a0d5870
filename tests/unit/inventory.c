/* Unit tests of the inventory and the policy: a scan recorded and read
 * back (every column into its field), a finding through the blob cache
 * (every field kept), an aborted scan leaving nothing, a corrupt
 * database refused, a policy loaded (and its errors) and evaluated on the
 * recorded scan.
 * usage: test_unit_inventory TMP_DIR */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/inventory/inventory.h"
#include "../../src/policy/policy.h"
#include "unit.h"

static void md5_finding(cg_finding *f, uint32_t line)
{
	memset(f, 0, sizeof(*f));
	f->rule_id = cg_strdup("python.hashlib.md5");
	f->name = cg_strdup("MD5");
	f->family = cg_strdup("MD5");
	f->primitive = cg_strdup("hash");
	f->functions = cg_strdup("digest");
	f->classical = 0;
	cg_param_set(&f->algorithm, "MD5", CG_SRC_API, 0);
	f->symbol = cg_strdup("hashlib.md5");
	f->line = line;
	f->column = 5;
	memset(f->fingerprint, 'a', 64);
	f->fingerprint[63] = (char)('0' + line % 10);
}

static int record(cg_inventory *inv, const char *target, bool commit,
                  int64_t *id)
{
	cg_inv_scan_info info = { .serial =
		                      "0f0f0f0f-1111-4222-8333-444444444444",
		                  .target = target,
		                  .target_name = target,
		                  .started_at = "2026-01-01T00:00:00Z",
		                  .tool_version = "test",
		                  .ruleset_hash = "0" };
	int error = cg_inventory_scan_begin(id, inv, &info);
	if (error < 0)
		return error;
	cg_inv_file file = { .path = "src/a.py",
		             .language = "python",
		             .size = 10,
		             .status = "scanned" };
	int64_t fid;
	if ((error = cg_inventory_add_file(&fid, inv, *id, &file)) < 0)
		return error;
	for (uint32_t line = 3; line <= 4; line++) {
		cg_finding f;
		md5_finding(&f, line);
		error = cg_inventory_add_finding(inv, *id, fid, &f);
		cg_finding_dispose(&f);
		if (error < 0)
			return error;
	}
	if (!commit) {
		cg_inventory_scan_abort(inv);
		return 0;
	}
	cg_inv_scan_stats st = { .files_scanned = 1,
		                 .findings = 2,
		                 .finished_at = "2026-01-01T00:00:01Z" };
	return cg_inventory_scan_commit(inv, *id, &st);
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
	CHECK(cg_inventory_schema_version(inv) == CG_INVENTORY_SCHEMA_VERSION);

	/* an aborted scan leaves nothing */
	int64_t id = 0;
	CHECK(record(inv, "aborted", false, &id) == 0);
	int64_t latest = 0;
	CHECK(cg_inventory_latest_scan(&latest, inv) == CG_ENOTFOUND);

	/* a committed scan reads back: one asset, two occurrences */
	CHECK(record(inv, "repo", true, &id) == 0);
	CHECK(cg_inventory_latest_scan(&latest, inv) == 0 && latest == id);
	cg_inv_scan *s = NULL;
	CHECK(cg_inventory_load(&s, inv, id) == 0);
	CHECK(s && s->nassets == 1);
	if (s && s->nassets == 1) {
		CHECK_STR(s->assets[0].name, "MD5");
		CHECK(s->assets[0].nocc == 2);
		CHECK_STR(s->assets[0].occs[0].path, "src/a.py");
		CHECK(s->assets[0].occs[0].line == 3);
		CHECK(s->assets[0].occs[1].line == 4);
		/* every column read back into its field */
		const cg_inv_asset *a = &s->assets[0];
		CHECK_STR(a->family, "MD5");
		CHECK_STR(a->primitive, "hash");
		CHECK_STR(a->functions, "digest");
		CHECK(a->classical == 0 && !a->risk.scored);
		const cg_inv_occ *o = &a->occs[0];
		CHECK(o->column == 5);
		CHECK_STR(o->rule_id, "python.hashlib.md5");
		CHECK_STR(o->symbol, "hashlib.md5");
		CHECK_STR(o->language, "python");
		CHECK(o->fingerprint && strlen(o->fingerprint) == 64 &&
		      o->fingerprint[63] == '3');
		CHECK(o->suppression == NULL && o->unresolved == NULL);
		CHECK_STR(o->context, "product");
		CHECK(o->nparams == 1);
		if (o->nparams == 1) {
			CHECK_STR(o->params[0].name, "algorithm");
			CHECK_STR(o->params[0].value, "MD5");
			CHECK_STR(o->params[0].source, "api");
			CHECK(o->params[0].source_line == 0);
		}
	}
	CHECK(s && s->files_scanned == 1 && s->findings == 2);
	CHECK(s && s->serial &&
	      strcmp(s->serial, "0f0f0f0f-1111-4222-8333-"
	                        "444444444444") == 0);
	CHECK_STR(s ? s->started_at : NULL, "2026-01-01T00:00:00Z");
	CHECK_STR(s ? s->finished_at : NULL, "2026-01-01T00:00:01Z");
	CHECK(s && s->repo_url == NULL && s->nskipped == 0 && s->ngaps == 0);
	cg_inv_scan *none = NULL;
	int missing = cg_inventory_load(&none, inv, id + 1000);
	CHECK(missing < 0 || (none && none->nassets == 0));
	cg_inv_scan_free(none);

	/* the policy: loading, its errors, an evaluation */
	unit_write(tmp, "ok.yaml",
	           "version: 1\nfail_on:\n  severity: critical\n"
	           "banned:\n  algorithms: [MD5]\n");
	unit_write(tmp, "bad.yaml",
	           "version: 1\nfail_onn:\n  severity: high\n");
	unit_write(tmp, "badsev.yaml",
	           "version: 1\nfail_on:\n  severity: severe\n");
	char *ok = cg_sprintf("%s/ok.yaml", tmp);
	char *bad = cg_sprintf("%s/bad.yaml", tmp);
	char *badsev = cg_sprintf("%s/badsev.yaml", tmp);
	cg_policy *p = NULL;
	CHECK(cg_policy_load(&p, bad) == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "bad.yaml:2"));
	CHECK(p == NULL);
	CHECK(cg_policy_load(&p, badsev) == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "badsev.yaml:3"));
	CHECK(cg_policy_load(&p, "/nonexistent/policy.yaml") < 0);
	CHECK(cg_policy_load(&p, ok) == 0);
	cg_policy_result *r = NULL;
	if (p && s) {
		CHECK(cg_policy_evaluate(&r, p, s, NULL) == 0);
		CHECK(r && r->failed);
		CHECK(r && r->nviolations >= 1);
		CHECK(r && r->nviolations >= 1 &&
		      strcmp(r->violations[0].path, "src/a.py") == 0);
		cg_policy_result_free(r);
		/* every finding already in the base: nothing new, and the
		 * default policy fails only on new findings */
		cg_policy *d = cg_policy_default();
		cg_strv base = CG_STRV_INIT;
		for (size_t k = 0; k < s->assets[0].nocc; k++)
			if (s->assets[0].occs[k].fingerprint)
				cg_strv_push(&base,
				             s->assets[0].occs[k].fingerprint);
		cg_strv_sort(&base);
		r = NULL;
		CHECK(cg_policy_evaluate(&r, d, s, &base) == 0);
		CHECK(r && !r->failed && r->new_active == 0);
		cg_policy_result_free(r);
		cg_strv_dispose(&base);
		cg_policy_free(d);
	}
	cg_policy_free(p);
	cg_inv_scan_free(s);

	/* the blob cache keeps every field of a finding */
	cg_inv_scan_info ci = { .serial =
		                    "0f0f0f0f-2222-4222-8333-444444444444",
		                .target = "cache",
		                .target_name = "cache",
		                .started_at = "2026-01-01T00:00:00Z",
		                .tool_version = "test",
		                .ruleset_hash = "0" };
	int64_t cid;
	CHECK(cg_inventory_scan_begin(&cid, inv, &ci) == 0);
	cg_inv_cache_key key = { .blob_id = "0123456789abcdef",
		                 .lang_hint = "python",
		                 .ruleset_hash = "r",
		                 .engine_version = "e" };
	cg_inv_cached put = { .language = cg_strdup("python"),
		              .status = cg_strdup("scanned"),
		              .size = 42,
		              .parse_errors = true };
	memcpy(put.sha256, "ab", 3);
	cg_finding *f = cg_findings_push(&put.findings);
	f->rule_id = cg_strdup("python.aes.ecb");
	f->name = cg_strdup("AES-128-ECB");
	f->family = cg_strdup("AES");
	f->primitive = cg_strdup("block-cipher");
	f->oid = cg_strdup("2.16.840.1.101.3.4.1.1");
	f->classical = 128;
	f->quantum = 1;
	f->symbol = cg_strdup("AES.new");
	f->line = 12;
	f->column = 9;
	cg_param_set(&f->algorithm, "AES", CG_SRC_CONSTANT, 3);
	cg_param_set(&f->key_size, "128", CG_SRC_LITERAL, 0);
	cg_param_set(&f->mode, "ecb", CG_SRC_FIELD, 7);
	f->curve.src = CG_SRC_UNRESOLVED; /* a value that cannot be resolved */
	cg_finding_xparam(f, "iterations", "1000", CG_SRC_PARAMETER, 20);
	f->misuse = cg_strdup("ecb-mode");
	f->severity = cg_strdup("high");
	f->message = cg_strdup("ECB leaks patterns");
	f->unresolved = cg_strdup("parameter `k`");
	memset(f->line_hash, 'c', 64);
	f->supp_kind = CG_SUPP_INLINE;
	f->supp_status = CG_SUPP_APPLIES;
	f->supp_reason = cg_strdup("legacy format");
	f->supp_until = cg_strdup("2027-01-01");
	f->supp_line = 11;
	CHECK(cg_inventory_cache_put(inv, &key, &put) == 0);
	cg_inv_cached got = { 0 };
	CHECK(cg_inventory_cache_get(&got, inv, &key) == 0);
	CHECK_STR(got.language, "python");
	CHECK_STR(got.status, "scanned");
	CHECK(got.size == 42 && got.parse_errors && !got.generated);
	CHECK_STR(got.sha256, "ab");
	CHECK(got.findings.len == 1);
	if (got.findings.len == 1) {
		const cg_finding *g = &got.findings.items[0];
		CHECK_STR(g->rule_id, "python.aes.ecb");
		CHECK_STR(g->name, "AES-128-ECB");
		CHECK_STR(g->family, "AES");
		CHECK_STR(g->primitive, "block-cipher");
		CHECK(g->functions == NULL);
		CHECK_STR(g->oid, "2.16.840.1.101.3.4.1.1");
		CHECK(g->classical == 128 && g->quantum == 1);
		CHECK_STR(g->symbol, "AES.new");
		CHECK(g->line == 12 && g->column == 9);
		CHECK_STR(g->algorithm.value, "AES");
		CHECK(g->algorithm.src == CG_SRC_CONSTANT &&
		      g->algorithm.line == 3);
		CHECK_STR(g->key_size.value, "128");
		CHECK(g->key_size.src == CG_SRC_LITERAL);
		CHECK_STR(g->mode.value, "ecb");
		CHECK(g->mode.src == CG_SRC_FIELD && g->mode.line == 7);
		CHECK(g->padding.value == NULL &&
		      g->padding.src == CG_SRC_UNKNOWN);
		CHECK(g->curve.value == NULL &&
		      g->curve.src == CG_SRC_UNRESOLVED);
		const cg_param *it = cg_finding_xget(g, "iterations");
		CHECK(it && it->value && strcmp(it->value, "1000") == 0 &&
		      it->src == CG_SRC_PARAMETER && it->line == 20);
		CHECK_STR(g->misuse, "ecb-mode");
		CHECK_STR(g->severity, "high");
		CHECK_STR(g->message, "ECB leaks patterns");
		CHECK_STR(g->unresolved, "parameter `k`");
		CHECK(strlen(g->line_hash) == 64 && g->line_hash[0] == 'c');
		CHECK(g->supp_kind == CG_SUPP_INLINE &&
		      g->supp_status == CG_SUPP_APPLIES && g->supp_line == 11);
		CHECK_STR(g->supp_reason, "legacy format");
		CHECK_STR(g->supp_until, "2027-01-01");
	}
	cg_inv_cached_dispose(&got);
	cg_inv_cached_dispose(&put);
	cg_inventory_scan_abort(inv);
	cg_inventory_close(inv);

	/* a file that is not a database is refused */
	unit_write(tmp, "garbage.db", "this is not sqlite, it is text\n");
	char *garbage = cg_sprintf("%s/garbage.db", tmp);
	inv = NULL;
	CHECK(cg_inventory_open(&inv, garbage) < 0);
	CHECK(inv == NULL);
	CHECK(unit_has(cg_error_last(), "garbage.db"));
	cg_free(garbage);
	cg_free(ok);
	cg_free(bad);
	cg_free(badsev);
	cg_free(db);
	return unit_done();
}
