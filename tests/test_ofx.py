"""OFX import: repairs, local dates, file order, rejections, chunking, real samples."""

from __future__ import annotations

import io
import sys
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ofxparse import OfxParser
from ofxparse.ofxparse import OfxParserException

from rothaudit.errors import InputError
from rothaudit.importers.fidelity_ofx import IMPORTER as FIDELITY
from rothaudit.importers.vanguard_ofx import IMPORTER as VANGUARD
from rothaudit.importing import ofx, registry

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_ofx

SAMPLES = SHARED / "samples"
FIDELITY_XML = FIXTURES / "importers" / "fidelity_ofx" / "backdoor_roth_xml203.ofx"
needs_samples = pytest.mark.skipif(not SAMPLES.exists(), reason="shared samples absent")


def _parse(importer, text: str, name: str = "t.ofx"):
    return importer.parse(Path(name), text.encode("utf-8"))


def _vanguard(transactions: str, header: str = make_ofx._SGML_HEADER) -> str:
    """A one-statement Vanguard file around the given transaction aggregates."""
    whole = make_ofx.statement(0)
    body = whole[len(make_ofx._SGML_HEADER) :]
    return header + body.replace("<INVTRANLIST>", "<INVTRANLIST>" + transactions, 1)


def test_repair_closes_leaves_and_drops_empty_elements() -> None:
    body = "<OFX><STATUS><CODE>0<SEVERITY>INFO</STATUS><MEMO/><NAME></NAME><X>1</X></OFX>"
    assert ofx.repair_body(body) == (
        "<OFX><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><X>1</X></OFX>"
    )


def test_repair_keeps_line_breaks() -> None:
    body = "<OFX>\r\r\n<A><B>1\r\n<C/>\n<D></D>\n</A></OFX>\n"
    assert ofx.repair_body(body).count("\n") == body.count("\n")


def test_fidelity_missing_gt_header_needs_our_repair() -> None:
    data = FIDELITY_XML.read_bytes()
    assert b'"?<OFX>' in data
    with warnings.catch_warnings(), pytest.raises((OfxParserException, IndexError)):
        warnings.simplefilter("ignore")
        OfxParser.parse(io.BytesIO(data), fail_fast=False)
    parsed = FIDELITY.parse(FIDELITY_XML, data)
    assert parsed.transactions.height == 5


@pytest.mark.parametrize("empty", ["<MEMO/>", "<MEMO></MEMO>", "<MEMO>"])
def test_empty_memo_loses_the_row_in_plain_ofxparse_but_not_here(empty: str) -> None:
    text = _vanguard(make_ofx.transaction(0).replace("<MEMO>BUY", empty))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = OfxParser.parse(io.BytesIO(text.encode()), fail_fast=False).account.statement
    assert plain.transactions == [] and len(plain.discarded_entries) == 1
    tx = _parse(VANGUARD, text).transactions
    assert tx["action"].to_list() == ["BUYMF"]


def test_local_date_kept_where_ofxparse_moves_to_next_day() -> None:
    tx = _parse(FIDELITY, FIDELITY_XML.read_text()).transactions
    bought = tx.filter(tx["action"] == "BUYMF: YOU BOUGHT")
    assert bought["trade_date"].to_list() == [date(2024, 9, 12)]
    assert "20240912233359.000[-4:EDT]" in FIDELITY_XML.read_text()
    assert OfxParser.parseOfxDateTime("20240912233359.000[-4:EDT]").date() == date(2024, 9, 13)


def test_file_order_kept_across_aggregate_types() -> None:
    # ofxparse lists all BUYMFs before all SELLMFs and INVBANKTRANs last
    aggs = [make_ofx.transaction(i) for i in (5, 1, 0, 3, 2)]
    parsed = _parse(VANGUARD, _vanguard("".join(aggs)))
    prefixes = [a.split(":")[0] for a in parsed.transactions["action"]]
    assert prefixes == ["INVBANKTRAN", "SELLMF", "BUYMF", "INCOME", "REINVEST"]


def test_physical_lines_with_cr_cr_lf_header_and_one_line_per_transaction() -> None:
    aggs = "\r\n".join(make_ofx.transaction(i) for i in range(3))
    parsed = _parse(VANGUARD, _vanguard("\r\n" + aggs + "\r\n"))
    assert parsed.transactions["source_line"].to_list() == [12, 13, 14]


def test_discarded_entry_becomes_rejection_and_neighbours_survive() -> None:
    bad = make_ofx.transaction(6).replace("<UNITS>7.006", "<UNITS>7.0x6")
    aggs = [make_ofx.transaction(0), bad, make_ofx.transaction(12), make_ofx.transaction(1)]
    parsed = _parse(VANGUARD, _vanguard("".join(aggs)))
    assert [r.reason for r in parsed.rejections] == ["unparseable UNITS '7.0x6'"]
    assert parsed.transactions.height == 3
    assert parsed.rows == parsed.transactions.height + len(parsed.rejections) + parsed.skipped


def test_unknown_aggregate_is_rejected_not_dropped() -> None:
    text = _vanguard("<SWAPTRAN><INVTRAN><FITID>1<DTTRADE>20240102</INVTRAN></SWAPTRAN>")
    parsed = _parse(VANGUARD, text)
    assert [r.reason for r in parsed.rejections] == ["unsupported OFX aggregate <SWAPTRAN>"]


def test_padded_numbers_are_exact() -> None:
    path = FIXTURES / "importers" / "fidelity_ofx" / "brokerage_sgml102.ofx"
    tx = FIDELITY.parse(path, path.read_bytes()).transactions
    first = tx.row(0, named=True)
    assert (first["amount"], first["quantity"]) == (Decimal("-4521.8"), Decimal("10"))
    assert first["price"] == Decimal("452.18")


def _fields(obj) -> dict:
    return vars(obj) if not isinstance(obj, str) else {"rejected": obj}


def test_pieces_equal_one_ofxparse_call() -> None:
    text = make_ofx.statement(600)
    first_line, body = ofx.split_header(text, "m.ofx")
    stmt = ofx.scan(ofx.remove_empty(body), first_line, "m.ofx")[0]
    whole = ofx.run_ofxparse(ofx.repair_body(body)).accounts[0].statement
    ours = list(ofx.parse_pieces(stmt.transactions))
    positions = list(ofx.parse_pieces(stmt.positions, positions=True))

    def key(obj) -> tuple:
        return tuple(sorted((k, repr(v)) for k, v in _fields(obj).items()))

    assert len(ours) == 600 and len(positions) == 3
    assert sorted(map(key, ours)) == sorted(map(key, whole.transactions))
    assert list(map(key, positions)) == list(map(key, whole.positions))


# Leaf text as files hold it: entities, a bare `&`, CR, NUL, accents, `>`, padded signs.
_TEXT = (
    st.lists(
        st.sampled_from(
            ["a", "Z", "1", "0", ".", ",", "-", "+", " ", ";", "#", ">", "\r", "\n", "\x00", "é",
             "&", "&amp;", "&#38;", "&#x41;", "&lt;", "&nbsp", "&bogus;", "null"]
        ),
        min_size=1, max_size=8,
    )
    .map(lambda parts: "".join(parts).strip())
    .filter(bool)
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@example(memo="a", units="a", name="a", amount="a", uniqueid="&#a")  # html.parser reads on
@example(memo="&#", units="1", name="&#1", amount="&#38", uniqueid="&amp;")
@given(memo=_TEXT, units=_TEXT, name=_TEXT, amount=_TEXT, uniqueid=_TEXT)
def test_element_tree_reads_like_a_whole_ofxparse_document(memo, units, name, amount, uniqueid):
    """ofxparse's readers on our element tree give what `OfxParser.parse` gives on the same
    aggregate as a document (bs4 + html.parser), objects and rejection reasons alike."""
    aggs = [
        make_ofx.transaction(0).replace("<MEMO>BUY", f"<MEMO>{memo}").replace("<UNITS>", f"<UNITS>{units}"),
        make_ofx.transaction(5).replace("<NAME>", f"<NAME>{name}").replace("<TRNAMT>", f"<TRNAMT>{amount}"),
        make_ofx.transaction(4).replace("<UNIQUEID>", f"<UNIQUEID>{uniqueid}"),
    ]  # fmt: skip
    text = _vanguard("".join(aggs))
    text = text.replace(
        "<POSMF><INVPOS><SECID><UNIQUEID>", f"<POSMF><INVPOS><SECID><UNIQUEID>{uniqueid}", 1
    )
    first_line, body = ofx.split_header(text, "p.ofx")
    stmt = ofx.scan(ofx.remove_empty(body), first_line, "p.ofx")[0]
    for aggregates, positions in ((stmt.transactions, False), (stmt.positions, True)):
        ours = list(ofx.parse_pieces(aggregates, positions))
        whole = [ofx._one(agg, positions) for agg in aggregates]
        assert list(map(_fields, ours)) == list(map(_fields, whole))


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        ("OFXHEADER:100\n\n<OFX><FI><ORG>The Vanguard Group</FI>", "vanguard_ofx"),
        ("OFXHEADER:100\n\n<OFX><FI><ORG>Vanguard<FID>15103</FI>", "vanguard_ofx"),
        ('<?xml version="1.0"?><?OFX OFXHEADER="200"?<OFX><FID>7776', "fidelity_ofx"),
        ("OFXHEADER:100\n\n<OFX><ORG>fidelity.com<BROKERID>vanguard.com", "vanguard_ofx"),
        ("OFXHEADER:100\n\n<OFX><FI><ORG>Schwab<FID>5104</FI><BROKERID>schwab.com", None),
        ("Date,Action\n<FID>7776", None),
    ],
)
def test_identify_by_header_and_broker(head: str, claimed: str | None) -> None:
    found = [imp.name for imp in registry.claimants(Path("x.ofx"), head.encode())]
    assert found == ([claimed] if claimed else [])


def test_server_refusal_is_one_line_error() -> None:
    text = make_ofx.statement(1).replace("<CODE>0<SEVERITY>INFO</STATUS>", "<CODE>15500<SEVERITY>ERROR<MESSAGE>Access Denied</STATUS>", 1)  # fmt: skip
    with pytest.raises(InputError, match=r"refused the download \(code 15500: Access Denied\)"):
        _parse(VANGUARD, text)


@needs_samples
def test_real_vanguard_sgml_sample() -> None:
    path = SAMPLES / "vanguard_ofx_sgml102_2011_ofxparse.ofx"
    parsed = VANGUARD.parse(path, path.read_bytes())
    row = parsed.transactions.row(0, named=True)
    assert (row["kind"], row["amount"], row["trade_date"]) == (
        "sell",
        Decimal("4212.3"),
        date(2011, 7, 15),
    )
    assert row["source_line"] == 11
    assert parsed.balances["value"].to_list() == [Decimal("10200"), Decimal("14279.72")]


@needs_samples
def test_real_vanguard_xml_sample() -> None:
    path = SAMPLES / "vanguard_ofx_xml202_2022_beancount-import.ofx"
    tx = VANGUARD.parse(path, path.read_bytes()).transactions
    assert tx["kind"].to_list() == ["transfer_in", "transfer_in"]
    assert tx["action"].to_list() == ["TRANSFER: TRANSFER OF ACCOUNT"] * 2
    assert tx["quantity"].to_list() == [Decimal("223.828"), Decimal("612.584")]


@needs_samples
def test_real_fidelity_sample() -> None:
    path = SAMPLES / "fidelity_ofx_sgml102_2012_ofxparse.ofx"
    parsed = FIDELITY.parse(path, path.read_bytes())
    tx, bal = parsed.transactions, parsed.balances
    assert tx.height == 17 and not parsed.rejections
    assert tx["kind"].value_counts().sort("kind").rows() == [
        ("buy", 5), ("dividend", 4), ("fee", 1), ("interest", 2), ("reinvestment", 3), ("sell", 2)
    ]  # fmt: skip
    positions = bal.filter(bal["level"] == "position")["value"].sum()
    total = bal.filter(bal["level"] == "account")["value"].to_list()
    assert positions == Decimal("32993.78") and total == [Decimal("32993.79")]
    assert parsed.rows == 17 + 6 + 1 + 18
