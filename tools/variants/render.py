"""Form layout (ir.py) + a variant's values and choices -> document model.

Layout options (Variant.opts) change the table structure; label options
change how labels are typed; tick styles (Variant.ticks) how options are
marked. Every style here is something people do to the printed annexes.
"""
import re

from .ir import Comp, Empty, Lab, Merge, Nest, Opt, R, S, Txt, Val
from .model import Cell, Doc, Para, Run, layout_table
from . import forms

CHECKED = {'wd2sym': ('Wingdings 2', 'F052', 'F0A3'), 'wdsym': ('Wingdings', 'F0FE', 'F0A8'),
           'wd2x': ('Wingdings 2', 'F054', 'F0A3')}


# ---- labels -----------------------------------------------------------

def label_runs(lab: Lab, v):
    """Paragraphs (lists of runs) of a label cell as this variant types it."""
    mods = v.opt('labels', [])
    text = v.opt('label_text', {}).get(lab.key, lab.text)
    star = lab.star
    if 'nobreak' in mods:
        text = text.replace('\n', '')
    if 'qita' in mods:
        text = text.replace('其他', '其它')
    if 'paren_ascii' in mods:
        text = text.replace('（', '(').replace('）', ')')
    if 'break' in mods and '\n' not in text:
        core = text.strip()
        if len(core) >= 4:
            h = len(core) // 2
            text = core[:h] + '\n' + core[h:]
    if 'spaced' in mods or 'spaced_ideo' in mods:
        sp = '\u3000' if 'spaced_ideo' in mods else ' '
        lines = []
        for line in text.split('\n'):
            core = line.strip()
            lines.append(sp.join(core) if 2 <= len(core) <= 6 and '/' not in core else line)
        text = '\n'.join(lines)
    suffix = ''
    if 'colon' in mods:
        suffix = '：'
    elif 'colon_ascii' in mods:
        suffix = ':'
    if 'trailing' in mods:
        suffix += '  \u00a0'
    starmark = '*'
    if 'star_fw' in mods:
        starmark = '＊'
    req_suffix = ''
    if star and 'required_suffix' in mods:
        star, req_suffix = False, '(必填)'
    elif star and 'required_suffix_fw' in mods:
        star, req_suffix = False, '（必填）'
    if 'star_none' in mods:
        star = False
    paras = []
    lines = text.split('\n')
    for i, line in enumerate(lines):
        runs = []
        last = i == len(lines) - 1
        if star and i == 0 and 'star_after' not in mods:
            runs.append(Run(starmark, color='FF0000'))
        runs.append(Run(line))
        if last:
            if req_suffix:
                runs.append(Run(req_suffix))
            if star and 'star_after' in mods:
                runs.append(Run(starmark, color='FF0000'))
            if suffix:
                runs.append(Run(suffix))
        paras.append(runs)
    return paras


# ---- options ----------------------------------------------------------

def box_runs(style, checked, box):
    kind, _, glyph = style.partition(':')
    if kind == 'replace':
        return [Run(glyph)] if checked else ([Run(box)] if box else [])
    if kind == 'after':
        if checked:
            return ([Run(box)] if box else []) + [Run(glyph)]
        return [Run(box)] if box else []
    if kind in ('w14', 'legacy'):
        if box:
            return [Run(checkbox=(kind, checked))]
        return [Run('\u2611')] if checked else []
    if kind in CHECKED:
        font, on, off = CHECKED[kind]
        if box:
            return [Run(sym=(font, on if checked else off))]
        return [Run(sym=(font, on))] if checked else []
    if kind == 'wdpua':
        # pasted symbols: the Wingdings code point as text (U+F0xx) in a Wingdings run
        if box:
            return [Run('\uf0fe' if checked else '\uf0a8', font='Wingdings')]
        return [Run('\uf0fe', font='Wingdings')] if checked else []
    if kind == 'before':
        return ([Run(glyph)] if checked else []) + ([Run(box)] if box else [])
    if kind == 'wd2font':
        if box:
            return [Run('R' if checked else '\u00a3', font='Wingdings 2')]
        return [Run('R', font='Wingdings 2')] if checked else []
    if kind == 'addbox':
        return [Run(glyph if checked else '\u25a1')]
    return [Run(box)] if box else []


def option_paras(opt: Opt, v, style=None):
    """Paragraphs of an option cell. 'alt:S1;S2' marks the chosen options
    alternately in styles S1 and S2 (a mixture within one field)."""
    style = style or v.tick(opt.key)
    alternates = None
    if style.startswith('alt:'):
        alternates = style[4:].split(';')
        style = alternates[0]
    kind, _, glyph = style.partition(':')
    chosen = v.chosen(opt.key)
    nth = 0
    mods = v.opt('labels', [])
    paras, cur = [], []
    any_chosen = bool(chosen)
    for i, od in enumerate(opt.opts):
        ch = od.text in chosen
        if alternates and ch:
            style = alternates[nth % len(alternates)]
            kind, _, glyph = style.partition(':')
            nth += 1
        text = od.text
        if 'qita' in mods:
            text = text.replace('其他', '其它')
        if kind == 'delete' and any_chosen and not ch:
            continue
        if kind == 'trackdel' and any_chosen and not ch:
            box = None if od.kind == 'nobox' else opt.box
            gone = (box or '') + text + ('     ' if od.kind == 'other' else '')
            if isinstance(od.kind, tuple):
                gone += '  ' + od.kind[2]
            cur.append(Run(gone + (opt.sep if i < len(opt.opts) - 1 else ''), deleted=True))
            continue
        box = None if od.kind == 'nobox' else opt.box
        runs = box_runs(style, ch, box)
        if kind in ('replace', 'after') and not box and ch and od.kind == 'nobox' and opt.box is None:
            pass
        emph = dict(b=kind == 'bold' and ch, u=kind == 'underline' and ch,
                    hl='yellow' if kind == 'highlight' and ch else None,
                    shd='FFFF00' if kind == 'shade' and ch else None,
                    strike=kind == 'strike' and any_chosen and not ch)
        runs.append(Run(text, **emph))
        if ch and kind == 'trail':
            runs.append(Run(glyph))
        if ch and kind == 'paren':
            runs.append(Run('（%s）' % glyph))
        if od.kind == 'other':
            t = v.get(opt.key + '_other') if ch else None
            if t is not None:
                fmt = v.opt('other_fmt', '：{}')
                pre, _, post = fmt.partition('{}')
                runs.append(Run(pre))
                runs.append(Run(v.text(opt.key + '_other'), u=v.opt('other_underline', False)))
                runs.append(Run(post))
            elif kind != 'delete' or not any_chosen:
                runs.append(Run('     '))
        elif isinstance(od.kind, tuple):
            bkey, unit = od.kind[1], od.kind[2]
            val = v.text(bkey)
            runs.append(Run(' %s %s' % (val, unit) if val else '  ' + unit))
        cur.extend(runs)
        if i in opt.breaks and kind != 'delete':
            paras.append(cur)
            cur = []
        elif i < len(opt.opts) - 1:
            cur.append(Run(opt.sep))
    for text, checked in v.opt('extra_opts', {}).get(opt.key, []):
        # an option written in by hand after the printed ones (☑四级, √华为云)
        cur.append(Run(opt.sep))
        cur.extend(box_runs(style if kind not in ('delete', 'trackdel', 'bold', 'underline', 'highlight', 'shade',
                                                   'strike', 'trail', 'paren', 'keep') else 'replace:\u2611',
                            checked, opt.box))
        cur.append(Run(text))
    paras.append(cur)
    return [Para(p) for p in paras]


def option_cells(opt: Opt, v, weight, style):
    """An option list typed one option per cell: 'cells:G' (box replaced in
    the cell) or 'sepcell:G' (box left, G typed in a cell of its own after it)."""
    kind, _, glyph = style.partition(':')
    chosen = v.chosen(opt.key)
    n = len(opt.opts)
    out = []
    for od in opt.opts:
        ch = od.text in chosen
        single = Opt(opt.key, [od], opt.box, set(), ' ', opt.multi)
        if kind == 'cells':
            cell = Cell(option_paras(single, v, 'replace:' + glyph))
            out.append((cell, weight / n))
        else:
            cell = Cell(option_paras(single, v, 'keep'))
            out.append((cell, weight * 0.75 / n))
            out.append((Cell([Para([Run(glyph if ch else '')])]), weight * 0.25 / n))
    return out


# ---- cells ------------------------------------------------------------

def text_paras(text):
    return [Para([Run(line)]) for line in text.split('\n')]


def comp_paras(comp: Comp, v):
    paras, cur = [], []
    for seg in comp.segs:
        if isinstance(seg, str):
            cur.append(Run(seg))
        elif seg[0] == 'nl':
            paras.append(cur)
            cur = []
        elif seg[0] == 'box':
            val = v.get(seg[1])
            style = v.tick(seg[1])
            if style.partition(':')[0] not in ('replace', 'after', 'w14', 'legacy', 'wd2sym', 'wdsym', 'wd2font'):
                style = 'replace:\u2611'
            box = '\u2610' if v.form in ('request', 'hosting-request') else '\u25a1'
            cur.extend(box_runs(style, val is not None, box))
        elif seg[0] == 'num':
            t = v.text(seg[1])
            cur.append(Run(' %s ' % t if t else seg[2]))
        elif seg[0] == 'val':
            cur.append(Run(v.text(seg[1])))
        elif seg[0] == 'opt':
            ps = option_paras(seg[1], v)
            for p in ps:
                cur.extend(p.runs)
    paras.append(cur)
    return [Para(p) for p in paras]


def val_paras(val: Val, v):
    t = v.text(val.key)
    if not t:
        return text_paras(val.prompt) if val.prompt else [Para()]
    if val.printed:
        if val.printed.endswith('：'):
            return [Para([Run(val.printed), Run(t)])]
        return text_paras(val.printed)
    paras = text_paras(t)
    if val.prompt and v.opt('keep_prompt', set()) and val.key in v.opt('keep_prompt', set()):
        paras = text_paras(val.prompt.strip('\n')) + paras
    return paras


def make_cell(item, v, weight):
    """[(Cell, weight)] for one layout item (option cells may become several)."""
    if isinstance(item, Merge):
        return [(Cell(vmerge='continue'), weight)]
    if isinstance(item, Empty):
        return [(Cell([Para()]), weight)]
    if isinstance(item, Lab):
        paras = label_runs(item, v)
        if item.key in v.opt('inline_value', set()) and v.text(item.key):
            paras[-1] = paras[-1] + [Run('' if paras[-1][-1].text.endswith(('：', ':')) else '：'),
                                     Run(v.text(item.key))]
        inline = item.key in v.opt('inline_value', set()) and v.text(item.key)
        c = Cell([Para(r) for r in paras], vmerge=item.vmerge, keys=(item.key,) if inline else ())
        return [(c, weight)]
    if isinstance(item, Txt):
        text = item.text
        if item.kind == 'hdr':
            mods = v.opt('labels', []) if v.opt('header_labels') else []
            if 'paren_ascii' in mods:
                text = text.replace('（', '(').replace('）', ')')
            if 'nobreak' in mods:
                text = text.replace('\n', '')
        return [(Cell(text_paras(text), vmerge=item.vmerge), weight)]
    if isinstance(item, Val):
        if item.key in v.opt('inline_value', set()):
            return [(Cell([Para()]), weight)]
        return [(Cell(val_paras(item, v), keys=(item.key,)), weight)]
    if isinstance(item, Opt):
        if item.key in v.opt('zero_cell', set()):
            # "not needed": the options replaced by a typed 0
            return [(Cell([Para([Run('0')])], keys=(item.key,)), weight)]
        style = v.tick(item.key)
        if style.split(':')[0] in ('cells', 'sepcell'):
            return option_cells(item, v, weight, style)
        return [(Cell(option_paras(item, v), keys=(item.key,)), weight)]
    if isinstance(item, Comp):
        keys = tuple(seg[1] if seg[0] != 'opt' else seg[1].key for seg in item.segs
                     if not isinstance(seg, str) and seg[0] in ('box', 'num', 'val', 'opt'))
        return [(Cell(comp_paras(item, v), keys=keys), weight)]
    if isinstance(item, Nest):
        inner = layout_table([sum((make_cell(it, v, w) for it, w in r.items), []) for r in item.rows],
                             width=8600)
        return [(Cell([], tables=[inner]), weight)]
    raise TypeError(item)


# ---- structure transforms --------------------------------------------

def stack_row(r: R):
    """label | value | label | value  ->  label | label  over  value | value."""
    labs = [(it, w) for it, w in r.items[0::2]]
    vals = [(it, w) for it, w in r.items[1::2]]
    return [R(labs, 'lv-stacked'), R(vals, 'lv-stacked')]


def split_pairs(r: R):
    """label | value | label | value  ->  two rows of one pair each."""
    if len(r.items) != 4:
        return [r]
    a, b = r.items[:2], r.items[2:]
    return [R([(a[0][0], 2), (a[1][0], 8)], 'lv'), R([(b[0][0], 2), (b[1][0], 8)], 'lv')]


def transform(form, v):
    secs = []
    for s in form.sections:
        rows = list(s.rows)
        order = v.opt('reorder', {}).get(s.name)
        if order:
            rows = [rows[i] for i in order]
        out = []
        for r in rows:
            if r.tag == 'lv' and s.name in v.opt('stack', set()) and all(
                    isinstance(it, Lab) for it, _ in r.items[0::2]) and len(r.items) % 2 == 0:
                out.extend(stack_row(r))
            elif r.tag == 'lv' and s.name in v.opt('one_pair_rows', set()):
                out.extend(split_pairs(r))
            else:
                out.append(r)
        if s.name in v.opt('unmerge', set()):
            for r in out:
                r.items = [(Empty(), w) if isinstance(it, Merge) else (it, w) for it, w in r.items]
                for it, _ in r.items:
                    if isinstance(it, (Lab, Txt)):
                        it.vmerge = None
        split_keys = v.opt('split_value', set())
        for r in out:
            items = []
            for it, w in r.items:
                if isinstance(it, Val) and it.key in split_keys:
                    items += [(it, w * 0.6), (Empty(), w * 0.4)]
                else:
                    items.append((it, w))
            r.items = items
        for at in sorted(v.opt('blank_rows', {}).get(s.name, []), reverse=True):
            ref = out[min(at, len(out) - 1)]
            out.insert(at, R([(Empty(), w) for _, w in ref.items], 'blank'))
        secs.append(S(s.name, out))
    return secs


def render(v):
    form = forms.BUILDERS[v.form](v)
    secs = transform(form, v)
    doc = Doc(title=form.title)
    if not v.opt('no_annex'):
        doc.blocks.append(Para([Run(form.annex)], size=32))
    title = v.opt('title_text', form.title)
    title_para = Para([Run(title)], align='center', size=36, bold=True)
    if not v.opt('no_title') and not v.opt('title_in_table'):
        doc.blocks.append(title_para)

    def table_of(rows):
        cells = []
        for r in rows:
            cr = []
            for it, w in r.items:
                cr.extend(make_cell(it, v, w))
            cells.append(cr)
        return layout_table(cells)

    groups = []
    if v.opt('split_tables'):
        for s in secs:
            rows = list(s.rows)
            heading = None
            if rows and rows[0].tag == 'head' and v.opt('split_tables') == 'para':
                heading = rows.pop(0).items[0][0].text
            groups.append((heading, rows))
    else:
        groups.append((None, sum((s.rows for s in secs), [])))
    first = True
    empty = v.opt('empty_paras', 0)
    for _ in range(empty // 2):
        doc.blocks.append(Para())
    for heading, rows in groups:
        if heading:
            doc.blocks.append(Para([Run(heading)], bold=True))
        if first and v.opt('title_in_table'):
            rows = [R([(Txt(title, 'head'), 10)], 'title')] + rows
        first = False
        if rows:
            doc.blocks.append(table_of(rows))
    for _ in range(empty - empty // 2):
        doc.blocks.append(Para())
    for n in form.notes:
        if v.opt('numbered_notes'):
            # Word's automatic numbering: the "1." is no longer text
            head, _, rest = n.partition('：') if n.startswith('备注：') and len(n) > 3 else ('', '', n)
            if head:
                doc.blocks.append(Para([Run(head + '：')]))
                n = rest
            if not n:
                continue
            m = re.match(r'^\s*\d+\s*[.．、]\s*', n)
            doc.blocks.append(Para([Run(n[m.end():] if m else n)], numbered=bool(m)))
        else:
            doc.blocks.append(Para([Run(n)]))
    twice = v.opt('twice')
    if twice:
        # the whole form pasted a second time below the first, filled as `twice` (a Variant)
        doc.blocks.append(Para())
        doc.blocks.extend(render(twice).blocks)
    return doc
