/* zipmaker.h - build zip packages in memory for tests (libzip), and patch
 * their headers to make hostile variants. Header-only: static inline. */
#ifndef GF_TESTS_ZIPMAKER_H
#define GF_TESTS_ZIPMAKER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct zm_entry {
	const char *name;
	const void *data;
	size_t len; /* 0 with data != NULL: strlen(data) */
	int store;  /* 1: stored, else deflate */
} zm_entry;

/* A zip holding entries e[0..n); malloc'd, NULL on failure. */
static inline unsigned char *zm_build(const zm_entry *e, size_t n, size_t *len_out)
{
	*len_out = 0;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		zip_source_free(src);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = e[i].len ? e[i].len : (e[i].data ? strlen(e[i].data) : 0);
		zip_source_t *fs = zip_source_buffer(za, e[i].data, len, 0);
		zip_int64_t idx = fs ? zip_file_add(za, e[i].name, fs, ZIP_FL_ENC_RAW) : -1;
		if (idx < 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx, e[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0) {
			zip_discard(za);
			zip_source_free(src);
			return NULL;
		}
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	unsigned char *out = NULL;
	zip_stat_t st;
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		out = malloc(st.size ? st.size : 1);
		if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
		*len_out = st.size;
	}
	zip_source_free(src);
	return out;
}

static inline uint32_t zm_rd16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static inline void zm_wr16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void zm_wr32(unsigned char *p, uint32_t v)
{
	zm_wr16(p, v & 0xFFFF);
	zm_wr16(p + 2, v >> 16);
}

/* Central and local headers of the entry named `name` (NULL when absent). */
static inline int zm_find(unsigned char *z, size_t len, const char *name, unsigned char **central,
			  unsigned char **local)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + 46 <= len; i++) {
		unsigned char *h = z + i;
		if (memcmp(h, "PK\1\2", 4) != 0 || zm_rd16(h + 28) != nl || i + 46 + nl > len ||
		    memcmp(h + 46, name, nl) != 0)
			continue;
		uint32_t lo = zm_rd16(h + 42) | zm_rd16(h + 44) << 16;
		*central = h;
		*local = z + lo;
		return 1;
	}
	return 0;
}

/* Header fields, in both the local and the central header. */
enum { ZM_FLAGS, ZM_METHOD, ZM_CSIZE, ZM_USIZE };

static inline int zm_set(unsigned char *z, size_t len, const char *name, int field, uint32_t v)
{
	unsigned char *c, *l;
	if (!zm_find(z, len, name, &c, &l))
		return 0;
	switch (field) {
	case ZM_FLAGS: zm_wr16(l + 6, v); zm_wr16(c + 8, v); break;
	case ZM_METHOD: zm_wr16(l + 8, v); zm_wr16(c + 10, v); break;
	case ZM_CSIZE: zm_wr32(l + 18, v); zm_wr32(c + 20, v); break;
	case ZM_USIZE: zm_wr32(l + 22, v); zm_wr32(c + 24, v); break;
	}
	return 1;
}

/* Overwrite every occurrence of `from` by `to` (n bytes each). */
static inline int zm_replace(unsigned char *z, size_t len, const void *from, const void *to, size_t n)
{
	int k = 0;
	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(z + i, from, n) == 0) {
			memcpy(z + i, to, n);
			k++;
		}
	}
	return k;
}

#endif
