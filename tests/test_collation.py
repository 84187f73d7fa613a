"""Sorted tables: each edition's rows in the order of its own language, from the built pages."""

import babel
import pytest

from mieux_pub.build import Options, build
from mieux_pub.collation import sort_key
from mieux_pub.diagnostics import MieuxError
from mieux_pub.source import load

from conftest import html_page

WORDS = ["oso", "Ñu", "nudo", "papá", "éter", "Arce", "ñandú", "luz", "chico", "Papa", "arce", "etapa", "nube",
         "llave", "árbol", "eterno", "papa", "cuna"]


def sort(words, locale):
    return sorted(words, key=lambda word: sort_key(word, babel.Locale.parse(locale)))


def test_spanish_puts_n_tilde_after_n_and_tells_accents_then_case_apart_only_in_a_tie():
    assert sort(WORDS, "es") == [
        "árbol", "arce", "Arce", "chico", "cuna", "etapa", "éter", "eterno", "llave", "luz", "nube", "nudo",
        "ñandú", "Ñu", "oso", "papa", "Papa", "papá"]


def test_english_and_french_read_n_tilde_as_n():
    expected = ["árbol", "arce", "Arce", "chico", "cuna", "etapa", "éter", "eterno", "llave", "luz", "ñandú", "Ñu",
                "nube", "nudo", "oso", "papa", "Papa", "papá"]
    assert sort(WORDS, "en_GB") == expected
    assert sort(WORDS, "fr") == expected


def test_digits_compare_as_numbers():
    assert sort(["Phase 10", "Phase 2", "Phase 1"], "en") == ["Phase 1", "Phase 2", "Phase 10"]


SORTED_TABLE = """
::: sorted
| Langue | Rang |
|---|---|
| [es]{.language} | [1]{.number} |
| [de]{.language} | [2]{.number} |
| [fr]{.language} | [3]{.number} |
:::
"""


def rows(page) -> list[list[str]]:
    [table] = page.iter("table")
    return [[cell.text_content().strip() for cell in row] for row in table.iter("tr")]


def test_each_edition_sorts_the_rows_of_a_marked_table_by_its_own_words(sample, tmp_path):
    # Language names are written once and named in each edition's words, so each edition sorts other words.
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + SORTED_TABLE, encoding="utf-8")
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text().replace("  - {code: en}\n", "  - {code: en}\n  - {code: es, draft: true}\n"))
    out = build(sample, Options(out=tmp_path / "out", formats=("html",), drafts=True)).out
    assert rows(html_page(out / "fr" / "accueil.html")) == [
        ["Langue", "Rang"], ["allemand", "2"], ["espagnol", "1"], ["français", "3"]]
    assert rows(html_page(out / "en" / "accueil.html"))[1:] == [["French", "3"], ["German", "2"], ["Spanish", "1"]]
    assert rows(html_page(out / "es" / "accueil.html"))[1:] == [["alemán", "2"], ["español", "1"], ["francés", "3"]]


def test_a_sorted_div_without_a_table_is_a_warning_at_its_line(sample):
    chapter = sample / "content" / "chapters" / "reparations.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    assert lines[2] == "Une réparation commence toujours par un diagnostic."
    lines[2:3] = ["::: sorted", lines[2], ":::"]
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [str(w) for w in load(sample).warnings if w.code == "sorted-not-table"] == [
        "content/chapters/reparations.md:3: sorted-not-table: '::: sorted' sorts the rows of the tables inside it, "
        "and this one holds none: put the table inside it, or remove it"]


def test_a_sorted_div_without_a_table_fails_a_strict_build(sample, tmp_path):
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n::: sorted\nRien à trier.\n:::\n", encoding="utf-8")
    with pytest.raises(MieuxError) as caught:
        build(sample, Options(out=tmp_path / "out", formats=("html",), strict=True))
    assert "sorted-not-table" in {d.code for d in caught.value.diagnostics}


# The MIEUX publication: its glossary of acronyms, alphabetical in each language (annexes.md, en and es catalogs).

def glossary(page) -> list[tuple[str, str]]:
    table = next(t for t in page.iter("table") if t.xpath("string(.//th)") in ("Acronyme", "Acronym", "Acrónimo"))
    return [tuple(cell.text_content().strip() for cell in row) for row in table.iter("tr") if row.find("td") is not None]


def test_the_glossary_is_alphabetical_in_english_and_in_spanish(mieux_build):
    english = glossary(html_page(mieux_build / "en" / "annexes.html"))
    spanish = glossary(html_page(mieux_build / "es" / "annexes.html"))
    assert [acronym for acronym, _ in english] == [
        "ASEAN", "AU", "CARICOM", "COVID-19", "CSO", "DG DEVCO", "EASO", "ECOWAS", "EEAS", "EU", "Frontex", "GCM",
        "GCR", "ICMPD", "ILO", "IOM", "MERCOSUR", "MIEUX", "MIEUX+", "NGO", "SDGs", "UNHCR", "UNODC"]
    assert [acronym for acronym, _ in spanish] == [
        "ACNUR", "ASEAN", "CARICOM", "CEDEAO", "COVID-19", "DG DEVCO", "EASO", "Frontex", "ICMPD", "MERCOSUR",
        "MIEUX", "MIEUX+", "ODS", "OIM", "OIT", "ONG", "OSC", "PMM", "PMR", "SEAE", "UA", "UE", "UNODC"]
    # Each row moved whole: the acronym keeps its meaning.
    assert ("UNHCR", "Office of the United Nations High Commissioner for Refugees") in english
    assert spanish[0] == ("ACNUR", "Alto Comisionado de las Naciones Unidas para los Refugiados")
    french = glossary(html_page(mieux_build / "fr" / "annexes.html"))
    assert [acronym for acronym, _ in french][:4] == ["ANASE", "BEAA", "CARICOM", "CEDEAO"]
