/* diff.c — see diff.h. */
#include "diff.h"

#include <stdio.h>
#include <string.h>

#include "../inventory/inventory.h"
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

int cg_diff_run(cg_diff_result **out, cg_scan_fail *fail, const cg_scan_opts *o)
{
	cg_diff_result *r = cg_calloc(1, sizeof(*r));
	cg_inventory *inv = NULL;
	cg_inv_diff_item *items = NULL;
	size_t n = 0;
	char *db_path = NULL;
	int error;
	if (!o->base) {
		cg_error_set("diff: no BASE ref");
		*fail = CG_SCAN_FAIL_INPUT;
		error = CG_ERROR;
		goto done;
	}
	if ((error = cg_scan_run(&r->summary, fail, o)) < 0)
		goto done;
	*fail = CG_SCAN_FAIL_INTERNAL;
	db_path = o->db_path ? cg_strdup(o->db_path)
	                     : cg_sprintf("%s/cryptagion.db", o->out_dir);
	if ((error = cg_inventory_open(&inv, db_path)) < 0)
		goto done;
	if ((error = cg_inventory_load_diff(&items, &n, inv,
	                                    r->summary.scan_id)) < 0)
		goto done;
	r->items = cg_calloc(n ? n : 1, sizeof(cg_diff_finding));
	for (size_t i = 0; i < n; i++) {
		cg_diff_finding *d = &r->items[i];
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
	r->len = n;
	*fail = CG_SCAN_FAIL_NONE;
	*out = r;
	r = NULL;
done:
	cg_inv_diff_items_free(items, n);
	cg_inventory_close(inv);
	cg_free(db_path);
	cg_diff_free(r);
	return error;
}

void cg_diff_free(cg_diff_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->len; i++) {
		cg_free(r->items[i].path);
		cg_free(r->items[i].rule_id);
		cg_free(r->items[i].asset);
		cg_free(r->items[i].context);
	}
	cg_free(r->items);
	cg_scan_summary_dispose(&r->summary);
	cg_free(r);
}
