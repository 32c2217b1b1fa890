"""Errors that end a run with exit 2 and one line naming the file (and line) at fault.

Anything raised as `InputError` is the user's input; anything else is our bug.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the CLI prints `str(err)` as the single stderr line and exits 2."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class ProfileError(InputError):
    """A malformed or inconsistent household.toml."""


class TaxDataError(Exception):
    """A tax year, or a figure, for which we hold no published value."""
