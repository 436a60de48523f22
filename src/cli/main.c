/* govforms: the command line. A thin shell over the core library: the
 * subcommands are listed once, here, and each lives in its own file. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"extract", gf_cmd_extract, "read a filled form (DOCX or XML) and print its record"},
	{"validate", gf_cmd_validate, "check filled forms and print diagnostics for people"},
	{"grid", gf_cmd_grid, "print the DOCX reader's cell grid as JSON"},
	{"render", gf_cmd_render, "make the confirmation sheet PDF of a filled form"},
	{"convert", gf_cmd_convert, "record and sheet for each of many forms, into a folder"},
	{"schema", gf_cmd_schema, "print the XML Schema of a form's structured input"},
	{"forms", gf_cmd_forms, "list the forms and the sheets they turn into"},
	{"batch", gf_cmd_batch, "convert folders of forms and spreadsheets of typed-in forms"},
	{"serve", gf_cmd_serve, "run the HTTP service: upload API, the page, sheets on demand"},
	{"token", gf_cmd_token, "create, list and revoke the service's access tokens"},
	{"audit", gf_cmd_audit, "verify the service's audit log and stored files"},
	{"archive", gf_cmd_archive, "archive scans of stamped sheets: match, seal check, search"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: govforms COMMAND [options] [args]\n\n"
		     "govforms reads the seven annex forms of the Huaibei government-cloud\n"
		     "regulation, validates them, and makes the confirmation sheets.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`govforms COMMAND --help` describes a command.\n"
		     "Exit status: 0 valid, 1 invalid, 2 unreadable or failed, 64 usage error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return GF_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return GF_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("govforms %s\n", GF_VERSION);
		return GF_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "govforms: unknown command \"%s\"\n\n", name);
	usage(stderr);
	return GF_EXIT_USAGE;
}
