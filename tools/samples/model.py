"""A sample: the intended record values of one filled form (the truth the
expected JSON is written from) plus how a person put them on paper."""

import copy


class Sample:
    """
    form      form id (spec.FORMS)
    name      file base name, "<form>-<variant>"
    values    the record's `fields` as the extractor must produce them
              (computed fields such as hosts_total are added by expected())
    typed     flat key -> text as typed into the form, where it differs from
              the default rendering of the value; also text typed for fields
              the record leaves out (a malformed email)
    rows      array key -> list of {subkey or column id: typed text}, per row
    marks     key -> tick style ('*' is the default), see render.py
    quirks    hand edits and Word constructs, see render.py
    diags     [(severity, code, field)] deliberately put in
    flavor    'word' or 'wps'
    note      one line for the README
    """

    def __init__(self, form, variant, values, note, typed=None, rows=None, marks=None,
                 quirks=None, diags=(), flavor="word", creator="张晓敏", xml=False):
        self.form = form
        self.variant = variant
        self.name = f"{form}-{variant}"
        self.values = values
        self.note = note
        self.typed = typed or {}
        self.rows = rows or {}
        self.marks = marks or {}
        self.quirks = quirks or {}
        self.diags = list(diags)
        self.flavor = flavor
        self.creator = creator
        self.xml = xml  # also write an XML twin

    def q(self, name, default=None):
        return self.quirks.get(name, default if default is not None else {})


def get(tree, key):
    """Value at a dotted key, or None."""
    cur = tree
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def put(tree, key, value):
    parts = key.split(".")
    cur = tree
    for p in parts[:-1]:
        cur = cur.setdefault(p, {})
    cur[parts[-1]] = value


def drop(tree, key):
    parts = key.split(".")
    cur = tree
    for p in parts[:-1]:
        cur = cur.get(p)
        if cur is None:
            return
    cur.pop(parts[-1], None)


def merged(base, changes=None, remove=()):
    """A deep copy of base with dotted-key changes applied and keys removed."""
    out = copy.deepcopy(base)
    for k, v in (changes or {}).items():
        put(out, k, copy.deepcopy(v))
    for k in remove:
        drop(out, k)
    _prune(out)
    return out


def _prune(d):
    for k in list(d):
        if isinstance(d[k], dict):
            _prune(d[k])
            if not d[k]:
                del d[k]


def flatten(tree, prefix=""):
    """(dotted key, value) for every leaf; arrays are leaves."""
    for k, v in tree.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from flatten(v, key + ".")
        else:
            yield key, v
