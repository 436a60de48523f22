/* xml: libxml2 set up for hostile input (DOM and streaming reader). */
#include "support.h"

#include "core/error.h"
#include "core/limits.h"
#include "xml/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOUND_MS 10000.0 /* generous: only a quadratic blow-up gets near it */

static int parse(const char *x, const gf_limits *lim, gf_error *err)
{
	gf_limits def;
	gf_limits_default(&def);
	xmlDoc *doc = NULL;
	gf_error_clear(err);
	int rc = gf_xml_parse(&doc, x, strlen(x), "t.xml", lim ? lim : &def, err);
	if (rc == GF_OK) {
		assert_non_null(doc);
		xmlFreeDoc(doc);
	} else {
		assert_null(doc);
	}
	return rc;
}

static void test_dom(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	xmlDoc *doc = NULL;
	const char *x = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<r a=\"1&amp;2\">淮北<![CDATA[<x>]]></r>";
	assert_int_equal(gf_xml_parse(&doc, x, strlen(x), "t.xml", &lim, &err), GF_OK);
	xmlNode *root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "r");
	xmlChar *c = xmlNodeGetContent(root);
	assert_string_equal((const char *)c, "淮北<x>");
	xmlFree(c);
	xmlFreeDoc(doc);

	assert_int_equal(parse("<r>\n<a>\n</r>", NULL, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "t.xml:3:"));
	assert_int_equal(parse("<r>\xED\xA0\x80</r>", NULL, &err), GF_EUNREADABLE); /* surrogate */
	assert_non_null(strstr(err.msg, "UTF-8"));
	assert_int_equal(parse("", NULL, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "empty"));
	/* a declared encoding does not switch the decoder */
	assert_int_equal(parse("<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>a</r>", NULL, &err), GF_OK);
}

static void test_dom_refusals(void **state)
{
	(void)state;
	gf_error err;
	assert_int_equal(parse("<!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>", NULL, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "document type"));
	assert_int_equal(parse("<?xml version=\"1.0\"?>\n\n  <!DOCTYPE r SYSTEM \"/etc/passwd\"><r/>", NULL, &err),
			 GF_EUNREADABLE);
	assert_int_equal(parse("<r>&ent;</r>", NULL, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "ent"));
	/* a doctype after the root element is just malformed */
	assert_int_equal(parse("<r/><!DOCTYPE r>", NULL, &err), GF_EUNREADABLE);

	gf_limits lim;
	gf_limits_default(&lim);
	lim.max_depth = 3;
	assert_int_equal(parse("<a><b><c/></b></a>", &lim, &err), GF_OK);
	assert_int_equal(parse("<a><b><c><d/></c></b></a>", &lim, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "depth limit (3)"));
	char deep[3000] = "";
	for (int i = 0; i < 300; i++)
		memcpy(deep + 3 * i, "<a>", 4);
	char many[600 * 12 + 16] = "<a";
	for (int i = 0; i < 512; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), " b%d='>'", i);
	snprintf(many + strlen(many), sizeof many - strlen(many), "/>");
	assert_int_equal(parse(many, NULL, &err), GF_OK); /* 512 attributes, '>' in values */
	many[strlen(many) - 2] = '\0';
	snprintf(many + strlen(many), sizeof many - strlen(many), " xmlns:x='u'/>");
	assert_int_equal(parse(many, NULL, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "attributes"));
	assert_int_equal(parse("<!-- a=1 a=2 --><r><![CDATA[ = = ]]></r>", NULL, &err), GF_OK);

	gf_limits_default(&lim);
	lim.max_depth = 1000; /* libxml2's own limit (256) still holds */
	assert_int_equal(parse(deep, &lim, &err), GF_ELIMIT);
}

static int drain(const char *x, const gf_limits *lim, gf_error *err)
{
	xmlTextReader *r = NULL;
	gf_error_clear(err);
	int rc = gf_xml_reader_new(&r, x, strlen(x), "s.xml", err);
	if (rc)
		return rc;
	int ret;
	while ((ret = xmlTextReaderRead(r)) == 1)
		if ((rc = gf_xml_reader_check(r, lim, "s.xml", err)))
			break;
	if (!rc && ret < 0)
		rc = gf_xml_reader_error(r, "s.xml", err);
	xmlFreeTextReader(r);
	return rc;
}

static void test_reader(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	assert_int_equal(drain("<a><b>text</b></a>", &lim, &err), GF_OK);
	assert_int_equal(drain("<a>\n<b>\n</a>", &lim, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "s.xml:3:"));
	assert_non_null(strstr(err.msg, "mismatch"));
	assert_int_equal(drain("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", &lim, &err), GF_EUNREADABLE);
	assert_int_equal(drain("<a>\xFF</a>", &lim, &err), GF_EUNREADABLE);
	assert_int_equal(drain("<a>&#0;</a>", &lim, &err), GF_EUNREADABLE);
	lim.max_depth = 2;
	assert_int_equal(drain("<a><b/></a>", &lim, &err), GF_OK);
	assert_int_equal(drain("<a><b><c/></b></a>", &lim, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "depth limit (2)"));
}


/* A document in memory served `chunk` bytes per read, or a failure. */
struct src {
	const char *data;
	size_t len, pos, chunk;
	int fail_at; /* > 0: the read at this offset fails with GF_EIO */
};

static int src_read(void *ctx, void *buf, size_t n, size_t *got, gf_error *err)
{
	struct src *s = ctx;
	*got = 0;
	if (s->fail_at > 0 && s->pos >= (size_t)s->fail_at)
		return gf_error_set(err, GF_EIO, "disk on fire");
	size_t k = s->len - s->pos;
	if (k > n)
		k = n;
	if (k > s->chunk)
		k = s->chunk;
	memcpy(buf, s->data + s->pos, k);
	s->pos += k;
	*got = k;
	return GF_OK;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Drain x[0..len) through the streaming reader in `chunk`-byte reads;
 * *elements counts element nodes seen. */
static int drain_io_n(const char *x, size_t len, size_t chunk, const gf_limits *lim, int fail_at,
		      gf_error *err, int *elements)
{
	struct src s = {x, len, 0, chunk, fail_at};
	xmlTextReader *r = NULL;
	gf_error_clear(err);
	if (elements)
		*elements = 0;
	double t0 = now_ms();
	int rc = gf_xml_reader_new_io(&r, src_read, &s, "s.xml", lim, err);
	if (rc) {
		assert_null(r);
		return rc;
	}
	int ret;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		if ((rc = gf_xml_reader_check(r, lim, "s.xml", err)))
			break;
		if (elements && xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT)
			(*elements)++;
	}
	if (!rc && ret < 0)
		rc = gf_xml_reader_error(r, "s.xml", err);
	xmlFreeTextReader(r);
	if (now_ms() - t0 > BOUND_MS)
		fail_msg("took %.0f ms", now_ms() - t0);
	assert_int_equal(err->code, rc);
	return rc;
}

static const size_t CHUNKS[] = {1, 2, 3, 5, 64, 1u << 20};
#define NCHUNKS (sizeof CHUNKS / sizeof CHUNKS[0])

/* The same outcome (and message part) for every chunk size. */
static void expect_io_n(const char *x, size_t len, const gf_limits *lim, int want, const char *msg)
{
	gf_limits def;
	gf_limits_default(&def);
	for (size_t i = 0; i < NCHUNKS; i++) {
		gf_error err;
		int rc = drain_io_n(x, len, CHUNKS[i], lim ? lim : &def, 0, &err, NULL);
		if (rc != want || (msg && !strstr(err.msg, msg)))
			fail_msg("%zu-byte reads of %.60s: want %d \"%s\", got %d: %s", CHUNKS[i], x, want,
				 msg ? msg : "", rc, err.msg);
	}
}

static void expect_io(const char *x, const gf_limits *lim, int want, const char *msg)
{
	expect_io_n(x, strlen(x), lim, want, msg);
}

static void test_reader_io(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	expect_io("<a><b>text</b></a>", NULL, GF_OK, NULL);
	expect_io("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a=1 <!DOCTYPE --> <?pi x?>\n"
		  "<r a=\"1&amp;2\" b='>'>淮北😀<![CDATA[<!DOCTYPE x> = = ]]><!-- = --></r>\n",
		  NULL, GF_OK, NULL);
	/* the nodes arrive, text whole whatever the reads */
	for (size_t i = 0; i < NCHUNKS; i++) {
		const char *x = "<r><c a=\"1\">淮北市</c><c/><c>x</c></r>";
		int n;
		assert_int_equal(drain_io_n(x, strlen(x), CHUNKS[i], &lim, 0, &err, &n), GF_OK);
		assert_int_equal(n, 4);
	}
	expect_io("<a>\n<b>\n</a>", NULL, GF_EUNREADABLE, "s.xml:3:");
	expect_io("", NULL, GF_EUNREADABLE, "empty");
	expect_io("<a>&#0;</a>", NULL, GF_EUNREADABLE, NULL);
	expect_io("<a>&undefined;</a>", NULL, GF_EUNREADABLE, "undefined");
	/* the source's own failure comes back as it was */
	const char *doc = "<a><b>some text</b><b>some more text</b></a>";
	for (size_t i = 0; i < NCHUNKS; i++) {
		assert_int_equal(drain_io_n(doc, strlen(doc), CHUNKS[i], &lim, 20, &err, NULL), GF_EIO);
		assert_string_equal(err.msg, "disk on fire");
	}
	/* the byte cap */
	lim.max_stream = 30;
	expect_io("<a><b>text</b><b>text</b><b>text</b></a>", &lim, GF_ELIMIT, "30 byte limit");
	expect_io("<a><b>text</b></a>", &lim, GF_OK, NULL);
}

static void test_reader_io_dtd(void **state)
{
	(void)state;
	expect_io("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", NULL, GF_EUNREADABLE, "document type");
	expect_io("<?xml version=\"1.0\"?>\n<!-- c -->\n  <!DOCTYPE r SYSTEM \"/etc/passwd\"><r/>", NULL,
		  GF_EUNREADABLE, "document type");
	/* XXE */
	expect_io("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
		  "<r>&xxe;</r>",
		  NULL, GF_EUNREADABLE, "document type");
	/* billion laughs */
	char laughs[4096];
	size_t n = (size_t)snprintf(laughs, sizeof laughs,
				    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
	for (int i = 1; i <= 9; i++) {
		n += (size_t)snprintf(laughs + n, sizeof laughs - n, "<!ENTITY lol%d \"", i);
		for (int j = 0; j < 10; j++)
			n += (size_t)snprintf(laughs + n, sizeof laughs - n, "&lol%.0d;", i - 1);
		n += (size_t)snprintf(laughs + n, sizeof laughs - n, "\">");
	}
	snprintf(laughs + n, sizeof laughs - n, "]><lolz>&lol9;</lolz>");
	expect_io(laughs, NULL, GF_EUNREADABLE, "document type");
	/* any declaration before the root, however it is cut */
	expect_io("<!ELEMENT a ANY><a/>", NULL, GF_EUNREADABLE, "document type");
	expect_io("<!-x><a/>", NULL, GF_EUNREADABLE, "document type");
	expect_io("<![CDATA[x]]><a/>", NULL, GF_EUNREADABLE, "document type");
	/* after the root element: libxml2 rejects it, no DTD is ever read */
	expect_io("<a/><!DOCTYPE a [<!ENTITY x \"y\">]>", NULL, GF_EUNREADABLE, NULL);
	expect_io("<a><!DOCTYPE a [<!ENTITY x \"y\">]></a>", NULL, GF_EUNREADABLE, NULL);
	/* far into the stream: after libxml2 has had its first reads */
	static char late[20000];
	size_t k = (size_t)snprintf(late, sizeof late, "<!--");
	memset(late + k, 'x', 12000);
	snprintf(late + k + 12000, sizeof late - k - 12000, "--><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>");
	expect_io(late, NULL, GF_EUNREADABLE, "document type");
	k = (size_t)snprintf(late, sizeof late, "<a>");
	memset(late + k, 'x', 12000);
	memcpy(late + k + 12000, "</a>\0", 6);
	expect_io_n(late, k + 12000 + 5, NULL, GF_EUNREADABLE, "NUL byte at offset 12007");
}

static void test_reader_io_bytes(void **state)
{
	(void)state;
	/* valid sequences of every length, cut anywhere by the reads */
	expect_io("<a>é淮😀\xF4\x8F\xBF\xBF</a>", NULL, GF_OK, NULL);
	static const struct {
		const char *x;
		size_t len;
		const char *msg;
	} bad[] = {
		{"<a>\xFF</a>", 0, "UTF-8 (offset 3)"},
		{"<a>\xE6\x88" "A</a>", 0, "UTF-8 (offset 3)"},     /* bad continuation */
		{"<a>\xED\xA0\x80</a>", 0, "UTF-8 (offset 3)"},      /* surrogate */
		{"<a>\xC0\xAF</a>", 0, "UTF-8 (offset 3)"},          /* overlong */
		{"<a>\xF0\x80\x80\x80</a>", 0, "UTF-8 (offset 3)"},  /* overlong */
		{"<a>\xF4\x90\x80\x80</a>", 0, "UTF-8 (offset 3)"},  /* above U+10FFFF */
		{"<a>淮\x80</a>", 0, "UTF-8 (offset 6)"},            /* stray continuation */
		{"<a/>\xE6\x88", 0, "UTF-8 (offset 4: cut at the end)"},
		{"<a>\0</a>", 8, "NUL byte at offset 3"},
		{"<a/>\0", 5, "NUL byte at offset 4"},
		{"\0<a/>", 5, "NUL byte at offset 0"},
		{"<a>\xE6\0\x88</a>", 10, "UTF-8 (offset 3)"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_io_n(bad[i].x, bad[i].len ? bad[i].len : strlen(bad[i].x), NULL, GF_EUNREADABLE,
			    bad[i].msg);
}

static void test_reader_io_limits(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	lim.max_depth = 2;
	expect_io("<a><b/></a>", &lim, GF_OK, NULL);
	expect_io("<a><b><c/></b></a>", &lim, GF_ELIMIT, "depth limit (2)");
	/* 100 000 levels: the depth limit stops it at 256 */
	size_t n = 100000;
	char *deep = malloc(3 * n + 1);
	assert_non_null(deep);
	for (size_t i = 0; i < n; i++)
		memcpy(deep + 3 * i, "<a>", 3);
	deep[3 * n] = '\0';
	expect_io_n(deep, 3 * n, NULL, GF_ELIMIT, "depth");
	free(deep);

	/* 512 attributes pass ('=' and '>' in values do not count), 513 do not */
	char many[600 * 12 + 16] = "<a";
	for (int i = 0; i < 512; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), " b%d='>='", i);
	snprintf(many + strlen(many), sizeof many - strlen(many), "/>");
	expect_io(many, NULL, GF_OK, NULL);
	many[strlen(many) - 2] = '\0';
	snprintf(many + strlen(many), sizeof many - strlen(many), " xmlns:x='u'/>");
	expect_io(many, NULL, GF_ELIMIT, "more than 512 attributes (offset 0)");
	/* 100 000 attributes: refused before libxml2 checks them pairwise */
	size_t cap = 100000 * 16 + 64, len = 0;
	char *wide = malloc(cap);
	assert_non_null(wide);
	len += (size_t)snprintf(wide, cap, "<r><!-- a=1 --><x");
	for (int i = 0; i < 100000; i++)
		len += (size_t)snprintf(wide + len, cap - len, " a%d=\"%d\"", i, i);
	len += (size_t)snprintf(wide + len, cap - len, "/></r>");
	expect_io_n(wide, len, NULL, GF_ELIMIT, "more than 512 attributes (offset 15)");
	free(wide);
}

int main(void)
{
	gf_xml_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dom),
		cmocka_unit_test(test_dom_refusals),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_reader_io),
		cmocka_unit_test(test_reader_io_dtd),
		cmocka_unit_test(test_reader_io_bytes),
		cmocka_unit_test(test_reader_io_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
