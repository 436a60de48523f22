/* multipart.c - the file part of a multipart/form-data body (RFC 7578). */
#define _GNU_SOURCE /* memmem */
#include "http/server.h"

#include <string.h>
#include <strings.h>

/* The value of parameter `param` in a header value (quoted or token); copies
 * it into out. Returns 0 when found. */
static int header_param(char *out, size_t cap, const char *value, const char *end,
			const char *param)
{
	size_t pl = strlen(param);
	const char *p = value;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *seg_end = semi ? semi : end;
		while (p < seg_end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(seg_end - p) > pl && strncasecmp(p, param, pl) == 0 && p[pl] == '=') {
			const char *v = p + pl + 1, *ve = seg_end;
			if (v < ve && *v == '"') {
				v++;
				const char *q = v;
				while (q < end && *q != '"') {
					if (*q == '\\' && q + 1 < end)
						q++;
					q++;
				}
				ve = q;
			}
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			size_t n = 0;
			for (const char *c = v; c < ve && n + 1 < cap; c++) {
				if (*c == '\\' && c + 1 < ve)
					c++;
				out[n++] = *c;
			}
			out[n] = '\0';
			return 0;
		}
		p = seg_end + 1;
	}
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* filename*=UTF-8''%E6%B7%AE... -> decoded in place */
static void decode_ext(char *s)
{
	char *p = strstr(s, "''");
	if (!p)
		return;
	p += 2;
	char *o = s;
	while (*p) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			*o++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
}

int gf_multipart_file(const char **data, size_t *len, char *name_buf, size_t name_cap,
		      const char *content_type, const char *body, size_t body_len)
{
	char boundary[128];
	*data = NULL;
	*len = 0;
	if (name_cap)
		name_buf[0] = '\0';
	if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
		return GF_EINVAL;
	if (header_param(boundary, sizeof boundary, content_type + 19,
			 content_type + strlen(content_type), "boundary") != 0 || !boundary[0] ||
	    strlen(boundary) > 70)
		return GF_EINVAL;
	char delim[128];
	size_t dl = (size_t)snprintf(delim, sizeof delim, "--%s", boundary);
	const char *end = body + body_len;
	const char *p = memmem(body, body_len, delim, dl);
	while (p) {
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing delimiter */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return GF_EINVAL;
		p += 2;
		const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return GF_EINVAL;
		char name[128] = "", fname[512] = "", fname_ext[512] = "";
		int is_file = 0;
		for (const char *h = p; h < hend;) {
			const char *eol = memmem(h, (size_t)(hend - h), "\r\n", 2);
			if (!eol)
				eol = hend;
			if ((size_t)(eol - h) > 20 &&
			    strncasecmp(h, "content-disposition:", 20) == 0) {
				header_param(name, sizeof name, h + 20, eol, "name");
				if (header_param(fname, sizeof fname, h + 20, eol, "filename") == 0)
					is_file = 1;
				if (header_param(fname_ext, sizeof fname_ext, h + 20, eol,
						 "filename*") == 0) {
					decode_ext(fname_ext);
					is_file = 1;
				}
			}
			h = eol + 2;
		}
		const char *content = hend + 4;
		char ndelim[132];
		size_t nl = (size_t)snprintf(ndelim, sizeof ndelim, "\r\n%s", delim);
		const char *next = memmem(content, (size_t)(end - content), ndelim, nl);
		if (!next)
			return GF_EINVAL;
		if (is_file || strcmp(name, "file") == 0) {
			*data = content;
			*len = (size_t)(next - content);
			const char *fn = fname_ext[0] ? fname_ext : fname;
			/* keep the base name only */
			const char *base = fn;
			for (const char *c = fn; *c; c++)
				if (*c == '/' || *c == '\\')
					base = c + 1;
			if (name_cap)
				snprintf(name_buf, name_cap, "%s", base);
			return GF_OK;
		}
		p = next + 2;
	}
	return GF_EINVAL;
}
