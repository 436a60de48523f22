/* support_http.h - a small HTTP/1.1 client over loopback for server tests. */
#ifndef GF_TESTS_SUPPORT_HTTP_H
#define GF_TESTS_SUPPORT_HTTP_H

#include <stddef.h>
#include <stdint.h>

typedef struct gf_test_resp {
	int status;
	char *head; /* status line and headers */
	char *body; /* NUL-terminated */
	size_t len;
} gf_test_resp;

/* One request on a new connection (Connection: close); fails the test on a
 * socket error. token and ctype may be NULL. Free with gf_test_resp_free. */
gf_test_resp gf_test_http(uint16_t port, const char *method, const char *path,
			  const char *token, const char *ctype, const void *body, size_t len);
/* Send raw bytes and read the answer until the server closes. */
gf_test_resp gf_test_raw(uint16_t port, const void *req, size_t len);
void gf_test_resp_free(gf_test_resp *r);
/* Value of a response header (static buffer), or NULL. */
const char *gf_test_header(const gf_test_resp *r, const char *name);
/* A connected socket to 127.0.0.1:port. */
int gf_test_connect(uint16_t port);
/* Read a whole response from fd until EOF. */
gf_test_resp gf_test_recv(int fd);

#endif
