/* cmd_fleet.c — many repositories: `cryptagion merge` and
 * `cryptagion scan --targets FILE` (docs/fleet.md). */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../emit/emit.h"
#include "../fleet/fleet.h"
#include "../util/array.h"
#include "../util/util.h"
#include "cli.h"

static void print_fleet(const cg_fleet_summary *s, const char *out_dir)
{
	printf("%zu repositories: %llu files scanned, %llu findings, %llu "
	       "misuses, %llu assets (%llu critical, %llu high, %llu medium, "
	       "%llu low, %llu info); quantum readiness %d/100; wrote "
	       "%s/{cbom.json,roadmap.json,report.pdf,SHA256SUMS}\n",
	       s->repos, (unsigned long long)s->files_scanned,
	       (unsigned long long)s->findings, (unsigned long long)s->misuses,
	       (unsigned long long)s->assets, (unsigned long long)s->counts[0],
	       (unsigned long long)s->counts[1],
	       (unsigned long long)s->counts[2],
	       (unsigned long long)s->counts[3],
	       (unsigned long long)s->counts[4], s->readiness, out_dir);
}

/* ---- scan --targets --------------------------------------------------------
 */

typedef struct {
	char *target, *ref;
	unsigned line;
} target_line;

static void targets_free(target_line *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cg_free(t[i].target);
		cg_free(t[i].ref);
	}
	cg_free(t);
}

/* The next whitespace-separated word of *p (NULL at the end). */
static char *word(char **p)
{
	char *s = *p;
	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s)
		return NULL;
	char *e = s;
	while (*e && !isspace((unsigned char)*e))
		e++;
	*p = e;
	return cg_strndup(s, (size_t)(e - s));
}

/* Parse FILE: one target per line, optionally `--ref REF`; blank lines
 * and '#' comments ignored. Prints a usage error naming the line. */
static int read_targets(target_line **out, size_t *nout, const char *file)
{
	char *text = NULL;
	size_t len = 0;
	if (cg_read_file(&text, &len, file, 16u << 20) < 0) {
		fprintf(stderr, "cryptagion: --targets: %s\n", cg_error_last());
		return EXIT_INPUT;
	}
	target_line *t = NULL;
	size_t n = 0, cap = 0;
	unsigned lineno = 0;
	int rc = 0;
	for (char *line = text; line && *line && !rc;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *p = line;
		char *target = word(&p);
		if (target) {
			char *ref = NULL;
			char *w = word(&p);
			bool bad = false;
			if (w && strcmp(w, "--ref") == 0) {
				ref = word(&p);
				bad = !ref;
				cg_free(w);
				w = ref ? word(&p) : NULL;
			} else if (w && strncmp(w, "--ref=", 6) == 0 && w[6]) {
				ref = cg_strdup(w + 6);
				cg_free(w);
				w = word(&p);
			}
			if (w || bad) {
				fprintf(stderr,
				        "cryptagion: %s:%u: expected TARGET "
				        "[--ref REF]\n",
				        file, lineno);
				rc = EXIT_USAGE;
			}
			cg_free(w);
			cg_reserve(t, cap, cg_array__add(n, 1));
			t[n++] = (target_line){ target, ref, lineno };
		}
		line = nl ? nl + 1 : NULL;
	}
	cg_free(text);
	if (!rc && !n) {
		fprintf(stderr, "cryptagion: %s: no target\n", file);
		rc = EXIT_USAGE;
	}
	if (rc) {
		targets_free(t, n);
		return rc;
	}
	*out = t;
	*nout = n;
	return 0;
}

/* The fleet options of the scan options o (the standards path may be
 * allocated into *std, which the caller frees). */
static cg_fleet_opts fleet_opts(const cg_scan_opts *o, char **std)
{
	return (cg_fleet_opts){ .out_dir = o->out_dir,
		                .db_path = o->db_path,
		                .standards = cg_cli_standards(o, std),
		                .profile = o->profile,
		                .schema_dir = o->schema_dir,
		                .roadmap_schema_dir = o->roadmap_schema_dir,
		                .font_dir = o->font_dir,
		                .tool_version = o->tool_version,
		                .title = o->title,
		                .serial = o->serial,
		                .epoch = o->epoch };
}

/* Scan target t of FILE into the inventory (no deliverables): its scan id
 * into *id and EXIT_OK, or the exit code of its failure, printed with the
 * line of FILE. */
static int scan_target(int64_t *id, const cg_scan_opts *o, const target_line *t,
                       const char *file, bool quiet)
{
	cg_scan_opts so = *o;
	so.target = t->target;
	if (t->ref)
		so.ref = t->ref;
	so.no_deliverables = true;
	so.keep_scan = false;
	cg_scan_summary sum = { 0 };
	cg_scan_fail fail = CG_SCAN_FAIL_NONE;
	int rc = EXIT_OK;
	if (cg_scan_run(&sum, &fail, &so) < 0) {
		fprintf(stderr, "cryptagion: %s:%u: %s\n", file, t->line,
		        cg_error_last());
		rc = fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
	} else {
		*id = sum.scan_id;
		if (!quiet)
			printf("%s: scan %lld, %llu files, %llu findings\n",
			       t->target, (long long)sum.scan_id,
			       (unsigned long long)sum.files_scanned +
			           (unsigned long long)sum.files_prefiltered,
			       (unsigned long long)sum.findings);
	}
	for (size_t k = 0; k < sum.notes.len; k++)
		fprintf(stderr, "cryptagion: warning: %s\n",
		        sum.notes.items[k]);
	cg_scan_summary_dispose(&sum);
	return rc;
}

int cg_cli_scan_targets(const cg_scan_opts *o, const char *file, bool quiet)
{
	if (o->sarif || o->write_baseline) {
		fprintf(stderr, "cryptagion: --targets writes one set of "
		                "deliverables; --sarif and --write-baseline "
		                "need one TARGET\n");
		return EXIT_USAGE;
	}
	target_line *t = NULL;
	size_t n = 0;
	int rc = read_targets(&t, &n, file);
	if (rc)
		return rc;
	int64_t *ids = cg_calloc(n, sizeof(int64_t));
	size_t nids = 0, failed = 0;
	int worst = EXIT_OK;
	bool tty = !quiet && isatty(STDERR_FILENO);
	for (size_t i = 0; i < n; i++) {
		if (tty)
			fprintf(stderr, "[%zu/%zu] %s\n", i + 1, n,
			        t[i].target);
		int code = scan_target(&ids[nids], o, &t[i], file, quiet);
		if (code == EXIT_OK)
			nids++;
		else
			failed++;
		worst = code > worst ? code : worst;
	}
	if (nids) {
		char *std;
		const cg_fleet_opts fo = fleet_opts(o, &std);
		cg_fleet_summary fs;
		int error = cg_fleet_deliver(&fs, &fo, ids, nids);
		cg_free(std);
		if (error < 0) {
			fprintf(stderr, "cryptagion: %s\n", cg_error_last());
			worst = error == CG_ENOTFOUND || error == CG_EPARSE
			            ? EXIT_INPUT
			            : EXIT_INTERNAL;
		} else if (!quiet) {
			print_fleet(&fs, o->out_dir);
		}
	}
	if (failed)
		fprintf(stderr, "cryptagion: %zu of %zu targets failed\n",
		        failed, n);
	cg_free(ids);
	targets_free(t, n);
	return worst;
}

/* ---- merge -----------------------------------------------------------------
 */

static const cg_cli_opt merge_opts[] = {
	CG_CLI_OPT_OUTPUT("deliverables folder (created)", NULL),
	CG_CLI_OPT_DB("merged inventory", "DIR/cryptagion.db"),
	CG_CLI_OPT_PROFILE("risk profile of the standards table", "nist"),
	CG_CLI_OPT_STANDARDS,
	CG_CLI_OPT_RULES,
	CG_CLI_OPT_SCHEMAS,
	CG_CLI_OPT_ROADMAP_SCHEMAS,
	CG_CLI_OPT_FONTS,
	CG_CLI_OPT_TITLE,
	CG_CLI_OPT_SERIAL,
	CG_CLI_OPT_QUIET("print nothing on success"),
	CG_CLI_OPT_HELP,
	CG_CLI_OPT_END,
};

static int merge(int argc, char **argv)
{
	cg_cli_args a;
	cg_cli_args_init(&a, argc);
	cg_cli_args_deliverable_dirs(&a);
	char *std = NULL;
	int rc = cg_cli_parse(&a, &cg_cli_cmd_merge, argc, argv, 1, false);
	if (rc != CG_CLI_CONTINUE)
		goto done;
	if (!a.scan.out_dir) {
		fprintf(stderr, "cryptagion: merge needs -o DIR (try "
		                "'cryptagion merge --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	if (cg_cli_source_date_epoch(&a.scan.epoch) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	const cg_fleet_opts o = fleet_opts(&a.scan, &std);
	cg_fleet_summary sum;
	int error = cg_fleet_merge(&sum, &o, (const char *const *)argv + optind,
	                           (size_t)(argc - optind));
	if (error < 0) {
		fprintf(stderr, "cryptagion: %s\n", cg_error_last());
		rc = error == CG_ENOTFOUND || error == CG_EPARSE
		         ? EXIT_INPUT
		         : EXIT_INTERNAL;
		goto done;
	}
	if (!a.quiet) {
		printf("merged %zu scans (%zu already present)\n",
		       sum.scans_added, sum.scans_known);
		print_fleet(&sum, o.out_dir);
	}
	rc = EXIT_OK;
done:
	cg_free(std);
	cg_cli_args_dispose(&a);
	return rc;
}

const cg_cli_command cg_cli_cmd_merge = {
	.name = "merge",
	.summary = "combine many repositories' inventories; write their "
	           "deliverables",
	.run = merge,
	.synopsis = "merge [options] [A.db B.db ...] -o DIR\n",
	.about = "Combine inventories (cryptagion.db) made on different "
	         "machines into\n"
	         "DIR/cryptagion.db (created, or added to), then write the "
	         "organisation's\n"
	         "deliverables to DIR: one CBOM where an asset found in "
	         "several\n"
	         "repositories is one component with the occurrences of each "
	         "(paths\n"
	         "prefixed by the repository's name), the roadmap, a PDF with "
	         "a table per\n"
	         "repository, and SHA256SUMS. The view holds the newest scan "
	         "of every\n"
	         "repository. Scans keep their repository, commit and tool "
	         "version. The\n"
	         "order of the inputs does not change the result; a scan "
	         "already present\n"
	         "is not added again. Every input is checked first: a missing, "
	         "corrupt or\n"
	         "newer-schema input is refused by name and nothing is "
	         "written. With no\n"
	         "input, the deliverables of DIR/cryptagion.db are written "
	         "again.\n",
	.opts = merge_opts,
	.epilogue = "SOURCE_DATE_EPOCH, when set, fixes every date.\n"
	            "exit codes: 0 ok, 2 usage, 3 input (an inventory missing, "
	            "corrupt or\n"
	            "            of a newer schema; fonts; standards), 4 "
	            "output\n",
};
