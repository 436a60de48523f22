/* utf8.h - UTF-8 decoding, encoding and validation (strict: no overlongs,
 * no surrogates, nothing above U+10FFFF).
 */
#ifndef GF_CORE_UTF8_H
#define GF_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s[0..n); returns its byte length (1-4) and sets
 * *cp, or 0 when the bytes are not valid UTF-8 (then *cp = U+FFFD). */
size_t gf_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the byte length, 0 for an
 * invalid code point. */
size_t gf_utf8_encode(uint32_t cp, char *out);
bool gf_utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t gf_utf8_count(const char *s);

#endif
