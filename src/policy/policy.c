/* policy.c — see policy.h and docs/POLICY.md. */
#include "policy.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../rules/yamlx.h"
#include "../util/array.h"

static const char *const severities[] = { "critical", "high", "medium",
	                                  "low",      "info", NULL };

typedef struct {
	char *family;
	long min_key_size; /* key sizes below are banned */
} banned_param;

typedef struct {
	char *path;   /* glob */
	char *rule;   /* rule id or NULL: any */
	char *reason; /* required */
} allow_rule;

struct cg_policy {
	char *profile;
	int fail_severity; /* index in severities; -1: never on severity */
	bool scope_all;    /* false: only new findings count */
	long max_new;      /* -1: unlimited */
	cg_strv banned_algs, banned_families;
	banned_param *params;
	size_t nparams;
	cg_strv qs_paths;
	allow_rule *allows;
	size_t nallows;
};

void cg_policy_free(cg_policy *p)
{
	if (!p)
		return;
	cg_free(p->profile);
	cg_strv_dispose(&p->banned_algs);
	cg_strv_dispose(&p->banned_families);
	for (size_t i = 0; i < p->nparams; i++)
		cg_free(p->params[i].family);
	cg_free(p->params);
	cg_strv_dispose(&p->qs_paths);
	for (size_t i = 0; i < p->nallows; i++) {
		cg_free(p->allows[i].path);
		cg_free(p->allows[i].rule);
		cg_free(p->allows[i].reason);
	}
	cg_free(p->allows);
	cg_free(p);
}

cg_policy *cg_policy_default(void)
{
	cg_policy *p = cg_calloc(1, sizeof(*p));
	p->fail_severity = 1; /* high */
	p->max_new = -1;
	return p;
}

const char *cg_policy_profile(const cg_policy *p)
{
	return p->profile;
}

/* ---- loading ----------------------------------------------------------- */

typedef struct {
	yaml_document_t *doc;
	const char *path;
} ctx;

static int bad(const ctx *c, yaml_node_t *n, const char *key, const char *why)
{
	cg_error_set("%s:%d: %s: %s", c->path, cg_yamlx_line(n), key, why);
	return CG_EPARSE;
}

static int check_keys(const ctx *c, yaml_node_t *map, const char *where,
                      const char *const *allowed)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return bad(c, map, where, "must be a mapping");
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		const char *ks = cg_yamlx_str(k);
		bool ok = false;
		for (const char *const *a = allowed; ks && *a && !ok; a++)
			ok = strcmp(*a, ks) == 0;
		if (!ok) {
			char *key = cg_sprintf(
			    "%s%s%s", where, *where ? "." : "", ks ? ks : "?");
			int e = bad(c, k, key, "unknown key");
			cg_free(key);
			return e;
		}
	}
	return 0;
}

static int scalar(const char **out, const ctx *c, yaml_node_t *n,
                  const char *key)
{
	*out = cg_yamlx_str(n);
	if (!*out || !**out)
		return bad(c, n, key, "must be a non-empty string");
	return 0;
}

/* A required non-empty string under key in map (missing: map's line). */
static int req_scalar(const char **out, const ctx *c, yaml_node_t *map,
                      const char *key, const char *full)
{
	yaml_node_t *n = cg_yamlx_get(c->doc, map, key);
	if (!n) {
		*out = NULL;
		return bad(c, map, full, "is required");
	}
	return scalar(out, c, n, full);
}

/* Why a path pattern is not a valid glob, or NULL. */
static const char *glob_problem(const char *g)
{
	for (const char *p = g; *p; p++) {
		if (*p == '\\') {
			if (!p[1])
				return "ends with a lone backslash";
			p++;
		} else if (*p == '[') {
			const char *q = p + 1;
			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			while (*q && *q != ']')
				q++;
			if (!*q)
				return "is not a valid glob: '[' without a "
				       "closing ']'";
			p = q;
		}
	}
	return NULL;
}

static int glob_ok(const ctx *c, yaml_node_t *n, const char *key, const char *g)
{
	const char *why = glob_problem(g);
	return why ? bad(c, n, key, why) : 0;
}

static int strings(cg_strv *out, const ctx *c, yaml_node_t *n, const char *key)
{
	if (!n)
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return bad(c, n, key, "must be a list of strings");
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		const char *s;
		int error =
		    scalar(&s, c, yaml_document_get_node(c->doc, *i), key);
		if (error < 0)
			return error;
		cg_strv_push(out, s);
	}
	return 0;
}

static int number(long *out, const ctx *c, yaml_node_t *n, const char *key)
{
	const char *s = cg_yamlx_str(n);
	char *end = NULL;
	long v = s ? strtol(s, &end, 10) : -1;
	if (!s || !*s || *end || v < 0)
		return bad(c, n, key, "must be a non-negative integer");
	*out = v;
	return 0;
}

static int load_fail_on(cg_policy *p, const ctx *c, yaml_node_t *n)
{
	static const char *const keys[] = { "severity", "scope", NULL };
	int error = check_keys(c, n, "fail_on", keys);
	if (error < 0)
		return error;
	yaml_node_t *sev = cg_yamlx_get(c->doc, n, "severity");
	if (sev) {
		const char *s = cg_yamlx_str(sev);
		p->fail_severity = -2;
		for (int i = 0; s && severities[i]; i++)
			if (strcmp(severities[i], s) == 0)
				p->fail_severity = i;
		if (s && strcmp(s, "none") == 0)
			p->fail_severity = -1;
		if (p->fail_severity == -2)
			return bad(c, sev, "fail_on.severity",
			           "must be critical, high, medium, low, info "
			           "or none");
	}
	yaml_node_t *scope = cg_yamlx_get(c->doc, n, "scope");
	if (scope) {
		const char *s = cg_yamlx_str(scope);
		if (!s || (strcmp(s, "new") && strcmp(s, "all")))
			return bad(c, scope, "fail_on.scope",
			           "must be new or all");
		p->scope_all = strcmp(s, "all") == 0;
	}
	return 0;
}

static int load_banned(cg_policy *p, const ctx *c, yaml_node_t *n)
{
	static const char *const keys[] = { "algorithms", "families",
		                            "parameters", NULL };
	static const char *const pkeys[] = { "family", "min_key_size", NULL };
	int error = check_keys(c, n, "banned", keys);
	if (error < 0 ||
	    (error = strings(&p->banned_algs, c,
	                     cg_yamlx_get(c->doc, n, "algorithms"),
	                     "banned.algorithms")) < 0 ||
	    (error = strings(&p->banned_families, c,
	                     cg_yamlx_get(c->doc, n, "families"),
	                     "banned.families")) < 0)
		return error;
	yaml_node_t *ps = cg_yamlx_get(c->doc, n, "parameters");
	if (!ps)
		return 0;
	if (ps->type != YAML_SEQUENCE_NODE)
		return bad(c, ps, "banned.parameters", "must be a list");
	size_t cnt = (size_t)(ps->data.sequence.items.top -
	                      ps->data.sequence.items.start);
	p->params = cg_calloc(cnt ? cnt : 1, sizeof(banned_param));
	for (yaml_node_item_t *i = ps->data.sequence.items.start;
	     i < ps->data.sequence.items.top; i++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *i);
		const char *fam;
		banned_param *bp = &p->params[p->nparams];
		yaml_node_t *mk;
		if ((error = check_keys(c, e, "banned.parameters[]", pkeys)) <
		        0 ||
		    (error = req_scalar(&fam, c, e, "family",
		                        "banned.parameters[].family")) < 0)
			return error;
		mk = cg_yamlx_get(c->doc, e, "min_key_size");
		if (!mk)
			return bad(c, e, "banned.parameters[].min_key_size",
			           "is required");
		if ((error = number(&bp->min_key_size, c, mk,
		                    "banned.parameters[].min_key_size")) < 0)
			return error;
		bp->family = cg_strdup(fam);
		p->nparams++;
	}
	return 0;
}

static int load_allow(cg_policy *p, const ctx *c, yaml_node_t *n)
{
	static const char *const keys[] = { "path", "rule", "reason", NULL };
	if (n->type != YAML_SEQUENCE_NODE)
		return bad(c, n, "allow", "must be a list");
	size_t cnt =
	    (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	p->allows = cg_calloc(cnt ? cnt : 1, sizeof(allow_rule));
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *i);
		const char *path, *reason;
		int error = check_keys(c, e, "allow[]", keys);
		if (error < 0 ||
		    (error = req_scalar(&path, c, e, "path", "allow[].path")) <
		        0 ||
		    (error = glob_ok(c, cg_yamlx_get(c->doc, e, "path"),
		                     "allow[].path", path)) < 0 ||
		    (error = req_scalar(&reason, c, e, "reason",
		                        "allow[].reason")) < 0)
			return error;
		allow_rule *a = &p->allows[p->nallows++];
		a->path = cg_strdup(path);
		a->reason = cg_strdup(reason);
		yaml_node_t *r = cg_yamlx_get(c->doc, e, "rule");
		if (r) {
			const char *rs;
			if ((error = scalar(&rs, c, r, "allow[].rule")) < 0)
				return error;
			a->rule = cg_strdup(rs);
		}
	}
	return 0;
}

int cg_policy_load(cg_policy **out, const char *path)
{
	static const char *const keys[] = { "version",
		                            "profile",
		                            "fail_on",
		                            "banned",
		                            "max_new_findings",
		                            "require_quantum_safe",
		                            "allow",
		                            NULL };
	yaml_document_t doc;
	int error = cg_yamlx_load(&doc, path);
	if (error < 0)
		return error;
	ctx c = { &doc, path };
	cg_policy *p = cg_policy_default();
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if ((error = check_keys(&c, root, "", keys)) < 0)
		goto done;
	yaml_node_t *n = cg_yamlx_get(&doc, root, "version");
	const char *v = cg_yamlx_str(n);
	if (!n) {
		error = bad(&c, root, "version", "is required (1)");
		goto done;
	}
	if (!v || strcmp(v, "1") != 0) {
		error = bad(&c, n, "version", "must be 1");
		goto done;
	}
	if ((n = cg_yamlx_get(&doc, root, "profile"))) {
		const char *s = cg_yamlx_str(n);
		/* a name of the standards table (checked against it when
		 * the gate loads the table) */
		if (!cg_str_is_name(s)) {
			error =
			    bad(&c, n, "profile",
			        "must name a profile of the standards table");
			goto done;
		}
		p->profile = cg_strdup(s);
	}
	if ((n = cg_yamlx_get(&doc, root, "fail_on")) &&
	    (error = load_fail_on(p, &c, n)) < 0)
		goto done;
	if ((n = cg_yamlx_get(&doc, root, "banned")) &&
	    (error = load_banned(p, &c, n)) < 0)
		goto done;
	if ((n = cg_yamlx_get(&doc, root, "max_new_findings")) &&
	    (error = number(&p->max_new, &c, n, "max_new_findings")) < 0)
		goto done;
	if ((error = strings(&p->qs_paths, &c,
	                     cg_yamlx_get(&doc, root, "require_quantum_safe"),
	                     "require_quantum_safe")) < 0)
		goto done;
	for (size_t i = 0; i < p->qs_paths.len; i++)
		if ((error = glob_ok(
		         &c, cg_yamlx_get(&doc, root, "require_quantum_safe"),
		         "require_quantum_safe", p->qs_paths.items[i])) < 0)
			goto done;
	if ((n = cg_yamlx_get(&doc, root, "allow")) &&
	    (error = load_allow(p, &c, n)) < 0)
		goto done;
	*out = p;
	p = NULL;
	error = 0;
done:
	cg_policy_free(p);
	yaml_document_delete(&doc);
	return error;
}

/* ---- evaluation ------------------------------------------------------- */

/* Glob over the whole relative path: '*' and '?' also match '/', so
 * "tests/ *" (without the space) covers every file below tests/; a
 * pattern ending in '/' matches the folder's contents. */
static bool path_matches(const char *glob, const char *path)
{
	size_t n = strlen(glob);
	if (n && glob[n - 1] == '/')
		return strncmp(glob, path, n) == 0;
	return fnmatch(glob, path, 0) == 0;
}

static bool ci_has(const cg_strv *v, const char *s)
{
	for (size_t i = 0; s && i < v->len; i++)
		if (cg_str_ieq(v->items[i], s))
			return true;
	return false;
}

void cg_policy_result_free(cg_policy_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nviolations; i++) {
		cg_policy_violation *v = &r->violations[i];
		cg_free(v->path);
		cg_free(v->rule_id);
		cg_free(v->asset);
		cg_free(v->severity);
		cg_free(v->reasons);
	}
	cg_free(r->violations);
	cg_strv_dispose(&r->notes);
	cg_free(r);
}

static cg_policy_violation *add_violation(cg_policy_result *r, size_t *cap)
{
	cg_reserve(r->violations, *cap, cg_array__add(r->nviolations, 1));
	cg_policy_violation *v = &r->violations[r->nviolations++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* What the policy sees of an occurrence or a misuse. */
typedef struct {
	const char *path, *rule_id, *fingerprint;
	const char *supp_status, *supp_until, *supp_reason;
	int supp_line;
} subject;

/* Count x in r: suppressed (a suppression that applies), allowed (an
 * allow entry matches its path and rule) or active, new or existing
 * against base; an expired or rejected suppression leaves a note. Returns
 * whether x is judged against fail_on (active, and new or the policy's
 * scope is all), with *is_new. */
static bool triage(bool *is_new, cg_policy_result *r, const cg_policy *p,
                   const cg_strv *base, const subject *x)
{
	const char *st = x->supp_status;
	if (st && strcmp(st, "applies") == 0) {
		r->suppressed++;
		return false;
	}
	if (st && strcmp(st, "expired") == 0)
		cg_strv_push_owned(
		    &r->notes, cg_sprintf("%s:%d: suppression of %s expired "
		                          "on %s; the finding is active",
		                          x->path, x->supp_line, x->rule_id,
		                          x->supp_until));
	else if (st)
		cg_strv_push_owned(
		    &r->notes,
		    cg_sprintf("%s:%d: suppression of %s rejected: %s; the "
		               "finding is active",
		               x->path, x->supp_line, x->rule_id,
		               x->supp_reason ? x->supp_reason : "invalid"));
	for (size_t k = 0; k < p->nallows; k++)
		if (path_matches(p->allows[k].path, x->path) &&
		    (!p->allows[k].rule ||
		     strcmp(p->allows[k].rule, x->rule_id) == 0)) {
			r->allowed++;
			return false;
		}
	*is_new = !base || !x->fingerprint ||
	          !cg_strv_sorted_has(base, x->fingerprint);
	r->active++;
	if (*is_new)
		r->new_active++;
	else
		r->existing_active++;
	return *is_new || p->scope_all;
}

int cg_policy_evaluate(cg_policy_result **out, const cg_policy *p,
                       const cg_inv_scan *head, const cg_strv *base)
{
	cg_policy_result *r = cg_calloc(1, sizeof(*r));
	size_t cap = 0;
	for (size_t i = 0; i < head->nassets; i++) {
		const cg_inv_asset *a = &head->assets[i];
		int sev = -1;
		for (int k = 0; a->risk.severity && severities[k]; k++)
			if (strcmp(severities[k], a->risk.severity) == 0)
				sev = k;
		for (size_t k = 0; k < a->nocc; k++) {
			const cg_inv_occ *o = &a->occs[k];
			const subject x = { o->path,
				            o->rule_id,
				            o->fingerprint,
				            o->suppression_status,
				            o->suppression_until,
				            o->suppression_reason,
				            o->suppression_line };
			bool is_new = false;
			if (!triage(&is_new, r, p, base, &x))
				continue;
			cg_buf why = CG_BUF_INIT;
			if (p->fail_severity >= 0 && sev >= 0 &&
			    sev <= p->fail_severity)
				cg_buf_printf(&why,
				              "%sseverity %s (score %d) "
				              "is at least %s",
				              why.len ? "; " : "",
				              a->risk.severity, a->risk.score,
				              severities[p->fail_severity]);
			if (ci_has(&p->banned_algs, a->name))
				cg_buf_printf(&why, "%salgorithm %s is banned",
				              why.len ? "; " : "", a->name);
			if (ci_has(&p->banned_families, a->family))
				cg_buf_printf(&why, "%sfamily %s is banned",
				              why.len ? "; " : "", a->family);
			for (size_t m = 0; m < p->nparams; m++) {
				const banned_param *bp = &p->params[m];
				char *end = NULL;
				long ks =
				    a->parameter_set
				        ? strtol(a->parameter_set, &end, 10)
				        : -1;
				if (cg_str_ieq(bp->family, a->family) &&
				    a->parameter_set && end && !*end &&
				    ks < bp->min_key_size)
					cg_buf_printf(
					    &why,
					    "%s%s key size %ld is below "
					    "%ld",
					    why.len ? "; " : "", a->family, ks,
					    bp->min_key_size);
			}
			if (a->risk.quantum_vulnerable)
				for (size_t m = 0; m < p->qs_paths.len; m++)
					if (path_matches(p->qs_paths.items[m],
					                 o->path)) {
						cg_buf_printf(
						    &why,
						    "%s%s is not quantum-safe "
						    "(required for %s)",
						    why.len ? "; " : "",
						    a->name,
						    p->qs_paths.items[m]);
						break;
					}
			if (why.len) {
				cg_policy_violation *v = add_violation(r, &cap);
				v->path = cg_strdup(o->path);
				v->line = o->line;
				v->rule_id = cg_strdup(o->rule_id);
				v->asset = cg_strdup(a->name);
				v->severity = a->risk.severity
				                  ? cg_strdup(a->risk.severity)
				                  : NULL;
				v->score = a->risk.score;
				v->is_new = is_new;
				v->reasons = cg_buf_detach(&why);
			}
			cg_buf_dispose(&why);
		}
	}
	/* misuses (hard-coded key, static IV, TLS verification off...) are
	 * subjects too: suppressions, allow-lists, new vs existing and
	 * fail_on.severity apply to them as to occurrences */
	for (size_t i = 0; i < head->nmisuses; i++) {
		const cg_inv_misuse *m = &head->misuses[i];
		const subject x = { m->path,
			            m->rule_id,
			            m->fingerprint,
			            m->suppression_status,
			            m->suppression_until,
			            m->suppression_reason,
			            m->suppression_line };
		bool is_new = false;
		if (!triage(&is_new, r, p, base, &x))
			continue;
		int sev = -1;
		for (int k = 0; m->severity && severities[k]; k++)
			if (strcmp(severities[k], m->severity) == 0)
				sev = k;
		if (p->fail_severity < 0 || sev < 0 || sev > p->fail_severity)
			continue;
		cg_policy_violation *v = add_violation(r, &cap);
		v->path = cg_strdup(m->path);
		v->line = m->line;
		v->rule_id = cg_strdup(m->rule_id);
		v->asset = cg_sprintf("misuse %s", m->category);
		v->severity = cg_strdup(m->severity);
		v->is_new = is_new;
		v->reasons = cg_sprintf(
		    "misuse %s (severity %s) is at least %s", m->category,
		    m->severity, severities[p->fail_severity]);
	}
	if (p->max_new >= 0 && (long)r->new_active > p->max_new) {
		cg_policy_violation *v = add_violation(r, &cap);
		v->path = cg_strdup("");
		v->is_new = true;
		v->reasons = cg_sprintf("%zu new findings, more than "
		                        "max_new_findings %ld",
		                        r->new_active, p->max_new);
	}
	r->failed = r->nviolations > 0;
	*out = r;
	return 0;
}
