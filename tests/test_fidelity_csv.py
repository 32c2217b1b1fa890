"""Fidelity activity CSV: action classification, layouts, footers, price/quantity swaps, samples."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES, SHARED

from rothaudit.errors import InputError
from rothaudit.importers import fidelity_actions
from rothaudit.importers.fidelity_csv import IMPORTER, file_account
from rothaudit.importing.base import ParsedFile
from rothaudit.importing.pipeline import InputFile, import_files
from rothaudit.importing.text import decode, physical_lines
from rothaudit.kinds import KINDS

SAMPLES = SHARED / "samples"
OWN_FIXTURES = sorted((FIXTURES / "importers" / "fidelity_csv").glob("*.csv"))
F7 = (
    "Run Date,Account,Account Number,Action,Symbol,Description,Type,Exchange Quantity,"
    "Exchange Currency,Currency,Price,Quantity,Exchange Rate,Commission,Fees,Accrued Interest,"
    "Amount,Settlement Date"
)
F6 = (
    "Run Date,Account,Account Number,Action,Symbol,Description,Type,Price ($),Quantity,"
    "Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date"
)


def kinds_of(rows: list[tuple[str, str | None]]) -> list[str]:
    df = pl.DataFrame(
        {"a": [a for a, _ in rows], "m": [Decimal(m) if m else None for _, m in rows]},
        schema={"a": pl.String, "m": pl.Decimal(38, 6)},
    )
    return df.select(fidelity_actions.classify(pl.col("a"), pl.col("m")))["kind"].to_list()


CLASSIFIED = [
    ("CASH CONTRIBUTION CURRENT YEAR (Cash)", "7000", "contribution"),
    ("CASH CONTRIBUTION PRIOR YEAR", "7000", "contribution"),
    ("Cash Contribution (Cash)", "100", "contribution"),
    ("CONV TO ROTH IRA 444555666 (Cash)", "-7000", "conversion_out"),
    ("CONV TO ROTH IRA 444555666 (Cash)", "7000", "conversion_in"),
    ("ROTH CONVERSION FROM 111 (Cash)", "7000", "conversion_in"),
    ("ROTH CONVERSION FROM 111 (Cash)", "-7000", "conversion_out"),
    ("ROTH CONVERSION", "0", "other"),
    ("PARTIAL CY RECHAR (Cash)", "-10", "recharacterization"),
    ("RECHARACTERIZATION", "10", "recharacterization"),
    ("EARLY DIST FROM IRA (Cash)", "-500", "distribution"),
    ("NORMAL DISTRIBUTION (Cash)", "-500", "distribution"),
    ("PARTIAL DISTRIBUTION VS 1 PARTIAL DISTRIBUTION (Cash)", "-500", "distribution"),
    ("DISTRIBUTION ACME CORP (ACME) (Cash)", "0", "other"),
    ("FED TAX W/H FEDERAL TAX WITHHELD (Cash)", "-50", "withholding"),
    ("STATE TAX W/H", "-5", "withholding"),
    ("TAX WITHHELD", "-5", "withholding"),
    ("ROLLOVER CASH DIRECT ROLLOVER", "100", "rollover_in"),
    ("ROLLOVER SHARES", "-100", "rollover_out"),
    ("TRANSFER OF ASSETS ROLLOVER IN", "100", "rollover_in"),
    ("TRANSFER OF ASSETS ACAT RECEIVE", "100", "transfer_in"),
    ("TRANSFER OF ASSETS ACAT DELIVER", "-100", "transfer_out"),
    ("TRANSFERRED FROM 555555555 (Cash)", "1", "transfer_in"),
    ("TRANSFERRED TO VS ROLLOVER IRA CURRENT CONTRIBUTION", "-1", "transfer_out"),
    ("Electronic Funds Transfer Received (Cash)", "1", "transfer_in"),
    ("  electronic   funds transfer paid (Cash)", "-1", "transfer_out"),
    ("DIRECT DEPOSIT XXXX ACH DEPOSIT (Cash)", "1", "transfer_in"),
    ("DIRECT DEBIT CITY (Cash)", "-1", "transfer_out"),
    ("CHECK RECEIVED (Cash)", "1", "transfer_in"),
    ("Check Paid # 9999 (Cash)", "-1", "transfer_out"),
    ("WIRE TRANSFER TO BANK (Cash)", "-1", "transfer_out"),
    ("JOURNALED JNL VS A/C TYPES (Cash)", "1", "transfer_in"),
    ("CONTRIBUTION VS 1 EMPLOYER CONTR (Cash)", "1", "transfer_in"),
    ("PARTIC CONTR CURRENT VS 1 CUR YR PARTICPNT CON (Cash)", "1", "transfer_in"),
    ("CO CONTR CURRENT YR EMPLOYER CUR YR (Cash)", "1", "transfer_in"),
    ("Contributions", "81.79", "transfer_in"),
    ("DIVIDEND RECEIVED ZOETIS INC (ZTS) (Cash)", "1", "dividend"),
    ("INTEREST EARNED FDIC (Cash)", "1", "interest"),
    ("MUNI EXEMPT INT WHEAT (Cash)", "1", "interest"),
    ("REINVESTMENT FUND (SPAXX) (Cash)", "-1", "reinvestment"),
    ("YOU BOUGHT WM (Margin)", "-1", "buy"),
    ("YOU SOLD VVV (Margin)", "1", "sell"),
    ("REDEMPTION FROM CORE ACCOUNT", "1", "sweep"),
    ("PURCHASE INTO CORE ACCOUNT", "-1", "sweep"),
    ("FEE CHARGED", "-1", "fee"),
    ("ADVISOR FEE", "-1", "fee"),
    ("LATE SETTLEMENT FEE", "-1", "fee"),
    ("FOREIGN TAX PAID TSM (Cash)", "-1", "fee"),
    ("NON-RESIDENT TAX", "-1", "fee"),
    ("CONVERSION SHARES DEPOSITED ACME (ACME) (Cash)", "0", "other"),
    ("CONVERSION SHARES DEPOSITED ACME (ACME) (Cash)", "100", "other"),
    ("CONVERSION AS FUND CLASS", "100", "other"),
    ("MERGER MER FROM X", "100", "other"),
    ("SOMETHING NEW", "5", "other"),
    ("YOU SOLD", None, "sell"),
]


def test_classify_table() -> None:
    got = kinds_of([(a, m) for a, m, _ in CLASSIFIED])
    assert got == [k for _, _, k in CLASSIFIED]


def test_electronic_funds_transfer_rcvd_is_a_bank_deposit() -> None:
    """The OFX memo's short form is a deposit from a bank, not an unclassified row."""
    got = kinds_of(
        [
            ("ELECTRONIC FUNDS TRANSFER RCVD", "7000"),
            ("Electronic Funds Transfer Rcvd (Cash)", "250.00"),
        ]
    )
    assert got == ["transfer_in", "transfer_in"]


def test_every_table_kind_is_a_known_kind() -> None:
    for _prefix, kind in fidelity_actions.ACTIONS:
        for k in (kind,) if isinstance(kind, str) else kind:
            assert k in KINDS


def test_designated_tax_year() -> None:
    df = pl.DataFrame(
        {
            "a": [
                "CASH CONTRIBUTION CURRENT YEAR (Cash)",
                "cash contribution prior year",
                "CASH CONTRIBUTION (Cash)",
                "PARTIC CONTR CURRENT YEAR",
                "TRANSFERRED TO VS X PRIOR YEAR",
            ],
            "d": [dt.date(2025, 2, 3)] * 5,
        }
    )
    got = df.select(fidelity_actions.designated_tax_year(pl.col("a"), pl.col("d")))
    got = got["designated_tax_year"]
    assert got.dtype == pl.Int32
    assert got.to_list() == [2025, 2024, None, None, None]


def parse(tmp_path: Path, name: str, text: str) -> ParsedFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    parsed = IMPORTER.parse(path, path.read_bytes())
    assert parsed.rows == len(physical_lines(text))
    assert parsed.rows == parsed.transactions.height + len(parsed.rejections) + parsed.skipped
    return parsed


def test_account_field_name_and_number(tmp_path: Path) -> None:
    header = "Run Date,Account,Action,Symbol,Quantity,Price,Amount,Settlement Date"
    text = "\n".join(
        [
            header,
            "1/2/2019,My Account X12345678, DIVIDEND RECEIVED (Cash),,0,,5,",
            ' 09/06/2023,"Account1" X111111, DIVIDEND RECEIVED (Cash),,0,,6,',
            "09/06/2023,Z98765432,DIVIDEND RECEIVED (Cash),,0,,7,",
            "09/06/2023,ROTH IRA,DIVIDEND RECEIVED (Cash),,0,,8,",
        ]
    )
    parsed = parse(tmp_path, "Accounts_History.csv", text)
    tx = parsed.transactions
    assert tx["account_number"].to_list() == ["X12345678", "X111111", "Z98765432"]
    assert tx["account_name"].to_list() == ["My Account", "Account1", None]
    assert [(r.line, r.reason) for r in parsed.rejections] == [
        (5, "no account number in Account 'ROTH IRA'")
    ]


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("History_for_Account_X12345678 (1).csv", "X12345678"),
        ("History_for_Account_X12345678(2).csv", "X12345678"),
        ("history_for_account_236813579.CSV", "236813579"),
        ("History_for_Account_2TB000009.csv", "2TB000009"),
        ("Accounts_History.csv", None),
        ("History_for_Account_.csv", None),
    ],
)
def test_file_account(name: str, number: str | None) -> None:
    assert file_account(Path(name)) == number


def test_one_account_file_without_number_in_name_is_an_input_error(tmp_path: Path) -> None:
    text = "Run Date,Action,Amount\n01/02/2025,DIVIDEND RECEIVED,5\n"
    with pytest.raises(InputError, match=r"History_for_Account_<number>\.csv"):
        parse(tmp_path, "renamed.csv", text)


@pytest.mark.parametrize(
    "stamp",
    [
        '"Date downloaded" 04/06/2019, 6:29 PM',
        '"Date downloaded 07/30/2021 2:26 PM ET"',
        "Date downloaded 01/24/2023 10:28 am,,,,,,,,,,,",
        "Date downloaded 07/11/2025 7:51 pm",
        "Date downloaded 12/03/2025 3:00 pm",
        "Date downloaded 01/01/2026 11:59 am",
    ],
)
@pytest.mark.parametrize("blank", ["", ",,,,,,"])
def test_footer_stamps_are_skipped(tmp_path: Path, stamp: str, blank: str) -> None:
    text = "\n".join(
        [
            "",
            "Run Date,Action,Amount ($),Settlement Date",
            "01/02/2025,DIVIDEND RECEIVED (Cash),5,",
            blank,
            '"A notice that spans',
            'two lines inside one quote."',
            stamp,
        ]
    )
    parsed = parse(tmp_path, "History_for_Account_X1.csv", text)
    assert parsed.transactions.height == 1
    assert parsed.rejections == []
    assert parsed.skipped == 6


def swap_file(tmp_path: Path, rows: list[str]) -> ParsedFile:
    return parse(
        tmp_path, "Accounts_History.csv", "\n".join(["", F6, *rows, "", "Date downloaded"])
    )


def row(account: str, price: str, quantity: str, amount: str) -> str:
    return f'01/02/2026,"A","{account}","YOU SOLD X (X) (Cash)",X,"X",Cash,{price},{quantity},,,,{amount},'


def test_swap_when_an_account_shows_only_swapped_evidence(tmp_path: Path) -> None:
    parsed = swap_file(
        tmp_path,
        [
            row("1", "-4", "301.5", "1206"),
            row("1", "25", "280", "-7000"),
            row("1", "0.35", "", "81"),
        ],
    )
    tx = parsed.transactions
    assert tx["quantity"].to_list() == [Decimal("-4"), Decimal("25"), Decimal("0.35")]
    assert tx["price"].to_list() == [Decimal("301.5"), Decimal("280"), None]
    assert parsed.notes and "...1" in parsed.notes[0]


def test_labels_kept_when_evidence_says_they_are_right(tmp_path: Path) -> None:
    parsed = swap_file(tmp_path, [row("1", "30.44", "-341", "10378"), row("1", "40", "10", "-400")])
    assert parsed.transactions["quantity"].to_list() == [Decimal("-341"), Decimal("10")]
    assert parsed.notes == []


def test_mixed_evidence_rejects_rows_it_cannot_decide(tmp_path: Path) -> None:
    parsed = swap_file(
        tmp_path,
        [
            row("1", "41", "-10", "410"),  # labels right
            row("1", "-5", "22.4", "112"),  # swapped: a price is never negative
            row("1", "40.5", "10", "-405"),  # no evidence, and the account shows both
            row("1", "-3", "-20", "60"),  # both negative: no reading works
            row("2", "40.5", "10", "-405"),  # another account: untouched
        ],
    )
    tx = parsed.transactions
    assert tx["source_line"].to_list() == [3, 4, 7]
    assert tx["quantity"].to_list() == [Decimal("-10"), Decimal("-5"), Decimal("10")]
    assert [(r.line, r.reason) for r in parsed.rejections] == [
        (5, "price/quantity labels disagree with amount"),
        (6, "price/quantity labels disagree with amount"),
    ]


FIDELITY_POSITIONS = "Account Number,Account Name,Symbol,Description,Quantity,Last Price\n"
FIDELITY_STATEMENT = (
    "Account Type,Account,Beginning mkt Value,Change in Investment,Ending mkt Value\n"
)
VANGUARD = "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description\n"


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        ("\ufeff\n" + F6 + "\n", True),
        (",,,,,,,,,,,\n" * 5 + F7 + "\n", True),
        ("\n\n\nBrokerage\n\n" + F6 + "\n", True),
        ("Date,Action,Symbol,Amount ($),Cash Balance ($),Settlement Date\n", True),
        ("Run Date,Account,Symbol,Quantity\n", False),
        (FIDELITY_POSITIONS, False),
        (FIDELITY_STATEMENT, False),
        (VANGUARD, False),
        ("Account Number,Investment Name,Symbol\n1,2,3\n\n" + VANGUARD, False),
        ("OFXHEADER:100\nDATA:OFXSGML\n", False),
    ],
)
def test_identify(head: str, claimed: bool) -> None:
    assert IMPORTER.identify(Path("x.csv"), head.encode("utf-8")) is claimed


@pytest.mark.parametrize("path", OWN_FIXTURES, ids=lambda p: p.name)
def test_source_line_is_the_physical_line(path: Path) -> None:
    parsed = IMPORTER.parse(path, path.read_bytes())
    lines = physical_lines(decode(path.read_bytes()))
    for line_no, action, date in parsed.transactions.select(
        "source_line", "action", "trade_date"
    ).iter_rows():
        line = lines[line_no - 1]
        assert action in line
        forms = {date.strftime("%m/%d/%Y"), date.strftime("%m/%d/%y")}
        forms.add(f"{date.month}/{date.day}/{date.year}")
        assert line.strip().split(",")[0] in forms
    for rejection in parsed.rejections:
        assert lines[rejection.line - 1].strip(", ") != ""


def samples_present() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("shared samples absent")


def test_real_all_accounts_sample() -> None:
    samples_present()
    path = SAMPLES / "fidelity_csv_all_accounts_2025-12_reds.csv"
    batch = import_files([InputFile(path, path.name)])
    (stat,) = batch.inputs
    assert (stat.rows, stat.imported, stat.rejected, stat.skipped) == (28, 21, 0, 7)
    ira = batch.transactions.filter(pl.col("account_name") == "IRA Account")
    assert ira["account_number"].unique().to_list() == ["111111111"]
    assert ira.select("source_line", "kind", "amount", "quantity", "price").rows() == [
        (2, "dividend", Decimal("713.08"), Decimal("0"), None),
        (3, "reinvestment", Decimal("-713.08"), Decimal("9.598"), Decimal("74.29")),
    ]
    sell = batch.transactions.filter(pl.col("symbol") == "VVV").row(0, named=True)
    assert (sell["kind"], sell["quantity"], sell["price"]) == (
        "sell",
        Decimal(-341),
        Decimal("30.44"),
    )
    assert sell["settlement_date"] == dt.date(2025, 11, 25)


def test_real_single_account_sample(tmp_path: Path) -> None:
    samples_present()
    path = tmp_path / "History_for_Account_2TB000009 (1).csv"
    shutil.copy(SAMPLES / "fidelity_csv_single_account_2025-07_ofxstatement-fidelity.csv", path)
    batch = import_files([InputFile(path, path.name)])
    (stat,) = batch.inputs
    assert (stat.rows, stat.imported, stat.rejected, stat.skipped) == (25, 8, 0, 17)
    tx = batch.transactions
    assert tx["account_number"].unique().to_list() == ["2TB000009"]
    assert tx["source_line"].to_list() == list(range(4, 12))
    assert tx["kind"].to_list() == ["buy"] * 3 + ["sell"] * 3 + ["reinvestment", "dividend"]
    first = tx.row(0, named=True)
    assert (first["amount"], first["quantity"], first["price"]) == (
        Decimal("-86000"),
        Decimal("8301.158"),
        Decimal("10.36"),
    )


def test_a_quote_polars_cannot_read_rejects_only_its_row(tmp_path: Path) -> None:
    """Text after a closing quote (`"ROTH IRA"x`) once stopped the import with polars' error."""
    good = '01/02/2025,"ROTH IRA","123456789","YOU BOUGHT",X,"D",Cash,1,1,-1,01/03/2025'
    text = "\n".join([F6.replace(",Commission ($),Fees ($),Accrued Interest ($)", ""), good])
    text += "\n" + good.replace('"ROTH IRA"', '"ROTH IRA"x') + "\n" + good + "\n"
    parsed = parse(tmp_path, "Accounts_History.csv", text)
    assert parsed.transactions["source_line"].to_list() == [2, 4]
    assert [(r.line, r.reason) for r in parsed.rejections] == [(3, "malformed quotes in row")]
