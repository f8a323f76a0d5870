/* roadmap.c — the migration roadmap (roadmap-1.0 JSON); see emit.h and
 * docs/cryptagion.md ("Migration roadmap"). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../schema/schema.h"
#include "../util/util.h"
#include "emit.h"
#include "json_out.h"

static cg_roadmap_phase phase_of(const cg_inv_asset *a)
{
	if (!a->risk.scored || !a->risk.severity)
		return CG_PHASE_NONE;
	int sev = -1;
	static const char *const sevs[] = { "critical", "high", "medium", "low",
		                            "info" };
	for (int i = 0; i < 5; i++)
		if (strcmp(a->risk.severity, sevs[i]) == 0)
			sev = i;
	if (sev == 0 || sev == 1)
		return CG_PHASE_NOW;
	if (sev == 2)
		return CG_PHASE_2030;
	if (sev == 3 || a->risk.quantum_vulnerable)
		return CG_PHASE_2035;
	return CG_PHASE_NONE;
}

/* "python.cryptography.hash" -> "python.cryptography" */
static char *library_of(const char *rule_id)
{
	const char *d1 = strchr(rule_id, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	return d2 ? cg_strndup(rule_id, (size_t)(d2 - rule_id))
	          : cg_strdup(rule_id);
}

static int cmp_item(const void *pa, const void *pb)
{
	const cg_roadmap_item *a = pa, *b = pb;
	bool na = a->phase == CG_PHASE_NONE, nb = b->phase == CG_PHASE_NONE;
	if (na != nb)
		return na ? 1 : -1;
	/* product code before what only tests, vendored or generated code
	 * use */
	if (a->product != b->product)
		return a->product ? -1 : 1;
	if (a->asset->risk.score != b->asset->risk.score)
		return a->asset->risk.score > b->asset->risk.score ? -1 : 1;
	return strcmp(a->asset->bom_ref, b->asset->bom_ref);
}

/* The item's deadline: Dec 31 before the asset's quantum deadline year
 * (y_q is the first year of the adverse status) when the scorer recorded
 * one, else its phase's deadline. */
static void set_deadline(cg_roadmap_item *it, const cg_roadmap_facts *f)
{
	const cg_inv_asset *a = it->asset;
	it->deadline[0] = 0;
	if (it->phase == CG_PHASE_NONE)
		return;
	/* a four-digit year: the schema's date pattern */
	if (a->risk.scored && a->risk.y_q > 1000 && a->risk.y_q <= 9999) {
		snprintf(it->deadline, sizeof(it->deadline), "%04d-12-31",
		         a->risk.y_q - 1);
		it->deadline_quantum = true;
	} else if (f->phases[it->phase].deadline) {
		snprintf(it->deadline, sizeof(it->deadline), "%s",
		         f->phases[it->phase].deadline);
	}
}

void cg_roadmap_build(cg_roadmap *out, const cg_inv_scan *s,
                      const cg_roadmap_facts *facts)
{
	memset(out, 0, sizeof(*out));
	out->items =
	    cg_calloc(s->nassets ? s->nassets : 1, sizeof(cg_roadmap_item));
	out->n = s->nassets;
	for (size_t i = 0; i < s->nassets; i++) {
		const cg_inv_asset *a = &s->assets[i];
		cg_roadmap_item *it = &out->items[i];
		it->asset = a;
		it->phase = phase_of(a);
		set_deadline(it, facts);
		for (size_t k = 0; k < a->nocc; k++) {
			if (!a->occs[k].context ||
			    strcmp(a->occs[k].context, "product") == 0)
				it->product = true;
			/* occurrences are sorted by path */
			if (!k ||
			    strcmp(a->occs[k].path, a->occs[k - 1].path) != 0)
				it->files++;
			char *lib = library_of(a->occs[k].rule_id);
			if (cg_strv_contains(&it->libraries, lib))
				cg_free(lib);
			else
				cg_strv_push_owned(&it->libraries, lib);
		}
		cg_strv_sort(&it->libraries);
		it->points =
		    (unsigned)(a->nocc + 2 * it->files + 5 * it->libraries.len);
		it->size = it->points <= 10   ? "S"
		           : it->points <= 30 ? "M"
		           : it->points <= 80 ? "L"
		                              : "XL";
		it->person_days = ceil((double)it->points / 2.0) / 2.0;
		if (it->person_days < 0.5)
			it->person_days = 0.5;
		out->occurrences += a->nocc;
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(cg_roadmap_item), cmp_item);
	for (size_t i = 0; i < out->n; i++) {
		cg_roadmap_item *it = &out->items[i];
		if (it->phase == CG_PHASE_NONE)
			continue;
		it->priority = (int)++out->nactive;
		out->nphase[it->phase]++;
		out->person_days += it->person_days;
	}
}

void cg_roadmap_dispose(cg_roadmap *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		cg_strv_dispose(&r->items[i].libraries);
	cg_free(r->items);
	memset(r, 0, sizeof(*r));
}

/* "a; b; c" -> ["a", "b", "c"] */
static json_t *split_citations(const char *s)
{
	json_t *a = json_array();
	const char *p = s;
	while (p && *p) {
		const char *e = strstr(p, "; ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			char *c = cg_strndup(p, n);
			json_array_append_new(a, cg_emit__jstr(c));
			cg_free(c);
		}
		p = e ? e + 2 : NULL;
	}
	return a;
}

static bool suppressed(const cg_inv_occ *o)
{
	return o->suppression && o->suppression_status &&
	       strcmp(o->suppression_status, "applies") == 0;
}

static json_t *item_json(const cg_roadmap_item *it, const cg_roadmap_facts *f,
                         bool cnsa2)
{
	const cg_inv_asset *a = it->asset;
	json_t *j = json_object();
	json_object_set_new(j, "priority", json_integer(it->priority));
	json_object_set_new(j, "phase", cg_emit__jstr(f->phases[it->phase].id));
	json_t *asset = json_object();
	json_object_set_new(asset, "bomRef", cg_emit__jstr(a->bom_ref));
	json_object_set_new(asset, "name", cg_emit__jstr(a->name));
	cg_emit__jset(asset, "family", a->family);
	json_object_set_new(asset, "primitive", cg_emit__jstr(a->primitive));
	cg_emit__jset(asset, "parameterSet", a->parameter_set);
	cg_emit__jset(asset, "mode", a->mode);
	cg_emit__jset(asset, "curve", a->curve);
	json_object_set_new(j, "asset", asset);
	json_object_set_new(j, "score", json_integer(a->risk.score));
	json_object_set_new(j, "severity", cg_emit__jstr(a->risk.severity));
	json_object_set_new(j, "quantumVulnerable",
	                    json_boolean(a->risk.quantum_vulnerable));
	cg_emit__jset(j, "usage", a->risk.usage);
	cg_emit__jset(j, "standardsEntry", a->risk.entry);
	json_object_set_new(j, "current", cg_emit__jstr(a->name));
	json_object_set_new(
	    j, "recommended",
	    cg_emit__jstr(a->risk.replacement && *a->risk.replacement
	                      ? a->risk.replacement
	                      : "review manually"));
	json_object_set_new(j, "rationale", cg_emit__jstr(a->risk.explanation));
	json_object_set_new(j, "citations", split_citations(a->risk.citations));
	if (it->deadline[0]) {
		json_object_set_new(j, "deadline", json_string(it->deadline));
		char *basis =
		    it->deadline_quantum
		        ? cg_sprintf("quantum deadline of standards entry %s: "
		                     "adverse status from %d",
		                     a->risk.entry ? a->risk.entry : "?",
		                     a->risk.y_q)
		        : cg_sprintf("deadline of phase %s (%s)",
		                     f->phases[it->phase].id,
		                     f->phases[it->phase].citation);
		json_object_set_new(j, "deadlineBasis", cg_emit__jstr(basis));
		cg_free(basis);
	}
	if (cnsa2) {
		char *basis = cg_sprintf("system category unknown; %s (%s)",
		                         f->default_basis, f->default_citation);
		json_object_set_new(j, "cnsa2Deadline",
		                    json_pack("{s:s,s:o}", "date",
		                              f->default_deadline, "basis",
		                              cg_emit__jstr(basis)));
		cg_free(basis);
	}
	json_t *occs = json_array();
	for (size_t k = 0; k < a->nocc; k++) {
		const cg_inv_occ *o = &a->occs[k];
		json_t *oj = json_object();
		json_object_set_new(oj, "path", cg_emit__jstr(o->path));
		json_object_set_new(oj, "line",
		                    json_integer(o->line ? o->line : 1));
		json_object_set_new(oj, "column", json_integer(o->column));
		json_object_set_new(oj, "ruleId", cg_emit__jstr(o->rule_id));
		cg_emit__jset(oj, "symbol", o->symbol);
		cg_emit__jset(oj, "language", o->language);
		cg_emit__jset(oj, "context", o->context);
		if (suppressed(o))
			json_object_set_new(oj, "suppressed", json_true());
		json_array_append_new(occs, oj);
	}
	json_object_set_new(j, "occurrences", occs);
	json_object_set_new(j, "productCode", json_boolean(it->product));
	json_t *libs = json_array();
	for (size_t k = 0; k < it->libraries.len; k++)
		json_array_append_new(libs,
		                      cg_emit__jstr(it->libraries.items[k]));
	json_object_set_new(
	    j, "effort",
	    json_pack("{s:I,s:I,s:o,s:I,s:s,s:f}", "occurrences",
	              (json_int_t)a->nocc, "files", (json_int_t)it->files,
	              "libraries", libs, "points", (json_int_t)it->points,
	              "size", it->size, "personDays", it->person_days));
	return j;
}

static json_t *cnsa2_json(const cg_roadmap_facts *f)
{
	json_t *ms = json_array();
	for (size_t i = 0; i < f->nmilestones; i++) {
		const cg_cnsa2_milestone *m = &f->milestones[i];
		json_t *mj = json_object();
		char year[16];
		json_object_set_new(mj, "category", cg_emit__jstr(m->category));
		if (m->prefer_by) {
			snprintf(year, sizeof(year), "%d", m->prefer_by);
			json_object_set_new(mj, "supportAndPreferBy",
			                    json_string(year));
		}
		snprintf(year, sizeof(year), "%d", m->exclusive_by);
		json_object_set_new(mj, "exclusiveBy", json_string(year));
		json_object_set_new(mj, "citation", cg_emit__jstr(m->citation));
		json_array_append_new(ms, mj);
	}
	json_t *gates = json_array();
	for (size_t i = 0; i < f->ngates; i++) {
		const cg_cnsa2_gate *g = &f->gates[i];
		json_array_append_new(
		    gates, json_pack("{s:s,s:o,s:o}", "date", g->date, "event",
		                     cg_emit__jstr(g->event), "citation",
		                     cg_emit__jstr(g->citation)));
	}
	char *assumed = cg_sprintf("unknown for every asset: %s is used as "
	                           "the exclusive-use deadline (%s)",
	                           f->default_deadline, f->default_basis);
	json_t *j = json_pack("{s:o,s:o,s:o}", "milestones", ms, "gates", gates,
	                      "categoryAssumed", cg_emit__jstr(assumed));
	cg_free(assumed);
	return j;
}

static json_t *roadmap_json(const cg_inv_scan *s, const cg_roadmap *r,
                            const cg_roadmap_facts *f, const char *tool_version)
{
	bool cnsa2 = s->risk.scored && s->risk.profile &&
	             strcmp(s->risk.profile, "cnsa2") == 0;
	json_t *doc = json_object();
	json_object_set_new(doc, "$schema", json_string(CG_ROADMAP_SCHEMA));
	json_object_set_new(doc, "roadmapFormat",
	                    json_string("cryptagion-roadmap"));
	json_object_set_new(doc, "version", json_string("1.0"));
	json_object_set_new(doc, "generator",
	                    json_pack("{s:s,s:o}", "name", "cryptagion",
	                              "version", cg_emit__jstr(tool_version)));
	json_t *scan = json_object();
	char *serial = cg_sprintf("urn:uuid:%s", s->serial);
	json_object_set_new(scan, "serialNumber", json_string(serial));
	cg_free(serial);
	json_object_set_new(scan, "target", cg_emit__jstr(s->target));
	cg_emit__jset(scan, "targetName", s->target_name);
	json_object_set_new(scan, "startedAt", cg_emit__jstr(s->started_at));
	cg_emit__jset(scan, "finishedAt", s->finished_at);
	cg_emit__jset(scan, "rulesetHash", s->ruleset_hash);
	cg_emit__jset(scan, "repository", s->repo_url);
	cg_emit__jset(scan, "ref", s->ref);
	cg_emit__jset(scan, "commit", s->commit_id);
	json_object_set_new(scan, "cbom", json_string("cbom.json"));
	json_object_set_new(doc, "scan", scan);
	json_t *prof = json_object();
	json_object_set_new(
	    prof, "id",
	    cg_emit__jstr(s->risk.scored ? s->risk.profile : "unscored"));
	json_object_set_new(
	    prof, "standardsVersion",
	    cg_emit__jstr(s->risk.scored ? s->risk.standards_version : ""));
	cg_emit__jset(prof, "evaluatedAt", s->risk.evaluated_at);
	json_object_set_new(doc, "profile", prof);

	json_t *counts = json_object();
	static const char *const sevs[] = { "critical", "high", "medium", "low",
		                            "info" };
	for (int i = 0; i < 5; i++)
		json_object_set_new(
		    counts, sevs[i],
		    json_integer((json_int_t)s->risk.counts[i]));
	json_t *byphase = json_object();
	for (int p = 0; p < CG_ROADMAP_NPHASES; p++)
		json_object_set_new(byphase, f->phases[p].id,
		                    json_integer((json_int_t)r->nphase[p]));
	json_t *sum = json_object();
	json_object_set_new(sum, "assets", json_integer((json_int_t)r->n));
	json_object_set_new(sum, "items", json_integer((json_int_t)r->nactive));
	json_object_set_new(sum, "occurrences",
	                    json_integer((json_int_t)r->occurrences));
	json_object_set_new(sum, "counts", counts);
	json_object_set_new(
	    sum, "quantumVulnerableShare",
	    json_real(round(s->risk.quantum_vulnerable_share * 10000) / 10000));
	json_object_set_new(
	    sum, "readiness",
	    json_integer(s->risk.scored ? s->risk.readiness : 0));
	json_object_set_new(sum, "personDays", json_real(r->person_days));
	json_object_set_new(sum, "itemsByPhase", byphase);
	json_object_set_new(doc, "summary", sum);
	json_object_set_new(
	    doc, "effortModel",
	    json_pack("{s:s,s:s,s:s,s:s}", "points",
	              "occurrences + 2 * files + 5 * libraries", "size",
	              "S <= 10 < M <= 30 < L <= 80 < XL (points)", "personDays",
	              "points / 4, rounded up to half a day (minimum 0.5)",
	              "library",
	              "the first two segments of the rule id "
	              "(<language>.<library>)"));

	json_t *phases = json_array();
	for (int p = 0; p < CG_ROADMAP_NPHASES; p++) {
		json_t *pj = json_object();
		const cg_roadmap_phase_facts *ph = &f->phases[p];
		json_object_set_new(pj, "id", cg_emit__jstr(ph->id));
		json_object_set_new(pj, "title", cg_emit__jstr(ph->title));
		if (ph->deadline)
			json_object_set_new(pj, "deadline",
			                    json_string(ph->deadline));
		json_object_set_new(pj, "criteria",
		                    cg_emit__jstr(ph->criteria));
		json_object_set_new(pj, "citation",
		                    cg_emit__jstr(ph->citation));
		json_t *ids = json_array();
		for (size_t i = 0; i < r->nactive; i++)
			if ((int)r->items[i].phase == p)
				json_array_append_new(
				    ids, json_integer(r->items[i].priority));
		json_object_set_new(pj, "items", ids);
		json_array_append_new(phases, pj);
	}
	json_object_set_new(doc, "phases", phases);
	if (cnsa2)
		json_object_set_new(doc, "cnsa2", cnsa2_json(f));
	json_t *items = json_array();
	json_t *none = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const cg_roadmap_item *it = &r->items[i];
		if (it->phase != CG_PHASE_NONE) {
			json_array_append_new(items, item_json(it, f, cnsa2));
			continue;
		}
		const cg_inv_asset *a = it->asset;
		json_t *nj = json_object();
		json_object_set_new(nj, "bomRef", cg_emit__jstr(a->bom_ref));
		json_object_set_new(nj, "name", cg_emit__jstr(a->name));
		if (a->risk.scored) {
			json_object_set_new(nj, "score",
			                    json_integer(a->risk.score));
			json_object_set_new(nj, "severity",
			                    cg_emit__jstr(a->risk.severity));
		}
		json_object_set_new(
		    nj, "reason",
		    json_string(a->risk.scored
		                    ? "severity info and not "
		                      "quantum-vulnerable: keep, review "
		                      "with the next standards update"
		                    : "not scored"));
		json_array_append_new(none, nj);
	}
	json_object_set_new(doc, "items", items);
	json_object_set_new(doc, "noAction", none);
	/* misuses: fixed where they are, whatever the algorithm's fate */
	json_t *mis = json_array();
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		json_t *mj = json_object();
		json_object_set_new(mj, "category", cg_emit__jstr(m->category));
		json_object_set_new(
		    mj, "severity",
		    cg_emit__jstr(m->severity ? m->severity : "medium"));
		json_object_set_new(mj, "message", cg_emit__jstr(m->message));
		json_object_set_new(mj, "path", cg_emit__jstr(m->path));
		json_object_set_new(mj, "line",
		                    json_integer(m->line ? m->line : 1));
		json_object_set_new(mj, "ruleId", cg_emit__jstr(m->rule_id));
		cg_emit__jset(mj, "context", m->context);
		cg_emit__jset(mj, "bomRef", m->bom_ref);
		if (m->suppression_status &&
		    strcmp(m->suppression_status, "applies") == 0)
			json_object_set_new(mj, "suppressed", json_true());
		json_array_append_new(mis, mj);
	}
	json_object_set_new(doc, "misuses", mis);
	json_object_set_new(sum, "misuses",
	                    json_integer((json_int_t)s->nmisuses));
	return doc;
}

int cg_emit_roadmap(char **out, const cg_inv_scan *s,
                    const cg_roadmap_facts *facts, const char *schema_dir,
                    const char *tool_version)
{
	cg_roadmap r;
	cg_roadmap_build(&r, s, facts);
	json_t *doc = roadmap_json(s, &r, facts, tool_version);
	cg_roadmap_dispose(&r);
	return cg_emit__validated_json(out, doc, "roadmap.json", "its schema",
	                               schema_dir, CG_ROADMAP_SCHEMA, 10);
}
