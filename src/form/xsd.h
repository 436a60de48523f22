/* xsd.h - the XML Schema of a form's structured input, derived from its
 * definition. templates/schemas/<id>.xsd are written with
 * `govforms schema ID` and a test keeps them equal to this output.
 */
#ifndef GF_FORM_XSD_H
#define GF_FORM_XSD_H

#include "form/formdef.h"

/* XSD 1.0 text for form f: a <form type="ID"> root with <fields>, and a
 * <record form="ID"> root (what `extract --format xml` writes) whose
 * diagnostics are skipped. Elements of an object may come in any order
 * (xs:all); values are text (typing is the rules' job, with better
 * messages); lists are <item> sequences. Caller frees with gf_free. */
char *gf_xsd_generate(const gf_formdef *f);

#endif
