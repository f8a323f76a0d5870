/* walk.c — see walk.h. */
#define _GNU_SOURCE
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/array.h"
#include "../util/util.h"

#define HEAD_BYTES 8192

const char *cg_walk_status_name(cg_walk_status s)
{
	switch (s) {
	case CG_WALK_SCAN:
		return "scan";
	case CG_WALK_TOO_LARGE:
		return "too-large";
	case CG_WALK_BINARY:
		return "binary";
	case CG_WALK_SYMLINK:
		return "symlink";
	case CG_WALK_UNREADABLE:
		return "unreadable";
	case CG_WALK_SPECIAL:
		return "special";
	case CG_WALK_SUBMODULE:
		return "submodule";
	case CG_WALK_LFS:
		return "lfs-pointer";
	}
	return "unknown";
}

cg_walk_entry *cg_walk_push(cg_walk *w)
{
	cg_walk_entry *e = cg_array_push_zero(w);
	e->context = "product";
	return e;
}

static cg_walk_entry *push(cg_walk *w, const char *rel)
{
	cg_walk_entry *e = cg_walk_push(w);
	e->context = cg_walk_context(rel);
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const cg_walk_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return (int)y->base_side - (int)x->base_side;
}

void cg_walk_sort(cg_walk *w)
{
	if (w->len > 1)
		qsort(w->items, w->len, sizeof(cg_walk_entry), cmp_entry);
}

void cg_walk_sort_unique(cg_walk *w)
{
	cg_walk_sort(w);
	size_t k = 0;
	for (size_t i = 0; i < w->len; i++) {
		cg_walk_entry *e = &w->items[i];
		if (k && strcmp(w->items[k - 1].path, e->path) == 0 &&
		    w->items[k - 1].base_side == e->base_side) {
			cg_strv_push_owned(
			    &w->notes,
			    cg_sprintf("%s: listed twice in the tree; the "
			               "second entry is skipped",
			               e->path));
			cg_free(e->path);
			cg_free(e->abspath);
			cg_free(e->reason);
			cg_free(e->old_path);
			continue;
		}
		if (k != i)
			w->items[k] = *e;
		k++;
	}
	w->len = k;
}

/* ---- context ------------------------------------------------------------ */

static bool in_list(const char *s, size_t n, const char *const *list)
{
	for (const char *const *l = list; *l; l++)
		if (strlen(*l) == n && strncmp(*l, s, n) == 0)
			return true;
	return false;
}

const char *cg_walk_context(const char *path)
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

const char *cg_walk_foreign_language(const char *path)
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

bool cg_walk_generated_text(const char *head, size_t n)
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

struct cg_walk_ignore {
	ignore_pat *pats;
	size_t len, cap;
};

cg_walk_ignore *cg_walk_ignore_new(void)
{
	return cg_calloc(1, sizeof(cg_walk_ignore));
}

void cg_walk_ignore_free(cg_walk_ignore *ig)
{
	if (!ig)
		return;
	for (size_t i = 0; i < ig->len; i++)
		cg_free(ig->pats[i].glob);
	cg_free(ig->pats);
	cg_free(ig);
}

/* Append a copy of p. */
static void push_pat(cg_walk_ignore *ig, const ignore_pat *p)
{
	cg_reserve(ig->pats, ig->cap, cg_array__add(ig->len, 1));
	ig->pats[ig->len] = *p;
	ig->pats[ig->len].glob = cg_strdup(p->glob);
	ig->len++;
}

void cg_walk_ignore_add(cg_walk_ignore *ig, const char *pattern)
{
	size_t n = strlen(pattern);
	while (n && (pattern[n - 1] == '\r' || pattern[n - 1] == ' ' ||
	             pattern[n - 1] == '\t'))
		n--;
	if (!n || pattern[0] == '#')
		return;
	char *copy = cg_strndup(pattern, n);
	bool invalid = cg_walk_glob_check(copy) != NULL;
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

void cg_walk_ignore_add_all(cg_walk_ignore *ig, const cg_walk_ignore *from)
{
	for (size_t i = 0; from && i < from->len; i++)
		push_pat(ig, &from->pats[i]);
}

void cg_walk_ignore_add_text(cg_walk_ignore *ig, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		char *line = cg_strndup(text + i, j - i);
		cg_walk_ignore_add(ig, line);
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
 * (patterns are at most CG_WALK_GLOB_MAX bytes). */
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

const char *cg_walk_glob_check(const char *pattern)
{
	if (strlen(pattern) > CG_WALK_GLOB_MAX)
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
static int level_state(const cg_walk_ignore *ig, const char *prefix,
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

bool cg_walk_ignore_match(const cg_walk_ignore *ig, const char *path,
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

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Classify one regular file. */
static void visit_file(cg_walk *w, const char *abs, const char *rel,
                       const struct stat *st, const cg_walk_opts *o)
{
	char head[HEAD_BYTES];
	ssize_t n = -1;
	int fd = open(abs, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	int err = errno;
	struct stat now;
	if (fd >= 0 && (fstat(fd, &now) < 0 || !S_ISREG(now.st_mode))) {
		/* swapped for a FIFO or device since the lstat */
		close(fd);
		fd = -1;
		err = EINVAL;
	}
	if (fd >= 0) {
		n = read(fd, head, sizeof(head));
		err = errno;
		close(fd);
	}
	const cg_lang_pack *lang =
	    cg_lang_detect(rel, n > 0 ? head : NULL, n > 0 ? (size_t)n : 0);
	bool binary = n > 0 && memchr(head, '\0', (size_t)n) != NULL;
	bool large = (uint64_t)st->st_size > o->max_file_size;
	/* certificates, keys, configurations, manifests (binary
	 * DER and PKCS#12 included) go to the material module */
	int mat = lang || !o->classify ? 0
	                               : o->classify(rel, n > 0 ? head : NULL,
	                                             n > 0 ? (size_t)n : 0);
	if (mat)
		binary = false;
	if (!lang && !mat && !binary && !large && n >= 0) {
		w->unsupported++;
		if (cg_walk_foreign_language(rel))
			cg_strv_push(&w->foreign, rel);
		return;
	}
	cg_walk_entry *e = push(w, rel);
	e->path = cg_strdup(rel);
	e->abspath = cg_strdup(abs);
	e->lang = lang;
	e->material = mat;
	if (n > 0 && strcmp(e->context, "vendor") != 0 &&
	    cg_walk_generated_text(head, (size_t)n))
		e->context = "generated";
	e->size = (uint64_t)st->st_size;
	if (n < 0) {
		e->status = CG_WALK_UNREADABLE;
		e->reason = cg_sprintf("cannot read: %s", strerror(err));
	} else if (large) {
		e->status = CG_WALK_TOO_LARGE;
		e->reason = cg_sprintf("%llu bytes, over the %llu-byte cap "
		                       "(--max-file-size)",
		                       (unsigned long long)st->st_size,
		                       (unsigned long long)o->max_file_size);
	} else if (binary) {
		e->status = CG_WALK_BINARY;
		e->reason = cg_strdup("binary (NUL byte in the first 8 KiB)");
	} else {
		e->status = CG_WALK_SCAN;
		w->bytes += (uint64_t)st->st_size;
	}
}

/* Depth-first, entries sorted by name so the order never depends on the
 * file system. Iterative over an explicit stack of directories would be
 * needed for absurd depths; recursion depth is capped instead. */
static int walk_dir(cg_walk *w, const char *abs, const char *rel,
                    const cg_walk_opts *o, int depth)
{
	if (depth > 256)
		return 0;
	DIR *d = opendir(abs);
	if (!d) {
		cg_walk_entry *e = push(w, rel);
		e->path = cg_strdup(*rel ? rel : ".");
		e->abspath = cg_strdup(abs);
		e->status = CG_WALK_UNREADABLE;
		e->reason =
		    cg_sprintf("cannot open directory: %s", strerror(errno));
		return 0;
	}
	cg_strv names = CG_STRV_INIT;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0)
			continue;
		cg_strv_push(&names, de->d_name);
	}
	closedir(d);
	if (names.len > 1)
		qsort(names.items, names.len, sizeof(char *), cmp_name);
	for (size_t i = 0; i < names.len; i++) {
		char *cabs = cg_sprintf("%s/%s", abs, names.items[i]);
		char *crel = *rel ? cg_sprintf("%s/%s", rel, names.items[i])
		                  : cg_strdup(names.items[i]);
		struct stat st;
		if (lstat(cabs, &st) < 0) {
			/* vanished between readdir and lstat: ignore */
		} else if (S_ISLNK(st.st_mode)) {
			const cg_lang_pack *lang =
			    cg_lang_detect(crel, NULL, 0);
			if (cg_walk_ignore_match(o->ignore, crel, false)) {
				w->ignored++;
			} else if (lang) {
				cg_walk_entry *e = push(w, crel);
				e->path = cg_strdup(crel);
				e->abspath = cg_strdup(cabs);
				e->lang = lang;
				e->status = CG_WALK_SYMLINK;
				e->reason = cg_strdup("symbolic link, not "
				                      "followed");
			}
		} else if (S_ISDIR(st.st_mode)) {
			if (cg_walk_ignore_match(o->ignore, crel, true))
				w->ignored++;
			else
				walk_dir(w, cabs, crel, o, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			if (cg_walk_ignore_match(o->ignore, crel, false))
				w->ignored++;
			else
				visit_file(w, cabs, crel, &st, o);
		}
		cg_free(cabs);
		cg_free(crel);
	}
	cg_strv_dispose(&names);
	return 0;
}

int cg_walk_run(cg_walk **out, const char *root, const cg_walk_opts *opts)
{
	cg_walk_opts o = CG_WALK_OPTS_INIT;
	if (opts)
		o = *opts;
	struct stat st;
	if (stat(root, &st) < 0) {
		cg_error_set("%s: %s", root, strerror(errno));
		return errno == ENOENT ? CG_ENOTFOUND : CG_EIO;
	}
	cg_walk *w = cg_calloc(1, sizeof(*w));
	if (S_ISDIR(st.st_mode)) {
		size_t len = strlen(root);
		while (len > 1 && root[len - 1] == '/')
			len--;
		char *r = cg_strndup(root, len);
		/* .cryptagionignore first, then the caller's patterns (which
		 * therefore win) */
		cg_walk_ignore *ig = cg_walk_ignore_new();
		char *ipath = cg_sprintf("%s/.cryptagionignore", r);
		char *itext = NULL;
		size_t ilen = 0;
		if (cg_read_file(&itext, &ilen, ipath, 1u << 20) == 0)
			cg_walk_ignore_add_text(ig, itext, ilen);
		cg_error_clear();
		cg_free(itext);
		cg_free(ipath);
		cg_walk_ignore_add_all(ig, o.ignore);
		o.ignore = ig;
		walk_dir(w, r, "", &o, 0);
		cg_walk_ignore_free(ig);
		cg_free(r);
	} else if (S_ISREG(st.st_mode)) {
		const char *base = strrchr(root, '/');
		visit_file(w, root, base ? base + 1 : root, &st, &o);
	} else {
		cg_error_set("%s: not a directory or regular file", root);
		cg_walk_free(w);
		return CG_ENOTFOUND;
	}
	*out = w;
	return 0;
}

void cg_walk_free(cg_walk *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->len; i++) {
		cg_free(w->items[i].path);
		cg_free(w->items[i].abspath);
		cg_free(w->items[i].reason);
		cg_free(w->items[i].old_path);
	}
	cg_free(w->items);
	cg_strv_dispose(&w->notes);
	cg_strv_dispose(&w->foreign);
	cg_free(w);
}
