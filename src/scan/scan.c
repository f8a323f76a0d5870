/* scan.c — see scan.h. */
#define _GNU_SOURCE
#include "scan.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../diff/diff.h"
#include "../emit/emit.h"
#include "../engine/engine.h"
#include "../filter/filter.h"
#include "../inventory/inventory.h"
#include "../material/material.h"
#include "../model/unit.h"
#include "../repo/repo.h"
#include "../risk/risk.h"
#include "../rules/rules.h"
#include "../suppress/suppress.h"
#include "../util/util.h"
#include "../walk/walk.h"
#include "scan_int.h"

/* How far workers may run ahead of the writer: bounds the findings held
 * in memory, whatever the size of the repository. */
#define WINDOW 256
/* Bytes of a file the walk looks at to classify it (walk.c). */
#define HEAD_BYTES 8192
/* the walk's mark of a configuration file that only the first pass reads
 * (cg_xconfig_wants), beside the cg_material_kind values */
#define SETTINGS_FILE 0x100

/* What a worker made of a file: the writer's input. */
typedef enum {
	SLOT_WALK = 0,    /* not handed to the scan (the walk's status) */
	SLOT_CACHED,      /* the blob's findings are in the cache */
	SLOT_FAILED,      /* not read, or not parsed: gap and reason */
	SLOT_MATERIAL,    /* certificates, keys, ...: findings and mat */
	SLOT_UNSUPPORTED, /* content sniffed: no language */
	SLOT_BINARY,      /* a NUL byte in the first 8 KiB */
	SLOT_LFS,         /* a git LFS pointer */
	SLOT_PREFILTERED, /* no word of any rule: not parsed */
	SLOT_PARSED,      /* findings and res */
} slot_kind;

typedef struct {
	bool done;
	slot_kind kind;
	char *reason;     /* SLOT_FAILED: why the file could not be scanned */
	const char *note; /* a caveat on a scanned file (static), or NULL */
	const cg_lang_pack *lang; /* language (detected for sniffed files) */
	uint64_t size;
	char blob_id[41]; /* cache key: git blob id of the content */
	char sha[65];
	cg_engine_result res;
	cg_findings findings;
	cg_materials mat; /* certificates, keys, ... */
	const char *gap;  /* SLOT_FAILED: coverage gap kind, static */
	bool generated;   /* the text says it is generated code */
	int material;     /* cg_material_kind: from the name (walk) or,
	                     for a blob of no language, from its content */
} slot;

typedef struct {
	const cg_units *walk;
	const cg_engine *engine;
	const cg_material_ctx *mctx;
	const cg_repo *repo;   /* blobs come from here, or NULL (disk) */
	const cg_strv *cached; /* sorted "blob:lang" keys of the cache */
	uint64_t max_file_size;
	const char *today; /* YYYY-MM-DD */
	slot *slots;
	size_t next;     /* next file to hand out */
	size_t consumed; /* files the writer has taken */
	pthread_mutex_t mu;
	pthread_cond_t ready; /* a slot was filled */
	pthread_cond_t room;  /* the writer consumed one */
} pool;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool cache_has(const pool *p, const char *blob, const char *hint)
{
	if (!p->cached || !p->cached->len)
		return false;
	char key[128];
	snprintf(key, sizeof(key), "%s:%s", blob, hint);
	const char *k = key;
	return bsearch(&k, p->cached->items, p->cached->len, sizeof(char *),
	               cmp_str) != NULL;
}

/* Whether brackets nest deeper than the 65,535 levels tree-sitter's query
 * cursor can follow (one pass; a bracket in a string counts too, which
 * only errs towards a note). */
static bool too_deep(const char *s, size_t len)
{
	long depth = 0, max = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '(' || c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
		} else if ((c == ')' || c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return max > 65000;
}

/* Read entry e's bytes (a blob, or a file on disk) into *data. Returns
 * false when that decided the slot: cached (a blob id in the cache) or
 * failed (gap and reason set). */
static bool read_content(char **data, size_t *len, pool *p, cg_repo_reader *rd,
                         const cg_unit *e, slot *s, bool early,
                         const char *hint)
{
	int error;
	if (e->blob_id[0]) {
		memcpy(s->blob_id, e->blob_id, sizeof(s->blob_id));
		if (early && cache_has(p, s->blob_id, hint)) {
			s->kind = SLOT_CACHED;
			return false;
		}
		if (!rd) {
			s->kind = SLOT_FAILED;
			s->gap = "unreadable";
			s->reason = cg_strdup("cannot open the repository");
			return false;
		}
		error = cg_repo_reader_read(data, len, &s->size, rd, s->blob_id,
		                            p->max_file_size);
		if (error == CG_ELIMIT) {
			s->kind = SLOT_FAILED;
			s->gap = "too-large";
			s->reason =
			    cg_sprintf("%llu bytes, over the %llu-byte cap "
			               "(--max-file-size)",
			               (unsigned long long)s->size,
			               (unsigned long long)p->max_file_size);
			return false;
		}
	} else {
		error = cg_read_regular_file(data, len, e->abspath,
		                             p->max_file_size);
		if (error == 0)
			cg_repo_blob_id(s->blob_id, *data, *len);
	}
	if (error < 0) {
		s->kind = SLOT_FAILED;
		s->gap = error == CG_ELIMIT ? "too-large" : "unreadable";
		s->reason = cg_strdup(cg_error_last());
		return false;
	}
	return true;
}

/* The text of a file of code: skipped (binary, LFS pointer), of no
 * language, or parsed by the engine with its line hashes and inline
 * suppressions. */
static void parse_text(pool *p, cg_engine_worker *w, const cg_unit *e, slot *s,
                       const char *data, size_t len)
{
	size_t head = len < HEAD_BYTES ? len : HEAD_BYTES;
	if (memchr(data, '\0', head)) {
		s->kind = SLOT_BINARY;
		return;
	}
	if (cg_repo_is_lfs_pointer(data, len)) {
		s->kind = SLOT_LFS;
		return;
	}
	s->lang = e->lang ? e->lang : cg_lang_detect(e->path, data, head);
	if (!s->lang) {
		s->kind = SLOT_UNSUPPORTED;
		return;
	}
	cg_engine_worker_set_path(w, e->path);
	int error =
	    cg_engine_scan(&s->findings, &s->res, w, s->lang, data, len);
	cg_engine_worker_set_path(w, NULL);
	s->kind = s->res.prefiltered ? SLOT_PREFILTERED : SLOT_PARSED;
	if (error < 0) {
		s->kind = SLOT_FAILED;
		s->gap = error == CG_ELIMIT ? "budget" : "parse-error";
		s->reason = cg_sprintf("not parsed: %s", cg_error_last());
	} else if (too_deep(data, len)) {
		/* the query cursor counts depth in 16 bits: matches deeper
		 * than that are lost, which must not pass for "no finding" */
		s->note = "note: brackets nested deeper than 65,000 levels; "
		          "findings inside them may be missed";
	}
	/* while the text is at hand: the line hashes (fingerprints are made
	 * from them by the writer, for cached blobs too) and the inline
	 * suppressions */
	if (s->findings.len) { /* nothing to fingerprint or suppress */
		cg_suppress_line_hashes(&s->findings, data, len);
		cg_suppress_inline(&s->findings, data, len, p->today);
	}
	if (!s->res.prefiltered)
		cg_sha256_hex(s->sha, data, len);
}

/* A worker's file i: its slot's outcome (slot_kind) and what goes with
 * it. */
static void scan_one(pool *p, cg_engine_worker *w, cg_repo_reader *rd, size_t i)
{
	const cg_unit *e = &p->walk->items[i];
	slot *s = &p->slots[i];
	if (e->status != CG_UNIT_SCAN)
		return;
	const char *hint = e->lang ? e->lang->name : "";
	char *data = NULL;
	size_t len = 0;
	/* material is never cached (its objects are not findings), and a
	 * blob of no language is read first: its content may make it
	 * material, as the walk decides for a file on disk */
	/* a configuration file read by the first pass only (cg_xconfig)
	 * is otherwise a file of no language */
	s->material = e->material == SETTINGS_FILE ? 0 : e->material;
	bool early = !e->material && !e->sniff;
	if (!read_content(&data, &len, p, rd, e, s, early, hint))
		return;
	size_t head = len < HEAD_BYTES ? len : HEAD_BYTES;
	s->generated = cg_filter_generated_text(data, head);
	if (!s->material && !e->lang)
		s->material = (int)cg_material_detect(e->path, data, head);
	if (!s->material && (!e->blob_id[0] || !early) &&
	    cache_has(p, s->blob_id, hint)) {
		s->kind = SLOT_CACHED;
	} else if (s->material) { /* certificates, keys, configurations */
		s->size = len;
		s->kind = SLOT_MATERIAL;
		cg_material_scan(&s->findings, &s->mat, p->mctx, s->material,
		                 e->path, data, len);
		cg_sha256_hex(s->sha, data, len);
	} else {
		s->size = len;
		parse_text(p, w, e, s, data, len);
	}
	cg_free(data);
}

static void slot_dispose(slot *s)
{
	cg_findings_dispose(&s->findings);
	cg_materials_dispose(&s->mat);
	cg_free(s->reason);
	s->reason = NULL;
}

static void *worker_main(void *arg)
{
	pool *p = arg;
	cg_engine_worker *w = cg_engine_worker_new(p->engine);
	cg_repo_reader *rd = NULL;
	if (p->repo && cg_repo_reader_new(&rd, p->repo) < 0)
		rd = NULL;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->walk->len &&
		       p->next >= p->consumed + WINDOW)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->next >= p->walk->len) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		scan_one(p, w, rd, i);
		pthread_mutex_lock(&p->mu);
		p->slots[i].done = true;
		pthread_cond_broadcast(&p->ready);
		pthread_mutex_unlock(&p->mu);
	}
	cg_repo_reader_free(rd);
	cg_engine_worker_free(w);
	return NULL;
}

/* The walk's classifier of files of no language: the material module's
 * detector (certificates, keys, configurations, manifests). */
static int material_kind(const char *path, const char *head, size_t n)
{
	int k = (int)cg_material_detect(path, head, n);
	/* a configuration file read by the first pass only */
	return k ? k : cg_xconfig_wants(path) ? SETTINGS_FILE : 0;
}

/* The text of unit e for a first pass (from the work tree or, for a git
 * blob, through *rd, opened on first use): 0, or < 0 when it cannot be
 * read (the pass skips it), or 1 when no blob can be read at all (the
 * pass stops). */
static int first_pass_read(char **data, size_t *len, cg_repo_reader **rd,
                           const cg_repo *repo, const cg_unit *e,
                           uint64_t max_size)
{
	if (!e->blob_id[0])
		return cg_read_regular_file(data, len, e->abspath, max_size);
	if (!*rd && (!repo || cg_repo_reader_new(rd, repo) < 0))
		return 1;
	uint64_t size = 0;
	return cg_repo_reader_read(data, len, &size, *rd, e->blob_id, max_size);
}

/* The first pass over the configuration files of the tree (.properties,
 * application*.yml, whether the material module also reads them or not):
 * their keys into an immutable table, its hash in `hash`. */
static cg_xconfig *collect_xconfig(const cg_units *walk, const cg_repo *repo,
                                   uint64_t max_size, char hash[65])
{
	cg_xconfig *t = cg_xconfig_new();
	cg_repo_reader *rd = NULL;
	for (size_t i = 0; i < walk->len; i++) {
		const cg_unit *e = &walk->items[i];
		if (e->status != CG_UNIT_SCAN || e->lang || e->base_side ||
		    !cg_xconfig_wants(e->path))
			continue;
		char *data = NULL;
		size_t len = 0;
		int error =
		    first_pass_read(&data, &len, &rd, repo, e, max_size);
		if (error > 0)
			break;
		if (error == 0)
			cg_xconfig_add(t, e->path, data, len);
		cg_free(data);
	}
	cg_repo_reader_free(rd);
	cg_xconfig_seal(t, hash);
	return t;
}

/* The first pass: the top-level literal constants of every file to scan
 * whose language defines them (text only, no parse). */
static cg_xconsts *collect_xconsts(const cg_units *walk, const cg_repo *repo,
                                   uint64_t max_size, char hash[65])
{
	cg_xconsts *t = cg_xconsts_new();
	cg_repo_reader *rd = NULL;
	for (size_t i = 0; i < walk->len; i++) {
		const cg_unit *e = &walk->items[i];
		if (e->status != CG_UNIT_SCAN || !e->lang ||
		    !e->lang->xconst_pattern || e->material)
			continue;
		char *data = NULL;
		size_t len = 0;
		int error =
		    first_pass_read(&data, &len, &rd, repo, e, max_size);
		if (error > 0)
			break;
		if (error == 0)
			cg_xconsts_add(t, e->lang, e->path, data, len);
		cg_free(data);
	}
	cg_repo_reader_free(rd);
	cg_xconsts_seal(t, hash);
	return t;
}

static char *rfc3339(int64_t epoch)
{
	time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return cg_strdup(buf);
}

static char *target_name(const char *target)
{
	char *real = realpath(target, NULL);
	const char *p = real ? real : target;
	const char *base = strrchr(p, '/');
	char *name = cg_strdup(base && base[1] ? base + 1 : p);
	free(real);
	return name;
}

static struct tm utc(int64_t epoch)
{
	time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm;
}

void cg_scan_summary_dispose(cg_scan_summary *sum)
{
	if (!sum)
		return;
	cg_strv_dispose(&sum->notes);
	cg_inv_scan_free(sum->scan);
	sum->scan = NULL;
}

static void suppression_note(cg_scan_summary *sum, const char *status,
                             const char *path, int line, const char *rule,
                             const char *until, const char *why)
{
	if (!status)
		return;
	if (strcmp(status, "applies") == 0) {
		sum->suppressed++;
		return;
	}
	cg_strv_push_owned(
	    &sum->notes,
	    strcmp(status, "expired") == 0
	        ? cg_sprintf("%s:%d: suppression of %s expired on %s; the "
	                     "finding is active",
	                     path, line, rule, until)
	        : cg_sprintf("%s:%d: suppression of %s rejected: %s; the "
	                     "finding is active",
	                     path, line, rule, why ? why : "invalid"));
}

/* Notes about suppressions that do not apply. */
static void suppression_notes(cg_scan_summary *sum, const cg_inv_scan *s)
{
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		suppression_note(sum, m->suppression_status, m->path,
		                 m->suppression_line, m->rule_id,
		                 m->suppression_until, m->suppression_reason);
	}
	for (size_t i = 0; i < s->nassets; i++)
		for (size_t k = 0; k < s->assets[i].nocc; k++) {
			const cg_inv_occ *o = &s->assets[i].occs[k];
			suppression_note(sum, o->suppression_status, o->path,
			                 o->suppression_line, o->rule_id,
			                 o->suppression_until,
			                 o->suppression_reason);
		}
}

static void set_str(char **dst, const char *v)
{
	cg_free(*dst);
	*dst = v ? cg_strdup(v) : NULL;
}

int cg_scan_score_loaded(cg_inv_scan *s, const cg_risk_standards *st,
                         const char *profile, int year,
                         const char *evaluated_at)
{
	cg_risk_totals tot = { 0 };
	int error = 0;
	/* misuse findings per asset (assets are sorted by bom-ref) */
	int *nmis = cg_calloc(s->nassets ? s->nassets : 1, sizeof(int));
	for (size_t k = 0; k < s->nmisuses; k++) {
		const char *ref = s->misuses[k].bom_ref;
		size_t lo = 0, hi = s->nassets;
		while (ref && lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(s->assets[mid].bom_ref, ref);
			if (c == 0) {
				nmis[mid]++;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	for (size_t i = 0; i < s->nassets && !error; i++) {
		cg_inv_asset *a = &s->assets[i];
		cg_risk_asset in = { .name = a->name,
			             .family = a->family,
			             .primitive = a->primitive,
			             .functions = a->functions,
			             .parameter_set = a->parameter_set,
			             .mode = a->mode,
			             .classical = a->classical,
			             .misuses = nmis[i] };
		cg_risk_result res;
		if ((error = cg_risk_score(&res, st, profile, year, &in)) < 0)
			break;
		cg_risk_totals_add(&tot, &res);
		cg_inv_asset_risk *r = &a->risk;
		r->scored = true;
		r->score = res.score;
		set_str(&r->severity, res.severity);
		set_str(&r->usage, res.usage);
		set_str(&r->entry, res.entry);
		r->quantum_vulnerable = res.quantum_vulnerable;
		r->misuses = nmis[i];
		set_str(&r->replacement, res.replacement);
		set_str(&r->explanation, res.explanation);
		set_str(&r->citations, res.citations);
		r->y_q = res.y_q;
		cg_risk_result_dispose(&res);
	}
	if (!error) {
		cg_inv_scan_risk_load *sr = &s->risk;
		sr->scored = true;
		set_str(&sr->profile, profile);
		set_str(&sr->standards_version, cg_risk_version(st));
		set_str(&sr->evaluated_at, evaluated_at);
		memcpy(sr->counts, tot.counts, sizeof(sr->counts));
		sr->quantum_vulnerable_share =
		    cg_risk_totals_quantum_share(&tot);
		sr->readiness = cg_risk_totals_readiness(&tot);
	}
	cg_free(nmis);
	return error;
}

/* Score every asset of the loaded scan and record the scores. */
int cg_scan__score(cg_inventory *inv, cg_inv_scan *s,
                   const cg_risk_standards *st, const char *profile, int year,
                   const char *evaluated_at)
{
	int error = cg_scan_score_loaded(s, st, profile, year, evaluated_at);
	if (error < 0)
		return error;
	cg_inv_risk_row *rows =
	    cg_calloc(s->nassets ? s->nassets : 1, sizeof(cg_inv_risk_row));
	for (size_t i = 0; i < s->nassets; i++) {
		const cg_inv_asset *a = &s->assets[i];
		rows[i] = (cg_inv_risk_row){
			.bom_ref = a->bom_ref,
			.score = a->risk.score,
			.severity = a->risk.severity,
			.usage = a->risk.usage,
			.entry = a->risk.entry,
			.quantum_vulnerable = a->risk.quantum_vulnerable,
			.misuses = a->risk.misuses,
			.replacement = a->risk.replacement,
			.explanation = a->risk.explanation,
			.citations = a->risk.citations,
			.y_q = a->risk.y_q,
		};
	}
	const cg_inv_scan_risk_load *l = &s->risk;
	cg_inv_scan_risk sr = {
		.profile = l->profile,
		.standards_version = l->standards_version,
		.evaluated_at = l->evaluated_at,
		.quantum_vulnerable_share = l->quantum_vulnerable_share,
		.readiness = l->readiness,
	};
	memcpy(sr.counts, l->counts, sizeof(sr.counts));
	error = cg_inventory_set_risk(inv, s->id, &sr, rows, s->nassets);
	cg_free(rows);
	return error;
}

/* A baseline: every occurrence's fingerprint, with a comment naming the
 * rule and the place (never the code). */
static int write_baseline(const char *path, const cg_inv_scan *s)
{
	cg_strv lines = CG_STRV_INIT;
	for (size_t i = 0; i < s->nassets; i++)
		for (size_t k = 0; k < s->assets[i].nocc; k++) {
			const cg_inv_occ *o = &s->assets[i].occs[k];
			if (!o->fingerprint)
				continue;
			/* a newline in a file name must not forge a line */
			char *where = cg_ctl_escape(o->path);
			cg_strv_push_owned(
			    &lines, cg_sprintf("%s %s %s:%u\n", o->fingerprint,
			                       o->rule_id, where, o->line));
			cg_free(where);
		}
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		if (m->fingerprint)
			cg_strv_push_owned(
			    &lines, cg_sprintf("%s %s %s:%u\n", m->fingerprint,
			                       m->rule_id, m->path, m->line));
	}
	if (lines.len > 1)
		qsort(lines.items, lines.len, sizeof(char *), cmp_str);
	cg_buf b = CG_BUF_INIT;
	cg_buf_puts(&b, "# cryptagion baseline v1: one fingerprint per "
	                "line; the rest of a line is a comment\n");
	for (size_t i = 0; i < lines.len; i++)
		cg_buf_puts(&b, lines.items[i]);
	int error = cg_write_file_atomic(path, b.ptr, b.len);
	cg_buf_dispose(&b);
	cg_strv_dispose(&lines);
	return error;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the writer: one file at a time, in walk order ------------------- */

/* The state of a file as the inventory records it. */
typedef enum {
	FILE_UNSUPPORTED, /* no language: not recorded as a file */
	FILE_SKIPPED,
	FILE_PREFILTERED,
	FILE_SCANNED,
} file_state;

/* The inventory's text of a recorded state (files.status). */
static const char *file_state_name(file_state st)
{
	switch (st) {
	case FILE_SKIPPED:
		return "skipped";
	case FILE_PREFILTERED:
		return "prefiltered";
	case FILE_SCANNED:
		return "scanned";
	case FILE_UNSUPPORTED:
		break;
	}
	return NULL;
}

/* The blob cache's text of a slot's outcome (blob_cache.status), and
 * back. Only outcomes that are cached have one. */
static const struct {
	slot_kind kind;
	const char *name;
} cache_states[] = {
	{ SLOT_PARSED, "scanned" },
	{ SLOT_PREFILTERED, "prefiltered" },
	{ SLOT_BINARY, "binary" },
	{ SLOT_LFS, "lfs" },
	{ SLOT_UNSUPPORTED, "unsupported" },
};

#define NCACHE_STATES (sizeof(cache_states) / sizeof(*cache_states))

static const char *cache_state_name(slot_kind k)
{
	for (size_t i = 0; i < NCACHE_STATES; i++)
		if (cache_states[i].kind == k)
			return cache_states[i].name;
	return "scanned";
}

static slot_kind cache_state_of(const char *name)
{
	for (size_t i = 0; i < NCACHE_STATES; i++)
		if (strcmp(cache_states[i].name, name) == 0)
			return cache_states[i].kind;
	return SLOT_PARSED;
}

/* The single writer's state. */
typedef struct {
	cg_inventory *inv;
	int64_t scan_id;
	const char *ruleset_hash;
	const char *engine_version;
	const char *today;       /* YYYY-MM-DD: suppression expiry */
	const cg_strv *baseline; /* sorted fingerprints, or NULL */
	const char *baseline_reason;
	cg_diff_labeller *diff; /* a diff scan: the labels, else NULL */
	cg_scan_summary *sum;
	const cg_material_ctx *mctx; /* protocols set up in code */
} writer;

/* A file as the writer records it, resolved from its slot (and the blob
 * cache); the strings are borrowed from the entry, the slot, the cached
 * blob or static text. */
typedef struct {
	file_state state;
	const char *lang;
	const char *reason; /* why skipped, or the note on a recorded file */
	bool noted;         /* reason is a note on a file not skipped */
	const char *gap;    /* coverage gap kind, or NULL */
	const char *sha;    /* of the content, or NULL */
	uint64_t size;
	bool parse_errors;
	bool cache_put;  /* a fresh parse the blob cache keeps */
	cg_findings *fs; /* the findings to record, or NULL */
} file_rec;

/* The coverage gap kind of a file the walk did not hand to the scan. */
static const char *walk_gap(cg_unit_status st)
{
	switch (st) {
	case CG_UNIT_TOO_LARGE:
		return "too-large";
	case CG_UNIT_BINARY:
		return "binary";
	case CG_UNIT_SYMLINK:
		return "symlink";
	case CG_UNIT_UNREADABLE:
		return "unreadable";
	case CG_UNIT_SPECIAL:
		return "special";
	case CG_UNIT_SUBMODULE:
		return "submodule";
	case CG_UNIT_LFS:
		return "lfs";
	case CG_UNIT_SCAN:
		break;
	}
	return "unreadable";
}

/* A file whose text was at hand (fresh or cached), by its outcome k. */
static void resolve_content(file_rec *r, writer *wr, const cg_unit *e, slot *s,
                            slot_kind k, bool cached)
{
	cg_scan_summary *sum = wr->sum;
	switch (k) {
	case SLOT_UNSUPPORTED:
		r->state = FILE_UNSUPPORTED;
		return;
	case SLOT_BINARY:
		r->state = FILE_SKIPPED;
		r->reason = "binary (NUL byte in the first 8 KiB)";
		r->gap = "binary";
		return;
	case SLOT_LFS:
		r->state = FILE_SKIPPED;
		r->reason = "git LFS pointer, content not fetched";
		r->gap = "lfs";
		return;
	case SLOT_PREFILTERED:
		r->state = FILE_PREFILTERED;
		/* counted among the files examined only */
		sum->cache_hits += cached && !e->base_side;
		return;
	default:
		break;
	}
	r->state = FILE_SCANNED;
	if (cached) {
		sum->cache_hits += !e->base_side;
		/* expiry is relative to today, not to the day the blob was
		 * cached */
		cg_suppress_recheck(r->fs, wr->today);
		return;
	}
	r->sha = s->sha;
	r->fs = &s->findings;
	/* coverage: value resolution bounded by a budget */
	if (s->res.budget_notes)
		cg_strv_push_owned(
		    &sum->notes,
		    cg_sprintf("%s: the value resolution of %u call%s stopped "
		               "at its budget (coverage)",
		               e->path, s->res.budget_notes,
		               s->res.budget_notes == 1 ? "" : "s"));
	const char *note = s->res.note[0] ? s->res.note : s->note;
	if (note) {
		/* incomplete: noted, and not cached */
		r->reason = note;
		r->noted = true;
		r->cache_put = false;
		r->gap = "incomplete";
		if (!e->base_side)
			cg_strv_push_owned(&sum->notes,
			                   cg_sprintf("%s: %s", e->path,
			                              strncmp(note, "note: ", 6)
			                                  ? note
			                                  : note + 6));
	}
}

/* Resolve slot s of entry e into the record r (reading the blob cache
 * into *cached on a hit). */
static int resolve_slot(file_rec *r, writer *wr, const cg_unit *e, slot *s,
                        const cg_inv_cache_key *key, cg_inv_cached *cached)
{
	*r = (file_rec){ .reason = e->reason,
		         .size = e->size,
		         .lang = e->lang ? e->lang->name : NULL };
	int error;
	switch (s->kind) {
	case SLOT_WALK:
		r->state = FILE_SKIPPED;
		r->gap = walk_gap(e->status);
		return 0;
	case SLOT_FAILED:
		r->state = FILE_SKIPPED;
		r->reason = s->reason;
		r->gap = s->gap;
		if (s->size)
			r->size = s->size;
		return 0;
	case SLOT_MATERIAL:
		/* certificates, keys, configurations (never cached: their
		 * objects are not findings) */
		r->size = s->size ? s->size : r->size;
		r->lang = cg_material_kind_name(s->material);
		r->state = s->mat.not_analysed ? FILE_SKIPPED : FILE_SCANNED;
		if (s->mat.not_analysed)
			r->gap = "not-analysed";
		r->reason = s->mat.note;
		r->noted = true;
		r->sha = s->sha;
		r->fs = &s->findings;
		return 0;
	case SLOT_CACHED:
		if ((error = cg_inventory_cache_get(cached, wr->inv, key)) < 0)
			return error;
		r->lang = cached->language;
		r->size = cached->size;
		r->parse_errors = cached->parse_errors;
		r->sha = cached->sha256;
		r->fs = &cached->findings;
		s->generated = cached->generated;
		resolve_content(r, wr, e, s, cache_state_of(cached->status),
		                true);
		if (r->state != FILE_SCANNED) {
			r->sha = NULL;
			r->fs = NULL;
		}
		return 0;
	default:
		r->cache_put = true;
		r->size = s->size;
		r->lang = s->lang ? s->lang->name : NULL;
		r->parse_errors = s->kind == SLOT_PARSED && s->res.parse_errors;
		resolve_content(r, wr, e, s, s->kind, false);
		return 0;
	}
}

/* Keep a fresh parse in the blob cache (findings without fingerprints). */
static int cache_store(writer *wr, const cg_inv_cache_key *key, const slot *s,
                       const file_rec *r)
{
	cg_inv_cached c = { 0 };
	c.language = (char *)r->lang;
	c.status = (char *)cache_state_name(s->kind);
	c.size = r->size;
	if (s->kind == SLOT_PARSED || s->kind == SLOT_UNSUPPORTED)
		memcpy(c.sha256, s->sha, sizeof(c.sha256));
	c.parse_errors = s->res.parse_errors;
	c.generated = s->generated;
	c.findings = s->findings;
	return cg_inventory_cache_put(wr->inv, key, &c);
}

/* Findings ready to record: protocol objects of code, one fingerprint
 * each from the line hashes (fresh or cached) under this path, then the
 * baseline, which needs it. */
static void prepare_findings(writer *wr, const cg_unit *e, const slot *s,
                             cg_findings *fs, cg_materials *code_mat)
{
	if (!fs)
		return;
	/* protocols set up in code become protocol objects (from the
	 * findings, so a cached blob gives the same) */
	if (s->kind != SLOT_MATERIAL)
		cg_material_code_protocols(fs, code_mat, wr->mctx, e->path);
	cg_suppress_fingerprints(fs, e->path);
	if (wr->baseline && !e->base_side)
		cg_suppress_baseline_apply(fs, wr->baseline,
		                           wr->baseline_reason);
}

/* Record the file, its findings and material objects (HEAD side). */
static int record_file(writer *wr, const cg_unit *e, const slot *s,
                       const file_rec *r, const char *context,
                       const cg_materials *code_mat)
{
	cg_scan_summary *sum = wr->sum;
	cg_inv_file f = { 0 };
	f.path = e->path;
	f.language = r->lang;
	f.size = r->size;
	f.status = file_state_name(r->state);
	f.blob_id = s->blob_id[0] ? s->blob_id : NULL;
	f.context = context;
	f.cached = s->kind == SLOT_CACHED;
	if (r->state == FILE_SKIPPED) {
		f.reason = r->reason;
		sum->files_skipped++;
	} else {
		if (r->noted && r->reason)
			f.reason = r->reason;
		if (!cg_utf8_valid(e->path, strlen(e->path)))
			f.reason = "note: the path is not valid UTF-8 "
			           "(repaired in the CBOM)";
		if (r->state == FILE_PREFILTERED) {
			sum->files_prefiltered++;
		} else {
			f.sha256 = r->sha && *r->sha ? r->sha : NULL;
			f.parse_errors = r->parse_errors;
			sum->files_scanned++;
			sum->bytes_scanned += r->size;
			if (r->parse_errors)
				sum->parse_errors++;
		}
	}
	int64_t file_id;
	int error = cg_inventory_add_file(&file_id, wr->inv, wr->scan_id, &f);
	const cg_findings *fs = r->fs;
	for (size_t k = 0; !error && fs && k < fs->len; k++) {
		const cg_finding *fd = &fs->items[k];
		cg_inv_occ_meta meta = { .context = context };
		error = cg_inventory_add_finding_meta(wr->inv, wr->scan_id,
		                                      file_id, fd, &meta);
		sum->findings++;
		if (fd->misuse)
			sum->misuses++;
		if (wr->diff)
			cg_diff_add(wr->diff, false, e->path, fd, context);
	}
	if (!error && s->kind == SLOT_MATERIAL)
		error = cg_inventory_add_materials(wr->inv, wr->scan_id,
		                                   file_id, &s->mat);
	if (!error && code_mat->len)
		error = cg_inventory_add_materials(wr->inv, wr->scan_id,
		                                   file_id, code_mat);
	return error;
}

/* Record file i and its findings (writer thread): resolve, cache, prepare
 * the findings, then the gaps and the file (or, for the BASE version of a
 * changed file, only its findings for the diff labels). */
static int write_slot(writer *wr, const cg_unit *e, slot *s)
{
	cg_inv_cached cached = { 0 };
	cg_materials code_mat = { 0 }; /* protocols set up in code */
	file_rec r;
	cg_inv_cache_key key = { .blob_id = s->blob_id,
		                 .lang_hint = e->lang ? e->lang->name : "",
		                 .ruleset_hash = wr->ruleset_hash,
		                 .engine_version = wr->engine_version };
	int error = resolve_slot(&r, wr, e, s, &key, &cached);
	if (!error && r.cache_put)
		error = cache_store(wr, &key, s, &r);
	if (error < 0)
		goto done;
	const char *context = e->context;
	if (s->generated && strcmp(context, "vendor") != 0)
		context = "generated";
	prepare_findings(wr, e, s, r.fs, &code_mat);
	if (r.state == FILE_UNSUPPORTED) {
		const char *foreign = cg_filter_foreign_language(e->path);
		if (!e->base_side)
			wr->sum->files_unsupported++;
		if (!e->base_side && foreign)
			error = cg_inventory_add_gap(
			    wr->inv, wr->scan_id, e->path,
			    "unsupported-language", foreign, 0);
		goto done;
	}
	if (!e->base_side && (r.gap || r.parse_errors) &&
	    (error = cg_inventory_add_gap(wr->inv, wr->scan_id, e->path,
	                                  r.gap ? r.gap : "parse-error",
	                                  r.gap ? r.reason : NULL, 0)) < 0)
		goto done;
	if (e->base_side) {
		/* BASE version of a changed file: only its fingerprints */
		for (size_t k = 0; r.fs && k < r.fs->len; k++)
			cg_diff_add(wr->diff, true,
			            e->old_path ? e->old_path : e->path,
			            &r.fs->items[k], context);
		goto done;
	}
	error = record_file(wr, e, s, &r, context, &code_mat);
done:
	cg_materials_dispose(&code_mat);
	cg_inv_cached_dispose(&cached);
	return error;
}

/* Which language packs have files to parse: those of entries whose blob
 * is not in the cache (all packs for an extension-less file, whose
 * language is known only from its content). Returns whether any. */
static bool needed_packs(bool *need, const cg_units *w, const cg_strv *cached)
{
	pool p = { 0 };
	p.cached = cached;
	bool any = false;
	for (size_t i = 0; i < w->len; i++) {
		const cg_unit *e = &w->items[i];
		if (e->status != CG_UNIT_SCAN)
			continue;
		const char *hint = e->lang ? e->lang->name : "";
		if (e->blob_id[0] && cache_has(&p, e->blob_id, hint))
			continue;
		for (size_t k = 0; k < cg_lang_count(); k++)
			if (!e->lang || cg_lang_at(k) == e->lang) {
				need[k] = true;
				any = true;
			}
	}
	return any;
}

/* Display name of a URL: its last path component without ".git". */
static char *url_name(const char *url)
{
	size_t n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	size_t b = n;
	while (b && url[b - 1] != '/' && url[b - 1] != ':')
		b--;
	if (n - b > 4 && strncmp(url + n - 4, ".git", 4) == 0)
		n -= 4;
	return n > b ? cg_strndup(url + b, n - b) : cg_strdup(url);
}

/* ---- the stages ------------------------------------------------------ */

/* What the stages of one scan share; each stage says what it reads and
 * what it produces. Everything here is released by run_dispose. */
typedef struct {
	const cg_scan_opts *o;
	cg_scan_summary *sum;
	cg_scan_fail *fail;
	const char *profile;
	struct tm now;
	char today[16];
	/* setup */
	bool *need; /* language packs whose rules are compiled */
	cg_ruleset *rs;
	char *std_path;
	cg_risk_standards *standards;
	cg_strv baseline;
	char *baseline_reason;
	/* sources */
	cg_filter_ignore *ig;
	cg_repo *repo;
	cg_units *walk;
	char *target; /* without credentials */
	char *name;   /* display name of the target */
	const char *ref;
	/* inventory */
	char *db_path;
	cg_inventory *inv;
	char serial[37];
	char *started_at, *finished_at;
	/* symbols, engine */
	cg_xconsts *xconsts;
	cg_xconfig *xconfig;
	char *engine_version;
	cg_strv cached; /* sorted "blob:lang" keys of the blob cache */
	cg_engine *engine;
	cg_material_ctx *mctx;
	/* writer, risk, deliverables */
	cg_diff_labeller *diff;
	cg_inv_scan *loaded; /* the scan as recorded and scored */
} run;

static void run_dispose(run *r)
{
	cg_inv_scan_free(r->loaded);
	cg_diff_labeller_free(r->diff);
	cg_inventory_close(r->inv);
	cg_risk_free(r->standards);
	cg_strv_dispose(&r->baseline);
	cg_free(r->std_path);
	cg_free(r->baseline_reason);
	cg_units_free(r->walk);
	cg_material_ctx_free(r->mctx);
	cg_repo_free(r->repo);
	cg_filter_ignore_free(r->ig);
	cg_strv_dispose(&r->cached);
	cg_free(r->target);
	cg_free(r->engine_version);
	cg_free(r->need);
	cg_engine_free(r->engine);
	cg_xconsts_free(r->xconsts);
	cg_xconfig_free(r->xconfig);
	cg_rules_free(r->rs);
	cg_free(r->db_path);
	cg_free(r->started_at);
	cg_free(r->finished_at);
	cg_free(r->name);
}

/* Stage 0, setup: the options -> the rule set's hash (its queries are
 * compiled once the files are known), the fonts checked, the standards
 * table with the profile, the baseline. */
static int stage_setup(run *r)
{
	const cg_scan_opts *o = r->o;
	int error;
	r->need = cg_calloc(cg_lang_count() + 1, sizeof(bool));
	if ((error = cg_rules_load_for(&r->rs, o->rules_dir, r->need)) < 0)
		return error;
	if (o->roadmap_schema_dir &&
	    (error = cg_emit_pdf_check_fonts(o->font_dir)) < 0)
		return error;
	r->std_path = o->standards ? cg_strdup(o->standards)
	                           : cg_sprintf("%s/standards/standards.yaml",
	                                        o->rules_dir);
	if ((error = cg_risk_load(&r->standards, r->std_path)) < 0)
		return error;
	if ((error = cg_risk_check_profile(r->standards, r->std_path,
	                                   r->profile)) < 0)
		return error;
	if (o->baseline) {
		if ((error = cg_suppress_baseline_load(&r->baseline,
		                                       o->baseline)) < 0)
			return error;
		r->baseline_reason = cg_sprintf("baseline %s", o->baseline);
	}
	return 0;
}

/* Stage 1, sources: the target -> the sorted file list (the walk of a
 * directory, or a commit's tree or the changes between two commits of a
 * repository, entries with blob ids), the commits in the summary. */
static int stage_sources(run *r)
{
	const cg_scan_opts *o = r->o;
	int error;
	r->ig = cg_filter_ignore_new();
	for (size_t i = 0; i < o->nexcludes; i++)
		cg_filter_ignore_add(r->ig, o->excludes[i]);
	cg_filter_opts wo = CG_FILTER_OPTS_INIT;
	wo.max_file_size = o->max_file_size;
	wo.ignore = r->ig;
	wo.classify = material_kind;
	/* a URL or a bare repository is read from the object database; a
	 * work tree only when a ref is asked for (else: the files on disk) */
	bool is_url = cg_repo_is_url(o->target);
	cg_repo_kind kind = is_url ? CG_REPO_NONE : cg_repo_probe(o->target);
	bool use_repo = is_url || kind == CG_REPO_BARE ||
	                (kind == CG_REPO_WORKTREE && (o->ref || o->base));
	r->ref = o->ref ? o->ref : "HEAD";
	r->target =
	    is_url ? cg_repo_url_strip(o->target) : cg_strdup(o->target);
	r->name = is_url ? url_name(r->target) : target_name(o->target);
	if (!use_repo && (o->ref || o->base)) {
		struct stat tst;
		if (stat(o->target, &tst) < 0) {
			cg_error_set("%s: %s", o->target, strerror(errno));
		} else {
			cg_error_set("%s: not a git repository (--ref and "
			             "--base need one)",
			             o->target);
		}
		return CG_ENOTFOUND;
	}
	if (!use_repo)
		return cg_walk_run(&r->walk, o->target, &wo);
	cg_repo_opts ro = CG_REPO_OPTS_INIT;
	ro.cache_dir = o->cache_dir;
	ro.ssh_key = o->ssh_key;
	ro.insecure = o->insecure_host;
	ro.token_env = o->token_env;
	ro.allow_http_token = o->allow_http_token;
	cg_scan_summary *sum = r->sum;
	if ((error = cg_repo_open(&r->repo, o->target, &ro)) < 0)
		return error;
	if ((error = cg_repo_resolve(sum->commit, r->repo, r->ref)) < 0)
		return error;
	if (!o->base)
		return cg_repo_list(&r->walk, r->repo, sum->commit, &wo);
	if ((error = cg_repo_resolve(sum->base_commit, r->repo, o->base)) < 0)
		return error;
	return cg_repo_list_diff(&r->walk, r->repo, sum->base_commit,
	                         sum->commit, &wo);
}

/* Stage 2, inventory: the output folder and the inventory opened (its
 * lock taken), the CBOM serial and the start time. */
static int stage_inventory(run *r)
{
	const cg_scan_opts *o = r->o;
	int error;
	if ((error = cg_mkdirs(o->out_dir)) < 0)
		return error;
	r->db_path = o->db_path ? cg_strdup(o->db_path)
	                        : cg_sprintf("%s/cryptagion.db", o->out_dir);
	if ((error = cg_inventory_open(&r->inv, r->db_path)) < 0)
		return error;
	if (o->serial)
		snprintf(r->serial, sizeof(r->serial), "%s", o->serial);
	else if ((error = cg_uuid_v4(r->serial)) < 0)
		return error;
	r->started_at = rfc3339(o->epoch);
	return 0;
}

/* Stage 3, symbols: the project's constants (a first pass over the text
 * of the files), before the cache is consulted: a file's findings depend
 * on them, so their hash is part of the cache key (engine_version). */
static void stage_symbols(run *r)
{
	char xhash[65], chash[65];
	r->xconsts =
	    collect_xconsts(r->walk, r->repo, r->o->max_file_size, xhash);
	/* and the keys of its configuration files, for the same reason */
	r->xconfig =
	    collect_xconfig(r->walk, r->repo, r->o->max_file_size, chash);
	if (cg_xconfig_dropped(r->xconfig))
		cg_strv_push_owned(
		    &r->sum->notes,
		    cg_sprintf("the configuration files set more keys than "
		               "the scanner keeps; %zu were not read "
		               "(coverage)",
		               cg_xconfig_dropped(r->xconfig)));
	r->engine_version =
	    cg_sprintf("%s/engine-%s/x-%.16s/c-%.16s", r->o->tool_version,
	               CG_ENGINE_VERSION, xhash, chash);
}

/* Stage 4, engine: the blob cache's keys -> the rules of the languages
 * that need parsing compiled, the engine and the material readers. */
static int stage_engine(run *r)
{
	const cg_scan_opts *o = r->o;
	int error;
	*r->fail = CG_SCAN_FAIL_INTERNAL;
	if (!o->no_cache &&
	    (error = cg_inventory_cache_keys(&r->cached, r->inv, r->rs->hash,
	                                     r->engine_version)) < 0)
		return error;
	*r->fail = CG_SCAN_FAIL_INPUT;
	if (needed_packs(r->need, r->walk, &r->cached)) {
		cg_rules_free(r->rs);
		r->rs = NULL;
		if ((error = cg_rules_load_for(&r->rs, o->rules_dir, r->need)) <
		    0)
			return error;
	}
	if ((error = cg_engine_new(&r->engine, r->rs)) < 0)
		return error;
	cg_engine_use_xconsts(r->engine, r->xconsts);
	cg_engine_use_xconfig(r->engine, r->xconfig);
	return cg_material_ctx_new(&r->mctx, r->rs, o->rules_dir,
	                           o->epoch >= 0 ? o->epoch : time(NULL),
	                           o->cert_warn_days);
}

/* The progress line, at most every 0.1 s and for the last file. */
static void progress(const run *r, size_t done, double *last)
{
	FILE *out = r->o->progress;
	if (!out)
		return;
	double t = now_s();
	if (t - *last <= 0.1 && done != r->walk->len)
		return;
	fprintf(out, "\rscanning: %zu/%zu files, %llu findings", done,
	        r->walk->len, (unsigned long long)r->sum->findings);
	fflush(out);
	*last = t;
}

/* Stage 5, begin: the scan recorded as begun (the transaction that a
 * failure rolls back opens here); a diff scan's labeller. */
static int stage_begin(run *r)
{
	const cg_scan_opts *o = r->o;
	cg_inv_scan_info info = {
		.serial = r->serial,
		.target = r->target,
		.target_name = r->name,
		.started_at = r->started_at,
		.tool_version = o->tool_version,
		.ruleset_hash = r->rs->hash,
		.repo_url = r->repo ? cg_repo_url(r->repo) : NULL,
		.ref = r->repo ? r->ref : NULL,
		.commit_id = r->repo ? r->sum->commit : NULL,
		.base_ref = o->base,
		.base_commit = o->base ? r->sum->base_commit : NULL,
	};
	*r->fail = CG_SCAN_FAIL_INTERNAL;
	int error = cg_inventory_scan_begin(&r->sum->scan_id, r->inv, &info);
	if (error < 0)
		return error;
	if (o->base)
		r->diff = cg_diff_labeller_new();
	return 0;
}

/* The single writer: each slot in walk order as soon as its worker is
 * done, room made for the workers after each; the first error stops the
 * recording (the workers still run to the end of the list). */
static int writer_loop(const run *r, pool *p, writer *wr)
{
	const cg_units *walk = r->walk;
	FILE *out = r->o->progress;
	double last = now_s();
	int error = 0;
	if (out && walk->len) { /* at once, before the first file */
		fprintf(out, "\rscanning: 0/%zu files, 0 findings", walk->len);
		fflush(out);
	}
	for (size_t i = 0; i < walk->len; i++) {
		pthread_mutex_lock(&p->mu);
		while (!p->slots[i].done)
			pthread_cond_wait(&p->ready, &p->mu);
		pthread_mutex_unlock(&p->mu);
		slot *s = &p->slots[i];
		if (!error)
			error = write_slot(wr, &walk->items[i], s);
		slot_dispose(s);
		pthread_mutex_lock(&p->mu);
		p->consumed = i + 1;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->mu);
		progress(r, i + 1, &last);
	}
	if (out && walk->len)
		fputc('\n', out);
	return error;
}

/* Stage 6, workers and writer: the file list -> N worker threads (one
 * engine worker each) fill the slots, at most WINDOW files ahead; this
 * thread is the single writer (writer_loop) inside the scan's
 * transaction. */
static int stage_workers_writer(run *r)
{
	const cg_scan_opts *o = r->o;
	const cg_units *walk = r->walk;
	writer wr = { .inv = r->inv,
		      .scan_id = r->sum->scan_id,
		      .ruleset_hash = r->rs->hash,
		      .engine_version = r->engine_version,
		      .today = r->today,
		      .baseline = o->baseline ? &r->baseline : NULL,
		      .baseline_reason = r->baseline_reason,
		      .diff = r->diff,
		      .sum = r->sum,
		      .mctx = r->mctx };
	pool p = { .walk = walk,
		   .engine = r->engine,
		   .mctx = r->mctx,
		   .repo = r->repo,
		   .cached = &r->cached,
		   .max_file_size = o->max_file_size,
		   .today = r->today };
	p.slots = cg_calloc(walk->len ? walk->len : 1, sizeof(slot));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.ready, NULL);
	pthread_cond_init(&p.room, NULL);
	unsigned jobs = o->jobs ? o->jobs : 1, started = 0;
	pthread_t *threads = cg_calloc(jobs, sizeof(pthread_t));
	for (; started < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker_main, &p))
			break;
	int error;
	if (started) {
		error = writer_loop(r, &p, &wr);
	} else {
		cg_error_set("cannot start a worker thread");
		error = CG_ERROR;
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	for (size_t i = 0; i < walk->len; i++)
		slot_dispose(&p.slots[i]);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.ready);
	pthread_cond_destroy(&p.room);
	cg_free(p.slots);
	cg_free(threads);
	return error;
}

/* Stage 7, finish: the end of the writer: a rule's lazy compilation error, the
 * diff labels, the files of foreign languages, the totals; the scan is
 * complete but not committed. */
static int stage_finish(run *r)
{
	cg_scan_summary *sum = r->sum;
	const cg_units *walk = r->walk;
	int error = 0;
	if (cg_rules_lazy_error(r->rs)) {
		/* a rule's query, compiled when a file first needed it */
		cg_error_set("%s", cg_rules_lazy_error(r->rs));
		*r->fail = CG_SCAN_FAIL_INPUT;
		return CG_EPARSE;
	}
	uint64_t labels[3] = { 0 };
	if (r->diff &&
	    (error = cg_diff_record(labels, r->diff, r->inv, sum->scan_id)) < 0)
		return error;
	sum->diff_new = labels[CG_DIFF_NEW];
	sum->diff_unchanged = labels[CG_DIFF_UNCHANGED];
	sum->diff_removed = labels[CG_DIFF_REMOVED];
	for (size_t i = 0; !error && i < walk->foreign.len; i++)
		error = cg_inventory_add_gap(
		    r->inv, sum->scan_id, walk->foreign.items[i],
		    "unsupported-language",
		    cg_filter_foreign_language(walk->foreign.items[i]), 0);
	if (error < 0)
		return error;
	sum->files_unsupported += walk->unsupported;
	sum->files_ignored = walk->ignored;
	r->finished_at = rfc3339(r->o->epoch);
	cg_inv_scan_stats st = { .files_scanned = sum->files_scanned,
		                 .files_prefiltered = sum->files_prefiltered,
		                 .files_skipped = sum->files_skipped,
		                 .files_unsupported = sum->files_unsupported,
		                 .bytes_scanned = sum->bytes_scanned,
		                 .findings = sum->findings,
		                 .finished_at = r->finished_at,
		                 .cache_hits = sum->cache_hits,
		                 .files_ignored = sum->files_ignored };
	return cg_inventory_scan_finish(r->inv, sum->scan_id, &st);
}

/* Stage 8, risk: the scan loaded from the inventory (once: the
 * deliverables use the same), every asset scored, the scores written
 * back and the scan committed with them. */
static int stage_risk(run *r)
{
	int error;
	if ((error = cg_inventory_load(&r->loaded, r->inv, r->sum->scan_id)) <
	    0)
		return error;
	if ((error = cg_scan__score(r->inv, r->loaded, r->standards, r->profile,
	                            r->now.tm_year + 1900, r->finished_at)) < 0)
		return error;
	return cg_inventory_scan_end(r->inv);
}

/* Stage 9, deliverables: the scored scan -> the notes on suppressions,
 * the deliverables (or the CBOM alone), SARIF, the baseline file; the
 * scan handed to the caller with keep_scan. */
static int stage_deliverables(run *r)
{
	const cg_scan_opts *o = r->o;
	cg_scan_summary *sum = r->sum;
	int error;
	sum->assets = r->loaded->nassets;
	suppression_notes(sum, r->loaded);
	cg_report_opts ro = { .out_dir = o->out_dir,
		              .schema_dir = o->schema_dir,
		              .roadmap_schema_dir = o->roadmap_schema_dir,
		              .font_dir = o->font_dir,
		              .tool_version = o->tool_version,
		              .title = o->title,
		              .epoch = o->epoch };
	cg_deliver_opts d = cg_scan__deliver_opts(&ro, r->standards);
	d.sarif_schema_dir = o->sarif_schema_dir;
	d.sarif_no_info = o->sarif_no_info;
	if (o->no_deliverables) {
		/* recorded; the caller writes the deliverables */
	} else if (o->roadmap_schema_dir) {
		if ((error = cg_emit_deliverables(r->loaded, &d)) < 0)
			return error;
	} else { /* the CBOM alone (the gate) */
		const cg_emitter *cbom = cg_emit_find("cbom");
		char *path = cg_sprintf("%s/%s", o->out_dir, cbom->file);
		error = cg_emit_write(cbom, path, r->loaded, &d);
		cg_free(path);
		if (error < 0)
			return error;
	}
	if (o->sarif && (error = cg_emit_write(cg_emit_find("sarif"), o->sarif,
	                                       r->loaded, &d)) < 0)
		return error;
	if (o->write_baseline &&
	    (error = write_baseline(o->write_baseline, r->loaded)) < 0)
		return error;
	if (o->keep_scan) {
		sum->scan = r->loaded;
		r->loaded = NULL;
	}
	return 0;
}

/* The stages in order: setup -> sources -> inventory -> symbols -> engine
 * -> begin -> workers and writer -> finish -> risk -> deliverables; from
 * begin to risk a failure rolls the whole scan back. */
int cg_scan_run(cg_scan_summary *sum, cg_scan_fail *fail, const cg_scan_opts *o)
{
	run r = { .o = o,
		  .sum = sum,
		  .fail = fail,
		  .profile = o->profile ? o->profile : "nist",
		  .baseline = CG_STRV_INIT,
		  .cached = CG_STRV_INIT };
	int error;

	memset(sum, 0, sizeof(*sum));
	*fail = CG_SCAN_FAIL_INPUT;
	r.now = utc(o->epoch);
	strftime(r.today, sizeof(r.today), "%Y-%m-%d", &r.now);
	if ((error = stage_setup(&r)) < 0 || (error = stage_sources(&r)) < 0)
		goto done;
	for (size_t i = 0; i < r.walk->notes.len; i++)
		cg_strv_push(&sum->notes, r.walk->notes.items[i]);
	*fail = CG_SCAN_FAIL_INTERNAL;
	if ((error = stage_inventory(&r)) < 0)
		goto done;
	stage_symbols(&r);
	if ((error = stage_engine(&r)) < 0)
		goto done;
	/* from here the scan is open: a failure rolls all of it back */
	if ((error = stage_begin(&r)) < 0 ||
	    (error = stage_workers_writer(&r)) < 0 ||
	    (error = stage_finish(&r)) < 0 || (error = stage_risk(&r)) < 0) {
		cg_inventory_scan_abort(r.inv);
		goto done;
	}
	*fail = CG_SCAN_FAIL_INTERNAL;
	if ((error = stage_deliverables(&r)) < 0)
		goto done;
	*fail = CG_SCAN_FAIL_NONE;
	error = 0;
done:
	run_dispose(&r);
	return error;
}
