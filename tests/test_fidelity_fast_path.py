"""Fidelity CSV: the fast path (`_typed_run`, slices read by polars) gives exactly the result of
the line-by-line path (`_classify_lines` + `_read_rows`) for every file, read from bytes
(`parse`) or from the file a piece at a time (`parse_file`), with slices of any size.

The line-by-line path is forced by making `_typed_run` answer None, as it does for any run it
does not trust. A spy records whether the fast path really read a run, so the clean cases
cannot pass by quietly falling back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from test_fidelity_csv import F6, F7

from rothaudit.errors import InputError
from rothaudit.importers import fidelity_csv
from rothaudit.importers.fidelity_csv import IMPORTER
from rothaudit.importing import slices
from rothaudit.importing.base import ParsedFile

F1 = (
    "Run Date,Account,Action,Symbol,Security Description,Security Type,Exchange Quantity,"
    "Exchange Currency,Quantity,Currency,Price,Exchange Rate,Commission,Fees,Accrued Interest,"
    "Amount,Settlement Date"
)
ONE_ACCOUNT = (
    "Run Date,Action,Symbol,Description,Type,Price ($),Quantity,Commission ($),Fees ($),"
    "Accrued Interest ($),Amount ($),Cash Balance ($),Settlement Date"
)
ALL = "Accounts_History.csv"
ONE = "History_for_Account_271828182.csv"
NOTICE = [
    '"The figures in this download are a convenience copy for the account owner and are not an"',
    '"official record, and values shown may change after the download time."',
]
SPANNING = [
    '"The figures in this download are a convenience copy for the account owner and are not an',
    "official record. Values shown may change after the download time and should be checked",
    'against the monthly statements before anyone relies on them."',
]
STAMP = "Date downloaded 01/10/2026 10:00 am"


def f6(
    date: str = "01/02/2026",
    account: str = '"IRA Account"',
    number: str = '"111222333"',
    action: str = '"CASH CONTRIBUTION CURRENT YEAR (Cash)"',
    symbol: str = "",
    description: str = '"No Description"',
    price: str = "",
    quantity: str = "0.000",
    amount: str = "500",
    settle: str = "",
) -> str:
    """A row of the F6 layout (14 fields)."""
    return (
        f"{date},{account},{number},{action},{symbol},{description},Cash,{price},{quantity},"
        f",,,{amount},{settle}"
    )


def f7(date: str = "02/03/2025", action: str = "CASH CONTRIBUTION CURRENT YEAR (Cash)") -> str:
    """A row of the F7 layout (18 fields)."""
    return (
        f'{date},"IRA Account","111222333","{action}", ,"No Description",Cash,0,,USD,,0.000,0,'
        ",,,3500,"
    )


def f1(date: str = "1/2/2019", account: str = "ROLLOVER IRA 198765432") -> str:
    """A row of the F1 layout: account name and number in one unquoted field."""
    return (
        f"{date},{account}, CASH CONTRIBUTION PRIOR YEAR (Cash), ,No Description,Cash,0,,0.000,"
        "USD,,0,,,,5500,"
    )


def one(date: str = "12/31/2025", amount: str = "18.36", price: str = "0.000") -> str:
    """A row of a one-account download (no account column; `--` cash balance)."""
    return (
        f'{date},"DIVIDEND RECEIVED INVENTED TOTAL MARKET ETF (ITMX) (Cash)",ITMX,'
        f'"INVENTED TOTAL MARKET ETF",Cash,{price},,,,,{amount},--,'
    )


def clean_rows(n: int) -> list[str]:
    """`n` ordinary F6 rows of several accounts, actions and amounts."""
    actions = [
        '"CASH CONTRIBUTION CURRENT YEAR (Cash)"',
        '"CONV TO ROTH IRA 444555666 (Cash)"',
        '"DIVIDEND RECEIVED INVENTED FUND (INVX) (Cash)"',
        '"YOU BOUGHT INVENTED GROWTH FUND (INVGX) (Cash)"',
    ]
    return [
        f6(
            date=f"{1 + i % 12:02d}/{1 + i % 28:02d}/2025",
            number=f'"{111222333 + i % 3}"',
            action=actions[i % 4],
            price="40.5" if i % 4 == 3 else "",
            quantity="10" if i % 4 == 3 else "0.000",
            amount=f"{-1 if i % 4 in (1, 3) else 1}{i * 7 % 1000}.{i % 100:02d}",
            settle="01/12/2026" if i % 4 == 3 else "",
        )
        for i in range(n)
    ]


def text(lines: list[str], *, newline: str = "\n", final: bool = True) -> str:
    return newline.join(lines) + (newline if final else "")


# Whether the fast path must read a non-empty run (so the comparison is between two paths):
ALWAYS = "always"  # with any slice size
WHOLE = "whole"  # with the shipped slice size (a small slice may start at an odd line)
EITHER = ""  # no claim: the file may fall back to the line-by-line path

# (id, file name, bytes, the header line, one of the above)
CASES: list[tuple[str, str, bytes, str, str]] = []


def case(ident: str, data: str | bytes, header: str = F6, *, name: str = ALL, fast: str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    CASES.append((ident, name, raw, header, fast))


FOOTER = ["", "", *NOTICE, "", STAMP]
case("clean F6", text(["", "", F6, *clean_rows(12), *FOOTER]), fast=ALWAYS)
case(
    "clean F7, no footer newline",
    text([F7, f7(), f7(), "", "", STAMP], final=False),
    F7,
    fast=ALWAYS,
)
case(
    "clean F1",
    text(["", "", F1, f1(), f1("12/28/2018"), f1(account="ROTH IRA"), ""]),
    F1,
    fast=ALWAYS,
)
case(
    "one-account with BOM",
    "\ufeff" + text(["", ONE_ACCOUNT, one(), one("01/05/2026", "1206", "-4"), *FOOTER]),
    ONE_ACCOUNT,
    name=ONE,
    fast=ALWAYS,
)
case(
    "quoted commas and escaped quotes",
    text(
        [
            F6,
            f6(description='"A ""B"" FUND, CLASS I"'),
            f6(action='"YOU BOUGHT ACME, INC (ACME) (Cash)"', price="1", quantity="2", amount="-2"),
            f6(account='"Joint, WROS"', description='""'),
            f6(description='" "', symbol='"X,Y"'),
            f6(action='"DIVIDEND ""SPECIAL"""'),
            *FOOTER,
        ]
    ),
    fast=ALWAYS,
)
case(
    "mid-field quotes, even",
    text([F6, f6(), f6(account='a""b'), f6(account='a"b"c'), f6(account='ab"c', number='d"e')]),
    fast=ALWAYS,
)
case(
    "mid-field quote, odd",
    text([F6, f6(), f6(account='ab"c'), f6(), f6(description='No "Description')]),
    fast=EITHER,
)
case(
    "odd quotes mid-file",
    text([F6, f6(), f6(action='"DIVIDEND RECEIVED "ODD" FUND (Cash)'), f6(), f6(), *FOOTER]),
    fast=EITHER,
)
case(
    "odd quotes on the last line",
    text([F6, f6(), f6(), f6(action='"DIVIDEND RECEIVED "ODD" FUND (Cash)')], final=False),
    fast=EITHER,
)
# two data lines whose odd quotes polars joins into one well-formed row of the header's width
SPLIT_ROW = [
    '01/02/2026,"IRA Account',
    '2 more",111,"CASH CONTRIBUTION CURRENT YEAR (Cash)",,,Cash,,0.000,,,,500,',
]
case("a quoted field across two data lines", text([F6, f6(), *SPLIT_ROW, f6()]), fast=EITHER)
case("a quoted field across the first two lines", text([F6, *SPLIT_ROW, f6(), f6()]), fast=EITHER)
case("a quoted field across the last two lines", text([F6, f6(), f6(), *SPLIT_ROW]), fast=EITHER)
case("row wider than the header", text([F6, f6(), f6(settle=",,7,"), f6(), *FOOTER]), fast=EITHER)
case(
    "trailing empty fields", text([F6, f6(), f6(settle=",,"), f6(settle=", ,"), f6()]), fast=EITHER
)
case("trailing empty fields first", text([F6, f6(settle=",,"), f6(), f6()]), fast=EITHER)
case("short row mid-run", text([F6, f6(), "01/02/2026,x,1", f6(), "01/03/2026"]), fast=WHOLE)
case("short first row", text([F6, "01/02/2026,x,1", f6(), f6()]), fast=EITHER)
REPAIR = [
    ' 09/06/2023,"Joint WROS" X13572468, YOU BOUGHT INVENTED GROWTH FUND (INVGX) (Cash),INVGX, '
    "INVENTED GROWTH FUND,Cash,0,,12.5,USD,40.02,0,,,,-500.25,09/07/2023",
    ' 09/05/2023,"Trad IRA" 246813579, ROLLOVER CASH DIRECT ROLLOVER (Cash), , No Description,'
    "Cash,0,,0.000,USD,,0,,,,18250.4,",
]
case("quote then space", text([F6, f6(), f6(account='"IRA" '), f6()]), fast=EITHER)
case("quote then text", text([F6, f6(), f6(account='"IRA"x'), f6(), *FOOTER]), fast=EITHER)
case("F4 repair layout", text(["", "", F1, *REPAIR, "", "", STAMP]), F1, fast=EITHER)
case(
    "F4 repair without leading space",
    text([F1, f1(), REPAIR[0].lstrip(), f1(), REPAIR[1].lstrip(), f1()]),
    F1,
    fast=EITHER,
)
case("title line mid-file", text([F6, *clean_rows(5), "Brokerage", *clean_rows(3)]), fast=ALWAYS)
case(
    "blank lines mid-file",
    text([F6, *clean_rows(5), "", ",,,,,,", *clean_rows(3), "", *NOTICE]),
    fast=ALWAYS,
)
case(
    "multi-line quoted footer and a row after it",
    text([F6, *clean_rows(6), "", *SPANNING, "", STAMP, f6(amount="0.1"), f6(amount="0.2")]),
    fast=ALWAYS,
)
case(
    "footer without blank line",
    text([F6, *clean_rows(3), '"Date downloaded" 04/06/2019, 6:29 PM', f6()]),
    fast=ALWAYS,
)
case(
    "bad cells",
    text(
        [
            F6,
            *clean_rows(3),
            f6(amount="7x00"),
            f6(date="13/45/2025"),
            f6(amount="--"),
            f6(quantity="Processing"),
            f6(amount='"$1,234.50"'),
            f6(amount=" 12.5 ", price="(3.00)", quantity="+0.16"),
            f6(amount='"500"', settle='" 01/03/2026 "'),
            f6(amount="1.1234567"),
            f6(amount="1e3"),
            f6(date="01/02/26", settle="2026-01-05"),
            f6(date="2/3/2026"),
            f6(date=""),
            f6(action=""),
            f6(action='"--"'),
            f6(number='""'),
            f6(number="N/A"),
            f6(price="1.1234567891", quantity="-3", amount="3"),
            f6(amount=""),
            *clean_rows(3),
            *FOOTER,
        ]
    ),
    fast=ALWAYS,
)
case(
    "price and quantity swapped",
    text([F6, f6(price="-4", quantity="301.5", amount="1206"), f6(price="0.35", quantity="")]),
    fast=ALWAYS,
)
case(
    "mixed swap evidence",
    text(
        [
            F6,
            f6(price="41", quantity="-10", amount="410"),
            f6(price="-5", quantity="22.4", amount="112"),
            f6(price="40.5", quantity="10", amount="-405"),
            f6(price="-3", quantity="-20", amount="60"),
        ]
    ),
    fast=ALWAYS,
)
case("CRLF", text(["", F6, *clean_rows(8), *FOOTER], newline="\r\n"), fast=ALWAYS)
case(
    "BOM and CRLF, no final newline",
    "\ufeff" + text([F6, *clean_rows(8)], newline="\r\n", final=False),
    fast=ALWAYS,
)
case("no final newline after data", text([F6, *clean_rows(8)], final=False), fast=ALWAYS)
case("last line one digit", text([F6, *clean_rows(3), "5"], final=False), fast=WHOLE)
case(
    "multibyte characters",
    text([F6, f6(description='"Café ☕ 𝄞"'), f6(account='"Ünïcødé IRA"'), *clean_rows(3)]),
    fast=ALWAYS,
)
case(
    "cp1252 byte",
    text([F6, *clean_rows(3), f6(description='"Caf\xe9"'), *clean_rows(2)]).encode("cp1252"),
    fast=ALWAYS,
)
case("lone CR", text([F6, *clean_rows(3)]).replace("\n", "\r", 2), fast=EITHER)
case("CR CR LF", text([F6, *clean_rows(3), ""], newline="\r\r\n"), fast=EITHER)
case("header only", text([F6]), fast=EITHER)
case("header only, no newline", text(["", F6], final=False), fast=EITHER)
case("header, then footer", text([F6, *FOOTER]), fast=EITHER)
case("blank line right after header", text([F6, "", *clean_rows(3)]), fast=EITHER)
case("empty lines at the end", text([F6, *clean_rows(3), "", "", ""]), fast=ALWAYS)
for _fixture in sorted((FIXTURES / "importers" / "fidelity_csv").glob("*.csv")):
    _data = _fixture.read_bytes()
    _start = 3 if _data.startswith(b"\xef\xbb\xbf") else 0
    _header = next(
        line for line in _data[_start:].decode("utf-8").splitlines() if line.startswith("Run Date")
    )
    case(f"fixture {_fixture.name}", _data, _header, name=_fixture.name, fast=EITHER)


Outcome = ParsedFile | tuple[str, str]


def outcome(run: Callable[[], ParsedFile]) -> Outcome:
    """The parsed file, or the error it raised (an InputError's text is part of the result)."""
    try:
        return run()
    except InputError as err:
        return ("InputError", str(err))
    except Exception as err:  # compared, not hidden: both paths must raise alike
        return (type(err).__name__, "")


def assert_same(got: Outcome, expected: Outcome, label: str) -> None:
    if not isinstance(expected, ParsedFile) or not isinstance(got, ParsedFile):
        assert got == expected, label
        return
    assert_frame_equal(got.transactions, expected.transactions, check_exact=True)
    assert_frame_equal(got.balances, expected.balances, check_exact=True)
    assert got.rejections == expected.rejections, label
    assert (got.rows, got.skipped, got.notes) == (
        expected.rows,
        expected.skipped,
        expected.notes,
    ), label


@contextmanager
def patched(
    *, slow: bool = False, runs: list[int | None] | None = None, sizes: tuple[int, int] = (0, 0)
) -> Iterator[None]:
    """The line-by-line path forced (`slow`), or `_typed_run` spied on (its run lengths into
    `runs`); `sizes` = (piece, slice) bytes for `lf_pieces` and `line_slices` (0: as shipped).

    Both functions bind their size default when defined, so the defaults are replaced.
    """
    with pytest.MonkeyPatch.context() as mp:
        if slow:
            mp.setattr(fidelity_csv, "_typed_run", lambda *args, **kwargs: None)
        elif runs is not None:
            real = fidelity_csv._typed_run

            def spy(*args: Any, **kwargs: Any) -> Any:
                result = real(*args, **kwargs)
                runs.append(None if result is None else result[1])
                return result

            mp.setattr(fidelity_csv, "_typed_run", spy)
        piece, slice_ = sizes
        if piece:
            mp.setattr(slices.lf_pieces, "__defaults__", (piece,))
        if slice_:
            mp.setattr(slices.line_slices, "__defaults__", (slice_,))
            mp.setattr(slices, "SLICE_BYTES", slice_)
        yield


def piece_size(data: bytes, header: str, size: int) -> int:
    """At least up to the header and into the first data line: `parse_file` looks for the
    header in the first piece only (it is within `registry.HEAD_BYTES`, far below the real
    piece size, in any file `identify` claims)."""
    at = data.find(header.encode("utf-8"))
    assert at >= 0
    return max(size, at + len(header) + 3)


# (how, piece bytes, slice bytes): 0 is the shipped size
SHIPPED = [("bytes", 0, 0), ("file", 0, 0)]
SMALL = [("file", 400, 200)]  # `parse` in small slices: the random files and `many_slices`


def compare_all(
    path: Path, header: str, modes: list[tuple[str, int, int]]
) -> dict[tuple[str, int, int], list[int | None]]:
    """`path` read in every mode (`parse` or `parse_file`, piece and slice sizes) compared with
    `parse` on the line-by-line path; returns the fast path's run lengths per mode (None: it
    fell back)."""
    data = path.read_bytes()
    with patched(slow=True):
        expected = outcome(lambda: IMPORTER.parse(path, data))
    if isinstance(expected, ParsedFile):
        tx, rejected = expected.transactions.height, len(expected.rejections)
        assert expected.rows == tx + rejected + expected.skipped
    runs: dict[tuple[str, int, int], list[int | None]] = {}
    for how, piece, slice_ in modes:
        log: list[int | None] = []
        sizes = (piece and piece_size(data, header, piece), slice_)
        with patched(runs=log, sizes=sizes):
            if how == "bytes":
                got = outcome(lambda: IMPORTER.parse(path, data))
            else:
                got = outcome(lambda: IMPORTER.parse_file(path))
        assert_same(got, expected, f"{how} pieces={sizes[0]} slices={slice_}")
        runs[how, piece, slice_] = log
    return runs


def fast_taken(log: list[int | None]) -> bool:
    """The last `_typed_run` read a non-empty run (`parse_file` may have retried as `parse`)."""
    return bool(log) and bool(log[-1])


@pytest.mark.parametrize(
    ("name", "data", "header", "fast"),
    [pytest.param(name, data, header, fast, id=ident) for ident, name, data, header, fast in CASES],
)
def test_fast_path_matches_line_by_line(
    tmp_path: Path, name: str, data: bytes, header: str, fast: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    runs = compare_all(path, header, SHIPPED + SMALL)
    for mode, log in runs.items():  # the comparison must have been between two paths
        if fast == ALWAYS or (fast == WHOLE and mode in SHIPPED):
            assert fast_taken(log), f"{mode}: fast path not taken ({log})"


def test_the_cases_take_both_paths() -> None:
    """A guard on the table itself: it holds cases for the fallback too."""
    assert {fast for *_, fast in CASES} == {ALWAYS, WHOLE, EITHER}
    assert len(CASES) >= 40


def test_many_slices_in_flight(tmp_path: Path) -> None:
    """A run in one-line pieces and slices: many more slices than workers, bad cells in some."""
    rows = clean_rows(40)
    rows[7] = f6(amount="7x00")
    rows[20] = f6(date="13/45/2025")
    rows[39] = f6(quantity="Processing")
    path = tmp_path / ALL
    path.write_text(text(["", F6, *rows, *FOOTER]), encoding="utf-8")
    runs = compare_all(path, F6, [("bytes", 0, 1), ("file", 1, 1), ("file", 1, 1 << 20)])
    assert all(log == [40] for log in runs.values()), runs


def test_rejections_keep_their_line_numbers_across_slices(tmp_path: Path) -> None:
    """Not only equal: the line numbers are the physical lines (a slice offset bug would shift
    both paths' numbers only if they shared it)."""
    rows = clean_rows(20)
    rows[4] = f6(amount="7x00")
    rows[13] = f6(date="13/45/2025")
    path = tmp_path / ALL
    path.write_text(text(["", "", F6, *rows]), encoding="utf-8")
    with patched(sizes=(200, 200)):
        parsed = IMPORTER.parse_file(path)
    assert [r.line for r in parsed.rejections] == [4 + 4, 13 + 4]
    assert parsed.transactions["source_line"].to_list() == [
        n for n in range(4, 24) if n not in (8, 17)
    ]


# --- random files --------------------------------------------------------------------------

DATES = ["01/02/2026", "1/2/2026", "12/31/2025", "2026-01-05", "01/02/26", "13/45/2025"]
AMOUNTS = [
    "500",
    "-7000",
    "0.04",
    "7x00",
    "--",
    '"$1,234.50"',
    "(12.00)",
    "+0.16",
    " 5 ",
    "1e3",
    "",
]
PRICES = ["", "40.5", "-4", "0.35", "1.1234567891", "Processing", "N/A"]
QUANTITIES = ["", "0.000", "10", "-10", "301.5", "none", '"12"']
ACTIONS = [
    '"CASH CONTRIBUTION CURRENT YEAR (Cash)"',
    '"CONV TO ROTH IRA 444555666 (Cash)"',
    '"YOU SOLD ACME, INC (ACME) (Cash)"',
    "YOU BOUGHT X (X) (Cash)",
    '"DIVIDEND ""SPECIAL"" (Cash)"',
    "",
]
ACCOUNTS = ['"IRA Account"', "IRA", '"Joint, WROS"', 'a""b', '""']
NUMBERS = ['"111222333"', "Z12345678", '""', "N/A", '" 444555666 "']
DESCRIPTIONS = ['"No Description"', '"A ""B"" FUND, CLASS I"', "Café ☕", '" "', "No Description"]
SETTLES = ["", "01/05/2026"]


def rows(odd: bool) -> st.SearchStrategy[str]:
    """F6 rows of awkward cells; `odd` adds what the fast path must refuse (odd quotes, a field
    `_repair` mends or polars cannot read, too many fields, an unquoted `$1,234.50`)."""
    more = (lambda *extra: list(extra)) if odd else (lambda *extra: [])
    return st.builds(
        f6,
        date=st.sampled_from([*DATES[:6], *more("", "--")]),
        account=st.sampled_from(
            [*ACCOUNTS, *more('ab"c', '"Account1" X111111', '"IRA" ', '"IRA"x')]
        ),
        number=st.sampled_from(NUMBERS),
        action=st.sampled_from(ACTIONS),
        description=st.sampled_from([*DESCRIPTIONS, *more('No "Description')]),
        price=st.sampled_from(PRICES),
        quantity=st.sampled_from(QUANTITIES),
        amount=st.sampled_from([*AMOUNTS, *more("$1,234.50")]),
        settle=st.sampled_from([*SETTLES, *more(",,", ",,7,", ", ,")]),
    )


# lines that end the run: they start with something other than a digit
breaks = st.sampled_from(
    [
        "",
        ",,,,,,,,,,,",
        "Brokerage",
        STAMP,
        *NOTICE,
        *SPANNING,
        ' 01/02/2026,"IRA" 111,"X",,,,,,,,,,1,',
        '"01/02/2026",IRA,111,X,,,,,,,,,1,',
    ]
)
files = st.fixed_dictionaries(
    {
        "preamble": st.sampled_from([[], ["", ""], ["", "", "", "Brokerage", ""], [",,,,,"] * 5]),
        "run": st.lists(rows(odd=False), max_size=8),
        "break": st.one_of(st.none(), breaks),  # None: the mix below goes on with the run
        "rest": st.lists(
            st.one_of(
                rows(odd=True).map(lambda row: [row]),
                breaks.map(lambda line: [line]),
                st.sampled_from([SPLIT_ROW, ["01/02/2026,x,1"], ["5"]]),
            ),
            max_size=8,
        ),
        "bom": st.booleans(),
        "newline": st.sampled_from(["\n", "\n", "\r\n"]),
        "final": st.booleans(),
        "mode": st.tuples(
            st.sampled_from(["bytes", "file"]),
            st.sampled_from([1, 300, 4096]),  # piece bytes; a row is ~120: 1 is a line a piece
            st.sampled_from([64, 300, 1000]),  # slice bytes
        ),
    }
)


@settings(max_examples=40, deadline=None)
@given(spec=files)
def test_random_files_read_alike(tmp_path_factory: pytest.TempPathFactory, spec: dict) -> None:
    """A run of data rows with awkward but plain cells, then any mix of lines (after a line
    that ends the run, or going on with it)."""
    rest = [line for lines in spec["rest"] for line in lines]
    cut = [] if spec["break"] is None else [spec["break"]]
    lines = [*spec["preamble"], F6, *spec["run"], *cut, *rest]
    body = text(lines, newline=spec["newline"], final=spec["final"])
    path = tmp_path_factory.mktemp("fast") / ALL
    path.write_bytes(("\ufeff" if spec["bom"] else "").encode("utf-8") + body.encode("utf-8"))
    ((mode, log),) = compare_all(path, F6, [spec["mode"]]).items()
    if spec["run"] and cut:  # a plain run, ended: the fast path must have read it
        assert fast_taken(log), f"{mode}: fast path not taken ({log})"


@pytest.mark.parametrize("account", ['"IRA" ', '"IRA"x'])
def test_a_quote_followed_by_text_rejects_only_its_row(tmp_path: Path, account: str) -> None:
    """polars cannot read the field at all: the row is rejected, on either path."""
    path = tmp_path / ALL
    path.write_text(text([F6, f6(), f6(account=account), f6()]), encoding="utf-8")
    parsed = IMPORTER.parse_file(path)
    assert parsed.transactions["source_line"].to_list() == [2, 4]
    assert [(r.line, r.reason) for r in parsed.rejections] == [(3, "malformed quotes in row")]
