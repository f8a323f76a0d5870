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

typedef struct {
	const char *target;     /* directory or file to scan */
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
	int cert_warn_days;     /* issue 7: certificates expiring within */
} cg_scan_opts;

typedef struct {
	int64_t scan_id;
	uint64_t files_scanned, files_prefiltered, files_skipped;
	uint64_t files_unsupported, bytes_scanned, findings, assets;
	uint64_t parse_errors;
} cg_scan_summary;

/* Exit-code classes of a failed scan. */
typedef enum {
	CG_SCAN_FAIL_NONE = 0,
	CG_SCAN_FAIL_INPUT,    /* bad target, bad rules: exit 3 */
	CG_SCAN_FAIL_INTERNAL, /* database, output, invalid CBOM: exit 4 */
} cg_scan_fail;

/* Run a whole scan. Returns 0, or an error with the message in
 * cg_error_last() and its class in *fail. */
int cg_scan_run(cg_scan_summary *sum, cg_scan_fail *fail,
                const cg_scan_opts *o);

/* `cryptagion rules test`: run every rule of rules_dir against its
 * fixtures under fixtures_dir/<language>/<rule-id>/ (pos.* where it must
 * fire, neg.* where nothing may), comparing with the files' `expect:`
 * annotations. Prints one line per rule and "N passed, N failed" to out.
 * Returns 0 when the tests ran (see *failed), or a load error. */
int cg_scan_rules_test(size_t *passed, size_t *failed, const char *rules_dir,
                       const char *fixtures_dir, FILE *out);

#endif
