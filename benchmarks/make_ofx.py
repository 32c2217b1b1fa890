"""Synthetic OFX investment statements of any size, for the import benchmark and scale tests.

Invented data in the brokers' real shapes: Vanguard SGML v1.02 (CR CR LF header, one-line body,
unclosed leaves) or Fidelity-style padded numbers; a mix of every aggregate the importers read.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

_SECURITIES = [
    ("922908769", "VTSAX", "VANGUARD TOTAL STOCK MARKET INDEX ADMIRAL"),
    ("921909818", "VTIAX", "VANGUARD TOTAL INTL STOCK INDEX ADMIRAL"),
    ("922906300", "VMFXX", "VANGUARD FEDERAL MONEY MARKET FUND"),
]

_SGML_HEADER = (
    "OFXHEADER:100\r\r\nDATA:OFXSGML\r\r\nVERSION:102\r\r\nSECURITY:NONE\r\r\n"
    "ENCODING:USASCII\r\r\nCHARSET:1252\r\r\nCOMPRESSION:NONE\r\r\nOLDFILEUID:NONE\r\r\n"
    "NEWFILEUID:NONE\r\r\n\r\r\n"
)


def _day(i: int) -> str:
    return (date(2020, 1, 2) + timedelta(days=i // 8)).strftime("%Y%m%d")


def _secid(i: int) -> str:
    return f"<SECID><UNIQUEID>{_SECURITIES[i % 3][0]}<UNIQUEIDTYPE>CUSIP</SECID>"


def _invtran(i: int, memo: str) -> str:
    d = _day(i)
    return (
        f"<INVTRAN><FITID>SYN{i:09d}<DTTRADE>{d}160000.000[-5:EST]"
        f"<DTSETTLE>{d}160000.000[-5:EST]<MEMO>{memo}</INVTRAN>"
    )


def transaction(i: int) -> str:
    """The i-th synthetic transaction aggregate (SGML, leaves unclosed)."""
    units, price = f"{1 + i % 97}.{i % 1000:03d}", f"{20 + i % 50}.25"
    total = f"{(1 + i % 97) * (20 + i % 50)}.{(i * 7) % 100:02d}"
    match i % 6:
        case 0:
            return (
                f"<BUYMF><INVBUY>{_invtran(i, 'BUY')}{_secid(i)}<UNITS>{units}"
                f"<UNITPRICE>{price}<TOTAL>-{total}<SUBACCTSEC>CASH<SUBACCTFUND>CASH"
                "</INVBUY><BUYTYPE>BUY</BUYMF>"
            )
        case 1:
            return (
                f"<SELLMF><INVSELL>{_invtran(i, 'SELL')}{_secid(i)}<UNITS>-{units}"
                f"<UNITPRICE>{price}<TOTAL>{total}<SUBACCTSEC>CASH<SUBACCTFUND>CASH"
                "</INVSELL><SELLTYPE>SELL</SELLMF>"
            )
        case 2:
            return (
                f"<REINVEST>{_invtran(i, 'DIVIDEND REINVESTMENTDIVIDEND REINVESTMENT')}"
                f"{_secid(i)}<INCOMETYPE>DIV<TOTAL>-{total}<SUBACCTSEC>CASH<UNITS>{units}"
                f"<UNITPRICE>{price}</REINVEST>"
            )
        case 3:
            return (
                f"<INCOME>{_invtran(i, 'DIVIDEND RECEIVED')}{_secid(i)}<INCOMETYPE>DIV"
                f"<TOTAL>{total}<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>"
            )
        case 4:
            return (
                f"<TRANSFER>{_invtran(i, 'TRANSFER OF ACCOUNT')}{_secid(i)}"
                f"<SUBACCTSEC>CASH<UNITS>{units}<TFERACTION>IN<POSTYPE>LONG</TRANSFER>"
            )
        case _:
            return (
                f"<INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>{_day(i)}160000.000[-5:EST]"
                f"<TRNAMT>{total}<FITID>SYN{i:09d}<NAME>ELECTRONIC FUNDS TRANSFER RCVD"
                "<MEMO>ELECTRONIC FUNDS TRANSFER RCVD</STMTTRN><SUBACCTFUND>CASH</INVBANKTRAN>"
            )


def statement(n: int, account: str = "88812345") -> str:
    """A whole Vanguard-style SGML v1.02 file with `n` transactions, positions and a SECLIST."""
    body = [
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20240105120000.000[-5:EST]<LANGUAGE>ENG<FI><ORG>Vanguard<FID>15103</FI>"
        "</SONRS></SIGNONMSGSRSV1><INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0"
        "<SEVERITY>INFO</STATUS><INVSTMTRS><DTASOF>20240105160000.000[-5:EST]<CURDEF>USD"
        f"<INVACCTFROM><BROKERID>vanguard.com<ACCTID>{account}</INVACCTFROM><INVTRANLIST>"
        "<DTSTART>20200101160000.000[-5:EST]<DTEND>20240105160000.000[-5:EST]"
    ]
    body += [transaction(i) for i in range(n)]
    body.append("</INVTRANLIST><INVPOSLIST>")
    body += [
        f"<POSMF><INVPOS>{_secid(k)}<HELDINACCT>CASH<POSTYPE>LONG<UNITS>{10 + k}.5"
        f"<UNITPRICE>1{k}.25<MKTVAL>{(10 + k) * (10 + k)}.00"
        "<DTPRICEASOF>20240104160000.000[-5:EST]</INVPOS><REINVDIV>Y<REINVCG>Y</POSMF>"
        for k in range(3)
    ]
    body.append(
        "</INVPOSLIST><INVBAL><AVAILCASH>0.00<MARGINBALANCE>0.00<SHORTBALANCE>0.00</INVBAL>"
        "</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1><SECLISTMSGSRSV1><SECLIST>"
    )
    body += [
        f"<MFINFO><SECINFO><SECID><UNIQUEID>{cusip}<UNIQUEIDTYPE>CUSIP</SECID>"
        f"<SECNAME>{name}<TICKER>{ticker}</SECINFO><MFTYPE>OPENEND</MFINFO>"
        for cusip, ticker, name in _SECURITIES
    ]
    body.append("</SECLIST></SECLISTMSGSRSV1></OFX>")
    return _SGML_HEADER + "".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("transactions", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.write_bytes(statement(args.transactions).encode("ascii"))


if __name__ == "__main__":
    main()
