/* shape.c - glyph lookup through the chains, and CJK line-break classes. */
#include "sheet/shape.h"

#include "core/alloc.h"
#include "core/utf8.h"

#include <string.h>

static int push(gf_shaped *out, const gf_glyph *g)
{
	size_t max = out->max ? out->max : 1000000;
	if (out->n == max)
		return GF_ELIMIT;
	if (out->n == out->cap) {
		size_t nc = out->cap ? out->cap * 2 : 64;
		gf_glyph *p = gf_realloc(out->g, nc * sizeof *p);
		if (!p)
			return GF_ENOMEM;
		out->g = p;
		out->cap = nc;
	}
	out->g[out->n++] = *g;
	return GF_OK;
}

int gf_shape(gf_shaped *out, const gf_fonts *fs, int chain, const char *s, size_t len,
	     gf_error *err)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
		gf_glyph g = {0};
		if (cp == '\t')
			cp = ' ';
		if (cp == '\r')
			continue;
		if (cp == '\n') {
			g.src = g.cp = '\n';
			int rc = push(out, &g);
			if (rc)
				return gf_error_set(err, rc, "text too long");
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF || cp == 0x200B)
			continue;
		g.src = g.cp = cp;
		int rc = gf_fonts_find(fs, chain, cp, &g.face, &g.gid, err);
		if (rc == GF_ENOTFOUND) {
			g.missing = true;
			g.cp = 0xFFFD;
			rc = gf_fonts_find(fs, chain, 0xFFFD, &g.face, &g.gid, err);
			if (rc == GF_ENOTFOUND) {
				/* .notdef of the chain's first face */
				rc = gf_fonts_find(fs, chain, ' ', &g.face, &g.gid, err);
				g.gid = 0;
			}
		}
		if (rc)
			return rc == GF_ENOTFOUND
				       ? gf_error_set(err, GF_EFONT, "font chain %d is empty", chain)
				       : rc;
		g.adv = (uint16_t)gf_face_advance(g.face, g.gid);
		if ((rc = push(out, &g)))
			return gf_error_set(err, rc, rc == GF_ENOMEM ? "out of memory" : "text too long");
	}
	return GF_OK;
}

void gf_shaped_free(gf_shaped *sh)
{
	if (!sh)
		return;
	gf_free(sh->g);
	sh->g = NULL;
	sh->n = sh->cap = 0;
}

long gf_glyphs_width(const gf_glyph *g, size_t n)
{
	long w = 0;
	for (size_t i = 0; i < n; i++)
		w += g[i].adv;
	return w;
}

static bool in_list(uint32_t cp, const uint32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == cp)
			return true;
	return false;
}

bool gf_brk_closing(uint32_t cp)
{
	static const uint32_t l[] = {
		')', ']', '}', ',', '.', ':', ';', '!', '?', '%',
		0x00B0, 0x2019, 0x201D, 0x2030, 0x2032, 0x2033, 0x2103, 0x2026, 0x2025,
		0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015,
		0x3017, 0x3019, 0x301B, 0x301E, 0x301F, 0x303B, 0x30FC, 0x30FB, 0x309D,
		0x309E, 0x30FD, 0x30FE, 0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56,
		0xFE57, 0xFE5A, 0xFE5C, 0xFE5E, 0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E,
		0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60, 0xFF61, 0xFF63, 0xFF64,
		0x00BB};
	if (in_list(cp, l, sizeof l / sizeof l[0]))
		return true;
	/* small kana */
	static const uint32_t kana[] = {0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083,
					0x3085, 0x3087, 0x308E, 0x30A1, 0x30A3, 0x30A5, 0x30A7,
					0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5,
					0x30F6};
	return in_list(cp, kana, sizeof kana / sizeof kana[0]);
}

bool gf_brk_opening(uint32_t cp)
{
	static const uint32_t l[] = {'(', '[', '{', 0x00AB, 0x2018, 0x201C, 0x3008, 0x300A,
				     0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A,
				     0x301D, 0xFE59, 0xFE5B, 0xFE5D, 0xFF08, 0xFF3B, 0xFF5B,
				     0xFF5F, 0xFF62, 0xFFE5, '$', 0x00A3, 0x00A5, 0xFF04};
	return in_list(cp, l, sizeof l / sizeof l[0]);
}

bool gf_brk_ideographic(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF01 && cp <= 0xFF60) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
	       (cp >= 0x25A0 && cp <= 0x25FF) || cp == 0xFFFD || (cp >= 0xAC00 && cp <= 0xD7AF);
}

bool gf_brk_space(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A);
}

bool gf_brk_allowed(uint32_t a, uint32_t b)
{
	if (a == '\n' || b == '\n')
		return true;
	if (gf_brk_closing(b) || gf_brk_opening(a))
		return false;
	if (gf_brk_space(b))
		return false; /* a space stays at the end of the line it follows */
	if (gf_brk_space(a))
		return true;
	if (gf_brk_ideographic(a) || gf_brk_ideographic(b))
		return true;
	if (a == 0x2014 || a == 0x2013)
		return true;
	return false;
}
