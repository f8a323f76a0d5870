/* cmd_rules.c — `cryptagion rules check` and `cryptagion rules test`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../rules/rules.h"
#include "../util/util.h"
#include "cli.h"

static const cg_cli_opt rules_opts[] = {
	CG_CLI_OPT_RULES,
	{ "fixtures", 0, "DIR", cg_cli_set_str, CG_CLI_FIELD(rules_fixtures),
	  "test: the rule fixtures, DIR/<language>/<rule-id>/",
	  "$CRYPTAGION_RULE_FIXTURES or the source tree's fixtures/rules" },
	CG_CLI_OPT_HELP,
	CG_CLI_OPT_END,
};

/* `rules check`: load and compile every rule, the library table and the
 * standards table, as `scan` loads them. */
static int check(const char *dir)
{
	cg_ruleset *rs = NULL;
	if (cg_rules_load(&rs, dir) < 0) {
		cg_cli_print_error();
		return EXIT_INPUT;
	}
	int rc = EXIT_OK;
	if (cg_scan_check_tables(rs, dir) < 0) {
		cg_cli_print_error();
		rc = EXIT_INPUT;
	} else {
		printf("%zu rules, %zu algorithms, %zu pre-filter words; "
		       "ruleset sha256 %s\n",
		       rs->nrules, rs->nalgs, rs->literals.len, rs->hash);
	}
	cg_rules_free(rs);
	return rc;
}

static int run(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		cg_cli_usage(argc < 2 ? stderr : stdout, &cg_cli_cmd_rules);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	bool test = strcmp(argv[1], "test") == 0;
	if (strcmp(argv[1], "check") != 0 && !test) {
		fprintf(stderr, "cryptagion: unknown rules command '%s'\n",
		        argv[1]);
		cg_cli_usage(stderr, &cg_cli_cmd_rules);
		return EXIT_USAGE;
	}
	cg_cli_args a;
	cg_cli_args_init(&a, argc);
	a.rules_fixtures = cg_cli_env_or("CRYPTAGION_RULE_FIXTURES",
	                                 cg_cli_data_dir("fixtures/rules"));
	const char *fixtures = a.rules_fixtures;
	int rc = cg_cli_parse(&a, &cg_cli_cmd_rules, argc, argv, 2, true);
	if (rc != CG_CLI_CONTINUE)
		goto done;
	if (optind != argc || (!test && a.rules_fixtures != fixtures)) {
		/* --fixtures is for `rules test` */
		cg_cli_usage(stderr, &cg_cli_cmd_rules);
		rc = EXIT_USAGE;
		goto done;
	}
	if (!test) {
		rc = check(a.scan.rules_dir);
		goto done;
	}
	size_t passed, failed;
	if (cg_scan_rules_test(&passed, &failed, a.scan.rules_dir,
	                       a.rules_fixtures, stdout) < 0) {
		cg_cli_print_error();
		rc = EXIT_INPUT;
		goto done;
	}
	rc = failed ? EXIT_POLICY : EXIT_OK;
done:
	cg_cli_args_dispose(&a);
	return rc;
}

const cg_cli_command cg_cli_cmd_rules = {
	.name = "rules",
	.summary = "rules check: compile every rule; rules test: run them on "
	           "fixtures",
	.run = run,
	.synopsis = "rules check [--rules DIR]\n"
	            "       cryptagion rules test [--rules DIR] [--fixtures "
	            "DIR]\n",
	.about = "check  load and compile every rule under DIR and report the "
	         "number of\n"
	         "       rules, or the first error with its file and line "
	         "(exit 3).\n"
	         "test   run every rule on its fixtures, "
	         "FIXTURES/<language>/<rule-id>/\n"
	         "       pos.* and neg.*, comparing with their expect: "
	         "annotations; one\n"
	         "       line per rule and \"N passed, N failed\"; exit 1 when "
	         "a rule fails.\n",
	.opts = rules_opts,
};
