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
#include "../util/array.h"
#include "../util/util.h"
#include "../walk/walk.h"
#include "scan_int.h"

/* How far workers may run ahead of the writer: bounds the findings held
 * in memory, whatever the size of the repository. */
#define WINDOW 256
/* Bytes of a file the walk looks at to classify it (walk.c). */
#define HEAD_BYTES 8192

typedef struct {
	bool done;
	bool read_failed;
	bool timed_out;
	bool cache_hit;   /* the writer takes the findings from the cache */
	bool unsupported; /* content sniffed: no language */
	char *reason;     /* why the file could not be scanned */
	const char *note; /* a caveat on a scanned file (static), or NULL */
	const char *skip; /* "binary" or "lfs" when skipped by content */
	const cg_lang_pack *lang; /* language (detected for sniffed files) */
	uint64_t size;
	char blob_id[41]; /* cache key: git blob id of the content */
	char sha[65];
	cg_engine_result res;
	cg_findings findings;
	cg_materials mat; /* certificates, keys, ... */
	const char *gap;  /* coverage gap kind when not analysed, static */
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

static void scan_one(pool *p, cg_engine_worker *w, cg_repo_reader *rd, size_t i)
{
	const cg_unit *e = &p->walk->items[i];
	slot *s = &p->slots[i];
	if (e->status != CG_UNIT_SCAN)
		return;
	const char *hint = e->lang ? e->lang->name : "";
	char *data = NULL;
	size_t len = 0;
	int error;
	/* material is never cached (its objects are not findings), and a
	 * blob of no language is read first: its content may make it
	 * material, as the walk decides for a file on disk */
	s->material = e->material;
	bool early = !e->material && !e->sniff;
	if (e->blob_id[0]) {
		memcpy(s->blob_id, e->blob_id, sizeof(s->blob_id));
		if (early && cache_has(p, s->blob_id, hint)) {
			s->cache_hit = true;
			return;
		}
		if (!rd) {
			s->read_failed = true;
			s->gap = "unreadable";
			s->reason = cg_strdup("cannot open the repository");
			return;
		}
		error = cg_repo_reader_read(&data, &len, &s->size, rd,
		                            s->blob_id, p->max_file_size);
		if (error == CG_ELIMIT) {
			s->read_failed = true;
			s->gap = "too-large";
			s->reason =
			    cg_sprintf("%llu bytes, over the %llu-byte cap "
			               "(--max-file-size)",
			               (unsigned long long)s->size,
			               (unsigned long long)p->max_file_size);
			return;
		}
	} else {
		error = cg_read_regular_file(&data, &len, e->abspath,
		                             p->max_file_size);
		if (error == 0)
			cg_repo_blob_id(s->blob_id, data, len);
	}
	if (error < 0) {
		s->read_failed = true;
		s->gap = error == CG_ELIMIT ? "too-large" : "unreadable";
		s->reason = cg_strdup(cg_error_last());
		return;
	}
	s->generated =
	    cg_filter_generated_text(data, len < HEAD_BYTES ? len : HEAD_BYTES);
	if (!s->material && !e->lang)
		s->material = (int)cg_material_detect(
		    e->path, data, len < HEAD_BYTES ? len : HEAD_BYTES);
	if (!s->material && (!e->blob_id[0] || !early) &&
	    cache_has(p, s->blob_id, hint)) {
		s->cache_hit = true;
		cg_free(data);
		return;
	}
	s->size = len;
	if (s->material) { /* certificates, keys, configurations */
		cg_material_scan(&s->findings, &s->mat, p->mctx, s->material,
		                 e->path, data, len);
		cg_sha256_hex(s->sha, data, len);
		cg_free(data);
		return;
	}
	size_t head = len < 8192 ? len : 8192;
	if (memchr(data, '\0', head)) {
		s->skip = "binary";
	} else if (cg_repo_is_lfs_pointer(data, len)) {
		s->skip = "lfs";
	} else {
		s->lang =
		    e->lang ? e->lang : cg_lang_detect(e->path, data, head);
		if (!s->lang)
			s->unsupported = true;
	}
	if (s->skip || s->unsupported) {
		cg_free(data);
		return;
	}
	error = cg_engine_scan(&s->findings, &s->res, w, s->lang, data, len);
	if (error < 0) {
		s->timed_out = true;
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
	return (int)cg_material_detect(path, head, n);
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
		uint64_t size = 0;
		int error;
		if (e->blob_id[0]) {
			if (!rd && (!repo || cg_repo_reader_new(&rd, repo) < 0))
				break;
			error = cg_repo_reader_read(&data, &len, &size, rd,
			                            e->blob_id, max_size);
		} else {
			error = cg_read_regular_file(&data, &len, e->abspath,
			                             max_size);
		}
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
			if (!o->suppression_status)
				continue;
			if (strcmp(o->suppression_status, "applies") == 0) {
				sum->suppressed++;
				continue;
			}
			bool expired =
			    strcmp(o->suppression_status, "expired") == 0;
			cg_strv_push_owned(
			    &sum->notes,
			    expired
			        ? cg_sprintf("%s:%d: suppression of %s "
			                     "expired on %s; the finding "
			                     "is active",
			                     o->path, o->suppression_line,
			                     o->rule_id, o->suppression_until)
			        : cg_sprintf("%s:%d: suppression of %s "
			                     "rejected: %s; the finding is "
			                     "active",
			                     o->path, o->suppression_line,
			                     o->rule_id,
			                     o->suppression_reason
			                         ? o->suppression_reason
			                         : "invalid"));
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

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
		qsort(lines.items, lines.len, sizeof(char *), cmp_line);
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

/* A finding of a changed file, for the diff labels. */
typedef struct {
	char fp[65];
	char *path; /* display path (BASE path for the BASE side) */
	uint32_t line;
	char *rule_id, *asset;
	const char *context;
} diff_item;

typedef struct {
	diff_item *items;
	size_t len, cap;
} diff_list;

/* The single writer's state. */
typedef struct {
	cg_inventory *inv;
	int64_t scan_id;
	const char *ruleset_hash;
	const char *engine_version;
	const char *today;       /* YYYY-MM-DD: suppression expiry */
	const cg_strv *baseline; /* sorted fingerprints, or NULL */
	const char *baseline_reason;
	bool diff;
	diff_list base, head;
	cg_scan_summary *sum;
	const cg_material_ctx *mctx; /* protocols set up in code */
} writer;

static void diff_list_dispose(diff_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		cg_free(l->items[i].path);
		cg_free(l->items[i].rule_id);
		cg_free(l->items[i].asset);
	}
	cg_free(l->items);
	memset(l, 0, sizeof(*l));
}

static void diff_push(diff_list *l, const char *fp, const char *path,
                      const cg_finding *f, const char *context)
{
	cg_array_grow(l, 1);
	diff_item *d = &l->items[l->len++];
	memcpy(d->fp, fp, sizeof(d->fp));
	d->path = cg_strdup(path);
	d->line = f->line;
	d->rule_id = cg_strdup(f->rule_id);
	/* a misuse without an asset is named by its category */
	d->asset = cg_strdup(f->name ? f->name : f->misuse);
	d->context = context;
}

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

static const char *skip_reason(const char *skip)
{
	if (strcmp(skip, "lfs") == 0)
		return "git LFS pointer, content not fetched";
	return "binary (NUL byte in the first 8 KiB)";
}

/* Record file i and its findings (writer thread). */
static int write_slot(writer *wr, const cg_unit *e, slot *s)
{
	cg_scan_summary *sum = wr->sum;
	cg_inv_cached cached = { 0 };
	const char *status = NULL, *reason = e->reason, *lang = NULL;
	const char *sha = NULL, *gap = NULL;
	const char *context = e->context;
	uint64_t size = e->size;
	bool parse_errors = false, put = false;
	cg_findings *fs = NULL;
	cg_materials code_mat = { 0 }; /* protocols set up in code */
	int error = 0;
	cg_inv_cache_key key = { .blob_id = s->blob_id,
		                 .lang_hint = e->lang ? e->lang->name : "",
		                 .ruleset_hash = wr->ruleset_hash,
		                 .engine_version = wr->engine_version };
	lang = e->lang ? e->lang->name : NULL;
	if (e->status != CG_UNIT_SCAN) {
		status = "skipped";
		gap = walk_gap(e->status);
	} else if (s->cache_hit) {
		error = cg_inventory_cache_get(&cached, wr->inv, &key);
		if (error < 0)
			goto done;
		lang = cached.language;
		size = cached.size;
		parse_errors = cached.parse_errors;
		s->generated = cached.generated;
		if (strcmp(cached.status, "unsupported") == 0) {
			status = NULL;
		} else if (strcmp(cached.status, "binary") == 0 ||
		           strcmp(cached.status, "lfs") == 0) {
			status = "skipped";
			reason = skip_reason(cached.status);
			gap = strcmp(cached.status, "lfs") == 0 ? "lfs"
			                                        : "binary";
		} else if (strcmp(cached.status, "prefiltered") == 0) {
			status = "prefiltered";
			/* counted among the files examined only */
			sum->cache_hits += !e->base_side;
		} else {
			status = "scanned";
			sum->cache_hits += !e->base_side;
			sha = cached.sha256;
			fs = &cached.findings;
			/* expiry is relative to today, not to the day the
			 * blob was cached */
			cg_suppress_recheck(fs, wr->today);
		}
	} else if (s->read_failed || s->timed_out) {
		status = "skipped";
		reason = s->reason;
		gap = s->gap;
		if (s->size)
			size = s->size;
	} else if (s->material) {
		/* certificates, keys, configurations (never cached:
		 * their objects are not findings) */
		size = s->size ? s->size : size;
		lang = cg_material_kind_name(s->material);
		status = s->mat.not_analysed ? "skipped" : "scanned";
		if (s->mat.not_analysed)
			gap = "not-analysed";
		reason = s->mat.note;
		sha = s->sha;
		fs = &s->findings;
	} else {
		put = true;
		size = s->size;
		lang = s->lang ? s->lang->name : NULL;
		if (s->unsupported) {
			status = NULL;
		} else if (s->skip) {
			status = "skipped";
			reason = skip_reason(s->skip);
			gap = strcmp(s->skip, "lfs") == 0 ? "lfs" : "binary";
		} else if (s->res.prefiltered) {
			status = "prefiltered";
		} else {
			status = "scanned";
			sha = s->sha;
			fs = &s->findings;
			parse_errors = s->res.parse_errors;
			/* coverage: value resolution bounded by a budget */
			if (s->res.budget_notes)
				cg_strv_push_owned(
				    &sum->notes,
				    cg_sprintf("%s: the value resolution of %u "
				               "call%s stopped at its budget "
				               "(coverage)",
				               e->path, s->res.budget_notes,
				               s->res.budget_notes == 1 ? ""
				                                        : "s"));
			const char *note =
			    s->res.note[0] ? s->res.note : s->note;
			if (note) {
				/* incomplete: noted, and not cached */
				reason = note;
				put = false;
				gap = "incomplete";
				if (!e->base_side)
					cg_strv_push_owned(
					    &sum->notes,
					    cg_sprintf(
					        "%s: %s", e->path,
					        strncmp(note, "note: ", 6)
					            ? note
					            : note + 6));
			}
		}
	}
	if (put) {
		cg_inv_cached c = { 0 };
		c.language = (char *)lang;
		c.status = (char *)(s->unsupported       ? "unsupported"
		                    : s->skip            ? s->skip
		                    : s->res.prefiltered ? "prefiltered"
		                                         : "scanned");
		c.size = size;
		memcpy(c.sha256, s->res.prefiltered || s->skip ? "" : s->sha,
		       s->res.prefiltered || s->skip ? 1 : sizeof(c.sha256));
		c.parse_errors = s->res.parse_errors;
		c.generated = s->generated;
		c.findings = s->findings;
		if ((error = cg_inventory_cache_put(wr->inv, &key, &c)) < 0)
			goto done;
	}
	if (s->generated && strcmp(context, "vendor") != 0)
		context = "generated";
	/* protocols set up in code become protocol objects (from the
	 * findings, so a cached blob gives the same) */
	if (fs && !s->material)
		cg_material_code_protocols(fs, &code_mat, wr->mctx, e->path);
	/* one fingerprint, from the line hashes (fresh or cached) under
	 * this path; then the baseline, which needs it */
	if (fs) {
		cg_suppress_fingerprints(fs, e->path);
		if (wr->baseline && !e->base_side)
			cg_suppress_baseline_apply(fs, wr->baseline,
			                           wr->baseline_reason);
	}
	if (!status) {
		const char *foreign = cg_filter_foreign_language(e->path);
		if (!e->base_side)
			sum->files_unsupported++;
		if (!e->base_side && foreign)
			error = cg_inventory_add_gap(
			    wr->inv, wr->scan_id, e->path,
			    "unsupported-language", foreign, 0);
		goto done;
	}
	if (!e->base_side && (gap || parse_errors) &&
	    (error = cg_inventory_add_gap(wr->inv, wr->scan_id, e->path,
	                                  gap ? gap : "parse-error",
	                                  gap ? reason : NULL, 0)) < 0)
		goto done;
	if (e->base_side) {
		/* BASE version of a changed file: only its fingerprints */
		for (size_t k = 0; fs && k < fs->len; k++) {
			const cg_finding *f = &fs->items[k];
			diff_push(&wr->base, f->fingerprint,
			          e->old_path ? e->old_path : e->path, f,
			          context);
		}
		goto done;
	}
	cg_inv_file f = { 0 };
	f.path = e->path;
	f.language = lang;
	f.size = size;
	f.status = status;
	f.blob_id = s->blob_id[0] ? s->blob_id : NULL;
	f.context = context;
	f.cached = s->cache_hit;
	if (strcmp(status, "skipped") == 0) {
		f.reason = reason;
		sum->files_skipped++;
	} else {
		if ((s->material || s->res.note[0] || s->note) && reason)
			f.reason = reason;
		if (!cg_utf8_valid(e->path, strlen(e->path)))
			f.reason =
			    "note: the path is not valid UTF-8 (repaired "
			    "in the CBOM)";
		if (strcmp(status, "prefiltered") == 0) {
			sum->files_prefiltered++;
		} else {
			f.sha256 = sha && *sha ? sha : NULL;
			f.parse_errors = parse_errors;
			sum->files_scanned++;
			sum->bytes_scanned += size;
			if (parse_errors)
				sum->parse_errors++;
		}
	}
	int64_t file_id;
	error = cg_inventory_add_file(&file_id, wr->inv, wr->scan_id, &f);
	for (size_t k = 0; !error && fs && k < fs->len; k++) {
		const cg_finding *fd = &fs->items[k];
		cg_inv_occ_meta meta = { .context = context };
		error = cg_inventory_add_finding_meta(wr->inv, wr->scan_id,
		                                      file_id, fd, &meta);
		sum->findings++;
		if (fd->misuse)
			sum->misuses++;
		if (wr->diff)
			diff_push(&wr->head, fd->fingerprint, e->path, fd,
			          context);
	}
	if (!error && s->material)
		error = cg_inventory_add_materials(wr->inv, wr->scan_id,
		                                   file_id, &s->mat);
	if (!error && code_mat.len)
		error = cg_inventory_add_materials(wr->inv, wr->scan_id,
		                                   file_id, &code_mat);
done:
	cg_materials_dispose(&code_mat);
	cg_inv_cached_dispose(&cached);
	return error;
}

static int cmp_diff(const void *a, const void *b)
{
	const diff_item *x = a, *y = b;
	int c = strcmp(x->fp, y->fp);
	if (c)
		return c;
	c = strcmp(x->path, y->path);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int put_diff(writer *wr, const diff_item *d, const char *label)
{
	cg_inv_diff_item it = { .label = (char *)label,
		                .fingerprint = (char *)d->fp,
		                .path = d->path,
		                .line = d->line,
		                .rule_id = d->rule_id,
		                .asset = d->asset,
		                .context = (char *)d->context };
	return cg_inventory_add_diff(wr->inv, wr->scan_id, &it);
}

/* Label the findings of the changed files: a fingerprint in both
 * versions is unchanged (pairs counted one to one), only in HEAD new,
 * only in BASE removed. */
static int write_diff(writer *wr)
{
	diff_list *b = &wr->base, *h = &wr->head;
	if (b->len > 1)
		qsort(b->items, b->len, sizeof(diff_item), cmp_diff);
	if (h->len > 1)
		qsort(h->items, h->len, sizeof(diff_item), cmp_diff);
	size_t i = 0, k = 0;
	int error = 0;
	while (!error && (i < b->len || k < h->len)) {
		int c = i >= b->len   ? 1
		        : k >= h->len ? -1
		                      : strcmp(b->items[i].fp, h->items[k].fp);
		if (c == 0) {
			error = put_diff(wr, &h->items[k++], "unchanged");
			wr->sum->diff_unchanged++;
			i++;
		} else if (c < 0) {
			error = put_diff(wr, &b->items[i++], "removed");
			wr->sum->diff_removed++;
		} else {
			error = put_diff(wr, &h->items[k++], "new");
			wr->sum->diff_new++;
		}
	}
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

int cg_scan_run(cg_scan_summary *sum, cg_scan_fail *fail, const cg_scan_opts *o)
{
	cg_ruleset *rs = NULL;
	cg_engine *engine = NULL;
	cg_xconsts *xconsts = NULL;
	cg_material_ctx *mctx = NULL;
	cg_units *walk = NULL;
	cg_inventory *inv = NULL;
	cg_inv_scan *loaded = NULL;
	cg_risk_standards *standards = NULL;
	cg_strv baseline = CG_STRV_INIT;
	char *std_path = NULL, *baseline_reason = NULL;
	cg_repo *repo = NULL;
	cg_filter_ignore *ig = NULL;
	cg_strv cached = CG_STRV_INIT;
	bool *need = NULL;
	char *target = NULL, *engine_version = NULL;
	writer wr = { 0 };
	pthread_t *threads = NULL;
	unsigned started = 0;
	char *db_path = NULL, *started_at = NULL;
	char *finished_at = NULL, *name = NULL;
	pool p = { 0 };
	bool pool_init = false;
	int error;
	char serial[37];

	memset(sum, 0, sizeof(*sum));
	*fail = CG_SCAN_FAIL_INPUT;
	const char *profile = o->profile ? o->profile : "nist";
	struct tm now = utc(o->epoch);
	char today[16];
	strftime(today, sizeof(today), "%Y-%m-%d", &now);
	/* first only the rule set's hash (the cache key); the rules of the
	 * languages that need parsing are compiled once the files are
	 * known */
	need = cg_calloc(cg_lang_count() + 1, sizeof(bool));
	if ((error = cg_rules_load_for(&rs, o->rules_dir, need)) < 0)
		goto done;
	if (o->roadmap_schema_dir &&
	    (error = cg_emit_pdf_check_fonts(o->font_dir)) < 0)
		goto done;
	std_path = o->standards ? cg_strdup(o->standards)
	                        : cg_sprintf("%s/standards/standards.yaml",
	                                     o->rules_dir);
	if ((error = cg_risk_load(&standards, std_path)) < 0)
		goto done;
	if ((error = cg_risk_check_profile(standards, std_path, profile)) < 0)
		goto done;
	if (o->baseline) {
		if ((error =
		         cg_suppress_baseline_load(&baseline, o->baseline)) < 0)
			goto done;
		baseline_reason = cg_sprintf("baseline %s", o->baseline);
	}
	ig = cg_filter_ignore_new();
	for (size_t i = 0; i < o->nexcludes; i++)
		cg_filter_ignore_add(ig, o->excludes[i]);
	cg_filter_opts wo = CG_FILTER_OPTS_INIT;
	wo.max_file_size = o->max_file_size;
	wo.ignore = ig;
	wo.classify = material_kind;
	/* a URL or a bare repository is read from the object database; a
	 * work tree only when a ref is asked for (else: the files on disk) */
	bool is_url = cg_repo_is_url(o->target);
	cg_repo_kind kind = is_url ? CG_REPO_NONE : cg_repo_probe(o->target);
	bool use_repo = is_url || kind == CG_REPO_BARE ||
	                (kind == CG_REPO_WORKTREE && (o->ref || o->base));
	const char *ref = o->ref ? o->ref : "HEAD";
	target = is_url ? cg_repo_url_strip(o->target) : cg_strdup(o->target);
	if (!use_repo && (o->ref || o->base)) {
		struct stat tst;
		if (stat(o->target, &tst) < 0) {
			cg_error_set("%s: %s", o->target, strerror(errno));
		} else {
			cg_error_set("%s: not a git repository (--ref and "
			             "--base need one)",
			             o->target);
		}
		error = CG_ENOTFOUND;
		goto done;
	}
	if (use_repo) {
		cg_repo_opts ro = CG_REPO_OPTS_INIT;
		ro.cache_dir = o->cache_dir;
		ro.ssh_key = o->ssh_key;
		ro.insecure = o->insecure_host;
		ro.token_env = o->token_env;
		ro.allow_http_token = o->allow_http_token;
		if ((error = cg_repo_open(&repo, o->target, &ro)) < 0)
			goto done;
		if ((error = cg_repo_resolve(sum->commit, repo, ref)) < 0)
			goto done;
		if (o->base) {
			if ((error = cg_repo_resolve(sum->base_commit, repo,
			                             o->base)) < 0)
				goto done;
			error = cg_repo_list_diff(&walk, repo, sum->base_commit,
			                          sum->commit, &wo);
		} else {
			error = cg_repo_list(&walk, repo, sum->commit, &wo);
		}
		if (error < 0)
			goto done;
	} else if ((error = cg_walk_run(&walk, o->target, &wo)) < 0) {
		goto done;
	}

	for (size_t i = 0; i < walk->notes.len; i++)
		cg_strv_push(&sum->notes, walk->notes.items[i]);
	*fail = CG_SCAN_FAIL_INTERNAL;
	if ((error = cg_mkdirs(o->out_dir)) < 0)
		goto done;
	db_path = o->db_path ? cg_strdup(o->db_path)
	                     : cg_sprintf("%s/cryptagion.db", o->out_dir);
	if ((error = cg_inventory_open(&inv, db_path)) < 0)
		goto done;
	if (o->serial) {
		snprintf(serial, sizeof(serial), "%s", o->serial);
	} else if ((error = cg_uuid_v4(serial)) < 0) {
		goto done;
	}
	started_at = rfc3339(o->epoch);
	name = is_url ? url_name(target) : target_name(o->target);
	cg_inv_scan_info info = {
		.serial = serial,
		.target = target,
		.target_name = name,
		.started_at = started_at,
		.tool_version = o->tool_version,
		.ruleset_hash = rs->hash,
		.repo_url = repo ? cg_repo_url(repo) : NULL,
		.ref = repo ? ref : NULL,
		.commit_id = repo ? sum->commit : NULL,
		.base_ref = o->base,
		.base_commit = o->base ? sum->base_commit : NULL,
	};
	/* the project's constants, before the cache is consulted: a file's
	 * findings depend on them, so their hash is part of the key */
	char xhash[65];
	xconsts = collect_xconsts(walk, repo, o->max_file_size, xhash);
	engine_version = cg_sprintf("%s/engine-%s/x-%.16s", o->tool_version,
	                            CG_ENGINE_VERSION, xhash);
	if (!o->no_cache && (error = cg_inventory_cache_keys(
	                         &cached, inv, rs->hash, engine_version)) < 0)
		goto done;
	*fail = CG_SCAN_FAIL_INPUT;
	if (needed_packs(need, walk, &cached)) {
		cg_rules_free(rs);
		rs = NULL;
		if ((error = cg_rules_load_for(&rs, o->rules_dir, need)) < 0)
			goto done;
		info.ruleset_hash = rs->hash; /* the old set is freed */
	}
	if ((error = cg_engine_new(&engine, rs)) < 0)
		goto done;
	cg_engine_use_xconsts(engine, xconsts);
	if ((error = cg_material_ctx_new(&mctx, rs, o->rules_dir,
	                                 o->epoch >= 0 ? o->epoch : time(NULL),
	                                 o->cert_warn_days)) < 0)
		goto done;
	*fail = CG_SCAN_FAIL_INTERNAL;
	if ((error = cg_inventory_scan_begin(&sum->scan_id, inv, &info)) < 0)
		goto done;
	wr.inv = inv;
	wr.scan_id = sum->scan_id;
	wr.ruleset_hash = rs->hash;
	wr.engine_version = engine_version;
	wr.diff = o->base != NULL;
	wr.today = today;
	wr.baseline = o->baseline ? &baseline : NULL;
	wr.baseline_reason = baseline_reason;
	wr.sum = sum;
	wr.mctx = mctx;

	/* the worker pool; this thread is the single writer */
	p.walk = walk;
	p.engine = engine;
	p.mctx = mctx;
	p.repo = repo;
	p.cached = &cached;
	p.max_file_size = o->max_file_size;
	p.today = today;
	p.slots = cg_calloc(walk->len ? walk->len : 1, sizeof(slot));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.ready, NULL);
	pthread_cond_init(&p.room, NULL);
	pool_init = true;
	unsigned jobs = o->jobs ? o->jobs : 1;
	threads = cg_calloc(jobs, sizeof(pthread_t));
	for (; started < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker_main, &p)) {
			if (!started) {
				cg_error_set("cannot start a worker thread");
				error = CG_ERROR;
				cg_inventory_scan_abort(inv);
				goto done;
			}
			break;
		}
	double last = now_s();
	error = 0;
	if (o->progress && walk->len) { /* at once, before the first file */
		fprintf(o->progress, "\rscanning: 0/%zu files, 0 findings",
		        walk->len);
		fflush(o->progress);
	}
	for (size_t i = 0; i < walk->len; i++) {
		pthread_mutex_lock(&p.mu);
		while (!p.slots[i].done)
			pthread_cond_wait(&p.ready, &p.mu);
		pthread_mutex_unlock(&p.mu);
		slot *s = &p.slots[i];
		if (!error)
			error = write_slot(&wr, &walk->items[i], s);
		slot_dispose(s);
		pthread_mutex_lock(&p.mu);
		p.consumed = i + 1;
		pthread_cond_broadcast(&p.room);
		pthread_mutex_unlock(&p.mu);
		if (o->progress) {
			double t = now_s();
			if (t - last > 0.1 || i + 1 == walk->len) {
				fprintf(o->progress,
				        "\rscanning: %zu/%zu files, %llu "
				        "findings",
				        i + 1, walk->len,
				        (unsigned long long)sum->findings);
				fflush(o->progress);
				last = t;
			}
		}
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	started = 0;
	if (o->progress && walk->len)
		fputc('\n', o->progress);
	if (!error && cg_rules_lazy_error(rs)) {
		/* a rule's query, compiled when a file first needed it */
		cg_error_set("%s", cg_rules_lazy_error(rs));
		*fail = CG_SCAN_FAIL_INPUT;
		error = CG_EPARSE;
	}
	if (!error && wr.diff)
		error = write_diff(&wr);
	if (error < 0) {
		cg_inventory_scan_abort(inv);
		goto done;
	}
	for (size_t i = 0; !error && i < walk->foreign.len; i++)
		error = cg_inventory_add_gap(
		    inv, sum->scan_id, walk->foreign.items[i],
		    "unsupported-language",
		    cg_filter_foreign_language(walk->foreign.items[i]), 0);
	if (error < 0) {
		cg_inventory_scan_abort(inv);
		goto done;
	}
	sum->files_unsupported += walk->unsupported;
	sum->files_ignored = walk->ignored;
	finished_at = rfc3339(o->epoch);
	cg_inv_scan_stats st = { .files_scanned = sum->files_scanned,
		                 .files_prefiltered = sum->files_prefiltered,
		                 .files_skipped = sum->files_skipped,
		                 .files_unsupported = sum->files_unsupported,
		                 .bytes_scanned = sum->bytes_scanned,
		                 .findings = sum->findings,
		                 .finished_at = finished_at,
		                 .cache_hits = sum->cache_hits,
		                 .files_ignored = sum->files_ignored };
	if ((error = cg_inventory_scan_finish(inv, sum->scan_id, &st)) < 0)
		goto done;

	/* risk: scored from the inventory, written back to it in the
	 * scan's transaction (a scan is never complete without scores) */
	if ((error = cg_inventory_load(&loaded, inv, sum->scan_id)) < 0 ||
	    (error = cg_scan__score(inv, loaded, standards, profile,
	                            now.tm_year + 1900, finished_at)) < 0 ||
	    (error = cg_inventory_scan_end(inv)) < 0) {
		cg_inventory_scan_abort(inv);
		goto done;
	}
	cg_inv_scan_free(loaded);
	loaded = NULL;

	/* deliverables, from the inventory alone */
	if ((error = cg_inventory_load(&loaded, inv, sum->scan_id)) < 0)
		goto done;
	sum->assets = loaded->nassets;
	suppression_notes(sum, loaded);
	cg_deliver_opts dopts = { .out_dir = o->out_dir,
		                  .cbom_schema_dir = o->schema_dir,
		                  .roadmap_schema_dir = o->roadmap_schema_dir,
		                  .font_dir = o->font_dir,
		                  .tool_version = o->tool_version,
		                  .title = o->title,
		                  .epoch = o->epoch,
		                  .roadmap = cg_risk_roadmap_info(standards) };
	cg_emit_opts eo = { .schema_dir = o->schema_dir,
		            .tool_version = o->tool_version,
		            .max_errors = 10 };
	if (o->no_deliverables) {
		/* recorded; the caller writes the deliverables */
	} else if (o->roadmap_schema_dir) {
		if ((error = cg_emit_deliverables(loaded, &dopts)) < 0)
			goto done;
	} else {
		char *cbom_path = cg_sprintf("%s/cbom.json", o->out_dir);
		error = cg_emit_cbom_file(cbom_path, loaded, &eo);
		cg_free(cbom_path);
		if (error < 0)
			goto done;
	}
	if (o->sarif) {
		cg_emit_sarif_opts so = { .schema_dir = o->sarif_schema_dir,
			                  .tool_version = o->tool_version,
			                  .max_errors = 10,
			                  .no_info = o->sarif_no_info };
		if ((error = cg_emit_sarif_file(o->sarif, loaded, &so)) < 0)
			goto done;
	}
	if (o->write_baseline &&
	    (error = write_baseline(o->write_baseline, loaded)) < 0)
		goto done;
	if (o->keep_scan) {
		sum->scan = loaded;
		loaded = NULL;
	}
	*fail = CG_SCAN_FAIL_NONE;
	error = 0;
done:
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	if (pool_init) {
		for (size_t i = 0; i < walk->len; i++)
			slot_dispose(&p.slots[i]);
		pthread_mutex_destroy(&p.mu);
		pthread_cond_destroy(&p.ready);
		pthread_cond_destroy(&p.room);
	}
	cg_free(p.slots);
	cg_free(threads);
	cg_inv_scan_free(loaded);
	cg_inventory_close(inv);
	cg_risk_free(standards);
	cg_strv_dispose(&baseline);
	cg_free(std_path);
	cg_free(baseline_reason);
	cg_units_free(walk);
	cg_material_ctx_free(mctx);
	cg_repo_free(repo);
	cg_filter_ignore_free(ig);
	cg_strv_dispose(&cached);
	diff_list_dispose(&wr.base);
	diff_list_dispose(&wr.head);
	cg_free(target);
	cg_free(engine_version);
	cg_free(need);
	cg_engine_free(engine);
	cg_xconsts_free(xconsts);
	cg_rules_free(rs);
	cg_free(db_path);
	cg_free(started_at);
	cg_free(finished_at);
	cg_free(name);
	return error;
}
