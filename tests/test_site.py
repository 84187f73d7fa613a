"""The HTML edition's own checks."""

from conftest import html_page, language_of
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


# The sample's 16 case studies, chapter by chapter, as the English edition states their country and period
# (written by hand from content/chapters/cas-*.md and the annexes' list of actions).
CASES = {
    "cas-afrique": [("cas-senegal", "Senegal", "March 2011 – June 2013"),
                    ("cas-nigeria", "Nigeria", "February 2015 – May 2017"),
                    ("cas-cote-ivoire", "Côte d’Ivoire", "September 2014 – December 2016"),
                    ("cas-ethiopie", "Ethiopia", "April 2016 – October 2018")],
    "cas-asie": [("cas-philippines", "Philippines", "May 2010 – February 2012"),
                 ("cas-bangladesh", "Bangladesh", "October 2012 – June 2014"),
                 ("cas-kirghizistan", "Kyrgyzstan", "January 2013 – April 2015"),
                 ("cas-sri-lanka", "Sri Lanka", "June 2017 – September 2019")],
    "cas-ameriques": [("cas-costa-rica", "Costa Rica", "May 2013 – November 2015"),
                      ("cas-mexique", "Mexico", "August 2011 – December 2013"),
                      ("cas-trinite-et-tobago", "Trinidad and Tobago", "February 2016 – August 2018"),
                      ("cas-paraguay", "Paraguay", "June 2015 – September 2017")],
    "cas-voisinage": [("cas-moldova", "Republic of Moldova", "February 2010 – May 2012"),
                      ("cas-armenie", "Armenia", "March 2012 – July 2014"),
                      ("cas-jordanie", "Jordan", "September 2017 – December 2019"),
                      ("cas-tunisie", "Tunisia", "January 2018 – March 2020")],
}
TERMS = ["Country", "Period", "Theme", "Partner institution", "Main result"]


def words(element) -> str:
    return " ".join(element.text_content().replace("\u2060", "").split())


def test_each_case_study_opens_with_a_box_of_its_key_facts(mieux_build):
    for stem, cases in CASES.items():
        page = html_page(mieux_build / "en" / f"{stem}.html")
        boxes = page.xpath("//main//aside[contains(concat(' ', @class, ' '), ' box ')]")
        assert [box.getprevious().get("id") for box in boxes] == [case for case, _, _ in cases], stem
        for box, (case, country, period) in zip(boxes, cases):
            assert words(box.find("h3")) == "The action at a glance"
            facts = dict(zip(map(words, box.iter("dt")), map(words, box.iter("dd"))))
            assert list(facts) == TERMS, case
            assert (facts["Country"], facts["Period"]) == (country, period)
            assert all(facts.values()), case
        assert "The action at a glance" not in words(page.find(".//nav[@class='page-contents']"))


def test_the_landing_page_shows_the_cover_picture_and_the_partners_marks_named_in_its_language(mieux_build):
    for lang, names in (("fr", ["Union européenne", "ICMPD", "MIEUX+"]), ("en", ["European Union", "ICMPD", "MIEUX+"]),
                        ("es", ["Unión Europea", "ICMPD", "MIEUX+"]), ("zh", ["欧洲联盟", "ICMPD", "MIEUX+"])):
        page = html_page(mieux_build / lang / "index.html")
        logos = page.xpath("//main//ul[@class='partners']//img")
        assert [(img.get("alt"), language_of(img)) for img in logos] == [(name, lang) for name in names]
        [cover] = page.xpath("//main//div[@class='landing-cover']/img")
        assert cover.get("alt") == ""   # decorative: the title says what the book is
        for img in logos + [cover]:
            assert (mieux_build / lang / img.get("src")).resolve().read_bytes().startswith(b"<?xml")


def test_a_partner_name_left_to_translate_is_the_logos_alt_text_marked_with_the_source_language(sample, tmp_path):
    from mieux_pub.build import Options, build
    (sample / "content" / "images" / "atelier.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text() + "partners:\n  - {name: Atelier voisin, logo: images/atelier.svg}\n")
    out = build(sample, Options(out=tmp_path / "out", formats=("html",))).out
    [logo] = html_page(out / "en" / "index.html").xpath("//main//ul[@class='partners']//img")
    assert (logo.get("alt"), logo.get("lang")) == ("Atelier voisin", "fr")
    assert (out / "images" / "atelier.svg").is_file()
    assert not html_page(out / "en" / "index.html").xpath("//*[@class='landing-cover']")   # no cover named
