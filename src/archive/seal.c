/* seal.c - locating the signature block on a scanned page and measuring
 * seal ink in its squares. */
#include "archive/seal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)

/* ---- configuration ---- */

static int num_attr(xmlNode *n, const char *name, double lo, double hi, double *out,
		    const char *path, gf_error *err)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return gf_error_set(err, GF_ETEMPLATE, "%s:%d: <%s> needs %s", path, n->line,
				    (const char *)n->name, name);
	char *end;
	double d = strtod((const char *)v, &end);
	int bad = end == (char *)v || *end || !(d >= lo && d <= hi);
	xmlFree(v);
	if (bad)
		return gf_error_set(err, GF_ETEMPLATE, "%s:%d: %s must be a number in %g..%g", path,
				    n->line, name, lo, hi);
	*out = d;
	return GF_OK;
}

static int str_attr(xmlNode *n, const char *name, char *out, size_t cap, const char *path,
		    gf_error *err)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v || !*v || strlen((const char *)v) >= cap) {
		xmlFree(v);
		return gf_error_set(err, GF_ETEMPLATE, "%s:%d: <%s> needs %s (under %zu bytes)", path,
				    n->line, (const char *)n->name, name, cap);
	}
	snprintf(out, cap, "%s", (const char *)v);
	xmlFree(v);
	return GF_OK;
}

int gf_seal_config_load(gf_seal_config *out, const char *path, gf_error *err)
{
	memset(out, 0, sizeof *out);
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
						      XML_PARSE_NOWARNING);
	if (!doc)
		return gf_error_set(err, GF_ETEMPLATE, "%s: not readable XML", path);
	int rc = GF_OK, ink = 0, verdict = 0;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "seals") != 0) {
		rc = gf_error_set(err, GF_ETEMPLATE, "%s: the root element must be <seals>", path);
		goto cleanup;
	}
	for (xmlNode *n = root->children; n && !rc; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (strcmp(name, "ink") == 0) {
			ink = 1;
			rc = num_attr(n, "hue-min", -90, 0, &out->hue_min, path, err);
			if (!rc)
				rc = num_attr(n, "hue-max", 0, 90, &out->hue_max, path, err);
			if (!rc)
				rc = num_attr(n, "saturation-min", 0, 1, &out->sat_min, path, err);
			if (!rc)
				rc = num_attr(n, "value-min", 0, 1, &out->val_min, path, err);
			if (!rc)
				rc = num_attr(n, "red-excess-min", 0, 1, &out->excess_min, path, err);
		} else if (strcmp(name, "verdict") == 0) {
			verdict = 1;
			rc = num_attr(n, "present-min", 0, 1, &out->present_min, path, err);
			if (!rc)
				rc = num_attr(n, "absent-max", 0, 1, &out->absent_max, path, err);
			if (!rc)
				rc = num_attr(n, "outside-max", 0, 1, &out->outside_max, path, err);
			if (!rc)
				rc = num_attr(n, "frame-min", 0, 1, &out->frame_min, path, err);
			if (!rc && out->absent_max >= out->present_min)
				rc = gf_error_set(err, GF_ETEMPLATE,
						  "%s:%d: absent-max must be below present-min", path,
						  n->line);
		} else if (strcmp(name, "party") == 0) {
			if (out->n_parties >= GF_SHEET_MAX_PARTIES) {
				rc = gf_error_set(err, GF_ETEMPLATE, "%s:%d: at most %d parties", path,
						  n->line, GF_SHEET_MAX_PARTIES);
				break;
			}
			gf_seal_party *p = &out->parties[out->n_parties++];
			rc = str_attr(n, "key", p->key, sizeof p->key, path, err);
			if (!rc)
				rc = str_attr(n, "zh", p->zh, sizeof p->zh, path, err);
			if (!rc)
				rc = str_attr(n, "en", p->en, sizeof p->en, path, err);
		} else {
			rc = gf_error_set(err, GF_ETEMPLATE, "%s:%d: unknown element <%s>", path,
					  n->line, name);
		}
	}
	if (!rc && (!ink || !verdict || out->n_parties == 0))
		rc = gf_error_set(err, GF_ETEMPLATE, "%s: needs <ink>, <verdict> and <party>", path);
cleanup:
	xmlFreeDoc(doc);
	return rc;
}

const char *gf_seal_verdict_name(gf_seal_verdict v)
{
	return v == GF_SEAL_PRESENT ? "present" : v == GF_SEAL_ABSENT ? "absent" : "uncertain";
}

/* ---- geometry ---- */

/* Solve the 3x3 system m x = r (Cramer); 0 when singular. */
static int solve3(const double m[3][3], const double r[3], double x[3])
{
	double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
		     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
		     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
	if (fabs(det) < 1e-12)
		return 0;
	for (int k = 0; k < 3; k++) {
		double t[3][3];
		memcpy(t, m, sizeof t);
		for (int i = 0; i < 3; i++)
			t[i][k] = r[i];
		x[k] = (t[0][0] * (t[1][1] * t[2][2] - t[1][2] * t[2][1]) -
			t[0][1] * (t[1][0] * t[2][2] - t[1][2] * t[2][0]) +
			t[0][2] * (t[1][0] * t[2][1] - t[1][1] * t[2][0])) /
		       det;
	}
	return 1;
}

int gf_affine_from_qr(gf_affine *out, gf_sheet_rect qr, const double corners[4][2])
{
	const double src[4][2] = {{qr.x, qr.y + qr.h},
				  {qr.x, qr.y},
				  {qr.x + qr.w, qr.y},
				  {qr.x + qr.w, qr.y + qr.h}};
	double m[3][3] = {{0}}, ru[3] = {0}, rv[3] = {0};
	for (int i = 0; i < 4; i++) {
		double p[3] = {src[i][0], src[i][1], 1};
		for (int a = 0; a < 3; a++) {
			for (int b = 0; b < 3; b++)
				m[a][b] += p[a] * p[b];
			ru[a] += p[a] * corners[i][0];
			rv[a] += p[a] * corners[i][1];
		}
	}
	double u[3], v[3];
	if (!solve3(m, ru, u) || !solve3(m, rv, v))
		return GF_EINVAL;
	*out = (gf_affine){u[0], u[1], u[2], v[0], v[1], v[2]};
	/* a code a few pixels wide cannot place a page */
	double det = out->a * out->e - out->b * out->d;
	if (!isfinite(det) || fabs(det) < 1e-4)
		return GF_EINVAL;
	return GF_OK;
}

static void apply(const gf_affine *t, double x, double y, double *u, double *v)
{
	*u = t->a * x + t->b * y + t->c;
	*v = t->d * x + t->e * y + t->f;
}

static int grey_at(const gf_image *im, double u, double v)
{
	int x = (int)lround(u), y = (int)lround(v);
	if (x < 0 || y < 0 || x >= im->w || y >= im->h)
		return -1;
	const unsigned char *p = im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
	return (77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8;
}

#define LINE_SAMPLES 64
#define STEP 0.5 /* points between candidate line positions */
#define DARK_W 2 /* a line: the darkest within +-1 pt ... */
#define LIGHT_W 8 /* ... against the brightest within +-4 pt */

/* L[i]: the fraction of LINE_SAMPLES points along a full-width horizontal
 * line at sheet height i * STEP that are dark, the darkest point across the
 * line against the brightest around it (the paper there, whatever the
 * light). Each column is sampled once down the page. */
static void line_scores(const gf_image *im, const gf_affine *t, const gf_sheet_rect *blk,
			double *L, int n, short *col)
{
	memset(L, 0, (size_t)n * sizeof *L);
	int cols = 0;
	for (int i = 0; i < LINE_SAMPLES; i++) {
		double x = blk->x + 3 * MM + (blk->w - 6 * MM) * (i + 0.5) / LINE_SAMPLES;
		int any = 0;
		for (int k = 0; k < n; k++) {
			double u, v;
			apply(t, x, k * STEP, &u, &v);
			col[k] = (short)grey_at(im, u, v);
			any |= col[k] >= 0;
		}
		cols += any;
		if (!any)
			continue;
		for (int k = 0; k < n; k++) {
			int dark = 256, light = -1;
			for (int j = k - LIGHT_W; j <= k + LIGHT_W; j++) {
				if (j < 0 || j >= n || col[j] < 0)
					continue;
				if (j >= k - DARK_W && j <= k + DARK_W && col[j] < dark)
					dark = col[j];
				if (col[j] > light)
					light = col[j];
			}
			if (dark < 256 && dark * 100 < light * 82)
				L[k] += 1.0 / LINE_SAMPLES;
		}
	}
	if (cols < LINE_SAMPLES / 2)
		memset(L, 0, (size_t)n * sizeof *L);
}

void gf_seal_locate(const gf_image *im, const gf_affine *t, const gf_sheet_geom *g,
		    double *dy_out, double *score_out)
{
	*dy_out = 0;
	*score_out = 0;
	const gf_sheet_rect *blk = &g->sign;
	int n = (int)(g->page_h / STEP) + 1;
	double *L = malloc((size_t)n * sizeof *L);
	short *col = malloc((size_t)n * sizeof *col);
	if (!L || !col) {
		free(L);
		free(col);
		return;
	}
	line_scores(im, t, blk, L, n, col);
	free(col);
	int hs = (int)lround(blk->h / STEP);
	/* the bottom line is looked for within 2 % of the block's height (the
	 * scale read from a 22 mm code is that good), the inside must be free
	 * of lines but for the party labels near the top */
	int tol = (int)lround((blk->h * 0.02 + 0.5 * MM) / STEP);
	int margin_b = (int)(4 * MM / STEP), margin_t = (int)(9 * MM / STEP);
	int pred = (int)lround((blk->y + blk->h) / STEP);
	double best = -1;
	int best_i = pred, best_b = pred - hs;
	for (int top = hs + tol; top < n; top++) {
		int bot = top - hs, bb = bot;
		for (int k = bot - tol; k <= bot + tol; k++)
			if (L[k] > L[bb])
				bb = k;
		double s = L[top] < L[bb] ? L[top] : L[bb];
		double inner = 0;
		for (int k = bb + margin_b; k <= top - margin_t; k++)
			if (L[k] > inner)
				inner = L[k];
		if (inner > 0.5)
			s -= inner - 0.5;
		/* prefer the rendered position among equals */
		s -= fabs((double)(top - pred)) * STEP / g->page_h * 0.05;
		if (s > best) {
			best = s;
			best_i = top;
			best_b = bb;
		}
	}
	free(L);
	/* the shift of the block's middle, where the seal squares are */
	*dy_out = (best_i + best_b) * STEP / 2 - (blk->y + blk->h / 2);
	*score_out = best < 0 ? 0 : best;
}

/* ---- ink ---- */

static int is_ink(const gf_seal_config *c, double r, double gr, double b)
{
	double mx = r > gr ? (r > b ? r : b) : (gr > b ? gr : b);
	double mn = r < gr ? (r < b ? r : b) : (gr < b ? gr : b);
	if (mx < c->val_min || mx <= 0)
		return 0;
	double s = (mx - mn) / mx;
	if (s < c->sat_min || r - (gr > b ? gr : b) < c->excess_min)
		return 0;
	/* hue; red is the largest channel here */
	double h = 60.0 * (gr - b) / (mx - mn);
	return h >= c->hue_min && h <= c->hue_max;
}

/* Per-channel paper colour around a region: the 85th percentile. */
static void paper_rgb(const gf_image *im, int x0, int y0, int x1, int y1, double out[3])
{
	unsigned hist[3][256];
	memset(hist, 0, sizeof hist);
	unsigned n = 0;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++) {
			const unsigned char *p = im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
			for (int c = 0; c < 3; c++)
				hist[c][p[c]]++;
			n++;
		}
	for (int c = 0; c < 3; c++) {
		unsigned want = n * 15 / 100, acc = 0;
		int v = 255;
		for (; v > 0; v--) {
			acc += hist[c][v];
			if (acc >= want)
				break;
		}
		out[c] = v < 40 ? 40 : v;
	}
}

void gf_seal_measure(const gf_seal_config *cfg, const gf_image *im, const gf_affine *t,
		     gf_sheet_rect sq, gf_seal_result *out)
{
	memset(out, 0, sizeof *out);
	out->verdict = GF_SEAL_UNCERTAIN;
	out->outside = 1;
	double det = t->a * t->e - t->b * t->d;
	if (fabs(det) < 1e-9)
		return;
	/* inverse map: image -> sheet */
	double ia = t->e / det, ib = -t->b / det, id = -t->d / det, ie = t->a / det;
	double ic = -(ia * t->c + ib * t->f), iff = -(id * t->c + ie * t->f);
	/* bounding boxes on the image of the square and of its surroundings */
	double ux0 = 1e18, vy0 = 1e18, ux1 = -1e18, vy1 = -1e18;
	double sx0 = 1e18, sy0 = 1e18, sx1 = -1e18, sy1 = -1e18;
	double grow = 8 * MM;
	for (int k = 0; k < 4; k++) {
		double x = sq.x + (k & 1 ? sq.w : 0), y = sq.y + (k & 2 ? sq.h : 0), u, v;
		apply(t, x, y, &u, &v);
		ux0 = fmin(ux0, u), ux1 = fmax(ux1, u), vy0 = fmin(vy0, v), vy1 = fmax(vy1, v);
		apply(t, x + (k & 1 ? grow : -grow), y + (k & 2 ? grow : -grow), &u, &v);
		sx0 = fmin(sx0, u), sx1 = fmax(sx1, u), sy0 = fmin(sy0, v), sy1 = fmax(sy1, v);
	}
	int X0 = (int)fmax(0, floor(sx0)), Y0 = (int)fmax(0, floor(sy0));
	int X1 = (int)fmin(im->w, ceil(sx1)), Y1 = (int)fmin(im->h, ceil(sy1));
	if (X1 - X0 < 4 || Y1 - Y0 < 4)
		return;
	double paper[3];
	paper_rgb(im, X0, Y0, X1, Y1, paper);
	/* count over the square shrunk by 1 pt; pixels off the image count as
	 * outside */
	double inset = 1.0;
	long inside = 0, ink = 0, total = 0;
	int a0 = (int)floor(ux0), a1 = (int)ceil(ux1), b0 = (int)floor(vy0), b1 = (int)ceil(vy1);
	for (int v = b0; v <= b1; v++) {
		for (int u = a0; u <= a1; u++) {
			double x = ia * u + ib * v + ic, y = id * u + ie * v + iff;
			if (x < sq.x + inset || x > sq.x + sq.w - inset || y < sq.y + inset ||
			    y > sq.y + sq.h - inset)
				continue;
			total++;
			if (u < 0 || v < 0 || u >= im->w || v >= im->h)
				continue;
			inside++;
			const unsigned char *p = im->rgb + ((size_t)v * (size_t)im->w + (size_t)u) * 3;
			double r = fmin(1, p[0] / paper[0]), g = fmin(1, p[1] / paper[1]),
			       b = fmin(1, p[2] / paper[2]);
			ink += is_ink(cfg, r, g, b);
		}
	}
	if (total == 0)
		return;
	out->outside = 1.0 - (double)inside / (double)total;
	out->coverage = inside ? (double)ink / (double)inside : 0;
	/* uncertain unless the box lies on the page and the coverage is clear */
	out->verdict = GF_SEAL_UNCERTAIN;
	if (out->outside <= cfg->outside_max) {
		if (out->coverage >= cfg->present_min)
			out->verdict = GF_SEAL_PRESENT;
		else if (out->coverage <= cfg->absent_max)
			out->verdict = GF_SEAL_ABSENT;
	}
}
