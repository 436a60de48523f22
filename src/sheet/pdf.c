/* pdf.c - drawing a document and writing it through libharu.
 *
 * libharu (2.3.0) keeps the object graph, the page tree, compression and the
 * cross-reference table. We write the page content ourselves and build the
 * fonts (Type0 + CIDFontType2 + our subset + ToUnicode), the XMP packet, the
 * output intent, the attached file and the /ID with its object API, so none
 * of its CJK font, text or PDF/A code is used.
 */
#include "sheet/pdf.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "core/utf8.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <qrencode.h>
#include <zlib.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CIDS 30000         /* distinct characters per face in one document */
#define CONTENT_MAX ((size_t)64 << 20)

struct gf_prefont {
	const gf_face *face;
	uint32_t *cps; /* CID i+1 shows cps[i] */
	size_t n;
	uint32_t *hkey; /* cp + 1, 0 = empty */
	uint16_t *hval;
	size_t hcap;
	unsigned char *file_z, *tu_z, *set_z; /* deflated FontFile2, ToUnicode, CIDSet */
	size_t file_z_len, file_len, tu_z_len, set_z_len;
	uint16_t *advance;
	unsigned n_glyphs;
	char base[128];
};

typedef struct docfont {
	const gf_face *face;
	const gf_prefont *pre; /* set when this is a pre-built font */
	HPDF_Dict type0;
	uint32_t *cps;  /* CID i+1 shows cps[i] with glyph gids[i] */
	uint16_t *gids;
	size_t n, cap;
	uint32_t *hkey; /* cp + 1, 0 = empty */
	uint16_t *hval; /* CID */
	size_t hcap;
	int page_stamp;
	char name[32];
} docfont;

struct gf_pdf {
	const gf_fonts *fonts;
	HPDF_Doc doc;
	HPDF_Page page;
	int page_no;
	gf_buf content;
	docfont df[GF_FONT_MAX_FACES]; /* the document's own subsets */
	docfont pf[GF_FONT_MAX_FACES]; /* pre-built fonts, by face */
	const gf_prefont *pre_for[GF_FONT_MAX_FACES];
	double lw;
	HPDF_STATUS hpdf_err, hpdf_detail;
	int finished;
	char *qr_text; /* the last QR code, encoded once per document */
	QRcode *qr;
};

/* ---- libharu glue ----------------------------------------------------- */

/* libharu gets the C allocator, not gf_malloc: several of its paths use
 * objects whose allocation failed (HPDF_Page_New adds to a dictionary it did
 * not get), so the fault-injection tests would only find libharu's crashes.
 * A real allocation failure inside libharu is reported as GF_ENOMEM where
 * libharu notices it. */
static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT size)
{
	return malloc(size ? size : 1);
}

static void HPDF_STDCALL hpdf_free(void *p)
{
	free(p);
}

static void HPDF_STDCALL hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	gf_pdf *p = user;
	if (!p->hpdf_err) {
		p->hpdf_err = no;
		p->hpdf_detail = detail;
	}
}

static int hpdf_fail(gf_pdf *p, gf_error *err, const char *what)
{
	if (p->hpdf_err == 0x1015 /* HPDF_FAILD_TO_ALLOC_MEM */)
		return gf_error_set(err, GF_ENOMEM, "out of memory (%s)", what);
	return gf_error_set(err, GF_EPDF, "libharu error 0x%04X/%u while %s",
			    (unsigned)p->hpdf_err, (unsigned)p->hpdf_detail, what);
}

int gf_pdf_new(gf_pdf **out, const gf_fonts *fonts, gf_error *err)
{
	*out = NULL;
	gf_pdf *p = gf_calloc(1, sizeof *p);
	if (!p)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	p->fonts = fonts;
	p->lw = -1;
	gf_buf_init(&p->content, CONTENT_MAX);
	p->doc = HPDF_NewEx(hpdf_error, hpdf_alloc, hpdf_free, 0, p);
	if (!p->doc) {
		gf_free(p);
		return gf_error_set(err, GF_ENOMEM, "cannot create a PDF document");
	}
	if (HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL) != HPDF_OK) {
		int rc = hpdf_fail(p, err, "setting compression");
		gf_pdf_free(p);
		return rc;
	}
	*out = p;
	return GF_OK;
}

void gf_pdf_free(gf_pdf *p)
{
	if (!p)
		return;
	for (int i = 0; i < GF_FONT_MAX_FACES; i++) {
		gf_free(p->df[i].cps);
		gf_free(p->df[i].gids);
		gf_free(p->df[i].hkey);
		gf_free(p->df[i].hval);
	}
	gf_buf_free(&p->content);
	gf_free(p->qr_text);
	if (p->qr)
		QRcode_free(p->qr);
	if (p->doc)
		HPDF_Free(p->doc);
	gf_free(p);
}

/* ---- numbers ---------------------------------------------------------- */

/* Fixed-point, locale-free: at most 2 decimals, trailing zeros dropped,
 * then a space. */
static int put_num(gf_buf *b, double v)
{
	char t[32];
	char *e = t + sizeof t, *q = e;
	long long x = llround(v * 100.0);
	int neg = x < 0;
	unsigned long long u = neg ? (unsigned long long)(-(x + 1)) + 1 : (unsigned long long)x;
	unsigned frac = (unsigned)(u % 100);
	u /= 100;
	*--q = ' ';
	if (frac) {
		if (frac % 10)
			*--q = (char)('0' + frac % 10);
		*--q = (char)('0' + frac / 10);
		*--q = '.';
	}
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		*--q = '-';
	return gf_buf_append(b, q, (size_t)(e - q));
}

/* zlib level for every stream written per document. Measured on the
 * sample sheets: level 1 makes files about 8 % larger than zlib's default 6
 * (a one-page sheet 49.6 KB instead of 47 KB) and a render 18 % cheaper. */
#define GF_PDF_ZLEVEL 1

static HPDF_STATUS HPDF_STDCALL write_flate_key(HPDF_Dict d, HPDF_Stream s);
static int deflate_all(const void *data, size_t len, unsigned char **out, size_t *out_len);

/* ---- pages ------------------------------------------------------------ */

static int flush_page(gf_pdf *p, gf_error *err)
{
	if (!p->page)
		return GF_OK;
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	if (p->content.len) {
		/* deflated here in one call: libharu would copy the raw bytes in
		 * byte by byte and deflate them in small pieces when saving */
		unsigned char *z;
		size_t zlen;
		if (deflate_all(p->content.data, p->content.len, &z, &zlen))
			return gf_error_set(err, GF_ENOMEM, "out of memory");
		attr->contents->filter = HPDF_STREAM_FILTER_NONE;
		attr->contents->write_fn = write_flate_key;
		HPDF_STATUS st = HPDF_Stream_Write(attr->stream, z, (HPDF_UINT)zlen);
		gf_free(z);
		if (st != HPDF_OK)
			return hpdf_fail(p, err, "writing page content");
	}
	gf_buf_truncate(&p->content, 0);
	return GF_OK;
}

int gf_pdf_page(gf_pdf *p, double w, double h)
{
	gf_error err;
	gf_error_clear(&err);
	int rc = flush_page(p, &err);
	if (rc)
		return rc;
	p->page = HPDF_AddPage(p->doc);
	if (!p->page)
		return p->hpdf_err == 0x1015 ? GF_ENOMEM : GF_EPDF;
	if (HPDF_Page_SetWidth(p->page, (HPDF_REAL)w) != HPDF_OK ||
	    HPDF_Page_SetHeight(p->page, (HPDF_REAL)h) != HPDF_OK)
		return GF_EPDF;
	p->page_no++;
	p->lw = -1;
	return GF_OK;
}

void gf_pdf_line_width(gf_pdf *p, double w)
{
	if (w == p->lw)
		return;
	p->lw = w;
	put_num(&p->content, w);
	gf_buf_puts(&p->content, "w\n");
}

int gf_pdf_line(gf_pdf *p, double x1, double y1, double x2, double y2)
{
	int rc;
	if ((rc = put_num(&p->content, x1)) || (rc = put_num(&p->content, y1)) ||
	    (rc = gf_buf_puts(&p->content, "m ")) || (rc = put_num(&p->content, x2)) ||
	    (rc = put_num(&p->content, y2)) || (rc = gf_buf_puts(&p->content, "l S\n")))
		return rc;
	return GF_OK;
}

int gf_pdf_rect(gf_pdf *p, double x, double y, double w, double h, int fill)
{
	int rc;
	if ((rc = put_num(&p->content, x)) || (rc = put_num(&p->content, y)) ||
	    (rc = put_num(&p->content, w)) || (rc = put_num(&p->content, h)) ||
	    (rc = gf_buf_puts(&p->content, fill ? "re f\n" : "re S\n")))
		return rc;
	return GF_OK;
}

/* ---- text ------------------------------------------------------------- */

/* Multiplicative (Knuth) hash of a code point; wraps in 32 bits by design. */
static uint32_t cp_hash(uint32_t cp)
{
	return cp * 2654435761u;
}

static int df_grow(docfont *d)
{
	size_t nc = d->cap ? d->cap * 2 : 128;
	uint32_t *c = gf_realloc(d->cps, nc * sizeof *c);
	if (!c)
		return GF_ENOMEM;
	d->cps = c;
	uint16_t *g = gf_realloc(d->gids, nc * sizeof *g);
	if (!g)
		return GF_ENOMEM;
	d->gids = g;
	d->cap = nc;
	/* rehash at load <= 1/2 */
	size_t hc = nc * 2;
	uint32_t *hk = gf_calloc(hc, sizeof *hk);
	uint16_t *hv = gf_calloc(hc, sizeof *hv);
	if (!hk || !hv) {
		gf_free(hk);
		gf_free(hv);
		return GF_ENOMEM;
	}
	for (size_t i = 0; i < d->n; i++) {
		size_t h = cp_hash(d->cps[i]) & (hc - 1);
		while (hk[h])
			h = (h + 1) & (hc - 1);
		hk[h] = d->cps[i] + 1;
		hv[h] = (uint16_t)(i + 1);
	}
	gf_free(d->hkey);
	gf_free(d->hval);
	d->hkey = hk;
	d->hval = hv;
	d->hcap = hc;
	return GF_OK;
}

/* The CID of (cp, gid) in this document's font for the face. */
static int df_cid(docfont *d, uint32_t cp, uint16_t gid, uint16_t *cid)
{
	if (d->hcap) {
		size_t h = cp_hash(cp) & (d->hcap - 1);
		while (d->hkey[h]) {
			if (d->hkey[h] == cp + 1) {
				*cid = d->hval[h];
				return GF_OK;
			}
			h = (h + 1) & (d->hcap - 1);
		}
	}
	if (d->n == MAX_CIDS)
		return GF_ELIMIT;
	if (d->n == d->cap) {
		int rc = df_grow(d);
		if (rc)
			return rc;
	}
	d->cps[d->n] = cp;
	d->gids[d->n] = gid;
	d->n++;
	size_t h = cp_hash(cp) & (d->hcap - 1);
	while (d->hkey[h])
		h = (h + 1) & (d->hcap - 1);
	d->hkey[h] = cp + 1;
	d->hval[h] = (uint16_t)d->n;
	*cid = (uint16_t)d->n;
	return GF_OK;
}

static int df_select(gf_pdf *p, docfont *d)
{
	if (!d->type0) {
		d->type0 = HPDF_Dict_New(p->doc->mmgr);
		if (!d->type0 || HPDF_Xref_Add(p->doc->xref, d->type0) != HPDF_OK) {
			d->type0 = NULL;
			return p->hpdf_err == 0x1015 ? GF_ENOMEM : GF_EPDF;
		}
	}
	if (d->page_stamp != p->page_no) {
		const char *nm = HPDF_Page_GetLocalFontName(p->page, d->type0);
		if (!nm)
			return GF_EPDF;
		snprintf(d->name, sizeof d->name, "%s", nm);
		d->page_stamp = p->page_no;
	}
	return GF_OK;
}

static int pre_cid(const gf_prefont *pf, uint32_t cp, uint16_t *cid)
{
	size_t h = cp_hash(cp) & (pf->hcap - 1);
	while (pf->hkey[h]) {
		if (pf->hkey[h] == cp + 1) {
			*cid = pf->hval[h];
			return 1;
		}
		h = (h + 1) & (pf->hcap - 1);
	}
	return 0;
}

/* The font and CID that draw glyph g. */
static int glyph_font(gf_pdf *p, const gf_glyph *g, docfont **out, uint16_t *cid)
{
	int fi = gf_face_index(g->face);
	const gf_prefont *pf = p->pre_for[fi];
	if (pf && pre_cid(pf, g->cp, cid)) {
		*out = &p->pf[fi];
		return GF_OK;
	}
	docfont *d = &p->df[fi];
	d->face = g->face;
	*out = d;
	return df_cid(d, g->cp, g->gid, cid);
}

void gf_pdf_set_prefonts(gf_pdf *p, gf_prefont *const *pre, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int fi = gf_face_index(pre[i]->face);
		p->pre_for[fi] = pre[i];
		p->pf[fi].face = pre[i]->face;
		p->pf[fi].pre = pre[i];
	}
}

int gf_pdf_glyphs(gf_pdf *p, double x, double y, double size, const gf_glyph *g, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	gf_buf *b = &p->content;
	int rc;
	size_t i = 0;
	while (i < n && !g[i].face)
		i++;
	if (i == n)
		return GF_OK;
	if ((rc = gf_buf_puts(b, "BT ")) || (rc = put_num(b, x)) || (rc = put_num(b, y)) ||
	    (rc = gf_buf_puts(b, "Td\n")))
		return rc;
	const docfont *cur = NULL;
	int open = 0;
	for (; i < n; i++) {
		if (!g[i].face)
			continue;
		docfont *d;
		uint16_t cid;
		if ((rc = glyph_font(p, &g[i], &d, &cid)))
			return rc;
		if (d != cur) {
			if (open && (rc = gf_buf_puts(b, "> Tj\n")))
				return rc;
			if ((rc = df_select(p, d)))
				return rc;
			cur = d;
			if ((rc = gf_buf_printf(b, "/%s ", d->name)) || (rc = put_num(b, size)) ||
			    (rc = gf_buf_puts(b, "Tf\n<")))
				return rc;
			open = 1;
		}
		char h4[4] = {hex[cid >> 12], hex[(cid >> 8) & 15], hex[(cid >> 4) & 15], hex[cid & 15]};
		if ((rc = gf_buf_append(b, h4, 4)))
			return rc;
	}
	if (open && (rc = gf_buf_puts(b, "> Tj\n")))
		return rc;
	return gf_buf_puts(b, "ET\n");
}

/* ---- QR --------------------------------------------------------------- */

static const QRcode *qr_get(gf_pdf *p, const char *payload)
{
	if (p->qr && strcmp(p->qr_text, payload) == 0)
		return p->qr;
	if (p->qr)
		QRcode_free(p->qr);
	gf_free(p->qr_text);
	p->qr = NULL;
	p->qr_text = gf_strdup(payload);
	if (!p->qr_text)
		return NULL;
	p->qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	return p->qr;
}

int gf_pdf_qr_modules(gf_pdf *p, const char *payload)
{
	const QRcode *q = qr_get(p, payload);
	return q ? q->width : 0;
}

int gf_pdf_qr(gf_pdf *p, double x, double y, double module, const char *payload,
	      double *side_out, gf_error *err)
{
	const QRcode *q = qr_get(p, payload);
	if (!q)
		return gf_error_set(err, GF_EPDF, "QR encoding failed");
	int rc = GF_OK;
	int w = q->width;
	double top = y + w * module;
	for (int r = 0; r < w && !rc; r++) {
		for (int c = 0; c < w && !rc;) {
			if (!(q->data[r * w + c] & 1)) {
				c++;
				continue;
			}
			int s = c;
			while (c < w && (q->data[r * w + c] & 1))
				c++;
			if ((rc = put_num(&p->content, x + s * module)) ||
			    (rc = put_num(&p->content, top - (r + 1) * module)) ||
			    (rc = put_num(&p->content, (c - s) * module)) ||
			    (rc = put_num(&p->content, module)) || (rc = gf_buf_puts(&p->content, "re\n")))
				break;
		}
	}
	if (!rc)
		rc = gf_buf_puts(&p->content, "f\n");
	if (side_out)
		*side_out = w * module;
	if (rc)
		return gf_error_set(err, rc, "out of memory");
	return GF_OK;
}

/* ---- finishing: fonts ------------------------------------------------- */

static HPDF_Binary utf16_string(gf_pdf *p, const char *s)
{
	gf_buf b = GF_BUF_INIT(1 << 16);
	HPDF_Binary out = NULL;
	unsigned char bom[2] = {0xFE, 0xFF};
	if (gf_buf_append(&b, bom, 2))
		goto done;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
		unsigned char u[4];
		size_t ul = 2;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			u[0] = (unsigned char)(0xD8 | (v >> 18));
			u[1] = (unsigned char)(v >> 10);
			u[2] = (unsigned char)(0xDC | ((v >> 8) & 3));
			u[3] = (unsigned char)v;
			ul = 4;
		} else {
			u[0] = (unsigned char)(cp >> 8);
			u[1] = (unsigned char)cp;
		}
		if (gf_buf_append(&b, u, ul))
			goto done;
	}
	out = HPDF_Binary_New(p->doc->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
done:
	gf_buf_free(&b);
	return out;
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* A text string: literal when printable ASCII, else UTF-16BE with BOM. */
static void *text_string(gf_pdf *p, const char *s)
{
	if (is_ascii(s))
		return HPDF_String_New(p->doc->mmgr, s, NULL);
	return utf16_string(p, s);
}


/* A stream object holding data, deflated (flate) or as it is. Deflating is
 * done here in one call rather than by libharu at save time. */
static HPDF_Dict new_stream(gf_pdf *p, const void *data, size_t len, int flate)
{
	HPDF_Dict s = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
	if (!s)
		return NULL;
	s->filter = HPDF_STREAM_FILTER_NONE;
	if (!len)
		return s;
	if (!flate)
		return HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) == HPDF_OK
			       ? s
			       : NULL;
	unsigned char *z;
	size_t zlen;
	if (deflate_all(data, len, &z, &zlen))
		return NULL;
	HPDF_STATUS st = HPDF_Stream_Write(s->stream, z, (HPDF_UINT)zlen);
	gf_free(z);
	if (st != HPDF_OK)
		return NULL;
	s->write_fn = write_flate_key;
	return s;
}

static HPDF_Dict new_dict(gf_pdf *p, int indirect)
{
	HPDF_Dict d = HPDF_Dict_New(p->doc->mmgr);
	if (d && indirect && HPDF_Xref_Add(p->doc->xref, d) != HPDF_OK)
		return NULL;
	return d;
}

/* Six letters from the face and the characters: the same set, the same tag. */
static void subset_tag(const gf_face *face, const uint32_t *cps, size_t n, const char *salt,
		       char tag[7])
{
	gf_sha256 c;
	unsigned char h[32];
	gf_sha256_init(&c);
	gf_sha256_update(&c, gf_face_psname(face), strlen(gf_face_psname(face)));
	gf_sha256_update(&c, salt, strlen(salt));
	for (size_t i = 0; i < n; i++) {
		unsigned char b[4] = {(unsigned char)(cps[i] >> 24), (unsigned char)(cps[i] >> 16),
				      (unsigned char)(cps[i] >> 8), (unsigned char)cps[i]};
		gf_sha256_update(&c, b, 4);
	}
	gf_sha256_final(&c, h);
	for (int i = 0; i < 6; i++)
		tag[i] = (char)('A' + h[i] % 26);
	tag[6] = '\0';
}

/* A stream whose bytes are already deflated: libharu copies them, and the
 * dictionary says /Filter /FlateDecode through its write hook. */
static HPDF_STATUS HPDF_STDCALL write_flate_key(HPDF_Dict d, HPDF_Stream s)
{
	(void)d;
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

static HPDF_Dict deflated_stream(gf_pdf *p, const void *z, size_t zlen)
{
	HPDF_Dict s = new_stream(p, z, zlen, 0);
	if (s)
		s->write_fn = write_flate_key;
	return s;
}

/* The bytes of one font, raw (compress = 1) or deflated already. */
typedef struct font_bytes {
	const void *file, *tu, *set;
	size_t file_len, tu_len, set_len;
	size_t length1;
	int deflated;
	const uint16_t *advance;
	size_t n_w; /* widths for CIDs 0..n_w-1 */
	const char *base;
} font_bytes;

/* Free direct objects not yet added to anything (indirect ones belong to
 * the document's xref and are left alone by HPDF_Obj_Free). */
static void free_direct(HPDF_MMgr mm, void **objs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (objs[i])
			HPDF_Obj_Free(mm, objs[i]);
}

static int emit_font(gf_pdf *p, docfont *d, const font_bytes *fb, gf_error *err)
{
	HPDF_MMgr mm = p->doc->mmgr;
	HPDF_STATUS st = HPDF_OK;
	HPDF_Dict file = fb->deflated ? deflated_stream(p, fb->file, fb->file_len)
				      : new_stream(p, fb->file, fb->file_len, 1);
	HPDF_Dict cs = fb->deflated ? deflated_stream(p, fb->set, fb->set_len)
				    : new_stream(p, fb->set, fb->set_len, 1);
	HPDF_Dict tus = fb->deflated ? deflated_stream(p, fb->tu, fb->tu_len)
				     : new_stream(p, fb->tu, fb->tu_len, 1);
	HPDF_Dict fd = new_dict(p, 1), cid = new_dict(p, 1);
	if (!file || !cs || !tus || !fd || !cid)
		return hpdf_fail(p, err, "building a font");
	/* direct objects belong to no one until added: free them on failure */
	HPDF_Dict sysinfo = new_dict(p, 0);
	HPDF_Array bbox = HPDF_Array_New(mm), w = HPDF_Array_New(mm), wl = HPDF_Array_New(mm);
	HPDF_Array desc = HPDF_Array_New(mm);
	if (!sysinfo || !bbox || !w || !wl || !desc) {
		void *objs[] = {sysinfo, bbox, w, wl, desc};
		free_direct(mm, objs, sizeof objs / sizeof objs[0]);
		return hpdf_fail(p, err, "building a font");
	}
	st |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)fb->length1);

	gf_face_metrics m;
	gf_face_get_metrics(d->face, &m);
	for (int i = 0; i < 4; i++)
		st |= HPDF_Array_AddNumber(bbox, m.bbox[i]);
	st |= HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
	st |= HPDF_Dict_AddName(fd, "FontName", fb->base);
	st |= HPDF_Dict_AddNumber(fd, "Flags", 4 | (m.fixed_pitch ? 1 : 0));
	st |= HPDF_Dict_Add(fd, "FontBBox", bbox);
	st |= HPDF_Dict_AddNumber(fd, "ItalicAngle", m.italic_angle);
	st |= HPDF_Dict_AddNumber(fd, "Ascent", m.ascent);
	st |= HPDF_Dict_AddNumber(fd, "Descent", m.descent);
	st |= HPDF_Dict_AddNumber(fd, "CapHeight", m.cap_height);
	st |= HPDF_Dict_AddNumber(fd, "StemV", m.stem_v);
	st |= HPDF_Dict_Add(fd, "FontFile2", file);
	st |= HPDF_Dict_Add(fd, "CIDSet", cs);

	st |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	st |= HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	st |= HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);
	st |= HPDF_Array_AddNumber(w, 0);
	for (size_t i = 0; i < fb->n_w; i++)
		st |= HPDF_Array_AddNumber(wl, fb->advance[i]);
	st |= HPDF_Array_Add(w, wl);
	st |= HPDF_Dict_AddName(cid, "Type", "Font");
	st |= HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	st |= HPDF_Dict_AddName(cid, "BaseFont", fb->base);
	st |= HPDF_Dict_Add(cid, "CIDSystemInfo", sysinfo);
	st |= HPDF_Dict_Add(cid, "FontDescriptor", fd);
	st |= HPDF_Dict_AddNumber(cid, "DW", 1000);
	st |= HPDF_Dict_Add(cid, "W", w);
	st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");

	st |= HPDF_Array_Add(desc, cid);
	st |= HPDF_Dict_AddName(d->type0, "Type", "Font");
	st |= HPDF_Dict_AddName(d->type0, "Subtype", "Type0");
	st |= HPDF_Dict_AddName(d->type0, "BaseFont", fb->base);
	st |= HPDF_Dict_AddName(d->type0, "Encoding", "Identity-H");
	st |= HPDF_Dict_Add(d->type0, "DescendantFonts", desc);
	st |= HPDF_Dict_Add(d->type0, "ToUnicode", tus);
	if (st != HPDF_OK || p->hpdf_err)
		return hpdf_fail(p, err, "building a font");
	return GF_OK;
}

static unsigned char *cidset_bits(unsigned n_glyphs, size_t *len)
{
	*len = (n_glyphs + 7) / 8;
	unsigned char *set = gf_calloc(*len ? *len : 1, 1);
	if (set)
		for (unsigned i = 0; i < n_glyphs; i++)
			set[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	return set;
}

static int write_font(gf_pdf *p, docfont *d, gf_error *err)
{
	if (d->pre) {
		const gf_prefont *pf = d->pre;
		font_bytes fb = {pf->file_z, pf->tu_z, pf->set_z, pf->file_z_len, pf->tu_z_len,
				 pf->set_z_len, pf->file_len, 1, pf->advance, pf->n + 1, pf->base};
		return emit_font(p, d, &fb, err);
	}
	int rc;
	gf_subset sub;
	gf_buf tu = GF_BUF_INIT(CONTENT_MAX);
	unsigned char *set = NULL;
	size_t set_len;
	if ((rc = gf_font_subset(&sub, d->face, d->cps, d->gids, d->n, err)))
		return rc;
	char tag[7], base[128];
	subset_tag(d->face, d->cps, d->n, "", tag);
	snprintf(base, sizeof base, "%s+%s", tag, gf_face_psname(d->face));
	if ((rc = gf_tounicode_write(&tu, d->cps, d->n)) ||
	    !(set = cidset_bits(sub.n_glyphs, &set_len))) {
		rc = gf_error_set(err, rc ? rc : GF_ENOMEM, "out of memory");
	} else {
		font_bytes fb = {sub.data, tu.data, set, sub.len, tu.len, set_len, sub.len, 0,
				 sub.advance, d->n + 1, base};
		rc = emit_font(p, d, &fb, err);
	}
	gf_subset_free(&sub);
	gf_buf_free(&tu);
	gf_free(set);
	return rc;
}

/* ---- pre-built fonts -------------------------------------------------- */

static int deflate_all(const void *data, size_t len, unsigned char **out, size_t *out_len)
{
	uLongf cap = compressBound((uLong)len);
	unsigned char *z = gf_malloc(cap);
	if (!z)
		return GF_ENOMEM;
	if (compress2(z, &cap, data, (uLong)len, GF_PDF_ZLEVEL) != Z_OK) {
		gf_free(z);
		return GF_ENOMEM;
	}
	*out = z;
	*out_len = cap;
	return GF_OK;
}

int gf_prefont_build(gf_prefont **out, const gf_face *face, const uint32_t *cps,
		     const uint16_t *gids, size_t n, gf_error *err)
{
	*out = NULL;
	if (n > MAX_CIDS)
		return gf_error_set(err, GF_ELIMIT, "too many characters for a pre-built font");
	gf_prefont *pf = gf_calloc(1, sizeof *pf);
	gf_subset sub;
	memset(&sub, 0, sizeof sub);
	gf_buf tu = GF_BUF_INIT(CONTENT_MAX);
	unsigned char *set = NULL;
	size_t set_len;
	int rc = GF_OK;
	if (!pf)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	pf->face = face;
	pf->n = n;
	pf->hcap = 16;
	while (pf->hcap < 2 * n)
		pf->hcap *= 2;
	pf->cps = gf_malloc((n ? n : 1) * sizeof *pf->cps);
	pf->hkey = gf_calloc(pf->hcap, sizeof *pf->hkey);
	pf->hval = gf_calloc(pf->hcap, sizeof *pf->hval);
	if (!pf->cps || !pf->hkey || !pf->hval) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		pf->cps[i] = cps[i];
		size_t h = cp_hash(cps[i]) & (pf->hcap - 1);
		while (pf->hkey[h])
			h = (h + 1) & (pf->hcap - 1);
		pf->hkey[h] = cps[i] + 1;
		pf->hval[h] = (uint16_t)(i + 1);
	}
	if ((rc = gf_font_subset(&sub, face, cps, gids, n, err)))
		goto done;
	if ((rc = gf_tounicode_write(&tu, cps, n)) || !(set = cidset_bits(sub.n_glyphs, &set_len)) ||
	    (rc = deflate_all(sub.data, sub.len, &pf->file_z, &pf->file_z_len)) ||
	    (rc = deflate_all(tu.data, tu.len, &pf->tu_z, &pf->tu_z_len)) ||
	    (rc = deflate_all(set, set_len, &pf->set_z, &pf->set_z_len))) {
		rc = gf_error_set(err, rc ? rc : GF_ENOMEM, "out of memory");
		goto done;
	}
	pf->file_len = sub.len;
	pf->n_glyphs = sub.n_glyphs;
	pf->advance = sub.advance;
	sub.advance = NULL;
	char tag[7];
	subset_tag(face, cps, n, "pre", tag);
	snprintf(pf->base, sizeof pf->base, "%s+%s", tag, gf_face_psname(face));
done:
	gf_subset_free(&sub);
	gf_buf_free(&tu);
	gf_free(set);
	if (rc) {
		gf_prefont_free(pf);
		return rc;
	}
	*out = pf;
	return GF_OK;
}

void gf_prefont_free(gf_prefont *pf)
{
	if (!pf)
		return;
	gf_free(pf->cps);
	gf_free(pf->hkey);
	gf_free(pf->hval);
	gf_free(pf->file_z);
	gf_free(pf->tu_z);
	gf_free(pf->set_z);
	gf_free(pf->advance);
	gf_free(pf);
}

/* ---- finishing: metadata ---------------------------------------------- */

static void pdf_date(long long t, char out[64], char xmp[64])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || tm.tm_year < -1900 || tm.tm_year > 9999 - 1900) {
		tt = 0;
		gmtime_r(&tt, &tm);
	}
	snprintf(out, 64, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	snprintf(xmp, 64, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int xml_escaped(gf_buf *b, const char *s)
{
	int rc = GF_OK;
	for (; *s && !rc; s++) {
		switch (*s) {
		case '&': rc = gf_buf_puts(b, "&amp;"); break;
		case '<': rc = gf_buf_puts(b, "&lt;"); break;
		case '>': rc = gf_buf_puts(b, "&gt;"); break;
		case '"': rc = gf_buf_puts(b, "&quot;"); break;
		case '\'': rc = gf_buf_puts(b, "&apos;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
				rc = gf_buf_putc(b, ' ');
			else
				rc = gf_buf_putc(b, *s);
		}
	}
	return rc;
}

static int xmp_prop(gf_buf *b, const char *open, const char *val, const char *close)
{
	int rc;
	if (!val)
		return GF_OK;
	if ((rc = gf_buf_puts(b, open)) || (rc = xml_escaped(b, val)) || (rc = gf_buf_puts(b, close)))
		return rc;
	return GF_OK;
}

static int build_xmp(gf_buf *b, const gf_pdf_meta *m, const char *xdate)
{
	int rc = GF_OK;
	rc |= gf_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
			     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
			     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
			     "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
			     "<dc:format>application/pdf</dc:format>\n");
	rc |= xmp_prop(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", m->title,
		       "</rdf:li></rdf:Alt></dc:title>\n");
	rc |= xmp_prop(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", m->subject,
		       "</rdf:li></rdf:Alt></dc:description>\n");
	rc |= xmp_prop(b, "<dc:creator><rdf:Seq><rdf:li>", m->author,
		       "</rdf:li></rdf:Seq></dc:creator>\n");
	rc |= xmp_prop(b, "<dc:language><rdf:Bag><rdf:li>", m->lang,
		       "</rdf:li></rdf:Bag></dc:language>\n");
	rc |= gf_buf_puts(b, "</rdf:Description>\n"
			     "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	rc |= xmp_prop(b, "<pdf:Producer>", m->producer, "</pdf:Producer>\n");
	rc |= xmp_prop(b, "<pdf:Keywords>", m->keywords, "</pdf:Keywords>\n");
	rc |= gf_buf_puts(b, "</rdf:Description>\n"
			     "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	rc |= xmp_prop(b, "<xmp:CreatorTool>", m->creator, "</xmp:CreatorTool>\n");
	if (xdate) {
		rc |= xmp_prop(b, "<xmp:CreateDate>", xdate, "</xmp:CreateDate>\n");
		rc |= xmp_prop(b, "<xmp:ModifyDate>", xdate, "</xmp:ModifyDate>\n");
		rc |= xmp_prop(b, "<xmp:MetadataDate>", xdate, "</xmp:MetadataDate>\n");
	}
	rc |= gf_buf_puts(b, "</rdf:Description>\n"
			     "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
			     "<pdfaid:part>3</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
			     "</rdf:Description>\n"
			     "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	return rc ? GF_ENOMEM : GF_OK;
}

static int write_meta(gf_pdf *p, const gf_pdf_meta *m, gf_error *err)
{
	HPDF_MMgr mm = p->doc->mmgr;
	HPDF_STATUS st = HPDF_OK;
	char date[64], xdate[64];
	int have_date = m->date >= 0;
	if (have_date)
		pdf_date(m->date, date, xdate);
	gf_buf xmp = GF_BUF_INIT(1 << 20);
	gf_buf icc = GF_BUF_INIT(1 << 16);
	int rc = GF_OK;

	/* document information dictionary (created by libharu with its Producer) */
	if (HPDF_SetInfoAttr(p->doc, HPDF_INFO_PRODUCER, "govforms") != HPDF_OK || !p->doc->info)
		goto hfail;
	HPDF_Dict info = p->doc->info;
	struct {
		const char *key, *val;
	} kv[] = {{"Title", m->title},   {"Subject", m->subject},   {"Keywords", m->keywords},
		  {"Author", m->author}, {"Creator", m->creator}, {"Producer", m->producer}};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (kv[i].val)
			st |= HPDF_Dict_Add(info, kv[i].key, text_string(p, kv[i].val));
	if (have_date) {
		st |= HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(mm, date, NULL));
		st |= HPDF_Dict_Add(info, "ModDate", HPDF_String_New(mm, date, NULL));
	}

	/* XMP (unfiltered, as PDF/A wants) */
	if ((rc = build_xmp(&xmp, m, have_date ? xdate : NULL))) {
		gf_error_set(err, rc, "out of memory");
		goto cleanup;
	}
	HPDF_Dict meta = new_stream(p, xmp.data, xmp.len, 0);
	if (!meta)
		goto hfail;
	st |= HPDF_Dict_AddName(meta, "Type", "Metadata");
	st |= HPDF_Dict_AddName(meta, "Subtype", "XML");
	st |= HPDF_Dict_Add(p->doc->catalog, "Metadata", meta);

	/* output intent */
	if ((rc = gf_icc_srgb(&icc))) {
		gf_error_set(err, rc, "out of memory");
		goto cleanup;
	}
	HPDF_Dict prof = new_stream(p, icc.data, icc.len, 1);
	HPDF_Dict oi = new_dict(p, 1);
	if (!prof || !oi)
		goto hfail;
	HPDF_Array ois = HPDF_Array_New(mm);
	if (!ois)
		goto hfail;
	st |= HPDF_Dict_AddNumber(prof, "N", 3);
	st |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	st |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	st |= HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, "sRGB", NULL));
	st |= HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB primaries, gamma 2.2", NULL));
	st |= HPDF_Dict_Add(oi, "DestOutputProfile", prof);
	st |= HPDF_Array_Add(ois, oi);
	st |= HPDF_Dict_Add(p->doc->catalog, "OutputIntents", ois);

	if (m->lang)
		st |= HPDF_Dict_Add(p->doc->catalog, "Lang", HPDF_String_New(mm, m->lang, NULL));
	HPDF_Dict vp = new_dict(p, 0);
	if (!vp)
		goto hfail;
	st |= HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	st |= HPDF_Dict_Add(p->doc->catalog, "ViewerPreferences", vp);

	/* the attached record (PDF/A-3 associated file) */
	if (m->att_name) {
		HPDF_Dict ef = new_stream(p, m->att_data, m->att_len, 1), spec = new_dict(p, 1);
		if (!ef || !spec)
			goto hfail;
		HPDF_Dict params = new_dict(p, 0), efd = new_dict(p, 0);
		HPDF_Dict names = new_dict(p, 0), embedded = new_dict(p, 0);
		HPDF_Array nl = HPDF_Array_New(mm), af = HPDF_Array_New(mm);
		if (!params || !efd || !names || !embedded || !nl || !af) {
			void *objs[] = {params, efd, names, embedded, nl, af};
			free_direct(mm, objs, sizeof objs / sizeof objs[0]);
			goto hfail;
		}
		st |= HPDF_Dict_AddName(ef, "Type", "EmbeddedFile");
		if (m->att_mime)
			st |= HPDF_Dict_AddName(ef, "Subtype", m->att_mime);
		st |= HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)m->att_len);
		if (have_date)
			st |= HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, date, NULL));
		st |= HPDF_Dict_Add(ef, "Params", params);
		st |= HPDF_Dict_Add(efd, "F", ef);
		st |= HPDF_Dict_Add(efd, "UF", ef);
		st |= HPDF_Dict_AddName(spec, "Type", "Filespec");
		st |= HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, m->att_name, NULL));
		st |= HPDF_Dict_Add(spec, "UF", text_string(p, m->att_name));
		if (m->att_desc)
			st |= HPDF_Dict_Add(spec, "Desc", text_string(p, m->att_desc));
		st |= HPDF_Dict_Add(spec, "EF", efd);
		st |= HPDF_Dict_AddName(spec, "AFRelationship", "Data");
		st |= HPDF_Array_Add(nl, HPDF_String_New(mm, m->att_name, NULL));
		st |= HPDF_Array_Add(nl, spec);
		st |= HPDF_Dict_Add(embedded, "Names", nl);
		st |= HPDF_Dict_Add(names, "EmbeddedFiles", embedded);
		st |= HPDF_Dict_Add(p->doc->catalog, "Names", names);
		st |= HPDF_Array_Add(af, spec);
		st |= HPDF_Dict_Add(p->doc->catalog, "AF", af);
	}

	/* file identifier */
	HPDF_Array id = HPDF_Array_New(mm);
	if (!id)
		goto hfail;
	st |= HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)m->id, 16));
	st |= HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)m->id, 16));
	st |= HPDF_Dict_Add(p->doc->trailer, "ID", id);
	if (st != HPDF_OK || p->hpdf_err)
		goto hfail;
	goto cleanup;
hfail:
	rc = hpdf_fail(p, err, "writing metadata");
cleanup:
	gf_buf_free(&xmp);
	gf_buf_free(&icc);
	return rc;
}

int gf_pdf_finish(gf_pdf *p, const gf_pdf_meta *meta, unsigned char **out, size_t *len_out,
		  gf_error *err)
{
	*out = NULL;
	*len_out = 0;
	if (p->finished || !p->page)
		return gf_error_set(err, GF_EINVAL, "nothing to write");
	p->finished = 1;
	int rc = flush_page(p, err);
	if (rc)
		return rc;
	for (int i = 0; i < GF_FONT_MAX_FACES; i++) {
		if (p->pf[i].type0 && (rc = write_font(p, &p->pf[i], err)))
			return rc;
		if (p->df[i].type0 && (rc = write_font(p, &p->df[i], err)))
			return rc;
	}
	if ((rc = write_meta(p, meta, err)))
		return rc;
	p->doc->pdf_version = HPDF_VER_17;
	if (HPDF_SaveToStream(p->doc) != HPDF_OK)
		return hpdf_fail(p, err, "saving");
	HPDF_UINT32 size = HPDF_GetStreamSize(p->doc);
	unsigned char *buf = gf_malloc(size ? size : 1);
	if (!buf)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	HPDF_UINT32 got = 0;
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(p->doc, buf + got, &n);
		got += n;
		if (st != HPDF_OK || n == 0)
			break;
	}
	if (got != size) {
		gf_free(buf);
		return hpdf_fail(p, err, "reading the saved PDF");
	}
	*out = buf;
	*len_out = size;
	return GF_OK;
}

/* ---- ICC profile ------------------------------------------------------ */

static int s15(gf_buf *b, double v)
{
	unsigned char t[4];
	int32_t x = (int32_t)lround(v * 65536.0);
	t[0] = (unsigned char)((uint32_t)x >> 24);
	t[1] = (unsigned char)((uint32_t)x >> 16);
	t[2] = (unsigned char)((uint32_t)x >> 8);
	t[3] = (unsigned char)x;
	return gf_buf_append(b, t, 4);
}

static int u32(gf_buf *b, uint32_t v)
{
	unsigned char t[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	return gf_buf_append(b, t, 4);
}

static int u16(gf_buf *b, unsigned v)
{
	unsigned char t[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	return gf_buf_append(b, t, 2);
}

int gf_icc_srgb(gf_buf *out)
{
	static const char desc[] = "sRGB primaries, gamma 2.2 (govforms)";
	static const char cprt[] = "No copyright, use freely";
	gf_buf t = GF_BUF_INIT(1 << 16); /* tag data */
	int rc = 0;
	struct {
		const char *sig;
		size_t off, len;
	} tags[9];
	int nt = 0;
	size_t data0 = 128 + 4 + 9 * 12;
#define TAG_BEGIN(s)                                                                               \
	do {                                                                                       \
		tags[nt].sig = (s);                                                                \
		tags[nt].off = data0 + t.len;                                                      \
	} while (0)
#define TAG_END()                                                                                  \
	do {                                                                                       \
		tags[nt].len = data0 + t.len - tags[nt].off;                                       \
		while (t.len % 4)                                                                  \
			rc |= gf_buf_putc(&t, 0);                                                  \
		nt++;                                                                              \
	} while (0)

	TAG_BEGIN("desc");
	rc |= gf_buf_append(&t, "desc\0\0\0\0", 8);
	rc |= u32(&t, sizeof desc);
	rc |= gf_buf_append(&t, desc, sizeof desc);
	rc |= u32(&t, 0);
	rc |= u32(&t, 0);
	rc |= u16(&t, 0);
	rc |= gf_buf_putc(&t, 0);
	for (int i = 0; i < 67; i++)
		rc |= gf_buf_putc(&t, 0);
	TAG_END();
	TAG_BEGIN("cprt");
	rc |= gf_buf_append(&t, "text\0\0\0\0", 8);
	rc |= gf_buf_append(&t, cprt, sizeof cprt);
	TAG_END();
	static const double xyz[4][3] = {{0.9642, 1.0, 0.8249},
					 {0.4361, 0.2225, 0.0139},
					 {0.3851, 0.7169, 0.0971},
					 {0.1431, 0.0606, 0.7141}};
	static const char *xyz_sig[4] = {"wtpt", "rXYZ", "gXYZ", "bXYZ"};
	for (int k = 0; k < 4; k++) {
		TAG_BEGIN(xyz_sig[k]);
		rc |= gf_buf_append(&t, "XYZ \0\0\0\0", 8);
		for (int j = 0; j < 3; j++)
			rc |= s15(&t, xyz[k][j]);
		TAG_END();
	}
	TAG_BEGIN("rTRC");
	rc |= gf_buf_append(&t, "curv\0\0\0\0", 8);
	rc |= u32(&t, 1);
	rc |= u16(&t, 0x0233); /* 2.2 as u8Fixed8 */
	TAG_END();
	size_t trc_off = tags[nt - 1].off, trc_len = tags[nt - 1].len;
	tags[nt].sig = "gTRC";
	tags[nt].off = trc_off;
	tags[nt++].len = trc_len;
	tags[nt].sig = "bTRC";
	tags[nt].off = trc_off;
	tags[nt++].len = trc_len;
#undef TAG_BEGIN
#undef TAG_END
	size_t total = data0 + t.len;
	/* header */
	rc |= u32(out, (uint32_t)total);
	rc |= u32(out, 0);
	rc |= u32(out, 0x02100000);
	rc |= gf_buf_append(out, "mntrRGB XYZ ", 12);
	rc |= u16(out, 2000);
	rc |= u16(out, 1);
	rc |= u16(out, 1);
	rc |= u16(out, 0);
	rc |= u16(out, 0);
	rc |= u16(out, 0);
	rc |= gf_buf_append(out, "acsp", 4);
	for (int i = 0; i < 5; i++) /* platform, flags, manufacturer, model, attributes(1) */
		rc |= u32(out, 0);
	rc |= u32(out, 0); /* attributes (2) */
	rc |= u32(out, 0); /* rendering intent */
	rc |= s15(out, 0.9642);
	rc |= s15(out, 1.0);
	rc |= s15(out, 0.8249);
	rc |= u32(out, 0); /* creator */
	for (int i = 0; i < 44; i++)
		rc |= gf_buf_putc(out, 0);
	rc |= u32(out, (uint32_t)nt);
	for (int i = 0; i < nt; i++) {
		rc |= gf_buf_append(out, tags[i].sig, 4);
		rc |= u32(out, (uint32_t)tags[i].off);
		rc |= u32(out, (uint32_t)tags[i].len);
	}
	rc |= gf_buf_append(out, t.data, t.len);
	gf_buf_free(&t);
	return rc ? GF_ENOMEM : GF_OK;
}
