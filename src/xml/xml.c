#include "xml/xml.h"

#include "core/utf8.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
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

int gf_xml_reader_check(xmlTextReader *r, const gf_limits *lim, const char *name,
			gf_error *err)
{
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
	if (g_reader_error.owner == r && g_reader_error.set) {
		fe = g_reader_error;
	} else {
		memset(&fe, 0, sizeof fe);
		first_error_keep(&fe, xmlGetLastError());
	}
	return first_error_report(&fe, name, err);
}
