/* blobs.h - file bodies, content-addressed by SHA-256.
 *
 * A gf_blobs is a table of operations so that the default (files under a
 * directory) and a shared object store are interchangeable behind
 * gf_store. Bodies are immutable: put of an existing hash is a no-op. Every
 * get is checked against its hash. Safe to share between threads.
 */
#ifndef GF_STORE_BLOBS_H
#define GF_STORE_BLOBS_H

#include "core/error.h"

#include <stddef.h>

typedef struct gf_blobs gf_blobs;

typedef struct gf_blobs_ops {
	const char *name;
	/* Durably store data under its hash (already computed by the caller). */
	int (*put)(gf_blobs *b, const char sha256[65], const void *data, size_t len,
		   gf_error *err);
	/* Read a body; GF_ENOTFOUND when absent. Caller frees *out with gf_free. */
	int (*get)(gf_blobs *b, const char sha256[65], char **out, size_t *out_len,
		   size_t max, gf_error *err);
	void (*close)(gf_blobs *b);
} gf_blobs_ops;

struct gf_blobs {
	const gf_blobs_ops *ops;
};

/* Files under dir/ab/<sha256>: each written to a unique temporary file in
 * the same directory, fsynced, renamed into place, and the directory synced.
 * Caller frees with gf_blobs_close. */
int gf_blobs_open_dir(gf_blobs **out, const char *dir, gf_error *err);

/* Hash data and store it; sha256_out gets the hex digest. */
int gf_blobs_put(gf_blobs *b, char sha256_out[65], const void *data, size_t len,
		 gf_error *err);
/* Read and check against the hash: GF_ESTORE when the body does not match. */
int gf_blobs_get(gf_blobs *b, char **out, size_t *out_len, const char sha256[65],
		 size_t max, gf_error *err);
void gf_blobs_close(gf_blobs *b);

#define GF_BLOB_MAX ((size_t)256 << 20) /* no stored body is larger */

#endif
