/* rules.h - the regulation's articles as checks on a record's fields.
 *
 * Rules are instances of a few rule kinds (forbid, term, expect,
 * major-change, total, any-of) declared in templates/rules/default.xml with
 * their forms, fields, limits and bilingual messages. A gf_ruleset is loaded
 * once per process and read-only afterwards.
 */
#ifndef GF_RULES_RULES_H
#define GF_RULES_RULES_H

#include "core/error.h"
#include "form/fill.h"

#include <jansson.h>

typedef struct gf_ruleset gf_ruleset;

/* Load templates_dir/rules/default.xml. Caller frees with gf_ruleset_free. */
int gf_ruleset_load(gf_ruleset **out, const char *templates_dir, gf_error *err);
void gf_ruleset_free(gf_ruleset *rs);
size_t gf_ruleset_count(const gf_ruleset *rs);

/* Run every rule that applies to fl->form on `fields` (the object built by
 * gf_fill_finish), adding diagnostics to fl->diags. A rule that names a
 * field's value supersedes that field's `choice` diagnostic (四级 is an
 * article's error, not an unknown option). Returns 0 or GF_ENOMEM. */
int gf_rules_run(const gf_ruleset *rs, gf_fill *fl, const json_t *fields);

#endif
