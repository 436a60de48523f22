/* Fonts: chain lookup, TrueType subsetting checked by FreeType, ToUnicode. */
#include "support.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "sheet/font.h"
#include "sheet/sfnt.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static gf_fonts *load_default(void)
{
	gf_error err;
	gf_error_clear(&err);
	gf_fonts *fs = NULL;
	int rc = gf_fonts_load(&fs, gf_test_src("templates/sheets/fonts.xml"), NULL, &err);
	if (rc)
		fail_msg("fonts: %s", err.msg);
	return fs;
}

static void test_chain_lookup(void **state)
{
	(void)state;
	gf_fonts *fs = load_default();
	gf_error err;
	gf_error_clear(&err);
	int song = gf_fonts_chain(fs, "song"), hei = gf_fonts_chain(fs, "hei");
	assert_true(song >= 0 && hei >= 0);
	assert_int_equal(gf_fonts_chain(fs, "nope"), -1);
	const gf_face *f;
	uint16_t gid;
	assert_int_equal(gf_fonts_find(fs, song, 0x6DEE /* 淮 */, &f, &gid, &err), 0);
	assert_string_equal(gf_face_id(f), "uming");
	assert_true(gid > 0);
	assert_int_equal(gf_fonts_find(fs, hei, 0x6DEE, &f, &gid, &err), 0);
	assert_string_equal(gf_face_id(f), "zenhei");
	/* boxes come from the symbol face */
	assert_int_equal(gf_fonts_find(fs, song, 0x2611, &f, &gid, &err), 0);
	assert_string_equal(gf_face_id(f), "dejavu");
	assert_int_equal(gf_fonts_find(fs, song, 0x2610, &f, &gid, &err), 0);
	/* Extension A and B */
	assert_int_equal(gf_fonts_find(fs, song, 0x4DAE, &f, &gid, &err), 0);
	assert_int_equal(gf_fonts_find(fs, song, 0x20BB7, &f, &gid, &err), 0);
	assert_true(strncmp(gf_face_id(f), "hanamin", 7) == 0 || strcmp(gf_face_id(f), "babelstone") == 0);
	assert_true(gid > 0);
	/* a private-use character nobody has */
	assert_int_equal(gf_fonts_find(fs, song, 0x10FFFD, &f, &gid, &err), GF_ENOTFOUND);
	assert_null(f);
	assert_int_equal(gf_fonts_find(fs, song, 0x110000, &f, &gid, &err), GF_ENOTFOUND);
	gf_fonts_free(fs);
}

/* Chars of `face` whose glyphs are composites with a component id >= 32768
 * (what a signed 16-bit reader gets wrong), then some plain ones. */
static size_t pick_chars(const char *path, int index, uint32_t *cps, size_t max, size_t *n_high)
{
	FT_Library lib;
	FT_Face f;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	assert_int_equal(FT_New_Face(lib, path, index, &f), 0);
	size_t n = 0;
	*n_high = 0;
	FT_UInt gid;
	for (FT_ULong cp = FT_Get_First_Char(f, &gid); gid && n < max / 2;
	     cp = FT_Get_Next_Char(f, cp, &gid)) {
		if (cp < 0x4E00 || FT_Load_Glyph(f, gid, FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE))
			continue;
		if (f->glyph->format != FT_GLYPH_FORMAT_COMPOSITE)
			continue;
		for (FT_UInt k = 0; k < f->glyph->num_subglyphs; k++) {
			FT_Int idx;
			FT_UInt fl;
			FT_Int a1, a2;
			FT_Matrix m;
			FT_Get_SubGlyph_Info(f->glyph, k, &idx, &fl, &a1, &a2, &m);
			if (idx >= 32768) {
				cps[n++] = (uint32_t)cp;
				(*n_high)++;
				break;
			}
		}
	}
	static const char plain[] = "淮北市政务云资源开通确认单ABCxyz0123（）：，。";
	for (size_t i = 0; plain[i] && n < max;) {
		uint32_t cp;
		unsigned char c = (unsigned char)plain[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		cp = k == 1 ? c : k == 2 ? (c & 0x1F) : k == 3 ? (c & 0x0F) : (c & 0x07);
		for (size_t j = 1; j < k; j++)
			cp = (cp << 6) | ((unsigned char)plain[i + j] & 0x3F);
		if (FT_Get_Char_Index(f, cp))
			cps[n++] = cp;
		i += k;
	}
	FT_Done_Face(f);
	FT_Done_FreeType(lib);
	return n;
}

/* Subset `face_id`, reopen with FreeType: every code point maps to glyph
 * i+1 with the outline (points, contours) and advance of the original. */
static void check_subset(gf_fonts *fs, const char *face_id, int need_high)
{
	gf_error err;
	gf_error_clear(&err);
	const gf_face *face = gf_fonts_face(fs, face_id, &err);
	if (!face) {
		if (!need_high)
			skip();
		fail_msg("face %s: %s", face_id, err.msg);
	}
	uint32_t cps[400];
	uint16_t gids[400];
	size_t high;
	size_t n = pick_chars(gf_face_path(face), 0, cps, 400, &high);
	if (need_high)
		assert_true(high >= 100);
	int chain = gf_fonts_chain(fs, face_id);
	for (size_t i = 0; i < n; i++) {
		const gf_face *f2;
		assert_int_equal(gf_fonts_find(fs, chain, cps[i], &f2, &gids[i], &err), 0);
		assert_ptr_equal(f2, face);
	}
	gf_subset sub;
	assert_int_equal(gf_font_subset(&sub, face, cps, gids, n, &err), 0);
	assert_true(sub.n_glyphs >= n + 1);
	/* far smaller than the face */
	struct stat st;
	assert_int_equal(stat(gf_face_path(face), &st), 0);
	assert_true(sub.len < (size_t)st.st_size / 10);

	FT_Library lib;
	FT_Face orig, sf;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	assert_int_equal(FT_New_Face(lib, gf_face_path(face), 0, &orig), 0);
	assert_int_equal(FT_New_Memory_Face(lib, sub.data, (FT_Long)sub.len, 0, &sf), 0);
	assert_int_equal(sf->num_glyphs, (FT_Long)sub.n_glyphs);
	for (size_t i = 0; i < n; i++) {
		FT_UInt g = FT_Get_Char_Index(sf, cps[i]);
		assert_int_equal(g, i + 1);
		assert_int_equal(FT_Load_Glyph(orig, gids[i], FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
		short pts = orig->glyph->outline.n_points, cts = orig->glyph->outline.n_contours;
		FT_Pos adv = orig->glyph->advance.x;
		assert_int_equal(FT_Load_Glyph(sf, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
		if (sf->glyph->outline.n_points != pts || sf->glyph->outline.n_contours != cts)
			fail_msg("U+%04X: %d/%d points, %d/%d contours", (unsigned)cps[i],
				 sf->glyph->outline.n_points, pts, sf->glyph->outline.n_contours, cts);
		assert_int_equal(sf->glyph->advance.x, adv);
		assert_int_equal(sub.advance[i + 1], gf_face_advance(face, gids[i]));
	}
	FT_Done_Face(sf);
	FT_Done_Face(orig);
	FT_Done_FreeType(lib);

	/* checksums: every table's, and the whole file's */
	const unsigned char *d = sub.data;
	unsigned ntab = gf_be16(d + 4);
	uint32_t total = 0;
	for (size_t i = 0; i + 4 <= sub.len; i += 4)
		total += gf_be32(d + i);
	assert_int_equal(total, 0xB1B0AFBAu);
	for (unsigned t = 0; t < ntab; t++) {
		const unsigned char *r = d + 12 + 16 * t;
		uint32_t off = gf_be32(r + 8), len = gf_be32(r + 12), sum = 0;
		assert_true(off % 4 == 0 && off + len <= sub.len);
		for (uint32_t i = 0; i < len; i += 4) {
			unsigned char b[4] = {0, 0, 0, 0};
			memcpy(b, d + off + i, len - i < 4 ? len - i : 4);
			sum += gf_be32(b);
		}
		if (memcmp(r, "head", 4) == 0)
			sum -= gf_be32(d + off + 8);
		assert_int_equal(sum, gf_be32(r + 4));
	}
	gf_subset_free(&sub);
}

static gf_fonts *load_test_fonts(void)
{
	gf_error err;
	gf_error_clear(&err);
	gf_fonts *fs = NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/fonts/composite.xml", GF_TEST_DATA);
	if (gf_fonts_load(&fs, path, NULL, &err))
		fail_msg("fonts: %s", err.msg);
	return fs;
}

static void test_subset_zenhei(void **state)
{
	(void)state;
	gf_fonts *fs = load_test_fonts();
	check_subset(fs, "zenhei", 1);
	gf_fonts_free(fs);
}

static void test_subset_droid(void **state)
{
	(void)state;
	gf_fonts *fs = load_test_fonts();
	gf_error err;
	gf_error_clear(&err);
	if (!gf_fonts_face(fs, "droid", &err)) {
		gf_fonts_free(fs);
		skip(); /* fonts-droid-fallback not installed */
	}
	check_subset(fs, "droid", 1);
	gf_fonts_free(fs);
}

static void test_subset_uming_and_duplicates(void **state)
{
	(void)state;
	gf_fonts *fs = load_default();
	gf_error err;
	gf_error_clear(&err);
	const gf_face *f = gf_fonts_face(fs, "uming", &err);
	assert_non_null(f);
	int song = gf_fonts_chain(fs, "song");
	uint32_t cps[3] = {0x4E00, 0x4E01, 0x3000};
	uint16_t gids[3];
	const gf_face *g;
	for (int i = 0; i < 2; i++)
		assert_int_equal(gf_fonts_find(fs, song, cps[i], &g, &gids[i], &err), 0);
	gids[2] = gids[0]; /* the same glyph for two characters */
	gf_subset sub;
	assert_int_equal(gf_font_subset(&sub, f, cps, gids, 3, &err), 0);
	FT_Library lib;
	FT_Face sf;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	assert_int_equal(FT_New_Memory_Face(lib, sub.data, (FT_Long)sub.len, 0, &sf), 0);
	assert_int_equal(FT_Get_Char_Index(sf, 0x4E00), 1);
	assert_int_equal(FT_Get_Char_Index(sf, 0x4E01), 2);
	assert_int_equal(FT_Get_Char_Index(sf, 0x3000), 3);
	assert_int_equal(FT_Get_Char_Index(sf, 0x4E02), 0);
	FT_Done_Face(sf);
	FT_Done_FreeType(lib);
	gf_subset_free(&sub);
	/* an empty subset is still a font */
	assert_int_equal(gf_font_subset(&sub, f, NULL, NULL, 0, &err), 0);
	assert_int_equal(sub.n_glyphs, 1);
	gf_subset_free(&sub);
	gf_fonts_free(fs);
}

static void test_tounicode(void **state)
{
	(void)state;
	uint32_t cps[] = {0x4E00, 0x4E01, 0x4E02, 0x20BB7, 0x41, 0x4DAE, 0x20BB8};
	gf_buf b = GF_BUF_INIT(0);
	assert_int_equal(gf_tounicode_write(&b, cps, 7), 0);
	assert_non_null(strstr(b.data, "1 beginbfrange\n<0001> <0003> <4E00>\nendbfrange"));
	assert_non_null(strstr(b.data, "<0004> <D842DFB7>\n"));
	assert_non_null(strstr(b.data, "<0005> <0041>\n"));
	assert_non_null(strstr(b.data, "<0006> <4DAE>\n"));
	assert_non_null(strstr(b.data, "<0007> <D842DFB8>\n"));
	assert_non_null(strstr(b.data, "4 beginbfchar"));
	assert_null(strstr(b.data, "cidrange"));
	gf_buf_free(&b);

	/* more than 100 entries are split into blocks of 100 */
	uint32_t many[250];
	for (int i = 0; i < 250; i++)
		many[i] = 0x4E00 + 2 * (uint32_t)i;
	assert_int_equal(gf_tounicode_write(&b, many, 250), 0);
	assert_non_null(strstr(b.data, "100 beginbfchar"));
	assert_non_null(strstr(b.data, "50 beginbfchar"));
	size_t ends = 0;
	for (const char *p = b.data; (p = strstr(p, "endbfchar")); p++)
		ends++;
	assert_int_equal(ends, 3);
	gf_buf_free(&b);
	/* a range never carries over the last byte */
	uint32_t wrap[] = {0x4EFE, 0x4EFF, 0x4F00};
	assert_int_equal(gf_tounicode_write(&b, wrap, 3), 0);
	assert_non_null(strstr(b.data, "<0001> <0002> <4EFE>"));
	assert_non_null(strstr(b.data, "<0003> <4F00>"));
	gf_buf_free(&b);
}

static void test_config_errors(void **state)
{
	(void)state;
	gf_error err;
	gf_fonts *fs;
	char path[4096];
	gf_error_clear(&err);
	snprintf(path, sizeof path, "%s/fonts/missing.xml", GF_TEST_DATA);
	assert_int_equal(gf_fonts_load(&fs, path, NULL, &err), GF_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nosuchfont.ttf"));
	gf_error_clear(&err);
	snprintf(path, sizeof path, "%s/fonts/bad.xml", GF_TEST_DATA);
	assert_int_equal(gf_fonts_load(&fs, path, NULL, &err), GF_ETEMPLATE);
	assert_non_null(strstr(err.msg, "bad.xml:5:"));
	assert_non_null(strstr(err.msg, "unknown face"));
}

/* --font-dir: files are looked up there by name. */
static void test_font_dir(void **state)
{
	(void)state;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/test-font-dir", GF_BINARY_DIR);
	mkdir(dir, 0755);
	char link[4200];
	snprintf(link, sizeof link, "%s/uming.ttc", dir);
	unlink(link);
	assert_int_equal(symlink("/usr/share/fonts/truetype/arphic/uming.ttc", link), 0);
	gf_error err;
	gf_error_clear(&err);
	gf_fonts *fs;
	/* only the required face is there; the others drop out of the chains */
	assert_int_equal(gf_fonts_load(&fs, gf_test_src("templates/sheets/fonts.xml"), dir, &err), 0);
	const gf_face *f;
	uint16_t gid;
	assert_int_equal(gf_fonts_find(fs, gf_fonts_chain(fs, "hei"), 0x6DEE, &f, &gid, &err), 0);
	assert_string_equal(gf_face_path(f), link);
	assert_int_equal(gf_fonts_find(fs, gf_fonts_chain(fs, "song"), 0x2611, &f, &gid, &err),
			 GF_ENOTFOUND);
	gf_fonts_free(fs);

	/* an optional face that is not a font drops out; a required one is an error */
	char junk[4200];
	snprintf(junk, sizeof junk, "%s/DejaVuSans.ttf", dir);
	FILE *jf = fopen(junk, "wb");
	assert_non_null(jf);
	fputs("this is not a font, but it is long enough to be opened and read", jf);
	fclose(jf);
	gf_error_clear(&err);
	assert_int_equal(gf_fonts_load(&fs, gf_test_src("templates/sheets/fonts.xml"), dir, &err), 0);
	assert_int_equal(gf_fonts_find(fs, gf_fonts_chain(fs, "song"), 0x2611, &f, &gid, &err),
			 GF_ENOTFOUND);
	assert_int_equal(gf_fonts_find(fs, gf_fonts_chain(fs, "song"), 0x6DEE, &f, &gid, &err), 0);
	gf_fonts_free(fs);
	unlink(link);
	rename(junk, link);
	gf_error_clear(&err);
	assert_int_equal(gf_fonts_load(&fs, gf_test_src("templates/sheets/fonts.xml"), dir, &err), 0);
	assert_int_equal(gf_fonts_find(fs, gf_fonts_chain(fs, "song"), 0x6DEE, &f, &gid, &err),
			 GF_EFONT);
	assert_non_null(strstr(err.msg, "uming.ttc"));
	gf_fonts_free(fs);
	unlink(link);
	gf_error_clear(&err);
	assert_int_equal(gf_fonts_load(&fs, gf_test_src("templates/sheets/fonts.xml"), dir, &err),
			 GF_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_lookup),
		cmocka_unit_test(test_subset_zenhei),
		cmocka_unit_test(test_subset_droid),
		cmocka_unit_test(test_subset_uming_and_duplicates),
		cmocka_unit_test(test_tounicode),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_font_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
