"""publication.yml: the publication's metadata, languages and reading order."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import babel
import yaml

from .diagnostics import Diagnostic, error, raise_errors
from .localize import numbering_systems

LOCALES_DIR = "content/locales"
CONFIG_PATH = "content/publication.yml"


@dataclass(frozen=True)
class Option:
    """One key of publication.yml."""

    kind: type | tuple[type, ...]
    required: bool
    translatable: bool
    doc: str


OPTIONS: dict[str, Option] = {
    "id": Option(str, True, False, "Names the output files: <id>-<lang>.pdf, .epub."),
    "title": Option(str, True, True, "The publication's title."),
    "subtitle": Option(str, False, True, "A line under the title."),
    "description": Option(str, True, True, "A paragraph: the landing page's summary and the outputs' metadata."),
    "publisher": Option(str, True, True, "Who publishes it; the outputs' publisher and author metadata."),
    "author": Option(str, False, True, "Who wrote it, when not the publisher."),
    "license": Option(str, False, True, "The licence sentence printed in the colophon."),
    "notice": Option(str, False, True, "A sentence for the colophon, such as a disclaimer."),
    "keywords": Option(list, False, True, "Subject keywords for the outputs' metadata."),
    "cover": Option(str, False, False, "An image for the cover of the PDF and the EPUB and for the landing page: a "
                                       "path in content/, such as images/cover.svg."),
    "partners": Option(list, False, True, "The partners whose marks the cover and the landing page show, in order: "
                                          "[{name: ..., logo: images/...}]; each name is translatable and is the "
                                          "text alternative of its logo."),
    "date": Option(str, True, False, "Publication date (YYYY-MM-DD), formatted per locale."),
    "source_language": Option(str, True, False, "The language the chapters are written in."),
    "languages": Option(list, True, False, "Output languages in order: {code, isbn, draft, numbers, locale}. "
                                           "'locale' names the edition's locale when it is more than its code "
                                           "({code: en, locale: en_GB}): its dates, numbers, language names and "
                                           "the order of sorted tables; folders, lang and catalogs keep the code."),
    "chapters": Option(list, True, False, "Chapter stems in reading order; {part, chapters} groups them."),
    "po_width": Option(int, False, False, "Line width of the catalogs extract writes, as GNU gettext's --width "
                                          "(default 79, as msgmerge and Poedit); 0 writes each string on one line."),
    "raw_html": Option(str, False, False, "How far the chapters' raw markup is trusted: 'safe' (the default) lets "
                                          "through only the safe set of raw HTML, attributes and link schemes the "
                                          "README lists; 'trusted' lets any through, scripts and raw blocks for "
                                          "other formats included, for a publication that needs them."),
    "fonts": Option(dict, False, False, "Font families the PDF sets a language or a script in before its own: "
                                        "{ar: Amiri, Hans: [Noto Serif CJK SC]}; a key is one of the languages "
                                        "or an ISO 15924 script code (Arab, Hans, Jpan, Deva...)."),
    "lists": Option(list, False, False, "The lists of numbered figures and tables the outputs carry: [figures], "
                                        "[tables] or both, in that order; the PDF prints them after its contents, "
                                        "with their pages, the site's landing page and the EPUB link them."),
}
LISTS = ("figures", "tables")
RAW_HTML = ("safe", "trusted")
SCRIPT_PATTERN = re.compile(r"^[A-Z][a-z]{3}$")   # ISO 15924: Arab, Hans, Latn

LANGUAGE_KEYS = ("code", "isbn", "draft", "numbers", "locale")
PARTNER_KEYS = ("name", "logo")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")   # what the site, WeasyPrint and Pillow show
# A language code as written in publication.yml or --lang: subtags joined by '-' (BCP 47) or '_' (gettext).
CODE_PATTERN = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Stems the outputs use for themselves: a chapter of that name would overwrite them.
RESERVED_STEMS = {"index", "assets", "images", "pagefind", "reports", "manifest"}


@dataclass(frozen=True)
class Language:
    code: str                   # BCP 47, as in the outputs: pt-BR, zh-Hans
    isbn: str | None = None
    draft: bool = False
    numbers: str | None = None  # a CLDR numbering system (latn, arabext…); None: the locale's default
    locale_tag: str | None = None   # BCP 47, a variant of the code's language (en-GB for en); None: the code's

    @property
    def locale(self) -> babel.Locale:
        """The CLDR locale the edition formats and sorts with: publication.yml's 'locale', else its code's."""
        return babel.Locale.parse(gettext_code(self.locale_tag or self.code))

    @property
    def numbering_system(self) -> str:
        """The digits this edition writes numbers with: publication.yml's choice, else CLDR's default."""
        return self.numbers or self.locale.default_numbering_system

    @property
    def release(self) -> bool:
        return not self.draft


@dataclass(frozen=True)
class Entry:
    """A place in the reading order: a chapter, or the opener of a part."""

    stem: str
    part: str | None = None
    is_part: bool = False


@dataclass(frozen=True)
class Partner:
    """A partner whose mark the cover and the landing page show: its name in the source language, its logo."""

    name: str
    logo: str   # a path in content/, as images are written in publication.yml


@dataclass(frozen=True)
class Field:
    """A translatable value of publication.yml and the line it was written on."""

    key: str
    text: str
    line: int


@dataclass(frozen=True)
class Publication:
    id: str
    date: datetime.date
    source_language: str
    languages: tuple[Language, ...]
    entries: tuple[Entry, ...]
    fields: tuple[Field, ...]
    po_width: int = 79
    raw_html: str = "safe"   # one of RAW_HTML
    fonts: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (language or script, font families), as written
    lists: tuple[str, ...] = ()   # 'figure', 'table': the lists of them to print (publication.yml's 'lists')
    cover: str | None = None           # a path in content/
    partners: tuple[Partner, ...] = ()

    @property
    def images(self) -> tuple[str, ...]:
        """The images publication.yml names, as paths in content/: the cover, then the partners' logos."""
        return tuple(filter(None, (self.cover, *(p.logo for p in self.partners))))

    def fonts_for(self, code: str, script: str) -> tuple[str, ...]:
        """The font families publication.yml names for a language, then for its script."""
        named = dict(self.fonts)
        return named.get(code, ()) + named.get(script, ())

    @property
    def trusts_raw_html(self) -> bool:
        return self.raw_html == "trusted"

    def text(self, key: str) -> str:
        """Return the source text of a translatable field, or ''."""
        return next((f.text for f in self.fields if f.key == key), "")

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def require(self, codes) -> None:
        """Refuse language codes (from --lang, in BCP 47) that are not the publication's, naming those that are."""
        known = [lang.code for lang in self.languages]
        raise_errors([error(CONFIG_PATH, None, "unknown-language",
                            f"--lang {code} is not one of the publication's languages: {', '.join(known)}")
                      for code in codes if code not in known])

    @property
    def source(self) -> Language:
        return self.language(self.source_language)

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(e.stem for e in self.entries)

    @property
    def keywords(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.key == "keywords")


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps, so that a bad date is our error with its line, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def language_tag(code: str) -> str | None:
    """The BCP 47 spelling of a language code written either way (pt-BR, pt_BR, PT-br: pt-BR), or None.

    Only the spelling is checked here; whether CLDR knows the locale is locale_problem's question.
    """
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        return None
    try:
        language, territory, script, variant = babel.core.parse_locale(code.replace("-", "_"))[:4]
    except ValueError:
        return None
    return "-".join(part for part in (language, script, territory, variant) if part)


def gettext_code(tag: str) -> str:
    """The gettext spelling of a BCP 47 code (pt_BR, zh_Hans), as catalog folders, PO editors and Babel write it."""
    return tag.replace("-", "_")


def script(locale: babel.Locale | str) -> str:
    """The ISO 15924 code of the script a locale (or a language code) is written in: its own, else CLDR's likely
    one (zh: Hans)."""
    if isinstance(locale, str):
        try:
            locale = babel.Locale.parse(gettext_code(locale))
        except (ValueError, babel.UnknownLocaleError):
            return "Latn"
    if locale.script:
        return locale.script
    likely = babel.core.get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}", locale.language):
        if key in likely:
            return babel.core.parse_locale(likely[key])[2] or "Latn"
    return "Latn"


def catalog_folder(code: str) -> str:
    """A language's folder of content catalogs, in the gettext spelling of its code (pt_BR for pt-BR)."""
    return f"{LOCALES_DIR}/{gettext_code(code)}"


def locale_problem(code) -> str | None:
    """What is wrong with a language code of publication.yml, saying what to write instead; None when CLDR knows it."""
    tag = language_tag(code)
    language = tag.split("-")[0] if tag else None
    try:
        locale = babel.Locale.parse(gettext_code(tag)) if tag and language not in ("root", "und") else None
    except (ValueError, babel.UnknownLocaleError):
        locale = None
    if locale is not None:   # known; or an alias, as iw is he and mo is ro
        return None if locale.language == language else \
            f"'{code}' is an old code: write {tag.replace(language, locale.language, 1)}"
    named = _LANGUAGE_NAMES.get(str(code).strip().lower())
    if named:
        return f"'{code}' is a language's name: write its code, {named.replace('_', '-')}"
    if tag is None:
        return (f"'{code}' is not a language code: write a BCP 47 code, a language then optionally a script and a "
                "region, such as fr, pt-BR, zh-Hans or sr-Latn")
    known = sorted(babel.localedata.locale_identifiers())
    variants = [k.replace("_", "-") for k in known if k.startswith(language + "_")]
    if language in known:
        shown = ", ".join(variants[:8]) + (", …" if len(variants) > 8 else "")
        return f"'{code}' is not a locale CLDR knows: write {language}" + (f" or one of {shown}" if variants else "")
    return f"'{code}' is not a language CLDR knows: write a BCP 47 code such as fr, pt-BR, zh-Hans or sr-Latn"


class _Names(dict):
    """English language names to their codes, read from CLDR when first asked: 'portuguese' is pt."""

    def get(self, name, default=None):
        if not self:
            self.update({n.lower(): c for c, n in babel.Locale("en").languages.items() if "_" not in c})
        return super().get(name, default)


_LANGUAGE_NAMES = _Names()


def release_time(publication: Publication, environ) -> datetime.datetime:
    """The time stamped into outputs: SOURCE_DATE_EPOCH when set, else the publication date, so builds repeat."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        except (OverflowError, ValueError, OSError):
            raise_errors([error("SOURCE_DATE_EPOCH", None, "bad-value", f"'{epoch}' is past the year 9999: set it to "
                                                                         "seconds since 1970, as `date +%s` prints")])
    date = publication.date
    return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.timezone.utc)


def load_publication(root: Path) -> Publication:
    """Parse and validate publication.yml, reporting every problem in one error."""
    path = root / CONFIG_PATH
    if path.exists() and not path.resolve().is_relative_to(root.resolve()):
        raise_errors([outside_project(CONFIG_PATH, path)])
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark, as some editors write, is accepted
        node = yaml.compose(text)
        raw = yaml.load(text, Loader=_Loader)
    except FileNotFoundError:
        raise_errors([error(CONFIG_PATH, None, "config-missing",
                            "no publication.yml: create it (see the README's content contract) or pass --project")])
    except OSError as exc:   # a folder, a loop of symbolic links, no permission
        raise_errors([error(CONFIG_PATH, None, "unreadable", f"cannot read publication.yml: {exc.strerror}")])
    except UnicodeDecodeError as exc:
        raise_errors([error(CONFIG_PATH, None, "encoding", f"not UTF-8 text ({exc.reason}): save the file as UTF-8")])
    except RecursionError:
        raise_errors([error(CONFIG_PATH, 1, "config-syntax", "not valid YAML: nested too deep for a configuration")])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise_errors([error(CONFIG_PATH, mark.line + 1 if mark else None, "config-syntax",
                            f"not valid YAML: {getattr(exc, 'problem', exc)}")])
    if not isinstance(raw, dict):
        raise_errors([error(CONFIG_PATH, 1, "config-type", "publication.yml must be a mapping of keys to values")])
    lines = _Lines(node)
    problems: list[Diagnostic] = _duplicate_keys(node)

    def problem(keys: tuple, message: str, code: str = "config-value") -> None:
        problems.append(error(CONFIG_PATH, lines.of(keys), code, message))

    for key, value in raw.items():
        option = OPTIONS.get(key)
        if option is None:
            problem((key,), f"unknown key '{key}'; known keys: {', '.join(OPTIONS)}", "config-unknown-key")
        elif not isinstance(value, option.kind) or isinstance(value, bool):
            problem((key,), f"'{key}' must be {_kind_name(option.kind)}, not {type(value).__name__}", "config-type")
    for key, option in OPTIONS.items():
        if option.required and key not in raw:
            problems.append(error(CONFIG_PATH, None, "config-missing-key", f"missing required key '{key}': {option.doc}"))

    pub_id = raw.get("id")
    if isinstance(pub_id, str) and not ID_PATTERN.match(pub_id):
        problem(("id",), f"'id' must be lowercase letters, digits and hyphens, not '{pub_id}'")
    date = _date(raw.get("date"), lambda m: problem(("date",), m))
    languages = _languages(raw.get("languages"), problem)
    codes = [lang.code for lang in languages]
    source = raw.get("source_language")
    source = language_tag(source) or source if isinstance(source, str) else source
    if isinstance(source, str) and codes and source not in codes:
        problem(("source_language",), f"source_language '{source}' is not one of the languages: {', '.join(codes)}")
    elif isinstance(source, str) and any(l.draft for l in languages if l.code == source):
        problem(("source_language",), "the source language cannot be a draft")
    entries = _entries(raw.get("chapters"), root, problem)
    fields = _fields(raw, lines, problem)
    po_width = raw.get("po_width", 79)
    if isinstance(po_width, int) and po_width < 0:
        problem(("po_width",), f"'po_width' must be 0 (no wrapping) or a line width such as 79, not {po_width}")
    raw_html = raw.get("raw_html", RAW_HTML[0])
    if isinstance(raw_html, str) and raw_html not in RAW_HTML:
        problem(("raw_html",), f"'raw_html' must be 'safe' (the default: only the safe set of raw HTML) or "
                               f"'trusted' (any raw HTML), not '{raw_html}'")

    fonts = _fonts(raw.get("fonts"), codes, problem)
    lists = _lists(raw.get("lists"), problem)
    cover = _image(raw["cover"], root, ("cover",), "'cover'", problem) if isinstance(raw.get("cover"), str) else None
    partners = _partners(raw.get("partners"), root, problem)

    raise_errors(problems)
    return Publication(pub_id, date, source, tuple(languages), tuple(entries), tuple(fields), po_width, raw_html,
                       fonts, lists, cover, partners)


def _lists(value, problem) -> tuple[str, ...]:
    """The lists: key, figures and tables, each once: the kinds of element listed ('figure', 'table')."""
    if not isinstance(value, list):
        return ()
    for i, item in enumerate(value):
        if item not in LISTS or item in value[:i]:
            problem(("lists", i), f"'lists' holds {' and '.join(LISTS)}, each at most once, not {item!r}")
    return tuple(item.removesuffix("s") for item in LISTS if item in value)


def _image(value, root: Path, keys: tuple, what: str, problem) -> str | None:
    """An image publication.yml names: a file of content/, which the outputs can show; else a problem at its line."""
    if not isinstance(value, str) or not value.strip():
        problem(keys, f"{what} must be the path of an image in content/, such as images/logo.svg", "config-type")
        return None
    content = (root / "content").resolve()
    path = (content / value).resolve()
    if not path.is_relative_to(content):
        problem(keys, f"{what} content/{value} is outside the project's content/ folder: copy the image into "
                      "content/images/", "outside-project")
    elif not path.is_file():
        problem(keys, f"{what} content/{value} does not exist: add the image or fix the path", "config-missing-image")
    elif path.suffix.lower() not in IMAGE_SUFFIXES:
        problem(keys, f"{what} content/{value} is not an image the outputs can show: use "
                      f"{', '.join(s[1:].upper() for s in IMAGE_SUFFIXES)}")
    else:
        return value
    return None


def _partners(value, root: Path, problem) -> tuple[Partner, ...]:
    """The partners: list, each {name, logo}."""
    partners = []
    for i, item in enumerate(value if isinstance(value, list) else []):
        if not isinstance(item, dict) or set(item) != set(PARTNER_KEYS) or not isinstance(item["name"], str) \
                or not item["name"].strip():
            problem(("partners", i), "each partner must be {name: <its name>, logo: <an image in content/>}, such as "
                                     "{name: ICMPD, logo: images/icmpd.svg}")
            continue
        logo = _image(item["logo"], root, ("partners", i, "logo"), f"the logo of '{item['name']}'", problem)
        if logo is not None:
            partners.append(Partner(item["name"].strip(), logo))
    return tuple(partners)


def _fonts(value, codes: list[str], problem) -> tuple:
    """The fonts: mapping, each key a language of the publication or a script, each value one family or a list."""
    if not isinstance(value, dict):
        return ()
    fonts = []
    for key, families in value.items():
        families = [families] if isinstance(families, str) else families
        if not isinstance(key, str) or not (key in codes or SCRIPT_PATTERN.match(key)):
            problem(("fonts", key), f"'fonts' key '{key}' is neither one of the languages ({', '.join(codes)}) nor an "
                                    "ISO 15924 script code such as Arab, Hans or Deva")
        elif not isinstance(families, list) or not families or not all(isinstance(f, str) and f.strip()
                                                                         for f in families):
            problem(("fonts", key), f"'fonts' of '{key}' must be a font family or a list of them, such as "
                                    "[Noto Naskh Arabic]")
        else:
            fonts.append((key, tuple(f.strip() for f in families)))
    return tuple(fonts)


def outside_project(shown: str, path: Path) -> Diagnostic:
    """A file or folder of the project that a symbolic link leads outside it: it is never read."""
    return error(shown, None, "outside-project", f"a symbolic link to {path.resolve()}, outside the project: "
                                                 "mieux-pub reads only the project's own files; copy it into the "
                                                 "project instead")


def _duplicate_keys(node) -> list[Diagnostic]:
    """A key written twice in one mapping: YAML would silently keep the last one."""
    problems, pending = [], [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            seen = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(error(CONFIG_PATH, key.start_mark.line + 1, "config-duplicate-key",
                                          f"'{key.value}' is written twice: keep one"))
                seen.add(key.value)
                pending.append(value)
        elif isinstance(current, yaml.SequenceNode):
            pending += current.value
    return sorted(problems)


class _Lines:
    """Find the 1-based line of a key path in the composed YAML tree."""

    def __init__(self, node):
        self.node = node

    def of(self, keys: tuple) -> int | None:
        node, line = self.node, None
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == key), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                break
        return line


def _kind_name(kind) -> str:
    names = {str: "text", list: "a list", bool: "true or false", int: "a whole number", dict: "a mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _date(value, problem) -> datetime.date | None:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            problem(f"'date' must be a date written YYYY-MM-DD, not '{value}'")
    return None


def _languages(value, problem) -> list[Language]:
    if not isinstance(value, list):
        return []
    languages = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            item = {"code": item}
        if not isinstance(item, dict) or "code" not in item:
            problem(("languages", i), "each language must be a mapping with at least a 'code', e.g. {code: en}")
            continue
        for key in sorted(set(item) - set(LANGUAGE_KEYS)):
            problem(("languages", i), f"unknown key '{key}' in language '{item['code']}'; known keys: "
                                      f"{', '.join(LANGUAGE_KEYS)}", "config-unknown-key")
        code, isbn, draft, numbers = item["code"], item.get("isbn"), item.get("draft", False), item.get("numbers")
        problem_text = locale_problem(code)
        if problem_text:
            problem(("languages", i), problem_text, "unknown-locale")
            continue
        code = language_tag(code)
        if code in (lang.code for lang in languages):
            problem(("languages", i), f"language '{code}' is listed twice")
            continue
        if not isinstance(draft, bool):
            problem(("languages", i), f"'draft' of '{code}' must be true or false", "config-type")
        if isbn is not None and not _valid_isbn(str(isbn)):
            problem(("languages", i), f"'{isbn}' is not a valid ISBN-13 (check the digits and the check digit)")
        locale = item.get("locale")
        unknown = locale is not None and locale_problem(locale)
        mismatch = locale is not None and not unknown and _mismatch(code, locale)
        if unknown or mismatch:
            problem(("languages", i, "locale"), f"'locale' of '{code}': {unknown or mismatch}",
                    "unknown-locale" if unknown else "locale-mismatch")
        language = Language(code, None if isbn is None else str(isbn), draft is True,
                            locale_tag=None if locale is None or unknown or mismatch else language_tag(locale))
        if numbers is not None and numbers not in numbering_systems(language.locale):
            problem(("languages", i), f"'numbers' of '{code}' must be a numbering system CLDR knows, such as latn "
                                      f"(0123456789) or {language.numbering_system} (its default), not '{numbers}'")
            numbers = None
        languages.append(Language(code, language.isbn, language.draft, numbers, language.locale_tag))
    return languages


def _mismatch(code: str, locale: str) -> str | None:
    """What makes a locale unfit for an edition: another language, script or region than its code names."""
    ours, theirs = (babel.Locale.parse(gettext_code(language_tag(c))) for c in (code, locale))
    if ours.language == theirs.language and script(ours) == script(theirs) \
            and ours.territory in (None, theirs.territory):
        return None
    likely = babel.core.get_global("likely_subtags")
    territory = babel.core.parse_locale(likely.get(str(ours)) or likely.get(ours.language, ours.language))[1]
    example = "-".join(filter(None, (ours.language, ours.script, ours.territory or territory)))
    return (f"'{locale}' is a locale of {theirs.english_name}, not of {ours.english_name}: write a locale of "
            f"{ours.english_name}, such as {example}, or leave 'locale' out")


def _valid_isbn(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit():
        return False
    return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0


def _entries(value, root: Path, problem) -> list[Entry]:
    if not isinstance(value, list):
        return []
    entries: list[Entry] = []
    seen: set[str] = set()

    def add(stem, keys, part=None, is_part=False):
        if not isinstance(stem, str) or not ID_PATTERN.match(stem):
            problem(keys, f"a chapter must be a file stem such as 'introduction', not {stem!r}")
        elif stem in seen:
            problem(keys, f"chapter '{stem}' is listed twice")
        elif stem in RESERVED_STEMS:
            problem(keys, f"a chapter cannot be named '{stem}': the outputs use that name "
                          f"({', '.join(sorted(RESERVED_STEMS))}); rename the file and its entry", "reserved-stem")
        elif not (root / "content" / "chapters" / f"{stem}.md").is_file():
            problem(keys, f"chapter file content/chapters/{stem}.md does not exist: create it or fix the stem",
                    "config-missing-chapter")
        else:
            seen.add(stem)
            entries.append(Entry(stem, part, is_part))

    for i, item in enumerate(value):
        if isinstance(item, dict):
            unknown = set(item) - {"part", "chapters"}
            if unknown or "part" not in item or not isinstance(item.get("chapters"), list):
                problem(("chapters", i), "a part must be {part: <stem>, chapters: [<stem>, ...]}")
                continue
            add(item["part"], ("chapters", i), is_part=True)
            for j, stem in enumerate(item["chapters"]):
                add(stem, ("chapters", i, "chapters", j), part=item["part"])
        else:
            add(item, ("chapters", i))
    return entries


def _fields(raw: dict, lines: _Lines, problem) -> list[Field]:
    fields = []
    for key, option in OPTIONS.items():
        value = raw.get(key)
        if not option.translatable or value is None:
            continue
        if key == "keywords":
            for i, word in enumerate(value if isinstance(value, list) else []):
                if isinstance(word, str):
                    fields.append(Field(key, word, lines.of((key, i)) or 1))
                else:
                    problem((key, i), "each keyword must be text", "config-type")
        elif key == "partners":   # the names; _partners reads the rest
            fields += [Field(key, item["name"].strip(), lines.of((key, i, "name")) or 1)
                       for i, item in enumerate(value if isinstance(value, list) else [])
                       if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip()]
        elif isinstance(value, str):
            fields.append(Field(key, value.strip(), lines.of((key,)) or 1))
    return fields
