"""Large synthetic exports in both CSV layouts, for the import benchmark (invented data only).

Fidelity: `Accounts_History.csv`, all-accounts layout F7 (BOM, an empty preamble line, quoted
account/action/description cells, rows newest first, a footer of blank lines, legal text and a
`Date downloaded` stamp). Vanguard: `OfxDownload.csv`, a holdings section, three blank lines,
then the brokerage transactions section, every line ending with a comma.

Deterministic: the same `--rows` and `--seed` give byte-identical files.

    python benchmarks/make_csv.py --rows 1000000 --out benchmarks/out
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

FIDELITY_HEADER = (
    "Run Date,Account,Account Number,Action,Symbol,Description,Type,Exchange Quantity,"
    "Exchange Currency,Currency,Price,Quantity,Exchange Rate,Commission,Fees,Accrued Interest,"
    "Amount,Settlement Date"
)
VANGUARD_HOLDINGS = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,"
VANGUARD_TX = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commissions and Fees,Net Amount,"
    "Accrued Interest,Account Type,"
)
FUNDS = [
    ("VTSAX", "VANGUARD TOTAL STOCK MKT IDX ADM"),
    ("VTIAX", "VANGUARD TOTAL INTL STOCK IDX ADM"),
    ("VBTLX", "VANGUARD TOTAL BOND MARKET IDX ADM"),
    ("FXAIX", "FIDELITY 500 INDEX FUND"),
    ("SPAXX", "FIDELITY GOVERNMENT MONEY MARKET"),
]
FIDELITY_ACCOUNTS = [
    ("ROTH IRA", "271828182"),
    ("Traditional IRA", "314159265"),
    ("Individual - TOD", "Z16180339"),
    ("Health Savings Account", "141421356"),
]
VANGUARD_ACCOUNTS = ["60221408", "66260701", "29979245"]
END = date(2025, 12, 31)


def cents(n: int) -> str:
    """Exact decimal text of a cent amount (no float anywhere)."""
    sign = "-" if n < 0 else ""
    return f"{sign}{abs(n) // 100}.{abs(n) % 100:02d}"


def thousandths(n: int) -> str:
    sign = "-" if n < 0 else ""
    return f"{sign}{abs(n) // 1000}.{abs(n) % 1000:03d}"


def _day(i: int, rows: int) -> date:
    """Newest first: row i of rows spreads back over about ten years."""
    return END - timedelta(days=(i * 3650) // max(rows, 1))


def fidelity_row(rng: random.Random, day: date) -> str:
    name, number = rng.choice(FIDELITY_ACCOUNTS)
    symbol, fund = rng.choice(FUNDS)
    pick = rng.random()
    run = day.strftime("%m/%d/%Y")
    settle = (day + timedelta(days=1)).strftime("%m/%d/%Y")
    price_c = rng.randrange(1000, 60000)
    qty_m = rng.randrange(1, 500000)
    if pick < 0.1:
        amount = rng.randrange(10000, 800000)
        action, sym, desc, price, qty, settle = (
            "CASH CONTRIBUTION CURRENT YEAR (Cash)",
            "",
            "No Description",
            "",
            "0.000",
            "",
        )
    elif pick < 0.15:
        amount = -rng.randrange(10000, 800000)
        action, sym, desc, price, qty, settle = (
            "CONV TO ROTH IRA (Cash)",
            "",
            "No Description",
            "",
            "0.000",
            "",
        )
    elif pick < 0.45:
        amount = rng.randrange(1, 500000)
        action, sym, desc, price, qty, settle = (
            f"DIVIDEND RECEIVED {fund} ({symbol}) (Cash)",
            symbol,
            fund,
            "",
            "0.000",
            "",
        )
    elif pick < 0.75:
        amount = -(price_c * qty_m) // 1000
        action, sym, desc, price, qty = (
            f"REINVESTMENT {fund} ({symbol}) (Cash)",
            symbol,
            fund,
            cents(price_c),
            thousandths(qty_m),
        )
    elif pick < 0.9:
        amount = -(price_c * qty_m) // 1000
        action, sym, desc, price, qty = (
            f"YOU BOUGHT {fund} ({symbol}) (Cash)",
            symbol,
            fund,
            cents(price_c),
            thousandths(qty_m),
        )
    else:
        amount = (price_c * qty_m) // 1000
        action, sym, desc, price, qty = (
            f"YOU SOLD {fund} ({symbol}) (Cash)",
            symbol,
            fund,
            cents(price_c),
            thousandths(-qty_m),
        )
    return (
        f'{run},"{name}","{number}","{action}",{sym},"{desc}",Cash,0,,USD,{price},{qty},0,,,,'
        f"{cents(amount)},{settle}"
    )


def fidelity_text(rows: int, seed: int) -> str:
    rng = random.Random(seed)
    body = [fidelity_row(rng, _day(i, rows)) for i in range(rows)]
    footer = [
        "",
        "",
        '"The data and information in this spreadsheet is provided to you solely for your use '
        'and is not for distribution. Invented text for a benchmark file."',
        "",
        '"Brokerage services are provided by an invented firm for this benchmark."',
        "",
        "Date downloaded 01/02/2026 9:41 am",
    ]
    return "\ufeff" + "\n".join(["", FIDELITY_HEADER, *body, *footer]) + "\n"


VANGUARD_TYPES = [
    ("Contribution", "Contribution", 0.1),
    ("Conversion (outgoing)", "Conversion", 0.05),
    ("Dividend", "Dividend Received", 0.3),
    ("Reinvestment", "Dividend Reinvestment", 0.3),
    ("Buy", "Buy", 0.15),
    ("Sell", "Sell", 0.1),
]


def vanguard_row(rng: random.Random, day: date) -> str:
    account = rng.choice(VANGUARD_ACCOUNTS)
    symbol, fund = rng.choice(FUNDS[:3])
    kind, text = rng.choices(
        [(t, d) for t, d, _ in VANGUARD_TYPES], [w for *_, w in VANGUARD_TYPES]
    )[0]
    price_c = rng.randrange(1000, 60000)
    qty_m = rng.randrange(1, 500000)
    if kind in ("Contribution", "Dividend"):
        net, shares, price = rng.randrange(1, 800000), "0.0", "0.0"
    elif kind == "Conversion (outgoing)":
        net = -rng.randrange(10000, 800000)
        shares, price = cents(net), "0.0"
    elif kind == "Sell":
        net, shares, price = (price_c * qty_m) // 1000, thousandths(-qty_m), cents(price_c)
    else:
        net, shares, price = -(price_c * qty_m) // 1000, thousandths(qty_m), cents(price_c)
    trade = day.strftime("%m/%d/%Y")
    settle = (day + timedelta(days=2)).strftime("%m/%d/%Y")
    return (
        f"{account},{trade},{settle},{kind},{text},{fund},{symbol},{shares},{price},"
        f"{cents(net)},0.0,{cents(net)},0.0,CASH,"
    )


def vanguard_text(rows: int, seed: int) -> str:
    rng = random.Random(seed)
    holdings = [
        f"{account},{fund},{symbol},{thousandths(rng.randrange(1, 10**7))},"
        f"{cents(rng.randrange(1000, 60000))},{cents(rng.randrange(1, 10**9))},"
        for account in VANGUARD_ACCOUNTS
        for symbol, fund in FUNDS[:3]
    ]
    body = [vanguard_row(rng, _day(i, rows)) for i in range(rows)]
    return "\n".join([VANGUARD_HOLDINGS, *holdings, "", "", "", VANGUARD_TX, *body]) + "\n"


def write(out: Path, rows: int, seed: int = 2026) -> dict[str, Path]:
    """Write both files (unless already there) and return {format: path}."""
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for fmt, render in (("fidelity", fidelity_text), ("vanguard", vanguard_text)):
        path = out / f"{fmt}_{rows}_{seed}.csv"
        if not path.exists():
            path.write_text(render(rows, seed), encoding="utf-8", newline="")
        made[fmt] = path
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="transaction rows per file")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    for fmt, path in write(args.out, args.rows, args.seed).items():
        print(f"{fmt}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
