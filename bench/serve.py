"""Print how long a translator waits, with `mieux-pub serve`, from saving a catalog to the reloaded page showing it.

    .venv/bin/python bench/serve.py [--runs 10] [--only sample|mieux|generated]... [--keep DIR]

For each publication (the tests' sample, the MIEUX publication of this repository, and a 24-language one
made by bench/generate.py: 8 chapters of about 600 words, as bench/run.py's), in a copy of it: start
`mieux-pub serve` on a free port (every release language), open the English page of one chapter in
headless Chromium (Debian's, driven by Playwright), then --runs times: write a new word into one
translated entry of that chapter's English catalog, as a PO editor saves it, and time until the open
page, reloaded by serve, shows the word. Prints the median, the fastest and the slowest, and the
rebuild times serve printed. Wall-clock seconds on a shared machine.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError, sync_playwright

HERE = Path(__file__).parent
REPO = HERE.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SHOWS = "document.querySelector('main') && document.querySelector('main').textContent.includes(%r)"


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def entry(project: Path) -> tuple[Path, int, str]:
    """A translated one-line English entry without markup: its catalog, its msgstr's line, and its page."""
    for path in sorted((project / "content" / "locales" / "en" / "LC_MESSAGES").glob("*.po")):
        if path.name == "publication.po":
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        page = None
        for i, line in enumerate(lines):
            found = re.match(r"#\. .*; on the page ([\w.-]+\.html)", line)
            if found:
                page = found.group(1)
            text = line[len('msgstr "'):]
            if line.startswith('msgstr "') and " " in text and not re.search(r"[\[\]{}<>*_`\\]", text) \
                    and not any("fuzzy" in l for l in lines[max(0, i - 6):i] if l.startswith("#,")) and page:
                return path, i, page
    raise SystemExit(f"no translated one-line entry without markup in {project}")


def save(path: Path, index: int, word: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[index] = re.sub(r'^msgstr "(?:Benchword\d+x )?', f'msgstr "{word} ', lines[index])
    path.write_text("\n".join(lines), encoding="utf-8")


def measure(name: str, project: Path, runs: int, browser) -> str:
    port = free_port()
    log = project.with_name(f"serve-{project.name}.log")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "mieux_pub", "--project", str(project), "serve", "--port",
                               str(port)], stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        while "serving at" not in log.read_text(encoding="utf-8"):
            if server.poll() is not None:
                raise SystemExit(f"serve ended:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.2)
        startup = time.perf_counter() - started
        catalog, index, page_name = entry(project)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/en/{page_name}")
        times = []
        for run in range(1, runs + 1):
            word = f"Benchword{run}x"   # no word is the start of another (Benchword1x, Benchword10x)
            time.sleep(1)   # the previous reload is over, and the next save is a new one
            start = time.perf_counter()
            save(catalog, index, word)
            while True:
                try:
                    if page.evaluate(SHOWS % word):
                        break
                except PlaywrightError:
                    pass   # the page is being reloaded
                if time.perf_counter() - start > 600:
                    raise SystemExit(f"{name}: the page never showed {word}:\n{log.read_text(encoding='utf-8')}")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    built = [float(s) for s in re.findall(r"built in ([\d.]+) s: en/html", log.read_text(encoding="utf-8"))]
    return (f"{name:<36} {statistics.median(times):6.2f} {min(times):6.2f} {max(times):6.2f}   "
            f"{statistics.median(built) if built else float('nan'):7.2f}   {startup:6.1f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", action="append", choices=("sample", "mieux", "generated"))
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (else a temporary one)")
    args = parser.parse_args(argv)
    wanted = args.only or ["sample", "mieux", "generated"]
    work = args.keep or Path(tempfile.mkdtemp(prefix="mieux-bench-serve-"))
    work.mkdir(parents=True, exist_ok=True)
    projects = {}
    for name, source in (("sample", REPO / "tests" / "fixtures" / "sample"), ("mieux", REPO)):
        if name in wanted:
            projects[name] = work / name
            shutil.rmtree(projects[name], ignore_errors=True)
            for folder in ("content", "templates"):
                if (source / folder).is_dir():
                    shutil.copytree(source / folder, projects[name] / folder)
    if "generated" in wanted:
        projects["generated"] = work / "generated"
        if not (projects["generated"] / "content").is_dir():
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(projects["generated"]), "--languages", "24",
                            "--chapters", "8", "--words", "600", "--no-verify"], check=True)
    labels = {"sample": "tests' sample (fr, en; 3 chapters)", "mieux": "MIEUX (fr, en, es; 24,000 words)",
              "generated": "generated, 24 languages"}
    lines = [f"seconds from saving a .po to the reloaded page showing it, {args.runs} saves",
             f"{'':<36} {'median':>6} {'min':>6} {'max':>6}   {'rebuild':>7}   {'start':>6}"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for name, project in projects.items():
                print(f"[{time.strftime('%H:%M:%S')}] {labels[name]}", file=sys.stderr, flush=True)
                lines.append(measure(labels[name], project, args.runs, browser))
        finally:
            browser.close()
    print("\n".join(lines))
    print("rebuild: the median of serve's own 'built in' lines (en/html); start: until serve's first build was served")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
