/* arena.h - one arena per document: model nodes and strings live here and
 * are released together by gf_arena_free. An arena has a byte cap so a
 * hostile document cannot grow its model without bound.
 */
#ifndef GF_CORE_ARENA_H
#define GF_CORE_ARENA_H

#include <stddef.h>

typedef struct gf_arena gf_arena;

/* New arena that refuses to hold more than `cap` bytes in all (0 = 1 GiB).
 * Returns NULL on allocation failure. Caller frees with gf_arena_free. */
gf_arena *gf_arena_new(size_t cap);
void gf_arena_free(gf_arena *a);

/* Zeroed, 16-byte aligned memory owned by the arena; NULL when out of memory
 * or over the cap (gf_arena_over_cap tells which). */
void *gf_arena_alloc(gf_arena *a, size_t n);
/* Grow an array living in the arena: returns a new block of `new_n` bytes
 * holding the first `old_n` bytes of `p` (the old block is not reused). */
void *gf_arena_grow(gf_arena *a, void *p, size_t old_n, size_t new_n);
char *gf_arena_strndup(gf_arena *a, const char *s, size_t n);
char *gf_arena_strdup(gf_arena *a, const char *s);
char *gf_arena_printf(gf_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Bytes handed out so far, and whether an allocation was refused by the cap. */
size_t gf_arena_used(const gf_arena *a);
int gf_arena_over_cap(const gf_arena *a);

#endif
