"""Print, as one JSON line, the renderer floor of a publication: per release language, the time of one
WeasyPrint pass over the print HTML of each PDF (to read, and to print) and of pandoc's EPUB conversion.

    .venv/bin/python bench/floor.py PROJECT [--site BUILT_SITE]

The print HTML is the one the build feeds WeasyPrint (mieux_pub.pdf.pdf_job), rendered once with the
build's stylesheets, fonts and PDF variant (the build may lay a book out again to move blocks whose
footnotes land on another page, or to set a block without hyphenation: the floor does not). The EPUB input is the book's pandoc document with
its images embedded, converted by the same pandoc with the same options, without the cover.
When those functions cannot be reached (the package changed), both inputs are approximated by the
pages of a built site (--site): each language's chapter pages joined into one document. The JSON says
which input was used ("print-html" or "site-pages"). The book is assembled before any timing starts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from mieux_pub.pdf import ProjectFetcher   # and WeasyPrint's layout as the build changes it

EPUB_ARGS = ("--split-level=1", "--toc", "--toc-depth=2")


@dataclass(frozen=True)
class Inputs:
    """What the renderers of one language get."""

    code: str
    pdfs: tuple          # for WeasyPrint: (html, css, PDF variant, the edition's own images) of each PDF
    base_url: str
    epub_input: bytes    # for pandoc
    epub_from: str       # pandoc's reader
    epub_css: Path


def from_pipeline(root: Path) -> list[Inputs]:
    from mieux_pub import tree
    from mieux_pub.book import assemble
    from mieux_pub.config import release_time
    from mieux_pub.pdf import font_css, pdf_job
    from mieux_pub.render import environment, template_path
    from mieux_pub.resources import embed_images
    from mieux_pub.source import load

    source = load(root)
    epoch = int(release_time(source.publication, {}).timestamp())
    inputs = []
    for language in (lang for lang in source.publication.languages if lang.release):
        book, _ = assemble(source, language)
        env = environment(root, language)
        jobs = [pdf_job(book, env, epoch, name) for name in ("pdf", "print")]
        doc = embed_images(book.document(), book.images)
        doc["meta"] = {"title": tree.meta(book.meta["title"].value), "lang": tree.meta(book.code)}
        inputs.append(Inputs(language.code, tuple((job.html, font_css() + "\n" + job.css, job.variant, job.images)
                                                  for job in jobs),
                             str(jobs[0].base_url) + "/",
                             json.dumps(doc, ensure_ascii=False).encode("utf-8"), "json",
                             template_path(root, "epub.css")))
    return inputs


def from_site(root: Path, site: Path) -> list[Inputs]:
    from lxml import html as lxml_html

    inputs = []
    for folder in sorted(p.parent for p in site.glob("*/index.html")):
        mains = [lxml_html.parse(str(page)).find(".//main") for page in sorted(folder.glob("*.html"))
                 if page.name != "index.html"]
        body = "".join(lxml_html.tostring(m, encoding="unicode") for m in mains if m is not None)
        document = f'<html lang="{folder.name}"><head><title>{folder.name}</title></head><body>{body}</body></html>'
        css = _template(root, "print.css").read_text(encoding="utf-8")
        inputs.append(Inputs(folder.name, ((document, css, "pdf/ua-1", {}),), folder.as_uri() + "/", document.encode("utf-8"), "html", _template(root, "epub.css")))
    return inputs


def _template(root: Path, name: str) -> Path:
    """The project's own template, else the one mieux-pub ships."""
    import mieux_pub

    own = root / "templates" / name
    return own if own.is_file() else Path(mieux_pub.__file__).parent / "templates" / name


def time_pdf(item: Inputs, fonts: FontConfiguration) -> float:
    start = time.perf_counter()
    for html, stylesheet, variant, images in item.pdfs:
        fetcher = ProjectFetcher((Path("/"),), images)   # the edition's own images, as the build serves them
        css = weasyprint.CSS(string=stylesheet, font_config=fonts, base_url=item.base_url, url_fetcher=fetcher)
        weasyprint.HTML(string=html, base_url=item.base_url, url_fetcher=fetcher).write_pdf(
            stylesheets=[css], font_config=fonts, pdf_variant=variant)
    return time.perf_counter() - start


def time_epub(item: Inputs) -> float:
    with tempfile.TemporaryDirectory(prefix="mieux-bench-epub-") as empty:
        command = [pypandoc.get_pandoc_path(), "-f", item.epub_from, "-t", "epub3", "-o", "-",
                   f"--resource-path={empty}", "--css", str(item.epub_css), *EPUB_ARGS]
        start = time.perf_counter()
        subprocess.run(command, input=item.epub_input, capture_output=True, check=True, cwd=empty)
        return time.perf_counter() - start


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--site", type=Path, help="a built output folder, used when the print HTML cannot be reached")
    args = parser.parse_args(argv)
    root = args.project.resolve()
    try:
        inputs, kind, reason = from_pipeline(root), "print-html", ""
    except (ImportError, AttributeError, TypeError) as exc:
        if args.site is None:
            raise
        inputs, kind, reason = from_site(root, args.site), "site-pages", f"{type(exc).__name__}: {exc}"
    fonts = FontConfiguration()
    weasyprint.HTML(string="<p>warm-up</p>").write_pdf(font_config=fonts)  # fontconfig's start is not a pass
    languages = {item.code: {"pdf": time_pdf(item, fonts), "epub": time_epub(item)} for item in inputs}
    return {"input": kind, "reason": reason, "languages": languages}


if __name__ == "__main__":
    print(json.dumps(main()))
