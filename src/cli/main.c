/*
 * main.c — the command-line tool: the table of commands (one file each,
 * cmd_<name>.c, in the style of libgit2's cli), `version` and `help`, and
 * the dispatch. The command files are the only places (with scan's
 * progress line) that print.
 *
 * Exit codes: 0 success; 1 policy violation (the gate);
 * 2 usage error; 3 input error (target, rules); 4 internal or output
 * error (database, disk, a CBOM failing its schema).
 */
#include <stdio.h>
#include <string.h>

#include "../lang/lang.h"
#include "../schema/schema.h"
#include "cli.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const cg_cli_command cmd_version_entry = {
	.name = "version",
	.summary = "print the version",
	.run = cmd_version,
	.synopsis = "version\n",
};

static const cg_cli_command cmd_help_entry = {
	.name = "help",
	.summary = "help for a command; help --options CMD lists its options",
	.run = cmd_help,
	.synopsis = "help [--options] [COMMAND]\n",
};

/* every command, in the order of `cryptagion --help` */
static const cg_cli_command *const commands[] = {
	&cg_cli_cmd_scan,   &cg_cli_cmd_report, &cg_cli_cmd_diff,
	&cg_cli_cmd_gate,   &cg_cli_cmd_merge,  &cg_cli_cmd_rules,
	&cmd_version_entry, &cmd_help_entry,
};

static const cg_cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i]->name) == 0)
			return commands[i];
	return NULL;
}

static void usage_main(FILE *f)
{
	fprintf(f, "usage: cryptagion [--version] [--help] <command> "
	           "[<args>]\n"
	           "\n"
	           "Find every use of cryptography in a source tree and write "
	           "a\n"
	           "risk inventory (SQLite) and a CycloneDX 1.6 CBOM.\n"
	           "\n"
	           "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name,
		        commands[i]->summary);
	fprintf(f, "\n"
	           "exit codes: 0 ok, 1 policy violation, 2 usage error, 3 "
	           "input error,\n"
	           "            4 internal or output error\n"
	           "See 'cryptagion help COMMAND' and docs/cryptagion.md for "
	           "the full manual.\n");
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

/* `help [--options] [COMMAND]`: the help of COMMAND (generated from its
 * option table), or its options one a line (for shell completion and the
 * test that the manual documents every option). */
static int cmd_help(int argc, char **argv)
{
	bool list = argc > 1 && strcmp(argv[1], "--options") == 0;
	if (argc < 2 + list) {
		if (list) {
			fprintf(stderr, "cryptagion: help --options needs a "
			                "command\n");
			return EXIT_USAGE;
		}
		usage_main(stdout);
		return EXIT_OK;
	}
	const char *name = argv[1 + list];
	const cg_cli_command *cmd = find_command(name);
	if (!cmd) {
		fprintf(stderr, "cryptagion: no command '%s'\n", name);
		return EXIT_USAGE;
	}
	if (list) {
		for (const cg_cli_opt *o = cmd->opts; o && o->name; o++)
			if (o->short_name)
				printf("--%s -%c\n", o->name, o->short_name);
			else
				printf("--%s\n", o->name);
	} else if (cmd->opts) {
		cg_cli_usage(stdout, cmd);
	} else {
		usage_main(stdout);
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
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
	const cg_cli_command *cmd = find_command(argv[1]);
	int rc = EXIT_USAGE;
	if (cmd)
		rc = cmd->run(argc - 1, argv + 1);
	else
		fprintf(stderr,
		        "cryptagion: '%s' is not a command; see "
		        "'cryptagion --help'\n",
		        argv[1]);
	cg_schema_cache_clear();
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "cryptagion: writing to standard output "
		                "failed\n");
		return EXIT_INTERNAL;
	}
	return rc;
}
