"""Each language's edition: its book assembled and its downloads rendered, in parallel processes (-j).

A language is one task: assembling it is a few pandoc runs, and its PDF, EPUB and DOCX need
nothing from the other languages. The site, which lists every edition, is rendered afterwards.
"""

from __future__ import annotations

import multiprocessing
import signal
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from .book import Book, assemble
from .config import Language
from .diagnostics import Diagnostic
from .formats import Artifact, Context, Manifest, by_name
from .output import die_with_parent, temporary
from .render import environment, ui_problems

PDFS = ("pdf", "print")   # the longest tasks: WeasyPrint


@dataclass(frozen=True)
class Edition:
    book: Book
    env: object                                   # its Jinja environment, for the site too (made once per language)
    artifacts: tuple[Artifact, ...]
    problems: dict[str, tuple[Diagnostic, ...]]   # per stage: "assemble" and each format rendered
    seconds: dict[str, float]                     # the same stages


# Fewer units than this, in all the languages wanted, are assembled sooner in this process than in new ones.
PROCESS_UNITS = 400


def make(source, wanted: dict[Language, tuple[str, ...]], epoch: int, pseudo: bool, manifest: Manifest,
         jobs: int, progress=lambda job, seconds: None, marks: bool = False) -> list[Edition]:
    """Assemble every language wanted, then render each of its download formats wanted, in up to `jobs` processes.

    Two rounds, so that the longest tasks (the PDFs) start first and no process waits on another's language.
    progress(job, seconds) hears of each task as it ends: "en/book", "en/pdf"...
    """
    units = sum(len(chapter.units) for chapter in source.chapters) * len(wanted)
    assembled = _map(_assemble, [(source, language, pseudo, marks) for language in wanted],
                     jobs if units >= PROCESS_UNITS else 1, None,
                     lambda task, result: progress(f"{task[1].code}/book", result[2]))
    seconds = {book.code: {"assemble": took} for book, _, took in assembled}
    problems = {book.code: {"assemble": tuple(found)} for book, found, _ in assembled}
    books = {book.code: book for book, _, _ in assembled}
    # One environment per language, made before the workers are forked: they share it, templates compiled once.
    envs = {code: environment(book.source.root, book.language, pseudo) for code, book in books.items()}
    tasks = sorted(((language.code, name) for language, names in wanted.items() for name in names),
                   key=lambda task: task[1] not in PDFS)
    if any(name in PDFS for _, name in tasks) and jobs > 1 and len(tasks) > 1:
        import weasyprint  # noqa: F401  imported once, before the workers are forked, rather than in each
    rendered = _map(_render, tasks, jobs, (books, envs, epoch, manifest),
                    lambda task, result: progress(f"{task[0]}/{task[1]}", result[2]))
    artifacts = {code: [] for code in books}
    for (code, name), (made, found, took) in zip(tasks, rendered):
        artifacts[code] += made
        problems[code][name] = tuple(found)
        seconds[code][name] = took
    return [Edition(books[code], envs[code], tuple(artifacts[code]), problems[code], seconds[code]) for code in books]


def _assemble(task, _shared=None):
    (source, language, pseudo, marks), start = task, time.perf_counter()
    book, problems = assemble(source, language, pseudo, marks)
    return book, problems + ui_problems(source.root, language.code), time.perf_counter() - start


def _render(task, shared):
    (code, name), (books, envs, epoch, manifest) = task, shared
    start = time.perf_counter()
    made, found = by_name(name).render(Context((books[code],), {code: envs[code]}, epoch, None, manifest))
    return made, found, time.perf_counter() - start


def _map(function, tasks: list, jobs: int, shared, done) -> list:
    """function(task, shared) for every task, in up to `jobs` forked processes that share `shared`; the results in
    the tasks' order, and done(task, result) as each ends."""
    if jobs <= 1 or len(tasks) <= 1:
        results = []
        for task in tasks:
            results.append(function(task, shared))
            done(task, results[-1])
        return results
    context = multiprocessing.get_context("fork")
    # Workers end without running finalizers, so their temporary files (WeasyPrint's fonts) go to a folder
    # the build removes.
    with temporary("work") as scratch, \
            ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context, initializer=_start,
                                initargs=(function, shared, scratch)) as pool:
        try:
            # Workers are forked as tasks are submitted: Ctrl-C waits until each has set its own handlers.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            try:
                futures = {pool.submit(_call, task): task for task in tasks}
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
            for future in as_completed(futures):
                done(futures[future], future.result())
        except BaseException:
            # Interrupted or failed (even while starting the workers, out of file descriptors): drop what is still
            # queued and end the workers already started, which would otherwise keep the exit waiting.
            started = list((pool._processes or {}).values())   # shutdown forgets them
            pool.shutdown(wait=False, cancel_futures=True)
            for process in started:
                process.terminate()
            raise
        return [future.result() for future in futures]


_worker = None  # each worker's function and what its tasks share, inherited when it is forked


def _start(function, shared, scratch: str) -> None:
    global _worker
    die_with_parent()   # no worker outlives a build that is killed
    # Ctrl-C and SIGTERM are the build's to handle: it ends the pool (a worker would print a traceback of its own).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    tempfile.tempdir = scratch
    _worker = (function, shared)


def _call(task):
    function, shared = _worker
    return function(task, shared)
