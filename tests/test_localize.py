import babel
import pytest

from mieux_pub import pandoc, tree
from mieux_pub.localize import ValueProblem, format_span, format_value, join_list, language_name

NNBSP, NBSP, WJ = "\u202f", "\u00a0", "\u2060"

CASES = [
    ("date", "2020-12-15", {}, {"fr": "15 décembre 2020", "en": "December 15, 2020", "es": "15 de diciembre de 2020"}),
    ("date", "2020-12-15", {"format": "short"}, {"fr": "15/12/2020", "en": "12/15/20", "es": "15/12/20"}),
    # A range is CLDR's, with its spaces made no-break and a word joiner after its dash: it never breaks across lines.
    ("interval", "2008-12/2020-04", {}, {"fr": f"décembre{NBSP}2008{NNBSP}–{WJ}{NNBSP}avril{NBSP}2020",
                                         "en": f"December{NBSP}2008{NNBSP}–{WJ}{NNBSP}April{NBSP}2020",
                                         "es": f"diciembre{NBSP}de{NBSP}2008{NNBSP}–{WJ}{NNBSP}abril{NBSP}de{NBSP}2020"}),
    ("interval", "2015-03-01/2015-03-05", {}, {"fr": f"1–{WJ}5{NBSP}mars{NBSP}2015", "en": f"Mar{NBSP}1{NNBSP}–{WJ}{NNBSP}5,{NBSP}2015",
                                               "es": f"1–{WJ}5{NBSP}de{NBSP}marzo{NBSP}de{NBSP}2015"}),
    ("number", "1234567.5", {}, {"fr": f"1{NNBSP}234{NNBSP}567,5", "en": "1,234,567.5", "es": "1.234.567,5"}),
    ("number", "3.14159", {"decimals": "2"}, {"fr": "3,14", "en": "3.14", "es": "3,14"}),
    ("percent", "0.87", {}, {"fr": f"87{NBSP}%", "en": "87%", "es": f"87{NBSP}%"}),
    ("currency", "1500", {"code": "EUR"}, {"fr": f"1{NNBSP}500{NBSP}€", "en": "€1,500", "es": f"1.500{NBSP}€"}),
    ("currency", "12.5", {"code": "EUR"}, {"fr": f"12,50{NBSP}€", "en": "€12.50", "es": f"12,50{NBSP}€"}),
    ("language", "es", {}, {"fr": "espagnol", "en": "Spanish", "es": "español"}),
]


@pytest.mark.parametrize("code", ["fr", "en", "es"])
@pytest.mark.parametrize("kind, value, options, expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_values_are_formatted_as_cldr_says(kind, value, options, expected, code):
    assert format_value(kind, value, options, babel.Locale.parse(code)) == expected[code]


@pytest.mark.parametrize("markdown, expected", [
    ("[2020-12-15]{.date}", "15 décembre 2020"),
    ("[2020-12-15]{.date format=short}", "15/12/2020"),
    ("[1500]{.currency code=EUR}", f"1{NNBSP}500{NBSP}€"),
    ("[2008-12 / 2020-04]{.interval}", f"décembre{NBSP}2008{NNBSP}–{WJ}{NNBSP}avril{NBSP}2020"),
    ("En 2020, voir [le lien](x.md) [0.5]{.percent}.", f"50{NBSP}%"),
])
def test_a_span_read_by_pandoc_is_formatted_from_its_class_text_and_options(markdown, expected):
    [doc] = pandoc.read([markdown], "test")
    [span] = [node for node in tree.walk(doc["blocks"]) if node["t"] == "Span"]
    assert format_span(span, babel.Locale.parse("fr")) == expected


@pytest.mark.parametrize("kind, value, options, message", [
    ("date", "2020-13-45", {}, "'2020-13-45' is not a date"),
    ("date", "2020-12-15", {"format": "huge"}, "unknown date format 'huge'"),
    ("interval", "2020-04/2008-12", {}, "ends before it starts"),
    ("interval", "2020-04/2008-12-01", {}, "must be written the same way"),
    ("number", "12,5", {}, "'12,5' is not a number"),
    ("currency", "12", {}, "a currency needs its ISO code"),
    ("language", "zz-qq", {}, "unknown language code"),
    ("number", "1", {"colour": "red"}, "unknown option 'colour'"),
])
def test_bad_values_are_explained(kind, value, options, message):
    with pytest.raises(ValueProblem, match=message):
        format_value(kind, value, options, babel.Locale.parse("fr"))


@pytest.mark.parametrize("code, expected", [
    ("fr", "français, anglais et espagnol"),
    ("en", "French, English, and Spanish"),
    ("es", "francés, inglés y español"),
])
def test_lists_follow_the_locale(code, expected):
    locale = babel.Locale.parse(code)
    assert join_list([language_name(c, locale) for c in ("fr", "en", "es")], locale) == expected
