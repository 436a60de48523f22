/* Confirmation sheets end to end: every sample record rendered and checked
 * with poppler (pdftotext, pdffonts, pdfinfo, pdfdetach, pdftoppm), qpdf and
 * zbarimg; byte-identical re-renders; the 60-row host table; seal areas;
 * overrides; hostile records; threads; failing allocations; template
 * errors. */
#include "support.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "sheet/layout.h"
#include "sheet/sheet.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

static gf_sheets *sheets;
static char outdir[4096];


/* pdftotext of pages [first, last] (0 = all) with all whitespace removed. */
static char *text_of(const char *pdf, int first, int last)
{
	char cmd[8400];
	if (first)
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f %d -l %d '%s' -", first, last, pdf);
	else
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
	int st;
	char *t = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	size_t k = 0;
	for (size_t i = 0; t[i]; i++)
		if (!isspace((unsigned char)t[i]))
			t[k++] = t[i];
	t[k] = '\0';
	return t;
}

static json_t *load_record(const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/records/%s", GF_TEST_DATA, name);
	json_error_t je;
	json_t *r = json_load_file(path, 0, &je);
	if (!r)
		fail_msg("%s: %s", path, je.text);
	return r;
}

static int render_rc(const char *name, const char *overrides, gf_sheet_result *res, gf_error *err)
{
	json_t *rec = load_record(name);
	json_t *ov = NULL;
	if (overrides) {
		json_error_t je;
		ov = json_loads(overrides, 0, &je);
		assert_non_null(ov);
	}
	gf_error_clear(err);
	int rc = gf_sheet_render(sheets, rec, ov, res, err);
	json_decref(rec);
	json_decref(ov);
	return rc;
}

/* Render and write OUTDIR/<out>.pdf; returns the path (static). */
static const char *render_to(const char *name, const char *overrides, const char *out,
			     gf_sheet_result *res)
{
	gf_error err;
	int rc = render_rc(name, overrides, res, &err);
	if (rc)
		fail_msg("%s: %s", name, err.msg);
	static char path[4200];
	snprintf(path, sizeof path, "%s/%s.pdf", outdir, out);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(res->pdf, 1, res->pdf_len, f), res->pdf_len);
	fclose(f);
	return path;
}

static int setup(void **state)
{
	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	snprintf(outdir, sizeof outdir, "%s/sheets-out", GF_BINARY_DIR);
	mkdir(outdir, 0755);
	gf_error err;
	gf_error_clear(&err);
	if (gf_sheets_load(&sheets, gf_test_src("templates"), NULL, &err))
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gf_sheets_free(sheets);
	return 0;
}

static int has_warning(const json_t *w, const char *code, const char *field)
{
	size_t i;
	json_t *d;
	json_array_foreach(w, i, d)
	{
		const char *c = json_string_value(json_object_get(d, "code"));
		const char *f = json_string_value(json_object_get(d, "field"));
		if (c && strcmp(c, code) == 0 && (!field || (f && strcmp(f, field) == 0)))
			return 1;
	}
	return 0;
}

typedef struct scase {
	const char *file, *overrides, *form, *kind;
	int pages;
	const char *cloud_id; /* expected, or NULL = derived */
	const char *expect[32];
	const char *warn[4];  /* "code:field" */
} scase;

static const scase cases[] = {
	{"request.json", "{\"system.operating_hours\": \"7×24小时\"}", "activation-sheet", "ACTIVATION", 2, NULL,
	 {"附件5", "淮北市政务云资源开通确认单", "淮北市人力资源和社会保障局", "2026年3月5日", "王䶮主任",
	  "𠮷晓明", "☑委托外包单位", "☑新建入云", "☐迁移入云", "☑三级", "☑7×24小时", "☑电信云",
	  "☑互联网公网地址2个", "☑政务外网业务地址4个", "☑50M", "☑达梦", "☑东方通", "72核208GB",
	  "800GB6496GB", "中配服务器1台", "其他：Web应用防火墙、数据库审计", "☑本地备份",
	  "第1页共2页", "第2页共2页"},
	 {NULL}},
	{"hosting-request.json", NULL, "activation-sheet", "ACTIVATION", 2, NULL,
	 {"淮北市公安局", "李建国支队长", "☑下属单位/部门", "☑其他网络视频专网", "☑移动云", "1000M",
	  "2个机柜32U标准机柜空间", "设备需双路供电", "☐新建入云", "☐迁移入云"},
	 {"required:system.onboarding", "required:system.protection_level",
	  "required:system.operating_hours", NULL}},
	{"change-request.json", NULL, "change-sheet", "CHANGE", 1, NULL,
	 {"附件6", "淮北市政务云资源变更确认单", "淮北市教育局", "陈静", "0561-3061234", "☑联通云",
	  "☑互联网区", "2026年6月18日", "☑主机", "☐网络", "☑其他安全", "10.55.61.1154核8G8核16G",
	  "100G100G200G300GSSD招生高峰临时扩容", "需要新增一个互联网公网地址", "第1页共1页",
	  "资源变更内容"},
	 {NULL}},
	{"exit-request.json", NULL, "exit-sheet", "EXIT", 1, NULL,
	 {"附件7", "淮北市政务云资源退出确认单", "淮北市市场监督管理局", "☑业务系统退出", "☐使用单位退出",
	  "15805619876", "☑电信云", "2026年9月30日", "虚拟机4台", "清除与否：☐是", "☐否",
	  "第1页共1页"},
	 {NULL}},
	{"activation-sheet.json", NULL, "activation-sheet", "ACTIVATION", 2, "HBZWY-2026-000123",
	 {"淮北市卫生健康委员会", "周敏副主任", "☑迁移入云", "☑7×24小时", "☑人大金仓", "宝兰德",
	  "64核128GB", "500GB4000GB", "低配GPU卡0块", "☑同城异地备份", "核心库同城异地备份"},
	 {NULL}},
	{"change-sheet.json", NULL, "change-sheet", "CHANGE", 1, "HBZWY-2025-000456",
	 {"淮北市住房公积金管理中心", "☑移动云", "☑政务外网区", "2026年5月20日", "☑主机", "☑网络",
	  "10.55.72.218核16G8核32G", "内存由16G变更为32G"},
	 {NULL}},
	{"exit-sheet.json", NULL, "exit-sheet", "EXIT", 1, "HBZWY-2024-000789",
	 {"淮北市文化和旅游局", "☑使用单位退出", "☑联通云", "2026年10月31日", "虚拟机2台"},
	 {NULL}},
};

static void check_case(const scase *c)
{
	gf_sheet_result res;
	char out[256];
	snprintf(out, sizeof out, "%.*s", (int)(strlen(c->file) - 5), c->file);
	const char *pdf = render_to(c->file, c->overrides, out, &res);
	char cmd[20000];
	int st;

	/* the sheet record */
	json_t *rec = res.sheet_record;
	assert_string_equal(json_string_value(json_object_get(rec, "schema")), "govforms.record/1");
	assert_string_equal(json_string_value(json_object_get(rec, "form")), c->form);
	assert_true(json_is_true(json_object_get(rec, "valid")));
	assert_ptr_equal(json_object_get(rec, "diagnostics"), res.warnings);
	json_t *src = load_record(c->file);
	assert_true(json_equal(json_object_get(rec, "source"), json_object_get(src, "source")));
	json_decref(src);
	const char *cid = json_string_value(json_object_get(
		json_object_get(json_object_get(rec, "fields"), "system"), "cloud_id"));
	assert_non_null(cid);
	if (c->cloud_id) {
		assert_string_equal(cid, c->cloud_id);
	} else {
		assert_int_equal(strlen(cid), 17);
		assert_memory_equal(cid, "HBZWY-2026-", 11);
		for (int i = 11; i < 17; i++)
			assert_true(isdigit((unsigned char)cid[i]));
	}
	for (int i = 0; c->warn[i]; i++) {
		char code[64];
		const char *colon = strchr(c->warn[i], ':');
		snprintf(code, sizeof code, "%.*s", (int)(colon - c->warn[i]), c->warn[i]);
		if (!has_warning(res.warnings, code, colon + 1))
			fail_msg("%s: no warning %s", c->file, c->warn[i]);
	}
	if (!c->warn[0] && json_array_size(res.warnings))
		fail_msg("%s: unexpected warnings %s", c->file, json_dumps(res.warnings, 0));

	/* the text, as written */
	char *t = text_of(pdf, 0, 0);
	for (int i = 0; c->expect[i]; i++)
		if (!strstr(t, c->expect[i]))
			fail_msg("%s: \"%s\" not in the text:\n%s", c->file, c->expect[i], t);
	char num[64];
	snprintf(num, sizeof num, "编号：%s", cid);
	assert_non_null(strstr(t, num));
	gf_free(t);

	/* fonts: embedded subsets with ToUnicode */
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
	char *fl = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	int rows = 0;
	char *line = strstr(fl, "\n---");
	for (line = line ? strchr(line + 1, '\n') : NULL; line && line[1]; line = strchr(line + 1, '\n')) {
		rows++;
		char *e = strchr(line + 1, '\n');
		char row[400];
		snprintf(row, sizeof row, "%.*s", (int)(e ? e - line - 1 : (long)strlen(line + 1)), line + 1);
		if (!strstr(row, "yes yes yes") || !strstr(row, "+"))
			fail_msg("%s: %s", c->file, row);
	}
	assert_true(rows >= 2);
	gf_free(fl);

	/* qpdf: no error, no warning */
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", pdf);
	char *q = gf_test_run(cmd, &st);
	if (st != 0 || strstr(q, "WARNING") || !strstr(q, "No syntax or stream encoding errors"))
		fail_msg("%s: qpdf --check:\n%s", c->file, q);
	gf_free(q);

	/* document information */
	snprintf(cmd, sizeof cmd, "pdfinfo -enc UTF-8 '%s'", pdf);
	char *info = gf_test_run(cmd, &st);
	char want[256];
	snprintf(want, sizeof want, "Subject:         %s\n", c->form);
	assert_non_null(strstr(info, want));
	snprintf(want, sizeof want, "Keywords:        %s\n", cid);
	assert_non_null(strstr(info, want));
	snprintf(want, sizeof want, "Pages:           %d\n", c->pages);
	assert_non_null(strstr(info, want));
	assert_non_null(strstr(info, "Title:           淮北市政务云资源"));
	assert_non_null(strstr(info, "Producer:        govforms"));
	assert_non_null(strstr(info, "Page size:       595.276 x 841.89 pts (A4)"));
	gf_free(info);

	/* the attached record is the canonical sheet record */
	char dir[4400];
	snprintf(dir, sizeof dir, "%s/%s-att", outdir, out);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && pdfdetach -saveall -o '%s' '%s'", dir, dir,
		 dir, pdf);
	gf_free(gf_test_run(cmd, &st));
	assert_int_equal(st, 0);
	char attp[4600];
	snprintf(attp, sizeof attp, "%s/%s.json", dir, cid);
	size_t alen, clen;
	char *att = gf_test_read(attp, &alen);
	char *canon = gf_sheet_canonical(rec, &clen);
	assert_int_equal(alen, clen);
	assert_memory_equal(att, canon, clen);
	char hex[65];
	gf_sha256_hex(canon, clen, hex);
	for (char *p = hex; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	free(att);
	gf_free(canon);

	/* the QR code on page 1 carries kind, cloud id and the record's hash */
	snprintf(cmd, sizeof cmd,
		 "pdftoppm -r 200 -f 1 -l 1 -gray -png '%s' '%s/%s-qr' && zbarimg -q --raw '%s/%s-qr-1.png' 2>/dev/null", pdf,
		 outdir, out, outdir, out);
	char *qr = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	char expect[256];
	snprintf(expect, sizeof expect, "GFSHEET:%s:%s:%s\n", c->kind, cid, hex);
	assert_string_equal(qr, expect);
	gf_free(qr);
	gf_sheet_result_free(&res);
}

static void test_render_all(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);
}

static void test_same_bytes(void **state)
{
	(void)state;
	gf_sheets *other;
	gf_error err;
	gf_error_clear(&err);
	assert_int_equal(gf_sheets_load(&other, gf_test_src("templates/sheets"), NULL, &err), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		gf_sheet_result a, b, c;
		assert_int_equal(render_rc(cases[i].file, cases[i].overrides, &a, &err), 0);
		assert_int_equal(render_rc(cases[i].file, cases[i].overrides, &b, &err), 0);
		gf_sheets *keep = sheets;
		sheets = other;
		assert_int_equal(render_rc(cases[i].file, cases[i].overrides, &c, &err), 0);
		sheets = keep;
		assert_int_equal(a.pdf_len, b.pdf_len);
		assert_memory_equal(a.pdf, b.pdf, a.pdf_len);
		assert_int_equal(a.pdf_len, c.pdf_len);
		assert_memory_equal(a.pdf, c.pdf, a.pdf_len);
		gf_sheet_result_free(&a);
		gf_sheet_result_free(&b);
		gf_sheet_result_free(&c);
	}
	gf_sheets_free(other);
}

static void test_dates(void **state)
{
	(void)state;
	gf_sheet_result res;
	char cmd[8400];
	int st;
	const char *pdf = render_to("exit-request.json", NULL, "dates", &res);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
	char *info = gf_test_run(cmd, &st);
	assert_non_null(strstr(info, "CreationDate:    Wed Sep 30 00:00:00 2026 UTC"));
	gf_free(info);
	size_t len1 = res.pdf_len;
	unsigned char *first = gf_malloc(len1);
	memcpy(first, res.pdf, len1);
	gf_sheet_result_free(&res);

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	pdf = render_to("exit-request.json", NULL, "dates-sde", &res);
	unsetenv("SOURCE_DATE_EPOCH");
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
	info = gf_test_run(cmd, &st);
	assert_non_null(strstr(info, "CreationDate:    Tue Nov 14 22:13:20 2023 UTC"));
	gf_free(info);
	assert_true(res.pdf_len != len1 || memcmp(first, res.pdf, len1) != 0);
	gf_free(first);
	gf_sheet_result_free(&res);
}

static void test_sixty_rows(void **state)
{
	(void)state;
	gf_sheet_result res;
	const char *pdf = render_to("request-60-hosts.json", NULL, "request-60-hosts", &res);
	char cmd[8400];
	int st;
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
	char *info = gf_test_run(cmd, &st);
	int pages = (int)strtol(strstr(info, "Pages:") + 6, NULL, 10);
	gf_free(info);
	assert_true(pages >= 3);
	json_t *hosts = json_object_get(json_object_get(res.sheet_record, "fields"), "hosts");
	assert_int_equal(json_array_size(hosts), 60);
	/* every row printed once, the header on every page the table runs over */
	char *all = text_of(pdf, 0, 0);
	for (int i = 1; i <= 60; i++) {
		char tag[16];
		snprintf(tag, sizeof tag, "-%02d", i);
		const char *p = strstr(all, tag);
		assert_non_null(p);
	}
	long cpu = 0, mem = 0, cnt = 0;
	size_t i;
	json_t *h;
	json_array_foreach(hosts, i, h)
	{
		long n = (long)json_integer_value(json_object_get(h, "count"));
		cpu += n * (long)json_integer_value(json_object_get(h, "cpu"));
		mem += n * (long)json_integer_value(json_object_get(h, "memory_gb"));
		cnt += n;
	}
	char tot[64];
	snprintf(tot, sizeof tot, "%ld核%ldGB", cpu, mem);
	assert_non_null(strstr(all, tot));
	const json_t *ht = json_object_get(json_object_get(res.sheet_record, "fields"), "hosts_total");
	assert_int_equal(json_integer_value(json_object_get(ht, "count")), cnt);
	assert_int_equal(json_integer_value(json_object_get(ht, "cpu")), cpu);
	gf_free(all);
	int with_header = 0;
	for (int p = 1; p <= pages; p++) {
		char *t = text_of(pdf, p, p);
		char foot[64];
		snprintf(foot, sizeof foot, "第%d页共%d页", p, pages);
		assert_non_null(strstr(t, foot));
		int rows_here = strstr(t, "服务器-") || strstr(t, "网关-");
		if (rows_here) {
			if (!strstr(t, "虚拟机名称") || !strstr(t, "操作系统版本"))
				fail_msg("page %d has host rows but no header", p);
			with_header++;
		}
		gf_free(t);
	}
	assert_true(with_header >= 2);
	gf_sheet_result_free(&res);
}

/* Below each party's （盖章） label a 45 mm square is blank, the 年 月 日
 * line under it. Checked on the rasterised last page (72 dpi: 1 px = 1 pt). */
static void check_seals(const char *pdf, int page)
{
	char cmd[9000];
	int st;
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -bbox -f %d -l %d '%s' -", page, page, pdf);
	char *bb = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -gray -f %d -l %d -singlefile '%s' '%s/seal'", page, page,
		 pdf, outdir);
	gf_free(gf_test_run(cmd, &st));
	assert_int_equal(st, 0);
	snprintf(cmd, sizeof cmd, "%s/seal.pgm", outdir);
	size_t plen;
	char *pgm = gf_test_read(cmd, &plen);
	int w, h, maxv, off;
	assert_int_equal(sscanf(pgm, "P5 %d %d %d%n", &w, &h, &maxv, &off), 3);
	const unsigned char *px = (const unsigned char *)pgm + off + 1;
	double seal = 45 * 72 / 25.4;
	int parties = 0;
	double label_bottom = 0;
	for (const char *p = bb; (p = strstr(p, "<word ")); p++) {
		double x0, y0, x1, y1;
		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1) != 4)
			continue;
		const char *txt = strchr(p, '>') + 1;
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)(strchr(txt, '<') - txt), txt);
		if (!strstr(word, "（盖章）"))
			continue;
		parties++;
		label_bottom = y1;
		/* the square: from the label's left edge, 1 pt under it */
		for (int y = (int)y1 + 2; y < (int)(y1 + 2 + seal); y++)
			for (int x = (int)x0; x < (int)(x0 + seal); x++) {
				assert_true(x < w && y < h);
				if (px[y * w + x] < 200)
					fail_msg("page %d: ink at (%d,%d) in the seal area of party %d", page, x, y,
						 parties);
			}
	}
	assert_int_equal(parties, 3);
	/* the date lines are below the squares */
	int dates = 0;
	for (const char *p = bb; (p = strstr(p, "<word ")); p++) {
		double x0, y0, x1, y1;
		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1) != 4)
			continue;
		if (strncmp(strchr(p, '>') + 1, "年<", strlen("年<")) == 0 && y0 > label_bottom) {
			dates++;
			assert_true(y0 >= label_bottom + 2 + seal);
		}
	}
	assert_int_equal(dates, 3);
	free(pgm);
	gf_free(bb);
}

static void test_seal_areas(void **state)
{
	(void)state;
	gf_sheet_result res;
	check_seals(render_to("request.json", NULL, "seal-activation", &res), 2);
	gf_sheet_result_free(&res);
	check_seals(render_to("change-request.json", NULL, "seal-change", &res), 1);
	gf_sheet_result_free(&res);
	check_seals(render_to("exit-request.json", NULL, "seal-exit", &res), 1);
	gf_sheet_result_free(&res);
}

static void test_overrides(void **state)
{
	(void)state;
	gf_sheet_result res;
	gf_error err;
	const char *pdf = render_to("request.json",
				    "{\"system.operating_hours\": \"8×5小时\", \"gpu.low\": \"2\", \"gpu.high\": 1,"
				    " \"system.cloud_id\": \"HBZWY-2026-000001\", \"other\": \"\","
				    " \"backup.value_added\": \"同城异地备份、异地备份\"}",
				    "overrides", &res);
	const json_t *f = json_object_get(res.sheet_record, "fields");
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "system"), "operating_hours")),
			    "其它");
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "system"), "operating_hours_other")),
			    "8×5小时");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(f, "gpu"), "low")), 2);
	assert_null(json_object_get(f, "other"));
	char *t = text_of(pdf, 0, 0);
	assert_non_null(strstr(t, "☑其它"));
	assert_non_null(strstr(t, "8×5小时"));
	assert_non_null(strstr(t, "☐7×24小时"));
	assert_non_null(strstr(t, "低配GPU卡2块"));
	assert_non_null(strstr(t, "高配GPU卡1块"));
	assert_non_null(strstr(t, "编号：HBZWY-2026-000001"));
	assert_non_null(strstr(t, "☑同城异地备份"));
	assert_non_null(strstr(t, "☑异地备份"));
	assert_null(strstr(t, "需开通至省人社厅专线的访问策略"));
	gf_free(t);
	gf_sheet_result_free(&res);

	static const char *bad[] = {
		"{\"no.such.field\": \"1\"}",
		"{\"gpu.low\": \"two\"}",
		"{\"gpu.low\": -1}",
		"{\"cloud.platform\": \"阿里云\"}",
		"{\"applied_on\": \"2026/3/5\"}",
		"{\"hosts\": \"x\"}",
		"{\"backup.basic\": \"异地备份\"}",
		"{\"system.cloud_id\": \"HBZWY 2026/1\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(render_rc("request.json", bad[i], &res, &err), GF_EINVAL);
		assert_non_null(strstr(err.msg, "--set"));
	}
	json_t *ov = json_array();
	json_t *rec = load_record("request.json");
	assert_int_equal(gf_sheet_render(sheets, rec, ov, &res, &err), GF_EINVAL);
	json_decref(ov);
	json_decref(rec);
}

static void test_cloud_id_stable(void **state)
{
	(void)state;
	gf_sheet_result a, b;
	gf_error err;
	assert_int_equal(render_rc("exit-request.json", NULL, &a, &err), 0);
	json_t *rec = load_record("exit-request.json");
	json_object_set_new(json_object_get(json_object_get(rec, "fields"), "system"), "name",
			    json_string("淮北市另一个系统"));
	assert_int_equal(gf_sheet_render(sheets, rec, NULL, &b, &err), 0);
	const char *ia = json_string_value(json_object_get(
		json_object_get(json_object_get(a.sheet_record, "fields"), "system"), "cloud_id"));
	const char *ib = json_string_value(json_object_get(
		json_object_get(json_object_get(b.sheet_record, "fields"), "system"), "cloud_id"));
	assert_string_not_equal(ia, ib);
	assert_memory_equal(ia, "HBZWY-2026-", 11);
	gf_sheet_result_free(&b);
	/* the same record again: the same number */
	json_decref(rec);
	rec = load_record("exit-request.json");
	assert_int_equal(gf_sheet_render(sheets, rec, NULL, &b, &err), 0);
	ib = json_string_value(json_object_get(
		json_object_get(json_object_get(b.sheet_record, "fields"), "system"), "cloud_id"));
	assert_string_equal(ia, ib);
	json_decref(rec);
	gf_sheet_result_free(&a);
	gf_sheet_result_free(&b);
}

static void test_hostile_records(void **state)
{
	(void)state;
	gf_sheet_result res;
	gf_error err;
	gf_error_clear(&err);
	json_t *r = json_pack("{s:s}", "form", "letter");
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), GF_EINVAL);
	json_decref(r);
	r = json_object();
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), GF_EINVAL);
	json_decref(r);

	/* no fields at all: a blank sheet, every required field a warning */
	r = json_pack("{s:s,s:[]}", "form", "exit-request", "fields");
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), 0);
	assert_true(has_warning(res.warnings, "required", "unit.name"));
	assert_true(has_warning(res.warnings, "required", "exit_on"));
	assert_false(has_warning(res.warnings, "required", "data_wipe.provider")); /* by hand */
	gf_sheet_result_free(&res);
	json_decref(r);

	/* wrong types everywhere, a character no font has, very long text */
	gf_buf big = GF_BUF_INIT(0);
	for (int i = 0; i < 3000; i++)
		gf_buf_puts(&big, "超长的退出原因文本");
	r = json_pack("{s:s,s:{s:{s:s},s:{s:[i,i]},s:o,s:{s:i},s:s,s:s,s:[s,{}]}}", "form", "exit-request",
		      "fields", "unit", "name", "淮北市\xF4\x8F\xBF\xBD局", "system", "name", 1, 2,
		      "exit_kind", json_pack("{s:s}", "x", "y"), "cloud", "provider", 7, "reason", big.data,
		      "exit_on", "not a date", "resources", "a", "b");
	assert_non_null(r);
	gf_buf_free(&big);
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), 0);
	assert_true(has_warning(res.warnings, "format", "unit.name"));
	assert_true(has_warning(res.warnings, "range", "reason"));
	assert_true(res.pdf_len > 1000);
	gf_sheet_result_free(&res);
	json_decref(r);

	/* absurd numbers print as numbers */
	r = json_loads("{\"form\":\"request\",\"fields\":{\"hosts\":[{\"name\":\"a\",\"cpu\":1e300,"
		       "\"count\":-3,\"memory_gb\":0.125}],\"ip\":{\"internet\":1e20},\"other\":true}}",
		       0, NULL);
	assert_non_null(r);
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), 0);
	gf_sheet_result_free(&res);
	json_decref(r);

	/* a document number that would not print or scan: replaced, with a warning */
	r = json_pack("{s:s,s:{s:{s:s,s:s}}}", "form", "exit-request", "fields", "system", "name", "x",
		      "cloud_id", "HBZWY-2026-000001/../../etc");
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), 0);
	assert_true(has_warning(res.warnings, "format", "system.cloud_id"));
	const char *id = json_string_value(gf_json_path(json_object_get(res.sheet_record, "fields"),
							 "system.cloud_id"));
	assert_int_equal(strlen(id), 17);
	gf_sheet_result_free(&res);
	json_decref(r);

	/* 6000 host rows: refused, not drawn */
	json_t *hosts = json_array();
	for (int i = 0; i < 6000; i++)
		json_array_append_new(hosts, json_pack("{s:s,s:i}", "name", "vm", "cpu", 2));
	r = json_pack("{s:s,s:{s:o}}", "form", "request", "fields", "hosts", hosts);
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), GF_ELIMIT);
	json_decref(r);

	/* list items that are not objects, numbers as strings */
	r = json_pack("{s:s,s:{s:[i,s,{s:s,s:s,s:s}]}}", "form", "request", "fields", "hosts", 1, "x", "name",
		      "vm", "cpu", "8", "count", "2");
	assert_int_equal(gf_sheet_render(sheets, r, NULL, &res, &err), 0);
	const json_t *ht = json_object_get(json_object_get(res.sheet_record, "fields"), "hosts_total");
	assert_int_equal(json_integer_value(json_object_get(ht, "cpu")), 16);
	gf_sheet_result_free(&res);
	json_decref(r);
}

typedef struct job {
	const char *file, *overrides;
	unsigned char *pdf;
	size_t len;
	int rc;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	for (int k = 0; k < 4; k++) {
		json_t *rec = load_record(j->file);
		json_t *ov = j->overrides ? json_loads(j->overrides, 0, NULL) : NULL;
		gf_sheet_result res;
		gf_error err;
		gf_error_clear(&err);
		j->rc = gf_sheet_render(sheets, rec, ov, &res, &err);
		json_decref(rec);
		json_decref(ov);
		if (j->rc)
			return NULL;
		if (j->pdf && (res.pdf_len != j->len || memcmp(res.pdf, j->pdf, j->len)))
			j->rc = -100;
		gf_free(j->pdf);
		j->pdf = res.pdf;
		j->len = res.pdf_len;
		res.pdf = NULL;
		gf_sheet_result_free(&res);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	/* a fresh set, so faces are opened concurrently too */
	gf_sheets *keep = sheets;
	gf_error err;
	gf_error_clear(&err);
	assert_int_equal(gf_sheets_load(&sheets, gf_test_src("templates"), NULL, &err), 0);
	job jobs[4] = {{"request.json", NULL, NULL, 0, 0},
		       {"change-request.json", NULL, NULL, 0, 0},
		       {"exit-request.json", NULL, NULL, 0, 0},
		       {"request.json", NULL, NULL, 0, 0}};
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	gf_sheets_free(sheets);
	sheets = keep;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(jobs[i].rc, 0);
		gf_sheet_result res;
		assert_int_equal(render_rc(jobs[i].file, jobs[i].overrides, &res, &err), 0);
		assert_int_equal(res.pdf_len, jobs[i].len);
		assert_memory_equal(res.pdf, jobs[i].pdf, res.pdf_len);
		gf_sheet_result_free(&res);
		gf_free(jobs[i].pdf);
	}
}

/* Every allocation of a render made to fail once: an error, never a crash. */
static void test_alloc_failures(void **state)
{
	(void)state;
	json_t *rec = load_record("change-request.json");
	gf_sheet_result ok;
	gf_error err;
	gf_error_clear(&err);
	assert_int_equal(gf_sheet_render(sheets, rec, NULL, &ok, &err), 0);
	unsigned long failures = 0;
	for (unsigned long n = 1;; n++) {
		gf_sheet_result res;
		gf_error_clear(&err);
		gf_alloc_fail_at(n);
		int rc = gf_sheet_render(sheets, rec, NULL, &res, &err);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == 0) {
			assert_int_equal(res.pdf_len, ok.pdf_len);
			assert_memory_equal(res.pdf, ok.pdf, ok.pdf_len);
			gf_sheet_result_free(&res);
			if (made < n)
				break; /* the n-th allocation was never reached */
			continue;
		}
		failures++;
		if (rc != GF_ENOMEM && rc != GF_EPDF)
			fail_msg("allocation %lu: rc %d (%s)", n, rc, err.msg);
		assert_true(n < 200000);
	}
	assert_true(failures > 100);
	gf_sheet_result_free(&ok);
	json_decref(rec);
}

static void copy_templates(const char *dst)
{
	char cmd[9000];
	GF_TEST_FMT(cmd, "rm -rf '%s' && mkdir -p '%s' && cp '%s'/*.xml '%s'/", dst, dst,
		 gf_test_src("templates/sheets"), dst);
	int st;
	gf_free(gf_test_run(cmd, &st));
	assert_int_equal(st, 0);
}

static void edit_file(const char *path, const char *from, const char *to)
{
	size_t len;
	char *s = gf_test_read(path, &len);
	char *p = strstr(s, from);
	assert_non_null(p);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(s, 1, (size_t)(p - s), f);
	fputs(to, f);
	fputs(p + strlen(from), f);
	fclose(f);
	free(s);
}

static void test_template_errors(void **state)
{
	(void)state;
	static const struct {
		const char *file, *from, *to, *msg;
	} edits[] = {
		{"activation.xml", "<value field=\"tech_contact.email\" span=\"3\"/>",
		 "<value field=\"tech_contact.email\" span=\"2\"/>", "cover 3 of the table's 4 columns"},
		{"activation.xml", "<value field=\"unit.name\"/>", "<value field=\"unit.nam\"/>",
		 "field \"unit.nam\" is not declared"},
		{"change.xml", "<label>系统负责人</label>", "<label colour=\"red\">系统负责人</label>",
		 "unknown attribute \"colour\""},
		{"exit.xml", "<style name=\"meta\" chain=\"song\" size=\"9\"/>",
		 "<style name=\"meta\" chain=\"kai\" size=\"9\"/>", "no font chain \"kai\""},
		{"exit.xml", "</sheet>", "</shet>", "not well-formed"},
		{"activation.xml", "<label>中间件</label>", "<label>中间件\xF3\xB0\x80\x80</label>", "no font has U+F0000"},
		{"mapping.xml", "<copy key=\"reason\"/>", "<move key=\"reason\"/>", "unknown operation"},
	};
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/bad-templates", outdir);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		copy_templates(dir);
		char path[4400];
		snprintf(path, sizeof path, "%s/%s", dir, edits[i].file);
		edit_file(path, edits[i].from, edits[i].to);
		gf_sheets *s;
		gf_error err;
		gf_error_clear(&err);
		assert_int_equal(gf_sheets_load(&s, dir, NULL, &err), GF_ETEMPLATE);
		if (!strstr(err.msg, edits[i].file) || !strstr(err.msg, edits[i].msg))
			fail_msg("edit %zu: \"%s\"", i, err.msg);
		/* file:line: */
		const char *p = strstr(err.msg, ".xml:");
		assert_non_null(p);
		assert_true(isdigit((unsigned char)p[5]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_all),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_sixty_rows),
		cmocka_unit_test(test_seal_areas),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_cloud_id_stable),
		cmocka_unit_test(test_hostile_records),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_template_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
