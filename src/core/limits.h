/* limits.h - caps applied to every input. Hostile input is normal input:
 * each reader checks these and fails with GF_ELIMIT (exit 2, `unreadable`).
 */
#ifndef GF_CORE_LIMITS_H
#define GF_CORE_LIMITS_H

#include <stddef.h>

typedef struct gf_limits {
	size_t max_input;      /* bytes of one input file */
	size_t max_entries;    /* entries in a zip package */
	size_t max_entry;      /* uncompressed bytes of one zip entry read whole */
	size_t max_stream;     /* uncompressed bytes of one zip entry read as a stream
				* (gf_zip_stream: XLSX worksheets); 0 = max_entry */
	size_t max_total;      /* uncompressed bytes read from one package */
	unsigned max_ratio;    /* uncompressed / compressed, for entries over 1 MiB */
	unsigned max_depth;    /* XML element nesting */
	size_t max_cells;      /* table cells in one document */
	size_t max_text;       /* bytes of text in one document model */
} gf_limits;

/* Defaults: 64 MiB input, 4096 entries, 64 MiB per entry read whole, 1 GiB
 * per entry streamed (memory stays flat; the package total still applies),
 * 256 MiB total, ratio 200, depth 256, 200000 cells, 32 MiB text. */
void gf_limits_default(gf_limits *lim);

#endif
