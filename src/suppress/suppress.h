/*
 * suppress — what the scan knows only while it holds the source text:
 * each finding's fingerprint, and the inline suppression comments next to
 * it; plus baseline files (a list of fingerprints).
 *
 * Fingerprint — the one identity of a finding, stored in
 * occurrences.fingerprint (and misuses.fingerprint) and used by baselines,
 * SARIF partialFingerprints, the gate and the diff labels: sha256 over
 * "cg-fp-v2", the rule id, the file's path, the line hash, the asset name
 * (empty for a misuse without an asset), the misuse category (empty for
 * an inventory finding) and the finding's index among the findings of the
 * file with the same rule, line hash, name and category. The line hash is
 * sha256 of the finding's line with every run of white space collapsed to
 * one space (trimmed); only the hash is kept (the blob cache stores it, so
 * a cached blob gets the same fingerprint without reading the source,
 * under whatever path it now has). No line number: the fingerprint is
 * stable when unrelated lines move, and identical lines are told apart by
 * the index.
 *
 * Inline suppression: `cryptagion: ignore[RULE-ID] reason` in a comment on
 * the finding's line, or in a comment alone on the line above (a comment
 * after code covers that line only); RULE-ID may be a comma-separated
 * list, and an id ending in `*` matches a prefix. `until=YYYY-MM-DD`
 * anywhere after the bracket sets the last day on which it applies. A
 * suppression without a reason, or with a malformed date, is invalid: the
 * finding stays active and the suppression is reported.
 *
 * Ownership: functions fill fields of the caller's findings (owned by the
 * finding); a baseline cg_strv is owned by the caller.
 */
#ifndef CG_SUPPRESS_H
#define CG_SUPPRESS_H

#include <stddef.h>

#include "../model/model.h"
#include "../util/util.h"

/* Set the line hash of every finding from the file's text. */
void cg_suppress_line_hashes(cg_findings *v, const char *src, size_t len);

/* Set the fingerprint of every finding of one file from the line hashes.
 * `v` must be sorted (cg_findings_sort); path is the file's relative path
 * (for a renamed file in a diff, the HEAD path on both sides). */
void cg_suppress_fingerprints(cg_findings *v, const char *path);

/* Apply inline suppression comments. today is "YYYY-MM-DD": a suppression
 * whose until= date is before it is marked expired. */
void cg_suppress_inline(cg_findings *v, const char *src, size_t len,
                        const char *today);

/* Decide again, against today, whether valid inline suppressions apply
 * or have expired (findings taken from the blob cache). */
void cg_suppress_recheck(cg_findings *v, const char *today);

/* Load a baseline file into *out, sorted. Blank lines and lines starting
 * with '#' are skipped; the first word of any other line must be a
 * fingerprint (64 hex digits), the rest is a comment. Errors name the
 * file and the line (CG_EPARSE), or the file (CG_ENOTFOUND, CG_EIO). */
int cg_suppress_baseline_load(cg_strv *out, const char *path);

/* Mark the findings whose fingerprint is in `baseline` (sorted) and that
 * carry no inline suppression that applies (an invalid or expired one is
 * replaced) as suppressed by the baseline. */
void cg_suppress_baseline_apply(cg_findings *v, const cg_strv *baseline,
                                const char *reason);

#endif
