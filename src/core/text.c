#include "core/text.h"
#include "core/buf.h"
#include "core/utf8.h"

#include <string.h>

bool gf_text_is_space(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
	case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
	case 0x205F: case 0x3000: case 0x200B: case 0xFEFF:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

uint32_t gf_text_fold_width(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFF01 + 0x21;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

/* Append cp to b as UTF-8. */
static int put_cp(gf_buf *b, uint32_t cp)
{
	char enc[4];
	size_t k = gf_utf8_encode(cp, enc);
	return gf_buf_append(b, enc, k);
}

static char *finish(gf_arena *a, gf_buf *b, int rc)
{
	char *r = NULL;
	if (rc == 0)
		r = gf_arena_strndup(a, b->data ? b->data : "", b->len);
	gf_buf_free(b);
	return r;
}

static char *clean(gf_arena *a, const char *s, bool fold)
{
	gf_buf b = GF_BUF_INIT(0);
	size_t n = strlen(s), i = 0;
	bool pending_space = false;
	int rc = gf_buf_reserve(&b, n);
	while (rc == 0 && i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		if (fold)
			cp = gf_text_fold_width(cp);
		if (gf_text_is_space(cp)) {
			pending_space = b.len > 0;
			continue;
		}
		if (pending_space)
			rc = gf_buf_putc(&b, ' ');
		pending_space = false;
		if (rc == 0)
			rc = put_cp(&b, cp);
	}
	return finish(a, &b, rc);
}

char *gf_text_clean(gf_arena *a, const char *s)
{
	return clean(a, s ? s : "", false);
}

char *gf_text_fold(gf_arena *a, const char *s)
{
	return clean(a, s ? s : "", true);
}

static bool is_cn_numeral(uint32_t cp)
{
	static const char nums[] = "一二三四五六七八九十";
	char enc[4];
	size_t k = gf_utf8_encode(cp, enc);
	if (k != 3)
		return false;
	for (size_t i = 0; i + 3 <= sizeof nums - 1; i += 3)
		if (memcmp(nums + i, enc, 3) == 0)
			return true;
	return false;
}

/* Length in bytes of a leading section number in compacted text s:
 * "一、" "十二、" "1、" "1." "1．" "(一)" "（1）". 0 when there is none. */
static size_t section_prefix(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	size_t k;
	bool paren = false;
	if (n && s[0] == '(') {
		paren = true;
		i = 1;
	}
	size_t digits = 0;
	while (i < n && (k = gf_utf8_decode(s + i, n - i, &cp)) &&
	       ((cp >= '0' && cp <= '9') || is_cn_numeral(cp))) {
		i += k;
		digits++;
	}
	if (!digits || digits > 3 || i >= n)
		return 0;
	k = gf_utf8_decode(s + i, n - i, &cp);
	if (paren)
		return cp == ')' ? i + k : 0;
	if (cp == 0x3001 /* 、 */)
		return i + k;
	/* "2." numbers a section, "99.9%" does not */
	if ((cp == '.' || cp == 0xFF0E) && !(i + k < n && s[i + k] >= '0' && s[i + k] <= '9'))
		return i + k;
	return 0;
}

static char *label_key(gf_arena *a, const char *s, bool strip_section)
{
	gf_buf b = GF_BUF_INIT(0);
	size_t n = strlen(s ? s : ""), i = 0;
	int rc = gf_buf_reserve(&b, n);
	while (rc == 0 && i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		cp = gf_text_fold_width(cp);
		if (gf_text_is_space(cp) || cp == '*' || cp == ':' || cp == 0xFE55 /* ﹕ */ ||
		    cp == 0x2217 /* ∗ */)
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp == 0x5B83 /* 它 */ && b.len >= 3 &&
		    memcmp(b.data + b.len - 3, "\xE5\x85\xB6" /* 其 */, 3) == 0)
			cp = 0x4ED6; /* 他 */
		rc = put_cp(&b, cp);
	}
	if (rc) {
		gf_buf_free(&b);
		return NULL;
	}
	const char *start = b.data ? b.data : "";
	if (strip_section)
		start += section_prefix(start);
	char *r = gf_arena_strdup(a, start);
	gf_buf_free(&b);
	return r;
}

char *gf_text_label_key(gf_arena *a, const char *s)
{
	return label_key(a, s, true);
}

char *gf_text_compact(gf_arena *a, const char *s)
{
	return label_key(a, s, false);
}

bool gf_text_blank(const char *s)
{
	if (!s)
		return true;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k || !gf_text_is_space(cp))
			return false;
		i += k;
	}
	return true;
}
