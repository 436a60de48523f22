/* DOCX reader on hostile packages: each case asserts the exact return code,
 * a message naming the problem, no document, and a prompt answer (far under
 * the bound below, which only catches unbounded work). Fixtures are built
 * here with libzip and patched; nothing binary is committed. */
#include "support.h"
#include "zipmaker.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/limits.h"
#include "docx/docx.h"
#include "xml/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BOUND_MS 10000.0 /* generous: sanitizer builds on a shared machine */

#define DOC_OK "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " \
	"xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" \
	"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ok</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"

#define CONTENT_TYPES "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read `z` and check the outcome. */
static void expect(const void *z, size_t len, const gf_limits *lim, int want, const char *msg)
{
	gf_limits def;
	gf_limits_default(&def);
	gf_doc *doc = NULL;
	gf_error err;
	gf_error_clear(&err);
	double t0 = now_ms();
	int rc = gf_docx_read(&doc, z, len, lim ? lim : &def, &err);
	double t = now_ms() - t0;
	if (rc != want || (msg && !strstr(err.msg, msg)))
		fail_msg("want %s (%d) with \"%s\", got %s (%d): %s", gf_error_name(want), want,
			 msg ? msg : "", gf_error_name(rc), rc, err.msg);
	if (want != GF_OK) {
		assert_null(doc);
		assert_int_equal(err.code, want);
	} else {
		assert_non_null(doc);
		gf_doc_free(doc);
	}
	if (t > BOUND_MS)
		fail_msg("took %.0f ms", t);
}

static unsigned char *docx(const char *document_xml, size_t *len)
{
	zm_entry e[] = {
		{"[Content_Types].xml", CONTENT_TYPES, 0, 0},
		{"word/document.xml", document_xml, 0, 0},
	};
	unsigned char *z = zm_build(e, 2, len);
	assert_non_null(z);
	return z;
}

static void test_valid_baseline(void **state)
{
	(void)state;
	size_t n = 0;
	unsigned char *z = docx(DOC_OK, &n);
	expect(z, n, NULL, GF_OK, NULL);
	free(z);
}

static void test_not_a_zip(void **state)
{
	(void)state;
	const char *text = "This is a plain text file pretending to be a Word document. PK\5\6?";
	expect(text, strlen(text), NULL, GF_EUNREADABLE, "not a zip");
	expect("", 0, NULL, GF_EUNREADABLE, "not a zip");
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0,
		'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	expect(png, sizeof png, NULL, GF_EUNREADABLE, "not a zip");
}

static void test_truncated(void **state)
{
	(void)state;
	size_t n = 0;
	unsigned char *z = docx(DOC_OK, &n);
	expect(z, n / 2, NULL, GF_EUNREADABLE, "not a zip");
	expect(z, n - 10, NULL, GF_EUNREADABLE, "not a zip");
	/* the directory survives but claims more data than the file holds */
	assert_true(zm_set(z, n, "word/document.xml", ZM_CSIZE, 0x7FFFFFFF));
	expect(z, n, NULL, GF_EUNREADABLE, "past the end");
	free(z);
}

static void test_zip_bombs(void **state)
{
	(void)state;
	size_t big = 16u << 20, n;
	char *zeros = malloc(big + 1);
	assert_non_null(zeros);
	memset(zeros, ' ', big);
	zeros[big] = '\0';
	memcpy(zeros, "<a>", 3);
	memcpy(zeros + big - 4, "</a>", 4);
	zm_entry e[] = {{"word/document.xml", zeros, big, 0}};
	unsigned char *z = zm_build(e, 1, &n);
	assert_non_null(z);
	assert_true(n < big / 200);
	expect(z, n, NULL, GF_ELIMIT, "ratio");
	/* the same bomb declaring a small size: caught while inflating */
	assert_true(zm_set(z, n, "word/document.xml", ZM_USIZE, 1000));
	expect(z, n, NULL, GF_ELIMIT, "ratio over 200");
	free(z);
	free(zeros);
}

static void test_lying_sizes(void **state)
{
	(void)state;
	/* 2 MB of varied text (ratio well under 200) declaring 100 bytes */
	size_t big = 2u << 20, n;
	char *text = malloc(big + 1);
	assert_non_null(text);
	unsigned x = 12345;
	for (size_t i = 0; i < big; i++) {
		x = x * 1103515245u + 12345u;
		text[i] = (char)('a' + (x >> 16) % 26);
	}
	text[big] = '\0';
	zm_entry e[] = {{"word/document.xml", text, big, 0}};
	unsigned char *z = zm_build(e, 1, &n);
	assert_non_null(z);
	assert_true(zm_set(z, n, "word/document.xml", ZM_USIZE, 100));
	gf_limits lim;
	gf_limits_default(&lim);
	lim.max_entry = 1u << 20;
	expect(z, n, &lim, GF_ELIMIT, "inflates past");
	/* with room to read it all, the lie itself is caught */
	expect(z, n, NULL, GF_EUNREADABLE, "corrupt");
	/* declaring more than the limit is refused before reading */
	assert_true(zm_set(z, n, "word/document.xml", ZM_USIZE, 100u << 20));
	expect(z, n, NULL, GF_ELIMIT, "declares");
	free(z);
	free(text);
}

static void test_too_many_entries(void **state)
{
	(void)state;
	zm_entry e[40];
	char names[40][32];
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "word/media/f%02d.xml", i);
		e[i] = (zm_entry){names[i], "<x/>", 0, 1};
	}
	e[0].name = "word/document.xml";
	e[0].data = DOC_OK;
	size_t n = 0;
	unsigned char *z = zm_build(e, 40, &n);
	assert_non_null(z);
	gf_limits lim;
	gf_limits_default(&lim);
	lim.max_entries = 40;
	expect(z, n, &lim, GF_OK, NULL);
	lim.max_entries = 39;
	expect(z, n, &lim, GF_ELIMIT, "entries");
	lim.max_input = n - 1;
	expect(z, n, &lim, GF_ELIMIT, "byte limit");
	free(z);
}

static void test_bad_names(void **state)
{
	(void)state;
	static const struct {
		const char *name, *why;
	} bad[] = {
		{"../evil", "\"..\""},
		{"word/../../evil", "\"..\""},
		{"word/..", "\"..\""},
		{"/abs/document.xml", "absolute"},
		{"a\\b", "backslash"},
		{"C:/x.xml", "drive letter"},
		{"c:x", "drive letter"},
		{"bad\xff.xml", "UTF-8"},
		{"over\xC0\xAF.xml", "UTF-8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		zm_entry e[] = {{"word/document.xml", DOC_OK, 0, 0}, {bad[i].name, "x", 0, 1}};
		size_t n = 0;
		unsigned char *z = zm_build(e, 2, &n);
		assert_non_null(z);
		expect(z, n, NULL, GF_EUNREADABLE, bad[i].why);
		free(z);
	}
	/* a NUL inside a name: written as '#', patched in both headers */
	zm_entry e[] = {{"word/document.xml", DOC_OK, 0, 0}, {"word/x#y.xml", "x", 0, 1}};
	size_t n = 0;
	unsigned char *z = zm_build(e, 2, &n);
	assert_int_equal(zm_replace(z, n, "x#y", "x\0y", 3), 2);
	expect(z, n, NULL, GF_EUNREADABLE, "NUL");
	free(z);
	/* the local header names another file than the directory */
	zm_entry f[] = {{"word/document.xml", DOC_OK, 0, 0}};
	z = zm_build(f, 1, &n);
	unsigned char *c = NULL, *l = NULL;
	assert_true(zm_find(z, n, "word/document.xml", &c, &l));
	memcpy(l + 30, "WORD", 4);
	expect(z, n, NULL, GF_EUNREADABLE, "disagrees");
	free(z);
	/* two entries with one name */
	zm_entry g[] = {{"word/document.xml", DOC_OK, 0, 0}, {"word/documenX.xml", "<a/>", 0, 0}};
	z = zm_build(g, 2, &n);
	assert_int_equal(zm_replace(z, n, "documenX", "document", 8), 2);
	expect(z, n, NULL, GF_EUNREADABLE, "twice");
	free(z);
}

static void test_methods_and_encryption(void **state)
{
	(void)state;
	static const unsigned methods[] = {12 /* bzip2 */, 14 /* lzma */, 93 /* zstd */,
					   95 /* xz */, 99 /* AES */, 1 /* shrink */};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		size_t n = 0;
		unsigned char *z = docx(DOC_OK, &n);
		assert_true(zm_set(z, n, "word/document.xml", ZM_METHOD, methods[i]));
		char want[32];
		snprintf(want, sizeof want, "method %u", methods[i]);
		expect(z, n, NULL, GF_EUNREADABLE, want);
		free(z);
	}
	size_t n = 0;
	unsigned char *z = docx(DOC_OK, &n);
	assert_true(zm_set(z, n, "word/document.xml", ZM_FLAGS, 1));
	expect(z, n, NULL, GF_EUNREADABLE, "encrypted");
	free(z);
}

static void test_bad_documents(void **state)
{
	(void)state;
	static const struct {
		const char *xml;
		int rc;
		const char *msg;
	} cases[] = {
		{"<w:document><w:body><w:p></w:body>", GF_EUNREADABLE, "word/document.xml:1:"},
		{"<w:document>\xE6\xB7</w:document>", GF_EUNREADABLE, "UTF-8"},
		{"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><d>caf\xE9</d>", GF_EUNREADABLE, "UTF-8"},
		{"\xFF\xFE<\0d\0/\0>\0", GF_EUNREADABLE, "UTF-8"},
		{"<?xml version=\"1.0\"?>\n<!DOCTYPE d [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<d>&xxe;</d>",
		 GF_EUNREADABLE, "document type"},
		{"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		 "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
		 "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
		 "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
		 "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
		 "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
		 "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
		 "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
		 "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">"
		 "]><lolz>&lol9;</lolz>", GF_EUNREADABLE, "document type"},
		{"<d xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"/etc/passwd\" parse=\"text\"/></d>",
		 GF_OK, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = 0;
		zm_entry e[] = {{"word/document.xml", cases[i].xml, strlen(cases[i].xml) + (i == 3 ? 6 : 0), 0}};
		unsigned char *z = zm_build(e, 1, &n);
		assert_non_null(z);
		expect(z, n, NULL, cases[i].rc, cases[i].msg);
		free(z);
	}
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t depth = 10000, n = 0;
	size_t len = depth * 7 + 16;
	char *x = malloc(len);
	assert_non_null(x);
	size_t o = 0;
	for (size_t i = 0; i < depth; i++)
		o += (size_t)snprintf(x + o, len - o, "<a>");
	for (size_t i = 0; i < depth; i++)
		o += (size_t)snprintf(x + o, len - o, "</a>");
	zm_entry e[] = {{"word/document.xml", x, o, 0}};
	unsigned char *z = zm_build(e, 1, &n);
	assert_non_null(z);
	expect(z, n, NULL, GF_ELIMIT, "depth");
	/* a smaller limit is enforced by the reader itself */
	gf_limits lim;
	gf_limits_default(&lim);
	lim.max_depth = 50;
	expect(z, n, &lim, GF_ELIMIT, "depth limit (50)");
	free(z);
	free(x);
}

/* Inputs that are costly in a naive reader: stay linear. */
static void test_costly_shapes(void **state)
{
	(void)state;
	/* one element with 600 attributes (libxml2 2.9 checks them pairwise) */
	size_t cap = 600 * 16 + 64, o = 0, n;
	char *x = malloc(cap);
	assert_non_null(x);
	o += (size_t)snprintf(x + o, cap - o, "<w:document");
	for (int i = 0; i < 600; i++)
		o += (size_t)snprintf(x + o, cap - o, " a%d=\"\"", i);
	o += (size_t)snprintf(x + o, cap - o, "/>");
	zm_entry e[] = {{"word/document.xml", x, o, 0}};
	unsigned char *z = zm_build(e, 1, &n);
	assert_non_null(z);
	expect(z, n, NULL, GF_ELIMIT, "attributes");
	free(z);
	free(x);

	/* a vertical merge over 40 000 rows, every continuation holding text */
	const char *head = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
			   "<w:body><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
			   "<w:p><w:r><w:t>top</w:t></w:r></w:p></w:tc></w:tr>";
	const char *row = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>more text</w:t></w:r></w:p></w:tc></w:tr>";
	const char *tail = "</w:tbl></w:body></w:document>";
	size_t rows = 40000;
	cap = strlen(head) + rows * strlen(row) + strlen(tail) + 1;
	x = malloc(cap);
	assert_non_null(x);
	o = (size_t)snprintf(x, cap, "%s", head);
	for (size_t i = 0; i < rows; i++)
		o += (size_t)snprintf(x + o, cap - o, "%s", row);
	o += (size_t)snprintf(x + o, cap - o, "%s", tail);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_doc *doc = NULL;
	gf_error err;
	gf_error_clear(&err);
	double t0 = now_ms();
	assert_int_equal(gf_docx_read_xml(&doc, x, o, &lim, &err), GF_OK);
	assert_true(now_ms() - t0 < BOUND_MS);
	const gf_cell *c = &doc->tables[0]->rows[0].cells[0];
	assert_int_equal(c->rowspan, (int)rows + 1);
	assert_int_equal(strlen(c->text), 3 + rows * strlen("\nmore text"));
	gf_doc_free(doc);
	free(x);
}

static void test_package_parts(void **state)
{
	(void)state;
	size_t n = 0;
	/* no word/document.xml */
	zm_entry a[] = {{"[Content_Types].xml", CONTENT_TYPES, 0, 0}, {"xl/workbook.xml", "<w/>", 0, 0}};
	unsigned char *z = zm_build(a, 2, &n);
	expect(z, n, NULL, GF_EUNREADABLE, "no word/document.xml");
	free(z);
	/* an empty package: just the end of central directory record */
	static const unsigned char empty[22] = {'P', 'K', 5, 6};
	expect(empty, sizeof empty, NULL, GF_EUNREADABLE, "no word/document.xml");
	/* the main part named by _rels/.rels, found case-insensitively */
	assert_non_null(z);
	zm_entry b[] = {
		{"_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
				"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
				"Target=\"/Word/Main.xml\"/></Relationships>", 0, 0},
		{"word/main.xml", DOC_OK, 0, 0},
	};
	z = zm_build(b, 2, &n);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_doc *doc = NULL;
	gf_error err;
	gf_error_clear(&err);
	assert_int_equal(gf_docx_read(&doc, z, n, &lim, &err), GF_OK);
	assert_int_equal(doc->ntables, 1);
	assert_string_equal(doc->tables[0]->rows[0].cells[0].text, "ok");
	gf_doc_free(doc);
	free(z);
	/* a hostile _rels/.rels is ignored: word/document.xml is read */
	zm_entry c[] = {
		{"_rels/.rels", "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r>&e;</r>", 0, 0},
		{"word/document.xml", DOC_OK, 0, 0},
	};
	z = zm_build(c, 2, &n);
	expect(z, n, NULL, GF_OK, NULL);
	free(z);
}

int main(void)
{
	gf_xml_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_baseline),
		cmocka_unit_test(test_not_a_zip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_zip_bombs),
		cmocka_unit_test(test_lying_sizes),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_methods_and_encryption),
		cmocka_unit_test(test_bad_documents),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_costly_shapes),
		cmocka_unit_test(test_package_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
