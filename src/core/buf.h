/* buf.h - a growable byte buffer with a hard cap.
 *
 * Every buffer that grows from input has a maximum; appending past it fails
 * with GF_ELIMIT and leaves the buffer as it was. The buffer owns `data`
 * (always NUL-terminated when len > 0 or after any append); release with
 * gf_buf_free, or take ownership with gf_buf_detach.
 */
#ifndef GF_CORE_BUF_H
#define GF_CORE_BUF_H

#include <stddef.h>

typedef struct gf_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max; /* cap on len; 0 = SIZE_MAX/2 */
} gf_buf;

#define GF_BUF_INIT(cap) {NULL, 0, 0, (cap)}

void gf_buf_init(gf_buf *b, size_t max);
int gf_buf_append(gf_buf *b, const void *p, size_t n);
int gf_buf_puts(gf_buf *b, const char *s);
int gf_buf_putc(gf_buf *b, char c);
int gf_buf_printf(gf_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Make room for n more bytes without changing len. */
int gf_buf_reserve(gf_buf *b, size_t n);
void gf_buf_truncate(gf_buf *b, size_t len);
/* Hand the data to the caller (who frees it with gf_free); the buffer is
 * left empty. Never NULL unless out of memory: an empty buffer gives "". */
char *gf_buf_detach(gf_buf *b, size_t *len_out);
void gf_buf_free(gf_buf *b);

/* Read a whole file into *out (caller frees with gf_free), refusing files
 * larger than max bytes (GF_ELIMIT). "-" reads standard input. */
struct gf_error;
int gf_file_read(char **out, size_t *len_out, const char *path, size_t max,
		 struct gf_error *err);

/* Write a file atomically: a temporary file in the same directory (named
 * per process and thread), then rename over path, so a reader never sees a
 * half-written file. GF_WRITE_SYNC also fsyncs the file and its directory
 * (survives a power cut); GF_WRITE_MKDIRS creates missing directories. */
#define GF_WRITE_SYNC 1u
#define GF_WRITE_MKDIRS 2u
int gf_file_write_atomic(const char *path, const void *data, size_t len, unsigned flags,
			 struct gf_error *err);

/* Create dir and its missing parents (mode 0777 & umask). */
int gf_mkdir_p(const char *dir, struct gf_error *err);

/* a + "/" + b in new heap memory (no doubled slash); caller frees with gf_free. */
char *gf_path_join(const char *a, const char *b);

/* Append s to b as one CSV field (RFC 4180: quoted when it holds a comma,
 * quote or line break; quotes doubled). */
int gf_buf_csv_field(gf_buf *b, const char *s);

/* printf into new heap memory (caller frees with gf_free); NULL on failure. */
char *gf_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
