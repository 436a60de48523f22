/* xml: libxml2 set up for hostile input (DOM and streaming reader). */
#include "support.h"

#include "core/error.h"
#include "core/limits.h"
#include "xml/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	gf_xml_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dom),
		cmocka_unit_test(test_dom_refusals),
		cmocka_unit_test(test_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
