/* fuzz_inputs.c — libFuzzer targets for the readers of user and repository
 * inputs. Built once per FUZZ_TARGET (CMake, CG_FUZZ=ON):
 *   FUZZ_RULES_LOADER  the bytes are a rule file of rules/python/ (loaded
 *                      with the real algorithms.yaml, queries compiled)
 *   FUZZ_POLICY        the bytes are a gate policy file
 *   FUZZ_SUPPRESS      the bytes are a source file with inline
 *                      suppressions (findings on every line) and a baseline
 *   FUZZ_IGNORE        the bytes are a .cryptagionignore, matched against
 *                      paths taken from the same bytes
 * None may crash, leak, read out of bounds or take more than linear-ish
 * time, whatever the bytes. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/filter/filter.h"
#include "../../src/policy/policy.h"
#include "../../src/rules/rules.h"
#include "../../src/suppress/suppress.h"
#include "../../src/util/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir;  /* a private temporary folder */
static char *file; /* the file the bytes are written to */

static void put(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char tmpl[] = "/tmp/cg-fuzz-XXXXXX";
	if (!mkdtemp(tmpl))
		abort();
	dir = cg_strdup(tmpl);
#if defined(FUZZ_RULES_LOADER)
	/* dir/algorithms.yaml (the real table) and dir/python/fuzz.yaml */
	char *alg = cg_sprintf("%s/algorithms.yaml", dir);
	char *real = cg_sprintf("%s/algorithms.yaml", FUZZ_RULES);
	if (symlink(real, alg) < 0)
		abort();
	cg_free(alg);
	cg_free(real);
	char *py = cg_sprintf("%s/python", dir);
	if (mkdir(py, 0700) < 0)
		abort();
	file = cg_sprintf("%s/fuzz.yaml", py);
	cg_free(py);
#else
	file = cg_sprintf("%s/input", dir);
#endif
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if defined(FUZZ_RULES_LOADER)
	put(file, data, size);
	cg_ruleset *rs = NULL;
	if (cg_rules_load(&rs, dir) == 0)
		cg_rules_free(rs);
#elif defined(FUZZ_POLICY)
	put(file, data, size);
	cg_policy *p = NULL;
	if (cg_policy_load(&p, file) == 0)
		cg_policy_free(p);
#elif defined(FUZZ_SUPPRESS)
	char *text = cg_malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	/* a finding on each of the first lines, two rules, one repeated */
	cg_findings v = { 0 };
	uint32_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	for (uint32_t l = 1; l <= lines && l <= 64; l++)
		for (int k = 0; k < 3; k++) {
			if (v.len == v.cap) {
				v.cap = v.cap ? v.cap * 2 : 16;
				v.items = cg_realloc(
				    v.items, v.cap * sizeof(cg_finding));
			}
			cg_finding *f = &v.items[v.len++];
			memset(f, 0, sizeof(*f));
			f->rule_id = cg_strdup(k == 2 ? "python.hashlib.md5"
			                              : "python.hashlib.sha1");
			f->name = cg_strdup(k == 2 ? "MD5" : "SHA-1");
			f->line = l;
		}
	cg_suppress_line_hashes(&v, text, size);
	cg_suppress_inline(&v, text, size, "2026-01-01");
	cg_suppress_fingerprints(&v, "a.py");
	cg_suppress_recheck(&v, "2027-01-01");
	put(file, data, size);
	cg_strv base = CG_STRV_INIT;
	if (cg_suppress_baseline_load(&base, file) == 0) {
		cg_suppress_baseline_apply(&v, &base, "baseline");
		cg_strv_dispose(&base);
	}
	cg_findings_dispose(&v);
	cg_free(text);
#elif defined(FUZZ_IGNORE)
	/* the first line (up to 512 bytes) is the path to match, the rest
	 * the ignore file */
	size_t cut = 0;
	while (cut < size && cut < 512 && data[cut] != '\n')
		cut++;
	char *path = cg_strndup((const char *)data, cut);
	cg_filter_ignore *ig = cg_filter_ignore_new();
	size_t rest = cut < size ? size - cut - 1 : 0;
	cg_filter_ignore_add_text(ig, (const char *)data + size - rest, rest);
	(void)cg_filter_ignore_match(ig, path, false);
	(void)cg_filter_ignore_match(ig, path, true);
	(void)cg_filter_glob_check(path);
	cg_filter_ignore_free(ig);
	cg_free(path);
#else
#error "define one FUZZ_ target"
#endif
	cg_error_clear();
	return 0;
}
