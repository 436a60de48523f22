/* sfnt.c - table directory and glyph access for a mapped TrueType face. */
#include "sheet/sfnt.h"

#include "core/alloc.h"

#include <string.h>

#define TAG(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

int gf_sfnt_locate(gf_sfnt *sf, const unsigned char *file, size_t file_len, unsigned index,
		   gf_error *err, const char *path)
{
	size_t off = 0;
	if (file_len < 12)
		return gf_error_set(err, GF_EFONT, "%s: truncated", path);
	if (gf_be32(file) == TAG('t', 't', 'c', 'f')) {
		uint32_t n = gf_be32(file + 8);
		if (index >= n || 12 + 4 * (size_t)n > file_len)
			return gf_error_set(err, GF_EFONT, "%s: no face %u in collection", path, index);
		off = gf_be32(file + 12 + 4 * (size_t)index);
	} else if (index != 0) {
		return gf_error_set(err, GF_EFONT, "%s: face %u asked of a single-face file", path,
				    index);
	}
	if (off > file_len - 12)
		return gf_error_set(err, GF_EFONT, "%s: bad table directory", path);
	unsigned ntab = gf_be16(file + off + 4);
	if (off + 12 + 16 * (size_t)ntab > file_len)
		return gf_error_set(err, GF_EFONT, "%s: truncated table directory", path);
	for (unsigned i = 0; i < ntab; i++) {
		const unsigned char *r = file + off + 12 + 16 * (size_t)i;
		uint32_t tag = gf_be32(r), o = gf_be32(r + 8), l = gf_be32(r + 12);
		if ((size_t)o > file_len || (size_t)l > file_len - o)
			continue; /* a broken table we do not need stays unused */
		if (tag == TAG('l', 'o', 'c', 'a')) {
			sf->loca = file + o;
			sf->loca_len = l;
		} else if (tag == TAG('g', 'l', 'y', 'f')) {
			sf->glyf = file + o;
			sf->glyf_len = l;
		} else if (tag == TAG('h', 'm', 't', 'x')) {
			sf->hmtx = file + o;
			sf->hmtx_len = l;
		}
	}
	if (!sf->loca || !sf->glyf || !sf->hmtx)
		return gf_error_set(err, GF_EFONT, "%s: loca, glyf or hmtx missing", path);
	sf->upem = gf_be16(sf->head + 18);
	sf->loca_long = gf_be16(sf->head + 50) != 0;
	sf->num_glyphs = gf_be16(sf->maxp + 4);
	sf->n_hmetrics = gf_be16(sf->hhea + 34);
	if (sf->upem < 16 || sf->upem > 16384 || sf->num_glyphs == 0)
		return gf_error_set(err, GF_EFONT, "%s: bad head/maxp values", path);
	if (sf->loca_len < ((size_t)sf->num_glyphs + 1) * (sf->loca_long ? 4 : 2))
		return gf_error_set(err, GF_EFONT, "%s: loca too short", path);
	if (sf->n_hmetrics == 0 || sf->n_hmetrics > sf->num_glyphs ||
	    sf->hmtx_len < 4 * (size_t)sf->n_hmetrics)
		return gf_error_set(err, GF_EFONT, "%s: bad hmtx", path);
	return GF_OK;
}

void gf_sfnt_release(gf_sfnt *sf)
{
	gf_free(sf->head);
	gf_free(sf->hhea);
	gf_free(sf->maxp);
	gf_free(sf->os2);
	gf_free(sf->post);
	memset(sf, 0, sizeof *sf);
}

static size_t loca_at(const gf_sfnt *sf, unsigned i)
{
	return sf->loca_long ? gf_be32(sf->loca + 4 * (size_t)i)
			     : (size_t)gf_be16(sf->loca + 2 * (size_t)i) * 2;
}

int gf_sfnt_glyph(const gf_sfnt *sf, unsigned gid, const unsigned char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (gid >= sf->num_glyphs)
		return -1;
	size_t a = loca_at(sf, gid), b = loca_at(sf, gid + 1);
	if (a > b || b > sf->glyf_len)
		return -1;
	*data = sf->glyf + a;
	*len = b - a;
	return 0;
}

int gf_sfnt_advance(const gf_sfnt *sf, unsigned gid)
{
	unsigned i = gid < sf->n_hmetrics ? gid : sf->n_hmetrics - 1;
	return gf_be16(sf->hmtx + 4 * (size_t)i);
}

int gf_sfnt_lsb(const gf_sfnt *sf, unsigned gid)
{
	if (gid < sf->n_hmetrics)
		return (int16_t)gf_be16(sf->hmtx + 4 * (size_t)gid + 2);
	size_t o = 4 * (size_t)sf->n_hmetrics + 2 * (size_t)(gid - sf->n_hmetrics);
	if (o + 2 > sf->hmtx_len)
		return 0;
	return (int16_t)gf_be16(sf->hmtx + o);
}
