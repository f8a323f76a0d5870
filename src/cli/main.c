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

#include "../diff/diff.h"
#include "../emit/emit.h"
#include "../gate/gate.h"
#include "../lang/lang.h"
#include "../rules/rules.h"
#include "../scan/scan.h"
#include "../schema/schema.h"
#include "../util/util.h"
#include "cli.h"

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

/* Run-time data (rules, schemas, rule fixtures) found next to the
 * executable, installed or in the build tree (cg_data_dir); each folder is
 * looked up once and kept for the run. */
static const char *data_dir(const char *rel)
{
	static struct {
		const char *rel;
		char *path;
	} seen[8];
	size_t i = 0;
	for (; i < sizeof(seen) / sizeof(seen[0]) && seen[i].rel; i++)
		if (strcmp(seen[i].rel, rel) == 0)
			return seen[i].path;
	char *path = cg_data_dir(rel);
	if (i < sizeof(seen) / sizeof(seen[0])) {
		seen[i].rel = rel;
		seen[i].path = path;
	}
	return path;
}

#define CG_DEFAULT_RULES_DIR data_dir("rules")
#define CG_DEFAULT_RULE_FIXTURES_DIR data_dir("fixtures/rules")
#define CG_DEFAULT_SCHEMA_DIR data_dir("schemas/cyclonedx")
#define CG_DEFAULT_SARIF_SCHEMA_DIR data_dir("schemas/sarif")
#define CG_DEFAULT_ROADMAP_SCHEMA_DIR data_dir("schemas/roadmap")

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

const char *cg_cli_env_or(const char *name, const char *fallback)
{
	return env_or(name, fallback);
}

const char *cg_cli_data_dir(const char *rel)
{
	return data_dir(rel);
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
	        "  scan TARGET    scan a directory, file, git repository or "
	        "URL;\n"
	        "                 write the deliverables (CBOM, roadmap, PDF, "
	        "checksums)\n"
	        "  report         the deliverables again, from the inventory "
	        "alone\n"
	        "  diff BASE HEAD [TARGET]\n"
	        "                 scan the files changed between two refs; "
	        "label\n"
	        "                 each finding new, unchanged or removed\n"
	        "  gate           pull-request gate: the findings new in a "
	        "change (two\n"
	        "                 git refs or two trees) under a policy\n"
	        "  merge A.db ... -o DIR\n"
	        "                 combine inventories of many repositories "
	        "into one;\n"
	        "                 write the organisation's deliverables\n"
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

static void usage_common(FILE *f)
{
	fprintf(
	    f,
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
	    "      --exclude PATTERN  skip paths matching a .gitignore-style "
	    "pattern\n"
	    "                         (repeatable; adds to "
	    ".cryptagionignore)\n"
	    "      --no-cache         parse every file (ignore the blob "
	    "cache)\n"
	    "      --cache-dir DIR    mirrors of URLs (default: "
	    "$XDG_CACHE_HOME/cryptagion/repos)\n"
	    "      --ssh-key FILE     SSH private key for ssh:// and "
	    "user@host:path URLs\n"
	    "      --token-env NAME   environment variable holding an HTTPS "
	    "token\n"
	    "                         (default: CRYPTAGION_GIT_TOKEN)\n"
	    "      --no-host-key-check\n"
	    "                         accept unknown SSH host keys and "
	    "unverified TLS\n"
	    "                         certificates (known_hosts is checked "
	    "by default)\n"
	    "      --allow-http-token send the token over plain http:// "
	    "(refused by default)\n"
	    "      --sarif-no-info    leave inventory results of severity "
	    "info out of SARIF\n"
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

static void usage_scan(FILE *f)
{
	fprintf(
	    f, "usage: cryptagion scan TARGET [--ref REF] [--base REF] [-o "
	       "DIR] [--db FILE]\n"
	       "                       [--jobs N] [--quiet] [--max-file-size "
	       "BYTES]\n"
	       "                       [--rules DIR] [--schemas DIR] "
	       "[--serial UUID]\n"
	       "                       [--exclude PATTERN]... [--no-cache] "
	       "[--cache-dir DIR]\n"
	       "                       [--ssh-key FILE] [--token-env NAME] "
	       "[--no-host-key-check]\n"
	       "                       [--profile P] [--standards FILE] "
	       "[--sarif FILE]\n"
	       "                       [--baseline FILE] [--write-baseline "
	       "FILE]\n"
	       "                       [--title TEXT] [--fonts DIR] "
	       "[--cert-warn-days N]\n"
	       "\n"
	       "Scan TARGET, record it in the inventory DIR/cryptagion.db (a "
	       "second scan\n"
	       "appends to it) and write the deliverables to DIR: cbom.json, "
	       "roadmap.json,\n"
	       "report.pdf and SHA256SUMS. TARGET is a directory or file "
	       "(read from\n"
	       "disk), a bare repository (read from the object database), a "
	       "work tree\n"
	       "(from disk, or from the object database with --ref), or a URL "
	       "(https://,\n"
	       "ssh://, git://, file://, user@host:path), mirrored into the "
	       "cache folder.\n"
	       "\n"
	       "      --ref REF          the ref to read without a checkout "
	       "(default: HEAD)\n"
	       "      --base REF         scan only the files changed since REF "
	       "and label\n"
	       "                         each finding (same as 'cryptagion "
	       "diff')\n"
	       "      --profile P        a risk profile of the standards table "
	       "(built in:\n"
	       "                         nist (default), bsi, cnsa2)\n"
	       "      --standards FILE   standards table (default: "
	       "RULES/standards/standards.yaml)\n"
	       "      --sarif FILE       also write SARIF 2.1.0 to FILE\n"
	       "      --sarif-schemas DIR  SARIF schema folder (default: "
	       "built in)\n"
	       "      --baseline FILE    findings whose fingerprint is in "
	       "FILE are suppressed\n"
	       "      --write-baseline FILE  write this scan's fingerprints "
	       "to FILE\n"
	       "      --targets FILE     scan every target of FILE (one path, "
	       "bare mirror or\n"
	       "                         URL per line, optionally followed by "
	       "--ref REF;\n"
	       "                         '#' starts a comment) into one "
	       "inventory, each as\n"
	       "                         its own scan; go on past a failing "
	       "target (exit\n"
	       "                         non-zero at the end); one set of "
	       "deliverables\n"
	       "                         for all of them (docs/fleet.md)\n");
	usage_common(f);
}

static void usage_diff(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion diff [options] BASE HEAD [TARGET]\n"
	        "\n"
	        "Scan only the files changed between the refs BASE and HEAD of "
	        "the git\n"
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
	        "covers the changed files of HEAD.\n"
	        "\n");
	usage_common(f);
}

static void usage_gate(FILE *f)
{
	fprintf(f,
	        "usage: cryptagion gate --base REF [--head REF] [TARGET] "
	        "[--policy FILE]\n"
	        "       cryptagion gate --base-dir DIR --head-dir DIR "
	        "[--policy FILE]\n"
	        "                       [--sarif FILE] [--baseline FILE] "
	        "[--profile P] [-o DIR]\n"
	        "                       [--jobs N] [--quiet] [--rules DIR] "
	        "[--schemas DIR]\n"
	        "\n"
	        "With --base: scan only the files changed between the refs "
	        "BASE and HEAD\n"
	        "of the git repository or URL TARGET (default: the current "
	        "directory);\n"
	        "findings of HEAD whose fingerprint is not in BASE are new. "
	        "With\n"
	        "--base-dir/--head-dir: scan both trees whole. Then apply the "
	        "policy to\n"
	        "the head: exit 1 when it is violated, 0 when not. Without "
	        "--policy: fail\n"
	        "on new findings of severity high or worse.\n"
	        "\n"
	        "      --base REF         the revision before the change\n"
	        "      --head REF         the revision after it (default: "
	        "HEAD)\n"
	        "      --base-dir DIR     the tree before the change\n"
	        "      --head-dir DIR     the tree after the change\n"
	        "      --policy FILE      cryptagion.policy.yaml (see "
	        "docs/POLICY.md)\n"
	        "      --sarif FILE       write SARIF 2.1.0 of the head "
	        "(baselineState new/unchanged)\n"
	        "      --baseline FILE    fingerprints suppressed in the "
	        "head\n"
	        "      --profile P        a profile of the standards table "
	        "(default: the\n"
	        "                         policy's, else nist)\n"
	        "  -o, --output DIR       work folder for the two scans "
	        "(default: out/gate)\n"
	        "  -j, --jobs N           worker threads\n"
	        "  -q, --quiet            print only violations and the "
	        "verdict\n"
	        "      --rules DIR, --schemas DIR, --sarif-schemas DIR, "
	        "--standards FILE\n"
	        "      --exclude PATTERN, --no-cache, --cache-dir DIR, "
	        "--ssh-key FILE,\n"
	        "      --token-env NAME, --no-host-key-check: as for "
	        "scan\n"
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

/* --max-file-size: 1 byte to 1 GiB (a file is read whole into memory). */
#define MAX_FILE_SIZE_LIMIT (1024ull * 1024 * 1024)

static int parse_file_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned long long mul = 1;
	if (*end == 'k' || *end == 'K')
		mul = 1024;
	else if (*end == 'm' || *end == 'M')
		mul = 1024 * 1024;
	else if (*end == 'g' || *end == 'G')
		mul = 1024ull * 1024 * 1024;
	if (*s == '-' || errno == ERANGE || (end != s && *end && mul == 1) ||
	    (mul > 1 && end[1]))
		return -1;
	if (end == s || v == 0 || v > MAX_FILE_SIZE_LIMIT / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* --title: printed on the report's cover; at most 200 bytes of UTF-8 text
 * without control characters. */
static bool check_title(const char *t)
{
	const char *why = strlen(t) > 200                ? "over 200 bytes"
	                  : !cg_utf8_valid(t, strlen(t)) ? "not UTF-8"
	                  : cg_has_ctl(t) ? "has control characters"
	                                  : NULL;
	if (why)
		fprintf(stderr, "cryptagion: --title: %s\n", why);
	return !why;
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
	/* the names come from the standards table, checked once it is
	 * loaded; here only their form */
	if (cg_str_is_name(p))
		return true;
	fprintf(stderr, "cryptagion: --profile: '%s' is not a profile name\n",
	        p);
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

int cg_cli_source_date_epoch(int64_t *out)
{
	return source_date_epoch(out);
}

bool cg_cli_valid_uuid(const char *s)
{
	return valid_uuid(s);
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

/* Long options without a short form. */
enum {
	OPT_REF = 256,
	OPT_BASE,
	OPT_HEAD,
	OPT_EXCLUDE,
	OPT_NO_CACHE,
	OPT_CACHE_DIR,
	OPT_SSH_KEY,
	OPT_TOKEN_ENV,
	OPT_NO_HOST_KEY_CHECK,
	OPT_PROFILE,
	OPT_STANDARDS,
	OPT_SARIF,
	OPT_SARIF_SCHEMAS,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_TITLE,
	OPT_FONTS,
	OPT_ROADMAP_SCHEMAS,
	OPT_CERT_WARN,
	OPT_ALLOW_HTTP_TOKEN,
	OPT_SARIF_NO_INFO,
	OPT_TARGETS,
};

/* scan --targets FILE (a file of targets instead of one TARGET) */
static const char *targets_file;

/* The git options shared by scan, diff and gate (for `case` lists). */
static bool git_opt(int c, const char *arg, cg_scan_opts *o, const char **excl)
{
	switch (c) {
	case OPT_EXCLUDE: {
		const char *why = cg_scan_exclude_problem(arg);
		if (why) {
			char *t = cg_ctl_escape(arg);
			fprintf(stderr, "cryptagion: --exclude '%s': %s\n", t,
			        why);
			cg_free(t);
			return false; /* a usage error */
		}
		excl[o->nexcludes++] = arg;
		return true;
	}
	case OPT_NO_CACHE:
		o->no_cache = true;
		return true;
	case OPT_CACHE_DIR:
		o->cache_dir = arg;
		return true;
	case OPT_SSH_KEY:
		o->ssh_key = arg;
		return true;
	case OPT_TOKEN_ENV:
		o->token_env = arg;
		return true;
	case OPT_NO_HOST_KEY_CHECK:
		o->insecure_host = true;
		return true;
	case OPT_ALLOW_HTTP_TOKEN:
		o->allow_http_token = true;
		return true;
	case OPT_SARIF_NO_INFO:
		o->sarif_no_info = true;
		return true;
	default:
		return false;
	}
}

#define GIT_OPTIONS                                                           \
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },                  \
	    { "no-cache", no_argument, NULL, OPT_NO_CACHE },                  \
	    { "cache-dir", required_argument, NULL, OPT_CACHE_DIR },          \
	    { "ssh-key", required_argument, NULL, OPT_SSH_KEY },              \
	    { "token-env", required_argument, NULL, OPT_TOKEN_ENV },          \
	    { "allow-http-token", no_argument, NULL, OPT_ALLOW_HTTP_TOKEN },  \
	    { "sarif-no-info", no_argument, NULL, OPT_SARIF_NO_INFO },        \
	{                                                                     \
		"no-host-key-check", no_argument, NULL, OPT_NO_HOST_KEY_CHECK \
	}

/* Options shared by scan and diff. Returns -1 to go on, else an exit
 * code. `excl` has room for argc patterns. */
static int parse_opts(int argc, char **argv, cg_scan_opts *o, bool *quiet,
                      const char **excl, bool is_diff)
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
		{ "ref", required_argument, NULL, OPT_REF },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "standards", required_argument, NULL, OPT_STANDARDS },
		{ "sarif", required_argument, NULL, OPT_SARIF },
		{ "sarif-schemas", required_argument, NULL, OPT_SARIF_SCHEMAS },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "write-baseline", required_argument, NULL,
		  OPT_WRITE_BASELINE },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "fonts", required_argument, NULL, OPT_FONTS },
		{ "roadmap-schemas", required_argument, NULL,
		  OPT_ROADMAP_SCHEMAS },
		{ "cert-warn-days", required_argument, NULL, OPT_CERT_WARN },
		{ "targets", required_argument, NULL, OPT_TARGETS },
		GIT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	void (*usage)(FILE *) = is_diff ? usage_diff : usage_scan;
	o->out_dir = "out";
	o->rules_dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	o->schema_dir = env_or("CRYPTAGION_SCHEMAS", CG_DEFAULT_SCHEMA_DIR);
	o->sarif_schema_dir =
	    env_or("CRYPTAGION_SARIF_SCHEMAS", CG_DEFAULT_SARIF_SCHEMA_DIR);
	o->tool_version = CG_VERSION;
	o->max_file_size = 2u * 1024 * 1024;
	o->epoch = -1;
	o->excludes = excl;
	o->roadmap_schema_dir =
	    env_or("CRYPTAGION_ROADMAP_SCHEMAS", CG_DEFAULT_ROADMAP_SCHEMA_DIR);
	o->font_dir = env_or("CRYPTAGION_FONTS", CG_PDF_DEFAULT_FONT_DIR);
	o->cert_warn_days = 90;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	*quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out_dir = optarg;
			break;
		case 'd':
			o->db_path = optarg;
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
			o->jobs = (unsigned)v;
			break;
		}
		case 'q':
			*quiet = true;
			break;
		case 'm':
			if (parse_file_size(optarg, &o->max_file_size) < 0) {
				char *t = cg_ctl_escape(optarg);
				fprintf(
				    stderr,
				    "cryptagion: --max-file-size: '%s' is not "
				    "a size from 1 to 1G\n",
				    t);
				cg_free(t);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			o->rules_dir = optarg;
			break;
		case 's':
			o->schema_dir = optarg;
			break;
		case 'S':
			if (!valid_uuid(optarg)) {
				fprintf(stderr,
				        "cryptagion: --serial: '%s' is "
				        "not a lower-case UUID\n",
				        optarg);
				return EXIT_USAGE;
			}
			o->serial = optarg;
			break;
		case OPT_REF:
		case OPT_BASE:
			if (is_diff || !*optarg) {
				usage(stderr);
				return EXIT_USAGE;
			}
			if (c == OPT_REF)
				o->ref = optarg;
			else
				o->base = optarg;
			break;
		case OPT_PROFILE:
			if (!valid_profile(optarg))
				return EXIT_USAGE;
			o->profile = optarg;
			break;
		case OPT_STANDARDS:
			o->standards = optarg;
			break;
		case OPT_SARIF:
			o->sarif = optarg;
			break;
		case OPT_SARIF_SCHEMAS:
			o->sarif_schema_dir = optarg;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			o->write_baseline = optarg;
			break;
		case OPT_TITLE:
			if (!check_title(optarg))
				return EXIT_USAGE;
			o->title = optarg;
			break;
		case OPT_FONTS:
			o->font_dir = optarg;
			break;
		case OPT_ROADMAP_SCHEMAS:
			o->roadmap_schema_dir = optarg;
			break;
		case OPT_CERT_WARN: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 36500) {
				fprintf(stderr,
				        "cryptagion: --cert-warn-days: "
				        "'%s' is not a number of days\n",
				        optarg);
				return EXIT_USAGE;
			}
			o->cert_warn_days = (int)v;
			break;
		}
		case OPT_TARGETS:
			if (is_diff) {
				usage(stderr);
				return EXIT_USAGE;
			}
			targets_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (git_opt(c, optarg, o, excl))
				break;
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (source_date_epoch(&o->epoch) < 0)
		return EXIT_USAGE;
	o->progress = (!*quiet && isatty(STDERR_FILENO)) ? stderr : NULL;
	o->keep_scan = !*quiet;
	return -1;
}

static void print_summary(const cg_scan_opts *o, const cg_scan_summary *sum)
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
		print_risk(sum->scan, sum->suppressed);
}

/* The last error, escaped: it may name a path of the scanned tree. */
static void print_error(void)
{
	char *t = cg_ctl_escape(cg_error_last());
	fprintf(stderr, "cryptagion: %s\n", t);
	cg_free(t);
}

static void print_notes(const cg_scan_summary *sum)
{
	for (size_t i = 0; i < sum->notes.len; i++) {
		/* paths come from the scanned tree: no raw escape sequence
		 * or newline reaches the terminal */
		char *t = cg_ctl_escape(sum->notes.items[i]);
		fprintf(stderr, "cryptagion: warning: %s\n", t);
		cg_free(t);
	}
}

static int fail_code(cg_scan_fail fail)
{
	print_error();
	return fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
}

static int cmd_scan(int argc, char **argv)
{
	cg_scan_opts o = { 0 };
	bool quiet;
	cg_scan_summary sum = { 0 };
	const char **excl = cg_calloc((size_t)argc + 1, sizeof(char *));
	int rc = parse_opts(argc, argv, &o, &quiet, excl, false);
	if (rc >= 0)
		goto done;
	if (targets_file && optind == argc && !o.base) {
		rc = cg_cli_scan_targets(&o, targets_file, quiet);
		goto done;
	}
	if (optind + 1 != argc || targets_file) {
		fprintf(stderr,
		        "cryptagion: scan needs exactly one TARGET or "
		        "--targets FILE (try 'cryptagion scan --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	o.target = argv[optind];
	cg_scan_fail fail;
	int error = cg_scan_run(&sum, &fail, &o);
	print_notes(&sum);
	if (error < 0) {
		rc = fail_code(fail);
		goto done;
	}
	if (!quiet)
		print_summary(&o, &sum);
	rc = EXIT_OK;
done:
	cg_scan_summary_dispose(&sum);
	cg_free(excl);
	return rc;
}

static int cmd_diff(int argc, char **argv)
{
	cg_scan_opts o = { 0 };
	bool quiet;
	cg_gate_diff *res = NULL;
	const char **excl = cg_calloc((size_t)argc + 1, sizeof(char *));
	int rc = parse_opts(argc, argv, &o, &quiet, excl, true);
	if (rc >= 0)
		goto done;
	int npos = argc - optind;
	if (npos < 2 || npos > 3) {
		fprintf(stderr, "cryptagion: diff needs BASE HEAD [TARGET] "
		                "(try 'cryptagion diff --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	o.base = argv[optind];
	o.ref = argv[optind + 1];
	o.target = npos == 3 ? argv[optind + 2] : ".";
	cg_scan_fail fail;
	if (cg_gate_diff_run(&res, &fail, &o) < 0) {
		rc = fail_code(fail);
		goto done;
	}
	print_notes(&res->summary);
	for (size_t i = 0; i < res->len; i++) {
		const cg_diff_finding *d = &res->items[i];
		char *path = cg_ctl_escape(d->path);
		printf("%-9s %s:%u\t%s\t%s\t%s\t%.16s\n",
		       cg_diff_label_name(d->label), path, d->line, d->asset,
		       d->rule_id, d->context, d->fingerprint);
		cg_free(path);
	}
	if (!quiet)
		print_summary(&o, &res->summary);
	rc = EXIT_OK;
done:
	cg_gate_diff_free(res);
	cg_free(excl);
	return rc;
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
	        "      --profile P        score again under a profile of the "
	        "standards table (the new\n"
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
			if (!check_title(optarg))
				return EXIT_USAGE;
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
		print_error();
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
		{ "base", required_argument, NULL, OPT_BASE },
		{ "head", required_argument, NULL, OPT_HEAD },
		GIT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cg_gate_opts g = { 0 };
	const char **excl = cg_calloc((size_t)argc + 1, sizeof(char *));
	int rc = EXIT_USAGE;
	cg_scan_opts *o = &g.scan;
	o->rules_dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	o->schema_dir = env_or("CRYPTAGION_SCHEMAS", CG_DEFAULT_SCHEMA_DIR);
	o->sarif_schema_dir =
	    env_or("CRYPTAGION_SARIF_SCHEMAS", CG_DEFAULT_SARIF_SCHEMA_DIR);
	o->tool_version = CG_VERSION;
	o->max_file_size = 2u * 1024 * 1024;
	o->epoch = -1;
	o->excludes = excl;
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
		case OPT_BASE:
			g.base_ref = optarg;
			break;
		case OPT_HEAD:
			g.head_ref = optarg;
			break;
		case 'P':
			if (!valid_profile(optarg))
				goto done;
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
				goto done;
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
			rc = EXIT_OK;
			goto done;
		default:
			if (git_opt(c, optarg, o, excl))
				break;
			usage_gate(stderr);
			goto done;
		}
	}
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
		goto done;
	}
	if (source_date_epoch(&o->epoch) < 0)
		goto done;
	cg_gate_report *r = NULL;
	cg_scan_fail fail;
	if (cg_gate_run(&r, &fail, &g) < 0) {
		print_error();
		rc = fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
		goto done;
	}
	print_notes(&r->head);
	const cg_policy_result *res = r->result;
	if (!quiet && git) {
		printf("gate: base %s (%.12s), head %s (%.12s) of %s; "
		       "changed files: %llu new, %llu unchanged, %llu "
		       "removed findings (suppressed and allowed "
		       "included); profile %s\n",
		       g.base_ref, r->head.base_commit, g.head_ref,
		       r->head.commit, g.target,
		       (unsigned long long)r->head.diff_new,
		       (unsigned long long)r->head.diff_unchanged,
		       (unsigned long long)r->head.diff_removed, r->profile);
	} else if (!quiet) {
		printf("gate: base %s (%llu findings), head %s (%llu "
		       "findings), profile %s\n",
		       g.base_dir, (unsigned long long)r->base.findings,
		       g.head_dir, (unsigned long long)r->head.findings,
		       r->profile);
	}
	if (!quiet) {
		printf("gate: head has %zu active findings: %zu new, %zu "
		       "existing; %zu suppressed, %zu allowed by the "
		       "policy\n",
		       res->active, res->new_active, res->existing_active,
		       res->suppressed, res->allowed);
		print_risk(r->head.scan, r->head.suppressed);
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
	bool failed = res->failed;
	if (failed)
		printf("gate: FAILED: %zu violation%s of %s\n",
		       res->nviolations, res->nviolations == 1 ? "" : "s",
		       g.policy ? g.policy : "the built-in policy");
	else
		printf("gate: passed\n");
	cg_gate_report_free(r);
	rc = failed ? EXIT_POLICY : EXIT_OK;
done:
	cg_free(excl);
	return rc;
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
			print_error();
			return EXIT_INPUT;
		}
		return failed ? EXIT_POLICY : EXIT_OK;
	}
	cg_ruleset *rs = NULL;
	if (cg_rules_load(&rs, dir) < 0) {
		print_error();
		return EXIT_INPUT;
	}
	/* the library table and the standards table, as `scan` loads them:
	 * a broken one fails here too */
	int rc = EXIT_OK;
	if (cg_scan_check_tables(rs, dir) < 0) {
		print_error();
		rc = EXIT_INPUT;
	} else {
		printf("%zu rules, %zu algorithms, %zu pre-filter words; "
		       "ruleset sha256 %s\n",
		       rs->nrules, rs->nalgs, rs->literals.len, rs->hash);
	}
	cg_rules_free(rs);
	return rc;
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
	{ "scan", cmd_scan, "scan a directory, repository or URL" },
	{ "report", cmd_report, "deliverables from the inventory" },
	{ "diff", cmd_diff, "scan the changes between two refs" },
	{ "gate", cmd_gate, "pull-request gate" },
	{ "merge", cg_cli_merge, "combine inventories" },
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
	else if (strcmp(argv[1], "diff") == 0)
		usage_diff(stdout);
	else if (strcmp(argv[1], "rules") == 0)
		usage_rules(stdout);
	else if (strcmp(argv[1], "gate") == 0)
		usage_gate(stdout);
	else if (strcmp(argv[1], "report") == 0)
		usage_report(stdout);
	else if (strcmp(argv[1], "merge") == 0)
		cg_cli_usage_merge(stdout);
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
