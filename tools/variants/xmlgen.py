"""The structured XML input of spec/forms.md written the ways other programs
write XML: byte order marks, UTF-16, GB18030, no declaration, comments and
processing instructions, CDATA, character references, entities, whitespace
around values, empty elements, any element order, records, namespaces,
attributes and elements the schema does not know, multi values as one
string, values with units. Written from the record values (data.py), not by
govforms, with its own small serialiser."""
import random
from xml.sax.saxutils import escape

from .variant import num_text


class Style:
    """How one producer writes the document. Every field is optional."""

    def __init__(self, **kw):
        self.root = kw.get('root', 'form')              # form / record
        self.indent = kw.get('indent', '  ')            # '' = one line
        self.order = kw.get('order', 'keys')            # keys / shuffle / reverse
        self.seed = kw.get('seed', 7)
        self.multi = kw.get('multi', 'items')           # items / string:SEP
        self.text = kw.get('text', 'plain')             # plain / cdata / hexref / decref / padded
        self.empty = kw.get('empty', {})                # path -> '' (<x/>) or '  ' (whitespace only)
        self.comments = kw.get('comments', False)       # comments and PIs between and inside elements
        self.attrs = kw.get('attrs', {})                # path ('' = root) -> {name: value}
        self.unknown = kw.get('unknown', [])            # (parent path, name, text)
        self.typed = kw.get('typed', {})                # path -> text as written (8核, 16G)
        self.raw = kw.get('raw', {})                    # path -> raw XML content, unescaped
        self.decl = kw.get('decl', 'UTF-8')             # encoding label in the declaration; None: no declaration
        self.encoding = kw.get('encoding', 'utf-8')     # python codec of the bytes
        self.bom = kw.get('bom', False)
        self.ns = kw.get('ns')                          # default namespace on the root
        self.root_attrs = kw.get('root_attrs', {})
        self.record_diags = kw.get('record_diags', [])  # for root=record: diagnostics written in
        self.title = kw.get('title', '')


def _ordered(items, style, depth):
    items = list(items)
    if style.order == 'reverse':
        items.reverse()
    elif style.order == 'shuffle':
        random.Random(style.seed * 1000 + depth * 31 + len(items)).shuffle(items)
    return items


def _text(value, style):
    if isinstance(value, bool):
        raise TypeError(value)
    t = num_text(value) if isinstance(value, (int, float)) else value
    if style.text == 'cdata':
        return '<![CDATA[%s]]>' % t.replace(']]>', ']]]]><![CDATA[>')
    if style.text in ('hexref', 'decref'):
        out = []
        for ch in t:
            if ord(ch) > 0x7f:
                out.append('&#x%X;' % ord(ch) if style.text == 'hexref' else '&#%d;' % ord(ch))
            else:
                out.append(escape(ch, {'"': '&quot;', "'": '&apos;'}))
        return ''.join(out)
    s = escape(t, {'"': '&quot;', "'": '&apos;'})
    if style.text == 'padded':
        return '\n%s\t%s \n' % (' ' * 6, s)
    return s


class Writer:
    def __init__(self, style):
        self.s = style
        self.lines = []
        self.where = {}      # path -> line (1-based) of its start tag

    def line(self, depth, text, path=None):
        if self.s.indent:
            if path is not None:
                self.where[path] = len(self.lines) + 1 + self.offset
            self.lines.append(self.s.indent * depth + text)
        else:
            self.lines.append(text)

    def attrs(self, path):
        a = self.s.attrs.get(path, {})
        return ''.join(' %s="%s"' % (k, escape(v, {'"': '&quot;'})) for k, v in a.items())

    def value(self, depth, name, path, v):
        if path in self.s.raw:
            self.line(depth, '<%s%s>%s</%s>' % (name, self.attrs(path), self.s.raw[path], name), path)
            return
        if path in self.s.typed:
            v = self.s.typed[path]
        if isinstance(v, dict):
            self.obj(depth, name, path, v)
            return
        if isinstance(v, list):
            if v and all(isinstance(x, dict) for x in v):
                self.line(depth, '<%s%s>' % (name, self.attrs(path)), path)
                for i, row in enumerate(v):
                    self.obj(depth + 1, 'item', '%s.%d' % (path, i), row)
                self.line(depth, '</%s>' % name)
                return
            if self.s.multi.startswith('string:'):
                v = self.s.multi[len('string:'):].join(v)
            else:
                self.line(depth, '<%s%s>' % (name, self.attrs(path)), path)
                for x in v:
                    self.line(depth + 1, '<item>%s</item>' % _text(x, self.s))
                self.line(depth, '</%s>' % name)
                return
        inner = _text(v, self.s)
        if self.s.comments and isinstance(v, str) and len(v) >= 4:
            # a comment and a processing instruction inside the value's text
            if self.s.text == 'plain':
                h = len(v) // 2
                inner = '%s<!-- 原文 -->%s<?pi keep?>' % (_text(v[:h], self.s), _text(v[h:], self.s))
        self.line(depth, '<%s%s>%s</%s>' % (name, self.attrs(path), inner, name), path)

    def obj(self, depth, name, path, d):
        self.line(depth, '<%s%s>' % (name, self.attrs(path)), path)
        if self.s.comments:
            self.line(depth + 1, '<!-- %s -->' % (path or 'fields'))
        keys = list(d.items())
        for ep, kind in self.s.empty.items():
            parent, _, leaf = ep.rpartition('.')
            if parent == path and leaf not in d:
                keys.append((leaf, ('__empty__', kind)))
        for tp in list(self.s.typed) + list(self.s.raw):
            parent, _, leaf = tp.rpartition('.')
            if parent == path and leaf not in d and leaf not in [k for k, _ in keys]:
                keys.append((leaf, None))   # written as typed, though no value of its type
        for (ppath, nm, text) in self.s.unknown:
            if ppath == path:
                keys.append((nm, ('__unknown__', text)))
        for k, v in _ordered(keys, self.s, depth):
            sub = '%s.%s' % (path, k) if path else k
            if isinstance(v, tuple) and v[0] == '__empty__':
                self.line(depth + 1, '<%s/>' % k if v[1] == '' else '<%s>%s</%s>' % (k, v[1], k), sub)
            elif isinstance(v, tuple) and v[0] == '__unknown__':
                self.line(depth + 1, '<%s>%s</%s>' % (k, escape(v[1]), k), sub)
            else:
                self.value(depth + 1, k, sub, v)
        if self.s.comments:
            self.line(depth + 1, '<?govforms-note section-end?>')
        self.line(depth, '</%s>' % name)

    def document(self, form, fields):
        s = self.s
        head = []
        if s.decl is not None:
            head.append('<?xml version="1.0" encoding="%s"?>' % s.decl)
        if s.comments:
            head.append('<!-- exported by 政务服务平台 v3.2 -->')
            head.append('<?xml-stylesheet type="text/xsl" href="form.xsl"?>')
        self.offset = len(head)
        ns = ' xmlns="%s"' % s.ns if s.ns else ''
        extra = ''.join(' %s="%s"' % kv for kv in s.root_attrs.items())
        if s.root == 'record':
            self.line(0, '<record%s form="%s"%s>' % (ns, form, extra))
            self.line(1, '<schema>govforms.record/1</schema>')
            self.line(1, '<form>%s</form>' % form)
            self.line(1, '<title>%s</title>' % escape(s.title))
            self.line(1, '<source>')
            self.line(2, '<name>%s.docx</name>' % form)
            self.line(2, '<format>docx</format>')
            self.line(2, '<sha256>%s</sha256>' % ('0' * 64))
            self.line(1, '</source>')
            self.line(1, '<valid>%s</valid>' % ('false' if s.record_diags else 'true'))
            self.obj(1, 'fields', '', fields)
            self.line(1, '<diagnostics>')
            for d in s.record_diags:
                self.line(2, '<item>')
                for k, v in d.items():
                    self.line(3, '<%s>%s</%s>' % (k, escape(v), k))
                self.line(2, '</item>')
            self.line(1, '</diagnostics>')
            self.line(0, '</record>')
        else:
            self.line(0, '<form%s type="%s"%s>' % (ns, form, extra))
            self.obj(1, 'fields', '', fields)
            self.line(0, '</form>')
        sep = '\n' if s.indent else ''
        text = '\n'.join(head) + ('\n' if head else '') + sep.join(self.lines) + '\n'
        data = text.encode(s.encoding)
        if s.bom:
            data = {'utf-8': b'\xef\xbb\xbf', 'utf-16-le': b'\xff\xfe', 'utf-16-be': b'\xfe\xff'}[s.encoding] + data
        return data


def write_xml(form, fields, style):
    """(bytes, {path: line}) of the document."""
    w = Writer(style)
    data = w.document(form, fields)
    return data, w.where
