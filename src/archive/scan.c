/* scan.c - scans to page images and QR codes: MuPDF renders each page
 * (PDF pages, or the one page of an image) in RGB at about 145 dpi for an
 * A4 page, zbar reads QR codes on its grey version (the top-right corner
 * first, where the sheets print theirs, then the whole page, then the page
 * at twice the resolution), and the page image is kept for the seal check.
 */
#include "archive/scan.h"

#include "core/alloc.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

/* MuPDF 1.21 exports its handlers without declaring them. */
extern fz_document_handler pdf_document_handler;
extern fz_document_handler img_document_handler;

#define MEM_CAP ((size_t)1 << 30)  /* all MuPDF memory of the process */
#define QR_SIDE 1700               /* long side of the page image for zbar */
#define QR_SIDE_RETRY 3400
#define MAX_PIXELS ((size_t)16 << 20)

struct gf_scanner {
	fz_context *ctx;
	pthread_mutex_t locks[FZ_LOCK_MAX];
};

/* ---- MuPDF's allocator: capped, sizes kept in a 16-byte header ---- */

static atomic_size_t mem_used;

static void *cap_malloc(void *user, size_t n)
{
	(void)user;
	if (n > MEM_CAP || atomic_fetch_add(&mem_used, n) + n > MEM_CAP) {
		if (n <= MEM_CAP)
			atomic_fetch_sub(&mem_used, n);
		return NULL;
	}
	size_t *p = malloc(n + 16);
	if (!p) {
		atomic_fetch_sub(&mem_used, n);
		return NULL;
	}
	p[0] = n;
	return (char *)p + 16;
}

static void cap_free(void *user, void *ptr)
{
	(void)user;
	if (!ptr)
		return;
	size_t *p = (size_t *)((char *)ptr - 16);
	atomic_fetch_sub(&mem_used, p[0]);
	free(p);
}

static void *cap_realloc(void *user, void *ptr, size_t n)
{
	if (!ptr)
		return cap_malloc(user, n);
	if (n == 0) {
		cap_free(user, ptr);
		return NULL;
	}
	size_t *p = (size_t *)((char *)ptr - 16);
	size_t old = p[0];
	if (n > old && (n - old > MEM_CAP || atomic_fetch_add(&mem_used, n - old) + (n - old) >
						      MEM_CAP)) {
		if (n - old <= MEM_CAP)
			atomic_fetch_sub(&mem_used, n - old);
		return NULL;
	}
	size_t *q = realloc(p, n + 16);
	if (!q) {
		if (n > old)
			atomic_fetch_sub(&mem_used, n - old);
		return NULL;
	}
	if (n < old)
		atomic_fetch_sub(&mem_used, old - n);
	q[0] = n;
	return (char *)q + 16;
}

static void lock_fn(void *user, int lock)
{
	pthread_mutex_lock(&((gf_scanner *)user)->locks[lock]);
}

static void unlock_fn(void *user, int lock)
{
	pthread_mutex_unlock(&((gf_scanner *)user)->locks[lock]);
}

static void quiet(void *user, const char *message)
{
	(void)user;
	(void)message;
}

int gf_scanner_new(gf_scanner **out, gf_error *err)
{
	*out = NULL;
	gf_scanner *s = gf_calloc(1, sizeof *s);
	if (!s)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	for (int i = 0; i < FZ_LOCK_MAX; i++)
		pthread_mutex_init(&s->locks[i], NULL);
	static const fz_alloc_context alloc = {NULL, cap_malloc, cap_realloc, cap_free};
	fz_locks_context locks = {s, lock_fn, unlock_fn};
	/* a small store: a scan's images are drawn once */
	s->ctx = fz_new_context(&alloc, &locks, (size_t)8 << 20);
	if (!s->ctx) {
		gf_scanner_free(s);
		return gf_error_set(err, GF_ENOMEM, "cannot start MuPDF");
	}
	fz_set_warning_callback(s->ctx, quiet, NULL);
	fz_set_error_callback(s->ctx, quiet, NULL);
	volatile int ok = 1;
	fz_try(s->ctx) {
		fz_register_document_handler(s->ctx, &pdf_document_handler);
		fz_register_document_handler(s->ctx, &img_document_handler);
	}
	fz_catch(s->ctx) {
		ok = 0;
	}
	if (!ok) {
		gf_scanner_free(s);
		return gf_error_set(err, GF_EINTERNAL, "cannot register MuPDF's document handlers");
	}
	*out = s;
	return GF_OK;
}

void gf_scanner_free(gf_scanner *s)
{
	if (!s)
		return;
	if (s->ctx)
		fz_drop_context(s->ctx);
	for (int i = 0; i < FZ_LOCK_MAX; i++)
		pthread_mutex_destroy(&s->locks[i]);
	gf_free(s);
}

const char *gf_scan_sniff(const void *data, size_t len, const char **mime_out)
{
	const unsigned char *p = data;
	const char *fmt = NULL, *mime = NULL;
	if (len >= 5 && memcmp(p, "%PDF-", 5) == 0) {
		fmt = "pdf";
		mime = "application/pdf";
	} else if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
		fmt = "jpeg";
		mime = "image/jpeg";
	} else if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
		fmt = "png";
		mime = "image/png";
	} else if (len >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0)) {
		fmt = "tiff";
		mime = "image/tiff";
	}
	if (mime_out)
		*mime_out = mime;
	return fmt;
}

/* ---- QR codes ---- */

/* Decode QR codes in a grey image region [x0, x0 + w) x [y0, y0 + h) of a
 * buffer with row length stride; corners are reported in the buffer's
 * coordinates times `k`. Returns the number of codes added to pg. */
static int find_codes(gf_scan_page *pg, const unsigned char *grey, int stride, int x0, int y0,
		      int w, int h, double k)
{
	unsigned char *crop = gf_malloc((size_t)w * (size_t)h);
	if (!crop)
		return -1;
	for (int y = 0; y < h; y++)
		memcpy(crop + (size_t)y * (size_t)w, grey + (size_t)(y0 + y) * (size_t)stride + x0,
		       (size_t)w);
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *im = zbar_image_create();
	int found = 0;
	if (sc && im) {
		zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
		zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
		zbar_image_set_format(im, zbar_fourcc('Y', '8', '0', '0'));
		zbar_image_set_size(im, (unsigned)w, (unsigned)h);
		zbar_image_set_data(im, crop, (unsigned long)w * (unsigned long)h, NULL);
		if (zbar_scan_image(sc, im) > 0) {
			for (const zbar_symbol_t *sym = zbar_image_first_symbol(im);
			     sym && pg->n_codes < GF_SCAN_MAX_CODES; sym = zbar_symbol_next(sym)) {
				if (zbar_symbol_get_type(sym) != ZBAR_QRCODE ||
				    zbar_symbol_get_loc_size(sym) != 4)
					continue;
				const char *d = zbar_symbol_get_data(sym);
				unsigned dl = zbar_symbol_get_data_length(sym);
				if (!d || dl == 0 || dl >= GF_SCAN_TEXT_MAX || memchr(d, '\0', dl))
					continue;
				gf_scan_code *c = &pg->codes[pg->n_codes++];
				memcpy(c->text, d, dl);
				c->text[dl] = '\0';
				for (unsigned i = 0; i < 4; i++) {
					c->pt[i][0] = (zbar_symbol_get_loc_x(sym, i) + x0) * k;
					c->pt[i][1] = (zbar_symbol_get_loc_y(sym, i) + y0) * k;
				}
				found++;
			}
		}
	}
	if (im)
		zbar_image_destroy(im);
	if (sc)
		zbar_image_scanner_destroy(sc);
	gf_free(crop);
	return found;
}

/* Page at `scale`, RGB without alpha. */
static fz_pixmap *render(fz_context *ctx, fz_page *page, float scale)
{
	return fz_new_pixmap_from_page(ctx, page, fz_scale(scale, scale), fz_device_rgb(ctx), 0);
}

static unsigned char *grey_of(const fz_pixmap *pix)
{
	int w = pix->w, h = pix->h;
	unsigned char *g = gf_malloc((size_t)w * (size_t)h);
	if (!g)
		return NULL;
	for (int y = 0; y < h; y++) {
		const unsigned char *s = pix->samples + (size_t)y * (size_t)pix->stride;
		unsigned char *d = g + (size_t)y * (size_t)w;
		for (int x = 0; x < w; x++, s += pix->n)
			d[x] = (unsigned char)((77 * s[0] + 150 * s[1] + 29 * s[2]) >> 8);
	}
	return g;
}

/* Keep the page image for the seal check. */
static int keep(gf_scan_page *pg, const fz_pixmap *pix)
{
	int w = pix->w, h = pix->h;
	if (w < 8 || h < 8)
		return GF_EUNREADABLE;
	pg->rgb = gf_malloc((size_t)w * (size_t)h * 3);
	if (!pg->rgb)
		return GF_ENOMEM;
	pg->w = w;
	pg->h = h;
	for (int y = 0; y < h; y++) {
		const unsigned char *s = pix->samples + (size_t)y * (size_t)pix->stride;
		unsigned char *d = pg->rgb + (size_t)y * (size_t)w * 3;
		if (pix->n == 3) {
			memcpy(d, s, (size_t)w * 3);
			continue;
		}
		for (int x = 0; x < w; x++, s += pix->n, d += 3)
			memcpy(d, s, 3);
	}
	return GF_OK;
}

static float scale_for(fz_rect b, int side)
{
	float w = b.x1 - b.x0, h = b.y1 - b.y0;
	float lng = w > h ? w : h;
	if (!(lng > 1))
		return 0;
	float sc = (float)side / lng;
	if ((double)w * sc * (double)h * sc > (double)MAX_PIXELS)
		sc = (float)sqrt((double)MAX_PIXELS / ((double)w * (double)h));
	return sc;
}

/* The page's bounds; 0 when MuPDF cannot tell them. */
static int page_bounds(fz_context *ctx, fz_page *page, fz_rect *out)
{
	volatile int ok = 1;
	fz_try(ctx) {
		*out = fz_bound_page(ctx, page);
	}
	fz_catch(ctx) {
		ok = 0;
	}
	return ok;
}

/* The page at scale sc, or NULL (why gets MuPDF's message). */
static fz_pixmap *render_at(fz_context *ctx, fz_page *page, float sc, char *why, size_t cap)
{
	fz_pixmap *volatile pix = NULL;
	fz_try(ctx) {
		pix = render(ctx, page, sc);
	}
	fz_catch(ctx) {
		snprintf(why, cap, "%s", fz_caught_message(ctx));
		pix = NULL;
	}
	return pix;
}

/* One page: render, look for codes, keep the image. */
static int read_page(fz_context *ctx, fz_page *page, gf_scan_page *pg, gf_error *err)
{
	char why[256] = "empty page";
	fz_rect b;
	float sc = page_bounds(ctx, page, &b) ? scale_for(b, QR_SIDE) : 0;
	fz_pixmap *pix = sc > 0 ? render_at(ctx, page, sc, why, sizeof why) : NULL;
	if (!pix)
		return gf_error_set(err, GF_EUNREADABLE, "cannot render the page: %s", why);
	unsigned char *grey = NULL;
	int rc = GF_OK;
	if (pix->n < 3) {
		rc = gf_error_set(err, GF_EUNREADABLE, "the page did not render in colour");
		goto cleanup;
	}
	grey = grey_of(pix);
	if (!grey) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	int w = pix->w, h = pix->h;
	/* the sheets print the code in the top-right corner */
	int found = find_codes(pg, grey, w, w / 2, 0, w - w / 2, h / 3 > 0 ? h / 3 : h, 1.0);
	if (found == 0)
		found = find_codes(pg, grey, w, 0, 0, w, h, 1.0);
	if (found < 0) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = keep(pg, pix))) {
		gf_error_set(err, rc, rc == GF_ENOMEM ? "out of memory" : "the page is too small");
		goto cleanup;
	}
	float sc2 = scale_for(b, QR_SIDE_RETRY);
	if (found == 0 && sc2 > sc * 1.2f) {
		/* small in the frame: once more at twice the resolution */
		fz_pixmap *big = render_at(ctx, page, sc2, why, sizeof why);
		if (big && big->n >= 3) {
			unsigned char *g2 = grey_of(big);
			double k = (double)pg->w / (double)big->w;
			if (g2)
				find_codes(pg, g2, big->w, 0, 0, big->w, big->h, k);
			gf_free(g2);
		}
		fz_drop_pixmap(ctx, big);
	}
cleanup:
	gf_free(grey);
	fz_drop_pixmap(ctx, pix);
	return rc;
}

/* Open data as a document of type mime; NULL with why set on failure. */
static fz_document *open_doc(fz_context *ctx, fz_stream **stm_out, const void *data, size_t len,
			     const char *mime, int *pages, char *why, size_t cap)
{
	fz_stream *volatile stm = NULL;
	fz_document *volatile doc = NULL;
	fz_try(ctx) {
		stm = fz_open_memory(ctx, data, len);
		doc = fz_open_document_with_stream(ctx, mime, stm);
		if (fz_needs_password(ctx, doc))
			fz_throw(ctx, FZ_ERROR_GENERIC, "the file is encrypted");
		*pages = fz_count_pages(ctx, doc);
	}
	fz_catch(ctx) {
		snprintf(why, cap, "%s", fz_caught_message(ctx));
		fz_drop_document(ctx, doc);
		fz_drop_stream(ctx, stm);
		*stm_out = NULL;
		return NULL;
	}
	*stm_out = stm;
	return doc;
}

static fz_page *load_page(fz_context *ctx, fz_document *doc, int i, char *why, size_t cap)
{
	fz_page *volatile page = NULL;
	fz_try(ctx) {
		page = fz_load_page(ctx, doc, i);
	}
	fz_catch(ctx) {
		snprintf(why, cap, "%s", fz_caught_message(ctx));
		page = NULL;
	}
	return page;
}

int gf_scan_read(gf_scanner *s, gf_scan *out, const void *data, size_t len, gf_error *err)
{
	memset(out, 0, sizeof *out);
	const char *mime;
	const char *fmt = gf_scan_sniff(data, len, &mime);
	if (!fmt)
		return gf_error_set(err, GF_EUNREADABLE,
				    "not a scan: expected a PDF, JPEG, PNG or TIFF file");
	out->format = fmt;
	out->mime = mime;
	fz_context *ctx = fz_clone_context(s->ctx);
	if (!ctx)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	char why[256] = "";
	fz_stream *stm = NULL;
	int rc = GF_OK;
	fz_document *doc = open_doc(ctx, &stm, data, len, mime, &out->n_pages, why, sizeof why);
	if (!doc) {
		rc = gf_error_set(err, GF_EUNREADABLE, "cannot read the %s file: %s", fmt, why);
		goto cleanup;
	}
	if (out->n_pages <= 0) {
		rc = gf_error_set(err, GF_EUNREADABLE, "the file has no pages");
		goto cleanup;
	}
	int n = out->n_pages < GF_SCAN_MAX_PAGES ? out->n_pages : GF_SCAN_MAX_PAGES;
	out->pages = gf_calloc((size_t)n, sizeof *out->pages);
	if (!out->pages) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < n && !rc; i++) {
		fz_page *page = load_page(ctx, doc, i, why, sizeof why);
		if (!page) {
			rc = gf_error_set(err, GF_EUNREADABLE, "cannot read page %d: %s", i + 1, why);
			break;
		}
		rc = read_page(ctx, page, &out->pages[i], err);
		fz_drop_page(ctx, page);
		out->n_read = i + 1;
	}
cleanup:
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	fz_drop_context(ctx);
	if (rc)
		gf_scan_free(out);
	return rc;
}

void gf_scan_free(gf_scan *scan)
{
	if (!scan)
		return;
	for (int i = 0; scan->pages && i < scan->n_read; i++)
		gf_free(scan->pages[i].rgb);
	gf_free(scan->pages);
	memset(scan, 0, sizeof *scan);
}
