#include "form/xsd.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <string.h>

/* A node of the key tree: "owner.email" -> owner { email }. */
typedef struct knode {
	char name[64];
	const gf_fielddef *field;
	const gf_tabledef *table; /* table rows */
	const gf_tabledef *total; /* a table's total object */
	struct knode *kids[64];
	size_t nkids;
} knode;

static knode *kid(knode *n, const char *name, size_t len)
{
	for (size_t i = 0; i < n->nkids; i++)
		if (strlen(n->kids[i]->name) == len && strncmp(n->kids[i]->name, name, len) == 0)
			return n->kids[i];
	if (n->nkids == 64 || len >= sizeof n->kids[0]->name)
		return NULL;
	knode *k = gf_calloc(1, sizeof *k);
	if (!k)
		return NULL;
	memcpy(k->name, name, len);
	n->kids[n->nkids++] = k;
	return k;
}

static knode *insert(knode *root, const char *path)
{
	knode *n = root;
	while (n && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		n = kid(n, path, len);
		path += len + (dot ? 1 : 0);
	}
	return n;
}

static void free_tree(knode *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		free_tree(n->kids[i]);
		gf_free(n->kids[i]);
	}
}

static void indent(gf_buf *b, int d)
{
	for (int i = 0; i < d; i++)
		gf_buf_puts(b, "  ");
}

static void items_of(gf_buf *b, int d, const char *item_type)
{
	/* mixed: a multi choice may also be written as one text ("0", or
	 * "政务外网、互联网"), as people type it */
	indent(b, d);
	gf_buf_puts(b, "<xs:complexType mixed=\"true\"><xs:sequence>\n");
	indent(b, d + 1);
	gf_buf_printf(b, "<xs:element name=\"item\" type=\"%s\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>\n",
		      item_type);
	indent(b, d);
	gf_buf_puts(b, "</xs:sequence></xs:complexType>\n");
}

static void parts_all(gf_buf *b, int d, const gf_tabledef *t, bool total)
{
	indent(b, d);
	gf_buf_puts(b, "<xs:complexType><xs:all>\n");
	for (size_t c = 0; c < t->ncols; c++)
		for (size_t p = 0; p < t->cols[c].nparts; p++) {
			const char *key = t->cols[c].parts[p].key;
			if (total) {
				bool in = t->count_key && strcmp(key, t->count_key) == 0;
				for (size_t k = 0; k < t->ntotal_cols && !in; k++)
					in = strcmp(key, t->total_cols[k]) == 0;
				if (!in)
					continue;
			}
			indent(b, d + 1);
			gf_buf_printf(b, "<xs:element name=\"%s\" type=\"value\" minOccurs=\"0\"/>\n", key);
		}
	indent(b, d);
	gf_buf_puts(b, "</xs:all></xs:complexType>\n");
}

static void emit(gf_buf *b, const knode *n, int d)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const knode *k = n->kids[i];
		indent(b, d);
		if (k->field && !k->nkids) {
			const char *type = k->field->type == GF_TYPE_MULTI ? NULL : "value";
			if (type) {
				gf_buf_printf(b, "<xs:element name=\"%s\" type=\"%s\" minOccurs=\"0\"/>\n",
					      k->name, type);
			} else {
				gf_buf_printf(b, "<xs:element name=\"%s\" minOccurs=\"0\">\n", k->name);
				items_of(b, d + 1, "value");
				indent(b, d);
				gf_buf_puts(b, "</xs:element>\n");
			}
			continue;
		}
		gf_buf_printf(b, "<xs:element name=\"%s\" minOccurs=\"0\">\n", k->name);
		if (k->table) {
			indent(b, d + 1);
			gf_buf_puts(b, "<xs:complexType><xs:sequence>\n");
			indent(b, d + 2);
			gf_buf_puts(b, "<xs:element name=\"item\" minOccurs=\"0\" maxOccurs=\"unbounded\">\n");
			parts_all(b, d + 3, k->table, false);
			indent(b, d + 2);
			gf_buf_puts(b, "</xs:element>\n");
			indent(b, d + 1);
			gf_buf_puts(b, "</xs:sequence></xs:complexType>\n");
		} else if (k->total) {
			parts_all(b, d + 1, k->total, true);
		} else {
			indent(b, d + 1);
			gf_buf_puts(b, "<xs:complexType><xs:all>\n");
			emit(b, k, d + 2);
			indent(b, d + 1);
			gf_buf_puts(b, "</xs:all></xs:complexType>\n");
		}
		indent(b, d);
		gf_buf_puts(b, "</xs:element>\n");
	}
}

char *gf_xsd_generate(const gf_formdef *f)
{
	knode root = {0};
	bool ok = true;
	for (size_t s = 0; s < f->norder && ok; s++) {
		const gf_slot *slot = &f->order[s];
		knode *n = insert(&root, slot->field ? slot->field->key : slot->table->key);
		ok = n != NULL;
		if (!ok)
			break;
		if (slot->field)
			n->field = slot->field;
		else
			n->table = slot->table;
		if (slot->table && slot->table->total_key) {
			knode *t = insert(&root, slot->table->total_key);
			ok = t != NULL;
			if (t)
				t->total = slot->table;
		}
	}
	gf_buf b = GF_BUF_INIT(0);
	if (ok) {
		gf_buf_printf(&b,
			      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			      "<!-- Structured input for %s %s (%s).\n"
			      "     Generated from templates/forms/%s.xml by `govforms schema %s`;\n"
			      "     do not edit: change the form definition and regenerate. -->\n"
			      "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
			      "  <xs:simpleType name=\"value\">\n"
			      "    <xs:restriction base=\"xs:string\"><xs:maxLength value=\"1048576\"/></xs:restriction>\n"
			      "  </xs:simpleType>\n"
			      "  <xs:element name=\"form\">\n"
			      "    <xs:complexType>\n"
			      "      <xs:sequence><xs:element name=\"fields\" type=\"fields\"/></xs:sequence>\n"
			      "      <xs:attribute name=\"type\" type=\"xs:string\" use=\"required\" fixed=\"%s\"/>\n"
			      "    </xs:complexType>\n"
			      "  </xs:element>\n"
			      "  <xs:element name=\"record\">\n"
			      "    <xs:complexType>\n"
			      "      <xs:sequence>\n"
			      "        <xs:element name=\"schema\" type=\"value\" minOccurs=\"0\"/>\n"
			      "        <xs:element name=\"form\" type=\"value\" minOccurs=\"0\"/>\n"
			      "        <xs:element name=\"title\" type=\"value\" minOccurs=\"0\"/>\n"
			      "        <xs:element name=\"source\" type=\"anything\" minOccurs=\"0\"/>\n"
			      "        <xs:element name=\"valid\" type=\"value\" minOccurs=\"0\"/>\n"
			      "        <xs:element name=\"fields\" type=\"fields\"/>\n"
			      "        <xs:element name=\"diagnostics\" type=\"anything\" minOccurs=\"0\"/>\n"
			      "      </xs:sequence>\n"
			      "      <xs:attribute name=\"form\" type=\"xs:string\" use=\"required\" fixed=\"%s\"/>\n"
			      "    </xs:complexType>\n"
			      "  </xs:element>\n"
			      "  <xs:complexType name=\"anything\">\n"
			      "    <xs:sequence><xs:any processContents=\"skip\" minOccurs=\"0\" maxOccurs=\"unbounded\"/></xs:sequence>\n"
			      "  </xs:complexType>\n"
			      "  <xs:complexType name=\"fields\">\n"
			      "    <xs:all>\n",
			      f->annex ? f->annex : "", f->title, f->id, f->id, f->id, f->id, f->id);
		emit(&b, &root, 3);
		gf_buf_puts(&b, "    </xs:all>\n  </xs:complexType>\n</xs:schema>\n");
	}
	free_tree(&root);
	if (!ok) {
		gf_buf_free(&b);
		return NULL;
	}
	return gf_buf_detach(&b, NULL);
}
