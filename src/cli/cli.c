#include "cli/cli.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/limits.h"

#include <errno.h>
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
