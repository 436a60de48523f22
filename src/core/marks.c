#include "core/marks.h"
#include "core/buf.h"
#include "core/text.h"
#include "core/utf8.h"

#include <string.h>

gf_mark_class gf_mark_classify(uint32_t cp)
{
	switch (cp) {
	case 0x2610: /* ☐ */
	case 0x25A1: /* □ */
	case 0x25A2: /* ▢ */
	case 0x25FB: /* ◻ */
	case 0x25FD: /* ◽ */
	case 0x2B1C: /* ⬜ */
	case 0x274F: /* ❏ */
	case 0x2750: /* ❐ */
	case 0x2751: /* ❑ */
	case 0x2752: /* ❒ */
	case 0x25CB: /* ○ */
	case 0x25EF: /* ◯ */
		return GF_MC_BOX_EMPTY;
	case 0x2611: /* ☑ */
	case 0x2612: /* ☒ */
	case 0x25A0: /* ■ */
	case 0x25A3: /* ▣ */
	case 0x2705: /* ✅ */
	case 0x22A0: /* ⊠ */
	case 0x2B1B: /* ⬛ */
	case 0x25FC: /* ◼ */
	case 0x25FE: /* ◾ */
	case 0x25CF: /* ● */
	case 0x25C9: /* ◉ */
	case 0x1F5F9: /* 🗹 */
	case 0x1F5F7: /* 🗷 */
		return GF_MC_BOX_CHECKED;
	case 0x221A: /* √ */
	case 0x2713: /* ✓ */
	case 0x2714: /* ✔ */
	case 0x2717: /* ✗ */
	case 0x2718: /* ✘ */
	case 0x2573: /* ╳ */
	case 0x1F5F8: /* 🗸 */
		return GF_MC_TICK;
	default:
		return GF_MC_NONE;
	}
}

bool gf_mark_is_emphasis(uint32_t cp)
{
	return cp >= GF_MARK_STRIKE_ON && cp <= GF_MARK_EMPH_OFF;
}

/* Next code point at or after i that is not a space or emphasis marker. */
static size_t skip_blank(const char *s, size_t n, size_t i)
{
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		if (!gf_text_is_space(cp) && !gf_mark_is_emphasis(cp))
			return i;
		i += k;
	}
	return i;
}

size_t gf_marks_scan(const char *s, gf_box *out, size_t max)
{
	size_t n = strlen(s), i = 0, count = 0;
	gf_box cur;
	bool open = false;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		gf_mark_class mc = gf_mark_classify(cp);
		bool at_line_end = cp == '\n';
		if (mc == GF_MC_TICK && open && cur.label_end == cur.label_start) {
			/* a tick right after a box (only blanks between) belongs to it */
			cur.checked = true;
			cur.end = i + k;
			cur.label_start = cur.label_end = skip_blank(s, n, i + k);
			i += k;
			continue;
		}
		if (mc != GF_MC_NONE || at_line_end) {
			if (open) {
				if (count < max)
					out[count] = cur;
				count++;
				open = false;
			}
			if (mc != GF_MC_NONE) {
				bool tick_alone = mc == GF_MC_TICK;
				size_t after = skip_blank(s, n, i + k);
				/* a tick counts as a box only when a label follows it */
				if (!tick_alone || (after < n && s[after] != '\n')) {
					open = true;
					cur.start = i;
					cur.end = i + k;
					cur.checked = mc != GF_MC_BOX_EMPTY;
					cur.label_start = cur.label_end = after;
				}
			}
			i += k;
			continue;
		}
		if (open && !gf_text_is_space(cp) && !gf_mark_is_emphasis(cp))
			cur.label_end = i + k;
		i += k;
	}
	if (open) {
		if (count < max)
			out[count] = cur;
		count++;
	}
	return count;
}

char *gf_marks_strip(gf_arena *a, const char *s)
{
	size_t n = strlen(s), i = 0;
	char *d = gf_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	size_t o = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			d[o++] = s[i++];
			continue;
		}
		if (!gf_mark_is_emphasis(cp)) {
			memcpy(d + o, s + i, k);
			o += k;
		}
		i += k;
	}
	d[o] = '\0';
	return d;
}
