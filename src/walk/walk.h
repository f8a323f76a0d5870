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

#include <stddef.h>
#include <stdint.h>

#include "../lang/lang.h"

typedef enum {
	CG_WALK_SCAN = 0,   /* a source file of a known language */
	CG_WALK_TOO_LARGE,  /* larger than the size cap */
	CG_WALK_BINARY,     /* a NUL byte in the first 8 KiB */
	CG_WALK_SYMLINK,    /* a symbolic link: not followed */
	CG_WALK_UNREADABLE, /* could not be opened or read */
	CG_WALK_SPECIAL,    /* a device, socket or FIFO */
} cg_walk_status;

/* Text of a status: "scan", "too-large", "binary", ...; static. */
const char *cg_walk_status_name(cg_walk_status s);

typedef struct {
	char *path;               /* path relative to the root, '/'-separated */
	char *abspath;            /* path to open */
	const cg_lang_pack *lang; /* NULL for skipped files of no language */
	uint64_t size;
	cg_walk_status status;
	char *reason; /* human reason when skipped, else NULL */
	int material; /* cg_material_kind (issue 7): 0 = source code */
} cg_walk_entry;

typedef struct {
	cg_walk_entry *items;
	size_t len, cap;
	size_t unsupported; /* regular files of no known language */
	uint64_t bytes;     /* bytes of the files to scan */
} cg_walk;

typedef struct {
	uint64_t max_file_size; /* bytes; files above are skipped */
} cg_walk_opts;
#define CG_WALK_OPTS_INIT        \
	{                        \
		2u * 1024 * 1024 \
	}

/* Walk `root` (a directory, or a single file). Files of no known
 * language are counted, not listed; skipped files of a known language
 * (or binary/huge ones anywhere) are listed with their reason. Fails with
 * CG_ENOTFOUND when root does not exist. */
int cg_walk_run(cg_walk **out, const char *root, const cg_walk_opts *opts);
void cg_walk_free(cg_walk *w);

#endif
