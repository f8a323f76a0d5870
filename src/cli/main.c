/*
 * main.c — the command-line tool: a command table in the style of
 * libgit2's cli, option parsing into cg_scan_opts, exit codes, and the
 * only place (with scan's progress line) that prints.
 *
 * Exit codes: 0 success; 1 policy violation (reserved for the gate);
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
	        "  scan TARGET    scan a directory, file, git repository or "
	        "URL;\n"
	        "                 write the deliverables\n"
	        "  diff BASE HEAD [TARGET]\n"
	        "                 scan the files changed between two refs; "
	        "label\n"
	        "                 each finding new, unchanged or removed\n"
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
	       "\n"
	       "Scan TARGET and write DIR/cbom.json and the inventory "
	       "DIR/cryptagion.db\n"
	       "(a second scan appends to it). TARGET is a directory or file "
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
	       "diff')\n");
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
	        "(sha256 of rule, path, normalised line text and asset: stable "
	        "when lines\n"
	        "move). The labels are also in the inventory (diff_findings); "
	        "the CBOM\n"
	        "covers the changed files of HEAD.\n"
	        "\n");
	usage_common(f);
}

static void usage_rules(FILE *f)
{
	fprintf(f, "usage: cryptagion rules check [--rules DIR]\n"
	           "\n"
	           "Load and compile every rule under DIR (default: built in) "
	           "and report\n"
	           "the number of rules, or the first error with its file and "
	           "line.\n");
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
		{ "ref", required_argument, NULL, 'R' },
		{ "base", required_argument, NULL, 'B' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "cache-dir", required_argument, NULL, 'C' },
		{ "ssh-key", required_argument, NULL, 'K' },
		{ "token-env", required_argument, NULL, 'T' },
		{ "no-host-key-check", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	void (*usage)(FILE *) = is_diff ? usage_diff : usage_scan;
	o->out_dir = "out";
	o->rules_dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	o->schema_dir = env_or("CRYPTAGION_SCHEMAS", CG_DEFAULT_SCHEMA_DIR);
	o->tool_version = CG_VERSION;
	o->max_file_size = 2u * 1024 * 1024;
	o->epoch = -1;
	o->excludes = excl;
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
			if (parse_size(optarg, &o->max_file_size) < 0) {
				fprintf(stderr,
				        "cryptagion: --max-file-size: "
				        "'%s' is not a size\n",
				        optarg);
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
		case 'R':
		case 'B':
			if (is_diff || !*optarg) {
				usage(stderr);
				return EXIT_USAGE;
			}
			if (c == 'R')
				o->ref = optarg;
			else
				o->base = optarg;
			break;
		case 'x':
			excl[o->nexcludes++] = optarg;
			break;
		case 'N':
			o->no_cache = true;
			break;
		case 'C':
			o->cache_dir = optarg;
			break;
		case 'K':
			o->ssh_key = optarg;
			break;
		case 'T':
			o->token_env = optarg;
			break;
		case 'I':
			o->insecure_host = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (*end || v < 0) {
			fprintf(stderr,
			        "cryptagion: SOURCE_DATE_EPOCH='%s' is "
			        "not a number of seconds\n",
			        sde);
			return EXIT_USAGE;
		}
		o->epoch = v;
	}
	o->progress = (!*quiet && isatty(STDERR_FILENO)) ? stderr : NULL;
	return -1;
}

static void print_summary(const cg_scan_opts *o, const cg_scan_summary *sum)
{
	printf(
	    "scanned %llu files (%llu without crypto words, %llu "
	    "skipped, %llu parsed with errors, %llu from the cache); "
	    "%llu findings, %llu assets; wrote %s/cbom.json\n",
	    (unsigned long long)(sum->files_scanned + sum->files_prefiltered),
	    (unsigned long long)sum->files_prefiltered,
	    (unsigned long long)sum->files_skipped,
	    (unsigned long long)sum->parse_errors,
	    (unsigned long long)sum->cache_hits,
	    (unsigned long long)sum->findings, (unsigned long long)sum->assets,
	    o->out_dir);
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
}

static int fail_code(cg_scan_fail fail)
{
	fprintf(stderr, "cryptagion: %s\n", cg_error_last());
	return fail == CG_SCAN_FAIL_INPUT ? EXIT_INPUT : EXIT_INTERNAL;
}

static int cmd_scan(int argc, char **argv)
{
	cg_scan_opts o = { 0 };
	bool quiet;
	const char **excl = cg_calloc((size_t)argc + 1, sizeof(char *));
	int rc = parse_opts(argc, argv, &o, &quiet, excl, false);
	if (rc >= 0)
		goto done;
	if (optind + 1 != argc) {
		fprintf(stderr, "cryptagion: scan needs exactly one TARGET "
		                "(try 'cryptagion scan --help')\n");
		rc = EXIT_USAGE;
		goto done;
	}
	o.target = argv[optind];
	cg_scan_summary sum;
	cg_scan_fail fail;
	if (cg_scan_run(&sum, &fail, &o) < 0) {
		rc = fail_code(fail);
		goto done;
	}
	if (!quiet)
		print_summary(&o, &sum);
	rc = EXIT_OK;
done:
	cg_free(excl);
	return rc;
}

static int cmd_diff(int argc, char **argv)
{
	cg_scan_opts o = { 0 };
	bool quiet;
	cg_diff_result *res = NULL;
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
	if (cg_diff_run(&res, &fail, &o) < 0) {
		rc = fail_code(fail);
		goto done;
	}
	for (size_t i = 0; i < res->len; i++) {
		const cg_diff_finding *d = &res->items[i];
		printf("%-9s %s:%u\t%s\t%s\t%s\t%.16s\n",
		       cg_diff_label_name(d->label), d->path, d->line, d->asset,
		       d->rule_id, d->context, d->fingerprint);
	}
	if (!quiet)
		print_summary(&o, &res->summary);
	rc = EXIT_OK;
done:
	cg_diff_free(res);
	cg_free(excl);
	return rc;
}

static int cmd_rules(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = env_or("CRYPTAGION_RULES", CG_DEFAULT_RULES_DIR);
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage_rules(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "cryptagion: unknown rules command '%s'\n",
		        argv[1]);
		usage_rules(stderr);
		return EXIT_USAGE;
	}
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'r') {
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
	{ "scan", cmd_scan, "scan a directory, repository or URL" },
	{ "diff", cmd_diff, "scan the changes between two refs" },
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
