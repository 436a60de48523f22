#!/usr/bin/env python3
"""Run `govforms extract` on every variant in tests/data/variants and compare
its fields and diagnostics (severity, code, field; as a set) with
NAME.expected.json.

  tools/check_variants.py [--govforms build/govforms] [NAME...]
  tools/check_variants.py --known      also say which KNOWN_FAILURES lines are stale

Exit 0 when every variant not listed in KNOWN_FAILURES matches.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, 'tests', 'data', 'variants')


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


def compare(govforms, name):
    exp = json.load(open(os.path.join(DIR, name + '.expected.json'), encoding='utf-8'))
    r = subprocess.run([govforms, 'extract', os.path.join(DIR, name + '.docx')],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        return ['exit %d: %s' % (r.returncode, r.stderr.decode(errors='replace').strip())], None
    got = json.loads(r.stdout)
    lines = []
    if got.get('form') != exp['form']:
        lines.append('form: expected %s, got %s' % (exp['form'], got.get('form')))
    fe, fg = flat(exp['fields']), flat(got.get('fields', {}))
    for k in sorted(set(fe) | set(fg)):
        if fe.get(k) != fg.get(k):
            lines.append('%s: expected %s, got %s' % (
                k, json.dumps(fe.get(k), ensure_ascii=False), json.dumps(fg.get(k), ensure_ascii=False)))
    de, dg = diag_set(exp['diagnostics']), diag_set(got.get('diagnostics', []))
    for d in sorted(set(de) - set(dg)):
        lines.append('diagnostic missing: ' + d)
    for d in got.get('diagnostics', []):
        key = '%s %s %s' % (d.get('severity'), d.get('code'), d.get('field') or '-')
        if key not in de:
            lines.append('diagnostic extra: %s (%s) %s' % (key, d.get('where', ''), d.get('message', '')))
    return lines, got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--govforms', default=os.path.join(ROOT, 'build', 'govforms'))
    ap.add_argument('--known', action='store_true')
    ap.add_argument('--quiet', action='store_true')
    ap.add_argument('names', nargs='*')
    args = ap.parse_args()
    names = sorted(f[:-len('.expected.json')] for f in os.listdir(DIR) if f.endswith('.expected.json'))
    if args.names:
        names = [n for n in names if any(n.startswith(x) for x in args.names)]
    known = known_failures()
    bad_new, fixed = [], []
    npass = 0
    for n in names:
        lines, _ = compare(args.govforms, n)
        if not lines:
            npass += 1
            if n in known:
                fixed.append(n)
            continue
        if n not in known:
            bad_new.append(n)
        if not args.quiet:
            print('FAIL %s%s' % (n, ' (known)' if n in known else ''))
            for l in lines:
                print('    ' + l)
    print('%d/%d variants match; %d fail (%d not in KNOWN_FAILURES)' % (npass, len(names), len(names) - npass,
                                                                      len(bad_new)))
    if args.known and fixed:
        print('now passing, remove from KNOWN_FAILURES: ' + ' '.join(fixed))
    stale = [k for k in known if k not in names]
    if args.known and stale:
        print('KNOWN_FAILURES names no variant: ' + ' '.join(stale))
    return 1 if bad_new else 0


if __name__ == '__main__':
    sys.exit(main())
