/* engine_int.h — what the engine's files share (not for other modules). */
#ifndef CG_ENGINE_INT_H
#define CG_ENGINE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* One key a configuration file of the tree sets. */
typedef struct {
	char *key;     /* flattened, dotted for YAML */
	char *value;   /* as written, unquoted and unescaped */
	char *path;    /* the file, relative to the scan root */
	uint32_t line; /* 1-based line of the key in that file */
} cg_xconfig_entry;

/* The entries of t for key (sorted by path, line): their count, and the
 * first in *out (borrowed from the sealed table), or 0 and NULL. */
size_t cg_engine__xconfig_find(const cg_xconfig *t, const char *key,
                               const cg_xconfig_entry **out);

#endif
