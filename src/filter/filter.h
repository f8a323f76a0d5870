/*
 * filter — which files a scan takes and how it sees them, decided from
 * the path (and the first bytes) alone, the same for the directory walk
 * (src/walk) and the git tree listing (src/repo): ignore patterns in
 * .gitignore syntax, the context of a path (product, test, vendor,
 * generated), the language of a file the scanner has no pack for, and the
 * listing options (size cap, ignore patterns, material classifier).
 *
 * Ownership: a cg_filter_ignore is built with cg_filter_ignore_new/_add*,
 * is immutable once built (shareable between threads) and is released
 * with cg_filter_ignore_free(). Returned strings are static.
 */
#ifndef CG_FILTER_H
#define CG_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ignore patterns in .gitignore syntax (.cryptagionignore, --exclude):
 * '#' comments, '!' negation, a trailing '/' for directories only, a
 * leading or inner '/' anchors at the root, '*', '?', '[...]' and '**'.
 * The last matching pattern wins. Immutable once built. */
typedef struct cg_filter_ignore cg_filter_ignore;

cg_filter_ignore *cg_filter_ignore_new(void);
void cg_filter_ignore_free(cg_filter_ignore *ig);
/* Add one pattern (a line of an ignore file; blank and '#' lines are
 * ignored). */
void cg_filter_ignore_add(cg_filter_ignore *ig, const char *pattern);
/* The longest pattern accepted (bytes). */
#define CG_FILTER_GLOB_MAX 4096
/* Why a pattern is not a valid glob (unclosed '[', trailing '\\',
 * too long), or NULL when it is. cg_filter_ignore_add skips invalid
 * patterns; options and policies reject them with this reason. */
const char *cg_filter_glob_check(const char *pattern);
/* Add every line of an ignore file's text. */
void cg_filter_ignore_add_text(cg_filter_ignore *ig, const char *text,
                               size_t len);
/* Append copies of all of `from`'s patterns (NULL: nothing). */
void cg_filter_ignore_add_all(cg_filter_ignore *ig,
                              const cg_filter_ignore *from);
/* Whether `path` (relative, '/'-separated) is ignored, either itself or
 * through an ignored parent directory. */
bool cg_filter_ignore_match(const cg_filter_ignore *ig, const char *path,
                            bool is_dir);

/* The context of a path: "vendor" (vendor/, third_party/, node_modules/
 * ...), "generated" (x_pb2.py, x.pb.go, x.pb.cc, lock files such as
 * package-lock.json, Cargo.lock, go.sum), "test" (test/, tests/,
 * testdata/, test_x.py, x_test.go ...) or "product". Static strings. */
const char *cg_filter_context(const char *path);
/* Whether a file's first bytes say it is generated: a line with "Code
 * generated " and "DO NOT EDIT" (Go's convention), or "@generated" in
 * the first 2 KiB. Such a file's context becomes "generated" (unless
 * vendored). */
bool cg_filter_generated_text(const char *head, size_t n);

/* The programming language of a file the scanner has no pack for, from
 * its extension ("Ruby", "PHP", "C#"...), or NULL (documentation, data,
 * unknown). Static strings. */
const char *cg_filter_foreign_language(const char *path);

/* Classifies a file of no known language (path relative, head = its first
 * bytes or NULL): non-zero for a file another module reads (the material
 * module's detector, passed in by the scan driver so that neither the
 * walk nor the repo listing depends on it), which is then listed with
 * that value in cg_unit.material. */
typedef int (*cg_filter_classify_fn)(const char *path, const char *head,
                                     size_t n);

/* How a file listing (walk or git tree) selects its units. */
typedef struct {
	uint64_t max_file_size;         /* bytes; files above are skipped */
	const cg_filter_ignore *ignore; /* patterns to exclude, or NULL */
	cg_filter_classify_fn classify; /* or NULL: source code only */
} cg_filter_opts;
#define CG_FILTER_OPTS_INIT                  \
	{                                    \
		2u * 1024 * 1024, NULL, NULL \
	}

#endif
