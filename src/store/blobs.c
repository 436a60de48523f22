/* blobs.c - content-addressed file bodies in a directory. */
#include "store/blobs.h"

#include "core/alloc.h"
#include "core/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct dir_blobs {
	gf_blobs base;
	char *dir;
} dir_blobs;

static int valid_sha(const char *sha)
{
	for (int i = 0; i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return 0;
	return sha[64] == '\0';
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const char *p, size_t left)
{
	while (left) {
		ssize_t k = write(fd, p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		left -= (size_t)k;
	}
	return 0;
}

static int dir_put(gf_blobs *b, const char sha[65], const void *data, size_t len, gf_error *err)
{
	dir_blobs *d = (dir_blobs *)b;
	char sub[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	if (snprintf(sub, sizeof sub, "%s/%.2s", d->dir, sha) >= (int)sizeof sub ||
	    snprintf(path, sizeof path, "%s/%s", sub, sha) >= (int)sizeof path ||
	    snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", sub) >= (int)sizeof tmp)
		return gf_error_set(err, GF_ESTORE, "blob path too long");
	struct stat st;
	if (stat(path, &st) == 0 && (size_t)st.st_size == len)
		return GF_OK;
	if (mkdir(sub, 0755) == 0) {
		if (fsync_dir(d->dir) != 0)
			return gf_error_set(err, GF_ESTORE, "syncing %s: %s", d->dir, strerror(errno));
	} else if (errno != EEXIST) {
		return gf_error_set(err, GF_ESTORE, "cannot create %s: %s", sub, strerror(errno));
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return gf_error_set(err, GF_ESTORE, "cannot create a file in %s: %s", sub,
				    strerror(errno));
	if (fchmod(fd, 0644) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return gf_error_set(err, GF_ESTORE, "writing %s: %s", path, strerror(e));
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return gf_error_set(err, GF_ESTORE, "storing %s: %s", path, strerror(e));
	}
	if (fsync_dir(sub) != 0)
		return gf_error_set(err, GF_ESTORE, "syncing %s: %s", sub, strerror(errno));
	return GF_OK;
}

static int dir_get(gf_blobs *b, const char sha[65], char **out, size_t *out_len, size_t max,
		   gf_error *err)
{
	dir_blobs *d = (dir_blobs *)b;
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/%.2s/%s", d->dir, sha, sha) >= (int)sizeof path)
		return gf_error_set(err, GF_ESTORE, "blob path too long");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return gf_error_set(err, GF_ENOTFOUND, "stored body %s is missing", sha);
		return gf_error_set(err, GF_ESTORE, "cannot open %s: %s", path, strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 0 || (size_t)st.st_size > max) {
		close(fd);
		return gf_error_set(err, GF_ELIMIT, "stored body %s is too large", sha);
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *buf = gf_malloc(n + 1);
	if (!buf) {
		close(fd);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != n) {
		gf_free(buf);
		return gf_error_set(err, GF_ESTORE, "short read on %s", path);
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return GF_OK;
}

static void dir_close(gf_blobs *b)
{
	dir_blobs *d = (dir_blobs *)b;
	gf_free(d->dir);
	gf_free(d);
}

static const gf_blobs_ops dir_ops = {"dir", dir_put, dir_get, dir_close};

int gf_blobs_open_dir(gf_blobs **out, const char *dir, gf_error *err)
{
	*out = NULL;
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return gf_error_set(err, GF_ESTORE, "cannot create %s: %s", dir, strerror(errno));
	dir_blobs *d = gf_calloc(1, sizeof *d);
	if (!d || !(d->dir = gf_strdup(dir))) {
		gf_free(d);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	d->base.ops = &dir_ops;
	*out = &d->base;
	return GF_OK;
}

int gf_blobs_put(gf_blobs *b, char sha256_out[65], const void *data, size_t len, gf_error *err)
{
	gf_sha256_hex(data, len, sha256_out);
	return b->ops->put(b, sha256_out, data, len, err);
}

int gf_blobs_get(gf_blobs *b, char **out, size_t *out_len, const char sha256[65], size_t max,
		 gf_error *err)
{
	*out = NULL;
	*out_len = 0;
	if (!valid_sha(sha256))
		return gf_error_set(err, GF_EINVAL, "not a SHA-256 digest");
	char *data;
	size_t len;
	int rc = b->ops->get(b, sha256, &data, &len, max, err);
	if (rc)
		return rc;
	char hex[65];
	gf_sha256_hex(data, len, hex);
	if (strcmp(hex, sha256) != 0) {
		gf_free(data);
		return gf_error_set(err, GF_ESTORE, "stored body %s does not match its hash", sha256);
	}
	*out = data;
	*out_len = len;
	return GF_OK;
}

void gf_blobs_close(gf_blobs *b)
{
	if (b)
		b->ops->close(b);
}
