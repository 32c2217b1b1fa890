"""A hand-built `Report` for writer tests: a stray balance, pro-rata and a crafted export field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from rothaudit.audit.model import (
    FORM_LINES,
    Account,
    BasisLedgerEntry,
    Event,
    Finding,
    Form8606,
    InputSummary,
    LimitUse,
    RejectionSummary,
    Report,
    SourceRef,
    YearEndValue,
)

TRAD, ROTH = "245123456", "X87654321"
CRAFTED = '=HYPERLINK("http://evil")<script>alert(1)</script>'


def _event(line: int, day: date, account: str, kind: str, amount: str, action: str) -> Event:
    kind_type = "roth_ira" if account == ROTH else "traditional_ira"
    return Event(
        f"abc#{line}",
        SourceRef("History.csv", line),
        "alex",
        account,
        kind_type,
        day,
        kind,
        D(amount),
        action,
    )


def sample_report() -> Report:
    events = [
        _event(
            9,
            date(2024, 2, 1),
            TRAD,
            "contribution",
            "7000",
            "CASH CONTRIBUTION CURRENT YEAR (Cash)",
        ),
        _event(
            8, date(2024, 2, 5), TRAD, "conversion_out", "-7000", f"CONV TO ROTH IRA {ROTH} (Cash)"
        ),
        _event(7, date(2024, 2, 5), ROTH, "conversion_in", "7000", f"ROTH CONVERSION FROM {TRAD}"),
        _event(6, date(2024, 2, 28), TRAD, "interest", "0.53", CRAFTED),
    ]
    lines: dict[str, D | None] = {k: None for k in FORM_LINES}
    lines.update(
        {
            "1": D(7000),
            "2": D(0),
            "3": D(7000),
            "4": D(0),
            "5": D(7000),
            "6": D(1),
            "7": D(0),
            "8": D(7000),
            "9": D(7001),
            "10": D("0.99986"),
            "11": D(6999),
            "12": D(0),
            "13": D(6999),
            "14": D(1),
            "15a": D(0),
            "15b": D(0),
            "15c": D(0),
            "16": D(7000),
            "17": D(6999),
            "18": D(1),
        }
    )
    form = Form8606(
        "alex",
        2024,
        True,
        lines,
        {"1": (SourceRef("History.csv", 9),), "8": (SourceRef("History.csv", 8),)},
        {"1": ("F8606-MeF",)},
        ["line 10 carried to 5 places"],
    )
    findings = [
        Finding(
            "RA201",
            "stray-balance",
            "warning",
            "alex",
            2024,
            (TRAD,),
            D("0.53"),
            f"$0.53 stayed in {TRAD} after converting. {CRAFTED}",
            "Convert the remainder before 2024-12-31.",
            (SourceRef("History.csv", 6),),
            ("I8606-2023",),
            date(2024, 12, 31),
        ),
        Finding(
            "RA101",
            "over-contribution",
            "error",
            "alex",
            2024,
            (TRAD, ROTH),
            D("500"),
            "Contributions for 2024 exceed the limit by $500.00.",
            "Withdraw $500.00 plus earnings.",
            (SourceRef("History.csv", 9),),
            ("IRC-219",),
            date(2025, 10, 15),
        ),
    ]
    return Report(
        as_of=date(2025, 3, 1),
        inputs=[InputSummary("History.csv", "0" * 64, "fidelity_csv", 12, 4, 0, 1, 7)],
        rejections=[RejectionSummary("History.csv", 11, f"unparseable amount '{CRAFTED}'")],
        people=["alex"],
        accounts=[
            Account(TRAD, "alex", "traditional_ira", "household", "fidelity"),
            Account(ROTH, "alex", "roth_ira", "account_name", "fidelity", "ROTH IRA"),
        ],
        findings=findings,
        form8606=[form],
        basis_ledger=[BasisLedgerEntry("alex", 2024, D(0), D(7000), D(6999), D(1), True)],
        year_end_values=[
            YearEndValue(
                "alex",
                2024,
                TRAD,
                "traditional_ira",
                D("0.53"),
                "statement",
                (SourceRef("Statement12312024.csv", 4),),
            ),
            YearEndValue("alex", 2024, "Schwab rollover IRA", "rollover_ira", None, "missing"),
        ],
        checklist=["Dec 31 2024 value of Schwab rollover IRA"],
        events=events,
        citations={
            "F8606-MeF": ("Form 8606 line captions", "https://example.invalid/8606"),
            "I8606-2023": ("2023 Instructions for Form 8606", ""),
            "IRC-219": ("26 USC 219", ""),
        },
        masked_numbers=(TRAD, ROTH),
        limit_use=[LimitUse("alex", 2024, D(7000), D(0), D(7000))],
    )
