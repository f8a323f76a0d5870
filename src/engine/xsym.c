/* xsym.c — the project's symbols (see engine.h, cg_xconsts): a first pass
 * over the text of every file of a scan, before any parse.
 *
 * Each language pack's `xconst_pattern` finds definitions line by line:
 * a name and either a literal (`value`: a quoted string or digits) or a
 * reference to another symbol (`ref`: `B`, `Constants.ALG`,
 * `consts::ALG`), or a helper that returns one (`name` ending in "()").
 * An indented definition caught by the group `member` (a class attribute,
 * an interface constant, an object literal's property) belongs to the
 * enclosing scope that the pack's `xscope_pattern` names (group `scope`)
 * and is only found through that qualifier (`Config.HASH`, `CONFIG.alg`).
 *
 * seal() sorts the table by name and resolves references in rounds (a
 * chain `#define A B`, `#define B "..."` takes two): each round is one
 * binary search per unresolved entry, at most MAX_ROUNDS rounds, so the
 * pass stays linear in the size of the tree up to a log factor. A
 * reference that does not resolve is dropped. Every entry keeps the file
 * and line that define it: the provenance of a value reached through it.
 */
#include "xsym.h"

#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

#define MAX_ROUNDS 8 /* hops of a chain of references */
#define MAX_SCOPES 65536

typedef struct {
	char *name;
	char *value;        /* literal text, or NULL while unresolved */
	char *ref;          /* the referenced symbol's text, or NULL */
	bool num;           /* value is digits */
	bool member;        /* only found through its scope's name */
	bool ctor;          /* an enum constant built with one string (the
	                       value): `E.C.field`, `E.C.getX()` */
	bool plain;         /* an enum constant without arguments: only
	                       `E.C.name()`, its name */
	const char *family; /* the pack's rule language */
	char *stem, *dir;   /* file name without extension, its directory */
	char *scope;        /* enclosing class/object, or NULL */
	char *path;         /* defining file */
	uint32_t line;      /* 1-based line of the definition */
} xconst;

struct cg_xconsts {
	xconst *v;
	size_t n, cap;
	const cg_lang_pack *packs[16];
	pcre2_code *re[16];
	pcre2_code *scope_re[16];
	size_t npacks;
	pcre2_match_data *md;
};

cg_xconsts *cg_xconsts_new(void)
{
	cg_xconsts *t = cg_calloc(1, sizeof(*t));
	t->md = pcre2_match_data_create(64, NULL); /* all groups of a pattern */
	return t;
}

static void xconst_dispose(xconst *x)
{
	cg_free(x->name);
	cg_free(x->value);
	cg_free(x->ref);
	cg_free(x->stem);
	cg_free(x->dir);
	cg_free(x->scope);
	cg_free(x->path);
}

void cg_xconsts_free(cg_xconsts *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		xconst_dispose(&t->v[i]);
	cg_free(t->v);
	for (size_t i = 0; i < t->npacks; i++) {
		pcre2_code_free(t->re[i]);
		pcre2_code_free(t->scope_re[i]);
	}
	pcre2_match_data_free(t->md);
	cg_free(t);
}

static pcre2_code *compile(const char *pat)
{
	if (!pat)
		return NULL;
	int err;
	PCRE2_SIZE off;
	pcre2_code *re =
	    pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                  PCRE2_MULTILINE | PCRE2_DUPNAMES, &err, &off, NULL);
	if (re)
		pcre2_jit_compile(re,
		                  PCRE2_JIT_COMPLETE); /* else interpreted */
	return re; /* NULL (a bad pattern): never matches */
}

/* The pack's slot (its compiled patterns), or SIZE_MAX when full. */
static size_t pack_slot(cg_xconsts *t, const cg_lang_pack *pack)
{
	for (size_t i = 0; i < t->npacks; i++)
		if (t->packs[i] == pack)
			return i;
	if (t->npacks == sizeof(t->re) / sizeof(t->re[0]))
		return SIZE_MAX;
	t->packs[t->npacks] = pack;
	t->re[t->npacks] = compile(pack->xconst_pattern);
	t->scope_re[t->npacks] = compile(pack->xscope_pattern);
	return t->npacks++;
}

static char *group(pcre2_match_data *md, const char *name)
{
	PCRE2_UCHAR *buf = NULL;
	PCRE2_SIZE n;
	if (pcre2_substring_get_byname(md, (PCRE2_SPTR)name, &buf, &n) != 0)
		return NULL;
	char *out = cg_strndup((const char *)buf, n);
	pcre2_substring_free(buf);
	if (!out[0]) {
		cg_free(out);
		return NULL;
	}
	return out;
}

typedef struct {
	size_t off;
	char *name;
} scope_at;

/* The scopes (class, interface, enum, object literal) opened in src, in
 * order of their offsets. */
static scope_at *collect_scopes(pcre2_code *re, pcre2_match_data *md,
                                const char *src, size_t len, size_t *n)
{
	scope_at *s = NULL;
	size_t cap = 0;
	*n = 0;
	size_t off = 0;
	while (re && off < len && *n < MAX_SCOPES &&
	       pcre2_match(re, (PCRE2_SPTR)src, len, off, 0, md, NULL) > 0) {
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		char *name = group(md, "scope");
		if (!name)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			s = cg_realloc(s, cap * sizeof(scope_at));
		}
		s[*n].off = ov[0];
		s[(*n)++].name = name;
	}
	return s;
}

void cg_xconsts_add(cg_xconsts *t, const cg_lang_pack *pack, const char *path,
                    const char *src, size_t len)
{
	if (!pack->xconst_pattern)
		return;
	size_t slot = pack_slot(t, pack);
	if (slot == SIZE_MAX || !t->re[slot])
		return;
	pcre2_code *re = t->re[slot];
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strchr(base, '.');
	const char *dend = base > path ? base - 1 : path;
	const char *dstart = dend;
	while (dstart > path && dstart[-1] != '/')
		dstart--;
	size_t nscopes = 0, si = 0;
	scope_at *scopes =
	    collect_scopes(t->scope_re[slot], t->md, src, len, &nscopes);
	size_t off = 0, counted = 0;
	uint32_t line = 1;
	while (off < len &&
	       pcre2_match(re, (PCRE2_SPTR)src, len, off, 0, t->md, NULL) > 0) {
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->md);
		size_t at = ov[0];
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		for (; counted < at && counted < len; counted++)
			line += src[counted] == '\n';
		while (si < nscopes && scopes[si].off < at)
			si++;
		char *name = group(t->md, "name");
		char *val = group(t->md, "value");
		char *ref = val ? NULL : group(t->md, "ref");
		char *member = group(t->md, "member");
		char *ctor = group(t->md, "ctor");
		const char *scope = si ? scopes[si - 1].name : NULL;
		/* a leading line break of the match counts */
		uint32_t l = line;
		for (size_t k = at;
		     k < len && (src[k] == '\n' || src[k] == ' ' ||
		                 src[k] == '\t' || src[k] == '\r');
		     k++)
			l += src[k] == '\n';
		/* a plain enum constant: its value is its name */
		bool plain = ctor && member && !val && !ref && name;
		if (plain)
			val = cg_sprintf("\"%s\"", name);
		bool ok = name && (val || ref) && (!member || scope) &&
		          (!ctor || (val && member));
		bool is_ctor = ctor != NULL;
		cg_free(ctor);
		cg_free(member);
		if (!ok) {
			cg_free(name);
			cg_free(val);
			cg_free(ref);
			continue;
		}
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->v = cg_realloc(t->v, t->cap * sizeof(xconst));
		}
		xconst *x = &t->v[t->n++];
		memset(x, 0, sizeof(*x));
		x->name = name;
		x->member = member != NULL;
		x->ctor = is_ctor;
		x->plain = plain;
		if (val) {
			x->num = val[0] >= '0' && val[0] <= '9';
			if (x->num) {
				x->value = val;
			} else {
				size_t vl = strlen(val);
				x->value =
				    cg_strndup(val + 1, vl >= 2 ? vl - 2 : 0);
				cg_free(val);
			}
		}
		x->ref = ref;
		x->family = pack->rules ? pack->rules : pack->name;
		x->stem =
		    cg_strndup(base, dot ? (size_t)(dot - base) : strlen(base));
		x->dir = cg_strndup(dstart, (size_t)(dend - dstart));
		x->scope = scope ? cg_strdup(scope) : NULL;
		x->path = cg_strdup(path);
		x->line = l;
	}
	for (size_t i = 0; i < nscopes; i++)
		cg_free(scopes[i].name);
	cg_free(scopes);
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_xconst(const void *a, const void *b)
{
	const xconst *x = a, *y = b;
	int r = strcmp(x->name, y->name);
	if (!r)
		r = strcmp(x->family, y->family);
	if (!r)
		r = strcmp(x->stem, y->stem);
	if (!r)
		r = strcmp(x->dir, y->dir);
	if (!r)
		r = cmp_str(x->scope, y->scope);
	if (!r)
		r = strcmp(x->path, y->path);
	if (!r)
		r = (x->line > y->line) - (x->line < y->line);
	if (!r)
		r = cmp_str(x->value, y->value);
	return r ? r : cmp_str(x->ref, y->ref);
}

/* Whether x is a definition of `name` that qualifier qual (or none)
 * designates in family fam. */
static bool designates(const xconst *x, const char *fam, const char *qual)
{
	if (strcmp(x->family, fam) != 0 || x->ctor)
		return false;
	if (x->member)
		return qual && x->scope && strcmp(x->scope, qual) == 0;
	if (!qual)
		return true;
	return strcmp(x->stem, qual) == 0 || strcmp(x->dir, qual) == 0 ||
	       (x->scope && strcmp(x->scope, qual) == 0);
}

/* The one resolved definition of name under qual in family fam, or NULL
 * (none, or definitions with different values). */
static const xconst *find(const cg_xconsts *t, const char *fam,
                          const char *name, const char *qual)
{
	if (!t || !t->n || !name || !name[0])
		return NULL;
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(t->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const xconst *hit = NULL;
	for (size_t i = lo; i < t->n && strcmp(t->v[i].name, name) == 0; i++) {
		const xconst *x = &t->v[i];
		if (!x->value || !designates(x, fam, qual))
			continue;
		if (hit &&
		    (hit->num != x->num || strcmp(hit->value, x->value) != 0))
			return NULL; /* ambiguous */
		if (!hit)
			hit = x;
	}
	return hit;
}

/* Resolve x's reference: "Q.NAME", "Q::NAME" or "NAME" (the defining
 * file's own definition first). */
static const xconst *follow(const cg_xconsts *t, const xconst *x)
{
	const char *r = x->ref, *end = r + strlen(r), *p = end;
	while (p > r && !strchr(".:", p[-1]))
		p--;
	if (p == r) {
		const xconst *own = find(t, x->family, r, x->stem);
		return own && !own->member ? own : find(t, x->family, r, NULL);
	}
	const char *q = p;
	while (q > r && strchr(".:", q[-1]))
		q--;
	const char *qs = q;
	while (qs > r && !strchr(".:", qs[-1]))
		qs--;
	char *qual = cg_strndup(qs, (size_t)(q - qs));
	const xconst *hit = find(t, x->family, p, qual);
	cg_free(qual);
	return hit;
}

void cg_xconsts_seal(cg_xconsts *t, char out[65])
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(xconst), cmp_xconst);
	/* references, in rounds: values found in a round are used from
	 * the next one on (the order of entries does not matter) */
	char **got = t->n ? cg_calloc(t->n, sizeof(char *)) : NULL;
	bool *num = t->n ? cg_calloc(t->n, sizeof(bool)) : NULL;
	for (int round = 0; round < MAX_ROUNDS; round++) {
		size_t found = 0;
		for (size_t i = 0; i < t->n; i++) {
			const xconst *x = &t->v[i];
			if (x->value || !x->ref)
				continue;
			const xconst *h = follow(t, x);
			if (h && h != x) {
				got[i] = cg_strdup(h->value);
				num[i] = h->num;
				found++;
			}
		}
		for (size_t i = 0; i < t->n; i++)
			if (got[i]) {
				t->v[i].value = got[i];
				t->v[i].num = num[i];
				got[i] = NULL;
			}
		if (!found)
			break;
	}
	cg_free(got);
	cg_free(num);
	cg_buf all = CG_BUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		const xconst *x = &t->v[i];
		if (!x->value)
			continue;
		cg_buf_printf(&all,
		              "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s"
		              "\x1f%u\x1e",
		              x->name, x->family, x->stem, x->dir, x->value,
		              x->scope ? x->scope : "", x->member, x->path,
		              x->line);
	}
	cg_sha256_hex(out, all.len ? cg_buf_cstr(&all) : "", all.len);
	cg_buf_dispose(&all);
}

/* The one enum constant `cname` (of enum ename, or any when NULL) built
 * with one string, or NULL. */
static const xconst *enum_const(const cg_xconsts *t, const char *fam,
                                const char *cname, const char *ename)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(t->v[mid].name, cname) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const xconst *hit = NULL;
	for (size_t i = lo; i < t->n && strcmp(t->v[i].name, cname) == 0; i++) {
		const xconst *x = &t->v[i];
		if (!x->ctor || !x->value || strcmp(x->family, fam) != 0 ||
		    (ename && strcmp(x->scope, ename) != 0))
			continue;
		if (hit && strcmp(hit->value, x->value) != 0)
			return NULL; /* ambiguous */
		if (!hit)
			hit = x;
	}
	return hit;
}

bool cg_engine__xsym_find(cg_xsym_hit *out, const cg_xconsts *t,
                          const cg_lang_pack *p, const char *name,
                          const char *qual)
{
	if (!t || !t->n || !name)
		return false;
	const char *fam = p->rules ? p->rules : p->name;
	/* the qualifier's last segment names the file, class or object;
	 * the one before it, if any, the enum of an enum constant */
	const char *cq = qual;
	char *eq = NULL;
	if (qual) {
		const char *e = qual + strlen(qual), *s = e;
		while (s > qual && !strchr("./:", s[-1]))
			s--;
		cq = s;
		const char *pe = s;
		while (pe > qual && strchr("./:", pe[-1]))
			pe--;
		const char *ps = pe;
		while (ps > qual && !strchr("./:", ps[-1]))
			ps--;
		if (pe > ps)
			eq = cg_strndup(ps, (size_t)(pe - ps));
	}
	const xconst *x = find(t, fam, name, cq && *cq ? cq : NULL);
	const char *value = x ? x->value : NULL;
	if (!x && cq && *cq) {
		/* E.C.name(): "C"; E.C.field or E.C.getX(): its string */
		x = enum_const(t, fam, cq, eq);
		bool nm = strcmp(name, "name()") == 0;
		if (x && x->plain && !nm)
			x = NULL;
		if (x)
			value = nm ? x->name : x->value;
	}
	cg_free(eq);
	if (!x)
		return false;
	out->value = value;
	out->num = value == x->value && x->num;
	out->path = x->path;
	out->line = x->line;
	return true;
}
