"""Doc model -> flat ODF text document (.fodt), for LibreOffice to save as DOCX."""
from xml.sax.saxutils import escape

from .html import run_glyph
from .model import Para, Table

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
        '<office:font-face-decls><style:font-face style:name="SimSun" svg:font-family="SimSun" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>'
        '<office:automatic-styles>'
        '<style:style style:name="Tb" style:family="table"><style:table-properties style:width="15.9cm" '
        'table:align="margins"/></style:style>'
        '<style:style style:name="Cl" style:family="table-cell"><style:table-cell-properties '
        'fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>'
        '<style:style style:name="Tbold" style:family="text"><style:text-properties fo:font-weight="bold" '
        'style:font-weight-asian="bold"/></style:style>'
        '<style:style style:name="Tu" style:family="text"><style:text-properties '
        'style:text-underline-style="solid" style:text-underline-width="auto" '
        'style:text-underline-color="font-color"/></style:style>'
        '<style:style style:name="Thl" style:family="text"><style:text-properties '
        'fo:background-color="#ffff00"/></style:style>'
        '<style:style style:name="Tst" style:family="text"><style:text-properties '
        'style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style>'
        '<style:style style:name="Tred" style:family="text"><style:text-properties '
        'fo:color="#ff0000"/></style:style>'
        '%s'
        '</office:automatic-styles><office:body><office:text>')
TAIL = '</office:text></office:body></office:document>\n'


def text_xml(s: str) -> str:
    """Spaces as ODF writes them: runs of more than one become text:s."""
    out, i = [], 0
    while i < len(s):
        if s[i] == ' ':
            j = i
            while j < len(s) and s[j] == ' ':
                j += 1
            n = j - i
            out.append(' ' if n == 1 else ' <text:s text:c="%d"/>' % (n - 1))
            i = j
        else:
            out.append(escape(s[i]))
            i += 1
    return ''.join(out)


def para_xml(p: Para) -> str:
    out = []
    for r in p.runs:
        if r.deleted:
            continue
        if r.br:
            out.append('<text:line-break/>')
            continue
        s = text_xml(run_glyph(r))
        styles = [n for n, on in (('Tbold', r.b or p.bold), ('Tu', r.u), ('Thl', bool(r.hl or r.shd)),
                                  ('Tst', r.strike), ('Tred', bool(r.color))) if on]
        for st in styles:
            s = '<text:span text:style-name="%s">%s</text:span>' % (st, s)
        out.append(s)
    return '<text:p>%s</text:p>' % ''.join(out)


def table_xml(t: Table, name: str, counter) -> str:
    out = ['<table:table table:name="%s" table:style-name="Tb">' % name]
    for g in t.grid:
        out.append('<table:table-column table:style-name="C%d"/>' % counter.col(g))
    for r in t.rows:
        out.append('<table:table-row>')
        for c in r.cells:
            if c.vmerge == 'continue':
                out.append('<table:covered-table-cell/>' * c.span)
                continue
            attrs = ' table:style-name="Cl"'
            if c.span > 1:
                attrs += ' table:number-columns-spanned="%d"' % c.span
            if c.vmerge == 'restart' and c.rowspan > 1:
                attrs += ' table:number-rows-spanned="%d"' % c.rowspan
            inner = ''.join(para_xml(p) for p in c.paras)
            for n in c.tables:
                inner += table_xml(n, counter.name(), counter)
            if not inner:
                inner = '<text:p/>'
            out.append('<table:table-cell office:value-type="string"%s>%s</table:table-cell>' % (attrs, inner))
            out.append('<table:covered-table-cell/>' * (c.span - 1))
        out.append('</table:table-row>')
    out.append('</table:table>')
    return ''.join(out)


class Counter:
    def __init__(self):
        self.widths = []
        self.n = 0

    def col(self, w):
        self.widths.append(w)
        return len(self.widths)

    def name(self):
        self.n += 1
        return 'Table%d' % self.n


def write_fodt(doc) -> str:
    counter = Counter()
    body = []
    for b in doc.blocks:
        body.append(table_xml(b, counter.name(), counter) if isinstance(b, Table) else para_xml(b))
    colstyles = ''.join(
        '<style:style style:name="C%d" style:family="table-column"><style:table-column-properties '
        'style:column-width="%.3fcm"/></style:style>' % (i + 1, w / 567.0)
        for i, w in enumerate(counter.widths))
    return HEAD % colstyles + ''.join(body) + TAIL
