/* font.c - locating, opening and querying the faces of the font chains. */
#include "sheet/font.h"
#include "sheet/sfnt.h"

#include "core/alloc.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONT_FILE_MAX ((size_t)512 << 20) /* a font file larger than this is refused */
#define COV_PAGES 0x1100                  /* 256-code-point pages up to U+10FFFF */

enum { FACE_CLOSED = 0, FACE_OPEN = 1, FACE_BROKEN = -1 };

struct gf_face {
	int index;
	char *id;
	char *path;      /* located file, NULL when not found */
	int ttc_index;
	int required;
	_Atomic int state;

	/* valid once open */
	unsigned char *map;
	size_t map_len;
	char psname[64];
	gf_sfnt sf;
	uint16_t **cov; /* COV_PAGES pages of 256 glyph ids (0 = not covered) */
	gf_face_metrics metrics;
};

struct gf_fonts {
	FT_Library ft;
	pthread_mutex_t lock; /* serialises FreeType and face opening */
	gf_face faces[GF_FONT_MAX_FACES];
	int n_faces;
	struct {
		char name[32];
		int faces[GF_FONT_MAX_FACES];
		int n;
	} chains[GF_FONT_MAX_CHAINS];
	int n_chains;
};

/* ---- configuration ---------------------------------------------------- */

static char *xml_attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = gf_strdup((const char *)v);
	xmlFree(v);
	return s;
}

static int file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Locate `rel` (a path relative to a fonts root): in font_dir by base name,
 * then font_dir/rel; without font_dir under the system roots. */
static char *locate(const char *rel, const char *font_dir)
{
	char buf[4096];
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	if (rel[0] == '/')
		return file_exists(rel) ? gf_strdup(rel) : NULL;
	if (font_dir) {
		snprintf(buf, sizeof buf, "%s/%s", font_dir, base);
		if (file_exists(buf))
			return gf_strdup(buf);
		snprintf(buf, sizeof buf, "%s/%s", font_dir, rel);
		if (file_exists(buf))
			return gf_strdup(buf);
		return NULL;
	}
	static const char *roots[] = {"/usr/share/fonts", "/usr/local/share/fonts"};
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		snprintf(buf, sizeof buf, "%s/%s", roots[i], rel);
		if (file_exists(buf))
			return gf_strdup(buf);
	}
	return NULL;
}

static int cfg_error(gf_error *err, const char *path, xmlNode *n, const char *what)
{
	return gf_error_set(err, GF_ETEMPLATE, "%s:%ld: %s", path, n ? xmlGetLineNo(n) : 0L, what);
}

static int face_by_id(const gf_fonts *fs, const char *id)
{
	for (int i = 0; i < fs->n_faces; i++)
		if (strcmp(fs->faces[i].id, id) == 0)
			return i;
	return -1;
}

static int parse_config(gf_fonts *fs, const char *path, const char *font_dir, gf_error *err)
{
	int rc = GF_OK;
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return gf_error_set(err, GF_ETEMPLATE, "%s: not a readable XML file", path);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "fonts") != 0) {
		rc = cfg_error(err, path, root, "root element must be <fonts>");
		goto cleanup;
	}
	for (xmlNode *n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "face") == 0) {
			if (fs->n_faces == GF_FONT_MAX_FACES) {
				rc = cfg_error(err, path, n, "too many faces");
				goto cleanup;
			}
			gf_face *f = &fs->faces[fs->n_faces];
			char *rel = xml_attr(n, "path");
			char *idx = xml_attr(n, "index");
			char *req = xml_attr(n, "required");
			f->id = xml_attr(n, "id");
			f->index = fs->n_faces;
			char *end = NULL;
			long ti = idx ? strtol(idx, &end, 10) : 0;
			f->ttc_index = (idx && (*end || end == idx)) || ti < 0 || ti > 1000 ? -1 : (int)ti;
			f->required = req && strcmp(req, "true") == 0;
			if (!f->id || !rel || f->ttc_index < 0 || face_by_id(fs, f->id) >= 0) {
				gf_free(rel);
				gf_free(idx);
				gf_free(req);
				gf_free(f->id);
				f->id = NULL;
				rc = cfg_error(err, path, n,
					       "<face> needs a unique id and a path (index >= 0)");
				goto cleanup;
			}
			f->path = locate(rel, font_dir);
			fs->n_faces++;
			if (!f->path && f->required)
				rc = gf_error_set(err, GF_ENOTFOUND,
						  "font '%s' (%s) not found in %s", f->id, rel,
						  font_dir ? font_dir : "/usr/share/fonts");
			gf_free(rel);
			gf_free(idx);
			gf_free(req);
			if (rc)
				goto cleanup;
		} else if (strcmp((const char *)n->name, "chain") == 0) {
			if (fs->n_chains == GF_FONT_MAX_CHAINS) {
				rc = cfg_error(err, path, n, "too many chains");
				goto cleanup;
			}
			char *name = xml_attr(n, "name");
			char *list = xml_attr(n, "faces");
			if (!name || !list || strlen(name) >= sizeof fs->chains[0].name) {
				gf_free(name);
				gf_free(list);
				rc = cfg_error(err, path, n, "<chain> needs a name and faces");
				goto cleanup;
			}
			int c = fs->n_chains++;
			snprintf(fs->chains[c].name, sizeof fs->chains[c].name, "%s", name);
			for (char *tok = list; *tok;) {
				size_t tl = strcspn(tok, " \t\n,");
				char *next = tok + tl + (tok[tl] ? 1 : 0);
				tok[tl] = '\0';
				if (tl == 0) {
					tok = next;
					continue;
				}
				int fi = face_by_id(fs, tok);
				if (fi < 0) {
					char msg[160];
					snprintf(msg, sizeof msg, "chain '%s' names unknown face '%s'",
						 name, tok);
					gf_free(name);
					gf_free(list);
					rc = cfg_error(err, path, n, msg);
					goto cleanup;
				}
				if (fs->faces[fi].path && fs->chains[c].n < GF_FONT_MAX_FACES)
					fs->chains[c].faces[fs->chains[c].n++] = fi;
				tok = next;
			}
			gf_free(name);
			gf_free(list);
			if (fs->chains[c].n == 0) {
				rc = cfg_error(err, path, n, "chain has no face that was found");
				goto cleanup;
			}
		} else {
			rc = cfg_error(err, path, n, "unknown element (expected <face> or <chain>)");
			goto cleanup;
		}
	}
	if (fs->n_chains == 0)
		rc = cfg_error(err, path, root, "no <chain> defined");
cleanup:
	xmlFreeDoc(doc);
	return rc;
}

int gf_fonts_load(gf_fonts **out, const char *config_path, const char *font_dir,
		  gf_error *err)
{
	*out = NULL;
	gf_fonts *fs = gf_calloc(1, sizeof *fs);
	if (!fs)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (pthread_mutex_init(&fs->lock, NULL) != 0) {
		gf_free(fs);
		return gf_error_set(err, GF_ENOMEM, "cannot create a mutex");
	}
	if (FT_Init_FreeType(&fs->ft) != 0) {
		pthread_mutex_destroy(&fs->lock);
		gf_free(fs);
		return gf_error_set(err, GF_EFONT, "FreeType initialisation failed");
	}
	int rc = parse_config(fs, config_path, font_dir, err);
	if (rc) {
		gf_fonts_free(fs);
		return rc;
	}
	*out = fs;
	return GF_OK;
}

static void face_close(gf_face *f)
{
	if (f->cov) {
		for (size_t i = 0; i < COV_PAGES; i++)
			gf_free(f->cov[i]);
		gf_free(f->cov);
		f->cov = NULL;
	}
	gf_sfnt_release(&f->sf);
	if (f->map) {
		munmap(f->map, f->map_len);
		f->map = NULL;
	}
}

void gf_fonts_free(gf_fonts *fs)
{
	if (!fs)
		return;
	for (int i = 0; i < fs->n_faces; i++) {
		face_close(&fs->faces[i]);
		gf_free(fs->faces[i].id);
		gf_free(fs->faces[i].path);
	}
	if (fs->ft)
		FT_Done_FreeType(fs->ft);
	pthread_mutex_destroy(&fs->lock);
	gf_free(fs);
}

int gf_fonts_chain(const gf_fonts *fs, const char *name)
{
	for (int i = 0; i < fs->n_chains; i++)
		if (strcmp(fs->chains[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- opening a face --------------------------------------------------- */

/* A small table copied out by FreeType; at least `min` bytes. */
static int load_table(FT_Face face, FT_ULong tag, unsigned char **out, size_t *len_out, size_t min)
{
	FT_ULong len = 0;
	*out = NULL;
	*len_out = 0;
	if (FT_Load_Sfnt_Table(face, tag, 0, NULL, &len) != 0 || len < min || len > (1u << 20))
		return -1;
	unsigned char *b = gf_malloc(len);
	if (!b)
		return -2;
	if (FT_Load_Sfnt_Table(face, tag, 0, b, &len) != 0) {
		gf_free(b);
		return -1;
	}
	*out = b;
	*len_out = len;
	return 0;
}

static void sanitize_psname(char *dst, size_t cap, const char *src)
{
	size_t j = 0;
	for (size_t i = 0; src && src[i] && j + 1 < cap; i++) {
		char c = src[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-')
			dst[j++] = c;
	}
	dst[j] = '\0';
}

static int scale1000(int v, unsigned upem)
{
	long x = (long)v * 1000;
	return (int)(x >= 0 ? (x + upem / 2) / upem : -((-x + upem / 2) / upem));
}

/* Record glyph gid for code point cp in the face's coverage table. */
static int cov_set(gf_face *f, uint32_t cp, uint16_t gid)
{
	uint16_t **page = &f->cov[cp >> 8];
	if (!*page && !(*page = gf_calloc(256, sizeof **page)))
		return GF_ENOMEM;
	(*page)[cp & 255] = gid;
	return GF_OK;
}

/* Fill the coverage table from the face's Unicode cmap subtable (3,10 or
 * 0,4/0,6 format 12; else 3,1 or 0,3 format 4), bounds-checked. Returns 0,
 * GF_ENOMEM, or 1 when there is no such subtable or it does not parse (the
 * caller then asks FreeType). */
static int cov_from_cmap(FT_Face face, gf_face *f, unsigned num_glyphs)
{
	FT_ULong len = 0;
	if (FT_Load_Sfnt_Table(face, TTAG_cmap, 0, NULL, &len) != 0 || len < 4 || len > (64u << 20))
		return 1;
	unsigned char *t = gf_malloc(len);
	if (!t)
		return GF_ENOMEM;
	int rc = 1;
	if (FT_Load_Sfnt_Table(face, TTAG_cmap, 0, t, &len) != 0)
		goto done;
	unsigned n = gf_be16(t + 2);
	size_t best = 0;
	int best_fmt = 0;
	for (unsigned i = 0; i < n && 4 + 8 * (size_t)i + 8 <= len; i++) {
		const unsigned char *r = t + 4 + 8 * (size_t)i;
		unsigned pid = gf_be16(r), eid = gf_be16(r + 2);
		size_t off = gf_be32(r + 4);
		if (off + 2 > len)
			continue;
		unsigned fmt = gf_be16(t + off);
		bool uni = pid == 0 || (pid == 3 && (eid == 1 || eid == 10));
		if (!uni)
			continue;
		if (fmt == 12 && best_fmt != 12) {
			best = off;
			best_fmt = 12;
		} else if (fmt == 4 && !best_fmt) {
			best = off;
			best_fmt = 4;
		}
	}
	if (best_fmt == 12) {
		if (best + 16 > len)
			goto done;
		size_t groups = gf_be32(t + best + 12);
		if (groups > (len - best - 16) / 12)
			goto done;
		for (size_t g = 0; g < groups; g++) {
			const unsigned char *q = t + best + 16 + 12 * g;
			uint32_t a = gf_be32(q), b = gf_be32(q + 4), gid = gf_be32(q + 8);
			if (b < a || b >= 0x110000)
				goto done;
			for (uint32_t cp = a; cp <= b; cp++, gid++)
				if (gid && gid < num_glyphs && cov_set(f, cp, (uint16_t)gid)) {
					rc = GF_ENOMEM;
					goto done;
				}
		}
		rc = 0;
	} else if (best_fmt == 4) {
		if (best + 14 > len)
			goto done;
		size_t seg2 = gf_be16(t + best + 6);
		size_t ends = best + 14, starts = ends + seg2 + 2, deltas = starts + seg2,
		       ranges = deltas + seg2;
		if (seg2 % 2 || ranges + seg2 > len)
			goto done;
		for (size_t i = 0; i < seg2; i += 2) {
			unsigned end = gf_be16(t + ends + i), start = gf_be16(t + starts + i);
			unsigned delta = gf_be16(t + deltas + i), ro = gf_be16(t + ranges + i);
			if (start > end)
				continue;
			for (unsigned cp = start; cp <= end && cp != 0xFFFF; cp++) {
				unsigned gid;
				if (!ro) {
					gid = (cp + delta) & 0xFFFF;
				} else {
					size_t at = ranges + i + ro + 2 * (size_t)(cp - start);
					if (at + 2 > len)
						goto done;
					gid = gf_be16(t + at);
					if (gid)
						gid = (gid + delta) & 0xFFFF;
				}
				if (gid && gid < num_glyphs && cov_set(f, cp, (uint16_t)gid)) {
					rc = GF_ENOMEM;
					goto done;
				}
			}
		}
		rc = 0;
	}
done:
	gf_free(t);
	return rc;
}

static int face_open_locked(gf_fonts *fs, gf_face *f, gf_error *err)
{
	int rc = GF_OK;
	FT_Face face = NULL;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gf_error_set(err, GF_EFONT, "%s: %s", f->path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 12 || (size_t)st.st_size > FONT_FILE_MAX) {
		close(fd);
		return gf_error_set(err, GF_EFONT, "%s: not a usable font file", f->path);
	}
	f->map_len = (size_t)st.st_size;
	void *m = mmap(NULL, f->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		f->map = NULL;
		return gf_error_set(err, GF_EFONT, "%s: cannot map: %s", f->path, strerror(errno));
	}
	f->map = m;

	if (FT_New_Memory_Face(fs->ft, f->map, (FT_Long)f->map_len, f->ttc_index, &face) != 0) {
		rc = gf_error_set(err, GF_EFONT, "%s: FreeType cannot read face %d", f->path,
				  f->ttc_index);
		goto cleanup;
	}
	if (!FT_IS_SFNT(face)) {
		rc = gf_error_set(err, GF_EFONT, "%s: not an sfnt (TrueType) font", f->path);
		goto cleanup;
	}
	FT_ULong glen = 0;
	if (FT_Load_Sfnt_Table(face, TTAG_glyf, 0, NULL, &glen) != 0) {
		rc = gf_error_set(err, GF_EFONT,
				  "%s: no TrueType outlines (CFF/OpenType-PS faces are not supported)",
				  f->path);
		goto cleanup;
	}

	/* Small tables through FreeType; loca/glyf/hmtx are read in place. */
	gf_sfnt *sf = &f->sf;
	memset(sf, 0, sizeof *sf);
	size_t l;
	int e = 0;
	e |= load_table(face, TTAG_head, &sf->head, &sf->head_len, 54);
	e |= load_table(face, TTAG_hhea, &sf->hhea, &sf->hhea_len, 36);
	e |= load_table(face, TTAG_maxp, &sf->maxp, &sf->maxp_len, 6);
	if (e) {
		rc = gf_error_set(err, e == -2 ? GF_ENOMEM : GF_EFONT,
				  "%s: head/hhea/maxp missing or short", f->path);
		goto cleanup;
	}
	if (load_table(face, TTAG_OS2, &sf->os2, &sf->os2_len, 78) == -2 ||
	    load_table(face, TTAG_post, &sf->post, &l, 32) == -2) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (sf->os2) {
		uint16_t fstype = gf_be16(sf->os2 + 8);
		if ((fstype & 0x000F) == 0x0002) {
			rc = gf_error_set(err, GF_EFONT,
					  "%s: the font's licence forbids embedding (OS/2 fsType 2)",
					  f->path);
			goto cleanup;
		}
	}
	rc = gf_sfnt_locate(sf, f->map, f->map_len, (unsigned)f->ttc_index, err, f->path);
	if (rc)
		goto cleanup;

	/* Unicode coverage, read once through FreeType's cmap. */
	if (FT_Select_Charmap(face, FT_ENCODING_UNICODE) != 0) {
		rc = gf_error_set(err, GF_EFONT, "%s: no Unicode cmap", f->path);
		goto cleanup;
	}
	f->cov = gf_calloc(COV_PAGES, sizeof *f->cov);
	if (!f->cov) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* straight from the font's own cmap (format 12 or 4): an order of
	 * magnitude cheaper than walking it with FT_Get_Next_Char; a cmap we
	 * cannot read that way is walked through FreeType */
	int crc = cov_from_cmap(face, f, sf->num_glyphs);
	if (crc == GF_ENOMEM) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	FT_UInt gid;
	for (FT_ULong cp = crc == 0 ? 0 : FT_Get_First_Char(face, &gid); crc != 0 && gid != 0;
	     cp = FT_Get_Next_Char(face, cp, &gid)) {
		if (cp >= 0x110000 || gid >= sf->num_glyphs)
			continue;
		if (cov_set(f, (uint32_t)cp, (uint16_t)gid)) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			goto cleanup;
		}
	}

	sanitize_psname(f->psname, sizeof f->psname, FT_Get_Postscript_Name(face));
	if (!f->psname[0])
		sanitize_psname(f->psname, sizeof f->psname, f->id);

	gf_face_metrics *mt = &f->metrics;
	unsigned upem = sf->upem;
	mt->bbox[0] = scale1000((int16_t)gf_be16(sf->head + 36), upem);
	mt->bbox[1] = scale1000((int16_t)gf_be16(sf->head + 38), upem);
	mt->bbox[2] = scale1000((int16_t)gf_be16(sf->head + 40), upem);
	mt->bbox[3] = scale1000((int16_t)gf_be16(sf->head + 42), upem);
	mt->ascent = scale1000((int16_t)gf_be16(sf->hhea + 4), upem);
	mt->descent = scale1000((int16_t)gf_be16(sf->hhea + 6), upem);
	mt->cap_height = mt->ascent;
	if (sf->os2 && sf->os2_len >= 90 && gf_be16(sf->os2) >= 2)
		mt->cap_height = scale1000((int16_t)gf_be16(sf->os2 + 88), upem);
	if (mt->cap_height <= 0)
		mt->cap_height = mt->ascent;
	if (sf->post) {
		int32_t ia = (int32_t)gf_be32(sf->post + 4);
		mt->italic_angle = ia / 65536;
		mt->fixed_pitch = gf_be32(sf->post + 12) != 0;
	}
	int weight = sf->os2 ? gf_be16(sf->os2 + 4) : 400;
	mt->stem_v = 10 + (weight * weight) / 2000; /* a common estimate; 90 for 400 */
	if (mt->stem_v < 50)
		mt->stem_v = 50;

cleanup:
	if (face)
		FT_Done_Face(face);
	if (rc)
		face_close(f);
	return rc;
}

static int face_ensure(const gf_fonts *cfs, gf_face *f, gf_error *err)
{
	int st = atomic_load_explicit(&f->state, memory_order_acquire);
	if (st == FACE_OPEN)
		return GF_OK;
	gf_fonts *fs = (gf_fonts *)cfs; /* only the lock and the lazy fields change */
	pthread_mutex_lock(&fs->lock);
	int rc = GF_OK;
	st = atomic_load_explicit(&f->state, memory_order_relaxed);
	if (st == FACE_CLOSED) {
		gf_error local;
		gf_error_clear(&local);
		rc = face_open_locked(fs, f, &local);
		if (rc == GF_ENOMEM) {
			gf_error_set(err, rc, "%s", local.msg); /* may succeed later */
		} else {
			atomic_store_explicit(&f->state, rc ? FACE_BROKEN : FACE_OPEN,
					      memory_order_release);
			if (rc)
				gf_error_set(err, rc, "%s", local.msg);
		}
	} else if (st == FACE_BROKEN) {
		rc = gf_error_set(err, GF_EFONT, "font '%s' (%s) could not be opened", f->id,
				  f->path);
	}
	pthread_mutex_unlock(&fs->lock);
	return rc;
}

int gf_fonts_find(const gf_fonts *fs, int chain, uint32_t cp, const gf_face **face_out,
		  uint16_t *gid_out, gf_error *err)
{
	*face_out = NULL;
	*gid_out = 0;
	if (chain < 0 || chain >= fs->n_chains || cp >= 0x110000)
		return GF_ENOTFOUND;
	for (int i = 0; i < fs->chains[chain].n; i++) {
		gf_face *f = (gf_face *)&fs->faces[fs->chains[chain].faces[i]];
		if (!f->required && atomic_load_explicit(&f->state, memory_order_acquire) == FACE_BROKEN)
			continue; /* an optional face that cannot be read drops out */
		gf_error local;
		gf_error_clear(&local);
		int rc = face_ensure(fs, f, &local);
		if (rc && (f->required || rc == GF_ENOMEM))
			return gf_error_set(err, rc, "%s", local.msg);
		if (rc)
			continue;
		const uint16_t *page = f->cov[cp >> 8];
		if (page && page[cp & 255]) {
			*face_out = f;
			*gid_out = page[cp & 255];
			return GF_OK;
		}
	}
	return GF_ENOTFOUND;
}

int gf_fonts_open_all(const gf_fonts *fs, gf_error *err)
{
	for (int i = 0; i < fs->n_faces; i++) {
		gf_face *f = (gf_face *)&fs->faces[i];
		if (!f->path)
			continue;
		int rc = face_ensure(fs, f, err);
		if (rc)
			return rc;
	}
	return GF_OK;
}

const gf_face *gf_fonts_face(const gf_fonts *fs, const char *id, gf_error *err)
{
	int i = face_by_id(fs, id);
	if (i < 0 || !fs->faces[i].path)
		return NULL;
	gf_face *f = (gf_face *)&fs->faces[i];
	return face_ensure(fs, f, err) ? NULL : f;
}

int gf_face_index(const gf_face *f) { return f->index; }
const char *gf_face_id(const gf_face *f) { return f->id; }
const char *gf_face_path(const gf_face *f) { return f->path; }
const char *gf_face_psname(const gf_face *f) { return f->psname; }
unsigned gf_face_num_glyphs(const gf_face *f) { return f->sf.num_glyphs; }

int gf_face_advance(const gf_face *f, uint16_t gid)
{
	return scale1000(gf_sfnt_advance(&f->sf, gid), f->sf.upem);
}

void gf_face_get_metrics(const gf_face *f, gf_face_metrics *out)
{
	*out = f->metrics;
}

const gf_sfnt *gf_face_sfnt(const gf_face *f)
{
	return &f->sf;
}
