/*
 * suppress — what the scan knows only while it holds the source text:
 * each finding's fingerprint, and the inline suppression comments next to
 * it; plus baseline files (a list of fingerprints).
 *
 * Fingerprint: sha256 over "cg-fp-v1", the rule id, the file's path, the
 * text of the finding's line with every run of white space collapsed to
 * one space (trimmed), and the finding's index among the findings of the
 * same file with the same rule and the same normalised line. It does not
 * depend on the line number, so it is stable when unrelated lines move.
 * Only the hash is kept; the code itself is never stored.
 *
 * Inline suppression: `cryptagion: ignore[RULE-ID] reason` in a comment on
 * the finding's line or the line above; RULE-ID may be a comma-separated
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

/* Set the fingerprint of every finding of one file. `v` must be sorted
 * (cg_findings_sort); path is the file's relative path. */
void cg_suppress_fingerprints(cg_findings *v, const char *path, const char *src,
                              size_t len);

/* Apply inline suppression comments. today is "YYYY-MM-DD": a suppression
 * whose until= date is before it is marked expired. */
void cg_suppress_inline(cg_findings *v, const char *src, size_t len,
                        const char *today);

/* Load a baseline file into *out, sorted. Blank lines and lines starting
 * with '#' are skipped; the first word of any other line must be a
 * fingerprint (64 hex digits), the rest is a comment. Errors name the
 * file and the line (CG_EPARSE), or the file (CG_ENOTFOUND, CG_EIO). */
int cg_suppress_baseline_load(cg_strv *out, const char *path);

/* Mark the findings whose fingerprint is in `baseline` (sorted) and that
 * carry no inline suppression as suppressed by the baseline. */
void cg_suppress_baseline_apply(cg_findings *v, const cg_strv *baseline,
                                const char *reason);

#endif
