#include "batch/walk.h"
#include "core/alloc.h"
#include "core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct frame {
	char *rel;   /* folder below the root ("" for the root) */
	char **names;
	size_t n, i;
} frame;

struct gf_walk {
	char *root;
	frame stack[GF_WALK_DEPTH];
	int depth;
	char *path, *rel; /* the current file */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


static void frame_free(frame *f)
{
	for (size_t i = 0; i < f->n; i++)
		gf_free(f->names[i]);
	gf_free(f->names);
	gf_free(f->rel);
	memset(f, 0, sizeof *f);
}

/* Read and sort the entries of folder rel; 0, GF_EIO, GF_ENOMEM. */
static int push(gf_walk *w, const char *rel)
{
	if (w->depth == GF_WALK_DEPTH)
		return 0;
	char *full = *rel ? gf_path_join(w->root, rel) : gf_strdup(w->root);
	if (!full)
		return GF_ENOMEM;
	DIR *d = opendir(full);
	gf_free(full);
	if (!d)
		return GF_EIO;
	frame f = {0};
	size_t cap = 0;
	int rc = 0;
	f.rel = gf_strdup(rel);
	if (!f.rel)
		rc = GF_ENOMEM;
	struct dirent *de;
	while (!rc && (errno = 0, de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (f.n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			char **v = gf_realloc(f.names, nc * sizeof *v);
			if (!v) {
				rc = GF_ENOMEM;
				break;
			}
			f.names = v;
			cap = nc;
		}
		f.names[f.n] = gf_strdup(de->d_name);
		if (!f.names[f.n])
			rc = GF_ENOMEM;
		else
			f.n++;
	}
	closedir(d);
	if (rc) {
		frame_free(&f);
		return rc;
	}
	if (f.n)
		qsort(f.names, f.n, sizeof *f.names, cmp_names);
	w->stack[w->depth++] = f;
	return 0;
}

int gf_walk_open(gf_walk **out, const char *dir, gf_error *err)
{
	*out = NULL;
	gf_walk *w = gf_calloc(1, sizeof *w);
	if (!w || !(w->root = gf_strdup(dir))) {
		gf_free(w);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	int rc = push(w, "");
	if (rc) {
		int e = errno;
		gf_walk_free(w);
		return rc == GF_ENOMEM ? gf_error_set(err, rc, "out of memory")
				       : gf_error_set(err, rc, "cannot read folder %s: %s", dir, strerror(e));
	}
	*out = w;
	return 0;
}

int gf_walk_next(gf_walk *w, const char **path, const char **rel, gf_error *err)
{
	gf_free(w->path);
	gf_free(w->rel);
	w->path = w->rel = NULL;
	while (w->depth > 0) {
		frame *f = &w->stack[w->depth - 1];
		if (f->i == f->n) {
			frame_free(f);
			w->depth--;
			continue;
		}
		const char *name = f->names[f->i++];
		char *r = *f->rel ? gf_path_join(f->rel, name) : gf_strdup(name);
		char *p = r ? gf_path_join(w->root, r) : NULL;
		if (!r || !p) {
			gf_free(r);
			gf_free(p);
			return gf_error_set(err, GF_ENOMEM, "out of memory");
		}
		struct stat lst, st;
		if (lstat(p, &lst) != 0) {
			gf_free(r);
			gf_free(p);
			continue;
		}
		if (S_ISDIR(lst.st_mode)) {
			int rc = push(w, r);
			gf_free(r);
			gf_free(p);
			if (rc == GF_ENOMEM)
				return gf_error_set(err, rc, "out of memory");
			continue;
		}
		/* a file, or a link to one */
		if (S_ISREG(lst.st_mode) || (S_ISLNK(lst.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode))) {
			w->path = p;
			w->rel = r;
			*path = p;
			*rel = r;
			return 1;
		}
		gf_free(r);
		gf_free(p);
	}
	return 0;
}

void gf_walk_free(gf_walk *w)
{
	if (!w)
		return;
	while (w->depth > 0)
		frame_free(&w->stack[--w->depth]);
	gf_free(w->path);
	gf_free(w->rel);
	gf_free(w->root);
	gf_free(w);
}
