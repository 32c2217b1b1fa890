"""Account numbers never reach a report whole: every writer shows only their last four characters.

Fidelity actions name the counterpart account (`CONV TO ROTH IRA 245123456`), so free text is
masked too: first every number the audit knows, then any run of six or more digits that is not
part of an amount (`123456.78`, `1,234,567`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LONG_DIGITS = re.compile(r"(?<![\d$.,])\d{6,}(?![\d]|[.,]\d)")


def mask_account(number: str) -> str:
    """`"12345678"` -> `"...5678"`; a number of four characters or fewer still gets the dots."""
    return "..." + number.strip()[-4:]


def mask_known(text: str, numbers: Iterable[str] = ()) -> str:
    """Mask the account numbers the audit knows inside `text`, longest first, nothing else.

    This is how file names are shown: Fidelity names one-account downloads
    `History_for_Account_<number>.csv`, while the other digits of a name (the date in
    `Statement12312024.csv`) stay so the file can still be found."""
    for number in sorted({n.strip() for n in numbers if len(n.strip()) > 4}, key=len, reverse=True):
        text = text.replace(number, mask_account(number))
    return text


def mask_text(text: str, numbers: Iterable[str] = ()) -> str:
    """Mask every known account number inside `text`, then any bare run of 6+ digits."""
    return _LONG_DIGITS.sub(lambda m: mask_account(m.group(0)), mask_known(text, numbers))
