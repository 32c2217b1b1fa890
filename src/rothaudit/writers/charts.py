"""Inline SVG pictures for report.html: balance timelines and contributions against the limit.

Pixel positions are computed in Decimal too (no float anywhere near money). The balance line is
the running sum of money crossing each account's boundary (contributions, conversions,
distributions, income); trades inside the account do not move it. It is a picture aid, not a
tax number: the Dec 31 markers show the values the form actually uses.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from rothaudit.audit.model import IRA_TYPES, LimitUse, YearEndValue
from rothaudit.writers.view import EventView, money

INTERNAL_KINDS = {"buy", "sell", "reinvestment", "sweep"}
W, H, PAD = Decimal(640), Decimal(180), Decimal(40)


def _px(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _scale(lo: Decimal, hi: Decimal, size: Decimal, flip: bool = False):
    span = (hi - lo) or Decimal(1)

    def f(v: Decimal) -> Decimal:
        frac = (v - lo) / span
        return PAD + (size - 2 * PAD) * ((1 - frac) if flip else frac)

    return f


def balance_timeline(account: str, events: list[EventView], year_end: list[YearEndValue]) -> str:
    """One account's running balance with contributions, conversions and Dec 31 values marked."""
    flows = [e for e in events if e.kind not in INTERNAL_KINDS]
    if not flows:
        return ""
    points, running = [], Decimal(0)
    for e in flows:
        running += e.amount
        points.append((date.fromisoformat(e.date), running, e))
    days = [p[0].toordinal() for p in points] + [y_date(y).toordinal() for y in year_end]
    values = (
        [p[1] for p in points] + [y.value for y in year_end if y.value is not None] + [Decimal(0)]
    )
    x = _scale(Decimal(min(days)), Decimal(max(days)), W)
    y = _scale(min(values), max(values), H, flip=True)
    path, prev = [], None
    for day, value, _ in points:
        px = x(Decimal(day.toordinal()))
        if prev is not None:
            path.append(f"{_px(px)},{_px(prev)}")
        path.append(f"{_px(px)},{_px(y(value))}")
        prev = y(value)
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="Balance of account {escape(account)}">',
        f'<line x1="{PAD}" y1="{_px(y(Decimal(0)))}" x2="{W - PAD}" y2="{_px(y(Decimal(0)))}" class="axis"/>',
        f'<polyline points="{" ".join(path)}" class="balance"/>',
    ]
    for day, value, e in points:
        cls = {
            "contribution": "contrib",
            "conversion_out": "convert",
            "conversion_in": "convert",
        }.get(e.kind)
        if cls:
            parts.append(
                f'<circle cx="{_px(x(Decimal(day.toordinal())))}" cy="{_px(y(value))}" r="4" class="{cls}">'
                f"<title>{escape(e.date)} {escape(e.kind)} {escape(money(e.amount))}</title></circle>"
            )
    for ye in year_end:
        if ye.value is None:
            continue
        cx, cy = _px(x(Decimal(y_date(ye).toordinal()))), _px(y(ye.value))
        parts.append(
            f'<rect x="{cx}" y="{cy}" width="7" height="7" class="dec31">'
            f"<title>Dec 31 {ye.tax_year}: {escape(money(ye.value))} ({escape(ye.source)})</title></rect>"
        )
    parts.append(f'<text x="{PAD}" y="16" class="label">{escape(account)}</text></svg>')
    return "".join(parts)


def y_date(ye: YearEndValue) -> date:
    return date(ye.tax_year, 12, 31)


def limit_bars(uses: list[LimitUse]) -> str:
    """Per year: traditional and Roth contributions stacked against the limit line."""
    if not uses:
        return ""
    top = max([u.traditional + u.roth for u in uses] + [u.limit or Decimal(0) for u in uses])
    top = top or Decimal(1)
    bar_w = (W - 2 * PAD) / Decimal(max(len(uses), 1))
    h = H - 2 * PAD
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="Contributions against the limit">'
    ]
    for i, u in enumerate(uses):
        x0 = PAD + bar_w * i + bar_w / 8
        bw = bar_w * 3 / 4
        base = H - PAD
        trad_h = h * u.traditional / top
        roth_h = h * u.roth / top
        label = f"{u.person} {u.tax_year}: traditional {money(u.traditional)}, Roth {money(u.roth)}"
        parts.append(
            f'<rect x="{_px(x0)}" y="{_px(base - trad_h)}" width="{_px(bw)}" height="{_px(trad_h)}" '
            f'class="trad"><title>{escape(label)}</title></rect>'
        )
        parts.append(
            f'<rect x="{_px(x0)}" y="{_px(base - trad_h - roth_h)}" width="{_px(bw)}" '
            f'height="{_px(roth_h)}" class="roth"><title>{escape(label)}</title></rect>'
        )
        if u.limit is not None:
            ly = _px(base - h * u.limit / top)
            parts.append(
                f'<line x1="{_px(x0 - bw / 8)}" y1="{ly}" x2="{_px(x0 + bw + bw / 8)}" y2="{ly}" '
                f'class="limit"><title>limit {escape(money(u.limit))}</title></line>'
            )
        parts.append(
            f'<text x="{_px(x0)}" y="{_px(H - PAD / 3)}" class="label">'
            f"{escape(u.person)} {u.tax_year}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def ira_accounts(events: list[EventView]) -> list[str]:
    return sorted({e.account for e in events if e.account_type in IRA_TYPES})
