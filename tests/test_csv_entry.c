/* test_csv_entry - the data-entry layout over CSV: headers, quirks,
 * choices, table rows joined by ref, diagnostics with row and column. */
#include "support.h"

#include "core/alloc.h"
#include "form/formdef.h"
#include "form/values.h"
#include "table/csv.h"
#include "table/entry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gf_formset *fs;
static gf_values *vals;

static int setup(void **state)
{
	(void)state;
	gf_error err = {0};
	const char *dir = getenv("GOVFORMS_TEMPLATES");
	if (gf_formset_load(&fs, dir ? dir : GF_SOURCE_DIR "/templates", &err) ||
	    gf_values_new(&vals, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gf_formset_free(fs);
	gf_values_free(vals);
	return 0;
}

typedef struct sheet {
	gf_csv *forms, *rows1, *rows2;
	gf_entry *en;
} sheet;

static int open_sheet(sheet *s, const char *forms, const char *rows, const char *hint,
		      gf_error *err)
{
	memset(s, 0, sizeof *s);
	int rc = gf_csv_open_mem(&s->forms, forms, strlen(forms), "forms.csv", err);
	if (rc)
		return rc;
	gf_entry_opts o = {fs, vals, hint, NULL};
	rc = gf_entry_open(&s->en, &o, gf_csv_rows(s->forms), err);
	if (rc || !rows)
		return rc;
	if ((rc = gf_csv_open_mem(&s->rows1, rows, strlen(rows), "rows.csv", err)) ||
	    (rc = gf_entry_index_rows(s->en, gf_csv_rows(s->rows1), NULL, err)) ||
	    (rc = gf_csv_open_mem(&s->rows2, rows, strlen(rows), "rows.csv", err)))
		return rc;
	return gf_entry_add_rows(s->en, gf_csv_rows(s->rows2), NULL, err);
}

static void close_sheet(sheet *s)
{
	gf_entry_free(s->en);
	gf_csv_close(s->forms);
	gf_csv_close(s->rows1);
	gf_csv_close(s->rows2);
}

static char *fields_json(const gf_entry_form *f)
{
	return json_dumps(f->fields, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The form's own diagnostics as "code@row:col:field" lines. */
static char *diags_text(const gf_entry_form *f)
{
	static char buf[8192];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->diags.n; i++) {
		const gf_diag *d = &f->diags.items[i];
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s %s@%d:%d:%s\n",
				      d->severity == GF_SEV_ERROR ? "E" : "W", d->code, d->where.line,
				      d->where.col, d->field ? d->field : "-");
	}
	return buf;
}

static gf_entry_form *next_form(sheet *s)
{
	gf_entry_form *f = NULL;
	gf_error err = {0};
	int rc = gf_entry_next(s->en, &f, &err);
	if (rc != 1)
		fail_msg("gf_entry_next: %d %s", rc, err.msg);
	return f;
}

static void expect_fields(const gf_entry_form *f, const char *want)
{
	char *got = fields_json(f);
	if (strcmp(got, want) != 0)
		fail_msg("fields\n got: %s\nwant: %s", got, want);
	free(got);
}

static void test_labels_and_quirks(void **state)
{
	(void)state;
	const char *csv =
		"表单,申请单位,申请时间,系统负责人,办公电话,电子邮箱,移动电话,技术联系人,办公电话,移动电话,服务对象数量,备注栏\n"
		"request, 淮北市数据资源管理局 ,45356,张三,561-3112058,zs@hb.gov.cn,1.38056E+10,李四,5613112059,13805612345,16.0,\n"
		"附件1,淮北市　公安局,2026年3月5日,王五,0561-3112058,ww@hb.gov.cn,138 0561 2345,赵六,3112058,１３８０５６１２３４５,1.2E+3,多余\n";
	sheet s;
	gf_error err = {0};
	assert_int_equal(open_sheet(&s, csv, NULL, "x.csv", &err), 0);
	gf_entry_form *f = next_form(&s);
	assert_int_equal(f->line, 2);
	assert_string_equal(f->form_id, "request");
	expect_fields(f, "{\"applied_on\":\"2024-03-05\","
			 "\"owner\":{\"email\":\"zs@hb.gov.cn\",\"name\":\"张三\",\"office_phone\":\"0561-3112058\"},"
			 "\"system\":{\"audience_size\":\"16\"},"
			 "\"tech_contact\":{\"mobile\":\"13805612345\",\"name\":\"李四\",\"office_phone\":\"05613112059\"},"
			 "\"unit\":{\"name\":\"淮北市数据资源管理局\"}}");
	assert_string_equal(diags_text(f), "W format@2:5:owner.office_phone\n"
					   "E format@2:7:owner.mobile\n"
					   "W format@2:9:tech_contact.office_phone\n");
	assert_int_equal(f->nreplaced, 1);
	assert_string_equal(f->replaced[0], "owner.mobile");
	assert_non_null(strstr(f->diags.items[1].message, "科学计数法"));
	gf_loc loc = {0};
	gf_entry_locate(f, "tech_contact.office_phone", &loc);
	assert_int_equal(loc.line, 2);
	assert_int_equal(loc.col, 9);
	gf_entry_form_free(f);

	f = next_form(&s);
	assert_string_equal(f->form_id, "request");
	/* text keeps what was typed (spaces folded); the parsers fold widths */
	expect_fields(f, "{\"applied_on\":\"2026年3月5日\","
			 "\"owner\":{\"email\":\"ww@hb.gov.cn\",\"mobile\":\"138 0561 2345\",\"name\":\"王五\","
			 "\"office_phone\":\"0561-3112058\"},"
			 "\"system\":{\"audience_size\":\"1200\"},"
			 "\"tech_contact\":{\"mobile\":\"１３８０５６１２３４５\",\"name\":\"赵六\","
			 "\"office_phone\":\"3112058\"},"
			 "\"unit\":{\"name\":\"淮北市 公安局\"}}");
	/* the column that is no field is reported when it holds something */
	assert_string_equal(diags_text(f), "W format@3:12:-\n");
	gf_entry_form_free(f);
	gf_entry_form *none;
	assert_int_equal(gf_entry_next(s.en, &none, &err), 0);
	close_sheet(&s);
}

static void test_merged_header(void **state)
{
	(void)state;
	/* a group row over the repeated labels, as a merged cell saved to CSV */
	const char *csv = "申请单位,系统负责人,,,技术联系人,,\n"
			  ",姓名,办公电话,电子邮箱,姓名,办公电话,电子邮箱\n"
			  "淮北市数据资源管理局,张三,0561-3112058,zs@hb.gov.cn,李四,0561-3112059,ls@hb.gov.cn\n";
	sheet s;
	gf_error err = {0};
	assert_int_equal(open_sheet(&s, csv, NULL, "hosting-request-2019.csv", &err), 0);
	gf_entry_form *f = next_form(&s);
	assert_string_equal(f->form_id, "hosting-request");
	assert_int_equal(f->line, 3);
	expect_fields(f, "{\"owner\":{\"email\":\"zs@hb.gov.cn\",\"name\":\"张三\",\"office_phone\":\"0561-3112058\"},"
			 "\"tech_contact\":{\"email\":\"ls@hb.gov.cn\",\"name\":\"李四\",\"office_phone\":\"0561-3112059\"},"
			 "\"unit\":{\"name\":\"淮北市数据资源管理局\"}}");
	assert_string_equal(diags_text(f), "");
	gf_entry_form_free(f);
	close_sheet(&s);

	/* label row + key row, a title row above, field keys win */
	csv = "淮北市政务云资源变更申请表\n"
	      "申请单位*,联系电话,变更类型,其他说明\n"
	      "unit.name,owner.phone,change_kinds,change_kinds_other\n"
	      "淮北市数据资源管理局,0561 3112058,\"主机、网络，其它：带宽扩容\",\n";
	assert_int_equal(open_sheet(&s, csv, NULL, "x.csv", &err), 0);
	f = next_form(&s);
	assert_string_equal(f->form_id, "change-request");
	expect_fields(f, "{\"change_kinds\":[\"主机\",\"网络\",\"其他\"],\"change_kinds_other\":\"带宽扩容\","
			 "\"owner\":{\"phone\":\"0561 3112058\"},\"unit\":{\"name\":\"淮北市数据资源管理局\"}}");
	gf_entry_form_free(f);
	close_sheet(&s);
}

static void test_choices(void **state)
{
	(void)state;
	const char *csv = "form,系统上云类型,承载网络,系统上云运行时限,云服务商,可用性要求\n"
			  "request,迁移上云,\"政务外网、其他网络：市直专网\",临时运行 6个月,电信 ,其他（99.95%）\n"
			  "request,新建,互联网,长期运行,移动,99.9%\n";
	sheet s;
	gf_error err = {0};
	assert_int_equal(open_sheet(&s, csv, NULL, NULL, &err), 0);
	gf_entry_form *f = next_form(&s);
	expect_fields(f, "{\"cloud\":{\"provider\":\"电信\",\"term\":\"临时运行\",\"term_months\":\"6\"},"
			 "\"system\":{\"availability\":\"其他\",\"availability_other\":\"99.95%\","
			 "\"networks\":[\"政务外网\",\"其他网络\"],\"networks_other\":\"市直专网\","
			 "\"onboarding\":\"迁移上云\"}}");
	gf_entry_form_free(f);
	/* no option matches: passed on as typed for intake to refuse */
	f = next_form(&s);
	expect_fields(f, "{\"cloud\":{\"provider\":\"移动\",\"term\":\"长期运行\"},"
			 "\"system\":{\"availability\":\"99.9%\",\"networks\":[\"互联网\"],\"onboarding\":\"新建\"}}");
	gf_entry_form_free(f);
	close_sheet(&s);
}

static void test_table_rows(void **state)
{
	(void)state;
	const char *forms = "序号,编号,表单,申请单位\n"
			    "1,A-1,request,甲单位\n"
			    "2,B-2,request,乙单位\n"
			    "3,,,\n"
			    "4,C-3,hosting-request,丙单位\n"
			    "5,A-1,request,重复单位\n";
	/* out of order, one orphan ref, one row without a ref, a wrong table */
	const char *rows = "编号,明细类型,虚拟机名称,CPU,内存,系统磁盘（GB）及类型,数量,设备名称,设备U数\n"
			   "B-2,hosts,数据库,8.0,16G,100G SSD,1,,\n"
			   "A-1,主机资源,应用,4,8,\"500GB/SAS\",2,,\n"
			   "Z-9,hosts,孤儿,1,1,,,,\n"
			   ",hosts,无编号,1,1,,,,\n"
			   "A-1,hosts,缓存,2,4,,,,\n"
			   "C-3,devices,,,,,1,X网服务器,2\n"
			   "C-3,hosts,错表,1,1,,,,\n";
	sheet s;
	gf_error err = {0};
	assert_int_equal(open_sheet(&s, forms, rows, NULL, &err), 0);
	gf_entry_form *f = next_form(&s);
	assert_string_equal(f->ref, "A-1");
	expect_fields(f, "{\"hosts\":[{\"count\":\"2\",\"cpu\":\"4\",\"memory_gb\":\"8\",\"name\":\"应用\","
			 "\"system_disk_gb\":\"500\",\"system_disk_type\":\"SAS\"},"
			 "{\"cpu\":\"2\",\"memory_gb\":\"4\",\"name\":\"缓存\"}],"
			 "\"unit\":{\"name\":\"甲单位\"}}");
	gf_loc loc = {0};
	gf_entry_locate(f, "hosts[1].cpu", &loc);
	assert_int_equal(loc.line, 6);
	assert_int_equal(loc.col, 4);
	gf_entry_form_free(f);
	f = next_form(&s);
	expect_fields(f, "{\"hosts\":[{\"count\":\"1\",\"cpu\":\"8\",\"memory_gb\":\"16G\",\"name\":\"数据库\","
			 "\"system_disk_gb\":\"100\",\"system_disk_type\":\"SSD\"}],"
			 "\"unit\":{\"name\":\"乙单位\"}}");
	gf_entry_form_free(f);
	/* row 4 holds only its 序号: not a form */
	f = next_form(&s);
	assert_int_equal(f->line, 5);
	assert_string_equal(f->form_id, "hosting-request");
	expect_fields(f, "{\"devices\":[{\"count\":\"1\",\"name\":\"X网服务器\",\"units_u\":\"2\"}],"
			 "\"unit\":{\"name\":\"丙单位\"}}");
	assert_string_equal(diags_text(f), "E format@8:2:-\n");
	gf_entry_form_free(f);
	f = next_form(&s);
	assert_string_equal(diags_text(f), "E format@6:2:-\n");
	gf_entry_form_free(f);
	assert_int_equal(gf_entry_next(s.en, &f, &err), 0);
	/* orphans in sheet order */
	assert_int_equal(gf_entry_next_orphan(s.en, &f, &err), 1);
	assert_int_equal(f->line, 4);
	assert_null(f->form_id);
	assert_string_equal(f->ref, "Z-9");
	gf_entry_form_free(f);
	assert_int_equal(gf_entry_next_orphan(s.en, &f, &err), 1);
	assert_int_equal(f->line, 5);
	assert_null(f->ref);
	gf_entry_form_free(f);
	assert_int_equal(gf_entry_next_orphan(s.en, &f, &err), 0);
	close_sheet(&s);
}

static void test_form_detection(void **state)
{
	(void)state;
	sheet s;
	gf_error err = {0};
	gf_entry_form *f;
	/* unknown form named in the form column */
	assert_int_equal(open_sheet(&s, "表单,申请单位\n附件9,甲\n", NULL, NULL, &err), 0);
	f = next_form(&s);
	assert_null(f->form_id);
	assert_string_equal(diags_text(f), "E unknown-form@2:1:-\n");
	gf_entry_form_free(f);
	close_sheet(&s);
	/* headers alone: only exit-request has 退出原因 and 退出类型 with 云服务商 */
	assert_int_equal(open_sheet(&s, "申请单位,退出类型,云服务商,退出日期\n甲,业务系统退出,联通,2026-01-02\n",
				    NULL, "legacy.csv", &err), 0);
	f = next_form(&s);
	assert_non_null(f->form_id);
	gf_entry_form_free(f);
	close_sheet(&s);
	/* no header at all */
	gf_csv *c;
	assert_int_equal(gf_csv_open_mem(&c, "1,2,3\n4,5,6\n", 12, "n.csv", &err), 0);
	gf_entry *en;
	gf_entry_opts o = {fs, vals, NULL, NULL};
	assert_int_equal(gf_entry_open(&en, &o, gf_csv_rows(c), &err), GF_EUNREADABLE);
	gf_csv_close(c);
}

static void test_excel_date(void **state)
{
	(void)state;
	char d[11];
	assert_int_equal(gf_excel_date(1, false, d), 0);
	assert_string_equal(d, "1900-01-01");
	assert_int_equal(gf_excel_date(59, false, d), 0);
	assert_string_equal(d, "1900-02-28");
	assert_int_equal(gf_excel_date(60, false, d), GF_EINVAL);
	assert_int_equal(gf_excel_date(61, false, d), 0);
	assert_string_equal(d, "1900-03-01");
	assert_int_equal(gf_excel_date(45356.75, false, d), 0);
	assert_string_equal(d, "2024-03-05");
	assert_int_equal(gf_excel_date(46086, false, d), 0);
	assert_string_equal(d, "2026-03-05");
	assert_int_equal(gf_excel_date(0, true, d), 0);
	assert_string_equal(d, "1904-01-01");
	assert_int_equal(gf_excel_date(44624, true, d), 0);
	assert_string_equal(d, "2026-03-05");
	assert_int_equal(gf_excel_date(-1, false, d), GF_EINVAL);
}

static void test_merge(void **state)
{
	(void)state;
	const char *csv = "form,电子邮箱,移动电话\nrequest,a@b.cn,1.38056E+10\n";
	sheet s;
	gf_error err = {0};
	assert_int_equal(open_sheet(&s, csv, NULL, NULL, &err), 0);
	gf_entry_form *f = next_form(&s);
	json_t *rec = json_pack("{s:s, s:b, s:[{s:s,s:s,s:s,s:s,s:s}, {s:s,s:s,s:s,s:s}]}", "form",
				"request", "valid", 1, "diagnostics", "severity", "error", "code",
				"required", "field", "owner.mobile", "message", "x", "where",
				"row 2, column 3", "severity", "error", "code", "required", "field",
				"owner.name", "message", "y");
	assert_int_equal(gf_entry_merge(f, rec), 0);
	json_t *d = json_object_get(rec, "diagnostics");
	assert_int_equal(json_array_size(d), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "code")), "format");
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 0), "where")),
			    "row 2, column 3");
	assert_string_equal(json_string_value(json_object_get(json_array_get(d, 1), "field")),
			    "owner.name");
	assert_true(json_is_false(json_object_get(rec, "valid")));
	json_decref(rec);
	gf_entry_form_free(f);
	close_sheet(&s);
}

static void test_alloc_torture(void **state)
{
	(void)state;
	const char *forms = "编号,表单,申请单位,承载网络,移动电话\nA,request,甲,\"政务外网、其他网络：x\",1.38056E+10\n";
	const char *rows = "编号,table,虚拟机名称,系统磁盘（GB）及类型\nA,hosts,a,100G SSD\nZ,hosts,b,1\n";
	for (unsigned long k = 1;; k++) {
		gf_alloc_fail_at(k);
		sheet s;
		gf_error err = {0};
		int rc = open_sheet(&s, forms, rows, NULL, &err);
		gf_entry_form *f;
		if (rc == 0)
			while ((rc = gf_entry_next(s.en, &f, &err)) == 1)
				gf_entry_form_free(f);
		if (rc == 0)
			while ((rc = gf_entry_next_orphan(s.en, &f, &err)) == 1)
				gf_entry_form_free(f);
		close_sheet(&s);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == 0 && made < k)
			break;
		if (rc != 0 && rc != GF_ENOMEM)
			fail_msg("allocation %lu: rc %d (%s)", k, rc, err.msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels_and_quirks), cmocka_unit_test(test_merged_header),
		cmocka_unit_test(test_choices),           cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_form_detection),    cmocka_unit_test(test_excel_date),
		cmocka_unit_test(test_merge),             cmocka_unit_test(test_alloc_torture),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
