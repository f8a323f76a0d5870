/*
 * walk — enumerate the files of a directory tree in a deterministic order
 * (byte-wise sorted paths) as a unit list (src/model/unit.h), deciding for
 * each whether it is scanned or skipped and why, through the file filter
 * (src/filter: ignore patterns, context, size cap). It never follows
 * symbolic links and never leaves the root. Language detection goes
 * through the lang registry.
 *
 * Ownership: the cg_units of cg_walk_run() is owned by the caller
 * (cg_units_free()).
 */
#ifndef CG_WALK_H
#define CG_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../filter/filter.h"
#include "../lang/lang.h"
#include "../model/unit.h"
#include "../util/util.h"

/* Walk `root` (a directory, or a single file). A `.cryptagionignore` at
 * the root adds to opts->ignore. Files of no known language are counted,
 * not listed; skipped files of a known language
 * (or binary/huge ones anywhere) are listed with their reason. Fails with
 * CG_ENOTFOUND when root does not exist. */
int cg_walk_run(cg_units **out, const char *root, const cg_filter_opts *opts);

/* The former names of the unit list and of the filter, for code not yet
 * moved to the new ones. */
typedef cg_unit cg_walk_entry;
typedef cg_units cg_walk;
typedef cg_unit_status cg_walk_status;
typedef cg_filter_ignore cg_walk_ignore;
typedef cg_filter_opts cg_walk_opts;
#define CG_WALK_SCAN CG_UNIT_SCAN
#define CG_WALK_TOO_LARGE CG_UNIT_TOO_LARGE
#define CG_WALK_BINARY CG_UNIT_BINARY
#define CG_WALK_SYMLINK CG_UNIT_SYMLINK
#define CG_WALK_UNREADABLE CG_UNIT_UNREADABLE
#define CG_WALK_SPECIAL CG_UNIT_SPECIAL
#define CG_WALK_SUBMODULE CG_UNIT_SUBMODULE
#define CG_WALK_LFS CG_UNIT_LFS
#define CG_WALK_OPTS_INIT CG_FILTER_OPTS_INIT
#define cg_walk_free cg_units_free
#define cg_walk_ignore_new cg_filter_ignore_new
#define cg_walk_ignore_add cg_filter_ignore_add
#define cg_walk_ignore_free cg_filter_ignore_free
#define cg_walk_foreign_language cg_filter_foreign_language
#define cg_walk_generated_text cg_filter_generated_text

#endif
