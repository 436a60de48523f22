/* record_xml.c - the record as XML (spec/forms.md "The XML record"). */
#include "http/server.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <string.h>

#define XML_MAX ((size_t)64 << 20)

static int esc(gf_buf *b, const char *s)
{
	int rc = 0;
	for (const char *p = s; *p && !rc; p++) {
		switch (*p) {
		case '<': rc = gf_buf_puts(b, "&lt;"); break;
		case '>': rc = gf_buf_puts(b, "&gt;"); break;
		case '&': rc = gf_buf_puts(b, "&amp;"); break;
		case '"': rc = gf_buf_puts(b, "&quot;"); break;
		default:
			/* characters XML 1.0 forbids are dropped */
			if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;
			rc = gf_buf_putc(b, *p);
		}
	}
	return rc;
}

/* A key segment as an element name: letters, digits, '_', '-', '.'; a
 * leading digit or anything else is replaced by '_'. */
static int name(gf_buf *b, const char *k)
{
	int rc = 0;
	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
		rc = gf_buf_putc(b, '_');
	for (const char *p = k; *p && !rc; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
		rc = gf_buf_putc(b, ok ? c : '_');
	}
	return rc;
}

static int value(gf_buf *b, const json_t *v, int depth);

static int element(gf_buf *b, const char *key, const json_t *v, int depth)
{
	int rc = gf_buf_putc(b, '<');
	rc = rc ? rc : name(b, key);
	rc = rc ? rc : gf_buf_putc(b, '>');
	rc = rc ? rc : value(b, v, depth + 1);
	rc = rc ? rc : gf_buf_puts(b, "</");
	rc = rc ? rc : name(b, key);
	rc = rc ? rc : gf_buf_putc(b, '>');
	return rc;
}

static int value(gf_buf *b, const json_t *v, int depth)
{
	if (depth > 64)
		return GF_ELIMIT;
	int rc = 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *c;
		json_object_foreach((json_t *)v, k, c) {
			if ((rc = element(b, k, c, depth)))
				break;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *c;
		json_array_foreach(v, i, c) {
			if ((rc = element(b, "item", c, depth)))
				break;
		}
	} else if (json_is_string(v)) {
		rc = esc(b, json_string_value(v));
	} else if (json_is_true(v) || json_is_false(v)) {
		rc = gf_buf_puts(b, json_is_true(v) ? "true" : "false");
	} else if (json_is_number(v)) {
		char *t = json_dumps(v, JSON_ENCODE_ANY);
		if (!t)
			return GF_ENOMEM;
		rc = gf_buf_puts(b, t);
		free(t);
	}
	return rc;
}

static int attr(gf_buf *b, const char *k, const json_t *v)
{
	if (!json_is_string(v))
		return 0;
	int rc = gf_buf_printf(b, " %s=\"", k);
	rc = rc ? rc : esc(b, json_string_value(v));
	return rc ? rc : gf_buf_putc(b, '"');
}

int gf_record_to_xml(char **out, size_t *out_len, const json_t *record, gf_error *err)
{
	*out = NULL;
	gf_buf b = GF_BUF_INIT(XML_MAX);
	int rc = gf_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<record");
	rc = rc ? rc : attr(&b, "form", json_object_get(record, "form"));
	rc = rc ? rc : attr(&b, "schema", json_object_get(record, "schema"));
	rc = rc ? rc : gf_buf_printf(&b, " valid=\"%s\">",
				    json_is_true(json_object_get(record, "valid")) ? "true" : "false");
	json_t *title = json_object_get(record, "title");
	if (!rc && json_is_string(title)) {
		rc = gf_buf_puts(&b, "<title>");
		rc = rc ? rc : esc(&b, json_string_value(title));
		rc = rc ? rc : gf_buf_puts(&b, "</title>");
	}
	json_t *src = json_object_get(record, "source");
	if (!rc && json_is_object(src)) {
		rc = gf_buf_puts(&b, "<source");
		rc = rc ? rc : attr(&b, "name", json_object_get(src, "name"));
		rc = rc ? rc : attr(&b, "format", json_object_get(src, "format"));
		rc = rc ? rc : attr(&b, "sha256", json_object_get(src, "sha256"));
		rc = rc ? rc : gf_buf_puts(&b, "/>");
	}
	rc = rc ? rc : gf_buf_puts(&b, "<fields>");
	rc = rc ? rc : value(&b, json_object_get(record, "fields"), 0);
	rc = rc ? rc : gf_buf_puts(&b, "</fields><diagnostics>");
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(record, "diagnostics"), i, d) {
		if (rc)
			break;
		rc = gf_buf_puts(&b, "<diagnostic");
		static const char *const keys[] = {"severity", "code", "field", "label", "where"};
		for (size_t k = 0; k < 5 && !rc; k++)
			rc = attr(&b, keys[k], json_object_get(d, keys[k]));
		rc = rc ? rc : gf_buf_putc(&b, '>');
		json_t *m = json_object_get(d, "message");
		if (!rc && json_is_string(m))
			rc = esc(&b, json_string_value(m));
		rc = rc ? rc : gf_buf_puts(&b, "</diagnostic>");
	}
	rc = rc ? rc : gf_buf_puts(&b, "</diagnostics></record>\n");
	if (rc) {
		gf_buf_free(&b);
		return gf_error_set(err, rc, "cannot write the record as XML");
	}
	*out = gf_buf_detach(&b, out_len);
	return *out ? GF_OK : gf_error_set(err, GF_ENOMEM, "out of memory");
}
