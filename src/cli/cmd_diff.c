/* cmd_diff.c — `cryptagion diff BASE HEAD [TARGET]`: scan the files
 * changed between two refs and label each finding. */
#include <getopt.h>
#include <stdio.h>

#include "../diff/diff.h"
#include "../util/util.h"
#include "cli.h"

static const cg_cli_opt diff_opts[] = {
	CG_CLI_OPTS_SCAN,
	CG_CLI_OPT_HELP,
	CG_CLI_OPT_END,
};

static int run(int argc, char **argv)
{
	cg_cli_args a;
	cg_diff_result *res = NULL;
	cg_scan_opts *o = &a.scan;
	int rc = cg_cli_parse_scan(&a, &cg_cli_cmd_diff, argc, argv);
	if (rc != CG_CLI_CONTINUE)
		goto done;
	int npos = argc - optind;
	if (npos < 2 || npos > 3) {
		fprintf(stderr, "cryptagion: diff needs BASE HEAD [TARGET] "
		                "(try 'cryptagion diff --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	o->base = argv[optind];
	o->ref = argv[optind + 1];
	o->target = npos == 3 ? argv[optind + 2] : ".";
	cg_scan_fail fail;
	if (cg_diff_run(&res, &fail, o) < 0) {
		rc = cg_cli_fail_code(fail);
		goto done;
	}
	cg_cli_print_notes(&res->summary);
	for (size_t i = 0; i < res->len; i++) {
		const cg_diff_finding *d = &res->items[i];
		char *path = cg_ctl_escape(d->path);
		printf("%-9s %s:%u\t%s\t%s\t%s\t%.16s\n",
		       cg_diff_label_name(d->label), path, d->line, d->asset,
		       d->rule_id, d->context, d->fingerprint);
		cg_free(path);
	}
	if (!a.quiet)
		cg_cli_print_summary(o, &res->summary);
	rc = EXIT_OK;
done:
	cg_diff_free(res);
	cg_cli_args_dispose(&a);
	return rc;
}

const cg_cli_command cg_cli_cmd_diff = {
	.name = "diff",
	.summary = "scan the files changed between two refs; label each "
	           "finding",
	.run = run,
	.synopsis = "diff [options] BASE HEAD [TARGET]\n",
	.about = "Scan only the files changed between the refs BASE and HEAD "
	         "of the git\n"
	         "repository or URL TARGET (default: the current directory), "
	         "renames\n"
	         "followed, and label each finding new, unchanged or removed. "
	         "Prints one\n"
	         "line per finding: label, path:line, asset, rule, context and "
	         "fingerprint\n"
	         "(the fingerprint of docs/POLICY.md: no line number, stable "
	         "when lines\n"
	         "move). The labels are also in the inventory (diff_findings); "
	         "the CBOM\n"
	         "covers the changed files of HEAD.\n",
	.opts = diff_opts,
	/* BASE and HEAD are operands: --base is not --baseline */
	.refused = (const char *const[]){ "base", "ref", "targets", NULL },
	.epilogue = "SOURCE_DATE_EPOCH, when set, fixes every timestamp. "
	            "Progress goes to\n"
	            "stderr only when it is a terminal.\n",
};
