/* scanmaker.c - see scanmaker.h. */
#include "scanmaker.h"

#include <math.h>
#include <stdarg.h>
#include <mupdf/fitz.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

extern fz_document_handler pdf_document_handler;

#define MM_PT (72.0 / 25.4)

void sm_img_free(sm_img *im)
{
	if (!im)
		return;
	free(im->rgb);
	memset(im, 0, sizeof *im);
}

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

int sm_rasterise(const void *pdf, size_t len, int page, double dpi, sm_img *out)
{
	memset(out, 0, sizeof *out);
	fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_UNLIMITED);
	if (!ctx)
		return -1;
	int rc = 0;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	fz_pixmap *pix = NULL;
	fz_var(stm);
	fz_var(doc);
	fz_var(pix);
	fz_try(ctx) {
		fz_register_document_handler(ctx, &pdf_document_handler);
		stm = fz_open_memory(ctx, pdf, len);
		doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
		float s = (float)(dpi / 72.0);
		pix = fz_new_pixmap_from_page_number(ctx, doc, page, fz_scale(s, s), fz_device_rgb(ctx),
						     0);
		out->w = pix->w;
		out->h = pix->h;
		out->dpi = dpi;
		out->rgb = malloc((size_t)pix->w * (size_t)pix->h * 3);
		if (!out->rgb)
			fz_throw(ctx, FZ_ERROR_GENERIC, "oom");
		for (int y = 0; y < pix->h; y++)
			for (int x = 0; x < pix->w; x++)
				memcpy(out->rgb + ((size_t)y * (size_t)pix->w + (size_t)x) * 3,
				       pix->samples + (size_t)y * (size_t)pix->stride + (size_t)x * pix->n,
				       3);
	}
	fz_catch(ctx) {
		rc = -1;
	}
	fz_drop_pixmap(ctx, pix);
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	fz_drop_context(ctx);
	return rc;
}

/* ---- seals ---- */

/* Ink density of a stylised seal at (dx, dy) mm from its centre: two rings,
 * a five-pointed star, a ring of "characters" (blocks along an arc) and a
 * bar of text under the star. */
static int seal_ink(double dx, double dy, double r)
{
	double d = sqrt(dx * dx + dy * dy);
	if (d > r)
		return 0;
	if (d > r - 1.2)
		return 1; /* outer ring */
	/* characters along the arc from 200° to 340° (top), radius r-5 */
	double ang = atan2(-dy, dx) * 180 / M_PI;
	if (ang < 0)
		ang += 360;
	double rr = r - 5.2;
	if (fabs(d - rr) < 2.4 && (ang > 20 && ang < 160)) {
		double step = 11.0;
		double k = fmod(ang - 20, step);
		if (k > 1.5 && k < step - 1.5) {
			/* strokes inside a character cell */
			double t = (k - 1.5) / (step - 3);
			double rad = (d - rr + 2.4) / 4.8;
			if (fabs(t - 0.5) < 0.09 || fabs(rad - 0.2) < 0.1 || fabs(rad - 0.8) < 0.1 ||
			    fabs(t - rad) < 0.08)
				return 1;
		}
	}
	/* star, radius 7 mm */
	double sa = atan2(dy, dx) + M_PI / 2;
	double sector = fmod(fabs(sa) + 2 * M_PI, 2 * M_PI / 5) - M_PI / 5;
	double edge = 7.0 * cos(M_PI / 5) / cos(sector) * 0.55 + 1.2;
	if (d < edge && d < 7.0)
		return 1;
	/* a line of text under the star */
	if (dy > 9 && dy < 12.5 && fabs(dx) < 9 && fmod(dx + 9, 3.0) < 2.2)
		return 1;
	return 0;
}

void sm_stamp(sm_img *im, double page_h_pt, double x_pt, double y_pt, double diameter_mm,
	      double strength, unsigned seed)
{
	double px_mm = im->dpi / 25.4;
	double cx = x_pt / 72.0 * im->dpi, cy = (page_h_pt - y_pt) / 72.0 * im->dpi;
	double r = diameter_mm / 2;
	int x0 = (int)(cx - r * px_mm) - 1, x1 = (int)(cx + r * px_mm) + 1;
	int y0 = (int)(cy - r * px_mm) - 1, y1 = (int)(cy + r * px_mm) + 1;
	const double ink[3] = {222, 48, 38}; /* vermilion */
	unsigned s = seed;
	for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < im->h; y++)
		for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < im->w; x++) {
			double dx = (x - cx) / px_mm, dy = (y - cy) / px_mm;
			if (!seal_ink(dx, dy, r))
				continue;
			if (rnd(&s) % 100 < 12) /* uneven ink */
				continue;
			unsigned char *p = im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
			for (int c = 0; c < 3; c++) {
				double m = 1 - strength * (1 - ink[c] / 255.0);
				p[c] = (unsigned char)(p[c] * m);
			}
		}
}

void sm_blank(sm_img *im, double page_h_pt, double x_pt, double y_pt, double w_pt, double h_pt)
{
	int x0 = (int)(x_pt / 72 * im->dpi), x1 = (int)((x_pt + w_pt) / 72 * im->dpi);
	int y0 = (int)((page_h_pt - y_pt - h_pt) / 72 * im->dpi);
	int y1 = (int)((page_h_pt - y_pt) / 72 * im->dpi);
	for (int y = y0 < 0 ? 0 : y0; y < y1 && y < im->h; y++)
		for (int x = x0 < 0 ? 0 : x0; x < x1 && x < im->w; x++)
			memset(im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3, 255, 3);
}

/* ---- photo ---- */

int sm_photo(const sm_img *page, sm_img *out, double angle_deg, double scale, double gradient,
	     unsigned seed)
{
	double a = angle_deg * M_PI / 180, ca = cos(a), sa = sin(a);
	double pw = page->w * scale, ph = page->h * scale;
	int W = (int)(fabs(pw * ca) + fabs(ph * sa) + pw * 0.12);
	int H = (int)(fabs(pw * sa) + fabs(ph * ca) + ph * 0.10);
	out->w = W;
	out->h = H;
	out->dpi = page->dpi * scale;
	out->rgb = malloc((size_t)W * (size_t)H * 3);
	if (!out->rgb)
		return -1;
	unsigned s = seed;
	double ox = W / 2.0 + W * 0.01, oy = H / 2.0 - H * 0.015; /* page centre, a bit off */
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			/* inverse: photo -> page */
			double u = x - ox, v = y - oy;
			double px = (ca * u + sa * v) / scale + page->w / 2.0;
			double py = (-sa * u + ca * v) / scale + page->h / 2.0;
			double c[3];
			if (px < 0 || py < 0 || px >= page->w - 1 || py >= page->h - 1) {
				c[0] = 92, c[1] = 84, c[2] = 76; /* the desk */
			} else {
				int ix = (int)px, iy = (int)py;
				double fx = px - ix, fy = py - iy;
				const unsigned char *p00 =
					page->rgb + ((size_t)iy * (size_t)page->w + (size_t)ix) * 3;
				const unsigned char *p01 = p00 + 3, *p10 = p00 + (size_t)page->w * 3,
						    *p11 = p10 + 3;
				for (int k = 0; k < 3; k++)
					c[k] = (p00[k] * (1 - fx) + p01[k] * fx) * (1 - fy) +
					       (p10[k] * (1 - fx) + p11[k] * fx) * fy;
			}
			/* light falls off from the top-left corner; warm cast */
			double g = 1.0 - gradient * (0.6 * x / W + 0.4 * y / H);
			const double cast[3] = {1.0, 0.95, 0.86};
			unsigned char *d = out->rgb + ((size_t)y * (size_t)W + (size_t)x) * 3;
			for (int k = 0; k < 3; k++) {
				double v2 = c[k] * g * cast[k] * 0.97 + (double)(rnd(&s) % 9) - 4;
				d[k] = (unsigned char)(v2 < 0 ? 0 : v2 > 255 ? 255 : v2);
			}
		}
	return 0;
}

/* ---- JPEG, PDF ---- */

int sm_jpeg(const sm_img *im, int quality, unsigned char **out, size_t *out_len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned long len = 0;
	*out = NULL;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, out, &len);
	c.image_width = (JDIMENSION)im->w;
	c.image_height = (JDIMENSION)im->h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	c.density_unit = 1;
	c.X_density = c.Y_density = (UINT16)(im->dpi > 0 ? im->dpi : 72);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = im->rgb + (size_t)c.next_scanline * (size_t)im->w * 3;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	*out_len = len;
	return *out ? 0 : -1;
}

typedef struct wbuf {
	unsigned char *d;
	size_t n, cap;
} wbuf;

static void put(wbuf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = (b->cap + n) * 2;
		unsigned char *d = realloc(b->d, cap);
		if (!d)
			abort();
		b->d = d;
		b->cap = cap;
	}
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void putf(wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(wbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(b, tmp, (size_t)k);
}

int sm_pdf_of_jpegs(unsigned char *const *jpegs, const size_t *lens, const int *w, const int *h,
		    int n, unsigned char **out, size_t *out_len)
{
	wbuf b = {0};
	int nobj = 2 + 3 * n;
	size_t *off = calloc((size_t)nobj + 1, sizeof *off);
	if (!off)
		return -1;
	putf(&b, "%%PDF-1.4\n%%\xE2\xE3\xCF\xD3\n");
	off[1] = b.n;
	putf(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = b.n;
	putf(&b, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", n);
	for (int i = 0; i < n; i++)
		putf(&b, " %d 0 R", 3 + 3 * i);
	putf(&b, " ] >>\nendobj\n");
	for (int i = 0; i < n; i++) {
		int pg = 3 + 3 * i, ct = pg + 1, im = pg + 2;
		char content[128];
		int cl = snprintf(content, sizeof content, "q 595.28 0 0 841.89 0 0 cm /Im0 Do Q\n");
		off[pg] = b.n;
		putf(&b,
		     "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
		     "/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>\nendobj\n",
		     pg, im, ct);
		off[ct] = b.n;
		putf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", ct, cl, content);
		off[im] = b.n;
		putf(&b,
		     "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
		     "/DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %zu >>\nstream\n",
		     im, w[i], h[i], lens[i]);
		put(&b, jpegs[i], lens[i]);
		putf(&b, "\nendstream\nendobj\n");
	}
	size_t xref = b.n;
	putf(&b, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
	for (int i = 1; i <= nobj; i++)
		putf(&b, "%010zu 00000 n \n", off[i]);
	putf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", nobj + 1, xref);
	free(off);
	*out = b.d;
	*out_len = b.n;
	return 0;
}

int sm_scanner_pdf(const void *pdf, size_t len, int pages, double dpi, int q, int seal_page,
		   double page_h_pt, const double (*centres)[2], int n_seals, double strength,
		   unsigned char **out, size_t *out_len)
{
	unsigned char *jp[16];
	size_t jl[16];
	int w[16], h[16];
	int rc = 0, made = 0;
	if (pages > 16)
		return -1;
	for (int i = 0; i < pages && !rc; i++) {
		sm_img im;
		if (sm_rasterise(pdf, len, i, dpi, &im)) {
			rc = -1;
			break;
		}
		if (i == seal_page)
			for (int k = 0; k < n_seals; k++)
				sm_stamp(&im, page_h_pt, centres[k][0], centres[k][1], 42, strength,
					 77u + (unsigned)k);
		rc = sm_jpeg(&im, q, &jp[i], &jl[i]);
		w[i] = im.w;
		h[i] = im.h;
		sm_img_free(&im);
		if (!rc)
			made++;
	}
	if (!rc)
		rc = sm_pdf_of_jpegs(jp, jl, w, h, pages, out, out_len);
	for (int i = 0; i < made; i++)
		free(jp[i]);
	return rc;
}
