"""build(): the whole pipeline, one stage per line; everything is gathered and checked before anything is written."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache, shards
from .config import CONFIG_PATH, Publication, catalog_folder, load_publication, release_time
from .diagnostics import Diagnostic, MieuxError, Severity, error, warning
from .formats import FORMATS, NAMES, Artifact, Context, Manifest, by_name
from .output import locked, replace

if TYPE_CHECKING:
    from .book import Book


@dataclass(frozen=True)
class Options:
    out: Path | None = None
    languages: tuple[str, ...] = ()
    formats: tuple[str, ...] = NAMES
    drafts: bool = False
    strict: bool = False
    pseudo: bool = False   # build the source pseudo-localized (in the one language named, else the source's)
    jobs: int = 0          # processes for the languages' editions; 0: one per core
    marks: bool = False    # serve's translator view: pages mark each unit left to translate, with its catalog entry
    reports: bool = True   # make the coverage reports (serve does without)
    shards: tuple[Path, ...] = ()   # gather: folders whose builds made the downloads (see shards.py)


@dataclass(frozen=True)
class Result:
    out: Path
    written: tuple[str, ...]                     # the files this build made (the others are as they were)
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)
    reused: tuple[str, ...] = ()                 # the jobs (language/format) it did not make again: unchanged
    seconds: dict[str, float] = field(default_factory=dict)   # how long each stage it ran took: "source",
                                                              # "en/book", "en/pdf", "site" (the pages), "reports"
    made: tuple[str, ...] = ()                                # the jobs it made again


def _silent(job: str, seconds: float) -> None:
    """The default progress: say nothing."""


def build(root: Path, options: Options = Options(), environ=os.environ, progress=_silent) -> Result:
    """Build the publication; raise MieuxError, leaving previous outputs untouched, when it cannot be built.

    Only the jobs (a language's format, the reports) whose inputs changed since the last build into
    the same folder are made again; with nothing changed, not even the chapters are read.
    progress(job, seconds) hears of each job as it ends ("en/pdf", "site", "reports").
    """
    root = root.resolve()
    publication = load_publication(root)
    languages = select_languages(publication, options)
    epoch = int(release_time(publication, environ).timestamp())
    out = (options.out or root / ("build/pseudo" if options.pseudo else "build")).resolve()
    with locked(out):
        earlier, recorded = Manifest.read(out), cache.read(out)
        inputs = cache.Inputs.of(root, [language.code for language in publication.languages])
        keys = job_keys(inputs, languages, options, earlier, recorded["jobs"])
        gathered = shards.gather(options.shards, keys) if options.shards else shards.Gathered()
        earlier = earlier.merged(list(gathered.artifacts))
        recorded = {"jobs": recorded["jobs"] | gathered.keys, "problems": recorded["problems"] | gathered.problems}
        stale = [job for job, key in keys.items() if recorded["jobs"].get(job) != key
                 or (job not in gathered.keys and not cache.intact(out, earlier, job))]
        found = dict(recorded["problems"])
        seconds = {}

        def heard(job: str, took: float) -> None:
            seconds[job] = took
            progress(job, took)

        artifacts = list(gathered.artifacts)
        if stale:
            found |= make(root, out, languages, options, epoch, earlier, stale, heard)
            artifacts += found.pop("artifacts")
        order = ["source", *(f"{language.code}/book" for language in languages), *keys, "site", "links"]
        problems = [d for job in order for d in found.get(job, [])]
        problems += [d for language in languages for d in completeness(language, found.get(f"{language.code}/units", []),
                                                                       options.strict)]
        if options.strict:
            problems = [_as_error(p) for p in problems]
        if any(p.is_error for p in problems):
            raise MieuxError(problems)
        if stale or gathered.artifacts:
            # Everything is rendered and checked: only now is the output folder replaced, in one step.
            manifest = earlier.merged(artifacts, owned(earlier, stale))
            record = cache.record({**recorded["jobs"], **keys}, {job: [cache.as_record(d) for d in ds]
                                                                  for job, ds in found.items()})
            files = {a.path: a.data for a in artifacts + [manifest.as_artifact()]} | {cache.CACHE: record}
            replace(out, files, {e["path"] for e in earlier.entries} - {e["path"] for e in manifest.entries})
    return Result(out, tuple(a.path for a in artifacts), tuple(problems), tuple(j for j in keys if j not in stale),
                  seconds, tuple(stale))


def plan(root: Path, options: Options = Options()) -> dict:
    """The jobs a build into an empty folder makes, with their keys, and the CI shards (see shards.plan)."""
    root = root.resolve()
    publication = load_publication(root)
    inputs = cache.Inputs.of(root, [language.code for language in publication.languages])
    return shards.plan(job_keys(inputs, select_languages(publication, options), options, Manifest(), {}))


def make(root: Path, out: Path, languages, options: Options, epoch: int, earlier: Manifest,
         stale: list[str], progress) -> dict:
    """Make the stale jobs: their artifacts (under "artifacts") and what each job found."""
    # Only a build that makes something reads the chapters: a build with nothing to do imports none of this.
    from . import editions, view
    from .site import check_links
    from .source import load
    start = time.perf_counter()
    source = load(root)
    progress("source", time.perf_counter() - start)
    found: dict = {"source": list(source.warnings)}
    downloads = [name for name in options.formats if by_name(name).download]
    wanted = {language: tuple(n for n in downloads if f"{language.code}/{n}" in stale) for language in languages
              if any(job.startswith(f"{language.code}/") for job in stale)}
    made = editions.make(source, wanted, epoch, options.pseudo, earlier, options.jobs or os.cpu_count() or 1,
                         progress, options.marks)
    artifacts = [artifact for edition in made for artifact in edition.artifacts]
    for edition in made:
        code = edition.book.code
        found[f"{code}/units"] = untranslated(edition.book)
        found[f"{code}/book"] = list(edition.problems["assemble"])
        found |= {f"{code}/{name}": list(ds) for name, ds in edition.problems.items() if name != "assemble"}
    # The site lists every edition and its downloads, so it comes once they are all made.
    site = tuple(edition.book for edition in made if f"{edition.book.code}/html" in stale)
    start = time.perf_counter()
    if site:
        envs = {edition.book.code: edition.env for edition in made}
        pages, problems = by_name("html").render(Context(site, envs, epoch, out, earlier.merged(artifacts)))
        artifacts += pages + ([view.figures(source, book) for book in site] if options.marks else [])
        found |= {f"{book.code}/html": [] for book in site} | {"site": problems}
        progress("site", time.perf_counter() - start)
    if "reports" in stale:
        start = time.perf_counter()
        artifacts += coverage_reports(source, [edition.book for edition in made], out, earlier.merged(artifacts))
        progress("reports", time.perf_counter() - start)
    found["links"] = check_links(artifacts, earlier.merged(artifacts, owned(earlier, stale)))
    return found | {"artifacts": artifacts}


def job_keys(inputs: cache.Inputs, languages, options: Options, earlier: Manifest,
             recorded: dict[str, str]) -> dict[str, str]:
    """The key of every job this build asks for: a language's format, and the coverage reports.

    A language's pages list every edition in the folder, with its title and its downloads, so their keys
    hold those: a new PDF of one language makes every landing page again, not the other PDFs.
    """
    keys = {}
    marked = ("translator view",) if options.marks else ()
    for language in languages:
        for name in options.formats:
            if by_name(name).download:
                keys[f"{language.code}/{name}"] = inputs.key(language.code, name, str(options.pseudo), *marked)
    offered = sorted({language.code for language in languages} | earlier.languages("html")) \
        if "html" in options.formats else []
    shown = [f"{code}:{inputs.titles.get(code, '')}:" + ",".join(
        keys.get(f"{code}/{f.name}") or recorded.get(f"{code}/{f.name}", "") for f in FORMATS if f.download)
        for code in offered]
    for language in languages if "html" in options.formats else []:
        keys[f"{language.code}/html"] = inputs.key(language.code, "html", str(options.pseudo), *marked, *shown)
    if options.reports and not options.pseudo:
        keys["reports"] = cache.digest(inputs.shared, *inputs.languages.values(), *offered)
    return keys


def select_languages(publication: Publication, options: Options):
    """Release languages, plus drafts named with --lang or asked for with --drafts."""
    publication.require(options.languages)
    if options.pseudo:
        return [publication.language(options.languages[0]) if options.languages else publication.source]
    if options.languages:
        return [lang for lang in publication.languages if lang.code in options.languages]
    return [lang for lang in publication.languages if lang.release or options.drafts]


def untranslated(book: Book) -> list[Diagnostic]:
    """Each unit and publication.yml field a release language lacks, as an error (what --strict reports)."""
    from .catalogs import State
    from .resources import CONTENT_DIR
    if book.language.draft:
        return []
    lacking = [(f"{CONTENT_DIR}/{j.unit.origin}", j.unit.line, j.state, j.unit.text) for c in book.chapters
               for j in c.judged if j.state is not State.TRANSLATED]
    lacking += [(CONFIG_PATH, field.line, state, field.text) for field, state in book.fields
                if state is not State.TRANSLATED]
    return [error(path, line, f"untranslated-{state.value}", f"{book.code}: {state.value}: {_preview(text)}")
            for path, line, state, text in lacking]


def completeness(language, lacking: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Report the units a release language lacks: each one under --strict, else one summary."""
    if strict or not lacking:
        return lacking
    return [warning(catalog_folder(language.code), None, "incomplete",
                    f"{len(lacking)} units are not translated in release language {language.code}; they fall back "
                    f"to the source language (see mieux-pub coverage)")]


def coverage_reports(source, books: list[Book], out: Path, manifest: Manifest) -> list[Artifact]:
    """The coverage report that CI keeps, as JSON and as a page, from the languages built and the others.

    The page links each unit to its place in the HTML editions in the output folder, and to its source line.
    """
    from . import reports
    from .coverage import coverage
    result = coverage(source, books=books)
    page = reports.html(result, source.publication.text("title"), manifest.languages("html"),
                        reports.project_link(source.root, out))
    return [Artifact("reports/coverage.json", reports.as_json(result).encode("utf-8")),
            Artifact("reports/coverage.html", page.encode("utf-8"))]


def owned(earlier: Manifest, stale: list[str]) -> set[tuple[str | None, str | None]]:
    """The (language, format) pairs this build makes anew: an earlier file of one of them not made again is stale
    (a removed chapter's page, an old search index). The site's shared files are owned when no other language
    keeps them."""
    pairs = set().union(*(cache.owners(job) for job in stale))
    pages = {code for code, name in pairs if name == "html"}
    if pages:
        pairs |= {(None, "search")} | ({(None, "html")} if earlier.languages("html") <= pages else set())
    return pairs


def _as_error(problem: Diagnostic) -> Diagnostic:
    return Diagnostic(problem.path, problem.line, problem.code, problem.message, Severity.ERROR)


def _preview(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


