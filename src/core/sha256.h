/* sha256.h - SHA-256 (FIPS 180-4), incremental, no allocation. Used for
 * source hashes, record hashes, content-addressed files and the audit chain.
 */
#ifndef GF_CORE_SHA256_H
#define GF_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct gf_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t used;
} gf_sha256;

void gf_sha256_init(gf_sha256 *c);
void gf_sha256_update(gf_sha256 *c, const void *data, size_t n);
void gf_sha256_final(gf_sha256 *c, unsigned char out[32]);
/* One call: lower-case hex digest of data into hex (65 bytes with NUL). */
void gf_sha256_hex(const void *data, size_t n, char hex[65]);
void gf_hex_encode(const unsigned char *bytes, size_t n, char *out /* 2n+1 */);

#endif
