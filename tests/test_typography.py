import pytest

from mieux_pub.typography import typeset

NNBSP, NBSP = "\u202f", "\u00a0"

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
        ("de 2009-2019", "de 2009–2019"),
        ("*mot* ?", f"*mot*{NNBSP}?"),
        ("une note[^1] !", f"une note[^1]{NNBSP}!"),
    ],
    "en": [
        ('He said "yes".', "He said “yes”."),
        ("it's the 'best' one", "it’s the ‘best’ one"),
        ("from 2009-2019", "from 2009–2019"),
        ("Why? Because: that", "Why? Because: that"),
    ],
    "es": [
        ('Dijo "sí".', "Dijo «sí»."),
        ("¿Por qué? ¡Ya!", "¿Por qué? ¡Ya!"),
        ("de 2009-2019", "de 2009–2019"),
    ],
}

UNCHANGED = [
    ("fr", "à 10:30 précises"),
    ("fr", "voir https://example.org/page?x=1&y=2:3"),
    ("fr", "le code `a ? b : c` reste"),
    ("fr", "un [lien](https://example.org/?q=1) ici"),
    ("fr", "une image ![carte](../images/carte.svg){alt=\"Carte : légende\"}"),
    ("fr", f"déjà juste{NNBSP}? et{NBSP}: et «{NNBSP}ceci{NNBSP}»"),
    ("fr", "COVID-19 et 10.7"),
    ("en", "“already curly” and it’s"),
    ("en", "a `\"quoted\" code` span"),
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
