import babel
import pytest

from mieux_pub.localize import ValueProblem, join_list, language_name, localize

NNBSP, NBSP, THIN = "\u202f", "\u00a0", "\u2009"

CASES = [
    ("[2020-12-15]{.date}", {"fr": "15 décembre 2020", "en": "December 15, 2020", "es": "15 de diciembre de 2020"}),
    ("[2020-12-15]{.date format=short}", {"fr": "15/12/2020", "en": "12/15/20", "es": "15/12/20"}),
    ("[2008-12/2020-04]{.interval}", {"fr": f"décembre 2008{THIN}–{THIN}avril 2020",
                                      "en": f"December 2008{THIN}–{THIN}April 2020",
                                      "es": f"diciembre de 2008{THIN}–{THIN}abril de 2020"}),
    ("[2015-03-01/2015-03-05]{.interval}", {"fr": "1–5 mars 2015", "en": f"Mar 1{THIN}–{THIN}5, 2015",
                                            "es": "1–5 de marzo de 2015"}),
    ("[1234567.5]{.number}", {"fr": f"1{NNBSP}234{NNBSP}567,5", "en": "1,234,567.5", "es": "1.234.567,5"}),
    ("[3.14159]{.number decimals=2}", {"fr": "3,14", "en": "3.14", "es": "3,14"}),
    ("[0.87]{.percent}", {"fr": f"87{NBSP}%", "en": "87%", "es": f"87{NBSP}%"}),
    ("[1500]{.currency code=EUR}", {"fr": f"1{NNBSP}500{NBSP}€", "en": "€1,500", "es": f"1.500{NBSP}€"}),
    ("[12.5]{.currency code=EUR}", {"fr": f"12,50{NBSP}€", "en": "€12.50", "es": f"12,50{NBSP}€"}),
    ("[es]{.language}", {"fr": "espagnol", "en": "Spanish", "es": "español"}),
]


@pytest.mark.parametrize("code", ["fr", "en", "es"])
@pytest.mark.parametrize("markdown, expected", CASES, ids=[c[0] for c in CASES])
def test_spans_are_formatted_as_cldr_says(markdown, expected, code):
    kind = markdown.split("{.")[1].split()[0].rstrip("}")
    assert localize(markdown, babel.Locale.parse(code)) == f"[{expected[code]}]{{.{kind}}}"


@pytest.mark.parametrize("markdown, message", [
    ("[2020-13-45]{.date}", "'2020-13-45' is not a date"),
    ("[2020-12-15]{.date format=huge}", "unknown date format 'huge'"),
    ("[2020-04/2008-12]{.interval}", "ends before it starts"),
    ("[2020-04/2008-12-01]{.interval}", "must be written the same way"),
    ("[12,5]{.number}", "'12,5' is not a number"),
    ("[12]{.currency}", "a currency needs its ISO code"),
    ("[zz-qq]{.language}", "unknown language code"),
    ("[1]{.number colour=red}", "unknown option 'colour'"),
])
def test_bad_values_are_explained(markdown, message):
    with pytest.raises(ValueProblem, match=message):
        localize(markdown, babel.Locale.parse("fr"))


def test_text_around_spans_is_left_alone():
    assert localize("En 2020, voir [le lien](x.md) [0.5]{.percent}.", babel.Locale("fr")) == \
        f"En 2020, voir [le lien](x.md) [50{NBSP}%]{{.percent}}."


@pytest.mark.parametrize("code, expected", [
    ("fr", "français, anglais et espagnol"),
    ("en", "French, English, and Spanish"),
    ("es", "francés, inglés y español"),
])
def test_lists_follow_the_locale(code, expected):
    locale = babel.Locale.parse(code)
    assert join_list([language_name(c, locale) for c in ("fr", "en", "es")], locale) == expected
