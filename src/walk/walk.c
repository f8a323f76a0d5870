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

static cg_unit *push(cg_units *w, const char *rel)
{
	cg_unit *e = cg_units_push(w);
	e->context = cg_filter_context(rel);
	return e;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Classify one regular file. */
static void visit_file(cg_units *w, const char *abs, const char *rel,
                       const struct stat *st, const cg_filter_opts *o)
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
		if (cg_filter_foreign_language(rel))
			cg_strv_push(&w->foreign, rel);
		return;
	}
	cg_unit *e = push(w, rel);
	e->path = cg_strdup(rel);
	e->abspath = cg_strdup(abs);
	e->lang = lang;
	e->material = mat;
	if (n > 0 && strcmp(e->context, "vendor") != 0 &&
	    cg_filter_generated_text(head, (size_t)n))
		e->context = "generated";
	e->size = (uint64_t)st->st_size;
	if (n < 0) {
		e->status = CG_UNIT_UNREADABLE;
		e->reason = cg_sprintf("cannot read: %s", strerror(err));
	} else if (large) {
		e->status = CG_UNIT_TOO_LARGE;
		e->reason = cg_sprintf("%llu bytes, over the %llu-byte cap "
		                       "(--max-file-size)",
		                       (unsigned long long)st->st_size,
		                       (unsigned long long)o->max_file_size);
	} else if (binary) {
		e->status = CG_UNIT_BINARY;
		e->reason = cg_strdup("binary (NUL byte in the first 8 KiB)");
	} else {
		e->status = CG_UNIT_SCAN;
		w->bytes += (uint64_t)st->st_size;
	}
}

/* Depth-first, entries sorted by name so the order never depends on the
 * file system. Iterative over an explicit stack of directories would be
 * needed for absurd depths; recursion depth is capped instead. */
static int walk_dir(cg_units *w, const char *abs, const char *rel,
                    const cg_filter_opts *o, int depth)
{
	if (depth > 256)
		return 0;
	DIR *d = opendir(abs);
	if (!d) {
		cg_unit *e = push(w, rel);
		e->path = cg_strdup(*rel ? rel : ".");
		e->abspath = cg_strdup(abs);
		e->status = CG_UNIT_UNREADABLE;
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
			if (cg_filter_ignore_match(o->ignore, crel, false)) {
				w->ignored++;
			} else if (lang) {
				cg_unit *e = push(w, crel);
				e->path = cg_strdup(crel);
				e->abspath = cg_strdup(cabs);
				e->lang = lang;
				e->status = CG_UNIT_SYMLINK;
				e->reason = cg_strdup("symbolic link, not "
				                      "followed");
			}
		} else if (S_ISDIR(st.st_mode)) {
			if (cg_filter_ignore_match(o->ignore, crel, true))
				w->ignored++;
			else
				walk_dir(w, cabs, crel, o, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			if (cg_filter_ignore_match(o->ignore, crel, false))
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

int cg_walk_run(cg_units **out, const char *root, const cg_filter_opts *opts)
{
	cg_filter_opts o = CG_FILTER_OPTS_INIT;
	if (opts)
		o = *opts;
	struct stat st;
	if (stat(root, &st) < 0) {
		cg_error_set("%s: %s", root, strerror(errno));
		return errno == ENOENT ? CG_ENOTFOUND : CG_EIO;
	}
	cg_units *w = cg_calloc(1, sizeof(*w));
	if (S_ISDIR(st.st_mode)) {
		size_t len = strlen(root);
		while (len > 1 && root[len - 1] == '/')
			len--;
		char *r = cg_strndup(root, len);
		/* .cryptagionignore first, then the caller's patterns (which
		 * therefore win) */
		cg_filter_ignore *ig = cg_filter_ignore_new();
		char *ipath = cg_sprintf("%s/.cryptagionignore", r);
		char *itext = NULL;
		size_t ilen = 0;
		if (cg_read_file(&itext, &ilen, ipath, 1u << 20) == 0)
			cg_filter_ignore_add_text(ig, itext, ilen);
		cg_error_clear();
		cg_free(itext);
		cg_free(ipath);
		cg_filter_ignore_add_all(ig, o.ignore);
		o.ignore = ig;
		walk_dir(w, r, "", &o, 0);
		cg_filter_ignore_free(ig);
		cg_free(r);
	} else if (S_ISREG(st.st_mode)) {
		const char *base = strrchr(root, '/');
		visit_file(w, root, base ? base + 1 : root, &st, &o);
	} else {
		cg_error_set("%s: not a directory or regular file", root);
		cg_units_free(w);
		return CG_ENOTFOUND;
	}
	*out = w;
	return 0;
}
