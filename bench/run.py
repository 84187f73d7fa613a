"""Print performance figures for the MIEUX publication. Run with `make bench`.

Figures are wall-clock seconds on a shared machine: compare them as ratios within one run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "mieux-pub"), "--project", str(ROOT)]


def timed(label: str, command: list[str], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"{label:<44} {median:7.2f} s   (median of {repeat}: {', '.join(f'{r:.2f}' for r in runs)})")
    return median


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="mieux-bench-"))
    try:
        print(f"publication: {ROOT / 'content'}")
        coverage = timed("mieux-pub coverage (all languages)", CLI + ["coverage"])
        timed("mieux-pub check (all languages)", CLI + ["check"])
        timed("mieux-pub extract (no change)", CLI + ["extract"])
        html = timed("build --format html (fr en es)", CLI + ["build", "--out", str(out), "--format", "html"])
        epub = timed("build --format epub (fr en es)", CLI + ["build", "--out", str(out), "--format", "epub"])
        pdf = timed("build --format pdf (fr en es)", CLI + ["build", "--out", str(out), "--format", "pdf"], 1)
        full = timed("build (all formats, fr en es)", CLI + ["build", "--out", str(out)], 1)
        for lang in ("fr", "en", "es"):
            size = (out / lang / f"creer-des-liens-{lang}.pdf").stat().st_size
            print(f"  {lang} PDF: {size / 1024:.0f} KiB")
        print(f"ratios: coverage/full build {coverage / full:.3f}, html/full {html / full:.2f}, "
              f"epub/full {epub / full:.2f}, pdf/full {pdf / full:.2f}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    main()
