"""Translation QA: compare each translation with its source and report what a reviewer would flag."""

from __future__ import annotations

import re
from collections import Counter

from .diagnostics import Diagnostic, warning
from .localize import SPAN
from .source import Source
from .translate import judge, load_catalogs
from .typography import PROTECTED
from .units import count_words

FOOTNOTE_CALL = re.compile(r"\[\^[^\]\s]+\]")
LINK_TARGET = re.compile(r'\]\(([^()\s]+)(?:\s+"[^"]*")?\)')
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MARKUP = {"strong": re.compile(r"\*\*[^*]+\*\*|__[^_]+__"), "emphasis": re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)"),
          "code": re.compile(r"`[^`]+`")}
FRENCH_SPACE_BEFORE = re.compile(r"(?<=\S)( ?)([;:!?»])")
FRENCH_SPACE_AFTER = re.compile(r"«( ?)(?=\S)")
MIN_COPY_WORDS = 4


def check(source: Source, codes: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Check every translated unit of the target languages (or of those named)."""
    publication = source.publication
    publication.require(codes)
    findings: list[Diagnostic] = []
    for language in publication.languages:
        if language.code == publication.source_language or (codes and language.code not in codes):
            continue
        catalogs, problems = load_catalogs(source, language)
        findings += problems
        if problems:
            continue
        findings += judge(source, language, catalogs)[1]  # translations that cannot be used as they are
        for domain, catalog in catalogs.items():
            for entry in catalog.entries.values():
                if entry.msgstr:
                    findings += [warning(catalog.path, entry.line, code, message)
                                 for code, message in compare(entry.msgid, entry.msgstr, language.code)]
    return findings


def compare(source: str, translation: str, language: str) -> list[tuple[str, str]]:
    """Return (code, message) for each way a usable translation departs from its source, as a reviewer reads it."""
    # Footnote calls, link targets, images, locale values and raw markup are compared on the parsed
    # translation when it is judged (translate.accept): a mismatch is a rejected-* finding, not one of these.
    found = []
    numbers = Counter(NUMBER.findall(_plain(source))) - Counter(NUMBER.findall(_plain(translation)))
    for number in numbers:
        found.append(("number-missing", f"the number {number} of the source is not in the translation"))
    for name, pattern in MARKUP.items():
        if len(pattern.findall(source)) != len(pattern.findall(translation)):
            found.append(("markup-mismatch", f"the source has {len(pattern.findall(source))} {name} span(s), "
                                             f"the translation {len(pattern.findall(translation))}"))
    if translation.strip() == source.strip() and count_words(source) >= MIN_COPY_WORDS:
        found.append(("same-as-source", "the translation is identical to the source"))
    if _edges(source) != _edges(translation):
        found.append(("whitespace", "leading or trailing whitespace differs from the source"))
    base = language.split("-")[0]
    if base == "fr":
        found += _french_spacing(translation)
    if base == "es":
        found += _spanish_pairs(translation)
    return found


def _plain(markdown: str) -> str:
    """The text in which numbers are compared: without locale values, link targets and footnote calls."""
    return FOOTNOTE_CALL.sub(" ", LINK_TARGET.sub("]", SPAN.sub(" ", markdown)))


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def _french_spacing(text: str) -> list[tuple[str, str]]:
    text = PROTECTED.sub(" x ", text)
    found = []
    for match in FRENCH_SPACE_BEFORE.finditer(text):
        mark = match.group(2)
        if mark == ":" and not text[match.end():match.end() + 1].isspace() and match.end() < len(text):
            continue  # a time (10:30) or a URL, not punctuation
        found.append(("french-spacing", f"no no-break space before '{mark}' (write a narrow no-break space, U+202F"
                                        f"{', or U+00A0 before a colon' if mark == ':' else ''})"))
    for _ in FRENCH_SPACE_AFTER.finditer(text):
        found.append(("french-spacing", "no no-break space after '«' (write a narrow no-break space, U+202F)"))
    return found


def _spanish_pairs(text: str) -> list[tuple[str, str]]:
    found = []
    for opening, closing in (("¿", "?"), ("¡", "!")):
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
            elif char == closing and depth:
                depth -= 1
        if depth:
            found.append(("spanish-pair", f"'{opening}' has no closing '{closing}'"))
    return found
