/* filter.c — see filter.h. */
#define _GNU_SOURCE /* memmem */
#include "filter.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/array.h"
#include "../util/util.h"

/* ---- context ------------------------------------------------------------ */

static bool in_list(const char *s, size_t n, const char *const *list)
{
	for (const char *const *l = list; *l; l++)
		if (strlen(*l) == n && strncmp(*l, s, n) == 0)
			return true;
	return false;
}

const char *cg_filter_context(const char *path)
{
	static const char *const vendor[] = { "vendor",
		                              "vendors",
		                              "third_party",
		                              "third-party",
		                              "thirdparty",
		                              "3rdparty",
		                              "node_modules",
		                              "bower_components",
		                              "external",
		                              "extern",
		                              NULL };
	static const char *const test[] = { "test",     "tests",     "testing",
		                            "testdata", "__tests__", "spec",
		                            "specs",    "t",         NULL };
	static const char *const generated_names[] = {
		"package-lock.json", "npm-shrinkwrap.json",
		"yarn.lock",         "pnpm-lock.yaml",
		"Cargo.lock",        "go.sum",
		"poetry.lock",       "Pipfile.lock",
		"composer.lock",     "Gemfile.lock",
		"gradle.lockfile",   "packages.lock.json",
		"uv.lock",           NULL
	};
	static const char *const generated_suffixes[] = {
		"_pb2.py",     "_pb2_grpc.py", "_pb2.pyi", ".pb.go",
		"_grpc.pb.go", ".pb.cc",       ".pb.h",    ".pb.c",
		".pb-c.c",     ".pb-c.h",      NULL
	};
	bool is_test = false;
	const char *p = path;
	for (;;) {
		const char *slash = strchr(p, '/');
		if (!slash)
			break;
		size_t n = (size_t)(slash - p);
		if (in_list(p, n, vendor))
			return "vendor";
		if (in_list(p, n, test))
			is_test = true;
		p = slash + 1;
	}
	/* generated code and lock files, by name */
	size_t plen = strlen(p);
	for (const char *const *g = generated_names; *g; g++)
		if (strcmp(p, *g) == 0)
			return "generated";
	for (const char *const *g = generated_suffixes; *g; g++) {
		size_t n = strlen(*g);
		if (plen > n && strcmp(p + plen - n, *g) == 0)
			return "generated";
	}
	/* the file name: test_x.py, x_test.go, x.test.js, x.spec.ts, XTest.java
	 */
	const char *dot = strrchr(p, '.');
	size_t stem = dot ? (size_t)(dot - p) : strlen(p);
	if (strncmp(p, "test_", 5) == 0 ||
	    (stem > 5 && strncmp(p + stem - 5, "_test", 5) == 0) ||
	    (stem > 5 && strncmp(p + stem - 5, ".test", 5) == 0) ||
	    (stem > 5 && strncmp(p + stem - 5, ".spec", 5) == 0) ||
	    (stem > 4 && strncmp(p + stem - 4, "Test", 4) == 0 && dot &&
	     strcmp(dot, ".java") == 0))
		is_test = true;
	return is_test ? "test" : "product";
}

const char *cg_filter_foreign_language(const char *path)
{
	static const struct {
		const char *ext, *lang;
	} table[] = {
		{ "rb", "Ruby" },
		{ "php", "PHP" },
		{ "cs", "C#" },
		{ "kt", "Kotlin" },
		{ "kts", "Kotlin" },
		{ "swift", "Swift" },
		{ "scala", "Scala" },
		{ "m", "Objective-C" },
		{ "mm", "Objective-C++" },
		{ "pl", "Perl" },
		{ "pm", "Perl" },
		{ "lua", "Lua" },
		{ "dart", "Dart" },
		{ "ex", "Elixir" },
		{ "exs", "Elixir" },
		{ "erl", "Erlang" },
		{ "hs", "Haskell" },
		{ "clj", "Clojure" },
		{ "groovy", "Groovy" },
		{ "vb", "Visual Basic" },
		{ "fs", "F#" },
		{ "r", "R" },
		{ "jl", "Julia" },
		{ "zig", "Zig" },
		{ "nim", "Nim" },
		{ "sh", "Shell" },
		{ "bash", "Shell" },
		{ "ps1", "PowerShell" },
		{ "sol", "Solidity" },
		{ "vue", "Vue" },
		{ "svelte", "Svelte" },
		{ "erb", "Ruby (ERB)" },
		{ "cshtml", "C# (Razor)" },
	};
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return NULL;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcasecmp(dot + 1, table[i].ext) == 0)
			return table[i].lang;
	return NULL;
}

bool cg_filter_generated_text(const char *head, size_t n)
{
	/* Go's convention: a line "// Code generated ... DO NOT EDIT." */
	const char *p = head, *end = head + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t len = (size_t)(le - p);
		const char *cg = memmem(p, len, "Code generated ", 15);
		if (cg && memmem(cg, (size_t)(le - cg), "DO NOT EDIT", 11))
			return true;
		/* Facebook's and others' marker, in a comment near the top */
		if (p - head < 2048 && memmem(p, len, "@generated", 10))
			return true;
		p = nl ? nl + 1 : end;
	}
	return false;
}

/* ---- ignore patterns -------------------------------------------------- */

typedef struct {
	char *glob;    /* the pattern without '!', leading '/', trailing '/' */
	bool negate;   /* '!pattern' */
	bool dir_only; /* 'pattern/' */
	bool anchored; /* contains a '/' (other than trailing): whole path */
} ignore_pat;

struct cg_filter_ignore {
	ignore_pat *pats;
	size_t len, cap;
};

cg_filter_ignore *cg_filter_ignore_new(void)
{
	return cg_calloc(1, sizeof(cg_filter_ignore));
}

void cg_filter_ignore_free(cg_filter_ignore *ig)
{
	if (!ig)
		return;
	for (size_t i = 0; i < ig->len; i++)
		cg_free(ig->pats[i].glob);
	cg_free(ig->pats);
	cg_free(ig);
}

/* Append a copy of p. */
static void push_pat(cg_filter_ignore *ig, const ignore_pat *p)
{
	cg_reserve(ig->pats, ig->cap, cg_array__add(ig->len, 1));
	ig->pats[ig->len] = *p;
	ig->pats[ig->len].glob = cg_strdup(p->glob);
	ig->len++;
}

void cg_filter_ignore_add(cg_filter_ignore *ig, const char *pattern)
{
	size_t n = strlen(pattern);
	while (n && (pattern[n - 1] == '\r' || pattern[n - 1] == ' ' ||
	             pattern[n - 1] == '\t'))
		n--;
	if (!n || pattern[0] == '#')
		return;
	char *copy = cg_strndup(pattern, n);
	bool invalid = cg_filter_glob_check(copy) != NULL;
	cg_free(copy);
	if (invalid) /* never matched (callers check user input first) */
		return;
	ignore_pat p = { 0 };
	const char *s = pattern;
	if (*s == '!') {
		p.negate = true;
		s++;
		n--;
	}
	if (n && s[n - 1] == '/') {
		p.dir_only = true;
		n--;
	}
	if (n && *s == '/') {
		p.anchored = true;
		s++;
		n--;
	}
	if (!n)
		return;
	p.glob = cg_strndup(s, n);
	if (strchr(p.glob, '/'))
		p.anchored = true;
	if (strncmp(p.glob, "**/", 3) == 0 && !strchr(p.glob + 3, '/')) {
		/* '**' + '/name' is the same as an unanchored 'name' */
		memmove(p.glob, p.glob + 3, strlen(p.glob + 3) + 1);
		p.anchored = false;
	}
	push_pat(ig, &p);
	cg_free(p.glob);
}

void cg_filter_ignore_add_all(cg_filter_ignore *ig,
                              const cg_filter_ignore *from)
{
	for (size_t i = 0; from && i < from->len; i++)
		push_pat(ig, &from->pats[i]);
}

void cg_filter_ignore_add_text(cg_filter_ignore *ig, const char *text,
                               size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		char *line = cg_strndup(text + i, j - i);
		cg_filter_ignore_add(ig, line);
		cg_free(line);
		i = j + 1;
	}
}

/* A [...] class at *pp against c; advances *pp past the class. */
static bool match_class(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool neg = *p == '!' || *p == '^';
	if (neg)
		p++;
	bool hit = false;
	bool first = true;
	while (*p && (first || *p != ']')) {
		first = false;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			if (c >= p[0] && c <= p[2])
				hit = true;
			p += 3;
		} else {
			if (c == *p)
				hit = true;
			p++;
		}
	}
	*pp = *p ? p + 1 : p;
	return hit != neg;
}

/* Failed (pattern, subject) positions of one match: every state is
 * tried at most once, so a pattern such as "*a*a*a*a*a*c" costs
 * O(pattern x path) instead of exponential backtracking. */
typedef struct {
	const char *p0, *s0;
	size_t slen1;
	unsigned char *failed;
} glob_memo;

static bool glob_m(glob_memo *m, const char *p, const char *s);

/* Glob match: '*' and '?' stop at '/', '**' crosses it ('** /' may match
 * no directory at all). Depth is bounded by the pattern's length
 * (patterns are at most CG_FILTER_GLOB_MAX bytes). */
static bool glob_body(glob_memo *m, const char *p, const char *s)
{
	while (*p) {
		if (p[0] == '*' && p[1] == '*') {
			const char *rest = p + 2;
			if (*rest == '/') {
				/* '**' + '/': zero or more directories */
				rest++;
				if (glob_m(m, rest, s))
					return true;
				for (const char *t = s; *t; t++)
					if (*t == '/' && glob_m(m, rest, t + 1))
						return true;
				return false;
			}
			for (const char *t = s;; t++) {
				if (glob_m(m, rest, t))
					return true;
				if (!*t)
					return false;
			}
		}
		if (*p == '*') {
			p++;
			for (const char *t = s;; t++) {
				if (glob_m(m, p, t))
					return true;
				if (!*t || *t == '/')
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
		} else if (*p == '[') {
			if (*s == '/' || !match_class(&p, *s))
				return false;
			s++;
			continue;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return false;
		}
		p++;
		s++;
	}
	return *s == '\0';
}

static bool glob_m(glob_memo *m, const char *p, const char *s)
{
	size_t key = (size_t)(p - m->p0) * m->slen1 + (size_t)(s - m->s0);
	unsigned char bit = (unsigned char)(1u << (key & 7));
	if (m->failed[key >> 3] & bit)
		return false;
	bool r = glob_body(m, p, s);
	if (!r)
		m->failed[key >> 3] |= bit;
	return r;
}

static bool glob(const char *p, const char *s)
{
	size_t plen = strlen(p), slen = strlen(s);
	size_t bits = (plen + 1) * (slen + 1);
	unsigned char small[512];
	unsigned char *failed =
	    bits <= sizeof(small) * 8 ? small : cg_malloc(bits / 8 + 1);
	memset(failed, 0,
	       bits <= sizeof(small) * 8 ? sizeof(small) : bits / 8 + 1);
	glob_memo m = { p, s, slen + 1, failed };
	bool r = glob_m(&m, p, s);
	if (failed != small)
		cg_free(failed);
	return r;
}

const char *cg_filter_glob_check(const char *pattern)
{
	if (strlen(pattern) > CG_FILTER_GLOB_MAX)
		return "longer than 4096 bytes";
	for (const char *p = pattern; *p; p++) {
		if (*p == '\\') {
			if (!p[1])
				return "ends with a lone backslash";
			p++;
		} else if (*p == '[') {
			const char *q = p + 1;
			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			while (*q && *q != ']')
				q++;
			if (!*q)
				return "'[' without a closing ']'";
			p = q;
		}
	}
	return NULL;
}

/* The state of one path level under the patterns: -1 no match, 0 kept
 * (negated), 1 ignored. */
static int level_state(const cg_filter_ignore *ig, const char *prefix,
                       const char *base, bool is_dir)
{
	int state = -1;
	for (size_t i = 0; i < ig->len; i++) {
		const ignore_pat *p = &ig->pats[i];
		if (p->dir_only && !is_dir)
			continue;
		if (glob(p->glob, p->anchored ? prefix : base))
			state = p->negate ? 0 : 1;
	}
	return state;
}

bool cg_filter_ignore_match(const cg_filter_ignore *ig, const char *path,
                            bool is_dir)
{
	if (!ig || !ig->len)
		return false;
	char *buf = cg_strdup(path);
	bool ignored = false;
	char *base = buf;
	for (char *p = buf;; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			*p = '\0';
			bool dir = saved == '/' || is_dir;
			if (level_state(ig, buf, base, dir) == 1)
				ignored = true;
			*p = saved;
			if (ignored || !saved)
				break;
			base = p + 1;
		}
	}
	cg_free(buf);
	return ignored;
}
