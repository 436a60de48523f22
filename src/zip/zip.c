#include "zip/zip.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zip.h>

#define RATIO_FLOOR (1u << 20) /* the ratio limit applies above this size */
#define READ_CHUNK (256u << 10)
#define DEFLATE_MAX_RATIO 1032u /* deflate cannot expand more than this */

struct gf_zip {
	zip_t *za;
	const unsigned char *data;
	size_t len;
	gf_limits lim;
	size_t count;
	size_t total;       /* bytes counted against max_total so far */
	uint64_t *counted;  /* per entry: bytes of it counted in total */
};

struct gf_zip_stream {
	gf_zip *z;
	zip_file_t *f;
	zip_uint64_t idx;
	uint64_t comp;     /* compressed size */
	uint64_t size;     /* declared size, when has_size */
	bool has_size;
	bool done;
	uint64_t len;      /* bytes inflated so far */
	size_t cap;        /* max_stream */
	int failed;        /* sticky GF_E* once refused */
	char name[];
};

static uint32_t rd16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* The central directory as the end records describe it. */
struct cdir {
	uint64_t offset, size, entries;
};

/* Zip64 end record referenced by the locator just before the EOCD at eocd. */
static int cdir_zip64(struct cdir *cd, const unsigned char *d, size_t len, size_t eocd)
{
	if (eocd < 20 || memcmp(d + eocd - 20, "PK\6\7", 4) != 0)
		return -1;
	uint64_t off = rd64(d + eocd - 20 + 8);
	if (off > len || len - off < 56 || memcmp(d + off, "PK\6\6", 4) != 0)
		return -1;
	cd->entries = rd64(d + off + 32);
	cd->size = rd64(d + off + 40);
	cd->offset = rd64(d + off + 48);
	return 0;
}

/* Find the end of central directory record: the last "PK\5\6" whose comment
 * length reaches the end of the data exactly, or failing that the last one
 * whose directory lies inside the data. */
static int cdir_find(struct cdir *cd, const unsigned char *d, size_t len)
{
	if (len < 22)
		return -1;
	size_t lo = len - 22 > 65535 ? len - 22 - 65535 : 0;
	int found = -1;
	for (size_t k = len - 22 + 1; k > lo; k--) {
		size_t i = k - 1;
		if (d[i] != 'P' || memcmp(d + i, "PK\5\6", 4) != 0)
			continue;
		struct cdir c;
		c.entries = rd16(d + i + 10);
		c.size = rd32(d + i + 12);
		c.offset = rd32(d + i + 16);
		if ((c.entries == 0xFFFF || c.size == 0xFFFFFFFFu || c.offset == 0xFFFFFFFFu) &&
		    cdir_zip64(&c, d, len, i) != 0)
			continue;
		if (c.offset > i || c.size > i - c.offset)
			continue;
		if (found < 0 || i + 22 + rd16(d + i + 20) == len) {
			*cd = c;
			found = 0;
			if (i + 22 + rd16(d + i + 20) == len)
				break;
		}
	}
	return found;
}

/* A part name that stays inside the package. */
static const char *name_problem(const unsigned char *s, size_t n)
{
	if (n == 0)
		return "an empty name";
	if (memchr(s, '\0', n))
		return "a NUL byte";
	if (memchr(s, '\\', n))
		return "a backslash";
	if (!gf_utf8_valid((const char *)s, n))
		return "invalid UTF-8";
	if (s[0] == '/')
		return "an absolute path";
	if (n >= 2 && s[1] == ':' && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
		return "a drive letter";
	size_t seg = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '/') {
			if (i - seg == 2 && s[seg] == '.' && s[seg + 1] == '.')
				return "a \"..\" segment";
			seg = i + 1;
		}
	}
	return NULL;
}

/* Sizes and offset of a central entry, widened from its Zip64 extra field
 * where the 32-bit fields say so. */
static int entry_sizes(const unsigned char *h, uint64_t *csize, uint64_t *usize, uint64_t *loff)
{
	*usize = rd32(h + 24);
	*csize = rd32(h + 20);
	*loff = rd32(h + 42);
	if (*usize != 0xFFFFFFFFu && *csize != 0xFFFFFFFFu && *loff != 0xFFFFFFFFu)
		return 0;
	size_t nlen = rd16(h + 28), xlen = rd16(h + 30);
	const unsigned char *x = h + 46 + nlen, *end = x + xlen;
	while (end - x >= 4) {
		size_t id = rd16(x), sz = rd16(x + 2);
		if ((size_t)(end - x - 4) < sz)
			return -1;
		if (id == 1) {
			const unsigned char *v = x + 4, *ve = v + sz;
			uint64_t *f[3] = {usize, csize, loff};
			for (int i = 0; i < 3; i++) {
				if (*f[i] != 0xFFFFFFFFu)
					continue;
				if (ve - v < 8)
					return -1;
				*f[i] = rd64(v);
				v += 8;
			}
			return 0;
		}
		x += 4 + sz;
	}
	return -1;
}

/* Walk the central directory ourselves before libzip allocates anything:
 * raw names (libzip cuts them at NUL and converts encodings), methods,
 * encryption flags, and each local header agreeing with its central entry
 * (same name and method, data inside the file). */
static int cdir_check(const unsigned char *d, size_t len, const gf_limits *lim,
		      size_t *count_out, gf_error *err)
{
	struct cdir cd;
	if (cdir_find(&cd, d, len) != 0)
		return gf_error_set(err, GF_EUNREADABLE,
				    "not a zip package (no end of central directory; truncated?)");
	if (cd.entries > lim->max_entries)
		return gf_error_set(err, GF_ELIMIT, "zip package has %llu entries, over the %zu limit",
				    (unsigned long long)cd.entries, lim->max_entries);
	uint64_t off = cd.offset, end = cd.offset + cd.size;
	for (uint64_t i = 0; i < cd.entries; i++) {
		if (end - off < 46 || memcmp(d + off, "PK\1\2", 4) != 0)
			return gf_error_set(err, GF_EUNREADABLE,
					    "zip central directory is corrupt at entry %llu",
					    (unsigned long long)i);
		const unsigned char *h = d + off;
		uint32_t flags = rd16(h + 8), method = rd16(h + 10);
		uint64_t nlen = rd16(h + 28), xlen = rd16(h + 30), clen = rd16(h + 32);
		if (end - off - 46 < nlen + xlen + clen)
			return gf_error_set(err, GF_EUNREADABLE,
					    "zip central directory is corrupt at entry %llu",
					    (unsigned long long)i);
		const unsigned char *name = h + 46;
		int shown = (int)(nlen > 200 ? 200 : nlen);
		const char *why = name_problem(name, (size_t)nlen);
		if (why)
			return gf_error_set(err, GF_EUNREADABLE, "zip entry %llu has %s in its name",
					    (unsigned long long)i, why);
		if (flags & 1u)
			return gf_error_set(err, GF_EUNREADABLE, "zip entry %.*s is encrypted",
					    shown, name);
		if (method != 0 && method != 8)
			return gf_error_set(err, GF_EUNREADABLE,
					    "zip entry %.*s uses compression method %u (only stored and deflate are allowed)",
					    shown, name, (unsigned)method);
		uint64_t csize, usize, lo;
		if (entry_sizes(h, &csize, &usize, &lo) != 0 || lo > len || len - lo < 30 ||
		    memcmp(d + lo, "PK\3\4", 4) != 0)
			return gf_error_set(err, GF_EUNREADABLE,
					    "zip entry %.*s has no local header (truncated?)", shown, name);
		const unsigned char *l = d + lo;
		uint64_t lnlen = rd16(l + 26), lxlen = rd16(l + 28);
		if (lnlen != nlen || len - lo - 30 < lnlen || memcmp(l + 30, name, nlen) != 0 ||
		    rd16(l + 8) != method || (rd16(l + 6) & 1u))
			return gf_error_set(err, GF_EUNREADABLE,
					    "zip entry %.*s: local header disagrees with the directory",
					    shown, name);
		if (len - lo - 30 - lnlen < lxlen || len - lo - 30 - lnlen - lxlen < csize)
			return gf_error_set(err, GF_EUNREADABLE,
					    "zip entry %.*s runs past the end of the file (truncated?)",
					    shown, name);
		off += 46 + nlen + xlen + clen;
	}
	*count_out = (size_t)cd.entries;
	return GF_OK;
}

/* Entries over 1 MiB may not expand more than ratio times (0 = no limit). */
static int ratio_over(uint64_t size, uint64_t comp, unsigned ratio)
{
	return ratio && size > RATIO_FLOOR && size / ratio > comp;
}

static size_t stream_cap(const gf_limits *lim)
{
	return lim->max_stream ? lim->max_stream : lim->max_entry;
}

/* The most any entry may declare: the larger of the two caps. */
static size_t entry_cap(const gf_limits *lim)
{
	size_t s = stream_cap(lim);
	return s > lim->max_entry ? s : lim->max_entry;
}

/* Count entry idx as inflated up to len bytes against the package total:
 * only bytes past the furthest earlier read of it. */
static int count_total(gf_zip *z, zip_uint64_t idx, uint64_t len, gf_error *err)
{
	uint64_t seen = z->counted[idx];
	if (len <= seen)
		return GF_OK;
	uint64_t more = len - seen;
	if (more > z->lim.max_total - z->total)
		return gf_error_set(err, GF_ELIMIT, "package inflates past the %zu byte total limit",
				    z->lim.max_total);
	z->total += (size_t)more;
	z->counted[idx] = len;
	return GF_OK;
}

static int zip_fail(gf_error *err, int code, const char *what, zip_error_t *ze)
{
	int rc = gf_error_set(err, code, "%s: %s", what, zip_error_strerror(ze));
	zip_error_fini(ze);
	return rc;
}

int gf_zip_open(gf_zip **out, const void *data, size_t len, const gf_limits *lim,
		gf_error *err)
{
	*out = NULL;
	if (len > lim->max_input)
		return gf_error_set(err, GF_ELIMIT, "package is %zu bytes, over the %zu byte limit",
				    len, lim->max_input);
	size_t count = 0;
	int rc = cdir_check(data, len, lim, &count, err);
	if (rc)
		return rc;

	gf_zip *z = gf_calloc(1, sizeof *z);
	if (!z)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	z->data = data;
	z->len = len;
	z->lim = *lim;

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		gf_free(z);
		return zip_fail(err, GF_ENOMEM, "zip", &ze);
	}
	z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z->za) {
		zip_source_free(src);
		gf_free(z);
		int code = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? GF_ENOMEM : GF_EUNREADABLE;
		return zip_fail(err, code, "not a readable zip package", &ze);
	}
	zip_error_fini(&ze);

	zip_int64_t n = zip_get_num_entries(z->za, 0);
	if (n < 0 || (uint64_t)n != count) {
		rc = gf_error_set(err, GF_EUNREADABLE, "zip directory is inconsistent");
		goto fail;
	}
	z->count = (size_t)n;
	z->counted = gf_calloc(z->count ? z->count : 1, sizeof *z->counted);
	if (!z->counted) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto fail;
	}
	for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
		zip_stat_t st;
		const char *name = zip_get_name(z->za, i, ZIP_FL_ENC_RAW);
		if (!name || zip_stat_index(z->za, i, ZIP_FL_ENC_RAW, &st) != 0) {
			rc = gf_error_set(err, GF_EUNREADABLE, "zip entry %llu is unreadable",
					  (unsigned long long)i);
			goto fail;
		}
		if (zip_name_locate(z->za, name, ZIP_FL_ENC_RAW) != (zip_int64_t)i) {
			rc = gf_error_set(err, GF_EUNREADABLE, "zip entry name %s occurs twice", name);
			goto fail;
		}
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE) {
			rc = gf_error_set(err, GF_EUNREADABLE, "zip entry %s is encrypted", name);
			goto fail;
		}
		if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
		    st.comp_method != ZIP_CM_DEFLATE) {
			rc = gf_error_set(err, GF_EUNREADABLE,
					  "zip entry %s uses compression method %d", name,
					  (int)st.comp_method);
			goto fail;
		}
		if ((st.valid & ZIP_STAT_SIZE) && st.size > entry_cap(lim)) {
			rc = gf_error_set(err, GF_ELIMIT,
					  "zip entry %s declares %llu bytes, over the %zu byte limit",
					  name, (unsigned long long)st.size, entry_cap(lim));
			goto fail;
		}
		if ((st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) ==
			    (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE) &&
		    ratio_over(st.size, st.comp_size, lim->max_ratio)) {
			rc = gf_error_set(err, GF_ELIMIT,
					  "zip entry %s declares a compression ratio over %u",
					  name, lim->max_ratio);
			goto fail;
		}
	}
	*out = z;
	return GF_OK;
fail:
	gf_zip_close(z);
	return rc;
}

void gf_zip_close(gf_zip *z)
{
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	gf_free(z->counted);
	gf_free(z);
}

static zip_int64_t locate(gf_zip *z, const char *name)
{
	zip_int64_t i = zip_name_locate(z->za, name, ZIP_FL_ENC_RAW);
	if (i < 0)
		i = zip_name_locate(z->za, name, ZIP_FL_ENC_RAW | ZIP_FL_NOCASE);
	return i;
}

int gf_zip_has(gf_zip *z, const char *name)
{
	return locate(z, name) >= 0;
}

size_t gf_zip_count(const gf_zip *z)
{
	return z->count;
}

const char *gf_zip_name(const gf_zip *z, size_t i)
{
	if (i >= z->count)
		return NULL;
	return zip_get_name(z->za, i, ZIP_FL_ENC_RAW);
}

int gf_zip_read(gf_zip *z, const char *name, char **out, size_t *len_out, gf_error *err)
{
	*out = NULL;
	if (len_out)
		*len_out = 0;
	zip_int64_t idx = locate(z, name);
	if (idx < 0)
		return gf_error_set(err, GF_ENOTFOUND, "the package has no %s", name);
	zip_stat_t st;
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0)
		return gf_error_set(err, GF_EUNREADABLE, "zip entry %s is unreadable", name);
	const gf_limits *lim = &z->lim;
	uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > lim->max_entry)
		return gf_error_set(err, GF_ELIMIT,
				    "zip entry %s declares %llu bytes, over the %zu byte limit",
				    name, (unsigned long long)st.size, lim->max_entry);

	/* Pre-size from the declared size, bounded by what deflate can produce. */
	uint64_t guess = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	if (guess > comp * DEFLATE_MAX_RATIO + 64)
		guess = comp * DEFLATE_MAX_RATIO + 64;
	if (guess > lim->max_entry)
		guess = lim->max_entry;

	gf_buf b = GF_BUF_INIT(lim->max_entry + 1);
	int rc = GF_OK;
	zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (!f) {
		zip_error_t *ze = zip_get_error(z->za);
		rc = gf_error_set(err, zip_error_code_zip(ze) == ZIP_ER_MEMORY ? GF_ENOMEM : GF_EUNREADABLE,
				  "cannot open zip entry %s: %s", name, zip_error_strerror(ze));
		return rc;
	}
	if (gf_buf_reserve(&b, (size_t)guess) != GF_OK) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (;;) {
		/* b.len <= max_entry here, so there is room for one byte more */
		size_t want = lim->max_entry + 1 - b.len;
		if (want > READ_CHUNK)
			want = READ_CHUNK;
		if (b.alloc - b.len - 1 < want && (rc = gf_buf_reserve(&b, want)) != GF_OK) {
			rc = gf_error_set(err, rc, "out of memory");
			goto cleanup;
		}
		zip_int64_t k = zip_fread(f, b.data + b.len, want);
		if (k < 0) {
			zip_error_t *ze = zip_file_get_error(f);
			int zc = zip_error_code_zip(ze);
			rc = gf_error_set(err, zc == ZIP_ER_MEMORY ? GF_ENOMEM : GF_EUNREADABLE,
					  "zip entry %s is corrupt: %s", name, zip_error_strerror(ze));
			goto cleanup;
		}
		if (k == 0)
			break;
		b.len += (size_t)k;
		b.data[b.len] = '\0';
		if (b.len > lim->max_entry) {
			rc = gf_error_set(err, GF_ELIMIT, "zip entry %s inflates past the %zu byte limit",
					  name, lim->max_entry);
			goto cleanup;
		}
		if (ratio_over(b.len, comp, lim->max_ratio)) {
			rc = gf_error_set(err, GF_ELIMIT,
					  "zip entry %s inflates with a ratio over %u (zip bomb?)",
					  name, lim->max_ratio);
			goto cleanup;
		}
		uint64_t seen = z->counted[idx];
		if (b.len > seen && b.len - seen > lim->max_total - z->total) {
			rc = gf_error_set(err, GF_ELIMIT,
					  "package inflates past the %zu byte total limit", lim->max_total);
			goto cleanup;
		}
	}
	b.data[b.len] = '\0';
	if ((st.valid & ZIP_STAT_SIZE) && st.size != b.len) {
		rc = gf_error_set(err, GF_EUNREADABLE,
				  "zip entry %s is corrupt: it inflates to %zu bytes, not the %llu declared",
				  name, b.len, (unsigned long long)st.size);
		goto cleanup;
	}
	if ((rc = count_total(z, (zip_uint64_t)idx, b.len, err)) != GF_OK)
		goto cleanup;
	size_t n = b.len;
	*out = gf_buf_detach(&b, NULL);
	if (!*out) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (len_out)
		*len_out = n;
cleanup:
	zip_fclose(f);
	gf_buf_free(&b);
	return rc;
}

int gf_zip_stream_open(gf_zip_stream **out, gf_zip *z, const char *name, gf_error *err)
{
	*out = NULL;
	zip_int64_t idx = locate(z, name);
	if (idx < 0)
		return gf_error_set(err, GF_ENOTFOUND, "the package has no %s", name);
	zip_stat_t st;
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0)
		return gf_error_set(err, GF_EUNREADABLE, "zip entry %s is unreadable", name);
	size_t cap = stream_cap(&z->lim);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > cap)
		return gf_error_set(err, GF_ELIMIT,
				    "zip entry %s declares %llu bytes, over the %zu byte limit",
				    name, (unsigned long long)st.size, cap);
	size_t nlen = strlen(name);
	gf_zip_stream *s = gf_calloc(1, sizeof *s + nlen + 1);
	if (!s)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	memcpy(s->name, name, nlen + 1);
	s->z = z;
	s->idx = (zip_uint64_t)idx;
	s->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	s->has_size = (st.valid & ZIP_STAT_SIZE) != 0;
	s->size = s->has_size ? st.size : 0;
	s->cap = cap;
	s->f = zip_fopen_index(z->za, s->idx, 0);
	if (!s->f) {
		zip_error_t *ze = zip_get_error(z->za);
		int rc = gf_error_set(err, zip_error_code_zip(ze) == ZIP_ER_MEMORY ? GF_ENOMEM : GF_EUNREADABLE,
				      "cannot open zip entry %s: %s", name, zip_error_strerror(ze));
		gf_free(s);
		return rc;
	}
	*out = s;
	return GF_OK;
}

static int stream_fail(gf_zip_stream *s, int rc)
{
	s->failed = rc;
	return rc;
}

int gf_zip_stream_read(gf_zip_stream *s, void *buf, size_t n, size_t *got, gf_error *err)
{
	*got = 0;
	if (s->failed)
		return gf_error_set(err, s->failed, "zip entry %s was refused", s->name);
	if (s->done || n == 0)
		return GF_OK;
	zip_int64_t k = zip_fread(s->f, buf, n);
	if (k < 0) {
		zip_error_t *ze = zip_file_get_error(s->f);
		int code = zip_error_code_zip(ze) == ZIP_ER_MEMORY ? GF_ENOMEM : GF_EUNREADABLE;
		return stream_fail(s, gf_error_set(err, code, "zip entry %s is corrupt: %s", s->name,
						   zip_error_strerror(ze)));
	}
	if (k == 0) {
		if (s->has_size && s->len != s->size)
			return stream_fail(s, gf_error_set(err, GF_EUNREADABLE,
							   "zip entry %s is corrupt: it inflates to %llu bytes, not the %llu declared",
							   s->name, (unsigned long long)s->len,
							   (unsigned long long)s->size));
		s->done = true;
		return GF_OK;
	}
	s->len += (uint64_t)k;
	if (s->len > s->cap)
		return stream_fail(s, gf_error_set(err, GF_ELIMIT,
						   "zip entry %s inflates past the %zu byte limit", s->name,
						   s->cap));
	if (s->has_size && s->len > s->size)
		return stream_fail(s, gf_error_set(err, GF_EUNREADABLE,
						   "zip entry %s is corrupt: it inflates past the %llu bytes declared",
						   s->name, (unsigned long long)s->size));
	if (ratio_over(s->len, s->comp, s->z->lim.max_ratio))
		return stream_fail(s, gf_error_set(err, GF_ELIMIT,
						   "zip entry %s inflates with a ratio over %u (zip bomb?)",
						   s->name, s->z->lim.max_ratio));
	int rc = count_total(s->z, s->idx, s->len, err);
	if (rc)
		return stream_fail(s, rc);
	*got = (size_t)k;
	return GF_OK;
}

void gf_zip_stream_close(gf_zip_stream *s)
{
	if (!s)
		return;
	if (s->f)
		zip_fclose(s->f);
	gf_free(s);
}
