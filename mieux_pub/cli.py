"""The mieux-pub command: parses arguments, calls the library, maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import FORMATS, Options, build
from .diagnostics import MieuxError
from .extract import extract
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
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Build only this format (repeatable).")
@click.option("--drafts", is_flag=True, help="Also build draft languages.")
@click.option("--strict", is_flag=True, help="Fail on any warning and on any untranslated unit of a release language.")
@click.pass_obj
def build_command(project: Path, out, languages, formats, drafts, strict) -> None:
    """Build the HTML, PDF and EPUB of every language."""
    options = Options(out=out, languages=tuple(languages), formats=tuple(formats) or FORMATS, drafts=drafts,
                      strict=strict)
    result = _run(lambda: build(project, options))
    _print(result.diagnostics)
    click.echo(f"built {len(result.written)} files in {result.out}")


@main.command("extract")
@click.option("--lang", "languages", multiple=True, metavar="CODE", help="Update only this language (repeatable).")
@click.pass_obj
def extract_command(project: Path, languages) -> None:
    """Create or update every language's catalogs from the current source."""
    result = _run(lambda: extract(load(project), list(languages)))
    for path in result.written:
        click.echo(f"updated {path}")
    click.echo(f"{len(result.written)} catalogs updated, {len(result.unchanged)} unchanged")


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
