/*
 * main.c — the command-line tool: a command table in the style of
 * libgit2's cli, option parsing into cg_scan_opts, exit codes, and the
 * only place (with scan's progress line) that prints.
 *
 * Exit codes: 0 success; 1 policy violation (the gate);
 * 2 usage error; 3 input error (target, rules); 4 internal or output
 * error (database, disk, a CBOM failing its schema).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../emit/emit.h"
#include "../gate/gate.h"
#include "../lang/lang.h"
#include "../rules/rules.h"
#include "../scan/scan.h"
#include "../schema/schema.h"
#include "../util/util.h"

#ifndef CG_VERSION
#define CG_VERSION "0.0.0"
#endif

enum {
	EXIT_OK = 0,
	EXIT_POLICY = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_INTERNAL = 4
};

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

static void usage_main(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion [--version] [--help] <command> [<args>]\n"
	        "\n"
	        "Find every use of cryptography in a source tree and write a\n"
	        "risk inventory (SQLite) and a CycloneDX 1.6 CBOM.\n"
	        "\n"
	        "commands:\n"
	        "  scan PATH      scan a directory (or file); write the "
	        "deliverables\n"
	        "  report         deliverables (CBOM, roadmap, PDF, "
	        "checksums) from the\n"
	        "                 inventory alone\n"
	        "  gate           pull-request gate: compare two trees "
	        "under a policy\n"
	        "  rules check    load and compile every rule; report the "
	        "first error\n"
	        "  version        print the version\n"
	        "  help [CMD]     show help for a command\n"
	        "\n"
	        "exit codes: 0 ok, 1 policy violation, 2 usage error, 3 input "
	        "error,\n"
	        "            4 internal or output error\n"
	        "See docs/cryptagion.md for the full manual.\n");
}

static void usage_scan(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion scan PATH [-o DIR] [--db FILE] [--jobs N] "
	        "[--quiet]\n"
	        "                       [--max-file-size BYTES] [--rules DIR] "
	        "[--schemas DIR]\n"
	        "                       [--serial UUID] [--profile P] "
	        "[--sarif FILE]\n"
	        "                       [--baseline FILE] [--write-baseline "
	        "FILE]\n"
	        "                       [--title TEXT] [--fonts DIR] "
	        "[--cert-warn-days N]\n"
	        "\n"
	        "Scan PATH (a directory or one file), record it in the "
	        "inventory\n"
	        "DIR/cryptagion.db (a second scan appends to it) and write the "
	        "deliverables\n"
	        "to DIR: cbom.json, roadmap.json, report.pdf and SHA256SUMS.\n"
	        "\n"
	        "  -o, --output DIR       deliverables folder (default: out)\n"
	        "      --db FILE          inventory database (default: "
	        "DIR/cryptagion.db)\n"
	        "  -j, --jobs N           worker threads (default: the number "
	        "of cores)\n"
	        "  -q, --quiet            no progress and no summary\n"
	        "      --max-file-size N  skip files larger than N bytes; K/M "
	        "suffixes\n"
	        "                         allowed (default: 2M)\n"
	        "      --rules DIR        rule folder (default: "
	        "$CRYPTAGION_RULES or built in)\n"
	        "      --schemas DIR      CycloneDX schema folder (default: "
	        "$CRYPTAGION_SCHEMAS)\n"
	        "      --serial UUID      fixed CBOM serial number (for "
	        "reproducible output)\n"
	        "      --profile P        risk profile: nist (default), bsi, "
	        "cnsa2\n"
	        "      --standards FILE   standards table (default: "
	        "RULES/standards/standards.yaml)\n"
	        "      --sarif FILE       also write SARIF 2.1.0 to FILE\n"
	        "      --sarif-schemas DIR  SARIF schema folder (default: "
	        "built in)\n"
	        "      --baseline FILE    findings whose fingerprint is in "
	        "FILE are suppressed\n"
	        "      --write-baseline FILE  write this scan's fingerprints "
	        "to FILE\n"
	        "      --title TEXT       engagement name on the report's "
	        "cover\n"
	        "      --fonts DIR        folder of DejaVuSans.ttf and "
	        "DejaVuSans-Bold.ttf\n"
	        "                         (default: $CRYPTAGION_FONTS or "
	        "Debian's fonts-dejavu-core)\n"
	        "      --roadmap-schemas DIR  folder of "
	        "roadmap-1.0.schema.json (default: built in)\n"
	        "      --cert-warn-days N certificates expiring within N days "
	        "are\n"
	        "                         flagged as expiring (default: 90)\n"
	        "  -h, --help             this help\n"
	        "\n"
	        "SOURCE_DATE_EPOCH, when set, fixes every timestamp. Progress "
	        "goes to\n"
	        "stderr only when it is a terminal.\n");
}

static void usage_gate(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion gate --base-dir DIR --head-dir DIR "
	        "[--policy FILE]\n"
	        "                       [--sarif FILE] [--baseline FILE] "
	        "[--profile P] [-o DIR]\n"
	        "                       [--jobs N] [--quiet] [--rules DIR] "
	        "[--schemas DIR]\n"
	        "\n"
	        "Scan the base and the head trees, compare their findings by "
	        "fingerprint\n"
	        "and apply the policy to the head: exit 1 when it is "
	        "violated, 0 when\n"
	        "not. Without --policy: fail on new findings of severity high "
	        "or worse.\n"
	        "\n"
	        "      --base-dir DIR     the tree before the change\n"
	        "      --head-dir DIR     the tree after the change\n"
	        "      --policy FILE      cryptagion.policy.yaml (see "
	        "docs/POLICY.md)\n"
	        "      --sarif FILE       write SARIF 2.1.0 of the head "
	        "(baselineState new/unchanged)\n"
	        "      --baseline FILE    fingerprints suppressed in the "
	        "head\n"
	        "      --profile P        nist, bsi or cnsa2 (default: the "
	        "policy's, else nist)\n"
	        "  -o, --output DIR       work folder for the two scans "
	        "(default: out/gate)\n"
	        "  -j, --jobs N           worker threads\n"
	        "  -q, --quiet            print only violations and the "
	        "verdict\n"
	        "      --rules DIR, --schemas DIR, --sarif-schemas DIR, "
	        "--standards FILE\n"
	        "  -h, --help             this help\n"
	        "\n"
	        "exit codes: 0 policy met, 1 policy violated, 2 usage, 3 "
	        "input error\n"
	        "            (a tree, the policy or the rules), 4 internal "
	        "error\n");
}

static void usage_rules(FILE *f)
{
	fprintf(f, "usage: cryptagion rules check [--rules DIR]\n"
	           "       cryptagion rules test [--rules DIR] "
	           "[--fixtures DIR]\n"
	           "\n"
	           "check  load and compile every rule under DIR (default: "
	           "built in) and\n"
	           "       report the number of rules, or the first error "
	           "with its file\n"
	           "       and line (exit 3).\n"
	           "test   run every rule on its fixtures, "
	           "FIXTURES/<language>/<rule-id>/\n"
	           "       pos.* and neg.* (default: the source tree's "
	           "fixtures/rules),\n"
	           "       comparing with their expect: annotations; one line "
	           "per rule and\n"
	           "       \"N passed, N failed\"; exit 1 when a rule "
	           "fails.\n");
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'k' || *end == 'K') {
		v *= 1024;
		end++;
	} else if (*end == 'm' || *end == 'M') {
		v *= 1024 * 1024;
		end++;
	} else if (*end == 'g' || *end == 'G') {
		v *= 1024ull * 1024 * 1024;
		end++;
	}
	if (*end || v == 0)
		return -1;
	*out = v;
	return 0;
}

static bool valid_uuid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-'
		         : !((s[i] >= '0' && s[i] <= '9') ||
		             (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

static bool valid_profile(const char *p)
{
	if (strcmp(p, "nist") == 0 || strcmp(p, "bsi") == 0 ||
	    strcmp(p, "cnsa2") == 0)
		return true;
	fprintf(stderr,
	        "cryptagion: --profile: '%s' is not nist, bsi or cnsa2\n", p);
	return false;
}

static int source_date_epoch(int64_t *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end || v < 0) {
			fprintf(stderr,
			        "cryptagion: SOURCE_DATE_EPOCH='%s' is "
			        "not a number of seconds\n",
			        sde);
			return -1;
		}
		*out = v;
	}
	return 0;
}

/* Repository-level risk figures, one line. */
static void print_risk(const cg_inv_scan *s, uint64_t suppressed)
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

static int cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "max-file-size", required_argument, NULL, 'm' },
		{ "rules", required_argument, NULL, 'r' },
		{ "schemas", required_argument, NULL, 's' },
		{ "serial", required_argument, NULL, 'S' },
		{ "profile", required_argument, NULL, 'P' },
		{ "standards", required_argument, NULL, 'T' },
		{ "sarif", required_argument, NULL, 'F' },
		{ "sarif-schemas", required_argument, NULL, 'X' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "write-baseline", required_argument, NULL, 'W' },
		{ "title", required_argument, NULL, 'I' },
		{ "fonts", required_argument, NULL, 'f' },
		{ "roadmap-schemas", required_argument, NULL, 'R' },
		{ "cert-warn-days", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cg_scan_opts o = { 0 };
	o.roadmap_schema_dir =
	    env_or("CRYPTAGION_ROADMAP_SCHEMAS", CG_DEFAULT_ROADMAP_SCHEMA_DIR);
	o.font_dir = env_or("CRYPTAGION_FONTS", CG_PDF_DEFAULT_FONT_DIR);
	o.sarif_schema_dir =
	    env_or("CRYPTAGION_SARIF_SCHEMAS", CG_DEFAULT_SARIF_SCHEMA_DIR);
	o.out_dir = "out";
	o.rules_dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	o.schema_dir = env_or("CRYPTAGION_SCHEMAS", CG_DEFAULT_SCHEMA_DIR);
	o.tool_version = CG_VERSION;
	o.max_file_size = 2u * 1024 * 1024;
	o.epoch = -1;
	o.cert_warn_days = 90;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out_dir = optarg;
			break;
		case 'd':
			o.db_path = optarg;
			break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1024) {
				fprintf(stderr,
				        "cryptagion: --jobs: '%s' is "
				        "not a number from 1 to "
				        "1024\n",
				        optarg);
				return EXIT_USAGE;
			}
			o.jobs = (unsigned)v;
			break;
		}
		case 'q':
			quiet = true;
			break;
		case 'm':
			if (parse_size(optarg, &o.max_file_size) < 0) {
				fprintf(stderr,
				        "cryptagion: --max-file-size: "
				        "'%s' is not a size\n",
				        optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			o.rules_dir = optarg;
			break;
		case 's':
			o.schema_dir = optarg;
			break;
		case 'S':
			if (!valid_uuid(optarg)) {
				fprintf(stderr,
				        "cryptagion: --serial: '%s' is "
				        "not a lower-case UUID\n",
				        optarg);
				return EXIT_USAGE;
			}
			o.serial = optarg;
			break;
		case 'P':
			if (!valid_profile(optarg))
				return EXIT_USAGE;
			o.profile = optarg;
			break;
		case 'T':
			o.standards = optarg;
			break;
		case 'F':
			o.sarif = optarg;
			break;
		case 'X':
			o.sarif_schema_dir = optarg;
			break;
		case 'B':
			o.baseline = optarg;
			break;
		case 'W':
			o.write_baseline = optarg;
			break;
		case 'I':
			o.title = optarg;
			break;
		case 'f':
			o.font_dir = optarg;
			break;
		case 'R':
			o.roadmap_schema_dir = optarg;
			break;
		case 'D': { /* issue 7 */
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 36500) {
				fprintf(stderr,
				        "cryptagion: --cert-warn-days: "
				        "'%s' is not a number of days\n",
				        optarg);
				return EXIT_USAGE;
			}
			o.cert_warn_days = (int)v;
			break;
		}
		case 'h':
			usage_scan(stdout);
			return EXIT_OK;
		default:
			usage_scan(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "cryptagion: scan needs exactly one PATH "
		                "(try 'cryptagion scan --help')\n");
		return EXIT_USAGE;
	}
	o.target = argv[optind];
	if (source_date_epoch(&o.epoch) < 0)
		return EXIT_USAGE;
	o.progress = (!quiet && isatty(STDERR_FILENO)) ? stderr : NULL;
	o.keep_scan = !quiet;
	cg_scan_summary sum;
	cg_scan_fail fail;
	int error = cg_scan_run(&sum, &fail, &o);
	for (size_t i = 0; i < sum.notes.len; i++)
		fprintf(stderr, "cryptagion: warning: %s\n",
		        sum.notes.items[i]);
	if (error < 0) {
		fprintf(stderr, "cryptagion: %s\n", cg_error_last());
		cg_scan_summary_dispose(&sum);
		return fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
	}
	if (!quiet)
		printf("scanned %llu files (%llu without crypto words, %llu "
		       "skipped, %llu parsed with errors); %llu findings, "
		       "%llu assets; wrote %s/{cbom.json,roadmap.json,"
		       "report.pdf,SHA256SUMS}\n",
		       (unsigned long long)(sum.files_scanned +
		                            sum.files_prefiltered),
		       (unsigned long long)sum.files_prefiltered,
		       (unsigned long long)sum.files_skipped,
		       (unsigned long long)sum.parse_errors,
		       (unsigned long long)sum.findings,
		       (unsigned long long)sum.assets, o.out_dir);
	if (!quiet && sum.scan)
		print_risk(sum.scan, sum.suppressed);
	cg_scan_summary_dispose(&sum);
	return EXIT_OK;
}

static void usage_report(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion report --db FILE [--scan ID] -o DIR "
	        "[--title TEXT]\n"
	        "                         [--profile P] [--standards FILE] "
	        "[--rules DIR]\n"
	        "                         [--schemas DIR] [--roadmap-schemas "
	        "DIR] [--fonts DIR]\n"
	        "                         [--quiet]\n"
	        "\n"
	        "Write the deliverables of a recorded scan from the inventory "
	        "alone (the\n"
	        "source is not needed): DIR/cbom.json, DIR/roadmap.json, "
	        "DIR/report.pdf\n"
	        "and DIR/SHA256SUMS (check with 'sha256sum -c SHA256SUMS' in "
	        "DIR).\n"
	        "\n"
	        "      --db FILE          the inventory (cryptagion.db) to "
	        "read\n"
	        "      --scan ID          scan to report (default: the newest "
	        "completed)\n"
	        "  -o, --output DIR       deliverables folder (created)\n"
	        "      --title TEXT       engagement name on the report's "
	        "cover\n"
	        "      --profile P        score again under nist, bsi or "
	        "cnsa2 (the new\n"
	        "                         scores replace the recorded ones)\n"
	        "      --standards FILE   standards table (default: "
	        "RULES/standards/standards.yaml)\n"
	        "      --rules DIR        rule folder holding the standards "
	        "table\n"
	        "      --schemas DIR      CycloneDX schema folder\n"
	        "      --roadmap-schemas DIR  folder of "
	        "roadmap-1.0.schema.json\n"
	        "      --fonts DIR        folder of DejaVuSans.ttf and "
	        "DejaVuSans-Bold.ttf\n"
	        "  -q, --quiet            print nothing on success\n"
	        "  -h, --help             this help\n"
	        "\n"
	        "SOURCE_DATE_EPOCH, when set, fixes the report date and the "
	        "PDF's dates.\n"
	        "exit codes: 0 ok, 2 usage, 3 input (inventory, scan, fonts), "
	        "4 output\n");
}

static int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "scan", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, 'I' },
		{ "profile", required_argument, NULL, 'P' },
		{ "standards", required_argument, NULL, 'T' },
		{ "rules", required_argument, NULL, 'r' },
		{ "schemas", required_argument, NULL, 's' },
		{ "roadmap-schemas", required_argument, NULL, 'R' },
		{ "fonts", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cg_report_opts o = { 0 };
	const char *rules_dir =
	    env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	o.schema_dir = env_or("CRYPTAGION_SCHEMAS", CG_DEFAULT_SCHEMA_DIR);
	o.roadmap_schema_dir =
	    env_or("CRYPTAGION_ROADMAP_SCHEMAS", CG_DEFAULT_ROADMAP_SCHEMA_DIR);
	o.font_dir = env_or("CRYPTAGION_FONTS", CG_PDF_DEFAULT_FONT_DIR);
	o.tool_version = CG_VERSION;
	o.epoch = -1;
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db_path = optarg;
			break;
		case 'n': {
			char *end;
			long long v = strtoll(optarg, &end, 10);
			if (*end || v < 1) {
				fprintf(stderr,
				        "cryptagion: --scan: '%s' is not a "
				        "scan id\n",
				        optarg);
				return EXIT_USAGE;
			}
			o.scan_id = v;
			break;
		}
		case 'o':
			o.out_dir = optarg;
			break;
		case 'I':
			o.title = optarg;
			break;
		case 'P':
			if (!valid_profile(optarg))
				return EXIT_USAGE;
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
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage_report(stdout);
			return EXIT_OK;
		default:
			usage_report(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !o.db_path || !o.out_dir) {
		fprintf(stderr, "cryptagion: report needs --db FILE and -o DIR "
		                "(try 'cryptagion report --help')\n");
		return EXIT_USAGE;
	}
	if (source_date_epoch(&o.epoch) < 0)
		return EXIT_USAGE;
	char *std = o.standards
	                ? NULL
	                : cg_sprintf("%s/standards/standards.yaml", rules_dir);
	if (std)
		o.standards = std;
	cg_scan_summary sum;
	cg_scan_fail fail;
	int error = cg_report_run(&sum, &fail, &o);
	cg_free(std);
	if (error < 0) {
		fprintf(stderr, "cryptagion: %s\n", cg_error_last());
		cg_scan_summary_dispose(&sum);
		return fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
	}
	if (!quiet) {
		printf("scan %lld: %llu assets; wrote %s/{cbom.json,"
		       "roadmap.json,report.pdf,SHA256SUMS}\n",
		       (long long)sum.scan_id, (unsigned long long)sum.assets,
		       o.out_dir);
		print_risk(sum.scan, 0);
	}
	cg_scan_summary_dispose(&sum);
	return EXIT_OK;
}

static int cmd_gate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base-dir", required_argument, NULL, 'b' },
		{ "head-dir", required_argument, NULL, 'H' },
		{ "policy", required_argument, NULL, 'p' },
		{ "sarif", required_argument, NULL, 'F' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "profile", required_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "rules", required_argument, NULL, 'r' },
		{ "schemas", required_argument, NULL, 's' },
		{ "sarif-schemas", required_argument, NULL, 'X' },
		{ "standards", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cg_gate_opts g = { 0 };
	cg_scan_opts *o = &g.scan;
	o->rules_dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	o->schema_dir = env_or("CRYPTAGION_SCHEMAS", CG_DEFAULT_SCHEMA_DIR);
	o->sarif_schema_dir =
	    env_or("CRYPTAGION_SARIF_SCHEMAS", CG_DEFAULT_SARIF_SCHEMA_DIR);
	o->tool_version = CG_VERSION;
	o->max_file_size = 2u * 1024 * 1024;
	o->epoch = -1;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	g.out_dir = "out/gate";
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			g.base_dir = optarg;
			break;
		case 'H':
			g.head_dir = optarg;
			break;
		case 'p':
			g.policy = optarg;
			break;
		case 'F':
			g.sarif = optarg;
			break;
		case 'B':
			g.baseline = optarg;
			break;
		case 'P':
			if (!valid_profile(optarg))
				return EXIT_USAGE;
			o->profile = optarg;
			break;
		case 'o':
			g.out_dir = optarg;
			break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1024) {
				fprintf(stderr,
				        "cryptagion: --jobs: '%s' is not a "
				        "number from 1 to 1024\n",
				        optarg);
				return EXIT_USAGE;
			}
			o->jobs = (unsigned)v;
			break;
		}
		case 'q':
			quiet = true;
			break;
		case 'r':
			o->rules_dir = optarg;
			break;
		case 's':
			o->schema_dir = optarg;
			break;
		case 'X':
			o->sarif_schema_dir = optarg;
			break;
		case 'T':
			o->standards = optarg;
			break;
		case 'h':
			usage_gate(stdout);
			return EXIT_OK;
		default:
			usage_gate(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !g.base_dir || !g.head_dir) {
		fprintf(stderr, "cryptagion: gate needs --base-dir DIR and "
		                "--head-dir DIR (try 'cryptagion gate "
		                "--help')\n");
		return EXIT_USAGE;
	}
	if (source_date_epoch(&o->epoch) < 0)
		return EXIT_USAGE;
	cg_gate_report *r = NULL;
	cg_scan_fail fail;
	if (cg_gate_run(&r, &fail, &g) < 0) {
		fprintf(stderr, "cryptagion: %s\n", cg_error_last());
		return fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
	}
	const cg_policy_result *res = r->result;
	if (!quiet) {
		printf("gate: base %s (%llu findings), head %s (%llu "
		       "findings), profile %s\n",
		       g.base_dir, (unsigned long long)r->base.findings,
		       g.head_dir, (unsigned long long)r->head.findings,
		       r->profile);
		printf("gate: head has %zu active findings: %zu new, %zu "
		       "existing; %zu suppressed, %zu allowed by the "
		       "policy\n",
		       res->active, res->new_active, res->existing_active,
		       res->suppressed, res->allowed);
		print_risk(r->head.scan, r->head.suppressed);
	}
	for (size_t i = 0; i < res->notes.len; i++)
		printf("note: %s\n", res->notes.items[i]);
	for (size_t i = 0; i < res->nviolations; i++) {
		const cg_policy_violation *v = &res->violations[i];
		if (v->line)
			printf("violation: %s:%u: %s [%s] %s: %s\n", v->path,
			       v->line, v->asset, v->rule_id,
			       v->is_new ? "new" : "existing", v->reasons);
		else
			printf("violation: %s\n", v->reasons);
	}
	bool failed = res->failed;
	if (failed)
		printf("gate: FAILED: %zu violation%s of %s\n",
		       res->nviolations, res->nviolations == 1 ? "" : "s",
		       g.policy ? g.policy : "the built-in policy");
	else
		printf("gate: passed\n");
	cg_gate_report_free(r);
	return failed ? EXIT_POLICY : EXIT_OK;
}

static int cmd_rules(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "fixtures", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage_rules(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	bool test = strcmp(argv[1], "test") == 0;
	if (strcmp(argv[1], "check") != 0 && !test) {
		fprintf(stderr, "cryptagion: unknown rules command '%s'\n",
		        argv[1]);
		usage_rules(stderr);
		return EXIT_USAGE;
	}
	const char *fixtures =
	    env_or("CRYPTAGION_RULE_FIXTURES", CG_DEFAULT_RULE_FIXTURES_DIR);
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'f' && test) {
			fixtures = optarg;
		} else if (c == 'r') {
			dir = optarg;
		} else if (c == 'h') {
			usage_rules(stdout);
			return EXIT_OK;
		} else {
			usage_rules(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage_rules(stderr);
		return EXIT_USAGE;
	}
	if (test) {
		size_t passed, failed;
		if (cg_scan_rules_test(&passed, &failed, dir, fixtures,
		                       stdout) < 0) {
			fprintf(stderr, "cryptagion: %s\n", cg_error_last());
			return EXIT_INPUT;
		}
		return failed ? EXIT_POLICY : EXIT_OK;
	}
	cg_ruleset *rs = NULL;
	if (cg_rules_load(&rs, dir) < 0) {
		fprintf(stderr, "cryptagion: %s\n", cg_error_last());
		return EXIT_INPUT;
	}
	printf("%zu rules, %zu algorithms, %zu pre-filter words; ruleset "
	       "sha256 %s\n",
	       rs->nrules, rs->nalgs, rs->literals.len, rs->hash);
	cg_rules_free(rs);
	return EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("cryptagion %s (tree-sitter language ABI %d, %zu language "
	       "packs)\n",
	       CG_VERSION, TREE_SITTER_LANGUAGE_VERSION, cg_lang_count());
	return EXIT_OK;
}

static int cmd_help(int argc, char **argv);

static const command commands[] = {
	{ "scan", cmd_scan, "scan a directory" },
	{ "report", cmd_report, "deliverables from the inventory" },
	{ "gate", cmd_gate, "pull-request gate" },
	{ "rules", cmd_rules, "check the rules" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "show help" },
};

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage_main(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "scan") == 0)
		usage_scan(stdout);
	else if (strcmp(argv[1], "rules") == 0)
		usage_rules(stdout);
	else if (strcmp(argv[1], "gate") == 0)
		usage_gate(stdout);
	else if (strcmp(argv[1], "report") == 0)
		usage_report(stdout);
	else if (strcmp(argv[1], "version") == 0 ||
	         strcmp(argv[1], "help") == 0)
		usage_main(stdout);
	else {
		fprintf(stderr, "cryptagion: no command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	int rc = EXIT_USAGE;
	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(0, NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_main(stdout);
		return EXIT_OK;
	}
	bool found = false;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			rc = commands[i].run(argc - 1, argv + 1);
			found = true;
			break;
		}
	if (!found) {
		fprintf(stderr,
		        "cryptagion: '%s' is not a command; see "
		        "'cryptagion --help'\n",
		        argv[1]);
		rc = EXIT_USAGE;
	}
	cg_schema_cache_clear();
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "cryptagion: writing to standard output "
		                "failed\n");
		return EXIT_INTERNAL;
	}
	return rc;
}
