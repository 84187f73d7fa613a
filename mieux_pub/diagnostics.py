"""Diagnostics: what went wrong or looks wrong, and where."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


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

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]):
        self.diagnostics = tuple(diagnostics)
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
