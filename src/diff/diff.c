/* diff.c — see diff.h. */
#include "diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/util.h"

const char *cg_diff_label_name(cg_diff_label label)
{
	switch (label) {
	case CG_DIFF_NEW:
		return "new";
	case CG_DIFF_UNCHANGED:
		return "unchanged";
	case CG_DIFF_REMOVED:
		return "removed";
	}
	return "unknown";
}

static cg_diff_label label_of(const char *s)
{
	if (strcmp(s, "new") == 0)
		return CG_DIFF_NEW;
	if (strcmp(s, "removed") == 0)
		return CG_DIFF_REMOVED;
	return CG_DIFF_UNCHANGED;
}

/* A finding of a changed file, for the labels. */
typedef struct {
	char fp[65];
	char *path; /* display path (BASE path for the BASE side) */
	uint32_t line;
	char *rule_id, *asset;
	const char *context;
} item;

typedef struct {
	item *items;
	size_t len, cap;
} item_list;

struct cg_diff_labeller {
	item_list side[2]; /* HEAD, BASE */
};

cg_diff_labeller *cg_diff_labeller_new(void)
{
	return cg_calloc(1, sizeof(cg_diff_labeller));
}

static void list_dispose(item_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		cg_free(l->items[i].path);
		cg_free(l->items[i].rule_id);
		cg_free(l->items[i].asset);
	}
	cg_free(l->items);
	memset(l, 0, sizeof(*l));
}

void cg_diff_labeller_free(cg_diff_labeller *l)
{
	if (!l)
		return;
	list_dispose(&l->side[0]);
	list_dispose(&l->side[1]);
	cg_free(l);
}

void cg_diff_add(cg_diff_labeller *l, bool base_side, const char *path,
                 const cg_finding *f, const char *context)
{
	item_list *s = &l->side[base_side ? 1 : 0];
	cg_reserve(s->items, s->cap, cg_array__add(s->len, 1));
	item *d = &s->items[s->len++];
	memcpy(d->fp, f->fingerprint, sizeof(d->fp));
	d->path = cg_strdup(path);
	d->line = f->line;
	d->rule_id = cg_strdup(f->rule_id);
	/* a misuse without an asset is named by its category */
	d->asset = cg_strdup(f->name ? f->name : f->misuse);
	d->context = context;
}

static int cmp_item(const void *a, const void *b)
{
	const item *x = a, *y = b;
	int c = strcmp(x->fp, y->fp);
	if (c)
		return c;
	c = strcmp(x->path, y->path);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int put(cg_inventory *inv, int64_t scan_id, const item *d,
               cg_diff_label label)
{
	cg_inv_diff_item it = { .label = (char *)cg_diff_label_name(label),
		                .fingerprint = (char *)d->fp,
		                .path = d->path,
		                .line = d->line,
		                .rule_id = d->rule_id,
		                .asset = d->asset,
		                .context = (char *)d->context };
	return cg_inventory_add_diff(inv, scan_id, &it);
}

int cg_diff_record(uint64_t counts[3], cg_diff_labeller *l, cg_inventory *inv,
                   int64_t scan_id)
{
	item_list *b = &l->side[1], *h = &l->side[0];
	if (b->len > 1)
		qsort(b->items, b->len, sizeof(item), cmp_item);
	if (h->len > 1)
		qsort(h->items, h->len, sizeof(item), cmp_item);
	size_t i = 0, k = 0;
	int error = 0;
	while (!error && (i < b->len || k < h->len)) {
		int c = i >= b->len   ? 1
		        : k >= h->len ? -1
		                      : strcmp(b->items[i].fp, h->items[k].fp);
		cg_diff_label label = c == 0  ? CG_DIFF_UNCHANGED
		                      : c < 0 ? CG_DIFF_REMOVED
		                              : CG_DIFF_NEW;
		/* a pair is recorded with its HEAD side */
		const item *d = c < 0 ? &b->items[i] : &h->items[k];
		error = put(inv, scan_id, d, label);
		counts[label]++;
		if (c <= 0)
			i++;
		if (c >= 0)
			k++;
	}
	return error;
}

int cg_diff_load(cg_diff_finding **out, size_t *n, cg_inventory *inv,
                 int64_t scan_id)
{
	cg_inv_diff_item *items = NULL;
	size_t len = 0;
	int error = cg_inventory_load_diff(&items, &len, inv, scan_id);
	if (error < 0)
		return error;
	cg_diff_finding *r = cg_calloc(len ? len : 1, sizeof(cg_diff_finding));
	for (size_t i = 0; i < len; i++) {
		cg_diff_finding *d = &r[i];
		d->label = label_of(items[i].label);
		snprintf(d->fingerprint, sizeof(d->fingerprint), "%s",
		         items[i].fingerprint);
		d->path = items[i].path;
		d->line = items[i].line;
		d->rule_id = items[i].rule_id;
		d->asset = items[i].asset;
		d->context = items[i].context;
		items[i].path = items[i].rule_id = items[i].asset = NULL;
		items[i].context = NULL;
	}
	cg_inv_diff_items_free(items, len);
	*out = r;
	*n = len;
	return 0;
}

void cg_diff_findings_free(cg_diff_finding *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cg_free(items[i].path);
		cg_free(items[i].rule_id);
		cg_free(items[i].asset);
		cg_free(items[i].context);
	}
	cg_free(items);
}
