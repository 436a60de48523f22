"""Structured XML input: <form type="..."><fields>…</fields></form>, one
element per key segment, arrays as <item> children, values as the record
holds them (numbers as plain digits, dates YYYY-MM-DD).

Variations (Sample.quirks):
  xml_typed    {key: text}   text as a person types it instead ("16台", "100G");
                              array cells as "hosts[0].cpu"
  xml_shuffle  True          children in a shuffled (seeded) order
  xml_unknown  (path, name, text)  an element the schema does not know
  xml_root     "record"      a record document (<record form=…>) with a
                              <diagnostics> block, accepted as input
"""

import random

from .expected import ordered_fields
from .ooxml import esc


def _scalar(v):
    if isinstance(v, bool):
        raise TypeError("no booleans in records")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _emit(out, name, v, path, depth, s, rng):
    pad = "  " * depth
    typed = s.quirks.get("xml_typed", {})
    if isinstance(v, dict):
        out.append(f"{pad}<{name}>")
        items = list(v.items())
        unknown = s.quirks.get("xml_unknown")
        if rng:
            rng.shuffle(items)
        for k, sub in items:
            _emit(out, k, sub, f"{path}.{k}" if path else k, depth + 1, s, rng)
        if unknown and unknown[0] == path:
            out.append(f"{pad}  <{unknown[1]}>{esc(unknown[2])}</{unknown[1]}>")
        out.append(f"{pad}</{name}>")
    elif isinstance(v, list):
        out.append(f"{pad}<{name}>")
        for i, item in enumerate(v):
            _emit(out, "item", item, f"{path}[{i}]", depth + 1, s, rng)
        out.append(f"{pad}</{name}>")
    else:
        text = typed.get(path, _scalar(v))
        out.append(f"{pad}<{name}>{esc(text)}</{name}>")


def form_xml(s):
    fields = ordered_fields(s.form, s.values)
    rng = random.Random(s.name) if s.quirks.get("xml_shuffle") else None
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    record = s.quirks.get("xml_root") == "record"
    if record:
        out.append(f'<record form="{s.form}">')
    else:
        out.append(f'<form type="{s.form}">')
    body = []
    _emit(body, "fields", fields, "", 1, s, rng)
    out += body
    if record:
        out.append("  <diagnostics>")
        out.append('    <item><severity>warning</severity><code>rule</code><field>cloud.term</field>'
                   "<message>此条诊断来自先前的处理，作为输入时应被忽略 (ignored on input)</message></item>")
        out.append("  </diagnostics>")
        out.append("</record>")
    else:
        out.append("</form>")
    return "\n".join(out) + "\n"
