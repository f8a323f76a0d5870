/* rules.c — loading and compiling the rule set; see rules.h. */
#define _GNU_SOURCE
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../util/array.h"
#include "matcher.h"
#include "yamlx.h"

/* ---- small helpers ---------------------------------------------------- */

static pcre2_code *compile_cond(const char *pat, const char *file, int line)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		cg_error_set("%s:%d: regex '%s': %s at offset %zu", file, line,
		             pat, (const char *)msg, (size_t)eo);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* pat with every %{name} replaced by the named pattern of rules/
 * patterns.yaml (named: pairs name, regex; a named pattern may use the
 * ones before it). NULL, with the error set, for an unknown name. */
static char *expand_named(const cg_strv *named, const char *pat,
                          const char *file, int line)
{
	cg_buf b = CG_BUF_INIT;
	for (const char *p = pat; *p;) {
		const char *o = strstr(p, "%{");
		const char *e = o ? strchr(o + 2, '}') : NULL;
		if (!o || !e) {
			cg_buf_puts(&b, p);
			break;
		}
		cg_buf_put(&b, p, (size_t)(o - p));
		size_t len = (size_t)(e - o - 2), k = 0;
		while (named && k + 1 < named->len &&
		       (strlen(named->items[k]) != len ||
		        strncmp(named->items[k], o + 2, len) != 0))
			k += 2;
		if (!named || k + 1 >= named->len) {
			cg_error_set("%s:%d: unknown named pattern '%%{%.*s}' "
			             "(rules/patterns.yaml)",
			             file, line, (int)len, o + 2);
			cg_buf_dispose(&b);
			return NULL;
		}
		cg_buf_puts(&b, named->items[k + 1]);
		p = e + 1;
	}
	return cg_buf_detach(&b);
}

/* compile_cond after expanding the named patterns of pat. */
static pcre2_code *compile_named(const cg_strv *named, const char *pat,
                                 const char *file, int line)
{
	char *x = expand_named(named, pat, file, line);
	if (!x)
		return NULL;
	pcre2_code *re = compile_cond(x, file, line);
	cg_free(x);
	return re;
}

/* True if the named group `name` exists in re. */
static bool re_has_group(const pcre2_code *re, const char *name)
{
	/* duplicate names ((?J)) answer "not unique", which still counts */
	int rc = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	return rc >= 0 || rc == PCRE2_ERROR_NOUNIQUESUBSTRING;
}

static void tmpl_dispose(cg_asset_tmpl *t)
{
	cg_free(t->algorithm);
	cg_free(t->primitive);
	cg_free(t->functions);
	cg_free(t->key_size);
	cg_free(t->mode);
	cg_free(t->padding);
	cg_free(t->curve);
	cg_free(t->default_mode);
	cg_free(t->default_padding);
	cg_free(t->default_key_size);
	cg_free(t->symbol);
	cg_strv_dispose(&t->params);
	cg_strv_dispose(&t->related);
	cg_free(t->protocol);
	cg_free(t->unres_capture);
	cg_free(t->unres_family);
	cg_free(t->unres_primitive);
}

static void rule_dispose(cg_rule *r)
{
	cg_free(r->id);
	cg_free(r->language);
	cg_free(r->message);
	cg_free(r->file);
	cg_free(r->at);
	cg_free(r->misuse);
	cg_free(r->severity);
	cg_free(r->query_src);
	cg_strv_dispose(&r->literals);
	cg_free(r->lit_ids);
	if (r->queries)
		for (size_t i = 0; i < cg_lang_count(); i++)
			cg_query_free(r->queries[i]);
	cg_free(r->queries);
	for (size_t i = 0; i < r->nconds; i++) {
		cg_free(r->conds[i].capture);
		pcre2_code_free(r->conds[i].re);
	}
	cg_free(r->conds);
	tmpl_dispose(&r->asset);
}

/* ---- the compiled-query cache ---------------------------------------- */

enum { Q_NONE, Q_BUSY, Q_READY, Q_FAILED };

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t npacks;
	size_t nrules;
	uint8_t *state;       /* [rule * npacks + pack] */
	uint8_t *pstate;      /* per pack: the combined query */
	cg_pack_query **pack; /* per pack */
	uint64_t *seen;       /* per pack: files counted */
	uint64_t *seen_bytes; /* per pack: their bytes */
	char *error;          /* first compile problem (lowest rule index) */
	size_t error_rule;
} lazy_cache;

static void pack_query_free(cg_pack_query *pq)
{
	if (!pq)
		return;
	cg_query_free(pq->q);
	cg_free(pq->group);
	cg_free(pq->first);
	cg_free(pq->rules);
	cg_free(pq->at_id);
	cg_free(pq->cond_id);
	cg_free(pq);
}

static void lazy_free(void *p)
{
	lazy_cache *z = p;
	if (!z)
		return;
	pthread_mutex_destroy(&z->mu);
	pthread_cond_destroy(&z->cv);
	for (size_t i = 0; i < z->npacks; i++)
		pack_query_free(z->pack[i]);
	cg_free(z->pack);
	cg_free(z->state);
	cg_free(z->pstate);
	cg_free(z->seen);
	cg_free(z->seen_bytes);
	cg_free(z->error);
	cg_free(z);
}

static void alg_dispose(cg_algorithm *a)
{
	cg_free(a->name);
	cg_free(a->family);
	pcre2_code_free(a->re);
	cg_free(a->primitive);
	cg_free(a->primitive_ae);
	cg_free(a->functions);
	cg_free(a->oid);
	cg_free(a->sizes);
	cg_free(a->classicals);
	cg_free(a->quantums);
	cg_free(a->fixed_size);
}

void cg_rules_free(cg_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		rule_dispose(&rs->rules[i]);
	cg_free(rs->rules);
	for (size_t i = 0; i < rs->nalgs; i++)
		alg_dispose(&rs->algs[i]);
	cg_free(rs->algs);
	cg_strv_dispose(&rs->oid_names);
	cg_strv_dispose(&rs->patterns);
	cg_strv_dispose(&rs->literals);
	cg_matcher_free(rs->matcher);
	lazy_free(rs->lazy);
	cg_free(rs);
}

/* A scalar value of `key` (copied), or NULL. Fails (returns -1) when the
 * value exists but is not a scalar. */
static int get_str(char **out, yaml_document_t *doc, yaml_node_t *map,
                   const char *key, const char *file)
{
	*out = NULL;
	yaml_node_t *n = cg_yamlx_get(doc, map, key);
	if (!n)
		return 0;
	const char *s = cg_yamlx_str(n);
	if (!s) {
		cg_error_set("%s:%d: '%s' must be a string", file,
		             cg_yamlx_line(n), key);
		return CG_EPARSE;
	}
	*out = cg_strdup(s);
	return 0;
}

/* A list of scalars (or one scalar) joined with commas. */
static int get_list(char **out, cg_strv *items, yaml_document_t *doc,
                    yaml_node_t *map, const char *key, const char *file)
{
	if (out)
		*out = NULL;
	yaml_node_t *n = cg_yamlx_get(doc, map, key);
	if (!n)
		return 0;
	cg_buf b = CG_BUF_INIT;
	if (n->type == YAML_SCALAR_NODE) {
		cg_buf_puts(&b, cg_yamlx_str(n));
		if (items)
			cg_strv_push(items, cg_yamlx_str(n));
	} else if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top; it++) {
			const char *s =
			    cg_yamlx_str(yaml_document_get_node(doc, *it));
			if (!s) {
				cg_error_set("%s:%d: '%s' must be a list of "
				             "strings",
				             file, cg_yamlx_line(n), key);
				cg_buf_dispose(&b);
				return CG_EPARSE;
			}
			if (b.len)
				cg_buf_putc(&b, ',');
			cg_buf_puts(&b, s);
			if (items)
				cg_strv_push(items, s);
		}
	} else {
		cg_error_set("%s:%d: '%s' must be a list", file,
		             cg_yamlx_line(n), key);
		return CG_EPARSE;
	}
	if (out)
		*out = cg_buf_detach(&b);
	else
		cg_buf_dispose(&b);
	return 0;
}

/* Reject keys of a mapping that are not in `allowed` (catches typos). */
static int check_keys(yaml_document_t *doc, yaml_node_t *map,
                      const char *const *allowed, const char *file,
                      const char *what)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return 0;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		const char *ks = cg_yamlx_str(k);
		bool ok = false;
		for (const char *const *a = allowed; ks && *a && !ok; a++)
			ok = strcmp(*a, ks) == 0;
		if (!ok) {
			cg_error_set("%s:%d: unknown key '%s' in %s", file,
			             cg_yamlx_line(k), ks ? ks : "?", what);
			return CG_EPARSE;
		}
	}
	return 0;
}

/* Every ${var} in template t must name a capture of q or a named group of
 * one of the rule's conditions. */
static int check_template(const cg_rule *r, const cg_query *q, const char *t,
                          const char *field)
{
	if (!t)
		return 0;
	for (const char *p = strstr(t, "${"); p; p = strstr(p + 2, "${")) {
		const char *e = strchr(p, '}');
		if (!e) {
			cg_error_set("%s:%d: rule %s: unterminated ${ in %s",
			             r->file, r->line, r->id, field);
			return CG_EPARSE;
		}
		char *name = cg_strndup(p + 2, (size_t)(e - p - 2));
		/* ${name:hi16}: the upper 16 bits of the value */
		char *mod = strchr(name, ':');
		if (mod && strcmp(mod, ":hi16") != 0) {
			cg_error_set("%s:%d: rule %s: unknown modifier in "
			             "${%s} in %s (only :hi16)",
			             r->file, r->line, r->id, name, field);
			cg_free(name);
			return CG_EPARSE;
		}
		if (mod)
			*mod = '\0';
		bool ok = cg_query_capture_index(q, name) >= 0;
		for (size_t i = 0; i < r->nconds && !ok; i++)
			ok = re_has_group(r->conds[i].re, name);
		if (!ok) {
			cg_error_set("%s:%d: rule %s: ${%s} in %s is neither "
			             "a capture nor a named group",
			             r->file, r->line, r->id, name, field);
			cg_free(name);
			return CG_EPARSE;
		}
		cg_free(name);
	}
	return 0;
}

static const char *const rule_keys[] = { "id",       "language", "message",
	                                 "literals", "query",    "where",
	                                 "asset",    "at",       "misuse",
	                                 "severity", NULL };

const char *const cg_misuse_categories[] = {
	"weak-algorithm",      /* a broken primitive used for security */
	"ecb-mode",            /* ECB: leaks plaintext structure */
	"static-iv",           /* constant or zero IV / nonce */
	"hardcoded-key",       /* key material in the source */
	"low-iterations",      /* password KDF below the recommended cost */
	"weak-padding",        /* RSA without OAEP / PSS */
	"weak-key-size",       /* below the NIST SP 800-131A minimum */
	"tls-no-verify",       /* certificate or host verification disabled */
	"weak-protocol",       /* SSL / TLS below 1.2 */
	"insecure-random",     /* non-cryptographic randomness for secrets */
	"expired-certificate", /* a certificate past its notAfter */
	"vulnerable-library",  /* an end-of-life or known-vulnerable crypto
	                          library version in a manifest */
	NULL
};

const char *const cg_severities[] = { "info", "low",      "medium",
	                              "high", "critical", NULL };
static const char *const asset_keys[] = {
	"algorithm", "primitive", "functions",  "key_size", "mode",
	"padding",   "curve",     "defaults",   "symbol",   "params",
	"related",   "protocol",  "unresolved", NULL
};
static const char *const unresolved_keys[] = { "capture", "family", "primitive",
	                                       NULL };
static const char *const default_keys[] = { "mode", "padding", "key_size",
	                                    NULL };

static bool parse_ll(const char *s, long long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

/* A condition written as a mapping: {not: re}, {lt: N}, {ge: N},
 * {literal: true}; several keys must all hold. */
static int load_cond_map(cg_rule_cond *c, yaml_document_t *doc, yaml_node_t *v,
                         const char *file, const char *id, const cg_strv *named)
{
	static const char *const keys[] = { "not", "lt", "ge", "literal",
		                            NULL };
	int error = check_keys(doc, v, keys, file, "condition");
	if (error < 0)
		return error;
	yaml_node_t *n;
	if ((n = cg_yamlx_get(doc, v, "not"))) {
		const char *pat = cg_yamlx_str(n);
		if (!pat) {
			cg_error_set("%s:%d: rule %s: 'not' must be a regex",
			             file, cg_yamlx_line(n), id);
			return CG_EPARSE;
		}
		c->negate = true;
		c->re = compile_named(named, pat, file, cg_yamlx_line(n));
		if (!c->re)
			return CG_EPARSE;
	}
	if ((n = cg_yamlx_get(doc, v, "lt"))) {
		if (!parse_ll(cg_yamlx_str(n), &c->lt)) {
			cg_error_set("%s:%d: rule %s: 'lt' must be an integer",
			             file, cg_yamlx_line(n), id);
			return CG_EPARSE;
		}
		c->has_lt = true;
	}
	if ((n = cg_yamlx_get(doc, v, "ge"))) {
		if (!parse_ll(cg_yamlx_str(n), &c->ge)) {
			cg_error_set("%s:%d: rule %s: 'ge' must be an integer",
			             file, cg_yamlx_line(n), id);
			return CG_EPARSE;
		}
		c->has_ge = true;
	}
	if ((n = cg_yamlx_get(doc, v, "literal"))) {
		const char *b = cg_yamlx_str(n);
		if (!b || strcmp(b, "true") != 0) {
			cg_error_set("%s:%d: rule %s: 'literal' must be true",
			             file, cg_yamlx_line(n), id);
			return CG_EPARSE;
		}
		c->literal = true;
	}
	if (!c->re && !c->has_lt && !c->has_ge && !c->literal) {
		cg_error_set("%s:%d: rule %s: empty condition", file,
		             cg_yamlx_line(v), id);
		return CG_EPARSE;
	}
	return 0;
}

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* A mapping of names to scalar templates, as (name, template) pairs. A
 * name must be a lower-case word ([a-z0-9_]) other than the fixed
 * parameters. */
static int get_map(cg_strv *out, yaml_document_t *doc, yaml_node_t *map,
                   const char *key, const char *file, const char *id)
{
	static const char *const fixed[] = { "algorithm", "key_size", "mode",
		                             "padding",   "curve",    NULL };
	yaml_node_t *n = cg_yamlx_get(doc, map, key);
	if (!n)
		return 0;
	if (n->type != YAML_MAPPING_NODE) {
		cg_error_set("%s:%d: rule %s: '%s' must be a mapping", file,
		             cg_yamlx_line(n), id, key);
		return CG_EPARSE;
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
	     p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		const char *ks = cg_yamlx_str(k), *vs = cg_yamlx_str(v);
		bool ok = ks && vs && *ks;
		for (const char *c = ks; ok && *c; c++)
			ok = (*c >= 'a' && *c <= 'z') ||
			     (*c >= '0' && *c <= '9') || *c == '_';
		for (size_t i = 0; ok && fixed[i]; i++)
			ok = strcmp(ks, fixed[i]) != 0;
		if (!ok) {
			cg_error_set("%s:%d: rule %s: '%s' entries must be "
			             "lower-case names (not a fixed parameter) "
			             "with a string template",
			             file, cg_yamlx_line(k), id, key);
			return CG_EPARSE;
		}
		cg_strv_push(out, ks);
		cg_strv_push(out, vs);
	}
	return 0;
}

static int load_asset(cg_rule *r, yaml_document_t *doc, yaml_node_t *asset,
                      const char *file)
{
	int error;
	if ((error = check_keys(doc, asset, asset_keys, file, "asset")) < 0)
		return error;
	cg_asset_tmpl *t = &r->asset;
	if ((error = get_str(&t->algorithm, doc, asset, "algorithm", file)) <
	        0 ||
	    (error = get_str(&t->primitive, doc, asset, "primitive", file)) <
	        0 ||
	    (error = get_list(&t->functions, NULL, doc, asset, "functions",
	                      file)) < 0 ||
	    (error = get_str(&t->key_size, doc, asset, "key_size", file)) < 0 ||
	    (error = get_str(&t->mode, doc, asset, "mode", file)) < 0 ||
	    (error = get_str(&t->padding, doc, asset, "padding", file)) < 0 ||
	    (error = get_str(&t->curve, doc, asset, "curve", file)) < 0 ||
	    (error = get_str(&t->symbol, doc, asset, "symbol", file)) < 0 ||
	    (error = get_str(&t->protocol, doc, asset, "protocol", file)) < 0 ||
	    (error = get_map(&t->params, doc, asset, "params", file, r->id)) <
	        0 ||
	    (error = get_map(&t->related, doc, asset, "related", file, r->id)) <
	        0)
		return error;
	error = CG_EPARSE;
	if (t->protocol && strcmp(t->protocol, "tls") != 0 &&
	    strcmp(t->protocol, "ssh") != 0) {
		cg_error_set("%s:%d: rule %s: asset protocol must be tls or "
		             "ssh",
		             file, r->line, r->id);
		return error;
	}
	if (!t->algorithm && !t->protocol) {
		cg_error_set("%s:%d: rule %s: asset needs 'algorithm'", file,
		             r->line, r->id);
		return error;
	}
	yaml_node_t *defs = cg_yamlx_get(doc, asset, "defaults");
	if (defs) {
		if ((error = check_keys(doc, defs, default_keys, file,
		                        "defaults")) < 0 ||
		    (error = get_str(&t->default_mode, doc, defs, "mode",
		                     file)) < 0 ||
		    (error = get_str(&t->default_padding, doc, defs, "padding",
		                     file)) < 0 ||
		    (error = get_str(&t->default_key_size, doc, defs,
		                     "key_size", file)) < 0)
			return error;
	}
	yaml_node_t *un = cg_yamlx_get(doc, asset, "unresolved");
	if (un) {
		if ((error = check_keys(doc, un, unresolved_keys, file,
		                        "unresolved")) < 0 ||
		    (error = get_str(&t->unres_capture, doc, un, "capture",
		                     file)) < 0 ||
		    (error = get_str(&t->unres_family, doc, un, "family",
		                     file)) < 0 ||
		    (error = get_str(&t->unres_primitive, doc, un, "primitive",
		                     file)) < 0)
			return error;
		if (!t->unres_capture || !t->unres_family ||
		    !t->unres_primitive || r->misuse) {
			cg_error_set("%s:%d: rule %s: 'unresolved' needs "
			             "capture, family and primitive (and no "
			             "misuse)",
			             file, cg_yamlx_line(un), r->id);
			return CG_EPARSE;
		}
	}
	return 0;
}

static int load_rule(cg_rule *r, yaml_document_t *doc, yaml_node_t *node,
                     const char *file, const char *file_lang,
                     const cg_strv *named)
{
	int error;
	r->file = cg_strdup(file);
	r->line = cg_yamlx_line(node);
	if (node->type != YAML_MAPPING_NODE) {
		cg_error_set("%s:%d: a rule must be a mapping", file, r->line);
		return CG_EPARSE;
	}
	error = check_keys(doc, node, rule_keys, file, "rule");
	if (error < 0)
		return error;
	char *query = NULL;
	if ((error = get_str(&r->id, doc, node, "id", file)) < 0 ||
	    (error = get_str(&r->language, doc, node, "language", file)) < 0 ||
	    (error = get_str(&r->message, doc, node, "message", file)) < 0 ||
	    (error = get_str(&r->at, doc, node, "at", file)) < 0 ||
	    (error = get_str(&query, doc, node, "query", file)) < 0 ||
	    (error = get_str(&r->misuse, doc, node, "misuse", file)) < 0 ||
	    (error = get_str(&r->severity, doc, node, "severity", file)) < 0)
		goto done;
	error = get_list(NULL, &r->literals, doc, node, "literals", file);
	if (error < 0)
		goto done;
	error = CG_EPARSE;
	if (!r->id || !*r->id) {
		cg_error_set("%s:%d: rule without an 'id'", file, r->line);
		goto done;
	}
	if (!r->message) {
		cg_error_set("%s:%d: rule %s: missing 'message'", file, r->line,
		             r->id);
		goto done;
	}
	if (!query) {
		cg_error_set("%s:%d: rule %s: missing 'query'", file, r->line,
		             r->id);
		goto done;
	}
	if (r->misuse && !in_list(r->misuse, cg_misuse_categories)) {
		cg_error_set("%s:%d: rule %s: unknown misuse category '%s' "
		             "(see docs/RULES.md)",
		             file, r->line, r->id, r->misuse);
		goto done;
	}
	if (r->severity && !in_list(r->severity, cg_severities)) {
		cg_error_set("%s:%d: rule %s: severity '%s' is not one of "
		             "info, low, medium, high, critical",
		             file, r->line, r->id, r->severity);
		goto done;
	}
	if (r->severity && !r->misuse) {
		cg_error_set("%s:%d: rule %s: 'severity' is only for misuse "
		             "rules",
		             file, r->line, r->id);
		goto done;
	}
	if (r->misuse && !r->severity)
		r->severity = cg_strdup("medium");
	if (!r->literals.len) {
		cg_error_set("%s:%d: rule %s: 'literals' must list at least "
		             "one word a matching file contains",
		             file, r->line, r->id);
		goto done;
	}
	for (size_t i = 0; i < r->literals.len; i++) {
		if (!*r->literals.items[i]) {
			cg_error_set("%s:%d: rule %s: empty literal", file,
			             r->line, r->id);
			goto done;
		}
		char *l = cg_str_lower(r->literals.items[i]);
		cg_free(r->literals.items[i]);
		r->literals.items[i] = l;
	}
	if (!r->language)
		r->language = cg_strdup(file_lang);
	if (strcmp(r->language, file_lang) != 0) {
		cg_error_set("%s:%d: rule %s: language '%s' in the folder of "
		             "'%s'",
		             file, r->line, r->id, r->language, file_lang);
		goto done;
	}
	/* conditions */
	yaml_node_t *where = cg_yamlx_get(doc, node, "where");
	if (where && where->type != YAML_MAPPING_NODE) {
		cg_error_set("%s:%d: rule %s: 'where' must map captures to "
		             "regexes",
		             file, cg_yamlx_line(where), r->id);
		goto done;
	}
	if (where) {
		size_t n = (size_t)(where->data.mapping.pairs.top -
		                    where->data.mapping.pairs.start);
		r->conds = cg_calloc(n, sizeof(cg_rule_cond));
		for (yaml_node_pair_t *p = where->data.mapping.pairs.start;
		     p < where->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			yaml_node_t *v = yaml_document_get_node(doc, p->value);
			cg_rule_cond *c = &r->conds[r->nconds++];
			c->capture =
			    cg_strdup(cg_yamlx_str(k) ? cg_yamlx_str(k) : "");
			const char *pat = cg_yamlx_str(v);
			if (!pat && v->type == YAML_MAPPING_NODE) {
				if (load_cond_map(c, doc, v, file, r->id,
				                  named) < 0)
					goto done;
			} else if (!pat) {
				cg_error_set(
				    "%s:%d: rule %s: condition on "
				    "'%s' must be a regex or a mapping "
				    "(not, lt, ge, literal)",
				    file, cg_yamlx_line(v), r->id, c->capture);
				goto done;
			} else {
				c->re = compile_named(named, pat, file,
				                      cg_yamlx_line(v));
				if (!c->re)
					goto done;
			}
		}
	}
	/* asset template */
	yaml_node_t *asset = cg_yamlx_get(doc, node, "asset");
	if (asset ? asset->type != YAML_MAPPING_NODE : !r->misuse) {
		/* only a misuse rule may report no asset (e.g. TLS
		 * verification disabled) */
		cg_error_set("%s:%d: rule %s: missing 'asset' mapping", file,
		             r->line, r->id);
		goto done;
	}
	if (asset && (error = load_asset(r, doc, asset, file)) < 0)
		goto done;
	error = CG_EPARSE;
	/* one query per pack that takes this rule language: compiled later,
	 * for all rules at once and in parallel (compile_queries) */
	r->queries = cg_calloc(cg_lang_count(), sizeof(cg_query *));
	bool any = false;
	for (size_t i = 0; i < cg_lang_count() && !any; i++)
		any = strcmp(cg_lang_at(i)->rules, r->language) == 0;
	if (!any) {
		cg_error_set("%s:%d: rule %s: no language pack takes rules "
		             "of '%s'",
		             file, r->line, r->id, r->language);
		goto done;
	}
	r->query_src = query;
	query = NULL;
	error = 0;
done:
	cg_free(query);
	return error;
}

static int load_rule_file(cg_ruleset *rs, const char *path, const char *lang,
                          EVP_MD_CTX *unused)
{
	(void)unused;
	yaml_document_t doc;
	int error = cg_yamlx_load(&doc, path);
	if (error < 0)
		return error;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	yaml_node_t *rules = cg_yamlx_get(&doc, root, "rules");
	static const char *const file_keys[] = { "language", "rules", NULL };
	error = check_keys(&doc, root, file_keys, path, "rule file");
	if (error < 0)
		goto done;
	error = CG_EPARSE;
	if (!rules || rules->type != YAML_SEQUENCE_NODE) {
		cg_error_set("%s:%d: expected a top-level 'rules' list", path,
		             cg_yamlx_line(root));
		goto done;
	}
	const char *flang = cg_yamlx_str(cg_yamlx_get(&doc, root, "language"));
	if (flang && strcmp(flang, lang) != 0) {
		cg_error_set("%s:1: language '%s' in the folder of '%s'", path,
		             flang, lang);
		goto done;
	}
	rs->rules = cg_realloc_array(
	    rs->rules,
	    cg_array__add(rs->nrules,
	                  (size_t)(rules->data.sequence.items.top -
	                           rules->data.sequence.items.start)),
	    sizeof(cg_rule));
	for (yaml_node_item_t *it = rules->data.sequence.items.start;
	     it < rules->data.sequence.items.top; it++) {
		cg_rule *r = &rs->rules[rs->nrules++];
		memset(r, 0, sizeof(*r));
		error = load_rule(r, &doc, yaml_document_get_node(&doc, *it),
		                  path, lang, &rs->patterns);
		if (error < 0)
			goto done;
		for (size_t i = 0; i + 1 < rs->nrules; i++)
			if (strcmp(rs->rules[i].id, r->id) == 0) {
				cg_error_set("%s:%d: duplicate rule id %s "
				             "(first in %s:%d)",
				             path, r->line, r->id,
				             rs->rules[i].file,
				             rs->rules[i].line);
				error = CG_EPARSE;
				goto done;
			}
	}
	error = 0;
done:
	yaml_document_delete(&doc);
	return error;
}

/* ---- the algorithm table ---------------------------------------------- */

static int parse_int(const char *s, int *out)
{
	char *end;
	if (!s || !*s)
		return -1;
	long v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

static const char *const alg_keys[] = {
	"name",         "family",    "match", "primitive",
	"primitive_ae", "functions", "oid",   "classical",
	"quantum",      "strength",  "size",  NULL
};

static int load_alg(cg_algorithm *a, yaml_document_t *doc, yaml_node_t *n,
                    const char *file)
{
	int line = cg_yamlx_line(n);
	int error = check_keys(doc, n, alg_keys, file, "algorithm");
	if (error < 0)
		return error;
	char *match = NULL, *cl = NULL, *qu = NULL;
	if ((error = get_str(&a->name, doc, n, "name", file)) < 0 ||
	    (error = get_str(&a->family, doc, n, "family", file)) < 0 ||
	    (error = get_str(&match, doc, n, "match", file)) < 0 ||
	    (error = get_str(&a->primitive, doc, n, "primitive", file)) < 0 ||
	    (error = get_str(&a->primitive_ae, doc, n, "primitive_ae", file)) <
	        0 ||
	    (error = get_list(&a->functions, NULL, doc, n, "functions", file)) <
	        0 ||
	    (error = get_str(&a->oid, doc, n, "oid", file)) < 0 ||
	    (error = get_str(&a->fixed_size, doc, n, "size", file)) < 0 ||
	    (error = get_str(&cl, doc, n, "classical", file)) < 0 ||
	    (error = get_str(&qu, doc, n, "quantum", file)) < 0)
		goto done;
	error = CG_EPARSE;
	if (!a->name || !match || !a->primitive) {
		cg_error_set("%s:%d: an algorithm needs name, match and "
		             "primitive",
		             file, line);
		goto done;
	}
	if (!a->family) {
		a->family = cg_strdup(a->name);
		char *brace = strchr(a->family, '{');
		if (brace)
			*brace = '\0';
	}
	if (parse_int(cl ? cl : "0", &a->classical) < 0 ||
	    parse_int(qu ? qu : "0", &a->quantum) < 0 || a->quantum > 6) {
		cg_error_set("%s:%d: %s: classical/quantum must be integers "
		             "(quantum 0..6)",
		             file, line, a->name);
		goto done;
	}
	a->re = compile_cond(match, file, line);
	if (!a->re)
		goto done;
	/* re-compile anchored and caseless */
	pcre2_code_free(a->re);
	char *anch = cg_sprintf("^(?i:%s)$", match);
	a->re = compile_cond(anch, file, line);
	cg_free(anch);
	if (!a->re)
		goto done;
	yaml_node_t *st = cg_yamlx_get(doc, n, "strength");
	if (st) {
		if (st->type != YAML_SEQUENCE_NODE) {
			cg_error_set("%s:%d: strength must be a list of "
			             "[size, classical, quantum]",
			             file, cg_yamlx_line(st));
			goto done;
		}
		size_t cnt = (size_t)(st->data.sequence.items.top -
		                      st->data.sequence.items.start);
		a->sizes = cg_calloc(cnt, sizeof(int));
		a->classicals = cg_calloc(cnt, sizeof(int));
		a->quantums = cg_calloc(cnt, sizeof(int));
		for (yaml_node_item_t *it = st->data.sequence.items.start;
		     it < st->data.sequence.items.top; it++) {
			yaml_node_t *row = yaml_document_get_node(doc, *it);
			int v[3];
			if (row->type != YAML_SEQUENCE_NODE ||
			    row->data.sequence.items.top -
			            row->data.sequence.items.start !=
			        3) {
				cg_error_set("%s:%d: strength row must be "
				             "[size, classical, quantum]",
				             file, cg_yamlx_line(row));
				goto done;
			}
			for (int k = 0; k < 3; k++)
				if (parse_int(
				        cg_yamlx_str(yaml_document_get_node(
				            doc,
				            row->data.sequence.items.start[k])),
				        &v[k]) < 0) {
					cg_error_set("%s:%d: strength row "
					             "needs integers",
					             file, cg_yamlx_line(row));
					goto done;
				}
			if (a->nsizes && v[0] <= a->sizes[a->nsizes - 1]) {
				cg_error_set("%s:%d: strength rows must be "
				             "sorted by size",
				             file, cg_yamlx_line(row));
				goto done;
			}
			a->sizes[a->nsizes] = v[0];
			a->classicals[a->nsizes] = v[1];
			a->quantums[a->nsizes] = v[2];
			a->nsizes++;
		}
	}
	error = 0;
done:
	cg_free(match);
	cg_free(cl);
	cg_free(qu);
	return error;
}

/* rules/patterns.yaml (optional): `patterns:`, a mapping of names to
 * regex fragments that conditions write as %{name}; one may use the ones
 * before it. */
static int load_patterns(cg_ruleset *rs, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0;
	yaml_document_t doc;
	int error = cg_yamlx_load(&doc, path);
	if (error < 0)
		return error;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	yaml_node_t *m = cg_yamlx_get(&doc, root, "patterns");
	error = CG_EPARSE;
	if (!m || m->type != YAML_MAPPING_NODE) {
		cg_error_set("%s:1: expected a 'patterns' mapping", path);
		goto done;
	}
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
	     p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		const char *name = cg_yamlx_str(k), *re = cg_yamlx_str(v);
		if (!name || !re || !*name || strchr(name, '}')) {
			cg_error_set("%s:%d: a named pattern is name: regex",
			             path, cg_yamlx_line(k));
			goto done;
		}
		char *x =
		    expand_named(&rs->patterns, re, path, cg_yamlx_line(v));
		if (!x)
			goto done;
		/* each one must compile on its own */
		pcre2_code *c = compile_cond(x, path, cg_yamlx_line(v));
		pcre2_code_free(c);
		if (!c) {
			cg_free(x);
			goto done;
		}
		cg_strv_push(&rs->patterns, name);
		cg_strv_push(&rs->patterns, x);
		cg_free(x);
	}
	error = 0;
done:
	yaml_document_delete(&doc);
	return error;
}

static int load_algorithms(cg_ruleset *rs, const char *path)
{
	yaml_document_t doc;
	int error = cg_yamlx_load(&doc, path);
	if (error < 0)
		return error;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	yaml_node_t *algs = cg_yamlx_get(&doc, root, "algorithms");
	yaml_node_t *oids = cg_yamlx_get(&doc, root, "oids");
	error = CG_EPARSE;
	if (!algs || algs->type != YAML_SEQUENCE_NODE) {
		cg_error_set("%s:1: expected an 'algorithms' list", path);
		goto done;
	}
	rs->algs = cg_realloc_array(
	    rs->algs,
	    cg_array__add(rs->nalgs, (size_t)(algs->data.sequence.items.top -
	                                      algs->data.sequence.items.start)),
	    sizeof(cg_algorithm));
	for (yaml_node_item_t *it = algs->data.sequence.items.start;
	     it < algs->data.sequence.items.top; it++) {
		cg_algorithm *a = &rs->algs[rs->nalgs++];
		memset(a, 0, sizeof(*a));
		error =
		    load_alg(a, &doc, yaml_document_get_node(&doc, *it), path);
		if (error < 0)
			goto done;
	}
	if (oids && oids->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = oids->data.mapping.pairs.start;
		     p < oids->data.mapping.pairs.top; p++) {
			const char *k =
			    cg_yamlx_str(yaml_document_get_node(&doc, p->key));
			const char *v = cg_yamlx_str(
			    yaml_document_get_node(&doc, p->value));
			if (!k || !v) {
				cg_error_set("%s:%d: oids maps names to OIDs",
				             path, cg_yamlx_line(oids));
				goto done;
			}
			cg_strv_push(&rs->oid_names, k);
			cg_strv_push(&rs->oid_names, v);
		}
	}
	error = 0;
done:
	yaml_document_delete(&doc);
	return error;
}

/* ---- loading the whole set -------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dir matching a predicate. */
static void list_dir(cg_strv *out, const char *dir, bool want_dirs)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = cg_sprintf("%s/%s", dir, e->d_name);
		struct stat st;
		bool isdir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
		cg_free(p);
		if (want_dirs
		        ? isdir
		        : (!isdir && (cg_str_endswith(e->d_name, ".yaml") ||
		                      cg_str_endswith(e->d_name, ".yml"))))
			cg_strv_push(out, e->d_name);
	}
	closedir(d);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(char *), cmp_name);
}

/* The rule set's hash covers each file's name relative to the rules
 * folder and its content: the same rules give the same hash wherever they
 * are installed or checked out. */
static void hash_file(EVP_MD_CTX *ctx, const char *dir, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	size_t dlen = strlen(dir);
	const char *rel = path;
	if (strncmp(path, dir, dlen) == 0 && path[dlen] == '/')
		rel = path + dlen + 1;
	if (cg_read_file(&data, &len, path, 0) == 0) {
		EVP_DigestUpdate(ctx, rel, strlen(rel) + 1);
		EVP_DigestUpdate(ctx, data, len);
	}
	cg_free(data);
}

int cg_rules_load(cg_ruleset **out, const char *dir)
{
	return cg_rules_load_for(out, dir, NULL);
}

/* ---- query compilation: every (rule, pack) pair, in parallel ---------- */

typedef struct {
	cg_rule *rule;
	size_t pack;
	char *error; /* compile error, or NULL */
} compile_task;

typedef struct {
	compile_task *tasks;
	size_t n;
	size_t next;
	pthread_mutex_t mu;
} compile_pool;

static void *compile_worker(void *arg)
{
	compile_pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		compile_task *t = &p->tasks[i];
		if (cg_query_compile(&t->rule->queries[t->pack],
		                     cg_lang_at(t->pack),
		                     t->rule->query_src) < 0)
			t->error = cg_strdup(cg_error_last());
	}
}

/* The checks that need a compiled query, for rule r and pack i. */
static int check_compiled(const cg_rule *r, size_t i)
{
	const cg_query *q = r->queries[i];
	const cg_asset_tmpl *t = &r->asset;
	for (size_t c = 0; c < r->nconds; c++)
		if (cg_query_capture_index(q, r->conds[c].capture) < 0) {
			cg_error_set("%s:%d: rule %s: condition on unknown "
			             "capture @%s",
			             r->file, r->line, r->id,
			             r->conds[c].capture);
			return CG_EPARSE;
		}
	if (r->at && cg_query_capture_index(q, r->at) < 0) {
		cg_error_set("%s:%d: rule %s: 'at' names unknown capture @%s",
		             r->file, r->line, r->id, r->at);
		return CG_EPARSE;
	}
	if (t->unres_capture &&
	    cg_query_capture_index(q, t->unres_capture) < 0) {
		cg_error_set("%s:%d: rule %s: 'unresolved' names unknown "
		             "capture @%s",
		             r->file, r->line, r->id, t->unres_capture);
		return CG_EPARSE;
	}
	if (check_template(r, q, t->algorithm, "algorithm") < 0 ||
	    check_template(r, q, t->key_size, "key_size") < 0 ||
	    check_template(r, q, t->mode, "mode") < 0 ||
	    check_template(r, q, t->padding, "padding") < 0 ||
	    check_template(r, q, t->curve, "curve") < 0 ||
	    check_template(r, q, t->symbol, "symbol") < 0)
		return CG_EPARSE;
	for (size_t k = 1; k < t->params.len; k += 2)
		if (check_template(r, q, t->params.items[k], "params") < 0)
			return CG_EPARSE;
	for (size_t k = 1; k < t->related.len; k += 2)
		if (check_template(r, q, t->related.items[k], "related") < 0)
			return CG_EPARSE;
	return 0;
}

/* Run the compile tasks on up to `nthreads` threads (this one included). */
static void run_pool(compile_pool *p, size_t nthreads)
{
	pthread_mutex_init(&p->mu, NULL);
	if (nthreads > 8)
		nthreads = 8;
	if (nthreads > p->n)
		nthreads = p->n ? p->n : 1;
	pthread_t th[8];
	size_t started = 0;
	for (; started + 1 < nthreads; started++)
		if (pthread_create(&th[started], NULL, compile_worker, p))
			break;
	compile_worker(p); /* this thread works too */
	for (size_t k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&p->mu);
}

static size_t ncpus(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	return ncpu > 1 ? (size_t)ncpu : 1;
}

bool cg_rules_applies(const cg_rule *r, size_t pack)
{
	return r->queries && pack < cg_lang_count() &&
	       strcmp(cg_lang_at(pack)->rules, r->language) == 0;
}

/* Compile the queries of every rule for every pack of its language (tree-
 * sitter's query compiler is the slow part of loading: spread it over the
 * cores), then report the first problem in rule order, as a serial load
 * would. */
static int compile_queries(cg_ruleset *rs)
{
	compile_pool p = { 0 };
	size_t cap = 0;
	for (size_t r = 0; r < rs->nrules; r++)
		for (size_t i = 0; i < cg_lang_count(); i++) {
			if (!cg_rules_applies(&rs->rules[r], i))
				continue;
			cg_reserve(p.tasks, cap, cg_array__add(p.n, 1));
			p.tasks[p.n++] =
			    (compile_task){ &rs->rules[r], i, NULL };
		}
	run_pool(&p, ncpus());
	int error = 0;
	for (size_t k = 0; k < p.n && !error; k++) {
		const compile_task *t = &p.tasks[k];
		if (t->error) {
			cg_error_set("%s:%d: rule %s: %s", t->rule->file,
			             t->rule->line, t->rule->id, t->error);
			error = CG_EPARSE;
		} else {
			error = check_compiled(t->rule, t->pack);
		}
	}
	for (size_t k = 0; k < p.n; k++)
		cg_free(p.tasks[k].error);
	cg_free(p.tasks);
	return error;
}

static lazy_cache *lazy_new(const cg_ruleset *rs, bool compiled)
{
	lazy_cache *z = cg_calloc(1, sizeof(*z));
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cv, NULL);
	z->npacks = cg_lang_count();
	z->nrules = rs->nrules;
	z->state = cg_calloc(z->nrules * z->npacks + 1, 1);
	z->pstate = cg_calloc(z->npacks, 1);
	z->pack = cg_calloc(z->npacks, sizeof(cg_pack_query *));
	z->seen = cg_calloc(z->npacks, sizeof(uint64_t));
	z->seen_bytes = cg_calloc(z->npacks, sizeof(uint64_t));
	if (compiled)
		memset(z->state, Q_READY, z->nrules * z->npacks);
	return z;
}

/* Record the outcome of compiling task t (lock held); the message of a
 * failure is in t->error, or the checks on the compiled query fail. */
static void lazy_settle(lazy_cache *z, const cg_ruleset *rs, compile_task *t)
{
	size_t ri = (size_t)(t->rule - rs->rules);
	bool ok = !t->error;
	char *msg = NULL;
	if (!ok) {
		msg = cg_sprintf("%s:%d: rule %s: %s", t->rule->file,
		                 t->rule->line, t->rule->id, t->error);
	} else if (check_compiled(t->rule, t->pack) < 0) {
		ok = false;
		msg = cg_strdup(cg_error_last());
	}
	if (!ok) {
		cg_query_free(t->rule->queries[t->pack]);
		t->rule->queries[t->pack] = NULL;
		if (!z->error || ri < z->error_rule) {
			cg_free(z->error);
			z->error = msg;
			z->error_rule = ri;
			msg = NULL;
		}
	}
	cg_free(msg);
	z->state[ri * z->npacks + t->pack] = ok ? Q_READY : Q_FAILED;
}

const cg_query *cg_rules_query(const cg_ruleset *rs, size_t rule, size_t pack)
{
	const cg_rule *r = &rs->rules[rule];
	if (!cg_rules_applies(r, pack))
		return NULL;
	lazy_cache *z = rs->lazy;
	uint8_t *st = &z->state[rule * z->npacks + pack];
	pthread_mutex_lock(&z->mu);
	while (*st == Q_BUSY)
		pthread_cond_wait(&z->cv, &z->mu);
	if (*st == Q_NONE) {
		*st = Q_BUSY;
		pthread_mutex_unlock(&z->mu);
		/* the rule's query slot is written by this thread only */
		compile_task t = { (cg_rule *)r, pack, NULL };
		if (cg_query_compile(&t.rule->queries[pack], cg_lang_at(pack),
		                     r->query_src) < 0)
			t.error = cg_strdup(cg_error_last());
		pthread_mutex_lock(&z->mu);
		lazy_settle(z, rs, &t);
		cg_free(t.error);
		pthread_cond_broadcast(&z->cv);
	}
	const cg_query *q = *st == Q_READY ? r->queries[pack] : NULL;
	pthread_mutex_unlock(&z->mu);
	return q;
}

void cg_rules_prepare(const cg_ruleset *rs, size_t pack, const uint8_t *present)
{
	lazy_cache *z = rs->lazy;
	compile_pool p = { 0 };
	size_t cap = 0;
	pthread_mutex_lock(&z->mu);
	for (size_t i = 0; i < rs->nrules; i++) {
		cg_rule *r = &rs->rules[i];
		uint8_t *st = &z->state[i * z->npacks + pack];
		if (*st != Q_NONE || !cg_rules_applies(r, pack) ||
		    !cg_rules_rule_active(r, present))
			continue;
		*st = Q_BUSY; /* claimed: compiled below */
		cg_reserve(p.tasks, cap, cg_array__add(p.n, 1));
		p.tasks[p.n++] = (compile_task){ r, pack, NULL };
	}
	pthread_mutex_unlock(&z->mu);
	if (!p.n)
		return;
	/* a few queries compile faster than threads start */
	run_pool(&p, p.n >= 4 ? ncpus() : 1);
	pthread_mutex_lock(&z->mu);
	for (size_t k = 0; k < p.n; k++) {
		lazy_settle(z, rs, &p.tasks[k]);
		cg_free(p.tasks[k].error);
	}
	pthread_cond_broadcast(&z->cv);
	pthread_mutex_unlock(&z->mu);
	cg_free(p.tasks);
}

const char *cg_rules_lazy_error(const cg_ruleset *rs)
{
	lazy_cache *z = rs->lazy;
	pthread_mutex_lock(&z->mu);
	const char *e = z->error;
	pthread_mutex_unlock(&z->mu);
	return e;
}

/* Whether query text q captures @name somewhere (strings and comments
 * skipped). tree-sitter capture names run on identifier characters and
 * . - ? ! */
static bool has_capture(const char *q, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = q; *p; p++) {
		if (*p == ';') {
			while (p[1] && p[1] != '\n')
				p++;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				break;
		} else if (*p == '@' && strncmp(p + 1, name, n) == 0) {
			unsigned char c = (unsigned char)p[1 + n];
			if (!(c == '_' || c == '-' || c == '.' || c == '?' ||
			      c == '!' || (c >= '0' && c <= '9') ||
			      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
				return true;
		}
	}
	return false;
}

/* Files (or bytes) of a pack after which one combined query pays for
 * its compilation: a walk per rule costs more than the combined query's
 * compilation once a handful of files need rules. */
#define PACK_QUERY_FILES 8
#define PACK_QUERY_BYTES (256u * 1024u)

/* Query text with runs of white space made one space (comments kept):
 * the key under which rules share patterns. */
static char *squeeze(const char *q)
{
	cg_buf b = CG_BUF_INIT;
	bool sp = false;
	for (const char *p = q; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			sp = true;
			continue;
		}
		if (*p == '\n') { /* ends a ';' comment: keep it */
			cg_buf_putc(&b, '\n');
			sp = false;
			continue;
		}
		if (sp && b.len && cg_buf_cstr(&b)[b.len - 1] != '\n')
			cg_buf_putc(&b, ' ');
		sp = false;
		cg_buf_putc(&b, *p);
	}
	return cg_buf_detach(&b);
}

static cg_pack_query *pack_query_build(const cg_ruleset *rs, size_t pack)
{
	cg_buf src = CG_BUF_INIT;
	size_t n = rs->nrules + 1;
	size_t *start = cg_calloc(n, sizeof(size_t)); /* per group */
	char **key = cg_calloc(n, sizeof(char *));    /* per group */
	size_t *gof = cg_calloc(n, sizeof(size_t));   /* per rule */
	size_t ng = 0;
	for (size_t i = 0; i < rs->nrules; i++) {
		if (!cg_rules_applies(&rs->rules[i], pack))
			continue;
		char *k = squeeze(rs->rules[i].query_src);
		size_t g = 0;
		while (g < ng && strcmp(key[g], k) != 0)
			g++;
		gof[i] = g;
		if (g < ng) {
			cg_free(k);
			continue;
		}
		key[ng] = k;
		start[ng++] = src.len;
		cg_buf_puts(&src, rs->rules[i].query_src);
		cg_buf_puts(&src, "\n");
	}
	cg_pack_query *pq = NULL;
	cg_query *q = NULL;
	if (ng &&
	    cg_query_compile(&q, cg_lang_at(pack), cg_buf_cstr(&src)) == 0) {
		pq = cg_calloc(1, sizeof(*pq));
		pq->q = q;
		pq->group = cg_calloc(q->npatterns + 1, sizeof(uint32_t));
		for (uint32_t k = 0; k < q->npatterns; k++) {
			uint32_t b =
			    ts_query_start_byte_for_pattern(q->query, k);
			size_t lo = 0, hi = ng; /* last start <= b */
			while (hi - lo > 1) {
				size_t mid = (lo + hi) / 2;
				if (start[mid] <= b)
					lo = mid;
				else
					hi = mid;
			}
			pq->group[k] = (uint32_t)lo;
		}
		/* the rules of each group, in rule order */
		pq->first = cg_calloc(ng + 1, sizeof(uint32_t));
		pq->rules = cg_calloc(rs->nrules + 1, sizeof(uint32_t));
		size_t w = 0;
		for (size_t g = 0; g < ng; g++) {
			pq->first[g] = (uint32_t)w;
			for (size_t i = 0; i < rs->nrules; i++)
				if (cg_rules_applies(&rs->rules[i], pack) &&
				    gof[i] == g)
					pq->rules[w++] = (uint32_t)i;
		}
		pq->first[ng] = (uint32_t)w;
		pq->at_id = cg_calloc(rs->nrules + 1, sizeof(int32_t));
		pq->cond_id = cg_calloc(rs->nrules + 1, sizeof(int32_t));
		for (size_t i = 0; i < rs->nrules; i++) {
			const cg_rule *r = &rs->rules[i];
			const char *at = r->at ? r->at : "call";
			pq->cond_id[i] =
			    r->nconds
			        ? cg_query_capture_index(q, r->conds[0].capture)
			        : -1;
			pq->at_id[i] = -1;
			if (cg_rules_applies(r, pack) &&
			    has_capture(r->query_src, at))
				pq->at_id[i] = cg_query_capture_index(q, at);
		}
	}
	for (size_t g = 0; g < ng; g++)
		cg_free(key[g]);
	cg_buf_dispose(&src);
	cg_free(start);
	cg_free(key);
	cg_free(gof);
	return pq;
}

const cg_pack_query *cg_rules_pack_query(const cg_ruleset *rs, size_t pack,
                                         size_t len)
{
	lazy_cache *z = rs->lazy;
	/* CRYPTAGION_QUERIES=each|combined forces one way (the test that
	 * both give the same findings) */
	const char *force = getenv("CRYPTAGION_QUERIES");
	if (force && strcmp(force, "each") == 0)
		return NULL;
	bool now = force && strcmp(force, "combined") == 0;
	pthread_mutex_lock(&z->mu);
	z->seen[pack]++;
	z->seen_bytes[pack] += len;
	bool build = z->pstate[pack] == Q_NONE &&
	             (now || z->seen[pack] >= PACK_QUERY_FILES ||
	              z->seen_bytes[pack] >= PACK_QUERY_BYTES);
	if (build)
		z->pstate[pack] = Q_BUSY;
	pthread_mutex_unlock(&z->mu);
	if (build) {
		cg_pack_query *pq = pack_query_build(rs, pack);
		pthread_mutex_lock(&z->mu);
		z->pack[pack] = pq;
		z->pstate[pack] = pq ? Q_READY : Q_FAILED;
		pthread_mutex_unlock(&z->mu);
	}
	pthread_mutex_lock(&z->mu);
	const cg_pack_query *pq =
	    z->pstate[pack] == Q_READY ? z->pack[pack] : NULL;
	pthread_mutex_unlock(&z->mu);
	return pq;
}

int cg_rules_load_for(cg_ruleset **out, const char *dir, const bool *packs)
{
	cg_ruleset *rs = cg_calloc(1, sizeof(*rs));
	cg_strv langs = CG_STRV_INIT, files = CG_STRV_INIT;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	int error;
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		cg_error_set("%s: rules directory not found", dir);
		error = CG_ENOTFOUND;
		goto done;
	}
	char *algpath = cg_sprintf("%s/algorithms.yaml", dir);
	error = load_algorithms(rs, algpath);
	hash_file(ctx, dir, algpath);
	cg_free(algpath);
	if (error < 0)
		goto done;
	char *patpath = cg_sprintf("%s/patterns.yaml", dir);
	error = load_patterns(rs, patpath);
	hash_file(ctx, dir, patpath);
	cg_free(patpath);
	if (error < 0)
		goto done;
	list_dir(&langs, dir, true);
	for (size_t i = 0; i < langs.len; i++) {
		char *ldir = cg_sprintf("%s/%s", dir, langs.items[i]);
		bool known = false, wanted = packs == NULL;
		for (size_t k = 0; k < cg_lang_count(); k++)
			if (strcmp(cg_lang_at(k)->rules, langs.items[i]) == 0) {
				known = true;
				wanted = wanted || packs[k];
			}
		if (!known) {
			/* data folders such as standards/ are not rules */
			cg_free(ldir);
			continue;
		}
		cg_strv_dispose(&files);
		list_dir(&files, ldir, false);
		for (size_t f = 0; f < files.len; f++) {
			char *path = cg_sprintf("%s/%s", ldir, files.items[f]);
			error = wanted ? load_rule_file(rs, path,
			                                langs.items[i], ctx)
			               : 0;
			hash_file(ctx, dir, path);
			cg_free(path);
			if (error < 0) {
				cg_free(ldir);
				goto done;
			}
		}
		cg_free(ldir);
	}
	if (!rs->nrules && !packs) {
		cg_error_set("%s: no rules found", dir);
		error = CG_ENOTFOUND;
		goto done;
	}
	/* every query now for a full load (checks, tests); on demand for
	 * a scan of some languages */
	if (!packs && (error = compile_queries(rs)) < 0)
		goto done;
	rs->lazy = lazy_new(rs, !packs);
	/* the literal table and the pre-filter */
	for (size_t i = 0; i < rs->nrules; i++) {
		cg_rule *r = &rs->rules[i];
		r->lit_ids = cg_calloc(r->literals.len, sizeof(uint32_t));
		for (size_t k = 0; k < r->literals.len; k++) {
			size_t id = 0;
			while (id < rs->literals.len &&
			       strcmp(rs->literals.items[id],
			              r->literals.items[k]) != 0)
				id++;
			if (id == rs->literals.len)
				cg_strv_push(&rs->literals,
				             r->literals.items[k]);
			r->lit_ids[r->nlit_ids++] = (uint32_t)id;
		}
	}
	rs->matcher = cg_matcher_new((const char *const *)rs->literals.items,
	                             rs->literals.len);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	for (unsigned i = 0; i < 32; i++)
		snprintf(rs->hash + 2 * i, 3, "%02x", md[i]);
	*out = rs;
	rs = NULL;
	error = 0;
done:
	EVP_MD_CTX_free(ctx);
	cg_strv_dispose(&langs);
	cg_strv_dispose(&files);
	cg_rules_free(rs);
	return error;
}

size_t cg_rules_prefilter(const cg_ruleset *rs, const char *text, size_t len,
                          uint8_t *present)
{
	return cg_matcher_scan(rs->matcher, text, len, present,
	                       rs->literals.len);
}

bool cg_rules_rule_active(const cg_rule *rule, const uint8_t *present)
{
	for (size_t i = 0; i < rule->nlit_ids; i++) {
		uint32_t id = rule->lit_ids[i];
		if (present[id >> 3] & (1u << (id & 7)))
			return true;
	}
	return false;
}
