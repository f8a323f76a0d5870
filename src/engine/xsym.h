/*
 * xsym.h — internal to the engine: lookups in the project's symbols
 * (cg_xconsts, built by the first pass in xsym.c, read by engine.c).
 */
#ifndef CG_ENGINE_XSYM_H
#define CG_ENGINE_XSYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* One project symbol's value; every pointer is borrowed from the table
 * and lives as long as it. */
typedef struct {
	const char *value; /* literal text (quotes removed) */
	bool num;          /* value is digits */
	const char *path;  /* the file that defines it */
	uint32_t line;     /* 1-based line of the definition there */
} cg_xsym_hit;

/* The one value the project gives `name` (of qualifier qual: a file,
 * directory, class or object name; any when NULL) in p's language:
 * true and *out filled, else false (none, or several different ones).
 * A helper that returns a symbol is looked up as "name()". */
bool cg_engine__xsym_find(cg_xsym_hit *out, const cg_xconsts *t,
                          const cg_lang_pack *p, const char *name,
                          const char *qual);

/* The distinct literal values that parameter idx (0-based, the receiver
 * not counted) of functions named fname taking `arity` arguments
 * receives at call sites anywhere in the project, directly or through
 * parameters passed on (up to 8 levels of calls): at most max in out
 * (the file and line of the literal call site); returns how many there
 * are, which may exceed max. foreign: only call sites in files that
 * define no function of that name. path: the file that defines the
 * function (only call sites that can reach that definition: same file or
 * directory, or a file importing its name or directory), NULL: any. */
size_t cg_engine__xsym_args(cg_xsym_hit *out, size_t max, const cg_xconsts *t,
                            const cg_lang_pack *p, const char *path,
                            const char *fname, int idx, int arity,
                            bool foreign);

#endif
