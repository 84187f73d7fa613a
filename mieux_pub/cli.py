"""The mieux-pub command: parses arguments, calls the library, maps errors to exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import reports
from .build import Options, build, plan
from .config import language_tag
from .diagnostics import MieuxError, unexpected
from .formats import NAMES, Manifest

# Each command imports what it needs: a build with nothing to do must not wait for pandoc's, Babel's catalogs'
# or WeasyPrint's modules to load.

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130   # as a shell reports a command stopped by Ctrl-C (128 + SIGINT)
DEBUG = "MIEUX_PUB_DEBUG"


def load(project: Path):
    """The publication's source, read and checked."""
    from .source import load as read
    return read(project)


def _codes(ctx, param, value):
    """--lang in either spelling (pt-BR, pt_BR), as the publication writes it: BCP 47."""
    if isinstance(value, tuple):
        return tuple(language_tag(code) or code for code in value)
    return value and (language_tag(value) or value)


class Commands(click.Group):
    """The mieux-pub commands: whatever one raises ends as diagnostics and an exit code, never as a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise   # click reports usage errors (exit 2) and quiets a closed pipe (mieux-pub coverage | head)
        except MieuxError as exc:
            _print(exc.diagnostics)
            errors = sum(1 for d in exc.diagnostics if d.is_error)
            _fail(f"failed with {errors} error(s); {exc.done or 'nothing was written'}")
        except KeyboardInterrupt:
            click.echo("", err=True)   # past the terminal's ^C
            _fail("interrupted; files already written are whole, run the command again to finish", EXIT_INTERRUPTED)
        except Exception as exc:
            if os.environ.get(DEBUG, "0") != "0":
                raise
            diagnostic = unexpected(exc)
            _print([diagnostic])
            if diagnostic.code == "internal-error":
                _fail(f"this is a bug in mieux-pub: please report it with the command you ran and the line above; "
                      f"run it again with {DEBUG}=1 to see the traceback")
            _fail("failed with 1 error(s)")


@click.group(cls=Commands)
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The publication's folder (it holds content/).")
@click.version_option(package_name="mieux-pub")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Build one publication in many languages, and tell translators what is left to do."""
    ctx.obj = project


@main.command("build")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: <project>/build].")
@click.option("--lang", "languages", multiple=True, metavar="CODE", callback=_codes, help="Build only this language (repeatable); names a draft too.")
@click.option("--format", "formats", multiple=True, type=click.Choice(NAMES), help="Build only this format (repeatable).")
@click.option("--drafts", is_flag=True, help="Also build draft languages.")
@click.option("--strict", is_flag=True, help="Fail on any warning and on any untranslated unit of a release language.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Processes for the languages [default: one per core].")
@click.option("--quiet", is_flag=True, help="Print only the problems.")
@click.option("--verbose", is_flag=True, help="Also list every file of every job.")
@click.option("--gather", "gathered", multiple=True, metavar="SHARD",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Take the downloads from this shard's output folder instead of making them (repeatable; see plan).")
@click.pass_obj
def build_command(project: Path, out, languages, formats, drafts, strict, jobs, quiet, verbose, gathered) -> None:
    """Build the HTML, PDF, EPUB and DOCX of every language; only what changed is made again."""
    options = Options(out=out, languages=tuple(languages), formats=tuple(formats) or NAMES, drafts=drafts,
                      strict=strict, jobs=jobs or 0, shards=tuple(gathered))
    progress = reports.Progress(sys.stderr) if not quiet else None
    result = build(project, options, progress=progress or (lambda job, seconds: None))
    if progress:
        progress.close()
    _print(result.diagnostics)
    if not quiet:
        click.echo(reports.build_summary(result, Manifest.read(result.out), verbose))


@main.command("plan")
@click.option("--lang", "languages", multiple=True, metavar="CODE", callback=_codes, help="Only this language (repeatable).")
@click.option("--drafts", is_flag=True, help="Also plan draft languages.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def plan_command(project: Path, languages, drafts, output) -> None:
    """List the build's jobs with their cache keys, and the shards a CI matrix can build apart (build --gather)."""
    planned = plan(project, Options(languages=tuple(languages), drafts=drafts))
    if output == "json":
        click.echo(json.dumps(planned, indent=1))
    else:
        for job in planned["jobs"]:
            click.echo(f"{job['job']:<12} {job['stage']:<7} {job['key'][:16]}")


@main.command("pseudo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder [default: <project>/build/pseudo].")
@click.option("--lang", "language", metavar="CODE", callback=_codes, help="Format dates, numbers and templates as this language does "
                                                         "[default: the source language].")
@click.option("--format", "formats", multiple=True, type=click.Choice(NAMES), help="Build only this format (repeatable).")
@click.pass_obj
def pseudo_command(project: Path, out, language, formats) -> None:
    """Build a pseudo-localized edition: the source stretched by a third and accented, to test layouts."""
    options = Options(out=out, languages=(language,) if language else (), formats=tuple(formats) or NAMES, pseudo=True)
    result = build(project, options)
    _print(result.diagnostics)
    click.echo(f"built {len(result.written)} files in {result.out}")


@main.command("extract")
@click.option("--lang", "languages", multiple=True, metavar="CODE", callback=_codes, help="Update only this language (repeatable).")
@click.option("--width", type=click.IntRange(1), help="Wrap the catalogs' lines at this width, as msgmerge --width "
                                                      "[default: publication.yml's po_width, else 79].")
@click.option("--no-wrap", is_flag=True, help="Write each string on one line, as msgmerge --no-wrap.")
@click.pass_obj
def extract_command(project: Path, languages, width, no_wrap) -> None:
    """Create or update every language's catalogs from the current source, with GNU msgmerge."""
    from .extract import extract
    result = extract(load(project), list(languages), 0 if no_wrap else width)
    for path in result.written:
        click.echo(f"updated {path}")
    click.echo(f"{len(result.written)} catalogs updated, {len(result.unchanged)} unchanged")


@main.command("coverage")
@click.option("--lang", "languages", multiple=True, metavar="CODE", callback=_codes, help="Only this language (repeatable).")
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
    from .catalogs import State
    from .coverage import coverage
    source = load(project)
    result = coverage(source, tuple(languages))
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
@click.option("--lang", "languages", multiple=True, metavar="CODE", callback=_codes, help="Only this language (repeatable).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit non-zero when anything is found.")
@click.pass_obj
def check_command(project: Path, languages, output, strict) -> None:
    """Check the translations: numbers, links, markup, values, spacing and punctuation."""
    from .check import check
    findings = check(load(project), tuple(languages))
    if output == "json":
        click.echo(reports.findings_json(findings))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{len(findings)} finding(s)", err=True)
    sys.exit(EXIT_ERROR if findings and (strict or any(f.is_error for f in findings)) else 0)


@main.command("serve")
@click.option("--lang", "languages", multiple=True, metavar="CODE", callback=_codes, help="Only this language (repeatable); names a draft too.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--pdf", is_flag=True, help="Also build the PDF, again on each save.")
@click.pass_obj
def serve_command(project: Path, languages, port, pdf) -> None:
    """Serve the HTML edition on this machine, rebuilt and reloaded on each save, with a translator view."""
    from .preview import serve
    serve(project, tuple(languages), port, pdf, click.echo, _print)


@main.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The publication's title.")
@click.option("--source-language", metavar="CODE", help="The language the chapters are written in [default: fr].")
@click.option("--language", "languages", multiple=True, metavar="CODE",
              help="A language to translate into (repeatable) [default: en].")
@click.pass_obj
def init_command(project: Path, folder, title, source_language, languages) -> None:
    """Start a new publication in FOLDER [default: --project]: publication.yml, two chapters, catalogs, a README."""
    folder = folder or project
    asking = sys.stdin.isatty()   # on a terminal, ask for what the options leave out; elsewhere, the defaults
    if title is None:
        default = folder.resolve().name.replace("-", " ").capitalize() or "Publication"
        title = click.prompt("Title", default=default) if asking else default
    if source_language is None:
        source_language = click.prompt("Source language", default="fr") if asking else "fr"
    if not languages:
        answer = click.prompt("Languages to translate into, separated by spaces", default="en") if asking else "en"
        languages = tuple(answer.split())
    from .init import init
    written = init(folder, title, source_language, tuple(languages))
    for path in written:
        click.echo(f"wrote {folder / path}")
    click.echo(f"{len(written)} files written; now run: mieux-pub --project {folder} build")


def _fail(message: str, code: int = EXIT_ERROR):
    click.echo(f"mieux-pub: {message}", err=True)
    sys.exit(code)


def _print(diagnostics) -> None:
    for diagnostic in diagnostics:
        click.echo(f"{diagnostic} [{diagnostic.severity.value}]" if not diagnostic.is_error else str(diagnostic),
                   err=True)
