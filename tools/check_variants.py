#!/usr/bin/env python3
"""Run `govforms extract` on every variant in tests/data/variants (DOCX) and
tests/data/xml-variants (XML) and compare its form, fields and diagnostics
(severity, code, field; `where` when the expected file gives one) with
NAME.expected.json; for XML also the exit code and, for twins, the fields
of the DOCX variant named by `twin`.

  tools/check_variants.py [--govforms build/govforms] [NAME...]
  tools/check_variants.py --known      also say which KNOWN_FAILURES lines are stale
  tools/check_variants.py --time       print the wall time of each run (slowest first)

Exit 0 when every variant not listed in KNOWN_FAILURES matches.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, 'tests', 'data', 'variants')
XML_DIR = os.path.join(ROOT, 'tests', 'data', 'xml-variants')


def flat(obj, prefix=''):
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flat(v, prefix + '.' + k if prefix else k))
    elif isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj):
        for i, v in enumerate(obj):
            out.update(flat(v, '%s[%d]' % (prefix, i)))
    else:
        out[prefix] = obj
    return out


def diag_set(diags):
    return sorted('%s %s %s' % (d.get('severity'), d.get('code'), d.get('field') or '-') for d in diags)


def known_failures():
    path = os.path.join(DIR, 'KNOWN_FAILURES')
    known = {}
    if os.path.exists(path):
        for line in open(path, encoding='utf-8'):
            line = line.strip()
            if line and not line.startswith('#'):
                name, _, why = line.partition(' ')
                known[name] = why.strip()
    return known


def short(v, limit=160):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else '%s…(%d chars)' % (s[:limit], len(s))


def run(govforms, path):
    t0 = time.monotonic()
    r = subprocess.run([govforms, 'extract', path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r, time.monotonic() - t0


def compare(govforms, name, xml=False):
    d = XML_DIR if xml else DIR
    exp = json.load(open(os.path.join(d, name + '.expected.json'), encoding='utf-8'))
    r, secs = run(govforms, os.path.join(d, name + ('.xml' if xml else '.docx')))
    lines = []
    if 'exit' in exp and r.returncode != exp['exit']:
        lines.append('exit: expected %d, got %d' % (exp['exit'], r.returncode))
    if r.returncode not in (0, 1, 2) or not r.stdout:
        return lines + ['exit %d: %s' % (r.returncode, r.stderr.decode(errors='replace').strip())], None, secs
    got = json.loads(r.stdout)
    if got.get('form') != exp['form']:
        lines.append('form: expected %s, got %s' % (exp['form'], got.get('form')))
    fe, fg = flat(exp['fields']), flat(got.get('fields', {}))
    for k in sorted(set(fe) | set(fg)):
        if fe.get(k) != fg.get(k):
            lines.append('%s: expected %s, got %s' % (k, short(fe.get(k)), short(fg.get(k))))
    if exp.get('twin'):
        rt, _ = run(govforms, os.path.join(DIR, exp['twin'] + '.docx'))
        tf = json.loads(rt.stdout).get('fields') if rt.stdout else None
        if tf != got.get('fields'):
            ft = flat(tf or {})
            for k in sorted(set(ft) | set(fg)):
                if ft.get(k) != fg.get(k):
                    lines.append('twin %s: %s: DOCX gives %s, XML gives %s' % (exp['twin'], k, short(ft.get(k)),
                                                                            short(fg.get(k))))
    de, dg = diag_set(exp['diagnostics']), diag_set(got.get('diagnostics', []))
    for dd in sorted(set(de) - set(dg)):
        lines.append('diagnostic missing: ' + dd)
    for dd in exp['diagnostics']:
        if 'where' not in dd:
            continue
        key = (dd['severity'], dd['code'], dd.get('field'))
        wheres = [g.get('where') for g in got.get('diagnostics', [])
                  if (g.get('severity'), g.get('code'), g.get('field')) == key]
        if wheres and dd['where'] not in wheres:
            lines.append('diagnostic %s %s %s: expected at %s, got at %s' % (key + (dd['where'], ' / '.join(
                str(w) for w in wheres))))
    allow = set(exp.get('allow', []))
    for g in got.get('diagnostics', []):
        key = '%s %s %s' % (g.get('severity'), g.get('code'), g.get('field') or '-')
        if key not in de and key not in allow:
            lines.append('diagnostic extra: %s (%s) %s' % (key, g.get('where', ''), short(g.get('message'), 200)))
    return lines, got, secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--govforms', default=os.path.join(ROOT, 'build', 'govforms'))
    ap.add_argument('--known', action='store_true')
    ap.add_argument('--quiet', action='store_true')
    ap.add_argument('--time', action='store_true')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    names = [(n[:-len('.expected.json')], False) for n in sorted(os.listdir(DIR)) if n.endswith('.expected.json')]
    if os.path.isdir(XML_DIR):
        names += [(n[:-len('.expected.json')], True) for n in sorted(os.listdir(XML_DIR))
                  if n.endswith('.expected.json')]
    if args.names:
        names = [(n, x) for n, x in names
                 if any((('xml:' if x else '') + n).startswith(a) or n.startswith(a) for a in args.names)]
    known = known_failures()
    bad_new, fixed, times = [], [], []
    npass = 0
    for n, x in names:
        label = ('xml:' if x else '') + n
        lines, _, secs = compare(args.govforms, n, x)
        times.append((secs, label))
        if not lines:
            npass += 1
            if label in known:
                fixed.append(label)
            continue
        if label not in known:
            bad_new.append(label)
        if not args.quiet:
            print('FAIL %s%s' % (label, ' (known)' if label in known else ''))
            for line in lines[:40]:
                print('    ' + line)
            if len(lines) > 40:
                print('    … %d more' % (len(lines) - 40))
    if args.time:
        for secs, label in sorted(times, reverse=True)[:15]:
            print('%8.3f s  %s' % (secs, label))
    print('%d/%d variants match; %d fail (%d not in KNOWN_FAILURES)' % (npass, len(names), len(names) - npass,
                                                                      len(bad_new)))
    if args.known and fixed:
        print('now passing, remove from KNOWN_FAILURES: ' + ' '.join(fixed))
    all_names = {('xml:' if x else '') + n for n, x in names}
    stale = [k for k in known if k not in all_names and not k.startswith('gen:')]  # gen: built by test_variants
    if args.known and stale:
        print('KNOWN_FAILURES names no variant: ' + ' '.join(stale))
    return 1 if bad_new else 0


if __name__ == '__main__':
    sys.exit(main())
