"""The expected record of a sample: {"form", "fields", "diagnostics"}, keys
in the spec's order, computed fields added."""

import copy
import json

from . import spec
from .model import flatten, put


def hosts_total(rows):
    """Each row times its count (a row without a count counts once)."""
    tot = {k: 0 for k in spec.HOSTS_TOTAL_KEYS}
    for r in rows:
        n = r.get("count", 1)
        for k in ("cpu", "memory_gb", "system_disk_gb", "data_disk_gb"):
            tot[k] += (r.get(k) or 0) * n
        tot["count"] += n
    return {k: _num(v) for k, v in tot.items()}


def _num(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def ordered_fields(form, values):
    """values re-nested in the spec's key order; row objects in column order."""
    fields = spec.FORMS[form]["fields"]
    cols = {k: [c if f[1] == "total" else c[0] for c in f[3]] for k, f in fields if f[1] in ("table", "total")}
    values = copy.deepcopy(values)
    total = values.pop("hosts_total", None)
    present = dict(flatten(values))
    if total is not None:
        present["hosts_total"] = total
    out = {}
    for key, f in fields:
        if key not in present:
            continue
        v = present.pop(key)
        if f[1] == "table":
            v = [{c: r[c] for c in cols[key] if c in r} for r in v]
        elif f[1] == "total":
            v = {c: v[c] for c in cols[key]}
        put(out, key, v)
    if present:
        raise KeyError(f"{form}: keys not in the spec: {sorted(present)}")
    return out


def expected_obj(s):
    values = copy.deepcopy(s.values)
    if s.form == "activation-sheet" and values.get("hosts"):
        values["hosts_total"] = hosts_total(values["hosts"])
    fields = ordered_fields(s.form, values)
    diags = [{"severity": sev, "code": code, "field": field} for sev, code, field in s.diags]
    return {"form": s.form, "fields": fields, "diagnostics": diags}


def expected_json(s):
    return json.dumps(expected_obj(s), ensure_ascii=False, indent=2) + "\n"
