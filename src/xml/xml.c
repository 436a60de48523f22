#include "xml/xml.h"

#include "core/alloc.h"
#include "core/utf8.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
		     XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC | XML_PARSE_BIG_LINES)

static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void silent_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void init_once(void)
{
	xmlInitParser();
	xmlThrDefSetGenericErrorFunc(NULL, silent_generic);
	xmlThrDefSetStructuredErrorFunc(NULL, silent_structured);
}

/* libxml2's handlers are per thread: quieten the calling one too. */
static void quiet_thread(void)
{
	pthread_once(&g_once, init_once);
	xmlSetGenericErrorFunc(NULL, silent_generic);
	xmlSetStructuredErrorFunc(NULL, silent_structured);
}

void gf_xml_init(void)
{
	quiet_thread();
}

/* The first parser message, kept for the error record. */
struct first_error {
	const void *owner;
	int set;
	int line, col;
	int code;
	char msg[200];
};

static void first_error_keep(struct first_error *fe, xmlErrorPtr e)
{
	if (fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = 1;
	fe->line = e->line;
	fe->col = e->int2;
	fe->code = e->code;
	snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "XML error");
	size_t n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = '\0';
}

static int first_error_report(const struct first_error *fe, const char *name, gf_error *err)
{
	if (!fe->set)
		return gf_error_set(err, GF_EUNREADABLE, "%s is not well-formed XML", name);
	/* libxml2's own nesting limit (256 without XML_PARSE_HUGE) */
	int code = strstr(fe->msg, "Excessive depth") ? GF_ELIMIT : GF_EUNREADABLE;
	/* libxml2 reports its size caps ("huge text node") as out of memory */
	if (fe->code == XML_ERR_NO_MEMORY)
		code = strstr(fe->msg, "huge") ? GF_ELIMIT : GF_ENOMEM;
	return gf_error_set(err, code, "%s:%d:%d: %s", name, fe->line, fe->col, fe->msg);
}

#define HAS_ZERO(v) (((v) - 0x0101010101010101ull) & ~(v) & 0x8080808080808080ull)

/* Offset of the first byte that is not valid UTF-8 or is NUL, or n. */
static size_t utf8_bad_at(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (n - i >= 8) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (!(v & 0x8080808080808080ull) && !HAS_ZERO(v)) {
				i += 8;
				continue;
			}
		}
		unsigned c = s[i];
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = gf_utf8_decode((const char *)s + i, n - i, &cp);
		if (!len)
			return i;
		i += len;
	}
	return n;
}

static const unsigned char *find(const unsigned char *p, const unsigned char *end,
				 const char *needle)
{
	size_t k = strlen(needle);
	while ((size_t)(end - p) >= k) {
		const unsigned char *q = memchr(p, needle[0], (size_t)(end - p) - k + 1);
		if (!q)
			return NULL;
		if (memcmp(q, needle, k) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/* The most attributes (namespace declarations included) one start tag may
 * carry: libxml2 2.9 checks them for duplicates pairwise, so a tag with
 * 50 000 attributes costs seconds. Word writes a few dozen at most. */
#define MAX_ATTRS 512

/* Offset of a start tag with more than MAX_ATTRS attributes, or len.
 * Comments, CDATA sections and processing instructions are skipped; text
 * cannot hold a raw '<', so every other '<' opens a tag. */
static size_t attrs_over_at(const unsigned char *s, size_t len)
{
	const unsigned char *p = s, *end = s + len;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const unsigned char *tag = p++, *q;
		if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
			if (!(q = find(p + 3, end, "-->")))
				break;
			p = q + 3;
			continue;
		}
		if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0) {
			if (!(q = find(p + 8, end, "]]>")))
				break;
			p = q + 3;
			continue;
		}
		if (p < end && *p == '?') {
			if (!(q = find(p + 1, end, "?>")))
				break;
			p = q + 2;
			continue;
		}
		unsigned count = 0;
		while (p < end && *p != '>' && *p != '<') {
			if (*p == '"' || *p == '\'') {
				if (!(q = memchr(p + 1, *p, (size_t)(end - p - 1))))
					return len;
				p = q + 1;
				continue;
			}
			if (*p == '=' && ++count > MAX_ATTRS)
				return (size_t)(tag - s);
			p++;
		}
	}
	return len;
}

/* Checks before libxml2 sees the bytes: valid UTF-8 without NUL, no
 * document type declaration in the prolog (so no DTD and no entity
 * declaration ever reaches the parser), no start tag with more than
 * MAX_ATTRS attributes. */
static int precheck(const char *data, size_t len, const char *name, gf_error *err)
{
	const unsigned char *s = (const unsigned char *)data, *end = s + len;
	if (len == 0)
		return gf_error_set(err, GF_EUNREADABLE, "%s is empty", name);
	size_t bad = utf8_bad_at(s, len);
	if (bad < len) {
		if (s[bad] == 0)
			return gf_error_set(err, GF_EUNREADABLE, "%s has a NUL byte at offset %zu",
					    name, bad);
		return gf_error_set(err, GF_EUNREADABLE, "%s is not valid UTF-8 (offset %zu)",
				    name, bad);
	}
	const unsigned char *p = s;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
			const unsigned char *q = find(p + 2, end, "?>");
			if (!q)
				break;
			p = q + 2;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			const unsigned char *q = find(p + 4, end, "-->");
			if (!q)
				break;
			p = q + 3;
		} else {
			break;
		}
	}
	if (end - p >= 2 && p[0] == '<' && p[1] == '!')
		return gf_error_set(err, GF_EUNREADABLE,
				    "%s has a document type declaration (DTDs and entities are refused)",
				    name);
	size_t at = attrs_over_at(s, len);
	if (at < len)
		return gf_error_set(err, GF_ELIMIT,
				    "%s has an element with more than %d attributes (offset %zu)",
				    name, MAX_ATTRS, at);
	return GF_OK;
}

/* DOM parse state, reached from the parser context's _private. */
struct dom_state {
	struct first_error fe;
	unsigned max_depth;
	int refused;   /* GF_E* when a SAX hook stopped the parser */
	startElementNsSAX2Func start;
};

static void dom_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct dom_state *st = ctxt ? ctxt->_private : NULL;
	if (st)
		first_error_keep(&st->fe, e);
}

static void dom_refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id,
			   const xmlChar *sys_id)
{
	(void)name;
	(void)ext_id;
	(void)sys_id;
	xmlParserCtxtPtr ctxt = ctx;
	struct dom_state *st = ctxt->_private;
	if (!st->refused)
		st->refused = GF_EUNREADABLE;
	xmlStopParser(ctxt);
}

static void dom_refuse_entity(void *ctx, const xmlChar *name, int type,
			      const xmlChar *public_id, const xmlChar *system_id,
			      xmlChar *content)
{
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	dom_refuse_dtd(ctx, name, NULL, NULL);
}

static void dom_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct dom_state *st = ctxt->_private;
	if ((unsigned)ctxt->nameNr + 1 > st->max_depth) {
		if (!st->refused)
			st->refused = GF_ELIMIT;
		xmlStopParser(ctxt);
		return;
	}
	st->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
		  nb_defaulted, attributes);
}

int gf_xml_parse(xmlDoc **out, const char *data, size_t len, const char *name,
		 const gf_limits *lim, gf_error *err)
{
	*out = NULL;
	quiet_thread();
	if (len > INT32_MAX)
		return gf_error_set(err, GF_ELIMIT, "%s is too large to parse", name);
	int rc = precheck(data, len, name, err);
	if (rc)
		return rc;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	struct dom_state st;
	memset(&st, 0, sizeof st);
	st.max_depth = lim->max_depth ? lim->max_depth : 256;
	st.start = ctxt->sax->startElementNs;
	ctxt->_private = &st;
	ctxt->sax->serror = dom_error;
	ctxt->sax->internalSubset = dom_refuse_dtd;
	ctxt->sax->externalSubset = dom_refuse_dtd;
	ctxt->sax->entityDecl = dom_refuse_entity;
	ctxt->sax->startElementNs = dom_start;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, "UTF-8", XML_OPTIONS);
	if (st.refused == GF_ELIMIT) {
		rc = gf_error_set(err, GF_ELIMIT, "%s exceeds the nesting depth limit (%u)", name,
				  st.max_depth);
	} else if (st.refused) {
		rc = gf_error_set(err, st.refused, "%s has a DTD or entity declaration", name);
	} else if (!doc || !ctxt->wellFormed) {
		if (!st.fe.set && ctxt->lastError.code != XML_ERR_OK)
			first_error_keep(&st.fe, &ctxt->lastError);
		rc = first_error_report(&st.fe, name, err);
	} else if (doc->intSubset || doc->extSubset) {
		rc = gf_error_set(err, GF_EUNREADABLE, "%s has a DTD", name);
	}
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	if (rc) {
		if (doc)
			xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return GF_OK;
}

/* One reader's first error per thread: readers are created and drained on
 * one thread, and only the newest reader of a thread records. */
static _Thread_local struct first_error g_reader_error;

static void reader_error(void *arg, xmlErrorPtr e)
{
	if (g_reader_error.owner == arg)
		first_error_keep(&g_reader_error, e);
}

int gf_xml_reader_new(xmlTextReader **out, const char *data, size_t len,
		      const char *name, gf_error *err)
{
	*out = NULL;
	quiet_thread();
	if (len > INT32_MAX)
		return gf_error_set(err, GF_ELIMIT, "%s is too large to parse", name);
	int rc = precheck(data, len, name, err);
	if (rc)
		return rc;
	xmlTextReaderPtr r = xmlReaderForMemory(data, (int)len, NULL, "UTF-8", XML_OPTIONS);
	if (!r)
		return gf_error_set(err, GF_ENOMEM, "cannot create an XML reader for %s", name);
	memset(&g_reader_error, 0, sizeof g_reader_error);
	g_reader_error.owner = r;
	xmlTextReaderSetStructuredErrorHandler(r, reader_error, r);
	*out = r;
	return GF_OK;
}


/* ---- the streaming reader over a read callback ------------------------------
 *
 * io_read sits between the source and libxml2 and applies precheck's rules to
 * each chunk as it passes: UTF-8 (a sequence may straddle chunks: its first
 * bytes wait in pend), the prolog (any "<!" but a comment before the first
 * tag is a declaration), and the attribute count (a small state machine over
 * tags, comments, CDATA sections and processing instructions). A refused
 * chunk never reaches libxml2.
 */

#define IO_MAGIC 0x67667869u /* "gfxi" */

enum { T_TEXT, T_LT, T_BANG, T_BANG_DASH, T_BANG_CDATA, T_COMMENT, T_CDATA, T_PI, T_TAG,
       T_QUOTE };

struct io_state {
	unsigned magic;
	gf_xml_read_fn read;
	void *ctx;
	uint64_t cap;         /* bytes */
	uint64_t total;       /* bytes passed on */
	int refused;          /* GF_E* once refused; then err holds why */
	gf_error err;
	struct first_error fe;
	unsigned char pend[4]; /* start of a UTF-8 sequence cut by the chunk's end */
	size_t npend;
	int state;            /* T_* */
	unsigned k;           /* progress in T_BANG_CDATA, T_COMMENT, T_CDATA, T_PI */
	unsigned attrs;       /* '=' seen in the current tag */
	unsigned char quote;
	bool prolog;          /* no tag seen yet */
	bool eof;             /* the source has ended */
	uint64_t tag_at;      /* offset of the current tag's '<' */
	char name[];
};

static size_t utf8_seq_len(unsigned c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* s[0..n) is the start of a valid sequence, cut short. */
static bool utf8_prefix(const unsigned char *s, size_t n)
{
	size_t need = utf8_seq_len(s[0]);
	if (!need || n >= need)
		return false;
	if (n >= 2) {
		unsigned lo = 0x80, hi = 0xBF;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
		else if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
		if (s[1] < lo || s[1] > hi)
			return false;
	}
	return n < 3 || (s[2] & 0xC0) == 0x80;
}

static int io_refuse(struct io_state *st, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Refuse the stream from now on: code and "<name> <message>" kept in st. */
static int io_refuse(struct io_state *st, int code, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	st->refused = code;
	gf_error_set(&st->err, code, "%s %s", st->name, msg);
	return code;
}

static int io_bad_byte(struct io_state *st, unsigned c, uint64_t at)
{
	if (c == 0)
		return io_refuse(st, GF_EUNREADABLE, "has a NUL byte at offset %llu",
				 (unsigned long long)at);
	return io_refuse(st, GF_EUNREADABLE, "is not valid UTF-8 (offset %llu)",
			 (unsigned long long)at);
}

/* UTF-8 and NUL over the next chunk s[0..n), at stream offset st->total. */
static int io_utf8(struct io_state *st, const unsigned char *s, size_t n)
{
	size_t i = 0;
	if (st->npend) {
		uint64_t at = st->total - st->npend;
		size_t need = utf8_seq_len(st->pend[0]);
		while (st->npend < need && i < n)
			st->pend[st->npend++] = s[i++];
		if (st->npend < need) {
			if (!utf8_prefix(st->pend, st->npend))
				return io_bad_byte(st, st->pend[0], at);
			return GF_OK;
		}
		uint32_t cp;
		if (gf_utf8_decode((const char *)st->pend, need, &cp) != need)
			return io_bad_byte(st, st->pend[0], at);
		st->npend = 0;
	}
	while (i < n) {
		size_t bad = i + utf8_bad_at(s + i, n - i);
		if (bad == n)
			break;
		if (s[bad] != 0 && utf8_prefix(s + bad, n - bad)) {
			memcpy(st->pend, s + bad, n - bad);
			st->npend = n - bad;
			break;
		}
		return io_bad_byte(st, s[bad], st->total + bad);
	}
	return GF_OK;
}

/* The bytes that matter inside a tag. */
static const unsigned char tag_special[256] = {['"'] = 1, ['\''] = 1, ['='] = 1, ['>'] = 1, ['<'] = 1};

/* Tags over the next chunk: declarations in the prolog, attribute counts. */
static int io_tags(struct io_state *st, const unsigned char *s, size_t n)
{
	static const char cdata[] = "[CDATA[";
	const unsigned char *p = s, *end = s + n, *q;
	while (p < end) {
		unsigned c = *p;
		switch (st->state) {
		case T_TEXT:
			if (!(q = memchr(p, '<', (size_t)(end - p))))
				return GF_OK;
			st->tag_at = st->total + (uint64_t)(q - s);
			st->state = T_LT;
			p = q + 1;
			continue;
		case T_LT:
			if (c == '!') {
				st->state = T_BANG;
			} else if (c == '?') {
				st->state = T_PI;
				st->k = 0;
			} else {
				st->state = T_TAG;
				st->attrs = 0;
				st->prolog = false;
				continue; /* the byte belongs to the tag */
			}
			p++;
			continue;
		case T_BANG:
			if (c == '-') {
				st->state = T_BANG_DASH;
			} else if (c == '[' && !st->prolog) {
				st->state = T_BANG_CDATA;
				st->k = 1;
			} else {
				goto declaration;
			}
			p++;
			continue;
		case T_BANG_DASH:
			if (c != '-')
				goto declaration;
			st->state = T_COMMENT;
			st->k = 0;
			p++;
			continue;
		case T_BANG_CDATA:
			if (c != (unsigned char)cdata[st->k])
				goto declaration;
			if (++st->k == sizeof cdata - 1) {
				st->state = T_CDATA;
				st->k = 0;
			}
			p++;
			continue;
		case T_COMMENT:
		case T_CDATA: {
			/* ends at "-->" / "]]>": k counts the closing dashes or brackets */
			unsigned close = st->state == T_COMMENT ? '-' : ']';
			for (; p < end; p++) {
				if (*p == close) {
					if (st->k < 2)
						st->k++;
				} else if (*p == '>' && st->k == 2) {
					st->state = T_TEXT;
					p++;
					break;
				} else {
					st->k = 0;
				}
			}
			continue;
		}
		case T_PI:
			for (; p < end; p++) {
				if (*p == '>' && st->k) {
					st->state = T_TEXT;
					p++;
					break;
				}
				st->k = *p == '?';
			}
			continue;
		case T_TAG:
			for (; p < end; p++) {
				while (p < end && !tag_special[*p])
					p++;
				if (p == end)
					break;
				c = *p;
				if (c == '"' || c == '\'') {
					st->quote = (unsigned char)c;
					st->state = T_QUOTE;
					p++;
					break;
				}
				if (c == '=' && ++st->attrs > MAX_ATTRS)
					return io_refuse(st, GF_ELIMIT,
							 "has an element with more than %d attributes (offset %llu)",
							 MAX_ATTRS, (unsigned long long)st->tag_at);
				if (c == '>') {
					st->state = T_TEXT;
					p++;
					break;
				}
				if (c == '<') {
					st->state = T_TEXT;
					break;
				}
			}
			continue;
		case T_QUOTE:
			if (!(q = memchr(p, st->quote, (size_t)(end - p))))
				return GF_OK;
			st->state = T_TAG;
			p = q + 1;
			continue;
		}
		continue;
	declaration:
		/* "<!" that opens no comment (nor, past the prolog, a CDATA
		 * section): a declaration. Refused before the root element;
		 * inside it libxml2 rejects it, counted as a tag meanwhile. */
		if (st->prolog)
			return io_refuse(st, GF_EUNREADABLE,
					 "has a document type declaration (DTDs and entities are refused; offset %llu)",
					 (unsigned long long)st->tag_at);
		st->state = T_TAG;
		st->attrs = 0;
	}
	return GF_OK;
}

/* The end of the source: what may not end a document. */
static int io_end(struct io_state *st, size_t pending)
{
	st->eof = true;
	if (st->total + pending == 0)
		return io_refuse(st, GF_EUNREADABLE, "is empty");
	if (st->npend)
		return io_refuse(st, GF_EUNREADABLE, "is not valid UTF-8 (offset %llu: cut at the end)",
				 (unsigned long long)(st->total + pending - st->npend));
	return GF_OK;
}

/* libxml2's read callback: fill buffer from the source as far as it goes
 * (libxml2 copes badly with a few bytes at a time: a BOM cut in two reads as
 * an empty document), checking each piece as it comes. */
static int io_read(void *context, char *buffer, int len)
{
	struct io_state *st = context;
	if (st->refused)
		return -1;
	size_t want = len > 0 ? (size_t)len : 0, have = 0;
	while (have < want && !st->eof) {
		size_t got = 0;
		int rc = st->read(st->ctx, buffer + have, want - have, &got, &st->err);
		if (rc) {
			st->refused = rc < 0 ? rc : GF_EINTERNAL;
			if (!st->err.code)
				gf_error_set(&st->err, st->refused, "%s cannot be read", st->name);
			return -1;
		}
		if (got > want - have) {
			io_refuse(st, GF_EINTERNAL, "gave %zu bytes for %zu asked", got, want - have);
			return -1;
		}
		if (got == 0) {
			if (io_end(st, have))
				return -1;
			break;
		}
		if (got > st->cap - st->total - have) {
			io_refuse(st, GF_ELIMIT, "is over the %llu byte limit", (unsigned long long)st->cap);
			return -1;
		}
		const unsigned char *b = (const unsigned char *)buffer + have;
		/* offsets in messages count from st->total */
		st->total += have;
		rc = io_utf8(st, b, got);
		if (!rc)
			rc = io_tags(st, b, got);
		st->total -= have;
		if (rc)
			return -1;
		have += got;
	}
	st->total += have;
	return (int)have;
}

static int io_close(void *context)
{
	gf_free(context);
	return 0;
}

static void io_error(void *arg, xmlErrorPtr e)
{
	struct io_state *st = arg;
	first_error_keep(&st->fe, e);
}

/* The state of a reader made by gf_xml_reader_new_io, else NULL. */
static struct io_state *io_of(xmlTextReader *r)
{
	xmlTextReaderErrorFunc f;
	void *arg = NULL;
	xmlTextReaderGetErrorHandler(r, &f, &arg);
	if (!arg || arg == (void *)r)
		return NULL;
	struct io_state *st = arg;
	return st->magic == IO_MAGIC ? st : NULL;
}

int gf_xml_reader_new_io(xmlTextReader **out, gf_xml_read_fn read, void *ctx,
			 const char *name, const gf_limits *lim, gf_error *err)
{
	*out = NULL;
	quiet_thread();
	size_t nlen = strlen(name);
	struct io_state *st = gf_calloc(1, sizeof *st + nlen + 1);
	if (!st)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	memcpy(st->name, name, nlen + 1);
	st->magic = IO_MAGIC;
	st->read = read;
	st->ctx = ctx;
	st->cap = lim->max_stream ? lim->max_stream : lim->max_entry;
	st->prolog = true;
	st->state = T_TEXT;
	/* libxml2 reads the first bytes here; it frees st through io_close,
	 * on failure too */
	xmlTextReaderPtr r = xmlReaderForIO(io_read, io_close, st, NULL, "UTF-8", XML_OPTIONS);
	if (!r)
		return gf_error_set(err, GF_ENOMEM, "cannot create an XML reader for %s", name);
	xmlTextReaderSetStructuredErrorHandler(r, io_error, st);
	if (io_of(r) != st) {
		xmlFreeTextReader(r);
		return gf_error_set(err, GF_EINTERNAL, "libxml2 does not keep the reader's handler");
	}
	if (st->refused) {
		int rc = gf_error_set(err, st->refused, "%s", st->err.msg);
		xmlFreeTextReader(r);
		return rc;
	}
	*out = r;
	return GF_OK;
}

int gf_xml_reader_check(xmlTextReader *r, const gf_limits *lim, const char *name,
			gf_error *err)
{
	struct io_state *st = io_of(r);
	if (st && st->refused)
		return gf_error_set(err, st->refused, "%s", st->err.msg);
	switch (xmlTextReaderNodeType(r)) {
	case XML_READER_TYPE_ELEMENT: {
		unsigned max = lim->max_depth ? lim->max_depth : 256;
		int depth = xmlTextReaderDepth(r);
		if (depth < 0 || (unsigned)depth + 1 > max)
			return gf_error_set(err, GF_ELIMIT, "%s exceeds the nesting depth limit (%u)",
					    name, max);
		return GF_OK;
	}
	case XML_READER_TYPE_DOCUMENT_TYPE:
	case XML_READER_TYPE_ENTITY:
	case XML_READER_TYPE_ENTITY_REFERENCE:
	case XML_READER_TYPE_NOTATION:
		return gf_error_set(err, GF_EUNREADABLE, "%s has a DTD or entity reference", name);
	default:
		return GF_OK;
	}
}

int gf_xml_reader_error(xmlTextReader *r, const char *name, gf_error *err)
{
	struct first_error fe;
	struct io_state *st = io_of(r);
	if (st && st->refused)
		return gf_error_set(err, st->refused, "%s", st->err.msg);
	if (st && st->fe.set) {
		fe = st->fe;
	} else if (g_reader_error.owner == r && g_reader_error.set) {
		fe = g_reader_error;
	} else {
		memset(&fe, 0, sizeof fe);
		first_error_keep(&fe, xmlGetLastError());
	}
	return first_error_report(&fe, name, err);
}
