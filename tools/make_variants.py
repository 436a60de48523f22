#!/usr/bin/env python3
"""Write tests/data/variants/: the seven annex forms typeset and filled by
other hands (layouts, labels, values, ticks, producers), each with the
record it must give (NAME.expected.json, from the values put in).

  tools/make_variants.py                 all variants
  tools/make_variants.py NAME...         only these (prefix match)
  tools/make_variants.py --list          names and what each exercises
  tools/make_variants.py --keep-sources  also keep the HTML / Markdown / FODT given to converters
  tools/make_variants.py --round 2       only round 2 (values, rules, size: variants/catalog_rules.py)

Python 3 standard library; pandoc and LibreOffice (soffice) for the
converted variants. See docs/variants.md.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from variants import catalog, catalog_rules, check, xml_catalog  # noqa: E402
from variants.fodt import write_fodt  # noqa: E402
from variants.html import write_html  # noqa: E402
from variants.model import Table, grid_cols  # noqa: E402
from variants.ooxml import write_docx  # noqa: E402
from variants.render import render  # noqa: E402

ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'tests', 'data', 'variants')
XML_OUT = os.path.join(ROOT, 'tests', 'data', 'xml-variants')


class Soffice:
    """LibreOffice headless with a private profile (other users may run it too)."""

    def __init__(self, tmp):
        self.profile = os.path.join(tmp, 'lo-profile')

    def convert(self, src, fmt, outdir, infilter=None):
        cmd = ['soffice', '-env:UserInstallation=file://' + self.profile, '--headless', '--norestore']
        if infilter:
            cmd.append('--infilter=' + infilter)
        cmd += ['--convert-to', fmt, '--outdir', outdir, src]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180)
        base = os.path.splitext(os.path.basename(src))[0]
        out = os.path.join(outdir, base + '.' + fmt.split(':')[0])
        if r.returncode != 0 or not os.path.exists(out):
            raise RuntimeError('soffice %s failed: %s' % (fmt, r.stderr.decode(errors='replace')))
        return out


def pandoc(src, fmt, dst):
    subprocess.run(['pandoc', '-f', fmt, '-t', 'docx', '-o', dst, src], check=True, timeout=120)


def produce(v, tmp, lo, keep_sources):
    doc = render(v)
    work = os.path.join(tmp, v.name)
    os.makedirs(work, exist_ok=True)
    dst = os.path.join(OUT, v.name + '.docx')
    p = v.producer
    src = None
    if p == 'word':
        with open(dst, 'wb') as f:
            f.write(write_docx(doc))
        return
    if p in ('pandoc-html', 'lo-html'):
        src = os.path.join(work, v.name + '.html')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(write_html(doc))
        if p == 'pandoc-html':
            pandoc(src, 'html', dst)
        else:
            shutil.copy(lo.convert(src, 'docx:MS Word 2007 XML', work, 'HTML (StarWriter)'), dst)
    elif p == 'pandoc-md':
        first = os.path.join(work, v.name + '.docx')
        with open(first, 'wb') as f:
            f.write(write_docx(doc))
        src = os.path.join(work, v.name + '.md')
        subprocess.run(['pandoc', '-f', 'docx', '-t', 'markdown', '--wrap=none', '--columns=1000', '-o', src,
                        first], check=True, timeout=120)
        pandoc(src, 'markdown', dst)
    elif p == 'lo-fodt':
        src = os.path.join(work, v.name + '.fodt')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(write_fodt(doc))
        shutil.copy(lo.convert(src, 'docx:MS Word 2007 XML', work), dst)
    elif p in ('lo-odt', 'lo-doc', 'lo-docx'):
        first = os.path.join(work, v.name + '.docx')
        with open(first, 'wb') as f:
            f.write(write_docx(doc))
        if p == 'lo-docx':
            mid = first
            os.makedirs(os.path.join(work, 'out'), exist_ok=True)
            shutil.copy(lo.convert(mid, 'docx:MS Word 2007 XML', os.path.join(work, 'out')), dst)
        else:
            ext = 'odt' if p == 'lo-odt' else 'doc:MS Word 97'
            mid = lo.convert(first, ext, os.path.join(work, 'mid'))
            shutil.copy(lo.convert(mid, 'docx:MS Word 2007 XML', os.path.join(work, 'out')), dst)
    else:
        raise ValueError('unknown producer ' + p)
    if keep_sources and src:
        shutil.copy(src, os.path.join(OUT, os.path.basename(src)))


def dump(obj, f):
    """JSON, indented unless it is large (hundreds of host rows)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    if len(text) > 100000:
        text = json.dumps(obj, ensure_ascii=False, separators=(',', ':'))
    f.write(text + '\n')


def locate(v, doc):
    """Fill v.where for the expected diagnostics that name a cell: the cell
    of the value, the option list (for <key>_other and an option's blank) or
    the table cell, as "table T, row R, cell C" (top-level tables counted
    from 1 in document order, rows from 1, C the first grid column from 1,
    as `govforms grid` numbers them)."""
    cells = {}
    t = 0
    for b in doc.blocks:
        if not isinstance(b, Table):
            continue
        t += 1
        for ri, r in enumerate(b.rows):
            for c in r.cells:
                for k in c.keys:
                    cells.setdefault(k, 'table %d, row %d, cell %d' % (t, ri + 1, grid_cols(b, r, c) + 1))
    for i, d in enumerate(v.diagnostics):
        if len(d) > 3:
            continue
        key = re.sub(r'\[(\d+)\]', r'.\1', d[2] or '')
        cands = [key]
        if key.endswith('_other'):
            cands.append(key[:-len('_other')])
        if key == 'cloud.term_months':
            cands.append('cloud.term')
        for k in cands:
            if k in cells:
                v.where[i] = cells[k]
                break


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('names', nargs='*')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--keep-sources', action='store_true')
    ap.add_argument('--xml-only', action='store_true', help='only tests/data/xml-variants')
    ap.add_argument('--round', type=int, choices=(1, 2), help='only the variants of round 1 (layout, ticks) '
                    'or round 2 (values, rules, size)')
    args = ap.parse_args()
    variants = catalog.variants()
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        sys.exit('duplicate variant names')
    if args.round:
        second = {v.name for v in catalog_rules.variants()}
        variants = [v for v in variants if (v.name in second) == (args.round == 2)]
    if args.names:
        variants = [v for v in variants if any(v.name.startswith(n) for n in args.names)]
    xvs = [] if args.round == 1 else xml_catalog.variants()
    if args.names:
        xvs = [x for x in xvs if any(x.name.startswith(n) for n in args.names)]
    if len({x.name for x in xml_catalog.variants()}) != len(xml_catalog.variants()):
        sys.exit('duplicate XML variant names')
    if args.list:
        for v in variants:
            print('%-44s %-10s %s' % (v.name, v.producer, v.about))
        for x in xvs:
            print('%-44s %-10s %s' % (x.name, 'xml', x.about))
        return
    if args.xml_only:
        variants = []
    write_xml_variants(xvs)
    problems = []
    for v in variants:
        problems += check.typed_agrees(v)
    if problems:
        sys.exit('typed text disagrees with the values:\n  ' + '\n  '.join(problems))
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='gf-variants-') as tmp:
        lo = Soffice(tmp)
        for v in variants:
            produce(v, tmp, lo, args.keep_sources)
            if v.locate:
                locate(v, render(v))
            with open(os.path.join(OUT, v.name + '.expected.json'), 'w', encoding='utf-8') as f:
                dump(v.expected(), f)
            print('wrote', v.name)
    write_index(catalog.variants())


def write_xml_variants(xvs):
    if not xvs:
        return
    os.makedirs(XML_OUT, exist_ok=True)
    for x in xvs:
        data, where = x.document()
        with open(os.path.join(XML_OUT, x.name + '.xml'), 'wb') as f:
            f.write(data)
        with open(os.path.join(XML_OUT, x.name + '.expected.json'), 'w', encoding='utf-8') as f:
            dump(x.expected(where), f)
        print('wrote xml', x.name)
    lines = ['# XML variants', '', 'Written by `tools/make_variants.py` (`tools/variants/xml_catalog.py`; see '
             '`docs/variants.md`). One line per document: name, exit code expected, what it exercises.', '',
             '| variant | exit | exercises |', '|---|---|---|']
    for x in xml_catalog.variants():
        lines.append('| `%s` | %d | %s |' % (x.name, x.exit, x.about.replace('|', '\\|')))
    with open(os.path.join(XML_OUT, 'README.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


def write_index(variants):
    lines = ['# Variants', '', 'Written by `tools/make_variants.py` (see `docs/variants.md`). One line per variant:',
             'name, producer, what it exercises.', '', '| variant | producer | exercises |', '|---|---|---|']
    for v in variants:
        lines.append('| `%s` | %s | %s |' % (v.name, v.producer, v.about.replace('|', '\\|')))
    with open(os.path.join(OUT, 'README.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
