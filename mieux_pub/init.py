"""Start a new publication: publication.yml, two chapters that show the content contract, catalogs, a README.

Everything is made and checked in a temporary folder first (the catalogs by extract, as for any project),
then copied into place: a title or language that cannot be used leaves the folder as it was.
"""

from __future__ import annotations

import datetime
import re
import shutil
import unicodedata
from pathlib import Path

import yaml

from .config import CONFIG_PATH
from .diagnostics import MieuxError, error
from .extract import extract
from .output import temporary
from .source import load

# Two short chapters per language they are written in: a date, a number, a percentage, an amount, a language
# name and an interval formatted per language, a footnote, a figure with its alt text, links to another
# chapter and to a heading in it. Other source languages get the English ones, to be rewritten.
CHAPTERS = {
    "fr": {
        "bienvenue": """# Bienvenue

Cette publication a été commencée le [{date}]{{.date}}. Elle compte [2]{{.number}} chapitres, soit
environ [0.1]{{.percent}} de ce qu'elle deviendra[^1].

Le chapitre [Aller plus loin](aller-plus-loin.md) montre une figure, et sa section
[Traduire](aller-plus-loin.md#traduire) dit comment traduire le texte.

## Ce que contient le dossier {{#dossier}}

- Les chapitres, en Markdown, sous `content/chapters/`.
- Un catalogue par chapitre et par langue, sous `content/locales/`.
- Les images, sous `content/images/`.

[^1]: Une note de bas de page : chaque format la place où ses lecteurs l'attendent.
""",
        "aller-plus-loin": """# Aller plus loin

![Du texte au lecteur : écrire, traduire, publier](../images/etapes.svg){{alt="Trois cases reliées par deux flèches, de gauche à droite."}}

## Traduire {{#traduire}}

Chaque titre, paragraphe, élément de liste et légende est une unité de traduction. Les traducteurs
travaillent dans les catalogues de leur langue, avec Poedit ou un autre éditeur de catalogues.

Les valeurs s'écrivent une fois et chaque langue les met en forme : [1500]{{.currency code=EUR}},
[{year}-01/{year}-06]{{.interval}}, [es]{{.language}}.

Retour au [début](bienvenue.md).
""",
    },
    "en": {
        "welcome": """# Welcome

This publication was started on [{date}]{{.date}}. It has [2]{{.number}} chapters, about
[0.1]{{.percent}} of what it will become[^1].

The chapter [Going further](going-further.md) shows a figure, and its section
[Translating](going-further.md#translating) says how the text is translated.

## What the folder holds {{#folder}}

- The chapters, in Markdown, under `content/chapters/`.
- One catalog per chapter and language, under `content/locales/`.
- The images, under `content/images/`.

[^1]: A footnote: each format puts it where its readers expect it.
""",
        "going-further": """# Going further

![From text to reader: write, translate, publish](../images/steps.svg){{alt="Three boxes joined by two arrows, from left to right."}}

## Translating {{#translating}}

Each heading, paragraph, list item and caption is a translation unit. Translators work in their
language's catalogs, with Poedit or any other catalog editor.

Values are written once and each language formats them: [1500]{{.currency code=EUR}},
[{year}-01/{year}-06]{{.interval}}, [es]{{.language}}.

Back to the [beginning](welcome.md).
""",
    },
    "es": {
        "bienvenida": """# Bienvenida

Esta publicación se empezó el [{date}]{{.date}}. Tiene [2]{{.number}} capítulos, alrededor del
[0.1]{{.percent}} de lo que llegará a ser[^1].

El capítulo [Ir más lejos](ir-mas-lejos.md) muestra una figura, y su sección
[Traducir](ir-mas-lejos.md#traducir) explica cómo se traduce el texto.

## Lo que contiene la carpeta {{#carpeta}}

- Los capítulos, en Markdown, en `content/chapters/`.
- Un catálogo por capítulo y por idioma, en `content/locales/`.
- Las imágenes, en `content/images/`.

[^1]: Una nota al pie: cada formato la coloca donde sus lectores la esperan.
""",
        "ir-mas-lejos": """# Ir más lejos

![Del texto al lector: escribir, traducir, publicar](../images/pasos.svg){{alt="Tres cajas unidas por dos flechas, de izquierda a derecha."}}

## Traducir {{#traducir}}

Cada título, párrafo, elemento de lista y leyenda es una unidad de traducción. Los traductores
trabajan en los catálogos de su idioma, con Poedit o cualquier otro editor de catálogos.

Los valores se escriben una vez y cada idioma les da formato: [1500]{{.currency code=EUR}},
[{year}-01/{year}-06]{{.interval}}, [es]{{.language}}.

Volver al [principio](bienvenida.md).
""",
    },
}
DESCRIPTION = {"fr": "Une publication faite avec mieux-pub.", "en": "A publication made with mieux-pub.",
               "es": "Una publicación hecha con mieux-pub."}
PUBLISHER = {"fr": "L'équipe de publication", "en": "The publication team", "es": "El equipo de publicación"}

FIGURE = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120" viewBox="0 0 600 120">
<rect x="10" y="30" width="140" height="60" rx="8" fill="#dbe9f6" stroke="#1f4e79" stroke-width="3"/>
<rect x="230" y="30" width="140" height="60" rx="8" fill="#dbe9f6" stroke="#1f4e79" stroke-width="3"/>
<rect x="450" y="30" width="140" height="60" rx="8" fill="#dbe9f6" stroke="#1f4e79" stroke-width="3"/>
<path d="M155 60 H220 M210 50 L222 60 L210 70 M375 60 H440 M430 50 L442 60 L430 70" fill="none"
 stroke="#1f4e79" stroke-width="4"/>
</svg>
"""

README = """# {title}

A publication built with [mieux-pub](https://pypi.org/project/mieux-pub/): chapters written in {source} in
`content/chapters/`, translated block by block in gettext catalogs, built into a PDF, an EPUB, a DOCX and a
website in every language.

## The folder

```
content/publication.yml                           title, languages, chapter order
content/chapters/*.md                             the chapters, in the source language ({source})
content/images/                                   images, referenced from chapters by relative path
content/locales/<lang>/LC_MESSAGES/<chapter>.po   one catalog per chapter and language
content/locales/<lang>/LC_MESSAGES/publication.po the translatable fields of publication.yml
templates/locales/<lang>/LC_MESSAGES/ui.po        the site's own words ("Contents", "Next"...)
```

The two chapters here show every part of the content contract: a figure with its alt text, a footnote, a
link to another chapter and to a heading in it, and values that each language formats (`{{.date}}`,
`{{.number}}`, `{{.percent}}`, `{{.currency code=EUR}}`, `{{.interval}}`, `{{.language}}`). Replace them with
yours and list your chapters under `chapters:` in `content/publication.yml`.

## Every day

```sh
mieux-pub build                       # every language and format, into build/
mieux-pub extract                     # after the chapters change: update every catalog
mieux-pub coverage --by chapter       # what is left to translate, per language
mieux-pub serve --lang en             # preview a language; each save reloads the page
mieux-pub check --lang en             # review a language's translations
```

Translators: translate `content/locales/<your language>/LC_MESSAGES/*.po` in Poedit, Lokalize or Weblate,
keeping the markup (`*emphasis*`, `[links](file.md)`, footnote calls `[^1]`, values such as
`[{date}]{{.date}}`) as it is, and watch the result with `mieux-pub serve --lang <your language>`: its
translator view (the panel at the bottom of each page) lists what is missing, fuzzy or refused on the page,
with the catalog line of each.

A release language with anything left to translate builds with its source text in place (and a warning);
`mieux-pub build --strict` fails until it is complete. Mark a language `draft: true` in `publication.yml`
to build it only on request.
"""

GITIGNORE = "/build/\n"


def slug(title: str) -> str:
    """The title in lowercase ASCII words joined by hyphens: the name of the output files."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "publication"


def init(folder: Path, title: str, source_language: str, languages: tuple[str, ...],
         today: datetime.date | None = None) -> list[str]:
    """Write a new publication into folder (made if need be); the files written, relative to it.

    A folder that already holds a publication is refused, and nothing is written.
    """
    folder = folder.resolve()
    held = [p for p in (folder / CONFIG_PATH, folder / "content" / "chapters", folder / "content" / "locales")
            if p.exists()]
    if held:
        raise MieuxError([error(str(held[0]), None, "publication-exists",
                                "this folder already holds a publication: nothing was written; run init in an empty "
                                "folder, or give the new one's name (mieux-pub init DIR)")])
    codes = list(dict.fromkeys([source_language, *languages]))
    when = today or datetime.date.today()
    written = "fr" if source_language == "fr" else "es" if source_language.split("-")[0] == "es" else "en"
    chapters = {stem: text.format(date=when.isoformat(), year=when.year) for stem, text in CHAPTERS[written].items()}
    figure = next(re.search(r"\(\.\./(images/[\w.-]+)\)", text).group(1) for text in chapters.values()
                  if "](../images/" in text)
    config = {"id": slug(title), "title": title, "description": DESCRIPTION[written], "publisher": PUBLISHER[written],
              "date": when.isoformat(), "source_language": source_language,
              "languages": [{"code": code} for code in codes], "chapters": list(chapters)}
    files = {CONFIG_PATH: yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100),
             f"content/{figure}": FIGURE,
             "README.md": README.format(title=title, source=source_language, date=when.isoformat()),
             ".gitignore": GITIGNORE}
    files |= {f"content/chapters/{stem}.md": text for stem, text in chapters.items()}
    with temporary("init") as scratch:
        staging = Path(scratch)
        for path, text in files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_text(text, encoding="utf-8")
        try:
            extract(load(staging))   # checks publication.yml and the chapters, and writes the empty catalogs
        except MieuxError as exc:
            raise MieuxError([error("mieux-pub init", None, d.code, d.message) for d in exc.diagnostics]) from None
        made = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        made = [p for p in made if not (p in ("README.md", ".gitignore") and (folder / p).exists())]  # theirs stay
        for path in made:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / path, folder / path)
    return made
