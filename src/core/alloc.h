/* alloc.h - the project's allocator entry points.
 *
 * All heap allocation in govforms goes through these so that tests can make
 * the N-th allocation fail (torture mode) and prove every out-of-memory path
 * returns GF_ENOMEM instead of crashing. Memory from gf_malloc/gf_calloc/
 * gf_realloc/gf_strdup is released with gf_free (plain free() is equivalent).
 */
#ifndef GF_CORE_ALLOC_H
#define GF_CORE_ALLOC_H

#include <stddef.h>

void *gf_malloc(size_t n);
void *gf_calloc(size_t count, size_t size);
void *gf_realloc(void *p, size_t n);
char *gf_strdup(const char *s);
char *gf_strndup(const char *s, size_t n);
void gf_free(void *p);

/* Test hook: make allocation number `n` (counting from 1 after this call)
 * and only that one fail; n = 0 disables. Returns the number of allocations
 * made since the previous call. Not thread-safe; tests only. */
unsigned long gf_alloc_fail_at(unsigned long n);

#endif
