/* sheet.c - the sheets entry point: load once, render per record. */
#include "sheet/sheet.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "sheet/font.h"
#include "sheet/layout.h"
#include "sheet/map.h"
#include "form/fill.h"
#include "sheet/pdf.h"

#include <hpdf.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LAYOUTS 8

struct gf_sheets {
	gf_fonts *fonts;
	gf_mapping *mapping;
	gf_layout *layouts[MAX_LAYOUTS];
	size_t n_layouts;
};

static int file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static const gf_layout *layout_by_kind(const gf_sheets *s, const char *kind)
{
	for (size_t i = 0; i < s->n_layouts; i++)
		if (strcmp(gf_layout_kind(s->layouts[i]), kind) == 0)
			return s->layouts[i];
	return NULL;
}

int gf_sheets_load(gf_sheets **out, const char *templates_dir, const char *font_dir,
		   gf_error *err)
{
	*out = NULL;
	char dir[4096], path[4200];
	const char *root = templates_dir;
	if (!root)
		root = getenv("GOVFORMS_TEMPLATES");
#ifdef GF_SOURCE_DIR
	if (!root)
		root = GF_SOURCE_DIR "/templates";
#endif
	if (!root)
		return gf_error_set(err, GF_ENOTFOUND, "no templates directory");
	snprintf(dir, sizeof dir, "%s/sheets", root);
	snprintf(path, sizeof path, "%s/fonts.xml", dir);
	if (!file_exists(path)) {
		snprintf(dir, sizeof dir, "%s", root);
		snprintf(path, sizeof path, "%s/fonts.xml", dir);
		if (!file_exists(path))
			return gf_error_set(err, GF_ENOTFOUND, "%s/sheets/fonts.xml not found", root);
	}
	gf_sheets *s = gf_calloc(1, sizeof *s);
	if (!s)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	int rc = gf_fonts_load(&s->fonts, path, font_dir, err);
	if (rc)
		goto fail;
	snprintf(path, sizeof path, "%s/mapping.xml", dir);
	if ((rc = gf_mapping_load(&s->mapping, path, err)))
		goto fail;
	static const char *forms[] = {"request",          "hosting-request", "change-request",
				      "exit-request",     "activation-sheet", "change-sheet",
				      "exit-sheet"};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		const gf_map *mp = gf_mapping_find(s->mapping, forms[i]);
		if (!mp || layout_by_kind(s, gf_map_kind(mp)))
			continue;
		if (s->n_layouts == MAX_LAYOUTS) {
			rc = gf_error_set(err, GF_ETEMPLATE, "too many sheet layouts");
			goto fail;
		}
		snprintf(path, sizeof path, "%s/%s.xml", dir, gf_map_kind(mp));
		gf_layout *l;
		if ((rc = gf_layout_load(&l, path, s->fonts, err)))
			goto fail;
		s->layouts[s->n_layouts++] = l;
		if (strcmp(gf_layout_kind(l), gf_map_kind(mp)) != 0) {
			rc = gf_error_set(err, GF_ETEMPLATE, "%s: kind=\"%s\", expected \"%s\"", path,
					  gf_layout_kind(l), gf_map_kind(mp));
			goto fail;
		}
		if (!gf_layout_field(l, "system.cloud_id")) {
			rc = gf_error_set(err, GF_ETEMPLATE, "%s: the field system.cloud_id is not declared",
					  path);
			goto fail;
		}
	}
	if (s->n_layouts == 0) {
		rc = gf_error_set(err, GF_ETEMPLATE, "%s: maps no form to a sheet", path);
		goto fail;
	}
	*out = s;
	return GF_OK;
fail:
	gf_sheets_free(s);
	return rc;
}

void gf_sheets_free(gf_sheets *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_layouts; i++)
		gf_layout_free(s->layouts[i]);
	gf_mapping_free(s->mapping);
	gf_fonts_free(s->fonts);
	gf_free(s);
}

const char *gf_sheets_target(const gf_sheets *s, const char *form)
{
	const gf_map *mp = gf_mapping_find(s->mapping, form);
	const gf_layout *l = mp ? layout_by_kind(s, gf_map_kind(mp)) : NULL;
	return l ? gf_layout_form(l) : NULL;
}

void gf_sheet_result_free(gf_sheet_result *r)
{
	if (!r)
		return;
	gf_free(r->pdf);
	json_decref(r->sheet_record);
	json_decref(r->warnings);
	memset(r, 0, sizeof *r);
}

char *gf_sheet_canonical(const json_t *record, size_t *len_out)
{
	char *s = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *c = gf_malloc(n + 1);
	if (c)
		memcpy(c, s, n + 1);
	free(s);
	if (c && len_out)
		*len_out = n;
	return c;
}

/* ---- overrides and normalisation ---------------------------------------- */

static int in_options(const gf_sfield *f, const char *s)
{
	for (size_t i = 0; i < f->n_options; i++)
		if (strcmp(f->options[i], s) == 0)
			return 1;
	return 0;
}

static int append_other(json_t *fields, const char *key, const char *text)
{
	char k[300];
	snprintf(k, sizeof k, "%s_other", key);
	json_t *cur = gf_json_path(fields, k);
	if (gf_json_blank(cur) || !json_is_string(cur))
		return gf_json_set_path(fields, k, json_string(text));
	char buf[2048];
	if (strstr(json_string_value(cur), text))
		return GF_OK;
	snprintf(buf, sizeof buf, "%s；%s", json_string_value(cur), text);
	return gf_json_set_path(fields, k, json_string(buf));
}

/* A choice/multi value that is not an option of the sheet: to the other
 * option with its text in <key>_other, or dropped with a warning. */
static int normalise(const gf_sfield *f, json_t *fields, json_t *warnings)
{
	json_t *v = gf_json_path(fields, f->key);
	if (gf_json_blank(v))
		return GF_OK;
	int rc = GF_OK;
	char zh[600], en[600];
	if (f->type == GF_FT_CHOICE) {
		if (json_is_array(v) && json_array_size(v) == 1 && json_is_string(json_array_get(v, 0))) {
			rc = gf_json_set_path(fields, f->key, json_string(json_string_value(json_array_get(v, 0))));
			if (rc)
				return rc;
			v = gf_json_path(fields, f->key);
		}
		if (json_is_string(v) && in_options(f, json_string_value(v)))
			return GF_OK;
		if (json_is_string(v) && f->other) {
			char text[1024];
			snprintf(text, sizeof text, "%s", json_string_value(v));
			if ((rc = gf_json_set_path(fields, f->key, json_string(f->other))))
				return rc;
			return append_other(fields, f->key, text);
		}
		snprintf(zh, sizeof zh, "“%s”不是确认单“%s”的选项，留空待手工填写",
			 json_is_string(v) ? json_string_value(v) : "?", f->label ? f->label : f->key);
		snprintf(en, sizeof en, "\"%s\" is not an option of the sheet; left blank for hand completion",
			 json_is_string(v) ? json_string_value(v) : "?");
		gf_json_del_path(fields, f->key);
		return gf_sheet_diag(warnings, "warning", "choice", f->key, f->label, zh, en);
	}
	/* multi */
	json_t *res = json_array();
	if (!res)
		return GF_ENOMEM;
	json_t *list = json_is_array(v) ? v : NULL;
	size_t n = list ? json_array_size(list) : 1;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *e = list ? json_array_get(list, i) : v;
		if (!json_is_string(e))
			continue;
		const char *s = json_string_value(e);
		const char *put = NULL;
		if (in_options(f, s)) {
			put = s;
		} else if (f->other) {
			put = f->other;
			rc = append_other(fields, f->key, s);
		} else {
			snprintf(zh, sizeof zh, "“%s”不是确认单“%s”的选项，未填入", s,
				 f->label ? f->label : f->key);
			snprintf(en, sizeof en, "\"%s\" is not an option of the sheet; left out", s);
			rc = gf_sheet_diag(warnings, "warning", "choice", f->key, f->label, zh, en);
		}
		if (put && !rc) {
			int dup = 0;
			size_t k;
			json_t *x;
			json_array_foreach(res, k, x) dup |= strcmp(json_string_value(x), put) == 0;
			if (!dup && json_array_append_new(res, json_string(put)))
				rc = GF_ENOMEM;
		}
	}
	if (rc) {
		json_decref(res);
		return rc;
	}
	if (json_array_size(res) == 0) {
		json_decref(res);
		gf_json_del_path(fields, f->key);
		return GF_OK;
	}
	/* keep the sheet's option order */
	json_t *ordered = json_array();
	if (!ordered) {
		json_decref(res);
		return GF_ENOMEM;
	}
	for (size_t i = 0; i < f->n_options; i++) {
		size_t k;
		json_t *x;
		json_array_foreach(res, k, x) if (strcmp(json_string_value(x), f->options[i]) == 0)
			json_array_append_new(ordered, json_string(f->options[i]));
	}
	json_decref(res);
	return gf_json_set_path(fields, f->key, ordered);
}

static int parse_decimal(const char *s, double *out, int integer)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	int digits = 0, dot = 0;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (*p == '.' && !dot && !integer)
			dot = 1;
		else
			return -1;
	}
	if (!digits)
		return -1;
	/* locale-free: integer and fraction parts by hand */
	double v = 0, scale = 1;
	int frac = 0;
	for (p = s; *p; p++) {
		if (*p == '.') {
			frac = 1;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			continue;
		if (frac) {
			scale /= 10;
			v += (*p - '0') * scale;
		} else {
			v = v * 10 + (*p - '0');
		}
	}
	*out = s[0] == '-' ? -v : v;
	return isfinite(v) ? 0 : -1;
}

static int valid_date(const char *s)
{
	int y, m, d;
	char tail;
	return strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && s[4] == '-' &&
	       s[7] == '-' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int override_one(const gf_layout *l, json_t *fields, const char *key, const json_t *v,
			gf_error *err)
{
	const gf_sfield *f = gf_layout_field(l, key);
	size_t kl = strlen(key);
	if (!f && kl > 6 && strcmp(key + kl - 6, "_other") == 0) {
		char base[256];
		snprintf(base, sizeof base, "%.*s", (int)(kl - 6), key);
		const gf_sfield *bf = gf_layout_field(l, base);
		if (bf && bf->other) {
			if (gf_json_blank(v)) {
				gf_json_del_path(fields, key);
				return GF_OK;
			}
			if (!json_is_string(v))
				return gf_error_set(err, GF_EINVAL, "--set %s: a text is expected", key);
			return gf_json_set_path(fields, key, json_deep_copy(v));
		}
	}
	if (!f || f->type == GF_FT_LIST)
		return gf_error_set(err, GF_EINVAL, "--set %s: not a field of the %s", key,
				    gf_layout_form(l));
	if (gf_json_blank(v)) {
		gf_json_del_path(fields, key);
		return GF_OK;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	double d;
	switch (f->type) {
	case GF_FT_INT:
	case GF_FT_NUMBER:
		if (json_is_number(v))
			d = json_number_value(v);
		else if (!s || parse_decimal(s, &d, f->type == GF_FT_INT))
			return gf_error_set(err, GF_EINVAL, "--set %s=%s: %s expected", key, s ? s : "?",
					    f->type == GF_FT_INT ? "a whole number" : "a number");
		if (d < 0)
			return gf_error_set(err, GF_EINVAL, "--set %s: a negative amount", key);
		return gf_json_set_path(fields, key,
					d == floor(d) && d < 9e15 ? json_integer((json_int_t)d) : json_real(d));
	case GF_FT_DATE:
		if (!s || !valid_date(s))
			return gf_error_set(err, GF_EINVAL, "--set %s: a date YYYY-MM-DD expected", key);
		return gf_json_set_path(fields, key, json_string(s));
	case GF_FT_CHOICE:
		if (!s)
			return gf_error_set(err, GF_EINVAL, "--set %s: an option expected", key);
		if (in_options(f, s))
			return gf_json_set_path(fields, key, json_string(s));
		if (f->other) {
			char k[300];
			snprintf(k, sizeof k, "%s_other", key);
			int rc = gf_json_set_path(fields, key, json_string(f->other));
			return rc ? rc : gf_json_set_path(fields, k, json_string(s));
		}
		{
			gf_buf b = GF_BUF_INIT(4096);
			for (size_t i = 0; i < f->n_options; i++)
				gf_buf_printf(&b, "%s%s", i ? ", " : "", f->options[i]);
			gf_error_set(err, GF_EINVAL, "--set %s=%s: not one of %s", key, s,
				     b.data ? b.data : "");
			gf_buf_free(&b);
			return GF_EINVAL;
		}
	case GF_FT_MULTI: {
		if (!s)
			return gf_error_set(err, GF_EINVAL, "--set %s: options expected", key);
		json_t *arr = json_array();
		if (!arr)
			return GF_ENOMEM;
		/* split on , ， 、 */
		const char *p = s;
		while (*p) {
			const char *e = p;
			size_t sep = 0;
			while (*e) {
				if (*e == ',') {
					sep = 1;
					break;
				}
				if (!strncmp(e, "，", 3) || !strncmp(e, "、", 3)) {
					sep = 3;
					break;
				}
				e++;
			}
			if (e > p)
				json_array_append_new(arr, json_stringn(p, (size_t)(e - p)));
			p = *e ? e + sep : e;
		}
		int rc = gf_json_set_path(fields, key, arr);
		if (rc)
			return rc;
		json_t *tmp = json_array();
		rc = tmp ? normalise(f, fields, tmp) : GF_ENOMEM;
		size_t bad = tmp ? json_array_size(tmp) : 0;
		json_decref(tmp);
		if (rc)
			return rc;
		if (bad)
			return gf_error_set(err, GF_EINVAL, "--set %s=%s: not all are options", key, s);
		return GF_OK;
	}
	default:
		if (s)
			return gf_json_set_path(fields, key, json_string(s));
		if (json_is_number(v)) {
			char num[64];
			if (json_is_integer(v))
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			else
				snprintf(num, sizeof num, "%.15g", json_real_value(v));
			return gf_json_set_path(fields, key, json_string(num));
		}
		return gf_error_set(err, GF_EINVAL, "--set %s: a text expected", key);
	}
}

/* The sheet's fields in declaration order, declared keys only. */
static int order_item(const gf_sfield *list, const json_t *item, json_t **out)
{
	json_t *o = json_object();
	if (!o)
		return GF_ENOMEM;
	for (size_t i = 0; i < list->n_sub; i++) {
		const json_t *v = json_object_get(item, list->sub[i].key);
		if (!gf_json_blank(v) && json_object_set_new(o, list->sub[i].key, json_deep_copy(v))) {
			json_decref(o);
			return GF_ENOMEM;
		}
	}
	*out = o;
	return GF_OK;
}

static int order_fields(const gf_layout *l, const json_t *fields, json_t **out)
{
	size_t n;
	const gf_sfield *fs = gf_layout_fields(l, &n);
	json_t *o = json_object();
	if (!o)
		return GF_ENOMEM;
	int rc = GF_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		const gf_sfield *f = &fs[i];
		const json_t *v = gf_json_path(fields, f->key);
		if (gf_json_blank(v))
			continue;
		if (f->type == GF_FT_LIST) {
			json_t *arr = json_array();
			size_t k;
			json_t *item;
			if (!arr) {
				rc = GF_ENOMEM;
				break;
			}
			json_array_foreach(v, k, item)
			{
				json_t *oi;
				if (!json_is_object(item))
					continue;
				if ((rc = order_item(f, item, &oi)) || json_array_append_new(arr, oi)) {
					rc = GF_ENOMEM;
					break;
				}
			}
			if (rc || (rc = gf_json_set_path(o, f->key, arr)))
				break;
		} else {
			rc = gf_json_set_path(o, f->key, json_deep_copy(v));
		}
		if (!rc && f->other) {
			char k[300];
			snprintf(k, sizeof k, "%s_other", f->key);
			const json_t *ov = gf_json_path(fields, k);
			if (!gf_json_blank(ov))
				rc = gf_json_set_path(o, k, json_deep_copy(ov));
		}
	}
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return GF_OK;
}

/* ---- dates and ids ---------------------------------------------------------- */

static long long days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static long long sheet_date(const json_t *fields, const char *date_field)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (!errno && !*end && v >= 0 && v < 253402300800LL)
			return v;
	}
	const json_t *d = date_field ? gf_json_path(fields, date_field) : NULL;
	if (json_is_string(d) && valid_date(json_string_value(d))) {
		int y, m, dd;
		sscanf(json_string_value(d), "%4d-%2d-%2d", &y, &m, &dd);
		return days_from_civil(y, (unsigned)m, (unsigned)dd) * 86400;
	}
	return -1;
}

static int derive_cloud_id(const gf_sheets *s, const gf_map *mp, const json_t *fields,
			   long long date, char *out, size_t cap)
{
	const json_t *d = gf_map_date_field(mp) ? gf_json_path(fields, gf_map_date_field(mp)) : NULL;
	char year[8] = "0000";
	if (json_is_string(d) && valid_date(json_string_value(d)))
		snprintf(year, sizeof year, "%.4s", json_string_value(d));
	else if (date >= 0)
		snprintf(year, sizeof year, "%04d", (int)(1970 + date / 31556952));
	gf_sha256 c;
	unsigned char h[32];
	gf_sha256_init(&c);
	gf_sha256_update(&c, gf_map_kind(mp), strlen(gf_map_kind(mp)));
	size_t n;
	const char *const *ids = gf_map_id_fields(mp, &n);
	for (size_t i = 0; i < n; i++) {
		const json_t *v = gf_json_path(fields, ids[i]);
		gf_sha256_update(&c, "\n", 1);
		if (json_is_string(v))
			gf_sha256_update(&c, json_string_value(v), strlen(json_string_value(v)));
	}
	gf_sha256_update(&c, "\n", 1);
	if (json_is_string(d))
		gf_sha256_update(&c, json_string_value(d), strlen(json_string_value(d)));
	gf_sha256_final(&c, h);
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x = (x << 8) | h[i];
	snprintf(out, cap, "%s-%s-%06u", gf_mapping_id_prefix(s->mapping), year,
		 (unsigned)(x % 1000000u));
	return GF_OK;
}

/* A document number that prints, scans and names a file: 1 to 40 of
 * [A-Za-z0-9_-]. */
static int cloud_id_ok(const json_t *v)
{
	if (!json_is_string(v))
		return 0;
	const char *s = json_string_value(v);
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	return 1;
}

/* ---- rendering ------------------------------------------------------------ */

typedef struct qr_ctx {
	json_t *sheet;
	const char *kind, *cloud_id;
	char *canon;
	size_t canon_len;
	char payload[256];
} qr_ctx;

/* Called by the engine between measuring and drawing. */
static int make_qr(void *ud, const char **payload)
{
	qr_ctx *q = ud;
	gf_free(q->canon);
	q->canon = gf_sheet_canonical(q->sheet, &q->canon_len);
	if (!q->canon)
		return GF_ENOMEM;
	char hex[65], kind[32];
	gf_sha256_hex(q->canon, q->canon_len, hex);
	size_t k = 0;
	for (const char *p = q->kind; *p && k + 1 < sizeof kind; p++)
		kind[k++] = (char)toupper((unsigned char)*p);
	kind[k] = '\0';
	for (char *p = hex; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	snprintf(q->payload, sizeof q->payload, "GFSHEET:%s:%s:%s", kind, q->cloud_id, hex);
	*payload = q->payload;
	return GF_OK;
}

int gf_sheet_render(const gf_sheets *s, const json_t *record, const json_t *overrides,
		    gf_sheet_result *out, gf_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = GF_OK;
	json_t *fields = NULL, *ordered = NULL, *warnings = NULL, *sheet = NULL;
	char *canon = NULL;
	gf_pdf *pdf = NULL;

	const json_t *form = json_object_get(record, "form");
	if (!json_is_string(form))
		return gf_error_set(err, GF_EINVAL, "the record has no form");
	const gf_map *mp = gf_mapping_find(s->mapping, json_string_value(form));
	const gf_layout *l = mp ? layout_by_kind(s, gf_map_kind(mp)) : NULL;
	if (!l)
		return gf_error_set(err, GF_EINVAL, "no confirmation sheet for form \"%s\"",
				    json_string_value(form));
	if (overrides && !json_is_object(overrides))
		return gf_error_set(err, GF_EINVAL, "overrides must be an object");

	warnings = json_array();
	if (!warnings) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = gf_map_apply(mp, json_object_get(record, "fields"), &fields, warnings, err)))
		goto cleanup;
	if (overrides) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)overrides, k, v)
		{
			if ((rc = override_one(l, fields, k, v, err))) {
				if (rc == GF_ENOMEM)
					gf_error_set(err, rc, "out of memory");
				goto cleanup;
			}
		}
	}
	size_t nf;
	const gf_sfield *fs = gf_layout_fields(l, &nf);
	for (size_t i = 0; i < nf; i++)
		if ((fs[i].type == GF_FT_CHOICE || fs[i].type == GF_FT_MULTI) &&
		    (rc = normalise(&fs[i], fields, warnings))) {
			gf_error_set(err, rc, "out of memory");
			goto cleanup;
		}

	long long date = sheet_date(fields, gf_map_date_field(mp));
	const json_t *cid = gf_json_path(fields, "system.cloud_id");
	if (overrides && json_object_get(overrides, "system.cloud_id") && !cloud_id_ok(cid)) {
		rc = gf_error_set(err, GF_EINVAL,
				  "--set system.cloud_id: 1 to 40 letters, digits, '-' or '_'");
		goto cleanup;
	}
	if (!gf_json_blank(cid) && !cloud_id_ok(cid)) {
		rc = gf_sheet_diag(warnings, "warning", "format", "system.cloud_id", "系统上云编号",
				   "记录中的编号不可用（限40个字母、数字、-、_），已另行编号",
				   "the number in the record is not usable (at most 40 letters, digits, - or _); a new one is given");
		if (rc) {
			gf_error_set(err, rc, "out of memory");
			goto cleanup;
		}
		cid = NULL;
	}
	if (!json_is_string(cid) || gf_json_blank(cid)) {
		char id[64];
		derive_cloud_id(s, mp, fields, date, id, sizeof id);
		if ((rc = gf_json_set_path(fields, "system.cloud_id", json_string(id)))) {
			gf_error_set(err, rc, "out of memory");
			goto cleanup;
		}
	}
	if ((rc = order_fields(l, fields, &ordered))) {
		gf_error_set(err, rc, "out of memory");
		goto cleanup;
	}
	const char *cloud_id = json_string_value(gf_json_path(ordered, "system.cloud_id"));

	/* blank fields the parties must complete by hand */
	for (size_t i = 0; i < nf; i++) {
		if (!fs[i].required || fs[i].hand || !gf_json_blank(gf_json_path(ordered, fs[i].key)))
			continue;
		char zh[400], en[400];
		snprintf(zh, sizeof zh, "确认单必填项“%s”无数据，已留空待手工填写",
			 fs[i].label ? fs[i].label : fs[i].key);
		snprintf(en, sizeof en, "required sheet field is blank and left for hand completion");
		if ((rc = gf_sheet_diag(warnings, "warning", "required", fs[i].key, fs[i].label, zh, en))) {
			gf_error_set(err, rc, "out of memory");
			goto cleanup;
		}
	}

	/* the sheet record */
	sheet = json_object();
	if (!sheet) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	const json_t *src = json_object_get(record, "source");
	int bad = json_object_set_new(sheet, "schema", json_string("govforms.record/1"));
	bad |= json_object_set_new(sheet, "form", json_string(gf_layout_form(l)));
	bad |= json_object_set_new(sheet, "title", json_string(gf_layout_title(l)));
	if (json_is_object(src))
		bad |= json_object_set_new(sheet, "source", json_deep_copy(src));
	bad |= json_object_set_new(sheet, "valid", json_true());
	bad |= json_object_set(sheet, "fields", ordered);
	bad |= json_object_set(sheet, "diagnostics", warnings);
	if (bad) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}

	/* Drawing may add warnings (characters without a font, cut text); the
	 * engine measures first, then asks for the QR payload: the hash of the
	 * record with those warnings, as it is attached. */
	qr_ctx qc = {sheet, gf_layout_kind(l), cloud_id, NULL, 0, ""};
	if ((rc = gf_pdf_new(&pdf, s->fonts, err)))
		goto cleanup;
	gf_render_in in = {ordered, cloud_id, warnings, make_qr, &qc, &out->geom};
	rc = gf_layout_render(l, s->fonts, pdf, &in, NULL, err);
	canon = qc.canon;
	size_t canon_len = qc.canon_len;
	if (rc)
		goto cleanup;
	if (!canon) {
		rc = gf_error_set(err, GF_EINTERNAL, "the layout engine did not ask for the QR code");
		goto cleanup;
	}

	gf_pdf_meta meta;
	memset(&meta, 0, sizeof meta);
	char producer[128], attname[96];
	snprintf(producer, sizeof producer, "govforms %s (libharu %s)", GF_VERSION, HPDF_GetVersion());
	snprintf(attname, sizeof attname, "%s.json", cloud_id);
	for (char *p = attname; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != '_')
			*p = '_';
	const json_t *unit = gf_json_path(ordered, "unit.name");
	meta.title = gf_layout_title(l);
	meta.subject = gf_layout_form(l);
	meta.keywords = cloud_id;
	meta.author = json_is_string(unit) ? json_string_value(unit) : NULL;
	meta.creator = "govforms";
	meta.producer = producer;
	meta.lang = "zh-CN";
	meta.date = date;
	{
		gf_sha256 c;
		unsigned char idh[32];
		char ds[32];
		snprintf(ds, sizeof ds, "\n%lld", date);
		gf_sha256_init(&c);
		gf_sha256_update(&c, canon, canon_len);
		gf_sha256_update(&c, ds, strlen(ds));
		gf_sha256_final(&c, idh);
		memcpy(meta.id, idh, 16);
	}
	meta.att_name = attname;
	meta.att_mime = "application/json";
	meta.att_desc = "确认单记录 (sheet record)";
	meta.att_data = canon;
	meta.att_len = canon_len;
	if ((rc = gf_pdf_finish(pdf, &meta, &out->pdf, &out->pdf_len, err)))
		goto cleanup;
	out->sheet_record = sheet;
	out->warnings = warnings;
	snprintf(out->qr_payload, sizeof out->qr_payload, "%s", qc.payload);
	sheet = NULL;
	warnings = NULL;
cleanup:
	gf_pdf_free(pdf);
	gf_free(canon);
	json_decref(fields);
	json_decref(ordered);
	json_decref(warnings);
	json_decref(sheet);
	return rc;
}

int gf_sheet_number(const gf_sheets *s, const json_t *record, const json_t *overrides, char *out,
		    size_t cap, gf_error *err)
{
	if (cap)
		out[0] = '\0';
	const json_t *form = json_object_get(record, "form");
	const gf_map *mp = json_is_string(form) ? gf_mapping_find(s->mapping, json_string_value(form))
						: NULL;
	const gf_layout *l = mp ? layout_by_kind(s, gf_map_kind(mp)) : NULL;
	if (!l)
		return gf_error_set(err, GF_EINVAL, "no confirmation sheet for this record");
	json_t *fields = NULL, *warnings = json_array();
	int rc = warnings ? gf_map_apply(mp, json_object_get(record, "fields"), &fields, warnings, err)
			  : gf_error_set(err, GF_ENOMEM, "out of memory");
	if (!rc && json_is_object(overrides)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)overrides, k, v) {
			if ((rc = override_one(l, fields, k, v, err)))
				break;
		}
	}
	if (!rc) {
		const json_t *cid = gf_json_path(fields, "system.cloud_id");
		if (cloud_id_ok(cid))
			snprintf(out, cap, "%s", json_string_value(cid));
		else
			derive_cloud_id(s, mp, fields, sheet_date(fields, gf_map_date_field(mp)), out,
					cap);
	}
	json_decref(fields);
	json_decref(warnings);
	return rc;
}
