/* xml.h - libxml2 set up for hostile input, once per process.
 *
 * No DTD loading, no entity substitution, no network, no XInclude; a
 * document carrying a DTD (internal or external subset) or an entity
 * declaration is refused; nesting deeper than lim->max_depth is refused;
 * invalid UTF-8 is refused. Parser messages never reach stderr: the first
 * one is returned in err with its line number.
 */
#ifndef GF_XML_XML_H
#define GF_XML_XML_H

#include "core/error.h"
#include "core/limits.h"

#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stddef.h>

/* Call once at start-up (idempotent, thread-safe after the first call). */
void gf_xml_init(void);

/* Parse a whole document into a tree. `name` is used in messages. Caller
 * frees *out with xmlFreeDoc. Returns GF_EUNREADABLE / GF_ELIMIT on refusal. */
int gf_xml_parse(xmlDoc **out, const char *data, size_t len, const char *name,
		 const gf_limits *lim, gf_error *err);

/* A streaming reader over data with the same protections (call
 * gf_xml_reader_check after each xmlTextReaderRead to enforce the depth
 * limit and to refuse DTD nodes). Caller frees with xmlFreeTextReader. */
int gf_xml_reader_new(xmlTextReader **out, const char *data, size_t len,
		      const char *name, gf_error *err);

/* Source of a streamed document: up to n bytes into buf, *got = 0 only at
 * the end; a negative GF_E* (err filled) to stop. gf_zip_stream_read fits. */
typedef int (*gf_xml_read_fn)(void *ctx, void *buf, size_t n, size_t *got, gf_error *err);

/* A streaming reader over read(ctx, ...), with the buffer reader's
 * protections applied to the bytes as they arrive, before libxml2 sees
 * them: valid UTF-8 without NUL (a sequence may straddle two reads), no
 * <!DOCTYPE or other declaration before the root element, no start tag
 * with more than 512 attributes, at most lim->max_stream bytes (0:
 * max_entry). Memory is flat in the document's length. A refusal, or a
 * failure of read, makes xmlTextReaderRead return -1 or gf_xml_reader_check
 * fail; gf_xml_reader_error then reports it. ctx must outlive the reader;
 * the caller frees the reader with xmlFreeTextReader, then ctx. */
int gf_xml_reader_new_io(xmlTextReader **out, gf_xml_read_fn read, void *ctx,
			 const char *name, const gf_limits *lim, gf_error *err);

int gf_xml_reader_check(xmlTextReader *r, const gf_limits *lim, const char *name,
			gf_error *err);
/* After xmlTextReaderRead returned -1: fill err from the reader's last error. */
int gf_xml_reader_error(xmlTextReader *r, const char *name, gf_error *err);

#endif
