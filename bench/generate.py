"""Write a synthetic publication, with its catalogs, for benchmarks: any number of languages, chapters and words.

    .venv/bin/python bench/generate.py OUT_DIR --languages 24 --chapters 20 --words 1200 [--translated 1.0 0.5]
                                       [--seed 1] [--source fr|en] [--no-verify]

The text is made of pseudo-random words built from a small syllable set, so no real text is copied.
Each chapter has headings (explicit and derived ids), paragraphs with emphasis, strong text, footnotes,
locale values (dates, intervals, numbers, percentages, currencies, language names) and links to other
chapters, bullet and numbered lists, quotations, a definition list, pipe tables and figures with an SVG
image under content/images; chapters after the first are grouped into parts with their openers.

Catalogs are made as users make them: `mieux-pub extract` writes them, then every target language's
msgstrs are filled by a "translation" that rewrites only the words between the markup (each language
has its own alphabet: a bijection of letters, Greek for el, Cyrillic for bg), so footnote calls, link
targets, locale values and placeholders stay exactly as in the msgid; `msgcat` rewraps each edited
catalog to GNU's layout. `--translated` gives the share of units translated per target language, in
the order of --languages (the last value repeats): `--translated 1.0 0.5` translates the first target
language fully and leaves about half of every other one empty. The templates' ui.po is translated
fully for every language. With the same arguments and seed, the same bytes come out.

Unless --no-verify, it then runs `mieux-pub coverage` (fully translated languages must be at 100 %)
and `mieux-pub check` (no `rejected-*` finding), and exits 1 when either fails.
On two cores, 24 languages of 8 chapters of 600 words (bench/run.py's) take about 75 s, of which the
verification (`coverage` and `check`) takes 65: with --no-verify, 8 s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# The 24 official languages of the EU, in the order languages are taken after the source.
EU_LANGUAGES = ("fr", "en", "es", "de", "it", "pt", "nl", "pl", "sv", "da", "fi", "et", "lv", "lt", "cs", "sk",
                "sl", "hu", "ro", "bg", "el", "hr", "ga", "mt")

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"

# Each target language writes the source's letters with its own: 14 consonants and 5 vowels, so that
# the "translation" is a bijection on words (no two source words give the same one).
ALPHABETS = {
    "fr": ("bdfgklmnprstvc", "aeéiu"), "en": ("bdfghklmnprstw", "aeiou"), "es": ("bdfgklmnñprstv", "aeióu"),
    "de": ("bdfgklmnprstwz", "aäeöu"), "it": ("bcdfglmnprstvz", "aàeio"), "pt": ("bcçdfglmnprstv", "aãeõu"),
    "nl": ("bdfghklmnprstv", "aeijo"), "pl": ("bcdłklmnprśtwz", "aąeęó"), "sv": ("bdfghklmnprstv", "aåäöe"),
    "da": ("bdfghklmnprstv", "aæøåe"), "fi": ("bdghjklmnprstv", "aäöyi"), "et": ("dghjklmnprstvb", "aõäöü"),
    "lv": ("bdģķļmņprsštvz", "aāēīū"), "lt": ("bdgjklmnprsštž", "aąėįų"), "cs": ("bčdfhklmnřsštz", "aáeěů"),
    "sk": ("bčdďhklľnprštž", "aáäôú"), "sl": ("bcčdgklmnprsšž", "aeiou"), "hu": ("bcdfgklmnprstz", "aeőöű"),
    "ro": ("bcdfglmnprsștț", "aăâîe"), "bg": ("бвгджзклмнпрст", "аеиоу"), "el": ("βγδζκλμνπρστφχ", "αεηιο"),
    "hr": ("bčćdđgklmnprsš", "aeiou"), "ga": ("bcdfghlmnprstv", "aáéíó"), "mt": ("bċdfġħklmnpqrż", "aeiou"),
}
LONGER = {"de": "en", "fi": "ka", "hu": "ek", "nl": "je"}   # a suffix to long words: these run longer
assert all(len(set(c)) == len(CONSONANTS) and len(set(v)) == len(VOWELS) and not set(c) & set(v)
           for c, v in ALPHABETS.values())

PROTECTED = re.compile(
    r"\[\^[^\]]+\]"              # a footnote call
    r"|\]\([^)]*\)"              # a link's target (its text, before, is translated)
    r"|\[[^\]\[]*\]\{[^}]*\}"    # a locale value, [2020-12-15]{.date}
    r"|\{[^}]*\}"                # attributes
    r"|%\([A-Za-z_]+\)[sd]|%[sd%]"   # placeholders of the templates' strings
    r"|<[^>]*>|&\w+;"            # an HTML tag or entity
    r"|\d+")                     # digits stay digits
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Settings:
    out: Path
    languages: tuple[str, ...]     # the source first
    chapters: int
    words: int                     # per chapter
    translated: tuple[float, ...]  # per target language
    seed: int


# ---------------------------------------------------------------------------------------------- text


class Writer:
    """Pseudo-random words and sentences from one seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.count = 0

    def word(self) -> str:
        self.count += 1
        syllables = self.rng.choices((1, 2, 3, 4), weights=(3, 5, 3, 1))[0]
        return "".join(self.rng.choice(CONSONANTS) + self.rng.choice(VOWELS) for _ in range(syllables))

    def words(self, n: int, capital: bool = False) -> str:
        text = " ".join(self.word() for _ in range(n))
        return text[0].upper() + text[1:] if capital else text

    def value(self) -> str:
        """A locale value, as authors write it."""
        rng = self.rng
        kind = rng.choice(("date", "date", "number", "number", "percent", "currency", "interval", "language"))
        if kind == "date":
            fmt = rng.choice(("", "", " format=short", " format=long"))
            return f"[{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}]{{.date{fmt}}}"
        if kind == "number":
            return f"[{rng.choice((rng.randint(2, 99), rng.randint(1000, 9999999), round(rng.uniform(1, 9999), 1)))}]{{.number}}"
        if kind == "percent":
            return f"[{rng.randint(1, 99) / 100}]{{.percent}}"
        if kind == "currency":
            return f"[{rng.randint(100, 500000)}]{{.currency code={rng.choice(('EUR', 'USD'))}}}"
        if kind == "interval":
            start = rng.randint(2005, 2015)
            return f"[{start}-{rng.randint(1, 12):02d}/{start + rng.randint(1, 8)}-{rng.randint(1, 12):02d}]{{.interval}}"
        return f"[{rng.choice(EU_LANGUAGES)}]{{.language}}"

    def sentence(self, links: list[str], notes: list[str] | None) -> list[str]:
        """One sentence as tokens that a line may break between: words, spans, links, emphasis."""
        rng, tokens = self.rng, []
        for i in range(rng.randint(6, 18)):
            roll = rng.random()
            if roll < 0.05 and i:
                tokens.append(self.value())
            elif roll < 0.08:
                tokens.append(f"_{self.words(rng.randint(1, 2))}_")
            elif roll < 0.10:
                tokens.append(f"**{self.words(rng.randint(1, 2))}**")
            elif roll < 0.115 and links and i:
                tokens.append(f"[{self.words(rng.randint(1, 3))}]({rng.choice(links)})")
            else:
                tokens.append(self.word())
            if rng.random() < 0.08 and i:
                tokens[-1] += ","
        tokens[-1] = tokens[-1].rstrip(",")
        if tokens[0][0].isalpha():
            tokens[0] = tokens[0][0].upper() + tokens[0][1:]
        else:
            tokens.insert(0, self.word().capitalize())
        if notes is not None and rng.random() < 0.2:
            notes.append(self.words(rng.randint(5, 25), capital=True) + ".")
            tokens[-1] += f"[^{len(notes)}]"
        tokens[-1] += "."
        return tokens

    def paragraph(self, links, notes, sentences: int | None = None) -> list[str]:
        tokens = []
        for _ in range(sentences or self.rng.randint(2, 6)):
            tokens += self.sentence(links, notes)
        return tokens


def wrap(tokens: list[str], first: str = "", rest: str = "", width: int = 100) -> str:
    """Lines of at most about width characters, breaking only between tokens (authors wrap their text)."""
    lines, line, length = [], [], len(first)
    for token in tokens:
        if line and length + 1 + len(token) > width:
            lines.append(line)
            line, length = [], len(rest)
        length += len(token) + (1 if line else 0)
        line.append(token)
    lines.append(line)
    return "\n".join((rest if i else first) + " ".join(words) for i, words in enumerate(lines))


# ---------------------------------------------------------------------------------------------- project


@dataclass(frozen=True)
class Plan:
    """The chapters and their sections' ids, known before any text, so that chapters can link to each other."""

    stems: tuple[str, ...]
    sections: dict           # stem -> its sections: an explicit id, or None for an id made of the heading's words
    parts: tuple             # (opener stem, (chapter stems...)) ; the first chapter stands alone


def plan(settings: Settings, writer: Writer) -> Plan:
    rng = writer.rng
    stems = tuple(f"{i + 1:02d}-{writer.word()}" for i in range(settings.chapters))
    count = max(1, round(settings.words / 220))
    sections = {stem: tuple(f"s{i + 1}-{j + 1}" if rng.random() < 0.6 else None for j in range(count))
                for i, stem in enumerate(stems)}
    parts, rest = [], list(stems[1:])
    number = 0
    while rest and len(stems) >= 5:
        number += 1
        size = rng.randint(2, 5)
        parts.append((f"partie-{number}", tuple(rest[:size])))
        rest = rest[size:]
    return Plan(stems, sections, tuple(parts))


def links_from(plan: Plan, stem: str) -> list[str]:
    """Link targets elsewhere in the book: other chapters and their sections."""
    targets = [f"{s}.md" for s in plan.stems if s != stem]
    targets += [f"{s}.md#{i}" for s in plan.stems if s != stem for i in plan.sections[s] if i]
    return targets


def chapter(plan: Plan, stem: str, words: int, images: list[str], writer: Writer) -> str:
    rng = writer.rng
    links, notes, blocks = links_from(plan, stem), [], []
    start = writer.count
    blocks.append(f"# {writer.words(rng.randint(2, 6), capital=True)}")
    blocks.append(wrap(writer.paragraph(links, notes)))
    sections = plan.sections[stem]
    for number, ident in enumerate(sections, start=1):
        heading = writer.words(rng.randint(1, 5), capital=True)
        blocks.append(f"## {heading} {{#{ident}}}" if ident else f"## {heading}")
        while writer.count - start < words * number / len(sections):
            kind = rng.choices(("paragraph", "list", "numbered", "quote", "table", "figure", "subheading", "terms"),
                               weights=(10, 2, 1, 1, 1.2, 0.8, 1, 0.4))[0]
            blocks.append(block(kind, links, notes, images, writer))
    blocks += [wrap(note.split(" "), f"[^{n}]: ", "    ") for n, note in enumerate(notes, start=1)]
    return "\n\n".join(blocks) + "\n"


def block(kind: str, links, notes, images, writer: Writer) -> str:
    rng = writer.rng
    if kind == "paragraph":
        return wrap(writer.paragraph(links, notes))
    if kind in ("list", "numbered"):
        items = []
        for n in range(rng.randint(3, 6)):
            marker = "- " if kind == "list" else f"{n + 1}. "
            items.append(wrap(writer.paragraph(links, notes, rng.randint(1, 2)), marker, " " * len(marker)))
        return "\n".join(items)
    if kind == "quote":
        return wrap(writer.paragraph(links, None, rng.randint(1, 3)), "> ", "> ")
    if kind == "table":
        columns = rng.randint(2, 4)
        head = [writer.words(rng.randint(1, 2), capital=True) for _ in range(columns)]
        rows = []
        for _ in range(rng.randint(3, 7)):
            cells = [writer.words(rng.randint(1, 4), capital=True)]
            cells += [rng.choice((writer.value(), f"[{rng.randint(1, 9999)}]{{.number}}")) for _ in range(columns - 1)]
            rows.append(cells)
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * columns] + ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    if kind == "figure":
        caption = writer.words(rng.randint(3, 10), capital=True)
        alt = writer.words(rng.randint(4, 14), capital=True) + "."
        return f'![{caption}](../images/{rng.choice(images)}){{alt="{alt}"}}'
    if kind == "subheading":
        return f"### {writer.words(rng.randint(1, 5), capital=True)}\n\n" + wrap(writer.paragraph(links, notes))
    terms = []
    for _ in range(rng.randint(2, 4)):
        terms.append(writer.words(rng.randint(1, 3), capital=True) + "\n"
                     + wrap(writer.sentence(links, None), ":   ", "    "))
    return "\n\n".join(terms)


def opener(writer: Writer) -> str:
    return f"# {writer.words(writer.rng.randint(1, 4), capital=True)}\n\n{wrap(writer.paragraph([], None, 2))}\n"


def svg(rng: random.Random, n: int) -> str:
    """A small bar chart without text: the same drawing in every language."""
    bars = "".join(f'  <rect x="{20 + i * 44}" y="{200 - h}" width="32" height="{h}" fill="#{rng.randrange(0x1000000):06x}"/>\n'
                   for i, h in enumerate(rng.randint(20, 180) for _ in range(rng.randint(4, 9))))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="420" height="220" viewBox="0 0 420 220">\n'
            f'  <title>figure {n}</title>\n  <line x1="10" y1="200" x2="410" y2="200" stroke="#333"/>\n{bars}</svg>\n')


def isbn(n: int) -> str:
    body = f"97812345{n:04d}"
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return f"{body[:3]}-{body[3]}-{body[4:8]}-{body[8:]}-{check}"


def publication_yml(settings: Settings, plan: Plan, writer: Writer) -> str:
    w = writer.words
    lines = [f"id: synthetic-{len(settings.languages)}",
             f"title: {w(3, capital=True)}", f"subtitle: {w(7, capital=True)}",
             f"description: >-\n  {w(30, capital=True)}.", f"publisher: {w(3, capital=True)}",
             f"license: >-\n  {w(14, capital=True)}.", f"notice: >-\n  {w(20, capital=True)}.",
             "keywords:"] + [f"  - {w(writer.rng.randint(1, 2))}" for _ in range(4)]
    lines += ["date: 2021-06-30", f"source_language: {settings.languages[0]}", "languages:"]
    lines += [f"  - {{code: {code}, isbn: {isbn(i)}}}" for i, code in enumerate(settings.languages)]
    lines += ["chapters:", f"  - {plan.stems[0]}"]
    grouped = {s for _, chapters in plan.parts for s in chapters}
    for part, chapters in plan.parts:
        lines += [f"  - part: {part}", f"    chapters: [{', '.join(chapters)}]"]
    lines += [f"  - {s}" for s in plan.stems[1:] if s not in grouped]
    return "\n".join(lines) + "\n"


def write_sources(settings: Settings) -> None:
    rng = random.Random(f"mieux-pub bench {settings.seed}")
    writer = Writer(rng)
    chapters_dir, images_dir = settings.out / "content" / "chapters", settings.out / "content" / "images"
    chapters_dir.mkdir(parents=True)
    images_dir.mkdir()
    images = [f"figure-{n}.svg" for n in range(1, max(2, settings.chapters // 2) + 1)]
    for n, name in enumerate(images, start=1):
        (images_dir / name).write_text(svg(rng, n), encoding="utf-8")
    layout = plan(settings, writer)
    for stem in layout.stems:
        (chapters_dir / f"{stem}.md").write_text(chapter(layout, stem, settings.words, images, writer),
                                                 encoding="utf-8")
    for part, _ in layout.parts:
        (chapters_dir / f"{part}.md").write_text(opener(writer), encoding="utf-8")
    (settings.out / "content" / "publication.yml").write_text(publication_yml(settings, layout, writer),
                                                             encoding="utf-8")


# ---------------------------------------------------------------------------------------------- catalogs


@dataclass(frozen=True)
class Translator:
    """A target language's "translation": the source's words written with its letters."""

    code: str

    @cached_property
    def table(self) -> dict[str, str]:
        """The source's letters to this language's, shuffled so that few letters stay the same."""
        consonants, vowels = (list(letters) for letters in ALPHABETS[self.code])
        random.Random(self.code).shuffle(consonants)
        random.Random(self.code).shuffle(vowels)
        return dict(zip(CONSONANTS + VOWELS, consonants + vowels))

    def word(self, word: str) -> str:
        table = self.table
        text = "".join(table.get(c, c) for c in word.lower())
        if self.code in LONGER and len(word) >= 6:
            text += "".join(table.get(c, c) for c in LONGER[self.code])
        return text[0].upper() + text[1:] if word[0].isupper() else text

    def text(self, text: str) -> str:
        """The text with its plain words rewritten; markup, targets, values and placeholders as they are."""
        out, end = [], 0
        for match in PROTECTED.finditer(text):
            out.append(WORD.sub(lambda m: self.word(m.group()), text[end:match.start()]))
            out.append(match.group())
            end = match.end()
        out.append(WORD.sub(lambda m: self.word(m.group()), text[end:]))
        text = "".join(out)
        if self.code == "fr":  # French typography: a no-break space before a colon
            text = re.sub(r"(?<=\w) ?([;:!?])(?=\s|$)", "\u00a0\\1", text)
        return text


def unquote(line: str) -> str:
    body = line[line.index('"') + 1:line.rindex('"')]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


def fill(path: Path, translator: Translator, share: float, rng: random.Random) -> int:
    """Fill the empty msgstrs of a catalog (a share of them, chosen by rng); return how many were filled.

    The file is edited line by line, as a translator's tool would leave everything else, and msgcat
    then rewraps the entries that were written on one line.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    out, msgid, reading, filled = [], None, False, 0
    for i, line in enumerate(lines):
        if line.startswith("msgid "):
            msgid, reading = unquote(line), True
        elif reading and line.startswith('"'):
            msgid += unquote(line)
        elif line.startswith("msgstr "):
            reading = False
            empty = line == 'msgstr ""' and (i + 1 == len(lines) or not lines[i + 1].startswith('"'))
            if empty and msgid and rng.random() < share:
                line = "msgstr " + quote(translator.text(msgid))
                filled += 1
        out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")
    return filled


def cli(settings: Settings, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "mieux-pub"), "--project", str(settings.out), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def write_catalogs(settings: Settings) -> None:
    cli(settings, "extract")
    # The templates are written in English: a French source needs its ui.po too.
    for code, share in zip(settings.languages, (1.0,) + settings.translated):
        translator = Translator(code)
        for folder in (settings.out / "content" / "locales", settings.out / "templates" / "locales"):
            for path in sorted((folder / code / "LC_MESSAGES").glob("*.po")):
                rng = random.Random(f"{settings.seed}:{code}:{path.name}")
                fill(path, translator, 1.0 if path.name == "ui.po" else share, rng)
                subprocess.run(["msgcat", "--width=79", "-o", str(path), str(path)], check=True)


def verify(settings: Settings) -> list[str]:
    """What is wrong with the generated catalogs: a full language below 100 %, a rejected translation."""
    problems = []
    report = json.loads(cli(settings, "coverage", "--format", "json", check=False).stdout)
    shares = dict(zip(settings.languages[1:], settings.translated))
    for language in report["languages"]:
        if shares.get(language["code"], 1.0) >= 1.0 and language["percent"] != 100.0:
            problems.append(f"{language['code']}: {language['percent']} % translated, not 100 %: {language['units']}")
        if language["ui"]["translated"] != language["ui"]["total"]:
            problems.append(f"{language['code']}: ui.po {language['ui']}")
    findings = json.loads(cli(settings, "check", "--format", "json", check=False).stdout or "[]")
    problems += [f"{f['path']}:{f['line']}: {f['code']}: {f['message']}" for f in findings
                 if f["code"].startswith("rejected") or f.get("severity") == "error"]
    return problems


def parse(argv=None) -> tuple[Settings, bool]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the project folder to create (must not hold content/ already)")
    parser.add_argument("--languages", type=int, default=3, help="languages, the source included (1 to 24)")
    parser.add_argument("--chapters", type=int, default=6, help="chapters, not counting part openers")
    parser.add_argument("--words", type=int, default=1000, help="source words per chapter (about)")
    parser.add_argument("--translated", type=float, nargs="+", default=[1.0],
                        help="share of units translated, per target language; the last value repeats")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", choices=("fr", "en"), default="fr", help="the source language")
    parser.add_argument("--no-verify", action="store_true", help="do not run coverage and check afterwards")
    args = parser.parse_args(argv)
    if not 1 <= args.languages <= len(EU_LANGUAGES):
        parser.error(f"--languages must be between 1 and {len(EU_LANGUAGES)}")
    if (args.out / "content").exists():
        parser.error(f"{args.out / 'content'} exists: give a new folder")
    codes = (args.source,) + tuple(c for c in EU_LANGUAGES if c != args.source)
    shares = list(args.translated) + [args.translated[-1]] * len(codes)
    settings = Settings(args.out.resolve(), codes[:args.languages], args.chapters, args.words,
                        tuple(shares[:args.languages - 1]), args.seed)
    return settings, not args.no_verify


def main(argv=None) -> int:
    settings, check = parse(argv)
    write_sources(settings)
    write_catalogs(settings)
    if check:
        problems = verify(settings)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
    print(f"wrote {settings.out}: {len(settings.languages)} languages ({' '.join(settings.languages)}), "
          f"{settings.chapters} chapters of about {settings.words} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
