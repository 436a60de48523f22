/* support.h - helpers shared by the cmocka tests. */
#ifndef GF_TESTS_SUPPORT_H
#define GF_TESTS_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Whole file under tests/data (or an absolute path); fails the test when
 * missing. Caller frees with free(). */
char *gf_test_read(const char *path, size_t *len);
/* Path under the source tree: "samples/x.docx" -> "/…/samples/x.docx" (static buffer). */
const char *gf_test_src(const char *rel);

#endif
