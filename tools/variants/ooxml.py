"""Doc model -> DOCX package (WordprocessingML), written reproducibly.

Written from the ECMA-376 / MS-DOCX element order, independently of
tools/samples: w14 checkbox content controls, legacy FORMCHECKBOX fields,
w:sym symbol-font characters, highlight / shading / underline / strike runs,
gridSpan and vMerge cells, nested tables.
"""
import io
import zipfile
from xml.sax.saxutils import escape

from .model import Para, Run, Table

NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word" '
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
      'mc:Ignorable="w14 w15"')


class Writer:
    def __init__(self):
        self.sdt_id = 100
        self.ff = 0

    def rpr(self, r: Run, para: Para) -> str:
        p = []
        font = r.font
        if font:
            p.append('<w:rFonts w:ascii="%s" w:eastAsia="%s" w:hAnsi="%s" w:hint="eastAsia"/>'
                     % (font, font, font))
        if r.b or para.bold:
            p.append('<w:b/><w:bCs/>')
        if r.strike:
            p.append('<w:strike/>')
        if r.color:
            p.append('<w:color w:val="%s"/>' % r.color)
        if para.size:
            p.append('<w:sz w:val="%d"/><w:szCs w:val="%d"/>' % (para.size, para.size))
        if r.hl:
            p.append('<w:highlight w:val="%s"/>' % r.hl)
        if r.u:
            p.append('<w:u w:val="single"/>')
        if r.shd:
            p.append('<w:shd w:val="clear" w:color="auto" w:fill="%s"/>' % r.shd)
        return '<w:rPr>%s</w:rPr>' % ''.join(p) if p else ''

    def run(self, r: Run, para: Para) -> str:
        rpr = self.rpr(r, para)
        if r.deleted:
            self.sdt_id += 1
            return ('<w:del w:id="%d" w:author="user" w:date="2026-03-05T09:00:00Z"><w:r>%s'
                    '<w:delText xml:space="preserve">%s</w:delText></w:r></w:del>' % (self.sdt_id, rpr, escape(r.text)))
        if r.br:
            return '<w:r>%s<w:br/></w:r>' % rpr
        if r.sym:
            return '<w:r>%s<w:sym w:font="%s" w:char="%s"/></w:r>' % (rpr, r.sym[0], r.sym[1])
        if r.checkbox:
            kind, checked = r.checkbox
            if kind == 'w14':
                self.sdt_id += 1
                glyph = '\u2612' if checked else '\u2610'
                return ('<w:sdt><w:sdtPr><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" '
                        'w:hAnsi="MS Gothic"/></w:rPr><w:id w:val="%d"/><w14:checkbox>'
                        '<w14:checked w14:val="%d"/>'
                        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
                        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
                        '</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" '
                        'w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr>'
                        '<w:t>%s</w:t></w:r></w:sdtContent></w:sdt>'
                        % (self.sdt_id, 1 if checked else 0, glyph))
            self.ff += 1
            return ('<w:r>%s<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check%d"/>'
                    '<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>'
                    '<w:default w:val="0"/>%s</w:checkBox></w:ffData></w:fldChar></w:r>'
                    '<w:r>%s<w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
                    '<w:r>%s<w:fldChar w:fldCharType="end"/></w:r>'
                    % (rpr, self.ff, '<w:checked/>' if checked else '', rpr, rpr))
        return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, escape(r.text))

    def para(self, p: Para) -> str:
        ppr = ''
        if p.numbered:
            ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        if p.align:
            ppr += '<w:jc w:val="%s"/>' % {'left': 'left', 'center': 'center', 'right': 'right'}[p.align]
        if ppr:
            ppr = '<w:pPr>%s</w:pPr>' % ppr
        return '<w:p>%s%s</w:p>' % (ppr, ''.join(self.run(r, p) for r in p.runs))

    def table(self, t: Table) -> str:
        out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="dxa"/>'
               '<w:tblBorders>' % t.width]
        for side in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'):
            out.append('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % side)
        out.append('</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" '
                   'w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
                   'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')
        out.extend('<w:gridCol w:w="%d"/>' % g for g in t.grid)
        out.append('</w:tblGrid>')
        for r in t.rows:
            out.append('<w:tr><w:trPr><w:trHeight w:val="454"/></w:trPr>')
            for c in r.cells:
                tcpr = ['<w:tcW w:w="%d" w:type="dxa"/>' % c.width]
                if c.span > 1:
                    tcpr.append('<w:gridSpan w:val="%d"/>' % c.span)
                if c.vmerge == 'restart':
                    tcpr.append('<w:vMerge w:val="restart"/>')
                elif c.vmerge == 'continue':
                    tcpr.append('<w:vMerge/>')
                tcpr.append('<w:vAlign w:val="center"/>')
                body = []
                if c.vmerge != 'continue':
                    body.extend(self.para(p) for p in c.paras)
                    for nt in c.tables:
                        body.append(self.table(nt))
                        body.append('<w:p/>')
                if not body or body[-1].startswith('<w:tbl>'):
                    body.append('<w:p/>')
                out.append('<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>' % (''.join(tcpr), ''.join(body)))
            out.append('</w:tr>')
        out.append('</w:tbl>')
        return ''.join(out)

    def document(self, doc) -> str:
        body = []
        for b in doc.blocks:
            body.append(self.table(b) if isinstance(b, Table) else self.para(b))
        if doc.blocks and isinstance(doc.blocks[-1], Table):
            body.append('<w:p/>')  # Word always ends the body with a paragraph
        body.append('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1247" '
                    'w:bottom="1440" w:left="1247" w:header="851" w:footer="992" w:gutter="0"/>'
                    '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>')
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document %s><w:body>%s</w:body></w:document>' % (NS, ''.join(body)))


STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" '
          'w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="21"/>'
          '<w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
          '</w:rPrDefault><w:pPrDefault/></w:docDefaults>'
          '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>'
          '<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
          '<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/>'
          '<w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
          '<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/>'
          '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
          '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
          '</w:tblCellMar></w:tblPr></w:style>'
          '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="a1"/>'
          '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
          '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
          '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
          '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
          '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
          '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
          '</w:styles>')

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                 '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
                 '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
                 '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                 '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
                 '</Types>')

RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')

DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            '</Relationships>')

NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
             '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')

SETTINGS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
            '</w:compat></w:settings>')

APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>')


def core(title):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title>'
            '<dc:creator>user</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-05T08:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-05T08:00:00Z</dcterms:modified>'
            '</cp:coreProperties>' % escape(title))


def write_docx(doc) -> bytes:
    parts = [
        ('[Content_Types].xml', CONTENT_TYPES),
        ('_rels/.rels', RELS),
        ('docProps/app.xml', APP),
        ('docProps/core.xml', core(doc.title)),
        ('word/_rels/document.xml.rels', DOC_RELS),
        ('word/document.xml', Writer().document(doc)),
        ('word/styles.xml', STYLES),
        ('word/settings.xml', SETTINGS),
        ('word/numbering.xml', NUMBERING),
    ]
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, text.encode('utf-8'))
    return bio.getvalue()
