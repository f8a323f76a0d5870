/*
 * inventory — the SQLite store (cryptagion.db). Files of the module:
 * inventory.c (migrations, a table of SQL steps numbered by PRAGMA
 * user_version, recorded in schema_version; one writer at a time, under
 * an flock; one write transaction per scan, so that a scan is either
 * wholly recorded or not at all; a second scan appends, nothing is
 * overwritten; the blob cache; diff labels; risk scores; and the read API,
 * cg_inventory_load: one scan in a deterministic order), rows.c (the
 * typed column tables the readers fill structs through,
 * inventory_int.h), material.c (certificates, keys, protocols, libraries),
 * combine.c (several loaded scans as one view) and merge.c (listing scans,
 * copying a scan between inventories).
 *
 * Who uses it: the scan driver writes (its single writer thread); risk,
 * policy, the emitters, diff, gate and fleet read loaded scans.
 *
 * Ownership: a cg_inventory owns its sqlite3 handle and must be used by one
 * thread at a time (the scan's single writer). cg_inv_scan and everything
 * in it is owned by the caller of cg_inventory_load() and released with
 * cg_inv_scan_free(). Code is never stored: only paths, positions, rule
 * ids, API symbols, parameters and the sha256 of a finding's line.
 */
#ifndef CG_INVENTORY_H
#define CG_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/material.h"
#include "../model/model.h"
#include "../util/util.h"

typedef struct cg_inventory cg_inventory;

/* The schema version this build writes. */
#define CG_INVENTORY_SCHEMA_VERSION 10

/* Open (creating and migrating as needed) the database at path for
 * writing. One writer at a time: a second one prints "inventory in use by
 * pid N, waiting" and waits (up to 10 minutes, then fails clearly). A path
 * that exists and is not a regular file is refused (CG_EIO). */
int cg_inventory_open(cg_inventory **out, const char *path);
/* Open an existing database read-only (no lock, nothing written; an
 * older schema is migrated first through cg_inventory_open). */
int cg_inventory_open_readonly(cg_inventory **out, const char *path);
void cg_inventory_close(cg_inventory *inv);
/* The schema version recorded in the database. */
int cg_inventory_schema_version(cg_inventory *inv);

typedef struct {
	const char *serial;      /* urn:uuid of the CBOM of this scan */
	const char *target;      /* what the user named (path or URL) */
	const char *target_name; /* its display name (base name) */
	const char *started_at;  /* RFC 3339 UTC */
	const char *tool_version;
	const char *ruleset_hash;
	const char *repo_url;    /* repository URL (no credentials), or NULL */
	const char *ref;         /* the ref scanned, or NULL */
	const char *commit_id;   /* its commit id (hex), or NULL */
	const char *base_ref;    /* diff: the BASE ref, or NULL */
	const char *base_commit; /* diff: its commit id, or NULL */
} cg_inv_scan_info;

/* Begin a scan: opens the write transaction and inserts the scan row. */
int cg_inventory_scan_begin(int64_t *scan_id, cg_inventory *inv,
                            const cg_inv_scan_info *info);

typedef struct {
	const char *path;     /* relative, '/'-separated */
	const char *language; /* pack name or NULL */
	uint64_t size;
	const char *sha256; /* hex, or NULL when not read */
	const char *status; /* scanned, prefiltered, skipped */
	const char *reason; /* why skipped / noted, or NULL */
	bool parse_errors;
	const char *blob_id; /* git blob id (hex), or NULL */
	const char *context; /* product, test, vendor, generated; NULL:
	                        product */
	bool cached;         /* findings taken from the blob cache */
} cg_inv_file;

int cg_inventory_add_file(int64_t *file_id, cg_inventory *inv, int64_t scan_id,
                          const cg_inv_file *file);
/* Record one finding in file_id: the asset (created on first sight,
 * identified by its bom-ref) and the occurrence with its parameters. */
int cg_inventory_add_finding(cg_inventory *inv, int64_t scan_id,
                             int64_t file_id, const cg_finding *f);

/* What an occurrence carries besides the finding (whose fingerprint and
 * suppression, src/suppress, are recorded as they are). */
typedef struct {
	const char *context; /* product, test, vendor; NULL: product */
} cg_inv_occ_meta;

/* cg_inventory_add_finding with a context. A misuse finding goes to the
 * misuses table (with the asset it names, if any). */
int cg_inventory_add_finding_meta(cg_inventory *inv, int64_t scan_id,
                                  int64_t file_id, const cg_finding *f,
                                  const cg_inv_occ_meta *meta);

/* Record something the scan did not analyse (see cg_inv_gap); line 0
 * for a whole file. */
int cg_inventory_add_gap(cg_inventory *inv, int64_t scan_id, const char *path,
                         const char *kind, const char *detail, uint32_t line);
/* ---- the blob cache ----------------------------------------------------
 * Results of one blob (by git blob id) under one rule set and engine
 * version, so that a re-scan parses only blobs it has not seen. Written
 * inside the scan's transaction: an aborted scan caches nothing. */

typedef struct {
	const char *blob_id;        /* git blob id, hex */
	const char *lang_hint;      /* pack name from the path, "" if none */
	const char *ruleset_hash;   /* sha256 of the rule set */
	const char *engine_version; /* CG_ENGINE_VERSION + tool version */
} cg_inv_cache_key;

typedef struct {
	char *language;       /* pack name detected, or NULL */
	char *status;         /* scanned, prefiltered, binary, lfs,
	                         unsupported */
	uint64_t size;        /* bytes */
	char sha256[65];      /* of the content, "" when not computed */
	bool parse_errors;    /* the tree had ERROR nodes */
	bool generated;       /* the text says it is generated code */
	cg_findings findings; /* as the engine found them, with their line
	                         hashes (never the line itself), misuse
	                         fields and inline suppressions (status
	                         applies or invalid: expiry is decided at
	                         scan time); no fingerprint, no baseline */
} cg_inv_cached;

/* Every "blob_id:lang_hint" cached for the rule set and engine version,
 * sorted byte-wise (appended to out). */
int cg_inventory_cache_keys(cg_strv *out, cg_inventory *inv,
                            const char *ruleset_hash,
                            const char *engine_version);
/* Load one cached result into *out (to dispose with
 * cg_inv_cached_dispose). CG_ENOTFOUND when absent. */
int cg_inventory_cache_get(cg_inv_cached *out, cg_inventory *inv,
                           const cg_inv_cache_key *key);
/* Record one result (kept if already present). Inside a scan only. */
int cg_inventory_cache_put(cg_inventory *inv, const cg_inv_cache_key *key,
                           const cg_inv_cached *c);
void cg_inv_cached_dispose(cg_inv_cached *c);

/* ---- diff results ----------------------------------------------------- */

/* One labelled finding of a diff scan. */
typedef struct {
	char *label;       /* new, unchanged, removed */
	char *fingerprint; /* the occurrence's fingerprint (src/suppress) */
	char *path;        /* HEAD path (BASE path for removed findings) */
	uint32_t line;     /* in HEAD (in BASE for removed findings) */
	char *rule_id;
	char *asset; /* canonical asset name */
	char *context;
} cg_inv_diff_item;

/* Record one labelled finding of scan_id (inside the scan). */
int cg_inventory_add_diff(cg_inventory *inv, int64_t scan_id,
                          const cg_inv_diff_item *item);
/* The labelled findings of a scan, sorted by label, path, line, rule;
 * owned by the caller (cg_inv_diff_items_free). */
int cg_inventory_load_diff(cg_inv_diff_item **out, size_t *n, cg_inventory *inv,
                           int64_t scan_id);
void cg_inv_diff_items_free(cg_inv_diff_item *items, size_t n);

typedef struct {
	uint64_t files_scanned, files_prefiltered, files_skipped;
	uint64_t files_unsupported, bytes_scanned, findings;
	const char *finished_at;
	uint64_t cache_hits;    /* files whose findings came from the cache */
	uint64_t files_ignored; /* files excluded by ignore patterns */
} cg_inv_scan_stats;

/* Finish the scan: writes the totals and marks it complete, still inside
 * the scan's transaction (the scan can be loaded and scored before
 * cg_inventory_scan_end commits scan and scores together). */
int cg_inventory_scan_finish(cg_inventory *inv, int64_t scan_id,
                             const cg_inv_scan_stats *stats);
/* Commit the scan's transaction (on failure it is rolled back). */
int cg_inventory_scan_end(cg_inventory *inv);
/* cg_inventory_scan_finish, then cg_inventory_scan_end. */
int cg_inventory_scan_commit(cg_inventory *inv, int64_t scan_id,
                             const cg_inv_scan_stats *stats);
/* Abandon the scan: rolls back everything written since begin. */
void cg_inventory_scan_abort(cg_inventory *inv);

/* The bom-ref of an asset: derived from its identity, never random. */
char *cg_inventory_bom_ref(const char *primitive, const char *name);

/* ---- reading ---------------------------------------------------------- */

typedef struct {
	char *name;        /* "key_size", "mode", ... */
	char *value;       /* NULL when unknown */
	char *source;      /* literal, constant, field, parameter, return,
	                      container, environment, default, api, unresolved,
	                      unknown (cg_src_name) */
	int source_line;   /* line of the definition, 0 when at the use */
	char *source_file; /* the defining file when another one, or NULL */
} cg_inv_param;

typedef struct {
	char *path;
	uint32_t line, column;
	char *rule_id;
	char *symbol;
	char *language;
	cg_inv_param *params;
	size_t nparams;
	char *fingerprint;        /* sha256 hex (src/suppress), or NULL */
	char *suppression;        /* "inline", "baseline" or NULL */
	char *suppression_status; /* "applies", "expired", "invalid" */
	char *suppression_reason;
	char *suppression_until; /* YYYY-MM-DD or NULL */
	int suppression_line;    /* line of the comment, 0 when none */
	char *context;           /* product, test, vendor */
	char *unresolved; /* why the algorithm is not resolved, or NULL */
} cg_inv_occ;

/* The risk of an asset (asset_risk), when the scan was scored. */
typedef struct {
	bool scored;
	int score;      /* 0..100 */
	char *severity; /* critical, high, medium, low, info */
	char *usage;    /* usage context the score assumed */
	char *entry;    /* id of the standards entry applied */
	bool quantum_vulnerable;
	int misuses;       /* misuse findings counted (0 until misuses land) */
	char *replacement; /* what to migrate to */
	char *explanation; /* the factors and the formula, one line */
	char *citations;   /* the clauses cited, "; "-separated */
	int y_q; /* quantum deadline: first year of the adverse status; 0 =
	            none (or scored before schema version 6) */
} cg_inv_asset_risk;

/* Repository-level figures (scan_risk). counts: critical, high, medium,
 * low, info. */
typedef struct {
	bool scored;
	char *profile, *standards_version, *evaluated_at;
	uint64_t counts[5];
	double quantum_vulnerable_share; /* 0..1 */
	int readiness;                   /* 0..100 */
} cg_inv_scan_risk_load;

typedef struct {
	char *bom_ref, *name, *family, *primitive, *parameter_set;
	char *mode, *padding, *curve, *functions, *oid;
	int classical, quantum;
	cg_inv_occ *occs; /* sorted by path, line, column, rule */
	size_t nocc;
	cg_inv_asset_risk risk;
} cg_inv_asset;

typedef struct {
	char *path, *language, *status, *reason;
} cg_inv_skipped;

/* A misuse finding (ECB, static IV, hard-coded key...). */
typedef struct {
	char *path;
	uint32_t line, column;
	char *rule_id, *category, *severity, *message;
	char *bom_ref;     /* the asset it concerns, or NULL */
	char *context;     /* product, test, vendor */
	char *fingerprint; /* as occurrences (src/suppress), or NULL */
	char *suppression; /* as occurrences: "inline", "baseline", NULL */
	char *suppression_status; /* "applies", "expired", "invalid" */
	char *suppression_reason;
	char *suppression_until; /* YYYY-MM-DD or NULL */
	int suppression_line;    /* line of the comment, 0 when none */
} cg_inv_misuse;

/* Something a scan did not analyse (coverage_gaps): a file, or a value
 * in a file (line > 0). kind is a stable id: unsupported-language,
 * parse-error, too-large, binary, symlink, unreadable, special,
 * submodule, lfs, budget, not-analysed (docs/cryptagion.md, COVERAGE);
 * emitters name the kinds they know and show others as they are. */
typedef struct {
	char *path, *kind, *detail; /* detail: e.g. the language, or NULL */
	uint32_t line;              /* 0: the whole file */
} cg_inv_gap;

/* One repository of a combined view (cg_inv_scan_combine): the scan it
 * came from and its own figures. */
typedef struct {
	char *name; /* prefix of its paths in the combined view */
	char *target, *repo_url, *ref, *commit_id, *tool_version;
	char *started_at;
	int64_t scan_id;
	uint64_t files_scanned, findings, assets, misuses;
	cg_inv_scan_risk_load risk; /* as recorded for its scan */
} cg_inv_repo;

typedef struct {
	int64_t id;
	char *serial, *target, *target_name, *started_at, *finished_at;
	char *tool_version, *ruleset_hash;
	uint64_t files_scanned, files_prefiltered, files_skipped;
	uint64_t files_unsupported, bytes_scanned, findings, parse_errors;
	cg_inv_asset *assets; /* sorted by bom-ref */
	size_t nassets;
	cg_inv_skipped *skipped; /* sorted by path */
	size_t nskipped;
	cg_inv_misuse *misuses; /* sorted by path, line, column, rule */
	size_t nmisuses;
	cg_inv_scan_risk_load risk;
	struct cg_inv_materials *materials; /* see below */
	char *repo_url, *ref, *commit_id;   /* provenance, or NULL */
	char *base_ref, *base_commit;       /* diff scans, or NULL */
	uint64_t cache_hits, files_ignored;
	cg_inv_gap *gaps; /* sorted by kind, path, line */
	size_t ngaps;
	cg_inv_repo *repos; /* a combined view: its repositories, by name;
	                       NULL for one scan */
	size_t nrepos;
} cg_inv_scan;

/* Id of the newest completed scan; CG_ENOTFOUND when there is none. */
int cg_inventory_latest_scan(int64_t *scan_id, cg_inventory *inv);
/* Load one scan with its assets, occurrences and skipped files. */
int cg_inventory_load(cg_inv_scan **out, cg_inventory *inv, int64_t scan_id);
void cg_inv_scan_free(cg_inv_scan *s);

/* Combine loaded scans of several repositories into one view, for the
 * deliverables of a fleet (src/fleet): every path is prefixed with its
 * repository's name ("name/path"), assets with the same bom-ref become one
 * asset with the occurrences of all, misuses, skipped files and material
 * are concatenated, counters are summed, and `repos` lists the scans.
 * Names are the scans' target names, made unique with "-2", "-3"... in
 * the order given (callers sort the scans for a deterministic result).
 * Takes ownership of scans[0..n) (freed) and fills *out; the view's risk
 * is not scored (risk.scored false; each asset keeps the risk of the first
 * scan that had it until scored again) and its serial is NULL. */
int cg_inv_scan_combine(cg_inv_scan **out, cg_inv_scan **scans, size_t n);

/* ---- several inventories (src/inventory/merge.c) ---------------------- */

/* A completed scan as listed by cg_inventory_list_scans. */
typedef struct {
	int64_t id;
	char *serial, *target, *target_name, *repo_url, *commit_id;
	char *started_at, *finished_at;
	bool diff; /* a diff scan (changed files only) */
} cg_inv_scan_row;

/* The completed scans of an inventory, by id (cg_inv_scan_rows_free). */
int cg_inventory_list_scans(cg_inv_scan_row **out, size_t *n,
                            cg_inventory *inv);
void cg_inv_scan_rows_free(cg_inv_scan_row *rows, size_t n);
void cg_inv_scan_row_dispose(cg_inv_scan_row *r);

/* Check that src is an inventory this build can read (not corrupt, not
 * of a newer schema) and copy it to tmp, migrated to this build's schema
 * version; src is never written. CG_ENOTFOUND / CG_EPARSE name src. */
int cg_inventory_merge_prepare(const char *src, const char *tmp);
/* Copy scan scan_id of the prepared inventory at src, with everything
 * that belongs to it (files, assets, occurrences, misuses, risk,
 * material...), into inv, in one transaction. */
int cg_inventory_merge_scan(cg_inventory *inv, const char *src,
                            int64_t scan_id);

/* ---- risk (written by the scan driver after scoring) ------------------ */

typedef struct {
	const char *bom_ref;
	int score;
	const char *severity, *usage, *entry;
	bool quantum_vulnerable;
	int misuses;
	const char *replacement, *explanation, *citations;
	int y_q; /* quantum deadline year (cg_risk_result.y_q), 0 = none */
} cg_inv_risk_row;

typedef struct {
	const char *profile, *standards_version, *evaluated_at;
	uint64_t counts[5]; /* critical, high, medium, low, info */
	double quantum_vulnerable_share;
	int readiness;
} cg_inv_scan_risk;

/* Record the scores of a completed scan's assets and its figures, in one
 * transaction (replacing earlier scores of the same scan). */
int cg_inventory_set_risk(cg_inventory *inv, int64_t scan_id,
                          const cg_inv_scan_risk *sr,
                          const cg_inv_risk_row *rows, size_t n);
/* ---- material (src/inventory/material.c) ----------------------
 * Certificates, keys, protocol configurations and libraries found outside
 * code, stored generically: tables materials (kind, bom_ref, name, file,
 * line), material_props (ordered name/value) and material_refs (ordered
 * relation/bom-ref; references to algorithm assets are resolved to their
 * bom-ref with cg_inventory_bom_ref). Never key bytes. */

/* Record the material objects of file_id (writer thread, inside a scan). */
int cg_inventory_add_materials(cg_inventory *inv, int64_t scan_id,
                               int64_t file_id, const cg_materials *m);

typedef struct {
	char *kind, *bom_ref, *name, *path;
	uint32_t line;
	cg_strv props; /* name, value, ... in recorded order */
	cg_strv refs;  /* relation, bom-ref, ... in recorded order */
} cg_inv_mat;

typedef struct cg_inv_materials {
	cg_inv_mat *items; /* sorted by bom-ref, path, line */
	size_t len;
	cg_strv noted; /* path, reason, ...: analysed files with a note */
} cg_inv_materials;

/* Load the material of scan_id (called by cg_inventory_load). */
int cg_inventory__materials_load(cg_inv_materials **out, cg_inventory *inv,
                                 int64_t scan_id);
void cg_inv_materials_free(cg_inv_materials *m);
/* The database handle and path, for the module's other files. */
struct sqlite3 *cg_inventory__db(cg_inventory *inv);
const char *cg_inventory__path(const cg_inventory *inv);

#endif
