"""Check the built HTML site against the standards: Nu HTML Checker, axe-core, hreflang, small screens."""

import functools
import http.server
import io
import json
import re
import os
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from conftest import REPO, html_page

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
AXE_RUN = ("axe.run(document, {runOnly: {type: 'tag', "
           "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})")
# The first elements sticking out on the right of a 360 px screen, to say what makes the page scroll.
OVERFLOWING = ("[...document.querySelectorAll('body *')]"
               ".filter(e => e.getBoundingClientRect().right > 360).slice(0, 5)"
               ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")


def built_languages(out: Path) -> list[str]:
    return sorted(index.parent.name for index in out.glob("*/index.html"))


def site_pages(out: Path) -> list[Path]:
    """The chooser and every page of every built language."""
    pages = [out / "index.html"]
    for lang in built_languages(out):
        pages += sorted((out / lang).glob("*.html"))
    return pages


@pytest.fixture(scope="module")
def site_url(mieux_build):
    """The built site served over HTTP on the loopback, as a static host would (search needs HTTP)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mieux_build))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, driven by Playwright, shared by every browser test of this module."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_the_release_languages_and_the_world_drafts_are_built(mieux_build):
    assert built_languages(mieux_build) == ["ar", "en", "es", "fr", "zh"]


def test_nu_html_checker_finds_no_error(mieux_build):
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make test` (or `npm ci`) first"
    pages = site_pages(mieux_build)
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout",
                             *map(str, pages)], capture_output=True, text=True, timeout=600)
    assert result.stdout.startswith("{"), f"vnu.jar failed (exit {result.returncode}): {result.stderr}"
    messages = json.loads(result.stdout)["messages"]
    errors = []
    for message in messages:
        page = message.get("url", "").removeprefix(f"file:{mieux_build}/")
        errors.append(f"{page}:{message.get('lastLine', 0)}: {message['type']}: {message['message']}")
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr


@needs_chromium
def test_axe_finds_no_wcag_violation(mieux_build, site_url, browser):
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `make test` (or `npm ci`) first"
    context = browser.new_context()
    context.add_init_script(path=str(AXE_JS))   # in every page before its own scripts: axe is there once it loads
    page = context.new_page()
    violations = []
    for path in site_pages(mieux_build):
        page.goto(f"{site_url}/{path.relative_to(mieux_build).as_posix()}")
        for violation in page.evaluate(AXE_RUN)["violations"]:
            for node in violation["nodes"]:
                violations.append(f"{path.relative_to(mieux_build)}: {violation['id']}: {node['target'][0]}")
    context.close()
    assert not violations, f"{len(violations)} violations:\n" + "\n".join(violations)


@needs_chromium
def test_reader_follows_the_contents_then_switches_to_spanish(mieux_build, browser):
    page = browser.new_page()
    page.goto((mieux_build / "fr" / "index.html").as_uri())
    page.locator("nav.book-contents a[href='composantes.html']").click()
    page.wait_for_url("**/fr/composantes.html")
    switch = page.get_by_role("link", name="español", exact=True)
    assert switch.get_attribute("hreflang") == "es"
    switch.click()
    page.wait_for_url("**/es/composantes.html")
    assert page.url.endswith("/es/composantes.html")
    assert page.locator("html").get_attribute("lang") == "es"
    page.close()


@needs_chromium
def test_searching_a_spanish_word_finds_spanish_pages_only(site_url, browser):
    page = browser.new_page()
    page.goto(f"{site_url}/es/index.html")
    page.locator("#search input").fill("remesas")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=15000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all("/es/" in href for href in hrefs), hrefs
    assert any(href.split("#")[0].endswith("migration-developpement.html") for href in hrefs), hrefs
    page.close()


def test_every_page_has_its_language_and_a_reciprocal_hreflang_set(mieux_build):
    languages = built_languages(mieux_build)
    for lang in languages:
        for path in sorted((mieux_build / lang).glob("*.html")):
            page = html_page(path)
            assert page.get("lang") == lang, path
            alternates = {link.get("hreflang"): link.get("href")
                          for link in page.iterfind("head/link[@rel='alternate']")}
            assert sorted(alternates) == sorted([*languages, "x-default"]), path
            for hreflang, href in alternates.items():
                target = (path.parent / href).resolve()
                assert target.name == path.name, (path, hreflang, href)
                assert target.parent.name in languages, (path, hreflang, href)
                assert target.is_file(), (path, hreflang, href)
                if hreflang != "x-default":
                    assert target.parent.name == hreflang, (path, hreflang, href)
                    back = {link.get("hreflang"): link.get("href")
                            for link in html_page(target).iterfind("head/link[@rel='alternate']")}
                    assert (target.parent / back[lang]).resolve() == path.resolve(), (path, hreflang, href)


def test_language_chooser_points_at_every_landing_page(mieux_build):
    page = html_page(mieux_build / "index.html")
    alternates = {link.get("hreflang"): link.get("href") for link in page.iterfind("head/link[@rel='alternate']")}
    languages = built_languages(mieux_build)
    assert sorted(alternates) == sorted([*languages, "x-default"])
    for lang in languages:
        assert alternates[lang] == f"{lang}/index.html"
    assert (mieux_build / alternates["x-default"]).is_file()


@needs_chromium
@pytest.mark.parametrize("width", [360, 1280])
def test_no_horizontal_scrolling_on_a_small_or_wide_screen_in_either_direction(mieux_build, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 740})
    too_wide = []
    for lang in built_languages(mieux_build):   # Arabic among them: the page mirrors, the skip link must not stick out
        for name in ("index.html", "avant-propos.html", "annexes.html", "composantes.html"):
            page.goto((mieux_build / lang / name).as_uri())
            scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                too_wide.append(f"{lang}/{name}: {scroll} px, sticking out: "
                                f"{', '.join(page.evaluate(OVERFLOWING.replace('360', str(client))))}")
    page.close()
    assert not too_wide, "\n".join(too_wide)


@needs_chromium
def test_arabic_pages_read_right_to_left_and_chinese_emphasis_is_not_italic(mieux_build, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto((mieux_build / "ar" / "avant-propos.html").as_uri())
    heading = page.locator("main h1").bounding_box()
    assert heading["x"] + heading["width"] > 300   # the title starts at the right edge
    switcher = page.locator(".language-switcher li").first.bounding_box()
    assert switcher["x"] > 180                     # the first language is on the right
    page.goto((mieux_build / "zh" / "avant-propos.html").as_uri())
    style = page.locator("main em").first.evaluate(
        "e => [getComputedStyle(e).fontStyle, getComputedStyle(e).textEmphasisStyle]")
    assert style[0] == "normal" and style[1] not in ("", "none"), style
    page.close()


@needs_chromium
def test_a_drafts_untranslated_paragraphs_are_marked_by_a_line_not_by_colour_alone(mieux_build, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((mieux_build / "zh" / "composantes.html").as_uri())
    rule = "e => [getComputedStyle(e).borderInlineStartStyle, parseFloat(getComputedStyle(e).borderInlineStartWidth)]"
    untranslated = page.locator("main p[lang='fr']").first
    assert untranslated.evaluate(rule)[0] == "solid" and untranslated.evaluate(rule)[1] >= 3
    assert page.locator("main p:not([lang])").first.evaluate(rule)[1] == 0
    page.close()


def contrast(foreground: str, background: str, opacity: float = 1.0) -> float:
    """WCAG's contrast ratio of two CSS rgb() colours, the first drawn at an opacity over the second."""
    fg, bg = ([int(v) for v in re.findall(r"\d+", c)[:3]] for c in (foreground, background))
    fg = [opacity * f + (1 - opacity) * b for f, b in zip(fg, bg)]

    def luminance(rgb):
        lin = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@needs_chromium
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_placeholder_reads_at_4_5_to_1(site_url, browser, scheme):
    page = browser.new_page(color_scheme=scheme)
    page.goto(f"{site_url}/en/index.html")
    field = page.locator("#search input")
    field.wait_for(timeout=15000)
    colour, opacity, background = field.evaluate(
        "e => [getComputedStyle(e, '::placeholder').color, getComputedStyle(e, '::placeholder').opacity, "
        "getComputedStyle(e).backgroundColor]")
    page.close()
    assert contrast(colour, background, float(opacity)) >= 4.5, (colour, opacity, background)


def test_every_table_is_in_a_focusable_named_scroll_region(mieux_build):
    tables = 0
    for lang in ("fr", "en", "ar"):
        for path in sorted((mieux_build / lang).glob("*.html")):
            for table in html_page(path).iter("table"):
                region = table.getparent()
                assert region.get("class") == "table-scroll" and region.get("role") == "region", path
                assert region.get("tabindex") == "0" and table.get("tabindex") is None, path
                assert (region.get("aria-label") or "").strip() or region.get("aria-labelledby"), path
                tables += 1
    assert tables == 3 * 7   # the downloads and the six tables of the chapters, in each language
    regions = [r.get("aria-label") for r in html_page(mieux_build / "en" / "resultats.html").iterfind(".//div[@role='region']")]
    assert regions == ["A worldwide portfolio"]


@needs_chromium
def test_a_wide_table_shows_a_shadow_on_the_side_it_scrolls_to(mieux_build, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto((mieux_build / "en" / "annexes.html").as_uri())
    region = page.get_by_role("region", name="Table 2: The sixteen actions presented as case studies")
    assert region.locator("table").count() == 1
    assert region.evaluate("e => e.scrollWidth > e.clientWidth + 100")

    def edges():
        """The mean grey of a 4 px square at the top left and top right corners, above the text of the first row."""
        image = Image.open(io.BytesIO(region.screenshot())).convert("L")
        mean = lambda x: sum(image.crop((x, 0, x + 4, 4)).get_flattened_data()) / 16
        return mean(0), mean(image.width - 4)
    left, right = edges()
    assert left > 250 and right < 235, (left, right)      # at the start, the shadow is on the right only
    region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    left, right = edges()
    assert left < 235 and right > 250, (left, right)      # at the end, on the left only
    page.close()


# How many lines a run of an element's text takes: from the first occurrence of `first` to the end of `last`.
LINES = """([element, first, last]) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const start = node.data.indexOf(first);
    if (start < 0) continue;
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, node.data.indexOf(last, start) + last.length);
    return new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
  }
  return 0;
}"""


@needs_chromium
def test_the_subtitles_years_and_the_file_sizes_never_break(mieux_build, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto((mieux_build / "en" / "index.html").as_uri())
    subtitle = page.locator(".subtitle")
    sizes = page.locator(".downloads td a")
    assert sizes.count() == 5 * 3
    broken = []
    for width in range(280, 481, 4):
        page.set_viewport_size({"width": width, "height": 740})
        if subtitle.evaluate(f"e => ({LINES})([e, '(2009', '2019)'])") != 1:
            broken.append(f"subtitle at {width} px")
        for link in sizes.all():
            number = link.inner_text().split(", ")[1].split("\u00a0")[0]
            if link.evaluate(f"e => ({LINES})([e, '{number}', 'B'])") != 1:
                broken.append(f"{link.inner_text()} at {width} px")
    page.close()
    assert not broken, broken


def test_file_sizes_count_1000_bytes_to_the_kilobyte(mieux_build):
    page = html_page(mieux_build / "en" / "index.html")
    links = page.xpath("//section[@class='downloads']//td/a")
    assert len(links) == 15
    for link in links:
        size = (mieux_build / "en" / link.get("href")).stat().st_size
        unit, scale = ("MB", 1e6) if size >= 1e6 else ("kB", 1e3)
        label = link.text_content().split(", ")[0]
        assert link.text_content() == f"{label}, {round(size / scale, 1):g}\u00a0{unit}", (link.text_content(), size)


@needs_chromium
def test_the_landing_contents_are_not_numbered_again(mieux_build, browser):
    page = browser.new_page()
    page.goto((mieux_build / "en" / "index.html").as_uri())
    items = page.locator("nav.book-contents li")   # the contents, then the lists of figures and tables
    assert page.locator("nav[aria-labelledby='contents-title'] li").count() == 20   # the 17 chapters and 3 parts
    assert items.count() == 25   # and 3 figures and 2 tables
    assert set(items.evaluate_all("items => items.map(li => getComputedStyle(li).listStyleType)")) == {"none"}
    assert items.nth(2).inner_text().startswith("Section 1 — ")
    page.close()


@needs_chromium
def test_a_chapters_own_contents_follow_its_title(mieux_build, browser):
    article = html_page(mieux_build / "en" / "resultats.html").find(".//article")
    assert [article[0].tag, article[1].get("class"), article[2].tag] == ["h1", "page-contents", "p"]
    page = browser.new_page(viewport={"width": 1280, "height": 740})
    page.goto((mieux_build / "en" / "resultats.html").as_uri())
    box = page.locator("nav.page-contents").bounding_box()
    assert box["y"] + box["height"] < 740   # on the first screen
    page.close()
