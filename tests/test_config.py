import textwrap

import pytest

from mieux_pub.config import load_publication
from mieux_pub.diagnostics import MieuxError


def write(root, text):
    (root / "content" / "chapters").mkdir(parents=True, exist_ok=True)
    (root / "content" / "chapters" / "un.md").write_text("# Un\n", encoding="utf-8")
    (root / "content" / "publication.yml").write_text(textwrap.dedent(text), encoding="utf-8")


GOOD = """\
    id: essai
    title: Essai
    description: Un essai.
    publisher: Moi
    date: 2020-12-15
    source_language: fr
    languages:
      - {code: fr, isbn: 978-3-16-148410-0}
      - {code: pt, draft: true}
    chapters: [un]
"""


def test_a_valid_file_loads(tmp_path):
    write(tmp_path, GOOD)
    publication = load_publication(tmp_path)
    assert publication.stems == ("un",)
    assert [lang.code for lang in publication.languages if lang.draft] == ["pt"]
    assert publication.text("title") == "Essai"


def test_every_problem_is_reported_in_one_run_with_its_line(tmp_path):
    write(tmp_path, """\
        id: essai
        title: Essai
        description: Un essai.
        publisher: Moi
        colour: blue
        date: 2020-13-45
        source_language: fr
        languages:
          - {code: fr, isbn: 978-3-16-148410-1}
          - {code: xx-nowhere}
        chapters: [un, deux]
    """)
    with pytest.raises(MieuxError) as caught:
        load_publication(tmp_path)
    lines = [str(d) for d in caught.value.diagnostics]
    assert lines == [
        "content/publication.yml:5: config-unknown-key: unknown key 'colour'; known keys: id, title, subtitle, "
        "description, publisher, author, license, notice, keywords, cover, partners, date, source_language, languages, "
        "chapters, po_width, raw_html, fonts, lists",
        "content/publication.yml:6: config-value: 'date' must be a date written YYYY-MM-DD, not '2020-13-45'",
        "content/publication.yml:9: config-value: '978-3-16-148410-1' is not a valid ISBN-13 (check the digits and "
        "the check digit)",
        "content/publication.yml:10: unknown-locale: 'xx-nowhere' is not a language CLDR knows: write a BCP 47 "
        "code such as fr, pt-BR, zh-Hans or sr-Latn",
        "content/publication.yml:11: config-missing-chapter: chapter file content/chapters/deux.md does not exist: "
        "create it or fix the stem",
    ]


def test_missing_keys_and_wrong_types_are_named(tmp_path):
    write(tmp_path, "id: essai\ntitle: [not, text]\n")
    with pytest.raises(MieuxError) as caught:
        load_publication(tmp_path)
    messages = [d.message for d in caught.value.diagnostics]
    assert "'title' must be text, not list" in messages
    assert any(m.startswith("missing required key 'languages'") for m in messages)


def test_broken_yaml_names_the_line(tmp_path):
    write(tmp_path, "id: essai\ntitle: [oops\n")
    with pytest.raises(MieuxError) as caught:
        load_publication(tmp_path)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "config-syntax" and diagnostic.line == 3


def test_a_key_written_twice_is_an_error_at_its_second_line(tmp_path):
    write(tmp_path, GOOD + "    title: Autre\n")
    with pytest.raises(MieuxError) as raised:
        load_publication(tmp_path)
    assert [str(d) for d in raised.value.diagnostics] == [
        "content/publication.yml:11: config-duplicate-key: 'title' is written twice: keep one"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    write(tmp_path, GOOD)
    path = tmp_path / "content" / "publication.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_publication(tmp_path).id == "essai"


def test_fonts_are_named_per_language_or_script_and_bad_keys_are_errors_at_their_line(tmp_path):
    write(tmp_path, GOOD + "    fonts:\n      pt: Gentium Plus\n      Arab: [Amiri, Noto Naskh Arabic]\n")
    publication = load_publication(tmp_path)
    assert publication.fonts_for("pt", "Latn") == ("Gentium Plus",)
    assert publication.fonts_for("ar", "Arab") == ("Amiri", "Noto Naskh Arabic")
    write(tmp_path, GOOD + "    fonts:\n      de: Gentium Plus\n      Arab: []\n")
    with pytest.raises(MieuxError) as caught:
        load_publication(tmp_path)
    found = [(d.line, d.message.split(" is ")[0].split(" must ")[0]) for d in caught.value.diagnostics]
    assert found == [(12, "'fonts' key 'de'"), (13, "'fonts' of 'Arab'")]


def with_images(root, *names):
    (root / "content" / "images").mkdir(parents=True, exist_ok=True)
    for name in names:
        (root / "content" / "images" / name).write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")


COVER_AND_PARTNERS = GOOD + """\
    cover: images/cover.svg
    partners:
      - {name: Union européenne, logo: images/ue.svg}
      - name: ICMPD
        logo: images/icmpd.svg
"""


def test_a_cover_and_partners_load_and_partner_names_are_translatable(tmp_path):
    write(tmp_path, COVER_AND_PARTNERS)
    with_images(tmp_path, "cover.svg", "ue.svg", "icmpd.svg")
    publication = load_publication(tmp_path)
    assert publication.cover == "images/cover.svg"
    assert [(p.name, p.logo) for p in publication.partners] == [("Union européenne", "images/ue.svg"),
                                                                ("ICMPD", "images/icmpd.svg")]
    assert publication.images == ("images/cover.svg", "images/ue.svg", "images/icmpd.svg")
    assert [(f.text, f.line) for f in publication.fields if f.key == "partners"] == [("Union européenne", 13),
                                                                                     ("ICMPD", 14)]


def test_a_missing_cover_or_logo_is_an_error_at_its_line(tmp_path):
    write(tmp_path, COVER_AND_PARTNERS)
    with_images(tmp_path, "ue.svg")
    with pytest.raises(MieuxError) as caught:
        load_publication(tmp_path)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/publication.yml:11: config-missing-image: 'cover' content/images/cover.svg does not exist: add the "
        "image or fix the path",
        "content/publication.yml:15: config-missing-image: the logo of 'ICMPD' content/images/icmpd.svg does not "
        "exist: add the image or fix the path",
    ]


def test_a_cover_outside_content_a_logo_that_is_no_image_and_a_partner_without_logo_are_errors(tmp_path):
    write(tmp_path, GOOD + """\
    cover: ../publication.yml
    partners:
      - {name: ICMPD, logo: chapters/un.md}
      - {name: MIEUX+}
    """)
    with pytest.raises(MieuxError) as caught:
        load_publication(tmp_path)
    assert [(d.line, d.code, d.message.split(":")[0]) for d in caught.value.diagnostics] == [
        (11, "outside-project", "'cover' content/../publication.yml is outside the project's content/ folder"),
        (13, "config-value", "the logo of 'ICMPD' content/chapters/un.md is not an image the outputs can show"),
        (14, "config-value", "each partner must be {name"),
    ]
