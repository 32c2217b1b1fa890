"""Finds the importers and picks the one that claims a file.

Importers are the modules of `rothaudit.importers` that define `IMPORTER`; adding a broker is
adding a module there, nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

from rothaudit.errors import InputError
from rothaudit.importing.base import Importer

HEAD_BYTES = 8192
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text" re-save


@cache
def all_importers() -> tuple[Importer, ...]:
    """Every importer, in module-name order (deterministic)."""
    import rothaudit.importers as package

    found: list[Importer] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        importer = getattr(module, "IMPORTER", None)
        if importer is not None:
            found.append(importer)
    return tuple(found)


def claimants(path: Path, head: bytes) -> list[Importer]:
    """The importers whose `identify` accepts this file."""
    return [imp for imp in all_importers() if imp.identify(path, head)]


def choose(path: Path, head: bytes, display: str) -> Importer:
    """Exactly one importer for the file, or an `InputError` naming it."""
    if not head.removeprefix(_UTF8_BOM).strip():
        raise InputError(display, "file is empty")
    if head.startswith(_UTF16_BOMS):
        raise InputError(display, "UTF-16 text; download the export again or save it as UTF-8 CSV")
    if b"\x00" in head:
        raise InputError(display, "binary file, not a CSV or OFX export")
    found = claimants(path, head)
    if not found:
        raise InputError(display, "not a recognised Vanguard or Fidelity export (CSV, OFX/QFX)")
    if len(found) > 1:
        names = ", ".join(imp.name for imp in found)
        raise InputError(display, f"claimed by more than one importer ({names}); please report")
    return found[0]
