/*
 * cli.h — what the command files of src/cli share: exit codes, the
 * command table entry, and the option table that generates both the
 * getopt_long parser and the `--help` text of a command (in the way of
 * curl's and libgit2's CLI option tables).
 *
 * A command is one file, cmd_<name>.c, defining a `const cg_cli_command`
 * with its option table; main.c only dispatches through the table of
 * commands. An option is one table entry {long name, short name, argument,
 * setter and target field, help text, default}; options that several
 * commands take are defined once below (CG_CLI_OPT_*) and named in each
 * command's table.
 *
 * Ownership: the parsed values (cg_cli_args) borrow argv; only the array of
 * --exclude patterns is owned (cg_cli_args_dispose frees it).
 */
#ifndef CG_CLI_H
#define CG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../scan/scan.h"

enum {
	EXIT_OK = 0,
	EXIT_POLICY = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_INTERNAL = 4
};

/* A setter's "go on parsing", and its "print the usage to stderr, then
 * exit EXIT_USAGE"; any other value is an exit code. */
#define CG_CLI_CONTINUE (-1)
#define CG_CLI_USAGE_ERROR (-2)

#ifndef CG_VERSION
#define CG_VERSION "0.0.0"
#endif

/* Every value an option can set, for every command: the scan options
 * (scan, diff, gate; report and merge read theirs from here too) and the
 * values only one command has. */
typedef struct {
	cg_scan_opts scan;
	const char **excludes;           /* owned: room for every argument */
	bool quiet;                      /* -q */
	const char *targets;             /* scan --targets FILE */
	const char *base_dir, *head_dir; /* gate: two trees */
	const char *base_ref, *head_ref; /* gate: two revisions */
	const char *policy;              /* gate --policy */
	int64_t scan_id;                 /* report --scan */
	const char *rules_fixtures;      /* rules test --fixtures */
} cg_cli_args;

typedef struct cg_cli_opt cg_cli_opt;

/* Store arg (NULL for a flag) for option opt into a. Returns
 * CG_CLI_CONTINUE, CG_CLI_USAGE_ERROR, or an exit code after printing
 * why. */
typedef int (*cg_cli_setter)(cg_cli_args *a, const cg_cli_opt *opt,
                             const char *arg);

struct cg_cli_opt {
	const char *name;  /* long name, without "--"; NULL ends a table */
	char short_name;   /* 'o' for -o, or 0 */
	const char *arg;   /* the argument's name in --help ("DIR"), or
	                      NULL: a flag without argument */
	cg_cli_setter set; /* stores the value (cg_cli_set_* below) */
	size_t field;      /* offsetof(cg_cli_args, ...) the generic
	                      setters write to */
	const char *help;  /* one sentence, wrapped by --help */
	const char *def;   /* the default as --help shows it, or NULL */
};

typedef struct {
	const char *name;                  /* argv[1] */
	const char *summary;               /* one line of `cryptagion --help` */
	int (*run)(int argc, char **argv); /* argv[0] is the name */
	const char *synopsis;   /* the usage lines after "usage: cryptagion " */
	const char *about;      /* paragraph(s) between usage and options */
	const cg_cli_opt *opts; /* options, ending in { NULL }; NULL: none */
	const char *epilogue;   /* text after the options, or NULL */
	const char *const *refused; /* long names of other commands' options
	                               refused with the usage (so that
	                               getopt_long does not take them for
	                               an abbreviation), NULL-terminated */
} cg_cli_command;

/* The commands, in the order of `cryptagion --help` (main.c). */
extern const cg_cli_command cg_cli_cmd_scan, cg_cli_cmd_report, cg_cli_cmd_diff,
    cg_cli_cmd_gate, cg_cli_cmd_merge, cg_cli_cmd_rules;

/* ---- the generic setters (options.c) ---------------------------------- */

/* field is a `const char *`: the argument */
int cg_cli_set_str(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
/* field is a bool: true */
int cg_cli_set_flag(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
/* field is a `const char *`: a non-empty git ref */
int cg_cli_set_ref(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
/* the checked values, each into its own field */
int cg_cli_set_jobs(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
int cg_cli_set_file_size(cg_cli_args *a, const cg_cli_opt *opt,
                         const char *arg);
int cg_cli_set_serial(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
int cg_cli_set_title(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
int cg_cli_set_profile(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
int cg_cli_set_cert_warn(cg_cli_args *a, const cg_cli_opt *opt,
                         const char *arg);
int cg_cli_set_exclude(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);
int cg_cli_set_scan_id(cg_cli_args *a, const cg_cli_opt *opt, const char *arg);

#define CG_CLI_FIELD(f) offsetof(cg_cli_args, f)

/* ---- options shared by several commands, each defined once ------------ */

#define CG_CLI_OPT_OUTPUT(help, def)                      \
	{                                                 \
		"output", 'o', "DIR", cg_cli_set_str,     \
		    CG_CLI_FIELD(scan.out_dir), help, def \
	}
#define CG_CLI_OPT_DB(help, def)                                             \
	{                                                                    \
		"db", 0, "FILE", cg_cli_set_str, CG_CLI_FIELD(scan.db_path), \
		    help, def                                                \
	}
#define CG_CLI_OPT_QUIET(help)                                            \
	{                                                                 \
		"quiet", 'q', NULL, cg_cli_set_flag, CG_CLI_FIELD(quiet), \
		    help, NULL                                            \
	}
#define CG_CLI_OPT_PROFILE(help, def)                     \
	{                                                 \
		"profile", 0, "P", cg_cli_set_profile,    \
		    CG_CLI_FIELD(scan.profile), help, def \
	}
#define CG_CLI_OPT_JOBS                                                     \
	{                                                                   \
		"jobs", 'j', "N", cg_cli_set_jobs, CG_CLI_FIELD(scan.jobs), \
		    "worker threads, 1 to 1024", "the number of cores"      \
	}
#define CG_CLI_OPT_RULES                                            \
	{                                                           \
		"rules", 0, "DIR", cg_cli_set_str,                  \
		    CG_CLI_FIELD(scan.rules_dir),                   \
		    "rule folder, holding the standards table too", \
		    "$CRYPTAGION_RULES or built in"                 \
	}
#define CG_CLI_OPT_SCHEMAS                                                    \
	{                                                                     \
		"schemas", 0, "DIR", cg_cli_set_str,                          \
		    CG_CLI_FIELD(scan.schema_dir), "CycloneDX schema folder", \
		    "$CRYPTAGION_SCHEMAS or built in"                         \
	}
#define CG_CLI_OPT_SARIF_SCHEMAS                            \
	{                                                   \
		"sarif-schemas", 0, "DIR", cg_cli_set_str,  \
		    CG_CLI_FIELD(scan.sarif_schema_dir),    \
		    "SARIF schema folder",                  \
		    "$CRYPTAGION_SARIF_SCHEMAS or built in" \
	}
#define CG_CLI_OPT_ROADMAP_SCHEMAS                            \
	{                                                     \
		"roadmap-schemas", 0, "DIR", cg_cli_set_str,  \
		    CG_CLI_FIELD(scan.roadmap_schema_dir),    \
		    "folder of roadmap-1.0.schema.json",      \
		    "$CRYPTAGION_ROADMAP_SCHEMAS or built in" \
	}
#define CG_CLI_OPT_FONTS                                                \
	{                                                               \
		"fonts", 0, "DIR", cg_cli_set_str,                      \
		    CG_CLI_FIELD(scan.font_dir),                        \
		    "folder of DejaVuSans.ttf and DejaVuSans-Bold.ttf", \
		    "$CRYPTAGION_FONTS or Debian's fonts-dejavu-core"   \
	}
#define CG_CLI_OPT_STANDARDS                                         \
	{                                                            \
		"standards", 0, "FILE", cg_cli_set_str,              \
		    CG_CLI_FIELD(scan.standards), "standards table", \
		    "RULES/standards/standards.yaml"                 \
	}
#define CG_CLI_OPT_TITLE                                                  \
	{                                                                 \
		"title", 0, "TEXT", cg_cli_set_title,                     \
		    CG_CLI_FIELD(scan.title),                             \
		    "engagement name on the report's cover (at most 200 " \
		    "bytes of "                                           \
		    "UTF-8, no control characters)",                      \
		    NULL                                                  \
	}
#define CG_CLI_OPT_SERIAL                                               \
	{                                                               \
		"serial", 0, "UUID", cg_cli_set_serial,                 \
		    CG_CLI_FIELD(scan.serial),                          \
		    "fixed CBOM serial number, a lower-case UUID (for " \
		    "reproducible "                                     \
		    "output)",                                          \
		    NULL                                                \
	}
#define CG_CLI_OPT_SARIF(help)                                                \
	{                                                                     \
		"sarif", 0, "FILE", cg_cli_set_str, CG_CLI_FIELD(scan.sarif), \
		    help, NULL                                                \
	}
#define CG_CLI_OPT_BASELINE(help)                           \
	{                                                   \
		"baseline", 0, "FILE", cg_cli_set_str,      \
		    CG_CLI_FIELD(scan.baseline), help, NULL \
	}
/* the source options of scan, diff and gate: ignore patterns, the blob
 * cache, and how URLs are fetched */
#define CG_CLI_OPTS_SOURCE                                                    \
	{ "exclude",                                                          \
	  0,                                                                  \
	  "PATTERN",                                                          \
	  cg_cli_set_exclude,                                                 \
	  0,                                                                  \
	  "skip paths matching a .gitignore-style pattern (repeatable; adds " \
	  "to .cryptagionignore)",                                            \
	  NULL },                                                             \
	    { "no-cache",                                                     \
	      0,                                                              \
	      NULL,                                                           \
	      cg_cli_set_flag,                                                \
	      CG_CLI_FIELD(scan.no_cache),                                    \
	      "parse every file (ignore the blob cache)",                     \
	      NULL },                                                         \
	    { "cache-dir",                                                    \
	      0,                                                              \
	      "DIR",                                                          \
	      cg_cli_set_str,                                                 \
	      CG_CLI_FIELD(scan.cache_dir),                                   \
	      "mirrors of URLs",                                              \
	      "$XDG_CACHE_HOME/cryptagion/repos" },                           \
	    { "ssh-key",                                                      \
	      0,                                                              \
	      "FILE",                                                         \
	      cg_cli_set_str,                                                 \
	      CG_CLI_FIELD(scan.ssh_key),                                     \
	      "SSH private key for ssh:// and user@host:path URLs",           \
	      NULL },                                                         \
	    { "token-env",                                                    \
	      0,                                                              \
	      "NAME",                                                         \
	      cg_cli_set_str,                                                 \
	      CG_CLI_FIELD(scan.token_env),                                   \
	      "environment variable holding an HTTPS token",                  \
	      "CRYPTAGION_GIT_TOKEN" },                                       \
	    { "no-host-key-check",                                            \
	      0,                                                              \
	      NULL,                                                           \
	      cg_cli_set_flag,                                                \
	      CG_CLI_FIELD(scan.insecure_host),                               \
	      "accept unknown SSH host keys and unverified TLS certificates " \
	      "(known_hosts is checked by default)",                          \
	      NULL },                                                         \
	    { "allow-http-token",                                             \
	      0,                                                              \
	      NULL,                                                           \
	      cg_cli_set_flag,                                                \
	      CG_CLI_FIELD(scan.allow_http_token),                            \
	      "send the token over plain http:// (refused by default)",       \
	      NULL },                                                         \
	{                                                                     \
		"sarif-no-info", 0, NULL, cg_cli_set_flag,                    \
		    CG_CLI_FIELD(scan.sarif_no_info),                         \
		    "leave inventory results of severity info out of SARIF",  \
		    NULL                                                      \
	}
/* the options of scan that diff takes too */
#define CG_CLI_OPTS_SCAN                                                      \
	CG_CLI_OPT_PROFILE("a risk profile of the standards table: nist, "    \
	                   "bsi or cnsa2 in the built-in one, or one a "      \
	                   "custom table adds",                               \
	                   "nist"),                                           \
	    CG_CLI_OPT_STANDARDS,                                             \
	    CG_CLI_OPT_SARIF("also write SARIF 2.1.0 to FILE"),               \
	    CG_CLI_OPT_SARIF_SCHEMAS,                                         \
	    CG_CLI_OPT_BASELINE(                                              \
	        "findings whose fingerprint is in FILE are suppressed"),      \
	    { "write-baseline",                                               \
	      0,                                                              \
	      "FILE",                                                         \
	      cg_cli_set_str,                                                 \
	      CG_CLI_FIELD(scan.write_baseline),                              \
	      "write this scan's fingerprints to FILE",                       \
	      NULL },                                                         \
	    CG_CLI_OPT_OUTPUT("deliverables folder", "out"),                  \
	    CG_CLI_OPT_DB("inventory database", "DIR/cryptagion.db"),         \
	    CG_CLI_OPT_JOBS, CG_CLI_OPT_QUIET("no progress and no summary"),  \
	    { "max-file-size",                                                \
	      0,                                                              \
	      "N",                                                            \
	      cg_cli_set_file_size,                                           \
	      0,                                                              \
	      "skip files larger than N bytes; K, M and G suffixes allowed, " \
	      "at most 1G",                                                   \
	      "2M" },                                                         \
	    CG_CLI_OPT_RULES, CG_CLI_OPT_SCHEMAS, CG_CLI_OPT_SERIAL,          \
	    CG_CLI_OPTS_SOURCE, CG_CLI_OPT_TITLE, CG_CLI_OPT_FONTS,           \
	    CG_CLI_OPT_ROADMAP_SCHEMAS,                                       \
	{                                                                     \
		"cert-warn-days", 0, "N", cg_cli_set_cert_warn, 0,            \
		    "certificates expiring within N days are flagged as "     \
		    "expiring",                                               \
		    "90"                                                      \
	}
#define CG_CLI_OPT_HELP                                       \
	{                                                     \
		"help", 'h', NULL, NULL, 0, "this help", NULL \
	}
#define CG_CLI_OPT_END                             \
	{                                          \
		NULL, 0, NULL, NULL, 0, NULL, NULL \
	}

/* ---- parsing and help (options.c) ------------------------------------- */

/* Set the defaults every command starts from: CG_SCAN_OPTS_INIT, the rule
 * and schema folders of the environment or the installation, the tool
 * version, and room for argc --exclude patterns. */
void cg_cli_args_init(cg_cli_args *a, int argc);
/* The folders of the roadmap schema and the fonts (the commands that write
 * the deliverables). */
void cg_cli_args_deliverable_dirs(cg_cli_args *a);
void cg_cli_args_dispose(cg_cli_args *a);

/* Parse argv[first..] with cmd's option table (a leading '+' in the
 * generated optstring when stop_at_operand: options end at the first
 * operand). `-h` prints the help to stdout (EXIT_OK); an unknown option or
 * a missing argument prints it to stderr (EXIT_USAGE); jobs 0 becomes
 * the number of cores. Returns CG_CLI_CONTINUE with the operands at
 * argv[optind..], or the exit code. */
int cg_cli_parse(cg_cli_args *a, const cg_cli_command *cmd, int argc,
                 char **argv, int first, bool stop_at_operand);
/* The whole `--help` of a command, generated from its table. */
void cg_cli_usage(FILE *f, const cg_cli_command *cmd);

/* ---- shared by the command files -------------------------------------- */

/* The value of environment variable `name`, or fallback when unset or
 * empty. */
const char *cg_cli_env_or(const char *name, const char *fallback);
/* A run-time data folder (cg_data_dir), looked up once per run. */
const char *cg_cli_data_dir(const char *rel);
/* SOURCE_DATE_EPOCH into *out (left alone when unset); -1 after printing
 * a usage error. */
int cg_cli_source_date_epoch(int64_t *out);
/* The standards table of o: --standards, else
 * RULES/standards/standards.yaml, allocated into *owned (freed by the
 * caller; NULL when not allocated). */
const char *cg_cli_standards(const cg_scan_opts *o, char **owned);
/* What scan and diff do first: the defaults (cg_cli_args_init and the
 * deliverable folders), the options, SOURCE_DATE_EPOCH, then progress on
 * a terminal unless -q. Returns CG_CLI_CONTINUE or the exit code; the
 * caller disposes of a either way. */
int cg_cli_parse_scan(cg_cli_args *a, const cg_cli_command *cmd, int argc,
                      char **argv);
/* The last error, escaped (it may name a path of the scanned tree). */
void cg_cli_print_error(void);
/* The error of a failed scan and its exit code. */
int cg_cli_fail_code(cg_scan_fail fail);
/* The warnings of a scan (expired or invalid suppressions). */
void cg_cli_print_notes(const cg_scan_summary *sum);
/* Repository-level risk figures, one line. */
void cg_cli_print_risk(const cg_inv_scan *s, uint64_t suppressed);
/* The summary of a scan or diff (docs/cryptagion.md, COUNTERS). */
void cg_cli_print_summary(const cg_scan_opts *o, const cg_scan_summary *sum);

/* `cryptagion scan --targets FILE`: every target of FILE scanned with the
 * options o into one inventory, then one set of deliverables. */
int cg_cli_scan_targets(const cg_scan_opts *o, const char *file, bool quiet);

#endif
