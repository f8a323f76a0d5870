/* engine.c — see engine.h. */
#include "engine.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/array.h"
#include "../util/util.h"
#include "engine_int.h"
#include "xsym.h"

#define MAX_DEPTH 12 /* resolution depth (constants of constants) */
#define PARSE_TIMEOUT_US 20000000ULL
#define MATCH_LIMIT 4096
/* Budgets of the value resolution. A match is evaluated once per
 * combination of candidate values (reaching definitions, call sites,
 * returns), at most MAX_RUNS times with at most MAX_CHOICES choice points
 * and MAX_CANDS candidates each; a file spends at most FILE_STEPS
 * resolution steps following parameters, returns and fields. Exceeding one
 * is counted as a coverage note (cg_engine_result.budget_notes). */
#define MAX_CHOICES 16
#define MAX_RUNS 16
#define MAX_CANDS 8
#define MAX_FRAMES 8
#define FILE_STEPS 400000UL
/* CPU budget of one file's rule queries: past it the file gets a
 * coverage note instead of holding a worker (deeply nested code makes
 * tree-sitter's query cursor quadratic in the depth). */
#define QUERY_BUDGET_S 10.0
/* Deeper than this, tree-sitter's query cursor (16-bit depths) misses
 * matches without a word, or reads out of bounds. */
#define DEPTH_LIMIT 65535u

struct cg_engine {
	const cg_ruleset *rs;
	cg_query **imports;  /* per pack */
	cg_query **bindings; /* per pack */
	cg_query **scopes;   /* per pack: "[(fn) ...] @scope", or NULL */
	/* the pack queries above are compiled when the pack's first file
	 * is scanned (a scan of one language pays for no other) */
	pthread_mutex_t mu;
	uint8_t *compiled;      /* per pack: 0 not yet, 1 done, 2 failed */
	char **errors;          /* per pack: why its queries failed */
	const cg_xconsts *xc;   /* project constants (borrowed), or NULL */
	const cg_xconfig *xcfg; /* configuration files (borrowed), or NULL */
};

/* "[(a) (b)] @scope" for the pack's scope types that its grammar knows,
 * or NULL when there are none. */
static char *scope_query_src(const cg_lang_pack *p)
{
	if (!p->scope_types)
		return NULL;
	const TSLanguage *lang = p->grammar();
	cg_buf b = CG_BUF_INIT;
	size_t n = 0;
	for (const char *const *t = p->scope_types; *t; t++) {
		if (!ts_language_symbol_for_name(lang, *t, (uint32_t)strlen(*t),
		                                 true))
			continue;
		cg_buf_printf(&b, "%s(%s)", n++ ? " " : "[", *t);
	}
	if (!n) {
		cg_buf_dispose(&b);
		return NULL;
	}
	cg_buf_puts(&b, "] @scope");
	return cg_buf_detach(&b);
}

struct cg_engine_worker {
	const cg_engine *e;
	TSParser *parser;
	TSQueryCursor *cursor;
	pcre2_match_data *md;
	uint8_t *present; /* pre-filter bitmap */
	size_t present_len;
	struct memo *memo; /* resolved values of the current file */
	const char *path;  /* the next file's path (borrowed), or NULL */
};

static struct memo *memo_new(void);
static void memo_free(struct memo *mm);

int cg_engine_new(cg_engine **out, const cg_ruleset *rs)
{
	cg_engine *e = cg_calloc(1, sizeof(*e));
	e->rs = rs;
	size_t n = cg_lang_count();
	e->imports = cg_calloc(n, sizeof(cg_query *));
	e->bindings = cg_calloc(n, sizeof(cg_query *));
	e->scopes = cg_calloc(n, sizeof(cg_query *));
	e->compiled = cg_calloc(n, 1);
	e->errors = cg_calloc(n, sizeof(char *));
	pthread_mutex_init(&e->mu, NULL);
	*out = e;
	return 0;
}

/* Compile the imports, bindings and scopes queries of pack i once (lock
 * held by the caller). */
static int pack_queries_compile(cg_engine *e, size_t i)
{
	const cg_lang_pack *p = cg_lang_at(i);
	int error = 0;
	char *sq = scope_query_src(p);
	if (sq)
		error = cg_query_compile(&e->scopes[i], p, sq);
	cg_free(sq);
	if (!error && p->imports_query)
		error = cg_query_compile(&e->imports[i], p, p->imports_query);
	if (!error && p->bindings_query)
		error = cg_query_compile(&e->bindings[i], p, p->bindings_query);
	if (error < 0)
		e->errors[i] = cg_sprintf("language pack %s: %s", p->name,
		                          cg_error_last());
	return error;
}

/* The pack's own queries, compiled on first use; false (with the reason
 * in cg_error_last()) when they do not compile. */
static bool pack_queries(const cg_engine *ce, size_t i)
{
	cg_engine *e = (cg_engine *)ce; /* the lazily filled part */
	pthread_mutex_lock(&e->mu);
	if (!e->compiled[i])
		e->compiled[i] = pack_queries_compile(e, i) < 0 ? 2 : 1;
	bool ok = e->compiled[i] == 1;
	if (!ok)
		cg_error_set("%s", e->errors[i]);
	pthread_mutex_unlock(&e->mu);
	return ok;
}

void cg_engine_free(cg_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < cg_lang_count(); i++) {
		cg_query_free(e->imports[i]);
		cg_query_free(e->bindings[i]);
		cg_query_free(e->scopes[i]);
		cg_free(e->errors[i]);
	}
	cg_free(e->imports);
	cg_free(e->bindings);
	cg_free(e->scopes);
	cg_free(e->compiled);
	cg_free(e->errors);
	pthread_mutex_destroy(&e->mu);
	cg_free(e);
}

void cg_engine_worker_set_path(cg_engine_worker *w, const char *path)
{
	w->path = path;
}

cg_engine_worker *cg_engine_worker_new(const cg_engine *e)
{
	cg_engine_worker *w = cg_calloc(1, sizeof(*w));
	w->e = e;
	w->parser = ts_parser_new();
	ts_parser_set_timeout_micros(w->parser, PARSE_TIMEOUT_US);
	w->cursor = ts_query_cursor_new();
	ts_query_cursor_set_match_limit(w->cursor, MATCH_LIMIT);
	w->md = pcre2_match_data_create(32, NULL);
	w->present_len = (e->rs->literals.len + 7) / 8;
	w->present = cg_calloc(w->present_len ? w->present_len : 1, 1);
	w->memo = memo_new();
	return w;
}

void cg_engine_worker_free(cg_engine_worker *w)
{
	if (!w)
		return;
	ts_parser_delete(w->parser);
	ts_query_cursor_delete(w->cursor);
	pcre2_match_data_free(w->md);
	cg_free(w->present);
	memo_free(w->memo);
	cg_free(w);
}

static size_t pack_index(const cg_lang_pack *pack)
{
	for (size_t i = 0; i < cg_lang_count(); i++)
		if (cg_lang_at(i) == pack)
			return i;
	return 0;
}

/* ---- per-file context: imports and constants --------------------------- */

static const cg_lang_member *member_kind(const cg_lang_pack *p,
                                         const char *type);
static TSNode field(TSNode n, const char *name);
static bool null_literal(const char *s, size_t len);
static const cg_lang_call *call_kind(const cg_lang_pack *p, const char *type);

typedef struct {
	char *alias;
	char *target;
} import_bind;

typedef struct {
	char *name;
	TSNode value;
	TSNode name_node;
	bool field;       /* `self.x = ...`, `this.x = ...`: visible in the
	                     whole file, through the receiver only */
	bool placeholder; /* value is a `${key:default}` placeholder */
	uint32_t start;   /* byte where the definition starts */
	uint32_t line;    /* 1-based line of the definition */
	/* bytes where the definition is visible: its enclosing function
	 * (a pack scope type), or the whole file */
	uint32_t scope_start, scope_end;
	/* parameter facts, computed on first need: 0 unknown, 1 no
	 * parameter, 2 parameter idx of function pfn named pfname */
	int8_t pstate;
	int pidx;
	TSNode pfn;
	char *pfname;
} const_bind;

/* A node keyed by a name (call sites by callee, functions by name). */
typedef struct cand cand;

typedef struct {
	char *key;
	TSNode node;
	cand *rets; /* functions: their return values, on first need */
	size_t nrets;
	bool rdone;
} keyed_node;

typedef struct {
	keyed_node *items;
	size_t len, cap;
} keyed_nodes;

/* The mutable state of the resolution in one file: the choice points of
 * the current evaluation (an odometer over candidate values), the call
 * frames of helper returns being followed, the lazily built index of
 * call sites and functions, and the step budget. */
typedef struct {
	uint8_t pick[MAX_CHOICES], count[MAX_CHOICES];
	size_t n, nrec;
	bool over;      /* a budget was exceeded in this match */
	int frozen;     /* > 0: take the first candidate, record no choice */
	unsigned notes; /* matches that hit a budget */
	unsigned long steps;
	struct {
		uint32_t fn;
		TSNode args;
	} frames[MAX_FRAMES];
	size_t nframes;
	bool indexed;
	keyed_nodes calls, funcs;
	/* the definition picked for the options object at byte obj_at in
	 * the current evaluation */
	bool obj_set;
	uint32_t obj_at;
	size_t obj_pick;
	/* configuration lookups met by the resolution (value.cfg - 1) */
	struct cfg_note *cfgs;
	size_t ncfgs, capcfgs;
} rstate;

typedef struct {
	const cg_lang_pack *pack;
	const char *src;
	size_t len;
	TSNode root;
	rstate *st;
	import_bind *imports;
	size_t nimports, capimports;
	const_bind *consts;
	size_t nconsts, capconsts;
	pcre2_match_data *md;
	const cg_xconsts *xc;   /* project constants, or NULL */
	const cg_xconfig *xcfg; /* configuration files, or NULL */
	const char *path;       /* the file's path in the scan, or NULL */
} file_ctx;

static char *node_text(const file_ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return cg_strndup(c->src + a, b - a);
}

static void bind_import(void *payload, const char *alias, const char *target)
{
	file_ctx *c = payload;
	/* alias == target is kept: `const crypto = require("crypto")`
	 * binds crypto to the module, not to the require() call */
	if (!*alias || !*target)
		return;
	for (size_t i = 0; i < c->nimports; i++)
		if (strcmp(c->imports[i].alias, alias) == 0) {
			cg_free(c->imports[i].target);
			c->imports[i].target = cg_strdup(target);
			return;
		}
	cg_reserve(c->imports, c->capimports, cg_array__add(c->nimports, 1));
	c->imports[c->nimports].alias = cg_strdup(alias);
	c->imports[c->nimports].target = cg_strdup(target);
	c->nimports++;
}

/* "a::b" -> "a.b", quotes stripped (Go import paths, JS module names). */
static char *clean_path(const char *s)
{
	cg_buf b = CG_BUF_INIT;
	for (; *s; s++) {
		if (*s == '"' || *s == '\'' || *s == '`')
			continue;
		if (s[0] == ':' && s[1] == ':') {
			cg_buf_putc(&b, '.');
			s++;
			continue;
		}
		cg_buf_putc(&b, *s);
	}
	return cg_buf_detach(&b);
}

/* Last segment of a dotted or slashed path, skipping a Go "/vN" suffix. */
static char *last_segment(const char *path)
{
	size_t len = strlen(path), end = len;
	for (int pass = 0; pass < 2; pass++) {
		size_t start = end;
		while (start > 0 && path[start - 1] != '.' &&
		       path[start - 1] != '/')
			start--;
		bool version =
		    end - start >= 2 && path[start] == 'v' &&
		    strspn(path + start + 1, "0123456789") == end - start - 1;
		if (!version || start == 0 || pass == 1)
			return cg_strndup(path + start, end - start);
		end = start - 1;
	}
	return cg_strdup(path);
}

static int capture_by_name(const cg_query *q, const TSQueryMatch *m,
                           const char *name, TSNode *out)
{
	int id = cg_query_capture_index(q, name);
	if (id < 0)
		return 0;
	for (uint16_t i = 0; i < m->capture_count; i++)
		if (m->captures[i].index == (uint32_t)id) {
			*out = m->captures[i].node;
			return 1;
		}
	return 0;
}

static void collect_imports(file_ctx *c, cg_engine_worker *w, size_t pi,
                            TSNode root)
{
	const cg_query *q = w->e->imports[pi];
	if (!q)
		return;
	ts_query_cursor_exec(w->cursor, q->query, root);
	TSQueryMatch m;
	while (ts_query_cursor_next_match(w->cursor, &m)) {
		if (!cg_query_match_ok(q, &m, c->src, w->md))
			continue;
		TSNode use, name, module, alias;
		if (c->pack->import_hook &&
		    capture_by_name(q, &m, "use", &use)) {
			c->pack->import_hook(use, c->src, bind_import, c);
			continue;
		}
		if (!capture_by_name(q, &m, "name", &name))
			continue;
		char *n = node_text(c, name);
		char *target = clean_path(n);
		cg_free(n);
		if (capture_by_name(q, &m, "module", &module)) {
			char *mt = node_text(c, module);
			char *mp = clean_path(mt);
			char *full = cg_sprintf("%s.%s", mp, target);
			cg_free(mt);
			cg_free(mp);
			cg_free(target);
			target = full;
		}
		char *a;
		if (capture_by_name(q, &m, "alias", &alias))
			a = node_text(c, alias);
		else
			a = last_segment(target);
		bind_import(c, a, target);
		cg_free(a);
		cg_free(target);
	}
}

static int cmp_const(const void *pa, const void *pb)
{
	const const_bind *a = pa, *b = pb;
	int r = strcmp(a->name, b->name);
	if (r)
		return r;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	/* a placeholder (`@Value("${k}") String x;`) after the declaration
	 * binding itself: the later one reaches the uses first */
	return (int)a->placeholder - (int)b->placeholder;
}

typedef struct {
	uint32_t start, end;
} byte_range;

static int cmp_range(const void *pa, const void *pb)
{
	const byte_range *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	/* the outer one first */
	return a->end > b->end ? -1 : a->end < b->end;
}

static _Thread_local const const_bind *g_sort_consts;

static int cmp_const_pos(const void *pa, const void *pb)
{
	uint32_t a = g_sort_consts[*(const size_t *)pa].start;
	uint32_t b = g_sort_consts[*(const size_t *)pb].start;
	return a < b ? -1 : a > b;
}

/* Give each constant the innermost function (scope) holding it. One query
 * collects the scopes in document order; a sweep keeps the stack of open
 * scopes, so the whole pass is linear in scopes + constants. */
static void set_scopes(file_ctx *c, cg_engine_worker *w, size_t pi, TSNode root)
{
	const cg_query *q = w->e->scopes[pi];
	if (!q || !c->nconsts)
		return;
	byte_range *sc = NULL;
	size_t n = 0, cap = 0;
	ts_query_cursor_exec(w->cursor, q->query, root);
	TSQueryMatch m;
	while (ts_query_cursor_next_match(w->cursor, &m)) {
		if (!m.capture_count)
			continue;
		cg_reserve(sc, cap, cg_array__add(n, 1));
		sc[n].start = ts_node_start_byte(m.captures[0].node);
		sc[n].end = ts_node_end_byte(m.captures[0].node);
		n++;
	}
	if (!n)
		return;
	qsort(sc, n, sizeof(byte_range), cmp_range);
	/* constants by position (they are sorted by name) */
	size_t *order = cg_calloc(c->nconsts, sizeof(size_t));
	for (size_t i = 0; i < c->nconsts; i++)
		order[i] = i;
	g_sort_consts = c->consts;
	qsort(order, c->nconsts, sizeof(size_t), cmp_const_pos);
	byte_range *stack = cg_calloc(n, sizeof(byte_range));
	size_t depth = 0, next = 0;
	for (size_t k = 0; k < c->nconsts; k++) {
		const_bind *b = &c->consts[order[k]];
		while (next < n && sc[next].start <= b->start) {
			while (depth && stack[depth - 1].end <= sc[next].start)
				depth--;
			stack[depth++] = sc[next++];
		}
		while (depth && stack[depth - 1].end <= b->start)
			depth--;
		if (depth && !b->field) {
			b->scope_start = stack[depth - 1].start;
			b->scope_end = stack[depth - 1].end;
		}
	}
	cg_free(stack);
	cg_free(order);
	cg_free(sc);
}

static void collect_consts(file_ctx *c, cg_engine_worker *w, size_t pi,
                           TSNode root)
{
	const cg_query *q = w->e->bindings[pi];
	if (!q)
		return;
	ts_query_cursor_exec(w->cursor, q->query, root);
	TSQueryMatch m;
	while (ts_query_cursor_next_match(w->cursor, &m)) {
		if (!cg_query_match_ok(q, &m, c->src, w->md))
			continue;
		TSNode name, value;
		if (!capture_by_name(q, &m, "name", &name) ||
		    !capture_by_name(q, &m, "value", &value))
			continue;
		cg_reserve(c->consts, c->capconsts,
		           cg_array__add(c->nconsts, 1));
		const_bind *b = &c->consts[c->nconsts++];
		memset(b, 0, sizeof(*b));
		b->name = node_text(c, name);
		b->value = value;
		b->name_node = name;
		/* the pack marks receiver fields with an @_field capture */
		TSNode fld;
		b->field = capture_by_name(q, &m, "_field", &fld) != 0;
		b->placeholder =
		    capture_by_name(q, &m, "_placeholder", &fld) != 0;
		b->start = ts_node_start_byte(name);
		b->line = ts_node_start_point(name).row + 1;
		b->scope_start = 0;
		b->scope_end = UINT32_MAX;
	}
	set_scopes(c, w, pi, root);
	if (c->nconsts > 1)
		qsort(c->consts, c->nconsts, sizeof(const_bind), cmp_const);
}

static void ctx_dispose(file_ctx *c)
{
	for (size_t i = 0; i < c->nimports; i++) {
		cg_free(c->imports[i].alias);
		cg_free(c->imports[i].target);
	}
	cg_free(c->imports);
	for (size_t i = 0; i < c->nconsts; i++) {
		cg_free(c->consts[i].name);
		cg_free(c->consts[i].pfname);
	}
	cg_free(c->consts);
}

static const char *find_import(const file_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nimports; i++)
		if (strcmp(c->imports[i].alias, name) == 0)
			return c->imports[i].target;
	return NULL;
}

/* ---- project constants (xsym.c) --------------------------------- */

void cg_engine_use_xconsts(cg_engine *e, const cg_xconsts *t)
{
	e->xc = t;
}

void cg_engine_use_xconfig(cg_engine *e, const cg_xconfig *t)
{
	e->xcfg = t;
}

/* ---- value resolution ------------------------------------------------- */

typedef enum { V_NONE, V_STR, V_INT, V_NAME } vkind;

typedef struct {
	vkind kind;
	cg_buf text;
	cg_src src;       /* literal / constant / unknown */
	uint32_t line;    /* constant definition line */
	const char *file; /* its file when another one (borrowed from the
	                     project symbols), else NULL */
	bool unres;       /* derived from something that is not resolved */
	cg_buf why;       /* the first reason it is not, for the report */
	uint32_t cfg;     /* a configuration lookup it came from: index + 1
	                     into rstate.cfgs, or 0 */
} value;

static void value_reset(value *v)
{
	cg_buf_dispose(&v->text);
	cg_buf_dispose(&v->why);
	v->kind = V_NONE;
	v->src = CG_SRC_UNKNOWN;
	v->line = 0;
	v->file = NULL;
	v->unres = false;
	v->cfg = 0;
}

/* v := the project constant `name` (qualifier qual, or NULL). */
static bool xconst_value(const file_ctx *c, const char *name, const char *qual,
                         value *v)
{
	cg_xsym_hit x;
	if (!c->xc || !cg_engine__xsym_find(&x, c->xc, c->pack, name, qual))
		return false;
	value_reset(v);
	v->kind = x.num ? V_INT : V_STR;
	cg_buf_puts(&v->text, x.value);
	v->src = CG_SRC_CONSTANT;
	v->line = x.line; /* in the file that defines it */
	v->file = x.path;
	return true;
}

/* v := the value that a helper of the project returns, for a call
 * `Q.name()` or `name()` without arguments (a getter returning a
 * constant, xsym.c); provenance: return, at the helper's file and
 * line. */
static bool xhelper_value(const file_ctx *c, const char *callee, TSNode args,
                          value *v)
{
	if (!c->xc || !callee || !*callee ||
	    (!ts_node_is_null(args) && ts_node_named_child_count(args) > 0))
		return false;
	const char *last = strrchr(callee, '.');
	char *qual = last ? cg_strndup(callee, (size_t)(last - callee)) : NULL;
	last = last ? last + 1 : callee;
	char *key = cg_sprintf("%s()", last);
	value xv = { 0 };
	bool ok = xconst_value(c, key, qual, &xv);
	cg_free(key);
	cg_free(qual);
	if (!ok)
		return false;
	xv.src = CG_SRC_RETURN;
	value_reset(v);
	*v = xv;
	return true;
}

/* The last segment of a dotted/pathed name in *name, the one before it
 * (or NULL) returned, newly allocated; *name points into s. */
static char *split_qual(const char *s, const char **name)
{
	const char *end = s + strlen(s), *p = end;
	while (p > s && !strchr("./:", p[-1]))
		p--;
	*name = p;
	const char *q = p;
	while (q > s && strchr("./:", q[-1]))
		q--;
	const char *qs = q;
	while (qs > s && !strchr("./:", qs[-1]))
		qs--;
	return q > qs ? cg_strndup(qs, (size_t)(q - qs)) : NULL;
}

/* Mark v unresolved, keeping the innermost reason. */
static void set_unres(value *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_unres(value *v, const char *fmt, ...)
{
	v->unres = true;
	if (v->why.len)
		return;
	va_list ap;
	va_start(ap, fmt);
	char tmp[256];
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	cg_buf_puts(&v->why, tmp);
}

/* A short, one-line excerpt of a node's text for a reason. */
static char *excerpt(const char *s, size_t len)
{
	cg_buf b = CG_BUF_INIT;
	for (size_t i = 0; i < len && b.len < 60; i++)
		cg_buf_putc(&b, (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
		                    ? ' '
		                    : s[i]);
	if (len > 60)
		cg_buf_puts(&b, "...");
	return cg_buf_detach(&b);
}

/* Provenance of a value reached through an indirection of kind k defined
 * at line: the indirection names it unless an inner one already did. */
static void via(value *v, cg_src k, uint32_t line)
{
	if (v->src == CG_SRC_LITERAL || v->src == CG_SRC_API ||
	    v->src == CG_SRC_UNKNOWN) {
		v->src = k;
		v->line = line;
		v->file = NULL;
	}
}

/* ---- configuration lookups ------------------------------------------- */

/* A configuration lookup a value came from: what it reads, the key, the
 * file entry that set the value (or NULL: the in-code default), and that
 * default. */
struct cfg_note {
	cg_lang_cfg_kind kind;
	char *key;                   /* the key or variable, or NULL */
	const cg_xconfig_entry *set; /* borrowed from the table, or NULL */
	char *dflt;                  /* the in-code default, or NULL */
	uint32_t dline;              /* its line */
};

#define MAX_CFG_NOTES 4096 /* per file */

/* Record a lookup for the values of this file; its number (index + 1),
 * or 0 past the bound. Copies key and dflt. */
static uint32_t cfg_note_add(const file_ctx *c, cg_lang_cfg_kind kind,
                             const char *key, const cg_xconfig_entry *set,
                             const char *dflt, uint32_t dline)
{
	rstate *st = c->st;
	if (st->ncfgs >= MAX_CFG_NOTES)
		return 0;
	cg_reserve(st->cfgs, st->capcfgs, cg_array__add(st->ncfgs, 1));
	struct cfg_note *nt = &st->cfgs[st->ncfgs++];
	nt->kind = kind;
	nt->key = key ? cg_strdup(key) : NULL;
	nt->set = set;
	nt->dflt = dflt ? cg_strdup(dflt) : NULL;
	nt->dline = dline;
	return (uint32_t)st->ncfgs;
}

static void cfg_notes_dispose(rstate *st)
{
	for (size_t i = 0; i < st->ncfgs; i++) {
		cg_free(st->cfgs[i].key);
		cg_free(st->cfgs[i].dflt);
	}
	cg_free(st->cfgs);
	st->cfgs = NULL;
	st->ncfgs = st->capcfgs = 0;
}

/* ---- choices, budgets, call sites and functions --------------------- */

/* Pick one of k candidates at the next choice point of this evaluation:
 * the odometer's digit when it is known, else 0 (and record k). */
static size_t choose(const file_ctx *c, size_t k)
{
	rstate *st = c->st;
	if (k <= 1 || st->frozen)
		return 0;
	if (k > 255)
		k = 255;
	size_t i = st->n++;
	if (i >= MAX_CHOICES) {
		st->over = true;
		return 0;
	}
	if (i < st->nrec)
		return st->pick[i] < k ? st->pick[i] : 0;
	st->pick[i] = 0;
	st->count[i] = (uint8_t)k;
	st->nrec = i + 1;
	return 0;
}

/* Advance the odometer; false when every combination was evaluated. */
static bool next_choice(rstate *st)
{
	if (st->nrec > st->n)
		st->nrec = st->n;
	while (st->nrec) {
		size_t i = st->nrec - 1;
		if (st->pick[i] + 1 < st->count[i]) {
			st->pick[i]++;
			return true;
		}
		st->nrec--;
	}
	return false;
}

static bool budget_ok(const file_ctx *c)
{
	if (c->st->steps <= FILE_STEPS)
		return true;
	c->st->over = true;
	return false;
}

static void keyed_push(keyed_nodes *k, char *key, TSNode n)
{
	cg_array_grow(k, 1);
	memset(&k->items[k->len], 0, sizeof(keyed_node));
	k->items[k->len].key = key;
	k->items[k->len].node = n;
	k->len++;
}

static int cmp_keyed(const void *pa, const void *pb)
{
	const keyed_node *a = pa, *b = pb;
	int r = strcmp(a->key, b->key);
	if (r)
		return r;
	uint32_t x = ts_node_start_byte(a->node),
	         y = ts_node_start_byte(b->node);
	return x < y ? -1 : x > y;
}

static void keyed_dispose(keyed_nodes *k)
{
	for (size_t i = 0; i < k->len; i++) {
		cg_free(k->items[i].key);
		cg_free(k->items[i].rets);
	}
	cg_free(k->items);
	memset(k, 0, sizeof(*k));
}

/* First index of key in k (k->len if absent). */
static size_t keyed_find(const keyed_nodes *k, const char *key)
{
	size_t lo = 0, hi = k->len;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(k->items[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool ident_char(char ch)
{
	return ch == '_' || ch == '$' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* The simple name a callee or a function name node stands for: the last
 * identifier of its text before any `<` or `(` (`a.b.encrypt` ->
 * `encrypt`, `Foo<T>` -> `Foo`), or NULL. A callee that is itself a call
 * (`makeSigner(bits)(input, key)` calls what makeSigner returns) has no
 * name: its arguments are not makeSigner's. */
static char *simple_name(const file_ctx *c, TSNode n)
{
	if (ts_node_is_null(n) || call_kind(c->pack, ts_node_type(n)))
		return NULL;
	const cg_lang_member *mk = member_kind(c->pack, ts_node_type(n));
	if (mk) {
		TSNode prop = field(n, mk->property);
		if (!ts_node_is_null(prop))
			n = prop;
	}
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *s = c->src + a;
	size_t len = b - a, end = 0;
	while (end < len && s[end] != '<' && s[end] != '(')
		end++;
	size_t start = end;
	while (start > 0 && ident_char(s[start - 1]))
		start--;
	if (start == end || (s[start] >= '0' && s[start] <= '9'))
		return NULL;
	return cg_strndup(s + start, end - start);
}

static bool is_name_type(const cg_lang_pack *p, TSNode n)
{
	return cg_lang_type_in(ts_node_type(n), p->name_types);
}

/* Whether obj, the object of member access n, is itself a member access
 * of names only (`E.C` of `E.C.field`: an enum constant's field). */
static bool name_chain(const file_ctx *c, TSNode obj, TSNode n)
{
	if (strcmp(ts_node_type(obj), ts_node_type(n)) != 0)
		return false;
	uint32_t a = ts_node_start_byte(obj), b = ts_node_end_byte(obj);
	for (uint32_t i = a; i < b; i++) {
		char ch = c->src[i];
		if (!(ch == '.' || ch == '_' || ch == '$' ||
		      (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= 'A' && ch <= 'Z')))
			return false;
	}
	return b > a;
}

/* A function definition's name: field `name`, else the `declarator`
 * chain (C), else the declaration it is the value of (`const f = () =>`).
 * A constructor named like the pack's ctor_name takes its class's name. */
static char *func_name(const file_ctx *c, TSNode fn)
{
	const cg_lang_flow *fl = c->pack->flow;
	TSNode nm = field(fn, "name");
	if (ts_node_is_null(nm)) {
		TSNode d = field(fn, "declarator");
		for (int i = 0;
		     i < 6 && !ts_node_is_null(d) && !is_name_type(c->pack, d);
		     i++)
			d = field(d, "declarator");
		nm = d;
	}
	if (ts_node_is_null(nm)) {
		TSNode par = ts_node_parent(fn);
		if (!ts_node_is_null(par) &&
		    ts_node_eq(field(par, "value"), fn))
			nm = field(par, "name");
	}
	char *name = simple_name(c, nm);
	if (name && fl->ctor_name && strcmp(name, fl->ctor_name) == 0) {
		for (TSNode up = ts_node_parent(fn); !ts_node_is_null(up);
		     up = ts_node_parent(up))
			if (cg_lang_type_in(ts_node_type(up), fl->classes)) {
				char *cls = simple_name(c, field(up, "name"));
				if (cls) {
					cg_free(name);
					name = cls;
				}
				break;
			}
	}
	return name;
}

/* One walk over the tree: call sites by callee name, functions by name. */
static void index_tree(const file_ctx *c)
{
	rstate *st = c->st;
	const cg_lang_pack *p = c->pack;
	st->indexed = true;
	if (!p->flow)
		return;
	TSTreeCursor cur = ts_tree_cursor_new(c->root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		if (ts_node_is_named(n)) {
			const char *type = ts_node_type(n);
			const cg_lang_call *ck = call_kind(p, type);
			const cg_lang_member *mk = member_kind(p, type);
			char *key = NULL;
			if (ck)
				key = simple_name(c, field(n, ck->function));
			else if (mk && mk->arguments)
				key = simple_name(c, field(n, mk->property));
			if (key)
				keyed_push(&st->calls, key, n);
			if (cg_lang_type_in(type, p->flow->functions)) {
				char *name = func_name(c, n);
				if (name)
					keyed_push(&st->funcs, name, n);
			}
			st->steps++;
		}
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur))
				goto out;
	}
out:
	ts_tree_cursor_delete(&cur);
	if (st->calls.len > 1)
		qsort(st->calls.items, st->calls.len, sizeof(keyed_node),
		      cmp_keyed);
	if (st->funcs.len > 1)
		qsort(st->funcs.items, st->funcs.len, sizeof(keyed_node),
		      cmp_keyed);
}

struct cand {
	TSNode node;
	uint32_t line;
};

static bool is_comment(const file_ctx *c, TSNode n)
{
	return cg_lang_type_in(ts_node_type(n), c->pack->comment_types);
}

/* The argument for parameter `name` (position idx) in an argument list:
 * a keyword argument of that name, else the idx-th positional one. */
static TSNode call_arg(const file_ctx *c, TSNode args, const char *name,
                       int idx)
{
	TSNode none = { 0 };
	if (ts_node_is_null(args))
		return none;
	uint32_t cnt = ts_node_named_child_count(args);
	int k = 0;
	for (uint32_t i = 0; i < cnt; i++) {
		TSNode ch = ts_node_named_child(args, i);
		if (is_comment(c, ch))
			continue;
		TSNode kn = field(ch, "name"), kv = field(ch, "value");
		if (!ts_node_is_null(kn) && !ts_node_is_null(kv)) {
			uint32_t a = ts_node_start_byte(kn);
			uint32_t b = ts_node_end_byte(kn);
			if (strlen(name) == b - a &&
			    memcmp(c->src + a, name, b - a) == 0)
				return kv;
			continue;
		}
		if (ts_node_type(ch)[0] == 'l' &&
		    strcmp(ts_node_type(ch), "list_splat") == 0)
			return none;
		if (k++ == idx)
			return ch;
	}
	return none;
}

static bool is_self(const file_ctx *c, TSNode n)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->self_names)
		return false;
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	for (const char *const *s = fl->self_names; *s; s++)
		if (strlen(*s) == b - a && memcmp(c->src + a, *s, b - a) == 0)
			return true;
	return false;
}

static void resolve(const file_ctx *c, TSNode n, value *v, int depth);

/* A value worth carrying across a call: a literal, or a library name
 * (`hashlib.sha256`, `AES.MODE_GCM`). */
static bool usable(const value *v)
{
	return !v->unres && (v->kind == V_STR || v->kind == V_INT ||
	                     (v->kind == V_NAME && v->text.len));
}

/* Resolve a candidate chosen among n, with provenance kind k. */
static void resolve_cand(const file_ctx *c, const cand *cs, size_t n, cg_src k,
                         value *v, int depth)
{
	size_t pick = choose(c, n);
	resolve(c, cs[pick].node, v, depth + 1);
	via(v, k, cs[pick].line);
}

static uint32_t line_of(TSNode n)
{
	return ts_node_start_point(n).row + 1;
}

/* A binding whose value node is a parameter: its value is the argument at
 * the call sites of the function in the file (only the call being
 * followed when the function is entered from a helper call), or the
 * parameter's default. Returns false when pnode is no parameter. */
/* Whether binding b is a parameter: its position and function (cached in
 * the binding). */
static bool param_facts(const file_ctx *c, const_bind *b)
{
	if (b->pstate)
		return b->pstate == 2;
	b->pstate = 1;
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->params)
		return false;
	TSNode pnode = b->value;
	TSNode list = ts_node_parent(pnode);
	if (ts_node_is_null(list) ||
	    !cg_lang_type_in(ts_node_type(list), fl->params))
		return false;
	int idx = -1, k = 0;
	uint32_t cnt = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < cnt; i++) {
		TSNode ch = ts_node_named_child(list, i);
		if (is_comment(c, ch))
			continue;
		if (k == 0 && i == 0 && is_self(c, ch) &&
		    !ts_node_eq(ch, pnode))
			continue;
		if (ts_node_eq(ch, pnode)) {
			idx = k;
			break;
		}
		k++;
	}
	TSNode fn = ts_node_parent(list);
	for (int up = 0; up < 3 && !ts_node_is_null(fn) &&
	                 !cg_lang_type_in(ts_node_type(fn), fl->functions);
	     up++)
		fn = ts_node_parent(fn);
	if (idx < 0 || ts_node_is_null(fn) ||
	    !cg_lang_type_in(ts_node_type(fn), fl->functions))
		return false;
	b->pstate = 2;
	b->pidx = idx;
	b->pfn = fn;
	b->pfname = func_name(c, fn);
	return true;
}

/* The literal values that parameter idx of function fname (declared by
 * pnode's list) receives at call sites of the project (xsym.c's
 * summaries, through up to 8 levels of calls), at most MAX_CANDS in hits;
 * foreign: only from files that define no function of that name (the
 * file's own call sites are followed in its tree). Returns how many. */
static size_t xparam_hits(const file_ctx *c, TSNode pnode, const char *fname,
                          int idx, bool foreign, cg_xsym_hit *hits)
{
	if (!c->xc)
		return 0;
	TSNode list = ts_node_parent(pnode);
	int arity = 0;
	uint32_t cnt = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < cnt; i++) {
		TSNode ch = ts_node_named_child(list, i);
		if (is_comment(c, ch) ||
		    (arity == 0 && i == 0 && is_self(c, ch)))
			continue;
		arity++;
	}
	size_t k = cg_engine__xsym_args(hits, MAX_CANDS, c->xc, c->pack,
	                                c->path, fname, idx, arity, foreign);
	if (k > MAX_CANDS) {
		c->st->over = true; /* a coverage note; the first ones count */
		k = MAX_CANDS;
	}
	return k;
}

/* v := the value of a project call site h (xparam_hits): provenance
 * parameter, at the file and line of the literal call site. */
static void xparam_set(value *v, const cg_xsym_hit *h)
{
	value_reset(v);
	v->kind = h->num ? V_INT : V_STR;
	cg_buf_puts(&v->text, h->value);
	v->src = CG_SRC_PARAMETER;
	v->line = h->line;
	v->file = h->path;
}

static bool resolve_param(const file_ctx *c, const char *name,
                          const const_bind *cb, value *v, int depth)
{
	const_bind *b = (const_bind *)cb; /* facts are cached in it */
	if (!param_facts(c, b))
		return false;
	TSNode pnode = b->value, fn = b->pfn;
	int idx = b->pidx;
	const cg_lang_flow *kfl = c->pack->flow;
	if (kfl && kfl->kwargs &&
	    strcmp(ts_node_type(pnode), kfl->kwargs) == 0) {
		/* `**kw` as a whole: no one argument (its members are read
		 * by container_lookup) */
		v->kind = V_NAME;
		cg_buf_puts(&v->text, name);
		v->src = CG_SRC_UNKNOWN;
		set_unres(v, "keyword arguments `%s` of `%s`", name,
		          b->pfname ? b->pfname : "?");
		return true;
	}
	char *fname = b->pfname ? cg_strdup(b->pfname) : NULL;
	TSNode def = field(pnode, "value");
	if (ts_node_is_null(def))
		def = field(pnode, "right");
	if (ts_node_is_null(def))
		def = field(pnode, "default_value");
	cand cs[MAX_CANDS];
	size_t n = 0;
	bool missing = false;
	rstate *st = c->st;
	uint32_t fstart = ts_node_start_byte(fn);
	size_t saved = st->nframes;
	if (st->nframes && st->frames[st->nframes - 1].fn == fstart) {
		TSNode a =
		    call_arg(c, st->frames[st->nframes - 1].args, name, idx);
		if (!ts_node_is_null(a))
			cs[n++] = (cand){ a, line_of(a) };
		else
			missing = true;
		st->nframes--; /* the argument belongs to the caller */
	} else if (fname && depth < MAX_DEPTH && budget_ok(c)) {
		if (!st->indexed)
			index_tree(c);
		for (size_t i = keyed_find(&st->calls, fname);
		     i < st->calls.len &&
		     strcmp(st->calls.items[i].key, fname) == 0;
		     i++) {
			TSNode call = st->calls.items[i].node;
			/* a call inside the function itself is recursion
			 * or another object's method of the same name */
			if (ts_node_start_byte(call) >= fstart &&
			    ts_node_end_byte(call) <= ts_node_end_byte(fn))
				continue;
			TSNode a =
			    call_arg(c, field(call, "arguments"), name, idx);
			if (ts_node_is_null(a)) {
				missing = true;
				continue;
			}
			if (n == MAX_CANDS) {
				st->over = true;
				break;
			}
			cs[n++] = (cand){ a, line_of(call) };
		}
	}
	/* call sites in other files of the project: more candidates */
	cg_xsym_hit xh[MAX_CANDS];
	size_t xk = 0;
	if (saved == st->nframes && fname && !missing && n < MAX_CANDS)
		xk = xparam_hits(c, pnode, fname, idx, n > 0, xh);
	if (xk > MAX_CANDS - n)
		xk = MAX_CANDS - n;
	if (xk) {
		size_t pick = choose(c, n + xk);
		if (pick >= n) {
			xparam_set(v, &xh[pick - n]);
			cg_free(fname);
			return true;
		}
		cs[0] = cs[pick];
		n = 1;
	}
	if ((missing || !n) && !ts_node_is_null(def) && n < MAX_CANDS)
		cs[n++] = (cand){ def, line_of(def) };
	if (n) {
		resolve_cand(c, cs, n, CG_SRC_PARAMETER, v, depth);
		st->nframes = saved;
		if (usable(v)) {
			cg_free(fname);
			return true;
		}
		cg_buf why = v->why;
		v->why = (cg_buf)CG_BUF_INIT;
		value_reset(v);
		v->why = why;
	}
	st->nframes = saved;
	v->kind = V_NAME;
	cg_buf_puts(&v->text, name);
	v->src = CG_SRC_UNKNOWN;
	set_unres(v, "parameter `%s` of `%s`", name, fname ? fname : "?");
	cg_free(fname);
	return true;
}

/* Collect the return values of function fn (not of functions nested in
 * it) into cs. */
static void collect_returns(const file_ctx *c, TSNode fn, cand *cs, size_t *n)
{
	const cg_lang_flow *fl = c->pack->flow;
	TSTreeCursor cur = ts_tree_cursor_new(fn);
	bool top = true;
	for (;;) {
		TSNode x = ts_tree_cursor_current_node(&cur);
		bool nested =
		    !top && cg_lang_type_in(ts_node_type(x), fl->functions);
		top = false;
		c->st->steps++;
		if (cg_lang_type_in(ts_node_type(x), fl->returns)) {
			uint32_t cnt = ts_node_named_child_count(x);
			for (uint32_t i = 0; i < cnt; i++) {
				TSNode e = ts_node_named_child(x, i);
				if (is_comment(c, e))
					continue;
				if (*n == MAX_CANDS) {
					c->st->over = true;
					break;
				}
				cs[(*n)++] = (cand){ e, line_of(x) };
				break;
			}
		} else if (!nested && ts_tree_cursor_goto_first_child(&cur)) {
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur) ||
			    ts_node_eq(ts_tree_cursor_current_node(&cur), fn))
				goto out;
	}
out:
	ts_tree_cursor_delete(&cur);
}

/* Whether v is a constant-looking name the file does not define
 * (NID_secp384r1, MBEDTLS_ECP_DP_SECP256R1: a macro or enum constant of a
 * header): carried out of a helper as a name, still unresolved, so that a
 * condition may recognise it by its text. */
static bool header_constant(const value *v)
{
	if (v->kind != V_NAME || !v->unres || v->text.len < 2)
		return false;
	const char *s = cg_buf_cstr(&v->text);
	if (!(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	bool lower = false;
	for (size_t i = 0; i < v->text.len; i++) {
		char ch = s[i];
		if (!ident_char(ch) || ch == '$')
			return false;
		lower = lower || (ch >= 'a' && ch <= 'z');
	}
	/* all capitals, or a prefix of capitals and an underscore
	 * (NID_secp384r1) */
	return !lower || strchr(s, '_') != NULL;
}

/* A call of a function defined in the file that returns a literal (a
 * getter, a helper returning a constant or one of its parameters) or a
 * header constant: the returned value, with provenance `return`. False
 * otherwise (v reset). */
static bool resolve_helper(const file_ctx *c, TSNode callee, TSNode args,
                           value *v, int depth)
{
	const cg_lang_flow *fl = c->pack->flow;
	rstate *st = c->st;
	if (!fl || !fl->returns || depth >= MAX_DEPTH ||
	    st->nframes == MAX_FRAMES || !budget_ok(c))
		return false;
	char *key = simple_name(c, callee);
	if (!key)
		return false;
	if (!st->indexed)
		index_tree(c);
	cand cs[MAX_CANDS];
	size_t n = 0;
	uint32_t fns[MAX_CANDS];
	for (size_t i = keyed_find(&st->funcs, key);
	     i < st->funcs.len && strcmp(st->funcs.items[i].key, key) == 0 &&
	     n < MAX_CANDS;
	     i++) {
		size_t before = n;
		keyed_node *kn = &st->funcs.items[i];
		TSNode fn = kn->node;
		uint32_t at = ts_node_start_byte(callee);
		if (at >= ts_node_start_byte(fn) && at < ts_node_end_byte(fn))
			continue; /* recursion, or another object's method */
		if (!kn->rdone) {
			kn->rdone = true;
			kn->rets = cg_calloc(MAX_CANDS, sizeof(cand));
			collect_returns(c, fn, kn->rets, &kn->nrets);
		}
		for (size_t r = 0; r < kn->nrets && n < MAX_CANDS; r++)
			cs[n++] = kn->rets[r];
		for (size_t k = before; k < n; k++)
			fns[k] = ts_node_start_byte(st->funcs.items[i].node);
	}
	cg_free(key);
	if (!n)
		return false;
	size_t pick = choose(c, n);
	st->frames[st->nframes].fn = fns[pick];
	st->frames[st->nframes].args = args;
	st->nframes++;
	resolve(c, cs[pick].node, v, depth + 1);
	st->nframes--;
	if (((v->kind == V_STR || v->kind == V_INT) && !v->unres) ||
	    header_constant(v)) {
		via(v, CG_SRC_RETURN, cs[pick].line);
		return true;
	}
	value_reset(v);
	return false;
}

/* Strip prefixes and quotes of a string literal's text. */
static void unquote(cg_buf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (strchr("rRbBuUfFL@$8", s[i]) != NULL))
		i++;
	size_t hashes = 0;
	while (i < len && s[i] == '#') {
		i++;
		hashes++;
	}
	if (i >= len || !strchr("\"'`", s[i])) {
		cg_buf_put(out, s, len);
		return;
	}
	char q = s[i];
	size_t nq = 1;
	if (i + 2 < len && s[i + 1] == q && s[i + 2] == q)
		nq = 3;
	size_t a = i + nq, b = len;
	b = b >= hashes ? b - hashes : b;
	if (b >= a + nq)
		b -= nq;
	else
		b = a;
	cg_buf_put(out, s + a, b - a);
}

static void resolve(const file_ctx *c, TSNode n, value *v, int depth);

/* Whether every element of an array or composite literal is a string or
 * number literal (children in a `type` field and comments aside). */
static bool all_literal(const file_ctx *c, TSNode n, int depth)
{
	const cg_lang_pack *p = c->pack;
	const char *type = ts_node_type(n);
	if (cg_lang_type_in(type, p->string_types) ||
	    cg_lang_type_in(type, p->number_types))
		return true;
	uint32_t count = ts_node_child_count(n);
	if (depth > 8 || !ts_node_named_child_count(n))
		return false;
	for (uint32_t i = 0; i < count; i++) {
		TSNode ch = ts_node_child(n, i);
		if (!ts_node_is_named(ch) ||
		    cg_lang_type_in(ts_node_type(ch), p->comment_types))
			continue;
		const char *f = ts_node_field_name_for_child(n, i);
		if (f &&
		    (strcmp(f, "type") == 0 || strcmp(f, "dimensions") == 0))
			continue;
		if (!all_literal(c, ch, depth + 1))
			return false;
	}
	return true;
}

/* "(x)" after a callee: x is the first argument when it resolves to a
 * literal, else nothing ("()"). */
static void append_args(const file_ctx *c, TSNode args, value *v, int depth)
{
	cg_buf_putc(&v->text, '(');
	if (!ts_node_is_null(args) && ts_node_named_child_count(args)) {
		value first = { 0 };
		/* the argument only names the call: its first candidate */
		c->st->frozen++;
		resolve(c, ts_node_named_child(args, 0), &first, depth + 1);
		c->st->frozen--;
		if (first.kind == V_STR || first.kind == V_INT)
			cg_buf_puts(&v->text, cg_buf_cstr(&first.text));
		value_reset(&first);
	}
	cg_buf_putc(&v->text, ')');
}

/* Whether the text of condition node n is a constant false. */
static bool false_cond(const file_ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *s = c->src + a;
	size_t len = b - a;
	while (len && (*s == '(' || *s == ' ')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ')' || s[len - 1] == ' '))
		len--;
	return (len == 5 &&
	        (memcmp(s, "false", 5) == 0 || memcmp(s, "False", 5) == 0)) ||
	       (len == 1 && *s == '0');
}

/* How definition d relates to a use at pos: 0 it runs on every path to
 * the use, 1 it may (it is inside a conditional or a loop that does not
 * hold the use; *branch and *arm tell which and where), 2 it never runs
 * (the consequence of a constant-false condition). */
static int def_relation(const file_ctx *c, const const_bind *d, uint32_t pos,
                        TSNode *branch, TSNode *arm)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->branches || d->field)
		return 0;
	/* the ancestors of the definition, root first: one descent with a
	 * cursor (ts_node_parent would search from the root each time) */
	enum { MAXA = 256 };
	TSNode anc[MAXA];
	size_t na = 0;
	uint32_t at = ts_node_start_byte(d->name_node);
	TSTreeCursor cur = ts_tree_cursor_new(c->root);
	anc[na++] = c->root;
	while (na < MAXA &&
	       ts_tree_cursor_goto_first_child_for_byte(&cur, at) >= 0) {
		TSNode x = ts_tree_cursor_current_node(&cur);
		if (ts_node_eq(x, d->name_node) || ts_node_start_byte(x) > at)
			break;
		anc[na++] = x;
	}
	ts_tree_cursor_delete(&cur);
	c->st->steps += na;
	int rel = 0;
	TSNode prev = d->name_node;
	for (size_t k = na; k-- > 0; prev = anc[k]) {
		TSNode n = anc[k];
		if (ts_node_start_byte(n) <= pos && pos < ts_node_end_byte(n))
			return rel;
		if (!cg_lang_type_in(ts_node_type(n), fl->branches))
			continue;
		TSNode cond = field(n, "condition");
		if (ts_node_eq(cond, prev))
			continue; /* a condition runs on every path */
		if (!ts_node_is_null(cond) &&
		    ts_node_eq(field(n, "consequence"), prev) &&
		    false_cond(c, cond))
			return 2;
		if (!rel) {
			*branch = n;
			*arm = prev;
			rel = 1;
		}
	}
	return rel;
}

/* Whether binding value v is a parameter of the pack's parameter lists. */
static bool resolve_param_node(const file_ctx *c, TSNode v)
{
	const cg_lang_flow *fl = c->pack->flow;
	TSNode par = ts_node_parent(v);
	return fl && fl->params && !ts_node_is_null(par) &&
	       cg_lang_type_in(ts_node_type(par), fl->params);
}

/* Whether node n's text uses identifier `name`. */
static bool mentions(const file_ctx *c, TSNode n, const char *name)
{
	if (ts_node_is_null(n))
		return false;
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	size_t nl = strlen(name);
	for (uint32_t i = a; i + nl <= b; i++)
		if (memcmp(c->src + i, name, nl) == 0 &&
		    (i == a || !ident_char(c->src[i - 1])) &&
		    (i + nl == b || !ident_char(c->src[i + nl])))
			return true;
	return false;
}

/* Whether n calls a lookup of the pack's config that has no default
 * (`System.getenv("X")`, `os.Getenv("X")`): its value may be unset. */
static bool unset_lookup(const file_ctx *c, TSNode n)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->config)
		return false;
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *s = c->src + a;
	const char *open = memchr(s, '(', b - a);
	if (!open || s[b - a - 1] != ')')
		return false;
	size_t cl = (size_t)(open - s);
	for (const cg_lang_config *k = fl->config; k->callee; k++) {
		size_t kl = strlen(k->callee);
		if (k->fallback < 0 && !k->fallback_kw && cl >= kl &&
		    memcmp(open - kl, k->callee, kl) == 0 &&
		    (cl == kl || open[-(ptrdiff_t)kl - 1] == '.'))
			return true;
	}
	return false;
}

/* An "unset" initial value: 0, null, None, nil, "", false. */
static bool falsy(const file_ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *s = c->src + a;
	size_t len = b - a;
	return null_literal(s, len) || (len == 1 && *s == '0') ||
	       unset_lookup(c, n) ||
	       (len == 2 &&
	        (memcmp(s, "\"\"", 2) == 0 || memcmp(s, "''", 2) == 0)) ||
	       (len == 5 &&
	        (memcmp(s, "false", 5) == 0 || memcmp(s, "False", 5) == 0));
}

/* The definitions of `name` that can reach byte `pos` (at most MAX_CANDS,
 * nearest first): walking back from the use, each definition in scope is
 * a candidate until one runs on every path (or an if/else assigns it in
 * both arms); dead ones are skipped. With none before the use, the only
 * one after it (a module constant defined below its function). Fields
 * (`self.x`) are all candidates, and only seen through the receiver
 * (self_only); a declaration without a value yields to real candidates. */
static size_t find_defs(const file_ctx *c, const char *name, uint32_t pos,
                        bool self_only, const const_bind **out)
{
	size_t lo = 0, hi = c->nconsts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(c->consts[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < c->nconsts && strcmp(c->consts[end].name, name) == 0)
		end++;
	size_t n = 0, after = 0, guarded = 0;
	const const_bind *first_after = NULL;
	TSNode seen_branch = { 0 }, seen_arm = { 0 };
	bool have_seen = false;
	for (size_t i = end; i-- > lo;) {
		const const_bind *d = &c->consts[i];
		if (pos < d->scope_start || pos >= d->scope_end)
			continue;
		if (self_only ? !(d->field || (d->scope_start == 0 &&
		                               d->scope_end == UINT32_MAX))
		              : d->field)
			continue;
		if (d->field) {
			if (n < MAX_CANDS)
				out[n++] = d;
			else
				c->st->over = true;
			continue;
		}
		if (d->start >= pos) {
			if (d->start > pos && !after++)
				first_after = d;
			continue;
		}
		/* a use inside the definition's own value (`aes, err :=
		 * aes.NewCipher(key)`, `x = f(x)`) sees the earlier binding,
		 * not this one (loops and lambdas bind to a node that holds the
		 * name as well: their uses stay theirs) */
		if (ts_node_start_byte(d->value) > d->start &&
		    ts_node_start_byte(d->value) <= pos &&
		    pos < ts_node_end_byte(d->value))
			continue;
		TSNode br = { 0 }, arm = { 0 };
		/* the relation matters when an earlier definition could
		 * follow, or for a dead branch among several */
		int rel = i > lo ? def_relation(c, d, pos, &br, &arm) : 0;
		if (rel == 2)
			continue;
		if (n == MAX_CANDS) {
			c->st->over = true;
			break;
		}
		out[n++] = d;
		/* a definition without a value of its own (a compound
		 * assignment, a buffer a call may write) ends the walk */
		uint32_t vs = ts_node_start_byte(d->value);
		if (rel == 0 ||
		    (vs <= d->start && d->start < ts_node_end_byte(d->value) &&
		     !resolve_param_node(c, d->value)))
			break;
		/* `if (x <= 0) x = DEFAULT;`: a guard on the variable itself
		 * replaces an unset (0, null, "") earlier value */
		if (!guarded && mentions(c, field(br, "condition"), name))
			guarded = n;
		/* if/else: a definition in each arm covers every path */
		if (have_seen && ts_node_eq(br, seen_branch) &&
		    !ts_node_eq(arm, seen_arm) &&
		    !ts_node_is_null(field(br, "alternative")) &&
		    (ts_node_eq(field(br, "consequence"), arm) ||
		     ts_node_eq(field(br, "consequence"), seen_arm)))
			break;
		if (!have_seen) {
			seen_branch = br;
			seen_arm = arm;
			have_seen = true;
		}
	}
	if (!n && after == 1)
		out[n++] = first_after;
	/* a declaration without a value (it binds itself) yields */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t vs = ts_node_start_byte(out[i]->value);
		uint32_t ve = ts_node_end_byte(out[i]->value);
		bool self = vs <= out[i]->start && out[i]->start < ve;
		bool param =
		    self && n > 1 && resolve_param_node(c, out[i]->value);
		if (self && !param && n > 1)
			continue;
		/* an "unset" initial value (0, null, "") yields to the
		 * values assigned later on some path */
		if ((guarded ? i >= guarded : n > 1 && i == n - 1) &&
		    falsy(c, out[i]->value))
			continue;
		out[w++] = out[i];
	}
	return w;
}

/* The sequence literal a for-each loop iterates over: the iterable
 * itself, the initializer of an array creation (`new String[] {...}`), or
 * the one literal a name of the file is bound to. A null node if none. */
static TSNode foreach_sequence(const file_ctx *c, TSNode loop)
{
	const cg_lang_flow *fl = c->pack->flow;
	TSNode none = { 0 };
	TSNode seq = field(loop, fl->foreach_iter);
	for (int hop = 0; hop < 2 && !ts_node_is_null(seq); hop++) {
		if (cg_lang_type_in(ts_node_type(seq), fl->sequences))
			return seq;
		TSNode init = field(seq, "value");
		if (!ts_node_is_null(init) &&
		    cg_lang_type_in(ts_node_type(init), fl->sequences))
			return init;
		if (!is_name_type(c->pack, seq))
			return none;
		char *name = node_text(c, seq);
		const const_bind *ds[MAX_CANDS];
		size_t n =
		    find_defs(c, name, ts_node_start_byte(seq), false, ds);
		cg_free(name);
		if (n != 1)
			return none;
		seq = ds[0]->value;
	}
	return none;
}

/* A loop variable bound to a for-each loop over a sequence literal: each
 * element in turn, provenance `container` with the element's line. False
 * when b is no such loop. */
static bool resolve_foreach(const file_ctx *c, const const_bind *b, value *v,
                            int depth)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->foreach || !fl->foreach_iter || !fl->sequences ||
	    !cg_lang_type_in(ts_node_type(b->value), fl->foreach))
		return false;
	TSNode seq = foreach_sequence(c, b->value);
	if (ts_node_is_null(seq))
		return false;
	cand cs[MAX_CANDS];
	size_t n = 0;
	uint32_t cnt = ts_node_named_child_count(seq);
	for (uint32_t i = 0; i < cnt && n < MAX_CANDS; i++) {
		TSNode e = ts_node_named_child(seq, i);
		if (!is_comment(c, e))
			cs[n++] = (cand){ e, line_of(e) };
	}
	if (!n)
		return false;
	resolve_cand(c, cs, n, CG_SRC_CONTAINER, v, depth);
	return true;
}

static bool config_file_value(const file_ctx *c, const char *key,
                              const char *dflt, uint32_t dline, value *v);
static bool is_digits(const char *s);

/* A name bound to a configuration placeholder `${key:default}` (Spring
 * `@Value`, binding b): the value the tree's configuration files set for
 * key, else the default (provenance `config-default`), else unresolved.
 * Any other text is taken as it is. */
static void resolve_placeholder(const file_ctx *c, const const_bind *b,
                                value *v, int depth)
{
	resolve(c, b->value, v, depth + 1);
	const char *s = cg_buf_cstr(&v->text);
	size_t n = v->text.len;
	if (v->kind != V_STR || n < 4 || strncmp(s, "${", 2) != 0 ||
	    s[n - 1] != '}')
		return;
	const char *colon = memchr(s + 2, ':', n - 3);
	const char *kend = colon ? colon : s + n - 1;
	char *key = cg_strndup(s + 2, (size_t)(kend - s - 2));
	char *dflt =
	    colon ? cg_strndup(colon + 1, (size_t)(s + n - 2 - colon)) : NULL;
	uint32_t line = line_of(b->value);
	if (!config_file_value(c, key, dflt, line, v)) {
		value_reset(v);
		if (dflt && dflt[0]) {
			v->kind = is_digits(dflt) ? V_INT : V_STR;
			cg_buf_puts(&v->text, dflt);
			v->src = CG_SRC_ENV;
			v->line = line;
			v->cfg = cfg_note_add(c, CG_LANG_CFG_FILE, key, NULL,
			                      NULL, 0);
		} else {
			v->kind = V_NAME;
			cg_buf_printf(&v->text, "${%s}", key);
			set_unres(v,
			          "configuration key `%s` is set by no file "
			          "of the tree",
			          key);
		}
	}
	cg_free(key);
	cg_free(dflt);
}

/* `x = getenv("X"); if (x == null) x = "d";`: when definition b of name
 * is assigned under a condition on name itself and an earlier definition
 * in its scope is a lookup without a default, v (b's value) is the
 * default of that environment variable: provenance env-default, the
 * variable noted. */
static void guard_env(const file_ctx *c, const char *name, const const_bind *b,
                      value *v, int depth)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->branches || !(v->kind == V_STR || v->kind == V_INT))
		return;
	TSNode br = ts_node_parent(b->name_node);
	for (int up = 0; !ts_node_is_null(br) && up < 8; up++) {
		if (cg_lang_type_in(ts_node_type(br), fl->branches))
			break;
		br = ts_node_parent(br);
	}
	if (ts_node_is_null(br) || !mentions(c, field(br, "condition"), name))
		return;
	for (size_t i = 0; i < c->nconsts; i++) {
		const const_bind *d = &c->consts[i];
		if (d == b || d->start >= b->start ||
		    strcmp(d->name, name) != 0 ||
		    d->scope_start != b->scope_start ||
		    !unset_lookup(c, d->value))
			continue;
		value key = { 0 };
		resolve(c, call_arg(c, field(d->value, "arguments"), "", 0),
		        &key, depth + 1);
		bool named = key.kind == V_STR && !key.unres;
		if (v->src == CG_SRC_LITERAL || v->src == CG_SRC_CONSTANT ||
		    v->src == CG_SRC_API || v->src == CG_SRC_UNKNOWN) {
			v->src = CG_SRC_ENV_DEFAULT;
			v->line = b->line;
		}
		if (named && !v->cfg)
			v->cfg =
			    cfg_note_add(c, CG_LANG_CFG_ENV,
			                 cg_buf_cstr(&key.text), NULL, NULL, 0);
		value_reset(&key);
		return;
	}
}

static void resolve_def(const file_ctx *c, const char *name, uint32_t pos,
                        bool self_only, value *v, int depth)
{
	const const_bind *ds[MAX_CANDS];
	size_t n = find_defs(c, name, pos, self_only, ds);
	if (n) {
		const const_bind *b = ds[choose(c, n)];
		if (b->placeholder && depth < MAX_DEPTH) {
			resolve_placeholder(c, b, v, depth);
			return;
		}
		if (depth < MAX_DEPTH && ts_node_start_byte(b->value) != pos) {
			if (resolve_param(c, name, b, v, depth) ||
			    resolve_foreach(c, b, v, depth))
				return;
			resolve(c, b->value, v, depth + 1);
			if (v->kind == V_STR || v->kind == V_INT ||
			    v->kind == V_NAME) {
				/* a value reached through a constant (a
				 * literal or a name such as AES.MODE_CBC) */
				if (v->src != CG_SRC_CONSTANT &&
				    v->src != CG_SRC_FIELD &&
				    v->src != CG_SRC_PARAMETER &&
				    v->src != CG_SRC_RETURN &&
				    v->src != CG_SRC_ENV &&
				    v->src != CG_SRC_ENV_DEFAULT &&
				    v->src != CG_SRC_PROPERTIES) {
					v->src = b->field ? CG_SRC_FIELD
					                  : CG_SRC_CONSTANT;
					v->line = b->line;
					v->file = NULL;
				}
				guard_env(c, name, b, v, depth);
				return;
			}
			if (v->kind == V_NONE && !v->unres &&
			    null_literal(cg_buf_cstr(&v->text), v->text.len))
				return; /* null: no value, nothing to report */
			bool selfb = ts_node_start_byte(b->value) <= b->start &&
			             b->start < ts_node_end_byte(b->value);
			cg_buf why = v->why;
			v->why = (cg_buf)CG_BUF_INIT;
			value_reset(v);
			if (selfb)
				cg_buf_dispose(&why);
			else
				v->why = why;
		}
	} else if (!self_only && xconst_value(c, name, NULL, v)) {
		return;
	}
	v->kind = V_NAME;
	cg_buf_puts(&v->text, name);
	v->src = CG_SRC_UNKNOWN;
	set_unres(v, "`%s` is not resolved in the file", name);
}

/* Whether name node n has no binding in the file (a class, a module). */
static bool unbound(const file_ctx *c, TSNode n)
{
	char *name = node_text(c, n);
	size_t lo = 0, hi = c->nconsts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(c->consts[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool none = lo == c->nconsts || strcmp(c->consts[lo].name, name) != 0;
	cg_free(name);
	return none;
}

static bool is_digits(const char *s);

/* `def f(**kw)` (binding cb): kw's member key is the keyword argument
 * key at each call site of f in the file (a choice point), provenance
 * `parameter`; false when none passes it. */
static bool kwargs_lookup(const file_ctx *c, const const_bind *cb,
                          const char *key, value *v, int depth)
{
	const_bind *b = (const_bind *)cb; /* facts are cached in it */
	if (!param_facts(c, b) || !b->pfname || depth >= MAX_DEPTH ||
	    !budget_ok(c))
		return false;
	rstate *st = c->st;
	if (!st->indexed)
		index_tree(c);
	uint32_t fs = ts_node_start_byte(b->pfn), fe = ts_node_end_byte(b->pfn);
	cand cs[MAX_CANDS];
	size_t n = 0;
	for (size_t i = keyed_find(&st->calls, b->pfname);
	     i < st->calls.len &&
	     strcmp(st->calls.items[i].key, b->pfname) == 0;
	     i++) {
		TSNode call = st->calls.items[i].node;
		if (ts_node_start_byte(call) >= fs &&
		    ts_node_end_byte(call) <= fe)
			continue;
		TSNode a = call_arg(c, field(call, "arguments"), key, -1);
		if (ts_node_is_null(a))
			continue;
		if (n == MAX_CANDS) {
			st->over = true;
			break;
		}
		cs[n++] = (cand){ a, line_of(call) };
	}
	if (!n)
		return false;
	resolve_cand(c, cs, n, CG_SRC_PARAMETER, v, depth);
	if (usable(v))
		return true;
	value_reset(v);
	return false;
}

/* `obj[key]` / `obj.key` where obj is a name bound to a literal map or
 * list of the file: the element, provenance `container`. */
static bool container_lookup(const file_ctx *c, TSNode obj, const char *key,
                             value *v, int depth)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || (!fl->maps && !fl->sequences) || !key ||
	    !is_name_type(c->pack, obj) || depth >= MAX_DEPTH)
		return false;
	char *name = node_text(c, obj);
	const const_bind *ds[MAX_CANDS];
	size_t n = find_defs(c, name, ts_node_start_byte(obj), false, ds);
	cg_free(name);
	if (!n)
		return false;
	/* one of the literals reaching the use (an object built in each arm
	 * of a switch): a choice point, shared by the lookups of its members
	 * in one evaluation (the name and the size of one object) */
	size_t pick = 0;
	if (n > 1) {
		rstate *st = c->st;
		uint32_t at = ts_node_start_byte(obj);
		if (st->obj_set && st->obj_at == at) {
			pick = st->obj_pick < n ? st->obj_pick : 0;
		} else {
			pick = choose(c, n);
			st->obj_set = true;
			st->obj_at = at;
			st->obj_pick = pick;
		}
	}
	TSNode lit = ds[pick]->value;
	const char *type = ts_node_type(lit);
	if (fl->kwargs && strcmp(type, fl->kwargs) == 0)
		return kwargs_lookup(c, ds[pick], key, v, depth);
	TSNode hit = { 0 };
	uint32_t cnt = ts_node_named_child_count(lit);
	const cg_lang_call *ck = call_kind(c->pack, type);
	if (ck && fl->map_ctor) {
		/* dict(key=value, ...): its keyword argument `key` */
		TSNode fn = field(lit, ck->function);
		uint32_t a = ts_node_start_byte(fn), b = ts_node_end_byte(fn);
		if (!ts_node_is_null(fn) && b - a == strlen(fl->map_ctor) &&
		    memcmp(c->src + a, fl->map_ctor, b - a) == 0) {
			TSNode args = field(lit, "arguments");
			TSNode kv = call_arg(c, args, key, -1);
			/* only a keyword argument (call_arg's name match) */
			if (!ts_node_is_null(kv) &&
			    !ts_node_eq(ts_node_parent(kv), args))
				hit = kv;
		}
	} else if (cg_lang_type_in(type, fl->maps)) {
		for (uint32_t i = 0; i < cnt && ts_node_is_null(hit); i++) {
			TSNode pr = ts_node_named_child(lit, i);
			TSNode k = field(pr, "key"), val = field(pr, "value");
			if (ts_node_is_null(k) || ts_node_is_null(val))
				continue;
			cg_buf kt = CG_BUF_INIT;
			uint32_t a = ts_node_start_byte(k),
			         b = ts_node_end_byte(k);
			unquote(&kt, c->src + a, b - a);
			if (strcmp(cg_buf_cstr(&kt), key) == 0)
				hit = val;
			cg_buf_dispose(&kt);
		}
	} else if (cg_lang_type_in(type, fl->sequences) && is_digits(key)) {
		long idx = strtol(key, NULL, 10);
		long k = 0;
		for (uint32_t i = 0; i < cnt && ts_node_is_null(hit); i++) {
			TSNode e = ts_node_named_child(lit, i);
			if (is_comment(c, e))
				continue;
			if (k++ == idx)
				hit = e;
		}
	}
	if (ts_node_is_null(hit))
		return false;
	resolve(c, hit, v, depth + 1);
	if (!usable(v)) {
		value_reset(v);
		return false;
	}
	via(v, CG_SRC_CONTAINER, line_of(hit));
	return true;
}

/* Whether a definition local to a function reaches pos: a variable that
 * shadows an import of the same name (`aes, err := aes.NewCipher(key)`
 * then `cipher.NewGCM(aes)`). */
static bool local_def_reaches(const file_ctx *c, const char *name, uint32_t pos)
{
	const const_bind *ds[MAX_CANDS];
	size_t n = find_defs(c, name, pos, false, ds);
	for (size_t i = 0; i < n; i++)
		if (ds[i]->scope_start != 0 || ds[i]->scope_end != UINT32_MAX)
			return true;
	return false;
}

static void resolve_name_text(const file_ctx *c, const char *name, uint32_t pos,
                              value *v, int depth)
{
	const char *imp = find_import(c, name);
	if (imp && !local_def_reaches(c, name, pos)) {
		const char *last;
		char *qual = split_qual(imp, &last);
		bool ok = qual && xconst_value(c, last, qual, v);
		cg_free(qual);
		if (ok)
			return;
		v->kind = V_NAME;
		cg_buf_puts(&v->text, imp);
		v->src = CG_SRC_API;
		return;
	}
	resolve_def(c, name, pos, false, v, depth);
}

/* The text of a preprocessor argument or other raw text: a number, a
 * string, or a name to resolve further. */
static void resolve_raw(const file_ctx *c, const char *s, size_t len,
                        uint32_t pos, value *v, int depth)
{
	while (len && (*s == ' ' || *s == '\t' || *s == '(')) {
		s++;
		len--;
	}
	while (len &&
	       (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
	        s[len - 1] == '\r' || s[len - 1] == ')'))
		len--;
	if (!len)
		return;
	if (s[0] >= '0' && s[0] <= '9') {
		/* decimal digits with separators (1_000, 1'000), or hex;
		 * suffixes (L, u, i32) end the number */
		v->kind = V_INT;
		v->src = CG_SRC_LITERAL;
		if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			unsigned long long x = 0;
			for (size_t k = 2; k < len; k++) {
				char ch = s[k];
				int d = ch >= '0' && ch <= '9'   ? ch - '0'
				        : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
				        : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
				                                 : -1;
				if (ch == '_' || ch == '\'')
					continue;
				if (d < 0 || x > (~0ULL >> 4))
					break;
				x = x * 16 + (unsigned)d;
			}
			cg_buf_printf(&v->text, "%llu", x);
			return;
		}
		for (size_t k = 0; k < len; k++) {
			if (s[k] >= '0' && s[k] <= '9')
				cg_buf_putc(&v->text, s[k]);
			else if (!(s[k] == '_' || s[k] == '\''))
				break;
		}
		return;
	}
	if (s[0] == '"') {
		v->kind = V_STR;
		unquote(&v->text, s, len);
		v->src = CG_SRC_LITERAL;
		return;
	}
	size_t k = 0;
	while (k < len &&
	       (s[k] == '_' || (s[k] >= 'a' && s[k] <= 'z') ||
	        (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9')))
		k++;
	if (k == len) {
		char *name = cg_strndup(s, len);
		resolve_name_text(c, name, pos, v, depth);
		cg_free(name);
	}
}

static const cg_lang_member *member_kind(const cg_lang_pack *p,
                                         const char *type)
{
	for (const cg_lang_member *m = p->members; m && m->type; m++)
		if (strcmp(m->type, type) == 0)
			return m;
	return NULL;
}

static const cg_lang_call *call_kind(const cg_lang_pack *p, const char *type)
{
	for (const cg_lang_call *m = p->calls; m && m->type; m++)
		if (strcmp(m->type, type) == 0)
			return m;
	return NULL;
}

/* Field ids by (grammar, name pointer): the names are static strings, and
 * ts_language_field_id_for_name compares against every field name. */
static _Thread_local struct {
	const TSLanguage *lang;
	const char *name;
	TSFieldId id;
} g_fields[128];

static TSNode field(TSNode n, const char *name)
{
	if (ts_node_is_null(n))
		return n;
	const TSLanguage *lang = ts_tree_language(n.tree);
	size_t h = (((uintptr_t)name >> 3) ^ ((uintptr_t)lang >> 4)) & 127;
	if (g_fields[h].lang != lang || g_fields[h].name != name) {
		g_fields[h].lang = lang;
		g_fields[h].name = name;
		g_fields[h].id = ts_language_field_id_for_name(
		    lang, name, (uint32_t)strlen(name));
	}
	if (!g_fields[h].id)
		return (TSNode){ 0 };
	return ts_node_child_by_field_id(n, g_fields[h].id);
}

/* A binary node multiplying, raising or shifting two integers
 * (`64 * 1024`, `2**14`, `1 << 15`): v := the product, with provenance
 * constant if a part is a constant. False when the node is no such
 * product, a part is not an integer, or the result does not fit. */
static bool int_product(const file_ctx *c, TSNode n, value *v, int depth)
{
	if (ts_node_child_count(n) != 3 ||
	    ts_node_is_named(ts_node_child(n, 1)))
		return false;
	const char *op = ts_node_type(ts_node_child(n, 1));
	if (strcmp(op, "*") != 0 && strcmp(op, "**") != 0 &&
	    strcmp(op, "<<") != 0)
		return false;
	unsigned long long x[2];
	cg_src src = CG_SRC_LITERAL;
	uint32_t line = 0;
	for (int k = 0; k < 2; k++) {
		value part = { 0 };
		resolve(c, ts_node_child(n, k ? 2u : 0u), &part, depth + 1);
		bool ok = part.kind == V_INT && !part.unres &&
		          is_digits(cg_buf_cstr(&part.text)) &&
		          part.text.len < 19;
		if (ok) {
			x[k] = strtoull(cg_buf_cstr(&part.text), NULL, 10);
			if (part.src == CG_SRC_CONSTANT) {
				src = CG_SRC_CONSTANT;
				line = part.line;
			}
		}
		value_reset(&part);
		if (!ok)
			return false;
	}
	unsigned long long r = 1;
	const unsigned long long lim = 1ULL << 53;
	if (*op == '<') {
		if (x[1] > 52 || x[0] > (lim >> x[1]))
			return false;
		r = x[0] << x[1];
	} else if (op[1] == '*') {
		for (unsigned long long k = 0; k < x[1]; k++) {
			if (x[0] && r > lim / x[0])
				return false;
			r *= x[0];
		}
	} else {
		if (x[1] && x[0] > lim / x[1])
			return false;
		r = x[0] * x[1];
	}
	value_reset(v);
	v->kind = V_INT;
	cg_buf_printf(&v->text, "%llu", r);
	v->src = src;
	v->line = line;
	return true;
}

/* A binary node or-ing two flags (`ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3`,
 * `SSL_OP_ALL | SSL_OP_NO_TLSv1`): v := the two integers or-ed, else the
 * two resolved names joined with '|'. False when the node is no such
 * union or a part does not resolve. */
static bool flag_union(const file_ctx *c, TSNode n, value *v, int depth)
{
	if (ts_node_child_count(n) != 3 ||
	    ts_node_is_named(ts_node_child(n, 1)) ||
	    strcmp(ts_node_type(ts_node_child(n, 1)), "|") != 0)
		return false;
	value part[2] = { 0 };
	bool ok = true;
	for (int k = 0; k < 2 && ok; k++) {
		resolve(c, ts_node_child(n, k ? 2u : 0u), &part[k], depth + 1);
		ok = part[k].kind != V_NONE && !part[k].unres &&
		     part[k].text.len;
	}
	if (ok) {
		value_reset(v);
		bool ints = part[0].kind == V_INT && part[1].kind == V_INT &&
		            is_digits(cg_buf_cstr(&part[0].text)) &&
		            is_digits(cg_buf_cstr(&part[1].text)) &&
		            part[0].text.len < 19 && part[1].text.len < 19;
		if (ints) {
			v->kind = V_INT;
			cg_buf_printf(
			    &v->text, "%llu",
			    strtoull(cg_buf_cstr(&part[0].text), NULL, 10) |
			        strtoull(cg_buf_cstr(&part[1].text), NULL, 10));
		} else {
			v->kind = V_NAME;
			cg_buf_printf(&v->text, "%s|%s",
			              cg_buf_cstr(&part[0].text),
			              cg_buf_cstr(&part[1].text));
		}
		v->src = CG_SRC_LITERAL;
		for (int k = 0; k < 2; k++)
			if (part[k].src == CG_SRC_CONSTANT) {
				v->src = CG_SRC_CONSTANT;
				v->line = part[k].line;
			}
	}
	value_reset(&part[0]);
	value_reset(&part[1]);
	return ok;
}

/* A binary node joining two strings with "+". */
static bool concat_parts(const file_ctx *c, TSNode n, value *v, int depth)
{
	uint32_t count = ts_node_child_count(n);
	bool any = false;
	for (uint32_t i = 0; i < count; i++) {
		TSNode ch = ts_node_child(n, i);
		if (!ts_node_is_named(ch)) {
			const char *t = ts_node_type(ch);
			if (strcmp(t, "+") != 0)
				return false;
			continue;
		}
		if (cg_lang_type_in(ts_node_type(ch), c->pack->comment_types))
			continue;
		value part = { 0 };
		resolve(c, ch, &part, depth + 1);
		if (part.kind != V_STR && part.kind != V_INT) {
			value_reset(&part);
			return false;
		}
		cg_buf_put(&v->text, cg_buf_cstr(&part.text), part.text.len);
		if (part.src == CG_SRC_CONSTANT && v->src != CG_SRC_CONSTANT) {
			v->src = CG_SRC_CONSTANT;
			v->line = part.line;
			v->file = part.file;
		}
		value_reset(&part);
		any = true;
	}
	if (any) {
		v->kind = V_STR;
		if (v->src != CG_SRC_CONSTANT)
			v->src = CG_SRC_LITERAL;
	}
	return any;
}

/* One of the n file entries es (sorted) of a key: a choice point over
 * its distinct values (profiles of a Spring application may set a key
 * differently), the first file of each. */
static const cg_xconfig_entry *pick_set(const file_ctx *c,
                                        const cg_xconfig_entry *es, size_t n)
{
	const cg_xconfig_entry *d[MAX_CANDS];
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < nd && !seen; k++)
			seen = strcmp(d[k]->value, es[i].value) == 0;
		if (seen)
			continue;
		if (nd == MAX_CANDS) {
			c->st->over = true;
			break;
		}
		d[nd++] = &es[i];
	}
	return d[choose(c, nd)];
}

/* v := the value the tree's configuration files set for key (a choice
 * over their distinct values), provenance `properties`; the lookup, with
 * its in-code default dflt at dline, noted on v. False when no file sets
 * key. */
static bool config_file_value(const file_ctx *c, const char *key,
                              const char *dflt, uint32_t dline, value *v)
{
	const cg_xconfig_entry *es = NULL;
	size_t n = cg_engine__xconfig_find(c->xcfg, key, &es);
	if (!n)
		return false;
	const cg_xconfig_entry *e = pick_set(c, es, n);
	value_reset(v);
	v->kind = is_digits(e->value) ? V_INT : V_STR;
	cg_buf_puts(&v->text, e->value);
	v->src = CG_SRC_PROPERTIES;
	v->line = e->line;
	v->cfg = cfg_note_add(c, CG_LANG_CFG_FILE, key, e, dflt, dline);
	return true;
}

/* Whether resolved name text reads the environment (the pack's
 * env_markers): the variable's name in *key (newly allocated) when it
 * can be told (`process.env.X`, `os.getenv(X)`), else NULL. */
static bool env_text(const cg_lang_flow *fl, const char *text, char **key)
{
	*key = NULL;
	if (!fl || !fl->env_markers || !text)
		return false;
	for (const char *const *m = fl->env_markers; *m; m++) {
		size_t ml = strlen(*m);
		const char *at = strstr(text, *m);
		if (!at)
			continue;
		const char *k = NULL;
		size_t kl = 0;
		if (at == text && text[ml] && (*m)[ml - 1] == '.') {
			k = text + ml;
			kl = strcspn(k, ".([ ");
		} else if ((k = strchr(at, '(')) != NULL) {
			k++;
			kl = strcspn(k, ")");
			/* a quoted name in the code's text */
			if (kl >= 2 && strchr("\"'`", k[0]) &&
			    k[kl - 1] == k[0]) {
				k++;
				kl -= 2;
			}
		}
		if (k && kl)
			*key = cg_strndup(k, kl);
		return true;
	}
	return false;
}

/* A lookup with an in-code default (pack flow.config) called with
 * callee text `callee` (node fn, or a null node) and arguments `args`:
 * for a key of the tree's configuration files that a file sets, that
 * value (provenance `properties`, the default kept on the lookup's note);
 * for a literal mapping of the file, its element; else the in-code
 * default (provenance `env-default` for an environment variable,
 * `config-default` otherwise), or unresolved naming the key. False when
 * the callee is no such lookup. */
static bool resolve_config(const file_ctx *c, const char *callee, TSNode fn,
                           TSNode args, value *v, int depth)
{
	const cg_lang_flow *fl = c->pack->flow;
	if (!fl || !fl->config || ts_node_is_null(args))
		return false;
	size_t cl = strlen(callee);
	for (const cg_lang_config *k = fl->config; k->callee; k++) {
		size_t kl = strlen(k->callee);
		if (cl < kl || strcmp(callee + cl - kl, k->callee) != 0 ||
		    (cl > kl && callee[cl - kl - 1] != '.'))
			continue;
		TSNode kwn = k->fallback_kw
		                 ? call_arg(c, args, k->fallback_kw, -1)
		                 : (TSNode){ 0 };
		if (k->fallback_kw && ts_node_is_null(kwn))
			continue;
		value key = { 0 };
		char *keytext = NULL;
		if (k->key >= 0) {
			TSNode kn = call_arg(c, args, "", k->key);
			resolve(c, kn, &key, depth + 1);
			if ((key.kind == V_STR || key.kind == V_INT) &&
			    !key.unres)
				keytext = cg_strdup(cg_buf_cstr(&key.text));
			value_reset(&key);
		}
		cg_lang_cfg_kind kind = k->kind;
		char *ek = NULL;
		if (kind == CG_LANG_CFG_OTHER && env_text(fl, callee, &ek))
			kind = CG_LANG_CFG_ENV;
		if (kind == CG_LANG_CFG_OTHER && k->key < 0 &&
		    !ts_node_is_null(fn)) {
			/* the object's code names the environment */
			char *t = node_text(c, fn);
			if (env_text(fl, t, &ek))
				kind = CG_LANG_CFG_ENV;
			cg_free(t);
		}
		if (!keytext) /* `Optional.ofNullable(getenv("X")).orElse` */
			keytext = ek;
		else
			cg_free(ek);
		TSNode dn = !ts_node_is_null(kwn) ? kwn
		            : k->fallback >= 0
		                ? call_arg(c, args, "", k->fallback)
		                : (TSNode){ 0 };
		value_reset(v);
		/* `MAP.get("k", "d")` of a literal map of the file */
		const cg_lang_member *mk =
		    ts_node_is_null(fn)
		        ? NULL
		        : member_kind(c->pack, ts_node_type(fn));
		if (kind == CG_LANG_CFG_OTHER && keytext && mk &&
		    container_lookup(c, field(fn, mk->object), keytext, v,
		                     depth)) {
			cg_free(keytext);
			return true;
		}
		value_reset(v);
		value dv = { 0 };
		bool have_d = false;
		if (!ts_node_is_null(dn)) {
			resolve(c, dn, &dv, depth + 1);
			have_d =
			    (dv.kind == V_STR || dv.kind == V_INT) && !dv.unres;
		}
		if (kind == CG_LANG_CFG_FILE && keytext &&
		    config_file_value(c, keytext,
		                      have_d ? cg_buf_cstr(&dv.text) : NULL,
		                      line_of(dn), v)) {
			value_reset(&dv);
			cg_free(keytext);
			return true;
		}
		if (have_d) {
			*v = dv;
			via(v, CG_SRC_ENV, line_of(dn));
			if (v->src == CG_SRC_ENV || v->src == CG_SRC_CONSTANT)
				v->src = kind == CG_LANG_CFG_ENV
				             ? CG_SRC_ENV_DEFAULT
				             : CG_SRC_ENV;
			if (keytext)
				v->cfg = cfg_note_add(c, kind, keytext, NULL,
				                      NULL, 0);
			cg_free(keytext);
			return true;
		}
		value_reset(&dv);
		v->kind = V_NAME;
		cg_buf_printf(&v->text, "%s(%s)", callee,
		              keytext ? keytext : "");
		v->src = CG_SRC_UNKNOWN;
		set_unres(v, "lookup of `%s` (%s)", keytext ? keytext : "?",
		          k->callee);
		cg_free(keytext);
		return true;
	}
	return false;
}

/* `a || "x"`, `a ?? "x"`, `a or "x"`: a when it resolves, else the
 * in-code default x (provenance `environment`). */
static bool resolve_fallback(const file_ctx *c, TSNode n, value *v, int depth)
{
	if (ts_node_child_count(n) != 3)
		return false;
	TSNode op = ts_node_child(n, 1);
	if (ts_node_is_named(op))
		return false;
	const char *o = ts_node_type(op);
	if (strcmp(o, "||") != 0 && strcmp(o, "??") != 0 &&
	    strcmp(o, "or") != 0)
		return false;
	TSNode l = ts_node_child(n, 0), r = ts_node_child(n, 2);
	if (ts_node_is_null(l) || ts_node_is_null(r))
		return false;
	resolve(c, l, v, depth + 1);
	if ((v->kind == V_STR || v->kind == V_INT) && !v->unres)
		return true;
	/* `process.env.X || "d"`: the default of environment variable X */
	char *ekey = NULL;
	bool env = v->kind == V_NAME &&
	           env_text(c->pack->flow, cg_buf_cstr(&v->text), &ekey);
	cg_buf why = v->why;
	v->why = (cg_buf)CG_BUF_INIT;
	resolve(c, r, v, depth + 1);
	if ((v->kind == V_STR || v->kind == V_INT) && !v->unres) {
		cg_buf_dispose(&why);
		via(v, CG_SRC_ENV, line_of(r));
		if (env && (v->src == CG_SRC_ENV || v->src == CG_SRC_CONSTANT))
			v->src = CG_SRC_ENV_DEFAULT;
		if (env && ekey && !v->cfg)
			v->cfg = cfg_note_add(c, CG_LANG_CFG_ENV, ekey, NULL,
			                      NULL, 0);
		cg_free(ekey);
		return true;
	}
	cg_free(ekey);
	value_reset(v);
	v->why = why;
	set_unres(v, "no value and no default");
	return true;
}

static bool null_literal(const char *s, size_t len)
{
	static const char *const nulls[] = { "null",      "None", "nil",
		                             "undefined", "NULL", NULL };
	for (size_t i = 0; nulls[i]; i++)
		if (strlen(nulls[i]) == len && memcmp(nulls[i], s, len) == 0)
			return true;
	return false;
}

static void resolve(const file_ctx *c, TSNode n, value *v, int depth)
{
	value_reset(v);
	if (ts_node_is_null(n))
		return;
	if (depth > MAX_DEPTH) {
		/* deep expressions (long builder chains) end here; the
		 * indirections that count against a budget note it */
		set_unres(v, "resolution budget exceeded");
		return;
	}
	c->st->steps++;
	const cg_lang_pack *p = c->pack;
	const char *type = ts_node_type(n);
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	if (cg_lang_type_in(type, p->wrapper_types)) {
		/* casts name the expression `value` (Java, C, Rust); other
		 * wrappers ((x), TypeScript `x as T`) hold it first */
		TSNode inner = field(n, "value");
		bool found = !ts_node_is_null(inner);
		uint32_t count = ts_node_named_child_count(n);
		for (uint32_t i = 0; i < count && !found; i++) {
			TSNode ch = ts_node_named_child(n, i);
			if (!cg_lang_type_in(ts_node_type(ch),
			                     p->comment_types)) {
				inner = ch;
				found = true;
			}
		}
		if (found)
			resolve(c, inner, v, depth + 1);
		else
			resolve_raw(c, c->src + a, b - a, a, v, depth);
		return;
	}
	if (cg_lang_type_in(type, p->string_types)) {
		v->kind = V_STR;
		unquote(&v->text, c->src + a, b - a);
		v->src = CG_SRC_LITERAL;
		return;
	}
	if (cg_lang_type_in(type, p->aggregate_types)) {
		if (all_literal(c, n, 0)) {
			v->kind = V_STR;
			cg_buf_put(&v->text, c->src + a, b - a);
			v->src = CG_SRC_LITERAL;
			return;
		}
	}
	if (cg_lang_type_in(type, p->number_types)) {
		resolve_raw(c, c->src + a, b - a, a, v, depth);
		return;
	}
	if (resolve_fallback(c, n, v, depth))
		return;
	if (p->flow && p->flow->subscript &&
	    strcmp(type, p->flow->subscript) == 0) {
		value k = { 0 };
		resolve(c, field(n, p->flow->sub_index), &k, depth + 1);
		bool ok = (k.kind == V_STR || k.kind == V_INT) && !k.unres &&
		          container_lookup(c, field(n, p->flow->sub_object),
		                           cg_buf_cstr(&k.text), v, depth);
		value_reset(&k);
		if (ok)
			return;
		value_reset(v);
	}
	if (p->flow && cg_lang_type_in(type, p->flow->choices)) {
		cand cs[2];
		cs[0].node = field(n, "consequence");
		cs[1].node = field(n, "alternative");
		if (ts_node_is_null(cs[0].node) ||
		    ts_node_is_null(cs[1].node)) {
			uint32_t nc = ts_node_named_child_count(n);
			cs[0].node = ts_node_named_child(n, 0);
			cs[1].node = ts_node_named_child(n, nc ? nc - 1 : 0);
		}
		cs[0].line = cs[1].line = 0;
		size_t pick = choose(c, 2);
		resolve(c, cs[pick].node, v, depth + 1);
		return;
	}
	if (int_product(c, n, v, depth) || flag_union(c, n, v, depth))
		return;
	if (cg_lang_type_in(type, p->concat_types)) {
		if (!concat_parts(c, n, v, depth)) {
			value_reset(v);
			char *t = excerpt(c->src + a, b - a);
			set_unres(v, "expression `%s`", t);
			cg_free(t);
		}
		return;
	}
	if (cg_lang_type_in(type, p->name_types)) {
		char *name = node_text(c, n);
		resolve_name_text(c, name, a, v, depth);
		cg_free(name);
		return;
	}
	const cg_lang_member *mk = member_kind(p, type);
	if (mk) {
		TSNode obj = field(n, mk->object);
		TSNode prop = field(n, mk->property);
		if (ts_node_is_null(prop))
			return;
		char *pname = node_text(c, prop);
		if (mk->arguments &&
		    resolve_helper(c, prop, field(n, mk->arguments), v,
		                   depth)) {
			cg_free(pname);
			return;
		}
		/* an assignment's target is not resolved (checked only for
		 * the receivers that need it: ts_node_parent is not free) */
		bool target = false;
		if (!ts_node_is_null(obj) && !mk->arguments &&
		    (is_self(c, obj) || is_name_type(p, obj))) {
			TSNode up = ts_node_parent(n);
			target = !ts_node_is_null(up) &&
			         ts_node_eq(field(up, "left"), n);
		}
		if (!ts_node_is_null(obj) && !mk->arguments && !target &&
		    container_lookup(c, obj, pname, v, depth)) {
			cg_free(pname);
			return;
		}
		value_reset(v);
		if (!ts_node_is_null(obj) && is_self(c, obj) &&
		    !mk->arguments && !target) {
			/* this.x / self.x: the field's definitions */
			resolve_def(c, pname, a, true, v, depth);
			if (usable(v)) {
				cg_free(pname);
				return;
			}
			value_reset(v);
		}
		if (ts_node_is_null(obj)) {
			resolve_name_text(c, pname, a, v, depth);
			if (v->kind != V_NAME) {
				value_reset(v);
				v->kind = V_NAME;
				cg_buf_puts(&v->text, pname);
			}
		} else {
			resolve(c, obj, v, depth + 1);
			if (v->unres && !mk->arguments && !target &&
			    is_name_type(p, obj) && unbound(c, obj)) {
				/* Type.CONST of a class or namespace of
				 * this file */
				value fv = { 0 };
				resolve_def(c, pname, a, true, &fv, depth);
				if (usable(&fv)) {
					value_reset(v);
					*v = fv;
					cg_free(pname);
					return;
				}
				value_reset(&fv);
			}
			if (!mk->arguments && !target &&
			    (is_name_type(p, obj) || name_chain(c, obj, n)) &&
			    (v->unres || v->src == CG_SRC_API)) {
				/* Q.NAME of a file or package Q of the
				 * project */
				char *qual = NULL;
				if (v->src == CG_SRC_API && v->kind == V_NAME) {
					/* the whole import path: its last
					 * segments name the file and scope */
					qual = cg_strdup(cg_buf_cstr(&v->text));
				} else {
					qual = node_text(c, obj);
				}
				value xv = { 0 };
				bool ok = xconst_value(c, pname, qual, &xv);
				cg_free(qual);
				if (ok) {
					value_reset(v);
					*v = xv;
					cg_free(pname);
					return;
				}
			}
			if (v->kind == V_NONE && !v->text.len) {
				char *t = node_text(c, obj);
				cg_buf_puts(&v->text, t);
				cg_free(t);
			}
			v->kind = V_NAME;
			if (v->src != CG_SRC_API)
				v->src = CG_SRC_UNKNOWN;
			cg_buf_putc(&v->text, '.');
			cg_buf_puts(&v->text, pname);
			if (v->src != CG_SRC_API) {
				char *t = excerpt(c->src + a, b - a);
				if (mk->arguments)
					set_unres(v, "return value of `%s`",
					          cg_buf_cstr(&v->text));
				else
					set_unres(v, "`%s` is not resolved", t);
				cg_free(t);
			}
		}
		cg_free(pname);
		if (mk->arguments) {
			TSNode args = field(n, mk->arguments);
			char *callee = cg_buf_detach(&v->text);
			value saved = *v;
			saved.text = (cg_buf)CG_BUF_INIT;
			v->why = (cg_buf)CG_BUF_INIT;
			if (resolve_config(c, callee, n, args, v, depth) ||
			    xhelper_value(c, callee, args, v)) {
				cg_buf_dispose(&saved.why);
				cg_free(callee);
				return;
			}
			value_reset(v);
			*v = saved;
			cg_buf_puts(&v->text, callee);
			cg_free(callee);
			if (ts_node_is_null(obj) && v->src != CG_SRC_API)
				set_unres(v, "return value of `%s`",
				          cg_buf_cstr(&v->text));
			append_args(c, args, v, depth);
		}
		return;
	}
	const cg_lang_call *ck = call_kind(p, type);
	if (ck) {
		TSNode fn = field(n, ck->function);
		TSNode args = field(n, "arguments");
		if (resolve_helper(c, fn, args, v, depth))
			return;
		resolve(c, fn, v, depth + 1);
		if (p->flow && p->flow->getattr && v->kind == V_NAME &&
		    strcmp(cg_buf_cstr(&v->text), p->flow->getattr) == 0 &&
		    ts_node_named_child_count(args) >= 2) {
			/* getattr(module, "name"): module.name */
			value o = { 0 }, k = { 0 };
			resolve(c, ts_node_named_child(args, 0), &o, depth + 1);
			resolve(c, ts_node_named_child(args, 1), &k, depth + 1);
			bool ok = k.kind == V_STR && !k.unres && o.text.len;
			if (ok) {
				value_reset(v);
				v->kind = V_NAME;
				cg_buf_printf(&v->text, "%s.%s",
				              cg_buf_cstr(&o.text),
				              cg_buf_cstr(&k.text));
				v->src = o.src == CG_SRC_API ? CG_SRC_API
				                             : CG_SRC_UNKNOWN;
				v->unres = o.unres;
			}
			value_reset(&o);
			value_reset(&k);
			if (ok)
				return;
		}
		if (v->text.len && v->kind == V_NAME) {
			char *callee = cg_strdup(cg_buf_cstr(&v->text));
			value tmp = { 0 };
			if (resolve_config(c, callee, fn, args, &tmp, depth) ||
			    xhelper_value(c, callee, args, &tmp)) {
				value_reset(v);
				*v = tmp;
				cg_free(callee);
				return;
			}
			value_reset(&tmp);
			cg_free(callee);
		}
		if (v->kind == V_NONE && !v->text.len && !ts_node_is_null(fn)) {
			char *t = node_text(c, fn);
			cg_buf_puts(&v->text, t);
			cg_free(t);
		}
		v->kind = V_NAME;
		if (v->src != CG_SRC_API) {
			v->unres = false;
			cg_buf_dispose(&v->why);
			set_unres(v, "return value of `%s`",
			          cg_buf_cstr(&v->text));
		}
		append_args(c, args, v, depth);
		return;
	}
	/* anything else: its text, unresolved */
	cg_buf_put(&v->text, c->src + a, b - a);
	v->src = CG_SRC_UNKNOWN;
	if (!null_literal(c->src + a, b - a)) {
		char *t = excerpt(c->src + a, b - a);
		set_unres(v, "expression `%s`", t);
		cg_free(t);
	}
}

/* ---- matches to findings ---------------------------------------------- */

#define MAX_MEMBER_KEYS 4

typedef struct {
	const char *name;
	cg_buf text;
	cg_src src;
	uint32_t line;
	const char *file; /* defining file when another one (borrowed) */
	bool set;
	bool literal; /* resolved to a string or number */
	bool unres;   /* derived from something unresolved */
	cg_buf why;
	TSNode node; /* a capture's node, resolved on first need */
	bool has_node;
	uint32_t cfg; /* the value's configuration lookup (value.cfg) */
	/* a member capture (`@bits.length`): the keys to read, in order,
	 * from the literal object that node's name is bound to */
	const char *keys[MAX_MEMBER_KEYS];
	size_t nkeys;
	char *own_name; /* name, when it was cut from a member capture */
} var;

typedef struct {
	var *items;
	size_t len, cap;
} vars;

static var *vars_get(vars *vs, const char *name)
{
	for (size_t i = 0; i < vs->len; i++)
		if (strcmp(vs->items[i].name, name) == 0)
			return &vs->items[i];
	return NULL;
}

static var *vars_add(vars *vs, const char *name)
{
	var *x = vars_get(vs, name);
	if (x)
		return x;
	x = cg_array_push_zero(vs);
	x->name = name;
	return x;
}

static void vars_dispose(vars *vs)
{
	for (size_t i = 0; i < vs->len; i++) {
		cg_buf_dispose(&vs->items[i].text);
		cg_buf_dispose(&vs->items[i].why);
		cg_free(vs->items[i].own_name);
	}
	cg_free(vs->items);
	memset(vs, 0, sizeof(*vs));
}

/* Expand a template. *src receives the weakest provenance used: API when
 * the template is constant text. Returns NULL when a variable is unset. */
/* The upper 16 bits of a number written in decimal or hexadecimal (a
 * Windows dwFlags word: key length << 16 | flags), in decimal; false when
 * s is not a number or the upper half is 0. */
static bool upper_half(const char *s, char out[24])
{
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || strlen(s) > 20)
		return false;
	unsigned long long n = 0;
	for (; *s; s++) {
		int d = (*s >= '0' && *s <= '9')                 ? *s - '0'
		        : base == 16 && (*s >= 'a' && *s <= 'f') ? *s - 'a' + 10
		        : base == 16 && (*s >= 'A' && *s <= 'F') ? *s - 'A' + 10
		                                                 : -1;
		if (d < 0 || n > (~0ULL - (unsigned)d) / (unsigned)base)
			return false;
		n = n * (unsigned)base + (unsigned)d;
	}
	n >>= 16;
	if (!n || n > 0xffff)
		return false;
	snprintf(out, 24, "%llu", n);
	return true;
}

static char *expand(const char *t, vars *vs, cg_src *src, uint32_t *line,
                    const char **file)
{
	if (!t)
		return NULL;
	cg_buf b = CG_BUF_INIT;
	*src = CG_SRC_API;
	*line = 0;
	*file = NULL;
	bool first = true;
	for (const char *p = t; *p;) {
		if (p[0] == '$' && p[1] == '{') {
			const char *e = strchr(p, '}');
			char *name = cg_strndup(p + 2, (size_t)(e - p - 2));
			char *mod = strchr(name, ':');
			if (mod)
				*mod++ = '\0';
			var *x = vars_get(vs, name);
			cg_free(name);
			if (!x || !x->set || !x->text.len) {
				cg_buf_dispose(&b);
				return NULL;
			}
			if (mod) { /* ":hi16": the upper half of a flags word */
				char hi[24];
				if (!upper_half(cg_buf_cstr(&x->text), hi)) {
					cg_buf_dispose(&b);
					return NULL;
				}
				cg_buf_puts(&b, hi);
			} else {
				cg_buf_put(&b, cg_buf_cstr(&x->text),
				           x->text.len);
			}
			if (first || x->src == CG_SRC_UNKNOWN ||
			    x->src == CG_SRC_CONSTANT) {
				*src = x->src;
				*line = x->line;
				*file = x->file;
			}
			first = false;
			p = e + 1;
		} else {
			cg_buf_putc(&b, *p++);
		}
	}
	if (*src == CG_SRC_UNKNOWN)
		*src = CG_SRC_API; /* a name in the code implies it */
	return cg_buf_detach(&b);
}

/* A key size written in hexadecimal ("0x0800", e.g. the upper half of a
 * flags word captured by a rule) becomes its decimal digits; any other
 * value is returned unchanged. Takes ownership of v. */
static char *hex_to_decimal(char *v)
{
	if (!v || v[0] != '0' || (v[1] != 'x' && v[1] != 'X') || !v[2] ||
	    strlen(v + 2) > 8)
		return v;
	unsigned long n = 0;
	for (const char *p = v + 2; *p; p++) {
		int d = (*p >= '0' && *p <= '9')   ? *p - '0'
		        : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
		        : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10
		                                   : -1;
		if (d < 0)
			return v;
		n = n * 16 + (unsigned long)d;
	}
	char buf[24];
	snprintf(buf, sizeof buf, "%lu", n);
	cg_free(v);
	return cg_strdup(buf);
}

static bool is_digits(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Free the parameter values of a spec (its raw text is the caller's). */
static void spec_dispose(cg_alg_spec *spec)
{
	cg_param *ps[] = { &spec->key_size, &spec->mode, &spec->padding,
		           &spec->curve };
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		cg_free(ps[i]->value);
		cg_free(ps[i]->file);
		ps[i]->value = ps[i]->file = NULL;
	}
}

/* A template's expansion as a parameter (value NULL when unset). */
static cg_param expand_param(const char *t, vars *vs)
{
	cg_param p = { 0 };
	const char *file = NULL;
	p.value = expand(t, vs, &p.src, &p.line, &file);
	p.file = p.value && file ? cg_strdup(file) : NULL;
	return p;
}

/* The generic asset of a recognised call whose algorithm is not
 * resolved: "unresolved-<family>" of the rule's `unresolved:`, the reason,
 * and the code's text of the algorithm with provenance `unresolved`. */
static void make_unresolved(cg_finding *f, const cg_rule *r, vars *vs,
                            const char *why)
{
	const cg_asset_tmpl *t = &r->asset;
	cg_src s;
	uint32_t l;
	const char *sf;
	const var *x = vars_get(vs, t->unres_capture);
	f->rule_id = cg_strdup(r->id);
	f->name = cg_sprintf("unresolved-%s", t->unres_family);
	f->family = cg_strdup(t->unres_family);
	f->primitive = cg_strdup(t->unres_primitive);
	f->functions = cg_strdup(t->functions ? t->functions : "");
	f->algorithm.value =
	    cg_strdup(x && x->text.len ? cg_buf_cstr(&x->text) : "?");
	f->algorithm.src = CG_SRC_UNRESOLVED;
	f->unresolved = cg_strdup(why && *why ? why : "not resolved");
	f->symbol =
	    expand(t->symbol ? t->symbol : "${callee}", vs, &s, &l, &sf);
}

/* Build the finding of one accepted match. Returns false when the
 * algorithm is not in the table (nothing reported, unless the rule
 * reports unresolved algorithms). */
static bool make_finding(cg_finding *f, const cg_ruleset *rs, const cg_rule *r,
                         vars *vs, pcre2_match_data *md)
{
	const cg_asset_tmpl *t = &r->asset;
	cg_src s = CG_SRC_UNKNOWN;
	uint32_t l = 0;
	const char *sf = NULL;
	if (r->misuse) {
		f->misuse = cg_strdup(r->misuse);
		f->severity = cg_strdup(r->severity);
		f->message = cg_strdup(r->message);
	}
	cg_alg_spec spec = {
		.key_size = expand_param(t->key_size, vs),
		.mode = expand_param(t->mode, vs),
		.padding = expand_param(t->padding, vs),
		.curve = expand_param(t->curve, vs),
		.default_key_size = t->default_key_size,
		.default_mode = t->default_mode,
		.default_padding = t->default_padding,
		.primitive = t->primitive,
		.functions = t->functions,
	};
	char *raw = t->algorithm ? expand(t->algorithm, vs, &spec.raw_src,
	                                  &spec.raw_line, &spec.raw_file)
	                         : NULL;
	spec.raw = raw;
	/* a size written in hexadecimal ("0x0800") counts in decimal */
	spec.key_size.value = hex_to_decimal(spec.key_size.value);
	bool ok = cg_rules_finding(f, rs, &spec, md);
	/* a literal the table does not know, in the capture that carries the
	 * algorithm: a recognised call with an unresolved algorithm */
	const var *ux =
	    t->unres_capture ? vars_get(vs, t->unres_capture) : NULL;
	if (!ok && !t->protocol && !r->misuse && raw && *raw && ux &&
	    ux->literal && !null_literal(raw, strlen(raw))) {
		char *why = cg_sprintf("`%s` is not a known algorithm", raw);
		make_unresolved(f, r, vs, why);
		cg_free(why);
		cg_free(raw);
		spec_dispose(&spec);
		return true;
	}
	cg_free(raw);
	spec_dispose(&spec);
	if (!ok && !r->misuse && !t->protocol)
		return false;
	/* (a misuse stands without an asset; a protocol set up in code is
	 * carried by its named parameters and becomes a protocol object in
	 * the scan's writer) */
	f->rule_id = cg_strdup(r->id);
	f->symbol =
	    expand(t->symbol ? t->symbol : "${callee}", vs, &s, &l, &sf);
	if (t->protocol && !r->misuse)
		cg_finding_xparam(f, "protocol", t->protocol, CG_SRC_API, 0);
	for (size_t i = 0; i + 1 < t->params.len; i += 2) {
		char *v = expand(t->params.items[i + 1], vs, &s, &l, &sf);
		cg_finding_xparam(f, t->params.items[i], v, s, l);
		if (v && sf)
			for (size_t k = 0; k < f->nxparams; k++)
				if (strcmp(f->xparams[k].name,
				           t->params.items[i]) == 0)
					cg_param_set_file(&f->xparams[k].p, sf);
		cg_free(v);
	}
	return true;
}

/* The related components of finding `at` (a composite: PBKDF2 and its
 * PRF, OAEP and its hash): each one is a finding of its own at the same
 * place, and the composite names it as parameter "related:RELATION". */
static void add_related(cg_findings *out, size_t at, const cg_ruleset *rs,
                        const cg_rule *r, vars *vs, pcre2_match_data *md)
{
	const cg_asset_tmpl *t = &r->asset;
	if (r->misuse || !out->items[at].name)
		return;
	for (size_t i = 0; i + 1 < t->related.len; i += 2) {
		cg_alg_spec spec = { 0 };
		char *raw = expand(t->related.items[i + 1], vs, &spec.raw_src,
		                   &spec.raw_line, &spec.raw_file);
		spec.raw = raw;
		cg_finding inner = { 0 };
		if (raw && cg_rules_finding(&inner, rs, &spec, md)) {
			const cg_finding *f = &out->items[at];
			inner.rule_id = cg_strdup(r->id);
			inner.symbol = f->symbol ? cg_strdup(f->symbol) : NULL;
			inner.line = f->line;
			inner.column = f->column;
			char *key =
			    cg_sprintf("related:%s", t->related.items[i]);
			cg_finding_xparam(&out->items[at], key, inner.name,
			                  spec.raw_src, spec.raw_line);
			if (spec.raw_file)
				for (size_t k = 0; k < out->items[at].nxparams;
				     k++)
					if (strcmp(
					        out->items[at].xparams[k].name,
					        key) == 0)
						cg_param_set_file(
						    &out->items[at]
						         .xparams[k]
						         .p,
						    spec.raw_file);
			cg_free(key);
			*cg_findings_push(out) = inner;
		} else {
			cg_finding_dispose(&inner);
		}
		cg_free(raw);
	}
}

/* The non-regex tests of a condition: lt / ge on an integer value, and
 * literal (the value is written in the file, at the use or in a
 * constant). */
static bool cond_extra_ok(const cg_rule_cond *cond, const char *s, cg_src src,
                          bool literal)
{
	if (cond->literal &&
	    (!literal || (src != CG_SRC_LITERAL && src != CG_SRC_CONSTANT)))
		return false;
	if (cond->has_lt || cond->has_ge) {
		if (!is_digits(s))
			return false;
		errno = 0;
		long long v = strtoll(s, NULL, 10);
		if (errno)
			return false;
		if (cond->has_lt && v >= cond->lt)
			return false;
		if (cond->has_ge && v < cond->ge)
			return false;
	}
	return true;
}

/* ---- resolved values, memoised per file ------------------------------ */

/* Many rules capture the same node (every call, as @call): its resolved
 * value is computed once per file. Keyed by the node's identity. */
typedef struct {
	const void *id; /* TSNode.id; NULL: empty slot */
	uint32_t start;
	vkind kind;
	cg_src src;
	uint32_t line;
	char *text;
	size_t len;
} memo_entry;

struct memo {
	memo_entry *slots;
	size_t cap; /* power of two */
	size_t len;
};

static void memo_clear(struct memo *mm)
{
	for (size_t i = 0; i < mm->cap; i++)
		if (mm->slots[i].id) {
			cg_free(mm->slots[i].text);
			mm->slots[i].id = NULL;
		}
	mm->len = 0;
}

static struct memo *memo_new(void)
{
	return cg_calloc(1, sizeof(struct memo));
}

static void memo_free(struct memo *mm)
{
	if (!mm)
		return;
	memo_clear(mm);
	cg_free(mm->slots);
	cg_free(mm);
}

/* Resolve a capture's variable if it is not yet. */
static void ensure(const file_ctx *c, var *x)
{
	if (x->set || !x->has_node)
		return;
	value val = { 0 };
	if (x->nkeys) {
		/* the first key the options object has; none: unset */
		bool found = false;
		for (size_t k = 0; k < x->nkeys && !found; k++) {
			value_reset(&val);
			found =
			    container_lookup(c, x->node, x->keys[k], &val, 0);
		}
		if (!found) {
			value_reset(&val);
			x->has_node = false;
			return;
		}
	} else {
		resolve(c, x->node, &val, 0);
	}
	x->literal = val.kind == V_STR || val.kind == V_INT;
	x->text = val.text;
	x->src = val.src;
	x->line = val.line;
	x->file = val.file;
	x->unres = val.unres && !x->literal;
	x->why = val.why;
	x->cfg = val.cfg;
	x->set = true;
}

/* What the text of the unresolved value x of the algorithm capture uc
 * says: 1 when every condition on uc holds on it and one of them is a
 * pattern (a library constant such as NID_secp384r1 or
 * MBEDTLS_ECP_DP_SECP256R1 that a C file only includes from a header: it
 * names the algorithm), -1 when a `not:` condition excludes it (a library
 * constant the rule leaves to another one), 0 otherwise (unresolved). */
static int unres_text(const cg_rule *r, const char *uc, const var *x,
                      pcre2_match_data *md)
{
	bool any = false, all = true;
	const char *s = cg_buf_cstr(&x->text);
	for (size_t i = 0; i < r->nconds; i++) {
		const cg_rule_cond *cond = &r->conds[i];
		if (strcmp(cond->capture, uc) != 0)
			continue;
		if (!cond->re || cond->has_lt || cond->has_ge ||
		    cond->literal) {
			all = false;
			continue;
		}
		bool hit = pcre2_match(cond->re, (PCRE2_SPTR)s, x->text.len, 0,
		                       0, md, NULL) >= 0;
		if (cond->negate && hit)
			return -1;
		if (!cond->negate) {
			any = true;
			all = all && hit;
		}
	}
	return any && all ? 1 : 0;
}

/* The configuration lookup the finding's value came from (the algorithm
 * capture's, else the first capture's that has one), as named parameters:
 * a value a configuration file sets gives "config:key" and
 * "config:file" (provenance `properties`, the line in that file) and the
 * in-code default it overrides, "default" (`config-default`, its line);
 * an in-code default gives "env" (the environment variable,
 * `env-default`) or "config:key" (`config-default`). */
static void cfg_params(cg_finding *f, const file_ctx *c, const cg_rule *r,
                       const vars *vs)
{
	const char *uc = r->asset.unres_capture;
	const var *x = NULL;
	for (size_t i = 0; i < vs->len; i++) {
		const var *y = &vs->items[i];
		if (!y->cfg || y->cfg > c->st->ncfgs)
			continue;
		if (!x || (uc && strcmp(y->name, uc) == 0))
			x = y;
	}
	if (!x)
		return;
	const struct cfg_note *nt = &c->st->cfgs[x->cfg - 1];
	if (nt->set) {
		cg_finding_xparam(f, "config:key", nt->key, CG_SRC_PROPERTIES,
		                  nt->set->line);
		cg_finding_xparam(f, "config:file", nt->set->path,
		                  CG_SRC_PROPERTIES, nt->set->line);
		cg_finding_xparam(f, "default", nt->dflt, CG_SRC_ENV,
		                  nt->dline);
	} else if (nt->kind == CG_LANG_CFG_ENV) {
		cg_finding_xparam(f, "env", nt->key, CG_SRC_ENV_DEFAULT, 0);
	} else {
		cg_finding_xparam(f, "config:key", nt->key, CG_SRC_ENV, 0);
	}
}

/* Evaluate one match of rule r once (one combination of candidate
 * values): resolve its captures, test the conditions, and append a
 * finding. A rule with `unresolved:` whose algorithm capture is not
 * resolved skips the conditions on that capture and reports the generic
 * asset. */
static void eval_once(cg_findings *out, const file_ctx *c, const cg_rule *r,
                      const cg_query *q, const TSQueryMatch *m,
                      const cg_ruleset *rs, pcre2_match_data *md, int at_id)
{
	vars vs = { 0 };
	TSNode at = { 0 };
	bool have_at = false;
	for (uint16_t i = 0; i < m->capture_count; i++) {
		uint32_t len;
		const char *name = ts_query_capture_name_for_id(
		    q->query, m->captures[i].index, &len);
		TSNode node = m->captures[i].node;
		if ((at_id >= 0 && m->captures[i].index == (uint32_t)at_id) ||
		    (at_id < 0 && !have_at)) {
			if (!have_at || at_id < 0) {
				at = node;
				have_at = true;
			}
		}
		const char *dot = memchr(name, '.', len);
		if (dot && dot > name && dot + 1 < name + len) {
			/* `@bits.length`: member `length` of the options
			 * object the name is bound to, as variable bits */
			char *base = cg_strndup(name, (size_t)(dot - name));
			var *x = vars_get(&vs, base);
			if (!x) {
				x = vars_add(&vs, base);
				x->own_name = base;
				x->node = node;
			} else {
				cg_free(base);
			}
			if (!x->has_node || x->nkeys) {
				x->node = node;
				if (x->nkeys < MAX_MEMBER_KEYS)
					x->keys[x->nkeys++] = dot + 1;
				x->has_node = true;
			}
			continue;
		}
		var *x = vars_add(&vs, name);
		if (x->has_node)
			continue;
		x->node = node;
		x->has_node = true;
	}
	/* captures are resolved on first need: most matches fail a
	 * condition on the callee before the other captures matter; the
	 * conditions on the algorithm capture come last, once it is known
	 * whether it is resolved */
	const char *uc = r->asset.unres_capture;
	bool unres = false;
	/* the algorithm capture is unresolved; when its text still names
	 * the algorithm (unres_text), the finding is by name if the table
	 * knows it, else the unresolved one */
	bool unres_named = false;
	char *why = NULL;
	for (size_t i = 0; i < 2 * r->nconds; i++) {
		const cg_rule_cond *cond = &r->conds[i % r->nconds];
		bool on_uc = uc && strcmp(cond->capture, uc) == 0;
		if (i == r->nconds && uc) {
			var *ux = vars_get(&vs, uc);
			if (ux)
				ensure(c, ux);
			unres_named = ux && ux->set && ux->unres;
			if (unres_named)
				why =
				    cg_strdup(c->st->over && !ux->why.len
				                  ? "resolution budget exceeded"
				                  : cg_buf_cstr(&ux->why));
			int said = unres_named ? unres_text(r, uc, ux, md) : 0;
			if (said < 0)
				goto done;
			unres = unres_named && said == 0;
		}
		if (on_uc != (i >= r->nconds) || (unres && on_uc))
			continue;
		var *cx = vars_get(&vs, cond->capture);
		if (cx)
			ensure(c, cx);
		const var *x = cx;
		/* a capture absent from this match is tested as "" (so
		 * '^$' or '^(...)?$' accept its absence) */
		bool present = x && x->set;
		/* a private copy: adding group variables below may move or
		 * replace the capture's variable */
		cg_buf subject = CG_BUF_INIT;
		cg_buf_puts(&subject, present ? cg_buf_cstr(&x->text) : "");
		cg_src xsrc = present ? x->src : CG_SRC_UNKNOWN;
		uint32_t xline = present ? x->line : 0;
		const char *xfile = present ? x->file : NULL;
		bool xlit = present && x->literal;
		const char *s = cg_buf_cstr(&subject);
		size_t slen = subject.len;
		int rc = cond->re ? pcre2_match(cond->re, (PCRE2_SPTR)s, slen,
		                                0, 0, md, NULL)
		                  : 1;
		if ((rc >= 0) == cond->negate ||
		    !cond_extra_ok(cond, s, xsrc, xlit)) {
			cg_buf_dispose(&subject);
			goto done;
		}
		if (rc < 0 || cond->negate || !cond->re) {
			cg_buf_dispose(&subject);
			continue;
		}
		uint32_t count = 0, esize = 0;
		PCRE2_SPTR table = NULL;
		pcre2_pattern_info(cond->re, PCRE2_INFO_NAMECOUNT, &count);
		pcre2_pattern_info(cond->re, PCRE2_INFO_NAMEENTRYSIZE, &esize);
		pcre2_pattern_info(cond->re, PCRE2_INFO_NAMETABLE, &table);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		for (uint32_t g = 0; g < count; g++) {
			PCRE2_SPTR e = table + g * esize;
			int num = (e[0] << 8) | e[1];
			const char *gname = (const char *)e + 2;
			if ((uint32_t)num >= (uint32_t)rc ||
			    ov[2 * num] == PCRE2_UNSET)
				continue;
			var *gv = vars_add(&vs, gname);
			cg_buf_dispose(&gv->text);
			cg_buf_put(&gv->text, s + ov[2 * num],
			           ov[2 * num + 1] - ov[2 * num]);
			gv->src = xsrc;
			gv->line = xline;
			gv->file = xfile;
			gv->set = gv->text.len > 0;
		}
		cg_buf_dispose(&subject);
	}
	if (!have_at)
		goto done;
	if (uc && !r->nconds) {
		var *ux = vars_get(&vs, uc);
		if (ux)
			ensure(c, ux);
		unres = ux && ux->set && ux->unres;
		if (unres)
			why = cg_strdup(cg_buf_cstr(&ux->why));
	}
	for (size_t i = 0; i < vs.len; i++)
		ensure(c, &vs.items[i]);
	cg_finding *f = cg_findings_push(out);
	if (unres) {
		make_unresolved(f, r, &vs, why);
	} else if (!make_finding(f, rs, r, &vs, md)) {
		cg_finding_dispose(f);
		if (unres_named) {
			make_unresolved(f, r, &vs, why);
		} else {
			out->len--;
			goto done;
		}
	}
	TSPoint pt = ts_node_start_point(at);
	f->line = pt.row + 1;
	f->column = pt.column + 1;
	cfg_params(f, c, r, &vs);
	add_related(out, out->len - 1, rs, r, &vs, md);
done:
	cg_free(why);
	vars_dispose(&vs);
}

/* Drop the unresolved findings among out[start..] when one of them is
 * resolved: the candidates of one match that name an algorithm are its
 * values, and a candidate the file cannot resolve beside them (an error
 * sentinel, a fallback) is not a use of its own. */
static void drop_unresolved_beside(cg_findings *out, size_t start)
{
	bool resolved = false;
	for (size_t i = start; i < out->len && !resolved; i++)
		resolved = !out->items[i].unresolved && !out->items[i].misuse;
	if (!resolved)
		return;
	size_t w = start;
	for (size_t i = start; i < out->len; i++) {
		if (out->items[i].unresolved) {
			cg_finding_dispose(&out->items[i]);
			continue;
		}
		if (w != i)
			out->items[w] = out->items[i];
		w++;
	}
	out->len = w;
}

/* Evaluate one match once per combination of the candidate values its
 * captures can take (bounded by MAX_RUNS). */
static void eval_match(cg_findings *out, const file_ctx *c, const cg_rule *r,
                       const cg_query *q, const TSQueryMatch *m,
                       const cg_ruleset *rs, pcre2_match_data *md, int at_id,
                       unsigned *notes)
{
	rstate *st = c->st;
	size_t start = out->len;
	st->nrec = 0;
	st->over = false;
	st->nframes = 0;
	for (int run = 0;; run++) {
		st->n = 0;
		st->obj_set = false;
		eval_once(out, c, r, q, m, rs, md, at_id);
		if (!next_choice(st))
			break;
		if (run + 1 == MAX_RUNS) {
			st->over = true;
			break;
		}
	}
	drop_unresolved_beside(out, start);
	if (st->over)
		(*notes)++;
}

/* Drop findings that repeat (line, column, name, misuse): two patterns or
 * two rules seeing the same use. The list is sorted by (line, column, ...),
 * so a repeat can only be among the kept findings of the same position.
 * Keeps the first in sorted order. */
static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void dedupe(cg_findings *v, size_t from)
{
	if (!v->items)
		return; /* nothing was found */
	size_t w = from;
	for (size_t i = from; i < v->len; i++) {
		const cg_finding *b = &v->items[i];
		cg_finding *a = NULL;
		for (size_t k = w; k-- > from && !a;) {
			cg_finding *c = &v->items[k];
			if (c->line != b->line || c->column != b->column)
				break;
			if (same_str(c->name, b->name) &&
			    same_str(c->misuse, b->misuse))
				a = c;
		}
		/* the kept finding takes the named parameters only the repeat
		 * has (one pattern of a rule sees the iterations, another the
		 * hash of the same call) */
		for (size_t k = 0; a && k < b->nxparams; k++)
			if (!cg_finding_xget(a, b->xparams[k].name))
				cg_finding_xparam(a, b->xparams[k].name,
				                  b->xparams[k].p.value,
				                  b->xparams[k].p.src,
				                  b->xparams[k].p.line);
		/* and a padding only the repeat names (a padded buffered
		 * cipher around the mode that a rule reports bare) */
		if (a && !a->padding.value && b->padding.value)
			cg_param_set(&a->padding, b->padding.value,
			             b->padding.src, b->padding.line);
		if (a)
			cg_finding_dispose(&v->items[i]);
		else
			v->items[w++] = v->items[i];
	}
	v->len = w;
}

/* A two-step set-up (`kpg = KeyPairGenerator.getInstance("RSA")` then
 * `kpg.initialize(4096)`): the factory's bare finding takes the size the
 * later call gives through the same variable, so that both lines are
 * occurrences of one asset (RSA-4096). Only when every such later call
 * agrees on the name. */
static void merge_setups(cg_findings *v, size_t from)
{
	for (size_t i = from; i < v->len; i++) {
		cg_finding *a = &v->items[i];
		if (!a->name || a->misuse || a->unresolved ||
		    a->key_size.value || !a->family)
			continue;
		const cg_finding *by = NULL;
		bool agree = true;
		for (size_t k = from; k < v->len && agree; k++) {
			const cg_finding *b = &v->items[k];
			if (k == i || !b->name || b->misuse || b->unresolved ||
			    !b->key_size.value || b->line == a->line ||
			    !b->family || strcmp(b->family, a->family) != 0 ||
			    b->algorithm.line != a->line)
				continue;
			if (by && strcmp(by->name, b->name) != 0)
				agree = false;
			by = b;
		}
		if (!by || !agree)
			continue;
		cg_free(a->name);
		a->name = cg_strdup(by->name);
		cg_param_set(&a->key_size, by->key_size.value, by->key_size.src,
		             by->key_size.line ? by->key_size.line : by->line);
		cg_param_set_file(&a->key_size,
		                  by->key_size.line ? by->key_size.file : NULL);
		a->classical = by->classical;
		a->quantum = by->quantum;
		cg_free(a->oid);
		a->oid = by->oid ? cg_strdup(by->oid) : NULL;
	}
}

/* The depth of the tree (only files longer than DEPTH_LIMIT bytes can
 * be that deep: one walk, no recursion). */
static uint32_t tree_depth(TSNode root)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	uint32_t depth = 0, max = 0;
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&cur)) {
			if (++depth > max)
				max = depth;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				ts_tree_cursor_delete(&cur);
				return max;
			}
			depth--;
		}
	}
}

/* Drop the findings appended since `from` (a run to be redone). */
static void findings_truncate(cg_findings *out, size_t from)
{
	for (size_t i = from; i < out->len; i++)
		cg_finding_dispose(&out->items[i]);
	out->len = from;
}

/* Whether the query loop has run past its budget (checked between
 * matches). */
static bool over_budget(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	double dt = (double)(t.tv_sec - t0->tv_sec) +
	            (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
	return dt > QUERY_BUDGET_S;
}

/* One walk of the tree for every active rule (the pack's combined query).
 * Returns false when tree-sitter dropped matches (more in-progress matches
 * than its limit) or the budget ran out: the caller then runs the rules
 * one by one. */
static bool run_combined(cg_findings *out, cg_engine_worker *w,
                         const file_ctx *c, const cg_pack_query *pq,
                         TSNode root, const struct timespec *t0)
{
	const cg_ruleset *rs = w->e->rs;
	ts_query_cursor_exec(w->cursor, pq->q->query, root);
	TSQueryMatch m;
	unsigned k = 0;
	while (ts_query_cursor_next_match(w->cursor, &m)) {
		if ((++k & 255) == 0 && over_budget(t0))
			return false;
		uint32_t g = pq->group[m.pattern_index];
		bool checked = false;
		for (uint32_t j = pq->first[g]; j < pq->first[g + 1]; j++) {
			uint32_t ri = pq->rules[j];
			const cg_rule *r = &rs->rules[ri];
			if (!cg_rules_rule_active(r, w->present))
				continue;
			if (!checked &&
			    !cg_query_match_ok(pq->q, &m, c->src, w->md))
				break;
			checked = true;
			eval_match(out, c, r, pq->q, &m, rs, w->md,
			           pq->at_id[ri], &c->st->notes);
		}
	}
	return !ts_query_cursor_did_exceed_match_limit(w->cursor);
}

/* The rules one by one, each on its own query. */
static void run_each(cg_findings *out, cg_engine_result *res,
                     cg_engine_worker *w, const file_ctx *c, size_t pi,
                     TSNode root, const struct timespec *t0)
{
	const cg_ruleset *rs = w->e->rs;
	cg_rules_prepare(rs, pi, w->present);
	for (size_t i = 0; i < rs->nrules; i++) {
		const cg_rule *r = &rs->rules[i];
		if (!cg_rules_applies(r, pi) ||
		    !cg_rules_rule_active(r, w->present))
			continue;
		const cg_query *q = cg_rules_query(rs, i, pi);
		if (!q)
			continue;
		bool budget = over_budget(t0);
		int at_id = cg_query_capture_index(q, r->at ? r->at : "call");
		ts_query_cursor_exec(w->cursor, q->query, root);
		TSQueryMatch m;
		unsigned k = 0;
		while (!budget && ts_query_cursor_next_match(w->cursor, &m)) {
			if ((++k & 255) == 0 && over_budget(t0)) {
				budget = true;
				break;
			}
			if (!cg_query_match_ok(q, &m, c->src, w->md))
				continue;
			eval_match(out, c, r, q, &m, rs, w->md, at_id,
			           &c->st->notes);
		}
		if (budget) {
			snprintf(res->note, sizeof(res->note),
			         "note: rule queries stopped after %d s of CPU "
			         "(rule %s and later rules not run); findings "
			         "may be missing",
			         (int)QUERY_BUDGET_S, r->id);
			return;
		}
		if (ts_query_cursor_did_exceed_match_limit(w->cursor) &&
		    !res->note[0])
			snprintf(res->note, sizeof(res->note),
			         "note: rule %s: more than %d partial matches "
			         "at once; matches past the limit may be "
			         "missing",
			         r->id, MATCH_LIMIT);
	}
}

/* ---- Weak randomness flowing into a crypto call ----
 *
 * After the rules have run on a file: for each non-cryptographic
 * generator (a finding with randomness=weak), the names its value fills
 * in the same function (a variable bound to an expression that uses it,
 * an element or field assigned from it, a buffer handed to one of its
 * methods: `r.nextBytes(b)`, `mrand.Read(buf)`) are followed to a fixed
 * point; when one of them (or the generator itself) is an argument of a
 * call that another finding of the file stands for (the call itself, a
 * call around it, or a call on the object it creates: `c.init(..., iv)`
 * after `c = Cipher.getInstance(...)`), the generator gets an
 * `insecure-random` misuse of severity high naming that call. */
#define FLOW_MAX_GENS 64
#define FLOW_MAX_ROUNDS 6
/* nodes a file's flow pass may visit (all generators together): a huge
 * top-level script stops being followed rather than stalling a worker */
#define FLOW_MAX_STEPS 2000000UL

typedef struct {
	uint32_t a, b;        /* bytes of the generator expression */
	TSNode scope;         /* its function, or the file */
	cg_strv names;        /* names that carry its value */
	unsigned long *steps; /* the file's budget, shared by generators */
} flow_state;

static bool is_callnode(TSNode n)
{
	return !ts_node_is_null(n) && !ts_node_is_null(field(n, "arguments"));
}

/* The expression a finding stands for: the named node at its position,
 * widened to the call or member chain that starts there. */
static TSNode flow_node_at(const file_ctx *c, const cg_finding *f)
{
	TSPoint p = { f->line ? f->line - 1 : 0,
		      f->column ? f->column - 1 : 0 };
	TSNode n = ts_node_named_descendant_for_point_range(c->root, p, p);
	for (TSNode up = ts_node_parent(n); !ts_node_is_null(up);
	     up = ts_node_parent(n)) {
		const char *t = ts_node_type(up);
		if (ts_node_start_byte(up) != ts_node_start_byte(n) ||
		    (!is_callnode(up) && !member_kind(c->pack, t) &&
		     !cg_lang_type_in(t, c->pack->wrapper_types)))
			break;
		n = up;
	}
	return n;
}

static TSNode flow_scope(const file_ctx *c, TSNode n)
{
	for (TSNode p = ts_node_parent(n); !ts_node_is_null(p);
	     p = ts_node_parent(p))
		if (cg_lang_type_in(ts_node_type(p), c->pack->scope_types))
			return p;
	return c->root;
}

static bool flow_within(TSNode n, uint32_t a, uint32_t b)
{
	return ts_node_start_byte(n) <= a && b <= ts_node_end_byte(n);
}

/* Whether n mentions one of the names carrying the value, or contains
 * the generator itself. */
static bool flow_uses(const file_ctx *c, const flow_state *fs, TSNode n)
{
	if (ts_node_is_null(n))
		return false;
	if (flow_within(n, fs->a, fs->b))
		return true;
	for (size_t i = 0; i < fs->names.len; i++)
		if (mentions(c, n, fs->names.items[i]))
			return true;
	return false;
}

/* The variable an expression stores into: its first name in tree order
 * (`iv[i]` -> iv, `&buf` -> buf, `self.key` -> self... skipped: a
 * receiver name is never taken). */
static bool flow_add_target(const file_ctx *c, flow_state *fs, TSNode n)
{
	const cg_lang_flow *fl = c->pack->flow;
	TSTreeCursor cur = ts_tree_cursor_new(n);
	bool added = false;
	for (;;) {
		TSNode x = ts_tree_cursor_current_node(&cur);
		if (is_name_type(c->pack, x)) {
			char *name = node_text(c, x);
			if (fl && cg_lang_type_in(name, fl->self_names)) {
				cg_free(name);
			} else {
				if (!cg_strv_contains(&fs->names, name)) {
					cg_strv_push(&fs->names, name);
					added = true;
				}
				cg_free(name);
				break;
			}
		}
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		bool up = false;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur) ||
			    ts_node_eq(ts_tree_cursor_current_node(&cur), n)) {
				up = true;
				break;
			}
		if (up)
			break;
	}
	ts_tree_cursor_delete(&cur);
	return added;
}

/* One pass over the scope: the names the value reaches. True when a
 * name was added. */
static bool flow_round(const file_ctx *c, flow_state *fs)
{
	bool added = false;
	uint32_t sa = ts_node_start_byte(fs->scope),
	         sb = ts_node_end_byte(fs->scope);
	*fs->steps += c->nconsts;
	for (size_t i = 0; i < c->nconsts; i++) {
		const const_bind *b = &c->consts[i];
		if (b->field || b->start < sa || b->start >= sb ||
		    cg_strv_contains(&fs->names, b->name) ||
		    ts_node_start_byte(b->value) < sa)
			continue;
		if (flow_uses(c, fs, b->value)) {
			cg_strv_push(&fs->names, b->name);
			added = true;
		}
	}
	const cg_lang_flow *fl = c->pack->flow;
	TSTreeCursor cur = ts_tree_cursor_new(fs->scope);
	for (;;) {
		if (++*fs->steps > FLOW_MAX_STEPS)
			break;
		TSNode x = ts_tree_cursor_current_node(&cur);
		TSNode args = field(x, "arguments");
		if (!ts_node_is_null(args)) {
			/* a method of the generator (or of a name carrying it)
			 * fills the names passed to it */
			uint32_t xa = ts_node_start_byte(x),
			         aa = ts_node_start_byte(args);
			bool from_gen =
			    xa == fs->a || (fs->a >= xa && fs->b <= aa);
			for (size_t i = 0; !from_gen && i < fs->names.len;
			     i++) {
				const char *nm = fs->names.items[i];
				size_t nl = strlen(nm);
				for (uint32_t k = xa; k + nl <= aa && !from_gen;
				     k++)
					from_gen =
					    memcmp(c->src + k, nm, nl) == 0 &&
					    (k == xa ||
					     !ident_char(c->src[k - 1])) &&
					    !ident_char(c->src[k + nl]);
			}
			uint32_t na = ts_node_named_child_count(args);
			for (uint32_t i = 0; from_gen && i < na; i++)
				added |= flow_add_target(
				    c, fs, ts_node_named_child(args, i));
		}
		if (fl && cg_lang_type_in(ts_node_type(x), fl->assigns)) {
			TSNode l = field(x, "left"), r = field(x, "right");
			if (!ts_node_is_null(l) && flow_uses(c, fs, r)) {
				uint32_t nl = ts_node_named_child_count(l);
				if (nl > 1 && !is_name_type(c->pack, l))
					for (uint32_t i = 0; i < nl; i++)
						added |= flow_add_target(
						    c, fs,
						    ts_node_named_child(l, i));
				else
					added |= flow_add_target(c, fs, l);
			}
		}
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		bool done = false;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur) ||
			    ts_node_eq(ts_tree_cursor_current_node(&cur),
			               fs->scope)) {
				done = true;
				break;
			}
		if (done)
			break;
	}
	ts_tree_cursor_delete(&cur);
	return added;
}

/* A finding another one's value may flow into: an asset that is not a
 * generator. */
static bool flow_sink_kind(const cg_finding *f)
{
	return f->name && !f->misuse && !cg_finding_xget(f, "randomness") &&
	       !(f->primitive && strcmp(f->primitive, "drbg") == 0);
}

/* The call a finding stands for, and the calls around it, innermost
 * first: the first whose arguments carry the value, or a null node. The
 * outermost is left in *top. */
static TSNode flow_sink_call(const file_ctx *c, const flow_state *fs, TSNode n,
                             TSNode *top)
{
	for (;;) {
		TSNode args = field(n, "arguments");
		if (!ts_node_is_null(args) && flow_uses(c, fs, args))
			return n;
		TSNode p = ts_node_parent(n);
		if (ts_node_is_null(p) || ts_node_eq(p, fs->scope))
			break;
		TSNode gp = ts_node_parent(p);
		bool arglist = !ts_node_is_null(gp) &&
		               ts_node_eq(field(gp, "arguments"), p);
		if (!arglist && !is_callnode(p) &&
		    !member_kind(c->pack, ts_node_type(p)) &&
		    !cg_lang_type_in(ts_node_type(p), c->pack->wrapper_types))
			break;
		n = arglist ? gp : p;
	}
	*top = n;
	return (TSNode){ 0 };
}

/* "`name`" of a call: its text before the arguments, on one line,
 * shortened. */
static char *flow_call_name(const file_ctx *c, TSNode call)
{
	uint32_t a = ts_node_start_byte(call),
	         b = ts_node_start_byte(field(call, "arguments"));
	cg_buf s = CG_BUF_INIT;
	bool blank = false;
	for (uint32_t i = a; i < b && s.len < 60; i++) {
		char ch = c->src[i];
		if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
			blank = s.len > 0;
			continue;
		}
		if (blank)
			cg_buf_putc(&s, ' ');
		blank = false;
		cg_buf_putc(&s, ch);
	}
	return cg_buf_detach(&s);
}

/* The misuse for generator g (index gi) whose value reaches `call`, a
 * use of finding k. */
static void flow_report(cg_findings *out, size_t from, size_t gi, size_t k,
                        const file_ctx *c, TSNode call)
{
	char *callee = flow_call_name(c, call);
	uint32_t line = ts_node_start_point(call).row + 1;
	char *msg = cg_sprintf(
	    "Non-cryptographic generator %s: its output flows into `%s` "
	    "(%s, line %u); use a cryptographic generator",
	    out->items[gi].name, callee, out->items[k].name, line);
	cg_free(callee);
	uint32_t gline = out->items[gi].line;
	/* a rule already reported the misuse here (by the name of its
	 * target, or a literal seed): it takes the flow's severity and the
	 * reason is added to its message */
	for (size_t i = from; i < out->len; i++) {
		cg_finding *m = &out->items[i];
		if (m->line == gline && m->misuse &&
		    strcmp(m->misuse, "insecure-random") == 0) {
			cg_free(m->severity);
			m->severity = cg_strdup("high");
			char *both = cg_sprintf(
			    "%s; %s", m->message ? m->message : "", msg);
			cg_free(m->message);
			cg_free(msg);
			m->message = both;
			return;
		}
	}
	const cg_finding g = out->items[gi]; /* the push may move it */
	cg_finding *f = cg_findings_push(out);
	f->rule_id = cg_strdup(g.rule_id);
	f->name = cg_strdup(g.name);
	f->family = g.family ? cg_strdup(g.family) : NULL;
	f->primitive = g.primitive ? cg_strdup(g.primitive) : NULL;
	f->functions = g.functions ? cg_strdup(g.functions) : NULL;
	f->oid = g.oid ? cg_strdup(g.oid) : NULL;
	f->classical = g.classical;
	f->quantum = g.quantum;
	cg_param_set(&f->algorithm, g.algorithm.value, g.algorithm.src,
	             g.algorithm.line);
	f->symbol = g.symbol ? cg_strdup(g.symbol) : NULL;
	for (size_t i = 0; i < g.nxparams; i++)
		cg_finding_xparam(f, g.xparams[i].name, g.xparams[i].p.value,
		                  g.xparams[i].p.src, g.xparams[i].p.line);
	f->misuse = cg_strdup("insecure-random");
	f->severity = cg_strdup("high");
	f->message = msg;
	f->line = g.line;
	f->column = g.column;
}

static void weak_flows(cg_findings *out, size_t from, const file_ctx *c)
{
	size_t end = out->len, gens = 0;
	unsigned long steps = 0;
	for (size_t gi = from;
	     gi < end && gens < FLOW_MAX_GENS && steps <= FLOW_MAX_STEPS;
	     gi++) {
		const cg_param *rp =
		    cg_finding_xget(&out->items[gi], "randomness");
		if (out->items[gi].misuse || !rp || !rp->value ||
		    strcmp(rp->value, "weak") != 0)
			continue;
		gens++;
		TSNode g = flow_node_at(c, &out->items[gi]);
		flow_state fs = { .a = ts_node_start_byte(g),
			          .b = ts_node_end_byte(g),
			          .scope = flow_scope(c, g),
			          .steps = &steps };
		for (int r = 0; r < FLOW_MAX_ROUNDS && flow_round(c, &fs); r++)
			;
		uint32_t sa = ts_node_start_byte(fs.scope),
		         sb = ts_node_end_byte(fs.scope);
		/* crypto objects: names bound to another finding's call */
		cg_strv handles = CG_STRV_INIT;
		size_t *owner = NULL, capowner = 0;
		TSNode hit = { 0 };
		size_t hk = 0;
		for (size_t k = from; k < end && ts_node_is_null(hit); k++) {
			if (k == gi || !flow_sink_kind(&out->items[k]))
				continue;
			if ((steps += 1 + c->nconsts) > FLOW_MAX_STEPS)
				break;
			TSNode s = flow_node_at(c, &out->items[k]);
			if (ts_node_start_byte(s) < sa ||
			    ts_node_end_byte(s) > sb)
				continue;
			TSNode top = s;
			hit = flow_sink_call(c, &fs, s, &top);
			hk = k;
			for (size_t i = 0;
			     ts_node_is_null(hit) && i < c->nconsts; i++) {
				const const_bind *b = &c->consts[i];
				if (!b->field &&
				    flow_within(b->value,
				                ts_node_start_byte(top),
				                ts_node_end_byte(top)) &&
				    ts_node_start_byte(b->value) >= sa &&
				    !cg_strv_contains(&handles, b->name)) {
					cg_strv_push(&handles, b->name);
					cg_reserve(owner, capowner,
					           handles.len);
					owner[handles.len - 1] = k;
				}
			}
		}
		/* a call on a crypto object (or taking one) with the value */
		TSTreeCursor cur = ts_tree_cursor_new(fs.scope);
		while (ts_node_is_null(hit) && handles.len) {
			if (++steps > FLOW_MAX_STEPS)
				break;
			TSNode x = ts_tree_cursor_current_node(&cur);
			TSNode args = field(x, "arguments");
			if (!ts_node_is_null(args) && flow_uses(c, &fs, args))
				for (size_t i = 0; i < handles.len; i++)
					if (mentions(c, x, handles.items[i])) {
						hit = x;
						hk = owner[i];
						break;
					}
			if (ts_tree_cursor_goto_first_child(&cur))
				continue;
			bool done = false;
			while (!ts_tree_cursor_goto_next_sibling(&cur))
				if (!ts_tree_cursor_goto_parent(&cur) ||
				    ts_node_eq(
				        ts_tree_cursor_current_node(&cur),
				        fs.scope)) {
					done = true;
					break;
				}
			if (done)
				break;
		}
		ts_tree_cursor_delete(&cur);
		if (!ts_node_is_null(hit))
			flow_report(out, from, gi, hk, c, hit);
		cg_free(owner);
		cg_strv_dispose(&handles);
		cg_strv_dispose(&fs.names);
	}
}

int cg_engine_scan(cg_findings *out, cg_engine_result *res, cg_engine_worker *w,
                   const cg_lang_pack *pack, const char *src, size_t len)
{
	const cg_ruleset *rs = w->e->rs;
	memset(res, 0, sizeof(*res));
	memset(w->present, 0, w->present_len);
	if (!cg_rules_prefilter(rs, src, len, w->present)) {
		res->prefiltered = true;
		return 0;
	}
	size_t pi = pack_index(pack);
	unsigned active = 0;
	for (size_t i = 0; i < rs->nrules; i++)
		active += cg_rules_applies(&rs->rules[i], pi) &&
		          cg_rules_rule_active(&rs->rules[i], w->present);
	if (!active) {
		res->prefiltered = true;
		return 0;
	}
	if (!pack_queries(w->e, pi))
		return CG_ERROR;
	ts_parser_set_language(w->parser, pack->grammar());
	TSTree *tree =
	    ts_parser_parse_string(w->parser, NULL, src, (uint32_t)len);
	if (!tree) {
		ts_parser_reset(w->parser);
		cg_error_set("parse timed out");
		return CG_ELIMIT;
	}
	TSNode root = ts_tree_root_node(tree);
	res->parse_errors = ts_node_has_error(root);
	rstate st = { 0 };
	file_ctx c = { .pack = pack,
		       .src = src,
		       .len = len,
		       .md = w->md,
		       .xc = w->e->xc,
		       .path = w->path,
		       .xcfg = w->e->xcfg,
		       .root = root,
		       .st = &st };
	if (len > DEPTH_LIMIT && tree_depth(root) > DEPTH_LIMIT) {
		/* tree-sitter's query cursor keeps 16-bit depths: past them it
		 * reads out of bounds, so the file is not queried at all */
		snprintf(res->note, sizeof(res->note),
		         "note: syntax nested deeper than %u levels, which "
		         "tree-sitter's queries cannot walk; the file was "
		         "parsed but not analysed",
		         DEPTH_LIMIT);
		ts_tree_delete(tree);
		return 0;
	}
	collect_imports(&c, w, pi, root);
	collect_consts(&c, w, pi, root);
	size_t from = out->len;
	res->rules_run = active;
	const cg_pack_query *pq = cg_rules_pack_query(rs, pi, len);
	struct timespec t0; /* after compiling: the budget is the queries' */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	if (!pq || !run_combined(out, w, &c, pq, root, &t0)) {
		findings_truncate(out, from);
		run_each(out, res, w, &c, pi, root, &t0);
	}
	memo_clear(w->memo);
	weak_flows(out, from, &c);
	/* sort only this file's findings, then drop repeats */
	merge_setups(out, from);
	cg_findings mine = { out->items ? out->items + from : NULL,
		             out->len - from, 0 };
	cg_findings_sort(&mine);
	dedupe(out, from);
	res->budget_notes = st.notes;
	ctx_dispose(&c);
	keyed_dispose(&st.calls);
	keyed_dispose(&st.funcs);
	cfg_notes_dispose(&st);
	ts_tree_delete(tree);
	return 0;
}
