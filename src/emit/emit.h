/*
 * emit — deliverables written from the inventory alone (never from the
 * engine's live state), so that they can be regenerated later without the
 * source: the CycloneDX 1.6 CBOM (cbom.c, with the material components of
 * cbom_material.c), SARIF 2.1.0 (sarif.c), the migration roadmap
 * (roadmap.c), the executive PDF report (pdf.c) and the set of them with
 * its SHA256SUMS manifest, written last (deliver.c), each an entry of the
 * table cg_emitters. The JSON documents are
 * validated against their schemas before anything is written
 * (json_out.c); an invalid document is never written.
 *
 * Ownership: emitters read a cg_inv_scan they borrow; returned strings and
 * buffers are owned by the caller (cg_free).
 */
#ifndef CG_EMIT_H
#define CG_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../inventory/inventory.h"
#include "../model/roadmap.h"
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

/* ---- SARIF 2.1.0 (sarif.c) --------------------------------------------- */

#define CG_SARIF_SCHEMA "sarif-2.1.0-rtm.5.json"

typedef struct {
	const char *schema_dir;   /* folder holding CG_SARIF_SCHEMA */
	const char *tool_version; /* cryptagion's version */
	size_t max_errors;        /* schema violations to report */
	/* For the gate: the base's fingerprints (sorted), or NULL. When set,
	 * each result has baselineState "new" or "unchanged". */
	const cg_strv *base_fingerprints;
	/* Leave out the inventory results of assets of severity info (a
	 * first upload then opens alerts only for what needs action);
	 * misuses are always reported. */
	bool no_info;
} cg_emit_sarif_opts;

/* Build the SARIF log of `scan`: one rule per asset (help text: the risk
 * explanation, the clauses and the replacement; properties.
 * security-severity = score / 10; helpUri: the manual under docs/), one
 * result per occurrence (relative path, start line and column,
 * partialFingerprints, suppressions for suppressed findings), then one
 * rule per misuse category (misuse/CATEGORY) and one result per misuse;
 * versionControlProvenance names the commit when one was scanned.
 * Validated against the SARIF 2.1.0 schema before it is returned. */
int cg_emit_sarif(char **out, const cg_inv_scan *scan,
                  const cg_emit_sarif_opts *o);

/* ---- deliverables: roadmap (roadmap.c), PDF (pdf.c), checksums and the
 * set (deliver.c) ------------------------------------------------------- */

#define CG_ROADMAP_SCHEMA "roadmap-1.0.schema.json"

/* Phases of the roadmap, most urgent first (docs/cryptagion.md); their
 * ids, titles, deadlines and criteria are standards data
 * (cg_roadmap_facts.phases, same order). */
typedef enum {
	CG_PHASE_NOW = 0, /* severity critical or high */
	CG_PHASE_2030,    /* severity medium */
	CG_PHASE_2035,    /* severity low, or quantum-vulnerable */
	CG_PHASE_NONE,    /* nothing to do (info, not quantum-vulnerable) */
} cg_roadmap_phase;
_Static_assert(CG_PHASE_NONE == CG_ROADMAP_NPHASES,
               "one cg_roadmap_phase per phase of the standards table");

/* One asset's place in the roadmap. Effort: points = occurrences
 * + 2 * files + 5 * libraries; size S <= 10 < M <= 30 < L <= 80 < XL;
 * person-days = points / 4 rounded up to half a day. */
typedef struct {
	const cg_inv_asset *asset; /* borrowed from the scan */
	cg_roadmap_phase phase;
	int priority;      /* 1 = first; 0 for CG_PHASE_NONE */
	size_t files;      /* distinct paths */
	cg_strv libraries; /* distinct "<language>.<pack>" of the rules */
	unsigned points;
	const char *size; /* "S", "M", "L", "XL" */
	double person_days;
	/* YYYY-MM-DD: Dec 31 before the asset's quantum deadline year (the
	 * scorer's y_q, first year of the adverse status) when known, else
	 * the phase's deadline; "" when neither (act-now without y_q) */
	char deadline[24];
	bool deadline_quantum; /* deadline comes from y_q */
	bool product; /* at least one occurrence in product code (not only
	                 tests, vendored or generated code) */
} cg_roadmap_item;

/* The plan of a scan: items sorted by priority (product code first, then
 * score descending, then bom-ref), followed by the CG_PHASE_NONE assets.
 * Owns its items. */
typedef struct {
	cg_roadmap_item *items;
	size_t n, nactive; /* all assets; those with a phase */
	size_t nphase[CG_ROADMAP_NPHASES];
	double person_days;
	uint64_t occurrences;
} cg_roadmap;

/* `facts` (borrowed) gives the phase deadlines. */
void cg_roadmap_build(cg_roadmap *out, const cg_inv_scan *s,
                      const cg_roadmap_facts *facts);
void cg_roadmap_dispose(cg_roadmap *r);

/* The roadmap JSON of `scan` with the phases and CNSA 2.0 dates of `facts`
 * (borrowed; from the standards table), validated against
 * CG_ROADMAP_SCHEMA in schema_dir before it is returned (CG_EINVALID
 * otherwise). */
int cg_emit_roadmap(char **out, const cg_inv_scan *scan,
                    const cg_roadmap_facts *facts, const char *schema_dir,
                    const char *tool_version);

typedef struct {
	const char *name; /* file name in the deliverables folder */
	char sha256[65];  /* hex */
} cg_checksum;

typedef struct {
	const char *title;        /* engagement name (--title), or NULL */
	const char *commit;       /* commit of the target when known */
	const char *font_dir;     /* DejaVuSans.ttf, DejaVuSans-Bold.ttf */
	const char *tool_version; /* cryptagion's version */
	int64_t epoch;            /* SOURCE_DATE_EPOCH, or -1 for now */
	const cg_checksum *sums;  /* of the JSON deliverables */
	size_t nsums;
	const cg_roadmap_facts *roadmap; /* phases and CNSA 2.0 dates */
} cg_pdf_opts;

#define CG_PDF_DEFAULT_FONT_DIR "/usr/share/fonts/truetype/dejavu"

/* Fail (CG_ENOTFOUND, one line naming the file) when a font is missing. */
int cg_emit_pdf_check_fonts(const char *font_dir);
/* The executive report as PDF bytes (*out, *len; owned by the caller). */
int cg_emit_pdf(char **out, size_t *len, const cg_inv_scan *scan,
                const cg_pdf_opts *o);

/* What the emitters of the table are given (and cg_emit_deliverables). */
typedef struct {
	const char *out_dir; /* the deliverables folder */
	const char *cbom_schema_dir;
	const char *roadmap_schema_dir;
	const char *font_dir;
	const char *tool_version;
	const char *title;  /* or NULL */
	const char *commit; /* or NULL: the scan's */
	int64_t epoch;      /* SOURCE_DATE_EPOCH, or -1 */
	/* the roadmap phases and CNSA 2.0 dates of the standards table
	 * (cg_risk_roadmap_info); required by the roadmap and the PDF */
	const cg_roadmap_facts *roadmap;
	/* SARIF: its schema folder, the gate's base fingerprints (sorted, or
	 * NULL) and whether info-level inventory results are left out */
	const char *sarif_schema_dir;
	const cg_strv *base_fingerprints;
	bool sarif_no_info;
} cg_deliver_opts;

/* One deliverable: the table cg_emitters drives cg_emit_deliverables, the
 * `report` command (through it) and the single documents a scan or the
 * gate writes (cg_emit_write: the CBOM alone, SARIF). */
typedef struct {
	const char *name; /* "cbom", "roadmap", "pdf", "sarif" */
	const char *file; /* its name in the deliverables folder */
	bool in_set;      /* written by cg_emit_deliverables, in table order,
	                     and listed in SHA256SUMS */
	/* Build and validate the document of s into *out (cg_free), *len
	 * bytes; `before` are the checksums of the documents of the set
	 * built before it (the PDF lists them). */
	int (*build)(char **out, size_t *len, const cg_inv_scan *s,
	             const cg_deliver_opts *o, const cg_checksum *before,
	             size_t nbefore);
} cg_emitter;

/* The emitters, the set's first in the set's order; NULL-name ended. */
extern const cg_emitter cg_emitters[];

/* The emitter called name, or NULL. */
const cg_emitter *cg_emit_find(const char *name);

/* Build e's document of scan and write it atomically to path. */
int cg_emit_write(const cg_emitter *e, const char *path,
                  const cg_inv_scan *scan, const cg_deliver_opts *o);

/* Write the full set to out_dir: the documents of the emitters in_set
 * (cbom.json, roadmap.json, report.pdf) and SHA256SUMS (sha256sum -c
 * format, relative names), written last. Every document is built and
 * validated before the first file is written. */
int cg_emit_deliverables(const cg_inv_scan *scan, const cg_deliver_opts *o);

#endif
