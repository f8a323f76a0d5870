/* engine.c — see engine.h. */
#include "engine.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/util.h"

#define MAX_DEPTH 12 /* resolution depth (constants of constants) */
#define PARSE_TIMEOUT_US 20000000ULL
#define MATCH_LIMIT 4096
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
	uint8_t *compiled; /* per pack: 0 not yet, 1 done, 2 failed */
	char **errors;     /* per pack: why its queries failed */
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

typedef struct {
	char *alias;
	char *target;
} import_bind;

typedef struct {
	char *name;
	TSNode value;
	uint32_t start; /* byte where the definition starts */
	uint32_t line;  /* 1-based line of the definition */
	/* bytes where the definition is visible: its enclosing function
	 * (a pack scope type), or the whole file */
	uint32_t scope_start, scope_end;
} const_bind;

typedef struct {
	const cg_lang_pack *pack;
	const char *src;
	size_t len;
	import_bind *imports;
	size_t nimports, capimports;
	const_bind *consts;
	size_t nconsts, capconsts;
	pcre2_match_data *md;
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
	if (c->nimports == c->capimports) {
		c->capimports = c->capimports ? c->capimports * 2 : 16;
		c->imports =
		    cg_realloc(c->imports, c->capimports * sizeof(import_bind));
	}
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
	return a->start < b->start ? -1 : a->start > b->start;
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
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			sc = cg_realloc(sc, cap * sizeof(byte_range));
		}
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
		if (depth) {
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
		if (c->nconsts == c->capconsts) {
			c->capconsts = c->capconsts ? c->capconsts * 2 : 32;
			c->consts = cg_realloc(
			    c->consts, c->capconsts * sizeof(const_bind));
		}
		const_bind *b = &c->consts[c->nconsts++];
		b->name = node_text(c, name);
		b->value = value;
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
	for (size_t i = 0; i < c->nconsts; i++)
		cg_free(c->consts[i].name);
	cg_free(c->consts);
}

static const char *find_import(const file_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nimports; i++)
		if (strcmp(c->imports[i].alias, name) == 0)
			return c->imports[i].target;
	return NULL;
}

/* The definition of `name` that applies at byte `pos`: among those whose
 * scope holds pos, the nearest one before it, else the only one after it.
 * NULL if none or ambiguous. */
static const const_bind *find_const(const file_ctx *c, const char *name,
                                    uint32_t pos)
{
	size_t lo = 0, hi = c->nconsts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(c->consts[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const const_bind *best = NULL;
	size_t after = 0;
	const const_bind *first_after = NULL;
	for (size_t i = lo;
	     i < c->nconsts && strcmp(c->consts[i].name, name) == 0; i++) {
		if (pos < c->consts[i].scope_start ||
		    pos >= c->consts[i].scope_end)
			continue;
		if (c->consts[i].start < pos) {
			best = &c->consts[i];
		} else if (c->consts[i].start > pos) {
			if (!after++)
				first_after = &c->consts[i];
		}
	}
	if (best)
		return best;
	return after == 1 ? first_after : NULL;
}

/* ---- value resolution ------------------------------------------------- */

typedef enum { V_NONE, V_STR, V_INT, V_NAME } vkind;

typedef struct {
	vkind kind;
	cg_buf text;
	cg_src src;    /* literal / constant / unknown */
	uint32_t line; /* constant definition line */
} value;

static void value_reset(value *v)
{
	cg_buf_dispose(&v->text);
	v->kind = V_NONE;
	v->src = CG_SRC_UNKNOWN;
	v->line = 0;
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
		resolve(c, ts_node_named_child(args, 0), &first, depth + 1);
		if (first.kind == V_STR || first.kind == V_INT)
			cg_buf_puts(&v->text, cg_buf_cstr(&first.text));
		value_reset(&first);
	}
	cg_buf_putc(&v->text, ')');
}

static void resolve_name_text(const file_ctx *c, const char *name, uint32_t pos,
                              value *v, int depth)
{
	const char *imp = find_import(c, name);
	if (imp) {
		v->kind = V_NAME;
		cg_buf_puts(&v->text, imp);
		v->src = CG_SRC_API;
		return;
	}
	const const_bind *b = find_const(c, name, pos);
	if (b && depth < MAX_DEPTH && ts_node_start_byte(b->value) != pos) {
		resolve(c, b->value, v, depth + 1);
		if (v->kind == V_STR || v->kind == V_INT || v->kind == V_NAME) {
			/* a value reached through a constant (a literal or
			 * a name such as AES.MODE_CBC) */
			if (v->src != CG_SRC_CONSTANT) {
				v->src = CG_SRC_CONSTANT;
				v->line = b->line;
			}
			return;
		}
		value_reset(v);
	}
	v->kind = V_NAME;
	cg_buf_puts(&v->text, name);
	v->src = CG_SRC_UNKNOWN;
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

static TSNode field(TSNode n, const char *name)
{
	return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
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

static void resolve(const file_ctx *c, TSNode n, value *v, int depth)
{
	value_reset(v);
	if (ts_node_is_null(n) || depth > MAX_DEPTH)
		return;
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
	if (cg_lang_type_in(type, p->concat_types)) {
		if (!concat_parts(c, n, v, depth))
			value_reset(v);
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
		if (ts_node_is_null(obj)) {
			resolve_name_text(c, pname, a, v, depth);
			if (v->kind != V_NAME) {
				value_reset(v);
				v->kind = V_NAME;
				cg_buf_puts(&v->text, pname);
			}
		} else {
			resolve(c, obj, v, depth + 1);
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
		}
		cg_free(pname);
		if (mk->arguments)
			append_args(c, field(n, mk->arguments), v, depth);
		return;
	}
	const cg_lang_call *ck = call_kind(p, type);
	if (ck) {
		TSNode fn = field(n, ck->function);
		resolve(c, fn, v, depth + 1);
		if (v->kind == V_NONE && !v->text.len && !ts_node_is_null(fn)) {
			char *t = node_text(c, fn);
			cg_buf_puts(&v->text, t);
			cg_free(t);
		}
		v->kind = V_NAME;
		append_args(c, field(n, "arguments"), v, depth);
		return;
	}
	/* anything else: its text, unresolved */
	cg_buf_put(&v->text, c->src + a, b - a);
	v->src = CG_SRC_UNKNOWN;
}

/* ---- matches to findings ---------------------------------------------- */

typedef struct {
	const char *name;
	cg_buf text;
	cg_src src;
	uint32_t line;
	bool set;
	bool literal; /* resolved to a string or number */
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
	if (vs->len == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 8;
		vs->items = cg_realloc(vs->items, vs->cap * sizeof(var));
	}
	x = &vs->items[vs->len++];
	memset(x, 0, sizeof(*x));
	x->name = name;
	return x;
}

static void vars_dispose(vars *vs)
{
	for (size_t i = 0; i < vs->len; i++)
		cg_buf_dispose(&vs->items[i].text);
	cg_free(vs->items);
	memset(vs, 0, sizeof(*vs));
}

/* Expand a template. *src receives the weakest provenance used: API when
 * the template is constant text. Returns NULL when a variable is unset. */
static char *expand(const char *t, vars *vs, cg_src *src, uint32_t *line)
{
	if (!t)
		return NULL;
	cg_buf b = CG_BUF_INIT;
	*src = CG_SRC_API;
	*line = 0;
	bool first = true;
	for (const char *p = t; *p;) {
		if (p[0] == '$' && p[1] == '{') {
			const char *e = strchr(p, '}');
			char *name = cg_strndup(p + 2, (size_t)(e - p - 2));
			var *x = vars_get(vs, name);
			cg_free(name);
			if (!x || !x->set || !x->text.len) {
				cg_buf_dispose(&b);
				return NULL;
			}
			cg_buf_put(&b, cg_buf_cstr(&x->text), x->text.len);
			if (first || x->src == CG_SRC_UNKNOWN ||
			    x->src == CG_SRC_CONSTANT) {
				*src = x->src;
				*line = x->line;
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

/* A template's expansion as a parameter (value NULL when unset). */
static cg_param expand_param(const char *t, vars *vs)
{
	cg_param p = { 0 };
	p.value = expand(t, vs, &p.src, &p.line);
	return p;
}

/* Build the finding of one accepted match through the one finding
 * builder (cg_rules_finding). Returns false when the algorithm is not in
 * the table (nothing reported) and the rule reports no misuse. */
static bool make_finding(cg_finding *f, const cg_ruleset *rs, const cg_rule *r,
                         vars *vs, pcre2_match_data *md)
{
	const cg_asset_tmpl *t = &r->asset;
	cg_src s;
	uint32_t l;
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
	                                  &spec.raw_line)
	                         : NULL;
	spec.raw = raw;
	/* a size written in hexadecimal ("0x0800") counts in decimal */
	spec.key_size.value = hex_to_decimal(spec.key_size.value);
	bool ok = cg_rules_finding(f, rs, &spec, md);
	cg_free(raw);
	cg_free(spec.key_size.value);
	cg_free(spec.mode.value);
	cg_free(spec.padding.value);
	cg_free(spec.curve.value);
	if (!ok && !r->misuse && !t->protocol)
		return false;
	/* (a misuse stands without an asset; a protocol set up in code is
	 * carried by its named parameters and becomes a protocol object in
	 * the scan's writer) */
	f->rule_id = cg_strdup(r->id);
	f->symbol = expand(t->symbol ? t->symbol : "${callee}", vs, &s, &l);
	if (t->protocol && !r->misuse)
		cg_finding_xparam(f, "protocol", t->protocol, CG_SRC_API, 0);
	for (size_t i = 0; i + 1 < t->params.len; i += 2) {
		char *v = expand(t->params.items[i + 1], vs, &s, &l);
		cg_finding_xparam(f, t->params.items[i], v, s, l);
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
		                   &spec.raw_line);
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

/* Evaluate one match of rule r: resolve its captures, test the
 * conditions, and append a finding. */
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

static memo_entry *memo_slot(struct memo *mm, TSNode n)
{
	uint32_t start = ts_node_start_byte(n);
	uintptr_t h = ((uintptr_t)n.id >> 4) * 0x9E3779B97F4A7C15ull ^ start;
	for (size_t i = h & (mm->cap - 1);; i = (i + 1) & (mm->cap - 1)) {
		memo_entry *e = &mm->slots[i];
		if (!e->id || (e->id == n.id && e->start == start))
			return e;
	}
}

static void memo_grow(struct memo *mm)
{
	memo_entry *old = mm->slots;
	size_t oldcap = mm->cap;
	mm->cap = oldcap ? oldcap * 2 : 256;
	mm->slots = cg_calloc(mm->cap, sizeof(memo_entry));
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].id)
			continue;
		uintptr_t h =
		    ((uintptr_t)old[i].id >> 4) * 0x9E3779B97F4A7C15ull ^
		    old[i].start;
		size_t k = h & (mm->cap - 1);
		while (mm->slots[k].id)
			k = (k + 1) & (mm->cap - 1);
		mm->slots[k] = old[i];
	}
	cg_free(old);
}

/* The memo's entry for node n, resolving it on first sight. The entry
 * (and its text) lives until the memo is cleared or grows. */
static const memo_entry *memo_get(struct memo *mm, const file_ctx *c, TSNode n)
{
	if ((mm->len + 1) * 2 > mm->cap)
		memo_grow(mm);
	memo_entry *e = memo_slot(mm, n);
	if (!e->id) {
		value val = { 0 };
		resolve(c, n, &val, 0);
		e->id = n.id;
		e->start = ts_node_start_byte(n);
		e->kind = val.kind;
		e->src = val.src;
		e->line = val.line;
		e->len = val.text.len;
		e->text = cg_buf_detach(&val.text);
		mm->len++;
	}
	return e;
}

/* resolve(), through the memo. */
static void resolve_memo(struct memo *mm, const file_ctx *c, TSNode n, value *v)
{
	const memo_entry *e = memo_get(mm, c, n);
	v->kind = e->kind;
	v->src = e->src;
	v->line = e->line;
	cg_buf_put(&v->text, e->text ? e->text : "", e->len);
}

static bool cond_extra_ok(const cg_rule_cond *cond, const char *s, cg_src src,
                          bool literal);

/* The first condition of rule r alone, on the first capture of its name
 * (as eval_match tests it, before anything can change that variable):
 * false when it rejects the match, which most matches of a rule written
 * as "every call, where @call is ..." are. */
static bool first_cond_ok(const file_ctx *c, const cg_rule *r, int id,
                          const TSQueryMatch *m, pcre2_match_data *md,
                          struct memo *mm)
{
	if (!r->nconds)
		return true;
	const cg_rule_cond *cond = &r->conds[0];
	const memo_entry *e = NULL;
	for (uint16_t i = 0; id >= 0 && i < m->capture_count && !e; i++)
		if (m->captures[i].index == (uint32_t)id)
			e = memo_get(mm, c, m->captures[i].node);
	/* as eval_match's subject: the text up to a NUL */
	const char *s = e && e->text ? e->text : "";
	size_t slen = strlen(s);
	int rc = cond->re ? pcre2_match(cond->re, (PCRE2_SPTR)s, slen, 0, 0, md,
	                                NULL)
	                  : 1;
	return (rc >= 0) != cond->negate &&
	       cond_extra_ok(cond, s, e ? e->src : CG_SRC_UNKNOWN,
	                     e && (e->kind == V_STR || e->kind == V_INT));
}

/* Evaluate one match of rule r: resolve its captures, test the
 * conditions, and append a finding. */
static void eval_match(cg_findings *out, const file_ctx *c, const cg_rule *r,
                       const cg_query *q, const TSQueryMatch *m,
                       const cg_ruleset *rs, pcre2_match_data *md, int at_id,
                       int cond_id, struct memo *mm)
{
	if (!first_cond_ok(c, r, cond_id, m, md, mm))
		return;
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
		var *x = vars_add(&vs, name);
		if (x->set)
			continue;
		value val = { 0 };
		resolve_memo(mm, c, node, &val);
		x->literal = val.kind == V_STR || val.kind == V_INT;
		x->text = val.text;
		x->src = val.src;
		x->line = val.line;
		x->set = true;
	}
	/* conditions, and their named groups as variables */
	for (size_t i = 0; i < r->nconds; i++) {
		const cg_rule_cond *cond = &r->conds[i];
		const var *x = vars_get(&vs, cond->capture);
		/* a capture absent from this match is tested as "" (so
		 * '^$' or '^(...)?$' accept its absence) */
		bool present = x && x->set;
		/* a private copy: adding group variables below may move or
		 * replace the capture's variable */
		cg_buf subject = CG_BUF_INIT;
		cg_buf_puts(&subject, present ? cg_buf_cstr(&x->text) : "");
		cg_src xsrc = present ? x->src : CG_SRC_UNKNOWN;
		uint32_t xline = present ? x->line : 0;
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
			gv->set = gv->text.len > 0;
		}
		cg_buf_dispose(&subject);
	}
	if (!have_at)
		goto done;
	cg_finding *f = cg_findings_push(out);
	if (!make_finding(f, rs, r, &vs, md)) {
		cg_finding_dispose(f);
		out->len--;
		goto done;
	}
	TSPoint pt = ts_node_start_point(at);
	f->line = pt.row + 1;
	f->column = pt.column + 1;
	add_related(out, out->len - 1, rs, r, &vs, md);
done:
	vars_dispose(&vs);
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
		if (a)
			cg_finding_dispose(&v->items[i]);
		else
			v->items[w++] = v->items[i];
	}
	v->len = w;
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
			           pq->at_id[ri], pq->cond_id[ri], w->memo);
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
		int cond_id =
		    r->nconds ? cg_query_capture_index(q, r->conds[0].capture)
		              : -1;
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
			eval_match(out, c, r, q, &m, rs, w->md, at_id, cond_id,
			           w->memo);
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
	file_ctx c = { .pack = pack, .src = src, .len = len, .md = w->md };
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
	/* sort only this file's findings, then drop repeats */
	cg_findings mine = { out->items + from, out->len - from, 0 };
	cg_findings_sort(&mine);
	dedupe(out, from);
	ctx_dispose(&c);
	ts_tree_delete(tree);
	return 0;
}
