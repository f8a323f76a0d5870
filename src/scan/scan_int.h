/* scan_int.h — shared between the scan driver and the report driver. */
#ifndef CG_SCAN_INT_H
#define CG_SCAN_INT_H

#include "../emit/emit.h"
#include "../inventory/inventory.h"
#include "../risk/risk.h"
#include "scan.h"

/* Score every asset of the loaded scan under `profile` in `year` and
 * record the scores (and the scan's figures) in the inventory. */
int cg_scan__score(cg_inventory *inv, cg_inv_scan *s,
                   const cg_risk_standards *st, const char *profile, int year,
                   const char *evaluated_at);

/* The deliverables' options of o, with the roadmap dates of the standards
 * table st: the one place they are made (scan, report, fleet). */
cg_deliver_opts cg_scan__deliver_opts(const cg_report_opts *o,
                                      const cg_risk_standards *st);

#endif
