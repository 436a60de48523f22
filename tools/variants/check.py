"""Read back every text a variant types and compare it with the value it
claims, so a form cannot say one thing on paper and another in its expected
file. The readers here are deliberately simple and independent of src/."""
import re


def fold(s):
    out = []
    for ch in s:
        c = ord(ch)
        if 0xFF01 <= c <= 0xFF5E:
            ch = chr(c - 0xFEE0)
        elif c == 0x3000:
            ch = ' '
        out.append(ch)
    return ''.join(out)


def num(s):
    return float(s.replace(',', ''))


def read_date(t):
    m = re.fullmatch(r'\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*', fold(t))
    return '%04d-%02d-%02d' % tuple(int(x) for x in m.groups()) if m else None


def read_int(t):
    m = re.fullmatch(r'\s*(\d+)\s*(台|个|块|U|天|个月|月|核|C|vCPU|路)?\s*', fold(t), re.I)
    return int(m.group(1)) if m else None


def read_gb(t):
    m = re.fullmatch(r'\s*([\d,]+(?:\.\d+)?)\s*(T|TB|G|GB)?\s*', fold(t), re.I)
    if not m:
        return None
    x = num(m.group(1))
    return x * 1024 if m.group(2) and m.group(2).upper().startswith('T') else x


def read_money(t):
    m = re.fullmatch(r'\s*([\d,]+(?:\.\d+)?)\s*(万)?\s*元?\s*', fold(t))
    if not m:
        return None
    return num(m.group(1)) * (10000 if m.group(2) else 1)


def read_mobile(t):
    d = re.sub(r'[\s\-()]', '', fold(t))
    d = re.sub(r'^\+?86', '', d)
    return d if re.fullmatch(r'1\d{10}', d) else None


def read_phone(t):
    f = fold(t).strip()
    mob = read_mobile(f)
    if mob:
        return mob
    m = re.fullmatch(r'\(?(0\d{2,3})\)?[\s\-]*(\d{7,8})', f)
    if m:
        return m.group(1) + '-' + m.group(2)
    m = re.fullmatch(r'(\d{7,8})', f)
    return m.group(1) if m else None


def read_power_w(t):
    m = re.fullmatch(r'\s*(\d+(?:\.\d+)?)\s*(kW|KW|W|w|瓦)?\s*', fold(t))
    if not m:
        return None
    return num(m.group(1)) * (1000 if m.group(2) and m.group(2).lower() == 'kw' else 1)


def read_power_kw(t):
    m = re.fullmatch(r'\s*(\d+(?:\.\d+)?)\s*(kW|KW|千瓦|W)?\s*', fold(t))
    if not m:
        return None
    return num(m.group(1)) / (1000 if m.group(2) == 'W' else 1)


def read_ipv4(t):
    f = fold(t).replace('。', '.').strip()
    return f if re.fullmatch(r'\d{1,3}(\.\d{1,3}){3}', f) else None


def read_text(t):
    return ' '.join(t.split())


def read_cpu(t):
    m = re.fullmatch(r'\s*(\d+)\s*(核|C|vCPU|vcpu|核心)?\s*', fold(t))
    return int(m.group(1)) if m else None


INT_KEYS = re.compile(r'(count|audience_size|units_u|term_months|_days|^ip\.(internet|egov)|^load_balancers\.|'
                      r'^rack\.|^gpu\.|^bare_metal\.|^space\.)$|^(ip\.|load_balancers\.|rack\.|gpu\.|bare_metal\.|space\.)')


def read_email(t):
    f = fold(t).strip()
    return f if re.fullmatch(r'[^@\s]+@[^@\s]+\.[A-Za-z]{2,}', f) else None


def reader(path):
    last = path.split('.')[-1]
    if last == 'email':
        return read_email
    if last in ('applied_on', 'requested_on', 'changed_on', 'exit_on'):
        return read_date
    if last == 'mobile':
        return read_mobile
    if last in ('office_phone', 'phone'):
        return read_phone
    if last == 'investment':
        return read_money
    if last in ('cpu', 'cpu_before', 'cpu_after'):
        return read_cpu
    if last.startswith('memory_gb') or re.fullmatch(r'(system|data)_disk_gb(_before|_after)?', last):
        return read_gb
    if last == 'rated_power_w':
        return read_power_w
    if last == 'power_kw':
        return read_power_kw
    if path.startswith('changes.') and last == 'ip':
        return read_ipv4
    if INT_KEYS.search(path):
        return read_int
    return read_text


def typed_agrees(v):
    problems = []
    for path, text in v.typed.items():
        if path in v.bad:
            if v.get(path) is not None:
                problems.append('%s: %s is typed badly on purpose but has a value' % (v.name, path))
            continue
        if fold(text).strip() == '0' and v.get(path) in (0, '0'):
            continue  # "not needed"
        parts = path.split('.')
        if parts[-1] in ('cpumem_before', 'cpumem_after'):
            suf = parts[-1][len('cpumem'):]
            row = '.'.join(parts[:-1])
            m = re.fullmatch(r'\s*(\d+)\s*(?:核|C|vCPU)?\s*[/、,，\s]*\s*(\d+)\s*(?:G|GB)?\s*', fold(text), re.I)
            got = (int(m.group(1)), float(m.group(2))) if m else None
            want = (v.get(row + '.cpu' + suf), v.get(row + '.memory_gb' + suf))
            if got is None or got[0] != want[0] or got[1] != want[1]:
                problems.append('%s: %s %r reads %r, value %r' % (v.name, path, text, got, want))
            continue
        if parts[-1] in ('system_disk', 'data_disk'):
            m = re.fullmatch(r'\s*(\d+)\s*(G|GB|T|TB)?\s*[/\s]?\s*([A-Za-z]+)?\s*', fold(text))
            base = path
            want = (v.get(base + '_gb'), v.get(base + '_type'))
            got = None
            if m:
                gb = int(m.group(1)) * (1024 if m.group(2) and m.group(2).upper().startswith('T') else 1)
                got = (gb, m.group(3))
            if got != want:
                problems.append('%s: %s %r reads %r, value %r' % (v.name, path, text, got, want))
            continue
        if parts[0] == 'typed_total':
            continue
        want = v.get(path)
        got = reader(path)(text)
        if isinstance(want, (int, float)) and got is not None:
            ok = abs(float(got) - float(want)) < 1e-9
        else:
            ok = got == want
        if not ok:
            problems.append('%s: %s %r reads %r, value %r' % (v.name, path, text, got, want))
    return problems
