/* map.h - from an intake record to a confirmation sheet's fields, as data.
 *
 * templates/sheets/mapping.xml lists, for each input form, the sheet it
 * turns into and the operations that fill the sheet's fields from the
 * record's: copy, value maps, formats, row filters, classification into
 * counts, sums, totals, collections (docs/sheets.md describes them). A
 * gf_mapping is read-only after loading.
 */
#ifndef GF_SHEET_MAP_H
#define GF_SHEET_MAP_H

#include "core/error.h"

#include <jansson.h>

typedef struct gf_mapping gf_mapping;
typedef struct gf_map gf_map;

int gf_mapping_load(gf_mapping **out, const char *path, gf_error *err);
void gf_mapping_free(gf_mapping *m);

/* The map for input form `form`, or NULL. */
const gf_map *gf_mapping_find(const gf_mapping *m, const char *form);
const char *gf_map_kind(const gf_map *mp);       /* the sheet layout kind ("activation") */
const char *gf_map_date_field(const gf_map *mp); /* sheet field dating the sheet, or NULL */
/* Sheet fields whose values (with the date) derive a cloud id. */
const char *const *gf_map_id_fields(const gf_map *mp, size_t *n);
const char *gf_mapping_id_prefix(const gf_mapping *m);

/* Run the map over the record's fields. *out is a new object of sheet
 * fields (caller decrefs); problems that are not errors go to `warnings`. */
int gf_map_apply(const gf_map *mp, const json_t *src, json_t **out, json_t *warnings,
		 gf_error *err);

/* gf_json_set_path / gf_json_get_path: form/fill.h. */
/* Remove the value at path (no error when absent). */
void gf_json_del_path(json_t *obj, const char *path);

#endif
