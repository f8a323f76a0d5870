/* Unit tests of the rules module: loading (and its error paths), the
 * canonical algorithm table, modes, paddings and curves.
 * usage: test_unit_rules RULES_DIR TMP_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../../src/rules/rules.h"
#include "../../src/util/util.h"
#include "unit.h"

/* Load a one-file rule folder holding `yaml` as python/x.yaml; returns
 * the error (0 on success) and frees the set. */
static const char *table; /* the text of the real algorithms.yaml */

static int load_one(const char *tmp, const char *name, const char *yaml)
{
	char *dir = cg_sprintf("%s/%s", tmp, name);
	char *py = cg_sprintf("%s/python", dir);
	cg_mkdirs(py);
	unit_write(py, "x.yaml", yaml);
	unit_write(dir, "algorithms.yaml", table);
	cg_ruleset *rs = NULL;
	int error = cg_rules_load(&rs, dir);
	cg_rules_free(rs);
	cg_free(py);
	cg_free(dir);
	return error;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	const char *rules = argv[1], *tmp = argv[2];
	cg_mkdirs(tmp);

	/* the real rule set loads, with its table */
	cg_ruleset *rs = NULL;
	CHECK(cg_rules_load(&rs, rules) == 0);
	CHECK(rs && rs->nrules > 100);
	CHECK(rs && rs->nalgs > 50);
	CHECK(rs && strlen(rs->hash) == 64);

	/* the table: sizes and modes from a raw string */
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	cg_alg_match am;
	CHECK(cg_rules_algorithm(&am, rs, "AES/GCM/NoPadding", md));
	CHECK_STR(am.alg ? am.alg->family : NULL, "AES");
	CHECK_STR(am.mode, "gcm");
	cg_alg_match_dispose(&am);
	CHECK(cg_rules_algorithm(&am, rs, "aes-256-cbc", md));
	CHECK_STR(am.size, "256");
	CHECK_STR(am.mode, "cbc");
	char *name = cg_rules_name(am.alg, am.size, am.mode, NULL);
	CHECK_STR(name, "AES-256-CBC");
	cg_free(name);
	cg_alg_match_dispose(&am);
	CHECK(!cg_rules_algorithm(&am, rs, "NotAnAlgorithm42", md));
	cg_alg_match_dispose(&am);
	pcre2_match_data_free(md);
	cg_rules_free(rs);

	/* modes, paddings, curves */
	char *m = cg_rules_mode("MODE_CBC");
	CHECK_STR(m, "cbc");
	cg_free(m);
	m = cg_rules_padding("PKCS5Padding");
	CHECK_STR(m, "pkcs5");
	cg_free(m);
	int bits = 0;
	m = cg_rules_curve("prime256v1", &bits);
	CHECK_STR(m, "P256");
	CHECK(bits == 256);
	cg_free(m);
	m = cg_rules_curve("secp384r1", &bits);
	CHECK_STR(m, "P384");
	cg_free(m);
	m = cg_rules_curve("not-a-curve", NULL);
	CHECK(m == NULL);
	cg_free(m);

	/* a folder without its algorithm table is refused by name */
	char *empty = cg_sprintf("%s/no-table", tmp);
	cg_mkdirs(empty);
	CHECK(cg_rules_load(&rs, empty) < 0);
	CHECK(unit_has(cg_error_last(), "algorithms.yaml"));
	cg_free(empty);

	/* error paths: each names the file and the line */
	char *tpath = cg_sprintf("%s/algorithms.yaml", rules);
	char *ttext = NULL;
	size_t tlen = 0;
	CHECK(cg_read_file(&ttext, &tlen, tpath, 16u << 20) == 0);
	table = ttext ? ttext : "";
	cg_free(tpath);
	static const char head[] = "rules:\n  - id: t.x\n    message: m\n"
	                           "    literals: [hashlib]\n";
	char *y;
	y = cg_sprintf("%s    query: |\n      (call) @call\n"
	               "    asset: {algorithm: MD5}\n    bogus: 1\n",
	               head);
	CHECK(load_one(tmp, "unknown-key", y) == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "x.yaml:8"));
	CHECK(unit_has(cg_error_last(), "bogus"));
	cg_free(y);
	y = cg_sprintf("%s    query: |\n      (calll) @call\n"
	               "    asset: {algorithm: MD5}\n",
	               head);
	CHECK(load_one(tmp, "bad-query", y) == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "x.yaml:"));
	cg_free(y);
	CHECK(load_one(tmp, "bad-yaml", "rules: [\n  - id: {\n") == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "x.yaml"));
	y = cg_sprintf("%s    query: |\n      (call) @call\n", head);
	CHECK(load_one(tmp, "no-asset", y) == CG_EPARSE);
	cg_free(y);
	/* a predicate inside an alternation matches every node: rejected */
	y = cg_sprintf("%s    query: |\n      [ (call) @call (#eq? @call "
	               "\"x\") (identifier) @call ]\n"
	               "    asset: {algorithm: MD5}\n",
	               head);
	CHECK(load_one(tmp, "alt-predicate", y) == CG_EPARSE);
	cg_free(y);
	/* named patterns: %{name} is expanded from patterns.yaml (a
	 * fragment may use one before it); an unknown name is refused by
	 * file and line */
	y = cg_sprintf("%s    query: |\n      (call) @call\n"
	               "    where: {call: '^%%{hash}$'}\n"
	               "    asset: {algorithm: MD5}\n",
	               head);
	char *pfile = cg_sprintf("%s/unknown-pattern/patterns.yaml", tmp);
	remove(pfile); /* from an earlier run */
	cg_free(pfile);
	CHECK(load_one(tmp, "unknown-pattern", y) == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "x.yaml:7"));
	CHECK(unit_has(cg_error_last(), "%{hash}"));
	char *pdir = cg_sprintf("%s/unknown-pattern", tmp);
	unit_write(pdir, "patterns.yaml",
	           "patterns:\n  md: 'md[245]'\n  hash: '(?:%{md}|sha1)'\n");
	cg_ruleset *pr = NULL;
	CHECK(cg_rules_load(&pr, pdir) == 0);
	CHECK(pr && pr->patterns.len == 4);
	CHECK_STR(pr && pr->patterns.len == 4 ? pr->patterns.items[3] : NULL,
	          "(?:md[245]|sha1)");
	cg_rules_free(pr);
	unit_write(pdir, "patterns.yaml", "patterns:\n  hash: '(?:%{md}'\n");
	CHECK(cg_rules_load(&pr, pdir) == CG_EPARSE);
	CHECK(unit_has(cg_error_last(), "patterns.yaml:2"));
	cg_free(pdir);
	cg_free(y);
	cg_ruleset *none = NULL;
	CHECK(cg_rules_load(&none, "/nonexistent/rules") < 0);
	CHECK(none == NULL);
	cg_free(ttext);
	return unit_done();
}
