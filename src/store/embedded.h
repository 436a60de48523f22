/* embedded.h - files compiled into the binary at build time (cmake/embed.cmake):
 * the page under web/ ("web/index.html") and the store's numbered migrations
 * ("src/store/migrations/0001_init.sql"). Data is static and NUL-terminated.
 */
#ifndef GF_STORE_EMBEDDED_H
#define GF_STORE_EMBEDDED_H

#include <stddef.h>

typedef struct gf_embedded {
	const char *name; /* path relative to the source tree */
	const unsigned char *data;
	size_t len;
} gf_embedded;

extern const gf_embedded gf_embedded_files[]; /* ends with a NULL name */

/* The embedded file of that name, or NULL. */
const gf_embedded *gf_embedded_find(const char *name);

#endif
