"""The mieux-pub command: parses arguments, calls the library, maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import reports
from .build import Options, build
from .formats import NAMES
from .catalogs import State
from .check import check
from .coverage import coverage
from .diagnostics import MieuxError
from .extract import extract
from .preview import serve
from .source import load

EXIT_ERROR = 1


@click.group()
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The publication's folder (it holds content/).")
@click.version_option(package_name="mieux-pub")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Build one publication in many languages, and tell translators what is left to do."""
    ctx.obj = project


@main.command("build")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: <project>/build].")
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Build only this language (repeatable); names a draft too.")
@click.option("--format", "formats", multiple=True, type=click.Choice(NAMES), help="Build only this format (repeatable).")
@click.option("--drafts", is_flag=True, help="Also build draft languages.")
@click.option("--strict", is_flag=True, help="Fail on any warning and on any untranslated unit of a release language.")
@click.pass_obj
def build_command(project: Path, out, languages, formats, drafts, strict) -> None:
    """Build the HTML, PDF, EPUB and DOCX of every language."""
    options = Options(out=out, languages=tuple(languages), formats=tuple(formats) or NAMES, drafts=drafts,
                      strict=strict)
    result = _run(lambda: build(project, options))
    _print(result.diagnostics)
    click.echo(f"built {len(result.written)} files in {result.out}")


@main.command("pseudo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder [default: <project>/build/pseudo].")
@click.option("--lang", "language", metavar="CODE", help="Format dates, numbers and templates as this language does "
                                                         "[default: the source language].")
@click.option("--format", "formats", multiple=True, type=click.Choice(NAMES), help="Build only this format (repeatable).")
@click.pass_obj
def pseudo_command(project: Path, out, language, formats) -> None:
    """Build a pseudo-localized edition: the source stretched by a third and accented, to test layouts."""
    options = Options(out=out, languages=(language,) if language else (), formats=tuple(formats) or NAMES, pseudo=True)
    result = _run(lambda: build(project, options))
    _print(result.diagnostics)
    click.echo(f"built {len(result.written)} files in {result.out}")


@main.command("extract")
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Update only this language (repeatable).")
@click.option("--width", type=click.IntRange(1), help="Wrap the catalogs' lines at this width, as msgmerge --width "
                                                      "[default: publication.yml's po_width, else 79].")
@click.option("--no-wrap", is_flag=True, help="Write each string on one line, as msgmerge --no-wrap.")
@click.pass_obj
def extract_command(project: Path, languages, width, no_wrap) -> None:
    """Create or update every language's catalogs from the current source, with GNU msgmerge."""
    result = _run(lambda: extract(load(project), list(languages), 0 if no_wrap else width))
    for path in result.written:
        click.echo(f"updated {path}")
    click.echo(f"{len(result.written)} catalogs updated, {len(result.unchanged)} unchanged")


@main.command("coverage")
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable).")
@click.option("--by", "by", type=click.Choice(["language", "chapter"]), default="language", show_default=True,
              help="One row per language, or per chapter too.")
@click.option("--format", "output", type=click.Choice(["table", "json", "markdown", "html"]), default="table",
              show_default=True)
@click.option("--list", "listed", type=click.Choice(["missing", "fuzzy", "rejected"]),
              help="Instead of totals, list each missing (or fuzzy, or rejected) unit as path:line: lang: text.")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Also fail when any language is below PERCENT % of units translated.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="With --format html: the build folder the page is saved in, as reports/coverage.html, "
                   "for its links [default: <project>/build].")
@click.pass_obj
def coverage_command(project: Path, languages, by, output, listed, fail_under, out) -> None:
    """Show what is translated, fuzzy and missing in each language; fail when a release language is incomplete."""
    source = _run(lambda: load(project))
    result = _run(lambda: coverage(source, tuple(languages)))
    if listed:
        text = reports.listing(result, State(listed))
    elif output == "json":
        text = reports.as_json(result).rstrip("\n")
    elif output == "markdown":
        text = reports.markdown(result, by == "chapter")
    elif output == "html":
        text = reports.html(result, source.publication.text("title"), [lang.code for lang in result.languages],
                            reports.project_link(source.root, out))
    else:
        text = reports.table(result, by == "chapter")
    if text:
        click.echo(text)
    failing = result.failing(fail_under)
    for lang in failing:
        click.echo(f"mieux-pub: {lang.code} is {lang.percent:.1f} % translated "
                   f"({lang.units.missing} missing, {lang.units.fuzzy} fuzzy, {lang.units.rejected} rejected, "
                   f"ui.po {lang.ui.percent:.1f} %)", err=True)
    sys.exit(EXIT_ERROR if failing else 0)


@main.command("check")
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit non-zero when anything is found.")
@click.pass_obj
def check_command(project: Path, languages, output, strict) -> None:
    """Check the translations: numbers, links, markup, values, spacing and punctuation."""
    findings = _run(lambda: check(load(project), tuple(languages)))
    if output == "json":
        click.echo(reports.findings_json(findings))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{len(findings)} finding(s)", err=True)
    sys.exit(EXIT_ERROR if findings and (strict or any(f.is_error for f in findings)) else 0)


@main.command("serve")
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable); names a draft too.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_obj
def serve_command(project: Path, languages, port) -> None:
    """Build the HTML edition and serve it on this machine, for translators to preview their language."""
    result = _run(lambda: serve(project, tuple(languages), port, click.echo))
    _print(result.diagnostics)


def _run(call):
    try:
        return call()
    except MieuxError as exc:
        _print(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.is_error)
        click.echo(f"mieux-pub: failed with {errors} error(s); nothing was written", err=True)
        sys.exit(EXIT_ERROR)


def _print(diagnostics) -> None:
    for diagnostic in diagnostics:
        click.echo(f"{diagnostic} [{diagnostic.severity.value}]" if not diagnostic.is_error else str(diagnostic),
                   err=True)
