/* combine.c — several loaded scans as one view (the deliverables of a
 * fleet of repositories); see cg_inv_scan_combine in inventory.h.
 *
 * Items are moved, not copied: each source entry that is taken is zeroed,
 * so that cg_inv_scan_free() of the emptied source frees exactly what was
 * not taken (the shells of duplicate assets, the scan's own strings). */
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "inventory.h"

static char *prefixed(const char *name, char *path)
{
	char *p = cg_sprintf("%s/%s", name, path ? path : "");
	cg_free(path);
	return p;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Gaps by kind, path, line (the order cg_inventory_load gives). */
static int cmp_gap(const void *pa, const void *pb)
{
	const cg_inv_gap *a = pa, *b = pb;
	int c = cmp_str(a->kind, b->kind);
	if (!c)
		c = cmp_str(a->path, b->path);
	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* Occurrences and misuses: by path, line, column, rule. */
static int cmp_place(const char *pa, uint32_t la, uint32_t ca, const char *ra,
                     const char *pb, uint32_t lb, uint32_t cb, const char *rb)
{
	int c = cmp_str(pa, pb);
	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	return cmp_str(ra, rb);
}

static int cmp_occ(const void *pa, const void *pb)
{
	const cg_inv_occ *a = pa, *b = pb;
	return cmp_place(a->path, a->line, a->column, a->rule_id, b->path,
	                 b->line, b->column, b->rule_id);
}

static int cmp_misuse(const void *pa, const void *pb)
{
	const cg_inv_misuse *a = pa, *b = pb;
	return cmp_place(a->path, a->line, a->column, a->rule_id, b->path,
	                 b->line, b->column, b->rule_id);
}

static int cmp_skipped(const void *pa, const void *pb)
{
	const cg_inv_skipped *a = pa, *b = pb;
	return cmp_str(a->path, b->path);
}

static int cmp_mat(const void *pa, const void *pb)
{
	const cg_inv_mat *a = pa, *b = pb;
	int c = cmp_str(a->bom_ref, b->bom_ref);
	if (c)
		return c;
	c = cmp_str(a->path, b->path);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* An asset taken from scan `from`, for sorting by bom-ref then by scan. */
typedef struct {
	cg_inv_asset a;
	size_t from;
} taken;

static int cmp_taken(const void *pa, const void *pb)
{
	const taken *a = pa, *b = pb;
	int c = cmp_str(a->a.bom_ref, b->a.bom_ref);
	if (c)
		return c;
	return a->from < b->from ? -1 : a->from > b->from;
}

/* A unique display name for scan i among the first i. */
static char *unique_name(const cg_inv_repo *repos, size_t i, const char *base)
{
	char *name = cg_strdup(base && *base ? base : "repository");
	for (unsigned k = 2;; k++) {
		bool clash = false;
		for (size_t j = 0; j < i && !clash; j++)
			clash = strcmp(repos[j].name, name) == 0;
		if (!clash)
			return name;
		cg_free(name);
		name =
		    cg_sprintf("%s-%u", base && *base ? base : "repository", k);
	}
}

static char *dup_or_null(const char *s)
{
	return s ? cg_strdup(s) : NULL;
}

static void take_repo(cg_inv_repo *r, cg_inv_scan *s, char *name)
{
	r->name = name;
	r->target = dup_or_null(s->target);
	r->repo_url = dup_or_null(s->repo_url);
	r->ref = dup_or_null(s->ref);
	r->commit_id = dup_or_null(s->commit_id);
	r->tool_version = dup_or_null(s->tool_version);
	r->started_at = dup_or_null(s->started_at);
	r->scan_id = s->id;
	r->files_scanned = s->files_scanned;
	r->findings = s->findings;
	r->assets = s->nassets;
	r->misuses = s->nmisuses;
	r->risk = s->risk; /* moved */
	memset(&s->risk, 0, sizeof(s->risk));
}

int cg_inv_scan_combine(cg_inv_scan **out, cg_inv_scan **scans, size_t n)
{
	cg_inv_scan *v = cg_calloc(1, sizeof(*v));
	v->repos = cg_calloc(n ? n : 1, sizeof(cg_inv_repo));
	v->nrepos = n;
	v->materials = cg_calloc(1, sizeof(*v->materials));
	size_t nall = 0, nmis = 0, nskip = 0, nmat = 0, ngap = 0;
	for (size_t i = 0; i < n; i++) {
		ngap += scans[i]->ngaps;
		nall += scans[i]->nassets;
		nmis += scans[i]->nmisuses;
		nskip += scans[i]->nskipped;
		if (scans[i]->materials)
			nmat += scans[i]->materials->len;
	}
	taken *all = cg_calloc(nall ? nall : 1, sizeof(taken));
	v->misuses = cg_calloc(nmis ? nmis : 1, sizeof(cg_inv_misuse));
	v->skipped = cg_calloc(nskip ? nskip : 1, sizeof(cg_inv_skipped));
	v->gaps = cg_calloc(ngap ? ngap : 1, sizeof(cg_inv_gap));
	v->materials->items = cg_calloc(nmat ? nmat : 1, sizeof(cg_inv_mat));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		cg_inv_scan *s = scans[i];
		char *name = unique_name(v->repos, i, s->target_name);
		take_repo(&v->repos[i], s, name);
		for (size_t a = 0; a < s->nassets; a++) {
			cg_inv_asset *src = &s->assets[a];
			for (size_t o = 0; o < src->nocc; o++)
				src->occs[o].path =
				    prefixed(name, src->occs[o].path);
			all[k].a = *src;
			all[k++].from = i;
			memset(src, 0, sizeof(*src));
		}
		for (size_t m = 0; m < s->nmisuses; m++) {
			cg_inv_misuse *src = &s->misuses[m];
			src->path = prefixed(name, src->path);
			v->misuses[v->nmisuses++] = *src;
			memset(src, 0, sizeof(*src));
		}
		for (size_t m = 0; m < s->nskipped; m++) {
			cg_inv_skipped *src = &s->skipped[m];
			src->path = prefixed(name, src->path);
			v->skipped[v->nskipped++] = *src;
			memset(src, 0, sizeof(*src));
		}
		/* what was not analysed (kept in kind order: the scans are
		 * merged one after the other, then sorted below) */
		for (size_t m = 0; m < s->ngaps; m++) {
			cg_inv_gap *src = &s->gaps[m];
			src->path = prefixed(name, src->path);
			v->gaps[v->ngaps++] = *src;
			memset(src, 0, sizeof(*src));
		}
		cg_inv_materials *sm = s->materials;
		for (size_t m = 0; sm && m < sm->len; m++) {
			cg_inv_mat *src = &sm->items[m];
			src->path = prefixed(name, src->path);
			v->materials->items[v->materials->len++] = *src;
			memset(src, 0, sizeof(*src));
		}
		for (size_t m = 0; sm && m + 1 < sm->noted.len; m += 2) {
			cg_strv_push_owned(
			    &v->materials->noted,
			    cg_sprintf("%s/%s", name, sm->noted.items[m]));
			cg_strv_push(&v->materials->noted,
			             sm->noted.items[m + 1]);
		}
		v->files_scanned += s->files_scanned;
		v->files_prefiltered += s->files_prefiltered;
		v->files_skipped += s->files_skipped;
		v->files_unsupported += s->files_unsupported;
		v->bytes_scanned += s->bytes_scanned;
		v->findings += s->findings;
		v->parse_errors += s->parse_errors;
		v->cache_hits += s->cache_hits;
		v->files_ignored += s->files_ignored;
		if (!v->started_at ||
		    (s->started_at &&
		     strcmp(s->started_at, v->started_at) < 0)) {
			cg_free(v->started_at);
			v->started_at = dup_or_null(s->started_at);
		}
		if (s->finished_at &&
		    (!v->finished_at ||
		     strcmp(s->finished_at, v->finished_at) > 0)) {
			cg_free(v->finished_at);
			v->finished_at = cg_strdup(s->finished_at);
		}
		if (!v->tool_version)
			v->tool_version = dup_or_null(s->tool_version);
		if (!v->ruleset_hash)
			v->ruleset_hash = dup_or_null(s->ruleset_hash);
	}
	/* one asset per bom-ref, with the occurrences of every scan */
	qsort(all, nall, sizeof(taken), cmp_taken);
	if (v->ngaps > 1)
		qsort(v->gaps, v->ngaps, sizeof(cg_inv_gap), cmp_gap);
	cg_inv_asset *assets = cg_calloc(nall ? nall : 1, sizeof(cg_inv_asset));
	size_t na = 0;
	cg_inv_scan *shells = cg_calloc(1, sizeof(*shells));
	shells->assets = cg_calloc(nall ? nall : 1, sizeof(cg_inv_asset));
	for (size_t i = 0; i < nall; i++) {
		cg_inv_asset *keep = na ? &assets[na - 1] : NULL;
		if (keep && cmp_str(keep->bom_ref, all[i].a.bom_ref) == 0) {
			cg_inv_asset *dup = &all[i].a;
			keep->occs = cg_realloc_array(
			    keep->occs, cg_array__add(keep->nocc, dup->nocc),
			    sizeof(cg_inv_occ));
			if (dup->nocc)
				memcpy(keep->occs + keep->nocc, dup->occs,
				       dup->nocc * sizeof(cg_inv_occ));
			keep->nocc += dup->nocc;
			cg_free(dup->occs);
			dup->occs = NULL;
			dup->nocc = 0;
			shells->assets[shells->nassets++] = *dup;
			continue;
		}
		assets[na++] = all[i].a;
	}
	v->assets = assets;
	v->nassets = na;
	for (size_t i = 0; i < v->nassets; i++)
		if (v->assets[i].nocc > 1)
			qsort(v->assets[i].occs, v->assets[i].nocc,
			      sizeof(cg_inv_occ), cmp_occ);
	qsort(v->misuses, v->nmisuses, sizeof(cg_inv_misuse), cmp_misuse);
	qsort(v->skipped, v->nskipped, sizeof(cg_inv_skipped), cmp_skipped);
	qsort(v->materials->items, v->materials->len, sizeof(cg_inv_mat),
	      cmp_mat);
	cg_free(all);
	cg_inv_scan_free(shells);
	for (size_t i = 0; i < n; i++)
		cg_inv_scan_free(scans[i]);
	v->target_name = cg_strdup("organisation");
	v->target = cg_sprintf("%zu repositories", n);
	*out = v;
	return 0;
}
