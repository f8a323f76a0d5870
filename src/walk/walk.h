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

#endif
