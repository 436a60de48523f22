/* fuzz_docx: bytes -> gf_docx_read (zip package, then WordprocessingML). */
#include "core/error.h"
#include "core/limits.h"
#include "docx/docx.h"
#include "fuzz_check.h"
#include "xml/xml.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gf_xml_init();
	gf_limits lim;
	gf_limits_default(&lim);
	lim.max_entry = lim.max_total = 16u << 20; /* keep each run quick */
	gf_error err;
	gf_error_clear(&err);
	gf_doc *doc = NULL;
	int rc = gf_docx_read(&doc, data, size, &lim, &err);
	if (rc == GF_OK) {
		fuzz_check_doc(doc);
		gf_doc_free(doc);
	} else {
		FUZZ_ASSERT(doc == NULL && err.code == rc && err.msg[0]);
	}
	return 0;
}
