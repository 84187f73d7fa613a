"""Translation QA: compare each translation with its source and report what a reviewer would flag.

Each check is a small function of a Pair (a msgid and its msgstr) that yields one message per
finding; the lists at the end say which checks run on content units and which on ui strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property

import babel
from babel.numbers import get_decimal_symbol, get_group_symbol

from . import pandoc, tree
from .catalogs import read_catalog
from .config import LOCALES_DIR, Language
from .diagnostics import Diagnostic, warning
from .extract import ui_languages
from .render import UI_SOURCE, placeholders, ui_catalog_path
from .source import Source
from .translate import judge, load_catalogs
from .units import count_words, is_locale_span

MIN_COPY_WORDS = 4
OBJECT = "\ufffc"  # stands for a code span, raw markup or locale value in a text's words
SPACES = " \u00a0\u202f"
MARKUP = {"Emph": "emphasis", "Strong": "strong", "Code": "code", "Strikeout": "strikeout",
          "Superscript": "superscript", "Subscript": "subscript", "Underline": "underline", "SmallCaps": "small caps"}
END_MARKS = ".!?:;…"
# The same marks in other scripts: CJK full-width ones, the Arabic question mark and comma, the Devanagari danda.
SAME_MARK = str.maketrans({"。": ".", "．": ".", "！": "!", "？": "?", "：": ":", "；": ";", "؟": "?", "؛": ";",
                           "۔": ".", "।": "."})
CLOSING = "\"'»”’)]}*_" + SPACES   # may follow a sentence's final mark
OPENING = "\"'«“‘([{¿¡*_-–—" + SPACES
DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)
HTML_TAG = re.compile(r"<([A-Za-z][\w:-]*)")  # an opening tag's name
FRENCH_SPACE_BEFORE = re.compile(r"(?<=[^\s;:!?])( ?)([;:!?»])")
FRENCH_SPACE_AFTER = re.compile(r"«( ?)(?=\S)")
NOUNS_CAPITALIZED = {"de", "lb"}   # a lowercase source word may start with a capital in these


def check(source: Source, codes: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Check every translated unit and ui string of the languages (or of those named)."""
    publication = source.publication
    publication.require(codes)
    source_locale = publication.language(publication.source_language).locale
    findings: list[Diagnostic] = []
    for language in publication.languages:
        if codes and language.code not in codes:
            continue
        if language.code != publication.source_language:
            findings += _content(source, language, source_locale)
        if language in ui_languages(publication):
            findings += _ui(source, language)
    return findings


def _content(source: Source, language: Language, source_locale: babel.Locale) -> list[Diagnostic]:
    catalogs, problems = load_catalogs(source, language)
    if any(p.is_error for p in problems):
        return problems
    findings = problems + judge(source, language, catalogs)[1]  # and translations that cannot be used as they are
    contexts = {chapter.stem: _context(chapter) for chapter in source.chapters}
    entries = [(catalog.path, entry, contexts.get(domain, "")) for domain, catalog in catalogs.items()
               for entry in catalog.entries.values() if entry.msgstr]
    found = compare([(e.msgid, e.msgstr) for _, e, _ in entries], source_locale, language.locale,
                    [context for _, _, context in entries])
    return findings + [warning(path, entry.line, code, message)
                       for (path, entry, _), pairs in zip(entries, found) for code, message in pairs]


def _ui(source: Source, language: Language) -> list[Diagnostic]:
    catalog, problems = read_catalog(source.root, ui_catalog_path(language.code))
    if any(p.is_error for p in problems):
        return problems
    entries = [entry for entry in catalog.entries.values() if entry.msgstr]
    found = compare([(e.msgid, e.msgstr) for e in entries], babel.Locale(UI_SOURCE), language.locale, None)
    return problems + [warning(catalog.path, entry.line, code, message)
                       for entry, pairs in zip(entries, found) for code, message in pairs]


def _context(chapter) -> str:
    """What a chapter's texts are read with: its link definitions, and a note for each footnote label."""
    return chapter.definitions + "".join(f"\n\n[^{label}]: note" for label in chapter.labels)


def compare(pairs: list[tuple[str, str]], source: babel.Locale, target: babel.Locale,
            contexts: list[str] | None = ()) -> list[list[tuple[str, str]]]:
    """List, for each (msgid, msgstr), how the translation departs from its source, as (code, message).

    The texts are Markdown, each read with its context (default: none), all in one pandoc run;
    contexts=None means plain ui strings, which are not Markdown.
    """
    if contexts is None:
        return [_run(UI_CHECKS, Pair(s, t, source, target)) for s, t in pairs]
    contexts = list(contexts) or [""] * len(pairs)
    texts = [text + "\n\n" + context for (s, t), context in zip(pairs, contexts) for text in (s, t)]
    docs = [doc if isinstance(doc, dict) else None for doc in pandoc.read(texts, f"{LOCALES_DIR}/{target} (checking)")]
    return [_run(MARKDOWN_CHECKS, Pair(s, t, source, target, docs[2 * i], docs[2 * i + 1]))
            for i, (s, t) in enumerate(pairs)]


def _run(checks, pair: Pair) -> list[tuple[str, str]]:
    return [(code, message) for code, function in checks for message in function(pair)]


@dataclass(frozen=True)
class Pair:
    """A msgid and its msgstr, as the checks read them."""

    source: str
    translation: str
    source_locale: babel.Locale
    locale: babel.Locale
    source_doc: dict | None = None   # the Markdown as pandoc read it; None for a ui string
    doc: dict | None = None

    @cached_property
    def source_text(self) -> str:
        return _plain(self.source_doc) if self.source_doc else self.source

    @cached_property
    def text(self) -> str:
        """The translation's words as a reader reads them (for Markdown, without its markup)."""
        return _plain(self.doc) if self.doc else self.translation

    @property
    def language(self) -> str:
        return self.locale.language


def _plain(doc: dict) -> str:
    """A document's text; a code span, raw markup or locale value is one object character, a footnote nothing."""
    out = []
    for node in tree.walk(doc["blocks"], skip=lambda n: tree.is_note(n) or is_locale_span(n)):
        t = node["t"]
        if t == "Str":
            out.append(node["c"])
        elif t in ("Space", "SoftBreak", "LineBreak", "Para", "Plain", "Header"):
            out.append(" ")
        elif t in tree.OPAQUE or is_locale_span(node):
            out.append(OBJECT)
    return "".join(out).strip()


# The checks: each yields a message per finding.

def numbers(pair: Pair):
    """Compare numbers as values, each read in its text's locale: 1,5 in French is 1.5 in English."""
    source, found = _numbers(pair.source_text, pair.source_locale), _numbers(pair.text, pair.locale)
    written = dict(source + found)
    values, found_values = Counter(v for v, _ in source), Counter(v for v, _ in found)
    for value in (values - found_values).elements():
        yield f"the number {written[value]} of the source is not in the translation"
    for value in (found_values - values).elements():
        yield f"the number {written[value]} of the translation is not in the source"


def _numbers(text: str, locale: babel.Locale) -> list[tuple[Decimal, str]]:
    """The numbers of a text as values, in the digits of any numbering system (٣٫٥ and ３.５ are 3.5)."""
    return [(Decimal(_ascii(m["whole"]) + "." + _ascii(m["fraction"] or "0")), m[0])
            for m in _number_pattern(locale.language, locale.territory, locale.script).finditer(text)]


def _ascii(digits: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in digits if unicodedata.decimal(c, None) is not None)


@cache
def _number_pattern(language: str, territory: str | None, script: str | None) -> re.Pattern:
    # \d is any script's decimal digit. The separators are the locale's, in Latin digits and in its own numbering
    # system, and the Arabic and full-width ones, which cannot be mistaken. No-break spaces group digits in any
    # locale; a plain space only where the locale groups with a space. A '.' or ',' that cannot group digits here
    # is a decimal point: the target 10.7 in French or Spanish.
    locale = babel.Locale(language, territory, script)
    systems = {"latn", locale.default_numbering_system}
    decimals = {get_decimal_symbol(locale, numbering_system=s) for s in systems} | {"\u066b", "\uff0e", ".", ","}
    groups = {get_group_symbol(locale, numbering_system=s) for s in systems}
    groups = {g for g in groups if not g.isspace()} | {"\u066c", "\uff0c"} | \
        set(SPACES if any(g.isspace() for g in groups) else SPACES[1:])
    return re.compile(rf"(?<!\d)(?P<whole>\d{{1,3}}(?:[{re.escape(''.join(sorted(groups)))}]\d{{3}})+(?!\d)|\d+)"
                      rf"(?:[{re.escape(''.join(sorted(decimals)))}](?P<fraction>\d+))?")


def markup(pair: Pair):
    """Compare emphasis, strong, code… by kind, however written: _x_ and *x* are the same emphasis."""
    if pair.source_doc is None or pair.doc is None:
        return
    source, found = _kinds(pair.source_doc), _kinds(pair.doc)
    for kind, name in MARKUP.items():
        if source[kind] != found[kind]:
            yield f"the source has {source[kind]} {name} span(s), the translation {found[kind]}"


def _kinds(doc: dict) -> Counter:
    return Counter(node["t"] for node in tree.walk(doc["blocks"], tree.is_note))


def placeholders_differ(pair: Pair):
    """Compare a ui string's %(name)s placeholders with its msgid's: the page shows English when they differ."""
    expected, found = placeholders(pair.source), placeholders(pair.translation)
    if expected != found:
        lost, added = list((expected - found).elements()), list((found - expected).elements())
        parts = ([f"lacks {', '.join(map(repr, lost))}"] if lost else []) + \
                ([f"adds {', '.join(map(repr, added))}"] if added else [])
        yield (f"the translation's placeholders differ from the msgid's: it {' and '.join(parts)}; "
               "the English text is shown until it is fixed")


def same_as_source(pair: Pair):
    if pair.translation.strip() == pair.source.strip() and count_words(pair.source) >= MIN_COPY_WORDS:
        yield "the translation is identical to the source"


def whitespace(pair: Pair):
    if _edges(pair.source) != _edges(pair.translation):
        yield "leading or trailing whitespace differs from the source"


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def double_space(pair: Pair):
    # On the msgstr as written, since pandoc reads two spaces as one; the edges are whitespace's.
    if pair.translation.strip().count("  ") > pair.source.strip().count("  "):
        yield "two spaces in a row, which the source does not have"


def doubled_word(pair: Pair):
    # Counted, not matched by word: "très très" may become "muy muy", "nous nous" become "we".
    source, found = DOUBLED_WORD.findall(pair.source_text), DOUBLED_WORD.findall(pair.text)
    if len(found) > len(source):
        yield f"a word is written twice in a row ({', '.join(f'{w} {w}' for w in found)}), unlike the source"


def end_punctuation(pair: Pair):
    source, found = _final_mark(pair.source_text), _final_mark(pair.text)
    if source != found:
        yield f"the source ends with {_mark(source)}, the translation with {_mark(found)}"


def _mark(mark: str) -> str:
    return repr(mark) if mark else "no punctuation mark"


def _final_mark(text: str) -> str:
    text = text.rstrip(CLOSING + "」』）】").translate(SAME_MARK)
    if text.endswith("..."):
        return "…"
    return text[-1] if text and text[-1] in END_MARKS else ""


def start_case(pair: Pair):
    source, found = pair.source_text.lstrip(OPENING)[:1], pair.text.lstrip(OPENING)[:1]
    if not (_cased(source) and _cased(found)) or source.isupper() == found.isupper():
        return
    if any(char.isalpha() and not _cased(char) for char in pair.text):
        return  # a script without case (Japanese, Arabic…): a sentence may start with a Latin word as it is
    if found.isupper() and pair.language in NOUNS_CAPITALIZED:
        return
    yield (f"the source starts with {'an uppercase' if source.isupper() else 'a lowercase'} letter, "
           f"the translation with {'an uppercase' if found.isupper() else 'a lowercase'} one")


def _cased(char: str) -> bool:
    return char.isupper() or char.islower()


def html_tags(pair: Pair):
    """Flag each HTML tag, by name, that the translation has more often than the source."""
    for tag in (_tags(pair.doc, pair.translation) - _tags(pair.source_doc, pair.source)).elements():
        yield f"the translation has the HTML tag <{tag}>, which the source does not"


def _tags(doc: dict | None, text: str) -> Counter:
    if doc is not None:  # Markdown: only raw HTML is HTML, not a '<' in code or text
        text = " ".join(node["c"][1] for node in tree.walk(doc["blocks"], tree.is_note)
                        if node["t"] in ("RawInline", "RawBlock") and node["c"][0] == "html")
    return Counter(tag.lower() for tag in HTML_TAG.findall(text))


def french_spacing(pair: Pair):
    if pair.language != "fr":
        return
    for match in FRENCH_SPACE_BEFORE.finditer(pair.text):
        mark, after = match.group(2), pair.text[match.end():match.end() + 1]
        if mark == ":" and after and not after.isspace():
            continue  # a time (10:30) or a URL, not punctuation
        yield (f"no no-break space before '{mark}' (write a narrow no-break space, U+202F"
               f"{', or U+00A0 before a colon' if mark == ':' else ''})")
    for _ in FRENCH_SPACE_AFTER.finditer(pair.text):
        yield "no no-break space after '«' (write a narrow no-break space, U+202F)"


def spanish_pairs(pair: Pair):
    if pair.language != "es":
        return
    for opening, closing in (("¿", "?"), ("¡", "!")):
        opened, closed = pair.text.count(opening), pair.text.count(closing)
        if opened > closed:
            yield f"'{opening}' has no closing '{closing}'"
        elif closed > opened:
            yield f"'{closing}' has no opening '{opening}'"


# Which checks run, in this order: on any translated string, then on Markdown units and on ui strings.
TEXT_CHECKS = (("number-mismatch", numbers), ("same-as-source", same_as_source), ("whitespace", whitespace),
               ("double-space", double_space), ("doubled-word", doubled_word),
               ("end-punctuation", end_punctuation), ("start-case", start_case), ("html-tag", html_tags),
               ("french-spacing", french_spacing), ("spanish-pair", spanish_pairs))
MARKDOWN_CHECKS = (("markup-mismatch", markup),) + TEXT_CHECKS
UI_CHECKS = (("placeholder", placeholders_differ),) + TEXT_CHECKS
