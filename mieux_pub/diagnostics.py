"""Diagnostics: what went wrong or looks wrong, and where."""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass
from pathlib import Path


# What the user can do about an operating system's refusal, by errno.
OS_HINTS = {
    errno.ENOSPC: "free some space on that disk",
    errno.EDQUOT: "free some of your space on that disk",
    errno.EACCES: "check that you may read and write there",
    errno.EPERM: "check that you may read and write there",
    errno.EROFS: "choose a folder you may write to (--out, --project)",
    errno.ENOTDIR: "a part of this path is a file where a folder is needed",
    errno.EISDIR: "this is a folder where a file is needed",
    errno.EMFILE: "close some programs or raise the limit (ulimit -n)",
    errno.ENFILE: "close some programs",
    errno.ENAMETOOLONG: "shorten the path",
    errno.ELOOP: "symbolic links on this path point at each other",
    errno.EIO: "the disk failed to read or write: check it",
}


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, located in a file of the project."""

    path: str
    line: int | None
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.code}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class MieuxError(Exception):
    """The root of every error mieux-pub raises; carries the diagnostics that caused it."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...], done: str = ""):
        self.diagnostics = tuple(diagnostics)
        self.done = done   # what was written before the failure, if anything (else nothing was)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def error(path: str | Path, line: int | None, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, code, message, Severity.ERROR)


def warning(path: str | Path, line: int | None, code: str, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, code, message, Severity.WARNING)


def raise_errors(diagnostics) -> None:
    """Raise MieuxError if any of the diagnostics is an error."""
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise MieuxError(errors)


def os_error(exc: OSError, code: str = "os-error") -> Diagnostic:
    """The operating system's refusal (a full disk, a permission, a file where a folder is needed) at the path refused."""
    path = exc.filename if exc.filename is not None else "mieux-pub"
    message = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename2 is not None:
        message += f" (with {exc.filename2})"
    hint = OS_HINTS.get(exc.errno)
    return error(path, None, code, f"{message}: {hint}" if hint else message)


def unexpected(exc: Exception) -> Diagnostic:
    """What mieux-pub did not foresee, as a diagnostic: a template that fails, the operating system's refusal,
    no memory left, or a bug."""
    where = _template(exc)
    if where is not None:
        return error(where[0], where[1], "template", f"{type(exc).__name__}: {exc}: fix the template (or remove it "
                                                     "from templates/ to use the default)")
    if isinstance(exc, OSError):
        return os_error(exc)
    if isinstance(exc, MemoryError):
        return error("mieux-pub", None, "out-of-memory", "ran out of memory: close other programs, or split the "
                                                         "largest chapter into smaller ones")
    return error("mieux-pub", None, "internal-error", f"{type(exc).__name__}: {exc}")


def _template(exc: BaseException) -> tuple[str, int | None] | None:
    """Where in a template an error arose: Jinja's syntax errors say so, and Jinja puts the template's own lines
    in the traceback of anything raised while one renders."""
    if type(exc).__name__ == "TemplateSyntaxError" and getattr(exc, "filename", None):
        return _shown(exc.filename), exc.lineno
    found, frame = None, exc.__traceback__
    while frame is not None:
        name = frame.tb_frame.f_code.co_filename
        if "/templates/" in name and name.endswith(".html"):
            found = (_shown(name), frame.tb_lineno)
        frame = frame.tb_next
    return found


def _shown(path: str) -> str:
    """A template's path as the project names it: templates/<name>."""
    return "templates/" + path.rpartition("/templates/")[2]
