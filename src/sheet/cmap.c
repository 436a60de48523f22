/* cmap.c - the ToUnicode CMap of a subset font (bfchar / bfrange). */
#include "sheet/font.h"

#include "core/buf.h"

#include <stdio.h>

#define BLOCK 100 /* entries per bfchar/bfrange block, as the CMap spec limits */

static int put_utf16(gf_buf *b, uint32_t cp)
{
	if (cp >= 0x10000) {
		uint32_t v = cp - 0x10000;
		return gf_buf_printf(b, "<%04X%04X>", 0xD800u + (v >> 10), 0xDC00u + (v & 0x3FF));
	}
	return gf_buf_printf(b, "<%04X>", cp);
}

/* A range of CIDs [c, c+len) whose code points also ascend by one, without
 * the last byte of either overflowing (what bfrange allows). */
static size_t run_len(const uint32_t *cps, size_t n, size_t i)
{
	size_t cid = i + 1;
	size_t j = i;
	while (j + 1 < n && cps[j + 1] == cps[j] + 1 && ((cid + (j + 1 - i)) & 0xFF) != 0 &&
	       (cps[j + 1] & 0xFF) != 0 && (cps[j + 1] < 0x10000) == (cps[i] < 0x10000) &&
	       ((cps[j + 1] >= 0x10000) ? (((cps[j + 1] - 0x10000) & 0x3FF) != 0) : 1))
		j++;
	return j - i + 1;
}

int gf_tounicode_write(gf_buf *out, const uint32_t *cps, size_t n)
{
	int rc;
	if ((rc = gf_buf_puts(out,
			      "/CIDInit /ProcSet findresource begin\n"
			      "12 dict begin\n"
			      "begincmap\n"
			      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
			      "/CMapName /Adobe-Identity-UCS def\n"
			      "/CMapType 2 def\n"
			      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")))
		return rc;
	/* two passes: ranges (runs of 2+), then single characters */
	for (int pass = 0; pass < 2; pass++) {
		size_t count = 0;
		for (size_t i = 0; i < n;) {
			size_t l = run_len(cps, n, i);
			if ((pass == 0) == (l > 1))
				count++;
			i += l;
		}
		size_t done = 0;
		for (size_t i = 0; i < n;) {
			size_t l = run_len(cps, n, i);
			if ((pass == 0) != (l > 1)) {
				i += l;
				continue;
			}
			if (done % BLOCK == 0) {
				size_t left = count - done;
				if ((rc = gf_buf_printf(out, "%zu %s\n", left < BLOCK ? left : BLOCK,
							pass == 0 ? "beginbfrange" : "beginbfchar")))
					return rc;
			}
			if (pass == 0)
				rc = gf_buf_printf(out, "<%04zX> <%04zX> ", i + 1, i + l);
			else
				rc = gf_buf_printf(out, "<%04zX> ", i + 1);
			if (rc || (rc = put_utf16(out, cps[i])) || (rc = gf_buf_putc(out, '\n')))
				return rc;
			done++;
			if (done % BLOCK == 0 || done == count)
				if ((rc = gf_buf_puts(out, pass == 0 ? "endbfrange\n" : "endbfchar\n")))
					return rc;
			i += l;
		}
	}
	return gf_buf_puts(out, "endcmap\n"
				"CMapName currentdict /CMap defineresource pop\n"
				"end\nend\n");
}
