"""The build cache: what each artifact was made from, so that a build renders only what changed.

Each (language, format) has a key: a hash of every input it declares (publication.yml, the chapters,
the images, the templates, that language's catalogs, mieux-pub itself and the versions of its tools).
A job whose key is the one the last build recorded, and whose files are still in the output folder
as that build wrote them, is not rendered again. Deleting the cache only makes the next build slower.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import gettext_code
from .diagnostics import Diagnostic, Severity
from .formats import Manifest

CACHE = ".mieux-pub-cache.json"   # in the output folder, beside the artifacts; no build owns it as an output
PACKAGE = Path(__file__).parent
TOOLS = ("weasyprint", "pydyf", "tinycss2", "fonttools", "pypandoc-binary", "babel", "jinja2", "lxml", "pagefind",
         "pillow", "pyyaml", "pyicu-wheels", "cairosvg")


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _files(root: Path, folders: tuple[str, ...], skip: tuple[str, ...] = ()) -> str:
    """One hash of every file under these folders of root: its path and its bytes."""
    hashed = hashlib.sha256()
    for folder in folders:
        base = root / folder
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for path in paths:
            relative = path.relative_to(root).as_posix()
            if relative.startswith(skip) or "__pycache__" in relative:
                continue
            try:
                content = hashlib.sha256(path.read_bytes()).digest()
            except OSError as exc:   # reported at its place by what reads it; here it only makes the key differ
                content = f"unreadable: {exc.strerror}".encode("utf-8")
            hashed.update(relative.encode("utf-8") + b"\0" + content)
    return hashed.hexdigest()


@lru_cache(maxsize=1)
def tools() -> str:
    """mieux-pub's own files and the versions of the tools it runs."""
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return digest(_files(PACKAGE.parent, ("mieux_pub",)), platform.python_version(), *versions)


@dataclass(frozen=True)
class Inputs:
    """The hashes of what a build reads: what every artifact shares, and each language's own catalogs."""

    shared: str
    languages: dict[str, str]
    titles: dict[str, str]   # each language's publication.po: its title shows on every edition's pages

    @classmethod
    def of(cls, root: Path, codes) -> "Inputs":
        shared = digest(tools(), _files(root, ("content/publication.yml", "content/chapters", "content/images")),
                        _files(root, ("templates",), skip=("templates/locales",)))
        folders = {code: gettext_code(code) for code in codes}   # catalogs are in pt_BR for pt-BR
        languages = {code: _files(root, (f"content/locales/{folder}", f"templates/locales/{folder}"))
                     for code, folder in folders.items()}
        titles = {code: _files(root, (f"content/locales/{folder}/LC_MESSAGES/publication.po",))
                  for code, folder in folders.items()}
        return cls(shared, languages, titles)

    def key(self, code: str, name: str, *context: str) -> str:
        """The key of one language's artifacts of one format; context is what else they show."""
        return digest(self.shared, self.languages[code], code, name, *context)


def owners(job: str) -> set[tuple[str | None, str | None]]:
    """The (language, format) pairs of a job's files in the manifest: "en/pdf", the reports (neither), the site's
    shared files; a language's book and the source reading own no file."""
    code, _, name = job.partition("/")
    if job == "reports":
        return {(None, None)}
    if job == "site":
        return {(None, "html"), (None, "search")}
    return {(code, name)} if name and name != "book" else set()


def read(out: Path) -> dict:
    """What the last build into this folder recorded ({"jobs": {job: key}, "problems": {job: [...]}}), or nothing."""
    nothing = {"jobs": {}, "problems": {}}
    try:
        data = json.loads((out / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return nothing
    if not (isinstance(data, dict) and isinstance(data.get("jobs"), dict) and isinstance(data.get("problems"), dict)):
        return nothing
    try:
        data["problems"] = {job: [diagnostic(d) for d in found] for job, found in data["problems"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return nothing   # a cache written by hand or by another version: build as without one
    return data


def intact(out: Path, manifest: Manifest, job: str) -> bool:
    """Tell whether a job's files are in the folder as the manifest says they were written."""
    entries = [e for e in manifest.entries if (e.get("language"), e.get("format")) in owners(job)]
    return bool(entries) and all(_same(out / e["path"], e) for e in entries)


def _same(path: Path, entry: dict) -> bool:
    try:
        return path.stat().st_size == entry.get("size") and \
            hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")
    except OSError:
        return False


def as_record(d: Diagnostic) -> dict:
    return {"path": d.path, "line": d.line, "code": d.code, "message": d.message, "severity": d.severity.value}


def diagnostic(record: dict) -> Diagnostic:
    return Diagnostic(record["path"], record["line"], record["code"], record["message"], Severity(record["severity"]))


def record(jobs: dict[str, str], problems: dict[str, list]) -> bytes:
    """The cache file: each job's key, and what each job and the whole build reported, to report it again."""
    return (json.dumps({"jobs": jobs, "problems": problems}, ensure_ascii=False, indent=1, sort_keys=True)
            + "\n").encode("utf-8")
