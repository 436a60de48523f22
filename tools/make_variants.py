#!/usr/bin/env python3
"""Write tests/data/variants/: the seven annex forms typeset and filled by
other hands (layouts, labels, values, ticks, producers), each with the
record it must give (NAME.expected.json, from the values put in).

  tools/make_variants.py                 all variants
  tools/make_variants.py NAME...         only these (prefix match)
  tools/make_variants.py --list          names and what each exercises
  tools/make_variants.py --keep-sources  also keep the HTML / Markdown / FODT given to converters

Python 3 standard library; pandoc and LibreOffice (soffice) for the
converted variants. See docs/variants.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from variants import catalog, check  # noqa: E402
from variants.fodt import write_fodt  # noqa: E402
from variants.html import write_html  # noqa: E402
from variants.ooxml import write_docx  # noqa: E402
from variants.render import render  # noqa: E402

ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'tests', 'data', 'variants')


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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('names', nargs='*')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--keep-sources', action='store_true')
    args = ap.parse_args()
    variants = catalog.variants()
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        sys.exit('duplicate variant names')
    if args.names:
        variants = [v for v in variants if any(v.name.startswith(n) for n in args.names)]
    if args.list:
        for v in variants:
            print('%-44s %-10s %s' % (v.name, v.producer, v.about))
        return
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
            with open(os.path.join(OUT, v.name + '.expected.json'), 'w', encoding='utf-8') as f:
                json.dump(v.expected(), f, ensure_ascii=False, indent=2)
                f.write('\n')
            print('wrote', v.name)
    write_index(catalog.variants())


def write_index(variants):
    lines = ['# Variants', '', 'Written by `tools/make_variants.py` (see `docs/variants.md`). One line per variant:',
             'name, producer, what it exercises.', '', '| variant | producer | exercises |', '|---|---|---|']
    for v in variants:
        lines.append('| `%s` | %s | %s |' % (v.name, v.producer, v.about.replace('|', '\\|')))
    with open(os.path.join(OUT, 'README.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
