/* Option cells: every way people mark a choice. */
#include "support.h"

#include "core/marks.h"
#include "form/formdef.h"
#include "form/options.h"

#include <stdlib.h>
#include <string.h>

static gf_formset *fs;

static int setup(void **state)
{
	(void)state;
	gf_error err = {0};
	const char *dir = getenv("GOVFORMS_TEMPLATES");
	int rc = gf_formset_load(&fs, dir ? dir : GF_SOURCE_DIR "/templates", &err);
	if (rc)
		fprintf(stderr, "%s\n", err.msg);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	gf_formset_free(fs);
	return 0;
}

static const gf_fielddef *field(const char *form, const char *key)
{
	const gf_formdef *f = gf_formset_find(fs, form);
	assert_non_null(f);
	const gf_fielddef *d = gf_formdef_field(f, key);
	assert_non_null(d);
	return d;
}

/* Chosen options as "a|b", "" when none; the pick's blank of `blank_opt`. */
static const char *pick(gf_arena *a, const gf_fielddef *f, const char *text, gf_option_pick *p)
{
	assert_int_equal(gf_options_read(a, f, text, p), 0);
	const char *s = "";
	for (size_t i = 0; i < f->noptions; i++)
		if (p->chosen[i])
			s = gf_arena_printf(a, "%s%s%s", s, *s ? "|" : "", f->options[i].text);
	return s;
}

typedef struct row {
	const char *form, *key, *text, *expect, *blank, *unknown;
} row;

static const row rows[] = {
	/* boxes */
	{"request", "system.onboarding", "☐新建上云 ☑迁移上云 ☐机房托管", "迁移上云", NULL, NULL},
	{"request", "system.onboarding", "☐新建上云 ☒迁移上云 ☐机房托管", "迁移上云", NULL, NULL},
	{"request", "system.onboarding", "■新建上云 ☐迁移上云 ☐机房托管", "新建上云", NULL, NULL},
	{"request", "system.onboarding", "▣新建上云 □迁移上云 □机房托管", "新建上云", NULL, NULL},
	{"request", "system.onboarding", "☐新建上云 ☐迁移上云 ✅机房托管", "机房托管", NULL, NULL},
	/* box followed by a tick, with or without space */
	{"request", "system.onboarding", "☐√新建上云 ☐迁移上云 ☐机房托管", "新建上云", NULL, NULL},
	{"request", "system.onboarding", "☐ ✓ 新建上云 ☐迁移上云 ☐机房托管", "新建上云", NULL, NULL},
	{"request", "system.onboarding", "☐新建上云 ☐✔迁移上云 ☐机房托管", "迁移上云", NULL, NULL},
	/* tick in place of the box */
	{"request", "system.onboarding", "√新建上云 ☐迁移上云 ☐机房托管", "新建上云", NULL, NULL},
	{"request", "system.onboarding", "☐新建上云 ✓迁移上云 ☐机房托管", "迁移上云", NULL, NULL},
	/* tick after the option, before the next box */
	{"request", "system.onboarding", "☐新建上云√ ☐迁移上云 ☐机房托管", "新建上云", NULL, NULL},
	/* nothing marked */
	{"request", "system.onboarding", "☐新建上云 ☐迁移上云 ☐机房托管", "", NULL, NULL},
	/* two marked in a single choice: both reported (the fill makes it an error) */
	{"request", "system.onboarding", "☑新建上云 ☑迁移上云 ☐机房托管", "新建上云|迁移上云", NULL, NULL},
	/* longest option first: 99% is not inside 99.99% */
	{"request", "system.availability", "☐99% ☐99.9% ☑99.99% ☐其他", "99.99%", NULL, NULL},
	{"request", "system.availability", "☑99% ☐99.9% ☐99.99% ☐其他", "99%", NULL, NULL},
	/* 附件2 prints 99.99% without a box: still an option */
	{"hosting-request", "system.availability", "☐99% ☐99.9% √99.99% ☐其他", "99.99%", NULL, NULL},
	/* blanks: 临时运行 6 个月 */
	{"request", "cloud.term", "☐长期运行 ☑临时运行 6 个月", "临时运行", "6", NULL},
	{"request", "cloud.term", "☐长期运行 ☑临时运行６个月", "临时运行", "６", NULL},
	{"request", "cloud.term", "☐长期运行 ☑临时运行（3个月）", "临时运行", "3", NULL},
	{"request", "cloud.term", "☑长期运行 ☐临时运行  个月", "长期运行", NULL, NULL},
	/* a filled blank on an unmarked option */
	{"request", "cloud.term", "☐长期运行 ☐临时运行 5 个月", "临时运行", "5", NULL},
	/* 其他 with its text */
	{"request", "system.category", "☐业务生产系统 ☐内部办公 ☐公众服务 ☐门户网站 ☐移动APP ☐视频系统 ☑其他 数据共享平台",
	 "其他", "数据共享平台", NULL},
	{"request", "system.category", "☐业务生产系统 ☐内部办公 ☐公众服务 ☐门户网站 ☐移动APP ☐视频系统 ☑其它：数据共享平台",
	 "其他", "数据共享平台", NULL},
	/* multi */
	{"request", "system.networks", "☑政务外网  ☑互联网  \n☐其他网络      ", "政务外网|互联网", NULL, NULL},
	{"request", "system.networks", "☑政务外网  ☐互联网  \n☑其他网络  视频专网", "政务外网|其他网络", "视频专网", NULL},
	/* boxless rows: the chosen one marked, the others deleted */
	{"change-request", "cloud.provider", "电信 √移动 联通", "移动", NULL, NULL},
	{"change-request", "cloud.provider", "电信 移动√ 联通", "移动", NULL, NULL},
	{"change-request", "cloud.provider", "电信 移动 联通(√)", "联通", NULL, NULL},
	{"change-request", "cloud.provider", "移动", "移动", NULL, NULL},
	{"change-request", "cloud.provider", "电信 移动 联通", "", NULL, NULL},
	{"change-request", "zone", "政务外网区", "政务外网区", NULL, NULL},
	{"change-request", "zone", "☑政务外网区 互联网区", "政务外网区", NULL, NULL},
	/* emphasis and strike-through from the DOCX reader */
	{"change-request", "cloud.provider", "电信 " GF_MARK_EMPH_ON_S "移动" GF_MARK_EMPH_OFF_S " 联通", "移动", NULL, NULL},
	{"change-request", "cloud.provider", GF_MARK_STRIKE_ON_S "电信" GF_MARK_STRIKE_OFF_S " 移动 " GF_MARK_STRIKE_ON_S "联通" GF_MARK_STRIKE_OFF_S, "移动", NULL, NULL},
	/* an option not on the form */
	{"request", "system.protection_level", "☐一级 ☐二级 ☐三级 ☐未定级 ☑四级", "", NULL, "四级"},
	{"request", "system.protection_level", "四级", "", NULL, "四级"},
	/* full-width and spacing in option text */
	{"request", "middleware", "☐ＷＥＢＬＯＧＩＣ ☑东 方 通 ☐其他", "东方通", NULL, NULL},
	/* a tick before the box, and ticks after an option with a blank */
	{"change-request", "cloud.provider", "☐电信 √☐移动 ☐联通", "移动", NULL, NULL},
	{"request", "system.category", "☐业务生产系统 ☐内部办公 ☐公众服务 ☐门户网站 ☐移动APP ☐视频系统 ☐其他（√）：基金监管",
	 "其他", "基金监管", NULL},
	{"request", "cloud.term", "☐长期运行 ☐临时运行（√） 5 个月", "临时运行", "5", NULL},
	/* boxed options left after deleting the others */
	{"request", "system.networks", "☐政务外网  ☐其他网络：医保专网", "政务外网|其他网络", "医保专网", NULL},
	/* option core without its printed note */
	{"request", "storage.types", "☑SATA硬盘 ☑SSD硬盘", "SATA硬盘（默认）|SSD硬盘", NULL, NULL},
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const row *r = &rows[i];
		gf_arena *a = gf_arena_new(0);
		const gf_fielddef *f = field(r->form, r->key);
		gf_option_pick p;
		const char *got = pick(a, f, r->text, &p);
		if (strcmp(got, r->expect) != 0)
			fail_msg("row %zu (%s): got \"%s\", expected \"%s\"", i, r->text, got, r->expect);
		const char *blank = NULL;
		for (size_t k = 0; k < f->noptions; k++)
			if (p.chosen[k] && p.blank[k])
				blank = p.blank[k];
		if ((r->blank == NULL) != (blank == NULL) || (blank && strcmp(blank, r->blank) != 0))
			fail_msg("row %zu (%s): blank \"%s\", expected \"%s\"", i, r->text,
				 blank ? blank : "(none)", r->blank ? r->blank : "(none)");
		if ((r->unknown == NULL) != (p.unknown == NULL) ||
		    (p.unknown && strcmp(p.unknown, r->unknown) != 0))
			fail_msg("row %zu (%s): unknown \"%s\", expected \"%s\"", i, r->text,
				 p.unknown ? p.unknown : "(none)", r->unknown ? r->unknown : "(none)");
		gf_arena_free(a);
	}
}

static void test_lookup(void **state)
{
	(void)state;
	gf_arena *a = gf_arena_new(0);
	const gf_fielddef *f = field("activation-sheet", "system.operating_hours");
	assert_int_equal(gf_options_lookup(f, "7×24小时", a), 0);
	assert_int_equal(gf_options_lookup(f, "其他", a), 2); /* printed 其它 */
	assert_int_equal(gf_options_lookup(f, "全天", a), -1);
	gf_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
