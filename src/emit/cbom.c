/* cbom.c — the CycloneDX 1.6 CBOM; see emit.h. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../schema/schema.h"
#include "../util/util.h"
#include "cbom_material.h"
#include "emit.h"
#include "json_out.h"

#define CBOM_SCHEMA "bom-1.6.SNAPSHOT.schema.json"

static const char *cdx_mode(const char *m)
{
	static const char *const known[] = { "cbc", "ecb", "ccm", "gcm",
		                             "cfb", "ofb", "ctr", NULL };
	if (!m)
		return NULL;
	for (const char *const *k = known; *k; k++)
		if (strcmp(*k, m) == 0)
			return *k;
	return "other";
}

static const char *cdx_padding(const char *p)
{
	static const char *const known[] = { "pkcs5", "pkcs7", "pkcs1v15",
		                             "oaep",  "raw",   NULL };
	if (!p || strcmp(p, "none") == 0)
		return NULL;
	for (const char *const *k = known; *k; k++)
		if (strcmp(*k, p) == 0)
			return *k;
	return "other";
}

/* "a,b" -> ["a","b"] */
static json_t *split_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p = e ? e + 1 : NULL;
	}
	return a;
}

/* The property PREFIX NAME = the values of vs, sorted and comma-joined,
 * when there are any; vs is disposed of. */
static void joined_prop(json_t *props, const char *prefix, const char *name,
                        cg_strv *vs)
{
	if (vs->len) {
		cg_strv_sort(vs);
		cg_buf b = CG_BUF_INIT;
		for (size_t i = 0; i < vs->len; i++) {
			if (i)
				cg_buf_putc(&b, ',');
			cg_buf_puts(&b, vs->items[i]);
		}
		char *key = cg_sprintf("%s%s", prefix, name);
		cg_emit__jprop(props, key, cg_buf_cstr(&b));
		cg_free(key);
		cg_buf_dispose(&b);
	}
	cg_strv_dispose(vs);
}

/* Provenance of each parameter across the asset's occurrences, e.g.
 * "key_size" -> "constant,literal". */
static void provenance_props(json_t *props, const cg_inv_asset *a)
{
	static const char *const names[] = { "algorithm", "key_size", "mode",
		                             "padding",   "curve",    NULL };
	for (const char *const *n = names; *n; n++) {
		cg_strv srcs = CG_STRV_INIT;
		for (size_t i = 0; i < a->nocc; i++)
			for (size_t k = 0; k < a->occs[i].nparams; k++) {
				const cg_inv_param *p = &a->occs[i].params[k];
				if (strcmp(p->name, *n) == 0 &&
				    !cg_strv_contains(&srcs, p->source))
					cg_strv_push(&srcs, p->source);
			}
		joined_prop(props, "cryptagion:source:", *n, &srcs);
		/* where another file of the project defines the value:
		 * "path:line", distinct, sorted */
		cg_strv defs = CG_STRV_INIT;
		for (size_t i = 0; i < a->nocc; i++)
			for (size_t k = 0; k < a->occs[i].nparams; k++) {
				const cg_inv_param *p = &a->occs[i].params[k];
				if (strcmp(p->name, *n) != 0 || !p->source_file)
					continue;
				char *d = cg_sprintf("%s:%d", p->source_file,
				                     p->source_line);
				if (!cg_strv_contains(&defs, d))
					cg_strv_push(&defs, d);
				cg_free(d);
			}
		joined_prop(props, "cryptagion:definedIn:", *n, &defs);
	}
}

static bool fixed_param(const char *name)
{
	static const char *const fixed[] = { "algorithm", "key_size",
		                             "mode",      "padding",
		                             "curve",     "protocol",
		                             NULL };
	for (const char *const *f = fixed; *f; f++)
		if (strcmp(name, *f) == 0)
			return true;
	return false;
}

/* Named parameters across the asset's occurrences: cost parameters
 * ("cryptagion:param:iterations" -> "1000,600000"), properties
 * ("cryptagion:param:randomness" -> "weak") and related components
 * ("cryptagion:related:prf" -> "SHA-256"); distinct values, sorted. */
static void named_props(json_t *props, const cg_inv_asset *a)
{
	cg_strv names = CG_STRV_INIT;
	for (size_t i = 0; i < a->nocc; i++)
		for (size_t k = 0; k < a->occs[i].nparams; k++) {
			const char *n = a->occs[i].params[k].name;
			if (!fixed_param(n) && !cg_strv_contains(&names, n))
				cg_strv_push(&names, n);
		}
	cg_strv_sort(&names);
	for (size_t j = 0; j < names.len; j++) {
		cg_strv vals = CG_STRV_INIT;
		for (size_t i = 0; i < a->nocc; i++)
			for (size_t k = 0; k < a->occs[i].nparams; k++) {
				const cg_inv_param *p = &a->occs[i].params[k];
				if (strcmp(p->name, names.items[j]) == 0 &&
				    p->value &&
				    !cg_strv_contains(&vals, p->value))
					cg_strv_push(&vals, p->value);
			}
		cg_strv_sort(&vals);
		cg_buf b = CG_BUF_INIT;
		for (size_t i = 0; i < vals.len; i++) {
			if (i)
				cg_buf_putc(&b, ',');
			cg_buf_puts(&b, vals.items[i]);
		}
		const char *n = names.items[j];
		char *key = strncmp(n, "related:", 8) == 0
		                ? cg_sprintf("cryptagion:%s", n)
		                : cg_sprintf("cryptagion:param:%s", n);
		if (vals.len)
			cg_emit__jprop(props, key, cg_buf_cstr(&b));
		cg_free(key);
		cg_buf_dispose(&b);
		cg_strv_dispose(&vals);
	}
	cg_strv_dispose(&names);
}

/* The paddings of the asset's occurrences ("cryptagion:param:padding" ->
 * "pkcs7,x923"), when the CycloneDX field cannot carry them: several
 * differ, or one has no CycloneDX name (x923, iso10126, zero...). */
static void padding_props(json_t *props, const cg_inv_asset *a)
{
	cg_strv vals = CG_STRV_INIT;
	bool other = false;
	for (size_t i = 0; i < a->nocc; i++)
		for (size_t k = 0; k < a->occs[i].nparams; k++) {
			const cg_inv_param *p = &a->occs[i].params[k];
			if (strcmp(p->name, "padding") != 0 || !p->value ||
			    cg_strv_contains(&vals, p->value))
				continue;
			cg_strv_push(&vals, p->value);
			const char *c = cdx_padding(p->value);
			other = other || (c && strcmp(c, "other") == 0);
		}
	if (vals.len > 1 || other) {
		cg_strv_sort(&vals);
		cg_buf b = CG_BUF_INIT;
		for (size_t i = 0; i < vals.len; i++) {
			if (i)
				cg_buf_putc(&b, ',');
			cg_buf_puts(&b, vals.items[i]);
		}
		cg_emit__jprop(props, "cryptagion:param:padding",
		               cg_buf_cstr(&b));
		cg_buf_dispose(&b);
	}
	cg_strv_dispose(&vals);
}

/* The dependency entry of an asset: the components it is made of (the
 * related components its occurrences name: PBKDF2 -> its PRF). */
static json_t *asset_dependency(const cg_inv_scan *s, const cg_inv_asset *a)
{
	json_t *on = json_array();
	cg_strv seen = CG_STRV_INIT;
	for (size_t i = 0; i < a->nocc; i++)
		for (size_t k = 0; k < a->occs[i].nparams; k++) {
			const cg_inv_param *p = &a->occs[i].params[k];
			if (strncmp(p->name, "related:", 8) != 0 || !p->value)
				continue;
			for (size_t j = 0; j < s->nassets; j++) {
				const cg_inv_asset *b = &s->assets[j];
				if (b == a || strcmp(b->name, p->value) != 0 ||
				    cg_strv_contains(&seen, b->bom_ref))
					continue;
				cg_strv_push(&seen, b->bom_ref);
			}
		}
	cg_strv_sort(&seen);
	for (size_t i = 0; i < seen.len; i++)
		json_array_append_new(on, cg_emit__jstr(seen.items[i]));
	cg_strv_dispose(&seen);
	json_t *d = json_pack("{s:o}", "ref", cg_emit__jstr(a->bom_ref));
	if (json_array_size(on))
		json_object_set_new(d, "dependsOn", on);
	else
		json_decref(on);
	return d;
}

/* additionalContext of an occurrence: the rule and where each parameter
 * came from (never code). */
static char *occ_context(const cg_inv_occ *o)
{
	cg_buf b = CG_BUF_INIT;
	cg_buf_printf(&b, "rule %s", o->rule_id);
	if (o->language)
		cg_buf_printf(&b, "; language %s", o->language);
	if (o->context && strcmp(o->context, "product") != 0)
		cg_buf_printf(&b, "; context %s", o->context);
	for (size_t i = 0; i < o->nparams; i++) {
		const cg_inv_param *p = &o->params[i];
		cg_buf_printf(&b, "; %s=%s (%s", p->name,
		              p->value ? p->value : "?", p->source);
		if (p->source_file)
			cg_buf_printf(&b, ", %s", p->source_file);
		if (p->source_line > 0)
			cg_buf_printf(&b, ", line %d", p->source_line);
		cg_buf_putc(&b, ')');
	}
	if (o->unresolved)
		cg_buf_printf(&b, "; unresolved: %s", o->unresolved);
	if (o->fingerprint)
		cg_buf_printf(&b, "; fingerprint %s", o->fingerprint);
	if (o->suppression)
		cg_buf_printf(
		    &b, "; suppression %s %s: %s", o->suppression,
		    o->suppression_status ? o->suppression_status : "?",
		    o->suppression_reason ? o->suppression_reason : "");
	return cg_buf_detach(&b);
}

static json_t *asset_json(const cg_inv_asset *a)
{
	json_t *alg = json_object();
	json_object_set_new(alg, "primitive", cg_emit__jstr(a->primitive));
	if (a->parameter_set)
		json_object_set_new(alg, "parameterSetIdentifier",
		                    cg_emit__jstr(a->parameter_set));
	if (cdx_mode(a->mode))
		json_object_set_new(alg, "mode",
		                    json_string(cdx_mode(a->mode)));
	if (cdx_padding(a->padding))
		json_object_set_new(alg, "padding",
		                    json_string(cdx_padding(a->padding)));
	if (a->curve)
		json_object_set_new(alg, "curve", cg_emit__jstr(a->curve));
	json_object_set_new(alg, "executionEnvironment",
	                    json_string("software-plain-ram"));
	json_object_set_new(alg, "implementationPlatform",
	                    json_string("generic"));
	json_object_set_new(alg, "cryptoFunctions", split_list(a->functions));
	json_object_set_new(alg, "classicalSecurityLevel",
	                    json_integer(a->classical));
	json_object_set_new(alg, "nistQuantumSecurityLevel",
	                    json_integer(a->quantum));
	json_t *cp = json_object();
	json_object_set_new(cp, "assetType", json_string("algorithm"));
	json_object_set_new(cp, "algorithmProperties", alg);
	if (a->oid)
		json_object_set_new(cp, "oid", cg_emit__jstr(a->oid));

	json_t *occs = json_array();
	for (size_t i = 0; i < a->nocc; i++) {
		const cg_inv_occ *o = &a->occs[i];
		json_t *jo = json_object();
		json_object_set_new(jo, "location", cg_emit__jstr(o->path));
		json_object_set_new(jo, "line", json_integer(o->line));
		json_object_set_new(
		    jo, "offset", json_integer(o->column ? o->column - 1 : 0));
		if (o->symbol && *o->symbol)
			json_object_set_new(jo, "symbol",
			                    cg_emit__jstr(o->symbol));
		char *ctx = occ_context(o);
		json_object_set_new(jo, "additionalContext",
		                    cg_emit__jstr(ctx));
		cg_free(ctx);
		json_array_append_new(occs, jo);
	}
	json_t *props = json_array();
	cg_emit__jprop(props, "cryptagion:family", a->family);
	/* why the algorithm of a recognised call is not resolved: the
	 * distinct reasons of its occurrences */
	cg_strv why = CG_STRV_INIT;
	for (size_t i = 0; i < a->nocc; i++)
		if (a->occs[i].unresolved &&
		    !cg_strv_contains(&why, a->occs[i].unresolved))
			cg_strv_push(&why, a->occs[i].unresolved);
	if (why.len) {
		cg_buf b = CG_BUF_INIT;
		for (size_t i = 0; i < why.len; i++)
			cg_buf_printf(&b, "%s%s", i ? "; " : "", why.items[i]);
		cg_emit__jprop(props, "cryptagion:unresolved", cg_buf_cstr(&b));
		cg_buf_dispose(&b);
	}
	cg_strv_dispose(&why);
	cg_emit__jprop_u64(props, "cryptagion:occurrences", a->nocc);
	provenance_props(props, a);
	named_props(props, a);
	padding_props(props, a);
	if (a->risk.scored) {
		const cg_inv_asset_risk *r = &a->risk;
		char num[16];
		snprintf(num, sizeof(num), "%d", r->score);
		cg_emit__jprop(props, "cryptagion:risk:score", num);
		cg_emit__jprop(props, "cryptagion:risk:severity", r->severity);
		cg_emit__jprop(props, "cryptagion:risk:usage", r->usage);
		cg_emit__jprop(props, "cryptagion:risk:entry", r->entry);
		cg_emit__jprop(props, "cryptagion:risk:quantumVulnerable",
		               r->quantum_vulnerable ? "true" : "false");
		snprintf(num, sizeof(num), "%d", r->misuses);
		cg_emit__jprop(props, "cryptagion:risk:misuses", num);
		cg_emit__jprop(props, "cryptagion:risk:replacement",
		               r->replacement);
		cg_emit__jprop(props, "cryptagion:risk:explanation",
		               r->explanation);
		cg_emit__jprop(props, "cryptagion:risk:citations",
		               r->citations);
	}
	size_t suppressed = 0;
	for (size_t i = 0; i < a->nocc; i++)
		if (a->occs[i].suppression_status &&
		    strcmp(a->occs[i].suppression_status, "applies") == 0)
			suppressed++;
	if (suppressed)
		cg_emit__jprop_u64(props, "cryptagion:suppressed", suppressed);

	json_t *c = json_object();
	json_object_set_new(c, "type", json_string("cryptographic-asset"));
	json_object_set_new(c, "bom-ref", cg_emit__jstr(a->bom_ref));
	json_object_set_new(c, "name", cg_emit__jstr(a->name));
	json_object_set_new(c, "cryptoProperties", cp);
	json_object_set_new(c, "evidence",
	                    json_pack("{s:o}", "occurrences", occs));
	json_object_set_new(c, "properties", props);
	return c;
}

static int cmp_bom_ref(const void *key, const void *elem)
{
	return strcmp(key, ((const cg_inv_asset *)elem)->bom_ref);
}

/* Each misuse tied to an asset becomes a property of that asset's
 * component: "category severity path:line rule". comps[i] is assets[i]. */
static void misuse_props(json_t *comps, const cg_inv_scan *s)
{
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		if (!m->bom_ref)
			continue;
		const cg_inv_asset *a =
		    bsearch(m->bom_ref, s->assets, s->nassets,
		            sizeof(cg_inv_asset), cmp_bom_ref);
		if (!a)
			continue;
		json_t *c = json_array_get(comps, (size_t)(a - s->assets));
		json_t *props = json_object_get(c, "properties");
		char *v = cg_sprintf("%s %s %s:%u %s", m->category, m->severity,
		                     m->path, m->line, m->rule_id);
		cg_emit__jprop(props, "cryptagion:misuse", v);
		cg_free(v);
	}
}

/* Misuses that concern no asset (TLS verification off, a hard-coded key
 * of unknown algorithm...) become components of their own, one per
 * category, with each misuse as an occurrence. Appends the bom-refs to
 * refs. */
static void misuse_components(json_t *comps, json_t *refs, const cg_inv_scan *s)
{
	static const struct {
		const char *category, *material; /* NULL material: protocol */
	} kinds[] = {
		{ "hardcoded-key", "secret-key" },
		{ "static-iv", "initialization-vector" },
		{ "insecure-random", "seed" },
		{ "low-iterations", "password" },
		{ "tls-no-verify", NULL },
		{ "weak-protocol", NULL },
	};
	cg_strv done = CG_STRV_INIT;
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		if (m->bom_ref || cg_strv_contains(&done, m->category))
			continue;
		cg_strv_push(&done, m->category);
		const char *material = "other";
		bool protocol = false;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(kinds[k].category, m->category) == 0) {
				material = kinds[k].material;
				protocol = !material;
			}
		json_t *cp = json_object();
		if (protocol) {
			json_object_set_new(cp, "assetType",
			                    json_string("protocol"));
			json_object_set_new(cp, "protocolProperties",
			                    json_pack("{s:s}", "type", "tls"));
		} else {
			json_object_set_new(
			    cp, "assetType",
			    json_string("related-crypto-material"));
			json_object_set_new(
			    cp, "relatedCryptoMaterialProperties",
			    json_pack("{s:s}", "type", material));
		}
		json_t *occs = json_array();
		json_t *props = json_array();
		size_t n = 0;
		for (size_t k = i; k < s->nmisuses; k++) {
			const cg_inv_misuse *o = &s->misuses[k];
			if (o->bom_ref || strcmp(o->category, m->category))
				continue;
			n++;
			char *ctx = cg_sprintf(
			    "rule %s; misuse %s, severity %s; context %s%s%s",
			    o->rule_id, o->category, o->severity,
			    o->context ? o->context : "product",
			    o->fingerprint ? "; fingerprint " : "",
			    o->fingerprint ? o->fingerprint : "");
			json_array_append_new(
			    occs,
			    json_pack("{s:o,s:i,s:o}", "location",
			              cg_emit__jstr(o->path), "line",
			              (int)(o->line ? o->line : 1),
			              "additionalContext", cg_emit__jstr(ctx)));
			cg_free(ctx);
			char *v = cg_sprintf("%s %s %s:%u %s", o->category,
			                     o->severity, o->path, o->line,
			                     o->rule_id);
			cg_emit__jprop(props, "cryptagion:misuse", v);
			cg_free(v);
		}
		cg_emit__jprop_u64(props, "cryptagion:occurrences", n);
		char *ref = cg_sprintf("misuse/%s", m->category);
		char *name = cg_sprintf("misuse: %s", m->category);
		json_t *c = json_object();
		json_object_set_new(c, "type",
		                    json_string("cryptographic-asset"));
		json_object_set_new(c, "bom-ref", cg_emit__jstr(ref));
		json_object_set_new(c, "name", cg_emit__jstr(name));
		json_object_set_new(c, "cryptoProperties", cp);
		json_object_set_new(c, "evidence",
		                    json_pack("{s:o}", "occurrences", occs));
		json_object_set_new(c, "properties", props);
		json_array_append_new(comps, c);
		json_array_append_new(refs, cg_emit__jstr(ref));
		cg_free(ref);
		cg_free(name);
	}
	cg_strv_dispose(&done);
}

/* What the scan did not analyse: a count per kind and one property per
 * file (or value), and a composition saying whether the inventory of the
 * target is complete. Kinds are data (cg_inv_gap): a kind added later
 * shows up here without change. */
static void coverage_props(json_t *props, const cg_inv_scan *s)
{
	for (size_t i = 0; i < s->ngaps;) {
		size_t k = i;
		while (k < s->ngaps &&
		       strcmp(s->gaps[k].kind, s->gaps[i].kind) == 0)
			k++;
		char *name =
		    cg_sprintf("cryptagion:coverage:%s", s->gaps[i].kind);
		cg_emit__jprop_u64(props, name, k - i);
		cg_free(name);
		i = k;
	}
	for (size_t i = 0; i < s->ngaps; i++) {
		const cg_inv_gap *g = &s->gaps[i];
		char *v = g->line ? cg_sprintf("%s %s:%u%s%s", g->kind, g->path,
		                               g->line, g->detail ? ": " : "",
		                               g->detail ? g->detail : "")
		                  : cg_sprintf("%s %s%s%s", g->kind, g->path,
		                               g->detail ? ": " : "",
		                               g->detail ? g->detail : "");
		cg_emit__jprop(props, "cryptagion:notAnalysed", v);
		cg_free(v);
	}
}

static json_t *metadata_json(const cg_inv_scan *s, const char *target_ref,
                             const cg_emit_opts *o)
{
	json_t *tool = json_object();
	json_object_set_new(tool, "type", json_string("application"));
	json_object_set_new(tool, "bom-ref", json_string("tool/cryptagion"));
	json_object_set_new(tool, "name", json_string("cryptagion"));
	json_object_set_new(
	    tool, "version",
	    cg_emit__jstr(o->tool_version ? o->tool_version : s->tool_version));
	json_t *tprops = json_array();
	cg_emit__jprop(tprops, "cryptagion:rulesetSha256", s->ruleset_hash);
	json_object_set_new(tool, "properties", tprops);

	json_t *target = json_object();
	json_object_set_new(target, "type", json_string("application"));
	json_object_set_new(target, "bom-ref", cg_emit__jstr(target_ref));
	json_object_set_new(target, "name", cg_emit__jstr(s->target_name));
	if (s->repo_url) {
		/* provenance: the repository (no credentials), ref, commit */
		char *url = strstr(s->repo_url, "://")
		                ? cg_strdup(s->repo_url)
		                : cg_sprintf("ssh://%s", s->repo_url);
		if (!strstr(s->repo_url, "://")) {
			char *colon = strchr(url + 6, ':');
			if (colon)
				*colon = '/';
		}
		char *comment =
		    cg_sprintf("ref %s at commit %s", s->ref ? s->ref : "HEAD",
		               s->commit_id ? s->commit_id : "unknown");
		json_object_set_new(target, "externalReferences",
		                    json_pack("[{s:s,s:o,s:o}]", "type", "vcs",
		                              "url", cg_emit__jstr(url),
		                              "comment",
		                              cg_emit__jstr(comment)));
		json_t *tp = json_array();
		if (s->ref)
			cg_emit__jprop(tp, "cryptagion:vcs:ref", s->ref);
		if (s->commit_id) {
			cg_emit__jprop(tp, "cryptagion:vcs:commit",
			               s->commit_id);
			json_object_set_new(target, "version",
			                    cg_emit__jstr(s->commit_id));
		}
		if (s->base_ref)
			cg_emit__jprop(tp, "cryptagion:vcs:baseRef",
			               s->base_ref);
		if (s->base_commit)
			cg_emit__jprop(tp, "cryptagion:vcs:baseCommit",
			               s->base_commit);
		json_object_set_new(target, "properties", tp);
		cg_free(url);
		cg_free(comment);
	}

	json_t *props = json_array();
	/* the counters of docs/cryptagion.md (COUNTERS) */
	cg_emit__jprop_u64(props, "cryptagion:files:examined",
	                   s->files_scanned + s->files_prefiltered);
	cg_emit__jprop_u64(props, "cryptagion:files:scanned", s->files_scanned);
	cg_emit__jprop_u64(props, "cryptagion:files:prefiltered",
	                   s->files_prefiltered);
	cg_emit__jprop_u64(props, "cryptagion:files:skipped", s->files_skipped);
	cg_emit__jprop_u64(props, "cryptagion:files:unsupported",
	                   s->files_unsupported);
	cg_emit__jprop_u64(props, "cryptagion:files:parseErrors",
	                   s->parse_errors);
	cg_emit__jprop_u64(props, "cryptagion:bytesScanned", s->bytes_scanned);
	cg_emit__jprop_u64(props, "cryptagion:findings", s->findings);
	uint64_t nocc = 0;
	for (size_t i = 0; i < s->nassets; i++)
		nocc += s->assets[i].nocc;
	cg_emit__jprop_u64(props, "cryptagion:occurrences", nocc);
	cg_emit__jprop_u64(props, "cryptagion:files:ignored", s->files_ignored);
	cg_emit__jprop_u64(props, "cryptagion:files:fromCache", s->cache_hits);
	cg_emit__jprop_u64(props, "cryptagion:misuses", s->nmisuses);
	if (s->risk.scored) {
		static const char *const names[] = { "critical", "high",
			                             "medium", "low", "info" };
		cg_emit__jprop(props, "cryptagion:risk:profile",
		               s->risk.profile);
		cg_emit__jprop(props, "cryptagion:standards:version",
		               s->risk.standards_version);
		for (int i = 0; i < 5; i++) {
			char *k = cg_sprintf("cryptagion:risk:%s", names[i]);
			cg_emit__jprop_u64(props, k, s->risk.counts[i]);
			cg_free(k);
		}
		char num[32];
		snprintf(num, sizeof(num), "%.4f",
		         s->risk.quantum_vulnerable_share);
		cg_emit__jprop(props, "cryptagion:risk:quantumVulnerableShare",
		               num);
		snprintf(num, sizeof(num), "%d", s->risk.readiness);
		cg_emit__jprop(props, "cryptagion:risk:quantumReadiness", num);
	}
	coverage_props(props, s);
	/* what the scan did not cover, with the reason */
	for (size_t i = 0; i < s->nskipped; i++) {
		char *v = cg_sprintf("%s: %s", s->skipped[i].path,
		                     s->skipped[i].reason ? s->skipped[i].reason
		                                          : "skipped");
		cg_emit__jprop(props, "cryptagion:skipped", v);
		cg_free(v);
	}

	json_t *m = json_object();
	json_object_set_new(m, "timestamp", cg_emit__jstr(s->started_at));
	json_object_set_new(m, "lifecycles",
	                    json_pack("[{s:s}]", "phase", "pre-build"));
	json_object_set_new(m, "tools",
	                    json_pack("{s:[o]}", "components", tool));
	json_object_set_new(m, "component", target);
	json_object_set_new(m, "properties", props);
	return m;
}

int cg_emit_cbom(char **out, const cg_inv_scan *s, const cg_emit_opts *o)
{
	char *target_ref = cg_sprintf("target/%s", s->target_name);
	json_t *bom = json_object();
	json_object_set_new(bom, "$schema",
	                    json_string("http://cyclonedx.org/schema/"
	                                "bom-1.6.schema.json"));
	json_object_set_new(bom, "bomFormat", json_string("CycloneDX"));
	json_object_set_new(bom, "specVersion", json_string("1.6"));
	char *serial = cg_sprintf("urn:uuid:%s", s->serial);
	json_object_set_new(bom, "serialNumber", json_string(serial));
	cg_free(serial);
	json_object_set_new(bom, "version", json_integer(1));
	json_object_set_new(bom, "metadata", metadata_json(s, target_ref, o));
	json_t *comps = json_array();
	json_t *refs = json_array();
	json_t *deps = json_array();
	for (size_t i = 0; i < s->nassets; i++) {
		json_array_append_new(comps, asset_json(&s->assets[i]));
		json_array_append_new(refs,
		                      cg_emit__jstr(s->assets[i].bom_ref));
	}
	misuse_props(comps, s);
	json_t *mrefs = json_array();
	misuse_components(comps, mrefs, s);
	json_array_extend(refs, mrefs);
	json_array_append_new(deps, json_pack("{s:o,s:o}", "ref",
	                                      cg_emit__jstr(target_ref),
	                                      "dependsOn", refs));
	for (size_t i = 0; i < s->nassets; i++)
		json_array_append_new(deps, asset_dependency(s, &s->assets[i]));
	for (size_t i = 0; i < json_array_size(mrefs); i++)
		json_array_append_new(
		    deps, json_pack("{s:O}", "ref", json_array_get(mrefs, i)));
	json_decref(mrefs);
	json_object_set_new(bom, "components", comps);
	json_object_set_new(bom, "dependencies", deps);
	/* the inventory of the target is complete only when nothing was
	 * left out (coverage gaps: cryptagion:notAnalysed) */
	json_object_set_new(bom, "compositions",
	                    json_pack("[{s:s,s:[o]}]", "aggregate",
	                              s->ngaps ? "incomplete" : "complete",
	                              "assemblies", cg_emit__jstr(target_ref)));
	cg_emit__cbom_material(bom, s); /* certificates, keys... */
	cg_free(target_ref);

	return cg_emit__validated_json(out, bom, "CBOM", "CycloneDX 1.6",
	                               o->schema_dir, CBOM_SCHEMA,
	                               o->max_errors);
}
