"""Doc model -> HTML (for pandoc and LibreOffice's HTML import)."""
from xml.sax.saxutils import escape

from .model import Para, Run, Table

SYM = {('Wingdings 2', 'F052'): '\u2611', ('Wingdings 2', 'F0A3'): '\u2610',
       ('Wingdings', 'F0FE'): '\u2611', ('Wingdings', 'F0A8'): '\u2610',
       ('Wingdings 2', 'F050'): '\u2714', ('Wingdings 2', 'F054'): '\u2612'}
PUA = {'\uf0fe': '\u2611', '\uf0a8': '\u2610'}


def run_glyph(r: Run) -> str:
    if r.sym:
        return SYM.get(r.sym, '?')
    if r.checkbox:
        return '\u2612' if r.checkbox[1] else '\u2610'
    return ''.join(PUA.get(ch, ch) for ch in r.text)


def run_html(r: Run) -> str:
    if r.deleted:
        return ''
    if r.br:
        return '<br>'
    s = escape(run_glyph(r))
    if r.font and not r.sym:
        s = '<span style="font-family:\'%s\'">%s</span>' % (r.font, s)
    if r.b:
        s = '<b>%s</b>' % s
    if r.u:
        s = '<u>%s</u>' % s
    if r.strike:
        s = '<s>%s</s>' % s
    if r.hl or r.shd:
        s = '<span style="background-color:%s">%s</span>' % (
            '#ffff00' if r.hl else '#' + r.shd, s)
    if r.color:
        s = '<span style="color:#%s">%s</span>' % (r.color, s)
    return s


def para_html(p: Para) -> str:
    body = ''.join(run_html(r) for r in p.runs)
    if p.bold:
        body = '<b>%s</b>' % body
    align = ' align="%s"' % p.align if p.align else ''
    return '<p%s>%s</p>' % (align, body)


def table_html(t: Table) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="4" width="100%">']
    total = sum(t.grid)
    out.append('<colgroup>%s</colgroup>' % ''.join(
        '<col width="%d%%">' % max(1, round(100 * g / total)) for g in t.grid))
    for r in t.rows:
        out.append('<tr>')
        for c in r.cells:
            if c.vmerge == 'continue':
                continue
            attrs = ''
            if c.span > 1:
                attrs += ' colspan="%d"' % c.span
            if c.vmerge == 'restart' and c.rowspan > 1:
                attrs += ' rowspan="%d"' % c.rowspan
            inner = ''.join(para_html(p) for p in c.paras) + ''.join(table_html(n) for n in c.tables)
            out.append('<td%s>%s</td>' % (attrs, inner))
        out.append('</tr>')
    out.append('</table>')
    return ''.join(out)


def write_html(doc) -> str:
    body = []
    for b in doc.blocks:
        if isinstance(b, Para) and b.numbered:
            item = '<li>%s</li>' % para_html(b)[3:-4]
            if body and body[-1].endswith('</ol>'):
                body[-1] = body[-1][:-5] + item + '</ol>'
            else:
                body.append('<ol>%s</ol>' % item)
            continue
        body.append(table_html(b) if isinstance(b, Table) else para_html(b))
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<title>%s</title></head><body>\n%s\n</body></html>\n' % (escape(doc.title), '\n'.join(body)))
