/* Every valid sample in samples/ through intake and the sheets: the PDF is
 * clean for qpdf, its fonts are embedded subsets, every text value of the
 * sheet record is in the extracted text (ticked options with ☑), the QR code
 * carries the record's hash, and a second render gives the same bytes. */
#include "support.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "form/intake.h"
#include "sheet/layout.h"
#include "sheet/sheet.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

static gf_engine *engine;
static gf_sheets *sheets;
static char outdir[4096];


static void compact(char *t)
{
	size_t k = 0;
	for (size_t i = 0; t[i]; i++)
		if (!isspace((unsigned char)t[i]))
			t[k++] = t[i];
	t[k] = '\0';
}

static int setup(void **state)
{
	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	snprintf(outdir, sizeof outdir, "%s/sheets-samples", GF_BINARY_DIR);
	mkdir(outdir, 0755);
	gf_error err;
	gf_error_clear(&err);
	if (gf_engine_load(&engine, gf_test_src("templates"), &err) ||
	    gf_sheets_load(&sheets, gf_test_src("templates"), NULL, &err))
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gf_sheets_free(sheets);
	gf_engine_free(engine);
	return 0;
}

/* The first 12 characters of a value (a long value wraps, and the lines
 * of neighbouring cells may interleave in the extracted text). */
static void head_of(const char *s, char *out, size_t cap)
{
	size_t n = 0, i = 0, o = 0;
	while (s[i] && n < 12 && o + 5 < cap) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (!isspace(c)) {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
		n++;
	}
	out[o] = '\0';
}

/* Every text leaf of the sheet record's fields appears in the text. */
static void check_values(const char *name, const json_t *fields, const gf_sfield *decls,
			 size_t nd, const char *text, const char *base)
{
	for (size_t i = 0; i < nd; i++) {
		const gf_sfield *f = &decls[i];
		char key[300];
		snprintf(key, sizeof key, "%s%s", base, f->key);
		const json_t *v = gf_json_path(fields, base[0] ? f->key : key);
		if (gf_json_blank(v))
			continue;
		if (f->type == GF_FT_LIST) {
			size_t k;
			json_t *item;
			json_array_foreach(v, k, item) check_values(name, item, f->sub, f->n_sub, text, "-");
			continue;
		}
		char want[256] = "";
		if (f->type == GF_FT_CHOICE && json_is_string(v)) {
			snprintf(want, sizeof want, "☑%s", json_string_value(v));
		} else if (f->type == GF_FT_MULTI) {
			snprintf(want, sizeof want, "☑%s", json_string_value(json_array_get(v, 0)));
		} else if ((f->type == GF_FT_TEXT || f->type == GF_FT_PHONE || f->type == GF_FT_EMAIL) &&
			   json_is_string(v)) {
			head_of(json_string_value(v), want, sizeof want);
		} else if (f->type == GF_FT_DATE && json_is_string(v)) {
			int y, m, d;
			if (sscanf(json_string_value(v), "%d-%d-%d", &y, &m, &d) == 3)
				snprintf(want, sizeof want, "%d年%d月%d日", y, m, d);
		} else if (json_is_integer(v)) {
			snprintf(want, sizeof want, "%lld", (long long)json_integer_value(v));
		}
		if (want[0] && !strstr(text, want))
			fail_msg("%s: %s%s = \"%s\" not in the text", name, base, f->key, want);
	}
}

static void check_sample(const char *dir, const char *file)
{
	char path[4400], name[512];
	GF_TEST_FMT(path, "%s/%s", dir, file);
	GF_TEST_FMT(name, "%s", file);
	size_t len;
	char *data = gf_test_read(path, &len);
	json_t *rec = NULL;
	gf_intake_opts o = {.source_name = file};
	gf_error err;
	gf_error_clear(&err);
	gf_intake(engine, data, len, &o, &rec, &err);
	free(data);
	assert_non_null(rec);
	if (!json_is_true(json_object_get(rec, "valid"))) {
		json_decref(rec);
		return;
	}
	gf_sheet_result a, b;
	if (gf_sheet_render(sheets, rec, NULL, &a, &err))
		fail_msg("%s: %s", file, err.msg);
	assert_int_equal(gf_sheet_render(sheets, rec, NULL, &b, &err), 0);
	assert_int_equal(a.pdf_len, b.pdf_len);
	assert_memory_equal(a.pdf, b.pdf, a.pdf_len);
	gf_sheet_result_free(&b);

	char pdf[4700];
	GF_TEST_FMT(pdf, "%s/%s.pdf", outdir, file);
	FILE *fp = fopen(pdf, "wb");
	assert_non_null(fp);
	fwrite(a.pdf, 1, a.pdf_len, fp);
	fclose(fp);

	char cmd[24000];
	int st;
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", pdf);
	char *q = gf_test_run(cmd, &st);
	if (st != 0 || strstr(q, "WARNING"))
		fail_msg("%s: qpdf:\n%s", file, q);
	gf_free(q);
	snprintf(cmd, sizeof cmd, "pdffonts '%s' | tail -n +3", pdf);
	char *fl = gf_test_run(cmd, &st);
	for (char *l = fl; *l;) {
		char *e = strchr(l, '\n');
		if (e)
			*e = '\0';
		if (*l && (!strstr(l, "yes yes yes") || !strchr(l, '+')))
			fail_msg("%s: font %s", file, l);
		if (!e)
			break;
		l = e + 1;
	}
	gf_free(fl);

	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
	char *text = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	compact(text);
	const json_t *fields = json_object_get(a.sheet_record, "fields");
	const char *form = json_string_value(json_object_get(a.sheet_record, "form"));
	const char *kind = strcmp(form, "activation-sheet") == 0 ? "activation"
			   : strcmp(form, "change-sheet") == 0   ? "change"
								 : "exit";
	char lpath[4400];
	snprintf(lpath, sizeof lpath, "%s/%s.xml", gf_test_src("templates/sheets"), kind);
	/* the declarations, to know each value's type */
	gf_fonts *fonts;
	gf_layout *l;
	assert_int_equal(gf_fonts_load(&fonts, gf_test_src("templates/sheets/fonts.xml"), NULL, &err), 0);
	assert_int_equal(gf_layout_load(&l, lpath, fonts, &err), 0);
	size_t nd;
	const gf_sfield *decls = gf_layout_fields(l, &nd);
	check_values(file, fields, decls, nd, text, "");
	gf_layout_free(l);
	gf_fonts_free(fonts);

	/* the QR code: kind, number, hash of the canonical record */
	size_t clen;
	char *canon = gf_sheet_canonical(a.sheet_record, &clen);
	char hex[65];
	gf_sha256_hex(canon, clen, hex);
	gf_free(canon);
	for (char *p = hex; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	const char *cid = json_string_value(gf_json_path(fields, "system.cloud_id"));
	char want[256], kup[16];
	snprintf(kup, sizeof kup, "%s", kind);
	for (char *p = kup; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	snprintf(want, sizeof want, "GFSHEET:%s:%s:%s\n", kup, cid, hex);
	snprintf(cmd, sizeof cmd, "pdftoppm -r 150 -f 1 -l 1 -gray -png '%s' '%s/qr' && zbarimg -q --raw '%s/qr-1.png' 2>/dev/null",
		 pdf, outdir, outdir);
	char *qr = gf_test_run(cmd, &st);
	if (strcmp(qr, want) != 0)
		fail_msg("%s: QR \"%s\", expected \"%s\"", file, qr, want);
	gf_free(qr);
	gf_free(text);
	gf_sheet_result_free(&a);
	json_decref(rec);
}

static void test_every_sample(void **state)
{
	(void)state;
	const char *dir = gf_test_src("samples");
	char d[4096];
	snprintf(d, sizeof d, "%s", dir);
	DIR *dh = opendir(d);
	if (!dh)
		skip();
	int n = 0;
	struct dirent *e;
	char names[256][256];
	while ((e = readdir(dh)) && n < 256) {
		size_t l = strlen(e->d_name);
		if ((l > 5 && strcmp(e->d_name + l - 5, ".docx") == 0) ||
		    (l > 4 && strcmp(e->d_name + l - 4, ".xml") == 0))
			snprintf(names[n++], sizeof names[0], "%s", e->d_name);
	}
	closedir(dh);
	for (int i = 0; i < n; i++)
		check_sample(d, names[i]);
	assert_true(n >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_sample),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
