#!/usr/bin/env python3
"""Write the sample forms of the seven annexes (samples/), reproducibly.

  tools/make_samples.py [--out DIR] [--libreoffice] [--check]

blank/annexN-*.docx      the seven forms as the bureau hands them out
<form>-<variant>.docx    filled forms (samples/README.md says what each one exercises)
<form>-<variant>.xml     structured XML input (twins of DOCX samples and XML-only variants)
expected/<name>.json     the record each filled sample must give: form, fields, diagnostics

Every sample's values are held once (tools/samples/catalog.py); the DOCX, the
XML and the expected JSON are all written from them. Re-running gives
byte-identical files. --libreoffice re-saves a few samples through
`soffice --headless --convert-to docx` (outputs named <name>-lo.docx, with
the expected JSON of their source). --check renders every sample and verifies
that each typed text reads back as its record value, without writing.

Python 3 standard library only.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from samples import catalog, layout, ooxml, render, xmlform  # noqa: E402
from samples.expected import expected_json  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_docx(path, form, sample):
    r = render.Renderer(form, sample)
    body = r.body()
    r.verify()
    extra = sample.quirks.get("settings_extra", "") if sample else ""
    title = form.title
    creator = sample.creator if sample else "淮北市数据资源管理局"
    modified = sample.quirks.get("modified_by", creator) if sample else creator
    pages = 1 + len(body) // 60000
    parts = ooxml.docx_parts(r.fl, r.ids, body, title, creator, modified, extra, pages)
    if path:
        ooxml.write_package(path, parts)
    return r


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def libreoffice_resave(out_dir, names):
    """Open and save each sample in LibreOffice (docx -> docx)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("make_samples: --libreoffice needs soffice on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        src_dir = os.path.join(tmp, "in")
        conv = os.path.join(tmp, "out")
        os.makedirs(src_dir)
        os.makedirs(conv)
        srcs = []
        for n in names:
            src = os.path.join(src_dir, n + "-lo.docx")
            shutil.copyfile(os.path.join(out_dir, n + ".docx"), src)
            srcs.append(src)
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "docx", "--outdir", conv] + srcs,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for n in names:
            shutil.copyfile(os.path.join(conv, n + "-lo.docx"), os.path.join(out_dir, n + "-lo.docx"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "samples"))
    ap.add_argument("--libreoffice", action="store_true", help="also write LibreOffice re-saves")
    ap.add_argument("--check", action="store_true", help="verify the catalogue, write nothing")
    args = ap.parse_args()

    samples = catalog.all_samples()
    xml_samples = catalog.xml_samples()
    catalog.validate(samples, xml_samples)

    out = args.out
    if args.check:
        for s in samples:
            write_docx(None, layout.FORMS[s.form], s)
        for s in xml_samples:
            xmlform.form_xml(s)
        print(f"make_samples: {len(samples)} DOCX and {len(xml_samples)} XML samples check out")
        return

    os.makedirs(os.path.join(out, "blank"), exist_ok=True)
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    for fid, form in layout.FORMS.items():
        write_docx(os.path.join(out, "blank", layout.BLANK_NAMES[fid] + ".docx"), form, None)
    for s in samples:
        write_docx(os.path.join(out, s.name + ".docx"), layout.FORMS[s.form], s)
        write_text(os.path.join(out, "expected", s.name + ".json"), expected_json(s))
        if s.xml:
            write_text(os.path.join(out, s.name + ".xml"), xmlform.form_xml(s))
    for s in xml_samples:
        write_text(os.path.join(out, s.name + ".xml"), xmlform.form_xml(s))
        write_text(os.path.join(out, "expected", s.name + ".json"), expected_json(s))
    for n in catalog.LIBREOFFICE:
        src = next(s for s in samples if s.name == n)
        write_text(os.path.join(out, "expected", n + "-lo.json"), expected_json(src))
    if args.libreoffice:
        libreoffice_resave(out, catalog.LIBREOFFICE)
    write_text(os.path.join(out, "README.md"), catalog.readme(samples, xml_samples))
    print(f"make_samples: wrote 7 blank forms, {len(samples)} DOCX and {len(xml_samples)} XML-only samples"
          f"{' and LibreOffice re-saves' if args.libreoffice else ''} to {out}")


if __name__ == "__main__":
    main()
