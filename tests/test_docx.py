"""The DOCX edition, read as Word reads it: the package's XML parts."""

import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def part(path, name):
    with zipfile.ZipFile(path) as docx:
        return etree.fromstring(docx.read(name))


def paragraphs(document, style):
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle[@{W}val='{style}']") is not None]


def test_docx_has_the_translated_title_headings_and_language(sample_build):
    path = sample_build / "en" / "petit-guide-en.docx"
    document = part(path, "word/document.xml")
    assert paragraphs(document, "Title") == ["A Little Guide to Repairs"]
    assert paragraphs(document, "Heading1") == ["Welcome to the workshop", "Practical part", "Repairs"]
    assert "Common faults" in paragraphs(document, "Heading2") + paragraphs(document, "Heading3")
    core = part(path, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == "en"
    styles = part(path, "word/styles.xml")
    assert styles.find(f".//{W}docDefaults//{W}lang").get(f"{W}val") == "en"


def test_docx_keeps_footnotes_tables_and_alt_text(sample_build):
    path = sample_build / "en" / "petit-guide-en.docx"
    notes = part(path, "word/footnotes.xml")
    texts = ["".join(t.text or "" for t in n.iter(f"{W}t")).strip() for n in notes.iter(f"{W}footnote")
             if n.get(f"{W}type") is None]
    assert "An illustrative figure." in texts
    document = part(path, "word/document.xml")
    cells = ["".join(t.text or "" for t in c.iter(f"{W}t")) for c in document.iter(f"{W}tc")]
    assert "Fault" in cells and "Blown fuse" in cells
    [picture] = list(document.iter(f"{WP}docPr"))
    assert picture.get("descr") == "Drawing of a workbench"
    with zipfile.ZipFile(path) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())


def test_docx_is_offered_for_download(sample_build):
    from conftest import html_page
    page = html_page(sample_build / "fr" / "index.html")
    links = [a.get("href") for a in page.iter("a")]
    assert "../en/petit-guide-en.docx" in links and "../fr/petit-guide-fr.docx" in links
