/* render, convert: confirmation sheets from filled forms. */
#include "cli/cli.h"
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "form/formdef.h"
#include "record/record.h"
#include "sheet/sheet.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char render_usage[] =
	"usage: govforms render [options] FILE -o OUT.pdf\n"
	"\n"
	"Make the confirmation sheet of a filled form, ready for the three stamps:\n"
	"request and hosting-request give the activation sheet (附件5), change-request\n"
	"the change sheet (附件6), exit-request the exit sheet (附件7); a filled sheet\n"
	"gives itself. The sheet carries its document number (system.cloud_id) and a\n"
	"QR code of the sheet kind, the number and the SHA-256 of the record.\n"
	"\n"
	"  -o, --output OUT.pdf   where to write the sheet (required)\n"
	"  -s, --set KEY=VALUE    fill a sheet field the form lacks, e.g.\n"
	"                         --set system.operating_hours=7×24小时\n"
	"                         --set system.cloud_id=HBZWY-2026-000123 (repeatable)\n"
	"      --form ID          read FILE as this form instead of detecting it\n"
	"      --record OUT.json  also write the sheet's record\n"
	"      --force            render even when the form has errors (blank boxes)\n"
	"      --templates DIR    form and sheet templates\n"
	"      --font-dir DIR     look the fonts up here instead of /usr/share/fonts\n"
	"  -h, --help             this text\n"
	"\n"
	"Sheet fields left blank are drawn as empty boxes for hand completion and\n"
	"listed as warnings. Output is byte-identical for the same input (dates come\n"
	"from the record or SOURCE_DATE_EPOCH).\n"
	"\n"
	"Exit status: 0 written, 1 the form is invalid (nothing written unless --force)\n"
	"or is not one of the forms, 2 unreadable input or a failure, 64 usage error.\n";

static const char convert_usage[] =
	"usage: govforms convert [options] FILE... -d DIR\n"
	"\n"
	"For each filled form, write DIR/NAME.json (its record) and, when the form is\n"
	"valid, DIR/NAME.pdf (its confirmation sheet). NAME is the file name without\n"
	"its extension. Files are written whole or not at all (temporary file + rename).\n"
	"\n"
	"  -d, --dir DIR          output folder (created if missing; required)\n"
	"  -s, --set KEY=VALUE    as for render, applied to every sheet that has the\n"
	"                         field (repeatable)\n"
	"      --form ID          read every FILE as this form\n"
	"      --force            make sheets for invalid forms too\n"
	"      --templates DIR    form and sheet templates\n"
	"      --font-dir DIR     look the fonts up here instead of /usr/share/fonts\n"
	"  -h, --help             this text\n"
	"\n"
	"Exit status: 0 all valid, 1 some invalid, 2 some unreadable or failed, 64 usage.\n";

enum { OPT_FORM = 256, OPT_TEMPLATES, OPT_FONTS, OPT_RECORD, OPT_FORCE };

typedef struct sheet_opts {
	const char *form, *templates, *font_dir, *record_out, *output, *dir;
	json_t *overrides;
	int force;
	int lenient; /* convert: an override applies only to sheets that have the field */
} sheet_opts;

/* --set KEY=VALUE into the overrides object. */
static int add_override(sheet_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		gf_cli_error(NULL, "--set needs KEY=VALUE, got \"%s\"", arg);
		return -1;
	}
	char key[256];
	size_t kl = (size_t)(eq - arg);
	if (kl >= sizeof key) {
		gf_cli_error(NULL, "--set key too long");
		return -1;
	}
	memcpy(key, arg, kl);
	key[kl] = '\0';
	if (!o->overrides)
		o->overrides = json_object();
	json_t *v = json_string(eq + 1);
	if (!o->overrides || !v || json_object_set_new(o->overrides, key, v)) {
		gf_cli_error(NULL, "--set %s: value is not valid UTF-8", key);
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, const char *usage, sheet_opts *o)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},     {"dir", required_argument, NULL, 'd'},
		{"set", required_argument, NULL, 's'},        {"form", required_argument, NULL, OPT_FORM},
		{"record", required_argument, NULL, OPT_RECORD}, {"force", no_argument, NULL, OPT_FORCE},
		{"templates", required_argument, NULL, OPT_TEMPLATES},
		{"font-dir", required_argument, NULL, OPT_FONTS}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:d:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'd': o->dir = optarg; break;
		case 's':
			if (add_override(o, optarg))
				return GF_EXIT_USAGE;
			break;
		case OPT_FORM: o->form = optarg; break;
		case OPT_RECORD: o->record_out = optarg; break;
		case OPT_FORCE: o->force = 1; break;
		case OPT_TEMPLATES: o->templates = optarg; break;
		case OPT_FONTS: o->font_dir = optarg; break;
		case 'h': fputs(usage, stdout); return -1;
		default: fputs(usage, stderr); return GF_EXIT_USAGE;
		}
	}
	return 0;
}

static int write_file(const char *path, const void *data, size_t len)
{
	gf_error err = {0};
	if (gf_file_write_atomic(path, data, len, 0, &err)) {
		gf_cli_error(path, "%s", err.msg);
		return -1;
	}
	return 0;
}

static int write_record(const char *path, const json_t *record)
{
	char *text = gf_record_json(record);
	int rc = text ? write_file(path, text, strlen(text)) : -1;
	gf_free(text);
	return rc;
}

/* Print the renderer's warnings (blank sheet fields) for people. */
static void print_warnings(const char *path, const json_t *warnings)
{
	size_t i;
	json_t *w;
	json_array_foreach(warnings, i, w) {
		const char *msg = json_string_value(json_object_get(w, "message"));
		const char *field = json_string_value(json_object_get(w, "field"));
		fprintf(stderr, "govforms: %s: 警告 %s [%s]\n", path, msg ? msg : "",
			field ? field : "");
	}
}

/* Read one form and, if it may be rendered, render it. *record_out is the
 * intake record; *res the sheet (pdf NULL when none was made). */
static int make_sheet(const gf_engine *e, const gf_sheets *sh, const sheet_opts *o, const char *path,
		      json_t **record_out, gf_sheet_result *res)
{
	memset(res, 0, sizeof *res);
	*record_out = NULL;
	char *data;
	size_t len;
	if (gf_cli_read(path, &data, &len))
		return GF_EXIT_UNREADABLE;
	gf_intake_opts io = {.form_id = o->form, .source_name = gf_cli_basename(path)};
	gf_error err = {0};
	int rc = gf_intake(e, data, len, &io, record_out, &err);
	gf_free(data);
	if (rc == GF_EINVAL) {
		gf_cli_error(path, "%s", err.msg);
		return GF_EXIT_USAGE;
	}
	if (!*record_out) {
		gf_cli_error(path, "%s", err.msg[0] ? err.msg : "out of memory");
		return GF_EXIT_UNREADABLE;
	}
	int status = gf_record_exit_code(*record_out);
	if (status == GF_EXIT_UNREADABLE) {
		gf_cli_error(path, "unreadable: %s", err.msg);
		return status;
	}
	if (!json_is_string(json_object_get(*record_out, "form"))) {
		gf_cli_print_record(stderr, path, *record_out);
		return GF_EXIT_INVALID;
	}
	if (status != GF_EXIT_OK && !o->force) {
		gf_cli_print_record(stderr, path, *record_out);
		gf_cli_error(path, "the form has errors: no sheet made (--force makes one anyway)");
		return status;
	}
	json_t *overrides = o->overrides ? json_incref(o->overrides) : NULL;
	if (overrides && o->lenient) {
		/* many forms, one --set list: each sheet takes the keys it has */
		const char *target = gf_sheets_target(
			sh, json_string_value(json_object_get(*record_out, "form")));
		const gf_formdef *fd = target ? gf_formset_find(gf_engine_forms(e), target) : NULL;
		json_t *mine = json_object();
		const char *key;
		json_t *v;
		json_object_foreach(o->overrides, key, v) if (!fd || gf_formdef_field(fd, key))
			json_object_set(mine, key, v);
		json_decref(overrides);
		overrides = mine;
	}
	gf_error rerr = {0};
	rc = gf_sheet_render(sh, *record_out, overrides, res, &rerr);
	json_decref(overrides);
	if (rc) {
		gf_cli_error(path, "cannot make the sheet: %s", rerr.msg);
		return rc == GF_EINVAL ? GF_EXIT_USAGE : GF_EXIT_UNREADABLE;
	}
	print_warnings(path, res->warnings);
	return status;
}

static int load_all(const sheet_opts *o, gf_engine **e, gf_sheets **sh)
{
	*e = gf_cli_engine(o->templates);
	if (!*e)
		return GF_EXIT_UNREADABLE;
	gf_error err = {0};
	if (gf_sheets_load(sh, gf_engine_templates_dir(*e), o->font_dir, &err)) {
		gf_cli_error(NULL, "cannot load sheet templates or fonts: %s", err.msg);
		gf_engine_free(*e);
		*e = NULL;
		return GF_EXIT_UNREADABLE;
	}
	return 0;
}

int gf_cmd_render(int argc, char **argv)
{
	sheet_opts o = {0};
	int rc = parse(argc, argv, render_usage, &o);
	if (rc) {
		json_decref(o.overrides);
		return rc < 0 ? GF_EXIT_OK : rc;
	}
	if (optind != argc - 1 || !o.output || o.dir) {
		gf_cli_error(NULL, "render needs one FILE and -o OUT.pdf");
		fputs(render_usage, stderr);
		json_decref(o.overrides);
		return GF_EXIT_USAGE;
	}
	gf_engine *e;
	gf_sheets *sh;
	if ((rc = load_all(&o, &e, &sh))) {
		json_decref(o.overrides);
		return rc;
	}
	json_t *record;
	gf_sheet_result res;
	int status = make_sheet(e, sh, &o, argv[optind], &record, &res);
	if (res.pdf) {
		if (write_file(o.output, res.pdf, res.pdf_len) ||
		    (o.record_out && write_record(o.record_out, res.sheet_record)))
			status = GF_EXIT_UNREADABLE;
	}
	gf_sheet_result_free(&res);
	json_decref(record);
	json_decref(o.overrides);
	gf_sheets_free(sh);
	gf_engine_free(e);
	return status;
}

/* NAME of DIR/NAME.json: the file name without its last extension. */
static void out_name(const char *path, char *buf, size_t n)
{
	const char *base = gf_cli_basename(path);
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	snprintf(buf, n, "%.*s", (int)len, base);
}

int gf_cmd_convert(int argc, char **argv)
{
	sheet_opts o = {0};
	int rc = parse(argc, argv, convert_usage, &o);
	if (rc) {
		json_decref(o.overrides);
		return rc < 0 ? GF_EXIT_OK : rc;
	}
	if (optind >= argc || !o.dir || o.output) {
		gf_cli_error(NULL, "convert needs FILE... and -d DIR");
		fputs(convert_usage, stderr);
		json_decref(o.overrides);
		return GF_EXIT_USAGE;
	}
	if (mkdir(o.dir, 0755) != 0 && errno != EEXIST) {
		gf_cli_error(o.dir, "cannot create: %s", strerror(errno));
		json_decref(o.overrides);
		return GF_EXIT_UNREADABLE;
	}
	gf_engine *e;
	gf_sheets *sh;
	if ((rc = load_all(&o, &e, &sh))) {
		json_decref(o.overrides);
		return rc;
	}
	int worst = GF_EXIT_OK;
	o.lenient = 1;
	for (int i = optind; i < argc; i++) {
		json_t *record;
		gf_sheet_result res;
		int status = make_sheet(e, sh, &o, argv[i], &record, &res);
		char name[512], path[1200];
		out_name(argv[i], name, sizeof name);
		if (record) {
			snprintf(path, sizeof path, "%s/%s.json", o.dir, name);
			if (write_record(path, record))
				status = GF_EXIT_UNREADABLE;
		}
		if (res.pdf) {
			snprintf(path, sizeof path, "%s/%s.pdf", o.dir, name);
			if (write_file(path, res.pdf, res.pdf_len))
				status = GF_EXIT_UNREADABLE;
		}
		gf_sheet_result_free(&res);
		json_decref(record);
		if (status == GF_EXIT_USAGE) {
			worst = status;
			break;
		}
		if (status > worst)
			worst = status;
	}
	json_decref(o.overrides);
	gf_sheets_free(sh);
	gf_engine_free(e);
	return worst;
}
