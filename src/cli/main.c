/* govforms: the command line. A thin shell over the core library: the
 * subcommands are listed once, here, and each lives in its own file.
 *
 * The service, its store and the archive (libmicrohttpd, SQLite, MuPDF,
 * zbar) live in a second program, govforms-service, installed next to this
 * one: `govforms serve|token|audit|archive` run it, so the everyday commands
 * do not load forty libraries they never use (a form is read in a few
 * milliseconds). */
#include "cli/commands.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Run govforms-service (next to this program) with the same arguments. */
static int run_service(int argc, char **argv)
{
	(void)argc;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 32);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			snprintf(slash + 1, sizeof self - (size_t)(slash + 1 - self), "govforms-service");
			char *args[256];
			int k = 0;
			args[k++] = self;
			for (int i = 0; i < argc && k < 255; i++)
				args[k++] = argv[i];
			args[k] = NULL;
			execv(self, args);
			fprintf(stderr, "govforms: cannot run %s: %s\n", self, strerror(errno));
			return GF_EXIT_UNREADABLE;
		}
	}
	fprintf(stderr, "govforms: cannot find govforms-service next to govforms\n");
	return GF_EXIT_UNREADABLE;
}

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
	{"serve", run_service, "run the HTTP service: upload API, the page, sheets on demand"},
	{"token", run_service, "create, list and revoke the service's access tokens"},
	{"audit", run_service, "verify the service's audit log and stored files"},
	{"archive", run_service, "archive scans of stamped sheets: match, seal check, search"},
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
