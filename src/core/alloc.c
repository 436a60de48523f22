#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static unsigned long g_count;   /* allocations since the last gf_alloc_fail_at */
static unsigned long g_fail_at; /* 0 = never fail */

static int should_fail(void)
{
	if (!g_fail_at)
		return 0;
	return ++g_count == g_fail_at;
}

unsigned long gf_alloc_fail_at(unsigned long n)
{
	unsigned long made = g_count;
	g_count = 0;
	g_fail_at = n;
	return made;
}

void *gf_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *gf_calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *gf_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

char *gf_strndup(const char *s, size_t n)
{
	char *d = gf_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *gf_strdup(const char *s)
{
	return gf_strndup(s, strlen(s));
}

void gf_free(void *p)
{
	free(p);
}
