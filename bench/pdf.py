"""Print how long each PDF of a publication takes: the pipeline's renderer against one WeasyPrint pass.

    .venv/bin/python bench/pdf.py [PROJECT]      (the MIEUX publication by default)

The renderer lays a book out once, and once more only when a note still lands on another page than its
call or a run of hyphens crosses a page break; one pass is the floor bench/run.py uses. Both run in this process, one language after the other,
on the same print HTML; the build itself spreads languages over the cores. Compare the figures as ratios:
the machine is shared.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from weasyprint.text.fonts import FontConfiguration

from mieux_pub.book import assemble
from mieux_pub.config import release_time
from mieux_pub.pdf import Renderer, font_css, pdf_job
from mieux_pub.render import environment
from mieux_pub.source import load

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import Inputs, time_pdf

ROOT = Path(__file__).resolve().parent.parent


def main(root: Path = ROOT) -> None:
    source = load(root)
    epoch = int(release_time(source.publication, {}).timestamp())
    renderer, fonts = Renderer(root.resolve()), FontConfiguration()
    time_pdf(Inputs("warm-up", (("<p>warm-up</p>", "", "pdf/ua-1", {}),), root.as_uri() + "/", b"", "", root), fonts)
    totals = [0.0, 0.0]
    for language in (lang for lang in source.publication.languages if lang.release):
        book, _ = assemble(source, language)
        job = pdf_job(book, environment(root, language), epoch)
        start = time.perf_counter()
        pdf, problems = renderer.render(job)
        full = time.perf_counter() - start
        single = time_pdf(Inputs(book.code, ((job.html, font_css() + "\n" + job.css, job.variant, job.images),),
                                 str(job.base_url) + "/", b"", "", root), fonts)
        totals = [totals[0] + full, totals[1] + single]
        moved = sum(1 for p in problems if p.code == "footnote-page")
        print(f"{book.code}: renderer {full:6.2f} s, one pass {single:6.2f} s ({full / single:4.2f}x), "
              f"{len(pdf) / 1024:5.0f} KiB, {moved} footnote(s) still off their page")
    print(f"all: renderer {totals[0]:6.2f} s, one pass {totals[1]:6.2f} s ({totals[0] / totals[1]:4.2f}x)")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT)
