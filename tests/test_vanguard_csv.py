"""Vanguard OfxDownload.csv importer: action table, sections, dates, line numbers, identification."""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from conftest import SHARED

from rothaudit.errors import InputError
from rothaudit.importers.vanguard_actions import TYPE_PREFIXES, classify
from rothaudit.importers.vanguard_csv import IMPORTER
from rothaudit.importing.base import ParsedFile
from rothaudit.kinds import KINDS

SAMPLE = SHARED / "samples" / "vanguard_csv_2019_bankroll.csv"
HOLDINGS = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,"
TX_OLD = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commission Fees,Net Amount,"
    "Accrued Interest,Account Type,"
)
TX_NEW = TX_OLD.replace("Commission Fees", "Commissions and Fees")


def _row(trade: str, kind: str, amount: str, settle: str | None = None) -> str:
    settle = settle or trade
    return f"11112222,{trade},{settle},{kind},{kind},CASH,,0.0,0.0,{amount},0.0,{amount},0.0,CASH,"


def _parse(
    tmp_path: Path, lines: list[str], eol: str = "\n", encoding: str = "utf-8"
) -> ParsedFile:
    path = tmp_path / "OfxDownload.csv"
    path.write_bytes((eol.join(lines) + eol).encode(encoding))
    parsed = IMPORTER.parse(path, path.read_bytes())
    assert parsed.rows == parsed.transactions.height + len(parsed.rejections) + parsed.skipped
    return parsed


def _kinds(types: list[str | None], descriptions: list[str | None] | None = None) -> list[str]:
    frame = pl.DataFrame(
        {"t": types, "d": descriptions or [None] * len(types)},
        schema=[
            ("t", pl.String),
            ("d", pl.String),
        ],
    )
    return frame.select(classify(pl.col("t"), pl.col("d")).alias("k"))["k"].to_list()


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Contribution", "contribution"),
        ("Contribution AIP", "contribution"),
        ("Conversion (outgoing)", "conversion_out"),
        ("Conversion (incoming)", "conversion_in"),
        ("Share Conversion (outgoing)", "sell"),
        ("Share Conversion (incoming)", "buy"),
        ("CONVERSION (OUTGOING)", "conversion_out"),
        ("  conversion   (incoming) ", "conversion_in"),
        ("Distribution", "distribution"),
        ("Rollover (incoming)", "rollover_in"),
        ("Funds Received", "transfer_in"),
        ("Withdrawal", "transfer_out"),
        ("Transfer (outgoing)", "transfer_out"),
        ("Capital gain (ST)", "dividend"),
        ("Reinvestment (LT gain)", "reinvestment"),
        ("Buy (Initial)", "buy"),
        ("Sell to open", "sell"),
        ("Sweep in", "sweep"),
        ("Advisor fee", "fee"),
        ("Corp Action (Redemption)", "sell"),
        ("Corp Action (Spinoff)", "other"),
        ("Recharacterization", "recharacterization"),
        ("Buyback", "other"),  # a prefix must end at a word's end
        ("Conversion", "other"),  # no direction: not guessed
        ("Something new", "other"),
        (None, "other"),
    ],
)
def test_type_table(raw: str | None, kind: str) -> None:
    assert _kinds([raw]) == [kind]


def test_table_kinds_are_closed_and_longest_prefix_wins() -> None:
    assert set(TYPE_PREFIXES.values()) <= set(KINDS)
    # each entry, followed by more text, still maps to its own kind, not to a shorter prefix's
    prefixes = list(TYPE_PREFIXES)
    assert _kinds([f"{p} (x)" for p in prefixes]) == [TYPE_PREFIXES[p] for p in prefixes]


def test_description_overrides_and_stated_year(tmp_path: Path) -> None:
    header = (
        "Account Number, Trade Date, Process Date, Transaction Type, Transaction Description, "
        "Investment Name, Share Price, Shares, Gross Amount, Net Amount,"
    )
    rows = [
        "88880000111,2014-02-03,2014-02-03,Buy,2013 EMPLOYEE CONTRIBUTION,Fund,10.0,5.0,50.0,50.0,",
        "88880000111,2014-02-03,2014-02-03,Buy,BUY 2013 SHARES,Fund,10.0,5.0,50.0,50.0,",
        "88880000111,2014-02-04,2014-02-04,Distribution,INCOME DIVIDEND,Fund,10.0,0.0,1.0,1.0,",
    ]
    tx = _parse(tmp_path, [header, *rows]).transactions
    assert tx["kind"].to_list() == ["contribution", "buy", "dividend"]
    assert tx["designated_tax_year"].to_list() == [2013, None, None]


@pytest.mark.parametrize("header", [TX_OLD, TX_NEW, TX_OLD.rstrip(",")])
def test_both_fee_spellings_and_date_styles(tmp_path: Path, header: str) -> None:
    rows = [_row("2024-02-12", "Contribution", "7000.00"), _row("01/31/2024", "Dividend", "0.53")]
    parsed = _parse(tmp_path, [header, *rows])
    assert parsed.rejections == []
    tx = parsed.transactions
    assert tx["trade_date"].to_list() == [date(2024, 2, 12), date(2024, 1, 31)]
    assert tx["amount"].to_list() == [Decimal("7000"), Decimal("0.53")]
    assert tx["action"].to_list() == ["Contribution | Contribution", "Dividend | Dividend"]
    assert tx["source_line"].to_list() == [2, 3]


def test_settlement_date_kept_as_exported(tmp_path: Path) -> None:
    rows = [
        _row("06/28/2024", "Fee", "-1", "06/27/2024"),
        _row("04/20/2016", "Buy", "-2", "01/22/2017"),
    ]
    tx = _parse(tmp_path, [TX_OLD, *rows]).transactions
    assert tx["settlement_date"].to_list() == [date(2024, 6, 27), date(2017, 1, 22)]


def test_holdings_dated_by_newest_transaction(tmp_path: Path) -> None:
    holdings = [HOLDINGS, "11112222,VANGUARD TOTAL STOCK MARKET ETF,VTI,2,250.00,500.00,"]
    rows = [_row("2024-03-01", "Dividend", "1"), _row("2024-03-09", "Dividend", "2", "2024-03-20")]
    parsed = _parse(tmp_path, [*holdings, "", "", "", TX_NEW, *rows, ""])
    (balance,) = parsed.balances.to_dicts()
    assert balance["as_of"] == date(2024, 3, 9)  # newest trade date, not settlement nor first row
    assert balance["as_of_estimated"] is True
    assert (balance["level"], balance["origin"]) == ("position", "vanguard_holdings")
    assert balance["value"] == Decimal("500")
    assert balance["source_line"] == 2
    assert "2024-03-09" in parsed.notes[0] and "estimated" in parsed.notes[0]
    assert parsed.skipped == 1 + 1 + 4 + 1  # holdings header, its row, blank lines, tx header


def test_holdings_without_transactions_use_file_time(tmp_path: Path) -> None:
    path = tmp_path / "OfxDownload.csv"
    path.write_text(HOLDINGS + "\n11112222,CASH FUND,VMFXX,3,1.0,3.00,\n", encoding="utf-8")
    stamp = datetime(2025, 1, 2, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    parsed = IMPORTER.parse(path, path.read_bytes())
    assert parsed.balances["as_of"].to_list() == [date(2025, 1, 2)]
    assert "modification time" in parsed.notes[0]


def test_line_numbers_survive_blank_lines_and_crlf(tmp_path: Path) -> None:
    rows = [_row("2024-03-09", "Dividend", "1"), "", _row("2024-03-08", "Dividend", "2")]
    for eol in ("\n", "\r\n"):
        parsed = _parse(tmp_path, ["", HOLDINGS, "", TX_NEW, *rows, "", ""], eol=eol)
        assert parsed.transactions["source_line"].to_list() == [5, 7]
        assert parsed.rows == 9


def test_rejections_name_line_and_reason(tmp_path: Path) -> None:
    rows = [
        _row("2024-03-09", "Dividend", "1x"),
        _row("2024-13-40", "Dividend", "1"),
        _row("2024-03-07", "Dividend", "1") + "extra,",
        _row("2024-03-06", "Dividend", "3"),
    ]
    parsed = _parse(tmp_path, [TX_NEW, *rows, "", "", "Account Number,Lot,", "1,2,"])
    assert [(r.line, r.reason) for r in parsed.rejections] == [
        (2, "unparseable Net Amount '1x'"),
        (3, "unparseable Trade Date '2024-13-40'"),
        (4, "15 fields where the header names 14"),
        (8, "unknown Vanguard section header 'Account Number,Lot,'"),
        (9, "unknown Vanguard section header 'Account Number,Lot,'"),
    ]
    assert parsed.transactions["source_line"].to_list() == [5]


def test_no_known_section_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no known Vanguard section header"):
        _parse(tmp_path, ["Date,Amount,", "2024-01-01,5,"])


def test_cp1252_names_decode(tmp_path: Path) -> None:
    row = "11112222,FONDS CAFÉ,,1,1.0,1.00,"
    parsed = _parse(
        tmp_path, [HOLDINGS, row, "", TX_OLD, _row("2024-01-02", "Buy", "-1")], encoding="cp1252"
    )
    assert parsed.balances["description"].to_list() == ["FONDS CAFÉ"]


@pytest.mark.parametrize(
    "head",
    [
        HOLDINGS,
        "\ufeff" + HOLDINGS.rstrip(","),
        "\n,,,\n" + TX_NEW,
        TX_OLD.upper(),
        "Plan Number,Plan Name,Fund Name,Shares,Price,Total Value,",
        "Account Number, Trade Date, Process Date, Transaction Type, Transaction Description, "
        "Investment Name, Share Price, Shares, Gross Amount, Net Amount,",
    ],
)
def test_identify_accepts_vanguard_headers(head: str) -> None:
    assert IMPORTER.identify(Path("OfxDownload.csv"), (head + "\n1,2,\n").encode())


@pytest.mark.parametrize(
    "head",
    [
        "",
        "\n\n",
        "hello world",
        "Account Number,Investment Name,Symbol",
        "Run Date,Action,Symbol,Description,Type,Quantity,Price ($),Commission ($),Amount ($)",
        "\n\nBrokerage\n\nRun Date,Account,Action,Symbol,Amount ($),Settlement Date",
        "OFXHEADER:100\nDATA:OFXSGML\n",
        "Date,Description,Amount," + HOLDINGS,
    ],
)
def test_identify_refuses_others(head: str) -> None:
    assert not IMPORTER.identify(Path("x.csv"), head.encode())


def test_identify_refuses_shared_fidelity_samples() -> None:
    samples = sorted((SHARED / "samples").glob("fidelity_*.csv"))
    if not samples:
        pytest.skip("shared samples not present")
    for sample in samples:
        assert not IMPORTER.identify(sample, sample.read_bytes()[:8192]), sample.name


def test_real_2019_sample() -> None:
    if not SAMPLE.exists():
        pytest.skip("shared sample not present")
    assert IMPORTER.identify(SAMPLE, SAMPLE.read_bytes()[:8192])
    parsed = IMPORTER.parse(SAMPLE, SAMPLE.read_bytes())
    tx = parsed.transactions
    assert (parsed.rows, tx.height, len(parsed.rejections), parsed.skipped) == (30, 18, 0, 12)
    assert parsed.balances.height == 6
    assert parsed.balances["as_of"].unique().to_list() == [date(2017, 9, 23)]
    assert tx["kind"].value_counts().sort("kind").rows() == [
        ("buy", 5),
        ("dividend", 4),
        ("reinvestment", 3),
        ("sell", 2),
        ("sweep", 1),
        ("transfer_in", 1),
        ("transfer_out", 2),
    ]
    by_line = {r["source_line"]: r for r in tx.to_dicts()}
    assert by_line[13]["kind"] == "dividend" and by_line[13]["symbol"] is None
    assert by_line[13]["amount"] == Decimal("43.21")
    assert by_line[16]["kind"] == "transfer_in" and by_line[16]["amount"] == Decimal("1234.5")
    assert by_line[27]["settlement_date"] == date(2017, 1, 22)  # a year after trade, as exported
    assert by_line[29]["price"] == Decimal("1.0") and by_line[29]["quantity"] == Decimal("543.21")
