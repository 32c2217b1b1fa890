"""Fidelity year-end value inputs: the monthly statement CSV and the positions download."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED

from rothaudit.errors import InputError
from rothaudit.importers.fidelity_positions_csv import IMPORTER as POSITIONS
from rothaudit.importers.fidelity_statement_csv import IMPORTER as STATEMENT
from rothaudit.importing.base import ParsedFile
from rothaudit.importing.registry import HEAD_BYTES

STATEMENT_FIXTURES = sorted((FIXTURES / "importers" / "fidelity_statement_csv").glob("*.csv"))
POSITIONS_FIXTURES = sorted((FIXTURES / "importers" / "fidelity_positions_csv").glob("*.csv"))
SAMPLES = SHARED / "samples"

SUMMARY = (
    "Account Type,Account,Beginning mkt Value,Change in Investment,Ending mkt Value,"
    "Short Balance,Ending Net Value,Dividends This Period,Dividends Year to Date,"
    "Interest This Year,Interest Year to Date,Total This Period,Total Year to Date"
)
POSITIONS_HEADER = "Symbol/CUSIP,Description,Quantity,Price,Beginning Value,Ending Value,Cost Basis"
DOWNLOAD_HEADER = (
    "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Last Price Change,"
    "Current Value,Today's Gain/Loss Dollar,Today's Gain/Loss Percent,Total Gain/Loss Dollar,"
    "Total Gain/Loss Percent,Percent Of Account,Cost Basis Total,Average Cost Basis,Type"
)


def statement(name: str, *lines: str) -> ParsedFile:
    return STATEMENT.parse(Path(name), "\n".join(lines).encode() + b"\n")


def download(name: str, *lines: str) -> ParsedFile:
    return POSITIONS.parse(Path(name), "\n".join(lines).encode() + b"\n")


def two_accounts(*extra: str) -> tuple[str, ...]:
    return (
        SUMMARY,
        "Traditional IRA,111222333,0.00,0.00,0.00,,0.53,0,0,0,0,0,0",
        "ROTH IRA,444555666,100.00,5.00,105.00,,105.00,0,0,0,0,0,0",
        "",
        POSITIONS_HEADER,
        "",
        "111222333",
        "Core Account ",
        "SPAXX,GOVT MONEY MARKET,0.53000,1.00000,0.53,0.53,not applicable",
        "Subtotal of Core Account,,,,,0.53,,,,,",
        "",
        "444555666",
        "Stocks ",
        "FXAIX,500 INDEX FUND,0.50000,210.00000,100.00,105.00,90.00",
        "Subtotal of Stocks,,,,,105.00,90.00,,,, ",
        *extra,
    )


# file-name dates


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Statement1312024.csv", date(2024, 1, 31)),  # month not padded
        ("Statement12312024.csv", date(2024, 12, 31)),
        ("Statement9302023.csv", date(2023, 9, 30)),
        ("Statement12312024 (1).csv", date(2024, 12, 31)),  # browser's repeat suffix
    ],
)
def test_statement_date_from_file_name(name: str, expected: date) -> None:
    parsed = statement(name, *two_accounts())
    assert set(parsed.balances["as_of"].to_list()) == {expected}
    assert parsed.balances["as_of_estimated"].to_list() == [False] * parsed.balances.height


def test_statement_date_from_period_line_when_name_has_none() -> None:
    parsed = statement("december.csv", "December 1, 2024 - December 31, 2024", *two_accounts())
    assert set(parsed.balances["as_of"].to_list()) == {date(2024, 12, 31)}


@pytest.mark.parametrize("name", ["december.csv", "Statement13312024.csv"])
def test_statement_without_a_date_is_an_input_error(name: str) -> None:
    with pytest.raises(InputError, match="cannot tell the statement date"):
        statement(name, *two_accounts())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Portfolio_Positions_Dec-31-2024.csv", date(2024, 12, 31)),
        ("Portfolio_Positions_Jan-04-2026.csv", date(2026, 1, 4)),
        ("Portfolio_Positions_Dec-31-2024 (2).csv", date(2024, 12, 31)),
    ],
)
def test_positions_date_from_file_name(name: str, expected: date) -> None:
    parsed = download(name, DOWNLOAD_HEADER, "X1,Individual,SPAXX**,HELD IN MONEY MARKET,,,,$5.00")
    assert parsed.balances.select("as_of", "as_of_estimated").row(0) == (expected, False)
    assert parsed.notes == []


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ('"Date downloaded 07/30/2021 2:26 PM ET"', date(2021, 7, 30)),
        ("Date downloaded Feb-18-2026 at 7:04 p.m ET", date(2026, 2, 18)),
        ('"Date downloaded" 04/06/2019, 6:29 PM', date(2019, 4, 6)),
    ],
)
def test_positions_date_from_footer_is_marked_estimated(stamp: str, expected: date) -> None:
    row = "X1,Individual,SPAXX**,HELD IN MONEY MARKET,,,,$5.00"
    parsed = download("positions.csv", DOWNLOAD_HEADER, row, "", '"Legal text."', stamp)
    assert parsed.balances.select("as_of", "as_of_estimated").row(0) == (expected, True)
    assert "Date downloaded" in parsed.notes[0]


def test_positions_without_any_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot tell the holdings date"):
        download("positions.csv", DOWNLOAD_HEADER, "X1,Individual,VTI,ETF,1,$2.00,,$2.00")


# account attribution


def test_positions_belong_to_the_account_line_above_their_block() -> None:
    parsed = statement("Statement12312024.csv", *two_accounts())
    held = parsed.balances.filter(level="position")
    assert held.select("symbol", "account_number", "account_name").rows() == [
        ("SPAXX", "111222333", "Traditional IRA"),
        ("FXAIX", "444555666", "ROTH IRA"),
    ]


def test_account_value_is_ending_net_value_with_a_note_when_market_value_differs() -> None:
    parsed = statement("Statement12312024.csv", *two_accounts())
    accounts = parsed.balances.filter(level="account")
    assert accounts.select("account_number", "value").rows() == [
        ("111222333", Decimal("0.53")),
        ("444555666", Decimal("105.00")),
    ]
    assert parsed.notes == [
        "account ...2333: Ending Net Value 0.53 used as its value; Ending mkt Value is 0.00"
    ]


def test_account_value_falls_back_to_market_value_when_net_is_empty() -> None:
    lines = list(two_accounts())
    lines[1] = "Traditional IRA,111222333,0.00,0.00,0.53,,,0,0,0,0,0,0"
    parsed = statement("Statement12312024.csv", *lines)
    first = parsed.balances.filter(level="account").row(0, named=True)
    assert (first["value"], first["description"]) == (Decimal("0.53"), "Ending mkt Value")


def test_position_before_any_account_line_is_rejected() -> None:
    lines = (SUMMARY, "ROTH IRA,444555666,1,0,1,,1,0,0,0,0,0,0", POSITIONS_HEADER, "Stocks")
    parsed = statement("Statement12312024.csv", *lines, "VTI,ETF,1,1.00,1.00,1.00,1.00")
    assert [(r.line, r.reason) for r in parsed.rejections] == [
        (5, "position listed before any account number line")
    ]


def test_2019_core_row_without_description_is_read_in_place() -> None:
    path = FIXTURES / "importers" / "fidelity_statement_csv" / "Statement12312019.csv"
    parsed = STATEMENT.parse(path, path.read_bytes())
    cash = parsed.balances.filter(symbol="CASH").row(0, named=True)
    assert (cash["quantity"], cash["value"], cash["description"]) == (
        Decimal("1523.07"),
        Decimal("1523.07"),
        None,
    )


def test_bad_statement_value_is_a_rejection_with_line_and_reason() -> None:
    parsed = statement(
        "Statement12312024.csv", *two_accounts("444555666", "Stocks", "VTI,ETF,1,2,2,unavailable,2")
    )
    assert [(r.line, r.reason) for r in parsed.rejections] == [
        (18, "unparseable Ending Value 'unavailable'")
    ]


# money parsing


def test_positions_money_with_dollars_signs_quoted_thousands_and_placeholders() -> None:
    rows = (
        'Z1,Individual,VWO,EMR MKT ETF,900,$50.922,+$0.160,"$45,900.35",+$150.25,+0.32%,'
        '"+$11,945.20",+31.10%,15.05%,"$38,362.05",n/a,Cash,',
        "Z1,Individual,Pending Activity,,,,,-$34.56,,,,,,,,,",
        "Z1,Individual,SPAXX**,HELD IN MONEY MARKET,n/a,--,,$0.53,,,,,1.00%,,,Cash,",
    )
    parsed = download("Portfolio_Positions_Dec-31-2024.csv", DOWNLOAD_HEADER, *rows)
    assert parsed.balances.select("symbol", "quantity", "price", "value").rows() == [
        ("VWO", Decimal("900"), Decimal("50.922"), Decimal("45900.35")),
        ("Pending Activity", None, None, Decimal("-34.56")),
        ("SPAXX", None, None, Decimal("0.53")),
    ]


def test_statement_money_with_dollar_signs_and_quoted_thousands() -> None:
    lines = list(two_accounts())
    lines[2] = 'ROTH IRA,444555666,"$1,100.00",5.00,"$1,105.00",,"$1,105.00",0,0,0,0,0,0'
    parsed = statement("Statement12312024.csv", *lines)
    assert parsed.balances.filter(level="account")["value"].to_list()[1] == Decimal("1105.00")


def test_missing_current_value_is_rejected() -> None:
    parsed = download(
        "Portfolio_Positions_Dec-31-2024.csv", DOWNLOAD_HEADER, "Z1,Individual,VTI,ETF,1,$2.00,,--"
    )
    assert [(r.line, r.reason) for r in parsed.rejections] == [(2, "missing Current Value")]


# identification, both ways


def _head(path: Path) -> bytes:
    return path.read_bytes()[:HEAD_BYTES]


@pytest.mark.parametrize("path", STATEMENT_FIXTURES, ids=lambda p: p.name)
def test_statement_fixtures_are_claimed_only_by_the_statement_importer(path: Path) -> None:
    assert STATEMENT.identify(path, _head(path))
    assert not POSITIONS.identify(path, _head(path))


@pytest.mark.parametrize("path", POSITIONS_FIXTURES, ids=lambda p: p.name)
def test_positions_fixtures_are_claimed_only_by_the_positions_importer(path: Path) -> None:
    assert POSITIONS.identify(path, _head(path))
    assert not STATEMENT.identify(path, _head(path))


def test_neither_claims_activity_history_or_vanguard_layouts() -> None:
    history = b"\n\nRun Date,Account,Account Number,Action,Symbol,Description,Type,Price ($),"
    history += b"Quantity,Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date\n"
    vanguard = b"Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,\n"
    for head in (history, vanguard):
        assert not STATEMENT.identify(Path("x.csv"), head)
        assert not POSITIONS.identify(Path("x.csv"), head)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not available")
def test_neither_claims_the_real_public_samples() -> None:
    samples = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in {".csv", ".ofx", ".qfx"}]
    assert samples
    for path in samples:
        assert not STATEMENT.identify(path, _head(path)), path.name
        assert not POSITIONS.identify(path, _head(path)), path.name


# counts


@pytest.mark.parametrize("path", STATEMENT_FIXTURES + POSITIONS_FIXTURES, ids=lambda p: p.name)
def test_every_line_is_skipped_or_rejected_and_no_transactions(path: Path) -> None:
    importer = STATEMENT if path in STATEMENT_FIXTURES else POSITIONS
    parsed = importer.parse(path, path.read_bytes())
    assert parsed.transactions.is_empty()
    assert parsed.rows == len(path.read_bytes().splitlines())
    assert parsed.skipped + len(parsed.rejections) == parsed.rows
    assert parsed.balances.height > 0
    lines = set(parsed.balances["source_line"].to_list()) | {r.line for r in parsed.rejections}
    assert len(lines) == parsed.balances.height + len(parsed.rejections)


def test_a_quoted_line_break_falls_back_to_line_by_line_and_still_accounts_for_every_line() -> None:
    rows = (
        'Z1,Individual,VTI,"TOTAL STK',
        'MKT ETF",40,$288.50,,$11540.00',
        "Z1,Individual,AAPL,APPLE INC,1,$2.00,,$2.00",
    )
    parsed = download("Portfolio_Positions_Dec-31-2024.csv", DOWNLOAD_HEADER, *rows)
    assert parsed.balances.select("source_line", "symbol").rows() == [(4, "AAPL")]
    assert [r.line for r in parsed.rejections] == [2, 3]
    assert parsed.skipped + len(parsed.rejections) == parsed.rows == 4
