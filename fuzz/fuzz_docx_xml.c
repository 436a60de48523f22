/* fuzz_docx_xml: bytes -> gf_docx_read_xml (word/document.xml alone). */
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
	gf_error err;
	gf_error_clear(&err);
	gf_doc *doc = NULL;
	int rc = gf_docx_read_xml(&doc, (const char *)data, size, &lim, &err);
	if (rc == GF_OK) {
		fuzz_check_doc(doc);
		gf_doc_free(doc);
	} else {
		FUZZ_ASSERT(doc == NULL && err.code == rc && err.msg[0]);
	}
	return 0;
}
