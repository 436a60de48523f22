#include "table/xlsx.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "table/entry.h"
#include "xml/xml.h"
#include "zip/zip.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLSX_MAX_SHEETS 256
#define XLSX_MAX_STYLES 65536
#define XLSX_MAX_STRINGS 2000000
#define XLSX_MAX_MERGES 20000

typedef struct merge {
	int r1, c1, r2, c2; /* 1-based, inclusive */
	char *value;        /* top-left text once its row was read */
	gf_cell_kind kind;
} merge;

typedef struct xsheet_ref {
	char *name;
	char *part;      /* zip entry name: "xl/worksheets/sheet1.xml" */
	bool scanned;    /* merges and rows_hint below are known */
	merge *merges;   /* values NULL: each open sheet fills its copy */
	size_t nmerges;
	size_t rows_hint;
} xsheet_ref;

struct gf_xlsx {
	char *data;
	size_t len;
	char *name;
	gf_limits lim;
	gf_zip *zip;
	char sha[65];
	bool date1904;
	xsheet_ref *sheets;
	size_t nsheets;
	bool *date_style; /* per cellXfs index */
	size_t nstyles;
	char **strings;   /* shared strings */
	size_t nstrings;
	char *strbuf;     /* one block holding them */
};

struct gf_xlsx_sheet {
	gf_xlsx *x;
	gf_zip_stream *zs; /* the sheet part, inflated as the reader asks */
	char *label; /* "book.xlsx: Sheet1" */
	xmlTextReader *r;
	bool ended;
	size_t rows_hint;
	merge *merges;
	size_t nmerges;
	/* the current row */
	gf_buf buf;
	int *cols;
	size_t *offs;
	gf_cell_kind *kinds;
	size_t ncells;
	gf_tcell *cells;
	int line;
};

/* ---- small XML helpers ---------------------------------------------------- */

static const char *lname(xmlTextReader *r)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);
	return n ? (const char *)n : "";
}

/* The current node's value into buf (size n > 0), cut to fit. */
static void copy_value(xmlTextReader *r, char *buf, size_t n)
{
	const char *v = (const char *)xmlTextReaderConstValue(r);
	size_t l = v ? strlen(v) : 0;
	if (l >= n)
		l = n - 1;
	memcpy(buf, v ? v : "", l);
	buf[l] = '\0';
}

/* Value of attribute `local` (any namespace) of the current element, copied
 * into buf (size n); false when absent. */
static bool attr(xmlTextReader *r, const char *local, char *buf, size_t n)
{
	bool found = false;
	if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
		do {
			const char *an = (const char *)xmlTextReaderConstLocalName(r);
			if (an && strcmp(an, local) == 0) {
				copy_value(r, buf, n);
				found = true;
				break;
			}
		} while (xmlTextReaderMoveToNextAttribute(r) == 1);
		xmlTextReaderMoveToElement(r);
	}
	return found;
}

/* Read every node of a small part, calling fn on each element start; text
 * of elements is gathered by the callers themselves. */
static int read_part(gf_xlsx *x, const char *part, char **out, size_t *len, bool optional,
		     gf_error *err)
{
	*out = NULL;
	*len = 0;
	int rc = gf_zip_read(x->zip, part, out, len, err);
	if (rc == GF_ENOTFOUND && optional) {
		gf_error_clear(err);
		return GF_ENOTFOUND;
	}
	if (rc == GF_ENOTFOUND)
		return gf_error_set(err, GF_EUNREADABLE, "%s: no %s in the package (not an XLSX workbook)",
				    x->name, part);
	return rc;
}

static int reader_fail(xmlTextReader *r, const char *name, int rc, gf_error *err)
{
	if (rc == -1)
		return gf_xml_reader_error(r, name, err);
	return rc;
}

/* ---- workbook ------------------------------------------------------------- */

typedef struct rel {
	char id[128];
	char *target;
} rel;

static int load_rels(gf_xlsx *x, rel **out, size_t *n, gf_error *err)
{
	*out = NULL;
	*n = 0;
	char *xml;
	size_t len;
	int rc = read_part(x, "xl/_rels/workbook.xml.rels", &xml, &len, false, err);
	if (rc)
		return rc;
	xmlTextReader *r;
	rc = gf_xml_reader_new(&r, xml, len, "xl/_rels/workbook.xml.rels", err);
	size_t cap = 0;
	int k;
	while (!rc && (k = xmlTextReaderRead(r)) == 1) {
		if ((rc = gf_xml_reader_check(r, &x->lim, "workbook.xml.rels", err)))
			break;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    strcmp(lname(r), "Relationship") != 0)
			continue;
		char id[128], target[1024];
		if (!attr(r, "Id", id, sizeof id) || !attr(r, "Target", target, sizeof target))
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			if (nc > (size_t)4 * XLSX_MAX_SHEETS) {
				rc = gf_error_set(err, GF_ELIMIT, "%s: too many relationships", x->name);
				break;
			}
			rel *v = gf_realloc(*out, nc * sizeof *v);
			if (!v) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
			*out = v;
			cap = nc;
		}
		rel *e = &(*out)[*n];
		memcpy(e->id, id, sizeof id);
		/* "worksheets/sheet1.xml" is relative to xl/; "/xl/..." absolute */
		e->target = target[0] == '/' ? gf_strdup(target + 1) : NULL;
		if (target[0] != '/') {
			size_t tl = strlen(target);
			e->target = gf_malloc(tl + 4);
			if (e->target)
				snprintf(e->target, tl + 4, "xl/%s", target);
		}
		if (!e->target) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			break;
		}
		(*n)++;
	}
	if (!rc && k < 0)
		rc = reader_fail(r, "workbook.xml.rels", -1, err);
	if (r)
		xmlFreeTextReader(r);
	gf_free(xml);
	return rc;
}

static int load_workbook(gf_xlsx *x, gf_error *err)
{
	rel *rels;
	size_t nrels;
	int rc = load_rels(x, &rels, &nrels, err);
	if (rc) {
		for (size_t i = 0; i < nrels; i++)
			gf_free(rels[i].target);
		gf_free(rels);
		return rc;
	}
	char *xml;
	size_t len;
	rc = read_part(x, "xl/workbook.xml", &xml, &len, false, err);
	xmlTextReader *r = NULL;
	if (!rc)
		rc = gf_xml_reader_new(&r, xml, len, "xl/workbook.xml", err);
	size_t cap = 0;
	int k = 1;
	while (!rc && (k = xmlTextReaderRead(r)) == 1) {
		if ((rc = gf_xml_reader_check(r, &x->lim, "workbook.xml", err)))
			break;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *n = lname(r);
		char v[1024];
		if (strcmp(n, "workbookPr") == 0) {
			if (attr(r, "date1904", v, sizeof v))
				x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
			continue;
		}
		if (strcmp(n, "sheet") != 0)
			continue;
		char name[512], id[128];
		if (!attr(r, "name", name, sizeof name) || !attr(r, "id", id, sizeof id))
			continue;
		const char *target = NULL;
		for (size_t i = 0; i < nrels && !target; i++)
			if (strcmp(rels[i].id, id) == 0)
				target = rels[i].target;
		if (!target)
			continue;
		if (x->nsheets == cap) {
			size_t nc = cap ? cap * 2 : 8;
			if (nc > XLSX_MAX_SHEETS) {
				rc = gf_error_set(err, GF_ELIMIT, "%s has more than %d sheets", x->name,
						  XLSX_MAX_SHEETS);
				break;
			}
			xsheet_ref *sv = gf_realloc(x->sheets, nc * sizeof *sv);
			if (!sv) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
			x->sheets = sv;
			cap = nc;
		}
		xsheet_ref *s = &x->sheets[x->nsheets];
		memset(s, 0, sizeof *s);
		s->name = gf_strdup(name);
		s->part = gf_strdup(target);
		if (!s->name || !s->part) {
			gf_free(s->name);
			gf_free(s->part);
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			break;
		}
		x->nsheets++;
	}
	if (!rc && k < 0)
		rc = reader_fail(r, "workbook.xml", -1, err);
	if (r)
		xmlFreeTextReader(r);
	gf_free(xml);
	for (size_t i = 0; i < nrels; i++)
		gf_free(rels[i].target);
	gf_free(rels);
	return rc;
}

/* ---- styles: which cell formats are dates ---------------------------------- */

static bool builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* A format code shows a date when it has d, m or y outside quotes, escapes
 * and brackets ([Red], [$-804]; elapsed [h] is a duration). */
static bool code_is_date(const char *code)
{
	bool q = false;
	for (const char *p = code; *p; p++) {
		if (q) {
			q = *p != '"';
			continue;
		}
		if (*p == '"') {
			q = true;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			const char *e = strchr(p, ']');
			if (!e)
				return false;
			p = e;
		} else if (strchr("dDmMyY", *p)) {
			return true;
		} else if (*p == ';') {
			break; /* the first section decides */
		}
	}
	return false;
}

typedef struct numfmt {
	long id;
	bool date;
} numfmt;

static int load_styles(gf_xlsx *x, gf_error *err)
{
	char *xml;
	size_t len;
	int rc = read_part(x, "xl/styles.xml", &xml, &len, true, err);
	if (rc == GF_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	xmlTextReader *r = NULL;
	rc = gf_xml_reader_new(&r, xml, len, "xl/styles.xml", err);
	numfmt fmts[512];
	size_t nfmts = 0, cap = 0;
	bool in_xfs = false;
	int k = 1;
	while (!rc && (k = xmlTextReaderRead(r)) == 1) {
		if ((rc = gf_xml_reader_check(r, &x->lim, "styles.xml", err)))
			break;
		int type = xmlTextReaderNodeType(r);
		const char *n = lname(r);
		if (type == XML_READER_TYPE_END_ELEMENT && strcmp(n, "cellXfs") == 0) {
			in_xfs = false;
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		char v[1024];
		if (strcmp(n, "numFmt") == 0 && nfmts < 512) {
			char code[1024];
			if (attr(r, "numFmtId", v, sizeof v) && attr(r, "formatCode", code, sizeof code)) {
				fmts[nfmts].id = strtol(v, NULL, 10);
				fmts[nfmts++].date = code_is_date(code);
			}
		} else if (strcmp(n, "cellXfs") == 0) {
			in_xfs = !xmlTextReaderIsEmptyElement(r);
		} else if (in_xfs && strcmp(n, "xf") == 0) {
			long id = attr(r, "numFmtId", v, sizeof v) ? strtol(v, NULL, 10) : 0;
			bool date = builtin_date(id);
			for (size_t i = 0; i < nfmts; i++)
				if (fmts[i].id == id)
					date = fmts[i].date;
			if (x->nstyles == cap) {
				size_t nc = cap ? cap * 2 : 64;
				if (nc > XLSX_MAX_STYLES) {
					rc = gf_error_set(err, GF_ELIMIT, "%s: too many cell styles", x->name);
					break;
				}
				bool *dv = gf_realloc(x->date_style, nc * sizeof *dv);
				if (!dv) {
					rc = gf_error_set(err, GF_ENOMEM, "out of memory");
					break;
				}
				x->date_style = dv;
				cap = nc;
			}
			x->date_style[x->nstyles++] = date;
		}
	}
	if (!rc && k < 0)
		rc = reader_fail(r, "styles.xml", -1, err);
	if (r)
		xmlFreeTextReader(r);
	gf_free(xml);
	return rc;
}

/* ---- shared strings --------------------------------------------------------- */

static int load_strings(gf_xlsx *x, gf_error *err)
{
	char *xml;
	size_t len;
	int rc = read_part(x, "xl/sharedStrings.xml", &xml, &len, true, err);
	if (rc == GF_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	xmlTextReader *r = NULL;
	rc = gf_xml_reader_new(&r, xml, len, "xl/sharedStrings.xml", err);
	gf_buf all = GF_BUF_INIT(x->lim.max_text ? x->lim.max_text : (32u << 20));
	size_t *offs = NULL, cap = 0, n = 0;
	int in_t = 0, in_rph = 0;
	bool in_si = false;
	int k = 1;
	while (!rc && (k = xmlTextReaderRead(r)) == 1) {
		if ((rc = gf_xml_reader_check(r, &x->lim, "sharedStrings.xml", err)))
			break;
		int type = xmlTextReaderNodeType(r);
		const char *nm = lname(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(r);
			if (strcmp(nm, "si") == 0) {
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 1024;
					if (nc > XLSX_MAX_STRINGS) {
						rc = gf_error_set(err, GF_ELIMIT, "%s: too many shared strings",
								  x->name);
						break;
					}
					size_t *v = gf_realloc(offs, nc * sizeof *v);
					if (!v) {
						rc = gf_error_set(err, GF_ENOMEM, "out of memory");
						break;
					}
					offs = v;
					cap = nc;
				}
				offs[n++] = all.len;
				in_si = true;
				if (empty) {
					in_si = false;
					rc = gf_buf_putc(&all, '\0');
				}
			} else if (strcmp(nm, "rPh") == 0 && !empty) {
				in_rph++;
			} else if (strcmp(nm, "t") == 0 && !empty) {
				in_t++;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(nm, "si") == 0 && in_si) {
				in_si = false;
				rc = gf_buf_putc(&all, '\0');
			} else if (strcmp(nm, "rPh") == 0 && in_rph) {
				in_rph--;
			} else if (strcmp(nm, "t") == 0 && in_t) {
				in_t--;
			}
		} else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    type == XML_READER_TYPE_WHITESPACE) &&
			   in_si && in_t && !in_rph) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			rc = gf_buf_puts(&all, v ? v : "");
		}
		if (rc == GF_ELIMIT)
			rc = gf_error_set(err, GF_ELIMIT, "%s: shared strings over %zu bytes", x->name,
					  all.max);
		else if (rc == GF_ENOMEM)
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	if (!rc && k < 0)
		rc = reader_fail(r, "sharedStrings.xml", -1, err);
	if (!rc && in_si)
		rc = gf_buf_putc(&all, '\0');
	if (r)
		xmlFreeTextReader(r);
	gf_free(xml);
	if (!rc) {
		x->strbuf = gf_buf_detach(&all, NULL);
		x->strings = gf_malloc((n + 1) * sizeof *x->strings);
		if (!x->strbuf || !x->strings) {
			gf_error_set(err, GF_ENOMEM, "out of memory");
			rc = GF_ENOMEM;
		} else {
			for (size_t i = 0; i < n; i++)
				x->strings[i] = x->strbuf + offs[i];
			x->nstrings = n;
		}
	}
	gf_buf_free(&all);
	gf_free(offs);
	return rc;
}

/* ---- open / close --------------------------------------------------------- */

static int xlsx_load(gf_xlsx *x, gf_error *err)
{
	gf_xml_init();
	gf_sha256_hex(x->data, x->len, x->sha);
	int rc = gf_zip_open(&x->zip, x->data, x->len, &x->lim, err);
	if (!rc)
		rc = load_workbook(x, err);
	if (!rc)
		rc = load_styles(x, err);
	if (!rc)
		rc = load_strings(x, err);
	return rc;
}

int gf_xlsx_open_mem(gf_xlsx **out, const void *data, size_t len, const char *name,
		     const gf_limits *lim, gf_error *err)
{
	*out = NULL;
	gf_xlsx *x = gf_calloc(1, sizeof *x);
	if (!x)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (lim)
		x->lim = *lim;
	else
		gf_limits_default(&x->lim);
	x->name = gf_strdup(name ? name : "workbook");
	x->data = gf_malloc(len + 1);
	if (!x->name || !x->data) {
		gf_xlsx_close(x);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	memcpy(x->data, data, len);
	x->len = len;
	int rc = len > x->lim.max_input ? gf_error_set(err, GF_ELIMIT, "%s is over the size limit", x->name)
					: xlsx_load(x, err);
	if (rc) {
		gf_xlsx_close(x);
		return rc;
	}
	*out = x;
	return 0;
}

int gf_xlsx_open_file(gf_xlsx **out, const char *path, const gf_limits *lim, gf_error *err)
{
	*out = NULL;
	gf_xlsx *x = gf_calloc(1, sizeof *x);
	if (!x)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (lim)
		x->lim = *lim;
	else
		gf_limits_default(&x->lim);
	const char *b = strrchr(path, '/');
	x->name = gf_strdup(b ? b + 1 : path);
	int rc = x->name ? gf_file_read(&x->data, &x->len, path, x->lim.max_input, err)
			 : gf_error_set(err, GF_ENOMEM, "out of memory");
	if (!rc)
		rc = xlsx_load(x, err);
	if (rc) {
		gf_xlsx_close(x);
		return rc;
	}
	*out = x;
	return 0;
}

void gf_xlsx_close(gf_xlsx *x)
{
	if (!x)
		return;
	gf_zip_close(x->zip);
	for (size_t i = 0; i < x->nsheets; i++) {
		gf_free(x->sheets[i].name);
		gf_free(x->sheets[i].part);
		gf_free(x->sheets[i].merges);
	}
	gf_free(x->sheets);
	gf_free(x->date_style);
	gf_free(x->strings);
	gf_free(x->strbuf);
	gf_free(x->data);
	gf_free(x->name);
	gf_free(x);
}

const char *gf_xlsx_sha256(const gf_xlsx *x)
{
	return x->sha;
}

bool gf_xlsx_date1904(const gf_xlsx *x)
{
	return x->date1904;
}

size_t gf_xlsx_sheet_count(const gf_xlsx *x)
{
	return x->nsheets;
}

const char *gf_xlsx_sheet_name(const gf_xlsx *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i].name : NULL;
}

/* ---- sheets --------------------------------------------------------------- */

/* "BC12" -> column 55 (1-based) and row 12; 0 when malformed. */
static int cell_ref(const char *s, int *row)
{
	int col = 0;
	const char *p = s;
	while (isalpha((unsigned char)*p)) {
		col = col * 26 + (toupper((unsigned char)*p) - 'A' + 1);
		if (col > 16384)
			return 0;
		p++;
	}
	if (row) {
		long r = strtol(p, NULL, 10);
		*row = r > 0 && r <= GF_TABLE_MAX_ROWS ? (int)r : 0;
	}
	return col;
}

/* ---- the first pass: merged ranges and the dimension ----------------------
 *
 * <mergeCells> come after <sheetData>, but rows are handed out as they are
 * read: a first pass streams the part through a small tokenizer that keeps
 * only <mergeCell ref> and the first <dimension ref>. Text and quoted values
 * cannot hold '<', so each '<' opens markup: its first bytes tell a comment,
 * CDATA section or processing instruction (skipped to their end) from a tag,
 * and only a wanted tag is followed to its '>' (quoted values may hold '>').
 * Malformed XML only misleads this pass; the second pass refuses it. The
 * result is kept per sheet for later opens.
 */

#define SCAN_CHUNK (64u << 10)
#define SCAN_TAG 256 /* bytes of a tag kept: <mergeCell ref="A1:XFD1048576"/> fits */

enum { S_TEXT, S_NAME, S_TAG, S_QUOTE, S_COMMENT, S_CDATA, S_PI };

typedef struct scan {
	int state;
	unsigned char quote;
	unsigned k;          /* closing '-', ']' or '?' seen in a row */
	char tag[SCAN_TAG];  /* the tag's bytes after '<' */
	size_t ntag;         /* may exceed SCAN_TAG: then the tag is not kept */
	bool dimension;      /* seen */
	int dim_r1, dim_r2;
	merge *merges;
	size_t nmerges, cap;
} scan;

/* Value of attribute `name` (no prefix) in tag text t[0..n) (the element's
 * name, then its attributes), into buf; false when absent or too long. */
static bool tag_attr(const char *t, size_t n, const char *name, char *buf, size_t size)
{
	size_t nl = strlen(name), i = 0;
	while (i < n && !isspace((unsigned char)t[i]) && t[i] != '/')
		i++;
	for (;;) {
		while (i < n && (isspace((unsigned char)t[i]) || t[i] == '/'))
			i++;
		size_t an = i;
		while (i < n && t[i] != '=' && !isspace((unsigned char)t[i]))
			i++;
		size_t al = i - an;
		while (i < n && isspace((unsigned char)t[i]))
			i++;
		if (al == 0 || i >= n || t[i] != '=')
			return false;
		i++;
		while (i < n && isspace((unsigned char)t[i]))
			i++;
		if (i >= n || (t[i] != '"' && t[i] != '\''))
			return false;
		char q = t[i++];
		size_t v = i;
		while (i < n && t[i] != q)
			i++;
		if (i >= n)
			return false;
		if (al == nl && memcmp(t + an, name, nl) == 0) {
			if (i - v >= size)
				return false;
			memcpy(buf, t + v, i - v);
			buf[i - v] = '\0';
			return true;
		}
		i++;
	}
}

/* "A1:C3" -> the range; false when malformed. */
static bool range_ref(const char *ref, int *r1, int *c1, int *r2, int *c2)
{
	char a[32];
	const char *colon = strchr(ref, ':');
	size_t l = colon ? (size_t)(colon - ref) : strlen(ref);
	if (l >= sizeof a)
		return false;
	memcpy(a, ref, l);
	a[l] = '\0';
	*c1 = cell_ref(a, r1);
	if (colon) {
		*c2 = cell_ref(colon + 1, r2);
	} else {
		*c2 = *c1;
		*r2 = *r1;
	}
	return *c1 && *r1 && *c2 && *r2;
}

/* A finished tag: <mergeCell ref> or the first <dimension ref>. */
static int scan_tag(scan *sc, const char *label, gf_error *err)
{
	if (sc->ntag > SCAN_TAG)
		return 0;
	const char *t = sc->tag;
	size_t n = sc->ntag, nl = 0;
	while (nl < n && !isspace((unsigned char)t[nl]) && t[nl] != '/' && t[nl] != '>')
		nl++;
	const char *local = t;
	for (size_t i = 0; i < nl; i++)
		if (t[i] == ':')
			local = t + i + 1;
	size_t ll = nl - (size_t)(local - t);
	char ref[64];
	if (ll == 9 && memcmp(local, "mergeCell", 9) == 0 && tag_attr(t, n, "ref", ref, sizeof ref)) {
		merge m = {0};
		if (!range_ref(ref, &m.r1, &m.c1, &m.r2, &m.c2) || m.r2 < m.r1 || m.c2 < m.c1 ||
		    m.c2 > GF_TABLE_MAX_COLS)
			return 0;
		if (sc->nmerges == sc->cap) {
			size_t nc = sc->cap ? sc->cap * 2 : 16;
			if (nc > XLSX_MAX_MERGES)
				return gf_error_set(err, GF_ELIMIT, "%s: too many merged ranges", label);
			merge *v = gf_realloc(sc->merges, nc * sizeof *v);
			if (!v)
				return gf_error_set(err, GF_ENOMEM, "out of memory");
			sc->merges = v;
			sc->cap = nc;
		}
		sc->merges[sc->nmerges++] = m;
	} else if (ll == 9 && memcmp(local, "dimension", 9) == 0 && !sc->dimension &&
		   tag_attr(t, n, "ref", ref, sizeof ref)) {
		int c1, c2;
		sc->dimension = true;
		if (!range_ref(ref, &sc->dim_r1, &c1, &sc->dim_r2, &c2))
			sc->dim_r1 = sc->dim_r2 = 0;
	}
	return 0;
}

/* Whether a tag whose first bytes (after '<') are t[0..n) is one scan_tag
 * keeps: <mergeCell or <dimension, with any prefix. n ends at the name's
 * end. */
static bool tag_wanted(const char *t, size_t n)
{
	const char *local = t;
	for (size_t i = 0; i < n; i++)
		if (t[i] == ':')
			local = t + i + 1;
	size_t ll = n - (size_t)(local - t);
	return ll == 9 && (memcmp(local, "mergeCell", 9) == 0 || memcmp(local, "dimension", 9) == 0);
}

#define SCAN_NAME 40 /* longer names are no <mergeCell> */

static int scan_chunk(scan *sc, const char *p, const char *end, const char *label, gf_error *err)
{
	static const char cdata[] = "![CDATA[";
	while (p < end) {
		switch (sc->state) {
		case S_TEXT: {
			/* every '<' outside comments, CDATA and PIs opens a tag: text
			 * and quoted values cannot hold one */
			const char *q = memchr(p, '<', (size_t)(end - p));
			if (!q)
				return 0;
			p = q + 1;
			sc->state = S_NAME;
			sc->ntag = 0;
			continue;
		}
		case S_NAME:
			/* the tag's first bytes: comment, CDATA, PI, or a name */
			for (; p < end; p++) {
				char c = *p;
				size_t n = sc->ntag;
				if (n == 0 && (c == '/' || c == '?')) {
					sc->state = c == '?' ? S_PI : S_TEXT;
					sc->k = 0;
					p++;
					break;
				}
				if (n > 0 && sc->tag[0] == '!') {
					sc->tag[sc->ntag++] = c;
					n++;
					if (memcmp(sc->tag, "!--", n < 3 ? n : 3) == 0) {
						if (n < 3)
							continue;
						sc->state = S_COMMENT;
					} else if (memcmp(sc->tag, cdata, n) == 0) {
						if (n < sizeof cdata - 1)
							continue;
						sc->state = S_CDATA;
					} else {
						sc->state = S_TEXT; /* a declaration: libxml2 refuses it */
					}
					sc->k = 0;
					p++;
					break;
				}
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>') {
					sc->state = tag_wanted(sc->tag, n) ? S_TAG : S_TEXT;
					break;
				}
				if (n == SCAN_NAME) {
					sc->state = S_TEXT;
					break;
				}
				sc->tag[sc->ntag++] = c;
			}
			continue;
		case S_TAG:
			/* a wanted tag, kept up to its '>' */
			for (; p < end; p++) {
				char c = *p;
				if (c == '>') {
					p++;
					sc->state = S_TEXT;
					int rc = scan_tag(sc, label, err);
					if (rc)
						return rc;
					break;
				}
				if (sc->ntag < SCAN_TAG)
					sc->tag[sc->ntag] = c;
				sc->ntag++;
				if (c == '"' || c == '\'') {
					sc->quote = (unsigned char)c;
					sc->state = S_QUOTE;
					p++;
					break;
				}
			}
			continue;
		case S_QUOTE: {
			const char *q = memchr(p, sc->quote, (size_t)(end - p));
			size_t l = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
			if (sc->ntag < SCAN_TAG)
				memcpy(sc->tag + sc->ntag, p, l < SCAN_TAG - sc->ntag ? l : SCAN_TAG - sc->ntag);
			sc->ntag += l;
			p += l;
			if (q)
				sc->state = S_TAG;
			continue;
		}
		case S_COMMENT:
		case S_CDATA:
		case S_PI: {
			/* ends at "-->", "]]>", "?>" */
			char close = sc->state == S_COMMENT ? '-' : sc->state == S_CDATA ? ']' : '?';
			unsigned need = sc->state == S_PI ? 1 : 2;
			for (; p < end; p++) {
				if (*p == '>' && sc->k >= need) {
					p++;
					sc->state = S_TEXT;
					break;
				}
				sc->k = *p == close ? sc->k + 1 : 0;
			}
			continue;
		}
		}
	}
	return 0;
}

static int zs_read(void *ctx, void *buf, size_t n, size_t *got, gf_error *err)
{
	return gf_zip_stream_read(ctx, buf, n, got, err);
}

/* The first pass over sheet i, once per workbook. */
static int sheet_scan(gf_xlsx *x, size_t i, const char *label, gf_error *err)
{
	xsheet_ref *ref = &x->sheets[i];
	if (ref->scanned)
		return 0;
	scan sc;
	memset(&sc, 0, sizeof sc);
	gf_zip_stream *zs = NULL;
	char *buf = gf_malloc(SCAN_CHUNK);
	int rc = buf ? gf_zip_stream_open(&zs, x->zip, ref->part, err)
		     : gf_error_set(err, GF_ENOMEM, "out of memory");
	if (rc == GF_ENOTFOUND) {
		gf_error_clear(err);
		rc = gf_error_set(err, GF_EUNREADABLE, "%s: no %s in the package", label, ref->part);
	}
	while (!rc) {
		size_t got;
		rc = gf_zip_stream_read(zs, buf, SCAN_CHUNK, &got, err);
		if (rc || got == 0)
			break;
		rc = scan_chunk(&sc, buf, buf + got, label, err);
	}
	gf_zip_stream_close(zs);
	gf_free(buf);
	if (rc) {
		gf_free(sc.merges);
		return rc;
	}
	ref->merges = sc.merges;
	ref->nmerges = sc.nmerges;
	ref->rows_hint = sc.dim_r2 > sc.dim_r1 ? (size_t)(sc.dim_r2 - sc.dim_r1) : 0;
	ref->scanned = true;
	return 0;
}

int gf_xlsx_sheet_open(gf_xlsx_sheet **out, gf_xlsx *x, size_t i, gf_error *err)
{
	*out = NULL;
	if (i >= x->nsheets)
		return gf_error_set(err, GF_ENOTFOUND, "%s has no sheet %zu", x->name, i + 1);
	gf_xlsx_sheet *s = gf_calloc(1, sizeof *s);
	if (!s)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	s->x = x;
	gf_buf_init(&s->buf, GF_TABLE_MAX_ROW);
	size_t ll = strlen(x->name) + strlen(x->sheets[i].name) + 4;
	s->label = gf_malloc(ll);
	s->cols = gf_malloc(GF_TABLE_MAX_COLS * sizeof *s->cols);
	s->offs = gf_malloc(GF_TABLE_MAX_COLS * sizeof *s->offs);
	s->kinds = gf_malloc(GF_TABLE_MAX_COLS * sizeof *s->kinds);
	s->cells = gf_malloc(GF_TABLE_MAX_COLS * sizeof *s->cells);
	int rc = 0;
	if (!s->label || !s->cols || !s->offs || !s->kinds || !s->cells) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto fail;
	}
	snprintf(s->label, ll, "%s: %s", x->name, x->sheets[i].name);
	if ((rc = sheet_scan(x, i, s->label, err)))
		goto fail;
	const xsheet_ref *ref = &x->sheets[i];
	if (ref->nmerges) {
		s->merges = gf_malloc(ref->nmerges * sizeof *s->merges);
		if (!s->merges) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			goto fail;
		}
		memcpy(s->merges, ref->merges, ref->nmerges * sizeof *s->merges);
		s->nmerges = ref->nmerges;
	}
	s->rows_hint = ref->rows_hint;
	if ((rc = gf_zip_stream_open(&s->zs, x->zip, ref->part, err)))
		goto fail;
	if ((rc = gf_xml_reader_new_io(&s->r, zs_read, s->zs, s->label, &x->lim, err)))
		goto fail;
	*out = s;
	return 0;
fail:
	gf_xlsx_sheet_close(s);
	return rc;
}

void gf_xlsx_sheet_close(gf_xlsx_sheet *s)
{
	if (!s)
		return;
	if (s->r)
		xmlFreeTextReader(s->r);
	gf_zip_stream_close(s->zs);
	for (size_t i = 0; s->merges && i < s->nmerges; i++)
		gf_free(s->merges[i].value);
	gf_free(s->merges);
	gf_buf_free(&s->buf);
	gf_free(s->label);
	gf_free(s->cols);
	gf_free(s->offs);
	gf_free(s->kinds);
	gf_free(s->cells);
	gf_free(s);
}

size_t gf_xlsx_sheet_rows_hint(const gf_xlsx_sheet *s)
{
	return s->rows_hint;
}

/* The text of a finished cell: shared string, date, number... */
static int cell_done(gf_xlsx_sheet *s, int col, const char *type, long style, size_t vstart,
		     gf_error *err)
{
	gf_xlsx *x = s->x;
	gf_buf *b = &s->buf;
	gf_cell_kind kind = GF_CELL_TEXT;
	const char *v = b->data ? b->data + vstart : "";
	char tmp[64];
	const char *repl = NULL;
	if (strcmp(type, "s") == 0) {
		char *end;
		long i = strtol(v, &end, 10);
		if (end == v || i < 0 || (size_t)i >= x->nstrings)
			return gf_error_set(err, GF_EUNREADABLE, "%s: row %d: shared string %s does not exist",
					    s->label, s->line, v);
		repl = x->strings[i];
	} else if (strcmp(type, "b") == 0) {
		kind = GF_CELL_BOOL;
		repl = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
	} else if (strcmp(type, "e") == 0) {
		kind = GF_CELL_ERROR;
	} else if (strcmp(type, "d") == 0) {
		kind = GF_CELL_DATE;
		if (strlen(v) >= 10) {
			memcpy(tmp, v, 10);
			tmp[10] = '\0';
			repl = tmp;
		}
	} else if (strcmp(type, "str") == 0 || strcmp(type, "inlineStr") == 0) {
		kind = GF_CELL_TEXT;
	} else if (*v) {
		kind = GF_CELL_NUMBER;
		if (style >= 0 && (size_t)style < x->nstyles && x->date_style[style]) {
			char *end;
			double serial = strtod(v, &end);
			if (end != v && !*end && gf_excel_date(serial, x->date1904, tmp) == 0) {
				kind = GF_CELL_DATE;
				repl = tmp;
			}
		}
	}
	if (repl) {
		gf_buf_truncate(b, vstart);
		int rc = gf_buf_puts(b, repl);
		if (rc)
			return gf_error_set(err, rc, "%s: row %d is over %u bytes", s->label, s->line,
					    GF_TABLE_MAX_ROW);
	}
	if (b->len - vstart > GF_TABLE_MAX_CELL)
		return gf_error_set(err, GF_ELIMIT, "%s: row %d has a cell over %u bytes", s->label,
				    s->line, GF_TABLE_MAX_CELL);
	int rc = gf_buf_putc(b, '\0');
	if (rc)
		return gf_error_set(err, rc, "%s: row %d is over %u bytes", s->label, s->line,
				    GF_TABLE_MAX_ROW);
	if (s->ncells >= GF_TABLE_MAX_COLS || col > GF_TABLE_MAX_COLS)
		return gf_error_set(err, GF_ELIMIT, "%s: row %d has more than %d columns", s->label,
				    s->line, GF_TABLE_MAX_COLS);
	s->cols[s->ncells] = col;
	s->offs[s->ncells] = vstart;
	s->kinds[s->ncells] = kind;
	s->ncells++;
	return 0;
}

/* Lay the row's cells out by column, merged ranges filled. */
static int row_done(gf_xlsx_sheet *s, gf_trow *row, gf_error *err)
{
	int maxcol = 0;
	for (size_t i = 0; i < s->ncells; i++)
		if (s->cols[i] > maxcol)
			maxcol = s->cols[i];
	for (size_t m = 0; m < s->nmerges; m++)
		if (s->merges[m].r1 <= s->line && s->line <= s->merges[m].r2 && s->merges[m].c2 > maxcol)
			maxcol = s->merges[m].c2;
	static const char empty[] = "";
	for (int c = 0; c < maxcol; c++) {
		s->cells[c].text = empty;
		s->cells[c].kind = GF_CELL_TEXT;
	}
	for (size_t i = 0; i < s->ncells; i++) {
		int c = s->cols[i] - 1;
		s->cells[c].text = s->buf.data + s->offs[i];
		s->cells[c].kind = s->kinds[i];
	}
	for (size_t m = 0; m < s->nmerges; m++) {
		merge *g = &s->merges[m];
		if (s->line < g->r1 || s->line > g->r2)
			continue;
		if (s->line == g->r1) {
			gf_free(g->value);
			g->value = gf_strdup(s->cells[g->c1 - 1].text);
			g->kind = s->cells[g->c1 - 1].kind;
			if (!g->value)
				return gf_error_set(err, GF_ENOMEM, "out of memory");
		}
		if (!g->value)
			continue;
		for (int c = g->c1; c <= g->c2; c++) {
			if (c == g->c1 && s->line == g->r1)
				continue;
			if (*s->cells[c - 1].text)
				continue;
			s->cells[c - 1].text = g->value;
			s->cells[c - 1].kind = g->kind;
		}
		if (s->line == g->r2) {
			/* keep the value: cells point at it until the next row */
		}
	}
	size_t n = (size_t)maxcol;
	while (n > 0 && !*s->cells[n - 1].text)
		n--;
	row->line = s->line;
	row->ncells = n;
	row->cells = s->cells;
	return 0;
}

int gf_xlsx_sheet_next(gf_xlsx_sheet *s, gf_trow *row, gf_error *err)
{
	if (s->ended)
		return 0;
	xmlTextReader *r = s->r;
	bool in_row = false, in_cell = false, in_is = false;
	int in_v = 0, in_t = 0, in_rph = 0;
	int col = 0, prev_col = 0;
	char type[16] = "n";
	long style = -1;
	size_t vstart = 0;
	int k;
	while ((k = xmlTextReaderRead(r)) == 1) {
		int rc = gf_xml_reader_check(r, &s->x->lim, s->label, err);
		if (rc)
			return rc;
		int nt = xmlTextReaderNodeType(r);
		const char *nm = lname(r);
		if (nt == XML_READER_TYPE_ELEMENT) {
			bool empty = xmlTextReaderIsEmptyElement(r);
			char v[64];
			if (strcmp(nm, "row") == 0) {
				int line = s->line + 1;
				if (attr(r, "r", v, sizeof v)) {
					long l = strtol(v, NULL, 10);
					if (l <= s->line || l > GF_TABLE_MAX_ROWS)
						return gf_error_set(err, GF_EUNREADABLE,
								    "%s: row number %s out of order", s->label, v);
					line = (int)l;
				}
				s->line = line;
				gf_buf_truncate(&s->buf, 0);
				s->ncells = 0;
				prev_col = 0;
				in_row = !empty;
				if (empty)
					continue;
			} else if (in_row && strcmp(nm, "c") == 0) {
				/* <c r t s>: one walk over the attributes */
				char ref[64] = "", t[64] = "n", st[64] = "";
				bool has_ref = false;
				if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
					do {
						const char *an = (const char *)xmlTextReaderConstLocalName(r);
						if (!an || !an[0] || an[1])
							continue;
						if (an[0] == 'r') {
							copy_value(r, ref, sizeof ref);
							has_ref = true;
						}
						else if (an[0] == 't')
							copy_value(r, t, sizeof t);
						else if (an[0] == 's')
							copy_value(r, st, sizeof st);
					} while (xmlTextReaderMoveToNextAttribute(r) == 1);
					xmlTextReaderMoveToElement(r);
				}
				col = prev_col + 1;
				if (has_ref) {
					int c = cell_ref(ref, NULL);
					if (c <= prev_col)
						return gf_error_set(err, GF_EUNREADABLE,
								    "%s: row %d: cell %s out of order", s->label,
								    s->line, ref);
					col = c;
				}
				if (col > GF_TABLE_MAX_COLS)
					return gf_error_set(err, GF_ELIMIT, "%s: row %d has more than %d columns",
							    s->label, s->line, GF_TABLE_MAX_COLS);
				prev_col = col;
				memcpy(type, "n", 2);
				if (strlen(t) < sizeof type)
					memcpy(type, t, strlen(t) + 1);
				style = st[0] ? strtol(st, NULL, 10) : -1;
				vstart = s->buf.len;
				in_cell = !empty;
				if (empty) {
					/* styled but empty: nothing to record */
				}
			} else if (in_cell && strcmp(nm, "v") == 0 && !empty) {
				in_v++;
			} else if (in_cell && strcmp(nm, "is") == 0 && !empty) {
				in_is = true;
			} else if (in_is && strcmp(nm, "rPh") == 0 && !empty) {
				in_rph++;
			} else if (in_is && strcmp(nm, "t") == 0 && !empty) {
				in_t++;
			}
		} else if (nt == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(nm, "row") == 0 && in_row) {
				in_row = false;
				if (s->ncells == 0 && s->nmerges == 0)
					continue;
				rc = row_done(s, row, err);
				if (rc)
					return rc;
				if (row->ncells == 0)
					continue;
				return 1;
			} else if (strcmp(nm, "c") == 0 && in_cell) {
				in_cell = false;
				in_is = false;
				rc = cell_done(s, col, type, style, vstart, err);
				if (rc)
					return rc;
			} else if (strcmp(nm, "v") == 0 && in_v) {
				in_v--;
			} else if (strcmp(nm, "is") == 0) {
				in_is = false;
			} else if (strcmp(nm, "rPh") == 0 && in_rph) {
				in_rph--;
			} else if (strcmp(nm, "t") == 0 && in_t) {
				in_t--;
			} else if (strcmp(nm, "sheetData") == 0) {
				break;
			}
		} else if ((nt == XML_READER_TYPE_TEXT || nt == XML_READER_TYPE_CDATA ||
			    nt == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    nt == XML_READER_TYPE_WHITESPACE) &&
			   in_cell && (in_v || (in_is && in_t && !in_rph))) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			rc = gf_buf_puts(&s->buf, v ? v : "");
			if (rc)
				return gf_error_set(err, rc, "%s: row %d is over %u bytes", s->label, s->line,
						    GF_TABLE_MAX_ROW);
		}
	}
	if (k < 0)
		return reader_fail(r, s->label, -1, err);
	s->ended = true;
	return 0;
}

static int rows_next(void *self, gf_trow *row, gf_error *err)
{
	return gf_xlsx_sheet_next(self, row, err);
}

gf_rows gf_xlsx_sheet_rows(gf_xlsx_sheet *s)
{
	gf_rows r = {s, rows_next, s->label};
	return r;
}
