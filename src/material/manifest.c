/* manifest.c — dependency manifests and the crypto library table (see
 * material.h and rules/libraries.yaml).
 *
 * Each reader turns a manifest into (ecosystem, name, version spec, line)
 * tuples and hands them to dep(); dep() keeps only the libraries of the
 * table and records each as a `library` material object whose bom-ref is
 * its purl, with the rule-id prefixes it provides and, for an end-of-life
 * or known-vulnerable version, a `vulnerable-library` misuse. The readers
 * are small and tolerant: JSON through jansson, TOML, requirements,
 * go.mod, Gradle, conan and CMake line by line, pom.xml by a scan for
 * <dependency> elements with ${property} resolution from <properties>.
 * What cannot be read becomes the file's note. */
#define _GNU_SOURCE
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../rules/yamlx.h"
#include "../util/array.h"
#include "../util/util.h"
#include "material_int.h"

/* ---- the library table ------------------------------------------------ */

/* Scalar or sequence of scalars at key into v. */
static void yaml_strs(cg_strv *v, yaml_document_t *doc, yaml_node_t *map,
                      const char *key)
{
	yaml_node_t *n = cg_yamlx_get(doc, map, key);
	if (!n)
		return;
	if (n->type == YAML_SCALAR_NODE) {
		cg_strv_push(v, cg_yamlx_str(n));
		return;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		const char *s = cg_yamlx_str(yaml_document_get_node(doc, *it));
		if (s)
			cg_strv_push(v, s);
	}
}

static char *yaml_dup(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	const char *s = cg_yamlx_str(cg_yamlx_get(doc, map, key));
	return s ? cg_strdup(s) : NULL;
}

int cg_material__libs_load(cg_material_ctx *c, const char *path)
{
	FILE *probe = fopen(path, "r");
	if (!probe)
		return 0; /* no table: manifests give no library */
	fclose(probe);
	yaml_document_t doc;
	int error = cg_yamlx_load(&doc, path);
	if (error < 0)
		return error;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	yaml_node_t *libs = root && root->type == YAML_MAPPING_NODE
	                        ? cg_yamlx_get(&doc, root, "libraries")
	                        : NULL;
	if (!libs || libs->type != YAML_SEQUENCE_NODE) {
		cg_error_set("%s: a `libraries` list is required", path);
		yaml_document_delete(&doc);
		return CG_EPARSE;
	}
	size_t n = (size_t)(libs->data.sequence.items.top -
	                    libs->data.sequence.items.start);
	c->libs = cg_calloc(n ? n : 1, sizeof(cg_mat_lib));
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *e = yaml_document_get_node(
		    &doc, libs->data.sequence.items.start[i]);
		if (!e || e->type != YAML_MAPPING_NODE) {
			cg_error_set("%s:%d: a library must be a mapping", path,
			             e ? cg_yamlx_line(e) : 0);
			error = CG_EPARSE;
			break;
		}
		cg_mat_lib *l = &c->libs[c->nlibs++];
		yaml_strs(&l->ecosystems, &doc, e, "ecosystem");
		yaml_strs(&l->names, &doc, e, "names");
		yaml_strs(&l->rule_prefixes, &doc, e, "rules");
		if (!l->ecosystems.len || !l->names.len) {
			cg_error_set("%s:%d: a library needs `ecosystem` and "
			             "`names`",
			             path, cg_yamlx_line(e));
			error = CG_EPARSE;
			break;
		}
		yaml_node_t *w = cg_yamlx_get(&doc, e, "weak");
		if (!w || w->type != YAML_SEQUENCE_NODE)
			continue;
		size_t nw = (size_t)(w->data.sequence.items.top -
		                     w->data.sequence.items.start);
		l->weak = cg_calloc(nw ? nw : 1, sizeof(cg_mat_weak));
		for (size_t k = 0; k < nw; k++) {
			yaml_node_t *we = yaml_document_get_node(
			    &doc, w->data.sequence.items.start[k]);
			if (!we || we->type != YAML_MAPPING_NODE)
				continue;
			cg_mat_weak *x = &l->weak[l->nweak++];
			const char *all =
			    cg_yamlx_str(cg_yamlx_get(&doc, we, "all"));
			x->all = all && strcmp(all, "true") == 0;
			x->below = yaml_dup(&doc, we, "below");
			yaml_strs(&x->versions, &doc, we, "versions");
			x->reason = yaml_dup(&doc, we, "reason");
			if (!x->reason) {
				cg_error_set("%s:%d: a weak entry needs a "
				             "`reason`",
				             path, cg_yamlx_line(we));
				error = CG_EPARSE;
			}
		}
	}
	yaml_document_delete(&doc);
	return error;
}

void cg_material__libs_free(cg_material_ctx *c)
{
	for (size_t i = 0; i < c->nlibs; i++) {
		cg_mat_lib *l = &c->libs[i];
		cg_strv_dispose(&l->ecosystems);
		cg_strv_dispose(&l->names);
		cg_strv_dispose(&l->rule_prefixes);
		for (size_t k = 0; k < l->nweak; k++) {
			cg_free(l->weak[k].below);
			cg_strv_dispose(&l->weak[k].versions);
			cg_free(l->weak[k].reason);
		}
		cg_free(l->weak);
	}
	cg_free(c->libs);
	c->libs = NULL;
	c->nlibs = 0;
}

/* ---- versions ---------------------------------------------------------- */

/* Compare dotted versions: numeric runs as numbers, other bytes as bytes,
 * a missing part as 0 ("3.0" == "3.0.0"); a leading v is ignored. */
static int vercmp(const char *a, const char *b)
{
	if (*a == 'v' || *a == 'V')
		a++;
	if (*b == 'v' || *b == 'V')
		b++;
	while (*a || *b) {
		if (isdigit((unsigned char)*a) || isdigit((unsigned char)*b) ||
		    !*a || !*b) {
			unsigned long long x = 0, y = 0;
			while (isdigit((unsigned char)*a))
				x = x * 10 + (unsigned)(*a++ - '0');
			while (isdigit((unsigned char)*b))
				y = y * 10 + (unsigned)(*b++ - '0');
			if (x != y)
				return x < y ? -1 : 1;
			if (!*a && !*b)
				return 0;
			if (!*a && (*b == '.'))
				b++;
			else if (!*b && (*a == '.'))
				a++;
			else if (!*a || !*b)
				return !*a ? -1 : 1;
			else if (*a == *b)
				a++, b++;
			else
				return (unsigned char)*a < (unsigned char)*b
				           ? -1
				           : 1;
		} else if (*a == *b) {
			a++, b++;
		} else {
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		}
	}
	return 0;
}

/* A pinned version: digits, dots and letters, no operator. */
static bool is_exact(const char *v)
{
	const char *p = v;
	if (*p == 'v')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-+_", *p))
			return false;
	return true;
}

/* The exclusive (or, *incl, inclusive) upper bound a version range
 * allows, into out; false when unbounded or not understood. caret: a bare
 * version means ^version (Cargo). */
static bool range_max(char out[64], bool *incl, const char *spec, bool caret)
{
	*incl = false;
	const char *lt = strchr(spec, '<');
	if (lt) {
		const char *p = lt + 1;
		if (*p == '=') {
			*incl = true;
			p++;
		}
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ,;|");
		if (!n || n >= 64)
			return false;
		memcpy(out, p, n);
		out[n] = '\0';
		return true;
	}
	const char *p = spec;
	while (*p == ' ' || *p == '=')
		p++;
	int kind = 0; /* 1 caret, 2 tilde, 3 compatible (~=) */
	if (p[0] == '^')
		kind = 1, p++;
	else if (p[0] == '~' && p[1] == '=')
		kind = 3, p += 2;
	else if (p[0] == '~')
		kind = 2, p++;
	else if (caret && is_exact(p))
		kind = 1;
	if (!kind)
		return false;
	while (*p == ' ' || *p == 'v')
		p++;
	unsigned long v[3] = { 0, 0, 0 };
	int nparts = 0;
	while (nparts < 3 && isdigit((unsigned char)*p)) {
		v[nparts++] = strtoul(p, (char **)&p, 10);
		if (*p != '.')
			break;
		p++;
	}
	if (!nparts)
		return false;
	if (kind == 1) {
		if (v[0] > 0 || nparts == 1)
			snprintf(out, 64, "%lu.0.0", v[0] + 1);
		else if (v[1] > 0 || nparts == 2)
			snprintf(out, 64, "0.%lu.0", v[1] + 1);
		else
			snprintf(out, 64, "0.0.%lu", v[2] + 1);
	} else if (kind == 2) {
		if (nparts == 1)
			snprintf(out, 64, "%lu.0.0", v[0] + 1);
		else
			snprintf(out, 64, "%lu.%lu.0", v[0], v[1] + 1);
	} else {
		if (nparts <= 2)
			snprintf(out, 64, "%lu.0.0", v[0] + 1);
		else
			snprintf(out, 64, "%lu.%lu.0", v[0], v[1] + 1);
	}
	return true;
}

static bool in_series(const char *v, const char *series)
{
	size_t n = strlen(series);
	if (*v == 'v' && *series != 'v')
		v++;
	return strncmp(v, series, n) == 0 &&
	       (v[n] == '\0' || v[n] == '.' || v[n] == '-');
}

/* The reason a version (exact) or range is flagged, or NULL. */
static const char *flagged(const cg_mat_lib *l, const char *exact,
                           const char *range, bool caret)
{
	for (size_t i = 0; i < l->nweak; i++) {
		const cg_mat_weak *w = &l->weak[i];
		if (w->all)
			return w->reason;
		if (exact) {
			if (w->below && vercmp(exact, w->below) < 0)
				return w->reason;
			for (size_t k = 0; k < w->versions.len; k++)
				if (in_series(exact, w->versions.items[k]))
					return w->reason;
		} else if (range && w->below) {
			char max[64];
			bool incl;
			if (range_max(max, &incl, range, caret)) {
				int c = vercmp(max, w->below);
				if (c < 0 || (c == 0 && !incl))
					return w->reason;
			}
		}
	}
	return NULL;
}

/* ---- the dependency sink ----------------------------------------------- */

/* PEP 503: lower case, runs of -_. as one dash. */
static char *pep503(const char *s)
{
	cg_buf b = { 0 };
	for (; *s; s++) {
		if (strchr("-_.", *s)) {
			while (s[1] && strchr("-_.", s[1]))
				s++;
			cg_buf_putc(&b, '-');
		} else {
			cg_buf_putc(&b, (char)tolower((unsigned char)*s));
		}
	}
	return cg_buf_detach(&b);
}

static bool name_match(const char *pat, const char *name, bool nocase)
{
	size_t n = strlen(pat);
	if (n && pat[n - 1] == '*')
		return nocase ? strncasecmp(pat, name, n - 1) == 0
		              : strncmp(pat, name, n - 1) == 0;
	return nocase ? strcasecmp(pat, name) == 0 : strcmp(pat, name) == 0;
}

static const cg_mat_lib *lookup(const cg_material_ctx *c, const char *eco,
                                const char *name)
{
	bool py = strcmp(eco, "pypi") == 0;
	bool nocase = strcmp(eco, "conan") == 0 || strcmp(eco, "vcpkg") == 0 ||
	              strcmp(eco, "cmake") == 0;
	char *norm = py ? pep503(name) : NULL;
	const cg_mat_lib *hit = NULL;
	for (size_t i = 0; i < c->nlibs && !hit; i++) {
		const cg_mat_lib *l = &c->libs[i];
		if (!cg_strv_contains(&l->ecosystems, eco))
			continue;
		for (size_t k = 0; k < l->names.len && !hit; k++) {
			const char *pat = l->names.items[k];
			char *np = py ? pep503(pat) : NULL;
			if (name_match(np ? np : pat, norm ? norm : name,
			               nocase))
				hit = l;
			cg_free(np);
		}
	}
	cg_free(norm);
	return hit;
}

/* Percent-encode a purl segment ('@' of npm scopes, spaces...). */
static void purl_seg(cg_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (isalnum(ch) || strchr(".-_~", ch))
			cg_buf_putc(b, (char)ch);
		else
			cg_buf_printf(b, "%%%02X", ch);
	}
}

/* The longest package name and version spec recorded (bytes). */
#define MAX_NAME 256
#define MAX_SPEC 256

/* Printable text: no control characters, valid UTF-8. */
static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return cg_utf8_valid(s, n);
}

/* One dependency of the manifest: ecosystem eco, package name (maven:
 * group:artifact), spec (a version or a range, may be NULL or empty),
 * 1-based line. caret: a bare version is a caret range (Cargo.toml);
 * constraint: the spec is a minimum, never a pin (CMake find_package). */
static void dep_ex(cg_mat_file *f, const char *eco, const char *name,
                   const char *spec, uint32_t line, bool caret, bool constraint)
{
	if (!name || !*name)
		return;
	const cg_mat_lib *l = lookup(f->ctx, eco, name);
	if (!l)
		return;
	/* a value the CBOM cannot carry (its bom-ref, the purl, is at most
	 * 1,024 characters) is dropped with a note, never emitted */
	size_t nlen = strlen(name);
	if (nlen > MAX_NAME || !printable(name, nlen)) {
		cg_materials_note(f->mats,
		                  "line %u: a %s dependency name %s: not "
		                  "recorded",
		                  line, eco,
		                  nlen > MAX_NAME ? "over 256 characters"
		                                  : "with control characters");
		return;
	}
	if (spec &&
	    (strlen(spec) > MAX_SPEC || !printable(spec, strlen(spec)))) {
		cg_materials_note(f->mats,
		                  "line %u: the version of %.64s is %s: "
		                  "recorded without a version",
		                  line, name,
		                  strlen(spec) > MAX_SPEC
		                      ? "over 256 characters"
		                      : "not printable text");
		spec = NULL;
	}
	char *sp = NULL;
	if (spec) { /* trim spaces and quotes */
		while (*spec == ' ' || *spec == '"' || *spec == '\'')
			spec++;
		size_t n = strlen(spec);
		while (n && strchr(" \t\r\"'", spec[n - 1]))
			n--;
		sp = cg_strndup(spec, n);
		if (strncmp(sp, "==", 2) == 0 && sp[2] != '=') {
			char *t = cg_strdup(sp + 2 + (sp[2] == ' '));
			cg_free(sp);
			sp = t;
		} else if (sp[0] == '=' && sp[1] != '=') {
			char *t = cg_strdup(sp + 1 + (sp[1] == ' '));
			cg_free(sp);
			sp = t;
		}
		if (!*sp) {
			cg_free(sp);
			sp = NULL;
		}
	}
	const char *exact =
	    sp && !caret && !constraint && is_exact(sp) ? sp : NULL;
	const char *range = sp && !exact ? sp : NULL;

	/* purl: pkg:type/namespace/name@version */
	const char *type = eco;
	if (strcmp(eco, "vcpkg") == 0 || strcmp(eco, "cmake") == 0)
		type = "generic";
	cg_buf b = { 0 };
	cg_buf_printf(&b, "pkg:%s/", type);
	char *group = NULL;
	const char *shown = name;
	char *lname = NULL;
	if (strcmp(eco, "maven") == 0 && strchr(name, ':')) {
		const char *colon = strchr(name, ':');
		group = cg_strndup(name, (size_t)(colon - name));
		shown = colon + 1;
		purl_seg(&b, group);
		cg_buf_putc(&b, '/');
		purl_seg(&b, shown);
	} else if (strcmp(eco, "golang") == 0) {
		cg_buf_puts(&b, name); /* its path segments are the purl's */
	} else if (strcmp(eco, "npm") == 0 && name[0] == '@' &&
	           strchr(name, '/')) {
		const char *slash = strchr(name, '/');
		char *scope = cg_strndup(name, (size_t)(slash - name));
		purl_seg(&b, scope);
		cg_free(scope);
		cg_buf_putc(&b, '/');
		purl_seg(&b, slash + 1);
	} else {
		if (strcmp(eco, "pypi") == 0 || strcmp(type, "generic") == 0 ||
		    strcmp(eco, "conan") == 0) {
			lname = strcmp(eco, "pypi") == 0 ? pep503(name)
			                                 : cg_strdup(name);
			for (char *p = lname; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		}
		purl_seg(&b, lname ? lname : name);
	}
	if (exact) {
		cg_buf_putc(&b, '@');
		purl_seg(&b, exact);
	}
	char *purl = cg_buf_detach(&b);
	cg_mat_obj *o = cg_materials_push(f->mats, "library", purl,
	                                  lname ? lname : shown, line);
	cg_mat_obj_prop(o, "cdx:group", group);
	cg_mat_obj_prop(o, "cdx:version", exact);
	cg_mat_obj_prop(o, "cdx:purl", purl);
	cg_mat_obj_prop(o, "cryptagion:ecosystem", eco);
	cg_mat_obj_prop(o, "cryptagion:versionRange", range);
	for (size_t i = 0; i < l->rule_prefixes.len; i++)
		cg_mat_obj_prop(o, "cryptagion:rulePrefix",
		                l->rule_prefixes.items[i]);
	const char *why = constraint ? NULL : flagged(l, exact, range, caret);
	cg_mat_obj_prop(o, "cryptagion:eol", why ? "true" : "false");
	if (why) {
		cg_mat_obj_prop(o, "cryptagion:eolReason", why);
		char *m = cg_sprintf("%s %s: %s", lname ? lname : name,
		                     exact   ? exact
		                     : range ? range
		                             : "",
		                     why);
		cg_material__misuse(f, "material.library.vulnerable", NULL,
		                    NULL, NULL, line, "vulnerable-library",
		                    "high", m);
		cg_free(m);
	}
	cg_free(purl);
	cg_free(group);
	cg_free(lname);
	cg_free(sp);
}

static void dep(cg_mat_file *f, const char *eco, const char *name,
                const char *spec, uint32_t line)
{
	dep_ex(f, eco, name, spec, line, false, false);
}

/* ---- helpers over the text --------------------------------------------- */

/* Iterate lines: *pos advances; returns a NUL-terminated copy (owned) and
 * sets *line to its number, or NULL at the end. */
typedef struct {
	const char *data;
	size_t len, pos;
	uint32_t line;
} lines;

static char *next_line(lines *it)
{
	if (it->pos >= it->len)
		return NULL;
	const char *s = it->data + it->pos;
	const char *e = memchr(s, '\n', it->len - it->pos);
	size_t n = e ? (size_t)(e - s) : it->len - it->pos;
	it->pos += n + (e != NULL);
	it->line++;
	while (n && s[n - 1] == '\r')
		n--;
	return cg_strndup(s, n);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* The JSON strings of a file, sorted by content then position, with
 * their lines: the line of a key in O(log n) instead of a search from the
 * start for each of 60,000 dependencies. */
typedef struct {
	const char *s; /* content (between the quotes, raw) */
	size_t n;
	uint32_t line;
} qstr;

typedef struct {
	qstr *items;
	size_t len;
} qindex;

static int cmp_qstr(const void *a, const void *b)
{
	const qstr *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return (x->s > y->s) - (x->s < y->s);
}

static void qindex_build(qindex *ix, const char *data, size_t len)
{
	size_t cap = 256;
	ix->items = cg_malloc(cap * sizeof(qstr));
	ix->len = 0;
	uint32_t line = 1;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n') {
			line++;
			continue;
		}
		if (data[i] != '"')
			continue;
		size_t j = i + 1;
		uint32_t at = line;
		while (j < len && data[j] != '"') {
			if (data[j] == '\\' && j + 1 < len)
				j++;
			if (data[j] == '\n')
				line++;
			j++;
		}
		cg_reserve(ix->items, cap, cg_array__add(ix->len, 1));
		ix->items[ix->len++] = (qstr){ data + i + 1, j - i - 1, at };
		i = j;
	}
	if (ix->len > 1)
		qsort(ix->items, ix->len, sizeof(qstr), cmp_qstr);
}

/* 1-based line of the first string whose content is key, or 1. */
static uint32_t qindex_line(const qindex *ix, const char *key)
{
	size_t n = strlen(key), lo = 0, hi = ix->len;
	while (lo < hi) { /* the first item >= key */
		size_t mid = (lo + hi) / 2;
		const qstr *q = &ix->items[mid];
		size_t m = q->n < n ? q->n : n;
		int c = memcmp(q->s, key, m);
		if (!c)
			c = q->n < n ? -1 : 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->len && ix->items[lo].n == n &&
	    memcmp(ix->items[lo].s, key, n) == 0)
		return ix->items[lo].line;
	return 1;
}

/* A quoted TOML/JSON string at s (after spaces) into out (owned); returns
 * the position after it, or NULL. */
static const char *quoted(const char *s, char **out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char q = *s;
	if (q != '"' && q != '\'')
		return NULL;
	const char *e = strchr(s + 1, q);
	if (!e)
		return NULL;
	*out = cg_strndup(s + 1, (size_t)(e - s - 1));
	return e + 1;
}

/* ---- Python ------------------------------------------------------------ */

/* One PEP 508 requirement ("name[extra] >=1.0; marker"). */
static void pep508(cg_mat_file *f, const char *req, uint32_t line)
{
	const char *p = req;
	while (*p == ' ')
		p++;
	size_t n = 0;
	while (p[n] && (isalnum((unsigned char)p[n]) || strchr("-_.", p[n])))
		n++;
	if (!n)
		return;
	char *name = cg_strndup(p, n);
	const char *rest = p + n;
	while (*rest == ' ')
		rest++;
	if (*rest == '[') {
		const char *e = strchr(rest, ']');
		rest = e ? e + 1 : rest + strlen(rest);
	}
	size_t m = strcspn(rest, ";#");
	char *spec = cg_strndup(rest, m);
	if (*trim(spec) != '@') /* a direct URL is no version */
		dep(f, "pypi", name, trim(spec), line);
	cg_free(spec);
	cg_free(name);
}

static void requirements(cg_mat_file *f, const char *data, size_t len)
{
	lines it = { data, len, 0, 0 };
	char *l;
	while ((l = next_line(&it))) {
		char *s = trim(l);
		if (*s && *s != '#' && *s != '-')
			pep508(f, s, it.line);
		cg_free(l);
	}
}

/* Poetry: name = "^1.2" or name = { version = "^1.2", ... }. */
static void poetry_dep(cg_mat_file *f, const char *key, const char *val,
                       uint32_t line, const char *eco, bool caret)
{
	char *v = NULL;
	if (*val == '{') {
		const char *p = strstr(val, "version");
		if (p) {
			p = strchr(p, '=');
			if (p)
				quoted(p + 1, &v);
		}
	} else {
		quoted(val, &v);
	}
	if (strcmp(eco, "pypi") == 0 && strcasecmp(key, "python") == 0) {
		cg_free(v);
		return;
	}
	if (v && *v == '*')
		v[0] = '\0';
	dep_ex(f, eco, key, v, line, caret, false);
	cg_free(v);
}

/* TOML key at the start of s ("name", "'name'" or "\"name\"") into out. */
static const char *toml_key(const char *s, char **out)
{
	if (*s == '"' || *s == '\'')
		return quoted(s, out);
	size_t n = 0;
	while (s[n] && (isalnum((unsigned char)s[n]) || strchr("-_.", s[n])))
		n++;
	if (!n)
		return NULL;
	*out = cg_strndup(s, n);
	return s + n;
}

/* The quoted PEP 508 strings of one line of an array; true when the
 * array closes on this line. */
static bool pep508_array(cg_mat_file *f, const char *s, uint32_t line)
{
	const char *p = s, *n;
	char *q = NULL;
	while ((n = quoted(p, &q))) {
		pep508(f, q, line);
		cg_free(q);
		p = n;
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
	}
	return strchr(p, ']') != NULL;
}

/* pyproject.toml (PEP 621 and Poetry) and Cargo.toml: tables by header,
 * dependency arrays of PEP 508 strings, key = version lines. */
static void toml(cg_mat_file *f, const char *data, size_t len, bool cargo)
{
	lines it = { data, len, 0, 0 };
	char *l;
	char *table = cg_strdup("");
	bool in_array = false;  /* inside a PEP 621 dependency array */
	char *dep_table = NULL; /* Cargo [dependencies.NAME] */
	uint32_t dep_line = 0;
	int bad = 0;
	while ((l = next_line(&it))) {
		char *s = trim(l);
		if (in_array) {
			in_array = !pep508_array(f, s, it.line);
			cg_free(l);
			continue;
		}
		if (!*s || *s == '#') {
			cg_free(l);
			continue;
		}
		if (*s == '[') {
			char *e = strrchr(s, ']');
			if (!e) {
				bad++;
				cg_free(l);
				continue;
			}
			*e = '\0';
			cg_free(table);
			table = cg_strdup(s + (s[1] == '[' ? 2 : 1));
			if (dep_table && cargo)
				dep(f, "cargo", dep_table, NULL, dep_line);
			cg_free(dep_table);
			dep_table = NULL;
			char *dot = strrchr(table, '.');
			if (cargo && dot && strstr(table, "dependencies.")) {
				dep_table = cg_strdup(dot + 1);
				dep_line = it.line;
			}
			cg_free(l);
			continue;
		}
		char *key = NULL;
		const char *p = toml_key(s, &key);
		if (!p) {
			cg_free(l);
			continue;
		}
		while (*p == ' ')
			p++;
		if (*p != '=') { /* a continuation: not ours */
			cg_free(key);
			cg_free(l);
			continue;
		}
		p++;
		while (*p == ' ')
			p++;
		if (cargo) {
			bool deps_table =
			    strcmp(table, "dependencies") == 0 ||
			    strcmp(table, "dev-dependencies") == 0 ||
			    strcmp(table, "build-dependencies") == 0 ||
			    strcmp(table, "workspace.dependencies") == 0 ||
			    (strncmp(table, "target.", 7) == 0 &&
			     strstr(table, "dependencies") && !dep_table);
			if (dep_table && strcmp(key, "version") == 0) {
				char *v = NULL;
				quoted(p, &v);
				dep_ex(f, "cargo", dep_table, v, dep_line, true,
				       false);
				cg_free(v);
				cg_free(dep_table);
				dep_table = NULL;
			} else if (deps_table) {
				poetry_dep(f, key, p, it.line, "cargo", true);
			}
		} else if ((strcmp(table, "project") == 0 &&
		            strcmp(key, "dependencies") == 0) ||
		           strcmp(table, "project.optional-dependencies") ==
		               0 ||
		           strcmp(table, "dependency-groups") == 0) {
			if (*p == '[')
				in_array = !pep508_array(f, p + 1, it.line);
		} else if (strncmp(table, "tool.poetry", 11) == 0 &&
		           strstr(table, "dependencies")) {
			poetry_dep(f, key, p, it.line, "pypi", false);
		}
		cg_free(key);
		cg_free(l);
	}
	if (dep_table && cargo)
		dep(f, "cargo", dep_table, NULL, dep_line);
	cg_free(dep_table);
	cg_free(table);
	if (in_array)
		cg_materials_note(f->mats, "unterminated dependency array");
	if (bad)
		cg_materials_note(f->mats, "%d TOML table header%s not closed",
		                  bad, bad == 1 ? "" : "s");
}

/* Cargo.lock: [[package]] name = "..." version = "...". */
static void cargo_lock(cg_mat_file *f, const char *data, size_t len)
{
	lines it = { data, len, 0, 0 };
	char *l, *name = NULL;
	uint32_t nline = 0;
	while ((l = next_line(&it))) {
		char *s = trim(l);
		char *v = NULL;
		if (strncmp(s, "[[package]]", 11) == 0) {
			cg_free(name);
			name = NULL;
		} else if (strncmp(s, "name", 4) == 0 && strchr(s, '=')) {
			cg_free(name);
			name = NULL;
			quoted(strchr(s, '=') + 1, &name);
			nline = it.line;
		} else if (name && strncmp(s, "version", 7) == 0 &&
		           strchr(s, '=') && quoted(strchr(s, '=') + 1, &v)) {
			dep(f, "cargo", name, v, nline);
			cg_free(v);
			cg_free(name);
			name = NULL;
		}
		cg_free(l);
	}
	cg_free(name);
}

/* ---- JavaScript, vcpkg (JSON) ------------------------------------------ */

static json_t *load_json(cg_mat_file *f, const char *data, size_t len)
{
	json_error_t err;
	json_t *j = json_loadb(data, len, JSON_DECODE_ANY, &err);
	if (!j || !json_is_object(j)) {
		cg_materials_note(
		    f->mats, "malformed JSON manifest (line %d: %s)",
		    j ? 1 : err.line, j ? "not an object" : err.text);
		f->mats->not_analysed = true;
		json_decref(j);
		return NULL;
	}
	return j;
}

static void package_json(cg_mat_file *f, const char *data, size_t len)
{
	json_t *j = load_json(f, data, len);
	if (!j)
		return;
	qindex ix;
	qindex_build(&ix, data, len);
	static const char *const sections[] = { "dependencies",
		                                "devDependencies",
		                                "peerDependencies",
		                                "optionalDependencies", NULL };
	for (const char *const *s = sections; *s; s++) {
		json_t *d = json_object_get(j, *s);
		const char *k;
		json_t *v;
		json_object_foreach(d, k, v)
		{
			dep(f, "npm", k, json_string_value(v),
			    qindex_line(&ix, k));
		}
	}
	cg_free(ix.items);
	json_decref(j);
}

static void package_lock(cg_mat_file *f, const char *data, size_t len)
{
	json_t *j = load_json(f, data, len);
	if (!j)
		return;
	qindex ix;
	qindex_build(&ix, data, len);
	const char *k;
	json_t *v;
	json_t *pk = json_object_get(j, "packages");
	if (pk) { /* lockfile v2/v3 */
		json_object_foreach(pk, k, v)
		{
			const char *nm = strstr(k, "node_modules/");
			if (!nm)
				continue;
			/* the last node_modules/ segment names the package */
			const char *last = nm;
			while ((nm = strstr(last + 13, "node_modules/")))
				last = nm;
			dep(f, "npm", last + 13,
			    json_string_value(json_object_get(v, "version")),
			    qindex_line(&ix, k));
		}
	} else { /* lockfile v1 */
		json_object_foreach(json_object_get(j, "dependencies"), k, v)
		{
			dep(f, "npm", k,
			    json_string_value(json_object_get(v, "version")),
			    qindex_line(&ix, k));
		}
	}
	cg_free(ix.items);
	json_decref(j);
}

static void vcpkg_json(cg_mat_file *f, const char *data, size_t len)
{
	json_t *j = load_json(f, data, len);
	if (!j)
		return;
	qindex ix;
	qindex_build(&ix, data, len);
	/* overrides pin versions */
	json_t *ov = json_object_get(j, "overrides");
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "dependencies"), i, v)
	{
		const char *name =
		    json_is_string(v)
		        ? json_string_value(v)
		        : json_string_value(json_object_get(v, "name"));
		if (!name)
			continue;
		const char *ver = NULL, *min = NULL;
		size_t k;
		json_t *o;
		json_array_foreach(ov, k, o)
		{
			const char *on =
			    json_string_value(json_object_get(o, "name"));
			if (on && strcmp(on, name) == 0)
				ver = json_string_value(
				    json_object_get(o, "version"));
		}
		if (!ver && json_is_object(v))
			min =
			    json_string_value(json_object_get(v, "version>="));
		char *spec = min ? cg_sprintf(">=%s", min) : NULL;
		dep(f, "vcpkg", name, ver ? ver : spec, qindex_line(&ix, name));
		cg_free(spec);
	}
	cg_free(ix.items);
	json_decref(j);
}

/* ---- Go ---------------------------------------------------------------- */

static void go_mod(cg_mat_file *f, const char *data, size_t len)
{
	lines it = { data, len, 0, 0 };
	char *l;
	bool block = false;
	while ((l = next_line(&it))) {
		char *s = trim(l);
		char *c = strstr(s, "//");
		if (c)
			*c = '\0';
		s = trim(s);
		const char *req = NULL;
		if (block) {
			if (*s == ')')
				block = false;
			else
				req = s;
		} else if (strncmp(s, "require", 7) == 0 &&
		           (s[7] == ' ' || s[7] == '\t' || s[7] == '(')) {
			char *r = trim(s + 7);
			if (*r == '(')
				block = true;
			else
				req = r;
		}
		if (req && *req) {
			size_t n = strcspn(req, " \t");
			char *name = cg_strndup(req, n);
			char *ver = cg_strdup(req + n);
			dep(f, "golang", name, trim(ver), it.line);
			cg_free(name);
			cg_free(ver);
		}
		cg_free(l);
	}
	if (block)
		cg_materials_note(f->mats, "unterminated require block");
}

/* ---- Java -------------------------------------------------------------- */

/* The text of <tag>...</tag> inside [s, e), owned, or NULL. */
static char *xml_text(const char *s, const char *e, const char *tag)
{
	char *open = cg_sprintf("<%s>", tag), *close = cg_sprintf("</%s>", tag);
	char *out = NULL;
	const char *a = memmem(s, (size_t)(e - s), open, strlen(open));
	if (a) {
		a += strlen(open);
		const char *b =
		    memmem(a, (size_t)(e - a), close, strlen(close));
		if (b) {
			out = cg_strndup(a, (size_t)(b - a));
			char *t = trim(out);
			memmove(out, t, strlen(t) + 1);
		}
	}
	cg_free(open);
	cg_free(close);
	return out;
}

/* Resolve ${name} from <properties> (one level). */
static char *resolve(const char *v, const char *props, const char *pend)
{
	if (!v || strncmp(v, "${", 2) != 0 || !props)
		return v ? cg_strdup(v) : NULL;
	const char *e = strchr(v, '}');
	if (!e || e[1])
		return cg_strdup(v);
	char *name = cg_strndup(v + 2, (size_t)(e - v - 2));
	char *r = xml_text(props, pend, name);
	cg_free(name);
	return r ? r : cg_strdup(v);
}

static void pom_xml(cg_mat_file *f, const char *data, size_t len)
{
	const char *end = data + len;
	const char *props = memmem(data, len, "<properties>", 12);
	const char *pend =
	    props ? memmem(props, (size_t)(end - props), "</properties>", 13)
	          : NULL;
	if (!pend)
		props = NULL;
	const char *p = data;
	int bad = 0;
	while ((p = memmem(p, (size_t)(end - p), "<dependency>", 12))) {
		const char *q =
		    memmem(p, (size_t)(end - p), "</dependency>", 13);
		if (!q) {
			bad++;
			break;
		}
		char *g = xml_text(p, q, "groupId");
		char *a = xml_text(p, q, "artifactId");
		char *v = xml_text(p, q, "version");
		char *rv = resolve(v, props, pend);
		if (g && a) {
			char *name = cg_sprintf("%s:%s", g, a);
			const char *at =
			    memmem(p, (size_t)(q - p), "<artifactId>", 12);
			uint32_t line = 1;
			for (const char *c = data; c < at; c++)
				line += *c == '\n';
			dep(f, "maven", name,
			    rv && strstr(rv, "${") ? NULL : rv, line);
			cg_free(name);
		} else {
			bad++;
		}
		cg_free(g);
		cg_free(a);
		cg_free(v);
		cg_free(rv);
		p = q + 13;
	}
	if (bad)
		cg_materials_note(f->mats,
		                  "%d <dependency> element%s not understood",
		                  bad, bad == 1 ? "" : "s");
}

/* Gradle: 'group:artifact:version' strings and group:/name:/version:
 * maps, on lines of a dependency configuration. */
static void gradle(cg_mat_file *f, const char *data, size_t len)
{
	lines it = { data, len, 0, 0 };
	char *l;
	while ((l = next_line(&it))) {
		char *s = trim(l);
		const char *p = s;
		char *str = NULL;
		while (*p && (p = strpbrk(p, "\"'"))) {
			const char *n = quoted(p, &str);
			if (!n)
				break;
			/* group:artifact[:version] with a dotted group */
			char *c1 = strchr(str, ':');
			if (c1 && memchr(str, '.', (size_t)(c1 - str)) &&
			    !strchr(str, ' ') && !strchr(str, '/')) {
				char *c2 = strchr(c1 + 1, ':');
				char *name =
				    c2 ? cg_strndup(str, (size_t)(c2 - str))
				       : cg_strdup(str);
				const char *ver = c2 ? c2 + 1 : NULL;
				dep(f, "maven", name,
				    ver && !strchr(ver, '$') ? ver : NULL,
				    it.line);
				cg_free(name);
			}
			cg_free(str);
			str = NULL;
			p = n;
		}
		/* group: 'g', name: 'a', version: 'v' */
		const char *g = strstr(s, "group:"), *a = strstr(s, "name:");
		if (g && a) {
			char *gv = NULL, *av = NULL, *vv = NULL;
			const char *v = strstr(s, "version:");
			quoted(g + 6, &gv);
			quoted(a + 5, &av);
			if (v)
				quoted(v + 8, &vv);
			if (gv && av) {
				char *name = cg_sprintf("%s:%s", gv, av);
				dep(f, "maven", name,
				    vv && !strchr(vv, '$') ? vv : NULL,
				    it.line);
				cg_free(name);
			}
			cg_free(gv);
			cg_free(av);
			cg_free(vv);
		}
		cg_free(l);
	}
}

/* ---- C and C++ --------------------------------------------------------- */

static void conanfile(cg_mat_file *f, const char *data, size_t len)
{
	lines it = { data, len, 0, 0 };
	char *l;
	bool req = false;
	while ((l = next_line(&it))) {
		char *s = trim(l);
		if (*s == '[') {
			req = strncmp(s, "[requires]", 10) == 0;
		} else if (req && *s && *s != '#') {
			s[strcspn(s, "@#")] = '\0';
			char *slash = strchr(s, '/');
			if (slash) {
				*slash = '\0';
				char *v = slash + 1;
				/* [>=1.0 <2] ranges stay ranges */
				if (*v == '[') {
					v++;
					v[strcspn(v, "]")] = '\0';
				}
				dep(f, "conan", trim(s), trim(v), it.line);
			}
		}
		cg_free(l);
	}
}

/* CMake: find_package(NAME [VERSION] ...), case-insensitive. The version
 * is a minimum: recorded as a range, never flagged. */
static void cmake(cg_mat_file *f, const char *data, size_t len)
{
	static const char kw[] = "find_package";
	for (size_t i = 0; i + sizeof(kw) - 1 < len; i++) {
		if (strncasecmp(data + i, kw, sizeof(kw) - 1) != 0)
			continue;
		size_t j = i + sizeof(kw) - 1;
		while (j < len && (data[j] == ' ' || data[j] == '\t'))
			j++;
		if (j >= len || data[j] != '(')
			continue;
		j++;
		while (j < len && isspace((unsigned char)data[j]))
			j++;
		size_t n = 0;
		while (j + n < len && (isalnum((unsigned char)data[j + n]) ||
		                       strchr("-_.", data[j + n])))
			n++;
		char *name = cg_strndup(data + j, n);
		j += n;
		while (j < len && isspace((unsigned char)data[j]))
			j++;
		size_t m = 0;
		while (j + m < len && (isdigit((unsigned char)data[j + m]) ||
		                       data[j + m] == '.'))
			m++;
		char *ver = m ? cg_strndup(data + j, m) : NULL;
		char *spec = ver ? cg_sprintf(">=%s", ver) : NULL;
		uint32_t line = 1;
		for (size_t c = 0; c < i; c++)
			line += data[c] == '\n';
		dep_ex(f, "cmake", name, spec, line, false, true);
		cg_free(spec);
		cg_free(ver);
		cg_free(name);
		i = j;
	}
}

/* ---- dispatch ---------------------------------------------------------- */

void cg_material__manifest(cg_mat_file *f, const char *data, size_t len)
{
	const char *base = strrchr(f->path, '/');
	base = base ? base + 1 : f->path;
	if (strncasecmp(base, "requirements", 12) == 0)
		requirements(f, data, len);
	else if (strcmp(base, "pyproject.toml") == 0)
		toml(f, data, len, false);
	else if (strcmp(base, "Cargo.toml") == 0)
		toml(f, data, len, true);
	else if (strcmp(base, "Cargo.lock") == 0)
		cargo_lock(f, data, len);
	else if (strcmp(base, "package.json") == 0)
		package_json(f, data, len);
	else if (strcmp(base, "package-lock.json") == 0)
		package_lock(f, data, len);
	else if (strcmp(base, "vcpkg.json") == 0)
		vcpkg_json(f, data, len);
	else if (strcmp(base, "go.mod") == 0)
		go_mod(f, data, len);
	else if (strcmp(base, "pom.xml") == 0)
		pom_xml(f, data, len);
	else if (strncmp(base, "build.gradle", 12) == 0)
		gradle(f, data, len);
	else if (strcmp(base, "conanfile.txt") == 0)
		conanfile(f, data, len);
	else
		cmake(f, data, len);
}
