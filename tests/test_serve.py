"""serve: a running server on the sample, changed on disk as a translator's PO editor would change it."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import jinja2
import lxml.html
import pytest

from conftest import FIXTURE
from mieux_pub.build import Options, build
from mieux_pub.preview import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
CATALOG = "content/locales/en/LC_MESSAGES/accueil.po"
PAGE = "/en/accueil.html"

pytestmark = pytest.mark.slow


class Served:
    """mieux-pub serve in a process of its own, on a copy of the sample."""

    def __init__(self, root: Path, *args: str):
        self.root, self.port = root, free_port()
        self.log = root.parent / "serve.log"
        self.process = subprocess.Popen([sys.executable, "-m", "mieux_pub", "--project", str(root), "serve",
                                         "--port", str(self.port), *args],
                                        stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        self.until(lambda: "serving at" in self.output(), 120, "serve did not start")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def until(self, condition, seconds: float, message: str):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = condition()
            if found:
                return found
            assert self.process.poll() is None, f"serve ended: {self.output()}"
            time.sleep(0.05)
        raise AssertionError(f"{message} within {seconds} s; serve said:\n{self.output()}")

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.output()


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(FIXTURE, root)
    running = Served(root)
    yield running
    running.stop()


def main_text(page: str) -> str:
    return " ".join(lxml.html.document_fromstring(page).find(".//main").text_content().split())


def edit(root: Path, relpath: str, old: str, new: str) -> int:
    """Replace a text in a file as an editor saves it; the line where it was."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def test_a_saved_catalog_entry_is_served_within_two_seconds(served):
    status, page = served.get(PAGE)
    assert status == 200 and "Welcome to the workshop" in main_text(page)
    edit(served.root, CATALOG, 'msgstr "Welcome to the workshop"', 'msgstr "Welcome to the repair shop"')
    saved = time.monotonic()
    served.until(lambda: "Welcome to the repair shop" in main_text(served.get(PAGE)[1]), 2,
                 "the new translation was not served")
    assert time.monotonic() - saved < 2
    assert "Welcome to the workshop" not in main_text(served.get(PAGE)[1])
    # Only English was made again: the French pages were reused.
    assert served.until(lambda: re.search(r"built in [\d.]+ s: (.*)\n", served.output().split("serving at")[1]),
                        10, "no rebuild line").group(1) == "en/html"


def test_a_catalog_saved_half_way_shows_its_error_until_it_is_fixed(served):
    edit(served.root, CATALOG, 'msgstr "Why repair?"', 'msgstr "Why repair?')
    gnu = subprocess.run(["msgfmt", "--check", "-o", os.devnull, CATALOG], cwd=served.root, capture_output=True,
                         text=True).stderr   # where GNU gettext sees the fault: "<path>:<line>: <what>"
    line, what = re.match(rf"{re.escape(CATALOG)}:(\d+): (.*)", gnu).groups()
    expected = f"{CATALOG}:{line}: po-syntax: {what}"
    status, page = served.until(lambda: (lambda r: r if r[0] == 500 else None)(served.get(PAGE)), 10,
                                "no error page")
    problems = lxml.html.document_fromstring(page).get_element_by_id("mieux-problems").text_content()
    assert problems.startswith(expected)
    assert served.get("/en/reparations.html")[0] == 500   # every page says so, not only the one open
    assert expected in served.output()                    # and the terminal
    edit(served.root, CATALOG, 'msgstr "Why repair?', 'msgstr "Why mend things?"')
    status, page = served.until(lambda: (lambda r: r if r[0] == 200 else None)(served.get(PAGE)), 10,
                                "the page did not recover")
    assert "Why mend things?" in main_text(page)
    assert served.process.poll() is None


def test_a_project_that_cannot_be_built_at_start_is_served_as_its_error_until_fixed(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(FIXTURE, root)
    edit(root, "content/chapters/accueil.md", "# Bienvenue à l'atelier", "Bienvenue à l'atelier")
    running = Served(root)
    try:
        status, page = running.get("/")
        assert status == 500
        assert lxml.html.document_fromstring(page).get_element_by_id("mieux-problems").text_content() == \
            "content/chapters/accueil.md:1: no-title: a chapter starts with its title as a level-1 heading: '# Title'"
        edit(root, "content/chapters/accueil.md", "Bienvenue à l'atelier", "# Bienvenue à l'atelier")
        running.until(lambda: running.get(PAGE)[0] == 200, 10, "the page did not recover")
    finally:
        running.stop()


def test_a_template_typo_shows_its_error_and_removing_it_recovers(served):
    templates = served.root / "templates"
    override = (Path(__file__).parent.parent / "mieux_pub" / "templates" / "chapter.html").read_text(encoding="utf-8")
    broken = override.replace("{% if part %}", "{% if part %\n", 1)
    with pytest.raises(jinja2.TemplateSyntaxError) as jinja:   # where Jinja itself sees the fault
        jinja2.Environment().parse(broken)
    (templates / "chapter.html").write_text(broken, encoding="utf-8")
    status, page = served.until(lambda: (lambda r: r if r[0] == 500 else None)(served.get(PAGE)), 10,
                                "no error page")
    problems = lxml.html.document_fromstring(page).get_element_by_id("mieux-problems").text_content()
    assert problems.startswith(f"templates/chapter.html:{jinja.value.lineno}: template: TemplateSyntaxError: "
                               f"{jinja.value.message}"), problems
    (templates / "chapter.html").unlink()
    served.until(lambda: served.get(PAGE)[0] == 200, 10, "the page did not recover")


def panel_units(page: str) -> list[tuple[str, str]]:
    """(state, source line) of each unit the translator view lists, and checks that each links to its text."""
    document = lxml.html.document_fromstring(page)
    found = []
    for item in document.get_element_by_id("mieux-view").iterfind(".//li"):
        link = item.find("a")
        if link is not None:   # a unit of this page: its text is marked in the page, with the same state
            target = document.get_element_by_id(link.get("href")[1:])
            assert target.get("data-mieux-state") == item.get("data-state")
        found.append((item.get("data-state"), item.get("data-source")))
    return found


def coverage_list(root: Path, state: str) -> set[str]:
    result = subprocess.run([sys.executable, "-m", "mieux_pub", "--project", str(root), "coverage", "--lang", "en",
                             "--list", state], capture_output=True, text=True)
    return {line.split(": en: ")[0] for line in result.stdout.splitlines()}


def test_the_translator_view_lists_exactly_what_coverage_lists(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(FIXTURE, root)
    # One unit of each state, besides the one the sample leaves missing: fuzzy (marked so, and a changed
    # source), rejected (a link the source lacks), missing (emptied), a publication.yml field.
    edit(root, CATALOG, '#: chapters/accueil.md:5\n', '#: chapters/accueil.md:5\n#, fuzzy\n')
    edit(root, "content/chapters/accueil.md", "- Les pièces sont souvent disponibles.",
         "- Les pièces détachées sont souvent disponibles.")
    edit(root, CATALOG, 'msgstr "Welcome to the workshop"', 'msgstr "Welcome to [the workshop](https://example.org)"')
    edit(root, "content/locales/en/LC_MESSAGES/reparations.po", 'msgstr "Common faults"', 'msgstr ""')
    edit(root, "content/publication.yml", "description: Un court guide", "description: Un tout petit guide")
    expected = {state: coverage_list(root, state) for state in ("missing", "fuzzy", "rejected")}
    assert all(expected.values()), expected
    running = Served(root)
    try:
        listed = []
        for page in ("index.html", "accueil.html", "pratique.html", "reparations.html"):
            status, text = running.get(f"/en/{page}")
            assert status == 200
            listed += panel_units(text)
    finally:
        running.stop()
    assert len(listed) == len(set(listed))   # each unit once, on its page (the fields: on the landing page)
    for state, lines in expected.items():
        assert {source for s, source in listed if s == state} == lines, state
    assert {s for s, _ in listed} == set(expected)


def test_the_translator_view_shows_a_fuzzy_units_old_and_new_source_side_by_side(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(FIXTURE, root)
    edit(root, "content/chapters/accueil.md", "- Les pièces sont souvent disponibles.",
         "- Les pièces détachées sont souvent disponibles.")
    subprocess.run([sys.executable, "-m", "mieux_pub", "--project", str(root), "extract"], check=True,
                   capture_output=True)   # msgmerge keeps the old source as '#| msgid'
    running = Served(root)
    try:
        document = lxml.html.document_fromstring(running.get("/en/accueil.html")[1])
    finally:
        running.stop()
    [item] = [li for li in document.get_element_by_id("mieux-view").iterfind(".//li")
              if li.get("data-state") == "fuzzy"]
    old, new = item.find_class("mieux-view-sides")[0]
    assert (old.find("b").text, old.find("p").text_content()) == ("translated from",
                                                                   "Les pièces sont souvent disponibles.")
    assert (new.find("b").text, new.find("p").text_content()) == ("source now",
                                                                   "Les pièces détachées sont souvent disponibles.")
    assert [e.text for e in new.iter("ins")] == ["détachées"]
    assert item.find(".//code").text.startswith("content/locales/en/LC_MESSAGES/accueil.po:")


def test_the_published_build_has_no_translator_view_even_after_serves_build_into_its_folder(sample, tmp_path):
    out = tmp_path / "out"
    build(sample, Options(out=out, formats=("html",), marks=True, reports=False))
    assert "data-mieux-state" in (out / "en" / "reparations.html").read_text(encoding="utf-8")
    result = build(sample, Options(out=out, formats=("html",)))
    assert {"fr/html", "en/html"} <= set(result.made)   # the cache tells the two apart
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "data-mieux" not in text and "mieux-view" not in text and "__mieux-pub__" not in text, page
    assert not list(out.rglob("translator-view.json"))
    # The sample's one missing unit is in the English edition, as its source text.
    assert "Ce paragraphe n’est pas encore traduit en anglais." in main_text(
        (out / "en" / "reparations.html").read_text(encoding="utf-8"))


def test_a_build_runs_beside_serve_and_serve_writes_nothing_into_the_project(served):
    before = {p.relative_to(served.root) for p in served.root.rglob("*")}
    result = subprocess.run([sys.executable, "-m", "mieux_pub", "--project", str(served.root), "build", "--format",
                             "html", "--quiet"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    made = {p.relative_to(served.root) for p in served.root.rglob("*")} - before
    assert {p.parts[0] for p in made} == {"build"}   # the build's folder only: serve's is elsewhere
    assert "data-mieux" not in (served.root / "build" / "en" / "reparations.html").read_text(encoding="utf-8")
    assert served.get(PAGE)[0] == 200


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on a TCP port, as the kernel lists them."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if int(hex_port, 16) == port and state == "0A":   # LISTEN
                found.add(socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6,
                                           bytes.fromhex(address)[::-1] if width == 8 else bytes.fromhex(address)))
    return found


def test_serve_listens_on_the_loopback_only(served):
    assert listening_addresses(served.port) == {"127.0.0.1"}
    others = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    for address in [a for a in others if ":" not in a and not a.startswith("127.")]:
        with socket.socket() as probe, pytest.raises(OSError):
            probe.settimeout(2)
            probe.connect((address, served.port))


@pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")
def test_a_browser_reloads_the_page_when_a_catalog_is_saved(served):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(served.base + PAGE)
            page.evaluate("window.before = true")   # gone once the page is loaded again
            page.click("#mieux-view summary")       # the translator view, kept open across reloads
            edit(served.root, CATALOG, 'msgstr "Welcome to the workshop"', 'msgstr "Welcome to the repair shop"')
            page.wait_for_function("document.querySelector('h1').textContent.includes('repair shop')", timeout=10000)
            assert page.evaluate("window.before") is None
            assert page.evaluate("document.getElementById('mieux-view').open")
            # The missing paragraph of another page is highlighted there while the view is open.
            page.goto(served.base + "/en/reparations.html")
            background = page.evaluate("getComputedStyle(document.querySelector('main [data-mieux-state]'))"
                                       ".backgroundColor")
            assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        finally:
            browser.close()
