/* subset.c - TrueType subsetting: only the glyphs a document draws.
 *
 * The subset keeps glyf/loca/hmtx/hhea/maxp/head/cmap/post/name/OS/2. Glyph
 * instructions and the hinting tables are dropped (the PDF is printed and
 * rasterised at high resolution, where unhinted outlines are what viewers
 * draw anyway). Component ids of composite glyphs are read as unsigned
 * 16-bit and rewritten to the new dense ids.
 */
#include "sheet/font.h"
#include "sheet/sfnt.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

#define SUBSET_MAX_GLYPHS 65000
#define SUBSET_MAX_BYTES ((size_t)64 << 20)

enum {
	CF_ARGS_WORDS = 0x0001,
	CF_SCALE = 0x0008,
	CF_MORE = 0x0020,
	CF_XY_SCALE = 0x0040,
	CF_2X2 = 0x0080,
	CF_INSTRUCTIONS = 0x0100
};

typedef struct {
	const gf_sfnt *sf;
	uint16_t *new_to_old;
	size_t m, cap;
	uint32_t *old_to_new; /* new id + 1, 0 = not in the subset */
} closure;

static int closure_add(closure *c, uint16_t old, int map_it)
{
	if (c->m == SUBSET_MAX_GLYPHS)
		return GF_ELIMIT;
	if (c->m == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 256;
		uint16_t *p = gf_realloc(c->new_to_old, nc * sizeof *p);
		if (!p)
			return GF_ENOMEM;
		c->new_to_old = p;
		c->cap = nc;
	}
	if (map_it && !c->old_to_new[old])
		c->old_to_new[old] = (uint32_t)c->m + 1;
	c->new_to_old[c->m++] = old;
	return GF_OK;
}

/* Walk a composite glyph's components; calls back with each component id.
 * Returns the byte length of the component records, or 0 when malformed. */
static size_t composite_walk(const unsigned char *g, size_t len, int (*fn)(void *, uint16_t),
			     void *ctx, int *fn_rc)
{
	size_t p = 10;
	uint16_t flags;
	do {
		if (p + 4 > len)
			return 0;
		flags = gf_be16(g + p);
		uint16_t gid = gf_be16(g + p + 2);
		size_t argsz = (flags & CF_ARGS_WORDS) ? 4 : 2;
		size_t xf = (flags & CF_SCALE) ? 2 : (flags & CF_XY_SCALE) ? 4 : (flags & CF_2X2) ? 8 : 0;
		if (p + 4 + argsz + xf > len)
			return 0;
		if (fn) {
			int rc = fn(ctx, gid);
			if (rc) {
				*fn_rc = rc;
				return 0;
			}
		}
		p += 4 + argsz + xf;
	} while (flags & CF_MORE);
	return p;
}

static int add_component(void *ctx, uint16_t gid)
{
	closure *c = ctx;
	if (gid >= c->sf->num_glyphs)
		return GF_EUNREADABLE;
	if (c->old_to_new[gid])
		return GF_OK;
	return closure_add(c, gid, 1);
}

/* The glyph bytes to store for `old`: instructions removed, component ids
 * renumbered. Appends to out (4-byte aligned). A malformed glyph is stored
 * empty. */
static int emit_glyph(gf_buf *out, const closure *c, uint16_t old)
{
	const unsigned char *g;
	size_t len;
	if (gf_sfnt_glyph(c->sf, old, &g, &len) != 0 || len < 10)
		return GF_OK;
	int16_t nc = (int16_t)gf_be16(g);
	size_t start = out->len;
	int rc;
	if (nc >= 0) {
		size_t hdr = 10 + 2 * (size_t)nc;
		if (hdr + 2 > len)
			return GF_OK;
		size_t ilen = gf_be16(g + hdr);
		if (hdr + 2 + ilen > len)
			return GF_OK;
		unsigned char zero[2] = {0, 0};
		if ((rc = gf_buf_append(out, g, hdr)) || (rc = gf_buf_append(out, zero, 2)) ||
		    (rc = gf_buf_append(out, g + hdr + 2 + ilen, len - hdr - 2 - ilen)))
			return rc;
	} else {
		int dummy = 0;
		size_t end = composite_walk(g, len, NULL, NULL, &dummy);
		if (end == 0)
			return GF_OK;
		if ((rc = gf_buf_append(out, g, end)))
			return rc;
		unsigned char *o = (unsigned char *)out->data + start;
		size_t p = 10;
		uint16_t flags;
		do {
			flags = gf_be16(o + p);
			uint16_t gid = gf_be16(o + p + 2);
			uint32_t nw = gid < c->sf->num_glyphs ? c->old_to_new[gid] : 0;
			gf_put16(o + p, flags & ~CF_INSTRUCTIONS);
			gf_put16(o + p + 2, nw ? nw - 1 : 0);
			size_t argsz = (flags & CF_ARGS_WORDS) ? 4 : 2;
			size_t xf = (flags & CF_SCALE) ? 2 : (flags & CF_XY_SCALE) ? 4 : (flags & CF_2X2) ? 8 : 0;
			p += 4 + argsz + xf;
		} while (flags & CF_MORE);
	}
	static const unsigned char pad[3] = {0, 0, 0};
	size_t n = out->len - start;
	if (n & 3)
		return gf_buf_append(out, pad, 4 - (n & 3));
	return GF_OK;
}

typedef struct {
	uint32_t cp;
	uint16_t gid;
} cmap_pair;

static int pair_cmp(const void *a, const void *b)
{
	const cmap_pair *x = a, *y = b;
	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

static int put16(gf_buf *b, unsigned v)
{
	unsigned char t[2];
	gf_put16(t, v);
	return gf_buf_append(b, t, 2);
}

static int put32(gf_buf *b, uint32_t v)
{
	unsigned char t[4];
	gf_put32(t, v);
	return gf_buf_append(b, t, 4);
}

static void search_params(unsigned n, unsigned unit, unsigned *range, unsigned *sel,
			  unsigned *shift)
{
	unsigned p = 1, e = 0;
	while (p * 2 <= n) {
		p *= 2;
		e++;
	}
	*range = p * unit;
	*sel = e;
	*shift = n * unit - *range;
}

/* cmap with (3,1) format 4 for the BMP and (3,10) format 12 for all. */
static int build_cmap(gf_buf *out, cmap_pair *pairs, size_t n)
{
	int rc = GF_OK;
	qsort(pairs, n, sizeof *pairs, pair_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || pairs[k - 1].cp != pairs[i].cp)
			pairs[k++] = pairs[i];
	n = k;

	/* runs of consecutive code points with consecutive glyph ids */
	size_t bmp_runs = 0, all_runs = 0;
	for (size_t i = 0; i < n; i++) {
		int cont = i > 0 && pairs[i].cp == pairs[i - 1].cp + 1 &&
			   pairs[i].gid == pairs[i - 1].gid + 1;
		if (!cont) {
			all_runs++;
			if (pairs[i].cp <= 0xFFFF)
				bmp_runs++;
		} else if (pairs[i].cp == 0x10000) {
			all_runs++;
		}
	}
	size_t seg = bmp_runs + 1;
	int with4 = 16 + 8 * seg <= 65535;
	size_t len4 = with4 ? 16 + 8 * seg : 0;
	size_t len12 = 16 + 12 * all_runs;
	unsigned ntables = with4 ? 2 : 1;
	size_t off = 4 + 8 * (size_t)ntables;

	if ((rc = put16(out, 0)) || (rc = put16(out, ntables)))
		return rc;
	if (with4 && ((rc = put16(out, 3)) || (rc = put16(out, 1)) || (rc = put32(out, (uint32_t)off))))
		return rc;
	if ((rc = put16(out, 3)) || (rc = put16(out, 10)) ||
	    (rc = put32(out, (uint32_t)(off + len4))))
		return rc;

	if (with4) {
		unsigned range, sel, shift;
		search_params((unsigned)seg, 2, &range, &sel, &shift);
		if ((rc = put16(out, 4)) || (rc = put16(out, (unsigned)len4)) || (rc = put16(out, 0)) ||
		    (rc = put16(out, (unsigned)seg * 2)) || (rc = put16(out, range)) ||
		    (rc = put16(out, sel)) || (rc = put16(out, shift)))
			return rc;
		/* endCode, pad, startCode, idDelta, idRangeOffset */
		for (int pass = 0; pass < 4; pass++) {
			for (size_t i = 0; i < n && pairs[i].cp <= 0xFFFF;) {
				size_t j = i;
				while (j + 1 < n && pairs[j + 1].cp <= 0xFFFF &&
				       pairs[j + 1].cp == pairs[j].cp + 1 &&
				       pairs[j + 1].gid == pairs[j].gid + 1)
					j++;
				unsigned v = pass == 0   ? pairs[j].cp
					     : pass == 1 ? pairs[i].cp
					     : pass == 2 ? (unsigned)((pairs[i].gid - pairs[i].cp) & 0xFFFF)
							 : 0;
				if ((rc = put16(out, v)))
					return rc;
				i = j + 1;
			}
			unsigned last = pass == 0 ? 0xFFFF : pass == 1 ? 0xFFFF : pass == 2 ? 1 : 0;
			if ((rc = put16(out, last)))
				return rc;
			if (pass == 0 && (rc = put16(out, 0)))
				return rc;
		}
	}

	if ((rc = put16(out, 12)) || (rc = put16(out, 0)) || (rc = put32(out, (uint32_t)len12)) ||
	    (rc = put32(out, 0)) || (rc = put32(out, (uint32_t)all_runs)))
		return rc;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && pairs[j + 1].cp == pairs[j].cp + 1 &&
		       pairs[j + 1].gid == pairs[j].gid + 1 && pairs[j + 1].cp != 0x10000)
			j++;
		if ((rc = put32(out, pairs[i].cp)) || (rc = put32(out, pairs[j].cp)) ||
		    (rc = put32(out, pairs[i].gid)))
			return rc;
		i = j + 1;
	}
	return GF_OK;
}

static int build_name(gf_buf *out, const char *family, const char *psname)
{
	static const unsigned ids[] = {1, 2, 4, 6};
	const char *vals[4] = {family, "Regular", family, psname};
	int rc;
	if ((rc = put16(out, 0)) || (rc = put16(out, 4)) || (rc = put16(out, 6 + 12 * 4)))
		return rc;
	size_t off = 0;
	for (int i = 0; i < 4; i++) {
		size_t l = 2 * strlen(vals[i]);
		if ((rc = put16(out, 3)) || (rc = put16(out, 1)) || (rc = put16(out, 0x409)) ||
		    (rc = put16(out, ids[i])) || (rc = put16(out, (unsigned)l)) ||
		    (rc = put16(out, (unsigned)off)))
			return rc;
		off += l;
	}
	for (int i = 0; i < 4; i++)
		for (const char *s = vals[i]; *s; s++)
			if ((rc = put16(out, (unsigned char)*s < 0x80 ? (unsigned char)*s : '?')))
				return rc;
	return GF_OK;
}

typedef struct {
	uint32_t tag;
	gf_buf b;
} table;

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t s = 0;
	size_t i = 0;
	for (; i + 4 <= len; i += 4)
		s += gf_be32(p + i);
	if (i < len) {
		unsigned char t[4] = {0, 0, 0, 0};
		memcpy(t, p + i, len - i);
		s += gf_be32(t);
	}
	return s;
}

#define TAG(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

int gf_font_subset(gf_subset *out, const gf_face *f, const uint32_t *cps,
		   const uint16_t *gids, size_t n, gf_error *err)
{
	memset(out, 0, sizeof *out);
	const gf_sfnt *sf = gf_face_sfnt(f);
	int rc = GF_OK;
	closure c = {sf, NULL, 0, 0, NULL};
	cmap_pair *pairs = NULL;
	enum { T_OS2, T_CMAP, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_NAME, T_POST, T_N };
	table t[T_N];
	static const uint32_t tags[T_N] = {
		TAG('O', 'S', '/', '2'), TAG('c', 'm', 'a', 'p'), TAG('g', 'l', 'y', 'f'),
		TAG('h', 'e', 'a', 'd'), TAG('h', 'h', 'e', 'a'), TAG('h', 'm', 't', 'x'),
		TAG('l', 'o', 'c', 'a'), TAG('m', 'a', 'x', 'p'), TAG('n', 'a', 'm', 'e'),
		TAG('p', 'o', 's', 't')};
	for (int i = 0; i < T_N; i++) {
		t[i].tag = tags[i];
		gf_buf_init(&t[i].b, SUBSET_MAX_BYTES);
	}
	gf_buf font = GF_BUF_INIT(SUBSET_MAX_BYTES);

	if (n + 1 > SUBSET_MAX_GLYPHS) {
		rc = gf_error_set(err, GF_ELIMIT, "too many distinct characters for one font (%zu)", n);
		goto cleanup;
	}
	c.old_to_new = gf_calloc(sf->num_glyphs, sizeof *c.old_to_new);
	if (!c.old_to_new)
		goto nomem;
	if ((rc = closure_add(&c, 0, 1)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (gids[i] >= sf->num_glyphs) {
			rc = gf_error_set(err, GF_EINVAL, "glyph %u not in font %s", gids[i],
					  gf_face_id(f));
			goto cleanup;
		}
		if ((rc = closure_add(&c, gids[i], 1)))
			goto fail;
	}
	/* composite closure: the list grows while it is walked */
	for (size_t j = 0; j < c.m; j++) {
		const unsigned char *g;
		size_t len;
		if (gf_sfnt_glyph(sf, c.new_to_old[j], &g, &len) != 0 || len < 10 ||
		    (int16_t)gf_be16(g) >= 0)
			continue;
		int frc = 0;
		composite_walk(g, len, add_component, &c, &frc);
		if (frc == GF_ENOMEM || frc == GF_ELIMIT) {
			rc = frc;
			goto fail;
		}
	}

	/* glyf + loca */
	gf_buf *glyf = &t[T_GLYF].b, *loca = &t[T_LOCA].b;
	for (size_t j = 0; j < c.m; j++) {
		if ((rc = put32(loca, (uint32_t)glyf->len)) || (rc = emit_glyph(glyf, &c, c.new_to_old[j])))
			goto fail;
	}
	if ((rc = put32(loca, (uint32_t)glyf->len)))
		goto fail;
	if (glyf->len == 0 && (rc = put32(glyf, 0))) /* never an empty table */
		goto fail;

	/* hmtx, and the advances the PDF needs */
	out->advance = gf_malloc(c.m * sizeof *out->advance);
	if (!out->advance)
		goto nomem;
	for (size_t j = 0; j < c.m; j++) {
		int adv = gf_sfnt_advance(sf, c.new_to_old[j]);
		if ((rc = put16(&t[T_HMTX].b, (unsigned)adv)) ||
		    (rc = put16(&t[T_HMTX].b, (unsigned)(gf_sfnt_lsb(sf, c.new_to_old[j]) & 0xFFFF))))
			goto fail;
		out->advance[j] = (uint16_t)gf_face_advance(f, c.new_to_old[j]);
	}

	/* head, hhea, maxp, OS/2, post, name */
	if ((rc = gf_buf_append(&t[T_HEAD].b, sf->head, 54)))
		goto fail;
	gf_put32((unsigned char *)t[T_HEAD].b.data + 8, 0);
	gf_put16((unsigned char *)t[T_HEAD].b.data + 50, 1);
	if ((rc = gf_buf_append(&t[T_HHEA].b, sf->hhea, 36)))
		goto fail;
	gf_put16((unsigned char *)t[T_HHEA].b.data + 34, (unsigned)c.m);
	size_t maxp_len = sf->maxp_len >= 32 ? 32 : 6;
	if ((rc = gf_buf_append(&t[T_MAXP].b, sf->maxp, maxp_len)))
		goto fail;
	gf_put16((unsigned char *)t[T_MAXP].b.data + 4, (unsigned)c.m);
	if (maxp_len == 32)
		gf_put16((unsigned char *)t[T_MAXP].b.data + 26, 0);
	if (sf->os2 && (rc = gf_buf_append(&t[T_OS2].b, sf->os2, sf->os2_len)))
		goto fail;
	{
		unsigned char post[32];
		memset(post, 0, sizeof post);
		gf_put32(post, 0x00030000);
		if (sf->post)
			memcpy(post + 4, sf->post + 4, 12); /* italicAngle, underline, isFixedPitch */
		if ((rc = gf_buf_append(&t[T_POST].b, post, sizeof post)))
			goto fail;
	}
	if ((rc = build_name(&t[T_NAME].b, gf_face_psname(f), gf_face_psname(f))))
		goto fail;

	/* cmap */
	pairs = gf_malloc((n ? n : 1) * sizeof *pairs);
	if (!pairs)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		pairs[i].cp = cps[i];
		pairs[i].gid = (uint16_t)(i + 1);
	}
	if ((rc = build_cmap(&t[T_CMAP].b, pairs, n)))
		goto fail;

	/* the file: directory, then the tables 4-byte aligned */
	int ntab = 0;
	for (int i = 0; i < T_N; i++)
		if (t[i].b.len)
			ntab++;
	unsigned range, sel, shift;
	search_params((unsigned)ntab, 16, &range, &sel, &shift);
	if ((rc = put32(&font, 0x00010000)) || (rc = put16(&font, (unsigned)ntab)) ||
	    (rc = put16(&font, range)) || (rc = put16(&font, sel)) || (rc = put16(&font, shift)))
		goto fail;
	size_t off = 12 + 16 * (size_t)ntab;
	for (int i = 0; i < T_N; i++) {
		if (!t[i].b.len)
			continue;
		if ((rc = put32(&font, t[i].tag)) ||
		    (rc = put32(&font, checksum((unsigned char *)t[i].b.data, t[i].b.len))) ||
		    (rc = put32(&font, (uint32_t)off)) || (rc = put32(&font, (uint32_t)t[i].b.len)))
			goto fail;
		off += (t[i].b.len + 3) & ~(size_t)3;
	}
	size_t head_off = 0;
	for (int i = 0; i < T_N; i++) {
		if (!t[i].b.len)
			continue;
		if (i == T_HEAD)
			head_off = font.len;
		static const unsigned char pad[3] = {0, 0, 0};
		if ((rc = gf_buf_append(&font, t[i].b.data, t[i].b.len)) ||
		    ((t[i].b.len & 3) && (rc = gf_buf_append(&font, pad, 4 - (t[i].b.len & 3)))))
			goto fail;
	}
	gf_put32((unsigned char *)font.data + head_off + 8,
		 0xB1B0AFBAu - checksum((unsigned char *)font.data, font.len));

	out->n_glyphs = (unsigned)c.m;
	out->data = (unsigned char *)gf_buf_detach(&font, &out->len);
	if (!out->data)
		goto nomem;
	goto cleanup;

nomem:
	rc = GF_ENOMEM;
fail:
	if (rc == GF_ENOMEM)
		gf_error_set(err, rc, "out of memory");
	else
		gf_error_set(err, rc, "subsetting %s failed", gf_face_id(f));
cleanup:
	for (int i = 0; i < T_N; i++)
		gf_buf_free(&t[i].b);
	gf_buf_free(&font);
	gf_free(pairs);
	gf_free(c.new_to_old);
	gf_free(c.old_to_new);
	if (rc) {
		gf_free(out->advance);
		out->advance = NULL;
	}
	return rc;
}

void gf_subset_free(gf_subset *s)
{
	if (!s)
		return;
	gf_free(s->data);
	gf_free(s->advance);
	memset(s, 0, sizeof *s);
}
