/*
 * fleet — many repositories in one inventory: the deliverables of a set of
 * scans as one organisation view (`scan --targets`, `report --fleet`), and
 * `cryptagion merge`, which combines inventories made on different
 * machines into one and writes that view's deliverables.
 *
 * A repository is identified by its URL when it has one, else by the
 * target as scanned; the view holds the newest completed (non-diff) scan
 * of each. Its paths are prefixed with the repository's name, assets with
 * the same identity (bom-ref) become one asset with the occurrences of
 * every repository, and the PDF has a per-repository table.
 *
 * Ownership: options are borrowed for the duration of a call; a summary is
 * plain data.
 */
#ifndef CG_FLEET_H
#define CG_FLEET_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *out_dir;    /* deliverables folder (created) */
	const char *db_path;    /* the inventory (default
	                           <out_dir>/cryptagion.db) */
	const char *standards;  /* standards table (roadmap dates, scores) */
	const char *profile;    /* risk profile, NULL: "nist" */
	const char *schema_dir; /* CycloneDX schema folder */
	const char *roadmap_schema_dir;
	const char *font_dir;
	const char *tool_version;
	const char *title;  /* engagement name, or NULL */
	const char *serial; /* fixed CBOM serial (UUID), or NULL: random */
	int64_t epoch;      /* SOURCE_DATE_EPOCH, or -1 */
} cg_fleet_opts;

typedef struct {
	size_t repos;       /* repositories in the view */
	size_t scans_added; /* merge: scans copied into the inventory */
	size_t scans_known; /* merge: scans it already had */
	uint64_t assets, findings, misuses, files_scanned;
	uint64_t counts[5]; /* assets per severity: critical ... info */
	int readiness;
} cg_fleet_summary;

/* Write cbom.json, roadmap.json, report.pdf and SHA256SUMS for the scans
 * ids[0..n) of the inventory (ids NULL: the newest scan of every
 * repository in it), scored under o->profile. CG_ENOTFOUND when there is
 * no scan. */
int cg_fleet_deliver(cg_fleet_summary *sum, const cg_fleet_opts *o,
                     const int64_t *ids, size_t n);

/* Merge the inventories inputs[0..n) into o->db_path (created, or added
 * to), then write the view's deliverables. Deterministic (the order of
 * the inputs does not matter) and idempotent (a scan already present is
 * not copied again). Every input is checked first: a missing, corrupt or
 * newer-schema input is refused by name (CG_ENOTFOUND / CG_EPARSE) and
 * nothing is written. */
int cg_fleet_merge(cg_fleet_summary *sum, const cg_fleet_opts *o,
                   const char *const *inputs, size_t n);

#endif
