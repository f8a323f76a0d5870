/*
 * policy — the gate's rules (cryptagion.policy.yaml, docs/POLICY.md,
 * schemas/policy-1.0.schema.json) and their evaluation: a C API that takes
 * the head scan (scored, with fingerprints and suppressions) and the set
 * of base fingerprints, decides which findings are new and which existed,
 * and lists the violations. It knows nothing of how the two scans were
 * produced (two directories today, two git revisions later).
 *
 * Ownership: cg_policy and cg_policy_result are owned by the caller and
 * released with their _free functions; the evaluation borrows the scan and
 * the fingerprint set.
 */
#ifndef CG_POLICY_H
#define CG_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../inventory/inventory.h"
#include "../util/util.h"

typedef struct cg_policy cg_policy;

/* Load a policy file. A malformed policy fails with CG_EPARSE and
 * "file:line: key: reason" in cg_error_last(). */
int cg_policy_load(cg_policy **out, const char *path);
/* The built-in policy: fail on new findings of severity high or worse. */
cg_policy *cg_policy_default(void);
void cg_policy_free(cg_policy *p);
/* The policy's risk profile, or NULL when it names none; borrowed. */
const char *cg_policy_profile(const cg_policy *p);

typedef struct {
	char *path;     /* relative path, or "" for repository-level ones */
	uint32_t line;  /* 0 for repository-level violations */
	char *rule_id;  /* cryptagion rule, or NULL */
	char *asset;    /* asset name, or NULL */
	char *severity; /* or NULL */
	int score;
	bool is_new;   /* not in the base */
	char *reasons; /* why it violates the policy, "; "-separated */
} cg_policy_violation;

typedef struct {
	cg_policy_violation *violations; /* in inventory order */
	size_t nviolations;
	size_t active, new_active, existing_active;
	size_t suppressed, allowed;
	cg_strv notes; /* expired or rejected suppressions, "path:line: ..." */
	bool failed;   /* at least one violation */
} cg_policy_result;

/* Evaluate `policy` on `head`. base: sorted fingerprints of the base
 * (NULL: every finding is new). */
int cg_policy_evaluate(cg_policy_result **out, const cg_policy *policy,
                       const cg_inv_scan *head, const cg_strv *base);
void cg_policy_result_free(cg_policy_result *r);

#endif
