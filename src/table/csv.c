#include "table/csv.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_CHUNK 65536
#define DEC_CAP (RAW_CHUNK * 4 + 16)

struct gf_csv {
	/* source: a file descriptor, or bytes in memory */
	int fd;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	char *name;

	gf_encoding enc;
	char delim;
	iconv_t cd;
	bool started;
	bool eof_raw; /* the source is exhausted */
	bool done;    /* no more rows */

	/* raw bytes not yet decoded (iconv carries an incomplete sequence) */
	char raw[RAW_CHUNK + 8];
	size_t raw_len;
	uint64_t raw_off; /* source offset of raw[0], for messages */

	/* decoded UTF-8 */
	char *dec;
	size_t dec_len, dec_pos;

	/* the current row */
	gf_buf row;
	size_t *offs;
	gf_tcell *cells;
	size_t ncells;
	int line;

	char sha[65];
	size_t records;
};

const char *gf_encoding_name(gf_encoding e)
{
	switch (e) {
	case GF_ENC_UTF8: return "utf-8";
	case GF_ENC_UTF8_BOM: return "utf-8-bom";
	case GF_ENC_GB18030: return "gb18030";
	case GF_ENC_UTF16LE: return "utf-16le";
	case GF_ENC_UTF16BE: return "utf-16be";
	}
	return "?";
}

/* ---- byte source ---------------------------------------------------------- */

static ssize_t src_read(gf_csv *c, void *buf, size_t n)
{
	if (!c->mem) {
		for (;;) {
			ssize_t k = read(c->fd, buf, n);
			if (k < 0 && errno == EINTR)
				continue;
			return k;
		}
	}
	size_t left = c->mem_len - c->mem_pos;
	if (n > left)
		n = left;
	memcpy(buf, c->mem + c->mem_pos, n);
	c->mem_pos += n;
	return (ssize_t)n;
}

static int src_rewind(gf_csv *c)
{
	if (c->mem) {
		c->mem_pos = 0;
		return 0;
	}
	return lseek(c->fd, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* ---- first pass: hash, encoding, record count ------------------------------ */

typedef struct scan {
	gf_sha256 sha;
	uint64_t total;
	unsigned char head[4];
	size_t nhead;
	/* UTF-8 validation */
	bool utf8_ok;
	uint64_t bad_off;
	int need;            /* continuation bytes still expected */
	unsigned char lo, hi; /* range of the next continuation byte */
	uint32_t cp;
	int seqlen;
	size_t n_two, n_two_exotic, n_three, n_four, n_cjk;
	/* records */
	bool quoted;
	bool pending_cr;
	bool line_open;
	size_t records;
} scan;

static bool is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

static void scan_utf8(scan *s, unsigned char b)
{
	if (!s->utf8_ok)
		return;
	if (s->need) {
		if (b < s->lo || b > s->hi) {
			s->utf8_ok = false;
			s->bad_off = s->total;
			return;
		}
		s->lo = 0x80;
		s->hi = 0xBF;
		s->cp = (s->cp << 6) | (b & 0x3F);
		if (--s->need == 0) {
			if (s->seqlen == 2) {
				s->n_two++;
				s->n_two_exotic += s->cp >= 0x100;
			} else if (s->seqlen == 3) {
				s->n_three++;
			} else {
				s->n_four++;
			}
			s->n_cjk += is_cjk(s->cp);
		}
		return;
	}
	if (b < 0x80)
		return;
	s->lo = 0x80;
	s->hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		s->need = 1;
		s->cp = b & 0x1F;
	} else if (b >= 0xE0 && b <= 0xEF) {
		s->need = 2;
		s->cp = b & 0x0F;
		if (b == 0xE0)
			s->lo = 0xA0;
		else if (b == 0xED)
			s->hi = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		s->need = 3;
		s->cp = b & 0x07;
		if (b == 0xF0)
			s->lo = 0x90;
		else if (b == 0xF4)
			s->hi = 0x8F;
	} else {
		s->utf8_ok = false;
		s->bad_off = s->total;
		return;
	}
	s->seqlen = s->need + 1;
}

/* Records of an ASCII-compatible encoding: '"' and line ends are never part
 * of a multibyte sequence in UTF-8 or GB18030. */
static void scan_records(scan *s, unsigned char b)
{
	if (s->pending_cr) {
		s->pending_cr = false;
		if (b == '\n')
			return;
	}
	if (b == '"') {
		s->quoted = !s->quoted;
		s->line_open = true;
	} else if ((b == '\n' || b == '\r') && !s->quoted) {
		s->records++;
		s->line_open = false;
		s->pending_cr = b == '\r';
	} else {
		s->line_open = true;
	}
}

static int gb18030_check(gf_csv *c, gf_error *err);

static int first_pass(gf_csv *c, size_t max_bytes, gf_error *err)
{
	scan s;
	memset(&s, 0, sizeof s);
	s.utf8_ok = true;
	gf_sha256_init(&s.sha);
	unsigned char *buf = (unsigned char *)c->raw;
	for (;;) {
		ssize_t k = src_read(c, buf, RAW_CHUNK);
		if (k < 0)
			return gf_error_set(err, GF_EIO, "reading %s: %s", c->name, strerror(errno));
		if (k == 0)
			break;
		gf_sha256_update(&s.sha, buf, (size_t)k);
		for (ssize_t i = 0; i < k; i++) {
			unsigned char b = buf[i];
			if (s.nhead < 4)
				s.head[s.nhead++] = b;
			scan_utf8(&s, b);
			scan_records(&s, b);
			s.total++;
		}
		if (max_bytes && s.total > max_bytes)
			return gf_error_set(err, GF_ELIMIT, "%s is over the %zu byte limit", c->name,
					    max_bytes);
	}
	if (s.need && s.utf8_ok) {
		s.utf8_ok = false;
		s.bad_off = s.total;
	}
	unsigned char out[32];
	gf_sha256_final(&s.sha, out);
	gf_hex_encode(out, 32, c->sha);
	c->records = s.records + (s.line_open ? 1 : 0);

	if (s.nhead >= 2 && s.head[0] == 0xFF && s.head[1] == 0xFE) {
		c->enc = GF_ENC_UTF16LE;
	} else if (s.nhead >= 2 && s.head[0] == 0xFE && s.head[1] == 0xFF) {
		c->enc = GF_ENC_UTF16BE;
	} else if (s.nhead >= 3 && s.head[0] == 0xEF && s.head[1] == 0xBB && s.head[2] == 0xBF) {
		if (!s.utf8_ok)
			return gf_error_set(err, GF_EUNREADABLE,
					    "%s: byte %llu is not UTF-8 (the file starts with a UTF-8 BOM)",
					    c->name, (unsigned long long)s.bad_off);
		c->enc = GF_ENC_UTF8_BOM;
	} else if (s.utf8_ok) {
		c->enc = GF_ENC_UTF8;
		/* GBK text that happens to be valid UTF-8 reads as Latin, Greek,
		 * Cyrillic, Arabic... in two-byte sequences and never as CJK. */
		if (s.n_cjk == 0 && s.n_three == 0 && s.n_four == 0 && s.n_two_exotic >= 2 &&
		    s.n_two_exotic * 2 >= s.n_two) {
			c->enc = GF_ENC_GB18030;
			gf_error probe = {0};
			if (gb18030_check(c, &probe) != 0)
				c->enc = GF_ENC_UTF8;
		}
	} else {
		c->enc = GF_ENC_GB18030;
	}
	if (c->enc == GF_ENC_UTF16LE || c->enc == GF_ENC_UTF16BE)
		c->records = 0; /* counted as rows are read */
	if (src_rewind(c) != 0)
		return gf_error_set(err, GF_EIO, "rewinding %s: %s", c->name, strerror(errno));
	return GF_OK;
}

/* ---- decoding --------------------------------------------------------------- */

static int open_iconv(gf_csv *c, gf_error *err)
{
	const char *from = c->enc == GF_ENC_GB18030 ? "GB18030"
			   : c->enc == GF_ENC_UTF16LE ? "UTF-16LE"
						      : "UTF-16BE";
	c->cd = iconv_open("UTF-8", from);
	if (c->cd == (iconv_t)-1)
		return gf_error_set(err, GF_EIO, "%s: no %s converter (iconv): %s", c->name, from,
				    strerror(errno));
	return GF_OK;
}

/* Decode more bytes into c->dec (from dec_pos on). Returns 1 when bytes were
 * added, 0 at the end of the input, or an error. */
static int refill(gf_csv *c, gf_error *err)
{
	if (c->dec_pos > 0) {
		memmove(c->dec, c->dec + c->dec_pos, c->dec_len - c->dec_pos);
		c->dec_len -= c->dec_pos;
		c->dec_pos = 0;
	}
	for (;;) {
		if (!c->eof_raw && c->raw_len < RAW_CHUNK) {
			ssize_t k = src_read(c, c->raw + c->raw_len, RAW_CHUNK - c->raw_len);
			if (k < 0)
				return gf_error_set(err, GF_EIO, "reading %s: %s", c->name, strerror(errno));
			if (k == 0)
				c->eof_raw = true;
			c->raw_len += (size_t)k;
		}
		size_t before = c->dec_len;
		if (c->enc == GF_ENC_UTF8 || c->enc == GF_ENC_UTF8_BOM) {
			size_t n = c->raw_len;
			if (n > DEC_CAP - 1 - c->dec_len)
				n = DEC_CAP - 1 - c->dec_len;
			memcpy(c->dec + c->dec_len, c->raw, n);
			c->dec_len += n;
			memmove(c->raw, c->raw + n, c->raw_len - n);
			c->raw_len -= n;
			c->raw_off += n;
		} else {
			char *in = c->raw;
			size_t inleft = c->raw_len;
			char *outp = c->dec + c->dec_len;
			size_t outleft = DEC_CAP - 1 - c->dec_len;
			size_t r = iconv(c->cd, &in, &inleft, &outp, &outleft);
			int e = errno;
			size_t used = c->raw_len - inleft;
			c->dec_len = (size_t)(outp - c->dec);
			if (r == (size_t)-1 && e == EILSEQ)
				return gf_error_set(err, GF_EUNREADABLE,
						    "%s: bytes at offset %llu are %s", c->name,
						    (unsigned long long)c->raw_off + used,
						    c->enc == GF_ENC_GB18030 ? "neither UTF-8 nor GB18030 text"
									     : "not valid UTF-16 text");
			if (r == (size_t)-1 && e == EINVAL && c->eof_raw && used == 0)
				return gf_error_set(err, GF_EUNREADABLE,
						    "%s: the file ends inside a character (offset %llu)",
						    c->name, (unsigned long long)c->raw_off + used);
			memmove(c->raw, c->raw + used, c->raw_len - used);
			c->raw_len -= used;
			c->raw_off += used;
		}
		c->dec[c->dec_len] = '\0';
		if (c->dec_len > before)
			return 1;
		if (c->eof_raw && c->raw_len == 0)
			return 0;
	}
}

/* Decode the whole input as GB18030 to see whether it is (rare: only for
 * valid UTF-8 that looks like GBK mojibake). Rewinds afterwards. */
static int gb18030_check(gf_csv *c, gf_error *err)
{
	int rc = src_rewind(c) == 0 ? open_iconv(c, err) : GF_EIO;
	if (rc)
		return rc;
	char *dec = gf_malloc(DEC_CAP);
	if (!dec) {
		iconv_close(c->cd);
		c->cd = (iconv_t)-1;
		return GF_ENOMEM;
	}
	c->dec = dec;
	c->dec_len = c->dec_pos = 0;
	c->raw_len = 0;
	c->raw_off = 0;
	c->eof_raw = false;
	for (;;) {
		rc = refill(c, err);
		c->dec_pos = c->dec_len; /* discard */
		if (rc <= 0)
			break;
	}
	gf_free(dec);
	c->dec = NULL;
	c->dec_len = c->dec_pos = 0;
	c->raw_len = 0;
	c->raw_off = 0;
	c->eof_raw = false;
	iconv_close(c->cd);
	c->cd = (iconv_t)-1;
	return rc;
}

static inline int getch(gf_csv *c, gf_error *err)
{
	if (c->dec_pos < c->dec_len)
		return (unsigned char)c->dec[c->dec_pos++];
	int rc = refill(c, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return -100; /* end of input */
	return (unsigned char)c->dec[c->dec_pos++];
}

static inline int peekch(gf_csv *c, gf_error *err)
{
	if (c->dec_pos < c->dec_len)
		return (unsigned char)c->dec[c->dec_pos];
	int rc = refill(c, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return -100;
	return (unsigned char)c->dec[c->dec_pos];
}

#define CH_EOF (-100)

/* ---- open / close --------------------------------------------------------- */

/* A reader with its buffers; NULL (err set) when out of memory. */
static gf_csv *csv_new(const char *name, gf_error *err)
{
	gf_csv *c = gf_calloc(1, sizeof *c);
	if (!c) {
		gf_error_set(err, GF_ENOMEM, "out of memory");
		return NULL;
	}
	c->fd = -1;
	c->cd = (iconv_t)-1;
	c->delim = ',';
	c->name = gf_strdup(name ? name : "CSV");
	gf_buf_init(&c->row, GF_TABLE_MAX_ROW);
	c->offs = gf_malloc(GF_TABLE_MAX_COLS * sizeof *c->offs);
	c->cells = gf_malloc(GF_TABLE_MAX_COLS * sizeof *c->cells);
	if (!c->name || !c->offs || !c->cells) {
		gf_csv_close(c);
		gf_error_set(err, GF_ENOMEM, "out of memory");
		return NULL;
	}
	return c;
}

static int csv_start(gf_csv *c, size_t max_bytes, gf_error *err)
{
	int rc = first_pass(c, max_bytes, err);
	if (rc)
		return rc;
	if (c->enc == GF_ENC_GB18030 || c->enc == GF_ENC_UTF16LE || c->enc == GF_ENC_UTF16BE) {
		rc = open_iconv(c, err);
		if (rc)
			return rc;
	}
	c->dec = gf_malloc(DEC_CAP);
	if (!c->dec)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	c->dec_len = c->dec_pos = 0;
	return GF_OK;
}

int gf_csv_open(gf_csv **out, const char *path, size_t max_bytes, gf_error *err)
{
	*out = NULL;
	gf_csv *c = csv_new(path, err);
	if (!c)
		return GF_ENOMEM;
	int rc;
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0) {
		rc = gf_error_set(err, errno == ENOENT ? GF_ENOTFOUND : GF_EIO, "cannot open %s: %s",
				  path, strerror(errno));
		goto fail;
	}
	struct stat st;
	if (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = gf_error_set(err, GF_EIO, "%s is not a regular file", path);
		goto fail;
	}
	if (!max_bytes)
		max_bytes = (size_t)4 << 30;
	if ((uint64_t)st.st_size > max_bytes) {
		rc = gf_error_set(err, GF_ELIMIT, "%s is %lld bytes, over the %zu byte limit", path,
				  (long long)st.st_size, max_bytes);
		goto fail;
	}
	rc = csv_start(c, max_bytes, err);
	if (rc)
		goto fail;
	*out = c;
	return GF_OK;
fail:
	gf_csv_close(c);
	return rc;
}

int gf_csv_open_mem(gf_csv **out, const void *data, size_t len, const char *name,
		    gf_error *err)
{
	*out = NULL;
	gf_csv *c = csv_new(name, err);
	if (!c)
		return GF_ENOMEM;
	c->mem = data ? data : (const unsigned char *)"";
	c->mem_len = data ? len : 0;
	int rc = csv_start(c, 0, err);
	if (rc) {
		gf_csv_close(c);
		return rc;
	}
	*out = c;
	return GF_OK;
}

void gf_csv_close(gf_csv *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	gf_free(c->dec);
	gf_buf_free(&c->row);
	gf_free(c->offs);
	gf_free(c->cells);
	gf_free(c->name);
	gf_free(c);
}

/* ---- rows ------------------------------------------------------------------ */

/* Skip a BOM, honour "sep=X", and pick the delimiter from the first line. */
static int sniff(gf_csv *c, gf_error *err)
{
	int rc = peekch(c, err);
	if (rc < 0 && rc != CH_EOF)
		return rc;
	/* have at least the first line or a full buffer */
	while (!memchr(c->dec + c->dec_pos, '\n', c->dec_len - c->dec_pos) &&
	       c->dec_len - c->dec_pos < DEC_CAP / 2) {
		size_t had = c->dec_len;
		rc = refill(c, err);
		if (rc < 0)
			return rc;
		if (rc == 0 || c->dec_len == had)
			break;
	}
	if (c->dec_len - c->dec_pos >= 3 && memcmp(c->dec + c->dec_pos, "\xEF\xBB\xBF", 3) == 0)
		c->dec_pos += 3;
	const char *p = c->dec + c->dec_pos;
	size_t n = c->dec_len - c->dec_pos;
	if (n >= 5 && strncmp(p, "sep=", 4) == 0 && p[4] != '\n' && p[4] != '\r' &&
	    (n == 5 || p[5] == '\n' || p[5] == '\r')) {
		c->delim = p[4];
		size_t skip = 5;
		if (skip < n && p[skip] == '\r')
			skip++;
		if (skip < n && p[skip] == '\n')
			skip++;
		c->dec_pos += skip;
		return GF_OK;
	}
	size_t commas = 0, tabs = 0, semis = 0;
	bool q = false;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (ch == '"')
			q = !q;
		else if (!q && (ch == '\n' || ch == '\r'))
			break;
		else if (!q && ch == ',')
			commas++;
		else if (!q && ch == '\t')
			tabs++;
		else if (!q && ch == ';')
			semis++;
	}
	if (tabs > commas && tabs >= semis)
		c->delim = '\t';
	else if (semis > commas && semis > tabs)
		c->delim = ';';
	return GF_OK;
}

static int end_cell(gf_csv *c, gf_error *err)
{
	if (c->ncells >= GF_TABLE_MAX_COLS)
		return gf_error_set(err, GF_ELIMIT, "%s: row %d has more than %d columns", c->name,
				    c->line, GF_TABLE_MAX_COLS);
	int rc = gf_buf_putc(&c->row, '\0');
	if (rc)
		return gf_error_set(err, rc, "%s: row %d is over %u bytes (a quote left open?)",
				    c->name, c->line, GF_TABLE_MAX_ROW);
	c->ncells++;
	if (c->ncells < GF_TABLE_MAX_COLS)
		c->offs[c->ncells] = c->row.len;
	return GF_OK;
}

int gf_csv_next(gf_csv *c, gf_trow *row, gf_error *err)
{
	if (c->done)
		return 0;
	int rc;
	if (!c->started) {
		c->started = true;
		rc = sniff(c, err);
		if (rc)
			return rc;
	}
	if (c->line >= GF_TABLE_MAX_ROWS)
		return gf_error_set(err, GF_ELIMIT, "%s has more than %d rows", c->name,
				    GF_TABLE_MAX_ROWS);
	int ch = peekch(c, err);
	if (ch == CH_EOF) {
		c->done = true;
		return 0;
	}
	if (ch < 0)
		return ch;
	c->line++;
	gf_buf_truncate(&c->row, 0);
	c->ncells = 0;
	c->offs[0] = 0;
	size_t cell_start = 0;
	bool quoted = false, was_quoted = false;
	for (;;) {
		ch = getch(c, err);
		if (ch < 0 && ch != CH_EOF)
			return ch;
		if (quoted) {
			if (ch == CH_EOF)
				return gf_error_set(err, GF_EUNREADABLE,
						    "%s: row %d: a quoted cell is not closed before the end",
						    c->name, c->line);
			if (ch == '"') {
				int nx = peekch(c, err);
				if (nx < 0 && nx != CH_EOF)
					return nx;
				if (nx == '"') {
					c->dec_pos++;
				} else {
					quoted = false;
					continue;
				}
			}
		} else {
			if (ch == CH_EOF || ch == '\n' || ch == '\r') {
				if (ch == '\r') {
					int nx = peekch(c, err);
					if (nx < 0 && nx != CH_EOF)
						return nx;
					if (nx == '\n')
						c->dec_pos++;
				}
				rc = end_cell(c, err);
				if (rc)
					return rc;
				break;
			}
			if (ch == c->delim) {
				rc = end_cell(c, err);
				if (rc)
					return rc;
				cell_start = c->row.len;
				was_quoted = false;
				continue;
			}
			if (ch == '"' && c->row.len == cell_start && !was_quoted) {
				quoted = was_quoted = true;
				continue;
			}
		}
		if (c->row.len - cell_start >= GF_TABLE_MAX_CELL)
			return gf_error_set(err, GF_ELIMIT,
					    "%s: row %d has a cell over %u bytes (a quote left open?)",
					    c->name, c->line, GF_TABLE_MAX_CELL);
		char b = (char)ch;
		rc = gf_buf_append(&c->row, &b, 1);
		if (rc)
			return gf_error_set(err, rc, "%s: row %d is over %u bytes (a quote left open?)",
					    c->name, c->line, GF_TABLE_MAX_ROW);
	}
	/* drop trailing empty cells */
	size_t n = c->ncells;
	while (n > 0 && c->row.data[c->offs[n - 1]] == '\0')
		n--;
	for (size_t i = 0; i < n; i++) {
		c->cells[i].text = c->row.data + c->offs[i];
		c->cells[i].kind = GF_CELL_TEXT;
	}
	row->line = c->line;
	row->ncells = n;
	row->cells = c->cells;
	if (c->line > 0 && (size_t)c->line > c->records)
		c->records = (size_t)c->line;
	return 1;
}

static int rows_next(void *self, gf_trow *row, gf_error *err)
{
	return gf_csv_next(self, row, err);
}

gf_rows gf_csv_rows(gf_csv *c)
{
	gf_rows r = {c, rows_next, c->name};
	return r;
}

gf_encoding gf_csv_encoding(const gf_csv *c)
{
	return c->enc;
}

char gf_csv_delimiter(const gf_csv *c)
{
	return c->delim;
}

const char *gf_csv_sha256(const gf_csv *c)
{
	return c->sha;
}

size_t gf_csv_records(const gf_csv *c)
{
	return c->records;
}
