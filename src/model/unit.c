/* unit.c — see unit.h. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/util.h"

const char *cg_unit_status_name(cg_unit_status s)
{
	switch (s) {
	case CG_UNIT_SCAN:
		return "scan";
	case CG_UNIT_TOO_LARGE:
		return "too-large";
	case CG_UNIT_BINARY:
		return "binary";
	case CG_UNIT_SYMLINK:
		return "symlink";
	case CG_UNIT_UNREADABLE:
		return "unreadable";
	case CG_UNIT_SPECIAL:
		return "special";
	case CG_UNIT_SUBMODULE:
		return "submodule";
	case CG_UNIT_LFS:
		return "lfs-pointer";
	}
	return "unknown";
}

cg_unit *cg_units_push(cg_units *u)
{
	cg_unit *e = cg_array_push_zero(u);
	e->context = "product";
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const cg_unit *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return (int)y->base_side - (int)x->base_side;
}

void cg_units_sort(cg_units *u)
{
	if (u->len > 1)
		qsort(u->items, u->len, sizeof(cg_unit), cmp_entry);
}

void cg_units_sort_unique(cg_units *u)
{
	cg_units_sort(u);
	size_t k = 0;
	for (size_t i = 0; i < u->len; i++) {
		cg_unit *e = &u->items[i];
		if (k && strcmp(u->items[k - 1].path, e->path) == 0 &&
		    u->items[k - 1].base_side == e->base_side) {
			cg_strv_push_owned(
			    &u->notes,
			    cg_sprintf("%s: listed twice in the tree; the "
			               "second entry is skipped",
			               e->path));
			cg_free(e->path);
			cg_free(e->abspath);
			cg_free(e->reason);
			cg_free(e->old_path);
			continue;
		}
		if (k != i)
			u->items[k] = *e;
		k++;
	}
	u->len = k;
}

void cg_units_free(cg_units *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->len; i++) {
		cg_free(u->items[i].path);
		cg_free(u->items[i].abspath);
		cg_free(u->items[i].reason);
		cg_free(u->items[i].old_path);
	}
	cg_free(u->items);
	cg_strv_dispose(&u->notes);
	cg_strv_dispose(&u->foreign);
	cg_free(u);
}
