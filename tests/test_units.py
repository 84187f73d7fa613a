import pytest

from mieux_pub import pandoc
from mieux_pub.units import MAX_DEPTH, count_words, slug, template

SOURCE = """\
# Titre du chapitre {#titre .special}

Un paragraphe avec *emphase*, un [lien](autre.md#x) et une note[^1].
Suite sur une autre ligne.

> Une citation
> sur deux lignes.

- premier élément
- second élément
  avec suite

| Pays | Année |
|------|------:|
| Maroc | [2012]{.number} |

![Légende de la figure](../images/x.svg){alt="Texte alternatif"}

```
# pas un titre
```

[^1]: Le texte de la note.
"""

SOURCE_UNITS = [
    (1, "heading", "Titre du chapitre"),
    (3, "paragraph", "Un paragraphe avec *emphase*, un [lien](autre.md#x) et une note[^1].\nSuite sur une autre ligne."),
    (6, "quote", "Une citation\nsur deux lignes."),
    (9, "item", "premier élément"),
    (10, "item", "second élément\navec suite"),
    (13, "cell", "Pays"),
    (13, "cell", "Année"),
    (15, "cell", "Maroc"),
    (17, "caption", "Légende de la figure"),
    (17, "alt", "Texte alternatif"),
    (23, "footnote", "Le texte de la note."),
]


def template_of(text):
    [doc] = pandoc.read([text], "test", sourcepos=True)
    return template("c", text, doc)


def units_of(text):
    return [(u.line, u.kind, u.text) for u in template_of(text).units]


def test_each_block_is_one_unit_with_its_markdown_and_line():
    assert units_of(SOURCE) == SOURCE_UNITS


def test_a_heading_keeps_its_attributes_and_holds_a_marker():
    assert template_of(SOURCE).blocks[0] == {"t": "Header", "c": [1, ["titre", ["special"], []],
                                                                  [{"t": "Unit", "c": 0}]]}


def test_cells_and_blocks_without_words_are_not_units():
    assert units_of("# Titre\n\n2012\n\n---\n\n[2012]{.number}\n\n| 1 | [2]{.number} |\n|---|---|\n") \
        == [(1, "heading", "Titre")]
    assert "[2012]{.number}" not in [text for _, _, text in units_of(SOURCE)]


def test_a_code_block_is_never_a_unit():
    assert units_of("# Titre\n\n```\nDu code avec des mots\n```\n\n    indenté avec des mots\n") \
        == [(1, "heading", "Titre")]


def test_a_comment_before_the_title_shifts_nothing_but_the_lines():
    assert units_of("<!-- une note de l'auteur -->\n" + SOURCE) == \
        [(line + 1, kind, text) for line, kind, text in SOURCE_UNITS]


def test_an_item_starting_with_inline_html_is_a_unit():
    assert units_of("# Touches\n\n- <kbd>←</kbd>: Navigate\n") == \
        [(1, "heading", "Touches"), (3, "item", "<kbd>←</kbd>: Navigate")]


def test_a_reference_link_keeps_its_label_and_its_definition():
    chapter = template_of("# Titre\n\nVoir [r][1] ici.\n\n[1]: deux.md#fin\n")
    assert [u.text for u in chapter.units] == ["Titre", "Voir [r][1] ici."]
    assert chapter.definitions == "[1]: deux.md#fin"


def test_footnote_labels_are_read_from_their_calls():
    chapter = template_of("# Titre\n\nA[^a] et B[^deux].\n\n[^a]: Note a.\n\n[^deux]: Note deux.\n")
    assert chapter.labels == ("a", "deux")
    assert [(u.line, u.kind, u.text) for u in chapter.units][1:] == [
        (3, "paragraph", "A[^a] et B[^deux]."), (5, "footnote", "Note a."), (7, "footnote", "Note deux.")]


def nested_list(levels):
    return "# Titre\n\n" + "".join("  " * level + "- niveau\n" for level in range(levels))


def test_nesting_up_to_the_limit_loses_nothing():
    assert units_of(nested_list(MAX_DEPTH)) == \
        [(1, "heading", "Titre")] + [(3 + level, "item", "niveau") for level in range(MAX_DEPTH)]


@pytest.mark.parametrize("levels", [60, 200])
def test_nesting_deeper_than_the_limit_is_refused_with_its_line(levels):
    text = nested_list(levels)
    [refused] = pandoc.read([text], "c", sourcepos=True, max_depth=MAX_DEPTH)
    assert refused == pandoc.Unreadable("too-deep", 51)  # the 49th level


@pytest.mark.parametrize("text, expected", [
    ("#\tTitre à tab\n", [(1, "heading", "Titre à tab")]),
    ("# T\n\n-\tÉlément à tab\n", [(1, "heading", "T"), (3, "item", "Élément à tab")]),
    ("# T\n\n- Un\n\t- Deux éléments\n", [(1, "heading", "T"), (3, "item", "Un"), (4, "item", "Deux éléments")]),
    ("# T\n\n>\tCitation à tab\n", [(1, "heading", "T"), (3, "quote", "Citation à tab")]),
    ("# T\n\n> « Citation » ici\n", [(1, "heading", "T"), (3, "quote", "« Citation » ici")]),
    ("# T\n\n😀 Été *là* et\tdéjà 😀 fin.\n", [(1, "heading", "T"), (3, "paragraph", "😀 Été *là* et\tdéjà 😀 fin.")]),
    ("# T\n\n- 😀 Été\n  suite 😀 là\n", [(1, "heading", "T"), (3, "item", "😀 Été\nsuite 😀 là")]),
    ("# T\n\n| Été\t| Prix\tà payer |\n|---|---|\n| 😀 Café\t| Thé |\n",
     [(1, "heading", "T"), (3, "cell", "Été"), (3, "cell", "Prix\tà payer"), (5, "cell", "😀 Café"),
      (5, "cell", "Thé")]),
])
def test_tabs_and_non_ascii_characters_slice_correctly(text, expected):
    assert units_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("> Une citation\nsur deux lignes.\n", (1, "quote", "Une citation\nsur deux lignes.")),
    ("> > Deux niveaux\n> et la suite.\n", (1, "quote", "Deux niveaux\net la suite.")),
    ("> - Un élément\nqui continue.\n", (1, "item", "Un élément\nqui continue.")),
])
def test_lazy_continuation_lines_belong_to_the_quote(text, expected):
    assert units_of(text) == [expected]


def test_a_hard_line_break_stays_in_the_msgid():
    [unit] = template_of("Un  \ndeux.\n").units
    [doc] = pandoc.read([unit.text], "test")
    assert [node["t"] for node in doc["blocks"][0]["c"]] == ["Str", "LineBreak", "Str"]


def test_alt_text_is_a_unit_even_without_a_caption():
    assert units_of('# T\n\n![](../images/x.svg){alt="Texte alternatif"}\n') == \
        [(1, "heading", "T"), (3, "alt", "Texte alternatif")]


@pytest.mark.parametrize("text, expected", [
    ("Pourquoi réparer ?", "pourquoi-reparer"),
    ("L'*action* sur mesure", "l-action-sur-mesure"),
    ("Côte d'Ivoire : politique", "cote-d-ivoire-politique"),
    ("!!!", "section"),
])
def test_slug(text, expected):
    assert slug(text) == expected


def test_word_count_leaves_out_link_targets_and_attributes():
    assert count_words("Voir [le cycle](cycle-action.md#etapes) en [2020]{.number}[^1].") == 5


def test_chinese_and_japanese_count_each_character_as_a_word_and_korean_by_spaces():
    # As translation tools count them: a Han, Kana or Bopomofo character is one word; Korean has spaces.
    assert count_words("能力建设十年") == 6
    assert count_words("MIEUX是欧洲联盟的倡议。") == 1 + 8
    assert count_words("日本語のテキスト") == 8
    assert count_words("한국어 텍스트입니다") == 2
    assert count_words("l’Union européenne, 2009–2019") == 4
