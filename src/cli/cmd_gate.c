/* cmd_gate.c — `cryptagion gate`: the findings new in a change (two git
 * refs or two trees) under a policy; exit 1 when it is violated. */
#include <getopt.h>
#include <stdio.h>

#include "../gate/gate.h"
#include "../util/util.h"
#include "cli.h"

static const cg_cli_opt gate_opts[] = {
	{ "base", 0, "REF", cg_cli_set_str, CG_CLI_FIELD(base_ref),
	  "the revision before the change", NULL },
	{ "head", 0, "REF", cg_cli_set_str, CG_CLI_FIELD(head_ref),
	  "the revision after it", "HEAD" },
	{ "base-dir", 0, "DIR", cg_cli_set_str, CG_CLI_FIELD(base_dir),
	  "the tree before the change", NULL },
	{ "head-dir", 0, "DIR", cg_cli_set_str, CG_CLI_FIELD(head_dir),
	  "the tree after the change", NULL },
	{ "policy", 0, "FILE", cg_cli_set_str, CG_CLI_FIELD(policy),
	  "cryptagion.policy.yaml (see docs/POLICY.md)",
	  "fail on new findings of severity high or worse" },
	CG_CLI_OPT_SARIF("write SARIF 2.1.0 of the head (baselineState "
	                 "new/unchanged)"),
	CG_CLI_OPT_BASELINE("fingerprints suppressed in the head"),
	CG_CLI_OPT_PROFILE("a profile of the standards table",
	                   "the policy's, else nist"),
	CG_CLI_OPT_OUTPUT("work folder for the two scans", "out/gate"),
	CG_CLI_OPT_JOBS,
	CG_CLI_OPT_QUIET("print only violations and the verdict"),
	CG_CLI_OPT_RULES,
	CG_CLI_OPT_SCHEMAS,
	CG_CLI_OPT_SARIF_SCHEMAS,
	CG_CLI_OPT_STANDARDS,
	CG_CLI_OPTS_SOURCE,
	CG_CLI_OPT_HELP,
	CG_CLI_OPT_END,
};

/* What the gate prints: the two sides, the counts, notes, violations and
 * the verdict. Returns the exit code of the verdict. */
static int print_report(const cg_gate_opts *g, const cg_gate_report *r,
                        bool quiet)
{
	bool git = g->base_ref != NULL;
	const cg_policy_result *res = r->result;
	if (!quiet && git) {
		printf("gate: base %s (%.12s), head %s (%.12s) of %s; "
		       "changed files: %llu new, %llu unchanged, %llu "
		       "removed findings (suppressed and allowed "
		       "included); profile %s\n",
		       g->base_ref, r->head.base_commit, g->head_ref,
		       r->head.commit, g->target,
		       (unsigned long long)r->head.diff_new,
		       (unsigned long long)r->head.diff_unchanged,
		       (unsigned long long)r->head.diff_removed, r->profile);
	} else if (!quiet) {
		printf("gate: base %s (%llu findings), head %s (%llu "
		       "findings), profile %s\n",
		       g->base_dir, (unsigned long long)r->base.findings,
		       g->head_dir, (unsigned long long)r->head.findings,
		       r->profile);
	}
	if (!quiet) {
		printf("gate: head has %zu active findings: %zu new, %zu "
		       "existing; %zu suppressed, %zu allowed by the "
		       "policy\n",
		       res->active, res->new_active, res->existing_active,
		       res->suppressed, res->allowed);
		cg_cli_print_risk(r->head.scan, r->head.suppressed);
	}
	for (size_t i = 0; i < res->notes.len; i++) {
		char *t = cg_ctl_escape(res->notes.items[i]);
		printf("note: %s\n", t);
		cg_free(t);
	}
	for (size_t i = 0; i < res->nviolations; i++) {
		const cg_policy_violation *v = &res->violations[i];
		char *path = cg_ctl_escape(v->path ? v->path : "");
		if (v->line)
			printf("violation: %s:%u: %s [%s] %s: %s\n", path,
			       v->line, v->asset, v->rule_id,
			       v->is_new ? "new" : "existing", v->reasons);
		else
			printf("violation: %s\n", v->reasons);
		cg_free(path);
	}
	if (!res->failed) {
		printf("gate: passed\n");
		return EXIT_OK;
	}
	printf("gate: FAILED: %zu violation%s of %s\n", res->nviolations,
	       res->nviolations == 1 ? "" : "s",
	       g->policy ? g->policy : "the built-in policy");
	return EXIT_POLICY;
}

static int run(int argc, char **argv)
{
	cg_cli_args a;
	cg_cli_args_init(&a, argc);
	a.scan.out_dir = "out/gate";
	cg_gate_report *r = NULL;
	int rc = cg_cli_parse(&a, &cg_cli_cmd_gate, argc, argv, 1, false);
	if (rc != CG_CLI_CONTINUE)
		goto done;
	cg_gate_opts g = { .scan = a.scan,
		           .base_dir = a.base_dir,
		           .head_dir = a.head_dir,
		           .base_ref = a.base_ref,
		           .head_ref = a.head_ref,
		           .out_dir = a.scan.out_dir,
		           .policy = a.policy,
		           .sarif = a.scan.sarif,
		           .baseline = a.scan.baseline };
	/* the gate sets the scans' outputs itself; its scans write the CBOM
	 * only and flag only expired certificates */
	g.scan.out_dir = NULL;
	g.scan.sarif = NULL;
	g.scan.baseline = NULL;
	g.scan.cert_warn_days = 0;
	bool git = g.base_ref || g.head_ref;
	bool dirs = g.base_dir || g.head_dir;
	if (git && !dirs && optind + 1 >= argc && g.base_ref) {
		g.target = optind < argc ? argv[optind] : ".";
		if (!g.head_ref)
			g.head_ref = "HEAD";
	} else if (git || optind != argc || !g.base_dir || !g.head_dir) {
		fprintf(stderr, "cryptagion: gate needs --base REF [--head "
		                "REF] [TARGET], or --base-dir DIR and "
		                "--head-dir DIR (try 'cryptagion gate "
		                "--help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	if (cg_cli_source_date_epoch(&g.scan.epoch) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	cg_scan_fail fail;
	if (cg_gate_run(&r, &fail, &g) < 0) {
		rc = cg_cli_fail_code(fail);
		goto done;
	}
	cg_cli_print_notes(&r->head);
	rc = print_report(&g, r, a.quiet);
done:
	cg_gate_report_free(r);
	cg_cli_args_dispose(&a);
	return rc;
}

const cg_cli_command cg_cli_cmd_gate = {
	.name = "gate",
	.summary = "pull-request gate: the findings new in a change, under a "
	           "policy",
	.run = run,
	.synopsis = "gate --base REF [--head REF] [TARGET] [options]\n"
	            "       cryptagion gate --base-dir DIR --head-dir DIR "
	            "[options]\n",
	.about = "With --base: scan only the files changed between the refs "
	         "BASE and HEAD\n"
	         "of the git repository or URL TARGET (default: the current "
	         "directory);\n"
	         "findings of HEAD whose fingerprint is not in BASE are new. "
	         "With\n"
	         "--base-dir/--head-dir: scan both trees whole. Then apply the "
	         "policy to\n"
	         "the head: exit 1 when it is violated, 0 when not. Without "
	         "--policy: fail\n"
	         "on new findings of severity high or worse.\n",
	.opts = gate_opts,
	.epilogue = "exit codes: 0 policy met, 1 policy violated, 2 usage, 3 "
	            "input error\n"
	            "            (a tree, the policy or the rules), 4 internal "
	            "error\n",
};
