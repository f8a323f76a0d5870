/*
 * gate — the pull-request gate. Two ways to get the base's fingerprints
 * and the head's findings, one evaluation:
 *  - two git revisions (base_ref, head_ref): a diff scan
 *    (cg_gate_diff_run, labels by src/diff) of only the files changed
 *    between them, HEAD recorded in
 *    <out_dir>/diff; the base's fingerprints are those of the findings
 *    labelled unchanged or removed, so only findings new in HEAD count
 *    as new;
 *  - two source trees (base_dir, head_dir): both are scanned whole, each
 *    into its own inventory under the work folder (base/, head/).
 * Then the policy is evaluated on the head (cg_policy_evaluate decides new
 * vs existing by fingerprint) and SARIF written with each result's
 * baselineState.
 *
 * Ownership: options are borrowed; the report is owned by the caller
 * (cg_gate_report_free).
 */
#ifndef CG_GATE_H
#define CG_GATE_H

#include "../diff/diff.h"
#include "../policy/policy.h"
#include "../scan/scan.h"

/* ---- a diff scan (`cryptagion diff`, and the gate on two revisions) --- */

typedef struct {
	cg_scan_summary summary; /* the scan's totals and both commits */
	cg_diff_finding *items;  /* new first, then removed, then unchanged;
	                            each by path, line, rule */
	size_t len;
} cg_gate_diff;

/* Diff o->base (BASE) against o->ref (HEAD; NULL: HEAD) in the repository
 * or URL o->target: record the scan of the changed files with their labels
 * (src/diff) and return the labelled findings read back from the
 * inventory. Errors as cg_scan_run(), class in *fail; the result is the
 * caller's (cg_gate_diff_free). */
int cg_gate_diff_run(cg_gate_diff **out, cg_scan_fail *fail,
                     const cg_scan_opts *o);
void cg_gate_diff_free(cg_gate_diff *r);

typedef struct {
	cg_scan_opts scan; /* rules, schemas, jobs, epoch, profile...; the
	                      target, out_dir, db, sarif and baselines are
	                      set by the gate */
	const char *base_dir, *head_dir; /* two trees, or: */
	const char *target;              /* repository or URL (default .) */
	const char *base_ref, *head_ref; /* two revisions (head: HEAD) */
	const char *out_dir;             /* work folder: base/ and head/ */
	const char *policy;   /* policy file, or NULL: the built-in one */
	const char *sarif;    /* SARIF of the head with baselineState */
	const char *baseline; /* baseline file applied to the head */
} cg_gate_opts;

typedef struct {
	cg_policy_result *result;
	cg_scan_summary base, head; /* git: base is empty, head the diff
	                               scan's summary (diff_* counts) */
	char *profile;              /* the profile used */
} cg_gate_report;

int cg_gate_run(cg_gate_report **out, cg_scan_fail *fail,
                const cg_gate_opts *o);
void cg_gate_report_free(cg_gate_report *r);

#endif
