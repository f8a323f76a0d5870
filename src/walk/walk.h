/*
 * walk — enumerate the files of a directory tree in a deterministic order
 * (byte-wise sorted paths), deciding for each whether it is scanned or
 * skipped and why. It never follows symbolic links and never leaves the
 * root. Language detection goes through the lang registry.
 *
 * Ownership: a cg_walk owns its entries and their strings; free it with
 * cg_walk_free(). Entries are read-only to callers.
 */
#ifndef CG_WALK_H
#define CG_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lang/lang.h"
#include "../util/util.h"

typedef enum {
	CG_WALK_SCAN = 0,   /* a source file of a known language */
	CG_WALK_TOO_LARGE,  /* larger than the size cap */
	CG_WALK_BINARY,     /* a NUL byte in the first 8 KiB */
	CG_WALK_SYMLINK,    /* a symbolic link: not followed */
	CG_WALK_UNREADABLE, /* could not be opened or read */
	CG_WALK_SPECIAL,    /* a device, socket or FIFO */
	CG_WALK_SUBMODULE,  /* a git submodule (gitlink): recorded only */
	CG_WALK_LFS,        /* a git LFS pointer file: content not fetched */
} cg_walk_status;

/* Text of a status: "scan", "too-large", "binary", ...; static. */
const char *cg_walk_status_name(cg_walk_status s);

typedef struct {
	char *path;               /* path relative to the root, '/'-separated */
	char *abspath;            /* path to open; NULL for a git blob */
	const cg_lang_pack *lang; /* NULL for skipped files of no language */
	uint64_t size;            /* bytes; 0 for a blob not yet read */
	cg_walk_status status;
	char *reason;        /* human reason when skipped, else NULL */
	int material;        /* cg_walk_opts.classify's value (the
	                        cg_material_kind): 0 = source code */
	const char *context; /* "product", "test", "vendor" or "generated";
	                        static */
	char blob_id[41];    /* git blob id (hex) of a tree entry, or "" */
	bool sniff;          /* language unknown until the content is read
	                        (no extension: maybe a shebang) */
	bool base_side;      /* diff: the BASE version of a changed file */
	char *old_path;      /* diff: the BASE path of a renamed file */
} cg_walk_entry;

typedef struct {
	cg_walk_entry *items;
	size_t len, cap;
	size_t unsupported; /* regular files of no known language */
	cg_strv foreign;    /* those of them in a programming language the
	                       scanner does not support (paths) */
	size_t ignored;     /* files excluded by ignore patterns */
	uint64_t bytes;     /* bytes of the files to scan */
	cg_strv notes;      /* entries left out, and why (raw text: escape
	                       before printing) */
} cg_walk;

/* Ignore patterns in .gitignore syntax (.cryptagionignore, --exclude):
 * '#' comments, '!' negation, a trailing '/' for directories only, a
 * leading or inner '/' anchors at the root, '*', '?', '[...]' and '**'.
 * The last matching pattern wins. Immutable once built. */
typedef struct cg_walk_ignore cg_walk_ignore;

cg_walk_ignore *cg_walk_ignore_new(void);
void cg_walk_ignore_free(cg_walk_ignore *ig);
/* Add one pattern (a line of an ignore file; blank and '#' lines are
 * ignored). */
void cg_walk_ignore_add(cg_walk_ignore *ig, const char *pattern);
/* The longest pattern accepted (bytes). */
#define CG_WALK_GLOB_MAX 4096
/* Why a pattern is not a valid glob (unclosed '[', trailing '\\',
 * too long), or NULL when it is. cg_walk_ignore_add skips invalid
 * patterns; options and policies reject them with this reason. */
const char *cg_walk_glob_check(const char *pattern);
/* Add every line of an ignore file's text. */
void cg_walk_ignore_add_text(cg_walk_ignore *ig, const char *text, size_t len);
/* Append copies of all of `from`'s patterns (NULL: nothing). */
void cg_walk_ignore_add_all(cg_walk_ignore *ig, const cg_walk_ignore *from);
/* Whether `path` (relative, '/'-separated) is ignored, either itself or
 * through an ignored parent directory. */
bool cg_walk_ignore_match(const cg_walk_ignore *ig, const char *path,
                          bool is_dir);

/* The context of a path: "vendor" (vendor/, third_party/, node_modules/
 * ...), "generated" (x_pb2.py, x.pb.go, x.pb.cc, lock files such as
 * package-lock.json, Cargo.lock, go.sum), "test" (test/, tests/,
 * testdata/, test_x.py, x_test.go ...) or "product". Static strings. */
const char *cg_walk_context(const char *path);
/* Whether a file's first bytes say it is generated: a line with "Code
 * generated " and "DO NOT EDIT" (Go's convention), or "@generated" in
 * the first 2 KiB. Such a file's context becomes "generated" (unless
 * vendored). */
bool cg_walk_generated_text(const char *head, size_t n);

/* The programming language of a file the scanner has no pack for, from
 * its extension ("Ruby", "PHP", "C#"...), or NULL (documentation, data,
 * unknown). Static strings. */
const char *cg_walk_foreign_language(const char *path);

/* Append an entry to w (zeroed, context "product"); borrowed until the
 * next push. For producers of file lists other than the directory walk
 * (the repo module). */
cg_walk_entry *cg_walk_push(cg_walk *w);
/* Sort the entries by path, BASE side first. */
void cg_walk_sort(cg_walk *w);
/* Sort, then drop an entry whose path (and side) repeats an earlier one,
 * with a note: a hostile git tree may list a name twice. */
void cg_walk_sort_unique(cg_walk *w);

/* Classifies a file of no known language (path relative, head = its first
 * bytes or NULL): non-zero for a file another module reads (the material
 * module's detector, passed in by the scan driver so that the walk does
 * not depend on it), which is then listed with that value in
 * cg_walk_entry.material. */
typedef int (*cg_walk_classify_fn)(const char *path, const char *head,
                                   size_t n);

typedef struct {
	uint64_t max_file_size;       /* bytes; files above are skipped */
	const cg_walk_ignore *ignore; /* patterns to exclude, or NULL */
	cg_walk_classify_fn classify; /* or NULL: source code only */
} cg_walk_opts;
#define CG_WALK_OPTS_INIT                    \
	{                                    \
		2u * 1024 * 1024, NULL, NULL \
	}

/* Walk `root` (a directory, or a single file). A `.cryptagionignore` at
 * the root adds to opts->ignore. Files of no known language are counted,
 * not listed; skipped files of a known language
 * (or binary/huge ones anywhere) are listed with their reason. Fails with
 * CG_ENOTFOUND when root does not exist. */
int cg_walk_run(cg_walk **out, const char *root, const cg_walk_opts *opts);
void cg_walk_free(cg_walk *w);

#endif
