/* Unit tests of the engine: findings of one file (name, line, parameters
 * with provenance), the pre-filter, comments and strings, and a parse of
 * arbitrary bytes. usage: test_unit_engine RULES_DIR */
#include <stdlib.h>
#include <string.h>

#include "../../src/engine/engine.h"
#include "../../src/engine/engine_int.h"
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

	/* the configuration table: .properties lines (comments, ':' and
	 * blank separators, continuations, escapes) and YAML flattened to
	 * dotted keys (documents, lists and block scalars skipped) */
	CHECK(cg_xconfig_wants("src/main/resources/benchmark.properties"));
	CHECK(cg_xconfig_wants("config/application-prod.yml"));
	CHECK(cg_xconfig_wants("bootstrap.yaml"));
	CHECK(!cg_xconfig_wants("deploy/values.yml"));
	CHECK(!cg_xconfig_wants("i18n/messages_fr.properties"));
	CHECK(!cg_xconfig_wants("Strings_pt_BR.properties"));
	CHECK(cg_xconfig_wants("conf/application_db.properties"));
	cg_xconfig *xt = cg_xconfig_new();
	const char *props = "# comment\n"
	                    "! also a comment\n"
	                    "cryptoAlg1=DES/ECB/PKCS5Padding\n"
	                    "  hashAlg1 : MD5  \n"
	                    "hashAlg2 SHA-256\r\n"
	                    "title=a \\\n"
	                    "    b\n"
	                    "key\\=x=\\u0041ES\n"
	                    "empty=\n";
	cg_xconfig_add(xt, "res/benchmark.properties", props, strlen(props));
	const char *yml = "crypto:\n"
	                  "  # a comment\n"
	                  "  alg: AES/CBC/PKCS5Padding  # trailing\n"
	                  "  digest: \"SHA-384\"\n"
	                  "  list:\n"
	                  "    - a\n"
	                  "  pem: |\n"
	                  "    x: y\n"
	                  "server:\n"
	                  "  port: 8443\n"
	                  "---\n"
	                  "crypto:\n"
	                  "  digest: SHA-1\n";
	cg_xconfig_add(xt, "application.yml", yml, strlen(yml));
	cg_xconfig_add(xt, "README.md", "a=b\n", 4); /* not read */
	char h1[65], h2[65];
	cg_xconfig_seal(xt, h1);
	CHECK(cg_xconfig_dropped(xt) == 0);
	const cg_xconfig_entry *xe = NULL;
	CHECK(cg_engine__xconfig_find(xt, "cryptoAlg1", &xe) == 1);
	CHECK(xe && strcmp(xe->value, "DES/ECB/PKCS5Padding") == 0 &&
	      xe->line == 3 &&
	      strcmp(xe->path, "res/benchmark.properties") == 0);
	CHECK(cg_engine__xconfig_find(xt, "hashAlg1", &xe) == 1);
	CHECK_STR(xe ? xe->value : NULL, "MD5");
	CHECK(cg_engine__xconfig_find(xt, "hashAlg2", &xe) == 1);
	CHECK_STR(xe ? xe->value : NULL, "SHA-256");
	CHECK(cg_engine__xconfig_find(xt, "title", &xe) == 1);
	CHECK_STR(xe ? xe->value : NULL, "a b");
	CHECK(cg_engine__xconfig_find(xt, "key=x", &xe) == 1);
	CHECK_STR(xe ? xe->value : NULL, "AES");
	CHECK(xe && xe->line == 8);
	CHECK(cg_engine__xconfig_find(xt, "empty", &xe) == 0);
	CHECK(cg_engine__xconfig_find(xt, "crypto.alg", &xe) == 1);
	CHECK(xe && strcmp(xe->value, "AES/CBC/PKCS5Padding") == 0 &&
	      xe->line == 3);
	CHECK(cg_engine__xconfig_find(xt, "crypto.digest", &xe) == 2);
	CHECK(xe && strcmp(xe->value, "SHA-384") == 0 && xe->line == 4);
	CHECK(xe && strcmp(xe[1].value, "SHA-1") == 0 && xe[1].line == 13);
	CHECK(cg_engine__xconfig_find(xt, "server.port", &xe) == 1);
	CHECK(cg_engine__xconfig_find(xt, "crypto.list", &xe) == 0);
	CHECK(cg_engine__xconfig_find(xt, "crypto.pem", &xe) == 0);
	CHECK(cg_engine__xconfig_find(xt, "x", &xe) == 0);
	CHECK(cg_engine__xconfig_find(xt, "a", &xe) == 0);
	/* the hash follows the content */
	cg_xconfig *xt2 = cg_xconfig_new();
	cg_xconfig_add(xt2, "application.yml", yml, strlen(yml));
	cg_xconfig_seal(xt2, h2);
	CHECK(strcmp(h1, h2) != 0);
	cg_xconfig_free(xt2);

	/* a lookup of a key a file sets: the file's value, the default kept
	 * as a parameter; a key no file sets: the default */
	cg_engine_use_xconfig(e, xt);
	const char *jp =
	    "import java.util.Properties;\n"
	    "import java.security.MessageDigest;\n"
	    "class B {\n"
	    "  void f(Properties p) throws Exception {\n"
	    "    MessageDigest.getInstance(p.getProperty(\"hashAlg1\", "
	    "\"SHA-512\"));\n"
	    "    MessageDigest.getInstance(p.getProperty(\"hashAlg7\", "
	    "\"SHA-512\"));\n"
	    "  }\n}\n";
	CHECK(scan(&v, &res, w, "java", jp) == 0);
	f = find(&v, "MD5", 5);
	CHECK(f && f->algorithm.src == CG_SRC_PROPERTIES &&
	      f->algorithm.line == 4);
	const cg_param *xp = f ? cg_finding_xget(f, "default") : NULL;
	CHECK(xp && strcmp(xp->value, "SHA-512") == 0 &&
	      xp->src == CG_SRC_ENV && xp->line == 5);
	xp = f ? cg_finding_xget(f, "config:file") : NULL;
	CHECK_STR(xp ? xp->value : NULL, "res/benchmark.properties");
	CHECK(find(&v, "SHA-512", 5) == NULL); /* the decoy default */
	f = find(&v, "SHA-512", 6);
	CHECK(f && f->algorithm.src == CG_SRC_ENV);
	cg_findings_dispose(&v);
	cg_engine_use_xconfig(e, NULL);
	cg_xconfig_free(xt);

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
