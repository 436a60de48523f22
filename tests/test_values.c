/* Typed values: one row per input -> expected JSON, or a refusal and the
 * start of its English reason. */
#include "support.h"

#include "core/alloc.h"
#include "core/error.h"
#include "form/values.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
	gf_type type;
	const char *in;
	const char *want; /* JSON text, or NULL for a refusal */
	const char *why;  /* refusals: the English reason starts with this */
} row;

#define OK(t, in, want) {GF_TYPE_##t, in, want, NULL}
#define NO(t, in, why) {GF_TYPE_##t, in, NULL, why}

static const row rows[] = {
	/* text */
	OK(TEXT, "  淮北市\n\t数据资源管理局　 ", "\"淮北市 数据资源管理局\""),
	OK(TEXT, "0", "\"0\""),
	OK(TEXT, " ０ ", "\"0\""),
	OK(TEXT, "ＡＢＣ　１", "\"ＡＢＣ １\""),
	OK(TEXT, "a\xFF" "b", "\"a\xEF\xBF\xBD" "b\""),
	OK(TEXT, "\xEE\x80\x80删除\xEE\x80\x81", "\"删除\""),
	NO(TEXT, " \n\xE3\x80\x80", "expected a value"),
	NO(TEXT, "", "expected a value"),

	/* date */
	OK(DATE, "2026-03-05", "\"2026-03-05\""),
	OK(DATE, "2026/3/5", "\"2026-03-05\""),
	OK(DATE, "2026.3.5", "\"2026-03-05\""),
	OK(DATE, "2026年3月5日", "\"2026-03-05\""),
	OK(DATE, "2026年03月05号", "\"2026-03-05\""),
	OK(DATE, "２０２６年３月５日", "\"2026-03-05\""),
	OK(DATE, "2026 年 3 月 5 日", "\"2026-03-05\""),
	OK(DATE, "2026年3月5", "\"2026-03-05\""),
	OK(DATE, "二〇二六年三月五日", "\"2026-03-05\""),
	OK(DATE, "二〇二六年十二月三十一日", "\"2026-12-31\""),
	OK(DATE, "2026－03－05", "\"2026-03-05\""),
	OK(DATE, "2026。3。5", "\"2026-03-05\""),
	OK(DATE, "20260305", "\"2026-03-05\""),
	OK(DATE, "2026-03-05 00:00:00", "\"2026-03-05\""),
	OK(DATE, "2026/3/5 9:30", "\"2026-03-05\""),
	OK(DATE, "2026-03-05T10:00:00Z", "\"2026-03-05\""),
	OK(DATE, "2026-03-05T10:00:00+08:00", "\"2026-03-05\""),
	OK(DATE, "2026年3月5日（星期四）", "\"2026-03-05\""),
	OK(DATE, "2026年3月5日 周四", "\"2026-03-05\""),
	OK(DATE, "2026.03.05.", "\"2026-03-05\""),
	OK(DATE, "2024-02-29", "\"2024-02-29\""),
	OK(DATE, "2000-02-29", "\"2000-02-29\""),
	OK(DATE, "０", "\"0\""),
	NO(DATE, "2026-02-30", "expected a real calendar date"),
	NO(DATE, "2026-02-29", "expected a real calendar date"),
	NO(DATE, "1900-02-29", "expected a real calendar date"),
	NO(DATE, "2026-13-01", "expected a real calendar date"),
	NO(DATE, "2026-04-31", "expected a real calendar date"),
	NO(DATE, "2026-00-10", "expected a real calendar date"),
	NO(DATE, "2026-3/5", "expected a date"),
	NO(DATE, "2026年3月", "expected a date"),
	NO(DATE, "03/05/2026", "expected a date"),
	NO(DATE, "26-3-5", "expected a date"),
	NO(DATE, "46086", "expected a date"),
	NO(DATE, "明天", "expected a date"),

	/* int */
	OK(INT, "16", "16"),
	OK(INT, "１６", "16"),
	OK(INT, "16台", "16"),
	OK(INT, "16 个", "16"),
	OK(INT, "16　个", "16"),
	OK(INT, "6个月", "6"),
	OK(INT, "三台", "3"),
	OK(INT, "两台", "2"),
	OK(INT, "十六", "16"),
	OK(INT, "二十", "20"),
	OK(INT, "九十九", "99"),
	OK(INT, "一百零五", "105"),
	OK(INT, "1,000", "1000"),
	OK(INT, "16.0", "16"),
	OK(INT, "1.5万人", "15000"),
	OK(INT, "0", "0"),
	OK(INT, "０", "0"),
	OK(INT, "000", "0"),
	OK(INT, "999999999999999", "999999999999999"),
	NO(INT, "", "expected a value"),
	NO(INT, "\xE3\x80\x80", "expected a value"),
	NO(INT, "16.5", "expected a whole number"),
	NO(INT, "-3", "expected a number that is not negative"),
	NO(INT, "约5000人", "expected an exact number"),
	NO(INT, "5000人以上", "expected an exact number"),
	NO(INT, "1000000000000000000", "expected a number within range"),
	NO(INT, "99999999999999999999999999", "expected a number within range"),
	NO(INT, "一二三", "expected a whole number"),
	NO(INT, "16GB", "expected a whole number"),
	NO(INT, "abc", "expected a whole number"),

	/* cpu */
	OK(CPU, "8", "8"),
	OK(CPU, "8核", "8"),
	OK(CPU, "8C", "8"),
	OK(CPU, "8c", "8"),
	OK(CPU, "8vCPU", "8"),
	OK(CPU, "8 vCPU", "8"),
	OK(CPU, "8vcpu", "8"),
	OK(CPU, "8 核心", "8"),
	OK(CPU, "８核", "8"),
	OK(CPU, "八核", "8"),
	OK(CPU, "CPU 8核", "8"),
	OK(CPU, "8核CPU", "8"),
	OK(CPU, "16 cores", "16"),
	NO(CPU, "8.5核", "expected a whole number"),
	NO(CPU, "8G", "expected a vCPU count"),
	NO(CPU, "4核8G", "expected a vCPU count"),

	/* gb */
	OK(GB, "100", "100"),
	OK(GB, "100G", "100"),
	OK(GB, "100GB", "100"),
	OK(GB, "100 G", "100"),
	OK(GB, "100gb", "100"),
	OK(GB, "１００Ｇ", "100"),
	OK(GB, "1T", "1024"),
	OK(GB, "1TB", "1024"),
	OK(GB, "2.5T", "2560"),
	OK(GB, "512MB", "0.5"),
	OK(GB, "512M", "0.5"),
	OK(GB, "100MB", "0.097656"),
	OK(GB, "16GiB", "16"),
	OK(GB, "8G内存", "8"),
	OK(GB, "内存8G", "8"),
	OK(GB, "1,024G", "1024"),
	OK(GB, "0.5", "0.5"),
	OK(GB, "０", "0"),
	OK(MONEY, "0", "0"),
	OK(EMAIL, "0", "\"0\""),
	OK(IPV4, "０", "\"0\""),
	NO(GB, "100G SSD", "expected a size in GB"),
	NO(GB, "大约100G", "expected an exact number"),
	NO(GB, "-100G", "expected a number that is not negative"),
	NO(GB, "1000000000000000T", "expected a number within range"),

	/* number */
	OK(NUMBER, "2.5", "2.5"),
	OK(NUMBER, "2.5kW", "2.5"),
	OK(NUMBER, "3", "3"),
	OK(NUMBER, "0.1234567", "0.123457"),
	OK(NUMBER, "1.0000001", "1"),
	NO(NUMBER, "2,5", "expected a number"),
	NO(NUMBER, "1.2.3", "expected a number"),

	/* money */
	OK(MONEY, "120万元", "1200000"),
	OK(MONEY, "120万", "1200000"),
	OK(MONEY, "120 万元", "1200000"),
	OK(MONEY, "1,200,000元", "1200000"),
	OK(MONEY, "1200000", "1200000"),
	OK(MONEY, "1.2亿", "120000000"),
	OK(MONEY, "1.2亿元", "120000000"),
	OK(MONEY, "￥1,200,000.00", "1200000"),
	OK(MONEY, "¥1200000", "1200000"),
	OK(MONEY, "人民币120万元", "1200000"),
	OK(MONEY, "120万元人民币", "1200000"),
	OK(MONEY, "一百二十万元", "1200000"),
	OK(MONEY, "壹佰贰拾万元整", "1200000"),
	OK(MONEY, "120w", "1200000"),
	OK(MONEY, "0.5万元", "5000"),
	OK(MONEY, "1234.56元", "1234.56"),
	OK(MONEY, "1千万", "10000000"),
	OK(MONEY, "１２０万元", "1200000"),
	NO(MONEY, "约120万", "expected an exact amount"),
	NO(MONEY, "120万左右", "expected an exact amount"),
	NO(MONEY, "100-120万", "expected an amount in yuan"),
	NO(MONEY, "-120万", "expected a number that is not negative"),
	NO(MONEY, "120美元", "expected an amount in yuan"),
	NO(MONEY, "100000000亿", "expected a number within range"),

	/* power */
	OK(POWER_W, "500", "500"),
	OK(POWER_W, "500W", "500"),
	OK(POWER_W, "500 w", "500"),
	OK(POWER_W, "0.5kW", "500"),
	OK(POWER_W, "0.5 KW", "500"),
	OK(POWER_W, "0.5千瓦", "500"),
	OK(POWER_W, "500瓦", "500"),
	OK(POWER_KW, "5", "5"),
	OK(POWER_KW, "5kW", "5"),
	OK(POWER_KW, "5000W", "5"),
	OK(POWER_KW, "2500W", "2.5"),
	NO(POWER_W, "500V", "expected a power in watts"),
	NO(POWER_KW, "5kVA", "expected a power in kilowatts"),

	/* mobile */
	OK(MOBILE, "13805612345", "\"13805612345\""),
	OK(MOBILE, "138 0561 2345", "\"13805612345\""),
	OK(MOBILE, "138-0561-2345", "\"13805612345\""),
	OK(MOBILE, "+86 13805612345", "\"13805612345\""),
	OK(MOBILE, "+8613805612345", "\"13805612345\""),
	OK(MOBILE, "0086 13805612345", "\"13805612345\""),
	OK(MOBILE, "86-13805612345", "\"13805612345\""),
	OK(MOBILE, "(+86)13805612345", "\"13805612345\""),
	OK(MOBILE, "１３８０５６１２３４５", "\"13805612345\""),
	OK(MOBILE, "138—0561—2345", "\"13805612345\""),
	OK(MOBILE, "0", "\"0\""),
	OK(MOBILE, "１３８－０５６１－２３４５", "\"13805612345\""),
	NO(MOBILE, "  ", "expected a value"),
	NO(MOBILE, "1.38056E+10", "expected an 11-digit mobile number (a spreadsheet"),
	NO(MOBILE, "1380561234", "expected an 11-digit mobile number"),
	NO(MOBILE, "138056123456", "expected an 11-digit mobile number"),
	NO(MOBILE, "12805612345", "expected an 11-digit mobile number"),
	NO(MOBILE, "0561-3112058", "expected an 11-digit mobile number"),
	NO(MOBILE, "13805612345/13905612345", "expected an 11-digit mobile number"),

	/* phone */
	OK(PHONE, "0561-3112058", "\"0561-3112058\""),
	OK(PHONE, "0561 3112058", "\"0561-3112058\""),
	OK(PHONE, "（0561）3112058", "\"0561-3112058\""),
	OK(PHONE, "(0561)-3112058", "\"0561-3112058\""),
	OK(PHONE, "0561—3112058", "\"0561-3112058\""),
	OK(PHONE, "０５６１－３１１２０５８", "\"0561-3112058\""),
	OK(PHONE, "3112058", "\"3112058\""),
	OK(PHONE, "05613112058", "\"0561-3112058\""),
	OK(PHONE, "010-62345678", "\"010-62345678\""),
	OK(PHONE, "01062345678", "\"010-62345678\""),
	OK(PHONE, "021 6123 4567", "\"021-61234567\""),
	OK(PHONE, "+86 561 3112058", "\"0561-3112058\""),
	OK(PHONE, "+86 (0561) 3112058", "\"0561-3112058\""),
	OK(PHONE, "138 0561 2345", "\"13805612345\""),
	OK(PHONE, "+86 13805612345", "\"13805612345\""),
	OK(PHONE, "400-123-4567", "\"400-1234567\""),
	NO(PHONE, "0561-3112058-8001", "expected a phone number"),
	NO(PHONE, "1380561", "expected a phone number"),
	NO(PHONE, "0561-0112058", "expected a phone number"),
	NO(PHONE, "0561-311205", "expected a phone number"),
	NO(PHONE, "05613112058999", "expected a phone number"),
	NO(PHONE, "1.38056E+10", "expected an 11-digit mobile number (a spreadsheet"),
	NO(PHONE, "电话", "expected a phone number"),

	/* email */
	OK(EMAIL, " Zhang.San@HBsj.gov.cn ", "\"Zhang.San@HBsj.gov.cn\""),
	OK(EMAIL, "zhangsan＠163.com", "\"zhangsan@163.com\""),
	OK(EMAIL, "zhangsan@163。com", "\"zhangsan@163.com\""),
	OK(EMAIL, "ｚｓ＠ｑｑ．ｃｏｍ", "\"zs@qq.com\""),
	OK(EMAIL, "a+tag@mail.example-host.org", "\"a+tag@mail.example-host.org\""),
	OK(EMAIL, "zs@163.com.", "\"zs@163.com\""),
	NO(EMAIL, "zhang san@163.com", "expected an email address"),
	NO(EMAIL, "zhangsan@163", "expected an email address"),
	NO(EMAIL, "zhangsan@@163.com", "expected an email address"),
	NO(EMAIL, "a@b@163.com", "expected an email address"),
	NO(EMAIL, "zhangsan.163.com", "expected an email address"),
	NO(EMAIL, ".zs@163.com", "expected an email address"),
	NO(EMAIL, "zs..a@163.com", "expected an email address"),
	NO(EMAIL, "zs@-163.com", "expected an email address"),
	NO(EMAIL, "zs@163.c", "expected an email address"),

	/* ipv4 */
	OK(IPV4, "10.1.2.3", "\"10.1.2.3\""),
	OK(IPV4, "192.168.001.010", "\"192.168.1.10\""),
	OK(IPV4, "１９２．１６８．１．１", "\"192.168.1.1\""),
	OK(IPV4, "192。168。1。1", "\"192.168.1.1\""),
	OK(IPV4, "255.255.255.255", "\"255.255.255.255\""),
	NO(IPV4, "256.1.1.1", "expected an IPv4 address"),
	NO(IPV4, "10.1.2", "expected an IPv4 address"),
	NO(IPV4, "10.1.2.3/24", "expected an IPv4 address"),
	NO(IPV4, "10.1.2.3.4", "expected an IPv4 address"),
	NO(IPV4, "1000.1.2.3", "expected an IPv4 address"),

	/* invalid bytes, choice types */
	NO(INT, "16\xC0\x80", "expected a whole number"),
	NO(EMAIL, "a\xFF@b.cn", "expected an email address"),
	NO(CHOICE, "☑电信", "choice fields"),
	NO(MULTI, "☑电信", "choice fields"),
	{(gf_type)99, "16", NULL, "unknown value type"},
};

static gf_values *g_values;

static int setup(void **state)
{
	gf_error err = {0};
	(void)state;
	return gf_values_new(&g_values, &err);
}

static int teardown(void **state)
{
	(void)state;
	gf_values_free(g_values);
	return 0;
}

static void test_table(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const row *r = &rows[i];
		json_t *out = (json_t *)1;
		gf_value_why why = {NULL, NULL};
		int rc = gf_value_parse(g_values, r->type, r->in, &out, &why);
		if (r->want) {
			json_t *want = json_loads(r->want, JSON_DECODE_ANY, NULL);
			assert_non_null(want);
			if (rc != 0 || !json_equal(out, want)) {
				char *got = rc ? NULL : json_dumps(out, JSON_ENCODE_ANY);
				print_message("row %zu %s \"%s\": want %s, got %s (rc %d, %s)\n", i,
					      gf_type_name(r->type), r->in, r->want,
					      got ? got : "-", rc, why.en ? why.en : "");
				free(got);
				bad++;
			}
			json_decref(want);
			json_decref(rc ? NULL : out);
		} else {
			if (rc != GF_EINVAL || out != NULL || !why.en || !why.zh ||
			    strncmp(why.en, r->why, strlen(r->why)) != 0) {
				char *got = rc ? NULL : json_dumps(out, JSON_ENCODE_ANY);
				print_message("row %zu %s \"%s\": want refusal \"%s\", got %s (rc %d, %s)\n",
					      i, gf_type_name(r->type), r->in, r->why, got ? got : "-",
					      rc, why.en ? why.en : "");
				free(got);
				if (!rc)
					json_decref(out);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* The row's outcome as one string: the JSON, or "!" and the reason. */
static char *outcome(const row *r)
{
	json_t *out;
	gf_value_why why = {NULL, NULL};
	char buf[256];
	if (gf_value_parse(g_values, r->type, r->in, &out, &why) == 0) {
		char *s = json_dumps(out, JSON_ENCODE_ANY);
		json_decref(out);
		return s;
	}
	snprintf(buf, sizeof buf, "!%s", why.en ? why.en : "");
	return strdup(buf);
}

#define N_ROWS (sizeof rows / sizeof rows[0])
#define N_THREADS 4

static char *g_expect[N_ROWS];

static void *thread_main(void *arg)
{
	long *mismatches = arg;
	for (int round = 0; round < 50; round++)
		for (size_t i = 0; i < N_ROWS; i++) {
			char *got = outcome(&rows[i]);
			if (!got || strcmp(got, g_expect[i]) != 0)
				(*mismatches)++;
			free(got);
		}
	return NULL;
}

/* One gf_values shared by threads parsing at once gives the same answers. */
static void test_threads(void **state)
{
	(void)state;
	pthread_t th[N_THREADS];
	long mismatches[N_THREADS] = {0};
	for (size_t i = 0; i < N_ROWS; i++)
		assert_non_null(g_expect[i] = outcome(&rows[i]));
	for (int t = 0; t < N_THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, thread_main, &mismatches[t]), 0);
	for (int t = 0; t < N_THREADS; t++) {
		pthread_join(th[t], NULL);
		assert_int_equal(mismatches[t], 0);
	}
	for (size_t i = 0; i < N_ROWS; i++)
		free(g_expect[i]);
}

static void test_chinese_reasons(void **state)
{
	(void)state;
	json_t *out;
	gf_value_why why;
	assert_int_equal(gf_value_parse(g_values, GF_TYPE_MOBILE, "12345", &out, &why), GF_EINVAL);
	assert_string_equal(why.zh, "应为11位手机号码");
	assert_string_equal(why.en, "expected an 11-digit mobile number");
	assert_int_equal(gf_value_parse(g_values, GF_TYPE_EMAIL, "x", &out, NULL), GF_EINVAL);
	assert_null(out);
}

static void test_long_inputs(void **state)
{
	(void)state;
	size_t n = 10 * 1024;
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, '9', n);
	s[n] = '\0';
	for (int t = GF_TYPE_DATE; t <= GF_TYPE_IPV4; t++) {
		json_t *out;
		gf_value_why why = {0};
		assert_int_equal(gf_value_parse(g_values, (gf_type)t, s, &out, &why), GF_EINVAL);
		assert_null(out);
		assert_non_null(why.en);
	}
	json_t *out;
	assert_int_equal(gf_value_parse(g_values, GF_TYPE_TEXT, s, &out, NULL), 0);
	assert_int_equal(json_string_length(out), n);
	json_decref(out);
	/* 10 KB of spaces around a value is still the value */
	memset(s, ' ', n);
	memcpy(s + n / 2, "16台", strlen("16台"));
	assert_int_equal(gf_value_parse(g_values, GF_TYPE_INT, s, &out, NULL), 0);
	assert_int_equal(json_integer_value(out), 16);
	json_decref(out);
	free(s);
}

typedef struct cm_row {
	const char *in;
	long cpu;
	double mem;
} cm_row;

static void test_cpumem(void **state)
{
	(void)state;
	static const cm_row ok[] = {
		{"4核8G", 4, 8},	{"4C/8GB", 4, 8},	{"4核/8G", 4, 8},
		{"4C8G", 4, 8},		{"4vCPU 8GB", 4, 8},	{"4核 8G内存", 4, 8},
		{"CPU4核 内存8G", 4, 8}, {"8G 4核", 4, 8},	{"４Ｃ／８ＧＢ", 4, 8},
		{"4c8g", 4, 8},		{"4/8", 4, 8},		{"4*8G", 4, 8},
		{"CPU:4 内存:8", 4, 8}, {"16核64G", 16, 64},	{"2核512M", 2, 0.5},
		{"8核1T", 8, 1024},	{"4核", 4, -1},		{"8G", -1, 8},
		{"内存16GB", -1, 16},	{"0", 0, 0},		{"4 核 / 8 G", 4, 8},
	};
	static const char *const bad[] = {"", "8", "abc", "4核8核", "约4核8G", "4G8G", "1.38E+10"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		long cpu = 99;
		double mem = 99;
		gf_value_why why = {0};
		int rc = gf_value_parse_cpumem(g_values, ok[i].in, &cpu, &mem, &why);
		if (rc || cpu != ok[i].cpu || mem != ok[i].mem)
			fail_msg("cpumem \"%s\": rc %d cpu %ld mem %g", ok[i].in, rc, cpu, mem);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long cpu = 99;
		double mem = 99;
		gf_value_why why = {0};
		int rc = gf_value_parse_cpumem(g_values, bad[i], &cpu, &mem, &why);
		if (rc != GF_EINVAL || cpu != -1 || mem != -1 || !why.en)
			fail_msg("cpumem \"%s\" should be refused: rc %d", bad[i], rc);
	}
}

typedef struct disk_row {
	const char *in;
	double gb;
	const char *type;
} disk_row;

static void test_disk(void **state)
{
	(void)state;
	static const disk_row ok[] = {
		{"100G SSD", 100, "SSD"},	{"500GB/SAS", 500, "SAS"},
		{"SSD 100G", 100, "SSD"},	{"100", 100, NULL},
		{"SATA", -1, "SATA"},		{"100G(SSD)", 100, "SSD"},
		{"100G（SSD）", 100, "SSD"},	{"1TB SATA", 1024, "SATA"},
		{"100GSSD", 100, "SSD"},	{"100 TLC SSD", 100, "TLC SSD"},
		{"ＳＳＤ　２００Ｇ", 200, "SSD"}, {"200G 高效云盘", 200, "高效云盘"},
		{"SSD:100GB", 100, "SSD"},	{"ESSD PL1 100G", 100, "ESSD PL1"},
		{"0", 0, NULL},			{"40G", 40, NULL},
	};
	static const char *const bad[] = {"", "  ", "100G*2", "-100G", "100G SSD + 1T SATA",
					    "100G SSD 1T SATA"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		double gb = 99;
		char *type = (char *)1;
		gf_value_why why = {0};
		int rc = gf_value_parse_disk(g_values, ok[i].in, &gb, &type, &why);
		if (rc || gb != ok[i].gb || (ok[i].type == NULL) != (type == NULL) ||
		    (type && strcmp(type, ok[i].type) != 0))
			fail_msg("disk \"%s\": rc %d gb %g type %s", ok[i].in, rc, gb,
				 rc || !type ? "(none)" : type);
		gf_free(type);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double gb = 99;
		char *type = (char *)1;
		gf_value_why why = {0};
		int rc = gf_value_parse_disk(g_values, bad[i], &gb, &type, &why);
		if (rc != GF_EINVAL || gb != -1 || type != NULL || !why.en)
			fail_msg("disk \"%s\" should be refused: rc %d", bad[i], rc);
	}
}

static void test_types(void **state)
{
	(void)state;
	static const char *const names[] = {"text", "date", "int", "number", "gb",
					    "mobile", "phone", "email", "money", "cpu",
					    "power_w", "power_kw", "ipv4", "choice", "multi"};
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
		assert_int_equal(gf_type_from_name(names[i]), i);
		assert_string_equal(gf_type_name((gf_type)i), names[i]);
	}
	assert_int_equal(gf_type_from_name("float"), -1);
	assert_int_equal(gf_type_from_name(NULL), -1);
	assert_true(gf_type_is_numeric(GF_TYPE_MONEY));
	assert_true(gf_type_is_numeric(GF_TYPE_CPU));
	assert_false(gf_type_is_numeric(GF_TYPE_PHONE));
	assert_false(gf_type_is_numeric(GF_TYPE_DATE));
}

static void test_json_number(void **state)
{
	(void)state;
	json_t *j = gf_value_json_number(16.0);
	assert_true(json_is_integer(j));
	assert_int_equal(json_integer_value(j), 16);
	assert_true(gf_value_number(j) == 16.0);
	json_decref(j);
	j = gf_value_json_number(0.1 + 0.2);
	assert_true(json_is_real(j));
	assert_true(json_real_value(j) == 0.3);
	json_decref(j);
	j = gf_value_json_number(2.0000000001);
	assert_true(json_is_integer(j));
	json_decref(j);
	j = gf_value_json_number(-0.0);
	assert_true(json_is_integer(j));
	assert_int_equal(json_integer_value(j), 0);
	json_decref(j);
	j = gf_value_json_number(1e300);
	assert_true(json_is_real(j));
	json_decref(j);
	assert_null(gf_value_json_number(NAN));
	assert_null(gf_value_json_number(INFINITY));
	assert_true(gf_value_number(NULL) == 0);
	j = json_string("16");
	assert_true(gf_value_number(j) == 0);
	json_decref(j);
}

/* Fail each allocation of gf_values_new in turn: every failure is GF_ENOMEM,
 * nothing leaks (ASan build), and the object that comes back works. */
static void test_alloc_torture(void **state)
{
	(void)state;
	unsigned long n;
	for (n = 1; n < 10000; n++) {
		gf_values *v = NULL;
		gf_error err = {0};
		gf_alloc_fail_at(n);
		int rc = gf_values_new(&v, &err);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == 0) {
			json_t *out;
			assert_non_null(v);
			assert_int_equal(gf_value_parse(v, GF_TYPE_MONEY, "120万元", &out, NULL), 0);
			assert_int_equal(json_integer_value(out), 1200000);
			json_decref(out);
			gf_values_free(v);
			if (made < n)
				break; /* the failure point was never reached */
		} else {
			assert_int_equal(rc, GF_ENOMEM);
			assert_int_equal(err.code, GF_ENOMEM);
			assert_null(v);
		}
	}
	assert_true(n > 20); /* contexts and every pattern were failed once */
	assert_true(n < 10000);
	/* and every allocation of a parse */
	for (n = 1; n < 100; n++) {
		json_t *out = NULL;
		double gb;
		char *type;
		gf_alloc_fail_at(n);
		int rc = gf_value_parse(g_values, GF_TYPE_DATE, "2026年3月5日", &out, NULL);
		int rc2 = gf_value_parse_disk(g_values, "100G SSD", &gb, &type, NULL);
		unsigned long made = gf_alloc_fail_at(0);
		assert_true(rc == 0 || rc == GF_ENOMEM);
		assert_true(rc2 == 0 || rc2 == GF_ENOMEM);
		if (rc == 0)
			json_decref(out);
		if (rc2 == 0)
			gf_free(type);
		if (made < n)
			break;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_chinese_reasons),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_long_inputs),
		cmocka_unit_test(test_cpumem),
		cmocka_unit_test(test_disk),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_json_number),
		cmocka_unit_test(test_alloc_torture),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
