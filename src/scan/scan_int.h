/* scan_int.h — shared between the scan driver and the report driver. */
#ifndef CG_SCAN_INT_H
#define CG_SCAN_INT_H

#include "../inventory/inventory.h"
#include "../risk/risk.h"

/* Score every asset of the loaded scan under `profile` in `year` and
 * record the scores (and the scan's figures) in the inventory. */
int cg_scan__score(cg_inventory *inv, cg_inv_scan *s,
                   const cg_risk_standards *st, const char *profile, int year,
                   const char *evaluated_at);

#endif
