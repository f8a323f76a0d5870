/* suppress.c — see suppress.h. */
#include "suppress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKER "cryptagion:"

/* [*start, *end) of 1-based line n of src, or false. */
static bool line_span(const char *src, size_t len, uint32_t n,
                      const char **start, const char **end)
{
	if (n == 0)
		return false;
	const char *p = src, *lim = src + len;
	for (uint32_t i = 1; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(lim - p));
		if (!nl)
			return false;
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(lim - p));
	*start = p;
	*end = nl ? nl : lim;
	return true;
}

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

void cg_suppress_line_hashes(cg_findings *v, const char *src, size_t len)
{
	for (size_t i = 0; i < v->len; i++) {
		cg_finding *f = &v->items[i];
		const char *s, *e;
		char *norm = line_span(src, len, f->line, &s, &e)
		                 ? normalised(s, e)
		                 : cg_strdup("");
		cg_sha256_hex(f->line_hash, norm, strlen(norm));
		cg_free(norm);
	}
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void cg_suppress_fingerprints(cg_findings *v, const char *path)
{
	for (size_t i = 0; i < v->len; i++) {
		cg_finding *f = &v->items[i];
		unsigned index = 0;
		for (size_t k = 0; k < i; k++) {
			const cg_finding *g = &v->items[k];
			if (strcmp(g->rule_id, f->rule_id) == 0 &&
			    strcmp(g->line_hash, f->line_hash) == 0 &&
			    same_str(g->name, f->name) &&
			    same_str(g->misuse, f->misuse))
				index++;
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
	int mon = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	return mon >= 1 && mon <= 12 && day >= 1 && day <= 31;
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
			if (n > 6 && memcmp(w, "until=", 6) == 0) {
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

void cg_suppress_inline(cg_findings *v, const char *src, size_t len,
                        const char *today)
{
	/* cheap test first: most files have no marker */
	size_t mlen = strlen(MARKER);
	bool any = false;
	for (size_t i = 0; i + mlen <= len && !any; i++)
		any = src[i] == 'c' && memcmp(src + i, MARKER, mlen) == 0;
	if (!any)
		return;
	for (size_t i = 0; i < v->len; i++) {
		cg_finding *f = &v->items[i];
		const char *s, *e;
		if (line_span(src, len, f->line, &s, &e) &&
		    parse_marker(f, s, e, f->line, today, false))
			continue;
		if (f->line > 1 && line_span(src, len, f->line - 1, &s, &e))
			parse_marker(f, s, e, f->line - 1, today, true);
	}
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
