#include "core/arena.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CHUNK_MIN ((size_t)64 * 1024)

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct gf_arena {
	struct chunk *head;
	size_t cap, total;
	int over_cap;
};

gf_arena *gf_arena_new(size_t cap)
{
	gf_arena *a = gf_calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->cap = cap ? cap : ((size_t)1 << 30);
	return a;
}

void gf_arena_free(gf_arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *n = c->next;
		gf_free(c);
		c = n;
	}
	gf_free(a);
}

void *gf_arena_alloc(gf_arena *a, size_t n)
{
	n = (n + 15u) & ~(size_t)15u;
	if (n == 0)
		n = 16;
	if (n > a->cap || a->total > a->cap - n) {
		a->over_cap = 1;
		return NULL;
	}
	struct chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
		c = gf_malloc(sizeof *c + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		/* Keep a partly used head when the new chunk is an oversize one. */
		if (a->head && size == n && a->head->size - a->head->used > n) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->data + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

void *gf_arena_grow(gf_arena *a, void *p, size_t old_n, size_t new_n)
{
	if (new_n <= old_n)
		return p;
	void *q = gf_arena_alloc(a, new_n);
	if (q && p && old_n)
		memcpy(q, p, old_n);
	return q;
}

char *gf_arena_strndup(gf_arena *a, const char *s, size_t n)
{
	char *d = gf_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *gf_arena_strdup(gf_arena *a, const char *s)
{
	return gf_arena_strndup(a, s, strlen(s));
}

char *gf_arena_printf(gf_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *d = gf_arena_alloc(a, (size_t)n + 1);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

size_t gf_arena_used(const gf_arena *a)
{
	return a->total;
}

int gf_arena_over_cap(const gf_arena *a)
{
	return a->over_cap;
}
