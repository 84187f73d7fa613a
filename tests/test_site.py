"""The HTML edition's own checks."""

from mieux_pub.site import Artifact, check_links


def test_broken_links_and_anchors_are_reported(tmp_path):
    page = b'<html><body><h2 id="here">x</h2><a href="#here">ok</a><a href="#nowhere">bad</a>' \
           b'<a href="other.html#top">ok</a><a href="missing.html">bad</a><a href="https://example.org/">ext</a></body></html>'
    other = b'<html><body><p id="top">y</p></body></html>'
    problems = check_links([Artifact("en/page.html", page), Artifact("en/other.html", other)], tmp_path)
    assert [str(p) for p in problems] == [
        "build/en/page.html: broken-anchor: #nowhere: en/page.html has no element with id 'nowhere'",
        "build/en/page.html: broken-link: missing.html does not exist",
    ]
