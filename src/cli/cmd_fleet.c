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
	size_t n = 0;
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
			t = cg_realloc(t, (n + 1) * sizeof(*t));
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
		cg_scan_opts so = *o;
		so.target = t[i].target;
		if (t[i].ref)
			so.ref = t[i].ref;
		so.no_deliverables = true;
		so.keep_scan = false;
		if (tty)
			fprintf(stderr, "[%zu/%zu] %s\n", i + 1, n,
			        t[i].target);
		cg_scan_summary sum = { 0 };
		cg_scan_fail fail = CG_SCAN_FAIL_NONE;
		if (cg_scan_run(&sum, &fail, &so) < 0) {
			fprintf(stderr, "cryptagion: %s:%u: %s\n", file,
			        t[i].line, cg_error_last());
			int code = fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT
			                                      : EXIT_INTERNAL;
			worst = code > worst ? code : worst;
			failed++;
		} else {
			ids[nids++] = sum.scan_id;
			if (!quiet)
				printf("%s: scan %lld, %llu files, %llu "
				       "findings\n",
				       t[i].target, (long long)sum.scan_id,
				       (unsigned long long)sum.files_scanned +
				           (unsigned long long)
				               sum.files_prefiltered,
				       (unsigned long long)sum.findings);
		}
		for (size_t k = 0; k < sum.notes.len; k++)
			fprintf(stderr, "cryptagion: warning: %s\n",
			        sum.notes.items[k]);
		cg_scan_summary_dispose(&sum);
	}
	if (nids) {
		char *std = o->standards ? NULL
		                         : cg_sprintf("%s/standards/standards."
		                                      "yaml",
		                                      o->rules_dir);
		cg_fleet_opts fo = { .out_dir = o->out_dir,
			             .db_path = o->db_path,
			             .standards = std ? std : o->standards,
			             .profile = o->profile,
			             .schema_dir = o->schema_dir,
			             .roadmap_schema_dir =
			                 o->roadmap_schema_dir,
			             .font_dir = o->font_dir,
			             .tool_version = o->tool_version,
			             .title = o->title,
			             .serial = o->serial,
			             .epoch = o->epoch };
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

void cg_cli_usage_merge(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion merge [options] [A.db B.db ...] -o DIR\n"
	        "\n"
	        "Combine inventories (cryptagion.db) made on different "
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
	        "again.\n"
	        "\n"
	        "  -o, --output DIR       deliverables folder (created)\n"
	        "      --db FILE          merged inventory (default: "
	        "DIR/cryptagion.db)\n"
	        "      --profile P        risk profile of the standards "
	        "table (default: nist)\n"
	        "      --standards FILE   standards table (default: "
	        "RULES/standards/standards.yaml)\n"
	        "      --rules DIR        rule folder holding the standards "
	        "table\n"
	        "      --schemas DIR      CycloneDX schema folder\n"
	        "      --roadmap-schemas DIR  folder of "
	        "roadmap-1.0.schema.json\n"
	        "      --fonts DIR        folder of DejaVuSans.ttf and "
	        "DejaVuSans-Bold.ttf\n"
	        "      --title TEXT       engagement name on the report's "
	        "cover\n"
	        "      --serial UUID      fixed CBOM serial number\n"
	        "  -q, --quiet            print nothing on success\n"
	        "  -h, --help             this help\n"
	        "\n"
	        "SOURCE_DATE_EPOCH, when set, fixes every date.\n"
	        "exit codes: 0 ok, 2 usage, 3 input (an inventory missing, "
	        "corrupt or\n"
	        "            of a newer schema; fonts; standards), 4 output\n");
}

int cg_cli_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "profile", required_argument, NULL, 'P' },
		{ "standards", required_argument, NULL, 'T' },
		{ "rules", required_argument, NULL, 'r' },
		{ "schemas", required_argument, NULL, 's' },
		{ "roadmap-schemas", required_argument, NULL, 'R' },
		{ "fonts", required_argument, NULL, 'f' },
		{ "title", required_argument, NULL, 'I' },
		{ "serial", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cg_fleet_opts o = { 0 };
	const char *rules_dir =
	    cg_cli_env_or("CRYPTAGION_RULES", cg_cli_data_dir("rules"));
	o.schema_dir = cg_cli_env_or("CRYPTAGION_SCHEMAS",
	                             cg_cli_data_dir("schemas/cyclonedx"));
	o.roadmap_schema_dir = cg_cli_env_or(
	    "CRYPTAGION_ROADMAP_SCHEMAS", cg_cli_data_dir("schemas/roadmap"));
	o.font_dir = cg_cli_env_or("CRYPTAGION_FONTS", CG_PDF_DEFAULT_FONT_DIR);
	o.tool_version = CG_VERSION;
	o.epoch = -1;
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out_dir = optarg;
			break;
		case 'd':
			o.db_path = optarg;
			break;
		case 'P':
			o.profile = optarg;
			break;
		case 'T':
			o.standards = optarg;
			break;
		case 'r':
			rules_dir = optarg;
			break;
		case 's':
			o.schema_dir = optarg;
			break;
		case 'R':
			o.roadmap_schema_dir = optarg;
			break;
		case 'f':
			o.font_dir = optarg;
			break;
		case 'I':
			o.title = optarg;
			break;
		case 'S':
			if (!cg_cli_valid_uuid(optarg)) {
				fprintf(stderr,
				        "cryptagion: --serial: '%s' is not a "
				        "lower-case UUID\n",
				        optarg);
				return EXIT_USAGE;
			}
			o.serial = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			cg_cli_usage_merge(stdout);
			return EXIT_OK;
		default:
			cg_cli_usage_merge(stderr);
			return EXIT_USAGE;
		}
	}
	if (!o.out_dir) {
		fprintf(stderr, "cryptagion: merge needs -o DIR (try "
		                "'cryptagion merge --help')\n");
		return EXIT_USAGE;
	}
	if (cg_cli_source_date_epoch(&o.epoch) < 0)
		return EXIT_USAGE;
	char *std = o.standards
	                ? NULL
	                : cg_sprintf("%s/standards/standards.yaml", rules_dir);
	if (std)
		o.standards = std;
	cg_fleet_summary sum;
	int error = cg_fleet_merge(&sum, &o, (const char *const *)argv + optind,
	                           (size_t)(argc - optind));
	cg_free(std);
	if (error < 0) {
		fprintf(stderr, "cryptagion: %s\n", cg_error_last());
		return error == CG_ENOTFOUND || error == CG_EPARSE
		           ? EXIT_INPUT
		           : EXIT_INTERNAL;
	}
	if (!quiet) {
		printf("merged %zu scans (%zu already present)\n",
		       sum.scans_added, sum.scans_known);
		print_fleet(&sum, o.out_dir);
	}
	return EXIT_OK;
}
