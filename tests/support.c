#include "support.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

const char *gf_test_src(const char *rel)
{
	static char buf[4096];
	if (rel[0] == '/')
		snprintf(buf, sizeof buf, "%s", rel);
	else
		snprintf(buf, sizeof buf, "%s/%s", GF_SOURCE_DIR, rel);
	return buf;
}

char *gf_test_read(const char *path, size_t *len)
{
	char full[4096];
	if (path[0] == '/')
		snprintf(full, sizeof full, "%s", path);
	else
		snprintf(full, sizeof full, "%s/%s", GF_TEST_DATA, path);
	FILE *f = fopen(full, "rb");
	if (!f)
		fail_msg("cannot open %s", full);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *d = malloc((size_t)n + 1);
	assert_non_null(d);
	if (n > 0 && fread(d, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", full);
	d[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return d;
}

char *gf_test_run(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	gf_buf b = GF_BUF_INIT(0);
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, p)) > 0)
		gf_buf_append(&b, tmp, n);
	int st = pclose(p);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return gf_buf_detach(&b, NULL);
}
