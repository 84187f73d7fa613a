import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from mieux_pub.check import compare
from mieux_pub.cli import main

PO = "content/locales/en/LC_MESSAGES/accueil.po"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def codes(source, translation, language="en"):
    return [code for code, _ in compare(source, translation, language)]


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


@pytest.mark.parametrize("source, translation, language, expected", [
    ("En 2009, 108 actions.", "In 2009, many actions.", "en", ["number-missing"]),
    ("Un *mot* clé.", "A key word.", "en", ["markup-mismatch"]),
    ("Un **mot** clé.", "A *key* word.", "en", ["markup-mismatch", "markup-mismatch"]),
    ("Un paragraphe de plusieurs mots.", "Un paragraphe de plusieurs mots.", "en", ["same-as-source"]),
    ("Oui.", "Oui.", "en", []),
    ("Texte.", "Text. ", "en", ["whitespace"]),
    ("Why?", "Pourquoi?", "fr", ["french-spacing"]),
    ("Why?", "Pourquoi ?", "fr", ["french-spacing"]),
    ("Why?", "Pourquoi\u202f?", "fr", []),
    ("He said \"yes\".", "Il a dit «oui».", "fr", ["french-spacing", "french-spacing"]),
    ("At 10:30, see https://example.org:80/x", "À 10:30, voir https://example.org:80/x", "fr", []),
    ("Note:", "Remarque\u00a0:", "fr", []),
    ("Why?", "¿Por qué?", "es", []),
    ("Why?", "¿Por qué", "es", ["spanish-pair"]),
    ("Wow!", "¡Vaya", "es", ["spanish-pair"]),
    ("[0.5]{.percent} of 2019", "[0.5]{.percent} de 2019", "es", []),
])
def test_compare(source, translation, language, expected):
    assert codes(source, translation, language) == expected
