/*
 * options.c — the option tables at work: the setters that check and store
 * a value, the getopt_long array and optstring generated from a command's
 * table, and the `--help` text generated from the same table.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../emit/emit.h"
#include "../util/util.h"
#include "cli.h"

/* ---- environment and data folders --------------------------------------
 */

/* Run-time data (rules, schemas, rule fixtures) found next to the
 * executable, installed or in the build tree (cg_data_dir); each folder is
 * looked up once and kept for the run. */
const char *cg_cli_data_dir(const char *rel)
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

const char *cg_cli_env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

void cg_cli_args_init(cg_cli_args *a, int argc)
{
	*a = (cg_cli_args){ .scan = CG_SCAN_OPTS_INIT };
	cg_scan_opts *o = &a->scan;
	o->rules_dir =
	    cg_cli_env_or("CRYPTAGION_RULES", cg_cli_data_dir("rules"));
	o->schema_dir = cg_cli_env_or("CRYPTAGION_SCHEMAS",
	                              cg_cli_data_dir("schemas/cyclonedx"));
	o->sarif_schema_dir = cg_cli_env_or("CRYPTAGION_SARIF_SCHEMAS",
	                                    cg_cli_data_dir("schemas/sarif"));
	o->tool_version = CG_VERSION;
	a->excludes = cg_calloc((size_t)argc + 1, sizeof(char *));
	o->excludes = a->excludes;
}

void cg_cli_args_deliverable_dirs(cg_cli_args *a)
{
	a->scan.roadmap_schema_dir = cg_cli_env_or(
	    "CRYPTAGION_ROADMAP_SCHEMAS", cg_cli_data_dir("schemas/roadmap"));
	a->scan.font_dir =
	    cg_cli_env_or("CRYPTAGION_FONTS", CG_PDF_DEFAULT_FONT_DIR);
}

void cg_cli_args_dispose(cg_cli_args *a)
{
	cg_free(a->excludes);
	a->excludes = NULL;
	a->scan.excludes = NULL;
}

int cg_cli_source_date_epoch(int64_t *out)
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

/* ---- setters -----------------------------------------------------------
 */

static void *field(cg_cli_args *a, const cg_cli_opt *opt)
{
	return (char *)a + opt->field;
}

int cg_cli_set_str(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	*(const char **)field(a, opt) = arg;
	return CG_CLI_CONTINUE;
}

int cg_cli_set_flag(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	(void)arg;
	*(bool *)field(a, opt) = true;
	return CG_CLI_CONTINUE;
}

int cg_cli_set_ref(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	if (!*arg)
		return CG_CLI_USAGE_ERROR;
	return cg_cli_set_str(a, opt, arg);
}

int cg_cli_set_jobs(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	(void)opt;
	char *end;
	long v = strtol(arg, &end, 10);
	if (*end || v < 1 || v > 1024) {
		fprintf(stderr,
		        "cryptagion: --jobs: '%s' is not a number from 1 to "
		        "1024\n",
		        arg);
		return EXIT_USAGE;
	}
	a->scan.jobs = (unsigned)v;
	return CG_CLI_CONTINUE;
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

int cg_cli_set_file_size(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	(void)opt;
	if (parse_file_size(arg, &a->scan.max_file_size) < 0) {
		char *t = cg_ctl_escape(arg);
		fprintf(stderr,
		        "cryptagion: --max-file-size: '%s' is not a size from "
		        "1 to 1G\n",
		        t);
		cg_free(t);
		return EXIT_USAGE;
	}
	return CG_CLI_CONTINUE;
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

int cg_cli_set_serial(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	if (!valid_uuid(arg)) {
		fprintf(stderr,
		        "cryptagion: --serial: '%s' is not a lower-case "
		        "UUID\n",
		        arg);
		return EXIT_USAGE;
	}
	return cg_cli_set_str(a, opt, arg);
}

/* --title: printed on the report's cover; at most 200 bytes of UTF-8 text
 * without control characters. */
int cg_cli_set_title(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	const char *why = strlen(arg) > 200                  ? "over 200 bytes"
	                  : !cg_utf8_valid(arg, strlen(arg)) ? "not UTF-8"
	                  : cg_has_ctl(arg) ? "has control characters"
	                                    : NULL;
	if (why) {
		fprintf(stderr, "cryptagion: --title: %s\n", why);
		return EXIT_USAGE;
	}
	return cg_cli_set_str(a, opt, arg);
}

int cg_cli_set_profile(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	/* the names come from the standards table, checked once it is
	 * loaded; here only their form */
	if (!cg_str_is_name(arg)) {
		fprintf(stderr,
		        "cryptagion: --profile: '%s' is not a profile name\n",
		        arg);
		return EXIT_USAGE;
	}
	return cg_cli_set_str(a, opt, arg);
}

int cg_cli_set_cert_warn(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	(void)opt;
	char *end;
	long v = strtol(arg, &end, 10);
	if (*end || v < 0 || v > 36500) {
		fprintf(stderr,
		        "cryptagion: --cert-warn-days: '%s' is not a number "
		        "of days\n",
		        arg);
		return EXIT_USAGE;
	}
	a->scan.cert_warn_days = (int)v;
	return CG_CLI_CONTINUE;
}

int cg_cli_set_exclude(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	(void)opt;
	const char *why = cg_scan_exclude_problem(arg);
	if (why) {
		char *t = cg_ctl_escape(arg);
		fprintf(stderr, "cryptagion: --exclude '%s': %s\n", t, why);
		cg_free(t);
		return CG_CLI_USAGE_ERROR;
	}
	a->excludes[a->scan.nexcludes++] = arg;
	return CG_CLI_CONTINUE;
}

int cg_cli_set_scan_id(cg_cli_args *a, const cg_cli_opt *opt, const char *arg)
{
	(void)opt;
	char *end;
	long long v = strtoll(arg, &end, 10);
	if (*end || v < 1) {
		fprintf(stderr, "cryptagion: --scan: '%s' is not a scan id\n",
		        arg);
		return EXIT_USAGE;
	}
	a->scan_id = v;
	return CG_CLI_CONTINUE;
}

/* ---- the parser --------------------------------------------------------
 */

/* getopt_long's value for the long-only option of table row i */
#define LONG_ONLY(i) (256 + (int)(i))

/* The getopt_long array (*lo_out, n rows of the table then the refused
 * names) and the optstring (*optstring_out) of cmd; both owned by the
 * caller. Returns the number of table rows. */
static size_t getopt_tables(struct option **lo_out, char **optstring_out,
                            const cg_cli_command *cmd, bool stop_at_operand)
{
	const cg_cli_opt *t = cmd->opts;
	size_t n = 0, nr = 0;
	while (t[n].name)
		n++;
	while (cmd->refused && cmd->refused[nr])
		nr++;
	struct option *lo = cg_calloc(n + nr + 1, sizeof(*lo));
	char *optstring = cg_calloc(2 * n + 2, 1);
	size_t k = 0;
	if (stop_at_operand)
		optstring[k++] = '+';
	for (size_t i = 0; i < n; i++) {
		int val = t[i].short_name ? t[i].short_name : LONG_ONLY(i);
		lo[i] =
		    (struct option){ t[i].name,
			             t[i].arg ? required_argument : no_argument,
			             NULL, val };
		if (t[i].short_name) {
			optstring[k++] = t[i].short_name;
			if (t[i].arg)
				optstring[k++] = ':';
		}
	}
	/* refused names match exactly, never as an abbreviation of another
	 * option (getopt_long takes unique prefixes) */
	for (size_t j = 0; j < nr; j++)
		lo[n + j] = (struct option){ cmd->refused[j], required_argument,
			                     NULL, LONG_ONLY(n + j) };
	*lo_out = lo;
	*optstring_out = optstring;
	return n;
}

int cg_cli_parse(cg_cli_args *a, const cg_cli_command *cmd, int argc,
                 char **argv, int first, bool stop_at_operand)
{
	const cg_cli_opt *t = cmd->opts;
	struct option *lo;
	char *optstring;
	size_t n = getopt_tables(&lo, &optstring, cmd, stop_at_operand);
	int rc = CG_CLI_CONTINUE;
	int c;
	optind = first;
	while (rc == CG_CLI_CONTINUE &&
	       (c = getopt_long(argc, argv, optstring, lo, NULL)) != -1) {
		const cg_cli_opt *opt = NULL;
		for (size_t i = 0; i < n && !opt; i++)
			if (c ==
			    (t[i].short_name ? t[i].short_name : LONG_ONLY(i)))
				opt = &t[i];
		if (!opt) { /* unknown option, missing argument */
			cg_cli_usage(stderr, cmd);
			rc = EXIT_USAGE;
		} else if (!opt->set) { /* --help */
			cg_cli_usage(stdout, cmd);
			rc = EXIT_OK;
		} else {
			rc = opt->set(a, opt, optarg);
			if (rc == CG_CLI_USAGE_ERROR) {
				cg_cli_usage(stderr, cmd);
				rc = EXIT_USAGE;
			}
		}
	}
	cg_free(optstring);
	cg_free(lo);
	if (rc == CG_CLI_CONTINUE && !a->scan.jobs) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		a->scan.jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	}
	return rc;
}

const char *cg_cli_standards(const cg_scan_opts *o, char **owned)
{
	*owned = NULL;
	if (o->standards)
		return o->standards;
	*owned = cg_sprintf("%s/standards/standards.yaml", o->rules_dir);
	return *owned;
}

int cg_cli_parse_scan(cg_cli_args *a, const cg_cli_command *cmd, int argc,
                      char **argv)
{
	cg_cli_args_init(a, argc);
	cg_cli_args_deliverable_dirs(a);
	int rc = cg_cli_parse(a, cmd, argc, argv, 1, false);
	if (rc != CG_CLI_CONTINUE)
		return rc;
	if (cg_cli_source_date_epoch(&a->scan.epoch) < 0)
		return EXIT_USAGE;
	a->scan.progress = (!a->quiet && isatty(STDERR_FILENO)) ? stderr : NULL;
	a->scan.keep_scan = !a->quiet;
	return CG_CLI_CONTINUE;
}

/* ---- the help ----------------------------------------------------------
 */

#define HELP_COLUMN 25
#define HELP_WIDTH 78

/* Print text from column `col` on, wrapped at HELP_WIDTH, continuation
 * lines indented to HELP_COLUMN. */
static void wrap(FILE *f, const char *text, size_t col)
{
	bool first = true;
	for (const char *p = text; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		size_t len = strcspn(p, " ");
		if (!first && col + 1 + len > HELP_WIDTH) {
			fprintf(f, "\n%*s", HELP_COLUMN, "");
			col = HELP_COLUMN;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", (int)len, p);
		col += len;
		p += len;
		first = false;
	}
	fputc('\n', f);
}

static void usage_option(FILE *f, const cg_cli_opt *opt)
{
	char left[64];
	if (opt->short_name)
		snprintf(left, sizeof(left), "  -%c, --%s%s%s", opt->short_name,
		         opt->name, opt->arg ? " " : "",
		         opt->arg ? opt->arg : "");
	else
		snprintf(left, sizeof(left), "      --%s%s%s", opt->name,
		         opt->arg ? " " : "", opt->arg ? opt->arg : "");
	size_t col = strlen(left);
	fputs(left, f);
	if (col + 2 > HELP_COLUMN + 4) { /* the text on the next line */
		fprintf(f, "\n%*s", HELP_COLUMN, "");
		col = HELP_COLUMN;
	} else {
		size_t pad = col + 2 > HELP_COLUMN ? 2 : HELP_COLUMN - col;
		fprintf(f, "%*s", (int)pad, "");
		col += pad;
	}
	char *text = opt->def
	                 ? cg_sprintf("%s (default: %s)", opt->help, opt->def)
	                 : cg_strdup(opt->help);
	wrap(f, text, col);
	cg_free(text);
}

void cg_cli_usage(FILE *f, const cg_cli_command *cmd)
{
	fprintf(f, "usage: cryptagion %s", cmd->synopsis);
	if (cmd->about)
		fprintf(f, "\n%s", cmd->about);
	if (cmd->opts && cmd->opts[0].name) {
		fputc('\n', f);
		for (const cg_cli_opt *o = cmd->opts; o->name; o++)
			usage_option(f, o);
	}
	if (cmd->epilogue)
		fprintf(f, "\n%s", cmd->epilogue);
}
