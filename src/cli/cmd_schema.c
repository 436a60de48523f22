/* schema, forms: what the form definitions say. */
#include "cli/cli.h"
#include "cli/commands.h"

#include "core/alloc.h"
#include "form/formdef.h"
#include "form/xsd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char schema_usage[] =
	"usage: govforms schema [--templates DIR] FORM\n"
	"\n"
	"Print the XML Schema (XSD 1.0) of FORM's structured input, derived from\n"
	"its definition in templates/forms/FORM.xml. templates/schemas/FORM.xsd\n"
	"holds this output.\n";

static const char forms_usage[] =
	"usage: govforms forms [--templates DIR]\n"
	"\n"
	"List the forms govforms knows: id, annex, title, and the sheet each turns into.\n";

enum { OPT_TEMPLATES = 256 };

static int parse(int argc, char **argv, const char *usage, const char **templates)
{
	static const struct option opts[] = {{"templates", required_argument, NULL, OPT_TEMPLATES},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == OPT_TEMPLATES) {
			*templates = optarg;
		} else if (c == 'h') {
			fputs(usage, stdout);
			return -1;
		} else {
			fputs(usage, stderr);
			return GF_EXIT_USAGE;
		}
	}
	return 0;
}

int gf_cmd_schema(int argc, char **argv)
{
	const char *templates = NULL;
	int rc = parse(argc, argv, schema_usage, &templates);
	if (rc)
		return rc < 0 ? GF_EXIT_OK : rc;
	if (optind != argc - 1) {
		gf_cli_error(NULL, "schema needs one FORM");
		fputs(schema_usage, stderr);
		return GF_EXIT_USAGE;
	}
	/* only the form definitions: the schemas are what this command makes */
	char *dir = templates ? gf_strdup(templates) : gf_templates_find();
	gf_formset *fs = NULL;
	gf_error err = {0};
	if (!dir || gf_formset_load(&fs, dir, &err)) {
		gf_cli_error(NULL, "cannot load form definitions: %s", err.msg);
		gf_free(dir);
		return GF_EXIT_UNREADABLE;
	}
	gf_free(dir);
	const gf_formdef *f = gf_formset_find(fs, argv[optind]);
	int status = GF_EXIT_OK;
	if (!f) {
		gf_cli_error(NULL, "unknown form \"%s\" (see govforms forms)", argv[optind]);
		status = GF_EXIT_USAGE;
	} else {
		char *xsd = gf_xsd_generate(f);
		if (!xsd || gf_cli_stdout(xsd, strlen(xsd)))
			status = GF_EXIT_UNREADABLE;
		gf_free(xsd);
	}
	gf_formset_free(fs);
	return status;
}

int gf_cmd_forms(int argc, char **argv)
{
	const char *templates = NULL;
	int rc = parse(argc, argv, forms_usage, &templates);
	if (rc)
		return rc < 0 ? GF_EXIT_OK : rc;
	gf_engine *e = gf_cli_engine(templates);
	if (!e)
		return GF_EXIT_UNREADABLE;
	const gf_formset *fs = gf_engine_forms(e);
	for (size_t i = 0; i < fs->nforms; i++) {
		const gf_formdef *f = &fs->forms[i];
		printf("%-18s %-5s %s%s%s\n", f->id, f->annex ? f->annex : "", f->title,
		       f->sheet ? " -> " : "", f->sheet ? f->sheet : "");
	}
	gf_engine_free(e);
	return GF_EXIT_OK;
}
