"""Text helpers for rule messages: every message is rendered from a finding's fields, so the
same amounts and dates always read the same way in every report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(amount: Decimal) -> str:
    """ "$7,000.00"; negative amounts "-$12.34". Never via float."""
    value = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent (amounts we compute, e.g. NIA or the 6% excise)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def day(value: date) -> str:
    return value.isoformat()


def acct(number: str) -> str:
    """The account as reports show it: last four characters ("...5678"); writers mask the rest."""
    return f"...{number[-4:]}" if len(number) > 4 else number


def accts(numbers: Iterable[str]) -> str:
    return ", ".join(acct(n) for n in sorted(set(numbers)))


def ratio(value: Decimal) -> str:
    """Form 8606 line 10 as written (at least three places)."""
    places = max(3, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 3
    return f"{value:.{places}f}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def cite(*groups: Iterable[str]) -> tuple[str, ...]:
    """Citation ids of several sources, de-duplicated in first-seen order."""
    seen: dict[str, None] = {}
    for group in groups:
        for cid in group:
            seen.setdefault(cid, None)
    return tuple(seen)


ACCOUNT_WORDS = {
    "traditional_ira": "traditional IRA",
    "roth_ira": "Roth IRA",
    "sep_ira": "SEP IRA",
    "simple_ira": "SIMPLE IRA",
    "rollover_ira": "rollover IRA",
    "inherited_ira": "inherited IRA",
    "taxable": "taxable account",
    "hsa": "HSA",
    "other": "account",
}


def sentence(text: str) -> str:
    """A note (a lowercase clause, as the Dec 31 table shows it) as a sentence of a finding."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def account_word(account_type: str) -> str:
    return ACCOUNT_WORDS.get(account_type, account_type)
