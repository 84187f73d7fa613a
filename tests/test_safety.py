"""Authors' raw markup is a choice, not an accident; only the project's own files are read, once symbolic links
are followed, by every format and by serve.

Each unsafe construct is appended to a chapter of the sample and must fail the build at its line, before anything
is written: the previous outputs stay byte for byte as they were.
"""

import hashlib
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import jinja2
import lxml.html
import pytest
import yaml
from click.testing import CliRunner

from mieux_pub.build import Options, build
from mieux_pub.cli import main
from mieux_pub.diagnostics import MieuxError
from mieux_pub.preview import server
from mieux_pub.render import PACKAGE_TEMPLATES, loader, template_path
from mieux_pub.source import load

CHAPTER = "content/chapters/pratique.md"   # three lines: a block appended after a blank line starts on line 5
FIRST = 5
FORMATS = ("--format", "html", "--format", "epub", "--format", "docx")
SECRET = "SECRET-8d1f"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def append(root: Path, markdown: str, chapter: str = CHAPTER) -> None:
    with (root / chapter).open("a", encoding="utf-8") as fh:
        fh.write(f"\n{markdown}\n")


def configure(root: Path, **keys) -> None:
    path = root / "content/publication.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.update(keys)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of a folder, as its sha256."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leaked(folder: Path, secret: str = SECRET) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
            and secret.encode() in p.read_bytes()]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """The sample's HTML edition, as an earlier build left it."""
    root = tmp_path_factory.mktemp("previous") / "sample"
    shutil.copytree(Path(__file__).parent / "fixtures" / "sample", root)
    return build(root, Options(out=root.parent / "out", formats=("html",))).out


@pytest.fixture
def out(previous, tmp_path) -> Path:
    """A copy of the previous outputs, for a build to leave alone."""
    target = tmp_path / "out"
    shutil.copytree(previous, target)
    return target


def fails_untouched(sample: Path, out: Path, *expected: str) -> str:
    """Build; expect exit 1 with each expected line start, and the previous outputs as they were."""
    before = fingerprint(out)
    result = run("--project", sample, "build", "--out", out, *FORMATS)
    assert result.exit_code == 1, result.output
    for line in expected:
        assert any(printed.startswith(line) for printed in result.output.splitlines()), (line, result.output)
    assert fingerprint(out) == before
    return result.output


# Point 5: raw HTML, attributes and links outside the safe set.

UNSAFE = [
    # (id, Markdown appended to the chapter, line from the appended block's first, code, words of the message)
    ("script", "<script>alert(1)</script>", 0, "unsafe-html", "<script> is outside the safe set of raw HTML"),
    ("inline-handler", 'Un mot <b onclick="alert(2)">gras</b>.', 0, "unsafe-html", "attribute 'onclick' of <b>"),
    ("table-handler", '| Panne |\n|---|\n| <span onmouseover="alert(3)">x</span> |', 2, "unsafe-html",
     "attribute 'onmouseover' of <span>"),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', 0, "unsafe-html", "<iframe>"),
    ("raw-fence", '```{=html}\n<object data="https://evil.example/x"></object>\n```', 1, "unsafe-html", "<object>"),
    ("raw-attribute", 'Un `<embed src="x.swf">`{=html} ici.', 0, "unsafe-html", "<embed>"),
    ("nested-in-div", '<div class="note">\nTexte\n<img src=x onerror=alert(4)>\n</div>', 2, "unsafe-html", "<img>"),
    ("style-element", "<style>body { display: none }</style>", 0, "unsafe-html", "<style>"),
    ("style-attribute", '<span style="background: url(https://evil.example/t.png)">x</span>', 0, "unsafe-html",
     "attribute 'style' of <span>"),
    ("svg", "<svg><script>alert(5)</script></svg>", 0, "unsafe-html", "<svg>"),
    ("math", "<math><mi>x</mi></math>", 0, "unsafe-html", "<math>"),
    ("link-element", '<link rel="stylesheet" href="https://evil.example/s.css">', 0, "unsafe-html", "<link>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0; url=https://evil.example/">', 0, "unsafe-html",
     "<meta>"),
    ("base", '<base href="https://evil.example/">', 0, "unsafe-html", "<base>"),
    ("form", '<form action="https://evil.example/"><input name="p"></form>', 0, "unsafe-html", "<form>"),
    ("raw-anchor", '<a href="javascript:alert(6)">x</a>', 0, "unsafe-html", "<a> is outside the safe set of raw HTML: "
                                                                            "write the link in Markdown"),
    ("comment-trick", "<!-- a --!> <b onclick=alert(7)>x</b> -->", 0, "unsafe-html",
     "a comment that browsers would end elsewhere"),
    ("cdata-trick", "<![CDATA[ x > <img src=x onerror=alert(8)> ]]>", 0, "unsafe-html", "<![…]>"),
    ("unfinished-tag", '<div\nonclick="alert(9)"', 0, "unsafe-html", "a tag without its end"),
    ("quote-in-value", '<div>\n<b title=="x><img src=x onerror=alert(10)>">y</b>\n</div>', 1, "unsafe-html",
     "a '>' inside an attribute of <b>"),
    ("span-attribute", 'Un [mot]{onclick="alert(11)"}.', 0, "unsafe-html", "attribute 'onclick' of a span"),
    ("heading-attribute", '## Titre {onmouseover="alert(12)"}', 0, "unsafe-html", "attribute 'onmouseover' of a heading"),
    ("div-attribute", '::: {srcdoc="<script>alert(13)</script>"}\nTexte.\n:::', 0, "unsafe-html",
     "attribute 'srcdoc' of a fenced div"),
    ("javascript-link", "Voir [ceci](javascript:alert(14)).", 0, "unsafe-link", "link target 'javascript:alert(14)'"),
    ("javascript-autolink", "Voir <javascript:alert(15)>.", 0, "unsafe-link", "link target 'javascript:alert(15)'"),
    ("entity-link", "Voir [ceci](&#106;avascript:alert(16)).", 0, "unsafe-link", "the scheme 'javascript:'"),
    ("data-link", "Voir [ceci](data:text/html;base64,PHNjcmlwdD4=).", 0, "unsafe-link", "the scheme 'data:'"),
    ("vbscript-link", "Voir [ceci](VBScript:msgbox).", 0, "unsafe-link", "the scheme 'vbscript:'"),
    ("latex-block", "```{=latex}\n\\input{/etc/passwd}\n```", 0, "unsafe-raw", "a raw block for 'latex'"),
    ("openxml-inline", "Un `<w:r><w:t>x</w:t></w:r>`{=openxml} mot.", 0, "unsafe-raw", "a raw inline for 'openxml'"),
]


@pytest.mark.parametrize("markdown, offset, code, words", [row[1:] for row in UNSAFE], ids=[row[0] for row in UNSAFE])
def test_unsafe_markup_fails_the_build_at_its_line_and_writes_nothing(sample, out, markdown, offset, code, words):
    append(sample, markdown)
    output = fails_untouched(sample, out, f"{CHAPTER}:{FIRST + offset}: {code}: ")
    lines = [line for line in output.splitlines() if line.startswith(f"{CHAPTER}:{FIRST + offset}: {code}: ")]
    assert any(words in line for line in lines), lines
    assert all(line.endswith("or set 'raw_html: trusted' in publication.yml if this publication needs it")
               for line in lines)


SAFE = [
    # (id, Markdown appended to the chapter, an XPath that finds it in the French page)
    ("formatting", 'Un <b>gras</b>, <i>penché</i>, <em>x</em>, <strong>y</strong>, H<sub>2</sub>O, le 10<sup>e</sup>, '
                   '<small>petit</small>, <mark>vu</mark>, <kbd>Ctrl</kbd>, <abbr title="Organisation">ONU</abbr>, '
                   '<s>non</s>, <u>oui</u>, <code>x</code>, <q>cité</q>, <time datetime="2021-03-04">4 mars</time>.',
     "//abbr[@title='Organisation']"),
    ("span", 'Un <span class="note" lang="en" dir="ltr" id="n1" data-role="x" aria-label="Note">word</span>.',
     "//span[@id='n1'][@lang='en']"),
    ("line-break", "Une ligne<br>coupée<wbr>.", "//br"),
    ("comment", "<!-- une note de l'auteur -->", "//p[contains(., 'gestes')]"),
    ("details", "<details>\n<summary>Plus</summary>\n\nTexte caché.\n\n</details>", "//details/summary"),
    ("table", '<table>\n<caption>Tableau</caption>\n<thead><tr><th scope="col" abbr="A">Alpha</th></tr></thead>\n'
              '<tbody><tr><td colspan="1" rowspan="1">1</td></tr></tbody>\n</table>', "//table/caption"),
    ("figure", "<figure>\n<blockquote><p>Une citation.</p></blockquote>\n<figcaption>Quelqu'un</figcaption>\n</figure>",
     "//figure/figcaption"),
    ("lists", '<ol start="3" reversed><li value="3">un</li></ol>\n<dl><dt>terme</dt><dd>sens</dd></dl>',
     "//ol[@start='3']"),
    ("div-around-markdown", '<div class="encadre" role="note">\n\nTexte *encadré*.\n\n</div>',
     "//div[@class='encadre']//em"),
    ("text-with-less-than", "<p>a &lt; b et 2 < 3</p>", "//p[contains(., 'a < b')]"),
    ("markdown-attributes", "Un [mot]{.note lang=en} du [2021-03-04]{.date format=short}.", "//span[@lang='en']"),
    ("image-attributes", '![Un établi](../images/etabli.svg){alt="Dessin" width="50%"}', "//img[@alt='Dessin']"),
    ("links", "Voir [le site](https://example.org), [écrire](mailto:a@example.org), [appeler](tel:+33123456789) "
              "et [les pannes](reparations.md#pannes-courantes).", "//a[starts-with(@href, 'tel:')]"),
]


@pytest.mark.parametrize("markdown, xpath", [row[1:] for row in SAFE], ids=[row[0] for row in SAFE])
def test_the_safe_set_builds_and_reaches_the_page(sample, tmp_path, markdown, xpath):
    append(sample, markdown)
    result = run("--project", sample, "build", "--out", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "unsafe-" not in result.output
    page = lxml.html.parse(str(tmp_path / "out" / "fr" / "pratique.html")).getroot()
    assert page.xpath(xpath)


def test_a_trusted_publication_lets_any_raw_markup_through(sample, tmp_path):
    configure(sample, raw_html="trusted")
    append(sample, 'Un mot <b onclick="window.clicked = 1">gras</b> et [un lien](javascript:void(0)).\n\n'
                   "<script>window.trusted = 1;</script>")
    result = run("--project", sample, "build", "--out", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    page = lxml.html.parse(str(tmp_path / "out" / "fr" / "pratique.html")).getroot()
    assert [b.get("onclick") for b in page.iter("b")] == ["window.clicked = 1"]
    assert "window.trusted = 1;" in [s.text for s in page.iter("script")]
    assert page.xpath("//a[@href='javascript:void(0)']")


def test_safe_is_the_default_and_can_be_written(sample):
    configure(sample, raw_html="safe")
    append(sample, "<script>alert(1)</script>")
    with pytest.raises(MieuxError) as raised:
        load(sample)
    assert [(d.path, d.line, d.code) for d in raised.value.diagnostics] == [(CHAPTER, FIRST, "unsafe-html")]


@pytest.mark.parametrize("value, expected", [
    ("maybe", "config-value: 'raw_html' must be 'safe' (the default: only the safe set of raw HTML) or 'trusted' "
              "(any raw HTML), not 'maybe'"),
    (True, "config-type: 'raw_html' must be text, not bool"),
])
def test_a_bad_raw_html_value_is_an_error_at_its_line(sample, value, expected):
    configure(sample, raw_html=value)
    lines = (sample / "content/publication.yml").read_text(encoding="utf-8").splitlines()
    [line] = [n for n, text in enumerate(lines, start=1) if text.startswith("raw_html:")]
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1
    assert f"content/publication.yml:{line}: {expected}" in result.output


def test_every_unsafe_piece_is_reported_in_one_run(sample):
    append(sample, 'Un <b onclick="x()">mot</b>.\n\n<script>y()</script>\n\nVoir [ceci](javascript:z()).')
    append(sample, "Encore <iframe></iframe>.", chapter="content/chapters/accueil.md")
    with pytest.raises(MieuxError) as raised:
        load(sample)
    assert sorted((d.path, d.line, d.code) for d in raised.value.diagnostics) == [
        ("content/chapters/accueil.md", 14, "unsafe-html"),
        (CHAPTER, FIRST, "unsafe-html"), (CHAPTER, FIRST + 2, "unsafe-html"), (CHAPTER, FIRST + 4, "unsafe-link")]


# Point 4: a symbolic link that leaves the project is refused, naming it.

@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside the project, whose files hold the secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def link_out(sample: Path, outside: Path, relative: str, edit=lambda text: text + f"\n{SECRET}\n") -> None:
    """Replace a file (or folder) of the project by a symbolic link to an edited copy of it outside the project."""
    path = sample / relative
    target = outside / path.name
    if path.is_dir():
        shutil.copytree(path, target)
        shutil.rmtree(path)
    else:
        target.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        path.unlink()
    path.symlink_to(target)


def copy_default(sample: Path, name: str) -> None:
    (sample / "templates" / name).write_bytes((PACKAGE_TEMPLATES / name).read_bytes())


LINKED_OUT = [
    ("chapter", "content/chapters/reparations.md", lambda text: text + f"\n{SECRET}\n"),
    ("publication-yml", "content/publication.yml", lambda text: text.replace("Petit guide des réparations", SECRET)),
    ("content-catalog", "content/locales/en/LC_MESSAGES/reparations.po",
     lambda text: text.replace('msgstr "Repairs"', f'msgstr "{SECRET}"')),
    ("catalog-folder", "content/locales/en", None),
    ("ui-catalog", "templates/locales/fr/LC_MESSAGES/ui.po", lambda text: text + f'\n# {SECRET}\n'),
    ("template", "templates/base.html", lambda text: text.replace("<body", f"<!-- {SECRET} --><body", 1)),
    ("stylesheet", "templates/site.css", lambda text: text + f"\n/* {SECRET} */\n"),
]


@pytest.mark.parametrize("relative, edit", [row[1:] for row in LINKED_OUT], ids=[row[0] for row in LINKED_OUT])
def test_a_file_linked_outside_the_project_is_refused_naming_it(sample, outside, out, relative, edit):
    if relative.startswith("templates/") and not (sample / relative).exists():
        copy_default(sample, Path(relative).name)
    if edit is None:
        (sample / relative / "LC_MESSAGES" / "reparations.po").write_text(
            (sample / relative / "LC_MESSAGES" / "reparations.po").read_text(encoding="utf-8")
            .replace('msgstr "Repairs"', f'msgstr "{SECRET}"'), encoding="utf-8")
        link_out(sample, outside, relative)
    else:
        link_out(sample, outside, relative, edit)
    output = fails_untouched(sample, out, f"{relative}: outside-project: a symbolic link to {outside}")
    assert SECRET not in output
    assert leaked(out) == []


def test_links_inside_the_project_are_followed(sample, tmp_path):
    drafts = sample / "content" / "drafts"
    drafts.mkdir()
    (sample / "content/chapters/reparations.md").rename(drafts / "reparations.md")
    (sample / "content/chapters/reparations.md").symlink_to("../drafts/reparations.md")
    shared = sample / "shared"
    (sample / "content/locales/en").rename(shared)
    (sample / "content/locales/en").symlink_to("../../shared")
    (sample / "templates/site.css").symlink_to("../content/drafts/site.css")
    (drafts / "site.css").write_text((PACKAGE_TEMPLATES / "site.css").read_text(encoding="utf-8")
                                     + "\n/* the project's own */\n", encoding="utf-8")
    result = run("--project", sample, "build", "--out", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    assert b"the project's own" in (tmp_path / "out" / "assets" / "site.css").read_bytes()
    page = lxml.html.parse(str(tmp_path / "out" / "en" / "reparations.html")).getroot()
    assert page.findtext(".//h1") == "Repairs"


def test_templates_linked_outside_are_refused_by_the_renderer_too(sample, outside):
    for name in ("site.css", "base.html"):
        copy_default(sample, name)
        link_out(sample, outside, f"templates/{name}")
    with pytest.raises(MieuxError) as raised:
        template_path(sample, "site.css")
    assert [(d.path, d.code) for d in raised.value.diagnostics] == [("templates/site.css", "outside-project")]
    with pytest.raises(MieuxError) as raised:
        jinja2.Environment(loader=loader(sample)).get_template("base.html")
    assert [(d.path, d.code) for d in raised.value.diagnostics] == [("templates/base.html", "outside-project")]
    assert jinja2.Environment(loader=loader(sample)).get_template("chapter.html")  # the defaults still load


def test_serve_refuses_what_a_link_in_the_output_folder_leads_to_outside_it(sample, outside, tmp_path):
    out = build(sample, Options(out=tmp_path / "out", formats=("html",))).out
    (outside / "secret.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (out / "fr" / "secret.html").symlink_to(outside / "secret.html")
    (out / "leak").symlink_to(outside)
    (out / "fr" / "alias.html").symlink_to("index.html")   # inside the folder: served
    running = server(out, 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{running.server_address[1]}"
    try:
        assert fetch(f"{base}/fr/index.html")[0] == 200
        assert fetch(f"{base}/fr/alias.html") == fetch(f"{base}/fr/index.html")
        for path in ("/fr/secret.html", "/leak/secret.html", "/leak/", "/leak", "/fr/../leak/secret.html"):
            for method in ("GET", "HEAD"):
                status, body = fetch(base + path, method)
                assert status == 404, (path, method)
                assert SECRET.encode() not in body
    finally:
        running.shutdown()
        running.server_close()


def fetch(url: str, method: str = "GET") -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
