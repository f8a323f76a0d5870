/* cmd_report.c — `cryptagion report`: the deliverables of a recorded scan
 * again, from the inventory alone. */
#include <getopt.h>
#include <stdio.h>

#include "../util/util.h"
#include "cli.h"

static const cg_cli_opt report_opts[] = {
	CG_CLI_OPT_DB("the inventory (cryptagion.db) to read", NULL),
	{ "scan", 0, "ID", cg_cli_set_scan_id, 0, "scan to report",
	  "the newest completed" },
	CG_CLI_OPT_OUTPUT("deliverables folder (created)", NULL),
	CG_CLI_OPT_TITLE,
	CG_CLI_OPT_PROFILE("score again under a profile of the standards "
	                   "table (the new scores replace the recorded ones "
	                   "in the deliverables only)",
	                   "the recorded one"),
	CG_CLI_OPT_STANDARDS,
	CG_CLI_OPT_RULES,
	CG_CLI_OPT_SCHEMAS,
	CG_CLI_OPT_ROADMAP_SCHEMAS,
	CG_CLI_OPT_FONTS,
	CG_CLI_OPT_QUIET("print nothing on success"),
	CG_CLI_OPT_HELP,
	CG_CLI_OPT_END,
};

static int run(int argc, char **argv)
{
	cg_cli_args a;
	cg_cli_args_init(&a, argc);
	cg_cli_args_deliverable_dirs(&a);
	char *std = NULL;
	cg_scan_summary sum = { 0 };
	int rc = cg_cli_parse(&a, &cg_cli_cmd_report, argc, argv, 1, false);
	if (rc != CG_CLI_CONTINUE)
		goto done;
	if (optind != argc || !a.scan.db_path || !a.scan.out_dir) {
		fprintf(stderr, "cryptagion: report needs --db FILE and -o DIR "
		                "(try 'cryptagion report --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	if (cg_cli_source_date_epoch(&a.scan.epoch) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	const cg_report_opts o = {
		.db_path = a.scan.db_path,
		.scan_id = a.scan_id,
		.out_dir = a.scan.out_dir,
		.profile = a.scan.profile,
		.standards = cg_cli_standards(&a.scan, &std),
		.schema_dir = a.scan.schema_dir,
		.roadmap_schema_dir = a.scan.roadmap_schema_dir,
		.font_dir = a.scan.font_dir,
		.tool_version = a.scan.tool_version,
		.title = a.scan.title,
		.epoch = a.scan.epoch,
	};
	cg_scan_fail fail;
	if (cg_report_run(&sum, &fail, &o) < 0) {
		rc = cg_cli_fail_code(fail);
		goto done;
	}
	if (!a.quiet) {
		printf("scan %lld: %llu assets; wrote %s/{cbom.json,"
		       "roadmap.json,report.pdf,SHA256SUMS}\n",
		       (long long)sum.scan_id, (unsigned long long)sum.assets,
		       o.out_dir);
		cg_cli_print_risk(sum.scan, 0);
	}
	rc = EXIT_OK;
done:
	cg_scan_summary_dispose(&sum);
	cg_free(std);
	cg_cli_args_dispose(&a);
	return rc;
}

const cg_cli_command cg_cli_cmd_report = {
	.name = "report",
	.summary = "the deliverables again, from the inventory alone",
	.run = run,
	.synopsis = "report --db FILE [--scan ID] -o DIR [options]\n",
	.about = "Write the deliverables of a recorded scan from the inventory "
	         "alone (the\n"
	         "source is not needed): DIR/cbom.json, DIR/roadmap.json, "
	         "DIR/report.pdf\n"
	         "and DIR/SHA256SUMS (check with 'sha256sum -c SHA256SUMS' in "
	         "DIR).\n",
	.opts = report_opts,
	.epilogue = "SOURCE_DATE_EPOCH, when set, fixes the report date and "
	            "the PDF's dates.\n"
	            "exit codes: 0 ok, 2 usage, 3 input (inventory, scan, "
	            "fonts), 4 output\n",
};
