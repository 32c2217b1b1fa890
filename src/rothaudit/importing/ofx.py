"""OFX/QFX investment statements through ofxparse: repair, pre-scan, bounded pieces, merge.

ofxparse 0.21 alone is unfit for real downloads (shared/domain/export-formats.md §5): it loses
file order, turns local times into naive UTC (a 23:33 EDT trade lands on the next day), rejects
Fidelity's `?<OFX>` header as "empty", crashes on `<MEMO/>`, and is quadratic in the number of
transactions (its pre-processor tests every tag against a *list* of all closing tags). So we
repair the text, scan its structure ourselves (statements, aggregates, their physical lines and
raw leaf values) and hand ofxparse each aggregate as its own bounded piece: ofxparse's reader
for that aggregate type runs on the element tree BeautifulSoup would build from the leaves
ofxparse reads (`Element`), and anything it rejects is read again as a whole one-aggregate
document through `OfxParser.parse`. Values come from ofxparse; order, lines and local dates
from the scan. No broker names here.
"""

from __future__ import annotations

import bisect
import functools
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rothaudit.errors import InputError

# bs4 and ofxparse (~0.25 s to import) are loaded on first parse, not when a CSV is identified.

# ofxparse always gets this header: its own reader splits header lines on CR CR LF, decodes XML
# files as ASCII and cannot read the `?<OFX>` form; the body it gets is already repaired.
PARSER_HEADER = (
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:UTF-8\r\n"
    "CHARSET:NONE\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
)
_POS_TYPES = ["POSMF", "POSSTOCK", "POSOPT", "POSOTHER", "POSDEBT"]  # ofxparse's order
# The leaves ofxparse reads from a transaction or a position; everything else is left out.
_READ = {
    "FITID", "MEMO", "DTTRADE", "DTSETTLE", "UNIQUEID", "INCOMETYPE", "UNITS", "UNITPRICE",
    "COMMISSION", "FEES", "TOTAL", "INV401KSOURCE", "TFERACTION", "TRNTYPE", "NAME", "TRNAMT",
    "DTPOSTED", "DTUSER", "SIC", "CHECKNUM", "MKTVAL", "DTPRICEASOF",
}  # fmt: skip
_NUMERIC = ("UNITS", "UNITPRICE", "TOTAL", "TRNAMT", "MKTVAL", "COMMISSION", "FEES")

_TAG = r"[A-Za-z0-9_.]+"
_LEAF = re.compile(rf"<({_TAG})>([^<]*)")
_OPEN = re.compile(rf"\s*<({_TAG})>")
_EMPTY_XML = re.compile(rf"<({_TAG})>[ \t]*</\1>|<{_TAG}\s*/>")
_OPEN_BEFORE_TAG = re.compile(rf"<({_TAG})>(?=\s*<)")
_UNCLOSED_LEAF = re.compile(rf"<({_TAG})>([^<]*?[^<\s])(\s*)(?=<(?!/\1>))")
BAL = re.compile(r"<BAL>.*?</BAL>", re.I | re.S)
_BREAK = re.compile(r"\r*\n|\r(?!\n)")
_NUMBER = re.compile(r"^[+-]?\s*(\d[\d,]*\.?\d*|\.\d+)$")
_OFX_HEADER = re.compile(
    r'^\s*(OFXHEADER\s*:\s*100|(<\?xml[^>]*>\s*)?<\?OFX\b[^>]*OFXHEADER\s*=\s*"200")', re.I
)


def looks_like_ofx(head: str) -> bool:
    """An OFX v1 (`OFXHEADER:100`) or v2 (`<?OFX OFXHEADER="200"`) header at the start."""
    return _OFX_HEADER.match(head) is not None


def leaf(text: str, tag: str) -> str | None:
    """The first non-empty value of leaf `tag` in `text` (raw, stripped), else None."""
    m = re.search(rf"<{tag}>\s*([^<\s][^<]*)", text, re.I)
    return m.group(1).strip() if m else None


def remove_empty(body: str) -> str:
    """`<MEMO/>`, `<MEMO></MEMO>` and SGML `<MEMO><UNITS>` (a leaf without value) removed.

    ofxparse crashes on the first (issue #167) and reads the others as a broken number or date.
    Never adds or removes a line break, so lines counted in the result are the file's lines.
    """
    body = _EMPTY_XML.sub("", body)
    closed = {t.upper() for t in re.findall(rf"</({_TAG})>", body)}

    def drop_unclosed(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).upper() in closed else ""

    return _OPEN_BEFORE_TAG.sub(drop_unclosed, body)


def close_leaves(text: str) -> str:
    """Every leaf closed (`<CODE>0<SEVERITY>` -> `<CODE>0</CODE><SEVERITY>`), already closed
    ones left alone: one shape for SGML, XML and the mixed style Fidelity sent in 2023."""
    return _UNCLOSED_LEAF.sub(r"<\1>\2</\1>\3", text)


def repair_body(body: str) -> str:
    """The whole body in the shape plain ofxparse reads without loss (pieces use the same)."""
    return close_leaves(remove_empty(body))


def split_header(text: str, display: str) -> tuple[int, str]:
    """(1-based line where `<OFX>` starts, the body from there), or an InputError.

    Fidelity's `…NEWFILEUID="…"?<OFX>` (the `?>` missing its `>`) needs nothing more: the body
    is found by its `<OFX>` element and ofxparse never sees the original header.
    """
    start = re.search(r"<OFX>", text, re.I)
    if start is None:
        raise InputError(display, "not an OFX document: no <OFX> element")
    body = text[start.start() :]
    if re.search(r"</OFX>", body, re.I) is None:
        raise InputError(display, "truncated OFX: no closing </OFX>")
    first_line = 1 + len(_BREAK.findall(text, 0, start.start()))
    return first_line, body


@dataclass
class Aggregate:
    """One transaction, position or balance aggregate as the file holds it."""

    name: str  # upper case: BUYMF, INVBANKTRAN, POSMF, INVBAL, ...
    text: str
    line: int
    leaves: dict[str, str]  # first non-empty value of each leaf, raw but stripped


@dataclass
class Statement:
    """One INVSTMTRS: its account, raw DTASOF, and its aggregates in file order."""

    account: str
    dtasof: str | None
    line: int
    transactions: list[Aggregate] = field(default_factory=list)
    positions: list[Aggregate] = field(default_factory=list)
    invbal: Aggregate | None = None


class _Lines:
    """Offset -> 1-based physical line, counting CRLF, CR CR LF, LF and CR as one break."""

    def __init__(self, body: str, first_line: int) -> None:
        self.breaks = [m.start() for m in _BREAK.finditer(body)]
        self.first = first_line

    def __call__(self, offset: int) -> int:
        return self.first + bisect.bisect_left(self.breaks, offset)


_UPPER: dict[str, str] = {}  # one shared upper-case name per tag spelling (10 per transaction)


def leaves_of(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag, value in _LEAF.findall(text):
        value = value.strip()
        if value:
            upper = _UPPER.get(tag) or _UPPER.setdefault(tag, tag.upper())
            found.setdefault(upper, value)
    return found


def _children(body: str, start: int, end: int, lines: _Lines, display: str) -> Iterator[Aggregate]:
    """The aggregates directly inside body[start:end]; leaves between them are passed over."""
    pos = start
    while True:
        m = _OPEN.match(body, pos)
        if m is None or m.end() > end:
            if body[pos:end].strip():
                raise InputError(display, "malformed OFX: unexpected text", lines(pos))
            return
        name = m.group(1).upper()
        value_end = body.find("<", m.end())
        if body[m.end() : value_end].strip():  # a leaf such as DTSTART, closed or not
            closing = f"</{m.group(1)}>"
            pos = value_end + (len(closing) if body.startswith(closing, value_end) else 0)
            continue
        close = body.find(f"</{m.group(1)}>", m.end(), end)
        if close < 0:
            raise InputError(display, f"malformed OFX: <{name}> is never closed", lines(m.start(1)))
        stop = close + len(m.group(1)) + 3
        text = body[m.start(1) - 1 : stop]
        yield Aggregate(name, text, lines(m.start(1)), leaves_of(text))
        pos = stop


def _span(body: str, tag: str, start: int, end: int) -> tuple[int, int] | None:
    """(content start, content end) of the first `<tag>…</tag>` inside body[start:end]."""
    m = re.compile(rf"<{tag}>", re.I).search(body, start, end)
    if m is None:
        return None
    close = re.compile(rf"</{tag}>", re.I).search(body, m.end(), end)
    return (m.end(), close.start()) if close else (m.end(), -1)


def scan(body: str, first_line: int, display: str) -> list[Statement]:
    """Every investment statement of a repaired body, with its aggregates in file order."""
    lines = _Lines(body, first_line)
    status = _span(body, "SONRS", 0, len(body))
    code = leaf(body[status[0] : status[1]], "CODE") if status else None
    if code not in (None, "0"):
        message = leaf(body[status[0] : status[1]], "MESSAGE") or "no message"  # type: ignore[index]
        raise InputError(display, f"the OFX server refused the download (code {code}: {message})")
    statements = []
    for m in re.finditer(r"<INVSTMTRS>", body, re.I):
        close = re.compile(r"</INVSTMTRS>", re.I).search(body, m.end())
        if close is None:
            raise InputError(display, "truncated OFX: <INVSTMTRS> never closed", lines(m.start()))
        statements.append(_statement(body, m.end(), close.start(), lines, display))
    if not statements:
        raise InputError(display, "no investment statement (INVSTMTRS) in this OFX file")
    return statements


def _statement(body: str, start: int, end: int, lines: _Lines, display: str) -> Statement:
    tran = _span(body, "INVTRANLIST", start, end)
    head = body[start : tran[0] if tran else end]
    account = leaf(head, "ACCTID") or leaf(body[start:end], "ACCTID")
    if not account:
        raise InputError(display, "investment statement without an ACCTID", lines(start))
    stmt = Statement(account, leaf(head, "DTASOF"), lines(start))
    if tran and tran[1] >= 0:
        stmt.transactions = list(_children(body, tran[0], tran[1], lines, display))
    poslist = _span(body, "INVPOSLIST", start, end)
    if poslist and poslist[1] >= 0:
        stmt.positions = list(_children(body, poslist[0], poslist[1], lines, display))
    bal = _span(body, "INVBAL", start, end)
    if bal and bal[1] >= 0:
        text = body[bal[0] : bal[1]]
        stmt.invbal = Aggregate("INVBAL", text, lines(bal[0]), leaves_of(text))
    return stmt


# --- ofxparse, in bounded pieces ------------------------------------------------------------


def run_ofxparse(body: str) -> Any:
    """ofxparse on one repaired body (fail_fast=False); its own warnings are not ours."""
    data = (PARSER_HEADER + body).encode("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _ofxparse().parse(io.BytesIO(data), fail_fast=False)


def _minimal(agg: Aggregate) -> str:
    """The aggregate reduced to the leaves ofxparse reads, in their order, flat and closed."""
    inner = "".join(f"<{t}>{v}</{t}>" for t, v in agg.leaves.items() if t in _READ)
    if agg.name == "INVBANKTRAN":
        inner = f"<STMTTRN>{inner}</STMTTRN>"
    return f"<{agg.name}>{inner}</{agg.name}>"


def _wrap(inner: str, after: str = "") -> str:
    """A minimal statement document around `inner` (ofxparse needs an INVSTMTRS to read any)."""
    return (
        "<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><INVACCTFROM><ACCTID>x</ACCTID>"
        f"</INVACCTFROM>{inner}</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>{after}</OFX>"
    )


def bad_number(agg: Aggregate) -> str | None:
    """Why ofxparse could not read a number of this aggregate, in the file's own words."""
    for tag in _NUMERIC:
        value = agg.leaves.get(tag)
        if value is not None and not _NUMBER.match(value.replace(" ", "")):
            return f"unparseable {tag} '{value}'"
    return None


def _reason(agg: Aggregate, error: str) -> str:
    return bad_number(agg) or f"ofxparse could not read <{agg.name}>: {error}"


def _results(parsed: Any, positions: bool) -> tuple[list[Any], list[dict[str, Any]]]:
    stmt = parsed.accounts[0].statement
    return (stmt.positions if positions else stmt.transactions), stmt.discarded_entries


def _one(agg: Aggregate, positions: bool) -> Any | str:
    """ofxparse on a single aggregate: its object, or the reason it was discarded."""
    tag = "INVPOSLIST" if positions else "INVTRANLIST"
    try:
        items, discarded = _results(
            run_ofxparse(_wrap(f"<{tag}>{_minimal(agg)}</{tag}>")), positions
        )
    except Exception as err:  # ofxparse raises what it likes; one row is rejected, not the file
        return _reason(agg, f"{type(err).__name__}: {err}")
    if discarded:
        return _reason(agg, str(discarded[0].get("error", "discarded")).strip())
    return items[0] if len(items) == 1 else _reason(agg, "no result")


@functools.cache
def _ofxparse() -> Any:
    """ofxparse's `OfxParser`, imported on first use."""
    from ofxparse import OfxParser

    return OfxParser


@functools.cache
def _tx_types() -> frozenset[str]:
    """The transaction aggregates ofxparse reads, and INVBANKTRAN."""
    from ofxparse.ofxparse import InvestmentTransaction

    return frozenset([t.upper() for t in InvestmentTransaction.AGGREGATE_TYPES] + ["INVBANKTRAN"])


@functools.cache
def _parser() -> Any:
    """ofxparse's readers with the settings its `parse(..., fail_fast=False)` would set (without
    touching the OfxParser class other callers see), and its date reading remembered."""

    class _Parser(_ofxparse()):  # type: ignore[misc]
        fail_fast = False
        custom_date_format = None

        @classmethod
        def parseOfxDateTime(cls, ofxDateTime: str) -> Any:  # ofxparse's names
            return _ofx_datetime(ofxDateTime)

    return _Parser


@functools.lru_cache(maxsize=65536)
def _ofx_datetime(text: str) -> Any:
    """ofxparse's own parseOfxDateTime, once per distinct string (strptime is a third of its
    time, and a statement repeats its dates); a pure function of the text, results immutable."""
    return _ofxparse().parseOfxDateTime.__func__(_parser(), text)  # type: ignore[attr-defined]


class Element:
    """An element as BeautifulSoup hands it to ofxparse: `name`, `contents` and `find(name)`.

    ofxparse 0.21's per-aggregate readers use nothing else. For a tree this small, bs4's
    html.parser tree and its `find` (a SoupStrainer per call) cost about ten times what
    ofxparse's own reading does. The tree is the one bs4 builds from `_minimal`: lower-case
    names, flat, each leaf once, each leaf's text as bs4 gives it (`_text`); so the first
    descendant of a name is the only one, and `find` is a dictionary look-up.
    """

    __slots__ = ("_index", "contents", "name")

    def __init__(self, name: str, contents: tuple[Any, ...], index: dict[str, Element]) -> None:
        self.name = name
        self.contents = contents
        self._index = index

    def find(self, name: str) -> Element | None:
        """The first descendant element called `name` (bs4's `find` on this tree)."""
        return self._index.get(name)


_LOWER = {tag: tag.lower() for tag in _READ}
_NO_CHILDREN: dict[str, Element] = {}


@functools.lru_cache(maxsize=4096)
def _text(tag: str, value: str) -> tuple[str, ...] | None:
    """What bs4 makes of `<tag>value</tag>` when the value holds `&`, NUL or CR: the contents of
    its html.parser tree (entities decoded). None when html.parser did not end the element at
    `</tag>`: `&#` without a `;` after it makes it read on as text to the end of the input (or
    not, if a later leaf has a `;`), so only the whole document can say what ofxparse sees."""
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = BeautifulSoup(f"<{tag}>{value}</{tag}>", "html.parser").find(tag)
    # plain str: the same text, without keeping each remembered soup alive through its parent
    contents = tuple(str(c) for c in found.contents) if found is not None else ()
    return None if f"</{tag}>" in "".join(contents) else contents


def _tree(agg: Aggregate) -> Element | None:
    """`_minimal(agg)` as the element ofxparse reads (for INVBANKTRAN: its STMTTRN), or None
    when a leaf's text depends on the rest of the document."""
    index: dict[str, Element] = {}
    for tag, value in agg.leaves.items():
        low = _LOWER.get(tag)
        if low is not None:
            plain = "&" not in value and "\x00" not in value and "\r" not in value
            text = (value,) if plain else _text(low, value)
            if text is None:
                return None
            index[low] = Element(low, text, _NO_CHILDREN)
    name = "stmttrn" if agg.name == "INVBANKTRAN" else agg.name.lower()
    return Element(name, tuple(index.values()), index)


def _direct(agg: Aggregate, positions: bool) -> Any | None:
    """ofxparse's reader for this one aggregate on its element tree; None if it raised."""
    tree = _tree(agg)
    if tree is None:
        return None
    try:
        reader = _parser()
        if positions:
            return reader.parseInvestmentPosition(tree)
        if agg.name == "INVBANKTRAN":
            return reader.parseTransaction(tree)
        return reader.parseInvestmentTransaction(tree)
    except Exception:  # the whole-document route in `parse_pieces` finds out why
        return None


def parse_pieces(aggs: list[Aggregate], positions: bool = False) -> Iterator[Any | str]:
    """ofxparse's object (or a rejection reason) for each aggregate, in the aggregates' order,
    one at a time (the caller keeps what it needs, not 100k ofxparse objects).

    Each aggregate is one bounded piece: ofxparse's own reader for its type (the one
    `OfxParser.parse` calls for it) runs on its element tree, so the cost per transaction is
    fixed. An aggregate the reader rejects is read again as a whole one-aggregate document
    through `OfxParser.parse`, which words the reason as before.
    """
    known = _POS_TYPES if positions else _tx_types()
    for agg in aggs:
        if agg.name not in known:
            yield f"unsupported OFX aggregate <{agg.name}>"
            continue
        obj = _direct(agg, positions)
        yield obj if obj is not None else _one(agg, positions)


def parse_invbal(invbal: Aggregate) -> Any | str:
    """ofxparse's reading of INVBAL (AVAILCASH, BALLIST): the statement object, or a reason."""
    try:
        doc = _wrap(f"<INVBAL>{close_leaves(invbal.text)}</INVBAL>")
        return run_ofxparse(doc).accounts[0].statement
    except Exception as err:  # a broken BALLIST makes ofxparse raise IndexError and the like
        return _reason(invbal, f"{type(err).__name__}: {err}")


def parse_securities(body: str) -> dict[str, tuple[str | None, str | None]]:
    """UNIQUEID -> (TICKER, SECNAME) from the SECLIST via ofxparse; first entry of an id wins."""
    seclist = _span(body, "SECLISTMSGSRSV1", 0, len(body))
    if seclist is None or seclist[1] < 0:
        return {}
    inner = close_leaves(body[seclist[0] : seclist[1]])
    doc = _wrap("", f"<SECLISTMSGSRSV1>{inner}</SECLISTMSGSRSV1>")
    try:
        found = run_ofxparse(doc).security_list or []
    except Exception:  # an unreadable SECLIST costs tickers and names, not the file
        return {}
    table: dict[str, tuple[str | None, str | None]] = {}
    for sec in found:
        table.setdefault(sec.uniqueid, (sec.ticker or None, sec.name or None))
    return table


def decimal_text(value: Decimal | None, scale: int) -> str | None:
    """Plain text of a Decimal for `columns.money`; zeros past `scale` are dropped, not rounded."""
    if value is None:
        return None
    quantized = value.quantize(Decimal(1).scaleb(-scale))
    return format(quantized if quantized == value else value, "f")
