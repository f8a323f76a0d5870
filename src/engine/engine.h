/*
 * engine — per file: pre-filter the bytes with the rules' literal words,
 * parse with tree-sitter, collect the file's imports and constants, run the
 * rules' queries, check predicates and conditions, resolve parameters
 * (literals, constants, library defaults) and produce findings. It knows no
 * language by name (everything comes from the pack) and no storage
 * (findings go back to the caller).
 *
 * Ownership: a cg_engine is immutable after cg_engine_new() and shared by
 * all workers; it borrows the ruleset, which must outlive it. A
 * cg_engine_worker belongs to one thread (it owns a TSParser, a query
 * cursor and pcre2 match data).
 */
#ifndef CG_ENGINE_H
#define CG_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lang/lang.h"
#include "../model/model.h"
#include "../rules/rules.h"

/* Bumped whenever a change to the engine can change findings: part of the
 * blob cache's key, with the tool version and the rule-set hash. */
#define CG_ENGINE_VERSION "5"

typedef struct cg_engine cg_engine;
typedef struct cg_engine_worker cg_engine_worker;

int cg_engine_new(cg_engine **out, const cg_ruleset *rs);

/* Project constants: a first pass over the files of a scan collects the
 * top-level constants defined with a literal value (the pack's
 * `xconst_pattern`), before any worker starts; the table is then
 * immutable and shared. A name that a file does not define resolves to
 * the one value the project gives it (names defined with different
 * values are dropped); a qualified name (`Config.ALG`, an import of
 * `config.ALG`) only to a definition in a file or directory of that
 * qualifier's name. */
typedef struct cg_xconsts cg_xconsts;
cg_xconsts *cg_xconsts_new(void);
void cg_xconsts_add(cg_xconsts *t, const cg_lang_pack *pack, const char *path,
                    const char *src, size_t len);
/* Sort; the table's hash (part of the blob cache's key) in out. */
void cg_xconsts_seal(cg_xconsts *t, char out[65]);
void cg_xconsts_free(cg_xconsts *t);
/* The engine consults t (borrowed, outlives it) when a file's own
 * definitions do not resolve a name. Call before any worker starts. */
void cg_engine_use_xconsts(cg_engine *e, const cg_xconsts *t);
void cg_engine_free(cg_engine *e);

cg_engine_worker *cg_engine_worker_new(const cg_engine *e);
void cg_engine_worker_free(cg_engine_worker *w);

/* What happened to one file. */
typedef struct {
	bool prefiltered;   /* no rule literal in the bytes: not parsed */
	bool parse_errors;  /* the tree has ERROR nodes (scanned anyway) */
	unsigned rules_run; /* rules whose queries ran */
	/* matches whose value resolution hit a budget (candidates, choice
	 * points, depth or the file's steps): coverage notes */
	unsigned budget_notes;
	/* a coverage note ("note: ..."), or "": matches tree-sitter dropped
	 * past its match limit, or the query budget ran out */
	char note[200];
} cg_engine_result;

/* Scan one file's bytes (src[len] must be readable and NUL). Findings
 * are appended to `out`, sorted and de-duplicated. Returns 0, or
 * CG_ELIMIT when the parse timed out (no findings then). */
int cg_engine_scan(cg_findings *out, cg_engine_result *res, cg_engine_worker *w,
                   const cg_lang_pack *pack, const char *src, size_t len);

#endif
