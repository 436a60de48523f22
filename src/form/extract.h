/* extract.h - place a DOCX document's cells into a form's fields.
 *
 * Labels are found by their normalised text (gf_text_label_key), repeated
 * labels are told apart by the nearest preceding anchor label (`after`),
 * values sit in the next cell to the right (or below), option cells are read
 * by options.h, tables by their header row. Every non-empty cell or
 * paragraph that is neither a label, a value, a table cell nor printed text
 * becomes a warning: nothing is lost silently.
 */
#ifndef GF_FORM_EXTRACT_H
#define GF_FORM_EXTRACT_H

#include "docx/docx.h"
#include "form/fill.h"
#include "form/formdef.h"

/* The form the document is, or NULL when it is none of them. */
const gf_formdef *gf_extract_detect(const gf_formset *fs, const gf_doc *doc, gf_arena *a);

/* Read doc into fl (initialised for the form). Returns 0 or GF_ENOMEM. */
int gf_extract_docx(gf_fill *fl, const gf_doc *doc);

#endif
