"""Jinja templates: the package's defaults, overridden by the project's, translated by ui.po."""

from __future__ import annotations

import io
from pathlib import Path

import babel
import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from babel.units import format_unit

from . import localize
from .config import Language

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
UI_DOMAIN = "ui"
UI_SOURCE = "en"  # the language the default templates are written in


def ui_catalog_path(code: str) -> str:
    return f"templates/locales/{code}/LC_MESSAGES/{UI_DOMAIN}.po"


def ui_translations(root: Path, code: str) -> NullTranslations:
    """Compile a language's ui.po in memory; fuzzy entries are left out, as msgfmt does."""
    path = root / ui_catalog_path(code)
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=UI_DOMAIN)


def template_path(root: Path, name: str) -> Path:
    """A template file: the project's own in <project>/templates if it has one, else the default."""
    own = root / "templates" / name
    return own if own.is_file() else PACKAGE_TEMPLATES / name


def loader(root: Path) -> jinja2.BaseLoader:
    """Templates from <project>/templates first, then the defaults that ship with mieux-pub."""
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(root / "templates"),
                                jinja2.FileSystemLoader(PACKAGE_TEMPLATES)])


def environment(root: Path, language: Language) -> jinja2.Environment:
    """A Jinja environment for one language: its UI translations and its locale's formatters."""
    locale, code = language.locale, language.code
    env = jinja2.Environment(loader=loader(root), autoescape=jinja2.select_autoescape(["html", "xhtml"]),
                             extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.install_gettext_translations(ui_translations(root, code), newstyle=True)
    env.filters.update(
        date=lambda value, format="long": localize.format_date(value, locale, format),
        interval=lambda value: localize.format_period(value, locale),
        number=lambda value, decimals=None: localize.format_number(value, locale, decimals),
        percent=lambda value, decimals=None: localize.format_percent(value, locale, decimals),
        currency=lambda value, code: localize.format_currency(value, locale, code),
        language=lambda value: localize.language_name(value, locale),
        own_name=localize.own_name,
        listing=lambda items: localize.join_list(items, locale),
        filesize=lambda size: filesize(size, locale),
    )
    return env


def filesize(size: int, locale: babel.Locale) -> str:
    """A file size for people: 1,2 Mo in French, 1.2 MB in English."""
    units = [("byte", 1), ("kilobyte", 1024), ("megabyte", 1024 ** 2)]
    name, scale = next(((n, s) for n, s in reversed(units) if size >= s), units[0])
    return format_unit(round(size / scale, 1), f"digital-{name}", length="short", locale=locale)
