/* material_int.h — shared between the material readers; not public. */
#ifndef CG_MATERIAL_INT_H
#define CG_MATERIAL_INT_H

#include <stdbool.h>

#include "../rules/rules.h"
#include "material.h"

/* A flagged version set of a library (rules/libraries.yaml `weak`). */
typedef struct {
	bool all;         /* every version */
	char *below;      /* versions below this, or NULL */
	cg_strv versions; /* version series */
	char *reason;
} cg_mat_weak;

/* One crypto library of rules/libraries.yaml. */
typedef struct {
	cg_strv ecosystems;    /* pypi, npm, golang, cargo, maven, ... */
	cg_strv names;         /* package names ("*" suffix: any rest) */
	cg_strv rule_prefixes; /* rule ids whose findings it provides */
	cg_mat_weak *weak;
	size_t nweak;
} cg_mat_lib;

struct cg_material_ctx {
	const cg_ruleset *rs;
	int64_t now;
	int warn_days;
	cg_mat_lib *libs;
	size_t nlibs;
};

/* The state of one file being analysed. */
typedef struct {
	const cg_material_ctx *ctx;
	cg_findings *findings;
	cg_materials *mats;
	const char *path;
	const char *ext; /* file extension without the dot, or "" */
	pcre2_match_data *md;
} cg_mat_file;

/* An algorithm asset: a finding of rule `rule` at `line` for raw algorithm
 * string `raw` (normalised through the canonical table) with optional size
 * and curve. On success *prim and *name (may be NULL) receive the asset's
 * primitive and canonical name (owned by the caller). Returns false when
 * the table does not know raw. */
bool cg_material__alg(cg_mat_file *f, const char *rule, const char *raw,
                      const char *size, const char *curve, uint32_t line,
                      const char *symbol, char **prim, char **name);
/* The same, as a misuse finding of `category`/`severity` with message. */
void cg_material__misuse(cg_mat_file *f, const char *rule, const char *raw,
                         const char *size, const char *curve, uint32_t line,
                         const char *category, const char *severity,
                         const char *message);
/* Reference object o to the algorithm asset of raw (recording the
 * occurrence too). */
void cg_material__ref_alg(cg_mat_file *f, cg_mat_obj *o, const char *relation,
                          const char *rule, const char *raw, const char *size,
                          const char *curve, uint32_t line);

/* Readers. */
void cg_material__objects(cg_mat_file *f, const char *data, size_t len);
void cg_material__config(cg_mat_file *f, const char *data, size_t len);
void cg_material__manifest(cg_mat_file *f, const char *data, size_t len);
/* Library table (libraries.yaml). */
int cg_material__libs_load(cg_material_ctx *c, const char *path);
void cg_material__libs_free(cg_material_ctx *c);

/* A short id for a bom-ref: the first 16 hex digits of sha256(s). */
void cg_material__short_hash(char out[17], const char *s);

#endif
