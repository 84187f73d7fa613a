import pytest

from mieux_pub import pandoc, tree
from mieux_pub.typography import typeset, typeset_inlines

NNBSP, NBSP, WJ = "\u202f", "\u00a0", "\u2060"

CASES = {
    "fr": [
        ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
        ("Pourquoi?", f"Pourquoi{NNBSP}?"),
        ("Vraiment ! Oui ; non", f"Vraiment{NNBSP}! Oui{NNBSP}; non"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("Deux points : suite", f"Deux points{NBSP}: suite"),
        ("« Bonjour »", f"«{NNBSP}Bonjour{NNBSP}»"),
        ('Il a dit "oui".', f"Il a dit «{NNBSP}oui{NNBSP}»."),
        ("l'action", "l’action"),
        ("de 2009-2019", f"de 2009–{WJ}2019"),
    ],
    "en": [
        ('He said "yes".', "He said “yes”."),
        ("it's the 'best' one", "it’s the ‘best’ one"),
        ("from 2009-2019", f"from 2009–{WJ}2019"),
        ("Why? Because: that", "Why? Because: that"),
    ],
    "es": [
        ('Dijo "sí".', "Dijo «sí»."),
        ("¿Por qué? ¡Ya!", "¿Por qué? ¡Ya!"),
        ("de 2009-2019", f"de 2009–{WJ}2019"),
    ],
}

UNCHANGED = [
    ("fr", "à 10:30 précises"),
    ("fr", "voir https://example.org/page?x=1&y=2:3"),
    ("fr", f"déjà juste{NNBSP}? et{NBSP}: et «{NNBSP}ceci{NNBSP}»"),
    ("fr", "COVID-19 et 10.7"),
    ("en", "“already curly” and it’s"),
    ("es", "«ya» bien"),
]


@pytest.mark.parametrize("language, text, expected",
                         [(lang, text, expected) for lang, cases in CASES.items() for text, expected in cases])
def test_rules(language, text, expected):
    assert typeset(text, language) == expected


@pytest.mark.parametrize("language, text", UNCHANGED)
def test_what_must_not_change(language, text):
    assert typeset(text, language) == text


@pytest.mark.parametrize("language, text, _", [(lang, t, e) for lang, cases in CASES.items() for t, e in cases])
def test_rules_are_idempotent(language, text, _):
    once = typeset(text, language)
    assert typeset(once, language) == once


def test_a_regional_code_uses_its_language_rules():
    assert typeset("Pourquoi ?", "fr-CA") == f"Pourquoi{NNBSP}?"


# On the document tree

def first_paragraph(markdown):
    [doc] = pandoc.read([markdown], "test")
    return doc["blocks"][0]["c"]


TREE_CASES = [
    ("fr", "Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("fr", 'Il a dit "oui".', f"Il a dit «{NNBSP}oui{NNBSP}»."),
    ("en", 'He said "yes".', "He said “yes”."),
    ("es", 'Dijo "sí".', "Dijo «sí»."),
    ("fr", "Deux points : suite", f"Deux points{NBSP}: suite"),
    ("fr", "de 2009-2019", f"de 2009–{WJ}2019"),
    ("fr", "*mot* ?", f"mot{NNBSP}?"),
    ("fr", "une note[^1] !\n\n[^1]: Le texte ?", f"une note{NNBSP}!"),
    ("fr", "le code `a ? b : c` reste ?", f"le code a ? b : c reste{NNBSP}?"),
    ("fr", "un [lien](https://example.org/?q=1) ici ?", f"un lien ici{NNBSP}?"),
    ("fr", 'Il dit "*oui*" ?', f"Il dit «{NNBSP}oui{NNBSP}»{NNBSP}?"),
    ("fr", "ligne\nsuite ?", f"ligne suite{NNBSP}?"),
]


@pytest.mark.parametrize("language, markdown, expected", TREE_CASES)
def test_rules_on_inlines_see_across_elements(language, markdown, expected):
    assert tree.stringify(typeset_inlines(first_paragraph(markdown), language)) == expected


@pytest.mark.parametrize("language, markdown, kept", [
    ("fr", "le code `a ? b : c` reste", {"t": "Code", "c": [["", [], []], "a ? b : c"]}),
    ("en", 'a `"quoted" code` span', {"t": "Code", "c": [["", [], []], '"quoted" code']}),
    ("fr", "un [lien](https://example.org/?q=1) ici ?",
     {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "lien"}], ["https://example.org/?q=1", ""]]}),
    ("fr", "*mot ?* ?", {"t": "Emph", "c": [{"t": "Str", "c": "mot"}, {"t": "Space"}, {"t": "Str", "c": "?"}]}),
    ("fr", "une note[^1] !\n\n[^1]: Le texte : ici ?",
     {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "Le"}, {"t": "Space"}, {"t": "Str", "c": "texte"},
                                            {"t": "Space"}, {"t": "Str", "c": ":"}, {"t": "Space"},
                                            {"t": "Str", "c": "ici"}, {"t": "Space"}, {"t": "Str", "c": "?"}]}]}),
])
def test_elements_inside_inlines_are_kept_as_they_are(language, markdown, kept):
    result = typeset_inlines(first_paragraph(markdown), language)
    assert [node for node in result if node["t"] == kept["t"]] == [kept]


@pytest.mark.parametrize("language, markdown, _", TREE_CASES)
def test_rules_on_inlines_are_idempotent(language, markdown, _):
    once = typeset_inlines(first_paragraph(markdown), language)
    assert typeset_inlines(once, language) == once


@pytest.mark.parametrize("language, markdown, expected", [
    ("fr", "Il dit 'oui'.", "Il dit ‘oui’."),
    ("es", "Dijo 'sí'.", "Dijo ‘sí’."),
])
def test_single_quotes_never_come_out_straight(language, markdown, expected):
    assert tree.stringify(typeset_inlines(first_paragraph(markdown), language)) == expected
