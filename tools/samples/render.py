"""Render a form layout, blank or filled with a sample, to document.xml.

Tick styles (Sample.marks, per key; '*' is the default for boxed options):
  glyph:X      the box replaced by X (☑ ☒ ■ ▣)
  after:X      the box kept, X typed right after it (√ ✓ ✔)
  tick:X       X typed in place of the box (√)
  sdt          every box of the group is a w14:checkbox content control
  ffcb         every box is a legacy FORMCHECKBOX; ticking sets w:checked
  ffcbd        every box is a FORMCHECKBOX whose w:default carries the state
  wd           every box is a w:sym in Wingdings (F0FE ☑ / F0A8 ☐)
  wd2          every box is a Wingdings 2 run ('R' ☑ / '£' ☐)
Boxless options (附件3/4/6/7 rows, 附件2's 99.99%; key or key+'#boxless'):
  delete       the options not chosen are deleted
  tick-before:X / tick-after:X   the chosen option marked with X
  highlight    the chosen option highlighted (w:highlight yellow)

Quirks (Sample.quirks): split {key: [cuts]}, tracked {key: old text},
sdt_cell {key}, sdt_run {key}, sdt_row {array key: {row indexes}},
label {key: ('br', pos) | ('colon',) | ('retype', text)},
value_in_label {key: label cell text}, relabel {(key, option): printed text},
retext {printed text: new text} (any label or static text),
prompt_keep {key}, block_mode {array key: examples|after|replace},
checked {key: [options marked]} (when the record disagrees, e.g. two ticks),
extra_option {key: option typed after the printed ones, marked},
ffcb_default_on {(key, option)}, total_typed {subkey: text}.
Keys inside arrays are written "hosts[1].os".
"""

from . import ooxml as ox
from . import spec
from . import typed as ty
from .layout import (Blank, Block, Flag, Lab, Opt, Opts, Prompt, Static, TotalRow, Val)
from .model import get

CHECKED_DEFAULT = "glyph:☑"


class Renderer:
    def __init__(self, form, sample=None):
        self.f = form
        self.s = sample
        self.fl = ox.Flavor(sample.flavor if sample else "word")
        self.ids = ox.Ids(sample.name if sample else "blank-" + form.id)
        self.types = {k: v[1] for k, v in spec.FORMS[form.id]["fields"]}
        self.checks = []  # (key, type, typed text, record value)

    # --- helpers ------------------------------------------------------------

    def q(self, name):
        return self.s.quirks.get(name, {}) if self.s else {}

    def typ(self, key):
        base = key.split("[")[0]
        t = self.types.get(base)
        if t is None and base.endswith("_other"):
            return "text"
        return t or "text"

    def value(self, key):
        return get(self.s.values, key) if self.s else None

    def typed(self, key):
        """Text for a top-level field key, or None when left blank."""
        if not self.s:
            return None
        if key in self.s.typed:
            t = self.s.typed[key]
            v = self.value(key)
            if v is not None:
                self.checks.append((key, self.typ(key), t, v))
            return t
        v = self.value(key)
        if v is None:
            return None
        return ty.default_text(self.typ(key), v)

    def run(self, text, **props):
        return ox.run(self.fl, text.replace("\v", "\n"), **props)

    def para(self, runs, **kw):
        return ox.para(self.fl, self.ids, runs, **kw)

    def text_runs(self, key, text):
        """Runs for typed text, with the Word noise the sample asks for."""
        split = self.q("split").get(key)
        old = self.q("tracked").get(key)
        if split:
            xml = ox.split_runs(self.fl, self.ids, text, split)
        elif old is not None:
            xml = ox.tracked(self.fl, self.ids, old, text)
        else:
            xml = self.run(text)
        if key in self.q("sdt_run"):
            xml = ox.sdt_run(self.fl, self.ids, xml)
        return xml

    def retext(self, text):
        for a, b in self.q("retext").items():
            text = text.replace(a, b)
        return text

    # --- cells ----------------------------------------------------------------

    def label(self, lab):
        text = self.retext(lab.text)
        key = lab.key
        if self.s and key:
            if key in self.q("value_in_label"):
                text = self.q("value_in_label")[key]
                v = self.value(key)
                if v is not None:
                    self.checks.append((key, self.typ(key), text.split("：")[-1], v))
            lq = self.q("label").get(key)
            if lq:
                if lq[0] == "br":
                    text = text[:lq[1]] + "\v" + text[lq[1]:]
                elif lq[0] == "colon":
                    text = text + "："
                elif lq[0] == "retype":
                    text = lq[1]
        out = []
        for p in text.split("\n"):
            runs = ""
            if p.startswith("*"):
                runs += self.run("*", color="FF0000", bold=lab.bold)
                p = p[1:]
            runs += self.run(p, bold=lab.bold)
            out.append(self.para(runs, jc=lab.align if lab.align != "left" else None))
        return "".join(out)

    def val(self, key):
        if self.s and key in self.q("value_in_label"):
            return self.para("")
        t = self.typed(key)
        if not t:
            return self.para("")
        paras = t if isinstance(t, list) else [t]
        xml = "".join(self.para(self.text_runs(key, p)) for p in paras)
        if key in self.q("sdt_cell"):
            xml = ox.sdt_block(self.fl, self.ids, xml)
        return xml

    def prompt(self, pr):
        lead = [self.para("") for _ in range(pr.lead)]
        prompt = [self.para(self.run(p)) for p in pr.paras]
        t = self.typed(pr.key)
        if not t:
            return "".join(lead + prompt)
        paras = t if isinstance(t, list) else [t]
        vals = [self.para(self.text_runs(pr.key, p)) for p in paras]
        if pr.key in self.q("prompt_keep"):
            return "".join(lead + prompt + vals)
        return "".join(lead + vals)

    def static(self, st):
        jc = None if st.align == "left" else st.align
        return "".join(self.para(self.run(self.retext(p), bold=st.bold), jc=jc) for p in st.paras)

    def is_checked(self, key, opt, row=None):
        forced = self.q("checked").get(key)
        if forced is not None:
            return opt in forced
        v = row.get(key) if row is not None else self.value(key)
        if v is None:
            return False
        if isinstance(v, list):
            return opt in v
        return v == opt

    def style(self, key, boxless=False):
        m = self.s.marks if self.s else {}
        if boxless:
            st = m.get(key + "#boxless") or m.get(key) or "delete"
            kind, _, arg = st.partition(":")
            if kind == "after":
                return "tick-after:" + arg
            if kind == "tick":
                return "tick-before:" + arg
            if kind in ("sdt", "ffcb", "ffcbd", "wd", "wd2"):
                return "glyph:☑"
            return st
        return m.get(key, m.get("*", CHECKED_DEFAULT))

    def box(self, key, checked, opt=None):
        """The box glyph of one option (or numeric flag), ticked or not."""
        fl, ids = self.fl, self.ids
        glyph = self.f.box
        if not self.s:
            return self.run(glyph)
        st = self.style(key)
        kind, _, arg = st.partition(":")
        if kind == "glyph":
            return self.run(arg if checked else glyph)
        if kind == "after":
            return self.run(glyph) + (self.run(arg) if checked else "")
        if kind == "tick":
            return self.run(arg if checked else glyph)
        if kind == "sdt":
            return ox.sdt_checkbox(fl, ids, checked)
        if kind in ("ffcb", "ffcbd"):
            if (key, opt) in self.q("ffcb_default_on"):
                return ox.form_checkbox(fl, ids, True, checked)
            if kind == "ffcbd":
                return ox.form_checkbox(fl, ids, checked)
            return ox.form_checkbox(fl, ids, False, True if checked else None)
        if kind == "wd":
            return ox.sym_run(fl, "Wingdings", ox.WINGDINGS_CHECKED if checked else ox.WINGDINGS_UNCHECKED)
        if kind == "wd2":
            return ox.wingdings2_run(fl, checked)
        raise ValueError(f"unknown tick style {st}")

    def option(self, tok, row=None):
        checked = self.is_checked(tok.key, tok.opt, row)
        label = self.q("relabel").get((tok.key, tok.opt), tok.opt)
        if not tok.boxless:
            return self.box(tok.key, checked, tok.opt) + self.run(label)
        if not self.s:
            return self.run(label)
        st = self.style(tok.key, boxless=True)
        kind, _, arg = st.partition(":")
        if kind == "delete":
            return self.run(label) if checked else ""
        if kind == "tick-before":
            return self.run((arg if checked else "") + label)
        if kind == "tick-after":
            return self.run(label + (arg if checked else ""))
        if kind == "highlight":
            return self.run(label, highlight="yellow") if checked else self.run(label)
        if kind == "glyph":
            return self.run((arg if checked else "") + label)
        raise ValueError(f"unknown boxless style {st}")

    def blank(self, tok, row=None, path=None):
        if row is not None:
            t = self.row_text(row, path, tok.key)
        else:
            t = self.typed(tok.key)
        if t:
            return self.run(" " + t + " ")
        return self.run(" " * tok.pad)

    def opts(self, o, row=None, path=None):
        out = []
        extra = {k: v for k, v in self.q("extra_option").items() if k in o.keys}
        for i, toks in enumerate(o.paras):
            runs = ""
            for t in toks:
                if isinstance(t, str):
                    runs += self.run(self.retext(t))
                elif isinstance(t, Opt):
                    runs += self.option(t, row)
                elif isinstance(t, Flag):
                    v = row.get(t.key) if row is not None else self.value(t.key)
                    runs += self.box(t.key, bool(v))  # "0" typed means not needed: box left empty
                elif isinstance(t, Blank):
                    runs += self.blank(t, row, path)
            if i == len(o.paras) - 1:
                for k, label in extra.items():
                    runs += self.run(" ") + self.box(k, True) + self.run(label)
            out.append(self.para(runs))
        return "".join(out)

    def content(self, c):
        if isinstance(c, Lab):
            return self.label(c)
        if isinstance(c, Val):
            return self.val(c.key)
        if isinstance(c, Opts):
            return self.opts(c)
        if isinstance(c, Prompt):
            return self.prompt(c)
        if isinstance(c, Static):
            return self.static(c)
        raise TypeError(c)

    # --- array rows -------------------------------------------------------------

    def row_text(self, row, path, sub):
        """Typed text of one column of a data row (path 'hosts[1]')."""
        key, idx = path
        over = self.s.rows.get(key, [])
        typed_row = over[idx] if idx < len(over) else {}
        full = f"{key}[{idx}].{sub}"
        typ = dict((c[0], c[2]) for c in spec.field_map(self.f.id)[key][3]).get(sub, "text")
        if sub in typed_row:
            t = typed_row[sub]
            self.check_cell(full, typ, t, row, sub)
            return t
        v = row.get(sub)
        if v is None:
            return ""
        return ty.default_text(typ, v)

    def check_cell(self, full, typ, t, row, sub):
        if not t:
            return  # left blank on purpose (the value was typed into a neighbouring cell)
        if typ == "gb" and t and any(ch.isalpha() and ch not in "GgBbTt" for ch in t):
            self.checks.append((full, "disk", t, (row.get(sub), row.get(sub.replace("_gb", "_type")))))
        elif sub in row:
            self.checks.append((full, typ, t, row[sub]))

    def block_cell(self, spec_, row, path, col_id, printed_text):
        key, idx = path
        if isinstance(spec_, list):
            return self.opts(Opts([spec_], set()), row, path)
        over = self.s.rows.get(key, [])
        typed_row = over[idx] if idx < len(over) else {}
        if isinstance(spec_, tuple):
            a, b = spec_
            if col_id in typed_row:
                t = typed_row[col_id]
                if row.get(a) is not None:
                    self.checks.append((f"{key}[{idx}].{col_id}", "cpumem", t, (row.get(a), row.get(b))))
            elif row.get(a) is None and row.get(b) is None:
                t = ""
            else:
                t = f"{row.get(a)}核{ty._num(row.get(b))}G"
        else:
            t = self.row_text(row, path, spec_)
            if printed_text and printed_text.startswith("示例：") and col_id not in typed_row:
                # the example row filled: its printed name stays when it is the name wanted
                if row.get(spec_) == printed_text[3:].strip():
                    t = printed_text
        full = f"{key}[{idx}].{col_id}"
        if not t:
            return self.para("")
        paras = t.split("\n") if "\n" in t else [t]
        xml = "".join(self.para(self.text_runs(full, p), jc="center") for p in paras)
        if full in self.q("sdt_cell"):
            xml = ox.sdt_block(self.fl, self.ids, xml)
        return xml

    def block_rows(self, blk):
        rows = []
        data = (get(self.s.values, blk.key) if self.s else None) or []
        mode = self.q("block_mode").get(blk.key, "examples")
        sdt_rows = self.q("sdt_row").get(blk.key, set())

        def prefix():
            return [(c.width, self.content(c.content), c.vm, c.shade, None) for c in blk.prefix]

        def data_row(i, printed):
            cells = prefix()
            for col_id, w, sp in blk.cols:
                cells.append((w, self.block_cell(sp, data[i], (blk.key, i), col_id, printed.get(col_id, "")),
                              None, None, None))
            rows.append((cells, 454, i in sdt_rows))

        def printed_row(pr):
            cells = prefix()
            for col_id, w, sp in blk.cols:
                cells.append((w, self.printed_cell_blank(sp, pr.get(col_id, "")), None, None, None))
            rows.append((cells, 454, False))

        def has_text(pr):
            return any(v.strip() for v in pr.values())

        if mode == "examples":  # data typed over the printed rows, examples included
            for i, pr in enumerate(blk.printed):
                if i < len(data):
                    data_row(i, pr)
                else:
                    printed_row(pr)
            nxt = len(blk.printed)
        elif mode == "after":  # example rows left as printed, data in the blank rows and below
            nxt = 0
            for pr in blk.printed:
                if not has_text(pr) and nxt < len(data):
                    data_row(nxt, {})
                    nxt += 1
                else:
                    printed_row(pr)
        elif mode == "replace":  # example rows deleted, data in their place
            for i in range(len(data)):
                data_row(i, {})
            nxt = len(data)
            for pr in [p for p in blk.printed if not has_text(p)][len(data):]:
                printed_row(pr)
        else:
            raise ValueError(mode)
        for i in range(nxt, len(data)):
            data_row(i, {})
        return rows

    def printed_cell_blank(self, sp, text):
        if isinstance(sp, list):
            runs = ""
            for t in sp:
                runs += self.run(t) if isinstance(t, str) else self.run(" " * t.pad)
            return self.para(runs)
        return "".join(self.para(self.run(p)) for p in text.split("\n")) if text else self.para("")

    def total_row(self, tr_):
        typed_ = self.q("total_typed") if self.s else {}
        cells = []
        for col_id, w, _ in tr_.cols:
            if col_id == "name":
                x = self.para(self.run("合计："), jc="center")
            else:
                t = typed_.get(col_id, "")
                x = self.para(self.run(t)) if t else self.para("")
            cells.append((w, x, None, None, None))
        return (cells, 454, False)

    # --- table and document ------------------------------------------------------------

    def table(self):
        rows = []
        for r in self.f.rows:
            if isinstance(r, Block):
                rows.extend(self.block_rows(r))
            elif isinstance(r, TotalRow):
                rows.append(self.total_row(r))
            else:
                cells = [(c.width, self.content(c.content), c.vm, c.shade, c.text_dir) for c in r.cells]
                rows.append((cells, r.height, False))
        edges = set()
        for cells, _, _ in rows:
            x = 0
            edges.add(0)
            for c in cells:
                x += c[0]
                edges.add(x)
        edges = sorted(edges)
        grid = [b - a for a, b in zip(edges, edges[1:])]
        out = []
        for cells, height, wrap in rows:
            x = 0
            tcs = []
            for w, inner, vm, shade, tdir in cells:
                span = sum(1 for e in edges if x < e <= x + w)
                tcs.append(ox.tc(self.fl, w, inner, span=span, vmerge=vm, shade=shade, text_dir=tdir))
                x += w
            row_xml = ox.tr(self.fl, "".join(tcs), height=height)
            if wrap:
                row_xml = ox.sdt_block(self.fl, self.ids, row_xml, alias="主机行")
            out.append(row_xml)
        return ox.tbl(self.fl, grid, "".join(out))

    def body(self):
        parts = [
            self.para(self.run(f" 附件{self.f.annex}", font="黑体", east="黑体", sz=32)),
            self.para(self.run(self.f.title, east="宋体", bold=True, sz=36), jc="center",
                      spacing='<w:spacing w:before="156" w:after="156"/>'),
            self.table(),
        ]
        for n in self.f.notes:
            parts.append(self.para(self.run(n, sz=18)))
        parts.append(self.para(""))
        return "".join(parts)

    def verify(self):
        """Raise if any typed text disagrees with the record value."""
        for key, typ, text, want in self.checks:
            if isinstance(text, list):
                text = " ".join(text)
            if typ == "cpumem":
                got = ty.parse_cpumem(text)
            elif typ == "disk":
                got = ty.parse_disk(text)
            else:
                got = ty.parse(typ, text)
            if got != want:
                raise AssertionError(f"{self.s.name}: {key}: typed {text!r} reads {got!r}, record has {want!r}")
