"""Print performance figures for the MIEUX publication and for a generated 24-language one. Run with `make bench`.

    .venv/bin/python bench/run.py [--quick] [--chapters 8] [--words 600] [--seed 1] [--keep DIR]

For each publication, in a copy of it (the catalog edit never touches the repository): a cold build of
every format into an empty folder, the same command again (no-op), the same command after one catalog
entry of one language changed, `extract` with nothing to do, `coverage`, `check`, the peak memory of the
cold build (the largest process, and the whole process tree as PSS: see bench/measure.py), and the
renderer floor (bench/floor.py: one WeasyPrint pass per PDF (to read and to print) over the print HTML the build feeds it,
plus pandoc's EPUB conversion; spread over the cores as the PDFs are, sum / min(cores, languages)) with
the cold build's ratio over it. The full run also times a cold build of each format alone. Then how the
cold build (all formats) grows with the languages: generated publications of 3, 6, 12 and 24 languages
(the first n languages of the 24-language one, same text). When `build --help` offers -j, the
24-language cold build is also timed with -j 1 and -j 2.

The generated publication is bench/generate.py's: by default 8 chapters of about 600 words (a fifth of
MIEUX's 24,000 words, so that 24 languages build in minutes), grouped in parts, fully translated.

Figures are wall-clock seconds (and CPU seconds, user + system, of the command and its children) on a
shared machine: compare them as ratios within one run. On the 2-core development machine the full run
takes about 21 minutes when the machine is otherwise quiet (44 when other work kept its load at 4):
generating the 24-language publication 75 s, a 24-language cold build about 2 minutes, the -j 1 and
-j 2 builds 6 more. --quick (the tests' sample publication and a generated 6-language one of 3 chapters
of 300 words, scaling 3 and 6 languages) takes about 1.5 minutes. Each figure is one run (a median
would multiply those times). The build cache is keyed on mieux-pub's own files: when they change during
a measurement (other people edit them), the no-op or the rebuild renders everything, and a NOTE says so.
The build's own output (what it made and reused, its per-job seconds) is summarised under the table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
CLI = str(Path(sys.executable).parent / "mieux-pub")
CORES = len(os.sched_getaffinity(0))
FORMATS = ("html", "pdf", "epub", "docx")
EDIT = "new"   # the word a translator adds to one entry


@dataclass(frozen=True)
class Run:
    """One command, measured in a fresh process by bench/measure.py."""

    command: tuple[str, ...]
    returncode: int
    seconds: float
    cpu: float
    peak_rss_mb: float
    peak_tree_mb: float
    stdout: str
    stderr: str

    @property
    def failed(self) -> bool:
        return self.returncode != 0

    def cell(self) -> str:
        return f"FAILED (exit {self.returncode})" if self.failed else f"{self.seconds:7.1f} s  cpu {self.cpu:6.1f}"

    @property
    def summary(self) -> str:
        """The build's last line about what it wrote, without the folder."""
        lines = [l for l in self.stdout.splitlines() if re.search(r"\d+ files", l)]
        return re.sub(r" (in|to) /.*$", "", lines[-1].strip()) if lines else "?"

    @property
    def job_seconds(self) -> dict[str, float]:
        """The seconds the build reports per kind of job (its table: `en/pdf  made  1  31 KiB  0.9`), summed."""
        kinds: dict[str, float] = {}
        for line in self.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 2 and re.fullmatch(r"\d+\.\d+", parts[-1]) and not parts[0][0].isdigit():
                kind = parts[0].split("/")[-1]
                kinds[kind] = kinds.get(kind, 0.0) + float(parts[-1])
        return kinds

    @property
    def warnings(self) -> int:
        return self.stderr.count("[warning]")


@dataclass(frozen=True)
class Floor:
    """The renderer floor of a publication (bench/floor.py): seconds per language, and which input it used."""

    input: str
    pdf: dict[str, float]
    epub: dict[str, float]
    reason: str = ""

    @property
    def spread(self) -> float:
        return (sum(self.pdf.values()) + sum(self.epub.values())) / min(CORES, len(self.pdf))


@dataclass(frozen=True)
class Profile:
    name: str
    size: str
    cold: Run
    noop: Run
    rebuild: Run
    edited: str
    extract: Run
    coverage: Run
    check: Run
    floor: Floor | None
    formats: dict[str, Run] = field(default_factory=dict)
    jobs: dict[int, Run] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def runs(self) -> list[Run]:
        return [self.cold, self.noop, self.rebuild, self.extract, *self.formats.values(), *self.jobs.values()]


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(*command: str) -> Run:
    result = subprocess.run([sys.executable, str(HERE / "measure.py"), *command], capture_output=True, text=True,
                            check=True)
    data = json.loads(result.stdout)
    return Run(command, data["returncode"], data["seconds"], data["cpu"], data["peak_rss_mb"], data["peak_tree_mb"],
               data["stdout"], data["stderr"])


def cli(project: Path, *args: str) -> tuple[str, ...]:
    return (CLI, "--project", str(project), *args)


def supports_jobs() -> bool:
    help_text = subprocess.run([CLI, "build", "--help"], capture_output=True, text=True, check=False).stdout
    return re.search(r"(^|[\s,])(-j\b|--jobs\b)", help_text) is not None


def copy_project(source: Path, target: Path) -> Path:
    for folder in ("content", "templates"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    return target


def edit_one_entry(project: Path) -> str:
    """Add a word to one translated entry of one language's first chapter catalog, as a translator would."""
    locales = project / "content" / "locales"
    codes = sorted(p.name for p in locales.iterdir() if p.is_dir())
    code = "en" if "en" in codes else codes[0]
    for path in sorted((locales / code / "LC_MESSAGES").glob("*.po")):
        if path.name == "publication.po":
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            text = line[len('msgstr "'):]
            if not line.startswith('msgstr "') or " " not in text or re.search(r"[\[\]{}<>*_`\\]", text):
                continue   # no markup to keep intact
            start = i
            while start and lines[start - 1]:
                start -= 1   # back to the blank line before the entry
            if not any(l.startswith("#,") and "fuzzy" in l for l in lines[start:i]):
                first, rest = text.split(" ", 1)
                lines[i] = f'msgstr "{first} {EDIT} {rest}'
                path.write_text("\n".join(lines), encoding="utf-8")
                return f"{path.relative_to(project)}:{i + 1}"
    raise SystemExit(f"no translated one-line entry to edit in {locales / code}")


def floor(project: Path, site: Path) -> Floor | None:
    result = subprocess.run([sys.executable, str(HERE / "floor.py"), str(project), "--site", str(site)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        progress(f"renderer floor failed for {project}:\n{result.stderr[-2000:]}")
        return None
    data = json.loads(result.stdout)
    languages = data["languages"]
    return Floor(data["input"], {c: v["pdf"] for c, v in languages.items()},
                 {c: v["epub"] for c, v in languages.items()}, data["reason"])


def size(out: Path) -> str:
    """Languages built, source words and units, from the build's own coverage report."""
    try:
        report = json.loads((out / "reports" / "coverage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "?"
    built = [p.name for p in out.iterdir() if (p / "index.html").is_file()]
    language = report["languages"][0] if report["languages"] else None
    words = f", {language['words']['total']:,} words, {language['units']['total']} units" if language else ""
    return f"{len(built)} languages{words}"


def package_digest() -> str:
    """A hash of mieux-pub's own files: the build cache is keyed on them, and other people edit them."""
    import mieux_pub

    hashed = hashlib.sha256()
    for path in sorted(Path(mieux_pub.__file__).parent.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hashed.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()


def profile(name: str, project: Path, work: Path, split: bool, jobs: bool) -> Profile:
    folder = re.sub(r"\W+", "-", name).strip("-").lower()
    out = work / f"out-{folder}"
    build = cli(project, "build", "--out", str(out))
    notes = []
    progress(f"{name}: cold build")
    package = package_digest()
    cold = measure(*build)
    progress(f"{name}: no-op rebuild")
    noop = measure(*build)
    if package_digest() != package:
        notes.append("mieux-pub's files changed during the cold build or the no-op rebuild: the no-op may have rebuilt")
    progress(f"{name}: extract, coverage, check")
    extract = measure(*cli(project, "extract"))
    coverage = measure(*cli(project, "coverage"))
    check = measure(*cli(project, "check"))
    # A no-op unless mieux-pub changed meanwhile: the rebuild starts from a cache made by the same code.
    package = package_digest()
    measure(*build)
    edited = edit_one_entry(project)
    progress(f"{name}: rebuild after editing {edited}")
    rebuild = measure(*build)
    if package_digest() != package:
        notes.append("mieux-pub's files changed during the rebuild after the catalog edit (or the no-op build before it): "
                     "it may have rebuilt more")
    progress(f"{name}: renderer floor")
    floor_ = floor(project, out)
    formats = {}
    for fmt in FORMATS if split else ():
        progress(f"{name}: cold build --format {fmt}")
        formats[fmt] = measure(*cli(project, "build", "--out", str(work / f"out-{folder}-{fmt}"), "--format", fmt))
    runs = {}
    for n in (1, 2) if jobs else ():
        progress(f"{name}: cold build -j {n}")
        runs[n] = measure(*cli(project, "build", "--out", str(work / f"out-{folder}-j{n}"), "-j", str(n)))
    return Profile(name, size(out), cold, noop, rebuild, edited, extract, coverage, check, floor_, formats, runs,
                   tuple(notes))


def generate(target: Path, languages: int, chapters: int, words: int, seed: int) -> Run:
    progress(f"generating {languages} languages, {chapters} chapters of {words} words into {target}")
    return measure(sys.executable, str(HERE / "generate.py"), str(target), "--languages", str(languages),
                   "--chapters", str(chapters), "--words", str(words), "--seed", str(seed))


def fewer_languages(project: Path, target: Path, count: int) -> Path:
    """A copy of a generated publication with only its first languages (same chapters, same catalogs)."""
    copy_project(project, target)
    config = target / "content" / "publication.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    declared = [l for l in lines if l.startswith("  - {code: ")]
    kept = declared[:count]
    config.write_text("\n".join(l for l in lines if l not in declared or l in kept), encoding="utf-8")
    codes = {re.match(r"  - \{code: ([\w-]+)", l).group(1) for l in kept}
    for folder in (target / "content" / "locales", target / "templates" / "locales"):
        for language in folder.iterdir() if folder.is_dir() else ():
            if language.name not in codes:
                shutil.rmtree(language)
    return target


def ratio(a: float, b: float) -> str:
    return f"{a / b:7.2f}" if b else "n/a"


def table(rows: list[tuple[str, list[str]]], header: list[str]) -> str:
    width = max(len(r[0]) for r in rows + [("", [])])
    cells = [max(len(c) for c in column) for column in zip(header, *(r[1] for r in rows))]
    lines = [" " * width + "  " + "  ".join(h.rjust(w) for h, w in zip(header, cells))]
    lines += [label.ljust(width) + "  " + "  ".join(c.rjust(w) for c, w in zip(values, cells)) for label, values in rows]
    return "\n".join(lines)


def profiles_table(profiles: list[Profile]) -> str:
    def row(label, value):
        return label, [value(p) for p in profiles]

    def mb(p, key):
        return "FAILED" if p.cold.failed else f"{getattr(p.cold, key):7.0f} MB"

    rows = [row("size", lambda p: p.size),
            row("cold build, all formats (empty folder)", lambda p: p.cold.cell()),
            row("no-op rebuild (same command)", lambda p: p.noop.cell()),
            row("rebuild after one catalog entry", lambda p: p.rebuild.cell()),
            row("  warnings printed by the cold build", lambda p: str(p.cold.warnings)),
            row("  no-op / cold", lambda p: ratio(p.noop.seconds, p.cold.seconds)),
            row("  rebuild / cold", lambda p: ratio(p.rebuild.seconds, p.cold.seconds)),
            row("extract (nothing to do)", lambda p: p.extract.cell()),
            row("coverage", lambda p: f"{p.coverage.seconds:7.1f} s  cpu {p.coverage.cpu:6.1f}"),
            row("check", lambda p: f"{p.check.seconds:7.1f} s  cpu {p.check.cpu:6.1f}"),
            row("cold build peak memory, largest process", lambda p: mb(p, "peak_rss_mb")),
            row("cold build peak memory, process tree (PSS)", lambda p: mb(p, "peak_tree_mb"))]
    for fmt in FORMATS:
        if any(fmt in p.formats for p in profiles):
            rows.append(row(f"cold build --format {fmt}", lambda p, f=fmt: p.formats[f].cell() if f in p.formats else ""))
    rows += [row("renderer floor: WeasyPrint passes (sum)",
                 lambda p: f"{sum(p.floor.pdf.values()):7.1f} s" if p.floor else "n/a"),
             row("renderer floor: pandoc EPUB (sum)",
                 lambda p: f"{sum(p.floor.epub.values()):7.1f} s" if p.floor else "n/a"),
             row(f"renderer floor / min({CORES} cores, languages)",
                 lambda p: f"{p.floor.spread:7.1f} s" if p.floor else "n/a"),
             row("cold build / renderer floor", lambda p: ratio(p.cold.seconds, p.floor.spread) if p.floor else "n/a")]
    if any(p.jobs for p in profiles):
        rows += [row("cold build -j 1", lambda p: p.jobs[1].cell() if p.jobs else ""),
                 row("cold build -j 2", lambda p: p.jobs[2].cell() if p.jobs else ""),
                 row("  -j 1 / -j 2", lambda p: ratio(p.jobs[1].seconds, p.jobs[2].seconds) if p.jobs else "")]
    return table(rows, [p.name for p in profiles])


def scaling_table(scaling: dict[int, Run]) -> str:
    base_count = min(scaling)
    base = scaling[base_count]
    rows = []
    for count, run in sorted(scaling.items()):
        rows.append((f"{count} languages", [run.cell(), f"{run.seconds / count:6.1f} s",
                                           ratio(run.seconds, base.seconds), ratio(count, base_count),
                                           f"{run.peak_rss_mb:6.0f} MB", f"{run.peak_tree_mb:6.0f} MB"]))
    return table(rows, ["cold build, all formats", "per language", "time ×", "languages ×", "largest process",
                        "tree (PSS)"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="the tests' sample publication and a small generated 6-language one only")
    parser.add_argument("--chapters", type=int, help="chapters of the generated publication [8; quick: 3]")
    parser.add_argument("--words", type=int, help="words per chapter of the generated publication [600; quick: 300]")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, instead of a temporary one")
    args = parser.parse_args(argv)
    languages = 6 if args.quick else 24
    chapters = args.chapters or (3 if args.quick else 8)
    words = args.words or (300 if args.quick else 600)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="mieux-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started, load = time.perf_counter(), os.getloadavg()[0]
    jobs = supports_jobs()
    try:
        real_name, real = (("sample (fr en)", ROOT / "tests" / "fixtures" / "sample") if args.quick
                           else ("MIEUX (fr en es)", ROOT))
        real_copy = copy_project(real, work / "real")
        generated = work / f"generated-{languages}"
        made = generate(generated, languages, chapters, words, args.seed)
        if made.failed:
            print(f"bench/generate.py failed:\n{made.stderr}", file=sys.stderr)
            return 1
        profiles = [profile(real_name, real_copy, work, split=not args.quick, jobs=False),
                    profile(f"generated ({languages} languages)", generated, work, split=not args.quick, jobs=jobs)]
        scaling = {languages: profiles[1].cold}
        for count in (c for c in (3, 6, 12) if c < languages):
            progress(f"scaling: {count} languages")
            fewer = fewer_languages(generated, work / f"generated-{count}", count)
            scaling[count] = measure(*cli(fewer, "build", "--out", str(work / f"out-scaling-{count}")))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"mieux-pub bench{' --quick' if args.quick else ''}: {CORES} cores, load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; run took {(time.perf_counter() - started) / 60:.1f} min")
    print(f"generated publication: {languages} languages, {chapters} chapters of about {words} words, seed {args.seed}; "
          f"bench/generate.py took {made.seconds:.1f} s (extract, fill, msgcat, coverage and check)")
    print()
    print(profiles_table(profiles))
    print()
    for p in profiles:
        print(f"{p.name}: cold build: {p.cold.summary}")
        print(f"{p.name}: no-op rebuild: {p.noop.summary}")
        print(f"{p.name}: rebuild after editing {p.edited}: {p.rebuild.summary}")
        if p.cold.job_seconds:
            print(f"{p.name}: cold build's own job times, summed per kind: "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in p.cold.job_seconds.items()))
        for note in p.notes:
            print(f"{p.name}: NOTE: {note}")
        if p.floor:
            print(f"{p.name}: renderer floor input: {p.floor.input}{' (' + p.floor.reason + ')' if p.floor.reason else ''}")
    if not jobs:
        print("build --help offers no -j: the -j 1 / -j 2 comparison is left out")
    print()
    print("cold build (all formats) by number of languages, generated publication:")
    print(scaling_table(scaling))
    # coverage exits 1 for an incomplete release language (the sample's English): not a failure here.
    failures = [r for r in [r for p in profiles for r in p.runs()] + list(scaling.values()) if r.failed]
    for run in failures:
        print(f"\nFAILED: {' '.join(run.command)}\n{run.stderr.strip()}")
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    sys.exit(main())
