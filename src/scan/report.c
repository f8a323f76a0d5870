/* report.c — load, score, deliver: `cryptagion report` and the fleet's
 * view, the deliverables of recorded scans from the inventory alone; see
 * scan.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../emit/emit.h"
#include "../inventory/inventory.h"
#include "../risk/risk.h"
#include "../util/util.h"
#include "scan.h"
#include "scan_int.h"

cg_deliver_opts cg_scan__deliver_opts(const cg_report_opts *o,
                                      const cg_risk_standards *st)
{
	return (cg_deliver_opts){ .out_dir = o->out_dir,
		                  .cbom_schema_dir = o->schema_dir,
		                  .roadmap_schema_dir = o->roadmap_schema_dir,
		                  .font_dir = o->font_dir,
		                  .tool_version = o->tool_version,
		                  .title = o->title,
		                  .epoch = o->epoch,
		                  .roadmap = cg_risk_roadmap_info(st) };
}

int cg_scan_deliver(cg_inv_scan **out, cg_scan_fail *fail,
                    const cg_report_opts *o, const cg_scan_source *src)
{
	cg_inventory *inv = NULL;
	cg_inv_scan *s = NULL;
	cg_risk_standards *st = NULL;
	const char *profile = o->profile;
	int error;
	struct stat sb;

	*fail = CG_SCAN_FAIL_INPUT;
	if (stat(o->db_path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		cg_error_set("%s: no such inventory", o->db_path);
		return CG_ENOTFOUND;
	}
	if ((error = cg_emit_pdf_check_fonts(o->font_dir)) < 0)
		goto done;
	/* the roadmap's phases and CNSA 2.0 dates come from the table, as
	 * do the scores when the scan is scored again */
	if (!o->standards) {
		cg_error_set("report: no standards table");
		error = CG_ENOTFOUND;
		goto done;
	}
	if ((error = cg_risk_load(&st, o->standards)) < 0)
		goto done;
	if (src->rescore) {
		profile = profile ? profile : "nist";
		if ((error = cg_risk_check_profile(st, o->standards, profile)) <
		    0)
			goto done;
	}
	/* read-only for a report: a scan scored again is scored in memory */
	error = src->writable ? cg_inventory_open(&inv, o->db_path)
	                      : cg_inventory_open_readonly(&inv, o->db_path);
	if (error < 0 || (error = src->pick(&s, inv, src->payload)) < 0)
		goto done;
	if (!src->rescore && !s->risk.scored && !profile) {
		/* never "0 critical, readiness 0/100" for a scan whose scores
		 * were not recorded */
		cg_error_set("%s: scan %lld has no risk scores (interrupted "
		             "before they were recorded); scan again, or give "
		             "--profile to score it",
		             o->db_path, (long long)s->id);
		error = CG_ERROR;
		goto done;
	}
	bool score = src->rescore ||
	             (profile && (!s->risk.scored ||
	                          strcmp(profile, s->risk.profile) != 0));
	if (score && !src->rescore &&
	    (error = cg_risk_check_profile(st, o->standards, profile)) < 0)
		goto done;
	time_t t = o->epoch >= 0 ? (time_t)o->epoch : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char when[32];
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	*fail = CG_SCAN_FAIL_INTERNAL;
	/* scored on the fly: the recorded scores of the scan stay as they
	 * were */
	if (score && (error = cg_scan_score_loaded(
	                  s, st, profile, tm.tm_year + 1900, when)) < 0)
		goto done;
	if (!s->finished_at) /* a combined view */
		s->finished_at = cg_strdup(when);
	cg_deliver_opts d = cg_scan__deliver_opts(o, st);
	if ((error = cg_emit_deliverables(s, &d)) < 0)
		goto done;
	*fail = CG_SCAN_FAIL_NONE;
	*out = s;
	s = NULL;
	error = 0;
done:
	cg_inv_scan_free(s);
	cg_risk_free(st);
	cg_inventory_close(inv);
	return error;
}

/* The scan a report names, or the newest completed one. */
static int pick_one(cg_inv_scan **out, cg_inventory *inv, void *payload)
{
	const cg_report_opts *o = payload;
	int64_t id = o->scan_id;
	int error;
	if (!id && (error = cg_inventory_latest_scan(&id, inv)) < 0) {
		cg_error_set("%s: no completed scan", o->db_path);
		return error;
	}
	return cg_inventory_load(out, inv, id);
}

int cg_report_run(cg_scan_summary *sum, cg_scan_fail *fail,
                  const cg_report_opts *o)
{
	cg_scan_source src = { .pick = pick_one, .payload = (void *)o };
	cg_inv_scan *s = NULL;
	memset(sum, 0, sizeof(*sum));
	int error = cg_scan_deliver(&s, fail, o, &src);
	if (error < 0)
		return error;
	sum->scan_id = s->id;
	sum->assets = s->nassets;
	sum->findings = s->findings;
	sum->scan = s;
	return 0;
}
