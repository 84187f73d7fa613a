"""WeasyPrint: the only module that runs it. Renders the assembled book's print HTML to PDF."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .diagnostics import Diagnostic, Severity
from .fonts import FONTS, font_file
FACES = (("Regular", 400, "normal"), ("It", 400, "italic"), ("Semibold", 600, "normal"),
         ("SemiboldIt", 600, "italic"), ("Bold", 700, "normal"), ("BoldIt", 700, "italic"))


def font_css() -> str:
    """@font-face rules for the fonts that ship with mieux-pub's dependencies."""
    rules = []
    for family in FONTS:
        for face, weight, style in FACES:
            path = font_file(family, face)
            if path.is_file():
                rules.append(f'@font-face {{ font-family: "{family[0]}"; src: url("{path.as_uri()}"); '
                             f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


class ProjectFetcher(URLFetcher):
    """Serve files from inside the allowed folders only; refuse the network and the rest of the disk."""

    def __init__(self, allowed: tuple[Path, ...]):
        super().__init__()
        self.allowed = tuple(p.resolve() for p in allowed)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not any(path.is_relative_to(a) for a in self.allowed):
                self.refused.append(url)
                raise ValueError(f"{url} is outside the project")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Renderer:
    """What every PDF of a build shares: the fonts and the cache of decoded images."""

    root: Path
    fonts: FontConfiguration
    cache: dict

    @classmethod
    def create(cls, root: Path) -> "Renderer":
        return cls(root.resolve(), FontConfiguration(), {})

    def render(self, html: str, css: str, base_url: Path, identifier: str, where: str) -> tuple[bytes, list[Diagnostic]]:
        """Render print HTML to PDF/UA-1 bytes; resource and font problems come back as diagnostics."""
        fetcher = ProjectFetcher((self.root, Path(__file__).parent, *(d for _, d, _ in FONTS)))
        collect = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collect)
        try:
            document = weasyprint.HTML(string=html, base_url=str(base_url) + "/", url_fetcher=fetcher)
            stylesheets = [weasyprint.CSS(string=font_css() + "\n" + css, font_config=self.fonts,
                                          url_fetcher=fetcher, base_url=str(base_url) + "/")]
            pdf = document.write_pdf(stylesheets=stylesheets, font_config=self.fonts, cache=self.cache,
                                     pdf_variant="pdf/ua-1", pdf_identifier=_identifier(identifier))
        finally:
            logger.removeHandler(collect)
        problems = [Diagnostic(where, None, "pdf-resource", f"refused to load {url}: only files of the project are used",
                               Severity.WARNING) for url in fetcher.refused]
        problems += [Diagnostic(where, None, "pdf", message, Severity.WARNING) for message in collect.messages
                     if not any(url in message for url in fetcher.refused)]
        return pdf, problems


def _identifier(text: str) -> bytes:
    return hashlib.md5(text.encode("utf-8")).hexdigest().encode("ascii")
