#include "cli/cli.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/limits.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void gf_cli_error(const char *context, const char *fmt, ...)
{
	fprintf(stderr, "govforms: ");
	if (context)
		fprintf(stderr, "%s: ", context);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

gf_engine *gf_cli_engine(const char *templates_dir)
{
	gf_engine *e = NULL;
	gf_error err = {0};
	if (gf_engine_load(&e, templates_dir, &err)) {
		gf_cli_error(NULL, "cannot load templates: %s", err.msg);
		return NULL;
	}
	return e;
}

int gf_cli_read(const char *path, char **data, size_t *len)
{
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err = {0};
	int rc = gf_file_read(data, len, path, lim.max_input, &err);
	if (rc)
		gf_cli_error(path, "%s", err.msg);
	return rc;
}

const char *gf_cli_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int gf_cli_stdout(const char *buf, size_t len)
{
	while (len) {
		ssize_t k = write(STDOUT_FILENO, buf, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		buf += k;
		len -= (size_t)k;
	}
	return 0;
}

static const char *sev_zh(const char *sev)
{
	return strcmp(sev, "error") == 0 ? "错误" : "警告";
}

void gf_cli_print_record(FILE *out, const char *path, const json_t *record)
{
	const json_t *diags = json_object_get(record, "diagnostics");
	const json_t *title = json_object_get(record, "title");
	size_t errors = 0, warnings = 0, i;
	json_t *d;
	json_array_foreach(diags, i, d) {
		const char *sev = json_string_value(json_object_get(d, "severity"));
		if (sev && strcmp(sev, "error") == 0)
			errors++;
		else
			warnings++;
	}
	fprintf(out, "%s: %s — %s（%zu 个错误，%zu 个警告 / %zu error%s, %zu warning%s）\n", path,
	       json_is_string(title) ? json_string_value(title) : "未识别的表单 (unknown form)",
	       errors ? "不通过 (invalid)" : "通过 (valid)", errors, warnings, errors, errors == 1 ? "" : "s",
	       warnings, warnings == 1 ? "" : "s");
	json_array_foreach(diags, i, d) {
		const char *sev = json_string_value(json_object_get(d, "severity"));
		const char *code = json_string_value(json_object_get(d, "code"));
		const char *field = json_string_value(json_object_get(d, "field"));
		const char *msg = json_string_value(json_object_get(d, "message"));
		const char *where = json_string_value(json_object_get(d, "where"));
		char zh_where[160] = "";
		if (where) {
			int t, r, col, line;
			if (sscanf(where, "table %d, row %d, cell %d", &t, &r, &col) == 3)
				snprintf(zh_where, sizeof zh_where, "第%d个表格第%d行第%d列 ", t, r, col);
			else if (sscanf(where, "row %d, column %d", &r, &col) == 2)
				snprintf(zh_where, sizeof zh_where, "第%d行第%d列 ", r, col);
			else if (sscanf(where, "line %d", &line) == 1)
				snprintf(zh_where, sizeof zh_where, "第%d行 ", line);
			else if (sscanf(where, "paragraph %d", &line) == 1)
				snprintf(zh_where, sizeof zh_where, "第%d段 ", line);
		}
		fprintf(out, "  %s %s%s [%s%s%s]\n", sev_zh(sev ? sev : "error"), zh_where, msg ? msg : "",
		       code ? code : "", field ? " " : "", field ? field : "");
	}
}

