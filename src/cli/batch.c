/* batch: convert folders of forms and spreadsheets of typed-in forms. */
#include "cli/cli.h"
#include "cli/commands.h"

#include "batch/batch.h"
#include "core/buf.h"
#include "table/entry.h"
#include "form/formdef.h"
#include "form/values.h"
#include "sheet/sheet.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char batch_usage[] =
	"usage: govforms batch [options] INPUT... -d DIR\n"
	"\n"
	"Convert every form in INPUT (files and folders, searched recursively):\n"
	"filled DOCX and structured XML forms, and CSV or XLSX spreadsheets typed\n"
	"in the data-entry layout (docs/batch.md, templates/entry/). DIR receives a\n"
	"record (and a sheet, when sheets are available) per form, and report.csv\n"
	"and report.json listing every input file or row with its status, form,\n"
	"cloud id and diagnostics.\n"
	"\n"
	"  -d, --out DIR        output folder (required)\n"
	"  -j, --jobs N         worker threads (default: the number of cores); the\n"
	"                       outputs are the same for every N\n"
	"      --resume         skip inputs whose record in DIR has the same source\n"
	"                       SHA-256 (after an interrupted run)\n"
	"      --form ID        read every input as this form\n"
	"      --progress MODE  auto (a bar on a terminal, default), bar, json (one\n"
	"                       JSON object per line on standard error), none\n"
	"      --templates DIR  form definitions, rules and schemas\n"
	"      --fonts DIR      where the sheet fonts are looked up\n"
	"      --no-sheets      records and report only\n"
	"  -q, --quiet          no summary on standard output\n"
	"      --template ID    print the blank data-entry sheet of form ID (CSV) and\n"
	"                       exit; with --rows, the sheet of its table rows\n"
	"  -h, --help           this text\n"
	"\n"
	"Ctrl-C stops after the forms in flight and writes the report of what was\n"
	"done; run again with --resume to finish.\n"
	"\n"
	"Exit status: 0 all valid, 1 some invalid, 2 some unreadable, 64 usage\n"
	"error, 130 interrupted.\n";

enum { OPT_FORM = 256, OPT_TEMPLATES, OPT_RESUME, OPT_PROGRESS, OPT_TEMPLATE, OPT_ROWS, OPT_FONTS, OPT_NO_SHEETS };

static volatile sig_atomic_t g_stop;

/* The confirmation sheet of a valid record (gf_sheets is thread-safe). */
static int render_sheet(void *ctx, const json_t *record, char **pdf, size_t *len, json_t **sheet,
			gf_error *err)
{
	*pdf = NULL;
	*len = 0;
	*sheet = NULL;
	if (!json_is_string(json_object_get(record, "form")))
		return 0;
	gf_sheet_result res;
	memset(&res, 0, sizeof res);
	int rc = gf_sheet_render(ctx, record, NULL, &res, err);
	if (rc) {
		gf_sheet_result_free(&res);
		return rc;
	}
	*pdf = (char *)res.pdf;
	*len = res.pdf_len;
	*sheet = res.sheet_record;
	res.pdf = NULL;
	res.sheet_record = NULL;
	gf_sheet_result_free(&res);
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	g_stop = 1;
	/* a second Ctrl-C ends the process the usual way */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

static int print_template(const char *templates, const char *id, bool rows)
{
	gf_engine *e = gf_cli_engine(templates);
	if (!e)
		return GF_EXIT_UNREADABLE;
	const gf_formdef *f = gf_formset_find(gf_engine_forms(e), id);
	int status = GF_EXIT_OK;
	gf_buf b = GF_BUF_INIT(0);
	if (!f) {
		gf_cli_error("batch", "unknown form id \"%s\"", id);
		status = GF_EXIT_USAGE;
	} else {
		int rc = gf_entry_template(f, rows, &b);
		if (rc == GF_ENOTFOUND) {
			gf_cli_error("batch", "form %s has no tables", id);
			status = GF_EXIT_USAGE;
		} else if (rc || gf_cli_stdout(b.data, b.len)) {
			gf_cli_error("batch", "cannot write the template");
			status = GF_EXIT_UNREADABLE;
		}
	}
	gf_buf_free(&b);
	gf_engine_free(e);
	return status;
}

int gf_cmd_batch(int argc, char **argv)
{
	static const struct option longs[] = {
		{"out", required_argument, NULL, 'd'},
		{"jobs", required_argument, NULL, 'j'},
		{"resume", no_argument, NULL, OPT_RESUME},
		{"form", required_argument, NULL, OPT_FORM},
		{"progress", required_argument, NULL, OPT_PROGRESS},
		{"templates", required_argument, NULL, OPT_TEMPLATES},
		{"quiet", no_argument, NULL, 'q'},
		{"template", required_argument, NULL, OPT_TEMPLATE},
		{"rows", no_argument, NULL, OPT_ROWS},
		{"fonts", required_argument, NULL, OPT_FONTS},
		{"no-sheets", no_argument, NULL, OPT_NO_SHEETS},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	gf_batch_opts o = {0};
	const char *templates = NULL, *progress = "auto", *template_of = NULL;
	const char *font_dir = NULL;
	bool quiet = false, rows = false, sheets = true;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:j:qh", longs, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.out_dir = optarg;
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 256) {
				gf_cli_error("batch", "-j wants a number of workers from 1 to 256");
				fputs(batch_usage, stderr);
				return GF_EXIT_USAGE;
			}
			o.jobs = (int)n;
			break;
		}
		case OPT_RESUME:
			o.resume = true;
			break;
		case OPT_FORM:
			o.form_id = optarg;
			break;
		case OPT_PROGRESS:
			progress = optarg;
			break;
		case OPT_TEMPLATES:
			templates = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_TEMPLATE:
			template_of = optarg;
			break;
		case OPT_ROWS:
			rows = true;
			break;
		case OPT_FONTS:
			font_dir = optarg;
			break;
		case OPT_NO_SHEETS:
			sheets = false;
			break;
		case 'h':
			fputs(batch_usage, stdout);
			return GF_EXIT_OK;
		default:
			fputs(batch_usage, stderr);
			return GF_EXIT_USAGE;
		}
	}
	if (template_of)
		return print_template(templates, template_of, rows);
	if (!o.out_dir || optind >= argc) {
		gf_cli_error("batch", "%s", !o.out_dir ? "-d DIR is required" : "no INPUT given");
		fputs(batch_usage, stderr);
		return GF_EXIT_USAGE;
	}
	if (strcmp(progress, "auto") == 0)
		o.progress = isatty(STDERR_FILENO) ? GF_PROGRESS_BAR : GF_PROGRESS_NONE;
	else if (strcmp(progress, "bar") == 0)
		o.progress = GF_PROGRESS_BAR;
	else if (strcmp(progress, "json") == 0)
		o.progress = GF_PROGRESS_JSON;
	else if (strcmp(progress, "none") == 0)
		o.progress = GF_PROGRESS_NONE;
	else {
		gf_cli_error("batch", "--progress is auto, bar, json or none");
		fputs(batch_usage, stderr);
		return GF_EXIT_USAGE;
	}
	gf_engine *e = gf_cli_engine(templates);
	if (!e)
		return GF_EXIT_UNREADABLE;
	gf_error err = {0};
	if (gf_engine_preload(e, &err)) { /* many forms: JIT and schemas up front */
		gf_cli_error("batch", "%s", err.msg);
		gf_engine_free(e);
		return GF_EXIT_UNREADABLE;
	}
	if (o.form_id && !gf_formset_find(gf_engine_forms(e), o.form_id)) {
		gf_cli_error("batch", "unknown form id \"%s\"", o.form_id);
		gf_engine_free(e);
		return GF_EXIT_USAGE;
	}
	gf_sheets *sh = NULL;
	if (sheets && gf_sheets_load(&sh, gf_engine_templates_dir(e), font_dir, &err)) {
		gf_cli_error("batch", "cannot load sheet templates or fonts: %s", err.msg);
		gf_engine_free(e);
		return GF_EXIT_UNREADABLE;
	}
	o.engine = e;
	o.values = gf_engine_values(e);
	if (sh) {
		o.render = render_sheet;
		o.render_ctx = sh;
	}
	o.stop = &g_stop;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	gf_batch_summary sum;
	int rc = gf_batch_run(&o, argv + optind, (size_t)(argc - optind), &sum, &err);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	int status;
	if (rc) {
		gf_cli_error("batch", "%s", err.msg);
		status = GF_EXIT_UNREADABLE;
	} else {
		status = gf_batch_exit_code(&sum);
	}
	if (!quiet) {
		double rate = sum.seconds > 0 ? (double)sum.items / sum.seconds : 0;
		printf("%s%zu inputs: %zu valid, %zu invalid, %zu unreadable (%zu from an earlier run); "
		       "%zu sheets; %.1f s, %.0f forms/s, peak RSS %.1f MiB\n"
		       "report: %s/report.csv, %s/report.json\n",
		       sum.interrupted ? "interrupted: " : "", sum.items, sum.valid, sum.invalid,
		       sum.unreadable, sum.resumed, sum.sheets, sum.seconds, rate,
		       (double)sum.peak_rss_kb / 1024.0, o.out_dir, o.out_dir);
		if (sum.interrupted)
			printf("run again with --resume to convert the rest\n");
	}
	gf_sheets_free(sh);
	gf_engine_free(e);
	return status;
}
