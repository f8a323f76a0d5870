/* gate.c — see gate.h. */
#include "gate.h"

#include <stdlib.h>
#include <string.h>

#include "../emit/emit.h"
#include "../inventory/inventory.h"
#include "../util/util.h"

void cg_gate_report_free(cg_gate_report *r)
{
	if (!r)
		return;
	cg_policy_result_free(r->result);
	cg_scan_summary_dispose(&r->base);
	cg_scan_summary_dispose(&r->head);
	cg_free(r->profile);
	cg_free(r);
}

int cg_gate_diff_run(cg_gate_diff **out, cg_scan_fail *fail,
                     const cg_scan_opts *o)
{
	cg_gate_diff *r = cg_calloc(1, sizeof(*r));
	cg_inventory *inv = NULL;
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
	if ((error =
	         cg_diff_load(&r->items, &r->len, inv, r->summary.scan_id)) < 0)
		goto done;
	*fail = CG_SCAN_FAIL_NONE;
	*out = r;
	r = NULL;
done:
	cg_inventory_close(inv);
	cg_free(db_path);
	cg_gate_diff_free(r);
	return error;
}

void cg_gate_diff_free(cg_gate_diff *r)
{
	if (!r)
		return;
	cg_diff_findings_free(r->items, r->len);
	cg_scan_summary_dispose(&r->summary);
	cg_free(r);
}

/* Every fingerprint of a scan, sorted and unique. */
static void fingerprints(cg_strv *out, const cg_inv_scan *s)
{
	for (size_t i = 0; i < s->nassets; i++)
		for (size_t k = 0; k < s->assets[i].nocc; k++)
			if (s->assets[i].occs[k].fingerprint)
				cg_strv_push(out,
				             s->assets[i].occs[k].fingerprint);
	for (size_t i = 0; i < s->nmisuses; i++)
		if (s->misuses[i].fingerprint)
			cg_strv_push(out, s->misuses[i].fingerprint);
	cg_strv_sort(out);
	size_t w = 0;
	for (size_t i = 0; i < out->len; i++) {
		if (w && strcmp(out->items[w - 1], out->items[i]) == 0) {
			cg_free(out->items[i]);
			continue;
		}
		out->items[w++] = out->items[i];
	}
	out->len = w;
}

int cg_gate_run(cg_gate_report **out, cg_scan_fail *fail, const cg_gate_opts *o)
{
	cg_gate_report *r = cg_calloc(1, sizeof(*r));
	cg_policy *policy = NULL;
	cg_strv base_fps = CG_STRV_INIT;
	char *base_out = NULL, *head_out = NULL, *diff_out = NULL;
	cg_gate_diff *diff = NULL;
	int error;
	*fail = CG_SCAN_FAIL_INPUT;
	if (o->policy) {
		if ((error = cg_policy_load(&policy, o->policy)) < 0)
			goto done;
	} else {
		policy = cg_policy_default();
	}
	const char *profile = o->scan.profile ? o->scan.profile
	                      : cg_policy_profile(policy)
	                          ? cg_policy_profile(policy)
	                          : "nist";
	r->profile = cg_strdup(profile);
	base_out = cg_sprintf("%s/base", o->out_dir);
	head_out = cg_sprintf("%s/head", o->out_dir);

	cg_scan_opts so = o->scan;
	so.profile = profile;
	so.keep_scan = true;
	so.sarif = NULL;
	so.write_baseline = NULL;
	so.db_path = NULL;
	if (o->base_ref) {
		/* two revisions: only the changed files, labelled */
		so.target = o->target ? o->target : ".";
		so.base = o->base_ref;
		so.ref = o->head_ref;
		so.out_dir = diff_out = cg_sprintf("%s/diff", o->out_dir);
		so.baseline = o->baseline;
		if ((error = cg_gate_diff_run(&diff, fail, &so)) < 0)
			goto done;
		r->head = diff->summary;
		memset(&diff->summary, 0, sizeof(diff->summary));
		for (size_t i = 0; i < diff->len; i++)
			if (diff->items[i].label != CG_DIFF_NEW)
				cg_strv_push(&base_fps,
				             diff->items[i].fingerprint);
		cg_strv_sort(&base_fps);
		goto evaluate;
	}
	so.target = o->base_dir;
	so.out_dir = base_out;
	so.baseline = NULL;
	if ((error = cg_scan_run(&r->base, fail, &so)) < 0)
		goto done;
	so.target = o->head_dir;
	so.out_dir = head_out;
	so.baseline = o->baseline;
	if ((error = cg_scan_run(&r->head, fail, &so)) < 0)
		goto done;

	fingerprints(&base_fps, r->base.scan);
evaluate:
	*fail = CG_SCAN_FAIL_INTERNAL;
	if ((error = cg_policy_evaluate(&r->result, policy, r->head.scan,
	                                &base_fps)) < 0)
		goto done;
	if (o->sarif) {
		cg_deliver_opts d = { .sarif_schema_dir =
			                  o->scan.sarif_schema_dir,
			              .tool_version = o->scan.tool_version,
			              .base_fingerprints = &base_fps,
			              .sarif_no_info = o->scan.sarif_no_info };
		if ((error = cg_emit_write(cg_emit_find("sarif"), o->sarif,
		                           r->head.scan, &d)) < 0)
			goto done;
	}
	*fail = CG_SCAN_FAIL_NONE;
	*out = r;
	r = NULL;
	error = 0;
done:
	cg_gate_report_free(r);
	cg_policy_free(policy);
	cg_strv_dispose(&base_fps);
	cg_free(base_out);
	cg_free(head_out);
	cg_free(diff_out);
	cg_gate_diff_free(diff);
	return error;
}
