/* matcher.h — multi-literal case-insensitive matcher (module-internal). */
#ifndef CG_RULES_MATCHER_H
#define CG_RULES_MATCHER_H

#include <stddef.h>
#include <stdint.h>

typedef struct cg_matcher cg_matcher;

/* Build a matcher for n non-empty literals. */
cg_matcher *cg_matcher_new(const char *const *lits, size_t n);
/* Set bit i of present for each literal i found; returns how many. */
size_t cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                       uint8_t *present, size_t nlits);
void cg_matcher_free(cg_matcher *m);

#endif
