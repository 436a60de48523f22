/* walk.h - the files below a folder, depth first, names in byte order (the
 * same order on every machine and for every locale). Symbolic links to
 * folders are not followed; hidden entries (".name") are skipped; subfolders
 * that cannot be opened are skipped. Depth is capped at GF_WALK_DEPTH.
 */
#ifndef GF_BATCH_WALK_H
#define GF_BATCH_WALK_H

#include "core/error.h"

#define GF_WALK_DEPTH 64

typedef struct gf_walk gf_walk;

/* Caller frees with gf_walk_free. GF_EIO when dir cannot be opened. */
int gf_walk_open(gf_walk **out, const char *dir, gf_error *err);
/* Next file: 1 with *path (dir/rel) and *rel (below dir), valid until the
 * next call; 0 at the end; GF_ENOMEM. */
int gf_walk_next(gf_walk *w, const char **path, const char **rel, gf_error *err);
void gf_walk_free(gf_walk *w);

#endif
