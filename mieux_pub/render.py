"""Jinja templates: the package's defaults, overridden by the project's, translated by ui.po."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import babel
import jinja2
import markupsafe
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations
from babel.units import format_unit

from . import localize
from .catalogs import read_catalog, read_strictly
from .config import Language, gettext_code, outside_project
from .diagnostics import Diagnostic, MieuxError, error, warning
from .fonts import script
from .pseudo import Translations as PseudoTranslations
from .typography import NBSP

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
UI_DOMAIN = "ui"
UI_SOURCE = "en"  # the language the default templates are written in
# A %-conversion as Python reads it: %(name)s, %d, %%, or a lone % and the character after it.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?.?", re.DOTALL)


def ui_catalog_path(code: str) -> str:
    """The project's ui.po of a language, in its folder's gettext spelling (pt_BR for pt-BR)."""
    return f"templates/locales/{gettext_code(code)}/LC_MESSAGES/{UI_DOMAIN}.po"


def package_catalog_paths(code: str) -> list[Path]:
    """The ui.po files mieux-pub ships that may translate a language, most specific first: pt_BR, then pt.

    A fallback keeps the script: zh-Hant never falls back to zh, which CLDR writes in Hans.
    """
    locale = babel.Locale.parse(gettext_code(code))
    names = [gettext_code(code), f"{locale.language}_{locale.script}" if locale.script else "", locale.language]
    return [path for name in dict.fromkeys(filter(None, names))
            if script(name) == script(code)
            and (path := PACKAGE_TEMPLATES / "locales" / name / "LC_MESSAGES" / f"{UI_DOMAIN}.po").is_file()]


class Untranslated(str):
    """A template string shown in English for want of a translation: on a page it carries lang="en"."""

    def __html__(self) -> str:
        return f'<span lang="{UI_SOURCE}">{markupsafe.escape(str(self))}</span>'


class _English(NullTranslations):
    """The end of a language's chain of ui translations: the English msgid, marked as English."""

    def gettext(self, message):
        return Untranslated(message)

    def ngettext(self, singular, plural, n):
        return Untranslated(singular if n == 1 else plural)

    ugettext, ungettext = gettext, ngettext   # what Jinja calls on Babel's translations


def ui_translations(root: Path, code: str) -> NullTranslations:
    """A language's ui translations: the project's ui.po, else the one mieux-pub ships, else English marked as such.

    Each ui.po is compiled in memory, leaving out what would break a page (the next in line shows instead):
    fuzzy entries, as msgfmt does, and an entry whose placeholders differ from its msgid's, since Jinja fills
    them with `%` and a renamed one is a KeyError (`check` reports it). A project's catalog that cannot be read
    exactly fails the build with its line.
    """
    chain = [(root / ui_catalog_path(code), ui_catalog_path(code))] + \
            [(path, str(path)) for path in package_catalog_paths(code)]
    translations = NullTranslations() if code.split("-")[0] == UI_SOURCE else _English()
    for path, shown in reversed(chain):
        if path.is_file():
            compiled = _compile(read_strictly(path, shown, code))
            compiled.add_fallback(translations)
            translations = compiled
    return translations


def _compile(catalog) -> Translations:
    for message in list(catalog):
        if message.id and not ui_fits(message.id, message.string):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=UI_DOMAIN)


def plain(value) -> str:
    """A ui string as plain text, for an attribute or metadata: no lang mark (an attribute cannot hold one)."""
    return markupsafe.escape(value).striptags()


def ui_problems(root: Path, code: str) -> list[Diagnostic]:
    """The ui.po entries the build leaves out because their placeholders differ from their msgid's."""
    catalog, problems = read_catalog(root, ui_catalog_path(code))
    return problems + [warning(catalog.path, entry.line, "placeholder",
                               "the translation's placeholders differ from the msgid's: the English text is shown "
                               "until it is fixed (mieux-pub check names them)")
                       for entry in catalog.entries.values() if not ui_fits(entry.msgid, entry.msgstr)]


def placeholders(text: str) -> Counter:
    """The %-conversions of a ui string, as Jinja's gettext fills them (a literal % must be %%)."""
    return Counter(PLACEHOLDER.findall(text))


def ui_fits(msgid, msgstr) -> bool:
    """Tell whether each form of a ui translation has the placeholders of its msgid (or of one of its plural msgids)."""
    ids = msgid if isinstance(msgid, (tuple, list)) else (msgid,)
    expected = [placeholders(i) for i in ids]
    return all(not form or placeholders(form) in expected
               for form in (msgstr if isinstance(msgstr, (tuple, list)) else (msgstr,)))


def template_path(root: Path, name: str) -> Path:
    """A template file: the project's own in <project>/templates if it has one, else the default.

    The project's own is refused when a symbolic link leads outside the project.
    """
    own = root / "templates" / name
    if not own.is_file():
        return PACKAGE_TEMPLATES / name
    if not own.resolve().is_relative_to(root.resolve()):
        raise MieuxError([outside_project(f"templates/{name}", own)])
    return own


class _ProjectTemplates(jinja2.FileSystemLoader):
    """The project's own templates, each read only once template_path has found it inside the project."""

    def __init__(self, root: Path):
        super().__init__(root / "templates")
        self.root = root

    def get_source(self, environment, template):
        template_path(self.root, template)
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            raise not_utf8(f"templates/{template}", exc) from None


def not_utf8(relpath: str, exc: UnicodeDecodeError) -> MieuxError:
    return MieuxError([error(relpath, None, "encoding", f"not UTF-8 text ({exc.reason}): save the file as UTF-8")])


def read_template(root: Path, name: str) -> str:
    """The text of a template file (see template_path)."""
    try:
        return template_path(root, name).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(f"templates/{name}", exc) from None


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process: a template is compiled again only when its text changes (Jinja checks
    the source's checksum), so the languages of a build, and the builds of a process, share the work."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()   # for the environments below, which all have the same options


def loader(root: Path) -> jinja2.BaseLoader:
    """Templates from <project>/templates first, then the defaults that ship with mieux-pub."""
    return jinja2.ChoiceLoader([_ProjectTemplates(root), jinja2.FileSystemLoader(PACKAGE_TEMPLATES)])


def environment(root: Path, language: Language, pseudo: bool = False) -> jinja2.Environment:
    """A Jinja environment for one language: its UI translations (pseudo ones on request) and its locale's formatters."""
    locale, code, numbers = language.locale, language.code, language.numbering_system
    env = jinja2.Environment(loader=loader(root), autoescape=jinja2.select_autoescape(["html", "xhtml"]),
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=COMPILED)
    env.install_gettext_translations(PseudoTranslations() if pseudo else ui_translations(root, code), newstyle=True)
    env.filters.update(
        date=lambda value, format="long": localize.format_date(value, locale, format, numbers),
        interval=lambda value: localize.format_period(value, locale, numbers),
        number=lambda value, decimals=None: localize.format_number(value, locale, decimals, numbers),
        percent=lambda value, decimals=None: localize.format_percent(value, locale, decimals, numbers),
        currency=lambda value, code: localize.format_currency(value, locale, code, numbers),
        language=lambda value: localize.language_name(value, locale),
        own_name=localize.own_name,
        listing=lambda items: localize.join_list(items, locale),
        filesize=lambda size: filesize(size, locale, numbers),
    )
    env.globals["plain"] = plain   # a function, not a filter: a template still compiles in a plain Jinja environment
    return env


def filesize(size: int, locale: babel.Locale, numbers: str = "latn") -> str:
    """A file size for people: 1,2 Mo in French, 1.2 MB in English, ۱٫۲ مگابایت in Persian; never broken at its space.

    A kilobyte is 1,000 bytes, as CLDR's unit and its name (kB, ko) say; CLDR has no kibibyte to name 1,024.
    """
    units = [("byte", 1), ("kilobyte", 1000), ("megabyte", 1000 ** 2)]
    name, scale = next(((n, s) for n, s in reversed(units) if size >= s), units[0])
    text = format_unit(round(size / scale, 1), f"digital-{name}", length="short", locale=locale, numbering_system=numbers)
    return localize.digits(text, numbers).replace(" ", NBSP)
