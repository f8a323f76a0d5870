/*
 * tests/risk/score.c — the risk formula, table-driven, against the real
 * standards table (rules/standards/standards.yaml), for each profile; the
 * repository-level figures; and load errors that name file and line.
 * Usage: test_risk_score STANDARDS_YAML WORK_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/risk/risk.h"
#include "../../src/util/util.h"

typedef struct {
	const char *what, *profile;
	int year;
	cg_risk_asset a;
	int score;
	const char *severity;
	const char *entry;
} tcase;

#define A(...) ((cg_risk_asset){ __VA_ARGS__ })

static const tcase cases[] = {
	{ "RSA-1024 signature", "nist", 2026,
	  A(.name = "RSA-1024", .family = "RSA", .primitive = "signature",
	    .functions = "sign", .parameter_set = "1024", .classical = 80),
	  97, "critical", "rsa-below-112" },
	{ "RSA-2048 key transport", "nist", 2026,
	  A(.name = "RSA-2048", .family = "RSA", .primitive = "pke",
	    .functions = "encrypt,decrypt", .parameter_set = "2048",
	    .classical = 112),
	  70, "high", "rsa-112-ke" },
	{ "RSA-2048 key transport, 2030", "nist", 2030,
	  A(.name = "RSA-2048", .family = "RSA", .primitive = "pke",
	    .functions = "encrypt", .parameter_set = "2048", .classical = 112),
	  86, "critical", "rsa-112-ke" },
	{ "RSA-2048 key transport, BSI", "bsi", 2026,
	  A(.name = "RSA-2048", .family = "RSA", .primitive = "pke",
	    .functions = "encrypt", .parameter_set = "2048", .classical = 112),
	  81, "high", "rsa-112-ke" },
	{ "RSA-2048 key transport, CNSA 2.0", "cnsa2", 2026,
	  A(.name = "RSA-2048", .family = "RSA", .primitive = "pke",
	    .functions = "encrypt", .parameter_set = "2048", .classical = 112),
	  100, "critical", "rsa-112-ke" },
	{ "RSA-2048 signature", "nist", 2026,
	  A(.name = "RSA-2048", .family = "RSA", .primitive = "signature",
	    .functions = "sign,verify", .parameter_set = "2048",
	    .classical = 112),
	  35, "low", "rsa-112-signature" },
	{ "RSA of unknown size (assumed 2048, key establishment)", "nist", 2026,
	  A(.name = "RSA", .family = "RSA", .primitive = "pke",
	    .functions = "keygen", .classical = 0),
	  70, "high", "rsa-112-ke" },
	{ "AES-128-GCM", "nist", 2026,
	  A(.name = "AES-128-GCM", .family = "AES", .primitive = "ae",
	    .parameter_set = "128", .mode = "gcm", .classical = 128),
	  5, "info", "aes-128" },
	{ "AES-128-GCM, CNSA 2.0", "cnsa2", 2026,
	  A(.name = "AES-128-GCM", .family = "AES", .primitive = "ae",
	    .parameter_set = "128", .mode = "gcm", .classical = 128),
	  95, "critical", "aes-128" },
	{ "AES-256-GCM", "nist", 2026,
	  A(.name = "AES-256-GCM", .family = "AES", .primitive = "ae",
	    .parameter_set = "256", .mode = "gcm", .classical = 256),
	  0, "info", "aes-256" },
	{ "AES-256-GCM with one misuse finding", "nist", 2026,
	  A(.name = "AES-256-GCM", .family = "AES", .primitive = "ae",
	    .parameter_set = "256", .mode = "gcm", .classical = 256,
	    .misuses = 1),
	  38, "low", "aes-256" },
	{ "AES-256-ECB (R3d draft)", "nist", 2026,
	  A(.name = "AES-256-ECB", .family = "AES", .primitive = "block-cipher",
	    .parameter_set = "256", .mode = "ecb", .classical = 256),
	  76, "high", "aes-ecb" },
	{ "SHA-1 signature", "nist", 2026,
	  A(.name = "SHA-1", .family = "SHA-1", .primitive = "hash",
	    .functions = "sign", .parameter_set = "160", .classical = 63),
	  95, "critical", "sha1-collision" },
	{ "HMAC-SHA-1", "nist", 2026,
	  A(.name = "HMAC-SHA-1", .family = "HMAC", .primitive = "mac",
	    .functions = "tag", .classical = 128),
	  34, "low", "hmac-sha1" },
	{ "3DES", "nist", 2026,
	  A(.name = "3DES-CBC", .family = "3DES", .primitive = "block-cipher",
	    .parameter_set = "168", .mode = "cbc", .classical = 112),
	  96, "critical", "3des" },
	{ "ML-KEM-768", "nist", 2026,
	  A(.name = "ML-KEM-768", .family = "ML-KEM", .primitive = "kem",
	    .parameter_set = "768", .classical = 192),
	  0, "info", "ml-kem-768" },
	{ "ML-KEM-768, BSI", "bsi", 2026,
	  A(.name = "ML-KEM-768", .family = "ML-KEM", .primitive = "kem",
	    .parameter_set = "768", .classical = 192),
	  0, "info", "ml-kem-768" },
	{ "ML-KEM-768, CNSA 2.0", "cnsa2", 2026,
	  A(.name = "ML-KEM-768", .family = "ML-KEM", .primitive = "kem",
	    .parameter_set = "768", .classical = 192),
	  38, "low", "ml-kem-768" },
	{ "X25519", "nist", 2026,
	  A(.name = "X25519", .family = "X25519", .primitive = "key-agree",
	    .parameter_set = "255", .classical = 128),
	  60, "medium", "x25519" },
	{ "X25519, BSI", "bsi", 2026,
	  A(.name = "X25519", .family = "X25519", .primitive = "key-agree",
	    .parameter_set = "255", .classical = 128),
	  72, "high", "x25519" },
	{ "ECDSA P-256 signature", "nist", 2026,
	  A(.name = "ECDSA-256", .family = "ECDSA", .primitive = "signature",
	    .parameter_set = "256", .classical = 128),
	  25, "low", "ecdsa-128" },
	{ "ECDH P-256, BSI", "bsi", 2026,
	  A(.name = "ECDH-256", .family = "ECDH", .primitive = "key-agree",
	    .parameter_set = "256", .classical = 128),
	  66, "high", "ecdh-128" },
	{ "MD5 digest", "nist", 2026,
	  A(.name = "MD5", .family = "MD5", .primitive = "hash",
	    .functions = "digest", .parameter_set = "128", .classical = 0),
	  95, "critical", "md5" },
	{ "MD5 for a non-security checksum", "nist", 2026,
	  A(.name = "MD5", .family = "MD5", .primitive = "hash",
	    .functions = "digest", .parameter_set = "128", .classical = 0,
	    .non_security = true),
	  10, "info", "md5" },
};

static int failures;

/* Load a copy of `data` with the first `from` replaced by `to`; the load
 * must fail with CG_EPARSE and a message holding `want`. */
static void broken(const char *path, const char *data, const char *from,
                   const char *to, const char *want);

static void check(bool ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

static void write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void broken(const char *path, const char *data, const char *from,
                   const char *to, const char *want)
{
	const char *at = strstr(data, from);
	if (!at) {
		check(false, from);
		return;
	}
	cg_buf b = CG_BUF_INIT;
	cg_buf_printf(&b, "%.*s%s%s", (int)(at - data), data, to,
	              at + strlen(from));
	write(path, cg_buf_cstr(&b));
	cg_buf_dispose(&b);
	cg_risk_standards *st = NULL;
	int rc = cg_risk_load(&st, path);
	char what[512];
	snprintf(what, sizeof(what), "%s (want '%s')",
	         rc == CG_EPARSE ? cg_error_last() : "loaded", want);
	check(rc == CG_EPARSE &&
	          strstr(cg_error_last(), "bad-standards.yaml:") &&
	          strstr(cg_error_last(), want),
	      what);
	cg_risk_free(st);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s STANDARDS WORK\n", argv[0]);
		return 2;
	}
	cg_risk_standards *st = NULL;
	if (cg_risk_load(&st, argv[1]) < 0) {
		printf("FAIL loading %s: %s\n", argv[1], cg_error_last());
		return 1;
	}
	cg_risk_totals tot = { 0 };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const tcase *c = &cases[i];
		cg_risk_result r;
		int rc = cg_risk_score(&r, st, c->profile, c->year, &c->a);
		char what[512];
		snprintf(what, sizeof(what),
		         "%s: score %d (want %d), %s (want %s), entry %s",
		         c->what, r.score, c->score, r.severity, c->severity,
		         r.entry);
		check(rc == 0 && r.score == c->score &&
		          strcmp(r.severity, c->severity) == 0 &&
		          strcmp(r.entry, c->entry) == 0 && r.explanation &&
		          strstr(r.explanation, "S = ") && r.citations &&
		          *r.citations,
		      what);
		if (rc == 0 && r.score != c->score)
			printf("     explanation: %s\n", r.explanation);
		if (strcmp(c->profile, "nist") == 0 && c->year == 2026)
			cg_risk_totals_add(&tot, &r);
		cg_risk_result_dispose(&r);
	}
	/* every explanation cites a clause, and drafts say so */
	cg_risk_result r;
	cg_risk_score(&r, st, "nist", 2026, &cases[1].a);
	check(strstr(r.citations, "IR 8547") != NULL &&
	          strstr(r.citations, "(draft)") != NULL &&
	          strstr(r.citations, "Table 2") != NULL,
	      "RSA-2048 citations name IR 8547 (draft) and SP 800-57 Table 2");
	check(r.quantum_vulnerable && r.y_q == 2031,
	      "RSA-2048 is quantum-vulnerable with a 2031 deadline");
	cg_risk_result_dispose(&r);
	cg_risk_score(&r, st, "nist", 2026, &cases[6].a);
	check(r.low_confidence && strstr(r.explanation, "assumed"),
	      "unknown RSA size is assumed and flagged low confidence");
	cg_risk_result_dispose(&r);
	check(cg_risk_score(&r, st, "fips", 2026, &cases[0].a) == CG_ENOTFOUND,
	      "unknown profile is an error");
	cg_risk_result_dispose(&r);

	/* repository-level figures */
	char what[256];
	snprintf(what, sizeof(what),
	         "totals: %llu critical, %llu high, %zu/%zu "
	         "quantum-vulnerable, readiness %d",
	         (unsigned long long)tot.counts[0],
	         (unsigned long long)tot.counts[1], tot.nquantum, tot.n,
	         cg_risk_totals_readiness(&tot));
	check(tot.n == 16 && tot.counts[0] == 4 && tot.counts[1] == 3 &&
	          tot.nquantum == 6 && cg_risk_totals_readiness(&tot) >= 0 &&
	          cg_risk_totals_readiness(&tot) <= 100,
	      what);
	/* the roadmap phases and CNSA 2.0 dates, each with its source */
	const cg_roadmap_facts *rf = cg_risk_roadmap_info(st);
	bool cited = rf->default_citation && *rf->default_citation;
	for (int i = 0; i < CG_ROADMAP_NPHASES; i++)
		cited =
		    cited && rf->phases[i].citation && *rf->phases[i].citation;
	for (size_t i = 0; i < rf->nmilestones; i++)
		cited = cited && *rf->milestones[i].citation &&
		        rf->milestones[i].exclusive_by >= 2030;
	for (size_t i = 0; i < rf->ngates; i++)
		cited = cited && *rf->gates[i].citation;
	check(cited && strcmp(rf->phases[0].id, "act-now") == 0 &&
	          !rf->phases[0].deadline &&
	          strcmp(rf->phases[1].deadline, "2030-12-31") == 0 &&
	          strcmp(rf->phases[2].deadline, "2035-12-31") == 0 &&
	          rf->nmilestones == 7 && rf->ngates == 3 &&
	          strcmp(rf->gates[0].date, "2027-01-01") == 0 &&
	          strcmp(rf->default_deadline, "2030-12-31") == 0,
	      "roadmap phases and CNSA 2.0 dates loaded, each citing a "
	      "clause");
	cg_risk_totals empty = { 0 };
	check(cg_risk_totals_readiness(&empty) == 100 &&
	          cg_risk_totals_quantum_share(&empty) == 0,
	      "a tree without assets is fully ready");
	cg_risk_free(st);

	/* malformed tables: file and line named */
	char *bad = cg_sprintf("%s/bad-standards.yaml", argv[2]);
	char *data = NULL;
	size_t len = 0;
	if (cg_read_file(&data, &len, argv[1], 0) == 0) {
		char *cut = strstr(data, "  - id: md5\n");
		char *cite =
		    cut ? strstr(cut, ", cite: \"57 Table 3: not") : NULL;
		if (cite) {
			/* drop the classical cite of the first entry */
			char *end = strchr(cite, '}');
			memmove(cite, end, strlen(end) + 1);
			write(bad, data);
			int rc = cg_risk_load(&st, bad);
			check(
			    rc == CG_EPARSE &&
			        strstr(cg_error_last(),
			               "bad-standards.yaml:") &&
			        strstr(cg_error_last(),
			               "entry md5: classical: names no source "
			               "clause"),
			    cg_error_last());
		} else {
			check(false, "could not prepare a broken table");
		}
	}
	/* the md5 case cut its copy: read the table again */
	cg_free(data);
	data = NULL;
	if (cg_read_file(&data, &len, argv[1], 0) == 0) {
		broken(bad, data,
		       ", cite: \"NSA CNSA 2.0 advisory, Sept 2022 "
		       "(U/OO/194427-22), pp. 5-6\"}",
		       "}",
		       "cnsa2.milestones[0]: names no source clause (cite)");
		broken(bad, data, "deadline: \"2030-12-31\"",
		       "deadline: \"2030-13-31\"",
		       "roadmap.phases[1].deadline: must be a YYYY-MM-DD "
		       "date");
		broken(bad, data, "deadline: \"2035-12-31\"",
		       "deadline: \"2029-12-31\"",
		       "roadmap.phases[2]: deadlines must be in ascending "
		       "order");
		broken(bad, data, "    - id: by-2035\n",
		       "    - id: by-2035\n"
		       "      extra: 1\n",
		       "roadmap.phases[2]: unknown key "
		       "'extra'");
		broken(bad, data, "  default_deadline:\n    date:",
		       "  default_deadline:\n    day:",
		       "cnsa2.default_deadline: unknown key 'day'");
		broken(bad, data, "\ncnsa2:\n", "\ncnsa2_x:\n",
		       "standards: unknown key 'cnsa2_x'");
	}
	cg_free(data);
	write(bad, "version: x\nmodel: {k_weight: 2}\n");
	check(cg_risk_load(&st, bad) == CG_EPARSE &&
	          strstr(cg_error_last(), ":2: k_weight: must be a number"),
	      cg_error_last());
	cg_free(bad);
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
