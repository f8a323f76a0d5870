/* pdf.c — the executive report (libharu, DejaVu Sans embedded for UTF-8);
 * see emit.h. Layout: A4, fixed margins, one type family in two weights,
 * one palette; every string drawn in a box is measured and shortened
 * with an ellipsis so that nothing overflows a cell or a page. */
#include <hpdf.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util/array.h"
#include "../util/util.h"
#include "emit.h"

/* ---- page geometry and palette ----------------------------------------- */

#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define MARGIN_X 56.0f
#define MARGIN_TOP 64.0f
#define MARGIN_BOTTOM 60.0f
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BODY 9.5f
#define LEADING 13.5f

/* Appendix bounds: beyond these, the PDF summarises and points to the
 * CBOM, which lists everything. */
#define APPENDIX_MAX_ASSETS 300
#define APPENDIX_MAX_OCCS 400
#define TOP_RISKS 15

typedef struct {
	float r, g, b;
} rgb;

static const rgb C_NAVY = { 0.086f, 0.165f, 0.290f };
static const rgb C_ACCENT = { 0.000f, 0.478f, 0.529f };
static const rgb C_TEXT = { 0.149f, 0.169f, 0.200f };
static const rgb C_MUTED = { 0.420f, 0.447f, 0.486f };
static const rgb C_RULE = { 0.820f, 0.835f, 0.855f };
static const rgb C_BAND = { 0.953f, 0.961f, 0.969f };
static const rgb C_WHITE = { 1, 1, 1 };
static const rgb C_SEV[5] = {
	{ 0.690f, 0.110f, 0.133f }, /* critical */
	{ 0.902f, 0.392f, 0.118f }, /* high */
	{ 0.949f, 0.678f, 0.125f }, /* medium */
	{ 0.255f, 0.529f, 0.796f }, /* low */
	{ 0.569f, 0.612f, 0.659f }, /* info */
};
static const char *const SEV_NAMES[5] = { "critical", "high", "medium", "low",
	                                  "info" };
static const char *const SEV_TITLES[5] = { "Critical", "High", "Medium", "Low",
	                                   "Info" };

/* A page and its running header (owned; NULL on the cover). */
typedef struct {
	HPDF_Page page;
	char *title;
} pdf_page;
typedef CG_ARRAY(pdf_page) pdf_pages;

typedef struct {
	jmp_buf jb;
	HPDF_STATUS status, detail;
	HPDF_Doc pdf;
	HPDF_Font font, bold;
	HPDF_Page page;  /* current page */
	pdf_pages pages; /* every page, for the footers */
	float y;         /* cursor on the current page */
	const cg_inv_scan *s;
	const cg_pdf_opts *o;
	cg_roadmap rm;
	int year;          /* of the report date */
	char date[16];     /* report date YYYY-MM-DD */
	char *target_name; /* sanitised */
	char *bytes;       /* the saved document */
	char *info_title;
} report;

static const char *const MONTHS[12] = { "Jan", "Feb", "Mar", "Apr",
	                                "May", "Jun", "Jul", "Aug",
	                                "Sep", "Oct", "Nov", "Dec" };

/* "2030-12-31" -> "31 Dec 2030" into buf (dates are checked by the
 * standards loader; anything else is copied). */
static const char *day_text(char *buf, size_t size, const char *date)
{
	int y = 0, m = 0, d = 0;
	if (date && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 &&
	    m <= 12)
		snprintf(buf, size, "%d %s %d", d, MONTHS[m - 1], y);
	else
		snprintf(buf, size, "%s", date ? date : "");
	return buf;
}

/* A date as a position on the timeline's year axis: the end of Dec 31 is
 * the start of the next year. */
static double date_pos(const char *date)
{
	int y = 0, m = 1, d = 1;
	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return y + ((m - 1) + d / 31.0) / 12.0;
}

static void on_error(HPDF_STATUS status, HPDF_STATUS detail, void *data)
{
	report *r = data;
	r->status = status;
	r->detail = detail;
	longjmp(r->jb, 1);
}

/* ---- text helpers ------------------------------------------------------ */

static void fill(report *r, rgb c)
{
	HPDF_Page_SetRGBFill(r->page, c.r, c.g, c.b);
}

static void stroke(report *r, rgb c, float w)
{
	HPDF_Page_SetRGBStroke(r->page, c.r, c.g, c.b);
	HPDF_Page_SetLineWidth(r->page, w);
}

static float width(report *r, HPDF_Font f, float size, const char *t)
{
	HPDF_Page_SetFontAndSize(r->page, f, size);
	return HPDF_Page_TextWidth(r->page, t);
}

/* A copy of t that fits in w points, shortened with an ellipsis at a
 * character boundary when needed (owned by the caller). */
static char *fit(report *r, HPDF_Font f, float size, const char *t, float w)
{
	char *clean = cg_utf8_valid(t, strlen(t))
	                  ? cg_strdup(t)
	                  : cg_utf8_sanitize(t, strlen(t));
	if (width(r, f, size, clean) <= w)
		return clean;
	size_t lo = 0, hi = strlen(clean);
	char *best = cg_strdup("\xe2\x80\xa6");
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		size_t cut = mid;
		while (cut > 0 && ((unsigned char)clean[cut] & 0xC0) == 0x80)
			cut--;
		char *cand = cg_sprintf("%.*s\xe2\x80\xa6", (int)cut, clean);
		if (width(r, f, size, cand) <= w) {
			cg_free(best);
			best = cand;
			lo = mid;
		} else {
			cg_free(cand);
			hi = mid - 1;
		}
	}
	cg_free(clean);
	return best;
}

enum { LEFT, RIGHT, CENTER };

/* Draw t at (x, y) aligned in a box of width w (0: no box, no fitting). */
static void text(report *r, HPDF_Font f, float size, rgb c, float x, float y,
                 float w, int align, const char *t)
{
	char *s = w > 0 ? fit(r, f, size, t, w) : cg_strdup(t);
	float tw = width(r, f, size, s);
	float tx = align == RIGHT    ? x + w - tw
	           : align == CENTER ? x + (w - tw) / 2
	                             : x;
	HPDF_Page_BeginText(r->page);
	HPDF_Page_SetFontAndSize(r->page, f, size);
	fill(r, c);
	HPDF_Page_TextOut(r->page, tx, y, s);
	HPDF_Page_EndText(r->page);
	cg_free(s);
}

/* The longest prefix of [p, e) (at a character boundary, at least one
 * character) no wider than w; a break after a separator is preferred
 * when it keeps at least half of the room. */
static size_t fit_prefix(report *r, HPDF_Font f, float size, const char *p,
                         const char *e, float w)
{
	size_t best = 0;
	for (size_t n = 1; p + n <= e; n++) {
		if (p + n < e && ((unsigned char)p[n] & 0xC0) == 0x80)
			continue;
		char *cand = cg_strndup(p, n);
		bool fits = width(r, f, size, cand) <= w;
		cg_free(cand);
		if (!fits)
			break;
		best = n;
	}
	if (!best) { /* one character, whatever its width */
		best = 1;
		while (p + best < e && ((unsigned char)p[best] & 0xC0) == 0x80)
			best++;
		return best;
	}
	for (size_t k = best; k > best / 2; k--)
		if (strchr("/_-.,:;", p[k - 1]))
			return k;
	return best;
}

static void buf_cut(cg_buf *b, size_t n)
{
	b->len = n;
	if (b->ptr)
		b->ptr[n] = 0;
}

/* Break t into lines no wider than w (appended to out): at spaces and
 * newlines; a word longer than a line (a path, a URL) is broken inside,
 * after '/', '_', '-' or '.' where possible. Nothing is cut. */
static void wrap(cg_strv *out, report *r, HPDF_Font f, float size,
                 const char *t, float w)
{
	char *clean = cg_utf8_valid(t, strlen(t))
	                  ? cg_strdup(t)
	                  : cg_utf8_sanitize(t, strlen(t));
	cg_buf line = CG_BUF_INIT;
	const char *p = clean;
	for (;;) {
		if (!*p || *p == '\n') {
			if (line.len || *p == '\n')
				cg_strv_push(out, cg_buf_cstr(&line));
			buf_cut(&line, 0);
			if (!*p)
				break;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		const char *e = p;
		while (*e && *e != ' ' && *e != '\n')
			e++;
		size_t old = line.len;
		if (line.len)
			cg_buf_putc(&line, ' ');
		cg_buf_put(&line, p, (size_t)(e - p));
		if (width(r, f, size, cg_buf_cstr(&line)) <= w) {
			p = e;
			continue;
		}
		buf_cut(&line, old);
		if (old) {
			cg_strv_push(out, cg_buf_cstr(&line));
			buf_cut(&line, 0);
		}
		cg_buf_put(&line, p, (size_t)(e - p));
		if (width(r, f, size, cg_buf_cstr(&line)) <= w) {
			p = e;
			continue;
		}
		buf_cut(&line, 0);
		size_t n = fit_prefix(r, f, size, p, e, w);
		cg_buf_put(&line, p, n);
		cg_strv_push(out, cg_buf_cstr(&line));
		buf_cut(&line, 0);
		p += n;
	}
	cg_buf_dispose(&line);
	cg_free(clean);
}

static void new_page(report *r, const char *title);

/* Word-wrap t into lines of width w from y downwards; returns the y
 * below the paragraph. Long words are broken, never cut. */
static float para(report *r, HPDF_Font f, float size, rgb c, float x, float y,
                  float w, float leading, const char *t)
{
	cg_strv lines = CG_STRV_INIT;
	wrap(&lines, r, f, size, t, w);
	for (size_t i = 0; i < lines.len; i++) {
		/* never into the footer: the text goes on on a new page
		 * under the same running title (the cover has none) */
		if (y < MARGIN_BOTTOM && r->pages.len > 1) {
			new_page(r, r->pages.items[r->pages.len - 1].title);
			y = r->y;
		}
		text(r, f, size, c, x, y, 0, LEFT, lines.items[i]);
		y -= leading;
	}
	cg_strv_dispose(&lines);
	return y;
}

static void rect(report *r, rgb c, float x, float y, float w, float h)
{
	fill(r, c);
	HPDF_Page_Rectangle(r->page, x, y, w, h);
	HPDF_Page_Fill(r->page);
}

static void hline(report *r, rgb c, float w, float x0, float x1, float y)
{
	stroke(r, c, w);
	HPDF_Page_MoveTo(r->page, x0, y);
	HPDF_Page_LineTo(r->page, x1, y);
	HPDF_Page_Stroke(r->page);
}

static char *fmt_u64(uint64_t v)
{
	/* 12345 -> "12,345" */
	char raw[32], out[48];
	snprintf(raw, sizeof(raw), "%llu", (unsigned long long)v);
	size_t n = strlen(raw), k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = raw[i];
	}
	out[k] = 0;
	return cg_strdup(out);
}

static int sev_index(const char *s)
{
	for (int i = 0; s && i < 5; i++)
		if (strcmp(s, SEV_NAMES[i]) == 0)
			return i;
	return 4;
}

/* ---- pages --------------------------------------------------------------- */

/* A new content page with its running title; the cursor at the top. */
static void new_page(report *r, const char *title)
{
	r->page = HPDF_AddPage(r->pdf);
	HPDF_Page_SetSize(r->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	cg_array_push(&r->pages,
	              ((pdf_page){ r->page, title ? cg_strdup(title) : NULL }));
	r->y = PAGE_H - MARGIN_TOP;
}

/* A section heading at the cursor. */
static void heading(report *r, const char *t)
{
	text(r, r->bold, 18, C_NAVY, MARGIN_X, r->y - 18, CONTENT_W, LEFT, t);
	rect(r, C_ACCENT, MARGIN_X, r->y - 28, 36, 2.5f);
	r->y -= 46;
}

static void subheading(report *r, const char *t)
{
	text(r, r->bold, 11.5f, C_NAVY, MARGIN_X, r->y - 11.5f, CONTENT_W, LEFT,
	     t);
	r->y -= 29;
}

static void footers(report *r)
{
	for (size_t i = 1; i < r->pages.len; i++) {
		r->page = r->pages.items[i].page;
		const char *title = r->pages.items[i].title;
		hline(r, C_RULE, 0.6f, MARGIN_X, PAGE_W - MARGIN_X,
		      PAGE_H - 40);
		char *left = cg_sprintf(
		    "Cryptography assessment \xe2\x80\x94 %s", r->target_name);
		text(r, r->font, 7.5f, C_MUTED, MARGIN_X, PAGE_H - 34,
		     CONTENT_W * 0.6f, LEFT, left);
		cg_free(left);
		if (title)
			text(r, r->font, 7.5f, C_MUTED,
			     MARGIN_X + CONTENT_W * 0.6f, PAGE_H - 34,
			     CONTENT_W * 0.4f, RIGHT, title);
		hline(r, C_RULE, 0.6f, MARGIN_X, PAGE_W - MARGIN_X, 44);
		text(r, r->font, 7.5f, C_MUTED, MARGIN_X, 32, CONTENT_W * 0.6f,
		     LEFT,
		     "Confidential \xe2\x80\x94 prepared with cryptagion");
		char *pg = cg_sprintf("Page %zu of %zu", i + 1, r->pages.len);
		text(r, r->font, 7.5f, C_MUTED, MARGIN_X + CONTENT_W * 0.6f, 32,
		     CONTENT_W * 0.4f, RIGHT, pg);
		cg_free(pg);
	}
}

/* ---- plain words for the reader ------------------------------------------ */

/* The documents behind the tags of the standards table's clauses. */
static const struct {
	const char *tag, *name;
} DOCS[] = {
	{ "57", "NIST SP 800-57 Part 1 Rev. 5" },
	{ "R2", "NIST SP 800-131A Rev. 2" },
	{ "R3d", "NIST SP 800-131A Rev. 3 (draft)" },
	{ "IR", "NIST IR 8547 (draft)" },
	{ "B25", "BSI TR-02102-1 (2025-01)" },
	{ "B26", "BSI TR-02102-1 (2026-01)" },
	{ "C2", "NSA CNSA 2.0" },
};

/* A clause list of the standards table with every document tag ("57
 * Table 2", "R3d §11", "B25 Table 1.2") replaced by the document's full
 * name ("NIST SP 800-57 Part 1 Rev. 5, Table 2"). Owned by the caller. */
static char *plain_citations(const char *t)
{
	cg_buf b = CG_BUF_INIT;
	const char *p = t ? t : "";
	bool at_start = true;
	while (*p) {
		bool done = false;
		for (size_t i = 0;
		     at_start && i < sizeof(DOCS) / sizeof(DOCS[0]); i++) {
			size_t n = strlen(DOCS[i].tag);
			/* "IR 8547" names the document already */
			if (strncmp(p, DOCS[i].tag, n) == 0 &&
			    (p[n] == ' ' || p[n] == ';' || p[n] == ':' ||
			     !p[n]) &&
			    !(p[n] == ' ' && p[n + 1] >= '0' &&
			      p[n + 1] <= '9' &&
			      strncmp(p, "IR 8547", 7) == 0)) {
				cg_buf_puts(&b, DOCS[i].name);
				if (p[n] == ' ')
					cg_buf_putc(&b, ',');
				p += n;
				done = true;
				break;
			}
		}
		if (done) {
			at_start = false;
			continue;
		}
		/* the table's own jargon, in words */
		static const char conv[] = "scoring convention";
		if (strncmp(p, conv, sizeof(conv) - 1) == 0) {
			cg_buf_puts(&b, "by the scoring rules of this report");
			p += sizeof(conv) - 1;
			at_start = false;
			continue;
		}
		at_start = *p == ' ' || *p == ';' || *p == ':' || *p == '(';
		cg_buf_putc(&b, *p++);
	}
	return cg_buf_detach(&b);
}

/* Words a reader knows for the scanner's internal labels. */
static const char *plain_label(const char *k)
{
	static const struct {
		const char *k, *v;
	} words[] = {
		{ "crypto-material", "certificates and keys" },
		{ "crypto-config", "TLS and SSH configurations" },
		{ "manifest", "dependency manifests" },
		{ "ae", "authenticated encryption" },
		{ "pke", "public-key encryption" },
		{ "kem", "key encapsulation" },
		{ "block-cipher", "block cipher" },
		{ "stream-cipher", "stream cipher" },
		{ "hash", "hash function" },
		{ "signature", "digital signature" },
		{ "key-agree", "key agreement" },
		{ "mac", "message authentication code" },
		{ "kdf", "key derivation" },
		{ "drbg", "random number generator" },
		{ "xof", "extendable-output function" },
		{ "combiner", "hybrid combiner" },
		{ "other", "other" },
		{ "unknown", "unknown" },
		{ "product", "product code" },
		{ "test", "test code" },
		{ "vendor", "vendored code" },
		{ "generated", "generated code" },
	};
	for (size_t i = 0; k && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].k, k) == 0)
			return words[i].v;
	return k ? k : "unknown";
}

/* A misuse category in words. */
static const char *misuse_words(const char *c)
{
	static const struct {
		const char *k, *v;
	} words[] = {
		{ "weak-algorithm", "Broken algorithm used for security" },
		{ "ecb-mode", "ECB mode (leaks patterns of the data)" },
		{ "static-iv", "Fixed initialisation vector or nonce" },
		{ "hardcoded-key", "Hard-coded key in the source" },
		{ "low-iterations",
		  "Password hashing with too few iterations" },
		{ "weak-padding", "Unsafe RSA padding" },
		{ "weak-key-size", "Key too short" },
		{ "tls-no-verify", "TLS certificate verification turned off" },
		{ "weak-protocol",
		  "Outdated protocol version (SSL, TLS 1.0/1.1)" },
		{ "insecure-random", "Predictable random numbers for secrets" },
		{ "expired-certificate", "Expired or expiring certificate" },
		{ "weak-certificate", "Weak certificate" },
		{ "committed-private-key",
		  "Private key committed to the repository" },
		{ "private-key", "Private key committed to the repository" },
		{ "vulnerable-library",
		  "Vulnerable or end-of-life crypto library" },
	};
	for (size_t i = 0; c && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].k, c) == 0)
			return words[i].v;
	return c ? c : "misuse";
}

/* A coverage gap kind in words (kinds are data: an unknown kind is shown
 * as it is). */
static const char *gap_words(const char *k)
{
	static const struct {
		const char *k, *v;
	} words[] = {
		{ "unsupported-language",
		  "in a language the scanner does not support" },
		{ "parse-error", "could not be parsed completely" },
		{ "too-large", "larger than the size limit" },
		{ "binary", "binary content" },
		{ "symlink", "symbolic link (not followed)" },
		{ "unreadable", "could not be read" },
		{ "special", "device, socket or pipe" },
		{ "submodule", "git submodule (not followed)" },
		{ "lfs", "git LFS pointer (content not fetched)" },
		{ "budget", "exceeded the analysis time budget" },
		{ "incomplete", "analysed in part (rule limits or budget)" },
		{ "not-analysed",
		  "certificate or key that could not be analysed" },
		{ "unresolved-value",
		  "parameter whose value could not be resolved" },
	};
	for (size_t i = 0; k && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].k, k) == 0)
			return words[i].v;
	return k;
}

/* "1 file", "2 files". */
static char *count_of(uint64_t n, const char *one, const char *many)
{
	char *v = fmt_u64(n);
	char *t = cg_sprintf("%s %s", v, n == 1 ? one : many);
	cg_free(v);
	return t;
}

/* "about 2.5 person-days", "less than half a person-day" */
static char *days_text(double d)
{
	if (d <= 0)
		return cg_strdup("no code changes");
	if (d < 0.5)
		return cg_strdup("less than half a person-day");
	return cg_sprintf("about %.1f person-day%s", d, d == 1.0 ? "" : "s");
}

/* Active (not suppressed) misuses of a severity index (0 critical). */
static size_t misuses_at(const cg_inv_scan *s, int sev)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nmisuses; i++) {
		const cg_inv_misuse *m = &s->misuses[i];
		if (m->suppression_status &&
		    strcmp(m->suppression_status, "applies") == 0)
			continue;
		if (sev_index(m->severity) == sev)
			n++;
	}
	return n;
}

static void cover(report *r)
{
	const cg_inv_scan *s = r->s;
	new_page(r, NULL);
	rect(r, C_NAVY, 0, PAGE_H * 0.45f, PAGE_W, PAGE_H * 0.55f);
	rect(r, C_ACCENT, MARGIN_X, PAGE_H * 0.45f + 60, 60, 4);
	text(r, r->font, 11, C_WHITE, MARGIN_X, PAGE_H - 110, CONTENT_W, LEFT,
	     "CRYPTOGRAPHY INVENTORY AND QUANTUM-READINESS ASSESSMENT");
	char *title =
	    r->o->title && *r->o->title
	        ? cg_strdup(r->o->title)
	        : cg_sprintf("Cryptography assessment of %s", r->target_name);
	/* up to three lines of the engagement name */
	float y = PAGE_H - 190;
	para(r, r->bold, 28, C_WHITE, MARGIN_X, y, CONTENT_W, 34, title);
	cg_free(title);
	text(r, r->font, 12, (rgb){ 0.78f, 0.84f, 0.90f }, MARGIN_X,
	     PAGE_H * 0.45f + 30, CONTENT_W, LEFT,
	     "Executive report \xe2\x80\x94 findings, risk and migration "
	     "roadmap");

	struct {
		const char *k;
		char *v;
	} rows[8];
	size_t n = 0;
	rows[n].k = "Target";
	rows[n++].v = cg_strdup(s->target ? s->target : "");
	if (r->o->commit && *r->o->commit) {
		rows[n].k = "Commit";
		rows[n++].v = cg_strdup(r->o->commit);
	}
	rows[n].k = "Scan date";
	rows[n++].v = cg_sprintf("%.10s", s->started_at ? s->started_at : "");
	rows[n].k = "Report date";
	rows[n++].v = cg_strdup(r->date);
	rows[n].k = "Risk profile";
	rows[n++].v = s->risk.scored ? cg_sprintf("%s (standards table %s)",
	                                          s->risk.profile,
	                                          s->risk.standards_version)
	                             : cg_strdup("not scored");
	rows[n].k = "Scan";
	rows[n++].v = cg_sprintf("urn:uuid:%s", s->serial);
	rows[n].k = "Prepared with";
	rows[n++].v = cg_sprintf("cryptagion %s", r->o->tool_version);
	y = PAGE_H * 0.45f - 60;
	for (size_t i = 0; i < n; i++) {
		text(r, r->font, 8.5f, C_MUTED, MARGIN_X, y, 110, LEFT,
		     rows[i].k);
		text(r, r->bold, 10.5f, C_TEXT, MARGIN_X + 110, y,
		     CONTENT_W - 110, LEFT, rows[i].v);
		hline(r, C_RULE, 0.5f, MARGIN_X, PAGE_W - MARGIN_X, y - 9);
		y -= 30;
		cg_free(rows[i].v);
	}
	text(r, r->bold, 8.5f, C_ACCENT, MARGIN_X, 60, CONTENT_W, LEFT,
	     "CONFIDENTIAL");
	text(r, r->font, 8, C_MUTED, MARGIN_X, 46, CONTENT_W, LEFT,
	     "This report contains no source code: only paths, line "
	     "numbers, algorithm names and parameters.");
}

/* A figure box: big number, label. */
static void kpi(report *r, float x, float y, float w, const char *value,
                const char *label, rgb accent)
{
	rect(r, C_BAND, x, y - 58, w, 58);
	rect(r, accent, x, y - 58, 3, 58);
	text(r, r->bold, 20, C_TEXT, x + 12, y - 28, w - 18, LEFT, value);
	para(r, r->font, 7.5f, C_MUTED, x + 12, y - 44, w - 18, 8.5f, label);
}

static void summary(report *r)
{
	const cg_inv_scan *s = r->s;
	new_page(r, "Executive summary");
	heading(r, "Executive summary");

	/* the readiness score and its bar: a quantum measure only, said so */
	int ready = s->risk.scored ? s->risk.readiness : 0;
	float y = r->y;
	rect(r, C_NAVY, MARGIN_X, y - 86, CONTENT_W, 86);
	text(r, r->font, 9, (rgb){ 0.78f, 0.84f, 0.90f }, MARGIN_X + 16, y - 22,
	     170, LEFT, "QUANTUM READINESS");
	char *score = cg_sprintf("%d/100", ready);
	text(r, r->bold, 30, C_WHITE, MARGIN_X + 16, y - 60, 160, LEFT, score);
	cg_free(score);
	float bx = MARGIN_X + 190, bw = CONTENT_W - 190 - 16;
	rect(r, (rgb){ 0.23f, 0.31f, 0.43f }, bx, y - 36, bw, 12);
	rgb bar = ready >= 80   ? (rgb){ 0.30f, 0.69f, 0.46f }
	          : ready >= 50 ? C_SEV[2]
	                        : C_SEV[1];
	rect(r, bar, bx, y - 36, bw * (float)ready / 100.0f, 12);
	para(r, r->font, 7.5f, (rgb){ 0.78f, 0.84f, 0.90f }, bx, y - 52, bw, 10,
	     "Measures exposure to quantum attack only: 100 means no "
	     "public-key algorithm that a quantum computer would break. "
	     "Classical weaknesses and misuses are counted below.");
	r->y = y - 98;

	/* what needs action now: assets and misuses, never hidden behind
	 * the quantum figure */
	uint64_t crit = s->risk.counts[0], high = s->risk.counts[1];
	size_t mcrit = misuses_at(s, 0), mhigh = misuses_at(s, 1);
	size_t mactive = 0;
	for (int k = 0; k < 5; k++)
		mactive += misuses_at(s, k);
	cg_buf b = CG_BUF_INIT;
	bool urgent = crit + high + mcrit + mhigh > 0;
	if (urgent) {
		char *a = count_of(crit + high, "asset", "assets");
		char *m = count_of(mcrit + mhigh, "misuse", "misuses");
		cg_buf_printf(&b,
		              "Needs action now: %s of critical or high risk "
		              "(%llu critical, %llu high) and %s of critical "
		              "or high severity.",
		              a, (unsigned long long)crit,
		              (unsigned long long)high, m);
		cg_free(a);
		cg_free(m);
	} else {
		cg_buf_puts(&b, "No asset of critical or high risk and no "
		                "misuse of critical or high severity was "
		                "found.");
	}
	rect(r, urgent ? C_SEV[0] : (rgb){ 0.30f, 0.69f, 0.46f }, MARGIN_X,
	     r->y - 26, 4, 26);
	r->y =
	    para(r, r->bold, 10.5f, urgent ? C_SEV[0] : C_TEXT, MARGIN_X + 12,
	         r->y - 11, CONTENT_W - 12, 13, cg_buf_cstr(&b));
	cg_buf_dispose(&b);
	r->y -= 12;

	/* key figures, each named for what it counts */
	uint64_t occs = r->rm.occurrences;
	float kw = (CONTENT_W - 4 * 8) / 5;
	char *v[5] = {
		fmt_u64(s->nassets),
		fmt_u64(occs),
		fmt_u64(s->nmisuses),
		fmt_u64(s->files_scanned + s->files_prefiltered),
		cg_sprintf("%.0f%%", 100.0 * s->risk.quantum_vulnerable_share),
	};
	static const char *const labels[5] = { "assets", "occurrences",
		                               "misuses", "files examined",
		                               "exposed to quantum attack" };
	for (int k = 0; k < 5; k++) {
		kpi(r, MARGIN_X + (float)k * (kw + 8), r->y, kw, v[k],
		    labels[k], k == 2 || k == 4 ? C_SEV[1] : C_ACCENT);
		cg_free(v[k]);
	}
	r->y -= 76;

	/* counts by severity */
	subheading(r, "Assets by risk severity");
	float sw = (CONTENT_W - 4 * 8) / 5;
	for (int i = 0; i < 5; i++) {
		float x = MARGIN_X + (float)i * (sw + 8);
		rect(r, C_SEV[i], x, r->y - 40, sw, 40);
		char *n = fmt_u64(s->risk.counts[i]);
		text(r, r->bold, 16, C_WHITE, x + 10, r->y - 21, sw - 20, LEFT,
		     n);
		text(r, r->font, 8, C_WHITE, x + 10, r->y - 33, sw - 20, LEFT,
		     SEV_TITLES[i]);
		cg_free(n);
	}
	r->y -= 52;
	cg_buf mb = CG_BUF_INIT;
	cg_buf_printf(&mb, "Misuses by severity (not suppressed): ");
	for (int i = 0; i < 5; i++)
		cg_buf_printf(&mb, "%s%zu %s", i ? ", " : "", misuses_at(s, i),
		              SEV_NAMES[i]);
	cg_buf_puts(&mb, ".");
	r->y = para(r, r->font, 8.5f, C_TEXT, MARGIN_X, r->y, CONTENT_W, 12,
	            cg_buf_cstr(&mb));
	cg_buf_dispose(&mb);
	r->y -= 6;

	/* the plain-language account */
	subheading(r, "What we found");
	uint64_t urgent_assets = crit + high;
	uint64_t nonprod = 0;
	for (size_t i = 0; i < s->nassets; i++)
		for (size_t k = 0; k < s->assets[i].nocc; k++)
			if (s->assets[i].occs[k].context &&
			    strcmp(s->assets[i].occs[k].context, "product"))
				nonprod++;
	char *nfiles =
	    count_of(s->files_scanned + s->files_prefiltered, "file", "files");
	char *nassets = count_of(s->nassets, "distinct cryptographic asset",
	                         "distinct cryptographic assets");
	char *nocc = count_of(occs, "place", "places");
	char *nmis = count_of(s->nmisuses, "misuse", "misuses");
	cg_buf_printf(&b,
	              "We examined %s of %s and found %s (algorithms with "
	              "their key sizes and modes) used at %s in the code, "
	              "plus %s of cryptography (such as a hard-coded key or "
	              "TLS certificate verification turned off). ",
	              nfiles, r->target_name, nassets, nocc, nmis);
	cg_free(nfiles);
	cg_free(nassets);
	cg_free(nocc);
	cg_free(nmis);
	if (nonprod)
		cg_buf_printf(&b,
		              "%llu of these places are in test, vendored or "
		              "generated code; the roadmap puts product code "
		              "first. ",
		              (unsigned long long)nonprod);
	if (s->risk.scored) {
		char *ua = count_of(urgent_assets, "asset is", "assets are");
		cg_buf_printf(
		    &b,
		    "Scored against the %s profile, %s of critical or high "
		    "risk: broken, disallowed or close to a published "
		    "deadline, "
		    "to be replaced first. ",
		    s->risk.profile, ua);
		cg_free(ua);
		cg_buf_printf(
		    &b,
		    "%.0f%% of the assets rely on public-key algorithms "
		    "(RSA, elliptic curves, Diffie-Hellman) that a large "
		    "quantum computer would break; data encrypted with them "
		    "today can be recorded now and decrypted later. The "
		    "quantum-readiness figure of %d/100 measures this "
		    "exposure alone.",
		    100.0 * s->risk.quantum_vulnerable_share,
		    s->risk.readiness);
	}
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y - 4, CONTENT_W,
	            LEADING, cg_buf_cstr(&b));
	cg_buf_dispose(&b);
	r->y -= 8;

	subheading(r, "What we recommend");
	if (mactive) {
		char *m = count_of(mactive, "misuse", "misuses");
		char *t = cg_sprintf("Fix the %s listed under \xe2\x80\x9c"
		                     "Misuses\xe2\x80\x9d where they are: "
		                     "they are weaknesses whatever the "
		                     "algorithm.",
		                     m);
		rect(r, C_ACCENT, MARGIN_X, r->y - 7, 4, 4);
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X + 12, r->y - 4,
		            CONTENT_W - 12, LEADING, t);
		cg_free(t);
		cg_free(m);
		r->y -= 3;
	}
	for (int p = 0; p < CG_ROADMAP_NPHASES; p++) {
		const cg_roadmap_phase_facts *ph = &r->o->roadmap->phases[p];
		double days = 0;
		for (size_t i = 0; i < r->rm.nactive; i++)
			if ((int)r->rm.items[i].phase == p)
				days += r->rm.items[i].person_days;
		char day[32];
		char *when =
		    ph->deadline
		        ? cg_sprintf(" \xe2\x80\x94 by %s%s%s.",
		                     day_text(day, sizeof(day), ph->deadline),
		                     ph->event ? ": " : "",
		                     ph->event ? ph->event : "")
		        : cg_strdup(" \xe2\x80\x94 start in the current "
		                    "quarter.");
		char *na = count_of(r->rm.nphase[p], "asset", "assets");
		char *dt = days_text(days);
		char *t = cg_sprintf("%s: %s to migrate, %s%s", ph->title, na,
		                     dt, when);
		cg_free(na);
		cg_free(dt);
		cg_free(when);
		rect(r, C_ACCENT, MARGIN_X, r->y - 7, 4, 4);
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X + 12, r->y - 4,
		            CONTENT_W - 12, LEADING, t);
		cg_free(t);
		r->y -= 3;
	}
	/* the first item in product code heads the summary: a finding
	 * only in tests, vendored or generated code never does */
	const cg_roadmap_item *first = NULL;
	for (size_t i = 0; i < r->rm.nactive && !first; i++)
		if (r->rm.items[i].product)
			first = &r->rm.items[i];
	if (first) {
		const cg_inv_asset *a = first->asset;
		char *pl = count_of(a->nocc, "place", "places");
		char *t = cg_sprintf(
		    "Highest priority in product code: %s (risk score %d of "
		    "100, %s), found at %s \xe2\x80\x94 replace with %s.",
		    a->name, a->risk.score,
		    a->risk.severity ? a->risk.severity : "?", pl,
		    a->risk.replacement ? a->risk.replacement : "(review)");
		r->y = para(r, r->bold, BODY, C_NAVY, MARGIN_X, r->y - 8,
		            CONTENT_W, LEADING, t);
		cg_free(pl);
		cg_free(t);
	} else if (r->rm.nactive) {
		r->y = para(r, r->bold, BODY, C_NAVY, MARGIN_X, r->y - 8,
		            CONTENT_W, LEADING,
		            "Every asset that needs migration is used only in "
		            "test, vendored or generated code.");
	}
}

/* ---- charts ------------------------------------------------------------- */

typedef struct {
	char *key;
	uint64_t n;
} tally;

typedef CG_ARRAY(tally) tallies;

static void tally_add(tallies *t, const char *key, uint64_t by)
{
	for (size_t i = 0; i < t->len; i++)
		if (strcmp(t->items[i].key, key) == 0) {
			t->items[i].n += by;
			return;
		}
	cg_array_push(t, ((tally){ cg_strdup(key), by }));
}

static int cmp_tally(const void *pa, const void *pb)
{
	const tally *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void tally_free(tallies *t)
{
	for (size_t i = 0; i < t->len; i++)
		cg_free(t->items[i].key);
	cg_array_free(t);
}

/* Keep the first max-1 entries and fold the rest into "other". */
static void tally_top(tallies *t, size_t max)
{
	if (t->len > 1)
		qsort(t->items, t->len, sizeof(tally), cmp_tally);
	if (t->len <= max)
		return;
	uint64_t rest = 0;
	for (size_t i = max - 1; i < t->len; i++) {
		rest += t->items[i].n;
		cg_free(t->items[i].key);
	}
	t->items[max - 1].key = cg_strdup("other");
	t->items[max - 1].n = rest;
	t->len = max;
}

static void chart_frame(report *r, float x, float y, float w, float h,
                        const char *title, const char *note)
{
	rect(r, C_BAND, x, y - h, w, h);
	text(r, r->bold, 10.5f, C_NAVY, x + 12, y - 20, w - 24, LEFT, title);
	if (note)
		text(r, r->font, 7.5f, C_MUTED, x + 12, y - 32, w - 24, LEFT,
		     note);
}

/* Horizontal bars with labels on the left and values on the right. */
static void hbars(report *r, float x, float y, float w, float h, const tally *t,
                  size_t n, const rgb *colors, rgb one)
{
	uint64_t max = 1;
	for (size_t i = 0; i < n; i++)
		if (t[i].n > max)
			max = t[i].n;
	float top = y - 44, rowh = n ? (h - 56) / (float)n : 0;
	if (rowh > 24)
		rowh = 24;
	float lw = w * 0.40f, vw = 34, bx = x + 12 + lw + 6;
	float bw = w - 24 - lw - 6 - vw;
	if (!n)
		text(r, r->font, 8.5f, C_MUTED, x + 12, top - 14, w - 24, LEFT,
		     "nothing to show");
	for (size_t i = 0; i < n; i++) {
		float cy = top - rowh * (float)i - rowh / 2;
		/* the label wraps (two lines at most in a row) */
		cg_strv lines = CG_STRV_INIT;
		wrap(&lines, r, r->font, 7.5f, t[i].key, lw);
		float ly = cy - 3 + (float)(lines.len - 1) * 4.25f;
		for (size_t k = 0; k < lines.len; k++, ly -= 8.5f)
			text(r, r->font, 7.5f, C_TEXT, x + 12, ly, 0, LEFT,
			     lines.items[k]);
		cg_strv_dispose(&lines);
		float len = bw * (float)t[i].n / (float)max;
		rect(r, colors ? colors[i] : one, bx, cy - rowh * 0.3f,
		     len < 1 && t[i].n ? 1 : len, rowh * 0.6f);
		char *v = fmt_u64(t[i].n);
		text(r, r->bold, 8, C_TEXT, bx + bw + 4, cy - 3, vw - 4, LEFT,
		     v);
		cg_free(v);
	}
}

/* A filled polygon approximating a circle sector (degrees, clockwise
 * from 12 o'clock). */
static void sector(report *r, rgb c, float cx, float cy, float rad, double a0,
                   double a1)
{
	fill(r, c);
	HPDF_Page_MoveTo(r->page, cx, cy);
	int steps = (int)ceil((a1 - a0) / 3.0);
	if (steps < 1)
		steps = 1;
	for (int i = 0; i <= steps; i++) {
		double a = (a0 + (a1 - a0) * i / steps) *
		           3.14159265358979323846 / 180.0;
		HPDF_Page_LineTo(r->page, cx + rad * (float)sin(a),
		                 cy + rad * (float)cos(a));
	}
	HPDF_Page_ClosePath(r->page);
	HPDF_Page_Fill(r->page);
}

static void donut(report *r, float x, float y, float w, float h)
{
	const cg_inv_scan *s = r->s;
	size_t nq = 0;
	for (size_t i = 0; i < s->nassets; i++)
		if (s->assets[i].risk.quantum_vulnerable)
			nq++;
	double share = s->nassets ? (double)nq / (double)s->nassets : 0;
	float cx = x + w * 0.33f, cy = y - h / 2 - 12, rad = h * 0.30f;
	if (s->nassets == 0) {
		sector(r, C_RULE, cx, cy, rad, 0, 360);
	} else {
		sector(r, C_SEV[1], cx, cy, rad, 0, 360 * share);
		sector(r, C_ACCENT, cx, cy, rad, 360 * share, 360);
	}
	fill(r, C_BAND);
	HPDF_Page_Circle(r->page, cx, cy, rad * 0.58f);
	HPDF_Page_Fill(r->page);
	char *pct = cg_sprintf("%.0f%%", 100.0 * share);
	text(r, r->bold, 15, C_TEXT, cx - rad, cy - 5, 2 * rad, CENTER, pct);
	cg_free(pct);
	float lx = x + w * 0.62f, ly = cy + 14;
	char *a = cg_sprintf("%zu vulnerable", nq);
	char *b = cg_sprintf("%zu resistant", s->nassets - nq);
	rect(r, C_SEV[1], lx, ly - 1, 8, 8);
	text(r, r->font, 8, C_TEXT, lx + 12, ly, w * 0.36f - 16, LEFT, a);
	rect(r, C_ACCENT, lx, ly - 23, 8, 8);
	text(r, r->font, 8, C_TEXT, lx + 12, ly - 22, w * 0.36f - 16, LEFT, b);
	cg_free(a);
	cg_free(b);
}

static void charts(report *r)
{
	const cg_inv_scan *s = r->s;
	new_page(r, "Findings at a glance");
	heading(r, "Findings at a glance");
	float gw = (CONTENT_W - 14) / 2, gh = 250;
	float x0 = MARGIN_X, x1 = MARGIN_X + gw + 14;
	float y0 = r->y, y1 = r->y - gh - 14;

	/* severity distribution: vertical bars */
	chart_frame(r, x0, y0, gw, gh, "Severity distribution",
	            "assets per severity");
	uint64_t max = 1;
	for (int i = 0; i < 5; i++)
		if (s->risk.counts[i] > max)
			max = s->risk.counts[i];
	float base = y0 - gh + 34, ph = gh - 92, cw = (gw - 24) / 5;
	hline(r, C_RULE, 0.6f, x0 + 12, x0 + gw - 12, base);
	for (int i = 0; i < 5; i++) {
		float bh = ph * (float)s->risk.counts[i] / (float)max;
		float bx = x0 + 12 + cw * (float)i + cw * 0.18f;
		rect(r, C_SEV[i], bx, base, cw * 0.64f, bh);
		char *v = fmt_u64(s->risk.counts[i]);
		text(r, r->bold, 8.5f, C_TEXT, x0 + 12 + cw * (float)i,
		     base + bh + 5, cw, CENTER, v);
		cg_free(v);
		text(r, r->font, 7.5f, C_MUTED, x0 + 12 + cw * (float)i,
		     base - 13, cw, CENTER, SEV_TITLES[i]);
	}

	/* quantum-vulnerable share */
	chart_frame(r, x1, y0, gw, gh, "Quantum-vulnerable share",
	            "assets broken by Shor's algorithm");
	donut(r, x1, y0, gw, gh);

	/* assets by primitive */
	tallies t = CG_ARRAY_INIT;
	for (size_t i = 0; i < s->nassets; i++)
		tally_add(&t, plain_label(s->assets[i].primitive), 1);
	tally_top(&t, 8);
	chart_frame(r, x0, y1, gw, gh, "Assets by kind",
	            "what each algorithm does");
	hbars(r, x0, y1, gw, gh, t.items, t.len, NULL, C_NAVY);
	tally_free(&t);

	/* findings by language */
	for (size_t i = 0; i < s->nassets; i++)
		for (size_t k = 0; k < s->assets[i].nocc; k++) {
			const char *l = s->assets[i].occs[k].language;
			tally_add(&t, plain_label(l && *l ? l : NULL), 1);
		}
	tally_top(&t, 8);
	chart_frame(r, x1, y1, gw, gh, "Occurrences by source",
	            "places per language or kind of file");
	hbars(r, x1, y1, gw, gh, t.items, t.len, NULL, C_ACCENT);
	tally_free(&t);
	r->y = y1 - gh - 16;
	para(r, r->font, 8.5f, C_MUTED, MARGIN_X, r->y, CONTENT_W, 12,
	     "An asset is one algorithm with its parameters (for example "
	     "RSA-2048 or AES-128-CBC); an occurrence is one place in the "
	     "code, a certificate, a key or a configuration where it is "
	     "used. A misuse is a weakness in how cryptography is used (a "
	     "hard-coded key, verification turned off); findings are the "
	     "occurrences and the misuses together. Severity comes from "
	     "the risk score described in the methodology.");
}

/* ---- tables ------------------------------------------------------------- */

typedef struct {
	const char *title;
	float w; /* share of CONTENT_W */
	int align;
} column;

static void table_head(report *r, const column *cols, size_t n)
{
	rect(r, C_NAVY, MARGIN_X, r->y - 18, CONTENT_W, 18);
	float x = MARGIN_X;
	for (size_t i = 0; i < n; i++) {
		float w = cols[i].w * CONTENT_W;
		/* a title too wide for its column is set smaller, not cut */
		float size = 7.5f;
		while (size > 5 &&
		       width(r, r->bold, size, cols[i].title) > w - 10)
			size -= 0.25f;
		text(r, r->bold, size, C_WHITE, x + 5, r->y - 12, w - 10,
		     cols[i].align, cols[i].title);
		x += w;
	}
	r->y -= 18;
}

#define CELL_SIZE 7.5f
#define CELL_LEADING 9.5f

/* The height of a row whose cells wrap (at least h); badge: the column
 * drawn as a one-line badge, or n for none. */
static float row_height(report *r, const column *cols, size_t n,
                        const char *const *cells, size_t badge, float h)
{
	for (size_t i = 0; i < n; i++) {
		if (i == badge)
			continue;
		cg_strv lines = CG_STRV_INIT;
		wrap(&lines, r, r->font, CELL_SIZE, cells[i],
		     cols[i].w * CONTENT_W - 10);
		float need = (float)lines.len * CELL_LEADING + 8;
		if (need > h)
			h = need;
		cg_strv_dispose(&lines);
	}
	return h;
}

/* One row; cells wrap (the row grows, nothing is cut); sev >= 0 colours
 * a badge in column sev_col. h: the height of a one-line row. */
static void table_row(report *r, const column *cols, size_t n,
                      const char *const *cells, size_t row, int sev,
                      size_t sev_col, float h)
{
	size_t badge = sev >= 0 ? sev_col : n;
	float h0 = h;
	h = row_height(r, cols, n, cells, badge, h);
	if (row % 2)
		rect(r, C_BAND, MARGIN_X, r->y - h, CONTENT_W, h);
	float x = MARGIN_X;
	for (size_t i = 0; i < n; i++) {
		float w = cols[i].w * CONTENT_W;
		if (i == badge) {
			rect(r, C_SEV[sev], x + 5, r->y - h0 + 4, w - 10,
			     h0 - 8);
			text(r, r->bold, 7, C_WHITE, x + 5,
			     r->y - h0 / 2 - 2.5f, w - 10, CENTER, cells[i]);
		} else if (h == h0) {
			text(r, r->font, CELL_SIZE, C_TEXT, x + 5,
			     r->y - h / 2 - 2.7f, w - 10, cols[i].align,
			     cells[i]);
		} else {
			cg_strv lines = CG_STRV_INIT;
			wrap(&lines, r, r->font, CELL_SIZE, cells[i], w - 10);
			float y = r->y - 4 - CELL_SIZE;
			for (size_t k = 0; k < lines.len; k++) {
				text(r, r->font, CELL_SIZE, C_TEXT, x + 5, y,
				     w - 10, cols[i].align, lines.items[k]);
				y -= CELL_LEADING;
			}
			cg_strv_dispose(&lines);
		}
		x += w;
	}
	hline(r, C_RULE, 0.4f, MARGIN_X, PAGE_W - MARGIN_X, r->y - h);
	r->y -= h;
}

static bool need_page(report *r, float h, const char *title, const column *cols,
                      size_t ncols)
{
	if (r->y - h >= MARGIN_BOTTOM)
		return false;
	new_page(r, title);
	table_head(r, cols, ncols);
	return true;
}

static void top_risks(report *r)
{
	new_page(r, "Top risks");
	heading(r, "Top risks");
	r->y =
	    para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	         "The assets with the highest risk scores, in the order "
	         "in which we recommend migrating them. The score (0-100) "
	         "combines the classical weakness of the algorithm today "
	         "with its exposure to quantum attack and the proximity "
	         "of the applicable deadline.");
	r->y -= 10;
	static const column cols[] = {
		{ "#", 0.05f, RIGHT },
		{ "Asset", 0.17f, LEFT },
		{ "Severity", 0.11f, CENTER },
		{ "Score", 0.08f, RIGHT },
		{ "Places", 0.09f, RIGHT },
		{ "Recommended replacement", 0.39f, LEFT },
		{ "Phase", 0.11f, LEFT },
	};
	table_head(r, cols, 7);
	size_t n = r->rm.nactive < TOP_RISKS ? r->rm.nactive : TOP_RISKS;
	for (size_t i = 0; i < n; i++) {
		const cg_roadmap_item *it = &r->rm.items[i];
		const cg_inv_asset *a = it->asset;
		char *c0 = cg_sprintf("%d", it->priority);
		char *c3 = cg_sprintf("%d", a->risk.score);
		char *c4 = cg_sprintf("%zu", a->nocc);
		const char *cells[] = {
			c0,
			a->name,
			SEV_TITLES[sev_index(a->risk.severity)],
			c3,
			c4,
			a->risk.replacement ? a->risk.replacement : "",
			r->o->roadmap->phases[it->phase].title,
		};
		need_page(r, row_height(r, cols, 7, cells, 2, 22), "Top risks",
		          cols, 7);
		table_row(r, cols, 7, cells, i, sev_index(a->risk.severity), 2,
		          22);
		cg_free(c0);
		cg_free(c3);
		cg_free(c4);
	}
	if (!n)
		r->y = para(r, r->font, BODY, C_MUTED, MARGIN_X, r->y - 14,
		            CONTENT_W, LEADING,
		            "No asset needs migration under this profile.");
	r->y -= 14;
	if (r->rm.nactive > n) {
		char *t =
		    cg_sprintf("%zu further assets are listed in the roadmap "
		               "(roadmap.json) and in Appendix A.",
		               r->rm.nactive - n);
		r->y = para(r, r->font, 8.5f, C_MUTED, MARGIN_X, r->y,
		            CONTENT_W, 12, t);
		cg_free(t);
	}
	/* rationale of the first three */
	r->y -= 8;
	if (n)
		subheading(r, "Why these come first");
	for (size_t i = 0; i < n && i < 3; i++) {
		const cg_inv_asset *a = r->rm.items[i].asset;
		char *cites = plain_citations(a->risk.citations);
		char *t = cg_sprintf("%d. %s \xe2\x80\x94 %s",
		                     r->rm.items[i].priority, a->name, cites);
		cg_strv lines = CG_STRV_INIT;
		wrap(&lines, r, r->font, 8, t, CONTENT_W);
		if (r->y - 11 * (float)lines.len < MARGIN_BOTTOM)
			new_page(r, "Top risks");
		cg_strv_dispose(&lines);
		r->y = para(r, r->font, 8, C_TEXT, MARGIN_X, r->y, CONTENT_W,
		            11, t);
		r->y -= 4;
		cg_free(t);
		cg_free(cites);
	}
}

/* The misuses, most severe first, each in words with its place. */
static void misuses_page(report *r)
{
	const cg_inv_scan *s = r->s;
	const char *title = "Misuses";
	new_page(r, title);
	heading(r, "Misuses of cryptography");
	size_t nsup = 0;
	for (size_t i = 0; i < s->nmisuses; i++)
		if (s->misuses[i].suppression_status &&
		    strcmp(s->misuses[i].suppression_status, "applies") == 0)
			nsup++;
	char *nm = count_of(s->nmisuses, "misuse", "misuses");
	char *t = cg_sprintf(
	    "Weaknesses in how cryptography is used, whatever the algorithm: "
	    "%s, %zu of them suppressed (accepted with a written reason). "
	    "Each one is fixed where it is; severities are the rules' own.",
	    nm, nsup);
	cg_free(nm);
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
	            LEADING, t);
	cg_free(t);
	r->y -= 8;
	if (!s->nmisuses) {
		r->y = para(r, r->font, BODY, C_MUTED, MARGIN_X, r->y,
		            CONTENT_W, LEADING, "No misuse was found.");
		return;
	}
	static const column cols[] = {
		{ "Severity", 0.11f, CENTER }, { "What", 0.30f, LEFT },
		{ "Where", 0.31f, LEFT },      { "Code", 0.16f, LEFT },
		{ "Status", 0.12f, LEFT },
	};
	size_t *order = cg_calloc(s->nmisuses, sizeof(size_t));
	for (size_t i = 0; i < s->nmisuses; i++)
		order[i] = i;
	/* most severe first, then in inventory order (insertion sort:
	 * stable) */
	for (size_t i = 1; i < s->nmisuses; i++)
		for (size_t k = i;
		     k > 0 && sev_index(s->misuses[order[k - 1]].severity) >
		                  sev_index(s->misuses[order[k]].severity);
		     k--) {
			size_t tmp = order[k];
			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
	table_head(r, cols, 5);
	size_t shown =
	    s->nmisuses < APPENDIX_MAX_OCCS ? s->nmisuses : APPENDIX_MAX_OCCS;
	for (size_t i = 0; i < shown; i++) {
		const cg_inv_misuse *m = &s->misuses[order[i]];
		char *where = cg_sprintf("%s:%u", m->path, m->line);
		bool sup = m->suppression_status &&
		           strcmp(m->suppression_status, "applies") == 0;
		const char *cells[] = {
			SEV_TITLES[sev_index(m->severity)],
			misuse_words(m->category),
			where,
			plain_label(m->context ? m->context : "product"),
			sup ? "suppressed" : "to fix",
		};
		need_page(r, row_height(r, cols, 5, cells, 0, 18), title, cols,
		          5);
		table_row(r, cols, 5, cells, i, sev_index(m->severity), 0, 18);
		cg_free(where);
	}
	cg_free(order);
	if (shown < s->nmisuses) {
		t = cg_sprintf(
		    "%zu further misuses are listed in cbom.json and "
		    "roadmap.json.",
		    s->nmisuses - shown);
		r->y = para(r, r->font, 8.5f, C_MUTED, MARGIN_X, r->y - 12,
		            CONTENT_W, 12, t);
		cg_free(t);
	}
}

/* A combined view (src/fleet): one row per repository, with its own
 * figures as recorded for its scan, and the organisation's totals. */
static void repositories(report *r)
{
	const cg_inv_scan *s = r->s;
	const char *title = "Repositories";
	new_page(r, title);
	heading(r, title);
	char *intro = cg_sprintf(
	    "This assessment covers %zu repositories. Each row gives the "
	    "figures of that repository's own scan; the rest of this report "
	    "treats them as one organisation: an algorithm used in several "
	    "repositories is one asset, found in each of them, and its file "
	    "paths begin with the repository's name.",
	    s->nrepos);
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
	            LEADING, intro);
	cg_free(intro);
	r->y -= 10;
	static const column cols[] = {
		{ "Repository", 0.26f, LEFT }, { "Commit", 0.14f, LEFT },
		{ "Files", 0.10f, RIGHT },     { "Findings", 0.11f, RIGHT },
		{ "Assets", 0.09f, RIGHT },    { "Critical", 0.10f, RIGHT },
		{ "High", 0.08f, RIGHT },      { "Readiness", 0.12f, RIGHT },
	};
	table_head(r, cols, 8);
	for (size_t i = 0; i < s->nrepos; i++) {
		const cg_inv_repo *x = &s->repos[i];
		need_page(r, 20, title, cols, 8);
		char commit[13] = "";
		if (x->commit_id)
			snprintf(commit, sizeof(commit), "%.12s", x->commit_id);
		char *files = fmt_u64(x->files_scanned);
		char *finds = fmt_u64(x->findings);
		char *assets = fmt_u64(x->assets);
		char *crit = x->risk.scored ? fmt_u64(x->risk.counts[0])
		                            : cg_strdup("-");
		char *high = x->risk.scored ? fmt_u64(x->risk.counts[1])
		                            : cg_strdup("-");
		char *ready = x->risk.scored
		                  ? cg_sprintf("%d/100", x->risk.readiness)
		                  : cg_strdup("not scored");
		const char *cells[] = { x->name, commit[0] ? commit : "-",
			                files,   finds,
			                assets,  crit,
			                high,    ready };
		table_row(r, cols, 8, cells, i, -1, 0, 20);
		cg_free(files);
		cg_free(finds);
		cg_free(assets);
		cg_free(crit);
		cg_free(high);
		cg_free(ready);
	}
	r->y -= 14;
	if (s->risk.scored) {
		char *t = cg_sprintf(
		    "Organisation: %zu distinct assets across the "
		    "repositories, %llu critical and %llu high; quantum "
		    "readiness %d/100 over all of them.",
		    s->nassets, (unsigned long long)s->risk.counts[0],
		    (unsigned long long)s->risk.counts[1], s->risk.readiness);
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
		            LEADING, t);
		cg_free(t);
	}
}

static float year_x(float x0, float w, int y0, int y1, double year)
{
	return x0 + w * (float)((year - y0) / (double)(y1 - y0));
}

static void timeline(report *r)
{
	const cg_inv_scan *s = r->s;
	bool cnsa2 = s->risk.scored && s->risk.profile &&
	             strcmp(s->risk.profile, "cnsa2") == 0;
	new_page(r, "Migration roadmap");
	heading(r, "Migration roadmap");
	r->y = para(
	    r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	    "Each asset that needs action is placed in one of three phases "
	    "by its severity and quantum exposure; within a phase, higher "
	    "scores come first. The effort is an estimate from the number "
	    "of code locations, files and libraries involved (see the "
	    "methodology).");
	r->y -= 12;
	const cg_roadmap_facts *f = r->o->roadmap;
	/* the axis runs from the report year (at most two years before the
	 * second phase's deadline) to the last phase's deadline; the loader
	 * requires deadlines for phases 2 and 3, ascending */
	double d1 = date_pos(f->phases[1].deadline);
	double d2 = date_pos(f->phases[2].deadline);
	int y1 = (int)ceil(d2);
	int y0 = r->year;
	if (y0 > (int)d1 - 2)
		y0 = (int)d1 - 2;
	float x0 = MARGIN_X + 10, w = CONTENT_W - 20;
	float top = r->y;
	/* phase bands */
	double ends[3] = { y0 + 1.0, d1, d2 };
	double starts[3] = { y0, y0 + 1.0, d1 };
	if (starts[1] > d1 - 1)
		starts[1] = d1 - 1;
	static const rgb pc[3] = { { 0.690f, 0.110f, 0.133f },
		                   { 0.949f, 0.678f, 0.125f },
		                   { 0.255f, 0.529f, 0.796f } };
	for (int p = 0; p < 3; p++) {
		float bx = year_x(x0, w, y0, y1, starts[p]);
		float bw = year_x(x0, w, y0, y1, ends[p]) - bx;
		float by = top - 30 - 40 * (float)p;
		rect(r, pc[p], bx, by - 26, bw, 26);
		double days = 0;
		for (size_t i = 0; i < r->rm.nactive; i++)
			if ((int)r->rm.items[i].phase == p)
				days += r->rm.items[i].person_days;
		char *na = count_of(r->rm.nphase[p], "asset", "assets");
		char *dt = days_text(days);
		char *t = cg_sprintf("%s: %s, %s", f->phases[p].title, na, dt);
		cg_free(na);
		cg_free(dt);
		/* label inside when it fits, else to the right */
		float tw = width(r, r->bold, 8, t);
		if (tw + 12 <= bw)
			text(r, r->bold, 8, C_WHITE, bx + 6, by - 16, bw - 12,
			     LEFT, t);
		else if (bx + bw + 6 + tw <= x0 + w)
			text(r, r->bold, 8, C_TEXT, bx + bw + 6, by - 16,
			     x0 + w - bx - bw - 6, LEFT, t);
		else
			text(r, r->bold, 8, C_TEXT, x0, by - 16, bx - x0 - 6,
			     RIGHT, t);
		cg_free(t);
	}
	/* axis */
	float ay = top - 30 - 40 * 3 + 4;
	hline(r, C_TEXT, 0.8f, x0, x0 + w, ay);
	for (int yr = y0; yr <= y1; yr++) {
		float x = year_x(x0, w, y0, y1, yr);
		stroke(r, C_TEXT, 0.8f);
		HPDF_Page_MoveTo(r->page, x, ay);
		HPDF_Page_LineTo(r->page, x, ay - 5);
		HPDF_Page_Stroke(r->page);
		if (yr < y1) {
			char *l = cg_sprintf("%d", yr);
			float cw = year_x(x0, w, y0, y1, yr + 1) - x;
			text(r, r->font, 7.5f, C_MUTED, x, ay - 15, cw, CENTER,
			     l);
			cg_free(l);
		}
	}
	/* today */
	float tx = year_x(x0, w, y0, y1, r->year < y0 ? y0 : r->year);
	stroke(r, C_ACCENT, 1.2f);
	HPDF_Page_SetDash(r->page, (HPDF_UINT16[]){ 3, 2 }, 2, 0);
	HPDF_Page_MoveTo(r->page, tx, top - 4);
	HPDF_Page_LineTo(r->page, tx, ay);
	HPDF_Page_Stroke(r->page);
	HPDF_Page_SetDash(r->page, NULL, 0, 0);
	text(r, r->bold, 7.5f, C_ACCENT, tx + 3, top - 10, 80, LEFT,
	     "report date");

	/* milestones below the axis: the CNSA 2.0 gates (cnsa2) and the
	 * phase deadlines, in date order */
	struct {
		double at;
		char *label;
	} ms[16];
	size_t nm = 0;
	char day[32];
	for (size_t i = 0; cnsa2 && i < f->ngates && nm < 16; i++) {
		ms[nm].at = date_pos(f->gates[i].date);
		ms[nm++].label = cg_sprintf(
		    "%s: %s", day_text(day, sizeof(day), f->gates[i].date),
		    f->gates[i].event);
	}
	for (int p = 0; p < CG_ROADMAP_NPHASES && nm < 16; p++) {
		const cg_roadmap_phase_facts *ph = &f->phases[p];
		if (!ph->deadline)
			continue;
		ms[nm].at = date_pos(ph->deadline);
		ms[nm++].label = cg_sprintf(
		    "%s: %s", day_text(day, sizeof(day), ph->deadline),
		    ph->event ? ph->event : ph->title);
	}
	/* stable insertion sort by date (ties keep gates first) */
	for (size_t i = 1; i < nm; i++)
		for (size_t k = i; k > 0 && ms[k - 1].at > ms[k].at; k--) {
			double at = ms[k].at;
			char *l = ms[k].label;
			ms[k] = ms[k - 1];
			ms[k - 1].at = at;
			ms[k - 1].label = l;
		}
	/* each milestone: a dot on the axis and a numbered badge under it
	 * (badges too close to the previous one go one row lower); the
	 * dates and events are listed below, so no label crosses a line */
	float last_x[4] = { -1e9f, -1e9f, -1e9f, -1e9f };
	float by0 = ay - 30;
	for (size_t i = 0; i < nm; i++) {
		float x = year_x(x0, w, y0, y1, ms[i].at);
		int row = 0;
		while (row < 3 && x - last_x[row] < 16)
			row++;
		last_x[row] = x;
		float by = by0 - 16 * (float)row;
		stroke(r, C_NAVY, 0.6f);
		HPDF_Page_MoveTo(r->page, x, ay);
		HPDF_Page_LineTo(r->page, x, by + 6);
		HPDF_Page_Stroke(r->page);
		fill(r, C_NAVY);
		HPDF_Page_Circle(r->page, x, ay, 2.5f);
		HPDF_Page_Fill(r->page);
		HPDF_Page_Circle(r->page, x, by, 6);
		HPDF_Page_Fill(r->page);
		char num[24];
		snprintf(num, sizeof(num), "%zu", i + 1);
		text(r, r->bold, 7, C_WHITE, x - 6, by - 2.5f, 12, CENTER, num);
	}
	float my = by0 - 16 * 3 - 8;
	for (size_t i = 0; i < nm; i++) {
		char num[24];
		snprintf(num, sizeof(num), "%zu", i + 1);
		fill(r, C_NAVY);
		HPDF_Page_Circle(r->page, MARGIN_X + 6, my + 2.5f, 6);
		HPDF_Page_Fill(r->page);
		text(r, r->bold, 7, C_WHITE, MARGIN_X, my, 12, CENTER, num);
		my = para(r, r->font, 8, C_TEXT, MARGIN_X + 18, my,
		          CONTENT_W - 18, 11, ms[i].label) -
		     4;
		cg_free(ms[i].label);
		ms[i].label = NULL;
	}
	r->y = my - 6;

	/* phases table */
	subheading(r, "Phases");
	static const column cols[] = {
		{ "Phase", 0.13f, LEFT },
		{ "Deadline", 0.14f, LEFT },
		{ "Assets", 0.09f, RIGHT },
		{ "Occurrences", 0.14f, RIGHT },
		{ "Person-days", 0.13f, RIGHT },
		{ "Criteria", 0.37f, LEFT },
	};
	table_head(r, cols, 6);
	for (int p = 0; p < CG_ROADMAP_NPHASES; p++) {
		const cg_roadmap_phase_facts *ph = &f->phases[p];
		uint64_t nf = 0;
		double days = 0;
		for (size_t i = 0; i < r->rm.nactive; i++)
			if ((int)r->rm.items[i].phase == p) {
				nf += r->rm.items[i].asset->nocc;
				days += r->rm.items[i].person_days;
			}
		char *c2 = cg_sprintf("%zu", r->rm.nphase[p]);
		char *c3 = fmt_u64(nf);
		char *c4 = cg_sprintf("%.1f", days);
		const char *cells[] = {
			ph->title,
			ph->deadline ? day_text(day, sizeof(day), ph->deadline)
			             : "immediately",
			c2,
			c3,
			c4,
			ph->summary,
		};
		table_row(r, cols, 6, cells, (size_t)p, -1, 0, 20);
		cg_free(c2);
		cg_free(c3);
		cg_free(c4);
	}
	char *na = count_of(r->rm.nactive, "asset", "assets");
	char *dt = days_text(r->rm.person_days);
	char *nn =
	    count_of(r->rm.n - r->rm.nactive, "asset needs", "assets need");
	char *t = cg_sprintf("Total: %s to migrate, %s. %s no action under "
	                     "this profile.",
	                     na, dt, nn);
	cg_free(na);
	cg_free(dt);
	cg_free(nn);
	r->y = para(r, r->bold, 8.5f, C_TEXT, MARGIN_X, r->y - 14, CONTENT_W,
	            12, t);
	cg_free(t);
	if (cnsa2) {
		r->y -= 8;
		subheading(r, "CNSA 2.0 milestones by system category");
		static const column mc[] = {
			{ "System category", 0.56f, LEFT },
			{ "Support and prefer by", 0.22f, LEFT },
			{ "Exclusively by", 0.22f, LEFT },
		};
		table_head(r, mc, 3);
		for (size_t i = 0; i < f->nmilestones; i++) {
			const cg_cnsa2_milestone *m = &f->milestones[i];
			char prefer[16], excl[16];
			snprintf(prefer, sizeof(prefer), "%d", m->prefer_by);
			snprintf(excl, sizeof(excl), "%d", m->exclusive_by);
			const char *cells[] = {
				m->category,
				m->prefer_by ? prefer : "\xe2\x80\x94",
				excl,
			};
			table_row(r, mc, 3, cells, i, -1, 0, 16);
		}
		/* the sources, each once, in table order */
		cg_strv src = CG_STRV_INIT;
		for (size_t i = 0; i < f->nmilestones; i++)
			if (!cg_strv_contains(&src, f->milestones[i].citation))
				cg_strv_push(&src, f->milestones[i].citation);
		cg_buf b = CG_BUF_INIT;
		cg_buf_puts(&b, "Source: ");
		for (size_t i = 0; i < src.len; i++)
			cg_buf_printf(&b, "%s%s", i ? "; " : "", src.items[i]);
		cg_buf_printf(&b,
		              ". The system category of each asset is not "
		              "known to the scanner, so the roadmap applies "
		              "%s: %s (%s).",
		              day_text(day, sizeof(day), f->default_deadline),
		              f->default_basis, f->default_citation);
		r->y = para(r, r->font, 7.5f, C_MUTED, MARGIN_X, r->y - 12,
		            CONTENT_W, 10, cg_buf_cstr(&b));
		cg_buf_dispose(&b);
		cg_strv_dispose(&src);
	}
}

/* Coverage: recognised crypto calls whose algorithm the scanner could
 * not resolve (assets "unresolved-<family>"): how many, and the first
 * few with their reasons, so that a reviewer checks them by hand. */
static void unresolved_note(report *r)
{
	const cg_inv_scan *s = r->s;
	uint64_t n = 0;
	for (size_t i = 0; i < s->nassets; i++)
		for (size_t k = 0; k < s->assets[i].nocc; k++)
			n += s->assets[i].occs[k].unresolved != NULL;
	if (!n)
		return;
	r->y -= 8;
	subheading(r, "Unresolved values");
	char *msg = cg_sprintf(
	    "%llu recognised cryptographic call%s take%s an algorithm the "
	    "scanner could not resolve (a parameter without literal "
	    "callers, a configuration value, a call result). They are "
	    "listed as unresolved-<kind> assets and must be reviewed by "
	    "hand:",
	    (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "s" : "");
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
	            LEADING, msg);
	cg_free(msg);
	size_t shown = 0;
	for (size_t i = 0; i < s->nassets && shown < 8; i++)
		for (size_t k = 0; k < s->assets[i].nocc && shown < 8; k++) {
			const cg_inv_occ *o = &s->assets[i].occs[k];
			if (!o->unresolved)
				continue;
			if (r->y < MARGIN_BOTTOM + 2 * LEADING)
				return;
			char *t = cg_sprintf("%s:%u: %s", o->path, o->line,
			                     o->unresolved);
			r->y = para(r, r->font, BODY, C_MUTED, MARGIN_X + 12,
			            r->y - 2, CONTENT_W - 12, LEADING, t);
			cg_free(t);
			shown++;
		}
}

static void methodology(report *r)
{
	const cg_inv_scan *s = r->s;
	new_page(r, "Methodology and standards");
	heading(r, "Methodology and standards");
	subheading(r, "How the inventory was built");
	char *nex = fmt_u64(s->files_scanned + s->files_prefiltered);
	char *t = cg_sprintf(
	    "cryptagion parsed every supported source file of the target "
	    "with tree-sitter grammars and matched the syntax trees against "
	    "a rule set (its SHA-256 digest: %s) describing the "
	    "cryptographic APIs of each language's standard library and "
	    "common libraries. Algorithm names, key sizes, modes and curves "
	    "were resolved from literals and constants where possible; each "
	    "finding records where a parameter came from. Certificates, "
	    "keys, TLS and SSH configurations and dependency manifests "
	    "were read as well. Files examined: %s (analysed in full: "
	    "%llu; without cryptographic vocabulary: %llu). Files skipped: "
	    "%llu; files of no supported language (documentation, data): "
	    "%llu. What could not be analysed is stated below, with the "
	    "reason. No source code is stored: only paths, positions and "
	    "parameters.",
	    s->ruleset_hash ? s->ruleset_hash : "?", nex,
	    (unsigned long long)s->files_scanned,
	    (unsigned long long)s->files_prefiltered,
	    (unsigned long long)s->files_skipped,
	    (unsigned long long)s->files_unsupported);
	cg_free(nex);
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
	            LEADING, t);
	cg_free(t);
	r->y -= 10;
	subheading(r, "What was not analysed");
	if (!s->ngaps) {
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
		            LEADING,
		            "Every file of a supported kind was analysed in "
		            "full.");
	} else {
		/* one line per reason (kinds are data: a new reason needs no
		 * code here), the paths in Appendix C */
		for (size_t i = 0; i < s->ngaps;) {
			size_t k = i;
			while (k < s->ngaps &&
			       strcmp(s->gaps[k].kind, s->gaps[i].kind) == 0)
				k++;
			bool values = s->gaps[i].line > 0;
			char *n = count_of(k - i, values ? "value" : "file",
			                   values ? "values" : "files");
			t = cg_sprintf("%s: %s", n, gap_words(s->gaps[i].kind));
			cg_free(n);
			rect(r, C_ACCENT, MARGIN_X, r->y - 6, 3.5f, 3.5f);
			r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X + 12,
			            r->y - 3, CONTENT_W - 12, LEADING, t);
			cg_free(t);
			i = k;
		}
		r->y = para(r, r->font, 8.5f, C_MUTED, MARGIN_X, r->y - 4,
		            CONTENT_W, 12,
		            "Appendix C lists each of them with its path. "
		            "Findings may be missing where the analysis was "
		            "incomplete.");
	}
	r->y -= 10;
	if (r->y < MARGIN_BOTTOM + 160)
		new_page(r, "Methodology and standards");
	subheading(r, "How risk was scored");
	r->y = para(
	    r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	    "Each asset is matched to an entry of the standards table and "
	    "scored 0-100 as S = 100 \xc3\x97 (1 \xe2\x88\x92 (1 \xe2\x88\x92 "
	    "0.95\xc2\xb7K) \xc3\x97 (1 \xe2\x88\x92 Q\xc2\xb7U\xc2\xb7(0.5 + "
	    "0.4\xc2\xb7p))), where K weighs the algorithm's status today "
	    "(1 disallowed, 0.8 legacy, 0.4 deprecated, 0 acceptable), Q its "
	    "exposure to quantum attack (1 for RSA, elliptic curves and "
	    "Diffie-Hellman), U the usage (key establishment and encryption "
	    "weigh more than signatures: harvest now, decrypt later) and p "
	    "the proximity of the applicable deadline. Severity bands: "
	    "critical \xe2\x89\xa5 85, high \xe2\x89\xa5 65, medium "
	    "\xe2\x89\xa5 40, low \xe2\x89\xa5 15, info below. The quantum-"
	    "readiness score is 100 \xc3\x97 (1 \xe2\x88\x92 mean(Q\xc2\xb7U)) "
	    "over all assets. Every asset's factors and clauses are recorded "
	    "in the CBOM and the roadmap.");
	r->y -= 10;
	if (r->y < MARGIN_BOTTOM + 120)
		new_page(r, "Methodology and standards");
	subheading(r, "How the effort was estimated");
	r->y =
	    para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	         "points = occurrences + 2 \xc3\x97 files + 5 \xc3\x97 "
	         "libraries involved; size S up to 10 points, M up to "
	         "30, L up to 80, XL above; person-days = points / 4, "
	         "rounded up to half a day. It is a planning figure for "
	         "code changes and their tests, not for key rotation or "
	         "certificate re-issuance.");
	r->y -= 10;
	if (r->y < MARGIN_BOTTOM + 200)
		new_page(r, "Methodology and standards");
	subheading(r, "Standards applied");
	if (s->risk.scored) {
		t = cg_sprintf("Profile %s, standards table version %s, "
		               "evaluated %.10s.",
		               s->risk.profile, s->risk.standards_version,
		               s->risk.evaluated_at ? s->risk.evaluated_at
		                                    : "");
		r->y = para(r, r->bold, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
		            LEADING, t);
		cg_free(t);
		r->y -= 4;
	}
	static const char *const docs[] = {
		"NIST SP 800-57 Part 1 Rev. 5 (May 2020): security strengths, "
		"Tables 2-4",
		"NIST SP 800-131A Rev. 2 (March 2019) and Rev. 3 initial "
		"public draft (Oct 2024): transition statuses",
		"NIST IR 8547 initial public draft (Nov 2024): transition to "
		"post-quantum cryptography, deprecation after 2030 and "
		"disallowance after 2035",
		"FIPS 203 (ML-KEM), FIPS 204 (ML-DSA), FIPS 205 (SLH-DSA), "
		"August 2024",
		"BSI TR-02102-1, versions 2025-01 and 2026-01",
		"NSA CNSA 2.0 advisory (Sept 2022) and FAQ v2.1 (Dec 2024); "
		"CNSSP 15",
		"RFC 7748 (X25519, X448), RFC 8032 (EdDSA)",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		rect(r, C_ACCENT, MARGIN_X, r->y - 6, 3.5f, 3.5f);
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X + 12, r->y - 3,
		            CONTENT_W - 12, LEADING, docs[i]);
		r->y -= 2;
	}
	r->y -= 8;
	if (r->y < MARGIN_BOTTOM + 80)
		new_page(r, "Methodology and standards");
	subheading(r, "Limitations");
	r->y =
	    para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	         "Static analysis finds cryptography that is named in "
	         "the code; algorithms chosen at run time from "
	         "configuration, protocols negotiated by TLS libraries "
	         "and keys held in HSMs may not be visible. Drafts "
	         "(SP 800-131A Rev. 3, IR 8547) are weighted less than "
	         "final standards and may change.");
	unresolved_note(r);
}

/* ---- appendix ------------------------------------------------------------ */

static void appendix(report *r)
{
	const cg_inv_scan *s = r->s;
	const char *title = "Appendix A \xe2\x80\x94 Inventory";
	new_page(r, title);
	heading(r, "Appendix A \xe2\x80\x94 Inventory");
	size_t na =
	    s->nassets < APPENDIX_MAX_ASSETS ? s->nassets : APPENDIX_MAX_ASSETS;
	char *t = cg_sprintf(
	    "%s in priority order. The CycloneDX CBOM (cbom.json) lists "
	    "every asset with all its occurrences and parameters.",
	    s->nassets == 1 ? "The one asset" : "All assets");
	if (na < s->nassets) {
		cg_free(t);
		t = cg_sprintf("The %zu highest-priority of %zu assets. The "
		               "CycloneDX CBOM (cbom.json) lists every asset "
		               "with all its occurrences and parameters.",
		               na, s->nassets);
	}
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
	            LEADING, t);
	cg_free(t);
	r->y -= 8;
	static const column cols[] = {
		{ "Asset", 0.16f, LEFT },      { "Kind", 0.16f, LEFT },
		{ "Severity", 0.10f, CENTER }, { "Score", 0.07f, RIGHT },
		{ "Places", 0.07f, RIGHT },    { "Files", 0.07f, RIGHT },
		{ "Effort", 0.10f, CENTER },   { "Replacement", 0.27f, LEFT },
	};
	table_head(r, cols, 8);
	for (size_t i = 0; i < na; i++) {
		const cg_roadmap_item *it = &r->rm.items[i];
		const cg_inv_asset *a = it->asset;
		char *c3 = cg_sprintf("%d", a->risk.score);
		char *c4 = cg_sprintf("%zu", a->nocc);
		char *c5 = cg_sprintf("%zu", it->files);
		char *c6 =
		    it->phase == CG_PHASE_NONE
		        ? cg_strdup("\xe2\x80\x94")
		        : cg_sprintf("%s, %.1f d", it->size, it->person_days);
		const char *cells[] = {
			a->name,
			plain_label(a->primitive),
			SEV_TITLES[sev_index(a->risk.severity)],
			c3,
			c4,
			c5,
			c6,
			it->phase == CG_PHASE_NONE
			    ? "keep"
			    : (a->risk.replacement ? a->risk.replacement : ""),
		};
		need_page(r, row_height(r, cols, 8, cells, 2, 16), title, cols,
		          8);
		table_row(r, cols, 8, cells, i, sev_index(a->risk.severity), 2,
		          16);
		cg_free(c3);
		cg_free(c4);
		cg_free(c5);
		cg_free(c6);
	}

	/* occurrences */
	const char *title2 = "Appendix B \xe2\x80\x94 Occurrences";
	new_page(r, title2);
	heading(r, "Appendix B \xe2\x80\x94 Occurrences");
	uint64_t total = r->rm.occurrences;
	char *no = count_of(total, "occurrence", "occurrences");
	t = total > APPENDIX_MAX_OCCS
	        ? cg_sprintf("The first %d of %s, by asset priority. All "
	                     "are listed in cbom.json "
	                     "(components[].evidence.occurrences) and "
	                     "roadmap.json (items[].occurrences).",
	                     APPENDIX_MAX_OCCS, no)
	        : cg_sprintf("%s %s, by asset priority (the misuses are "
	                     "listed on their own page).",
	                     total == 1 ? "The" : "All", no);
	cg_free(no);
	r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W,
	            LEADING, t);
	cg_free(t);
	r->y -= 8;
	static const column oc[] = {
		{ "Location", 0.38f, LEFT },
		{ "Asset", 0.17f, LEFT },
		{ "Code", 0.16f, LEFT },
		{ "Rule", 0.29f, LEFT },
	};
	table_head(r, oc, 4);
	size_t shown = 0;
	for (size_t i = 0; i < r->rm.n && shown < APPENDIX_MAX_OCCS; i++) {
		const cg_inv_asset *a = r->rm.items[i].asset;
		for (size_t k = 0; k < a->nocc && shown < APPENDIX_MAX_OCCS;
		     k++) {
			const cg_inv_occ *o = &a->occs[k];
			char *loc = cg_sprintf("%s:%u", o->path, o->line);
			const char *cells[] = { loc, a->name,
				                plain_label(o->context
				                                ? o->context
				                                : "product"),
				                o->rule_id };
			need_page(r, row_height(r, oc, 4, cells, 4, 14), title2,
			          oc, 4);
			table_row(r, oc, 4, cells, shown, -1, 0, 14);
			cg_free(loc);
			shown++;
		}
	}
}

/* Appendix C: what was not analysed, each path with its reason. */
static void coverage_appendix(report *r)
{
	const cg_inv_scan *s = r->s;
	const char *title = "Appendix C \xe2\x80\x94 Not analysed";
	new_page(r, title);
	heading(r, title);
	size_t shown =
	    s->ngaps < APPENDIX_MAX_OCCS ? s->ngaps : APPENDIX_MAX_OCCS;
	char *n = count_of(s->ngaps, "entry", "entries");
	char *t = shown < s->ngaps
	              ? cg_sprintf("The first %zu of %s; cbom.json lists all "
	                           "(cryptagion:notAnalysed).",
	                           shown, n)
	              : cg_sprintf("%s, by reason and path (also in "
	                           "cbom.json as cryptagion:notAnalysed).",
	                           n);
	cg_free(n);
	r->y =
	    para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	         s->ngaps ? t
	                  : "Nothing: every file of a "
	                    "supported kind was analysed.");
	cg_free(t);
	r->y -= 8;
	if (!s->ngaps)
		return;
	static const column cols[] = {
		{ "Reason", 0.30f, LEFT },
		{ "Path", 0.45f, LEFT },
		{ "Detail", 0.25f, LEFT },
	};
	table_head(r, cols, 3);
	for (size_t i = 0; i < shown; i++) {
		const cg_inv_gap *g = &s->gaps[i];
		char *path = g->line ? cg_sprintf("%s:%u", g->path, g->line)
		                     : cg_strdup(g->path);
		const char *cells[] = { gap_words(g->kind), path,
			                g->detail ? g->detail : "" };
		need_page(r, row_height(r, cols, 3, cells, 3, 14), title, cols,
		          3);
		table_row(r, cols, 3, cells, i, -1, 0, 14);
		cg_free(path);
	}
}

/* The documents the clauses cite, by full name. */
static void references_page(report *r)
{
	new_page(r, "References");
	heading(r, "References");
	r->y =
	    para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	         "The clauses quoted in this report (for example "
	         "\xe2\x80\x9cNIST SP 800-57 Part 1 Rev. 5, Table "
	         "2\xe2\x80\x9d) refer to these documents. Drafts are "
	         "marked; they may change before they are final.");
	r->y -= 8;
	static const char *const refs[] = {
		"NIST SP 800-57 Part 1 Rev. 5, Recommendation for Key "
		"Management: Part 1 \xe2\x80\x93 General (May 2020): security "
		"strengths, \xc2\xa7"
		"5.6.1 Tables 2 and 3, \xc2\xa7"
		"5.6.3 Table 4",
		"NIST SP 800-131A Rev. 2, Transitioning the Use of "
		"Cryptographic Algorithms and Key Lengths (March 2019)",
		"NIST SP 800-131A Rev. 3 (draft), initial public draft "
		"(October 2024)",
		"NIST IR 8547 (draft), Transition to Post-Quantum "
		"Cryptography Standards, initial public draft (November 2024)",
		"BSI TR-02102-1 (2025-01) and (2026-01), Cryptographic "
		"Mechanisms: Recommendations and Key Lengths",
		"NSA CNSA 2.0, Commercial National Security Algorithm Suite "
		"2.0 advisory (September 2022) and FAQ v2.1 (December 2024)",
		"FIPS 203 (ML-KEM), FIPS 204 (ML-DSA), FIPS 205 (SLH-DSA), "
		"August 2024; RFC 7748 (X25519, X448); RFC 8032 (EdDSA)",
	};
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		rect(r, C_ACCENT, MARGIN_X, r->y - 6, 3.5f, 3.5f);
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X + 12, r->y - 3,
		            CONTENT_W - 12, LEADING, refs[i]);
		r->y -= 3;
	}
}

static void checksums_page(report *r)
{
	new_page(r, "Deliverables");
	heading(r, "Deliverables and checksums");
	r->y =
	    para(r, r->font, BODY, C_TEXT, MARGIN_X, r->y, CONTENT_W, LEADING,
	         "This report is accompanied by the machine-readable "
	         "deliverables below. Their SHA-256 digests let the "
	         "recipient verify that the files are the ones this report "
	         "describes (sha256sum -c SHA256SUMS). The report's own "
	         "digest is in SHA256SUMS: a document cannot contain its "
	         "own checksum.");
	r->y -= 10;
	static const column cols[] = {
		{ "File", 0.20f, LEFT },
		{ "SHA-256", 0.80f, LEFT },
	};
	table_head(r, cols, 2);
	for (size_t i = 0; i < r->o->nsums; i++) {
		const char *cells[] = { r->o->sums[i].name,
			                r->o->sums[i].sha256 };
		table_row(r, cols, 2, cells, i, -1, 0, 20);
	}
	r->y -= 14;
	static const char *const what[][2] = {
		{ "cbom.json", "CycloneDX 1.6 cryptographic bill of materials: "
		               "every asset, occurrence and parameter, with "
		               "risk properties" },
		{ "roadmap.json", "migration roadmap (schema roadmap-1.0): "
		                  "phases, prioritised items, replacements, "
		                  "citations and effort" },
		{ "report.pdf", "this executive report" },
		{ "SHA256SUMS", "SHA-256 digests of the three files above" },
	};
	for (size_t i = 0; i < 4; i++) {
		text(r, r->bold, BODY, C_TEXT, MARGIN_X, r->y - 10, 90, LEFT,
		     what[i][0]);
		r->y = para(r, r->font, BODY, C_TEXT, MARGIN_X + 90, r->y - 10,
		            CONTENT_W - 90, LEADING, what[i][1]);
		r->y -= 4;
	}
}

/* ---- entry points ------------------------------------------------------- */

static char *font_path(const char *dir, const char *file)
{
	return cg_sprintf("%s/%s", dir && *dir ? dir : CG_PDF_DEFAULT_FONT_DIR,
	                  file);
}

int cg_emit_pdf_check_fonts(const char *font_dir)
{
	static const char *const files[] = { "DejaVuSans.ttf",
		                             "DejaVuSans-Bold.ttf" };
	for (size_t i = 0; i < 2; i++) {
		char *p = font_path(font_dir, files[i]);
		bool ok = access(p, R_OK) == 0;
		if (!ok)
			cg_error_set("%s: font not found (install "
			             "fonts-dejavu-core or pass --fonts DIR)",
			             p);
		cg_free(p);
		if (!ok)
			return CG_ENOTFOUND;
	}
	return 0;
}

static void pdf_date(HPDF_Date *d, int64_t epoch)
{
	time_t t = epoch >= 0 ? (time_t)epoch : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	memset(d, 0, sizeof(*d));
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
	d->hour = tm.tm_hour;
	d->minutes = tm.tm_min;
	d->seconds = tm.tm_sec;
	d->ind = 'Z';
}

int cg_emit_pdf(char **out, size_t *len, const cg_inv_scan *s,
                const cg_pdf_opts *o)
{
	if (!o->roadmap) {
		cg_error_set(
		    "report.pdf: no roadmap dates (the standards table "
		    "was not loaded)");
		return CG_ERROR;
	}
	int error = cg_emit_pdf_check_fonts(o->font_dir);
	if (error < 0)
		return error;
	report *r = cg_calloc(1, sizeof(report));
	char *regular = font_path(o->font_dir, "DejaVuSans.ttf");
	char *boldp = font_path(o->font_dir, "DejaVuSans-Bold.ttf");
	r->s = s;
	r->o = o;
	cg_roadmap_build(&r->rm, s, o->roadmap);
	const char *tn = s->target_name ? s->target_name : "target";
	r->target_name = cg_utf8_sanitize(tn, strlen(tn));
	time_t now = o->epoch >= 0 ? (time_t)o->epoch : time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(r->date, sizeof(r->date), "%Y-%m-%d", &tm);
	r->year = tm.tm_year + 1900;

	if (setjmp(r->jb)) {
		cg_error_set("report.pdf: libharu error 0x%04X (detail %u)",
		             (unsigned)r->status, (unsigned)r->detail);
		error = CG_ERROR;
		goto done;
	}
	r->pdf = HPDF_New(on_error, r);
	if (!r->pdf) {
		cg_error_set("report.pdf: cannot create a PDF document");
		error = CG_ERROR;
		goto done;
	}
	HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r->pdf);
	HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
	const char *fn = HPDF_LoadTTFontFromFile(r->pdf, regular, HPDF_TRUE);
	r->font = HPDF_GetFont(r->pdf, fn, "UTF-8");
	const char *bn = HPDF_LoadTTFontFromFile(r->pdf, boldp, HPDF_TRUE);
	r->bold = HPDF_GetFont(r->pdf, bn, "UTF-8");
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_CREATOR, "cryptagion");
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_PRODUCER, "cryptagion (libharu)");
	r->info_title =
	    o->title && *o->title
	        ? cg_strdup(o->title)
	        : cg_sprintf("Cryptography assessment of %s", r->target_name);
	/* the info dictionary is PDFDocEncoding: keep its title ASCII */
	char *w = r->info_title;
	for (const char *p = r->info_title; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x80)
			*w++ = *p;
		else if (ch >= 0xC0)
			*w++ = strncmp(p, "\xe2\x80\x93", 3) == 0 ||
			               strncmp(p, "\xe2\x80\x94", 3) == 0
			           ? '-'
			           : '?';
	}
	*w = 0;
	HPDF_SetInfoAttr(r->pdf, HPDF_INFO_TITLE, r->info_title);
	HPDF_Date d;
	pdf_date(&d, o->epoch);
	HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE, d);
	HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_MOD_DATE, d);

	cover(r);
	summary(r);
	if (r->s->nrepos)
		repositories(r);
	charts(r);
	top_risks(r);
	misuses_page(r);
	timeline(r);
	methodology(r);
	appendix(r);
	coverage_appendix(r);
	references_page(r);
	checksums_page(r);
	footers(r);

	HPDF_SaveToStream(r->pdf);
	HPDF_UINT32 size = HPDF_GetStreamSize(r->pdf);
	r->bytes = cg_malloc(size ? size : 1);
	HPDF_UINT32 got = 0;
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(
		    r->pdf, (HPDF_BYTE *)r->bytes + got, &n);
		got += n;
		if (st == HPDF_STREAM_EOF || n == 0)
			break;
	}
	if (got != size) {
		cg_error_set("report.pdf: short read from libharu (%u of %u "
		             "bytes)",
		             (unsigned)got, (unsigned)size);
		error = CG_ERROR;
		goto done;
	}
	*out = r->bytes;
	*len = size;
	r->bytes = NULL;
	error = 0;
done:
	if (r->pdf)
		HPDF_Free(r->pdf);
	for (size_t i = 0; i < r->pages.len; i++)
		cg_free(r->pages.items[i].title);
	cg_array_free(&r->pages);
	cg_roadmap_dispose(&r->rm);
	cg_free(r->target_name);
	cg_free(r->bytes);
	cg_free(r->info_title);
	cg_free(regular);
	cg_free(boldp);
	cg_free(r);
	return error;
}
