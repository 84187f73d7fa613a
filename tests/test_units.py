import pytest

from mieux_pub.units import Anchor, count_words, render, segment, slug

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


def units_of(text):
    return [(u.line, u.kind, u.text) for u in segment("c", text).units]


def test_each_block_is_one_unit_with_its_markdown_and_line():
    assert units_of(SOURCE) == [
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


def test_cells_and_blocks_without_words_are_not_units():
    assert "[2012]{.number}" not in [text for _, _, text in units_of(SOURCE)]


def test_rendering_the_source_gives_back_the_file():
    segmented = segment("c", SOURCE)
    anchor = next(p for p in segmented.pieces if isinstance(p, Anchor))
    assert (anchor.local_id, anchor.explicit, anchor.extra) == ("titre", True, ".special")
    rendered = render(segmented.pieces, lambda p: " {#titre .special}" if isinstance(p, Anchor) else p.text)
    assert rendered == SOURCE


def test_a_translation_keeps_the_container_prefix_on_its_continuation_lines():
    segmented = segment("c", "> Une citation\n> sur deux lignes.\n")
    rendered = render(segmented.pieces, lambda u: "A quote\non two lines.")
    assert rendered == "> A quote\n> on two lines.\n"


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
