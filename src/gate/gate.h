/*
 * gate — the pull-request gate over two source trees: scan the base and
 * the head (each into its own inventory under the work folder), take the
 * base's fingerprints, evaluate the policy on the head (cg_policy_evaluate
 * decides new vs existing), and write SARIF with each result's
 * baselineState. The git diff engine will feed the same evaluation from
 * two revisions (--base REF --head REF); only this driver changes.
 *
 * Ownership: options are borrowed; the report is owned by the caller
 * (cg_gate_report_free).
 */
#ifndef CG_GATE_H
#define CG_GATE_H

#include "../policy/policy.h"
#include "../scan/scan.h"

typedef struct {
	cg_scan_opts scan; /* rules, schemas, jobs, epoch, profile...; the
	                      target, out_dir, db, sarif and baselines are
	                      set by the gate */
	const char *base_dir, *head_dir;
	const char *out_dir;  /* work folder: base/ and head/ */
	const char *policy;   /* policy file, or NULL: the built-in one */
	const char *sarif;    /* SARIF of the head with baselineState */
	const char *baseline; /* baseline file applied to the head */
} cg_gate_opts;

typedef struct {
	cg_policy_result *result;
	cg_scan_summary base, head;
	char *profile; /* the profile used */
} cg_gate_report;

int cg_gate_run(cg_gate_report **out, cg_scan_fail *fail,
                const cg_gate_opts *o);
void cg_gate_report_free(cg_gate_report *r);

#endif
