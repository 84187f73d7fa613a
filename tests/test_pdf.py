"""The PDFs, read with pypdf: outline, contents, metadata, fonts, running heads, footnotes."""

import io
import re
from pathlib import Path

import lxml.html
import pypdf
import pytest
import weasyprint
from weasyprint.layout import block as block_layout

from conftest import REPO
from typeset import body_size, lines, page_texts, read
import mieux_pub.pdf  # noqa: F401  changes WeasyPrint's layout, as in a build
from mieux_pub.book import assemble
from mieux_pub.source import load

TITLES = {"fr": "Créer des liens", "en": "Creating Links", "es": "Crear vínculos", "ar": "بناء الروابط", "zh": "建立联系"}


def reader(out: Path, lang: str, name: str = "creer-des-liens") -> pypdf.PdfReader:
    return read(out / lang / f"{name}-{lang}.pdf")


def letters(text: str) -> str:
    """Only the letters, lowercased: what survives line breaks, hyphenation and footnote numbers."""
    return "".join(c for c in text.lower() if c.isalpha())


def outline(pdf: pypdf.PdfReader, items=None, depth=0):
    """The bookmarks as (depth, title, page number), in order."""
    result = []
    for item in pdf.outline if items is None else items:
        if isinstance(item, list):
            result += outline(pdf, item, depth + 1)
        else:
            result.append((depth, item.title, pdf.get_destination_page_number(item) + 1))
    return result


def expected_outline(book) -> list[tuple[int, str]]:
    """The headings of the book in order: parts, chapters inside them, then h2 and h3."""
    entries = [(0, "Contents")]
    for page in book.pages:
        level = 1 if page.entry.part else 0
        entries.append((level, page.title))
        entries += [(level + entry.level - 1, entry.text) for entry in page.toc]
    return entries


@pytest.fixture(scope="module")
def books():
    source = load(REPO)
    return {lang: assemble(source, source.publication.language(lang))[0] for lang in TITLES}


@pytest.mark.parametrize("lang", TITLES)
def test_outline_matches_the_headings_in_order_and_nesting(mieux_build, books, lang):
    found = [(depth, title) for depth, title, _ in outline(reader(mieux_build, lang))]
    expected = expected_outline(books[lang])
    contents = {"fr": "Sommaire", "en": "Contents", "es": "Índice", "ar": "المحتويات", "zh": "目录"}[lang]
    lists = {"fr": ["Liste des figures", "Liste des tableaux"], "en": ["List of figures", "List of tables"],
             "es": ["Índice de figuras", "Índice de tablas"], "ar": ["قائمة الأشكال", "قائمة الجداول"],
             "zh": ["图目录", "表目录"]}[lang]   # publication.yml asks for both lists
    assert found == [(0, contents)] + [(0, title) for title in lists] + expected[1:]


# pypdf extracts a right-to-left contents line number first, which this reading does not follow.
@pytest.mark.parametrize("lang", [lang for lang in TITLES if lang != "ar"])
def test_each_contents_entry_gives_the_page_of_its_heading(mieux_build, books, lang):
    pdf = reader(mieux_build, lang)
    texts = page_texts(pdf)
    contents = next(i for i, text in enumerate(texts) if "....." in text)
    entries = re.findall(r"^(.*?)\s*\.{3,}[ .]*(\d+)$", texts[contents], re.MULTILINE)
    titles = [page.title for page in books[lang].pages]
    assert len(entries) == len(titles)
    for (label, number), title in zip(entries, titles):
        assert letters(title).startswith(letters(label)[:20])
        assert letters(title) in letters(texts[int(number) - 1]), (title, number)


@pytest.mark.parametrize("lang", TITLES)
def test_metadata_language_and_embedded_fonts(mieux_build, lang):
    pdf = reader(mieux_build, lang)
    assert pdf.trailer["/Root"]["/Lang"] == lang
    assert pdf.metadata.title == TITLES[lang]
    assert "ICMPD" in pdf.metadata.author
    assert pdf.metadata.subject and pdf.metadata["/Keywords"]
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in pdf.trailer["/Root"]
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_running_heads_show_the_chapter_on_right_pages_and_the_title_on_left_pages(mieux_build, books):
    texts = page_texts(reader(mieux_build, "en"))
    chapter = books["en"].page("composantes").title
    pages = [i for i, text in enumerate(texts) if text.rstrip().splitlines()[-2:-1] == [chapter]]
    assert pages and all(i % 2 == 0 for i in pages)  # page numbers i + 1 are odd: right-hand pages
    left = [i for i, text in enumerate(texts) if text.rstrip().splitlines()[-2:-1] == [TITLES["en"]]]
    assert left and all(i % 2 == 1 for i in left)
    first = next(i for i, text in enumerate(texts) if text.startswith(chapter))
    assert first not in pages  # no running head on the chapter's opening page


def footnotes(book):
    """(the words just before each footnote call, the words of the footnote) from the print HTML."""
    pairs = []
    for page in book.pages:
        tree = lxml.html.fromstring(page.print_body)
        for note in tree.iterfind(".//span[@class='footnote']"):
            text = note.getparent().text_content()
            before = text[: text.index(note.text_content())]
            pairs.append((" ".join(before.split()[-6:]), " ".join(note.text_content().split()[:8])))
    return pairs


@pytest.mark.parametrize("lang", ["fr", "en", "es"])
def test_footnotes_are_on_the_page_of_their_call(mieux_build, mieux_result, books, lang):
    assert not [d for d in mieux_result.diagnostics if d.code == "footnote-page"]
    pdf = reader(mieux_build, lang)
    texts = [letters(text) for text in page_texts(pdf)]
    # Each page's running text alone, in order: not its running head, page number or notes.
    found, height = lines(pdf), float(pdf.pages[0].mediabox.height)
    body = body_size(found)
    bodies = ["".join(letters(line.text) for line in found if line.page == number and 60 < line.y < height - 60
                      and line.size > body * 0.83) for number in range(len(texts))]
    pairs = footnotes(books[lang])
    assert len(pairs) > 30
    for before, note in pairs:
        # The words before a call may run over a page break: the call is on the page they end on.
        call_pages = [i for i, text in enumerate(texts) if letters(before) in text] + \
            [i for i in range(1, len(texts)) if letters(before) in bodies[i - 1] + bodies[i]]
        note_pages = [i for i, text in enumerate(texts) if letters(note) in text]
        assert call_pages and note_pages, (before, note)
        assert note_pages[0] in call_pages, (before, note, call_pages, note_pages)


def test_fixture_footnote_is_on_the_page_of_its_call(sample_build):
    pdf = reader(sample_build, "fr", "petit-guide")
    [page] = [text for text in page_texts(pdf) if "objet neuf" in text]
    assert "Chiffre donné à titre d’exemple." in page


def test_fixture_pdf_has_language_metadata_and_a_nested_outline(sample_build):
    pdf = reader(sample_build, "en", "petit-guide")
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert pdf.metadata.title == "A Little Guide to Repairs"
    assert [(d, t) for d, t, _ in outline(pdf)] == [
        (0, "Contents"), (0, "Welcome to the workshop"), (1, "Why repair?"), (0, "Practical part"),
        (1, "Repairs"), (2, "Common faults")]


def test_two_builds_give_identical_pdfs(sample, tmp_path):
    from mieux_pub.build import Options, build
    first = build(sample, Options(out=tmp_path / "a", formats=("pdf", "print"), languages=("en",))).out
    second = build(sample, Options(out=tmp_path / "b", formats=("pdf", "print"), languages=("en",))).out
    for name in ("petit-guide-en.pdf", "petit-guide-en-print.pdf"):   # PDF/UA-1 and PDF/X-4
        assert (first / "en" / name).read_bytes() == (second / "en" / name).read_bytes()


def test_only_files_inside_the_project_are_loaded(tmp_path):
    from mieux_pub.pdf import Job, Renderer
    (tmp_path / "inside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    html = ('<html lang="en"><body><p>x</p><img src="inside.svg" alt="in">'
            '<img src="file:///etc/hostname" alt="out"><img src="http://example.org/a.png" alt="net"></body></html>')
    pdf, problems = Renderer(tmp_path).render(Job(html, "", tmp_path, "test", "test.pdf"))
    assert pdf.startswith(b"%PDF")
    refused = sorted(p.message for p in problems if p.code == "pdf-resource")
    assert refused == ["refused to load file:///etc/hostname: only files of the project are used",
                       "refused to load http://example.org/a.png: only files of the project are used"]


def test_rendering_pdfs_in_parallel_leaves_no_temporary_folder(sample, tmp_path):
    import os
    import tempfile
    from mieux_pub.build import Options, build
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: the PDFs render in this process, and WeasyPrint removes its own font folders")

    def scratch():   # this process's folders (others may be building on this machine)
        return {p.name for p in Path(tempfile.gettempdir()).iterdir()
                if p.name.startswith(("weasyprint-", f"mieux-pub-{os.getpid()}-"))}

    before = scratch()
    build(sample, Options(out=tmp_path / "out", formats=("pdf",)))  # two languages: two worker processes
    assert scratch() - before == set()


def fill_colours(page) -> set[tuple[float, ...]]:
    """The colours a page fills with (text, backgrounds and rules), rounded."""
    return {tuple(round(float(v), 3) for v in operands) for operands, operator in page.get_contents().operations
            if operator == b"rg"}


TINT, RULE = (0.984, 0.945, 0.827), (0.42, 0.447, 0.502)   # print.css's marks of untranslated text: #fbf1d3, #6b7280


def test_every_page_of_a_draft_says_so_and_no_page_of_a_release(draft_build):
    pages = page_texts(pypdf.PdfReader(draft_build / "en" / "petit-guide-en.pdf"))
    assert len(pages) > 6
    assert [n for n, text in enumerate(pages, 1) if "Draft translation: 96% translated." not in " ".join(text.split())] == []
    release = " ".join(page_texts(pypdf.PdfReader(draft_build / "fr" / "petit-guide-fr.pdf")))
    assert "provisoire" not in release and "Draft" not in release


def test_untranslated_text_of_a_draft_is_tinted_with_a_rule_and_a_releases_is_not(draft_build, sample_build):
    draft = pypdf.PdfReader(draft_build / "en" / "petit-guide-en.pdf")
    holding = [n for n, text in enumerate(page_texts(draft)) if "pas encore traduit" in text]
    assert holding and [n for n, page in enumerate(draft.pages) if {TINT, RULE} <= fill_colours(page)] == holding
    release = pypdf.PdfReader(sample_build / "en" / "petit-guide-en.pdf")
    assert not any(TINT in fill_colours(page) for page in release.pages)
    assert "Passages not yet translated are shown in the original language (French)" in \
        " ".join(draft.pages[0].extract_text().split())


# What publication.yml names, as each release edition writes it (the names are the logos' text alternatives).
PARTNERS = {"fr": ["Union européenne", "ICMPD", "MIEUX+"], "en": ["European Union", "ICMPD", "MIEUX+"],
            "es": ["Unión Europea", "ICMPD", "MIEUX+"]}
PARTS = {"fr": ["Section 1 — MIEUX et ses caractéristiques", "Section 2 — MIEUX en contexte",
                "Section 3 — MIEUX en action"],
         "en": ["Section 1 — MIEUX and its features", "Section 2 — MIEUX in context", "Section 3 — MIEUX in action"],
         "es": ["Sección 1 — MIEUX y sus características", "Sección 2 — MIEUX en contexto",
                "Sección 3 — MIEUX en acción"]}
# The first and last words of a box of key facts (its heading, its last term) in each edition.
BOXES = {"fr": ("L'action en bref", "Résultat principal"), "en": ("The action at a glance", "Main result"),
         "es": ("La acción en resumen", "Resultado principal")}


def figures(pdf: pypdf.PdfReader, number: int) -> list:
    """The text alternatives of the figures a tagged PDF's structure places on a page, in reading order."""
    page, found = pdf.pages[number].indirect_reference, []

    def visit(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                visit(kid)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure" and node.get("/Pg") == page:
                found.append(node.get("/Alt"))
            if "/K" in node:
                visit(node["/K"])

    visit(pdf.trailer["/Root"]["/StructTreeRoot"])
    return found


def heights(page) -> dict[str, float]:
    """Each run of text on a page and the height of its baseline above the page's foot, in points."""
    found = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), cm[5] + tm[5] * cm[3])

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("lang", PARTNERS)
def test_the_cover_shows_the_partners_marks_in_its_lower_half_named_in_the_books_language(mieux_build, lang):
    pdf = reader(mieux_build, lang)
    assert figures(pdf, 0) == PARTNERS[lang]   # the cover's picture is a background, not a figure
    half = float(pdf.pages[0].mediabox.height) / 2
    found = heights(pdf.pages[0])
    assert found[TITLES[lang]] > half
    for word in ("Union", "européenne", "ICMPD", "MIEUX"):   # the words the sample's wordmarks draw
        assert found[word] < half / 2, word


@pytest.mark.parametrize("lang", PARTS)
def test_a_part_title_has_a_page_of_its_own(mieux_build, lang):
    pdf = reader(mieux_build, lang)
    texts = page_texts(pdf)
    pages = {title: page for _, title, page in outline(pdf)}
    for title in PARTS[lang]:
        assert letters(texts[pages[title] - 1]) == letters(title), title
        assert letters(title) not in letters(texts[pages[title]])   # its introduction follows without it


@pytest.mark.parametrize("lang", PARTNERS)
def test_the_colophon_stands_at_the_foot_of_its_page(mieux_build, lang):
    pdf = reader(mieux_build, lang)
    [page] = [page for page, text in zip(pdf.pages, page_texts(pdf)) if "ISBN" in text]
    found = heights(page).values()
    height = float(page.mediabox.height)
    assert max(found) < 0.3 * height and min(found) < 0.15 * height


@pytest.mark.parametrize("lang", BOXES)
def test_each_box_of_key_facts_is_on_one_page(mieux_build, lang):
    texts = [letters(text) for text in page_texts(reader(mieux_build, lang))]
    first, last = (letters(words) for words in BOXES[lang])
    starts = [text.count(first) for text in texts]
    assert sum(starts) == 16   # one per case study
    assert starts == [text.count(last) for text in texts]   # each ends on the page it starts on


# WeasyPrint as the renderer changes it: one layout keeps notes with their calls and hyphens few in a row. Each
# test first shows that WeasyPrint's own layout gets its input wrong, so that it tests something.

SMALL_PAGE = """@page { size: 120mm 90mm; margin: 10mm; } body { font: 10pt/14pt serif; }
p { margin: 0; orphans: 2; widows: 2; text-align: justify; hyphens: auto; }
.footnote { float: footnote; footnote-policy: line; }"""


def pdf_lines(html: str, css: str) -> list[list[str]]:
    document = weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=css)])
    return [page.extract_text().splitlines() for page in pypdf.PdfReader(io.BytesIO(document)).pages]


def notes_astray(html: str) -> list[str]:
    """The notes (Note-X) printed on another page than the word just before their call (Call-X)."""
    pages = [" ".join(lines) for lines in pdf_lines(html, SMALL_PAGE)]
    notes = sorted(set(re.findall(r"Note-[A-Z]", " ".join(pages))))
    return [note for note in notes if [i for i, text in enumerate(pages) if note in text][:1]
            != [i for i, text in enumerate(pages) if note.replace("Note", "Call") in text][:1]]


def test_a_paragraph_at_the_foot_of_a_page_moves_to_the_next_rather_than_the_notes_above_it(monkeypatch):
    sentence = "Les interventions internationales coordonnées renforcent durablement l'administration migratoire. "
    note = "<span class=footnote>Note-{0}, assez longue pour occuper deux lignes dans la zone des notes.</span>"
    body = "".join(f"<p>Call-{x}{note.format(x) if x in 'AC' else ''} {sentence * 2}</p>" for x in "ABCD")
    pages = [f"<html lang=fr><body><p>{'mot ' * (3 * filler)}</p>{body}</body></html>" for filler in range(15, 40, 3)]
    assert all(notes_astray(html) == [] for html in pages)
    monkeypatch.setattr(block_layout, "_linebox_layout", block_layout._linebox_layout.__wrapped__)
    assert sum(notes_astray(html) != [] for html in pages) >= 4   # WeasyPrint's own layout moves the notes


def test_at_most_two_lines_in_a_row_end_in_a_hyphenation(monkeypatch):
    words = ("Coordination institutionnelle, administrations internationales, interopérabilité documentaire, "
             "responsabilisation gouvernementale, professionnalisation méthodologique. ") * 3
    html, css = f"<html lang=fr><body><p>{words}</p></body></html>", SMALL_PAGE.replace("120mm 90mm", "60mm 200mm")

    def ends() -> str:
        return "".join("1" if line.endswith("\u2010") else "0" for lines in pdf_lines(html, css) for line in lines)
    assert "11" in ends() and "111" not in ends()
    monkeypatch.setattr(block_layout, "iter_line_boxes", block_layout.iter_line_boxes.__wrapped__)
    assert "111" in ends()   # WeasyPrint's own line breaking
