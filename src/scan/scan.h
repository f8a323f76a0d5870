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
	const char *ref;        /* git ref read from the object database;
	                           NULL: HEAD for repositories and URLs, the
	                           files on disk for a work tree */
	const char *base;       /* diff: BASE ref; only the files changed
	                           between base and ref are scanned and each
	                           finding is labelled new, unchanged or
	                           removed */
	const char *cache_dir;  /* mirrors of URLs; NULL: XDG default */
	const char *ssh_key;    /* SSH private key file, or NULL */
	bool insecure_host;     /* accept unknown SSH host keys / TLS certs */
	const char *token_env;  /* variable holding an HTTPS token, or NULL */
	bool no_cache;          /* parse every file, ignore the blob cache */
	const char *const *excludes; /* --exclude patterns (gitignore) */
	size_t nexcludes;
} cg_scan_opts;

typedef struct {
	int64_t scan_id;
	uint64_t files_scanned, files_prefiltered, files_skipped;
	uint64_t files_unsupported, bytes_scanned, findings, assets;
	uint64_t parse_errors;
	uint64_t cache_hits;    /* files whose findings came from the cache */
	uint64_t files_ignored; /* excluded by ignore patterns */
	char commit[41];        /* commit scanned, "" for a directory */
	char base_commit[41];   /* diff: BASE commit, else "" */
	uint64_t diff_new, diff_unchanged, diff_removed; /* diff labels */
} cg_scan_summary;

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

#endif
