"""Print how long the PDFs of the MIEUX publication take: one after another, then in parallel processes.

Run with `.venv/bin/python bench/pdf.py`. Compare the two figures as a ratio: the machine is shared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from mieux_pub.book import assemble
from mieux_pub.build import pdf_job
from mieux_pub.pdf import Renderer, render_all
from mieux_pub.render import environment
from mieux_pub.source import load

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    source = load(ROOT)
    books = [assemble(source, lang)[0] for lang in source.publication.languages if lang.release]
    jobs = [pdf_job(book, environment(ROOT, book.language), 0) for book in books]
    start = time.perf_counter()
    renderer = Renderer(ROOT)
    for book, job in zip(books, jobs):
        one = time.perf_counter()
        pdf, _ = renderer.render(job)
        print(f"{book.code}: {time.perf_counter() - one:6.2f} s, {len(pdf) / 1024:5.0f} KiB")
    sequential = time.perf_counter() - start
    start = time.perf_counter()
    render_all(ROOT, jobs)
    parallel = time.perf_counter() - start
    print(f"{len(jobs)} PDFs one after another: {sequential:6.2f} s")
    print(f"{len(jobs)} PDFs in parallel on {os.cpu_count()} cores: {parallel:6.2f} s  "
          f"(speed-up {sequential / parallel:.2f}x)")


if __name__ == "__main__":
    main()
