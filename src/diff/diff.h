/*
 * diff — the engine of the pull-request gate: scan only the files that
 * changed between two refs of a repository (renames followed) and label
 * each finding new, unchanged or removed. A finding is identified by its
 * fingerprint, the one of src/suppress/suppress.h (rule id, path, line
 * hash, asset name, misuse category, index among identical ones), which
 * has no line number: moving code around does not change it, and a
 * renamed file keeps its findings (the BASE side is fingerprinted under
 * the HEAD path). A misuse finding without an asset is labelled with its
 * category as the asset.
 *
 * The scan is recorded like any other (one transaction, the CBOM of the
 * changed files, the labels in the inventory's diff_findings table);
 * cg_diff_run() returns the labelled list read back from the inventory.
 *
 * Ownership: a cg_diff_result is owned by the caller (cg_diff_free).
 */
#ifndef CG_DIFF_H
#define CG_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "../scan/scan.h"

typedef enum {
	CG_DIFF_NEW = 0,   /* only in HEAD */
	CG_DIFF_UNCHANGED, /* in both versions of a changed file */
	CG_DIFF_REMOVED,   /* only in BASE */
} cg_diff_label;

/* "new", "unchanged", "removed"; static. */
const char *cg_diff_label_name(cg_diff_label label);

typedef struct {
	cg_diff_label label;
	char fingerprint[65]; /* hex sha256 (src/suppress), stable across
	                         line moves */
	char *path;           /* HEAD path; BASE path for removed ones */
	uint32_t line;        /* 1-based, in that version */
	char *rule_id;
	char *asset;   /* canonical asset name, e.g. "MD5" */
	char *context; /* product, test or vendor */
} cg_diff_finding;

typedef struct {
	cg_scan_summary summary; /* the scan's totals and both commits */
	cg_diff_finding *items;  /* new first, then removed, then unchanged;
	                            each by path, line, rule */
	size_t len;
} cg_diff_result;

/* Diff o->base (BASE) against o->ref (HEAD; NULL: HEAD) in the repository
 * or URL o->target, record the scan and return the labelled findings.
 * Errors as cg_scan_run(), class in *fail. */
int cg_diff_run(cg_diff_result **out, cg_scan_fail *fail,
                const cg_scan_opts *o);
void cg_diff_free(cg_diff_result *r);

#endif
