/* support_backend.h - a test backend for the server: JSON forms in
 * ({"form": "request", "fields": {...}}), a small real PDF out. Stands in
 * for the intake pipeline and the sheet renderer in server tests. */
#ifndef GF_TESTS_SUPPORT_BACKEND_H
#define GF_TESTS_SUPPORT_BACKEND_H

#include "http/server.h"

extern const gf_backend gf_test_backend;

/* Make intake wait inside (for forms whose form id is "block") until
 * released; gf_test_block_wait returns 0 once one is waiting, -1 when none
 * came within 30 s. */
void gf_test_block_arm(void);
int gf_test_block_wait(void);
void gf_test_block_release(void);
/* How many sheets were rendered so far. */
int gf_test_renders(void);

#endif
