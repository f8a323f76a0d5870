/* suppress.c — see suppress.h. */
#include "suppress.h"
#include "../util/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKER "cryptagion:"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The line with white space collapsed to single spaces, trimmed. */
static char *normalised(const char *s, const char *e)
{
	cg_buf b = CG_BUF_INIT;
	bool pending = false;
	for (; s < e; s++) {
		if (is_space(*s)) {
			pending = b.len > 0;
			continue;
		}
		if (pending)
			cg_buf_putc(&b, ' ');
		pending = false;
		cg_buf_putc(&b, *s);
	}
	return cg_buf_detach(&b);
}

/* The 0-based offsets of the line starts of src (one pass). */
typedef struct {
	size_t *at;
	size_t n;
} line_index;

static void line_index_build(line_index *ix, const char *src, size_t len)
{
	size_t cap = 64;
	ix->at = cg_malloc(cap * sizeof(size_t));
	ix->n = 0;
	ix->at[ix->n++] = 0;
	for (const char *p = src, *lim = src + len;
	     (p = memchr(p, '\n', (size_t)(lim - p))) != NULL; p++) {
		cg_reserve(ix->at, cap, cg_array__add(ix->n, 1));
		ix->at[ix->n++] = (size_t)(p + 1 - src);
	}
}

/* [*start, *end) of 1-based line n, or false. */
static bool line_at(const line_index *ix, const char *src, size_t len,
                    uint32_t n, const char **start, const char **end)
{
	if (n == 0 || n > ix->n)
		return false;
	size_t s = ix->at[n - 1];
	size_t e = n < ix->n ? ix->at[n] - 1 : len;
	if (s > len)
		return false;
	*start = src + s;
	*end = src + e;
	return true;
}

/* Finding indices sorted by line (stable), so that each distinct line is
 * read once however many findings it carries. */
static _Thread_local const cg_findings *sort_ctx;

static int cmp_by_line(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint32_t lx = sort_ctx->items[x].line, ly = sort_ctx->items[y].line;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return (x > y) - (x < y);
}

static size_t *order(const cg_findings *v,
                     int (*cmp)(const void *, const void *))
{
	size_t *ix = cg_malloc((v->len ? v->len : 1) * sizeof(size_t));
	for (size_t i = 0; i < v->len; i++)
		ix[i] = i;
	/* qsort has no context argument: a per-thread one (the scan's
	 * workers call this concurrently) */
	sort_ctx = v;
	if (v->len > 1)
		qsort(ix, v->len, sizeof(size_t), cmp);
	return ix;
}

void cg_suppress_line_hashes(cg_findings *v, const char *src, size_t len)
{
	if (!v->len)
		return;
	line_index li;
	line_index_build(&li, src, len);
	size_t *ix = order(v, cmp_by_line);
	const char *prev = NULL;
	for (size_t k = 0; k < v->len; k++) {
		cg_finding *f = &v->items[ix[k]];
		if (prev && k && v->items[ix[k - 1]].line == f->line) {
			memcpy(f->line_hash, prev, sizeof(f->line_hash));
			continue;
		}
		const char *s, *e;
		char *norm = line_at(&li, src, len, f->line, &s, &e)
		                 ? normalised(s, e)
		                 : cg_strdup("");
		cg_sha256_hex(f->line_hash, norm, strlen(norm));
		cg_free(norm);
		prev = f->line_hash;
	}
	cg_free(ix);
	cg_free(li.at);
}

static int cmp_str0(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Same rule, line hash, name and category; then the original order. */
static int cmp_by_identity(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const cg_finding *f = &sort_ctx->items[x], *g = &sort_ctx->items[y];
	int c = strcmp(f->rule_id, g->rule_id);
	if (!c)
		c = strcmp(f->line_hash, g->line_hash);
	if (!c)
		c = cmp_str0(f->name, g->name);
	if (!c)
		c = cmp_str0(f->misuse, g->misuse);
	return c ? c : (x > y) - (x < y);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void cg_suppress_fingerprints(cg_findings *v, const char *path)
{
	/* a finding's index among the earlier findings with the same
	 * identity: one sort instead of a scan of all earlier findings */
	size_t *ix = order(v, cmp_by_identity);
	unsigned index = 0;
	for (size_t k = 0; k < v->len; k++) {
		cg_finding *f = &v->items[ix[k]];
		if (k) {
			const cg_finding *g = &v->items[ix[k - 1]];
			bool same = strcmp(g->rule_id, f->rule_id) == 0 &&
			            strcmp(g->line_hash, f->line_hash) == 0 &&
			            same_str(g->name, f->name) &&
			            same_str(g->misuse, f->misuse);
			index = same ? index + 1 : 0;
		}
		cg_buf b = CG_BUF_INIT;
		cg_buf_puts(&b, "cg-fp-v2");
		cg_buf_putc(&b, '\0');
		cg_buf_puts(&b, f->rule_id);
		cg_buf_putc(&b, '\0');
		cg_buf_puts(&b, path);
		cg_buf_putc(&b, '\0');
		cg_buf_puts(&b, f->line_hash);
		cg_buf_putc(&b, '\0');
		cg_buf_puts(&b, f->name ? f->name : "");
		cg_buf_putc(&b, '\0');
		cg_buf_puts(&b, f->misuse ? f->misuse : "");
		cg_buf_putc(&b, '\0');
		cg_buf_printf(&b, "%u", index);
		cg_sha256_hex(f->fingerprint, b.ptr, b.len);
		cg_buf_dispose(&b);
	}
	cg_free(ix);
}

void cg_suppress_recheck(cg_findings *v, const char *today)
{
	for (size_t i = 0; i < v->len; i++) {
		cg_finding *f = &v->items[i];
		if (f->supp_kind != CG_SUPP_INLINE ||
		    f->supp_status == CG_SUPP_INVALID)
			continue;
		f->supp_status =
		    (f->supp_until && today && strcmp(f->supp_until, today) < 0)
		        ? CG_SUPP_EXPIRED
		        : CG_SUPP_APPLIES;
	}
}

static bool id_matches(const char *pat, size_t n, const char *rule)
{
	if (n && pat[n - 1] == '*')
		return strncmp(pat, rule, n - 1) == 0;
	return strlen(rule) == n && strncmp(pat, rule, n) == 0;
}

static bool valid_date(const char *d, size_t n)
{
	if (n != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return false;
	int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 +
	           (d[2] - '0') * 10 + (d[3] - '0');
	int mon = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	static const int days[] = { 31, 28, 31, 30, 31, 30,
		                    31, 31, 30, 31, 30, 31 };
	if (mon < 1 || mon > 12 || day < 1)
		return false;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	/* a day that does not exist (2099-02-30) is not a date */
	return day <= days[mon - 1] + (mon == 2 && leap);
}

/* Whether [s, m) holds only white space and comment openers: the
 * comment at m is alone on its line. */
static bool comment_alone(const char *s, const char *m)
{
	for (; s < m; s++)
		if (!is_space(*s) && !strchr("#/*-<!;", *s))
			return false;
	return true;
}

/* Parse a suppression for `rule` in [s, e). Returns false when the line
 * has none for this rule. alone: only a comment alone on its line counts
 * (the line above a finding; a comment after code covers that code's
 * line only). */
static bool parse_marker(cg_finding *f, const char *s, const char *e,
                         uint32_t line, const char *today, bool alone)
{
	size_t mlen = strlen(MARKER);
	const char *p = s;
	for (;;) {
		const char *m = NULL;
		for (const char *q = p; q + mlen <= e; q++)
			if (memcmp(q, MARKER, mlen) == 0) {
				m = q;
				break;
			}
		if (!m || (alone && !comment_alone(s, m)))
			return false;
		p = m + mlen;
		while (p < e && is_space(*p))
			p++;
		if ((size_t)(e - p) < 7 || memcmp(p, "ignore[", 7) != 0)
			continue;
		p += 7;
		const char *close = memchr(p, ']', (size_t)(e - p));
		if (!close)
			continue;
		bool hit = false;
		for (const char *id = p; id < close && !hit;) {
			const char *comma =
			    memchr(id, ',', (size_t)(close - id));
			const char *idend = comma ? comma : close;
			const char *a = id, *b = idend;
			while (a < b && is_space(*a))
				a++;
			while (b > a && is_space(b[-1]))
				b--;
			hit = id_matches(a, (size_t)(b - a), f->rule_id);
			id = comma ? comma + 1 : close;
		}
		if (!hit) {
			p = close + 1;
			continue;
		}
		/* the rest: reason words and until= */
		const char *r = close + 1, *re = e;
		while (re > r && is_space(re[-1]))
			re--;
		if (re - r >= 2 && re[-2] == '*' && re[-1] == '/')
			re -= 2;
		else if (re - r >= 3 && memcmp(re - 3, "-->", 3) == 0)
			re -= 3;
		cg_buf reason = CG_BUF_INIT;
		bool bad_date = false;
		char *until = NULL;
		while (r < re) {
			while (r < re && is_space(*r))
				r++;
			const char *w = r;
			while (r < re && !is_space(*r))
				r++;
			size_t n = (size_t)(r - w);
			if (!n)
				break;
			if (n >= 6 && memcmp(w, "until=", 6) == 0) {
				/* an empty until= is a malformed date, never
				 * a word of the reason */
				if (valid_date(w + 6, n - 6) && !until)
					until = cg_strndup(w + 6, n - 6);
				else
					bad_date = true;
				continue;
			}
			if (reason.len)
				cg_buf_putc(&reason, ' ');
			cg_buf_put(&reason, w, n);
		}
		f->supp_kind = CG_SUPP_INLINE;
		f->supp_line = line;
		f->supp_until = until;
		if (reason.len && !bad_date) {
			char *txt = cg_buf_detach(&reason);
			char *clean = cg_utf8_valid(txt, strlen(txt))
			                  ? cg_strdup(txt)
			                  : cg_utf8_sanitize(txt, strlen(txt));
			cg_free(txt);
			f->supp_reason = clean;
			f->supp_status =
			    (until && today && strcmp(until, today) < 0)
			        ? CG_SUPP_EXPIRED
			        : CG_SUPP_APPLIES;
		} else {
			f->supp_status = CG_SUPP_INVALID;
			f->supp_reason =
			    cg_strdup(bad_date ? "until= is not a date "
			                         "YYYY-MM-DD"
			                       : "no reason given");
		}
		cg_buf_dispose(&reason);
		return true;
	}
}

/* Same line, same rule: the same suppression (parsed once). */
static int cmp_by_line_rule(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const cg_finding *f = &sort_ctx->items[x], *g = &sort_ctx->items[y];
	if (f->line != g->line)
		return f->line < g->line ? -1 : 1;
	int c = strcmp(f->rule_id, g->rule_id);
	return c ? c : (x > y) - (x < y);
}

static void copy_supp(cg_finding *to, const cg_finding *from)
{
	to->supp_kind = from->supp_kind;
	to->supp_status = from->supp_status;
	to->supp_line = from->supp_line;
	to->supp_reason =
	    from->supp_reason ? cg_strdup(from->supp_reason) : NULL;
	to->supp_until = from->supp_until ? cg_strdup(from->supp_until) : NULL;
}

void cg_suppress_inline(cg_findings *v, const char *src, size_t len,
                        const char *today)
{
	/* cheap test first: most files have no marker */
	size_t mlen = strlen(MARKER);
	bool any = false;
	for (size_t i = 0; i + mlen <= len && !any; i++)
		any = src[i] == 'c' && memcmp(src + i, MARKER, mlen) == 0;
	if (!any || !v->len)
		return;
	line_index li;
	line_index_build(&li, src, len);
	size_t *ix = order(v, cmp_by_line_rule);
	for (size_t k = 0; k < v->len; k++) {
		cg_finding *f = &v->items[ix[k]];
		if (k) {
			const cg_finding *g = &v->items[ix[k - 1]];
			if (g->line == f->line &&
			    strcmp(g->rule_id, f->rule_id) == 0) {
				if (g->supp_kind != CG_SUPP_NONE)
					copy_supp(f, g);
				continue;
			}
		}
		const char *s, *e;
		if (line_at(&li, src, len, f->line, &s, &e) &&
		    parse_marker(f, s, e, f->line, today, false))
			continue;
		if (f->line > 1 && line_at(&li, src, len, f->line - 1, &s, &e))
			parse_marker(f, s, e, f->line - 1, today, true);
	}
	cg_free(ix);
	cg_free(li.at);
}

static bool is_hex64(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int cg_suppress_baseline_load(cg_strv *out, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int error = cg_read_file(&data, &len, path, 64u * 1024 * 1024);
	if (error < 0)
		return error;
	cg_strv v = CG_STRV_INIT;
	const char *p = data, *lim = data + len;
	int line = 0;
	while (p < lim) {
		line++;
		const char *nl = memchr(p, '\n', (size_t)(lim - p));
		const char *e = nl ? nl : lim;
		const char *w = p;
		while (w < e && is_space(*w))
			w++;
		const char *we = w;
		while (we < e && !is_space(*we))
			we++;
		if (w < e && *w != '#') {
			if (!is_hex64(w, (size_t)(we - w))) {
				cg_error_set("%s:%d: not a fingerprint (64 "
				             "lower-case hex digits)",
				             path, line);
				cg_strv_dispose(&v);
				cg_free(data);
				return CG_EPARSE;
			}
			cg_strv_push_owned(&v, cg_strndup(w, 64));
		}
		p = nl ? nl + 1 : lim;
	}
	cg_free(data);
	cg_strv_sort(&v);
	*out = v;
	return 0;
}

void cg_suppress_baseline_apply(cg_findings *v, const cg_strv *baseline,
                                const char *reason)
{
	for (size_t i = 0; i < v->len; i++) {
		cg_finding *f = &v->items[i];
		/* an inline suppression that is invalid or expired does not
		 * apply: it does not stand in the baseline's way */
		if ((f->supp_kind != CG_SUPP_NONE &&
		     f->supp_status == CG_SUPP_APPLIES) ||
		    !cg_strv_sorted_has(baseline, f->fingerprint))
			continue;
		cg_free(f->supp_reason);
		cg_free(f->supp_until);
		f->supp_until = NULL;
		f->supp_line = 0;
		f->supp_kind = CG_SUPP_BASELINE;
		f->supp_status = CG_SUPP_APPLIES;
		f->supp_reason = cg_strdup(reason);
	}
}
