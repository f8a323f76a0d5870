/*
 * emit — deliverables written from the inventory alone (never from the
 * engine's live state), so that they can be regenerated later without the
 * source. This issue ships the CycloneDX 1.6 CBOM; SARIF, the roadmap, the
 * PDF and checksums are further emitters behind the same pattern.
 *
 * Ownership: emitters read a cg_inv_scan they borrow; returned strings are
 * owned by the caller (cg_free).
 */
#ifndef CG_EMIT_H
#define CG_EMIT_H

#include <stddef.h>

#include "../inventory/inventory.h"
#include "../util/util.h"

typedef struct {
	const char
	    *schema_dir; /* folder holding bom-1.6.SNAPSHOT.schema.json */
	const char *tool_version; /* cryptagion's version */
	size_t max_errors;        /* schema violations to report */
} cg_emit_opts;

/* Build the CBOM of `scan` and validate it against the official CycloneDX
 * 1.6 schema. On success *out holds the JSON text. An invalid document is
 * not returned: CG_EINVALID, with the first violations in cg_error_last().
 */
int cg_emit_cbom(char **out, const cg_inv_scan *scan, const cg_emit_opts *o);

/* cg_emit_cbom, then write the document atomically to path. */
int cg_emit_cbom_file(const char *path, const cg_inv_scan *scan,
                      const cg_emit_opts *o);

/* ---- SARIF 2.1.0 (sarif.c) --------------------------------------------- */

#define CG_SARIF_SCHEMA "sarif-2.1.0-rtm.5.json"

typedef struct {
	const char *schema_dir;   /* folder holding CG_SARIF_SCHEMA */
	const char *tool_version; /* cryptagion's version */
	size_t max_errors;        /* schema violations to report */
	/* For the gate: the base's fingerprints (sorted), or NULL. When set,
	 * each result has baselineState "new" or "unchanged". */
	const cg_strv *base_fingerprints;
} cg_emit_sarif_opts;

/* Build the SARIF log of `scan`: one rule per asset (help text: the risk
 * explanation, the clauses and the replacement; properties.
 * security-severity = score / 10), one result per occurrence (relative
 * path, start line and column, partialFingerprints, suppressions for
 * suppressed findings), validated against the SARIF 2.1.0 schema before
 * it is returned. */
int cg_emit_sarif(char **out, const cg_inv_scan *scan,
                  const cg_emit_sarif_opts *o);
int cg_emit_sarif_file(const char *path, const cg_inv_scan *scan,
                       const cg_emit_sarif_opts *o);

#endif
