"""Numbered figures and tables, their source lines, the links that name them and the lists of them, read in the
outputs of a small publication as a reader sees them: site pages, EPUB, PDF."""

import re
import textwrap
import zipfile
from pathlib import Path

import lxml.html
import pypdf
import pytest
from lxml import etree

from mieux_pub.build import Options, build
from mieux_pub.diagnostics import MieuxError
from mieux_pub.extract import extract
from mieux_pub.source import load

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/></svg>'
FILLER = "Un paragraphe de remplissage qui occupe la page et repousse la suite du texte. " * 12
PUBLICATION = """\
    id: essai
    title: Essai
    description: Un essai.
    publisher: Atelier
    date: 2021-03-04
    source_language: fr
    languages: [fr, en, es]
    lists: [figures, tables]
    chapters: [un, deux]
"""
# Figure 1 in 'un', then a table and figure 2 in 'deux', several pages later; each chapter names the other's.
UN = f"""\
# Premier chapitre

La deuxième figure, [](deux.md#fig-atelier), vient plus loin.

![Le plan de l'atelier](../images/plan.svg){{#fig-plan alt="Un rectangle noir" source="Relevé de l'atelier, 2020"}}

{(FILLER + chr(10) + chr(10)) * 12}
"""
DEUX = f"""\
# Second chapitre

{(FILLER + chr(10) + chr(10)) * 6}
::: {{#tab-outils .table source="Inventaire de l'atelier"}}
Les outils de l'atelier

| Outil | Nombre |
|---|---|
| Marteau | [3]{{.number}} |
:::

![L'établi vu de face](../images/plan.svg){{#fig-atelier alt="Un rectangle noir"}}

Le plan figure plus haut (voir [](un.md#fig-plan)), les outils dans le [](#tab-outils).
"""


def project(root: Path, un: str = UN, deux: str = DEUX) -> Path:
    (root / "content" / "chapters").mkdir(parents=True)
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "plan.svg").write_text(SVG, encoding="utf-8")
    (root / "content" / "publication.yml").write_text(textwrap.dedent(PUBLICATION), encoding="utf-8")
    (root / "content" / "chapters" / "un.md").write_text(un, encoding="utf-8")
    (root / "content" / "chapters" / "deux.md").write_text(deux, encoding="utf-8")
    return root


def words(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = project(tmp_path_factory.mktemp("numbering") / "essai")
    return build(root, Options(formats=("html", "pdf", "epub", "docx"))).out


# The labels each language's shipped ui.po gives (the separator and spaces as each language's typography sets them).
LABELS = {"fr": ("Figure", "Tableau", "Source\u00a0:", "Liste des figures"),
          "en": ("Figure", "Table", "Source:", "List of figures"),
          "es": ("Figura", "Tabla", "Fuente:", "Índice de figuras")}


@pytest.mark.parametrize("lang", LABELS)
def test_the_site_numbers_figures_and_tables_through_the_book_in_the_language(built, lang):
    figure, table, source, _ = LABELS[lang]
    un = lxml.html.parse(str(built / lang / "un.html")).getroot()
    deux = lxml.html.parse(str(built / lang / "deux.html")).getroot()
    colon = " :" if lang == "fr" else ":"   # French sets a space before a colon
    assert [words(c) for c in un.iterfind(".//figcaption")] == [f"{figure} 1{colon} Le plan de l’atelier"]
    captions = [words(c) for c in deux.iterfind(".//figcaption")] + [words(c) for c in deux.iterfind(".//caption")]
    assert captions == [f"{figure} 2{colon} L’établi vu de face", f"{table} 1{colon} Les outils de l’atelier"]
    source = source.replace("\u00a0", " ")
    assert [words(s) for s in un.find_class("source")] == [f"{source} Relevé de l’atelier, 2020"]
    assert [words(s) for s in deux.find_class("source")] == [f"{source} Inventaire de l’atelier"]
    # A link without words says the number of what it names, and leads to it on its page.
    assert [(words(a), a.get("href")) for a in un.find_class("xref")] == [(f"{figure} 2", "deux.html#fig-atelier")]
    assert [(words(a), a.get("href")) for a in deux.find_class("xref")] == [(f"{figure} 1", "un.html#fig-plan"),
                                                                           (f"{table} 1", "deux.html#tab-outils")]
    assert deux.get_element_by_id("tab-outils").tag == "table" and un.get_element_by_id("fig-plan").tag == "figure"


@pytest.mark.parametrize("lang", LABELS)
def test_the_landing_page_lists_the_figures_and_tables_with_links(built, lang):
    figure, table, _, title = LABELS[lang]
    landing = lxml.html.parse(str(built / lang / "index.html")).getroot()
    heading = next(h for h in landing.iter("h2") if words(h) == title)
    entries = [(words(a), a.get("href")) for a in heading.getnext().iter("a")]
    assert entries == [(f"{figure} 1 Le plan de l’atelier", "un.html#fig-plan"),
                       (f"{figure} 2 L’établi vu de face", "deux.html#fig-atelier")]
    tables = [(words(a), a.get("href")) for a in landing.get_element_by_id("list-of-tables").getnext().iter("a")]
    assert tables == [(f"{table} 1 Les outils de l’atelier", "deux.html#tab-outils")]


XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def test_the_epub_labels_links_and_lists_lead_to_their_figures(built):
    with zipfile.ZipFile(built / "es" / "essai-es.epub") as epub:
        docs = {name: etree.fromstring(epub.read(name)) for name in epub.namelist() if name.endswith(".xhtml")
                and name.startswith("EPUB/text/")}
    ids = {element.get("id"): name for name, doc in docs.items() for element in doc.iter() if element.get("id")}
    links = [(name, a) for name, doc in docs.items() for a in doc.iterfind(".//x:a", XHTML)
             if a.get("class") == "xref" or a.getparent().tag == f"{{{XHTML['x']}}}li"]
    found = []
    for name, link in links:
        target, _, fragment = link.get("href").partition("#")
        assert ids.get(fragment) == (f"EPUB/text/{target}" if target else name), link.get("href")
        found.append(" ".join("".join(link.itertext()).split()))
    assert found == ["Figura 1 Le plan de l’atelier", "Figura 2 L’établi vu de face", "Tabla 1 Les outils de l’atelier",
                     "Figura 2", "Figura 1", "Tabla 1"]
    captions = [" ".join("".join(c.itertext()).split()) for doc in docs.values()
                for c in doc.iterfind(".//x:figcaption", XHTML)]
    assert captions == ["Figura 1: Le plan de l’atelier", "Figura 2: L’établi vu de face"]


def test_the_docx_captions_and_references_carry_the_same_numbers(built):
    with zipfile.ZipFile(built / "en" / "essai-en.docx") as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = [(p.find(f"{w}pPr/{w}pStyle"), " ".join("".join(t.text or "" for t in p.iter(f"{w}t")).split()))
                  for p in document.iter(f"{w}p")]
    captions = [text for style, text in paragraphs if style is not None and style.get(f"{w}val") in ("ImageCaption", "TableCaption")]
    assert captions == ["Figure 1: Le plan de l’atelier", "Table 1: Les outils de l’atelier",
                        "Figure 2: L’établi vu de face"]
    assert [text for _, text in paragraphs if text.startswith(("La deuxième", "Le plan figure"))] == [
        "La deuxième figure, Figure 2, vient plus loin.",
        "Le plan figure plus haut (voir Figure 1), les outils dans le Table 1."]


def test_the_pdf_gives_each_cross_reference_and_list_entry_the_page_of_its_figure(built):
    texts = [page.extract_text() for page in pypdf.PdfReader(built / "fr" / "essai-fr.pdf").pages]
    flat = [" ".join(text.split()) for text in texts]
    # Where the figures and the table are: the pages showing their captions, found by their words.
    plan = next(i + 1 for i, text in enumerate(flat) if "1 : Le plan de l’atelier" in text)
    atelier = next(i + 1 for i, text in enumerate(flat) if "2 : L’établi vu de face" in text)
    outils = next(i + 1 for i, text in enumerate(flat) if "1 : Les outils de l’atelier" in text)
    assert atelier > plan + 2
    assert f"La deuxième figure, Figure 2, p. {atelier}, vient plus loin." in flat[plan - 1]
    assert f"(voir Figure 1, p. {plan}), les outils dans le Tableau 1, p. {outils}." in flat[atelier - 1]
    assert "Source : Relevé de l’atelier, 2020" in flat[plan - 1]
    assert any("Source : Inventaire de l’atelier" in text for text in flat[outils - 1:outils + 1])
    figures = next(text for text in texts if text.startswith("Liste des figures"))
    assert re.findall(r"^(Figure \d .*?) \.+ *(\d+)$", figures.replace("\u00a0", " "), re.MULTILINE) == [
        ("Figure 1 Le plan de l’atelier", str(plan)), ("Figure 2 L’établi vu de face", str(atelier))]


def test_captions_and_sources_are_translation_units(tmp_path):
    root = project(tmp_path / "essai")
    extract(load(root))
    catalog = (root / "content" / "locales" / "en" / "LC_MESSAGES" / "deux.po").read_text(encoding="utf-8")
    assert '#. Table caption; on the page deux.html\n#: chapters/deux.md:17\nmsgid "Les outils de l\'atelier"' \
        in catalog
    assert '#: chapters/deux.md:16\nmsgid "Inventaire de l\'atelier"' in catalog
    translated = catalog.replace('msgid "Inventaire de l\'atelier"\nmsgstr ""',
                                 'msgid "Inventaire de l\'atelier"\nmsgstr "Workshop  inventory"')
    (root / "content" / "locales" / "en" / "LC_MESSAGES" / "deux.po").write_text(translated, encoding="utf-8")
    out = build(root, Options(formats=("html",), languages=("en",))).out
    page = lxml.html.parse(str(out / "en" / "deux.html")).getroot()
    assert [words(s) for s in page.find_class("source")] == ["Source: Workshop inventory"]
    caption = page.find(".//caption")
    assert [span.get("lang") for span in caption.iter("span")] == [None, "fr"]   # the caption falls back


@pytest.mark.parametrize("deux, expected", [
    (DEUX.replace("[](#tab-outils)", "[](#tab-nulle-part)"),
     "content/chapters/deux.md:26: broken-link: no heading, figure or table with id 'tab-nulle-part' in this chapter"),
    (DEUX.replace("(un.md#fig-plan)", "(un.md#fig-ailleurs)"),
     "content/chapters/deux.md:26: broken-link: 'un.md#fig-ailleurs': chapter 'un' has no heading, figure or table "
     "with id 'fig-ailleurs'"),
    (DEUX + "\n## Fin\n\nRetour à [](#fin).\n",
     "content/chapters/deux.md:30: empty-link: a link without words, [](#fin), says the number of a figure or a table "
     "with a caption: link to one, or give the link its words"),
    (DEUX.replace("Les outils de l'atelier\n\n", ""),
     "content/chapters/deux.md:16: table-div: a '::: {.table}' div holds the table's caption, a paragraph, then the "
     "table, and nothing else"),
    (DEUX.replace("#fig-atelier alt", "#fig-plan alt"),
     "content/chapters/deux.md:24: duplicate-id: the id 'fig-plan' is already a chapter's, a heading's, a figure's "
     "or a table's: give each its own"),
])
def test_a_bad_cross_reference_or_table_is_an_error_at_its_line(tmp_path, deux, expected):
    root = project(tmp_path / "essai", deux=deux)
    with pytest.raises(MieuxError) as caught:
        load(root)
    assert [str(d) for d in caught.value.diagnostics] == [expected]


def test_an_unknown_list_is_an_error_at_its_line(tmp_path):
    root = project(tmp_path / "essai")
    path = root / "content" / "publication.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("[figures, tables]", "[figures, images]"), encoding="utf-8")
    with pytest.raises(MieuxError) as caught:
        load(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/publication.yml:8: config-value: 'lists' holds figures and tables, each at most once, not 'images'"]


def test_numbers_are_in_the_editions_digits(tmp_path):
    from mieux_pub.book import assemble
    root = project(tmp_path / "essai")
    path = root / "content" / "publication.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("[fr, en, es]", "[fr, en, es, {code: fa, draft: true}]"),
                    encoding="utf-8")
    source = load(root)
    book, _ = assemble(source, source.publication.language("fa"))
    assert [(f.label, f.id) for page in book.pages for f in page.floats] == [
        ("شکل\u00a0۱", "fig-plan"), ("جدول\u00a0۱", "tab-outils"), ("شکل\u00a0۲", "fig-atelier")]
    links = lxml.html.fromstring(book.page("deux").body).find_class("xref")
    assert [words(a) for a in links] == ["شکل ۱", "جدول ۱"]
