/*
 * diff — the labels of a diff scan: each finding of the files changed
 * between two refs is new, unchanged or removed. A finding is identified
 * by its fingerprint, the one of src/suppress/suppress.h (rule id, path,
 * line hash, asset name, misuse category, index among identical ones),
 * which has no line number: moving code around does not change it, and a
 * renamed file keeps its findings (the BASE side is fingerprinted under
 * the HEAD path). A misuse finding without an asset is labelled with its
 * category as the asset.
 *
 * The scan's writer hands every finding of both versions of a changed
 * file to a cg_diff_labeller and, before the scan commits, has it label
 * them into the inventory's diff_findings table (cg_diff_record), so a
 * diff scan and its labels are recorded together. cg_diff_load reads the
 * labels of a recorded scan back; running a diff scan is the gate's
 * (gate.h, cg_gate_diff_run).
 *
 * Ownership: a labeller is owned by its creator (cg_diff_labeller_free);
 * it borrows the context strings it is given until it is freed. A loaded
 * list is owned by the caller (cg_diff_findings_free).
 */
#ifndef CG_DIFF_H
#define CG_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../inventory/inventory.h"
#include "../model/model.h"

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

/* ---- labelling (the scan's writer) ------------------------------------ */

typedef struct cg_diff_labeller cg_diff_labeller;

cg_diff_labeller *cg_diff_labeller_new(void);
void cg_diff_labeller_free(cg_diff_labeller *l);

/* Add finding f (its fingerprint set) of the BASE (base_side) or HEAD
 * version of a changed file at display path `path` (the BASE path for the
 * BASE side); context is borrowed until the labeller is freed. */
void cg_diff_add(cg_diff_labeller *l, bool base_side, const char *path,
                 const cg_finding *f, const char *context);

/* Label what was added: a fingerprint in both versions is unchanged
 * (pairs counted one to one), only in HEAD new, only in BASE removed;
 * record each label for scan_id (inside the scan's transaction) and count
 * them in counts[cg_diff_label]. 0, or the inventory's error. */
int cg_diff_record(uint64_t counts[3], cg_diff_labeller *l, cg_inventory *inv,
                   int64_t scan_id);

/* ---- reading back ----------------------------------------------------- */

/* The labelled findings of scan_id: new first, then removed, then
 * unchanged; each by path, line, rule (cg_diff_findings_free). */
int cg_diff_load(cg_diff_finding **out, size_t *n, cg_inventory *inv,
                 int64_t scan_id);
void cg_diff_findings_free(cg_diff_finding *items, size_t n);

#endif
