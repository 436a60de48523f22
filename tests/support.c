#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
