/* Unit tests of the engine: findings of one file (name, line, parameters
 * with provenance), the pre-filter, comments and strings, and a parse of
 * arbitrary bytes. usage: test_unit_engine RULES_DIR */
#include <stdlib.h>
#include <string.h>

#include "../../src/engine/engine.h"
#include "../../src/util/util.h"
#include "unit.h"

static const cg_finding *find(const cg_findings *v, const char *name,
                              uint32_t line)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i].name && strcmp(v->items[i].name, name) == 0 &&
		    v->items[i].line == line)
			return &v->items[i];
	return NULL;
}

static int scan(cg_findings *out, cg_engine_result *res, cg_engine_worker *w,
                const char *lang, const char *src)
{
	return cg_engine_scan(out, res, w, cg_lang_by_name(lang), src,
	                      strlen(src));
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	cg_ruleset *rs = NULL;
	cg_engine *e = NULL;
	CHECK(cg_rules_load(&rs, argv[1]) == 0);
	CHECK(cg_engine_new(&e, rs) == 0);
	cg_engine_worker *w = cg_engine_worker_new(e);
	cg_engine_result res;
	cg_findings v = { 0 };

	/* a literal, a constant and a comment */
	const char *py = "import hashlib\n"
	                 "from Crypto.Cipher import AES\n"
	                 "KEY_BITS = 'sha256'\n"
	                 "# hashlib.md5 in a comment is not a use\n"
	                 "def f(k, data):\n"
	                 "    a = hashlib.md5(data)\n"
	                 "    b = hashlib.new(KEY_BITS)\n"
	                 "    c = AES.new(k, AES.MODE_CBC)\n"
	                 "    return 'hashlib.sha1 in a string'\n";
	CHECK(scan(&v, &res, w, "python", py) == 0);
	CHECK(!res.prefiltered);
	CHECK(res.rules_run > 0);
	CHECK(find(&v, "MD5", 6) != NULL);
	const cg_finding *f = find(&v, "SHA-256", 7);
	CHECK(f != NULL);
	CHECK(f && f->algorithm.src == CG_SRC_CONSTANT &&
	      f->algorithm.line == 3);
	f = find(&v, "AES-CBC", 8);
	CHECK(f != NULL);
	CHECK(f && f->mode.value && strcmp(f->mode.value, "cbc") == 0);
	CHECK(find(&v, "MD5", 4) == NULL);
	CHECK(find(&v, "SHA-1", 9) == NULL);
	/* sorted by line */
	for (size_t i = 1; i < v.len; i++)
		CHECK(v.items[i - 1].line <= v.items[i].line);
	cg_findings_dispose(&v);

	/* no rule literal: not parsed */
	CHECK(scan(&v, &res, w, "python", "print('hello')\n") == 0);
	CHECK(res.prefiltered);
	CHECK(v.len == 0);

	/* Java: the algorithm string of a factory */
	const char *java =
	    "import javax.crypto.Cipher;\n"
	    "class A {\n"
	    "  byte[] f(byte[] k) throws Exception {\n"
	    "    Cipher c = Cipher.getInstance(\"AES/GCM/NoPadding\");\n"
	    "    return null;\n  }\n}\n";
	CHECK(scan(&v, &res, w, "java", java) == 0);
	f = find(&v, "AES-GCM", 4);
	CHECK(f != NULL);
	CHECK(f && f->algorithm.src == CG_SRC_LITERAL);
	cg_findings_dispose(&v);

	/* arbitrary bytes: a result, never a crash */
	char junk[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof(junk) - 1; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	memcpy(junk, "import hashlib\n", 15);
	junk[sizeof(junk) - 1] = '\0';
	for (size_t i = 0; i < cg_lang_count(); i++) {
		int rc = cg_engine_scan(&v, &res, w, cg_lang_at(i), junk,
		                        sizeof(junk) - 1);
		CHECK(rc == 0 || rc == CG_ELIMIT);
		cg_findings_dispose(&v);
	}

	cg_engine_worker_free(w);
	cg_engine_free(e);
	cg_rules_free(rs);
	return unit_done();
}
