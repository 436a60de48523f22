"""Typed text for values, and a strict reader used only to check that every
text the generator writes into a form says what the sample's record says
(a self-check of the catalogue, not a model of the C extractor)."""

import re

FW = {ord("０") + i: ord("0") + i for i in range(10)}
FW.update({ord("．"): ord("."), ord("－"): ord("-"), ord("／"): ord("/"), ord("　"): ord(" "),
           ord("＋"): ord("+"), ord("，"): ord(",")})


def fold(s):
    return s.translate(FW)


def default_text(typ, v):
    """How a person most often types value v of type typ."""
    if v is None:
        return ""
    if typ == "date":
        y, m, d = (int(x) for x in v.split("-"))
        return f"{y}年{m}月{d}日"
    if typ == "money":
        if v % 10000 == 0:
            return f"{v // 10000}万元"
        return f"{v}元"
    if typ in ("gb",) and isinstance(v, (int, float)):
        return f"{_num(v)}G"
    if typ == "power_w":
        return f"{_num(v)}W"
    if typ == "power_kw":
        return f"{_num(v)}kW"
    if isinstance(v, (int, float)):
        return _num(v)
    return str(v)


def _num(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def clean_text(s):
    """The spec's text value: trimmed, whitespace runs folded to one space."""
    return re.sub(r"[\s\u3000\u00a0]+", " ", s).strip()


def parse(typ, text):
    """Read typed text back as typ; raises ValueError when it does not fit."""
    t = clean_text(fold(text))
    if t == "0" and typ not in ("text",):
        return 0 if typ in NUMERIC else "0"
    if typ == "text":
        return clean_text(text)
    if typ == "date":
        m = (re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", t) or
             re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", t))
        if not m:
            raise ValueError(f"date {text!r}")
        y, mo, d = (int(x) for x in m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}"
    if typ in ("int", "cpu"):
        m = re.fullmatch(r"(\d+)\s*(台|个|块|天|核|C|vCPU|U|人|户|次)?", t)
        if not m:
            raise ValueError(f"{typ} {text!r}")
        return int(m.group(1))
    if typ == "gb":
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(G|GB|T|TB)?", t, re.I)
        if not m:
            raise ValueError(f"gb {text!r}")
        n = float(m.group(1))
        if m.group(2) and m.group(2).upper().startswith("T"):
            n *= 1024
        return _intify(n)
    if typ == "money":
        s = t.replace(",", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(万元|万|元|亿元|亿)?", s)
        if not m:
            raise ValueError(f"money {text!r}")
        n = float(m.group(1))
        unit = m.group(2) or ""
        if unit.startswith("万"):
            n *= 10000
        elif unit.startswith("亿"):
            n *= 100000000
        return _intify(n)
    if typ == "mobile":
        s = re.sub(r"[\s-]", "", t)
        if s.startswith("+86"):
            s = s[3:]
        if not re.fullmatch(r"1\d{10}", s):
            raise ValueError(f"mobile {text!r}")
        return s
    if typ == "phone":
        s = re.sub(r"\s", "", t)
        if re.fullmatch(r"0\d{2,3}-?\d{7,8}", s):
            return s
        if re.fullmatch(r"\d{7,8}", s):
            return s
        return parse("mobile", text)
    if typ == "email":
        if not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", t):
            raise ValueError(f"email {text!r}")
        return t
    if typ == "power_w":
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(W|kW|KW)?", t)
        if not m:
            raise ValueError(f"power {text!r}")
        n = float(m.group(1)) * (1000 if (m.group(2) or "").lower() == "kw" else 1)
        return _intify(n)
    if typ == "power_kw":
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(W|kW|KW)?", t)
        if not m:
            raise ValueError(f"power {text!r}")
        n = float(m.group(1)) / (1000 if (m.group(2) or "") == "W" else 1)
        return _intify(n)
    if typ == "ipv4":
        if not re.fullmatch(r"(\d{1,3})(\.\d{1,3}){3}", t):
            raise ValueError(f"ipv4 {text!r}")
        return t
    raise ValueError(f"unknown type {typ}")


NUMERIC = {"int", "cpu", "gb", "money", "power_w", "power_kw", "number"}


def _intify(n):
    return int(n) if float(n).is_integer() else round(n, 6)


def parse_cpumem(text):
    """'4核8G', '4C/8GB', '4vCPU 8GB' -> (cpu, mem)."""
    t = clean_text(fold(text))
    m = re.fullmatch(r"(\d+)\s*(?:核|C|vCPU)\s*[/、,， ]?\s*(\d+(?:\.\d+)?)\s*(?:G|GB)(?:内存)?", t)
    if not m:
        raise ValueError(f"cpumem {text!r}")
    return int(m.group(1)), _intify(float(m.group(2)))


def parse_disk(text):
    """'100G SSD', '500GB/SAS' -> (gb, type)."""
    t = clean_text(fold(text))
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(G|GB|T|TB)?\s*[/ ]?\s*([A-Za-z]+)?", t)
    if not m:
        raise ValueError(f"disk {text!r}")
    n = float(m.group(1)) * (1024 if (m.group(2) or "").upper().startswith("T") else 1)
    return _intify(n), m.group(3)
