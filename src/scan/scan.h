/*
 * scan — the pipeline driver: load the rules, walk the target, run a pool
 * of engine workers (one TSParser each) over the files, feed the single
 * inventory writer in walk order (so the database and everything emitted
 * from it never depend on thread timing), then write the deliverables.
 *
 * Ownership: options are borrowed for the duration of cg_scan_run(); the
 * summary is plain data owned by the caller.
 */
#ifndef CG_SCAN_H
#define CG_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../inventory/inventory.h"
#include "../util/util.h"

typedef struct {
	const char *target;     /* directory, file, repository or URL */
	const char *out_dir;    /* deliverables folder (created) */
	const char *db_path;    /* inventory; default <out_dir>/cryptagion.db */
	const char *rules_dir;  /* rules/ folder */
	const char *schema_dir; /* CycloneDX schema folder */
	const char *tool_version;
	const char *serial;     /* fixed CBOM serial (UUID), or NULL */
	int64_t epoch;          /* SOURCE_DATE_EPOCH, or -1 for now */
	unsigned jobs;          /* worker threads, >= 1 */
	uint64_t max_file_size; /* bytes */
	FILE *progress;         /* progress stream, or NULL */
	const char *standards;  /* standards table; default
	                           <rules_dir>/standards/standards.yaml */
	const char *profile;    /* risk profile: nist (default), bsi, cnsa2 */
	const char *baseline;   /* baseline file of fingerprints, or NULL */
	const char *write_baseline;   /* write this scan's baseline here */
	const char *sarif;            /* write SARIF 2.1.0 here, or NULL */
	const char *sarif_schema_dir; /* folder of the SARIF schema */
	bool sarif_no_info;    /* SARIF without info-level inventory results */
	bool allow_http_token; /* send a token over plain http:// anyway */
	bool keep_scan;        /* hand the loaded scan out in the summary */
	/* deliverables (emit.h, cg_emit_deliverables) */
	const char *roadmap_schema_dir; /* folder of roadmap-1.0; NULL:
	                                   write the CBOM only (the gate) */
	const char *font_dir;           /* DejaVu fonts, or NULL: default */
	const char *title;              /* engagement name, or NULL */
	int cert_warn_days;             /* certificates expiring within */
	const char *ref;       /* git ref read from the object database;
	                          NULL: HEAD for repositories and URLs, the
	                          files on disk for a work tree */
	const char *base;      /* diff: BASE ref; only the files changed
	                          between base and ref are scanned and each
	                          finding is labelled new, unchanged or
	                          removed */
	const char *cache_dir; /* mirrors of URLs; NULL: XDG default */
	const char *ssh_key;   /* SSH private key file, or NULL */
	bool insecure_host;    /* accept unknown SSH host keys / TLS certs */
	const char *token_env; /* variable holding an HTTPS token, or NULL */
	bool no_cache;         /* parse every file, ignore the blob cache */
	bool no_deliverables;  /* record only: no CBOM, roadmap, PDF (a
	                          fleet writes one set for many scans) */
	const char *const *excludes; /* --exclude patterns (gitignore) */
	size_t nexcludes;
} cg_scan_opts;

/* The defaults of a scan: 2 MiB files, 90 days of certificate warning,
 * SOURCE_DATE_EPOCH unset (-1), jobs 0 (one worker; the tool sets the
 * number of cores). Folders, target and outputs are left NULL for the
 * caller: `cg_scan_opts o = CG_SCAN_OPTS_INIT;`. */
#define CG_SCAN_OPTS_INIT                                                \
	{                                                                \
		.max_file_size = 2u * 1024 * 1024, .cert_warn_days = 90, \
		.epoch = -1,                                             \
	}

typedef struct {
	int64_t scan_id;
	uint64_t files_scanned, files_prefiltered, files_skipped;
	uint64_t files_unsupported, bytes_scanned, findings, assets;
	uint64_t parse_errors;
	uint64_t misuses;       /* of the findings, those that are misuses */
	uint64_t suppressed;    /* occurrences whose suppression applies */
	cg_strv notes;          /* "path:line: ..." about expired or invalid
	                           suppressions, one per line */
	cg_inv_scan *scan;      /* with keep_scan: the scan as recorded */
	uint64_t cache_hits;    /* files whose findings came from the cache */
	uint64_t files_ignored; /* excluded by ignore patterns */
	char commit[41];        /* commit scanned, "" for a directory */
	char base_commit[41];   /* diff: BASE commit, else "" */
	uint64_t diff_new, diff_unchanged, diff_removed; /* diff labels */
} cg_scan_summary;

/* Score every asset of a loaded (or combined) scan under `profile` in
 * calendar year `year`, in memory only: each asset's risk and the scan's
 * figures are replaced; nothing is written to an inventory. */
struct cg_risk_standards;
int cg_scan_score_loaded(cg_inv_scan *s, const struct cg_risk_standards *st,
                         const char *profile, int year,
                         const char *evaluated_at);

/* Release what a summary owns (notes, scan). */
void cg_scan_summary_dispose(cg_scan_summary *sum);

/* Exit-code classes of a failed scan. */
typedef enum {
	CG_SCAN_FAIL_NONE = 0,
	CG_SCAN_FAIL_INPUT,    /* bad target, bad rules: exit 3 */
	CG_SCAN_FAIL_INTERNAL, /* database, output, invalid CBOM: exit 4 */
} cg_scan_fail;

/* Run a whole scan (a diff scan when o->base is set). Returns 0, or an
 * error with the message in cg_error_last() and its class in *fail;
 * nothing of a failed scan stays in the inventory. */
int cg_scan_run(cg_scan_summary *sum, cg_scan_fail *fail,
                const cg_scan_opts *o);

/* `cryptagion rules test`: run every rule of rules_dir against its
 * fixtures under fixtures_dir/<language>/<rule-id>/ (pos.* where it must
 * fire, neg.* where nothing may), comparing with the files' `expect:`
 * annotations. Prints one line per rule and "N passed, N failed" to out.
 * Returns 0 when the tests ran (see *failed), or a load error. */
struct cg_ruleset;
/* Load the library table (rules_dir/libraries.yaml) and the standards
 * table (rules_dir/standards/standards.yaml) as a scan does, for `rules
 * check`: 0, or the loader's error (cg_error_last names the file). */
int cg_scan_check_tables(const struct cg_ruleset *rs, const char *rules_dir);
/* Why an --exclude pattern is not a valid glob, or NULL (see walk.h). */
const char *cg_scan_exclude_problem(const char *pattern);

int cg_scan_rules_test(size_t *passed, size_t *failed, const char *rules_dir,
                       const char *fixtures_dir, FILE *out);
/* ---- report: the deliverables again, from the inventory alone ---------- */

typedef struct {
	const char *db_path;    /* existing inventory */
	int64_t scan_id;        /* 0: the newest completed scan */
	const char *out_dir;    /* created */
	const char *profile;    /* re-score under this profile, or NULL */
	const char *standards;  /* standards table (required: roadmap dates,
	                           and the scores with a profile) */
	const char *schema_dir; /* CycloneDX schema folder */
	const char *roadmap_schema_dir;
	const char *font_dir;
	const char *tool_version;
	const char *title;
	int64_t epoch; /* SOURCE_DATE_EPOCH, or -1 */
} cg_report_opts;

/* Write cbom.json, roadmap.json, report.pdf and SHA256SUMS of a recorded
 * scan. With a profile other than the recorded one, the scan is scored
 * again for these deliverables only: the inventory keeps the scores the
 * scan recorded (history is never rewritten). */
int cg_report_run(cg_scan_summary *sum, cg_scan_fail *fail,
                  const cg_report_opts *o);

#endif
