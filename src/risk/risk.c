/* risk.c — see risk.h and docs/RISK.md. */
#include "risk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../rules/yamlx.h"
#include "../util/util.h"

const char *const cg_risk_severities[CG_RISK_NSEVERITIES] = { "critical",
	                                                      "high", "medium",
	                                                      "low", "info" };

typedef struct {
	char *overlay; /* nist, bsi, cnsa2 */
	double k;      /* current status weight */
	bool draft;    /* the status comes from a draft */
	int y_next;    /* next adverse classical status, 0 = none */
	double w_s;    /* its weight */
	int y_q;       /* quantum deadline, 0 = none */
	char *cite;
} term;

typedef struct {
	char *id;
	cg_strv names, families, ops;
	bool has_bits;
	int bits_lo, bits_hi;
	char *mode;
	int classical_bits;
	char *classical_cite;
	char *exposure;
	int category;
	double q;
	char *quantum_cite;
	char *r2_status, *r2_cite, *ir_status, *ir_cite;
	int ir_year;
	char *bsi_rec, *bsi_cite, *cnsa_status, *cnsa_cite;
	int bsi_horizon;
	char *replacement, *verified;
	term *terms;
	size_t nterms;
} entry;

typedef struct {
	char *name;
	cg_strv overlays;
} profile_def;

typedef struct {
	char *name;
	double u;
} usage_w;

struct cg_risk_standards {
	char *version;
	double k_weight, q_base, q_prox, ramp, draft_factor;
	double misuse_step, misuse_max;
	int non_security_cap;
	int sev_min[CG_RISK_NSEVERITIES];
	usage_w *usage;
	size_t nusage;
	cg_strv assume; /* pairs: family, bits */
	profile_def *profiles;
	size_t nprofiles;
	entry *entries;
	size_t nentries;
	cg_strv strings;                /* owns the strings of `roadmap` */
	cg_cnsa2_milestone *milestones; /* owned; roadmap.milestones */
	cg_cnsa2_gate *gates;           /* owned; roadmap.gates */
	cg_roadmap_facts roadmap;       /* borrows from the three above */
};

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

static yaml_node_t *get(const ctx *c, yaml_node_t *map, const char *key)
{
	return cg_yamlx_get(c->doc, map, key);
}

static int want_map(const ctx *c, yaml_node_t *n, const char *key)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return bad(c, n, key, "must be a mapping");
	return 0;
}

/* The mapping n under key of parent: missing is an error at the parent. */
static int want_map_in(const ctx *c, yaml_node_t *n, yaml_node_t *parent,
                       const char *key)
{
	if (!n)
		return bad(c, parent, key, "missing (a mapping is required)");
	return want_map(c, n, key);
}

/* Optional string (NULL when absent). */
static int opt_str(char **out, const ctx *c, yaml_node_t *map, const char *key)
{
	yaml_node_t *n = get(c, map, key);
	*out = NULL;
	if (!n)
		return 0;
	const char *s = cg_yamlx_str(n);
	if (!s)
		return bad(c, n, key, "must be a string");
	*out = cg_strdup(s);
	return 0;
}

static int req_str(char **out, const ctx *c, yaml_node_t *map, const char *key)
{
	int error = opt_str(out, c, map, key);
	if (error < 0)
		return error;
	if (!*out)
		return bad(c, map, key, "is required");
	return 0;
}

static int opt_num(double *out, const ctx *c, yaml_node_t *map, const char *key,
                   double dflt, double lo, double hi)
{
	yaml_node_t *n = get(c, map, key);
	*out = dflt;
	if (!n)
		return 0;
	const char *s = cg_yamlx_str(n);
	char *end = NULL;
	double v = s ? strtod(s, &end) : 0;
	if (!s || !*s || *end || v < lo || v > hi) {
		char why[96];
		snprintf(why, sizeof(why), "must be a number from %g to %g", lo,
		         hi);
		return bad(c, n ? n : map, key, why);
	}
	*out = v;
	return 0;
}

static int opt_int(int *out, const ctx *c, yaml_node_t *map, const char *key,
                   int lo, int hi)
{
	double v;
	int error = opt_num(&v, c, map, key, 0, lo, hi);
	if (error < 0)
		return error;
	if (v != floor(v))
		return bad(c, get(c, map, key), key, "must be an integer");
	*out = (int)v;
	return 0;
}

/* A string or a list of strings. */
static int str_list(cg_strv *out, const ctx *c, yaml_node_t *map,
                    const char *key)
{
	yaml_node_t *n = get(c, map, key);
	if (!n)
		return 0;
	if (cg_yamlx_str(n)) {
		cg_strv_push(out, cg_yamlx_str(n));
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return bad(c, n, key, "must be a string or a list of strings");
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		const char *s =
		    cg_yamlx_str(yaml_document_get_node(c->doc, *i));
		if (!s)
			return bad(c, n, key, "must be a list of strings");
		cg_strv_push(out, s);
	}
	return 0;
}

/* Every key of map must be in allowed. */
static int known_keys(const ctx *c, yaml_node_t *map, const char *what,
                      const char *const *allowed)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		const char *ks = cg_yamlx_str(k);
		bool ok = false;
		for (const char *const *a = allowed; ks && *a; a++)
			if (strcmp(*a, ks) == 0) {
				ok = true;
				break;
			}
		if (!ok) {
			cg_error_set("%s:%d: %s: unknown key '%s'", c->path,
			             cg_yamlx_line(k), what, ks ? ks : "?");
			return CG_EPARSE;
		}
	}
	return 0;
}

static void entry_dispose(entry *e)
{
	cg_free(e->id);
	cg_strv_dispose(&e->names);
	cg_strv_dispose(&e->families);
	cg_strv_dispose(&e->ops);
	cg_free(e->mode);
	cg_free(e->classical_cite);
	cg_free(e->exposure);
	cg_free(e->quantum_cite);
	cg_free(e->r2_status);
	cg_free(e->r2_cite);
	cg_free(e->ir_status);
	cg_free(e->ir_cite);
	cg_free(e->bsi_rec);
	cg_free(e->bsi_cite);
	cg_free(e->cnsa_status);
	cg_free(e->cnsa_cite);
	cg_free(e->replacement);
	cg_free(e->verified);
	for (size_t i = 0; i < e->nterms; i++) {
		cg_free(e->terms[i].overlay);
		cg_free(e->terms[i].cite);
	}
	cg_free(e->terms);
}

void cg_risk_free(cg_risk_standards *st)
{
	if (!st)
		return;
	cg_free(st->version);
	for (size_t i = 0; i < st->nusage; i++)
		cg_free(st->usage[i].name);
	cg_free(st->usage);
	cg_strv_dispose(&st->assume);
	for (size_t i = 0; i < st->nprofiles; i++) {
		cg_free(st->profiles[i].name);
		cg_strv_dispose(&st->profiles[i].overlays);
	}
	cg_free(st->profiles);
	for (size_t i = 0; i < st->nentries; i++)
		entry_dispose(&st->entries[i]);
	cg_free(st->entries);
	cg_strv_dispose(&st->strings);
	cg_free(st->milestones);
	cg_free(st->gates);
	cg_free(st);
}

/* A sub-mapping with a required `cite`. */
static int cited(yaml_node_t **out, const ctx *c, yaml_node_t *map,
                 const char *key, const char *id)
{
	yaml_node_t *n = get(c, map, key);
	char what[128];
	snprintf(what, sizeof(what), "entry %s: %s", id, key);
	if (!n)
		return bad(c, map, what, "is required");
	int error = want_map(c, n, what);
	if (error < 0)
		return error;
	const char *cite = cg_yamlx_str(get(c, n, "cite"));
	if (!cite || !*cite)
		return bad(c, n, what, "names no source clause (cite)");
	*out = n;
	return 0;
}

static int load_entry(entry *e, const ctx *c, yaml_node_t *n,
                      const cg_strv *overlays)
{
	static const char *const keys[] = {
		"id",         "match",       "classical", "quantum",
		"sp800_131a", "ir8547",      "bsi",       "cnsa2",
		"profiles",   "replacement", "verified",  NULL
	};
	static const char *const match_keys[] = { "name", "family", "ops",
		                                  "bits", "mode",   NULL };
	static const char *const term_keys[] = { "k",   "draft", "y_next",
		                                 "w_s", "y_q",   "cite",
		                                 NULL };
	int error;
	yaml_node_t *m, *sub;
	if ((error = want_map(c, n, "entries[]")) < 0 ||
	    (error = known_keys(c, n, "entry", keys)) < 0 ||
	    (error = req_str(&e->id, c, n, "id")) < 0)
		return error;
	m = get(c, n, "match");
	if ((error = want_map_in(c, m, n, "match")) < 0 ||
	    (error = known_keys(c, m, "match", match_keys)) < 0 ||
	    (error = str_list(&e->names, c, m, "name")) < 0 ||
	    (error = str_list(&e->families, c, m, "family")) < 0 ||
	    (error = str_list(&e->ops, c, m, "ops")) < 0 ||
	    (error = opt_str(&e->mode, c, m, "mode")) < 0)
		return error;
	yaml_node_t *bits = get(c, m, "bits");
	if (bits) {
		if (bits->type != YAML_SEQUENCE_NODE ||
		    bits->data.sequence.items.top -
		            bits->data.sequence.items.start !=
		        2)
			return bad(c, bits, "bits", "must be [min, max]");
		const char *lo = cg_yamlx_str(yaml_document_get_node(
		    c->doc, bits->data.sequence.items.start[0]));
		const char *hi = cg_yamlx_str(yaml_document_get_node(
		    c->doc, bits->data.sequence.items.start[1]));
		char *e1 = NULL, *e2 = NULL;
		long l = lo ? strtol(lo, &e1, 10) : -1;
		long h = hi ? strtol(hi, &e2, 10) : -1;
		if (!lo || !hi || *e1 || *e2 || l < 0 || h < l)
			return bad(c, bits, "bits",
			           "must be [min, max] with 0 <= min <= max");
		e->has_bits = true;
		e->bits_lo = (int)l;
		e->bits_hi = (int)h;
	}
	if ((error = cited(&sub, c, n, "classical", e->id)) < 0 ||
	    (error = opt_int(&e->classical_bits, c, sub, "bits", 0, 100000)) <
	        0 ||
	    (error = req_str(&e->classical_cite, c, sub, "cite")) < 0)
		return error;
	if ((error = cited(&sub, c, n, "quantum", e->id)) < 0 ||
	    (error = req_str(&e->exposure, c, sub, "exposure")) < 0 ||
	    (error = opt_int(&e->category, c, sub, "category", 0, 6)) < 0 ||
	    (error = opt_num(&e->q, c, sub, "q", 0, 0, 1)) < 0 ||
	    (error = req_str(&e->quantum_cite, c, sub, "cite")) < 0)
		return error;
	if (strcmp(e->exposure, "shor") && strcmp(e->exposure, "grover") &&
	    strcmp(e->exposure, "pqc") && strcmp(e->exposure, "none"))
		return bad(c, get(c, sub, "exposure"), "exposure",
		           "must be shor, grover, pqc or none");
	if ((error = cited(&sub, c, n, "sp800_131a", e->id)) < 0 ||
	    (error = req_str(&e->r2_status, c, sub, "status")) < 0 ||
	    (error = req_str(&e->r2_cite, c, sub, "cite")) < 0)
		return error;
	if ((error = cited(&sub, c, n, "ir8547", e->id)) < 0 ||
	    (error = req_str(&e->ir_status, c, sub, "status")) < 0 ||
	    (error = opt_int(&e->ir_year, c, sub, "year", 0, 3000)) < 0 ||
	    (error = req_str(&e->ir_cite, c, sub, "cite")) < 0)
		return error;
	if ((error = cited(&sub, c, n, "bsi", e->id)) < 0 ||
	    (error = req_str(&e->bsi_rec, c, sub, "recommendation")) < 0 ||
	    (error = opt_int(&e->bsi_horizon, c, sub, "horizon", 0, 3000)) <
	        0 ||
	    (error = req_str(&e->bsi_cite, c, sub, "cite")) < 0)
		return error;
	if ((error = cited(&sub, c, n, "cnsa2", e->id)) < 0 ||
	    (error = req_str(&e->cnsa_status, c, sub, "status")) < 0 ||
	    (error = req_str(&e->cnsa_cite, c, sub, "cite")) < 0)
		return error;
	if ((error = req_str(&e->replacement, c, n, "replacement")) < 0 ||
	    (error = req_str(&e->verified, c, n, "verified")) < 0)
		return error;
	yaml_node_t *pr = get(c, n, "profiles");
	if ((error = want_map_in(c, pr, n, "profiles")) < 0)
		return error;
	size_t cnt =
	    (size_t)(pr->data.mapping.pairs.top - pr->data.mapping.pairs.start);
	e->terms = cg_calloc(cnt ? cnt : 1, sizeof(term));
	for (yaml_node_pair_t *p = pr->data.mapping.pairs.start;
	     p < pr->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		const char *name = cg_yamlx_str(k);
		if (!name || !cg_strv_contains(overlays, name))
			return bad(c, k, "profiles",
			           "unknown overlay (not used by any profile)");
		term *t = &e->terms[e->nterms++];
		t->overlay = cg_strdup(name);
		char *draft = NULL;
		if ((error = want_map(c, v, name)) < 0 ||
		    (error = known_keys(c, v, "profile term", term_keys)) < 0 ||
		    (error = opt_num(&t->k, c, v, "k", 0, 0, 1)) < 0 ||
		    (error = opt_num(&t->w_s, c, v, "w_s", 0, 0, 1)) < 0 ||
		    (error = opt_int(&t->y_next, c, v, "y_next", 0, 3000)) <
		        0 ||
		    (error = opt_int(&t->y_q, c, v, "y_q", 0, 3000)) < 0 ||
		    (error = opt_str(&draft, c, v, "draft")) < 0 ||
		    (error = req_str(&t->cite, c, v, "cite")) < 0) {
			cg_free(draft);
			return error;
		}
		t->draft = draft && strcmp(draft, "true") == 0;
		if (draft && !t->draft && strcmp(draft, "false") != 0) {
			cg_free(draft);
			return bad(c, get(c, v, "draft"), "draft",
			           "must be true or false");
		}
		cg_free(draft);
	}
	return 0;
}

static int load_model(cg_risk_standards *st, const ctx *c, yaml_node_t *m)
{
	int error;
	if ((error = want_map(c, m, "model")) < 0 ||
	    (error = opt_num(&st->k_weight, c, m, "k_weight", 0.95, 0, 1)) <
	        0 ||
	    (error = opt_num(&st->q_base, c, m, "q_base", 0.5, 0, 1)) < 0 ||
	    (error = opt_num(&st->q_prox, c, m, "q_prox", 0.4, 0, 1)) < 0 ||
	    (error = opt_num(&st->ramp, c, m, "ramp_years", 10, 1, 100)) < 0 ||
	    (error = opt_num(&st->draft_factor, c, m, "draft_factor", 0.8, 0,
	                     1)) < 0 ||
	    (error = opt_num(&st->misuse_step, c, m, "misuse_step", 0.4, 0,
	                     1)) < 0 ||
	    (error = opt_num(&st->misuse_max, c, m, "misuse_max", 0.8, 0, 1)) <
	        0 ||
	    (error = opt_int(&st->non_security_cap, c, m, "non_security_cap", 0,
	                     100)) < 0)
		return error;
	if (st->q_base + st->q_prox > 1)
		return bad(c, m, "model", "q_base + q_prox must be <= 1");
	yaml_node_t *u = get(c, m, "usage");
	if ((error = want_map_in(c, u, m, "usage")) < 0)
		return error;
	size_t cnt =
	    (size_t)(u->data.mapping.pairs.top - u->data.mapping.pairs.start);
	st->usage = cg_calloc(cnt ? cnt : 1, sizeof(usage_w));
	for (yaml_node_pair_t *p = u->data.mapping.pairs.start;
	     p < u->data.mapping.pairs.top; p++) {
		const char *k =
		    cg_yamlx_str(yaml_document_get_node(c->doc, p->key));
		if (!k)
			return bad(c, u, "usage", "keys must be strings");
		usage_w *w = &st->usage[st->nusage++];
		w->name = cg_strdup(k);
		if ((error = opt_num(&w->u, c, u, k, 0, 0, 1)) < 0)
			return error;
	}
	yaml_node_t *sev = get(c, m, "severity");
	if (!sev || sev->type != YAML_SEQUENCE_NODE ||
	    sev->data.sequence.items.top - sev->data.sequence.items.start !=
	        CG_RISK_NSEVERITIES)
		return bad(c, sev ? sev : m, "severity",
		           "must list [name, minimum] for critical, high, "
		           "medium, low, info");
	for (int i = 0; i < CG_RISK_NSEVERITIES; i++) {
		yaml_node_t *row = yaml_document_get_node(
		    c->doc, sev->data.sequence.items.start[i]);
		const char *name = NULL, *min = NULL;
		if (row && row->type == YAML_SEQUENCE_NODE &&
		    row->data.sequence.items.top -
		            row->data.sequence.items.start ==
		        2) {
			name = cg_yamlx_str(yaml_document_get_node(
			    c->doc, row->data.sequence.items.start[0]));
			min = cg_yamlx_str(yaml_document_get_node(
			    c->doc, row->data.sequence.items.start[1]));
		}
		char *end = NULL;
		long v = min ? strtol(min, &end, 10) : -1;
		if (!name || strcmp(name, cg_risk_severities[i]) != 0 || !min ||
		    *end || v < 0 || v > 100 || (i && v > st->sev_min[i - 1]))
			return bad(c, row ? row : sev, "severity",
			           "rows must be [critical|high|medium|low|"
			           "info, minimum], in that order, minimums "
			           "descending");
		st->sev_min[i] = (int)v;
	}
	yaml_node_t *as = get(c, m, "assume_when_unknown");
	if (as) {
		if ((error = want_map(c, as, "assume_when_unknown")) < 0)
			return error;
		for (yaml_node_pair_t *p = as->data.mapping.pairs.start;
		     p < as->data.mapping.pairs.top; p++) {
			const char *k = cg_yamlx_str(
			    yaml_document_get_node(c->doc, p->key));
			int bits = 0;
			if (!k)
				return bad(c, as, "assume_when_unknown",
				           "keys must be families");
			if ((error = opt_int(&bits, c, as, k, 0, 100000)) < 0)
				return error;
			cg_strv_push(&st->assume, k);
			cg_strv_push_owned(&st->assume, cg_sprintf("%d", bits));
		}
	}
	return 0;
}

/* ---- roadmap and CNSA 2.0 dates (the `roadmap:` and `cnsa2:` sections) -- */

/* The string under key of map (`what` names map in messages), kept in the
 * table's string pool; *out is NULL when it is absent and optional. A
 * missing `cite` says that the entry names no source clause. */
static int pool_str(const char **out, cg_risk_standards *st, const ctx *c,
                    yaml_node_t *map, const char *what, const char *key,
                    bool required)
{
	yaml_node_t *n = get(c, map, key);
	char name[160];
	snprintf(name, sizeof(name), "%s.%s", what, key);
	*out = NULL;
	if (!n) {
		if (!required)
			return 0;
		if (strcmp(key, "cite") == 0)
			return bad(c, map, what,
			           "names no source clause (cite)");
		return bad(c, map, name, "is required");
	}
	const char *s = cg_yamlx_str(n);
	if (!s)
		return bad(c, n, name, "must be a string");
	if (required && !*s)
		return bad(c, n, name, "must not be empty");
	char *copy = cg_strdup(s);
	cg_strv_push_owned(&st->strings, copy);
	*out = copy;
	return 0;
}

/* Like pool_str, required, and a YYYY-MM-DD date. */
static int pool_date(const char **out, cg_risk_standards *st, const ctx *c,
                     yaml_node_t *map, const char *what, const char *key,
                     bool required)
{
	int error = pool_str(out, st, c, map, what, key, required);
	if (error < 0 || !*out)
		return error;
	const char *s = *out;
	bool ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			ok = false;
	int month = ok ? (s[5] - '0') * 10 + (s[6] - '0') : 0;
	int day = ok ? (s[8] - '0') * 10 + (s[9] - '0') : 0;
	if (!ok || month < 1 || month > 12 || day < 1 || day > 31) {
		char name[160];
		snprintf(name, sizeof(name), "%s.%s", what, key);
		return bad(c, get(c, map, key), name,
		           "must be a YYYY-MM-DD date");
	}
	return 0;
}

/* Number of items of a sequence node. */
static size_t seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top -
	                n->data.sequence.items.start);
}

/* roadmap.phases: exactly CG_ROADMAP_NPHASES, most urgent first; every
 * phase but the first has a deadline, ascending. */
static int load_phases(cg_risk_standards *st, const ctx *c, yaml_node_t *root)
{
	static const char *const keys[] = { "phases", NULL };
	static const char *const phase_keys[] = { "id",       "title",
		                                  "deadline", "event",
		                                  "summary",  "criteria",
		                                  "cite",     NULL };
	yaml_node_t *rm = get(c, root, "roadmap");
	int error;
	if ((error = want_map_in(c, rm, root, "roadmap")) < 0 ||
	    (error = known_keys(c, rm, "roadmap", keys)) < 0)
		return error;
	yaml_node_t *ph = get(c, rm, "phases");
	if (!ph || ph->type != YAML_SEQUENCE_NODE ||
	    seq_len(ph) != CG_ROADMAP_NPHASES)
		return bad(c, ph ? ph : rm, "roadmap.phases",
		           "must list exactly 3 phases, most urgent first");
	for (int i = 0; i < CG_ROADMAP_NPHASES; i++) {
		yaml_node_t *n = yaml_document_get_node(
		    c->doc, ph->data.sequence.items.start[i]);
		cg_roadmap_phase_facts *p = &st->roadmap.phases[i];
		char what[64];
		snprintf(what, sizeof(what), "roadmap.phases[%d]", i);
		if ((error = want_map(c, n, what)) < 0 ||
		    (error = known_keys(c, n, what, phase_keys)) < 0 ||
		    (error = pool_str(&p->id, st, c, n, what, "id", true)) <
		        0 ||
		    (error = pool_str(&p->title, st, c, n, what, "title",
		                      true)) < 0 ||
		    (error = pool_date(&p->deadline, st, c, n, what, "deadline",
		                       i > 0)) < 0 ||
		    (error = pool_str(&p->event, st, c, n, what, "event",
		                      false)) < 0 ||
		    (error = pool_str(&p->summary, st, c, n, what, "summary",
		                      true)) < 0 ||
		    (error = pool_str(&p->criteria, st, c, n, what, "criteria",
		                      true)) < 0 ||
		    (error = pool_str(&p->citation, st, c, n, what, "cite",
		                      true)) < 0)
			return error;
		if (i > 0 && p[-1].deadline &&
		    strcmp(p[-1].deadline, p->deadline) >= 0)
			return bad(c, get(c, n, "deadline"), what,
			           "deadlines must be in ascending order");
	}
	return 0;
}

/* cnsa2: milestones per system category (an exclusive-use year, an
 * optional earlier support-and-prefer year), gates in date order, and the
 * default deadline; every one with its cite. Fills st->roadmap's CNSA 2.0
 * part; the arrays are owned by st. */
static int load_cnsa2(cg_risk_standards *st, const ctx *c, yaml_node_t *root)
{
	static const char *const keys[] = { "milestones", "gates",
		                            "default_deadline", NULL };
	static const char *const ms_keys[] = { "category", "prefer",
		                               "exclusive", "cite", NULL };
	static const char *const gate_keys[] = { "date", "event", "cite",
		                                 NULL };
	static const char *const dl_keys[] = { "date", "basis", "cite", NULL };
	yaml_node_t *cn = get(c, root, "cnsa2");
	int error;
	if ((error = want_map_in(c, cn, root, "cnsa2")) < 0 ||
	    (error = known_keys(c, cn, "cnsa2", keys)) < 0)
		return error;
	yaml_node_t *ms = get(c, cn, "milestones");
	if (!ms || ms->type != YAML_SEQUENCE_NODE || !seq_len(ms))
		return bad(c, ms ? ms : cn, "cnsa2.milestones",
		           "must be a non-empty list");
	st->milestones = cg_calloc(seq_len(ms), sizeof(cg_cnsa2_milestone));
	for (size_t i = 0; i < seq_len(ms); i++) {
		yaml_node_t *n = yaml_document_get_node(
		    c->doc, ms->data.sequence.items.start[i]);
		cg_cnsa2_milestone *m = &st->milestones[i];
		char what[64];
		snprintf(what, sizeof(what), "cnsa2.milestones[%zu]", i);
		if ((error = want_map(c, n, what)) < 0 ||
		    (error = known_keys(c, n, what, ms_keys)) < 0 ||
		    (error = pool_str(&m->category, st, c, n, what, "category",
		                      true)) < 0 ||
		    (error = opt_int(&m->prefer_by, c, n, "prefer", 2000,
		                     2100)) < 0 ||
		    (error = opt_int(&m->exclusive_by, c, n, "exclusive", 2000,
		                     2100)) < 0 ||
		    (error = pool_str(&m->citation, st, c, n, what, "cite",
		                      true)) < 0)
			return error;
		if (!m->exclusive_by)
			return bad(c, n, what,
			           "exclusive (a year) is required");
		if (m->prefer_by > m->exclusive_by)
			return bad(c, get(c, n, "prefer"), what,
			           "prefer must not be after exclusive");
		st->roadmap.nmilestones++;
	}
	yaml_node_t *gs = get(c, cn, "gates");
	if (!gs || gs->type != YAML_SEQUENCE_NODE)
		return bad(c, gs ? gs : cn, "cnsa2.gates", "must be a list");
	st->gates =
	    cg_calloc(seq_len(gs) ? seq_len(gs) : 1, sizeof(cg_cnsa2_gate));
	for (size_t i = 0; i < seq_len(gs); i++) {
		yaml_node_t *n = yaml_document_get_node(
		    c->doc, gs->data.sequence.items.start[i]);
		cg_cnsa2_gate *g = &st->gates[i];
		char what[64];
		snprintf(what, sizeof(what), "cnsa2.gates[%zu]", i);
		if ((error = want_map(c, n, what)) < 0 ||
		    (error = known_keys(c, n, what, gate_keys)) < 0 ||
		    (error = pool_date(&g->date, st, c, n, what, "date",
		                       true)) < 0 ||
		    (error = pool_str(&g->event, st, c, n, what, "event",
		                      true)) < 0 ||
		    (error = pool_str(&g->citation, st, c, n, what, "cite",
		                      true)) < 0)
			return error;
		if (i && strcmp(g[-1].date, g->date) > 0)
			return bad(c, get(c, n, "date"), what,
			           "gates must be in date order");
		st->roadmap.ngates++;
	}
	yaml_node_t *dl = get(c, cn, "default_deadline");
	if ((error = want_map_in(c, dl, cn, "cnsa2.default_deadline")) < 0 ||
	    (error = known_keys(c, dl, "cnsa2.default_deadline", dl_keys)) <
	        0 ||
	    (error = pool_date(&st->roadmap.default_deadline, st, c, dl,
	                       "cnsa2.default_deadline", "date", true)) < 0 ||
	    (error = pool_str(&st->roadmap.default_basis, st, c, dl,
	                      "cnsa2.default_deadline", "basis", true)) < 0 ||
	    (error = pool_str(&st->roadmap.default_citation, st, c, dl,
	                      "cnsa2.default_deadline", "cite", true)) < 0)
		return error;
	st->roadmap.milestones = st->milestones;
	st->roadmap.gates = st->gates;
	return 0;
}

int cg_risk_load(cg_risk_standards **out, const char *path)
{
	yaml_document_t doc;
	int error = cg_yamlx_load(&doc, path);
	if (error < 0)
		return error;
	ctx c = { &doc, path };
	cg_risk_standards *st = cg_calloc(1, sizeof(*st));
	cg_strv overlays = CG_STRV_INIT;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	static const char *const top[] = { "version", "sources_checked",
		                           "model",   "profiles",
		                           "roadmap", "cnsa2",
		                           "entries", NULL };
	if ((error = want_map(&c, root, "document")) < 0 ||
	    (error = known_keys(&c, root, "standards", top)) < 0 ||
	    (error = req_str(&st->version, &c, root, "version")) < 0 ||
	    (error = load_model(st, &c, get(&c, root, "model"))) < 0)
		goto done;
	yaml_node_t *pr = get(&c, root, "profiles");
	if ((error = want_map_in(&c, pr, root, "profiles")) < 0)
		goto done;
	size_t cnt =
	    (size_t)(pr->data.mapping.pairs.top - pr->data.mapping.pairs.start);
	st->profiles = cg_calloc(cnt ? cnt : 1, sizeof(profile_def));
	for (yaml_node_pair_t *p = pr->data.mapping.pairs.start;
	     p < pr->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		profile_def *pf = &st->profiles[st->nprofiles++];
		pf->name = cg_strdup(cg_yamlx_str(k) ? cg_yamlx_str(k) : "");
		if ((error = want_map(&c, v, pf->name)) < 0 ||
		    (error = str_list(&pf->overlays, &c, v, "overlays")) < 0)
			goto done;
		if (!pf->overlays.len) {
			error = bad(&c, v, pf->name, "overlays is required");
			goto done;
		}
		for (size_t i = 0; i < pf->overlays.len; i++)
			if (!cg_strv_contains(&overlays, pf->overlays.items[i]))
				cg_strv_push(&overlays, pf->overlays.items[i]);
	}
	yaml_node_t *en = get(&c, root, "entries");
	if (!en || en->type != YAML_SEQUENCE_NODE) {
		error = bad(&c, en ? en : root, "entries", "must be a list");
		goto done;
	}
	cnt = (size_t)(en->data.sequence.items.top -
	               en->data.sequence.items.start);
	st->entries = cg_calloc(cnt ? cnt : 1, sizeof(entry));
	for (yaml_node_item_t *i = en->data.sequence.items.start;
	     i < en->data.sequence.items.top; i++) {
		entry *e = &st->entries[st->nentries++];
		if ((error = load_entry(e, &c, yaml_document_get_node(&doc, *i),
		                        &overlays)) < 0)
			goto done;
	}
	if ((error = load_phases(st, &c, root)) < 0 ||
	    (error = load_cnsa2(st, &c, root)) < 0)
		goto done;
	*out = st;
	st = NULL;
	error = 0;
done:
	cg_strv_dispose(&overlays);
	cg_risk_free(st);
	yaml_document_delete(&doc);
	return error;
}

const char *cg_risk_version(const cg_risk_standards *st)
{
	return st->version;
}

static const profile_def *find_profile(const cg_risk_standards *st,
                                       const char *name)
{
	for (size_t i = 0; i < st->nprofiles; i++)
		if (strcmp(st->profiles[i].name, name) == 0)
			return &st->profiles[i];
	return NULL;
}

bool cg_risk_has_profile(const cg_risk_standards *st, const char *profile)
{
	return profile && find_profile(st, profile) != NULL;
}

int cg_risk_check_profile(const cg_risk_standards *st, const char *path,
                          const char *profile)
{
	if (cg_risk_has_profile(st, profile))
		return 0;
	cg_buf names = CG_BUF_INIT;
	for (size_t i = 0; i < st->nprofiles; i++)
		cg_buf_printf(&names, "%s%s", i ? ", " : "",
		              st->profiles[i].name);
	cg_error_set("%s: no profile '%s' (the table defines: %s)", path,
	             profile ? profile : "", cg_buf_cstr(&names));
	cg_buf_dispose(&names);
	return CG_ENOTFOUND;
}

const cg_roadmap_facts *cg_risk_roadmap_info(const cg_risk_standards *st)
{
	return &st->roadmap;
}

/* ---- scoring ----------------------------------------------------------- */

static bool has_fn(const char *list, const char *fn)
{
	size_t n = strlen(fn);
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, fn, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* The usage context of an asset from its primitive and functions. */
static const char *usage_of(const cg_risk_asset *a)
{
	const char *p = a->primitive ? a->primitive : "";
	if (a->usage)
		return a->usage;
	if (!strcmp(p, "kem") || !strcmp(p, "key-agree"))
		return "key-establishment";
	if (!strcmp(p, "signature"))
		return "signature";
	if (!strcmp(p, "pke")) {
		bool sig = has_fn(a->functions, "sign") ||
		           has_fn(a->functions, "verify");
		bool enc = has_fn(a->functions, "encrypt") ||
		           has_fn(a->functions, "decrypt") ||
		           has_fn(a->functions, "encapsulate") ||
		           has_fn(a->functions, "decapsulate");
		/* key generation alone: assume key establishment, the
		 * usage with the larger quantum weight (conservative) */
		return sig && !enc ? "signature" : "key-establishment";
	}
	if (!strcmp(p, "hash"))
		return has_fn(a->functions, "sign") ? "signature" : "hash";
	if (!strcmp(p, "mac"))
		return "mac";
	if (!strcmp(p, "block-cipher") || !strcmp(p, "stream-cipher") ||
	    !strcmp(p, "ae"))
		return "encryption";
	if (!strcmp(p, "kdf"))
		return "kdf";
	if (!strcmp(p, "drbg"))
		return "rng";
	return "other";
}

static bool list_has_ci(const cg_strv *v, const char *s)
{
	for (size_t i = 0; s && i < v->len; i++)
		if (cg_str_ieq(v->items[i], s))
			return true;
	return false;
}

static const entry *find_entry(const cg_risk_standards *st,
                               const cg_risk_asset *a, const char *usage,
                               int bits)
{
	for (size_t i = 0; i < st->nentries; i++) {
		const entry *e = &st->entries[i];
		if (e->names.len && !list_has_ci(&e->names, a->name))
			continue;
		if (e->families.len && !list_has_ci(&e->families, a->family))
			continue;
		if (e->ops.len && !cg_strv_contains(&e->ops, usage))
			continue;
		if (e->has_bits && (bits < e->bits_lo || bits > e->bits_hi))
			continue;
		if (e->mode && !(a->mode && cg_str_ieq(e->mode, a->mode)))
			continue;
		return e;
	}
	return NULL;
}

static double prox(const cg_risk_standards *st, int y, int year)
{
	if (y <= 0)
		return 0;
	double v = 1.0 - (double)(y - year) / st->ramp;
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static const term *find_term(const entry *e, const char *overlay)
{
	for (size_t i = 0; i < e->nterms; i++)
		if (strcmp(e->terms[i].overlay, overlay) == 0)
			return &e->terms[i];
	return NULL;
}

int cg_risk_severity_index(const char *severity)
{
	for (int i = 0; severity && i < CG_RISK_NSEVERITIES; i++)
		if (strcmp(cg_risk_severities[i], severity) == 0)
			return i;
	return -1;
}

int cg_risk_score(cg_risk_result *out, const cg_risk_standards *st,
                  const char *profile_name, int year, const cg_risk_asset *a)
{
	memset(out, 0, sizeof(*out));
	const profile_def *pf = find_profile(st, profile_name);
	if (!pf) {
		cg_error_set("profile '%s' is not defined by the standards "
		             "table",
		             profile_name ? profile_name : "(null)");
		return CG_ENOTFOUND;
	}
	const char *usage = usage_of(a);
	snprintf(out->usage, sizeof(out->usage), "%s", usage);
	int bits = a->classical;
	cg_buf ex = CG_BUF_INIT, ci = CG_BUF_INIT;
	if (!a->parameter_set)
		for (size_t i = 0; i + 1 < st->assume.len; i += 2)
			if (a->family &&
			    cg_str_ieq(st->assume.items[i], a->family)) {
				bits = (int)strtol(st->assume.items[i + 1],
				                   NULL, 10);
				out->low_confidence = true;
			}
	const entry *e = find_entry(st, a, usage, bits);
	if (!e) {
		/* a table without a catch-all entry: nothing to cite */
		out->entry = "none";
		out->replacement = "review manually";
		out->severity = cg_risk_severities[CG_RISK_NSEVERITIES - 1];
		out->explanation = cg_strdup("no standards entry applies");
		out->citations = cg_strdup("");
		cg_buf_dispose(&ex);
		cg_buf_dispose(&ci);
		return 0;
	}
	out->entry = e->id;
	out->replacement = e->replacement;
	out->q = e->q;
	out->quantum_vulnerable = strcmp(e->exposure, "shor") == 0;
	out->u = 1.0;
	for (size_t i = 0; i < st->nusage; i++)
		if (strcmp(st->usage[i].name, usage) == 0)
			out->u = st->usage[i].u;

	cg_buf_printf(&ex, "entry %s; usage %s (U %.2f)", e->id, usage, out->u);
	if (out->low_confidence)
		cg_buf_printf(&ex,
		              "; key size unknown: %d-bit strength assumed "
		              "(low confidence)",
		              bits);
	cg_buf_printf(&ci, "%s; %s", e->classical_cite, e->quantum_cite);

	/* K: the worst current status over the profile's overlays, and
	 * scheduled classical sunsets when not fully quantum-exposed */
	double k = 0;
	const char *k_from = NULL;
	int y_q = 0;
	const char *yq_from = NULL;
	for (size_t i = 0; i < pf->overlays.len; i++) {
		const term *t = find_term(e, pf->overlays.items[i]);
		if (!t)
			continue;
		double d = t->draft ? st->draft_factor : 1.0;
		double kt = t->k * d;
		if (e->q < 1) {
			double ks = t->w_s * d * prox(st, t->y_next, year);
			if (ks > kt)
				kt = ks;
		}
		if (!k_from || kt > k) {
			k = kt;
			k_from = t->overlay;
		}
		if (t->y_q > 0 && (!y_q || t->y_q < y_q)) {
			y_q = t->y_q;
			yq_from = t->overlay;
		}
		cg_buf_printf(&ci, "; %s: %s%s", t->overlay, t->cite,
		              t->draft ? " (draft)" : "");
	}
	if (a->misuses > 0) {
		double km = st->misuse_step * a->misuses;
		if (km > st->misuse_max)
			km = st->misuse_max;
		if (km > k) {
			k = km;
			k_from = "misuse";
		}
	}
	out->k = k;
	out->y_q = y_q;
	double p = k >= 1.0 - 1e-9 ? 1.0 : prox(st, y_q, year);
	out->prox = p;
	out->qt = e->q * out->u * (st->q_base + st->q_prox * p);
	double s = 100.0 * (1.0 - (1.0 - st->k_weight * k) * (1.0 - out->qt));
	int score = (int)floor(s + 0.5 + 1e-9);
	cg_buf_printf(&ex, "; K %.2f (%s)", k, k_from ? k_from : "none");
	cg_buf_printf(&ex, "; Q %.2f (%s", e->q, e->exposure);
	if (e->category)
		cg_buf_printf(&ex, ", category %d", e->category);
	cg_buf_putc(&ex, ')');
	if (y_q)
		cg_buf_printf(&ex,
		              "; quantum deadline %d (%s) in %d: "
		              "proximity %.2f",
		              y_q, yq_from, year, p);
	else if (p > 0)
		cg_buf_printf(&ex, "; disallowed now: proximity 1");
	cg_buf_printf(&ex, "; misuses %d", a->misuses);
	cg_buf_printf(&ex,
	              "; S = 100*(1-(1-%.2f*K)*(1-Q*U*(%.2f+%.2f*p))) = %d",
	              st->k_weight, st->q_base, st->q_prox, score);
	if (a->non_security && score > st->non_security_cap) {
		score = st->non_security_cap;
		cg_buf_printf(&ex, "; non-security use: capped at %d", score);
	}
	cg_buf_printf(&ex, "; SP 800-131A: %s; IR 8547: %s", e->r2_status,
	              e->ir_status);
	if (e->ir_year)
		cg_buf_printf(&ex, " (%d)", e->ir_year);
	cg_buf_printf(&ex, "; BSI: %s", e->bsi_rec);
	if (e->bsi_horizon)
		cg_buf_printf(&ex, " (to %d)", e->bsi_horizon);
	cg_buf_printf(&ex, "; CNSA 2.0: %s", e->cnsa_status);
	if (strcmp(e->verified, "U") == 0)
		cg_buf_puts(&ex, "; facts unverified (U)");
	cg_buf_printf(&ci,
	              "; SP 800-131A: %s; IR 8547: %s; BSI: %s; "
	              "CNSA 2.0: %s",
	              e->r2_cite, e->ir_cite, e->bsi_cite, e->cnsa_cite);
	out->score = score;
	out->severity = cg_risk_severities[CG_RISK_NSEVERITIES - 1];
	for (int i = 0; i < CG_RISK_NSEVERITIES; i++)
		if (score >= st->sev_min[i]) {
			out->severity = cg_risk_severities[i];
			break;
		}
	out->explanation = cg_buf_detach(&ex);
	out->citations = cg_buf_detach(&ci);
	return 0;
}

void cg_risk_result_dispose(cg_risk_result *r)
{
	if (!r)
		return;
	cg_free(r->explanation);
	cg_free(r->citations);
	memset(r, 0, sizeof(*r));
}

void cg_risk_totals_add(cg_risk_totals *t, const cg_risk_result *r)
{
	int i = cg_risk_severity_index(r->severity);
	if (i >= 0)
		t->counts[i]++;
	t->n++;
	if (r->quantum_vulnerable)
		t->nquantum++;
	t->exposure_sum += r->q * r->u;
}

double cg_risk_totals_quantum_share(const cg_risk_totals *t)
{
	return t->n ? (double)t->nquantum / (double)t->n : 0;
}

int cg_risk_totals_readiness(const cg_risk_totals *t)
{
	if (!t->n)
		return 100;
	double v = 100.0 * (1.0 - t->exposure_sum / (double)t->n);
	return (int)floor(v + 0.5 + 1e-9);
}
