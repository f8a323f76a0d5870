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

#include "../util/array.h"
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

/* One argument at a call site of the project: what parameter `idx` of a
 * function named `fname` receives there, from a call with argc arguments:
 * a literal (value), or parameter `pidx` of the enclosing function
 * `from` (resolved at seal time through that function's own call
 * sites). */
typedef struct {
	char *fname;
	int idx, argc;
	char *value; /* literal text, or NULL for a parameter */
	bool num;
	char *from; /* enclosing function, for a parameter */
	int pidx;
	char *sym;  /* a symbol argument (`KEY_BITS`, `Config.ALG`), until
	               resolved to value at seal time */
	char *stem; /* the calling file's name without extension */
	const char *family;
	size_t srcfile; /* the file of the literal call site */
	uint32_t line;  /* its line */
	bool local;     /* the calling file defines a function fname too */
	size_t file;    /* the calling file (cg_xconsts.files) */
	size_t deffile; /* the file of the definition it reaches */
} xcall;

/* A file with function definitions or calls: the words of its import
 * lines (`import`, `from`, `#include`, `use`, `require(...)`, Go import
 * blocks), sorted, to link a call to the definitions it can reach. */
typedef struct {
	char *path;
	char *dir; /* directory of the file */
	char *stem;
	char **words;
	size_t nwords;
} xfile;

/* A function definition: its name and file. */
typedef struct {
	char *fname;
	const char *family;
	size_t file;
} xdef;

struct cg_xconsts {
	xconst *v;
	size_t n, cap;
	xcall *c; /* call-site summaries, sorted by (fname, idx) */
	size_t nc, capc;
	pcre2_code *func_re[16];
	pcre2_code *call_re;
	pcre2_code *import_re;
	xfile *files;
	size_t nfiles, capfiles;
	xdef *defs;
	size_t ndefs, capdefs;
	size_t *byname; /* file indices sorted by path (seal) */
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
	for (size_t i = 0; i < t->nc; i++) {
		cg_free(t->c[i].fname);
		cg_free(t->c[i].value);
		cg_free(t->c[i].from);
		cg_free(t->c[i].sym);
		cg_free(t->c[i].stem);
	}
	cg_free(t->c);
	for (size_t i = 0; i < t->nfiles; i++) {
		cg_free(t->files[i].path);
		cg_free(t->files[i].dir);
		cg_free(t->files[i].stem);
		for (size_t k = 0; k < t->files[i].nwords; k++)
			cg_free(t->files[i].words[k]);
		cg_free(t->files[i].words);
	}
	cg_free(t->files);
	cg_free(t->byname);
	for (size_t i = 0; i < t->ndefs; i++)
		cg_free(t->defs[i].fname);
	cg_free(t->defs);
	pcre2_code_free(t->import_re);
	for (size_t i = 0; i < t->npacks; i++) {
		pcre2_code_free(t->re[i]);
		pcre2_code_free(t->scope_re[i]);
		pcre2_code_free(t->func_re[i]);
	}
	pcre2_code_free(t->call_re);
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
	t->func_re[t->npacks] = compile(pack->xfunc_pattern);
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
		cg_reserve(s, cap, cg_array__add(*n, 1));
		s[*n].off = ov[0];
		s[(*n)++].name = name;
	}
	return s;
}

/* ---- call-site summaries ------------------------------------------- */

#define MAX_PARAMS 16
#define MAX_DEFS 65536
#define MAX_ARG_VALUES 8 /* values one parameter takes across the project */
/* any call: the callee's last name and its arguments on one line */
#define CALL_PATTERN \
	"(?<callee>[A-Za-z_$][\\w$]*)[ \\t]*\\((?<args>[^()\\n]*)\\)"

typedef struct {
	size_t at; /* offset of the function's name */
	char *name;
	char *params[MAX_PARAMS];
	int np;
} fdef;

static bool ident_start(char ch)
{
	return ch == '_' || ch == '$' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

static bool ident_char(char ch)
{
	return ident_start(ch) || (ch >= '0' && ch <= '9');
}

static bool keyword(const char *s, size_t n)
{
	static const char *const kw[] = {
		"if",     "for",      "while",        "switch",     "catch",
		"return", "sizeof",   "elif",         "and",        "or",
		"not",    "function", "def",          "new",        "typeof",
		"await",  "assert",   "synchronized", "super",      "this",
		"in",     "with",     "lambda",       "match",      "print",
		"throw",  "yield",    "else",         "instanceof", NULL
	};
	for (const char *const *k = kw; *k; k++)
		if (strlen(*k) == n && memcmp(*k, s, n) == 0)
			return true;
	return false;
}

/* The name of one parameter declaration (text s[0..n)): its first
 * identifier, or its last when the type comes first (Java, C); "" for
 * none. A default (`= ...`) is ignored. */
static char *param_name(const char *s, size_t n, bool last)
{
	const char *eq = memchr(s, '=', n);
	if (eq)
		n = (size_t)(eq - s);
	const char *best = NULL;
	size_t blen = 0;
	for (size_t i = 0; i < n;) {
		if (ident_start(s[i])) {
			size_t j = i;
			while (j < n && ident_char(s[j]))
				j++;
			bool skip =
			    (j - i == 3 && memcmp(s + i, "mut", 3) == 0) ||
			    (i > 0 && s[i - 1] == '@');
			if (!skip) {
				best = s + i;
				blen = j - i;
				if (!last)
					break;
			}
			i = j;
		} else if (!last && s[i] == ':') {
			break; /* a type annotation follows */
		} else {
			i++;
		}
	}
	return best ? cg_strndup(best, blen) : cg_strdup("");
}

static bool is_self_name(const char *s)
{
	return strcmp(s, "self") == 0 || strcmp(s, "cls") == 0;
}

/* The function definitions of src (pack's xfunc_pattern), in order. */
static fdef *collect_defs(cg_xconsts *t, pcre2_code *re, const cg_lang_pack *p,
                          const char *src, size_t len, size_t *n)
{
	fdef *d = NULL;
	size_t cap = 0, off = 0;
	*n = 0;
	while (off < len && *n < MAX_DEFS &&
	       pcre2_match(re, (PCRE2_SPTR)src, len, off, 0, t->md, NULL) > 0) {
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->md);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		char *name = group(t->md, "fname");
		if (!name || keyword(name, strlen(name))) {
			cg_free(name);
			continue;
		}
		char *params = group(t->md, "params");
		cg_reserve(d, cap, cg_array__add(*n, 1));
		fdef *f = &d[(*n)++];
		memset(f, 0, sizeof(*f));
		f->name = name;
		/* the name's offset: the first occurrence in the match */
		size_t nl = strlen(name);
		f->at = ov[0];
		for (size_t k = ov[0]; k + nl <= ov[1]; k++)
			if (memcmp(src + k, name, nl) == 0 &&
			    (k == 0 || !ident_char(src[k - 1])) &&
			    (k + nl >= len || !ident_char(src[k + nl]))) {
				f->at = k;
				break;
			}
		const char *ps = params ? params : "";
		while (*ps && f->np < MAX_PARAMS) {
			const char *e = strchr(ps, ',');
			size_t pl = e ? (size_t)(e - ps) : strlen(ps);
			char *pn = param_name(ps, pl, p->xparam_last);
			/* the receiver is not an argument at call sites */
			if (f->np == 0 && is_self_name(pn))
				cg_free(pn);
			else
				f->params[f->np++] = pn;
			ps = e ? e + 1 : ps + pl;
		}
		cg_free(params);
	}
	return d;
}

/* Whether s[0..n) names a constant: a qualified name (`Q.A`, `q::A`) or
 * an upper-case one (`KEY_BITS`); a lower-case name is more likely a
 * local variable of the caller. */
static bool symbol_text(const char *s, size_t n)
{
	if (!n || !ident_start(s[0]))
		return false;
	bool qualified = false, lower = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' || s[i] == ':')
			qualified = true;
		else if (!ident_char(s[i]))
			return false;
		else if (s[i] >= 'a' && s[i] <= 'z')
			lower = true;
	}
	return qualified || !lower;
}

static xcall *push_call(cg_xconsts *t)
{
	cg_reserve(t->c, t->capc, cg_array__add(t->nc, 1));
	xcall *x = &t->c[t->nc++];
	memset(x, 0, sizeof(*x));
	return x;
}

#define IMPORT_PATTERN                                                   \
	"^[ \\t]*(?:import|from|#[ \\t]*include|use|package)\\b[^\\n]*|" \
	"\\brequire[ \\t]*\\([^)\\n]*\\)|^[ \\t]*(?:[A-Za-z_]\\w*[ "     \
	"\\t]+)?\"[^\"\\n]*\""                                           \
	"[ \\t]*$"

static int cmp_pstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Record file `path` (its import words) and return its index. */
static size_t add_file(cg_xconsts *t, const char *path, const char *src,
                       size_t len)
{
	if (!t->import_re)
		t->import_re = compile(IMPORT_PATTERN);
	cg_reserve(t->files, t->capfiles, cg_array__add(t->nfiles, 1));
	xfile *f = &t->files[t->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = cg_strdup(path);
	const char *base = strrchr(path, '/');
	f->dir = cg_strndup(path, base ? (size_t)(base - path) : 0);
	base = base ? base + 1 : path;
	const char *dot = strchr(base, '.');
	f->stem = cg_strndup(base, dot ? (size_t)(dot - base) : strlen(base));
	size_t cap = 0, off = 0;
	while (t->import_re && off < len &&
	       pcre2_match(t->import_re, (PCRE2_SPTR)src, len, off, 0, t->md,
	                   NULL) > 0) {
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->md);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		for (size_t i = ov[0]; i < ov[1];) {
			if (!ident_start(src[i])) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < ov[1] && ident_char(src[j]))
				j++;
			cg_reserve(f->words, cap, cg_array__add(f->nwords, 1));
			f->words[f->nwords++] = cg_strndup(src + i, j - i);
			i = j;
		}
	}
	if (f->nwords > 1)
		qsort(f->words, f->nwords, sizeof(char *), cmp_pstr);
	return t->nfiles++;
}

/* The calls of src whose arguments are literals or parameters of the
 * function around them. */
static void collect_calls(cg_xconsts *t, size_t slot, const cg_lang_pack *pack,
                          const char *path, const char *src, size_t len)
{
	if (!t->func_re[slot])
		return;
	if (!t->call_re)
		t->call_re = compile(CALL_PATTERN);
	if (!t->call_re)
		return;
	size_t nd = 0, di = 0;
	fdef *defs = collect_defs(t, t->func_re[slot], pack, src, len, &nd);
	size_t fi = add_file(t, path, src, len);
	for (size_t k = 0; k < nd; k++) {
		cg_reserve(t->defs, t->capdefs, cg_array__add(t->ndefs, 1));
		t->defs[t->ndefs].fname = cg_strdup(defs[k].name);
		t->defs[t->ndefs].family =
		    pack->rules ? pack->rules : pack->name;
		t->defs[t->ndefs++].file = fi;
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strchr(base, '.');
	const char *fam = pack->rules ? pack->rules : pack->name;
	size_t off = 0, counted = 0;
	uint32_t line = 1;
	while (off < len && pcre2_match(t->call_re, (PCRE2_SPTR)src, len, off,
	                                0, t->md, NULL) > 0) {
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->md);
		size_t at = ov[0];
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		for (; counted < at; counted++)
			line += src[counted] == '\n';
		while (di < nd && defs[di].at <= at)
			di++;
		const fdef *in = di ? &defs[di - 1] : NULL;
		if (in && in->at == at)
			continue; /* the definition itself */
		char *callee = group(t->md, "callee");
		if (!callee || keyword(callee, strlen(callee))) {
			cg_free(callee);
			continue;
		}
		bool local = false;
		for (size_t k = 0; k < nd && !local; k++)
			local = strcmp(defs[k].name, callee) == 0;
		char *args = group(t->md, "args");
		/* split on commas outside quotes */
		const char *a = args ? args : "";
		int argc = 0;
		struct {
			const char *s;
			size_t n;
		} av[MAX_PARAMS];
		bool bad = false;
		while (*a && argc < MAX_PARAMS && !bad) {
			const char *b = a;
			char q = 0;
			while (*b && (q || *b != ',')) {
				if (q && *b == '\\' && b[1])
					b++;
				else if (q && *b == q)
					q = 0;
				else if (!q && (*b == '"' || *b == '\''))
					q = *b;
				b++;
			}
			bad = q != 0;
			av[argc].s = a;
			av[argc++].n = (size_t)(b - a);
			a = *b ? b + 1 : b;
		}
		for (int i = 0; i < argc && !bad; i++) {
			const char *s = av[i].s;
			size_t n = av[i].n;
			while (n && (*s == ' ' || *s == '\t')) {
				s++;
				n--;
			}
			while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			if (!n)
				continue;
			xcall *x = NULL;
			if (n >= 2 && (s[0] == '"' || s[0] == '\'') &&
			    s[n - 1] == s[0] && !memchr(s + 1, s[0], n - 2) &&
			    !memchr(s + 1, '\\', n - 2)) {
				x = push_call(t);
				x->value = cg_strndup(s + 1, n - 2);
			} else if (s[0] >= '0' && s[0] <= '9') {
				size_t k = 0;
				while (k < n && s[k] >= '0' && s[k] <= '9')
					k++;
				if (k == n) {
					x = push_call(t);
					x->value = cg_strndup(s, n);
					x->num = true;
				}
			} else {
				for (int j = 0; in && j < in->np; j++)
					if (strlen(in->params[j]) == n &&
					    memcmp(in->params[j], s, n) == 0) {
						x = push_call(t);
						x->from = cg_strdup(in->name);
						x->pidx = j;
						break;
					}
				if (!x && symbol_text(s, n)) {
					x = push_call(t);
					x->sym = cg_strndup(s, n);
					x->stem = cg_strndup(
					    base, dot ? (size_t)(dot - base)
					              : strlen(base));
				}
			}
			if (!x)
				continue;
			x->fname = cg_strdup(callee);
			x->idx = i;
			x->argc = argc;
			x->local = local;
			x->file = fi;
			x->family = fam;
			x->srcfile = fi;
			x->line = line;
		}
		cg_free(args);
		cg_free(callee);
	}
	for (size_t i = 0; i < nd; i++) {
		cg_free(defs[i].name);
		for (int j = 0; j < defs[i].np; j++)
			cg_free(defs[i].params[j]);
	}
	cg_free(defs);
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
		cg_reserve(t->v, t->cap, cg_array__add(t->n, 1));
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
	collect_calls(t, slot, pack, path, src, len);
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
static bool designates(const xconst *x, const char *fam, const char *qual,
                       const char *outer)
{
	if (strcmp(x->family, fam) != 0 || x->ctor)
		return false;
	/* a member: through its scope, and a module path before the scope
	 * (`pkg.settings.Wheel`) names the member's file or directory */
	if (x->member)
		return qual && x->scope && strcmp(x->scope, qual) == 0 &&
		       (!outer || strcmp(outer, x->stem) == 0 ||
		        strcmp(outer, x->dir) == 0);
	if (!qual)
		return true;
	return strcmp(x->stem, qual) == 0 || strcmp(x->dir, qual) == 0 ||
	       (x->scope && strcmp(x->scope, qual) == 0);
}

/* The one resolved definition of name under qual in family fam, or NULL
 * (none, or definitions with different values). */
static const xconst *find_in(const cg_xconsts *t, const char *fam,
                             const char *name, const char *qual,
                             const char *outer)
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
		if (!x->value || !designates(x, fam, qual, outer))
			continue;
		if (hit &&
		    (hit->num != x->num || strcmp(hit->value, x->value) != 0))
			return NULL; /* ambiguous */
		if (!hit)
			hit = x;
	}
	return hit;
}

static const xconst *find(const cg_xconsts *t, const char *fam,
                          const char *name, const char *qual)
{
	return find_in(t, fam, name, qual, NULL);
}

/* Resolve x's reference: "Q.NAME", "Q::NAME" or "NAME" (the defining
 * file's own definition first). */
static const xconst *follow_ref(const cg_xconsts *t, const char *family,
                                const char *stem, const char *r)
{
	const char *end = r + strlen(r), *p = end;
	while (p > r && !strchr(".:", p[-1]))
		p--;
	if (p == r) {
		const xconst *own = find(t, family, r, stem);
		return own && !own->member ? own : find(t, family, r, NULL);
	}
	const char *q = p;
	while (q > r && strchr(".:", q[-1]))
		q--;
	const char *qs = q;
	while (qs > r && !strchr(".:", qs[-1]))
		qs--;
	char *qual = cg_strndup(qs, (size_t)(q - qs));
	const xconst *hit = find(t, family, p, qual);
	cg_free(qual);
	return hit;
}

static const xconst *follow(const cg_xconsts *t, const xconst *x)
{
	return follow_ref(t, x->family, x->stem, x->ref);
}

static int cmp_xcall(const void *a, const void *b)
{
	const xcall *x = a, *y = b;
	int r = strcmp(x->fname, y->fname);
	if (!r)
		r = (x->idx > y->idx) - (x->idx < y->idx);
	if (!r)
		r = (x->deffile > y->deffile) - (x->deffile < y->deffile);
	if (!r)
		r = strcmp(x->family, y->family);
	if (!r)
		r = (x->value == NULL) - (y->value == NULL);
	if (!r)
		r = cmp_str(x->value, y->value);
	if (!r)
		r = (x->srcfile > y->srcfile) - (x->srcfile < y->srcfile);
	if (!r)
		r = (x->line > y->line) - (x->line < y->line);
	if (!r)
		r = (x->argc > y->argc) - (x->argc < y->argc);
	if (!r)
		r = cmp_str(x->from, y->from);
	return r ? r : (x->pidx > y->pidx) - (x->pidx < y->pidx);
}

/* The first summary of (fname, idx, deffile) among the first n, or n. */
static size_t calls_at(const cg_xconsts *t, size_t n, const char *fname,
                       int idx, size_t deffile)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const xcall *x = &t->c[mid];
		int r = strcmp(x->fname, fname);
		if (!r)
			r = (x->idx > idx) - (x->idx < idx);
		if (!r)
			r = (x->deffile > deffile) - (x->deffile < deffile);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool in_group(const xcall *x, const char *fname, int idx, size_t deffile)
{
	return x->idx == idx && x->deffile == deffile &&
	       strcmp(x->fname, fname) == 0;
}

static void xcall_dispose(xcall *x)
{
	cg_free(x->fname);
	cg_free(x->value);
	cg_free(x->from);
	cg_free(x->sym);
	cg_free(x->stem);
}

/* Sort, and drop a value summary equal to the one before it. */
static void sort_calls(cg_xconsts *t)
{
	if (t->nc > 1)
		qsort(t->c, t->nc, sizeof(xcall), cmp_xcall);
	size_t w = 0;
	for (size_t i = 0; i < t->nc; i++) {
		xcall *x = &t->c[i];
		const xcall *p = w ? &t->c[w - 1] : NULL;
		if (p && x->value && p->value &&
		    in_group(p, x->fname, x->idx, x->deffile) &&
		    strcmp(p->family, x->family) == 0 &&
		    strcmp(p->value, x->value) == 0 &&
		    p->srcfile == x->srcfile && p->line == x->line) {
			xcall_dispose(x);
			continue;
		}
		t->c[w++] = *x;
	}
	t->nc = w;
}

/* Parameters passed on to other functions take the literal values of
 * their own call sites, in rounds (one level of calls per round), each
 * parameter at most MAX_ARG_VALUES values. Within a sorted group (function
 * name, index, definition) the values come before the parameters passed
 * on, so each step is a binary search and at most MAX_ARG_VALUES
 * copies. */
static void resolve_calls(cg_xconsts *t)
{
	size_t last = SIZE_MAX;
	for (int round = 0; round <= MAX_ROUNDS; round++) {
		sort_calls(t);
		if (t->nc == last || round == MAX_ROUNDS)
			break;
		last = t->nc;
		size_t before = t->nc, group = SIZE_MAX, have = 0;
		for (size_t i = 0; i < before; i++) {
			if (t->c[i].value || !t->c[i].from)
				continue;
			/* copy: pushing may move the array */
			xcall r = t->c[i];
			size_t g =
			    calls_at(t, before, r.fname, r.idx, r.deffile);
			if (g != group) {
				group = g;
				have = 0;
				for (size_t k = g; k < i && t->c[k].value; k++)
					have++;
			}
			for (size_t k =
			         calls_at(t, before, r.from, r.pidx, r.file);
			     k < before && have < MAX_ARG_VALUES &&
			     in_group(&t->c[k], r.from, r.pidx, r.file) &&
			     t->c[k].value;
			     k++) {
				const xcall *src = &t->c[k];
				if (strcmp(src->family, r.family) != 0)
					continue;
				char *val = cg_strdup(src->value);
				size_t sf = src->srcfile;
				bool num = src->num;
				uint32_t line = src->line;
				xcall *x = push_call(t);
				x->fname = cg_strdup(r.fname);
				x->idx = r.idx;
				x->argc = r.argc;
				x->local = r.local;
				x->file = r.file;
				x->deffile = r.deffile;
				x->value = val;
				x->num = num;
				x->family = r.family;
				x->srcfile = sf;
				x->line = line;
				have++;
			}
		}
	}
}

typedef struct {
	const char *path;
	size_t i;
} path_at;

static int cmp_path_at(const void *a, const void *b)
{
	return strcmp(((const path_at *)a)->path, ((const path_at *)b)->path);
}

/* t->byname := file indices in order of path. */
static void qsort_r_files(cg_xconsts *t)
{
	path_at *v = cg_calloc(t->nfiles, sizeof(path_at));
	for (size_t i = 0; i < t->nfiles; i++) {
		v[i].path = t->files[i].path;
		v[i].i = i;
	}
	qsort(v, t->nfiles, sizeof(path_at), cmp_path_at);
	for (size_t i = 0; i < t->nfiles; i++)
		t->byname[i] = v[i].i;
	cg_free(v);
}

static int cmp_xdef(const void *a, const void *b)
{
	const xdef *x = a, *y = b;
	int r = strcmp(x->fname, y->fname);
	return r ? r : (x->file > y->file) - (x->file < y->file);
}

static bool has_word(const xfile *f, const char *w)
{
	size_t lo = 0, hi = f->nwords;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(f->words[mid], w);
		if (!r)
			return true;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The last segment of a directory ("a/b/c" -> "c"). */
static const char *last_dir(const char *d)
{
	const char *s = strrchr(d, '/');
	return s ? s + 1 : d;
}

/* Keep only the calls that can reach a definition of their function: one
 * in the same file or directory (a package), or in a file whose name or
 * directory the calling file imports. A call of an unrelated function of
 * the same name elsewhere in the tree gives no value. */
static void link_calls(cg_xconsts *t)
{
	if (t->ndefs > 1)
		qsort(t->defs, t->ndefs, sizeof(xdef), cmp_xdef);
	xcall *old = t->c;
	size_t n = t->nc;
	t->c = NULL;
	t->nc = t->capc = 0;
	for (size_t i = 0; i < n; i++) {
		xcall *x = &old[i];
		const xfile *cf = &t->files[x->file];
		size_t lo = 0, hi = t->ndefs;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(t->defs[mid].fname, x->fname) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t last = SIZE_MAX;
		for (size_t k = lo;
		     k < t->ndefs && strcmp(t->defs[k].fname, x->fname) == 0;
		     k++) {
			const xdef *d = &t->defs[k];
			const xfile *df = &t->files[d->file];
			bool linked =
			    d->file != last &&
			    strcmp(d->family, x->family) == 0 &&
			    (d->file == x->file ||
			     strcmp(df->dir, cf->dir) == 0 ||
			     has_word(cf, df->stem) ||
			     (df->dir[0] && has_word(cf, last_dir(df->dir))));
			if (!linked)
				continue;
			last = d->file;
			xcall *y = push_call(t);
			*y = *x;
			y->fname = cg_strdup(x->fname);
			y->value = x->value ? cg_strdup(x->value) : NULL;
			y->from = x->from ? cg_strdup(x->from) : NULL;
			y->sym = x->sym ? cg_strdup(x->sym) : NULL;
			y->stem = x->stem ? cg_strdup(x->stem) : NULL;

			y->deffile = d->file;
		}
		cg_free(x->fname);
		cg_free(x->value);
		cg_free(x->from);
		cg_free(x->sym);
		cg_free(x->stem);
	}
	cg_free(old);
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
	link_calls(t);
	/* symbol arguments of calls take the symbols' values; then the
	 * parameters passed on */
	for (size_t i = 0; i < t->nc; i++) {
		xcall *x = &t->c[i];
		if (!x->sym)
			continue;
		const xconst *h = follow_ref(t, x->family, x->stem, x->sym);
		if (h && h->value) {
			x->value = cg_strdup(h->value);
			x->num = h->num;
		}
	}
	resolve_calls(t);
	t->byname = t->nfiles ? cg_calloc(t->nfiles, sizeof(size_t)) : NULL;
	for (size_t i = 0; i < t->nfiles; i++)
		t->byname[i] = i;
	if (t->nfiles > 1)
		qsort_r_files(t);
	cg_buf all = CG_BUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		const xconst *x = &t->v[i];
		if (!x->value)
			continue;
		cg_buf_printf(
		    &all,
		    "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f%u\x1e",
		    x->name, x->family, x->stem, x->dir, x->value,
		    x->scope ? x->scope : "", x->member, x->path, x->line);
	}
	for (size_t i = 0; i < t->nc; i++) {
		const xcall *x = &t->c[i];
		if (!x->value)
			continue;
		cg_buf_printf(
		    &all,
		    "%s\x1f%d\x1f%d\x1f%s\x1f%s\x1f%s\x1f%u\x1f%d\x1f%s\x1e",
		    x->fname, x->idx, x->argc, x->family, x->value,
		    t->files[x->srcfile].path, x->line, x->local,
		    t->files[x->deffile].path);
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
	const xconst *x = find_in(t, fam, name, cq && *cq ? cq : NULL, eq);
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

size_t cg_engine__xsym_args(cg_xsym_hit *out, size_t max, const cg_xconsts *t,
                            const cg_lang_pack *p, const char *path,
                            const char *fname, int idx, int arity, bool foreign)
{
	if (!t || !t->nc || !fname || !*fname || !path)
		return 0;
	/* the defining file: files sorted by path at seal time */
	size_t lo = 0, hi = t->nfiles;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(t->files[t->byname[mid]].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->nfiles || strcmp(t->files[t->byname[lo]].path, path) != 0)
		return 0;
	size_t df = t->byname[lo];
	const char *fam = p->rules ? p->rules : p->name;
	size_t n = 0;
	for (size_t k = calls_at(t, t->nc, fname, idx, df);
	     k < t->nc && in_group(&t->c[k], fname, idx, df) && t->c[k].value;
	     k++) {
		const xcall *x = &t->c[k];
		if (x->argc != arity || strcmp(x->family, fam) != 0 ||
		    (foreign && x->local))
			continue;
		bool dup = false;
		for (size_t m = 0; m < n && m < max && !dup; m++)
			dup = strcmp(out[m].value, x->value) == 0;
		if (dup)
			continue;
		if (n < max) {
			out[n].value = x->value;
			out[n].num = x->num;
			out[n].path = t->files[x->srcfile].path;
			out[n].line = x->line;
		}
		n++;
	}
	return n;
}
