"""Build the sample publication end to end and read every output as a reader would."""

import zipfile

import pypdf
from lxml import etree

from conftest import html_page, language_of

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def test_layout_has_every_format_for_every_language(sample_build):
    for lang in ("fr", "en"):
        for name in ("index.html", "accueil.html", "pratique.html", "reparations.html",
                     f"petit-guide-{lang}.pdf", f"petit-guide-{lang}.epub"):
            assert (sample_build / lang / name).is_file(), f"{lang}/{name}"
    assert (sample_build / "index.html").is_file()
    for lang in ("fr", "en"):   # each edition shows its own copy of an SVG, in its language
        assert (sample_build / "images" / f"etabli.{lang}.svg").is_file()


def test_pdf_holds_the_translated_chapter_titles(sample_build):
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(sample_build / "en" / "petit-guide-en.pdf").pages)
    for title in ("Welcome to the workshop", "Practical part", "Repairs", "A Little Guide to Repairs"):
        assert title in text
    assert "Bienvenue à l’atelier" not in text


def test_pdf_falls_back_to_the_source_for_the_missing_unit(sample_build):
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(sample_build / "en" / "petit-guide-en.pdf").pages)
    assert "Ce paragraphe n’est pas encore traduit en anglais." in " ".join(text.split())


def test_epub_container_and_language(sample_build):
    path = sample_build / "en" / "petit-guide-en.epub"
    with zipfile.ZipFile(path) as epub:
        first = epub.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert epub.read("mimetype") == b"application/epub+zip"
        container = etree.fromstring(epub.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(epub.read(opf_path))
    assert opf.find(f".//{DC}language").text == "en"
    assert opf.find(f".//{DC}title").text == "A Little Guide to Repairs"


def test_epub_identifier_is_the_isbn_when_given(sample_build):
    with zipfile.ZipFile(sample_build / "fr" / "petit-guide-fr.epub") as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
    assert opf.find(f".//{DC}identifier").text == "urn:isbn:9783161484100"


def test_every_page_has_its_language(sample_build):
    for lang in ("fr", "en"):
        for page in (sample_build / lang).glob("*.html"):
            assert html_page(page).get("lang") == lang, page


def test_fallback_paragraph_carries_the_source_language(sample_build):
    page = html_page(sample_build / "en" / "reparations.html")
    [paragraph] = [p for p in page.iter("p") if "pas encore traduit" in p.text_content()]
    fallback = paragraph.find(".//span[@lang]")
    assert language_of(fallback) == "fr"
    translated = next(p for p in page.iter("p") if "diagnosis" in p.text_content())
    assert language_of(translated) == "en"


def test_landing_page_offers_every_language_named_in_the_page_language(sample_build):
    page = html_page(sample_build / "fr" / "index.html")
    downloads = page.get_element_by_id("downloads-title").getparent()
    names = [a.text_content() for a in downloads.iterfind(".//p/a")]
    assert names == ["français", "anglais"]
    assert page.find(".//time").text == "4 mars 2021"


def test_language_switcher_lands_on_the_same_chapter(sample_build):
    page = html_page(sample_build / "fr" / "reparations.html")
    switcher = page.find(".//nav[@class='language-switcher']")
    links = {a.get("hreflang"): a.get("href") for a in switcher.iter("a")}
    assert links == {"fr": "../fr/reparations.html", "en": "../en/reparations.html"}
    assert [a.text_content() for a in switcher.iter("a")] == ["français", "English"]


def test_link_to_another_chapter_heading_points_at_its_page(sample_build):
    page = html_page(sample_build / "en" / "accueil.html")
    link = next(a for a in page.iter("a") if a.text_content() == "common repairs")
    assert link.get("href") == "reparations.html#pannes-courantes"
    target = html_page(sample_build / "en" / "reparations.html").get_element_by_id("pannes-courantes")
    assert target.text_content() == "Common faults"


def test_a_draft_language_says_so_in_every_format(draft_build):
    notice = "Draft translation: 96% translated."
    legend = "Passages not yet translated are shown in the original language (French), marked by a line in the margin."
    assert html_page(draft_build / "en" / "index.html").find(".//p[@class='draft-notice']").text_content() == \
        f"{notice} {legend}"
    assert notice in pypdf.PdfReader(draft_build / "en" / "petit-guide-en.pdf").pages[0].extract_text()
    with zipfile.ZipFile(draft_build / "en" / "petit-guide-en.epub") as epub:
        assert any(notice in epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml"))


def test_the_chooser_and_the_switcher_name_a_draft_as_such(draft_build):
    chooser = html_page(draft_build / "index.html")
    names = [" ".join(li.find(".//*[@class='chooser-language']").text_content().split())
             for li in chooser.iterfind(".//li")]
    assert names == ["Français", "English (draft, 96% translated)"]   # each in its own language
    french = html_page(draft_build / "fr" / "reparations.html").find(".//nav[@class='language-switcher']")
    assert [a.text_content() for a in french.iter("a")] == ["français", "English (version provisoire, 96\u00a0% traduit)"]
    [label] = french.iterfind(".//a[@hreflang='en']/span")
    assert label.get("lang") == "fr"   # said in the page's language, after the language's own name
    english = html_page(draft_build / "en" / "reparations.html").find(".//nav[@class='language-switcher']")
    assert [a.text_content() for a in english.iter("a")] == ["français", "English (draft, 96% translated)"]


def test_untranslated_text_is_marked_in_a_drafts_pages_and_not_in_a_releases(draft_build, sample_build):
    untranslated = "Ce paragraphe n’est pas encore traduit en anglais."
    draft = html_page(draft_build / "en" / "reparations.html")
    [paragraph] = [p for p in draft.iterfind(".//main//p") if p.text_content() == untranslated]
    assert (paragraph.get("class"), paragraph.get("lang")) == ("fallback", "fr")
    assert len(draft.find_class("fallback")) == 1   # the translated paragraphs are not marked
    release = html_page(sample_build / "en" / "reparations.html")
    [paragraph] = [p for p in release.iterfind(".//main//p") if p.text_content() == untranslated]
    assert language_of(paragraph[0]) == "fr" and release.find_class("fallback") == []
    assert release.find(".//p[@class='draft-notice']") is None


def test_french_pdf_has_a_narrow_no_break_space_before_the_question_mark(sample_build):
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(sample_build / "fr" / "petit-guide-fr.pdf").pages)
    assert "Pourquoi réparer\u202f?" in text


def test_spans_are_formatted_per_language_in_the_pages(sample_build):
    fr = html_page(sample_build / "fr" / "accueil.html").text_content()
    en = html_page(sample_build / "en" / "accueil.html").text_content()
    assert "publié le 4 mars 2021 et compte 1\u202f234,5 lecteurs" in fr
    assert "published on March 4, 2021 and has 1,234.5 readers" in en
    assert "environ 40\u00a0% du prix" in fr and "about 40% of the price" in en
