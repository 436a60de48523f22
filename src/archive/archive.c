/* archive.c - scan in, archive entry out: code, record, seals, store. */
#include "archive/archive.h"

#include "archive/scan.h"
#include "archive/seal.h"
#include "core/alloc.h"
#include "core/sha256.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct gf_archive {
	gf_sheets *own_sheets;
	const gf_sheets *sheets;
	gf_seal_config seals;
	gf_scanner *scanner;
};

int gf_archive_load(gf_archive **out, const char *templates_dir, const gf_sheets *sheets,
		    gf_error *err)
{
	*out = NULL;
	const char *root = templates_dir;
	if (!root)
		root = getenv("GOVFORMS_TEMPLATES");
#ifdef GF_SOURCE_DIR
	if (!root)
		root = GF_SOURCE_DIR "/templates";
#endif
	if (!root)
		return gf_error_set(err, GF_ENOTFOUND, "no templates directory");
	gf_archive *a = gf_calloc(1, sizeof *a);
	if (!a)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	char path[4200];
	snprintf(path, sizeof path, "%s/archive/seals.xml", root);
	int rc = gf_seal_config_load(&a->seals, path, err);
	if (!rc && !sheets)
		rc = gf_sheets_load(&a->own_sheets, root, NULL, err);
	a->sheets = sheets ? sheets : a->own_sheets;
	if (!rc)
		rc = gf_scanner_new(&a->scanner, err);
	if (rc) {
		gf_archive_free(a);
		return rc;
	}
	*out = a;
	return GF_OK;
}

void gf_archive_free(gf_archive *a)
{
	if (!a)
		return;
	gf_scanner_free(a->scanner);
	gf_sheets_free(a->own_sheets);
	gf_free(a);
}

/* ---- the code ---- */

typedef struct payload {
	char kind[16];     /* lower case: activation, change, exit */
	char cloud_id[48];
	char sha[65];      /* lower-case hex */
} payload;

/* GFSHEET:<KIND>:<cloud id>:<64 hex>; 0 when text is not one. */
static int parse_payload(const char *text, payload *p)
{
	memset(p, 0, sizeof *p);
	if (strncmp(text, "GFSHEET:", 8) != 0)
		return 0;
	const char *k = text + 8, *c = strchr(k, ':');
	if (!c || c == k || (size_t)(c - k) >= sizeof p->kind)
		return 0;
	for (size_t i = 0; k + i < c; i++) {
		if (!isalpha((unsigned char)k[i]))
			return 0;
		p->kind[i] = (char)tolower((unsigned char)k[i]);
	}
	const char *id = c + 1, *h = strchr(id, ':');
	if (!h || h == id || (size_t)(h - id) > 40)
		return 0;
	for (const char *q = id; q < h; q++)
		if (!isalnum((unsigned char)*q) && *q != '-' && *q != '_')
			return 0;
	memcpy(p->cloud_id, id, (size_t)(h - id));
	h++;
	if (strlen(h) != 64)
		return 0;
	for (int i = 0; i < 64; i++) {
		if (!isxdigit((unsigned char)h[i]))
			return 0;
		p->sha[i] = (char)tolower((unsigned char)h[i]);
	}
	return 1;
}

/* ---- the record ---- */

/* The submission's current sheet: rendered as the store renders it (its
 * overrides, its number). */
static int current_sheet(const gf_archive *a, const gf_submission *sub, const char *cloud_id,
			 gf_sheet_result *r, char sha_out[65], gf_error *err)
{
	json_t *rec = json_loads(sub->record, 0, NULL);
	json_t *ov = sub->overrides ? json_loads(sub->overrides, 0, NULL) : json_object();
	int rc = GF_OK;
	if (!rec || !json_is_object(ov)) {
		rc = gf_error_set(err, GF_ESTORE, "stored record %lld is damaged", (long long)sub->id);
		goto cleanup;
	}
	if (json_object_set_new(ov, "system.cloud_id", json_string(cloud_id))) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	rc = gf_sheet_render(a->sheets, rec, ov, r, err);
	if (!rc) {
		const char *colon = strrchr(r->qr_payload, ':');
		if (!colon || strlen(colon + 1) != 64) {
			rc = gf_error_set(err, GF_EINTERNAL, "the sheet has no code");
		} else {
			for (int i = 0; i < 64; i++)
				sha_out[i] = (char)tolower((unsigned char)colon[1 + i]);
			sha_out[64] = '\0';
		}
	}
cleanup:
	json_decref(rec);
	json_decref(ov);
	return rc;
}

/* "activation" for a submission whose sheet is the activation sheet. */
static const char *kind_of(const gf_archive *a, const gf_submission *sub, char *buf, size_t cap)
{
	const char *t = sub->form ? gf_sheets_target(a->sheets, sub->form) : NULL;
	if (!t)
		return NULL;
	const char *dash = strstr(t, "-sheet");
	size_t n = dash ? (size_t)(dash - t) : strlen(t);
	if (n >= cap)
		return NULL;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

static char *dup_or_null(const char *s, int *oom)
{
	if (!s)
		return NULL;
	char *d = gf_strdup(s);
	if (!d)
		*oom = 1;
	return d;
}

/* Index the numbers of sheets that carry a derived one (change and exit
 * sheets of records without a cloud id), for submissions not indexed yet. */
static int index_numbers(const gf_archive *a, gf_store *s, gf_error *err)
{
	for (;;) {
		gf_submission *v;
		size_t n;
		int rc = gf_store_unnumbered(s, &v, &n, 500, err);
		if (rc || n == 0) {
			gf_submissions_free(v, n);
			return rc;
		}
		char(*num)[48] = gf_calloc(n, sizeof *num);
		const char **ids = gf_calloc(n, sizeof *ids);
		int64_t *subs = gf_calloc(n, sizeof *subs);
		if (!num || !ids || !subs) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		} else {
			for (size_t i = 0; i < n; i++) {
				json_t *rec = json_loads(v[i].record, 0, NULL);
				json_t *ov = v[i].overrides ? json_loads(v[i].overrides, 0, NULL) : NULL;
				subs[i] = v[i].id;
				if (rec && gf_sheet_number(a->sheets, rec, ov, num[i], sizeof num[i],
							   NULL) == GF_OK &&
				    num[i][0])
					ids[i] = num[i];
				json_decref(rec);
				json_decref(ov);
			}
			rc = gf_store_numbers_add(s, ids, subs, n, v[n - 1].id, err);
		}
		gf_free(num);
		gf_free(ids);
		gf_free(subs);
		gf_submissions_free(v, n);
		if (rc || n < 500)
			return rc;
	}
}

/* ---- seals ---- */

typedef struct seal_run {
	int page;          /* 0-based page measured, -1 none */
	double frame;      /* frame score there */
	double dy;
	gf_seal_result res[GF_SHEET_MAX_PARTIES];
	int n;
} seal_run;

static void check_seals(const gf_archive *a, const gf_scan *scan, const payload *pl,
			const char *code_text, const gf_sheet_geom *g, seal_run *out)
{
	memset(out, 0, sizeof *out);
	out->page = -1;
	out->n = g->n_seals < a->seals.n_parties ? g->n_seals : a->seals.n_parties;
	double best = -1;
	gf_affine best_t = {0};
	(void)pl;
	for (int i = 0; i < scan->n_read; i++) {
		const gf_scan_page *pg = &scan->pages[i];
		for (int k = 0; k < pg->n_codes; k++) {
			if (strcmp(pg->codes[k].text, code_text) != 0)
				continue;
			gf_affine t;
			if (gf_affine_from_qr(&t, g->qr, pg->codes[k].pt) != GF_OK)
				continue;
			gf_image im = {pg->rgb, pg->w, pg->h};
			double dy, score;
			gf_seal_locate(&im, &t, g, &dy, &score);
			/* the last page of the sheet wins a tie */
			if (score > best + 0.02 || (fabs(score - best) <= 0.02 && i > out->page)) {
				best = score;
				best_t = t;
				out->page = i;
				out->dy = dy;
				out->frame = score;
			}
		}
	}
	for (int p = 0; p < out->n; p++)
		out->res[p].verdict = GF_SEAL_UNCERTAIN;
	if (out->page < 0)
		return;
	const gf_scan_page *pg = &scan->pages[out->page];
	gf_image im = {pg->rgb, pg->w, pg->h};
	for (int p = 0; p < out->n; p++) {
		gf_sheet_rect sq = g->seals[p];
		sq.y += out->dy;
		gf_seal_measure(&a->seals, &im, &best_t, sq, &out->res[p]);
		if (out->frame < a->seals.frame_min)
			out->res[p].verdict = GF_SEAL_UNCERTAIN;
	}
}

static double round4(double v)
{
	return round(v * 10000.0) / 10000.0;
}

static json_t *seals_json(const gf_archive *a, const seal_run *run, int measured,
			  int *complete_out)
{
	json_t *arr = json_array();
	int complete = arr != NULL && a->seals.n_parties > 0;
	for (int p = 0; arr && p < a->seals.n_parties; p++) {
		const gf_seal_party *party = &a->seals.parties[p];
		int have = measured && p < run->n;
		gf_seal_verdict v = have ? run->res[p].verdict : GF_SEAL_UNCERTAIN;
		json_t *o = json_pack("{ss ss ss ss}", "party", party->key, "zh", party->zh, "en",
				      party->en, "verdict", gf_seal_verdict_name(v));
		if (o && have) {
			json_object_set_new(o, "coverage", json_real(round4(run->res[p].coverage)));
			json_object_set_new(o, "outside", json_real(round4(run->res[p].outside)));
		} else if (o) {
			json_object_set_new(o, "coverage", json_null());
		}
		if (!o || json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
		if (v != GF_SEAL_PRESENT)
			complete = 0;
	}
	*complete_out = complete;
	return arr;
}

/* ---- add ---- */

static int refuse(gf_store *s, const gf_principal *who, const char *action, const char *detail)
{
	return gf_store_audit(s, who, action, 0, detail, NULL);
}

int gf_archive_add(gf_archive *a, gf_store *s, const gf_principal *who, const void *data,
		   size_t len, const gf_archive_in *in, gf_archive_entry *out, int *out_existing,
		   gf_error *err)
{
	memset(out, 0, sizeof *out);
	*out_existing = 0;
	gf_archive_in none = {0};
	if (!in)
		in = &none;
	if (!who || who->role == GF_ROLE_NONE)
		return gf_error_set(err, GF_EINVAL, "no principal");
	gf_scan scan = {0};
	gf_submission *cands = NULL;
	size_t n_cands = 0, hidden = 0;
	gf_sheet_result sheet = {0};
	json_t *seals = NULL, *detail = NULL;
	char *seals_text = NULL, *detail_text = NULL;
	int rc = gf_scan_read(a->scanner, &scan, data, len, err);
	if (rc) {
		refuse(s, who, "archive.add.unreadable", err ? err->msg : NULL);
		return rc;
	}
	/* the first sheet code in page order */
	payload pl;
	const char *code_text = NULL;
	int n_codes = 0, other_codes = 0;
	for (int i = 0; i < scan.n_read; i++)
		for (int k = 0; k < scan.pages[i].n_codes; k++) {
			payload q;
			if (!parse_payload(scan.pages[i].codes[k].text, &q))
				continue;
			n_codes++;
			if (!code_text) {
				pl = q;
				code_text = scan.pages[i].codes[k].text;
			} else if (strcmp(code_text, scan.pages[i].codes[k].text) != 0) {
				other_codes++;
			}
		}
	const char *hand = in->cloud_id && *in->cloud_id ? in->cloud_id : NULL;
	if (!code_text && !hand) {
		rc = gf_error_set(err, GF_EUNREADABLE,
				  "no confirmation-sheet QR code could be read on %d page%s; an admin "
				  "may attach the scan by hand (--cloud-id)",
				  scan.n_read, scan.n_read == 1 ? "" : "s");
		refuse(s, who, "archive.add.unreadable", "no code");
		goto cleanup;
	}
	if (code_text && hand && strcmp(hand, pl.cloud_id) != 0) {
		rc = gf_error_set(err, GF_EINVAL, "the scan's code names %s, not %s", pl.cloud_id,
				  hand);
		goto cleanup;
	}
	if (!code_text && who->role != GF_ROLE_ADMIN) {
		rc = gf_error_set(err, GF_EINVAL, "only the admin attaches a scan by hand");
		refuse(s, who, "archive.add.denied", hand);
		goto cleanup;
	}
	const char *cloud_id = code_text ? pl.cloud_id : hand;
	if ((rc = index_numbers(a, s, err)))
		goto cleanup;
	rc = gf_store_find_cloud_id(s, &cands, &n_cands, &hidden, who, cloud_id, err);
	if (rc)
		goto cleanup;
	/* the submission whose current sheet has the printed hash; else the
	 * newest one of the kind (the paper is then from another version) */
	int chosen = -1;
	char cur_sha[65] = "";
	for (size_t i = 0; i < n_cands; i++) {
		char kb[32];
		const char *kind = kind_of(a, &cands[i], kb, sizeof kb);
		if (!kind || strcmp(cands[i].state, "valid") != 0)
			continue;
		if (code_text && strcmp(kind, pl.kind) != 0)
			continue;
		gf_sheet_result r = {0};
		char sha[65];
		gf_error rerr = {0};
		if (current_sheet(a, &cands[i], cloud_id, &r, sha, &rerr) != GF_OK) {
			gf_sheet_result_free(&r);
			continue;
		}
		int exact = code_text && strcmp(sha, pl.sha) == 0;
		if (chosen < 0 || exact) {
			gf_sheet_result_free(&sheet);
			sheet = r;
			chosen = (int)i;
			memcpy(cur_sha, sha, sizeof cur_sha);
		} else {
			gf_sheet_result_free(&r);
		}
		if (exact)
			break;
	}
	if (chosen < 0) {
		rc = gf_error_set(err, GF_ENOTFOUND, "no %s%srecord with cloud id %s%s",
				  code_text ? pl.kind : "", code_text ? " " : "", cloud_id,
				  hidden ? "" : " in the store");
		refuse(s, who, "archive.add.unmatched", cloud_id);
		goto cleanup;
	}
	const gf_submission *sub = &cands[chosen];
	seal_run run = {0};
	run.page = -1;
	if (code_text)
		check_seals(a, &scan, &pl, code_text, &sheet.geom, &run);
	int complete = 0;
	seals = seals_json(a, &run, code_text != NULL, &complete);
	char kb[32];
	const char *kind = kind_of(a, sub, kb, sizeof kb);
	const char *title = json_string_value(json_object_get(sheet.sheet_record, "title"));
	detail = json_pack("{ss si si si si}", "format", scan.format, "pages", scan.n_pages,
			   "pages_read", scan.n_read, "sheet_pages", sheet.geom.pages, "codes",
			   n_codes);
	if (!seals || !detail) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (title)
		json_object_set_new(detail, "title", json_string(title));
	if (other_codes)
		json_object_set_new(detail, "other_codes", json_integer(other_codes));
	if (code_text) {
		json_object_set_new(detail, "seal_page",
				    run.page >= 0 ? json_integer(run.page + 1) : json_null());
		json_object_set_new(detail, "frame", json_real(round4(run.frame)));
		json_object_set_new(detail, "frame_shift_mm", json_real(round(run.dy / 72.0 * 25.4 * 10) / 10));
		if (run.frame < a->seals.frame_min)
			json_object_set_new(detail, "note",
					    json_string("签章栏未能定位，印章结果不确定 (the signature block was "
							"not found: seal verdicts are uncertain)"));
	} else {
		json_object_set_new(detail, "note",
				    json_string("无可读二维码，由管理单位手工关联，未检查印章 (no readable "
						"code: attached by hand, seals not checked)"));
	}
	seals_text = json_dumps(seals, JSON_COMPACT);
	detail_text = json_dumps(detail, JSON_COMPACT);
	if (!seals_text || !detail_text) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	int oom = 0;
	out->scan_name = dup_or_null(in->name, &oom);
	out->content_type = dup_or_null(scan.mime, &oom);
	out->submission_id = sub->id;
	out->cloud_id = dup_or_null(cloud_id, &oom);
	out->kind = dup_or_null(kind, &oom);
	out->unit = dup_or_null(sub->unit, &oom);
	out->provider = dup_or_null(sub->provider, &oom);
	out->system_name = dup_or_null(sub->system_name, &oom);
	out->match = dup_or_null(code_text ? "qr" : "hand", &oom);
	out->printed_sha256 = code_text ? dup_or_null(pl.sha, &oom) : NULL;
	out->current_sha256 = dup_or_null(cur_sha, &oom);
	out->stale = code_text && strcmp(pl.sha, cur_sha) != 0;
	out->seals_complete = complete;
	out->seals = seals_text;
	out->detail = detail_text;
	seals_text = detail_text = NULL;
	if (oom) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	gf_sha256_hex(data, len, out->scan_sha256);
	rc = gf_store_archive_add(s, out, out_existing, who, data, len, err);
cleanup:
	if (rc)
		gf_archive_entry_clear(out);
	free(seals_text);
	free(detail_text);
	json_decref(seals);
	json_decref(detail);
	gf_sheet_result_free(&sheet);
	gf_submissions_free(cands, n_cands);
	gf_scan_free(&scan);
	return rc;
}

/* ---- presentation ---- */

void gf_archive_summary(const gf_archive_entry *e, char *buf, size_t cap)
{
	size_t n = 0;
#define PUT(...)                                                                  \
	do {                                                                      \
		if (n < cap)                                                      \
			n += (size_t)snprintf(buf + n, cap - n, __VA_ARGS__);     \
	} while (0)
	PUT("%s %s (%s sheet of %s's %s)", strcmp(e->match, "hand") == 0 ? "attached by hand to"
									  : "matched to",
	    e->cloud_id ? e->cloud_id : "?", e->kind ? e->kind : "?", e->unit ? e->unit : "?",
	    e->system_name ? e->system_name : "?");
	if (e->stale)
		PUT(", printed from another version of the record");
	json_t *seals = json_loads(e->seals, 0, NULL);
	size_t i;
	json_t *s;
	PUT(", seals present:");
	json_array_foreach(seals, i, s) {
		const char *v = json_string_value(json_object_get(s, "verdict"));
		const char *mark = !v ? "?" : strcmp(v, "present") == 0 ? "✔"
					  : strcmp(v, "absent") == 0  ? "✖"
								      : "?";
		PUT("%s %s %s", i ? "," : "", json_string_value(json_object_get(s, "party")), mark);
	}
	json_decref(seals);
	if (n >= cap && cap)
		buf[cap - 1] = '\0';
#undef PUT
}

static json_t *sn(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *gf_archive_entry_json(const gf_archive_entry *e, const char *base)
{
	char when[40], self[96], scan[112], sum[1024];
	time_t t = (time_t)(e->created_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t k = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + k, sizeof when - k, ".%03dZ", (int)(e->created_ms % 1000));
	snprintf(self, sizeof self, "%s/%lld", base ? base : "", (long long)e->id);
	snprintf(scan, sizeof scan, "%s/scan", self);
	gf_archive_summary(e, sum, sizeof sum);
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = 0;
	bad |= json_object_set_new(o, "id", json_integer(e->id));
	bad |= json_object_set_new(o, "created", json_string(when));
	bad |= json_object_set_new(o, "created_ms", json_integer(e->created_ms));
	bad |= json_object_set_new(o, "cloud_id", sn(e->cloud_id));
	bad |= json_object_set_new(o, "kind", sn(e->kind));
	bad |= json_object_set_new(o, "unit", sn(e->unit));
	bad |= json_object_set_new(o, "provider", sn(e->provider));
	bad |= json_object_set_new(o, "system_name", sn(e->system_name));
	bad |= json_object_set_new(o, "submission_id",
				   e->submission_id ? json_integer(e->submission_id) : json_null());
	bad |= json_object_set_new(o, "match", sn(e->match));
	bad |= json_object_set_new(o, "printed_sha256", sn(e->printed_sha256));
	bad |= json_object_set_new(o, "current_sha256", sn(e->current_sha256));
	bad |= json_object_set_new(o, "stale", json_boolean(e->stale));
	json_t *seals = e->seals ? json_loads(e->seals, 0, NULL) : NULL;
	bad |= json_object_set_new(o, "seals", seals ? seals : json_array());
	bad |= json_object_set_new(o, "seals_complete", json_boolean(e->seals_complete));
	json_t *detail = e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	bad |= json_object_set_new(o, "detail", detail ? detail : json_object());
	bad |= json_object_set_new(o, "scan",
				   json_pack("{s:o s:s s:I s:o}", "name", sn(e->scan_name), "sha256",
					     e->scan_sha256, "size", (json_int_t)e->scan_size,
					     "content_type", sn(e->content_type)));
	bad |= json_object_set_new(o, "summary", json_string(sum));
	bad |= json_object_set_new(o, "links", json_pack("{ss ss}", "self", self, "scan", scan));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
