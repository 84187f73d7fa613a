"""The HTML edition's own checks."""

from mieux_pub.formats import Artifact, Manifest
from mieux_pub.site import check_links


def test_broken_links_and_anchors_are_reported():
    page = b'<html><body><h2 id="here">x</h2><a href="#here">ok</a><a href="#nowhere">bad</a>' \
           b'<a href="other.html#top">ok</a><a href="missing.html">bad</a><a href="https://example.org/">ext</a></body></html>'
    other = b'<html><body><p id="top">y</p></body></html>'
    pages = [Artifact("en/page.html", page), Artifact("en/other.html", other)]
    problems = check_links(pages, Manifest().merged(pages))
    assert [str(p) for p in problems] == [
        "build/en/page.html: broken-anchor: #nowhere: en/page.html has no element with id 'nowhere'",
        "build/en/page.html: broken-link: missing.html does not exist",
    ]


def test_two_builds_give_an_identical_site(sample, tmp_path):
    from mieux_pub.build import Options, build
    first = build(sample, Options(out=tmp_path / "a", formats=("html",))).out
    second = build(sample, Options(out=tmp_path / "b", formats=("html",))).out
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_a_draft_an_earlier_build_made_is_still_named_as_a_draft(sample, tmp_path):
    from conftest import html_page
    from mieux_pub.build import Options, build
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text().replace("- {code: en}", "- {code: en, draft: true}"))
    out = tmp_path / "out"
    build(sample, Options(out=out, languages=("en",), formats=("html",)))
    build(sample, Options(out=out, languages=("fr",), formats=("html",)))   # English is not built again
    switcher = html_page(out / "fr" / "accueil.html").find(".//nav[@class='language-switcher']")
    assert [a.text_content() for a in switcher.iter("a")] == ["français", "English (version provisoire, 96\u00a0% traduit)"]
    chooser = html_page(out / "index.html")
    assert [" ".join(span.text_content().split()) for span in chooser.find_class("chooser-language")] == \
        ["Français", "English (draft, 96% translated)"]
