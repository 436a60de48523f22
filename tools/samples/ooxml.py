"""WordprocessingML building blocks and a reproducible DOCX package writer.

Everything is written as text with fixed attribute order, so the same input
gives the same bytes. Two producer flavours are modelled: Microsoft Word
(Chinese locale: style ids "a", "a3"...) and WPS Office (numeric style ids,
w:hint attributes, a w:tblPrEx in every row, KSOProductBuildVer in
docProps/custom.xml).
"""

import hashlib
import zipfile
from xml.sax.saxutils import escape

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_DECLS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
)
WPS_NS = 'xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData" '

FIXED_TIME = (2026, 3, 5, 9, 30, 0)
FIXED_W3CDTF = "2026-03-05T09:30:00Z"

# Box glyph encodings for symbol fonts (what Word's Insert Symbol writes).
WINGDINGS_CHECKED = "F0FE"    # U+F0FE in Wingdings: ballot box with check
WINGDINGS_UNCHECKED = "F0A8"  # U+F0A8: empty box
WINGDINGS2_CHECKED = "R"      # Wingdings 2 'R': box with check
WINGDINGS2_UNCHECKED = "\u00a3"  # Wingdings 2 '£': empty box


def esc(s):
    return escape(s, {'"': "&quot;"})


class Flavor:
    """Producer-specific spelling of the same content."""

    def __init__(self, name):
        self.name = name
        self.wps = name == "wps"
        if self.wps:
            self.style_normal = "1"
            self.style_table = "4"
            self.style_tablenormal = "3"
            self.style_deffont = "2"
        else:
            self.style_normal = "a"
            self.style_table = "a3"
            self.style_tablenormal = "a1"
            self.style_deffont = "a0"


class Ids:
    """Deterministic ids: sdt ids, bookmark ids, rsids, paraIds."""

    def __init__(self, seed):
        self.seed = seed
        self.n = 0
        self.bookmark = 0

    def next_hex(self, width=8):
        self.n += 1
        h = hashlib.sha256(f"{self.seed}/{self.n}".encode()).hexdigest().upper()
        return h[:width]

    def sdt_id(self):
        v = int(self.next_hex(8), 16)
        return v - (1 << 32) if v >= (1 << 31) else v

    def para_id(self):
        # w14:paraId must be < 0x80000000
        v = int(self.next_hex(8), 16) & 0x7FFFFFFF
        return f"{v:08X}"

    def bookmark_id(self):
        bid = self.bookmark
        self.bookmark += 1
        return bid


# --- runs ------------------------------------------------------------------

def rpr(fl, font=None, east=None, bold=False, sz=None, highlight=None,
        underline=False, strike=False, color=None):
    parts = []
    if font or east:
        a = font or "Times New Roman"
        e = east or font
        hint = ' w:hint="eastAsia"' if fl.wps or east else ""
        if fl.wps:
            parts.append(f'<w:rFonts w:hint="eastAsia" w:ascii="{esc(a)}" w:hAnsi="{esc(a)}" '
                         f'w:eastAsia="{esc(e)}"/>')
        else:
            parts.append(f'<w:rFonts w:ascii="{esc(a)}" w:eastAsia="{esc(e)}" w:hAnsi="{esc(a)}"{hint}/>')
    elif fl.wps:
        parts.append('<w:rFonts w:hint="eastAsia"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if strike:
        parts.append("<w:strike/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if sz:
        parts.append(f'<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/>')
    if highlight:
        parts.append(f'<w:highlight w:val="{highlight}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    if fl.wps:
        parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
    if not parts:
        return ""
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _t(text, tag="w:t"):
    if text == "":
        return ""
    sp = ' xml:space="preserve"' if (text[0] in " \u3000" or text[-1] in " \u3000" or "  " in text) else ""
    return f"<{tag}{sp}>{esc(text)}</{tag}>"


def run(fl, text, tag="w:t", **props):
    """One run; '\\n' in text becomes w:br, '\\t' w:tab."""
    if text == "":
        return ""
    body = []
    buf = ""
    for ch in text:
        if ch == "\n" or ch == "\t":
            body.append(_t(buf, tag))
            buf = ""
            body.append("<w:br/>" if ch == "\n" else "<w:tab/>")
        else:
            buf += ch
    body.append(_t(buf, tag))
    return "<w:r>" + rpr(fl, **props) + "".join(body) + "</w:r>"


def sym_run(fl, font, char, **props):
    return ("<w:r>" + rpr(fl, **props) +
            f'<w:sym w:font="{esc(font)}" w:char="{char}"/></w:r>')


def wingdings2_run(fl, checked, **props):
    props = dict(props)
    props["font"] = "Wingdings 2"
    props["east"] = "宋体"
    ch = WINGDINGS2_CHECKED if checked else WINGDINGS2_UNCHECKED
    return "<w:r>" + rpr(fl, **props) + _t(ch) + "</w:r>"


def sdt_checkbox(fl, ids, checked, **props):
    """A Word 2010+ checkbox content control (run level)."""
    glyph = "\u2612" if checked else "\u2610"
    p = dict(props)
    p["font"] = "MS Gothic"
    p["east"] = "MS Gothic"
    return ("<w:sdt><w:sdtPr>" + rpr(fl, **p) +
            f'<w:id w:val="{ids.sdt_id()}"/>'
            f'<w14:checkbox><w14:checked w14:val="{1 if checked else 0}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
            "</w14:checkbox></w:sdtPr><w:sdtEndPr/><w:sdtContent>"
            "<w:r>" + rpr(fl, **p) + _t(glyph) + "</w:r>"
            "</w:sdtContent></w:sdt>")


def form_checkbox(fl, ids, default, checked=None, **props):
    """A legacy FORMCHECKBOX field. `default` is the template's default;
    `checked` (when not None) is the state the user set, written as w:checked."""
    n = ids.bookmark_id()
    name = f"Check{n + 1}"
    state = ""
    if checked is not None:
        state = "<w:checked/>" if checked else '<w:checked w:val="0"/>'
    rp = rpr(fl, **props)
    return (f'<w:r>{rp}<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{name}"/>'
            '<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>'
            f'<w:default w:val="{1 if default else 0}"/>{state}</w:checkBox></w:ffData>'
            f'</w:fldChar></w:r><w:bookmarkStart w:id="{n}" w:name="{name}"/>'
            f'<w:r>{rp}<w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            f'<w:r>{rp}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rp}<w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="{n}"/>')


def split_runs(fl, ids, text, cuts, **props):
    """The text as several runs cut at `cuts` (character offsets), with the
    noise Word leaves between them: proofErr marks and an empty bookmark."""
    pieces = []
    last = 0
    for c in sorted(cuts) + [len(text)]:
        pieces.append(text[last:c])
        last = c
    out = []
    for i, piece in enumerate(pieces):
        if i > 0:
            if i % 2 == 1:
                out.append('<w:proofErr w:type="spellStart"/>')
            else:
                bid = ids.bookmark_id()
                out.append(f'<w:bookmarkStart w:id="{bid}" w:name="_GoBack"/><w:bookmarkEnd w:id="{bid}"/>')
        out.append(run(fl, piece, **props))
        if i > 0 and i % 2 == 1:
            out.append('<w:proofErr w:type="spellEnd"/>')
    return "".join(out)


def tracked(fl, ids, old, new, **props):
    """A value typed, deleted and retyped: w:del(old) then w:ins(new)."""
    d = (f'<w:del w:id="{ids.bookmark_id()}" w:author="张晓敏" w:date="2026-03-04T16:12:00Z">'
         "<w:r>" + rpr(fl, **props) + _t(old, "w:delText") + "</w:r></w:del>")
    i = (f'<w:ins w:id="{ids.bookmark_id()}" w:author="张晓敏" w:date="2026-03-04T16:13:00Z">'
         + run(fl, new, **props) + "</w:ins>")
    return d + i


def sdt_run(fl, ids, inner, alias="文本"):
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{esc(alias)}"/><w:id w:val="{ids.sdt_id()}"/>'
            "<w:text/></w:sdtPr><w:sdtContent>" + inner + "</w:sdtContent></w:sdt>")


def sdt_block(fl, ids, inner, alias="内容"):
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{esc(alias)}"/><w:id w:val="{ids.sdt_id()}"/>'
            "</w:sdtPr><w:sdtContent>" + inner + "</w:sdtContent></w:sdt>")


# --- paragraphs and tables -------------------------------------------------

def para(fl, ids, runs_xml, jc=None, bold=False, sz=None, font=None, east=None,
         ind_first=None, spacing=None, keep=False):
    ppr = []
    if keep:
        ppr.append("<w:keepNext/>")
    if spacing:
        ppr.append(spacing)
    if ind_first:
        ppr.append(f'<w:ind w:firstLineChars="200" w:firstLine="{ind_first}"/>')
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    mark = rpr(fl, font=font, east=east, bold=bold, sz=sz)
    if mark:
        ppr.append(mark)
    ppr_xml = "<w:pPr>" + "".join(ppr) + "</w:pPr>" if ppr else ""
    attrs = "" if fl.wps else f' w14:paraId="{ids.para_id()}" w14:textId="77777777"'
    return f"<w:p{attrs}>{ppr_xml}{runs_xml}</w:p>"


BORDERS = ('<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
           '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders>')
WPS_BORDERS = BORDERS.replace('w:sz="4" w:space="0" w:color="auto"', 'w:color="auto" w:sz="4" w:space="0"')
CELL_MAR = ('<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>')


def tbl_pr(fl, width):
    b = WPS_BORDERS if fl.wps else BORDERS
    return (f'<w:tblPr><w:tblStyle w:val="{fl.style_table}"/><w:tblW w:w="{width}" w:type="dxa"/>'
            '<w:jc w:val="center"/>' + b + '<w:tblLayout w:type="fixed"/>' + CELL_MAR +
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>')


def tr(fl, cells_xml, height=None, exact=False, cant_split=False):
    trpr = []
    if cant_split:
        trpr.append("<w:cantSplit/>")
    if height:
        rule = ' w:hRule="exact"' if exact else ""
        trpr.append(f'<w:trHeight w:val="{height}"{rule}/>')
    trpr.append('<w:jc w:val="center"/>')
    pre = ""
    if fl.wps:
        pre = "<w:tblPrEx>" + WPS_BORDERS + CELL_MAR + "</w:tblPrEx>"
    return "<w:tr>" + pre + "<w:trPr>" + "".join(trpr) + "</w:trPr>" + cells_xml + "</w:tr>"


def tc(fl, width, paras_xml, span=1, vmerge=None, shade=None, valign="center", text_dir=None):
    pr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        pr.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        pr.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        pr.append("<w:vMerge/>")
    if shade:
        pr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    if text_dir:
        pr.append(f'<w:textDirection w:val="{text_dir}"/>')
    if valign:
        pr.append(f'<w:vAlign w:val="{valign}"/>')
    return "<w:tc><w:tcPr>" + "".join(pr) + "</w:tcPr>" + paras_xml + "</w:tc>"


def tbl(fl, grid, rows_xml):
    width = sum(grid)
    g = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    return "<w:tbl>" + tbl_pr(fl, width) + "<w:tblGrid>" + g + "</w:tblGrid>" + rows_xml + "</w:tbl>"


SECT_PR = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" '
           'w:header="851" w:footer="992" w:gutter="0"/>'
           '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>')


def document(fl, body_xml):
    ns = NS_DECLS + (WPS_NS if fl.wps else "")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document {ns}mc:Ignorable="w14 w15"><w:body>' + body_xml + SECT_PR +
            "</w:body></w:document>")


# --- package parts ---------------------------------------------------------

def styles_xml(fl):
    n, df, tn, tg = fl.style_normal, fl.style_deffont, fl.style_tablenormal, fl.style_table
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            f'xmlns:w="{NS_W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
            'mc:Ignorable="w14">'
            '<w:docDefaults><w:rPrDefault><w:rPr>'
            '<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
            '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault/></w:docDefaults>'
            '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
            'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>'
            f'<w:style w:type="paragraph" w:default="1" w:styleId="{n}"><w:name w:val="Normal"/>'
            '<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
            f'<w:style w:type="character" w:default="1" w:styleId="{df}"><w:name w:val="Default Paragraph Font"/>'
            '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
            f'<w:style w:type="table" w:default="1" w:styleId="{tn}"><w:name w:val="Normal Table"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
            + CELL_MAR + '</w:tblPr></w:style>'
            f'<w:style w:type="table" w:styleId="{tg}"><w:name w:val="Table Grid"/><w:basedOn w:val="{tn}"/>'
            '<w:uiPriority w:val="39"/><w:tblPr>' + BORDERS + '</w:tblPr></w:style>'
            '</w:styles>')


def settings_xml(fl, ids, extra=""):
    rsids = "".join(f'<w:rsid w:val="00{ids.next_hex(6)}"/>' for _ in range(6))
    compat = ('<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>'
              '<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/>'
              '<w:adjustLineHeightInTable/><w:useFELayout/>'
              '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
              '</w:compat>')
    if fl.wps:
        head = ('<w:zoom w:percent="110"/><w:bordersDoNotSurroundHeader w:val="1"/>'
                '<w:bordersDoNotSurroundFooter w:val="1"/><w:documentProtection w:enforcement="0"/>')
        tail = ('<w:docVars><w:docVar w:name="commondata" '
                'w:val="eyJoZGlkIjoiM2Y0ZTIxYTkwYmQ0ZjhiNzE3YjU1ZjE1YTg3YzQ5ZjEifQ=="/></w:docVars>')
    else:
        head = '<w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>'
        tail = ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            f'xmlns:w="{NS_W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
            + (WPS_NS if fl.wps else "") + 'mc:Ignorable="w14">' + head + extra +
            '<w:defaultTabStop w:val="420"/><w:drawingGridVerticalSpacing w:val="156"/>'
            '<w:displayHorizontalDrawingGridEvery w:val="0"/><w:displayVerticalDrawingGridEvery w:val="2"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>' + compat + tail +
            f'<w:rsids><w:rsidRoot w:val="00{ids.next_hex(6)}"/>{rsids}</w:rsids>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


FONTS = [
    ("宋体", "SimSun", "02010600030101010101", "86", "modern"),
    ("仿宋", "FangSong", "02010609060101010101", "86", "modern"),
    ("黑体", "SimHei", "02010609060101010101", "86", "modern"),
    ("Times New Roman", None, "02020603050405020304", "00", "roman"),
    ("MS Gothic", "ＭＳ ゴシック", "020B0609070205080204", "80", "modern"),
    ("Wingdings", None, "05000000000000000000", "02", "auto"),
    ("Wingdings 2", None, "05020102010507070707", "02", "roman"),
]


def font_table_xml():
    parts = []
    for name, alt, panose, charset, family in FONTS:
        a = f'<w:altName w:val="{esc(alt)}"/>' if alt else ""
        parts.append(f'<w:font w:name="{esc(name)}">{a}<w:panose1 w:val="{panose}"/>'
                     f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
                     '<w:pitch w:val="variable"/></w:font>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts xmlns:w="{NS_W}">' + "".join(parts) + "</w:fonts>")


def content_types_xml(custom):
    c = ('<Override PartName="/docProps/custom.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
         if custom else "")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
            '<Override PartName="/word/settings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
            '<Override PartName="/word/fontTable.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            + c + "</Types>")


def root_rels_xml(custom):
    c = ('<Relationship Id="rId4" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
         'Target="docProps/custom.xml"/>' if custom else "")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
            'Target="docProps/app.xml"/>'
            '<Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
            'Target="docProps/core.xml"/>'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/>' + c + "</Relationships>")


DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" '
            'Target="fontTable.xml"/>'
            '<Relationship Id="rId2" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" '
            'Target="settings.xml"/>'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>')


def core_xml(title, creator, modified_by, revision=1):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{esc(title)}</dc:title><dc:creator>{esc(creator)}</dc:creator>"
            f"<cp:lastModifiedBy>{esc(modified_by)}</cp:lastModifiedBy><cp:revision>{revision}</cp:revision>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-02-27T08:00:00Z</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_W3CDTF}</dcterms:modified>'
            "</cp:coreProperties>")


def app_xml(fl, pages=1):
    if fl.wps:
        appname = "WPS Office_11.1.0.14309_F1E327BC-269C-435d-A152-05C5408002CA"
        ver = ""
    else:
        appname = "Microsoft Office Word"
        ver = "<AppVersion>16.0000</AppVersion>"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>Normal.dotm</Template><TotalTime>12</TotalTime><Pages>{pages}</Pages>"
            f"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            f"<Company>淮北市数据资源管理局</Company><LinksUpToDate>false</LinksUpToDate>"
            f"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            f"<Application>{appname}</Application>{ver}</Properties>")


def custom_xml_wps():
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
            "<vt:lpwstr>2052-11.1.0.14309</vt:lpwstr></property>"
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
            "<vt:lpwstr>6A1F3C2B9D8E4F0A8B7C6D5E4F3A2B1C</vt:lpwstr></property></Properties>")


def write_package(path, parts):
    """parts: list of (name, text) in the order to store them. Fixed
    timestamps and attributes so the bytes depend only on the content."""
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts:
            zi = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0
            zi.external_attr = 0
            z.writestr(zi, text.encode("utf-8"), compresslevel=6)


def docx_parts(fl, ids, body_xml, title, creator, modified_by, settings_extra="", pages=1):
    custom = fl.wps
    parts = [
        ("[Content_Types].xml", content_types_xml(custom)),
        ("_rels/.rels", root_rels_xml(custom)),
        ("docProps/app.xml", app_xml(fl, pages)),
        ("docProps/core.xml", core_xml(title, creator, modified_by)),
    ]
    if custom:
        parts.append(("docProps/custom.xml", custom_xml_wps()))
    parts += [
        ("word/document.xml", document(fl, body_xml)),
        ("word/styles.xml", styles_xml(fl)),
        ("word/settings.xml", settings_xml(fl, ids, settings_extra)),
        ("word/fontTable.xml", font_table_xml()),
        ("word/_rels/document.xml.rels", DOC_RELS),
    ]
    return parts
