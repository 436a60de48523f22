/* support.h - helpers shared by the cmocka tests. */
#ifndef GF_TESTS_SUPPORT_H
#define GF_TESTS_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

/* Whole file under tests/data (or an absolute path); fails the test when
 * missing. Caller frees with free(). */
char *gf_test_read(const char *path, size_t *len);
/* Path under the source tree: "samples/x.docx" -> "/…/samples/x.docx" (static buffer). */
const char *gf_test_src(const char *rel);

/* Standard output of a shell command (caller frees with gf_free); *status,
 * when given, gets its exit status (-1 when it did not exit). */
char *gf_test_run(const char *cmd, int *status);

/* snprintf into a char array, failing the test when it does not fit. */
#define GF_TEST_FMT(buf, ...)                                                    \
	do {                                                                     \
		if (snprintf((buf), sizeof(buf), __VA_ARGS__) >= (int)sizeof(buf)) \
			fail_msg("%s: text too long", #buf);                     \
	} while (0)

#endif
