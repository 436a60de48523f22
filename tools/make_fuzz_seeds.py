#!/usr/bin/env python3
"""Write the fuzz seed corpora from tests/data/docx-real.

fuzz/corpus/fuzz_docx_xml/: word/document.xml of the smaller corpus files,
plus hand-written documents exercising the constructs the reader handles.
fuzz/corpus/fuzz_docx/: small packages rebuilt with stored (uncompressed)
entries, so byte mutations reach the XML, plus a few deflated originals.
Files are named by the SHA-1 of their content, as libFuzzer names them.

Usage: tools/make_fuzz_seeds.py  (from the repository root)
"""
import hashlib
import io
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, 'tests', 'data', 'docx-real')
OUT = os.path.join(ROOT, 'fuzz', 'corpus')
MAX_XML = 32 * 1024

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')

SNIPPETS = [
    # spans, vMerge (restart, continue, continue without restart), gridBefore/After
    '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>'
    '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>'
    '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'
    '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p/></w:tc>'
    '<w:tc><w:tcPr><w:hMerge/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
    # nested tables, sdt at every level, text box with a table
    '<w:sdt><w:sdtPr/><w:sdtContent><w:tbl><w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent><w:tc>'
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>in</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc>'
    '</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl></w:sdtContent></w:sdt>'
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
    '<w:p><w:r><w:t>box</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
    '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>'
    '<w:p/></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>',
    # checkboxes: w14, legacy complex and simple fields, symbol fonts, drop-down
    '<w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr>'
    '<w:sdtContent><w:r><w:t>X</w:t></w:r></w:sdtContent></w:sdt>'
    '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/><w:checked w:val="0"/>'
    '</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>r</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:fldSimple w:instr="FORMCHECKBOX"><w:r><w:t>s</w:t></w:r></w:fldSimple>'
    '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:rPr><w:rFonts w:ascii="Wingdings 2"/></w:rPr><w:t>R£</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/><w:listEntry w:val="a"/>'
    '<w:listEntry w:val="b"/></w:ddList></w:ffData></w:fldChar></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    # tracked changes, marks, noise
    '<w:p><w:ins><w:r><w:rPr><w:strike/><w:b/></w:rPr><w:t>i</w:t></w:r></w:ins><w:del><w:r><w:delText>d</w:delText>'
    '</w:r></w:del><w:moveFrom><w:r><w:t>m</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:rPr><w:highlight w:val="yellow"/>'
    '<w:shd w:fill="FF0000"/><w:u w:val="single"/><w:bdr w:val="single"/><w:em w:val="dot"/><w:dstrike/></w:rPr>'
    '<w:t>t</w:t><w:tab/><w:br/><w:cr/><w:noBreakHyphen/><w:softHyphen/><w:ptab/></w:r></w:moveTo>'
    '<w:proofErr/><w:bookmarkStart w:id="0"/><w:smartTag><w:customXml><w:hyperlink><w:dir><w:bdo>'
    '<w:r><w:t>x</w:t></w:r></w:bdo></w:dir></w:hyperlink></w:customXml></w:smartTag></w:p>'
    '<w:tbl><w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>',
]


def sha1(data):
    return hashlib.sha1(data).hexdigest()


def write(kind, data):
    d = os.path.join(OUT, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, sha1(data)), 'wb') as f:
        f.write(data)


def main():
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith('.docx'))
    small = []
    for name in files:
        with zipfile.ZipFile(os.path.join(CORPUS, name)) as z:
            xml = z.read('word/document.xml')
            rels = z.read('_rels/.rels') if '_rels/.rels' in z.namelist() else None
            types = z.read('[Content_Types].xml')
        if len(xml) <= MAX_XML:
            write('fuzz_docx_xml', xml)
            small.append((name, xml, rels, types))
    for body in SNIPPETS:
        doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>'
               % (NS, body)).encode()
        write('fuzz_docx_xml', doc)
    # stored packages of the smallest documents, and two deflated originals
    for name, xml, rels, types in sorted(small, key=lambda s: len(s[1]))[:6]:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as z:
            z.writestr('[Content_Types].xml', types)
            if rels:
                z.writestr('_rels/.rels', rels)
            z.writestr('word/document.xml', xml)
        write('fuzz_docx', buf.getvalue())
    for name in ('docx4j__separator_missing.docx', 'unstructured__docx-shapes.docx'):
        with open(os.path.join(CORPUS, name), 'rb') as f:
            write('fuzz_docx', f.read())


if __name__ == '__main__':
    main()
