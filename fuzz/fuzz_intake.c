/* fuzz_intake: bytes -> the whole intake (DOCX or structured XML sniffed,
 * form detection, extraction, typing, rules, record). The engine is loaded
 * once, as in the CLI and the service. */
#include "core/alloc.h"
#include "form/intake.h"
#include "record/record.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ASSERT(c) \
	do { \
		if (!(c)) \
			abort(); \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gf_engine *engine(void)
{
	static gf_engine *e;
	if (!e) {
		gf_error err;
		gf_error_clear(&err);
		if (gf_engine_load(&e, GF_SOURCE_DIR "/templates", &err) != 0)
			abort();
	}
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gf_error err;
	gf_error_clear(&err);
	json_t *rec = NULL;
	int rc = gf_intake(engine(), data, size, NULL, &rec, &err);
	FUZZ_ASSERT(rc == 0 || rc == GF_EUNREADABLE || rc == GF_ELIMIT || rc == GF_ENOMEM);
	if (rc == GF_ENOMEM)
		return 0;
	FUZZ_ASSERT(rec != NULL);
	FUZZ_ASSERT(json_is_boolean(json_object_get(rec, "valid")));
	FUZZ_ASSERT(json_is_object(json_object_get(rec, "fields")));
	int code = gf_record_exit_code(rec);
	FUZZ_ASSERT(code >= 0 && code <= 2);
	FUZZ_ASSERT((rc == 0) == (code != 2));
	/* both writings of the record work */
	char *j = gf_record_json(rec), *x = gf_record_xml(rec);
	FUZZ_ASSERT(j && x);
	gf_free(j);
	gf_free(x);
	json_decref(rec);
	return 0;
}
