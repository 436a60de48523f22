/* record.h - the record of one input form, in the spec's shape, and its
 * JSON and XML writings.
 *
 * Shape (keys in this order): schema, form, title, source {name, format,
 * sha256}, valid, fields, diagnostics [{severity, code, field, label,
 * message, where}]. `valid` is true iff no diagnostic is an error.
 */
#ifndef GF_RECORD_RECORD_H
#define GF_RECORD_RECORD_H

#include "core/diag.h"

#include <jansson.h>

#define GF_RECORD_SCHEMA "govforms.record/1"

typedef struct gf_source {
	const char *name;   /* file name as given, or NULL */
	const char *format; /* "docx", "xml", "csv", "xlsx" */
	const char *sha256; /* hex of the input bytes */
} gf_source;

/* New record (caller json_decref). form_id and title may be NULL (unknown
 * or unreadable input). `fields` is stolen (NULL = empty object). */
json_t *gf_record_build(const char *form_id, const char *title, const gf_source *src,
			json_t *fields, const gf_diags *diags);

/* Record -> text. Caller frees with gf_free. JSON is indented, UTF-8, keys
 * in record order, numbers as the record holds them. */
char *gf_record_json(const json_t *record);
/* The XML record: <record form="…"> mirroring the JSON tree (arrays as
 * <item>); the <fields> part is valid structured input for the form. */
char *gf_record_xml(const json_t *record);

/* A value tree as XML elements under a parent (used by the record and by
 * sheet attachments). */
struct _xmlNode;
int gf_record_xml_tree(struct _xmlNode *parent, const json_t *value);

/* Canonical JSON of a value (sorted keys, compact): what record hashes use. */
char *gf_record_canonical(const json_t *value);

#endif
