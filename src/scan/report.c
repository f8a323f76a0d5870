/* report.c — `cryptagion report`: the deliverables of a recorded scan,
 * from the inventory alone; see scan.h. */
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

int cg_report_run(cg_scan_summary *sum, cg_scan_fail *fail,
                  const cg_report_opts *o)
{
	cg_inventory *inv = NULL;
	cg_inv_scan *loaded = NULL;
	cg_risk_standards *st = NULL;
	int64_t id = o->scan_id;
	int error;
	struct stat sb;

	memset(sum, 0, sizeof(*sum));
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
	/* read-only: a scan scored again is scored in memory */
	if ((error = cg_inventory_open_readonly(&inv, o->db_path)) < 0)
		goto done;
	if (!id && (error = cg_inventory_latest_scan(&id, inv)) < 0) {
		cg_error_set("%s: no completed scan", o->db_path);
		goto done;
	}
	if ((error = cg_inventory_load(&loaded, inv, id)) < 0)
		goto done;
	if (!loaded->risk.scored && !o->profile) {
		/* never "0 critical, readiness 0/100" for a scan whose scores
		 * were not recorded */
		cg_error_set("%s: scan %lld has no risk scores (interrupted "
		             "before they were recorded); scan again, or give "
		             "--profile to score it",
		             o->db_path, (long long)id);
		error = CG_ERROR;
		goto done;
	}
	if (o->profile && (!loaded->risk.scored ||
	                   strcmp(o->profile, loaded->risk.profile) != 0)) {
		if ((error = cg_risk_check_profile(st, o->standards,
		                                   o->profile)) < 0)
			goto done;
		time_t t = o->epoch >= 0 ? (time_t)o->epoch : time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		char when[32];
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* scored on the fly: the recorded scores of the scan stay
		 * as they were */
		*fail = CG_SCAN_FAIL_INTERNAL;
		if ((error = cg_scan_score_loaded(loaded, st, o->profile,
		                                  tm.tm_year + 1900, when)) < 0)
			goto done;
	}
	*fail = CG_SCAN_FAIL_INTERNAL;
	cg_deliver_opts d = { .out_dir = o->out_dir,
		              .cbom_schema_dir = o->schema_dir,
		              .roadmap_schema_dir = o->roadmap_schema_dir,
		              .font_dir = o->font_dir,
		              .tool_version = o->tool_version,
		              .title = o->title,
		              .epoch = o->epoch,
		              .roadmap = cg_risk_roadmap_info(st) };
	if ((error = cg_emit_deliverables(loaded, &d)) < 0)
		goto done;
	sum->scan_id = id;
	sum->assets = loaded->nassets;
	sum->findings = loaded->findings;
	sum->scan = loaded;
	loaded = NULL;
	*fail = CG_SCAN_FAIL_NONE;
	error = 0;
done:
	cg_inv_scan_free(loaded);
	cg_risk_free(st);
	cg_inventory_close(inv);
	return error;
}
