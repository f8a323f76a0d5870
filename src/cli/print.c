/*
 * print.c — what several commands print: errors, warnings, the summary
 * of a scan and its risk figures.
 */
#include <stdio.h>

#include "../util/util.h"
#include "cli.h"

void cg_cli_print_risk(const cg_inv_scan *s, uint64_t suppressed)
{
	if (!s->risk.scored)
		return;
	printf("risk (%s, standards %s): %llu critical, %llu high, %llu "
	       "medium, %llu low, %llu info; %.0f%% of assets "
	       "quantum-vulnerable; quantum readiness %d/100; %llu "
	       "suppressed\n",
	       s->risk.profile, s->risk.standards_version,
	       (unsigned long long)s->risk.counts[0],
	       (unsigned long long)s->risk.counts[1],
	       (unsigned long long)s->risk.counts[2],
	       (unsigned long long)s->risk.counts[3],
	       (unsigned long long)s->risk.counts[4],
	       100.0 * s->risk.quantum_vulnerable_share, s->risk.readiness,
	       (unsigned long long)suppressed);
}

void cg_cli_print_summary(const cg_scan_opts *o, const cg_scan_summary *sum)
{
	/* the counters of docs/cryptagion.md (COUNTERS), as in the CBOM */
	printf("examined %llu files (%llu parsed, %llu without crypto "
	       "words; %llu of them from the cache; %llu parsed with "
	       "errors), %llu skipped, %llu of no supported language; "
	       "%llu findings (%llu occurrences, %llu misuses), %llu "
	       "assets; wrote %s/{cbom.json,roadmap.json,report.pdf,"
	       "SHA256SUMS}\n",
	       (unsigned long long)sum->files_scanned +
	           (unsigned long long)sum->files_prefiltered,
	       (unsigned long long)sum->files_scanned,
	       (unsigned long long)sum->files_prefiltered,
	       (unsigned long long)sum->cache_hits,
	       (unsigned long long)sum->parse_errors,
	       (unsigned long long)sum->files_skipped,
	       (unsigned long long)sum->files_unsupported,
	       (unsigned long long)sum->findings,
	       (unsigned long long)(sum->findings - sum->misuses),
	       (unsigned long long)sum->misuses,
	       (unsigned long long)sum->assets, o->out_dir);
	if (sum->commit[0])
		printf("%s: commit %s (%s)%s%s\n", o->base ? "head" : "source",
		       sum->commit, o->ref ? o->ref : "HEAD",
		       o->base ? "; base commit " : "",
		       o->base ? sum->base_commit : "");
	if (o->base)
		printf("diff: %llu new, %llu unchanged, %llu removed\n",
		       (unsigned long long)sum->diff_new,
		       (unsigned long long)sum->diff_unchanged,
		       (unsigned long long)sum->diff_removed);
	if (sum->scan)
		cg_cli_print_risk(sum->scan, sum->suppressed);
}

void cg_cli_print_error(void)
{
	char *t = cg_ctl_escape(cg_error_last());
	fprintf(stderr, "cryptagion: %s\n", t);
	cg_free(t);
}

void cg_cli_print_notes(const cg_scan_summary *sum)
{
	for (size_t i = 0; i < sum->notes.len; i++) {
		/* paths come from the scanned tree: no raw escape sequence
		 * or newline reaches the terminal */
		char *t = cg_ctl_escape(sum->notes.items[i]);
		fprintf(stderr, "cryptagion: warning: %s\n", t);
		cg_free(t);
	}
}

int cg_cli_fail_code(cg_scan_fail fail)
{
	cg_cli_print_error();
	return fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
}
