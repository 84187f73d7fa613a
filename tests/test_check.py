import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from mieux_pub.check import compare
from mieux_pub.cli import main

PO = "content/locales/en/LC_MESSAGES/accueil.po"
UI = "templates/locales/{}/LC_MESSAGES/ui.po"
DRAFT = 'msgid "Draft translation: %(percent)s translated."\nmsgstr ""'


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def codes(source, translation, language="en", ui=False):
    """The codes found for one translation of a French unit (or of an English ui string)."""
    found = compare([(source, translation)], Locale("en" if ui else "fr"), Locale.parse(language, sep="-"),
                    None if ui else ())
    return sorted(code for code, _ in found[0])


def test_the_clean_sample_has_no_finding(sample):
    result = run("--project", sample, "check", "--strict")
    assert result.exit_code == 0 and result.output.strip() == "0 finding(s)"


def plant(path, old, new):
    with path.open("rb") as fh:
        catalog = read_po(fh)
    message = next(m for m in catalog if m.string and old in m.string)
    message.string = message.string.replace(old, new)
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_planted_errors_are_found_with_their_location(sample):
    plant(sample / PO, "has [1234.5]{.number} readers", "has many readers")
    plant(sample / PO, "(reparations.md#pannes-courantes)", "(reparations.md#pannes)")
    result = run("--project", sample, "check")
    assert result.exit_code == 0  # findings are warnings
    lines = result.output.splitlines()
    assert any(line.startswith(f"{PO}:") and "rejected-values: the translation's locale values differ from the "
               "source: it lacks 'number 1234.5 []'" in line for line in lines)
    assert any(line.startswith(f"{PO}:") and "rejected-links: the translation's link targets differ from the source: "
               "it lacks 'reparations.md#pannes-courantes' and adds 'reparations.md#pannes'" in line for line in lines)
    assert run("--project", sample, "check", "--strict").exit_code == 1


# French units translated into Spanish (or English), each with one error injected, and what check says.
INJECTED = [
    ("Le chiffre de la migration.", "La cifra de de la migración.", "es", ["doubled-word"]),
    ("Le chiffre de la migration.", "La cifra  de la migración.", "es", ["double-space"]),
    ("Le chiffre de la migration.", "La cifra de la migración", "es", ["end-punctuation"]),
    ("Le chiffre de la migration.", "la cifra de la migración.", "es", ["start-case"]),
    ("Le chiffre de la migration.", "La cifra <b>de la migración.", "es", ["html-tag"]),
    ("Pourquoi migrer ?", "Por qué migrar?", "es", ["spanish-pair"]),
    ("Pourquoi migrer ?", "¿Por qué migrar", "es", ["end-punctuation", "spanish-pair"]),
    ("Quelle décennie !", "¡Qué década", "es", ["end-punctuation", "spanish-pair"]),
    ("En 2009, 108 actions.", "En 2009, 18 acciones.", "es", ["number-mismatch", "number-mismatch"]),
    ("En 2009, 108 actions.", "In 2009, many actions.", "en", ["number-mismatch"]),
    ("Il y a 1,5 million de personnes.", "There are 15 million people.", "en", ["number-mismatch", "number-mismatch"]),
    ("Un *mot* clé.", "A key word.", "en", ["markup-mismatch"]),
    ("Un **mot** clé.", "A *key* word.", "en", ["markup-mismatch", "markup-mismatch"]),
    ("Un paragraphe de plusieurs mots.", "Un paragraphe de plusieurs mots.", "en", ["same-as-source"]),
    ("Texte.", "Text. ", "en", ["whitespace"]),
    ("Why?", "Pourquoi?", "fr", ["french-spacing"]),
    ("Why?", "Pourquoi ?", "fr", ["french-spacing"]),
    ("He said \"yes\".", "Il a dit «oui».", "fr", ["french-spacing", "french-spacing"]),
]

# What check used to flag, or might, and must not.
CLEAN = [
    # Found on public catalogs (Comprehensive Rust's ja, zh): other scripts' marks, caseless scripts, no text.
    ("Une phrase courte.", "短い文です。", "ja"),
    ("Pourquoi ?", "为什么？", "zh"),
    ("Lancez main ici.", "mainをここで実行します。", "ja"),
    ("`cargo build`", "`cargo build`", "en"),
    ("Il y a 1,5 million de personnes.", "There are 1.5 million people.", "en"),
    ("Il y a 10\u202f000 personnes.", "There are 10,000 people.", "en"),
    ("Il y a 10\u00a0000 personnes.", "There are 10,000 people.", "en"),
    ("Il y a 10 000 personnes.", "Hay 10.000 personas.", "es"),
    ("Il y a 10 000 personnes.", "There are 10,000 people.", "en"),
    ("La cible 10.7 des objectifs.", "La meta 10.7 de los objetivos.", "es"),
    ("En 2009, 108 actions.", "In 2009, 108 actions.", "en"),
    ("Voir[^1] [2020-12-15]{.date}, [1234.5]{.number} et [la page 12](p12.md).",
     "See[^1] [2020-12-15]{.date}, [1234.5]{.number} and [page 12](p12.md).", "en"),
    ("Un _mot_ clé.", "A *key* word.", "en"),
    ("Un __mot__ clé.", "A **key** word.", "en"),
    ("See ![the diagram](schema.png) below.", "Voir ![le schéma](schema.png) ci-dessous.", "fr"),
    ("C'est très très rare.", "Es muy muy raro.", "es"),
    ("Nous nous sommes réunis.", "We met.", "en"),
    ("Il a dit « oui. »", "He said \"yes.\"", "en"),
    ("*Attention.*", "*Warning*.", "en"),
    ("Pourquoi migrer ?", "¿Por qué migrar?", "es"),
    ("Quelle décennie !", "¡Qué década!", "es"),
    ("2009 fut une année.", "2009 was a year.", "en"),
    ("[2020-12-15]{.date} : début.", "[2020-12-15]{.date}: start.", "en"),
    ("vélo", "Fahrrad", "de"),
    ("Oui.", "Oui.", "en"),
    ("Why?", "Pourquoi\u202f?", "fr"),
    ("Quoi ?!", "Quoi\u202f?!", "fr"),
    ("At 10:30, see https://example.org:80/x", "À 10:30, voir https://example.org:80/x", "fr"),
    ("Note:", "Remarque\u00a0:", "fr"),
    ("[0.5]{.percent} of 2019", "[0.5]{.percent} de 2019", "es"),
]


@pytest.mark.parametrize("source, translation, language, expected", INJECTED)
def test_an_injected_error_is_found(source, translation, language, expected):
    assert codes(source, translation, language) == expected


@pytest.mark.parametrize("source, translation, language", CLEAN)
def test_a_faithful_translation_has_no_finding(source, translation, language):
    assert codes(source, translation, language) == []


@pytest.mark.parametrize("source, translation, language, expected", [
    ("Draft translation: %(percent)s translated.", "Tradução provisória: %(porcentagem)s traduzido.", "pt",
     ["placeholder"]),
    ("Draft translation: %(percent)s translated.", "Tradução provisória: %(percent)s traduzido.", "pt", []),
    ("100%% read", "100 % lu", "fr", ["placeholder"]),
    ("Skip to the text", "aller au texte", "fr", ["start-case"]),
    ("Also available in:", "Aussi disponible en", "fr", ["end-punctuation"]),
    ("Also available in:", "Aussi disponible en :", "fr", ["french-spacing"]),
    ("Notes", "<b>Notes</b>", "fr", ["html-tag"]),
    ("Previous", "Anterior  ", "es", ["whitespace"]),
    ("Previous page", "Página  anterior", "es", ["double-space"]),
])
def test_ui_strings_are_checked_as_text(source, translation, language, expected):
    assert codes(source, translation, language, ui=True) == expected


def test_many_units_are_read_at_once_and_each_keeps_its_findings():
    found = compare([("Un *mot*.", "A word."), ("Deux.", "Two."), ("En 2009.", "In 2010.")],
                    Locale("fr"), Locale("en"))
    assert [[code for code, _ in pair] for pair in found] == [["markup-mismatch"], [],
                                                              ["number-mismatch", "number-mismatch"]]


def test_a_renamed_placeholder_in_ui_po_is_reported_and_the_build_falls_back_to_english(sample):
    publication = sample / "content" / "publication.yml"
    publication.write_text(publication.read_text().replace("  - {code: en}\n",
                                                           "  - {code: en}\n  - {code: pt, draft: true}\n"))
    assert run("--project", sample, "extract", "--lang", "pt").exit_code == 0
    ui = sample / UI.format("pt")
    assert DRAFT in ui.read_text()
    ui.write_text(ui.read_text().replace(DRAFT, DRAFT[:-2] + '"Tradução provisória: %(porcentagem)s traduzido."'))
    line = ui.read_text().splitlines().index(DRAFT.splitlines()[0]) + 1

    result = run("--project", sample, "check", "--lang", "pt")
    assert (f"{UI.format('pt')}:{line}: placeholder: the translation's placeholders differ from the msgid's: "
            "it lacks '%(percent)s' and adds '%(porcentagem)s'; the English text is shown until it is fixed"
            ) in result.output.splitlines()
    assert run("--project", sample, "check", "--lang", "pt", "--strict").exit_code == 1

    built = CliRunner().invoke(main, ["--project", str(sample), "build", "--lang", "pt", "--format", "html"])
    assert built.exception is None or isinstance(built.exception, SystemExit), built.exception
    assert built.exit_code == 0, built.output
    assert f"{UI.format('pt')}:{line}: placeholder: the translation's placeholders differ" in built.output
    page = (sample / "build" / "pt" / "index.html").read_text()
    # The entry is left out: the translation mieux-pub ships for pt shows instead (English where it ships none).
    assert "Tradução provisória: 0%" in page and "porcentagem" not in page


def test_a_ui_po_that_cannot_be_read_fails_the_build_at_its_line(sample):
    ui = sample / UI.format("fr")
    lines = ui.read_text().splitlines(keepends=True)
    number = next(i for i, text in enumerate(lines, start=1) if text == 'msgstr ""\n' and i > 25)
    lines[number - 1] = "msgstr Aller au texte\n"
    ui.write_text("".join(lines))
    built = CliRunner().invoke(main, ["--project", str(sample), "build", "--lang", "fr", "--format", "html"])
    assert built.exit_code == 1 and not isinstance(built.exception, (KeyError, ValueError, TypeError))
    assert any(text.startswith(f"{UI.format('fr')}:{number}: po-syntax:") for text in built.output.splitlines())
