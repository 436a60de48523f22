/* raw.h - fill a form from a tree of raw values (structured XML input,
 * spreadsheet rows): the same typing, option matching and table rules as a
 * DOCX cell, so a DOCX and its XML twin give identical fields.
 */
#ifndef GF_FORM_RAW_H
#define GF_FORM_RAW_H

#include "form/fill.h"
#include "form/intake.h"

/* Read `tree` (objects by key segment, leaves as text, arrays for multi
 * choices and table rows) into fl. Keys the form does not have, and values
 * of the wrong shape, become `format` errors located through `locate`.
 * Returns 0 or GF_ENOMEM. */
int gf_raw_fill(gf_fill *fl, const json_t *tree, gf_locate_fn locate, void *locate_ctx);

#endif
