/* cmd_scan.c — `cryptagion scan TARGET`, and `scan --targets FILE`
 * (cmd_fleet.c). */
#include <getopt.h>
#include <stdio.h>

#include "../util/util.h"
#include "cli.h"

static const cg_cli_opt scan_opts[] = {
	{ "ref", 0, "REF", cg_cli_set_ref, CG_CLI_FIELD(scan.ref),
	  "the ref to read without a checkout", "HEAD" },
	{ "base", 0, "REF", cg_cli_set_ref, CG_CLI_FIELD(scan.base),
	  "scan only the files changed since REF and label each finding "
	  "(same as 'cryptagion diff')",
	  NULL },
	{ "targets", 0, "FILE", cg_cli_set_str, CG_CLI_FIELD(targets),
	  "scan every target of FILE (one path, bare mirror or URL per line, "
	  "optionally followed by --ref REF; '#' starts a comment) into one "
	  "inventory, each as its own scan; go on past a failing target "
	  "(exit non-zero at the end); one set of deliverables for all of "
	  "them (docs/fleet.md)",
	  NULL },
	CG_CLI_OPTS_SCAN,
	CG_CLI_OPT_HELP,
	CG_CLI_OPT_END,
};

static int run(int argc, char **argv)
{
	cg_cli_args a;
	cg_scan_summary sum = { 0 };
	cg_scan_opts *o = &a.scan;
	int rc = cg_cli_parse_scan(&a, &cg_cli_cmd_scan, argc, argv);
	if (rc != CG_CLI_CONTINUE)
		goto done;
	if (a.targets && optind == argc && !o->base) {
		rc = cg_cli_scan_targets(o, a.targets, a.quiet);
		goto done;
	}
	if (optind + 1 != argc || a.targets) {
		fprintf(stderr,
		        "cryptagion: scan needs exactly one TARGET or "
		        "--targets FILE (try 'cryptagion scan --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	o->target = argv[optind];
	cg_scan_fail fail;
	int error = cg_scan_run(&sum, &fail, o);
	cg_cli_print_notes(&sum);
	if (error < 0) {
		rc = cg_cli_fail_code(fail);
		goto done;
	}
	if (!a.quiet)
		cg_cli_print_summary(o, &sum);
	rc = EXIT_OK;
done:
	cg_scan_summary_dispose(&sum);
	cg_cli_args_dispose(&a);
	return rc;
}

const cg_cli_command cg_cli_cmd_scan = {
	.name = "scan",
	.summary = "scan a directory, file, repository or URL; write the "
	           "deliverables",
	.run = run,
	.synopsis = "scan [options] TARGET\n"
	            "       cryptagion scan --targets FILE [options]\n",
	.about = "Scan TARGET, record it in the inventory DIR/cryptagion.db (a "
	         "second scan\n"
	         "appends to it) and write the deliverables to DIR: cbom.json, "
	         "roadmap.json,\n"
	         "report.pdf and SHA256SUMS. TARGET is a directory or file "
	         "(read from\n"
	         "disk), a bare repository (read from the object database), a "
	         "work tree\n"
	         "(from disk, or from the object database with --ref), or a "
	         "URL (https://,\n"
	         "ssh://, git://, file://, user@host:path), mirrored into the "
	         "cache folder.\n",
	.opts = scan_opts,
	.epilogue = "SOURCE_DATE_EPOCH, when set, fixes every timestamp. "
	            "Progress goes to\n"
	            "stderr only when it is a terminal.\n",
};
