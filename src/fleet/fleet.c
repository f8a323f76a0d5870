/* fleet.c — the organisation view of many repositories and the merge of
 * inventories; see fleet.h. */
#include "fleet.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../emit/emit.h"
#include "../inventory/inventory.h"
#include "../scan/scan.h"
#include "../util/array.h"
#include "../util/util.h"

static char *db_path_of(const cg_fleet_opts *o)
{
	return o->db_path ? cg_strdup(o->db_path)
	                  : cg_sprintf("%s/cryptagion.db", o->out_dir);
}

static int cmp_s(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static const char *repo_key(const cg_inv_scan_row *r)
{
	return r->repo_url ? r->repo_url : r->target;
}

/* Newest first within a repository; by repository otherwise. */
static int cmp_row(const void *pa, const void *pb)
{
	const cg_inv_scan_row *a = pa, *b = pb;
	int c = cmp_s(repo_key(a), repo_key(b));
	if (c)
		return c;
	if ((c = cmp_s(b->started_at, a->started_at)) != 0 ||
	    (c = cmp_s(b->finished_at, a->finished_at)) != 0 ||
	    (c = cmp_s(b->serial, a->serial)) != 0 ||
	    (c = cmp_s(b->commit_id, a->commit_id)) != 0)
		return c;
	return b->id < a->id ? -1 : b->id > a->id;
}

/* The scans of the view, in the order of their display names. */
typedef struct {
	int64_t id;
	const char *name, *key;
} pick;

static int cmp_pick(const void *pa, const void *pb)
{
	const pick *a = pa, *b = pb;
	int c = cmp_s(a->name, b->name);
	return c ? c : cmp_s(a->key, b->key);
}

static int choose(int64_t **out, size_t *nout, cg_inventory *inv,
                  const int64_t *ids, size_t n)
{
	cg_inv_scan_row *rows = NULL;
	size_t nrows = 0;
	int error = cg_inventory_list_scans(&rows, &nrows, inv);
	if (error < 0)
		return error;
	pick *p = cg_calloc(nrows ? nrows : 1, sizeof(pick));
	size_t np = 0;
	if (ids) {
		for (size_t i = 0; i < nrows; i++)
			for (size_t k = 0; k < n; k++)
				if (rows[i].id == ids[k])
					p[np++] = (pick){ rows[i].id,
						          rows[i].target_name,
						          repo_key(&rows[i]) };
	} else {
		if (nrows)
			qsort(rows, nrows, sizeof(*rows), cmp_row);
		for (size_t i = 0; i < nrows; i++) {
			if (rows[i].diff)
				continue;
			if (np && cmp_s(p[np - 1].key, repo_key(&rows[i])) == 0)
				continue; /* an older scan of the same one */
			p[np++] = (pick){ rows[i].id, rows[i].target_name,
				          repo_key(&rows[i]) };
		}
	}
	if (np)
		qsort(p, np, sizeof(pick), cmp_pick);
	int64_t *v = cg_calloc(np ? np : 1, sizeof(int64_t));
	for (size_t i = 0; i < np; i++)
		v[i] = p[i].id;
	cg_free(p);
	cg_inv_scan_rows_free(rows, nrows);
	if (!np) {
		cg_free(v);
		cg_error_set("%s: no completed scan", cg_inventory__path(inv));
		return CG_ENOTFOUND;
	}
	*out = v;
	*nout = np;
	return 0;
}

/* What the fleet's view is made of. */
typedef struct {
	const cg_fleet_opts *o;
	const int64_t *ids; /* or NULL: the newest of every repository */
	size_t n;
} view_source;

/* The view: the chosen scans loaded and combined, with its serial. */
static int pick_view(cg_inv_scan **out, cg_inventory *inv, void *payload)
{
	const view_source *vs = payload;
	cg_inv_scan **scans = NULL;
	cg_inv_scan *view = NULL;
	int64_t *chosen = NULL;
	size_t nchosen = 0, nloaded = 0;
	int error;
	if ((error = choose(&chosen, &nchosen, inv, vs->ids, vs->n)) < 0)
		goto done;
	scans = cg_calloc(nchosen, sizeof(cg_inv_scan *));
	for (; nloaded < nchosen; nloaded++)
		if ((error = cg_inventory_load(&scans[nloaded], inv,
		                               chosen[nloaded])) < 0)
			goto done;
	error = cg_inv_scan_combine(&view, scans, nloaded);
	nloaded = 0; /* taken */
	if (error < 0)
		goto done;
	if (vs->o->serial) {
		view->serial = cg_strdup(vs->o->serial);
	} else {
		char u[37];
		if ((error = cg_uuid_v4(u)) < 0)
			goto done;
		view->serial = cg_strdup(u);
	}
	*out = view;
	view = NULL;
done:
	for (size_t i = 0; i < nloaded; i++)
		cg_inv_scan_free(scans[i]);
	cg_free(scans);
	cg_inv_scan_free(view);
	cg_free(chosen);
	return error;
}

int cg_fleet_deliver(cg_fleet_summary *sum, const cg_fleet_opts *o,
                     const int64_t *ids, size_t n)
{
	char *db = db_path_of(o);
	view_source vs = { .o = o, .ids = ids, .n = n };
	cg_scan_source src = { .writable = true,
		               .rescore = true,
		               .pick = pick_view,
		               .payload = &vs };
	cg_report_opts ro = { .db_path = db,
		              .out_dir = o->out_dir,
		              .profile = o->profile,
		              .standards = o->standards,
		              .schema_dir = o->schema_dir,
		              .roadmap_schema_dir = o->roadmap_schema_dir,
		              .font_dir = o->font_dir,
		              .tool_version = o->tool_version,
		              .title = o->title,
		              .epoch = o->epoch };
	cg_inv_scan *view = NULL;
	cg_scan_fail fail;

	memset(sum, 0, sizeof(*sum));
	int error = cg_scan_deliver(&view, &fail, &ro, &src);
	cg_free(db);
	if (error < 0)
		return error;
	sum->repos = view->nrepos;
	sum->assets = view->nassets;
	sum->findings = view->findings;
	sum->misuses = view->nmisuses;
	sum->files_scanned = view->files_scanned;
	memcpy(sum->counts, view->risk.counts, sizeof(sum->counts));
	sum->readiness = view->risk.readiness;
	cg_inv_scan_free(view);
	return 0;
}

/* ---- merge ----------------------------------------------------------------
 */

typedef struct {
	cg_inv_scan_row row;
	size_t input;
} candidate;

static int cmp_candidate(const void *pa, const void *pb)
{
	const candidate *a = pa, *b = pb;
	int c;
	if ((c = cmp_s(a->row.started_at, b->row.started_at)) != 0 ||
	    (c = cmp_s(a->row.serial, b->row.serial)) != 0 ||
	    (c = cmp_s(a->row.target, b->row.target)) != 0 ||
	    (c = cmp_s(a->row.commit_id, b->row.commit_id)) != 0)
		return c;
	return 0;
}

/* What makes two recorded scans the same scan. */
static char *identity(const cg_inv_scan_row *r)
{
	return cg_sprintf("%s\x1f%s\x1f%s\x1f%s", r->serial ? r->serial : "",
	                  r->target ? r->target : "",
	                  r->started_at ? r->started_at : "",
	                  r->commit_id ? r->commit_id : "");
}

static void remove_db(const char *path)
{
	unlink(path);
	char *w = cg_sprintf("%s-wal", path);
	unlink(w);
	cg_free(w);
	w = cg_sprintf("%s-shm", path);
	unlink(w);
	cg_free(w);
}

int cg_fleet_merge(cg_fleet_summary *sum, const cg_fleet_opts *o,
                   const char *const *inputs, size_t n)
{
	const char *tmpdir = getenv("TMPDIR");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	char **tmps = cg_calloc(n ? n : 1, sizeof(char *));
	candidate *cands = NULL;
	size_t ncands = 0, capcands = 0;
	cg_inventory *out = NULL;
	cg_strv known = CG_STRV_INIT;
	char *db = db_path_of(o);
	char *tmp_out = cg_sprintf("%s.tmp.%ld", db, (long)getpid());
	size_t added = 0, dup = 0;
	int error = 0;
	struct stat sb;

	memset(sum, 0, sizeof(*sum));
	/* every input is checked (and copied, migrated) before anything is
	 * written */
	for (size_t i = 0; i < n && !error; i++) {
		tmps[i] = cg_sprintf("%s/cryptagion-merge-%ld-%zu.db", tmpdir,
		                     (long)getpid(), i);
		error = cg_inventory_merge_prepare(inputs[i], tmps[i]);
	}
	for (size_t i = 0; i < n && !error; i++) {
		cg_inventory *in = NULL;
		cg_inv_scan_row *rows = NULL;
		size_t nrows = 0;
		if ((error = cg_inventory_open(&in, tmps[i])) < 0)
			break;
		error = cg_inventory_list_scans(&rows, &nrows, in);
		cg_inventory_close(in);
		if (error < 0)
			break;
		cg_reserve(cands, capcands, cg_array__add(ncands, nrows));
		for (size_t k = 0; k < nrows; k++)
			cands[ncands++] = (candidate){ rows[k], i };
		cg_free(rows); /* the strings moved into cands */
	}
	if (error)
		goto done;
	if (cg_mkdirs(o->out_dir) < 0) {
		error = CG_EIO;
		goto done;
	}
	/* the result is built beside the inventory and renamed over it */
	remove_db(tmp_out);
	if (stat(db, &sb) == 0) {
		if ((error = cg_inventory_merge_prepare(db, tmp_out)) < 0)
			goto done;
	}
	if ((error = cg_inventory_open(&out, tmp_out)) < 0)
		goto done;
	{
		cg_inv_scan_row *rows = NULL;
		size_t nrows = 0;
		if ((error = cg_inventory_list_scans(&rows, &nrows, out)) < 0)
			goto done;
		for (size_t k = 0; k < nrows; k++)
			cg_strv_push_owned(&known, identity(&rows[k]));
		cg_inv_scan_rows_free(rows, nrows);
	}
	if (ncands)
		qsort(cands, ncands, sizeof(*cands), cmp_candidate);
	for (size_t k = 0; k < ncands && !error; k++) {
		char *id = identity(&cands[k].row);
		if (cg_strv_contains(&known, id)) {
			dup++;
			cg_free(id);
			continue;
		}
		cg_strv_push_owned(&known, id);
		error = cg_inventory_merge_scan(out, tmps[cands[k].input],
		                                cands[k].row.id);
		added++;
	}
	cg_inventory_close(out);
	out = NULL;
	if (error)
		goto done;
	if (rename(tmp_out, db) != 0) {
		cg_error_set("%s: cannot write the inventory", db);
		error = CG_EIO;
		goto done;
	}
	cg_fleet_opts d = *o;
	d.db_path = db;
	error = cg_fleet_deliver(sum, &d, NULL, 0);
	sum->scans_added = added;
	sum->scans_known = dup;
done:
	cg_inventory_close(out);
	remove_db(tmp_out);
	for (size_t i = 0; i < n; i++) {
		if (tmps[i])
			remove_db(tmps[i]);
		cg_free(tmps[i]);
	}
	cg_free(tmps);
	for (size_t k = 0; k < ncands; k++)
		cg_inv_scan_row_dispose(&cands[k].row);
	cg_free(cands);
	cg_strv_dispose(&known);
	cg_free(tmp_out);
	cg_free(db);
	return error;
}
