/* config_table.c — the project's configuration table (see engine.h): the
 * keys that `.properties` files and Spring `application*.yml` files of the
 * scanned tree set, read once before the workers start. Text only, no
 * parser library: Java properties lines (`key=value`, `key: value`,
 * `key value`, continuation lines, `#`/`!` comments) and YAML block
 * mappings flattened to dotted keys (`crypto:\n  alg: AES` -> `crypto.alg`);
 * YAML lists, flow collections and block scalars are skipped. */
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/util.h"
#include "engine.h"
#include "engine_int.h"

/* Bounds: the table never grows past these, whatever the input. */
#define MAX_ENTRIES 200000
#define MAX_KEY 256
#define MAX_VALUE 1024
#define MAX_YAML_DEPTH 32

struct cg_xconfig {
	cg_xconfig_entry *v;
	size_t n, cap;
	size_t dropped; /* keys past MAX_ENTRIES */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Whether s[0..2) is a common ISO 639-1 language code. */
static bool language_code(const char *s)
{
	static const char codes[] =
	    "ar bg ca cs da de el en es et eu fa fi fr gl he hi hr hu id it "
	    "ja ko lt lv ms nb nl no pl pt ro ru sk sl sr sv th tr uk vi zh ";
	for (const char *c = codes; *c; c += 3)
		if (c[0] == s[0] && c[1] == s[1])
			return true;
	return false;
}

/* A resource bundle of a locale (messages_fr.properties,
 * Strings_pt_BR.properties): translations, no settings. */
static bool locale_bundle(const char *base)
{
	const char *dot = strrchr(base, '.');
	if (!dot)
		return false;
	const char *u = dot;
	while (u > base && u[-1] != '_')
		u--;
	if (u == base || dot - u != 2)
		return false;
	bool country = u[0] >= 'A' && u[0] <= 'Z' && u[1] >= 'A' && u[1] <= 'Z';
	if (country) { /* _pt_BR: the language before it */
		const char *l = u - 1;
		const char *ls = l;
		while (ls > base && ls[-1] != '_')
			ls--;
		return ls > base && l - ls == 2 && language_code(ls);
	}
	return language_code(u);
}

bool cg_xconfig_wants(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (ends_with(base, ".properties"))
		return !locale_bundle(base);
	/* Spring Boot: application.yml, application-<profile>.yml,
	 * bootstrap.yml */
	bool spring = strncmp(base, "application", 11) == 0 ||
	              strncmp(base, "bootstrap", 9) == 0;
	return spring && (ends_with(base, ".yml") || ends_with(base, ".yaml"));
}

cg_xconfig *cg_xconfig_new(void)
{
	return cg_calloc(1, sizeof(cg_xconfig));
}

void cg_xconfig_free(cg_xconfig *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		cg_free(t->v[i].key);
		cg_free(t->v[i].value);
		cg_free(t->v[i].path);
	}
	cg_free(t->v);
	cg_free(t);
}

/* Add key = value (both taken) at path:line; an empty key or value, or
 * one over the bounds, is dropped. */
static void put(cg_xconfig *t, char *key, char *value, const char *path,
                uint32_t line)
{
	t->dropped += t->n >= MAX_ENTRIES;
	if (!key[0] || !value[0] || strlen(key) > MAX_KEY ||
	    strlen(value) > MAX_VALUE || t->n >= MAX_ENTRIES) {
		cg_free(key);
		cg_free(value);
		return;
	}
	cg_reserve(t->v, t->cap, cg_array__add(t->n, 1));
	cg_xconfig_entry *e = &t->v[t->n++];
	e->key = key;
	e->value = value;
	e->path = cg_strdup(path);
	e->line = line;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\f';
}

/* b cut to its first n bytes. */
static void cut(cg_buf *b, size_t n)
{
	if (b->ptr && n < b->len) {
		b->len = n;
		b->ptr[n] = '\0';
	}
}

/* Trailing blanks and a CR removed from b. */
static void rtrim(cg_buf *b)
{
	size_t n = b->len;
	while (n && (blank(b->ptr[n - 1]) || b->ptr[n - 1] == '\r'))
		n--;
	cut(b, n);
}

/* One logical line of a .properties file, starting at s[*pos]: the
 * physical lines joined where one ends with an odd number of
 * backslashes (the continuation's leading blanks dropped). Escapes other
 * than the line ends are kept for the key/value split. */
static void logical_line(cg_buf *out, const char *s, size_t len, size_t *pos,
                         uint32_t *lines)
{
	size_t i = *pos;
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != '\n')
			e++;
		size_t end = e;
		if (end > i && s[end - 1] == '\r')
			end--;
		size_t bs = 0;
		while (bs < end - i && s[end - 1 - bs] == '\\')
			bs++;
		bool cont = (bs % 2) == 1 && e < len;
		cg_buf_put(out, s + i, cont ? end - i - 1 : end - i);
		(*lines)++;
		i = e < len ? e + 1 : e;
		if (!cont)
			break;
		while (i < len && blank(s[i]))
			i++;
	}
	*pos = i;
}

/* Unescape a properties key or value: \t \n \r \f, \uXXXX (ASCII only;
 * others dropped), any other \c -> c. */
static char *unescape(const char *s, size_t n)
{
	cg_buf b = CG_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			cg_buf_putc(&b, s[i]);
			continue;
		}
		char ch = s[++i];
		if (ch == 'u' && i + 4 < n) {
			char hex[5] = { s[i + 1], s[i + 2], s[i + 3], s[i + 4],
				        0 };
			char *endp = NULL;
			long cp = strtol(hex, &endp, 16);
			if (endp == hex + 4 && cp > 0 && cp < 0x80)
				cg_buf_putc(&b, (char)cp);
			i += 4;
			continue;
		}
		cg_buf_putc(&b, ch == 't'   ? '\t'
		                : ch == 'n' ? '\n'
		                : ch == 'r' ? '\r'
		                : ch == 'f' ? '\f'
		                            : ch);
	}
	return cg_buf_detach(&b);
}

static void add_properties(cg_xconfig *t, const char *path, const char *s,
                           size_t len)
{
	size_t pos = 0;
	uint32_t lines = 0;
	while (pos < len) {
		uint32_t at = lines + 1;
		cg_buf l = CG_BUF_INIT;
		logical_line(&l, s, len, &pos, &lines);
		rtrim(&l);
		const char *p = cg_buf_cstr(&l);
		size_t n = l.len, i = 0;
		while (i < n && blank(p[i]))
			i++;
		if (i == n || p[i] == '#' || p[i] == '!') {
			cg_buf_dispose(&l);
			continue;
		}
		size_t k = i;
		while (k < n && p[k] != '=' && p[k] != ':' && !blank(p[k])) {
			if (p[k] == '\\')
				k++;
			k++;
		}
		if (k > n)
			k = n;
		size_t v = k;
		while (v < n && blank(p[v]))
			v++;
		if (v < n && (p[v] == '=' || p[v] == ':'))
			v++;
		while (v < n && blank(p[v]))
			v++;
		put(t, unescape(p + i, k - i), unescape(p + v, n - v), path,
		    at);
		cg_buf_dispose(&l);
	}
}

/* A YAML scalar (s[0..n)) without quotes and a trailing comment; NULL
 * when it is not a plain value (a list, a flow collection, a block
 * scalar, an anchor or alias, or nothing). */
static char *yaml_scalar(const char *s, size_t n)
{
	while (n && blank(s[0])) {
		s++;
		n--;
	}
	if (!n || strchr("[{|>&*!-", s[0]))
		return NULL;
	if (s[0] == '"' || s[0] == '\'') {
		const char *e = memchr(s + 1, s[0], n - 1);
		return e ? cg_strndup(s + 1, (size_t)(e - s - 1)) : NULL;
	}
	for (size_t i = 1; i < n; i++)
		if (s[i] == '#' && blank(s[i - 1])) {
			n = i;
			break;
		}
	while (n && blank(s[n - 1]))
		n--;
	return n ? cg_strndup(s, n) : NULL;
}

static void add_yaml(cg_xconfig *t, const char *path, const char *s, size_t len)
{
	/* the open mappings: indentation and the key prefix of each */
	size_t indent[MAX_YAML_DEPTH];
	size_t plen[MAX_YAML_DEPTH];
	size_t depth = 0;
	cg_buf prefix = CG_BUF_INIT;
	uint32_t line = 0;
	size_t skip_below = (size_t)-1; /* inside a block scalar or list */
	for (size_t pos = 0; pos < len;) {
		size_t e = pos;
		while (e < len && s[e] != '\n')
			e++;
		const char *l = s + pos;
		size_t n = e - pos;
		pos = e < len ? e + 1 : e;
		line++;
		if (n && l[n - 1] == '\r')
			n--;
		size_t ind = 0;
		while (ind < n && l[ind] == ' ')
			ind++;
		if (ind == n || l[ind] == '#')
			continue;
		if (ind == 0 && n >= 3 && strncmp(l, "---", 3) == 0) {
			depth = 0; /* a new document */
			cut(&prefix, 0);
			skip_below = (size_t)-1;
			continue;
		}
		if (skip_below != (size_t)-1 && ind > skip_below)
			continue;
		skip_below = (size_t)-1;
		while (depth && indent[depth - 1] >= ind)
			depth--;
		cut(&prefix, depth ? plen[depth - 1] : 0);
		if (l[ind] == '-') {
			skip_below = ind; /* a list: not flattened */
			continue;
		}
		/* key: the text up to ": " or a ':' at the end */
		size_t k = ind, colon = n;
		char quote = (l[k] == '"' || l[k] == '\'') ? l[k] : 0;
		if (quote) {
			const char *q = memchr(l + k + 1, quote, n - k - 1);
			if (!q)
				continue;
			k = (size_t)(q - l) + 1;
		}
		for (; k < n; k++)
			if (l[k] == ':' && (k + 1 == n || blank(l[k + 1]))) {
				colon = k;
				break;
			}
		if (colon == n)
			continue;
		size_t ks = ind + (quote ? 1 : 0);
		size_t ke = colon - (quote ? 1 : 0);
		while (ke > ks && blank(l[ke - 1]))
			ke--;
		if (ke <= ks)
			continue;
		size_t base = prefix.len;
		if (base)
			cg_buf_putc(&prefix, '.');
		cg_buf_put(&prefix, l + ks, ke - ks);
		const char *rest = l + colon + 1;
		size_t rn = n - colon - 1;
		size_t r0 = 0;
		while (r0 < rn && blank(rest[r0]))
			r0++;
		if (r0 == rn || rest[r0] == '#') {
			/* a nested mapping (or a list) follows */
			if (depth < MAX_YAML_DEPTH) {
				indent[depth] = ind;
				plen[depth] = prefix.len;
				depth++;
			} else {
				skip_below = ind;
			}
			continue;
		}
		if (rest[r0] == '|' || rest[r0] == '>')
			skip_below = ind;
		char *val = yaml_scalar(rest, rn);
		if (val)
			put(t, cg_strdup(cg_buf_cstr(&prefix)), val, path,
			    line);
		cut(&prefix, base);
	}
	cg_buf_dispose(&prefix);
}

void cg_xconfig_add(cg_xconfig *t, const char *path, const char *src,
                    size_t len)
{
	if (!src || !cg_xconfig_wants(path))
		return;
	if (ends_with(path, ".properties"))
		add_properties(t, path, src, len);
	else
		add_yaml(t, path, src, len);
}

static int cmp_entry(const void *pa, const void *pb)
{
	const cg_xconfig_entry *a = pa, *b = pb;
	int r = strcmp(a->key, b->key);
	if (!r)
		r = strcmp(a->path, b->path);
	if (!r)
		r = a->line < b->line ? -1 : a->line > b->line;
	return r;
}

void cg_xconfig_seal(cg_xconfig *t, char out[65])
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(cg_xconfig_entry), cmp_entry);
	cg_buf all = CG_BUF_INIT;
	for (size_t i = 0; i < t->n; i++)
		cg_buf_printf(&all, "%s\x1f%s\x1f%s\x1f%u\x1e", t->v[i].key,
		              t->v[i].value, t->v[i].path, t->v[i].line);
	cg_sha256_hex(out, all.len ? cg_buf_cstr(&all) : "", all.len);
	cg_buf_dispose(&all);
}

size_t cg_xconfig_dropped(const cg_xconfig *t)
{
	return t ? t->dropped : 0;
}

size_t cg_engine__xconfig_find(const cg_xconfig *t, const char *key,
                               const cg_xconfig_entry **out)
{
	*out = NULL;
	if (!t || !t->n || !key || !key[0])
		return 0;
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(t->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < t->n && strcmp(t->v[lo + n].key, key) == 0)
		n++;
	if (n)
		*out = &t->v[lo];
	return n;
}
