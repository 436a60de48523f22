/* Every rule of templates/rules/default.xml and the fill's own checks
 * (required, 0 = not needed, choice counts, 其他 text), on raw trees given
 * through gf_intake_raw: each case asserts the diagnostics (severity, code,
 * field) exactly. */
#include "support.h"

#include "form/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gf_engine *engine;

static int setup(void **state)
{
	(void)state;
	gf_error err = {0};
	return gf_engine_load(&engine, NULL, &err);
}

static int teardown(void **state)
{
	(void)state;
	gf_engine_free(engine);
	return 0;
}

/* A minimal valid exit-request, as a raw tree. */
static const char EXIT_OK[] =
	"{\"unit\": {\"name\": \"淮北市文化和旅游局\"}, \"exit_kind\": \"业务系统退出\","
	" \"system\": {\"name\": \"文旅平台\"}, \"owner\": {\"name\": \"张三\","
	" \"office_phone\": \"0561-3112058\", \"mobile\": \"13805612345\"},"
	" \"cloud\": {\"provider\": \"移动\"}, \"exit_on\": \"2026-06-30\", \"reason\": \"系统整合\","
	" \"resources\": \"虚拟机2台\"}";

/* Run form `id` on the JSON tree; return its diagnostics as sorted
 * "severity code field" lines joined by ';'. */
static char *diags_of(const char *id, const char *json, json_t **rec_out)
{
	json_error_t je;
	json_t *tree = json_loads(json, 0, &je);
	if (!tree)
		fail_msg("bad test JSON: %s: %s", je.text, json);
	gf_raw_input in = {.form_id = id, .fields = tree, .format = "xml"};
	json_t *rec = NULL;
	gf_error err = {0};
	assert_int_equal(gf_intake_raw(engine, &in, &rec, &err), 0);
	json_decref(tree);
	const json_t *d = json_object_get(rec, "diagnostics");
	size_t n = json_array_size(d);
	char **lines = calloc(n + 1, sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(d, i);
		const char *f = json_string_value(json_object_get(x, "field"));
		char buf[256];
		snprintf(buf, sizeof buf, "%s %s %s", json_string_value(json_object_get(x, "severity")),
			 json_string_value(json_object_get(x, "code")), f ? f : "-");
		lines[i] = strdup(buf);
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			char *t = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	char *out = calloc(1, 4096);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, 4096 - l, "%s%s", i ? ";" : "", lines[i]);
		free(lines[i]);
	}
	free(lines);
	if (rec_out)
		*rec_out = rec;
	else
		json_decref(rec);
	return out;
}

static void expect(const char *id, const char *json, const char *want)
{
	char *got = diags_of(id, json, NULL);
	if (strcmp(got, want) != 0)
		fail_msg("%s %s\n  got:      %s\n  expected: %s", id, json, got, want);
	free(got);
}

/* EXIT_OK with one top-level key replaced (or added). */
static char *exit_with(const char *key, const char *value_json)
{
	json_t *t = json_loads(EXIT_OK, 0, NULL);
	json_t *v = value_json ? json_loads(value_json, JSON_DECODE_ANY, NULL) : NULL;
	if (v)
		json_object_set_new(t, key, v);
	else
		json_object_del(t, key);
	char *s = json_dumps(t, 0);
	json_decref(t);
	return s;
}

static void test_required_and_zero(void **state)
{
	(void)state;
	expect("exit-request", EXIT_OK, "");
	char *s = exit_with("reason", NULL);
	expect("exit-request", s, "error required reason");
	free(s);
	s = exit_with("reason", "\"\"");
	expect("exit-request", s, "error required reason");
	free(s);
	/* 0 = not needed, in a required field of any type */
	s = exit_with("exit_on", "\"0\"");
	json_t *rec;
	char *d = diags_of("exit-request", s, &rec);
	assert_string_equal(d, "");
	assert_string_equal(json_string_value(json_object_get(json_object_get(rec, "fields"), "exit_on")),
			    "0");
	json_decref(rec);
	free(d);
	free(s);
	/* owner.email is the one optional field of 附件4 */
	expect("exit-request", EXIT_OK, "");
}

static void test_types(void **state)
{
	(void)state;
	char *s = exit_with("exit_on", "\"2026-02-30\"");
	expect("exit-request", s, "error format exit_on");
	free(s);
	s = exit_with("owner", "{\"name\": \"张三\", \"office_phone\": \"0561-3112058\","
			       " \"mobile\": \"1380561234\", \"email\": \"a#b.cn\"}");
	expect("exit-request", s, "error format owner.email;error format owner.mobile");
	free(s);
}

static void test_choices(void **state)
{
	(void)state;
	char *s = exit_with("exit_kind", "\"都退出\"");
	expect("exit-request", s, "error choice exit_kind");
	free(s);
	s = exit_with("cloud", "{\"provider\": \"电信云\"}");
	expect("exit-request", s, "error choice cloud.provider");
	free(s);
	/* 其他 without its text: required on <key>_other */
	expect("change-request",
	       "{\"unit\": {\"name\": \"淮北市教育局\"}, \"system\": {\"name\": \"平台\"},"
	       " \"owner\": {\"name\": \"王\", \"phone\": \"3112058\"}, \"cloud\": {\"provider\": \"电信\"},"
	       " \"zone\": \"政务外网区\", \"requested_on\": \"2026-03-05\", \"change_kinds\": [\"主机\", \"其他\"],"
	       " \"reason\": \"扩容\", \"other_changes\": \"新增IP\"}",
	       "error required change_kinds_other");
}

static const char REQUEST_BASE[] =
	"\"unit\": {\"name\": \"淮北市教育局\"}, \"applied_on\": \"2026-03-05\","
	" \"owner\": {\"name\": \"王\", \"office_phone\": \"0561-3021234\", \"email\": \"w@hb.gov.cn\"},"
	" \"maintainer\": {\"name\": \"信息中心\", \"kind\": \"下属单位/部门\"},"
	" \"tech_contact\": {\"name\": \"李\", \"email\": \"l@hb.gov.cn\", \"mobile\": \"13956123456\"},"
	" \"system\": {\"name\": \"平台\", \"investment\": \"120万元\", \"onboarding\": \"新建上云\","
	" \"summary\": \"简介\", \"networks\": [\"政务外网\"], \"availability\": \"99.9%\","
	" \"category\": \"内部办公\", \"audience\": \"本单位人员\", \"audience_size\": \"50\","
	" \"scope\": \"省本级\"";

static void request(const char *system_more, const char *cloud, const char *want)
{
	char json[4096];
	snprintf(json, sizeof json, "{%s%s}, \"cloud\": {\"provider\": \"电信\", %s}}", REQUEST_BASE,
		 system_more, cloud);
	expect("request", json, want);
}

static void test_articles(void **state)
{
	(void)state;
	request(", \"protection_level\": \"一级\"", "\"term\": \"长期运行\"", "");
	/* 第三至五条: level 4 or classified is out of scope (rule, not choice) */
	request(", \"protection_level\": \"四级\"", "\"term\": \"长期运行\"",
		"error rule system.protection_level");
	request(", \"protection_level\": \"涉密\"", "\"term\": \"长期运行\"",
		"error rule system.protection_level");
	/* level 2/3 expects the filing certificate */
	request(", \"protection_level\": \"三级\"", "\"term\": \"长期运行\"",
		"warning required system.protection_cert");
	request(", \"protection_level\": \"二级\", \"protection_cert\": \"34060013001\"",
		"\"term\": \"长期运行\"", "");
	/* 第十六/十八条: temporary terms 1-6 months */
	request(", \"protection_level\": \"一级\"", "\"term\": \"临时运行\"",
		"error required cloud.term_months");
	request(", \"protection_level\": \"一级\"", "\"term\": \"临时运行\", \"term_months\": \"6\"", "");
	request(", \"protection_level\": \"一级\"", "\"term\": \"临时运行\", \"term_months\": \"7\"",
		"error range cloud.term_months");
	request(", \"protection_level\": \"一级\"", "\"term\": \"临时运行\", \"term_months\": \"0\"",
		"error range cloud.term_months");
}

static const char CHANGE_BASE[] =
	"\"unit\": {\"name\": \"淮北市教育局\"}, \"system\": {\"name\": \"平台\"},"
	" \"owner\": {\"name\": \"王\", \"phone\": \"3112058\"}, \"cloud\": {\"provider\": \"电信\"},"
	" \"zone\": \"政务外网区\", \"requested_on\": \"2026-03-05\", \"change_kinds\": [\"主机\"],"
	" \"reason\": \"扩容\"";

static void change(const char *rows, const char *want)
{
	char json[4096];
	snprintf(json, sizeof json, "{%s%s}", CHANGE_BASE, rows);
	expect("change-request", json, want);
}

static void test_major_change(void **state)
{
	(void)state;
	/* exactly +50 %: not a major change; above: 第十六条 warning on changes */
	change(", \"changes\": [{\"ip\": \"10.0.0.1\", \"cpu_before\": \"4\", \"cpu_after\": \"6\"}]", "");
	change(", \"changes\": [{\"ip\": \"10.0.0.1\", \"cpu_before\": \"4\", \"cpu_after\": \"7\"}]",
	       "warning rule changes");
	/* down by 60 % */
	change(", \"changes\": [{\"ip\": \"10.0.0.1\", \"memory_gb_before\": \"10\","
	       " \"memory_gb_after\": \"4\"}]",
	       "warning rule changes");
	/* judged on the sums over the rows given */
	change(", \"changes\": [{\"ip\": \"10.0.0.1\", \"cpu_before\": \"8\", \"cpu_after\": \"16\"},"
	       " {\"ip\": \"10.0.0.2\", \"cpu_before\": \"24\", \"cpu_after\": \"24\"}]",
	       "");
	/* neither rows nor other changes */
	change("", "error required changes");
	change(", \"other_changes\": \"新增一个政务外网地址\"", "");
}

static void test_totals(void **state)
{
	(void)state;
	const char *base =
		"{\"unit\": {\"name\": \"淮北市教育局\"}, \"applied_on\": \"2026-03-05\","
		" \"owner\": {\"name_title\": \"王 主任\", \"mobile\": \"13805612345\"},"
		" \"maintainer\": {\"name\": \"中心\", \"kind\": \"下属单位/部门\"},"
		" \"tech_contact\": {\"name\": \"李\", \"mobile\": \"13956123456\", \"email\": \"l@hb.cn\"},"
		" \"system\": {\"name\": \"平台\", \"cloud_id\": \"HBZWY-2026-000123\", \"summary\": \"简介\","
		" \"onboarding\": \"新建入云\", \"networks\": [\"政务外网\"], \"protection_level\": \"二级\","
		" \"operating_hours\": \"7×24小时\"},"
		" \"cloud\": {\"platform\": \"电信云\", \"term\": \"长期运行\"}, \"ip\": {\"internet\": \"0\"},"
		" \"hosts\": [{\"name\": \"应用\", \"cpu\": \"8\", \"memory_gb\": \"16\", \"count\": \"2\"},"
		" {\"name\": \"库\", \"cpu\": \"4\", \"memory_gb\": \"8\"}]%s}";
	char json[4096];
	json_t *rec;
	snprintf(json, sizeof json, base, "");
	char *d = diags_of("activation-sheet", json, &rec);
	assert_string_equal(d, "");
	free(d);
	/* each row x its count; a row without a count counts once */
	const json_t *tot = json_object_get(json_object_get(rec, "fields"), "hosts_total");
	assert_int_equal(json_integer_value(json_object_get(tot, "cpu")), 20);
	assert_int_equal(json_integer_value(json_object_get(tot, "memory_gb")), 40);
	assert_int_equal(json_integer_value(json_object_get(tot, "count")), 3);
	json_decref(rec);
	snprintf(json, sizeof json, base, ", \"hosts_total\": {\"cpu\": \"12\", \"count\": \"3\"}");
	expect("activation-sheet", json, "warning rule hosts_total");
	snprintf(json, sizeof json, base, ", \"hosts_total\": {\"cpu\": \"20\", \"count\": \"3\"}");
	expect("activation-sheet", json, "");
	/* IP地址 is required as a whole: at least one of its two counts */
	json_t *t = json_loads(json, 0, NULL);
	json_object_del(t, "ip");
	char *s = json_dumps(t, 0);
	json_decref(t);
	expect("activation-sheet", s, "error required ip.internet");
	free(s);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	char *s = exit_with("colour", "\"red\"");
	expect("exit-request", s, "error format colour");
	free(s);
	s = exit_with("owner", "{\"name\": \"张三\", \"office_phone\": \"0561-3112058\","
			       " \"mobile\": \"13805612345\", \"fax\": \"1\"}");
	expect("exit-request", s, "error format owner.fax");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_and_zero),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_choices),
		cmocka_unit_test(test_articles),
		cmocka_unit_test(test_major_change),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_unknown_keys),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
