"""Locale-formatted values: facts written once in the source, formatted per language by Babel."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import babel
from babel.dates import format_date as _format_date, format_interval
from babel.numbers import format_currency as _format_currency, format_decimal, format_percent as _format_percent
from babel.lists import format_list

from .typography import NBSP, NNBSP, WJ

SPAN = re.compile(r"\[(?P<value>[^\[\]]*)\]\{\.(?P<kind>date|interval|number|percent|currency|language)"
                  r"(?P<options>(?:\s+[\w-]+=(?:\"[^\"]*\"|[^\s}]*))*)\s*\}")
DATE_FORMATS = ("short", "medium", "long", "full")
# CLDR's numeric numbering systems, by the Unicode name of their digits: every locale's default and the common
# others. Babel picks a system's separators and signs but leaves the digits 0-9 as they are: digits() writes them.
DIGIT_NAMES = {
    "latn": "", "arab": "ARABIC-INDIC", "arabext": "EXTENDED ARABIC-INDIC", "adlm": "ADLAM", "bali": "BALINESE",
    "beng": "BENGALI", "cakm": "CHAKMA", "deva": "DEVANAGARI", "fullwide": "FULLWIDTH", "gujr": "GUJARATI",
    "guru": "GURMUKHI", "hmnp": "NYIAKENG PUACHUE HMONG", "java": "JAVANESE", "khmr": "KHMER", "knda": "KANNADA",
    "laoo": "LAO", "limb": "LIMBU", "mlym": "MALAYALAM", "mong": "MONGOLIAN", "mtei": "MEETEI MAYEK",
    "mymr": "MYANMAR", "nkoo": "NKO", "olck": "OL CHIKI", "orya": "ORIYA", "sinh": "SINHALA LITH",
    "tamldec": "TAMIL", "telu": "TELUGU", "thai": "THAI", "tibt": "TIBETAN", "vaii": "VAI"}
SYSTEM_DIGITS = {name: "".join(chr(ord(unicodedata.lookup(f"{unicode} DIGIT ZERO")) + i) for i in range(10))
                 for name, unicode in DIGIT_NAMES.items() if unicode} | {"latn": "0123456789", "hanidec": "〇一二三四五六七八九"}


class ValueProblem(ValueError):
    """A locale span whose value or options cannot be formatted."""


def numbering_systems(locale: babel.Locale) -> tuple[str, ...]:
    """The numbering systems a locale can write its numbers in: those CLDR gives symbols for and we have digits of."""
    return tuple(name for name in SYSTEM_DIGITS if name in locale.number_symbols)


def digits(text: str, numbers: str) -> str:
    """Write the digits 0-9 of a formatted text in a numbering system's digits ('default' leaves them)."""
    return text.translate(str.maketrans("0123456789", SYSTEM_DIGITS[numbers])) if numbers in SYSTEM_DIGITS else text


DIGITS = 100   # the most a number may have on either side of its point (1e999999 would be a million digits)


def format_date(value, locale: babel.Locale, format: str = "long", numbers: str = "latn") -> str:
    """Format a date (a date or YYYY-MM-DD) in the locale's words and a numbering system's digits."""
    if format not in DATE_FORMATS:
        raise ValueProblem(f"unknown date format '{format}': use one of {', '.join(DATE_FORMATS)}")
    return digits(_format_date(_parse_date(value) if isinstance(value, str) else value, format, locale=locale), numbers)


def format_period(value: str, locale: babel.Locale, numbers: str = "latn") -> str:
    """Format 'YYYY-MM/YYYY-MM' or 'YYYY-MM-DD/YYYY-MM-DD' as a range in the locale."""
    parts = value.split("/")
    if len(parts) != 2:
        raise ValueProblem(f"an interval is two dates joined by '/', such as 2008-12/2020-04, not '{value}'")
    start, end = (p.strip() for p in parts)
    precise = len(start) == 10
    if len(start) != len(end) or len(start) not in (7, 10):
        raise ValueProblem(f"both ends of '{value}' must be written the same way: YYYY-MM or YYYY-MM-DD")
    first, last = (_parse_date(p if precise else p + "-01") for p in (start, end))
    if last < first:
        raise ValueProblem(f"the interval '{value}' ends before it starts")
    text = format_interval(first, last, "yMMMMd" if precise else "yMMMM", locale=locale)
    # A range never breaks across lines: its spaces are no-break, and a word joiner holds what follows the dash.
    return digits(text.replace(" ", NBSP).replace("\u2009", NNBSP).replace("–", "–" + WJ), numbers)


def format_number(value, locale: babel.Locale, decimals: int | str | None = None, numbers: str = "latn") -> str:
    """Format a number with the locale's separators in a numbering system, optionally with a fixed count of decimals."""
    number = _decimal(value)
    if decimals is not None:
        places = _whole(decimals, "decimals")
        number = number.quantize(Decimal(1).scaleb(-places))
        return digits(format_decimal(number, format="#,##0." + "0" * places if places else "#,##0", locale=locale,
                                     numbering_system=numbers), numbers)
    return digits(format_decimal(number, locale=locale, decimal_quantization=False, numbering_system=numbers), numbers)


def format_percent(value, locale: babel.Locale, decimals: int | str | None = None, numbers: str = "latn") -> str:
    """Format a fraction (0.87) as a percentage in the locale (87 %)."""
    number = _decimal(value)
    if decimals is None:
        text = _format_percent(number, locale=locale, numbering_system=numbers)
    else:
        percent = (number * 100).quantize(Decimal(1).scaleb(-_whole(decimals, "decimals")))
        text = _format_percent(percent / 100, locale=locale, decimal_quantization=False, numbering_system=numbers)
    # Babel writes the pattern's '%' as it is; CLDR's sign of the numbering system is Persian ٪ in fa, for instance.
    return digits(text.replace("%", locale.number_symbols[numbers].get("percentSign", "%")), numbers)


def format_currency(value, locale: babel.Locale, code: str | None = None, numbers: str = "latn") -> str:
    """Format an amount in the given ISO 4217 currency."""
    if not code or not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueProblem(f"a currency needs its ISO code, such as code=EUR, not '{code or ''}'")
    amount = _decimal(value)
    if amount == amount.to_integral_value():
        # Whole amounts read better without decimals: 1 500 €, not 1 500,00 €.
        pattern = locale.currency_formats["standard"].pattern.replace("0.00", "0")
        return digits(_format_currency(amount, code, format=pattern, locale=locale, currency_digits=False,
                                       numbering_system=numbers), numbers)
    return digits(_format_currency(amount, code, locale=locale, numbering_system=numbers), numbers)


def language_name(code: str, locale: babel.Locale) -> str:
    """Name a language, given by its code, in the locale's words."""
    try:
        other = babel.Locale.parse(code.strip().replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        raise ValueProblem(f"unknown language code '{code}'") from None
    return other.get_display_name(locale) or code


def own_name(code: str) -> str:
    """Name a language in itself: 'español' for es."""
    return language_name(code, babel.Locale.parse(code, sep="-"))


def join_list(items, locale: babel.Locale) -> str:
    """Join items as the locale writes a list: 'a, b et c'."""
    return format_list(list(items), locale=locale)


FORMATTERS = {
    "date": lambda v, loc, o, n: format_date(v, loc, o.pop("format", "long"), n),
    "interval": lambda v, loc, o, n: format_period(v, loc, n),
    "number": lambda v, loc, o, n: format_number(v, loc, o.pop("decimals", None), n),
    "percent": lambda v, loc, o, n: format_percent(v, loc, o.pop("decimals", None), n),
    "currency": lambda v, loc, o, n: format_currency(v, loc, o.pop("code", None), n),
    "language": lambda v, loc, o, n: language_name(v, loc),
}


def format_value(kind: str, value: str, options: dict, locale: babel.Locale, numbers: str = "latn") -> str:
    """Format a locale value of a kind (date, number...) with its options, as the locale writes it."""
    options = dict(options)
    text = FORMATTERS[kind](value.strip(), locale, options, numbers)
    if options:
        raise ValueProblem(f"unknown option '{next(iter(options))}' on a .{kind} span")
    return text


def format_span(node: dict, locale: babel.Locale, numbers: str = "latn") -> str:
    """Format a locale span of a document ([2020-12-15]{.date}): its class, its text and its options."""
    (_, classes, pairs), inlines = node["c"]
    kind = next(c for c in classes if c in FORMATTERS)
    value = "".join(i["c"] if i["t"] == "Str" else " " for i in inlines)
    return format_value(kind, value, {k: v for k, v in pairs if k != "lang"}, locale, numbers)


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueProblem(f"'{text}' is not a date: write it YYYY-MM-DD (or YYYY-MM in an interval)") from None


def _decimal(value) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueProblem(f"'{value}' is not a number: write it with a dot for decimals and no separators") from None
    if not number.is_finite():
        raise ValueProblem(f"'{value}' is not a finite number")
    if number and not -DIGITS <= number.adjusted() <= DIGITS:
        raise ValueProblem(f"'{value}' has more than {DIGITS} digits before or after the decimal point: "
                           "no edition could print it")
    return number


def _whole(value, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 10:
        raise ValueProblem(f"'{name}' must be a whole number from 0 to 10, not '{value}'")
    return number
