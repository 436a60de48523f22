"""A variant: the record values put into a form (the truth), how each was
typed, the layout and tick choices, the producer, and the diagnostics the
form deliberately carries."""
import copy


def _split(path):
    return [int(p) if p.isdigit() else p for p in path.split('.')]


def get_path(obj, path):
    cur = obj
    for p in _split(path):
        if isinstance(p, int):
            if not isinstance(cur, list) or p >= len(cur):
                return None
            cur = cur[p]
        else:
            if not isinstance(cur, dict) or p not in cur:
                return None
            cur = cur[p]
    return cur


def set_path(obj, path, value):
    parts = _split(path)
    cur = obj
    for p, nxt in zip(parts, parts[1:]):
        if isinstance(p, int):
            cur = cur[p]
        else:
            if p not in cur:
                cur[p] = [] if isinstance(nxt, int) else {}
            cur = cur[p]
    last = parts[-1]
    if value is None:
        if isinstance(last, int):
            del cur[last]
        else:
            cur.pop(last, None)
            # drop emptied parents
    else:
        if isinstance(last, int):
            while len(cur) <= last:
                cur.append({})
            cur[last] = value
        else:
            cur[last] = value


def prune(obj):
    if isinstance(obj, dict):
        for k in list(obj):
            prune(obj[k])
            if obj[k] in ({}, None):
                del obj[k]
    elif isinstance(obj, list):
        for x in obj:
            prune(x)
    return obj


def num_text(x):
    if isinstance(x, bool):
        raise TypeError(x)
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


class Variant:
    def __init__(self, name, form, values, about, typed=None, opts=None, ticks=None,
                 tick='replace:\u2611', diagnostics=(), producer='word', changes=None, bad=(),
                 locate=False):
        self.name = name
        self.form = form
        self.values = copy.deepcopy(values)
        for path, val in (changes or {}).items():
            set_path(self.values, path, copy.deepcopy(val))
        prune(self.values)
        self.about = about
        self.typed = dict(typed or {})
        self.opts = dict(opts or {})
        self.ticks = dict(ticks or {})
        self.default_tick = tick
        self.diagnostics = list(diagnostics)
        self.producer = producer
        self.bad = set(bad)          # typed texts that are deliberately not valid values
        self.locate = locate         # expected diagnostics carry the cell they name
        self.where = {}              # diagnostic index -> "table T, row R, cell C"

    def opt(self, name, default=None):
        return self.opts.get(name, default)

    def get(self, path):
        return get_path(self.values, path)

    def tick(self, key):
        return self.ticks.get(key, self.default_tick)

    def chosen(self, key):
        forced = self.opt('force_chosen', {})
        if key in forced:
            return set(forced[key])
        v = self.get(key)
        if v is None:
            return set()
        if isinstance(v, list):
            return set(v)
        return {v}

    def text(self, path):
        """The text a person typed for a value (or '' when left blank)."""
        if path in self.typed:
            return self.typed[path]
        parts = path.split('.')
        if parts[0] == 'typed_total':
            t = self.opt('typed_total', {})
            return num_text(t[parts[1]]) if parts[1] in t else ''
        if parts[0] in ('hosts',) and parts[-1] in ('system_disk', 'data_disk'):
            base = '.'.join(parts[:-1]) + '.' + parts[-1]
            gb, ty = self.get(base + '_gb'), self.get(base + '_type')
            if gb is None:
                return ''
            return ('%sG %s' % (num_text(gb), ty)) if ty else num_text(gb) + 'G'
        if parts[0] == 'changes' and parts[-1] in ('cpumem_before', 'cpumem_after'):
            suf = parts[-1][len('cpumem'):]
            row = '.'.join(parts[:-1])
            cpu, mem = self.get(row + '.cpu' + suf), self.get(row + '.memory_gb' + suf)
            if cpu is None and mem is None:
                return ''
            return '%s核%sG' % (num_text(cpu), num_text(mem))
        v = self.get(path)
        if v is None:
            return ''
        if isinstance(v, (int, float)):
            return num_text(v)
        if isinstance(v, str):
            return v
        raise TypeError('%s: no text for %r' % (path, v))

    def expected(self):
        fields = copy.deepcopy(self.values)
        if self.form == 'activation-sheet' and fields.get('hosts'):
            tot = {'cpu': 0, 'memory_gb': 0, 'system_disk_gb': 0, 'data_disk_gb': 0, 'count': 0}
            for h in fields['hosts']:
                n = h.get('count', 1)
                for k in ('cpu', 'memory_gb', 'system_disk_gb', 'data_disk_gb'):
                    tot[k] += h.get(k, 0) * n
                tot['count'] += n
            fields['hosts_total'] = tot
        diags = []
        for i, d in enumerate(self.diagnostics):
            e = {'severity': d[0], 'code': d[1], 'field': d[2]}
            where = d[3] if len(d) > 3 else self.where.get(i)
            if where:
                e['where'] = where
            diags.append(e)
        out = {'form': self.form, 'fields': fields, 'diagnostics': diags}
        if self.opt('allow'):
            # diagnostics ("severity code field", field - for none) that may also occur, any number of times
            out['allow'] = list(self.opt('allow'))
        return out
