"""Check the PATH arguments before any work: what the file system refuses becomes one InputError.

The import pipeline searches folders with `Path.rglob`, which skips a folder it may not read and
stops on nothing; a skipped folder would be an audit with exports silently missing. File names
that are not UTF-8 (possible on Linux) cannot be written into a report, so they are named here,
with their odd bytes shown as escapes, and the user is asked to rename them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from rothaudit.errors import InputError


def shown(path: str | Path) -> str:
    """A path as it can be printed: bytes that are not UTF-8 become `\\xff` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def os_reason(err: OSError) -> str:
    """`No such file or folder`, `Permission denied`, ...: the OS reason without the errno."""
    number = err.errno
    if number is None and (found := re.search(r"os error (\d+)", str(err))):
        number = int(found.group(1))  # polars: 'File name too long (os error 36): path'
    if number == errno.ENOENT:
        return "no such file or folder"
    return err.strerror or (os.strerror(number) if number else type(err).__name__)


def check_paths(paths: list[Path]) -> None:
    """Raise InputError for the first argument (or file under a folder) that cannot be read."""
    for given in paths:
        try:
            mode = given.stat().st_mode
        except OSError as err:
            raise InputError(shown(given), os_reason(err)) from None
        if stat.S_ISDIR(mode):
            _check_folder(given)
        elif not stat.S_ISREG(mode):  # a pipe would block the import; /dev/null is no export
            raise InputError(shown(given), "not a regular file or folder")
        elif given.suffix.lower() == ".toml":
            raise InputError(
                shown(given.name), "a household file, not an export; give it with --profile"
            )
        else:
            _check_name(given.name)


def _check_folder(folder: Path) -> None:
    from rothaudit.importing.pipeline import EXPORT_SUFFIXES

    def fail(err: OSError) -> None:
        inside = err.filename and Path(err.filename) != folder
        where = os.path.relpath(err.filename, folder) if inside else folder
        raise InputError(shown(where), f"cannot read the folder ({os_reason(err)})")

    for top, _dirs, files in os.walk(folder, onerror=fail):  # symlinked folders not followed
        for name in files:
            if os.path.splitext(name)[1].lower() in EXPORT_SUFFIXES:
                full = os.path.join(top, name)
                _check_name(os.path.relpath(full, folder))
                if not os.path.exists(full):  # rglob would skip it: an export missing unseen
                    where = shown(os.path.relpath(full, folder))
                    raise InputError(where, "no such file or folder (a link to a missing file)")


def _check_name(name: str) -> None:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(shown(name), "the file name is not UTF-8 text; rename the file") from None
