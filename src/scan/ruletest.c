/*
 * ruletest.c — `cryptagion rules test`: every rule against its own
 * fixtures, fixtures/rules/<language>/<rule-id>/{pos,neg}.*.
 *
 * A line of a fixture that uses cryptography ends with a comment
 * "expect: NAME[ key=source ...][, NAME ...]" (a misuse is "!category");
 * every other line must produce nothing. A rule passes when it fires in a
 * pos file, every annotation of its files is met exactly, and its neg
 * files produce no finding at all.
 */
#include "scan.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/engine.h"
#include "../filter/filter.h"
#include "../lang/lang.h"
#include "../material/material.h"
#include "../risk/risk.h"
#include "../rules/rules.h"
#include "../util/array.h"
#include "../util/util.h"

/* One expected or found item on one line. */
typedef struct {
	uint32_t line;
	char *name;   /* asset name, or "!category" */
	char *params; /* "key=source key=source" expected, or found sources */
	char *rule;   /* the rule that produced a found item */
	bool used;
} item;

typedef struct {
	item *v;
	size_t len, cap;
} items;

static item *items_push(items *it)
{
	cg_reserve(it->v, it->cap, cg_array__add(it->len, 1));
	item *x = &it->v[it->len++];
	memset(x, 0, sizeof(*x));
	return x;
}

static void items_dispose(items *it)
{
	for (size_t i = 0; i < it->len; i++) {
		cg_free(it->v[i].name);
		cg_free(it->v[i].params);
		cg_free(it->v[i].rule);
	}
	cg_free(it->v);
	memset(it, 0, sizeof(*it));
}

static char *trim(const char *a, const char *b)
{
	while (a < b && (*a == ' ' || *a == '\t'))
		a++;
	while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
		b--;
	return cg_strndup(a, (size_t)(b - a));
}

/* The annotations of one file. */
static void parse_expect(items *out, const char *src, size_t len)
{
	uint32_t line = 1;
	const char *p = src, *end = src + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		char *l = cg_strndup(p, (size_t)(eol - p));
		char *e = strstr(l, "expect:");
		if (e) {
			e += 7;
			char *stop = e + strlen(e);
			/* a closing block comment ends the annotation */
			char *c = strstr(e, "*/");
			if (c)
				stop = c;
			c = strstr(e, "-->");
			if (c && c < stop)
				stop = c;
			const char *a = e;
			while (a < stop) {
				const char *comma =
				    memchr(a, ',', (size_t)(stop - a));
				const char *b = comma ? comma : stop;
				char *tok = trim(a, b);
				if (*tok) {
					item *x = items_push(out);
					x->line = line;
					char *sp = strpbrk(tok, " \t");
					if (sp) {
						x->name = cg_strndup(
						    tok, (size_t)(sp - tok));
						x->params =
						    trim(sp, tok + strlen(tok));
					} else {
						x->name = cg_strdup(tok);
					}
				}
				cg_free(tok);
				a = comma ? comma + 1 : stop;
			}
		}
		cg_free(l);
		p = eol + 1;
		line++;
	}
}

static void add_source(cg_buf *b, const char *key, const cg_param *p)
{
	if (b->len)
		cg_buf_putc(b, ' ');
	cg_buf_printf(b, "%s=%s", key,
	              cg_src_name(p->value ? p->src : CG_SRC_UNKNOWN));
}

static void found_items(items *out, const cg_findings *fs)
{
	for (size_t i = 0; i < fs->len; i++) {
		const cg_finding *f = &fs->items[i];
		item *x = items_push(out);
		x->line = f->line;
		x->rule = cg_strdup(f->rule_id);
		if (f->misuse) {
			x->name = cg_sprintf("!%s", f->misuse);
			continue;
		}
		x->name = cg_strdup(f->name);
		cg_buf b = CG_BUF_INIT;
		add_source(&b, "algorithm", &f->algorithm);
		add_source(&b, "key_size", &f->key_size);
		add_source(&b, "mode", &f->mode);
		add_source(&b, "padding", &f->padding);
		add_source(&b, "curve", &f->curve);
		/* named parameters are checked by value: iterations=1000 */
		for (size_t k = 0; k < f->nxparams; k++)
			cg_buf_printf(&b, " %s=%s", f->xparams[k].name,
			              f->xparams[k].p.value);
		x->params = cg_buf_detach(&b);
	}
}

/* Protocols set up in code: "@NAME" (e.g. @TLSv1.2) at the object's
 * line, reported by the rule named in its cryptagion:rule property. */
static void found_protocols(items *out, const cg_materials *mats)
{
	for (size_t i = 0; i < mats->len; i++) {
		const cg_mat_obj *o = &mats->items[i];
		const char *rule = "";
		for (size_t k = 0; k + 1 < o->props.len; k += 2)
			if (strcmp(o->props.items[k], "cryptagion:rule") == 0)
				rule = o->props.items[k + 1];
		item *x = items_push(out);
		x->line = o->line;
		x->rule = cg_strdup(rule);
		x->name = cg_sprintf("@%s", o->name);
	}
}

/* Whether every "key=source" of want appears in have. */
static bool params_ok(const char *want, const char *have)
{
	if (!want || !*want)
		return true;
	bool ok = true;
	char *w = cg_strdup(want);
	for (char *save = NULL, *t = strtok_r(w, " \t", &save); t && ok;
	     t = strtok_r(NULL, " \t", &save)) {
		if (!strchr(t, '='))
			continue;
		const char *h = have ? strstr(have, t) : NULL;
		size_t n = strlen(t);
		ok = h && (h == have || h[-1] == ' ') &&
		     (h[n] == '\0' || h[n] == ' ');
	}
	cg_free(w);
	return ok;
}

typedef struct {
	const char *rule_id;
	bool fired_in_pos;
	cg_strv problems;
} verdict;

/* Record a problem (takes s); at most 5 per rule are kept. */
static void problem(verdict *v, char *s)
{
	if (v->problems.len >= 5)
		cg_free(s);
	else
		cg_strv_push_owned(&v->problems, s);
}

static int check_file(verdict *v, cg_engine_worker *w,
                      const cg_material_ctx *mctx, const char *dir,
                      const char *name, bool pos)
{
	char *path = cg_sprintf("%s/%s", dir, name);
	char *src = NULL;
	size_t len = 0;
	int error = cg_read_file(&src, &len, path, 0);
	if (error < 0) {
		cg_strv_push(&v->problems, cg_error_last());
		cg_free(path);
		return error;
	}
	const cg_lang_pack *pack = cg_lang_detect(name, src, len);
	if (!pack) {
		char *s = cg_sprintf("%s: no language pack claims it", path);
		cg_strv_push_owned(&v->problems, s);
		cg_free(src);
		cg_free(path);
		return 0;
	}
	cg_findings fs = { 0 };
	cg_engine_result res;
	error = cg_engine_scan(&fs, &res, w, pack, src, len);
	if (error < 0) {
		cg_strv_push(&v->problems, cg_error_last());
		goto done;
	}
	if (res.parse_errors) {
		char *s =
		    cg_sprintf("%s: the fixture does not parse cleanly", path);
		cg_strv_push_owned(&v->problems, s);
	}
	cg_materials mats = { 0 };
	cg_material_code_protocols(&fs, &mats, mctx, name);
	items want = { 0 }, have = { 0 };
	parse_expect(&want, src, len);
	found_items(&have, &fs);
	found_protocols(&have, &mats);
	cg_materials_dispose(&mats);
	for (size_t i = 0; i < have.len; i++)
		if (pos && strcmp(have.v[i].rule, v->rule_id) == 0)
			v->fired_in_pos = true;
	/* a neg fixture: the rule under test never fires; what other rules
	 * find there (a generator that sets up the near miss) is annotated
	 * like anywhere else */
	for (size_t i = 0; i < have.len && !pos; i++)
		if (strcmp(have.v[i].rule, v->rule_id) == 0) {
			problem(v, cg_sprintf("%s:%u: %s found in a neg "
			                      "fixture (rule %s)",
			                      name, have.v[i].line,
			                      have.v[i].name, have.v[i].rule));
			break;
		}
	for (size_t i = 0; i < want.len; i++) {
		item *x = &want.v[i];
		item *m = NULL;
		for (size_t k = 0; k < have.len && !m; k++)
			if (!have.v[k].used && have.v[k].line == x->line &&
			    strcmp(have.v[k].name, x->name) == 0)
				m = &have.v[k];
		if (!m) {
			problem(v, cg_sprintf("%s:%u: expected %s, not found",
			                      name, x->line, x->name));
			continue;
		}
		m->used = true;
		if (!params_ok(x->params, m->params))
			problem(v,
			        cg_sprintf("%s:%u: %s has sources [%s]", name,
			                   x->line, x->name, m->params));
	}
	for (size_t k = 0; k < have.len; k++)
		if (!have.v[k].used)
			problem(v, cg_sprintf("%s:%u: unexpected %s (rule %s)",
			                      name, have.v[k].line,
			                      have.v[k].name, have.v[k].rule));
	items_dispose(&want);
	items_dispose(&have);
done:
	cg_findings_dispose(&fs);
	cg_free(src);
	cg_free(path);
	return error;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp((*(const cg_rule *const *)a)->id,
	              (*(const cg_rule *const *)b)->id);
}

int cg_scan_rules_test(size_t *passed, size_t *failed, const char *rules_dir,
                       const char *fixtures_dir, FILE *out)
{
	*passed = *failed = 0;
	cg_ruleset *rs = NULL;
	cg_engine *e = NULL;
	cg_engine_worker *w = NULL;
	cg_material_ctx *mctx = NULL;
	const cg_rule **order = NULL;
	int error = cg_rules_load(&rs, rules_dir);
	if (error < 0)
		return error;
	if ((error = cg_engine_new(&e, rs)) < 0)
		goto done;
	if ((error = cg_material_ctx_new(&mctx, rs, NULL, 0, 0)) < 0)
		goto done;
	w = cg_engine_worker_new(e);
	order = cg_calloc(rs->nrules ? rs->nrules : 1, sizeof(const cg_rule *));
	for (size_t i = 0; i < rs->nrules; i++)
		order[i] = &rs->rules[i];
	qsort(order, rs->nrules, sizeof(const cg_rule *), cmp_rule);
	for (size_t i = 0; i < rs->nrules; i++) {
		const cg_rule *r = order[i];
		verdict v = { r->id, false, CG_STRV_INIT };
		char *dir =
		    cg_sprintf("%s/%s/%s", fixtures_dir, r->language, r->id);
		cg_strv files = CG_STRV_INIT;
		DIR *d = opendir(dir);
		if (d) {
			struct dirent *de;
			while ((de = readdir(d)))
				if (strncmp(de->d_name, "pos.", 4) == 0 ||
				    strncmp(de->d_name, "neg.", 4) == 0)
					cg_strv_push(&files, de->d_name);
			closedir(d);
		}
		if (files.len > 1)
			qsort(files.items, files.len, sizeof(char *), cmp_str);
		size_t npos = 0, nneg = 0;
		for (size_t k = 0; k < files.len; k++) {
			bool pos = files.items[k][0] == 'p';
			pos ? npos++ : nneg++;
			check_file(&v, w, mctx, dir, files.items[k], pos);
		}
		if (!npos || !nneg) {
			char *s =
			    cg_sprintf("needs %s/pos.* and %s/neg.*", dir, dir);
			cg_strv_push_owned(&v.problems, s);
		} else if (!v.fired_in_pos) {
			cg_strv_push(&v.problems, "does not fire on pos.*");
		}
		if (v.problems.len) {
			(*failed)++;
			fprintf(out, "FAIL %s\n", r->id);
			for (size_t k = 0; k < v.problems.len; k++)
				fprintf(out, "     %s\n", v.problems.items[k]);
		} else {
			(*passed)++;
			fprintf(out, "ok   %s (%zu pos, %zu neg)\n", r->id,
			        npos, nneg);
		}
		cg_strv_dispose(&v.problems);
		cg_strv_dispose(&files);
		cg_free(dir);
	}
	fprintf(out, "%zu passed, %zu failed\n", *passed, *failed);
	error = 0;
done:
	cg_free(order);
	cg_engine_worker_free(w);
	cg_material_ctx_free(mctx);
	cg_engine_free(e);
	cg_rules_free(rs);
	return error;
}

int cg_scan_check_tables(const struct cg_ruleset *rs, const char *rules_dir)
{
	cg_material_ctx *mc = NULL;
	cg_risk_standards *st = NULL;
	char *std = cg_sprintf("%s/standards/standards.yaml", rules_dir);
	int error = cg_material_ctx_new(&mc, rs, rules_dir, 0, 30);
	if (error == 0)
		error = cg_risk_load(&st, std);
	cg_free(std);
	cg_risk_free(st);
	cg_material_ctx_free(mc);
	return error;
}

const char *cg_scan_exclude_problem(const char *pattern)
{
	return cg_filter_glob_check(pattern);
}
