/* fuzz_material.c — libFuzzer target for the material readers.
 * Built three times (CMake, CG_FUZZ=ON) with FUZZ_PATH naming the file the
 * bytes pretend to be: a certificate bundle, a key, a configuration. The
 * reader must never crash, leak or read out of bounds, whatever the
 * bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/material/material.h"
#include "../../src/rules/rules.h"
#include "../../src/util/util.h"

static cg_ruleset *rs;
static cg_material_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (cg_rules_load(&rs, FUZZ_RULES) < 0 ||
	    cg_material_ctx_new(&ctx, rs, FUZZ_RULES, 1767225600, 90) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = cg_malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	cg_findings f = { 0 };
	cg_materials m = { 0 };
	cg_material_kind kind = cg_material_detect(FUZZ_PATH, buf, size);
	if (kind == CG_MATERIAL_NONE)
		kind = FUZZ_KIND;
	cg_material_scan(&f, &m, ctx, kind, FUZZ_PATH, buf, size);
	cg_findings_dispose(&f);
	cg_materials_dispose(&m);
	cg_free(buf);
	return 0;
}
