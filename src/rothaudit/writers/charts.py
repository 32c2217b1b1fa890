"""Inline SVG pictures for report.html: balance timelines and contributions against the limit.

Pixel positions are computed in Decimal too (no float anywhere near money). The balance line is
the running sum of money crossing each account's boundary (contributions, conversions,
distributions, income); trades inside the account do not move it, a known Dec 31 value resets
it, and it never drops below $0 (market growth is in no export row, so money rolled out can
exceed what the rows brought in). It is a picture aid, not a tax number: the Dec 31
markers show the values the form actually uses, and one above $0 in a pre-tax IRA is drawn red
and labelled, so a stray balance of cents is visible even beside thousands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from rothaudit.audit.model import IRA_TYPES, PRE_TAX_IRA_TYPES, LimitUse, YearEndValue
from rothaudit.writers.view import EventView, money

INTERNAL_KINDS = {"buy", "sell", "reinvestment", "sweep"}
W, H = Decimal(640), Decimal(200)
LEFT, RIGHT, TOP, BOTTOM = Decimal(78), Decimal(24), Decimal(28), Decimal(30)
MARKS = {"contribution": "contrib", "conversion_out": "convert", "conversion_in": "convert"}

Scale = Callable[[Decimal], Decimal]


def _px(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _scale(lo: Decimal, hi: Decimal, start: Decimal, end: Decimal) -> Scale:
    """Map [lo, hi] onto [start, end] (end < start flips, as for y)."""
    span = (hi - lo) or Decimal(1)
    return lambda v: start + (end - start) * (v - lo) / span


def _day(d: date) -> Decimal:
    return Decimal(d.toordinal())


def _whole(value: Decimal) -> str:
    """Axis labels in whole dollars: `$61,235`."""
    return money(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)).removesuffix(".00")


def balance_timeline(account: str, events: list[EventView], year_end: list[YearEndValue]) -> str:
    """One account's running balance with contributions, conversions and Dec 31 values marked."""
    flows = [e for e in events if e.kind not in INTERNAL_KINDS]
    known = [y for y in year_end if y.value is not None]
    if not flows:
        return ""
    steps: list[tuple[date, int, Decimal, EventView | YearEndValue]] = [
        (date.fromisoformat(e.date), 0, e.amount, e) for e in flows
    ] + [(y_date(y), 1, y.value, y) for y in known]  # type: ignore[misc]
    steps.sort(key=lambda s: (s[0], s[1]))
    points, running = [], Decimal(0)
    for day, is_anchor, amount, item in steps:
        running = amount if is_anchor else max(running + amount, Decimal(0))
        points.append((day, running, item))
    days = [_day(p[0]) for p in points]
    values = [p[1] for p in points] + [Decimal(0)]
    x = _scale(min(days), max(days), LEFT, W - RIGHT)
    y = _scale(min(values), max(values), H - BOTTOM, TOP)
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="Balance of account {escape(account)}">',
        *_year_ticks(points[0][0], points[-1][0], x),
        *_value_ticks(min(values), max(values), y),
        _polyline(points, x, y),
    ]
    for day, value, item in points:
        cx, cy = _px(x(_day(day))), _px(y(value))
        if isinstance(item, EventView):
            if item.kind in MARKS:
                parts.append(
                    f'<circle cx="{cx}" cy="{cy}" r="4" class="{MARKS[item.kind]}"><title>'
                    f"{escape(item.date)} {escape(item.kind)} {escape(money(item.amount))}"
                    "</title></circle>"
                )
        else:
            parts += _dec31(item, x(_day(day)), y(value))
    parts.append(f'<text x="{LEFT}" y="16" class="label">{escape(account)}</text></svg>')
    return "".join(parts)


def _polyline(points: list[tuple[date, Decimal, object]], x: Scale, y: Scale) -> str:
    """A step line from $0 on the first day: flat until the next row, then straight up or down;
    the last balance runs on to the right edge."""
    path, prev = [], y(Decimal(0))
    for day, value, _ in points:
        px = _px(x(_day(day)))
        path.append(f"{px},{_px(prev)}")
        path.append(f"{px},{_px(y(value))}")
        prev = y(value)
    path.append(f"{_px(W - RIGHT)},{_px(prev)}")  # the last balance holds to the right edge
    return f'<polyline points="{" ".join(path)}" class="balance"/>'


def _dec31(ye: YearEndValue, cx: Decimal, cy: Decimal) -> list[str]:
    """A square on Dec 31; red with its value written beside it when pre-tax money was left."""
    held = ye.value is not None and ye.value != 0 and ye.account_type in PRE_TAX_IRA_TYPES
    title = f"Dec 31 {ye.tax_year}: {money(ye.value)} ({ye.source})"
    out = [
        f'<rect x="{_px(cx - 4)}" y="{_px(cy - 4)}" width="8" height="8" '
        f'class="{"held" if held else "dec31"}"><title>{escape(title)}</title></rect>'
    ]
    if held:
        right = cx > (LEFT + W - RIGHT) / 2
        tx = _px(cx - 8 if right else cx + 8)
        ty = _px(cy + 16 if cy < TOP + 16 else cy - 8)
        anchor = "end" if right else "start"
        out.append(
            f'<text x="{tx}" y="{ty}" text-anchor="{anchor}" class="label held-label">'
            f"Dec 31 {ye.tax_year}: {escape(money(ye.value))}</text>"
        )
    return out


def _year_ticks(first: date, last: date, x: Scale) -> list[str]:
    """A faint line and the year at each Jan 1 inside the range; the first year is written at
    the start unless the next Jan 1 is too close for both labels."""
    out = []
    jan1 = [date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
    if not jan1 or x(_day(jan1[0])) - x(_day(first)) > 40:
        out.append(
            f'<text x="{_px(x(_day(first)))}" y="{H - BOTTOM + 16}" class="label">'
            f"{first.year}</text>"
        )
    for day in jan1:
        px = _px(x(_day(day)))
        out.append(f'<line x1="{px}" y1="{TOP}" x2="{px}" y2="{H - BOTTOM}" class="grid"/>')
        out.append(f'<text x="{px}" y="{H - BOTTOM + 16}" class="label">{day.year}</text>')
    return out


def _value_ticks(lo: Decimal, hi: Decimal, y: Scale) -> list[str]:
    """$0 as the axis, and the highest (and any negative lowest) value on the left."""
    zero = _px(y(Decimal(0)))
    out = [f'<line x1="{LEFT}" y1="{zero}" x2="{W - RIGHT}" y2="{zero}" class="axis"/>']
    for value in sorted({lo, Decimal(0), hi}):
        out.append(
            f'<text x="{LEFT - 6}" y="{_px(y(value) + 4)}" text-anchor="end" class="label">'
            f"{escape(_whole(value))}</text>"
        )
    return out


def y_date(ye: YearEndValue) -> date:
    return date(ye.tax_year, 12, 31)


def limit_bars(uses: list[LimitUse]) -> str:
    """Per person-year: traditional and Roth contributions stacked against that year's limit."""
    if not uses:
        return ""
    top = max([u.traditional + u.roth for u in uses] + [u.limit or Decimal(0) for u in uses])
    y = _scale(Decimal(0), top or Decimal(1), H - BOTTOM - 10, TOP + 14)
    bar_w = min((W - LEFT - RIGHT) / Decimal(len(uses)), Decimal(120))  # one bar stays a bar
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" '
        'aria-label="Contributions against the limit">',
        *_value_ticks(Decimal(0), top, y),
        *_bar_legend(),
    ]
    for i, u in enumerate(uses):
        parts += _bar(u, LEFT + bar_w * i, bar_w, y)
    parts.append("</svg>")
    return "".join(parts)


def _bar(u: LimitUse, x0: Decimal, bar_w: Decimal, y: Scale) -> list[str]:
    left, bw, base = x0 + bar_w / 8, bar_w * 3 / 4, y(Decimal(0))
    total = u.traditional + u.roth
    trad_top, roth_top = y(u.traditional), y(total)
    label = f"{u.person} {u.tax_year}: traditional {money(u.traditional)}, Roth {money(u.roth)}"
    out = [
        f'<rect x="{_px(left)}" y="{_px(trad_top)}" width="{_px(bw)}" '
        f'height="{_px(base - trad_top)}" class="trad"><title>{escape(label)}</title></rect>',
        f'<rect x="{_px(left)}" y="{_px(roth_top)}" width="{_px(bw)}" '
        f'height="{_px(trad_top - roth_top)}" class="roth"><title>{escape(label)}</title></rect>',
    ]
    over = u.limit is not None and total > u.limit
    peak = min(roth_top, y(u.limit)) if u.limit is not None else roth_top
    mid = _px(left + bw / 2)
    out.append(
        f'<text x="{mid}" y="{_px(peak - 5)}" text-anchor="middle" '
        f'class="label{" held-label" if over else ""}">{escape(_whole(total))}</text>'
    )
    if u.limit is not None:
        ly = _px(y(u.limit))
        out.append(
            f'<line x1="{_px(left - bw / 8)}" y1="{ly}" x2="{_px(left + bw + bw / 8)}" '
            f'y2="{ly}" class="limit"><title>limit {escape(money(u.limit))}</title></line>'
        )
    limit = f"limit {_whole(u.limit)}" if u.limit is not None else "no limit figures"
    out.append(
        f'<text x="{mid}" y="{_px(H - BOTTOM + 12)}" text-anchor="middle" class="label">'
        f'{escape(u.person)} {u.tax_year}<tspan x="{mid}" dy="12" class="small">'
        f"{escape(limit)}</tspan></text>"
    )
    return out


def _bar_legend() -> list[str]:
    x = W - RIGHT - 250
    return [
        f'<rect x="{x}" y="6" width="10" height="10" class="trad"/>',
        f'<text x="{x + 14}" y="15" class="label">traditional</text>',
        f'<rect x="{x + 90}" y="6" width="10" height="10" class="roth"/>',
        f'<text x="{x + 104}" y="15" class="label">Roth</text>',
        f'<line x1="{x + 150}" y1="11" x2="{x + 172}" y2="11" class="limit"/>',
        f'<text x="{x + 176}" y="15" class="label">limit</text>',
    ]


def ira_accounts(events: list[EventView]) -> list[str]:
    return sorted({e.account for e in events if e.account_type in IRA_TYPES})
