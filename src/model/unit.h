/*
 * unit — the list of files a scan takes (units), as the directory walk
 * (src/walk) and the git tree listing (src/repo) produce it: one entry per
 * file with its language, size, status (scanned or why skipped) and
 * context, in a deterministic order (byte-wise sorted paths).
 *
 * Ownership: a cg_units owns its entries and their strings; free it with
 * cg_units_free(). Entries are read-only to consumers (src/scan).
 */
#ifndef CG_MODEL_UNIT_H
#define CG_MODEL_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"

struct cg_lang_pack; /* src/lang: the language pack of a unit */

typedef enum {
	CG_UNIT_SCAN = 0,   /* a source file of a known language */
	CG_UNIT_TOO_LARGE,  /* larger than the size cap */
	CG_UNIT_BINARY,     /* a NUL byte in the first 8 KiB */
	CG_UNIT_SYMLINK,    /* a symbolic link: not followed */
	CG_UNIT_UNREADABLE, /* could not be opened or read */
	CG_UNIT_SPECIAL,    /* a device, socket or FIFO */
	CG_UNIT_SUBMODULE,  /* a git submodule (gitlink): recorded only */
	CG_UNIT_LFS,        /* a git LFS pointer file: content not fetched */
} cg_unit_status;

/* Text of a status: "scan", "too-large", "binary", ...; static. */
const char *cg_unit_status_name(cg_unit_status s);

typedef struct {
	char *path;    /* path relative to the root, '/'-separated */
	char *abspath; /* path to open; NULL for a git blob */
	const struct cg_lang_pack *lang; /* NULL for skipped files of no
	                                    language */
	uint64_t size;                   /* bytes; 0 for a blob not yet read */
	cg_unit_status status;
	char *reason;        /* human reason when skipped, else NULL */
	int material;        /* cg_filter_opts.classify's value (the
	                        cg_material_kind): 0 = source code */
	const char *context; /* "product", "test", "vendor" or "generated";
	                        static */
	char blob_id[41];    /* git blob id (hex) of a tree entry, or "" */
	bool sniff;          /* language unknown until the content is read
	                        (no extension: maybe a shebang) */
	bool base_side;      /* diff: the BASE version of a changed file */
	char *old_path;      /* diff: the BASE path of a renamed file */
} cg_unit;

typedef struct {
	cg_unit *items;
	size_t len, cap;
	size_t unsupported; /* regular files of no known language */
	cg_strv foreign;    /* those of them in a programming language the
	                       scanner does not support (paths) */
	size_t ignored;     /* files excluded by ignore patterns */
	uint64_t bytes;     /* bytes of the files to scan */
	cg_strv notes;      /* entries left out, and why (raw text: escape
	                       before printing) */
} cg_units;

/* Append an entry to u (zeroed, context "product"); borrowed until the
 * next push. */
cg_unit *cg_units_push(cg_units *u);
/* Sort the entries by path, BASE side first. */
void cg_units_sort(cg_units *u);
/* Sort, then drop an entry whose path (and side) repeats an earlier one,
 * with a note: a hostile git tree may list a name twice. */
void cg_units_sort_unique(cg_units *u);
/* Free u and its entries (NULL: nothing). */
void cg_units_free(cg_units *u);

#endif
