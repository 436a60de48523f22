/* options.h - which printed options of a choice cell a person marked.
 *
 * Reads one cell's marked text (docx.h: text with emphasis markers) against
 * a field's options and decides, in this order of evidence:
 *   1. marks: a checked box (☑ ☒ ■ ▣ ...), a box followed by a tick (☐√),
 *      a tick in place of the box (√选项), a tick right after the option
 *      (选项√ / 选项(√)) when the next option has its own box or space;
 *   2. emphasis: exactly the options highlighted / underlined / bold;
 *   3. strike-through: the options not struck out;
 *   4. deletion: the options still present when the others were deleted
 *      (boxless rows, or one option left);
 *   5. a filled blank or 其他 text on an unmarked option.
 * Text written in an option's blank (临时运行 6 个月) or after 其他 is
 * returned too. A checked box whose label is no option, or text left when
 * no option can be found, is returned as `unknown`.
 */
#ifndef GF_FORM_OPTIONS_H
#define GF_FORM_OPTIONS_H

#include "core/arena.h"
#include "form/formdef.h"

#include <stdbool.h>

#define GF_OPTIONS_MAX 32

typedef enum {
	GF_PICK_NONE = 0,
	GF_PICK_MARKS,
	GF_PICK_EMPHASIS,
	GF_PICK_STRIKE,
	GF_PICK_DELETION,
	GF_PICK_BLANK
} gf_pick_style;

typedef struct gf_option_pick {
	bool found[GF_OPTIONS_MAX];   /* the option is printed in the cell */
	bool chosen[GF_OPTIONS_MAX];
	const char *blank[GF_OPTIONS_MAX]; /* text in the option's blank or after 其他, or NULL */
	size_t nchosen;
	size_t nfound;
	const char *unknown;          /* marked text that is no option, or NULL */
	gf_pick_style style;
} gf_option_pick;

/* Read `marked` (a cell's text, emphasis markers allowed) for field f.
 * Strings in *out live in the arena. Returns 0 or GF_ENOMEM. */
int gf_options_read(gf_arena *a, const gf_fielddef *f, const char *marked, gf_option_pick *out);

/* Index of the option whose text matches `text` (as a person would type the
 * option: width, spaces and 其它/其他 ignored), or -1. */
int gf_options_lookup(const gf_fielddef *f, const char *text, gf_arena *a);

#endif
