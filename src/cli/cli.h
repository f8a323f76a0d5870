/*
 * cli.h — what the command files of src/cli share: exit codes, run-time
 * data folders, environment defaults. main.c holds the command table and
 * the scan/diff/report/gate/rules commands; cmd_fleet.c holds `merge` and
 * `scan --targets`.
 */
#ifndef CG_CLI_H
#define CG_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "../scan/scan.h"

enum {
	EXIT_OK = 0,
	EXIT_POLICY = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_INTERNAL = 4
};

#ifndef CG_VERSION
#define CG_VERSION "0.0.0"
#endif

/* The value of environment variable `name`, or fallback when unset or
 * empty. */
const char *cg_cli_env_or(const char *name, const char *fallback);
/* A run-time data folder (cg_data_dir), looked up once per run. */
const char *cg_cli_data_dir(const char *rel);
/* SOURCE_DATE_EPOCH into *out (left alone when unset); -1 after printing
 * a usage error. */
int cg_cli_source_date_epoch(int64_t *out);
bool cg_cli_valid_uuid(const char *s);

/* `cryptagion merge`. */
int cg_cli_merge(int argc, char **argv);
void cg_cli_usage_merge(FILE *f);
/* `cryptagion scan --targets FILE`: every target of FILE scanned with the
 * options o into one inventory, then one set of deliverables. */
int cg_cli_scan_targets(const cg_scan_opts *o, const char *file, bool quiet);

#endif
