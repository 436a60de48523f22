#include "form/options.h"

#include "core/alloc.h"
#include "core/marks.h"
#include "core/text.h"
#include "core/utf8.h"

#include <string.h>

/* One visible character of the cell: whitespace and emphasis markers are
 * folded into flags so options can be found regardless of spacing. */
typedef struct unit {
	uint32_t cp;      /* normalised: width folded, ASCII lower-cased, 其它 -> 其他 */
	size_t off, end;  /* byte range in the original text */
	bool space_before;
	bool strike, emph;
	gf_mark_class mark;
} unit;

typedef struct cell {
	unit *u;
	size_t n;
	const char *text;
} cell;

static bool is_paren(uint32_t cp)
{
	return cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == 0x3010 || cp == 0x3011;
}

static int split_units(gf_arena *a, const char *text, cell *c)
{
	size_t len = strlen(text);
	c->text = text;
	c->u = gf_arena_alloc(a, sizeof *c->u * (len + 1));
	if (!c->u)
		return GF_ENOMEM;
	c->n = 0;
	bool strike = false, emph = false, space = false;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = gf_utf8_decode(text + i, len - i, &cp);
		if (!k)
			k = 1;
		if (cp == GF_MARK_STRIKE_ON || cp == GF_MARK_STRIKE_OFF) {
			strike = cp == GF_MARK_STRIKE_ON;
		} else if (cp == GF_MARK_EMPH_ON || cp == GF_MARK_EMPH_OFF) {
			emph = cp == GF_MARK_EMPH_ON;
		} else if (gf_text_is_space(cp) || cp == '_' || cp == 0xFF3F) {
			space = true; /* underscores are the printed blank line */
		} else {
			unit *u = &c->u[c->n++];
			u->cp = gf_text_fold_width(cp);
			if (u->cp >= 'A' && u->cp <= 'Z')
				u->cp += 'a' - 'A';
			if (u->cp == 0x5B83 && c->n >= 2 && c->u[c->n - 2].cp == 0x5176)
				u->cp = 0x4ED6; /* 其它 -> 其他 */
			u->off = i;
			u->end = i + k;
			u->space_before = space;
			u->strike = strike;
			u->emph = emph;
			u->mark = gf_mark_classify(cp);
			space = false;
		}
		i += k;
	}
	return 0;
}

/* Decode a label key into code points; returns the count (max cap). */
static size_t key_cps(const char *key, size_t keylen, uint32_t *out, size_t cap)
{
	size_t n = 0, i = 0;
	while (i < keylen && n < cap) {
		uint32_t cp;
		size_t k = gf_utf8_decode(key + i, keylen - i, &cp);
		if (!k)
			k = 1;
		out[n++] = cp;
		i += k;
	}
	return n;
}

/* Length of key without its trailing "(...)" notes, in bytes. */
static size_t key_core(const char *key)
{
	size_t n = strlen(key);
	while (n >= 3 && key[n - 1] == ')') {
		size_t open = n - 1;
		while (open > 0 && key[open] != '(')
			open--;
		if (open == 0 || key[open] != '(')
			break;
		n = open;
	}
	return n;
}

typedef struct span {
	size_t s, e; /* unit range */
	int opt;
} span;

static bool find_option(const cell *c, const bool *claimed, const uint32_t *k, size_t kn,
			size_t *at)
{
	if (kn == 0 || kn > c->n)
		return false;
	for (size_t i = 0; i + kn <= c->n; i++) {
		size_t j = 0;
		while (j < kn && !claimed[i + j] && c->u[i + j].cp == k[j])
			j++;
		if (j == kn) {
			*at = i;
			return true;
		}
	}
	return false;
}

/* Does s hold a letter, digit or ideograph (not only punctuation)? */
static bool has_word(const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1;
		cp = gf_text_fold_width(cp);
		if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 0x3400 && cp <= 0x9FFF) || cp >= 0x20000)
			return true;
		i += k;
	}
	return false;
}

/* Text of the original between byte offsets, cleaned of marks, colons and
 * a closing unit; NULL when nothing is left. */
static const char *blank_text(gf_arena *a, const char *text, size_t from, size_t to,
			      const char *unit_text)
{
	if (to <= from)
		return NULL;
	char *s = gf_arena_strndup(a, text + from, to - from);
	if (!s)
		return NULL;
	s = gf_marks_strip(a, s);
	if (!s)
		return NULL;
	/* drop box / tick glyphs and brackets, colons, underscores */
	size_t n = strlen(s), i = 0, o = 0;
	char *d = gf_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1;
		bool drop = gf_mark_classify(cp) != GF_MC_NONE || cp == '_' || cp == 0xFF3F;
		if (!drop) {
			memcpy(d + o, s + i, k);
			o += k;
		}
		i += k;
	}
	d[o] = '\0';
	/* brackets emptied by dropping a tick: 其他（√）：… */
	static const char *empty_pairs[] = {"()", "（）", "[]", "【】", "(）", "（)"};
	for (size_t k = 0; k < sizeof empty_pairs / sizeof empty_pairs[0]; k++) {
		size_t pl = strlen(empty_pairs[k]);
		char *hit;
		while ((hit = strstr(d, empty_pairs[k])))
			memmove(hit, hit + pl, strlen(hit + pl) + 1);
	}
	char *clean = gf_text_clean(a, d);
	if (!clean)
		return NULL;
	/* a colon (or 为/是) leading the text written in the blank */
	for (;;) {
		if (strncmp(clean, "：", 3) == 0)
			clean = gf_text_clean(a, clean + 3);
		else if (clean[0] == ':')
			clean = gf_text_clean(a, clean + 1);
		else
			break;
		if (!clean)
			return NULL;
	}
	if (unit_text && *unit_text) {
		char *u = strstr(clean, unit_text);
		if (u)
			*u = '\0';
		clean = gf_text_clean(a, clean);
	}
	/* brackets around the blank: （6个月）, [6] */
	while (clean && *clean) {
		size_t cl = strlen(clean);
		uint32_t first;
		size_t k1 = gf_utf8_decode(clean, cl, &first);
		first = gf_text_fold_width(first);
		if (k1 && (first == '(' || first == '[' || first == 0x3010)) {
			clean = gf_text_clean(a, clean + k1);
			continue;
		}
		size_t back = 1;
		while (back < cl && ((unsigned char)clean[cl - back] & 0xC0) == 0x80)
			back++;
		uint32_t last;
		size_t kl = gf_utf8_decode(clean + cl - back, back, &last);
		last = gf_text_fold_width(last);
		if (kl && (last == ')' || last == ']' || last == 0x3011)) {
			clean[cl - back] = '\0';
			clean = gf_text_clean(a, clean);
			continue;
		}
		break;
	}
	if (!clean || !*clean)
		return NULL;
	return clean;
}

static bool is_mark_unit(const unit *u)
{
	return u->mark != GF_MC_NONE || is_paren(u->cp);
}

/* Class of the marks in units [from, to): checked when a checked box or a
 * tick is among them, empty when only empty boxes, none when no mark. */
static gf_mark_class run_class(const cell *c, size_t from, size_t to)
{
	bool empty = false, checked = false;
	for (size_t i = from; i < to; i++) {
		if (c->u[i].mark == GF_MC_BOX_EMPTY)
			empty = true;
		else if (c->u[i].mark != GF_MC_NONE)
			checked = true;
	}
	return checked ? GF_MC_BOX_CHECKED : empty ? GF_MC_BOX_EMPTY : GF_MC_NONE;
}

int gf_options_read(gf_arena *a, const gf_fielddef *f, const char *marked, gf_option_pick *out)
{
	memset(out, 0, sizeof *out);
	cell c;
	if (split_units(a, marked ? marked : "", &c))
		return GF_ENOMEM;
	size_t nopt = f->noptions < GF_OPTIONS_MAX ? f->noptions : GF_OPTIONS_MAX;
	bool *claimed = gf_arena_alloc(a, c.n + 1);
	span spans[GF_OPTIONS_MAX];
	size_t nspans = 0;
	if (!claimed)
		return GF_ENOMEM;

	/* Longest options first so "99%" is not found inside "99.99%"; then the
	 * options' core text without a trailing note ("SATA硬盘" for "SATA硬盘（默认）"). */
	for (int pass = 0; pass < 2; pass++) {
		bool done[GF_OPTIONS_MAX] = {0};
		for (size_t round = 0; round < nopt; round++) {
			size_t best = SIZE_MAX, best_len = 0;
			for (size_t i = 0; i < nopt; i++) {
				size_t l = pass ? key_core(f->options[i].key) : strlen(f->options[i].key);
				if (!done[i] && !out->found[i] && l > best_len) {
					best = i;
					best_len = l;
				}
			}
			if (best == SIZE_MAX)
				break;
			done[best] = true;
			uint32_t k[128];
			size_t kn = key_cps(f->options[best].key, best_len, k, 128);
			size_t at;
			if (find_option(&c, claimed, k, kn, &at)) {
				out->found[best] = true;
				out->nfound++;
				for (size_t j = at; j < at + kn; j++)
					claimed[j] = true;
				spans[nspans++] = (span){at, at + kn, (int)best};
			}
		}
	}
	/* order by position */
	for (size_t i = 1; i < nspans; i++) {
		span x = spans[i];
		size_t j = i;
		while (j > 0 && spans[j - 1].s > x.s) {
			spans[j] = spans[j - 1];
			j--;
		}
		spans[j] = x;
	}

	/* Who owns which marks. Between option i-1 and option i, the marks run
	 * [ms, s) directly before option i is its box (☑, ☐√, √☐, √ alone). Ticks
	 * written right after option i-1 (no space) belong to i-1 when option i
	 * has its own box after them, or stands apart: 电信√ ☐移动, 电信√ 移动. */
	gf_mark_class mark[GF_OPTIONS_MAX] = {0};
	size_t zone_start[GF_OPTIONS_MAX]; /* where option i's own marks begin */
	bool emph[GF_OPTIONS_MAX] = {0}, strike[GF_OPTIONS_MAX] = {0};
	for (size_t i = 0; i < nspans; i++) {
		size_t from = i ? spans[i - 1].e : 0;
		size_t ms = spans[i].s;
		while (ms > from && is_mark_unit(&c.u[ms - 1]))
			ms--;
		/* a parenthesis belongs to a run only around a mark */
		while (ms < spans[i].s && is_paren(c.u[ms].cp) && c.u[ms].mark == GF_MC_NONE &&
		       run_class(&c, ms, spans[i].s) == GF_MC_NONE)
			ms++;
		if (i > 0 && ms == spans[i - 1].e && ms < spans[i].s && !c.u[ms].space_before) {
			size_t t = ms;
			bool tick = false;
			while (t < spans[i].s && (c.u[t].mark == GF_MC_TICK || is_paren(c.u[t].cp))) {
				tick = tick || c.u[t].mark == GF_MC_TICK;
				t++;
			}
			bool own_box = t < spans[i].s;
			bool apart = t == spans[i].s && c.u[t].space_before;
			if (tick && (own_box || apart)) {
				mark[i - 1] = GF_MC_BOX_CHECKED;
				ms = t;
			}
		}
		zone_start[i] = ms;
		mark[i] = run_class(&c, ms, spans[i].s);
		bool all_e = true, all_s = true;
		for (size_t j = spans[i].s; j < spans[i].e; j++) {
			all_e = all_e && c.u[j].emph;
			all_s = all_s && c.u[j].strike;
		}
		emph[i] = all_e;
		strike[i] = all_s;
	}
	/* a tick after the last option: 联通√, 联通（√） */
	if (nspans > 0) {
		size_t last = spans[nspans - 1].e;
		size_t j = last;
		while (j < c.n && (c.u[j].mark == GF_MC_TICK || is_paren(c.u[j].cp)))
			j++;
		bool has_tick = false;
		for (size_t k = last; k < j; k++)
			has_tick = has_tick || c.u[k].mark == GF_MC_TICK;
		if (has_tick && last < c.n && !c.u[last].space_before)
			mark[nspans - 1] = GF_MC_BOX_CHECKED;
	}

	/* Blanks: text from an option's end to the next option's mark run. */
	for (size_t i = 0; i < nspans; i++) {
		const gf_option *o = &f->options[spans[i].opt];
		if (!o->other && !o->blank)
			continue;
		size_t from = c.u[spans[i].e - 1].end;
		size_t to = i + 1 < nspans ? c.u[zone_start[i + 1]].off : strlen(c.text);
		if (i + 1 < nspans && zone_start[i + 1] == spans[i].e)
			to = c.u[spans[i + 1].s].off;
		out->blank[spans[i].opt] = blank_text(a, c.text, from, to, o->blank_unit);
	}

	/* Decide. */
	size_t nmarked = 0, nemph = 0, nstrike = 0;
	for (size_t i = 0; i < nspans; i++) {
		nmarked += mark[i] == GF_MC_BOX_CHECKED;
		nemph += emph[i];
		nstrike += strike[i];
	}
	for (size_t i = 0; i < nspans; i++) {
		bool pick = false;
		if (nmarked)
			pick = mark[i] == GF_MC_BOX_CHECKED;
		else if (nemph && nemph < nspans)
			pick = emph[i];
		else if (nstrike && nstrike < nspans)
			pick = !strike[i];
		else if (nspans < nopt && nspans > 0 && mark[i] != GF_MC_BOX_CHECKED)
			pick = true; /* the other options were deleted */
		if (pick) {
			out->chosen[spans[i].opt] = true;
			out->nchosen++;
		}
	}
	if (out->nchosen)
		out->style = nmarked ? GF_PICK_MARKS
			     : nemph ? GF_PICK_EMPHASIS
			     : nstrike ? GF_PICK_STRIKE
				       : GF_PICK_DELETION;
	if (!out->nchosen) {
		/* a blank filled in on an unmarked option */
		for (size_t i = 0; i < nspans; i++)
			if (out->blank[spans[i].opt]) {
				out->chosen[spans[i].opt] = true;
				out->nchosen++;
				out->style = GF_PICK_BLANK;
			}
	}

	/* Checked boxes whose label is no option. */
	gf_box boxes[64];
	size_t nb = gf_marks_scan(c.text, boxes, 64);
	for (size_t b = 0; b < nb && b < 64 && !out->unknown; b++) {
		if (!boxes[b].checked || boxes[b].label_end <= boxes[b].label_start)
			continue;
		bool covered = false;
		/* a tick written after a chosen option (其他（√）：…) is its mark */
		for (size_t i = 0; i < nspans && !covered; i++) {
			size_t end = c.u[spans[i].e - 1].end;
			size_t next = i + 1 < nspans ? c.u[zone_start[i + 1]].off : strlen(c.text);
			covered = out->chosen[spans[i].opt] && boxes[b].start >= end && boxes[b].start < next;
		}
		for (size_t i = 0; i < nspans && !covered; i++) {
			size_t so = c.u[spans[i].s].off, eo = c.u[spans[i].e - 1].end;
			covered = so < boxes[b].label_end && eo > boxes[b].label_start;
			/* the box's label runs into the option's blank: still that option */
			covered = covered || (so >= boxes[b].start && so <= boxes[b].label_end);
		}
		if (!covered) {
			const char *lab = blank_text(a, c.text, boxes[b].label_start, boxes[b].label_end,
						     NULL);
			if (lab && has_word(lab))
				out->unknown = lab;
		}
	}
	/* No option printed at all, but something written: an unknown value. */
	if (nspans == 0 && !out->unknown) {
		const char *rest = blank_text(a, c.text, 0, strlen(c.text), NULL);
		if (rest && has_word(rest))
			out->unknown = rest;
	}
	return 0;
}

int gf_options_lookup(const gf_fielddef *f, const char *text, gf_arena *a)
{
	const char *k = gf_text_compact(a, text);
	if (!k)
		return -1;
	for (size_t i = 0; i < f->noptions; i++)
		if (strcmp(k, f->options[i].key) == 0)
			return (int)i;
	size_t kl = key_core(k);
	for (size_t i = 0; i < f->noptions; i++) {
		size_t ol = key_core(f->options[i].key);
		if (kl == ol && strncmp(k, f->options[i].key, kl) == 0)
			return (int)i;
	}
	return -1;
}
