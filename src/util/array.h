/*
 * array — one growable array for every module (in the manner of
 * tree-sitter's lib/src/array.h): a CG_ARRAY(T) struct of items, len and
 * cap, grown by doubling through one overflow-checked function, and freed
 * by one path.
 *
 * Ownership: the array owns its items buffer (not what the items point
 * to: free those first). cg_array_free() releases the buffer and leaves an
 * empty array; an empty array ({NULL, 0, 0}, CG_ARRAY_INIT) needs no free.
 * Growth never fails: a size that would overflow size_t, like an
 * allocation failure, aborts the process (util's OOM policy).
 *
 * For an existing struct whose items, length and capacity fields have
 * other names (public types such as cg_inv_scan), cg_reserve(ptr, cap,
 * need) grows that pair in place the same way.
 */
#ifndef CG_ARRAY_H
#define CG_ARRAY_H

#include <stddef.h>
#include <string.h>

#include "util.h"

/* A growable array of T: items[0..len) in use, cap allocated. */
#define CG_ARRAY(T)         \
	struct {            \
		T *items;   \
		size_t len; \
		size_t cap; \
	}
#define CG_ARRAY_INIT      \
	{                  \
		NULL, 0, 0 \
	}

/* items grown (by doubling, at least 8) so that *cap >= need; the new
 * buffer (or items itself when it is large enough). elem is the size of
 * one item. Aborts when need * elem overflows. */
void *cg_array__grow(void *items, size_t *cap, size_t need,
                     size_t elem) CG_NONNULL_RESULT;
/* len + extra, aborting when it overflows. */
size_t cg_array__add(size_t len, size_t extra);
/* cg_realloc of n items of elem bytes, aborting when n * elem
 * overflows (as reallocarray). */
void *cg_realloc_array(void *p, size_t n, size_t elem) CG_NONNULL_RESULT;

/* Grow the loose pair (ptr, cap) so that cap >= need. */
#define cg_reserve(ptr, cap, need) \
	((ptr) = cg_array__grow((ptr), &(cap), (need), sizeof(*(ptr))))

/* Make room for n items in all. */
#define cg_array_reserve(a, n) cg_reserve((a)->items, (a)->cap, (n))
/* Make room for extra more items. */
#define cg_array_grow(a, extra) \
	cg_array_reserve((a), cg_array__add((a)->len, (extra)))
/* Append the value v (an expression of type T). */
#define cg_array_push(a, v) \
	(cg_array_grow((a), 1), (void)((a)->items[(a)->len++] = (v)))
/* Append one zeroed item and return its address (valid until the next
 * growth). */
#define cg_array_push_zero(a)                                   \
	(cg_array_grow((a), 1),                                 \
	 memset(&(a)->items[(a)->len], 0, sizeof(*(a)->items)), \
	 &(a)->items[(a)->len++])
/* Release the buffer; the array is empty again. */
#define cg_array_free(a) \
	(cg_free((a)->items), (a)->items = NULL, (a)->len = (a)->cap = 0)

#endif
