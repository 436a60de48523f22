/* extract, validate, grid: the intake subcommands. */
#include "cli/cli.h"
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/limits.h"
#include "docx/docx.h"
#include "record/record.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char extract_usage[] =
	"usage: govforms extract [options] FILE\n"
	"\n"
	"Read a filled form (DOCX, or structured XML) and print its record on\n"
	"standard output: every field as typed data, and the diagnostics.\n"
	"\n"
	"  -f, --format FMT     json (default) or xml\n"
	"      --form ID        read FILE as this form instead of detecting it\n"
	"                       (request, hosting-request, change-request, exit-request,\n"
	"                       activation-sheet, change-sheet, exit-sheet)\n"
	"  -o, --output FILE    write the record to FILE instead of standard output\n"
	"      --templates DIR  form definitions, rules and schemas (default: the\n"
	"                       installed templates, or $GOVFORMS_TEMPLATES)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 valid, 1 read but invalid (errors in diagnostics) or not one\n"
	"of the forms, 2 unreadable or unsafe input, 64 usage error.\n";

static const char validate_usage[] =
	"usage: govforms validate [options] FILE...\n"
	"\n"
	"Check filled forms and print their diagnostics for people, in Chinese with\n"
	"English, each with its place in the document.\n"
	"\n"
	"      --form ID        read every FILE as this form\n"
	"      --templates DIR  form definitions, rules and schemas\n"
	"  -q, --quiet          print nothing; only the exit status\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 all valid, 1 some invalid, 2 some unreadable, 64 usage error.\n";

static const char grid_usage[] =
	"usage: govforms grid FILE\n"
	"\n"
	"Print the DOCX reader's view of FILE as JSON: its tables, rows and cells\n"
	"with grid positions, spans, text and tick boxes. Use it to see why a form\n"
	"was not placed.\n"
	"\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 read, 2 unreadable or unsafe input, 64 usage error.\n";

enum { OPT_FORM = 256, OPT_TEMPLATES };

static int usage_error(const char *usage, const char *msg)
{
	if (msg)
		gf_cli_error(NULL, "%s", msg);
	fputs(usage, stderr);
	return GF_EXIT_USAGE;
}

/* Run the intake on one file; *record_out always set unless the file could
 * not be opened (then returns GF_EXIT_UNREADABLE with a message printed). */
static int run_one(const gf_engine *e, const char *path, const char *form, json_t **record_out)
{
	*record_out = NULL;
	char *data;
	size_t len;
	if (gf_cli_read(path, &data, &len))
		return GF_EXIT_UNREADABLE;
	gf_intake_opts o = {.form_id = form, .source_name = gf_cli_basename(path)};
	gf_error err = {0};
	int rc = gf_intake(e, data, len, &o, record_out, &err);
	gf_free(data);
	if (rc == GF_EINVAL || rc == GF_ENOMEM) {
		gf_cli_error(path, "%s", err.msg);
		return rc == GF_EINVAL ? GF_EXIT_USAGE : GF_EXIT_UNREADABLE;
	}
	if (rc)
		gf_cli_error(path, "unreadable: %s", err.msg);
	return gf_record_exit_code(*record_out);
}

int gf_cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'}, {"form", required_argument, NULL, OPT_FORM},
		{"output", required_argument, NULL, 'o'}, {"templates", required_argument, NULL, OPT_TEMPLATES},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
	const char *format = "json", *form = NULL, *output = NULL, *templates = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case OPT_FORM: form = optarg; break;
		case OPT_TEMPLATES: templates = optarg; break;
		case 'h': fputs(extract_usage, stdout); return GF_EXIT_OK;
		default: return usage_error(extract_usage, NULL);
		}
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "xml") != 0)
		return usage_error(extract_usage, "--format must be json or xml");
	if (optind != argc - 1)
		return usage_error(extract_usage, optind == argc ? "no FILE given" : "one FILE at a time");
	gf_engine *e = gf_cli_engine(templates);
	if (!e)
		return GF_EXIT_UNREADABLE;
	json_t *record;
	int status = run_one(e, argv[optind], form, &record);
	if (record) {
		char *text = strcmp(format, "xml") == 0 ? gf_record_xml(record) : gf_record_json(record);
		if (!text) {
			gf_cli_error(NULL, "out of memory");
			status = GF_EXIT_UNREADABLE;
		} else if (output) {
			gf_error err = {0};
			if (gf_file_write_atomic(output, text, strlen(text), 0, &err)) {
				gf_cli_error(output, "%s", err.msg);
				status = GF_EXIT_UNREADABLE;
			}
		} else if (gf_cli_stdout(text, strlen(text))) {
			gf_cli_error(NULL, "cannot write standard output");
			status = GF_EXIT_UNREADABLE;
		}
		gf_free(text);
		json_decref(record);
	}
	gf_engine_free(e);
	return status;
}

int gf_cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {{"form", required_argument, NULL, OPT_FORM},
					     {"templates", required_argument, NULL, OPT_TEMPLATES},
					     {"quiet", no_argument, NULL, 'q'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *form = NULL, *templates = NULL;
	int quiet = 0, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORM: form = optarg; break;
		case OPT_TEMPLATES: templates = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(validate_usage, stdout); return GF_EXIT_OK;
		default: return usage_error(validate_usage, NULL);
		}
	}
	if (optind >= argc)
		return usage_error(validate_usage, "no FILE given");
	gf_engine *e = gf_cli_engine(templates);
	if (!e)
		return GF_EXIT_UNREADABLE;
	int worst = GF_EXIT_OK;
	for (int i = optind; i < argc; i++) {
		json_t *record;
		int status = run_one(e, argv[i], form, &record);
		if (status == GF_EXIT_USAGE) {
			gf_engine_free(e);
			return status;
		}
		if (record && !quiet)
			gf_cli_print_record(stdout, argv[i], record);
		json_decref(record);
		if (status > worst)
			worst = status;
	}
	fflush(stdout);
	gf_engine_free(e);
	return worst;
}

int gf_cmd_grid(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(grid_usage, stdout);
			return GF_EXIT_OK;
		}
		return usage_error(grid_usage, NULL);
	}
	if (optind != argc - 1)
		return usage_error(grid_usage, optind == argc ? "no FILE given" : "one FILE at a time");
	const char *path = argv[optind];
	char *data;
	size_t len;
	if (gf_cli_read(path, &data, &len))
		return GF_EXIT_UNREADABLE;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_doc *doc = NULL;
	gf_error err = {0};
	int rc = gf_docx_read(&doc, data, len, &lim, &err);
	gf_free(data);
	if (rc) {
		gf_cli_error(path, "unreadable: %s", err.msg);
		return GF_EXIT_UNREADABLE;
	}
	char *json = gf_doc_grid_json(doc);
	gf_doc_free(doc);
	if (!json) {
		gf_cli_error(NULL, "out of memory");
		return GF_EXIT_UNREADABLE;
	}
	int status = gf_cli_stdout(json, strlen(json)) || gf_cli_stdout("\n", 1) ? GF_EXIT_UNREADABLE
										  : GF_EXIT_OK;
	gf_free(json);
	return status;
}
