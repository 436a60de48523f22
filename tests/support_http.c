/* support_http.c - see support_http.h. */
#include "support.h"
#include "support_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

int gf_test_connect(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

static void send_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
		if (k <= 0)
			return; /* the server may answer and close early */
		c += k;
		n -= (size_t)k;
	}
}

gf_test_resp gf_test_recv(int fd)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		ssize_t k = recv(fd, buf + n, cap - n - 1, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	buf[n] = '\0';
	gf_test_resp r = {0};
	char *sep = strstr(buf, "\r\n\r\n");
	if (sscanf(buf, "HTTP/1.%*d %d", &r.status) != 1 || !sep) {
		r.status = 0;
		r.head = buf;
		r.body = strdup("");
		return r;
	}
	*sep = '\0';
	r.head = buf;
	char *body = sep + 4;
	r.len = n - (size_t)(body - buf);
	r.body = malloc(r.len + 1);
	memcpy(r.body, body, r.len);
	r.body[r.len] = '\0';
	return r;
}

gf_test_resp gf_test_raw(uint16_t port, const void *req, size_t len)
{
	int fd = gf_test_connect(port);
	send_all(fd, req, len);
	shutdown(fd, SHUT_WR);
	gf_test_resp r = gf_test_recv(fd);
	close(fd);
	return r;
}

gf_test_resp gf_test_http(uint16_t port, const char *method, const char *path,
			  const char *token, const char *ctype, const void *body, size_t len)
{
	char head[2048];
	int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			 "Connection: close\r\n", method, path);
	if (token)
		n += snprintf(head + n, sizeof head - (size_t)n, "Authorization: Bearer %s\r\n", token);
	if (ctype)
		n += snprintf(head + n, sizeof head - (size_t)n, "Content-Type: %s\r\n", ctype);
	if (body || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0)
		n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", len);
	n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
	int fd = gf_test_connect(port);
	send_all(fd, head, (size_t)n);
	if (body && len)
		send_all(fd, body, len);
	gf_test_resp r = gf_test_recv(fd);
	close(fd);
	return r;
}

void gf_test_resp_free(gf_test_resp *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof *r);
}

const char *gf_test_header(const gf_test_resp *r, const char *name)
{
	static char val[1024];
	size_t nl = strlen(name);
	for (const char *p = r->head; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		if (ll > nl + 1 && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(val, sizeof val, "%.*s", (int)(ll - (size_t)(v - p)), v);
			return val;
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}
