"""The typesetting rules of the reading PDF, measured on every page of the fr, en and es editions as a reader sees
them (tests/typeset.py reads the lines back with pypdf), and the print PDF beside it.

Run with -s to see the counts: pytest tests/test_typesetting.py -s
"""

import json

import lxml.html
import pypdf
import pytest

from typeset import body_size, chapter_endings, hyphenation, lines, page_texts, read, table_splits, text_words

LANGUAGES = ("fr", "en", "es")


def site_pages(out, lang):
    """The edition's pages in reading order, as its landing page's contents list them."""
    landing = lxml.html.parse(str(out / lang / "index.html")).getroot()
    names = [a.get("href") for a in landing.iterfind(".//nav[@class='book-contents']//a")]
    return [lxml.html.parse(str(out / lang / name)).getroot() for name in dict.fromkeys(n.split("#")[0] for n in names)]


@pytest.fixture(scope="module")
def measured(mieux_build):
    return measure(mieux_build)


def measure(out):
    """Each edition's PDF read back: its lines, its site pages, and what the rules count; the counts printed."""
    mieux_build, found = out, {}
    for lang in LANGUAGES:
        pdf = read(mieux_build / lang / f"creer-des-liens-{lang}.pdf")
        pages = site_pages(mieux_build, lang)
        text = lines(pdf)
        body = body_size(text)
        found[lang] = {
            "pdf": pdf, "lines": text, "pages": pages,
            "hyphenation": hyphenation(text, text_words(p.find("body").text_content() for p in pages), body),
            "endings": chapter_endings(text, body, float(pdf.pages[0].mediabox.height)),
            "tables": table_splits(pdf, [len(t.findall("tbody/tr")) for p in pages for t in p.iter("table")]),
        }
        counts = found[lang]["hyphenation"].summary()
        counts["pages"] = len(pdf.pages)
        counts["blank pages"] = sum(1 for text in page_texts(pdf) if not text.strip())
        counts["chapter endings < 4 lines"] = sum(1 for *_, n in found[lang]["endings"] if n < 4)
        counts["tables split"] = sum(1 for split in found[lang]["tables"] if len(split) > 1)
        print(f"\n{lang}: {json.dumps(counts, ensure_ascii=False)}")
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hyphenation_keeps_3_letters_a_side_and_never_cuts_acronyms_or_numbers(measured, lang):
    counts = measured[lang]["hyphenation"]
    assert counts.hyphenated > 20   # the reader does see the hyphenation: this is not a rule met by having none
    assert counts.short_fragments == []
    assert counts.capitals == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_more_than_two_hyphenated_lines_in_a_row(measured, lang):
    assert measured[lang]["hyphenation"].runs == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_measure_is_65_to_85_characters(measured, lang):
    measure = sorted(measured[lang]["hyphenation"].measure)
    assert len(measure) > 500
    middle = measure[len(measure) // 10: -len(measure) // 10]   # full lines of body text, less a tenth each end
    assert 65 <= middle[0] and middle[-1] <= 85, (middle[0], middle[-1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_chapter_ends_with_fewer_than_4_lines_alone_on_a_page(measured, lang):
    endings = measured[lang]["endings"]
    assert len(endings) > 10
    assert [e for e in endings if e[2] < 4] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_short_tables_are_never_split_and_long_ones_keep_2_rows_a_side(measured, lang):
    splits = measured[lang]["tables"]
    assert any(sum(split) > 6 for split in splits)
    assert [s for s in splits if len(s) > 1 and (sum(s) <= 6 or min(s) < 2)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_date_ranges_numbers_and_percentages_never_break_across_lines(measured, lang):
    """A single date may break before its year, as in any book; a range, a number or a percentage may not."""
    values = {_plain(span.text_content()) for page in measured[lang]["pages"]
              for span in page.iterfind(".//main//span[@class]")
              if span.get("class") in ("interval", "number", "percent", "currency")}
    assert any("–" in value for value in values)
    text = [_plain(line.text) for line in measured[lang]["lines"]]
    whole = " ".join(text)
    for value in values:
        if value in whole:   # a value in a figure's caption set apart may be drawn otherwise; it is elsewhere too
            assert any(value in line for line in text), value


def _plain(text: str) -> str:
    """Text as compared here: one kind of space and of hyphen, no word joiner (pypdf gives none)."""
    return " ".join(text.replace("\u2060", "").replace("\u2010", "-").split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notes_are_numbered_from_1_in_each_chapter_with_the_number_on_the_note_line(measured, lang):
    """The site numbers each chapter's notes from 1: the PDF gives each note the same number, and sets it at the
    start of the note's first line ("1. Text…"), not alone on a line above it."""
    notes = []
    for page in measured[lang]["pages"]:
        for number, item in enumerate(page.iterfind(".//section[@class='footnotes']//li"), start=1):
            notes.append((number, _plain(" ".join(item.text_content().split()[:4]))))
    assert len(notes) > 20 and any(number == 1 for number, _ in notes[1:])
    text = [_plain(line.text) for line in measured[lang]["lines"]]
    for number, start in notes:
        assert any(line.startswith(f"{number}. {start}") or line.startswith(f"{number}.{start}") for line in text), \
            (number, start)


# The two PDFs: to read on a screen, and to print.

MM = 72 / 25.4


def test_the_reading_pdf_has_no_blank_pages_and_the_print_pdf_starts_chapters_on_a_recto(sample_build):
    reading = pypdf.PdfReader(sample_build / "fr" / "petit-guide-fr.pdf")
    printed = pypdf.PdfReader(sample_build / "fr" / "petit-guide-fr-print.pdf")
    assert all(page.extract_text().strip() for page in reading.pages)
    blank = [number for number, page in enumerate(printed.pages, start=1) if not page.extract_text().strip()]
    assert blank and len(printed.pages) == len(reading.pages) + len(blank)
    titles = {"Bienvenue à l’atelier", "Partie pratique", "Les réparations"}   # the sample's titles, by hand
    openers = {line.text: line.page + 1 for line in lines(printed) if line.text in titles and line.size > 20}
    assert set(openers) == titles and all(page % 2 == 1 for page in openers.values()), openers


def test_the_print_pdf_is_pdf_x_4_with_a_3_mm_bleed_and_crop_marks(sample_build):
    printed = pypdf.PdfReader(sample_build / "fr" / "petit-guide-fr-print.pdf")
    page = printed.pages[1]
    trim, media = page.trimbox, page.mediabox
    assert round(float(trim.width) / MM) == 210 and round(float(trim.height) / MM) == 297   # A4
    assert float(trim.left) - float(media.left) >= 3 * MM - 0.01
    assert float(media.top) - float(trim.top) >= 3 * MM - 0.01
    assert "PDF/X-4" in printed.xmp_metadata.rdf_root.toxml()
    reading = pypdf.PdfReader(sample_build / "fr" / "petit-guide-fr.pdf")
    assert reading.pages[1].mediabox == reading.pages[1].trimbox   # the reading PDF is the page, nothing around it
    assert "pdfuaid" in reading.xmp_metadata.rdf_root.toxml()


def test_the_landing_page_offers_both_pdfs_and_links_the_reading_one_first(sample_build):
    landing = lxml.html.parse(str(sample_build / "fr" / "index.html")).getroot()
    links = [(a.get("href"), " ".join(a.text_content().split()))
             for a in landing.iterfind(".//section[@class='downloads']//td/a")]
    names = [href.rpartition("/")[2] for href, _ in links]
    assert "petit-guide-fr.pdf" in names and "petit-guide-fr-print.pdf" in names
    assert names.index("petit-guide-fr.pdf") < names.index("petit-guide-fr-print.pdf")
    assert dict(zip(names, (text for _, text in links)))["petit-guide-fr-print.pdf"].startswith("PDF pour l’impression")
    first = landing.find(".//section[@class='downloads']/p/a")
    assert first.get("href") == "../fr/petit-guide-fr.pdf"
