/* scan.c — see scan.h. */
#define _GNU_SOURCE
#include "scan.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../emit/emit.h"
#include "../engine/engine.h"
#include "../inventory/inventory.h"
#include "../material/material.h"
#include "../risk/risk.h"
#include "../rules/rules.h"
#include "../suppress/suppress.h"
#include "../util/util.h"
#include "../walk/walk.h"
#include "scan_int.h"

/* How far workers may run ahead of the writer: bounds the findings held
 * in memory, whatever the size of the repository. */
#define WINDOW 256

typedef struct {
	bool done;
	bool read_failed;
	bool timed_out;
	char *reason; /* why the file could not be scanned */
	char sha[65];
	cg_engine_result res;
	cg_findings findings;
	cg_materials mat; /* issue 7: certificates, keys, ... */
} slot;

typedef struct {
	const cg_walk *walk;
	const cg_engine *engine;
	const cg_material_ctx *mctx;
	uint64_t max_file_size;
	const cg_strv *baseline; /* sorted fingerprints, or NULL */
	const char *baseline_reason;
	const char *today; /* YYYY-MM-DD */
	slot *slots;
	size_t next;     /* next file to hand out */
	size_t consumed; /* files the writer has taken */
	pthread_mutex_t mu;
	pthread_cond_t ready; /* a slot was filled */
	pthread_cond_t room;  /* the writer consumed one */
} pool;

static void scan_one(pool *p, cg_engine_worker *w, size_t i)
{
	const cg_walk_entry *e = &p->walk->items[i];
	slot *s = &p->slots[i];
	if (e->status != CG_WALK_SCAN)
		return;
	char *data = NULL;
	size_t len = 0;
	int error = cg_read_file(&data, &len, e->abspath, p->max_file_size);
	if (error < 0) {
		s->read_failed = true;
		s->reason = cg_strdup(cg_error_last());
		return;
	}
	if (e->material) { /* issue 7 */
		cg_material_scan(&s->findings, &s->mat, p->mctx, e->material,
		                 e->path, data, len);
		cg_sha256_hex(s->sha, data, len);
		cg_free(data);
		return;
	}
	error = cg_engine_scan(&s->findings, &s->res, w, e->lang, data, len);
	if (error < 0) {
		s->timed_out = true;
		s->reason = cg_sprintf("not parsed: %s", cg_error_last());
	}
	/* while the text is at hand: fingerprints and suppressions */
	cg_suppress_fingerprints(&s->findings, e->path, data, len);
	cg_suppress_inline(&s->findings, data, len, p->today);
	if (p->baseline)
		cg_suppress_baseline_apply(&s->findings, p->baseline,
		                           p->baseline_reason);
	if (!s->res.prefiltered)
		cg_sha256_hex(s->sha, data, len);
	cg_free(data);
}

static void *worker_main(void *arg)
{
	pool *p = arg;
	cg_engine_worker *w = cg_engine_worker_new(p->engine);
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
		scan_one(p, w, i);
		pthread_mutex_lock(&p->mu);
		p->slots[i].done = true;
		pthread_cond_broadcast(&p->ready);
		pthread_mutex_unlock(&p->mu);
	}
	cg_engine_worker_free(w);
	return NULL;
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

/* Notes about suppressions that do not apply. */
static void suppression_notes(cg_scan_summary *sum, const cg_inv_scan *s)
{
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

/* Score every asset of the loaded scan and record the scores. */
int cg_scan__score(cg_inventory *inv, const cg_inv_scan *s,
                   const cg_risk_standards *st, const char *profile, int year,
                   const char *evaluated_at)
{
	cg_risk_result *res =
	    cg_calloc(s->nassets ? s->nassets : 1, sizeof(cg_risk_result));
	cg_inv_risk_row *rows =
	    cg_calloc(s->nassets ? s->nassets : 1, sizeof(cg_inv_risk_row));
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
		const cg_inv_asset *a = &s->assets[i];
		cg_risk_asset in = { .name = a->name,
			             .family = a->family,
			             .primitive = a->primitive,
			             .functions = a->functions,
			             .parameter_set = a->parameter_set,
			             .mode = a->mode,
			             .classical = a->classical,
			             .misuses = nmis[i] };
		error = cg_risk_score(&res[i], st, profile, year, &in);
		if (error < 0)
			break;
		cg_risk_totals_add(&tot, &res[i]);
		rows[i] = (cg_inv_risk_row){
			.bom_ref = a->bom_ref,
			.score = res[i].score,
			.severity = res[i].severity,
			.usage = res[i].usage,
			.entry = res[i].entry,
			.quantum_vulnerable = res[i].quantum_vulnerable,
			.misuses = nmis[i],
			.replacement = res[i].replacement,
			.explanation = res[i].explanation,
			.citations = res[i].citations,
		};
	}
	if (!error) {
		cg_inv_scan_risk sr = {
			.profile = profile,
			.standards_version = cg_risk_version(st),
			.evaluated_at = evaluated_at,
			.quantum_vulnerable_share =
			    cg_risk_totals_quantum_share(&tot),
			.readiness = cg_risk_totals_readiness(&tot),
		};
		memcpy(sr.counts, tot.counts, sizeof(sr.counts));
		error =
		    cg_inventory_set_risk(inv, s->id, &sr, rows, s->nassets);
	}
	for (size_t i = 0; i < s->nassets; i++)
		cg_risk_result_dispose(&res[i]);
	cg_free(res);
	cg_free(rows);
	cg_free(nmis);
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
			if (o->fingerprint)
				cg_strv_push_owned(
				    &lines,
				    cg_sprintf("%s %s %s:%u\n", o->fingerprint,
				               o->rule_id, o->path, o->line));
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

/* Record file i and its findings (writer thread). */
static int write_slot(cg_inventory *inv, int64_t scan_id,
                      const cg_walk_entry *e, slot *s, cg_scan_summary *sum)
{
	cg_inv_file f = { 0 };
	f.path = e->path;
	f.language = e->lang ? e->lang->name : NULL;
	f.size = e->size;
	if (e->status != CG_WALK_SCAN) {
		f.status = "skipped";
		f.reason = e->reason;
		sum->files_skipped++;
	} else if (s->read_failed || s->timed_out) {
		f.status = "skipped";
		f.reason = s->reason;
		sum->files_skipped++;
	} else if (e->material) { /* issue 7 */
		f.language = cg_material_kind_name(e->material);
		f.status = s->mat.not_analysed ? "skipped" : "scanned";
		f.reason = s->mat.note;
		f.sha256 = s->sha;
		*(s->mat.not_analysed ? &sum->files_skipped
		                      : &sum->files_scanned) += 1;
	} else if (s->res.prefiltered) {
		f.status = "prefiltered";
		sum->files_prefiltered++;
	} else {
		f.status = "scanned";
		f.sha256 = s->sha;
		f.parse_errors = s->res.parse_errors;
		sum->files_scanned++;
		sum->bytes_scanned += e->size;
		if (s->res.parse_errors)
			sum->parse_errors++;
	}
	int64_t file_id;
	int error = cg_inventory_add_file(&file_id, inv, scan_id, &f);
	for (size_t k = 0; !error && k < s->findings.len; k++) {
		error = cg_inventory_add_finding(inv, scan_id, file_id,
		                                 &s->findings.items[k]);
		sum->findings++;
	}
	if (!error)
		error =
		    cg_inventory_add_materials(inv, scan_id, file_id, &s->mat);
	return error;
}

int cg_scan_run(cg_scan_summary *sum, cg_scan_fail *fail, const cg_scan_opts *o)
{
	cg_ruleset *rs = NULL;
	cg_engine *engine = NULL;
	cg_material_ctx *mctx = NULL;
	cg_walk *walk = NULL;
	cg_inventory *inv = NULL;
	cg_inv_scan *loaded = NULL;
	cg_risk_standards *standards = NULL;
	cg_strv baseline = CG_STRV_INIT;
	char *std_path = NULL, *baseline_reason = NULL;
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
	if ((error = cg_rules_load(&rs, o->rules_dir)) < 0)
		goto done;
	if (o->roadmap_schema_dir &&
	    (error = cg_emit_pdf_check_fonts(o->font_dir)) < 0)
		goto done;
	std_path = o->standards ? cg_strdup(o->standards)
	                        : cg_sprintf("%s/standards/standards.yaml",
	                                     o->rules_dir);
	if ((error = cg_risk_load(&standards, std_path)) < 0)
		goto done;
	if (!cg_risk_has_profile(standards, profile)) {
		cg_error_set("%s: no profile '%s'", std_path, profile);
		error = CG_ENOTFOUND;
		goto done;
	}
	if (o->baseline) {
		if ((error =
		         cg_suppress_baseline_load(&baseline, o->baseline)) < 0)
			goto done;
		baseline_reason = cg_sprintf("baseline %s", o->baseline);
	}
	if ((error = cg_engine_new(&engine, rs)) < 0)
		goto done;
	if ((error = cg_material_ctx_new(&mctx, rs, o->rules_dir,
	                                 o->epoch >= 0 ? o->epoch : time(NULL),
	                                 o->cert_warn_days)) < 0)
		goto done;
	cg_walk_opts wo = CG_WALK_OPTS_INIT;
	wo.max_file_size = o->max_file_size;
	if ((error = cg_walk_run(&walk, o->target, &wo)) < 0)
		goto done;

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
	name = target_name(o->target);
	cg_inv_scan_info info = { .serial = serial,
		                  .target = o->target,
		                  .target_name = name,
		                  .started_at = started_at,
		                  .tool_version = o->tool_version,
		                  .ruleset_hash = rs->hash };
	if ((error = cg_inventory_scan_begin(&sum->scan_id, inv, &info)) < 0)
		goto done;

	/* the worker pool; this thread is the single writer */
	p.walk = walk;
	p.engine = engine;
	p.mctx = mctx;
	p.max_file_size = o->max_file_size;
	p.baseline = o->baseline ? &baseline : NULL;
	p.baseline_reason = baseline_reason;
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
	double last = 0;
	error = 0;
	for (size_t i = 0; i < walk->len; i++) {
		pthread_mutex_lock(&p.mu);
		while (!p.slots[i].done)
			pthread_cond_wait(&p.ready, &p.mu);
		pthread_mutex_unlock(&p.mu);
		slot *s = &p.slots[i];
		if (!error)
			error = write_slot(inv, sum->scan_id, &walk->items[i],
			                   s, sum);
		cg_findings_dispose(&s->findings);
		cg_materials_dispose(&s->mat);
		cg_free(s->reason);
		s->reason = NULL;
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
	if (error < 0) {
		cg_inventory_scan_abort(inv);
		goto done;
	}
	sum->files_unsupported = walk->unsupported;
	finished_at = rfc3339(o->epoch);
	cg_inv_scan_stats st = { .files_scanned = sum->files_scanned,
		                 .files_prefiltered = sum->files_prefiltered,
		                 .files_skipped = sum->files_skipped,
		                 .files_unsupported = sum->files_unsupported,
		                 .bytes_scanned = sum->bytes_scanned,
		                 .findings = sum->findings,
		                 .finished_at = finished_at };
	if ((error = cg_inventory_scan_commit(inv, sum->scan_id, &st)) < 0)
		goto done;

	/* risk: scored from the inventory, written back to it */
	if ((error = cg_inventory_load(&loaded, inv, sum->scan_id)) < 0 ||
	    (error = cg_scan__score(inv, loaded, standards, profile,
	                            now.tm_year + 1900, finished_at)) < 0)
		goto done;
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
		                  .epoch = o->epoch };
	cg_emit_opts eo = { .schema_dir = o->schema_dir,
		            .tool_version = o->tool_version,
		            .max_errors = 10 };
	if (o->roadmap_schema_dir) {
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
			                  .max_errors = 10 };
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
		for (size_t i = 0; i < walk->len; i++) {
			cg_findings_dispose(&p.slots[i].findings);
			cg_materials_dispose(&p.slots[i].mat);
			cg_free(p.slots[i].reason);
		}
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
	cg_walk_free(walk);
	cg_material_ctx_free(mctx);
	cg_engine_free(engine);
	cg_rules_free(rs);
	cg_free(db_path);
	cg_free(started_at);
	cg_free(finished_at);
	cg_free(name);
	return error;
}
