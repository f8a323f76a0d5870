/* fuzz_lang.c — libFuzzer target for one language pack (FUZZ_LANG, the
 * pack's name): the bytes are a source file, parsed and matched by every
 * rule of the pack, then line-hashed, suppression-checked and
 * fingerprinted as a scan does. Nothing may crash, leak or read out of
 * bounds; the parser's own time limit bounds each input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/engine/engine.h"
#include "../../src/lang/lang.h"
#include "../../src/rules/rules.h"
#include "../../src/suppress/suppress.h"
#include "../../src/util/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cg_ruleset *rs;
static cg_engine *engine;
static cg_engine_worker *worker;
static const cg_lang_pack *pack;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	pack = cg_lang_by_name(FUZZ_LANG);
	if (!pack)
		abort();
	bool *need = cg_calloc(cg_lang_count() + 1, sizeof(bool));
	for (size_t i = 0; i < cg_lang_count(); i++)
		need[i] = cg_lang_at(i) == pack;
	if (cg_rules_load_for(&rs, FUZZ_RULES, need) < 0 ||
	    cg_engine_new(&engine, rs) < 0)
		abort();
	cg_free(need);
	worker = cg_engine_worker_new(engine);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = cg_malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	cg_findings f = { 0 };
	cg_engine_result res = { 0 };
	if (cg_engine_scan(&f, &res, worker, pack, buf, size) == 0) {
		cg_suppress_line_hashes(&f, buf, size);
		cg_suppress_inline(&f, buf, size, "2026-01-01");
		cg_findings_sort(&f);
		cg_suppress_fingerprints(&f, "fuzz");
	}
	cg_findings_dispose(&f);
	cg_free(buf);
	cg_error_clear();
	return 0;
}
