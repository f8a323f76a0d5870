/* query.c — tree-sitter queries whose predicates we evaluate ourselves
 * (the 0.20 runtime parses #eq?/#match? but does not apply them). */
#include <string.h>

#include "../util/array.h"
#include "rules.h"

static const char *query_error_name(TSQueryError e)
{
	switch (e) {
	case TSQueryErrorSyntax:
		return "syntax error";
	case TSQueryErrorNodeType:
		return "unknown node type";
	case TSQueryErrorField:
		return "unknown field";
	case TSQueryErrorCapture:
		return "unknown capture";
	case TSQueryErrorStructure:
		return "impossible pattern structure";
	case TSQueryErrorLanguage:
		return "language mismatch";
	case TSQueryErrorNone:
		break;
	}
	return "error";
}

static void preds_free(cg_pred *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		cg_strv_dispose(&p[i].values);
		pcre2_code_free(p[i].re);
	}
	cg_free(p);
}

void cg_query_free(cg_query *q)
{
	if (!q)
		return;
	for (uint32_t i = 0; i < q->npatterns; i++)
		preds_free(q->preds[i], q->npreds[i]);
	cg_free(q->preds);
	cg_free(q->npreds);
	if (q->query)
		ts_query_delete(q->query);
	cg_free(q);
}

static pcre2_code *compile_re(const char *pat, uint32_t flags)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | flags, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		cg_error_set("regex '%s' at offset %zu: %s", pat, (size_t)eo,
		             (const char *)msg);
		return NULL;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* Translate the flat predicate steps of one pattern. */
static int compile_preds(cg_pred **out, uint32_t *nout, const TSQuery *query,
                         uint32_t pattern)
{
	uint32_t nsteps = 0;
	const TSQueryPredicateStep *st =
	    ts_query_predicates_for_pattern(query, pattern, &nsteps);
	cg_pred *preds = NULL;
	uint32_t n = 0;
	size_t cap = 0;
	for (uint32_t i = 0; i < nsteps;) {
		uint32_t end = i;
		while (end < nsteps &&
		       st[end].type != TSQueryPredicateStepTypeDone)
			end++;
		if (end == i || st[i].type != TSQueryPredicateStepTypeString) {
			i = end + 1;
			continue;
		}
		uint32_t len;
		const char *name =
		    ts_query_string_value_for_id(query, st[i].value_id, &len);
		cg_pred p = { 0 };
		p.capture2 = -1;
		if (strcmp(name, "eq?") == 0)
			p.op = CG_PRED_EQ;
		else if (strcmp(name, "not-eq?") == 0)
			p.op = CG_PRED_NOT_EQ;
		else if (strcmp(name, "match?") == 0)
			p.op = CG_PRED_MATCH;
		else if (strcmp(name, "not-match?") == 0)
			p.op = CG_PRED_NOT_MATCH;
		else if (strcmp(name, "any-of?") == 0)
			p.op = CG_PRED_ANY_OF;
		else if (strcmp(name, "not-any-of?") == 0)
			p.op = CG_PRED_NOT_ANY_OF;
		else {
			cg_error_set("unsupported predicate #%s", name);
			preds_free(preds, n);
			return CG_EPARSE;
		}
		if (end - i < 3 ||
		    st[i + 1].type != TSQueryPredicateStepTypeCapture) {
			cg_error_set("#%s needs a capture and a value", name);
			preds_free(preds, n);
			return CG_EPARSE;
		}
		p.capture = st[i + 1].value_id;
		for (uint32_t k = i + 2; k < end; k++) {
			if (st[k].type == TSQueryPredicateStepTypeCapture) {
				p.capture2 = (int32_t)st[k].value_id;
				continue;
			}
			cg_strv_push(&p.values,
			             ts_query_string_value_for_id(
			                 query, st[k].value_id, &len));
		}
		if (p.op == CG_PRED_MATCH || p.op == CG_PRED_NOT_MATCH) {
			if (p.values.len != 1) {
				cg_error_set("#%s needs one regex", name);
				cg_strv_dispose(&p.values);
				preds_free(preds, n);
				return CG_EPARSE;
			}
			p.re = compile_re(p.values.items[0], 0);
			if (!p.re) {
				cg_strv_dispose(&p.values);
				preds_free(preds, n);
				return CG_EPARSE;
			}
		}
		cg_reserve(preds, cap, cg_array__add(n, 1));
		preds[n++] = p;
		i = end + 1;
	}
	*out = preds;
	*nout = n;
	return 0;
}

/* Offset of a predicate written directly inside an alternation
 * ("[ (a) (b) (#eq? @x \"y\") ]"), or -1. tree-sitter takes such a predicate
 * as one more alternative that matches any node, so the pattern would run
 * its conditions on every node of every file. Strings and comments are
 * skipped. */
static long predicate_in_alternation(const char *src)
{
	char stack[256];
	size_t depth = 0;
	for (const char *p = src; *p; p++) {
		if (*p == ';') { /* comment to the end of the line */
			while (p[1] && p[1] != '\n')
				p++;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				break;
		} else if (*p == '(' || *p == '[') {
			if (*p == '(' && p[1] == '#' && depth &&
			    depth <= sizeof(stack) && stack[depth - 1] == '[')
				return (long)(p - src);
			if (depth < sizeof(stack))
				stack[depth] = *p;
			depth++;
		} else if ((*p == ')' || *p == ']') && depth) {
			depth--;
		}
	}
	return -1;
}

int cg_query_compile(cg_query **out, const cg_lang_pack *pack, const char *src)
{
	long bad = predicate_in_alternation(src);
	if (bad >= 0) {
		cg_error_set("query: a predicate inside [...] at offset %ld "
		             "makes the alternation match every node; put it "
		             "after the alternation, in a group: "
		             "([ ... ] @capture (#eq? ...))",
		             bad);
		return CG_EPARSE;
	}
	uint32_t off = 0;
	TSQueryError qe = TSQueryErrorNone;
	TSQuery *tq = ts_query_new(pack->grammar(), src, (uint32_t)strlen(src),
	                           &off, &qe);
	if (!tq) {
		/* name the offending text */
		size_t l = 0;
		while (src[off + l] && src[off + l] != '\n' && l < 40)
			l++;
		cg_error_set("query (%s grammar): %s at offset %u near '%.*s'",
		             pack->name, query_error_name(qe), off, (int)l,
		             src + off);
		return CG_EPARSE;
	}
	cg_query *q = cg_calloc(1, sizeof(*q));
	q->query = tq;
	q->npatterns = ts_query_pattern_count(tq);
	q->preds = cg_calloc(q->npatterns, sizeof(cg_pred *));
	q->npreds = cg_calloc(q->npatterns, sizeof(uint32_t));
	for (uint32_t i = 0; i < q->npatterns; i++) {
		int error = compile_preds(&q->preds[i], &q->npreds[i], tq, i);
		if (error < 0) {
			cg_query_free(q);
			return error;
		}
	}
	*out = q;
	return 0;
}

int cg_query_capture_index(const cg_query *q, const char *name)
{
	uint32_t n = ts_query_capture_count(q->query);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len;
		const char *s = ts_query_capture_name_for_id(q->query, i, &len);
		if (strlen(name) == len && memcmp(s, name, len) == 0)
			return (int)i;
	}
	return -1;
}

/* Text of the first node captured as `id` in m; false if none. */
static bool capture_text(const TSQueryMatch *m, uint32_t id, const char *src,
                         const char **s, size_t *len)
{
	for (uint16_t i = 0; i < m->capture_count; i++) {
		if (m->captures[i].index != id)
			continue;
		uint32_t a = ts_node_start_byte(m->captures[i].node);
		uint32_t b = ts_node_end_byte(m->captures[i].node);
		*s = src + a;
		*len = b - a;
		return true;
	}
	return false;
}

static bool eq_text(const char *s, size_t len, const char *v)
{
	return strlen(v) == len && memcmp(s, v, len) == 0;
}

bool cg_query_match_ok(const cg_query *q, const TSQueryMatch *m,
                       const char *src, pcre2_match_data *md)
{
	if (m->pattern_index >= q->npatterns)
		return true;
	const cg_pred *preds = q->preds[m->pattern_index];
	uint32_t n = q->npreds[m->pattern_index];
	for (uint32_t i = 0; i < n; i++) {
		const cg_pred *p = &preds[i];
		const char *s;
		size_t len;
		if (!capture_text(m, p->capture, src, &s, &len))
			continue; /* optional capture absent: no constraint */
		bool r = false;
		switch (p->op) {
		case CG_PRED_EQ:
		case CG_PRED_NOT_EQ:
			if (p->capture2 >= 0) {
				const char *s2;
				size_t l2;
				r = capture_text(m, (uint32_t)p->capture2, src,
				                 &s2, &l2) &&
				    l2 == len && memcmp(s, s2, len) == 0;
			} else {
				r = p->values.len == 1 &&
				    eq_text(s, len, p->values.items[0]);
			}
			if (p->op == CG_PRED_NOT_EQ)
				r = !r;
			break;
		case CG_PRED_MATCH:
		case CG_PRED_NOT_MATCH:
			r = pcre2_match(p->re, (PCRE2_SPTR)s, len, 0, 0, md,
			                NULL) >= 0;
			if (p->op == CG_PRED_NOT_MATCH)
				r = !r;
			break;
		case CG_PRED_ANY_OF:
		case CG_PRED_NOT_ANY_OF:
			for (size_t k = 0; k < p->values.len && !r; k++)
				r = eq_text(s, len, p->values.items[k]);
			if (p->op == CG_PRED_NOT_ANY_OF)
				r = !r;
			break;
		}
		if (!r)
			return false;
	}
	return true;
}
