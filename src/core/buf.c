#include "core/buf.h"
#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t buf_max(const gf_buf *b)
{
	return b->max ? b->max : SIZE_MAX / 2;
}

void gf_buf_init(gf_buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->alloc = 0;
	b->max = max;
}

int gf_buf_reserve(gf_buf *b, size_t n)
{
	if (n > buf_max(b) || b->len > buf_max(b) - n)
		return GF_ELIMIT;
	size_t need = b->len + n + 1;
	if (need <= b->alloc)
		return GF_OK;
	size_t a = b->alloc ? b->alloc : 64;
	while (a < need)
		a = a > SIZE_MAX / 4 ? need : a * 2;
	char *d = gf_realloc(b->data, a);
	if (!d)
		return GF_ENOMEM;
	b->data = d;
	b->alloc = a;
	b->data[b->len] = '\0';
	return GF_OK;
}

int gf_buf_append(gf_buf *b, const void *p, size_t n)
{
	int rc = gf_buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return GF_OK;
}

int gf_buf_puts(gf_buf *b, const char *s)
{
	return gf_buf_append(b, s, strlen(s));
}

int gf_buf_putc(gf_buf *b, char c)
{
	return gf_buf_append(b, &c, 1);
}

int gf_buf_printf(gf_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return GF_EINVAL;
	int rc = gf_buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return GF_OK;
}

void gf_buf_truncate(gf_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *gf_buf_detach(gf_buf *b, size_t *len_out)
{
	char *d = b->data;
	if (!d)
		d = gf_strdup("");
	if (len_out)
		*len_out = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return d;
}

void gf_buf_free(gf_buf *b)
{
	gf_free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

int gf_file_read(char **out, size_t *len_out, const char *path, size_t max,
		 gf_error *err)
{
	*out = NULL;
	*len_out = 0;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gf_error_set(err, errno == ENOENT ? GF_ENOTFOUND : GF_EIO,
				    "cannot open %s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (fd != STDIN_FILENO)
			close(fd);
		return gf_error_set(err, GF_EIO, "%s is a directory", path);
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
		if (fd != STDIN_FILENO)
			close(fd);
		return gf_error_set(err, GF_ELIMIT, "%s is %lld bytes, over the %zu byte limit",
				    path, (long long)st.st_size, max);
	}
	gf_buf b = GF_BUF_INIT(max);
	int rc = GF_OK;
	for (;;) {
		rc = gf_buf_reserve(&b, 65536);
		if (rc == GF_ELIMIT) {
			/* room for less than a block: read what is left under the cap */
			size_t room = max - b.len;
			if (room == 0) {
				char probe;
				ssize_t k = read(fd, &probe, 1);
				if (k > 0) {
					rc = gf_error_set(err, GF_ELIMIT, "%s is over the %zu byte limit", path, max);
					break;
				}
				rc = GF_OK;
				break;
			}
			rc = gf_buf_reserve(&b, room);
		}
		if (rc) {
			gf_error_set(err, rc, "reading %s: %s", path, gf_error_name(rc));
			break;
		}
		size_t room = b.alloc - b.len - 1;
		ssize_t k = read(fd, b.data + b.len, room);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			rc = gf_error_set(err, GF_EIO, "reading %s: %s", path, strerror(errno));
			break;
		}
		if (k == 0)
			break;
		b.len += (size_t)k;
		b.data[b.len] = '\0';
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc) {
		gf_buf_free(&b);
		return rc;
	}
	*out = gf_buf_detach(&b, len_out);
	return *out ? GF_OK : gf_error_set(err, GF_ENOMEM, "out of memory");
}

char *gf_asprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *d = gf_malloc((size_t)n + 1);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

char *gf_path_join(const char *a, const char *b)
{
	size_t la = strlen(a), cap = la + strlen(b) + 2;
	char *p = gf_malloc(cap);
	if (!p)
		return NULL;
	snprintf(p, cap, "%s%s%s", a, la && a[la - 1] != '/' ? "/" : "", b);
	return p;
}

int gf_buf_csv_field(gf_buf *b, const char *s)
{
	if (!s)
		s = "";
	bool q = strpbrk(s, ",\"\r\n") != NULL;
	int rc = q ? gf_buf_putc(b, '"') : 0;
	for (const char *p = s; !rc && *p; p++) {
		if (*p == '"')
			rc = gf_buf_putc(b, '"');
		if (!rc)
			rc = gf_buf_putc(b, *p);
	}
	if (!rc && q)
		rc = gf_buf_putc(b, '"');
	return rc;
}

int gf_mkdir_p(const char *dir, gf_error *err)
{
	char *d = gf_strdup(dir);
	if (!d)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	int rc = GF_OK;
	for (char *p = d + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(d, 0777) != 0 && errno != EEXIST) {
			rc = gf_error_set(err, GF_EIO, "cannot create %s: %s", d, strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	gf_free(d);
	return rc;
}

/* fsync the directory holding path, so a rename in it is durable. */
static int sync_dir(const char *path)
{
	char *dir = gf_strdup(path);
	if (!dir)
		return -1;
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		dir[0] = '.', dir[1] = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	gf_free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int gf_file_write_atomic(const char *path, const void *data, size_t len, unsigned flags,
			 gf_error *err)
{
	char *tmp = gf_asprintf("%s.tmp~%ld.%lx", path, (long)getpid(), (unsigned long)pthread_self());
	if (!tmp)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ENOENT && (flags & GF_WRITE_MKDIRS)) {
		char *dir = gf_strdup(path);
		char *slash = dir ? strrchr(dir, '/') : NULL;
		if (slash && slash != dir) {
			*slash = '\0';
			gf_mkdir_p(dir, NULL);
		}
		gf_free(dir);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		int e = errno;
		gf_free(tmp);
		return gf_error_set(err, GF_EIO, "cannot create %s: %s", path, strerror(e));
	}
	const char *p = data;
	size_t left = len;
	int e = 0;
	while (left && !e) {
		ssize_t k = write(fd, p, left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			e = k < 0 ? errno : EIO;
			break;
		}
		p += k;
		left -= (size_t)k;
	}
	if (!e && (flags & GF_WRITE_SYNC) && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (!e && (flags & GF_WRITE_SYNC) && sync_dir(path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		gf_free(tmp);
		return gf_error_set(err, GF_EIO, "writing %s: %s", path, strerror(e));
	}
	gf_free(tmp);
	return GF_OK;
}
