"""The dyad timeline chart: inline SVG built on the server from ``relations.series``.

Per period, cooperation (QuadClass 1+2) as a blue bar above the zero line and conflict (3+4) as a
red bar below it, with the mean Goldstein score (-10..+10) as a line against the right-hand axis.
No JavaScript and no style attributes (the pages' Content-Security-Policy allows neither); hover
text comes from SVG ``<title>`` elements. Every piece of text is escaped here, and the result is
wrapped in :class:`markupsafe.Markup` only once it is built.
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

COOP = "#2166ac"
CONFLICT = "#c0392b"
LINE = "#1f2328"
GRID = "#e6e8eb"
AXIS = "#8c959f"
TEXT = "#57606a"


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _step(value: float) -> int:
    """A tick step (1, 2, 5 x 10^k) that cuts ``value`` into at most four steps."""
    for exp in range(0, 12):
        for m in (1, 2, 5):
            step = m * 10 ** exp
            if value / step <= 4:
                return step
    return 10 ** 12  # pragma: no cover


def _nice(value: float) -> int:
    """The axis end for a largest count of ``value``: the next multiple of its tick step."""
    if value <= 0:
        return 0
    step = _step(value)
    return int(math.ceil(value / step) * step)


def timeline_svg(rel: dict[str, Any], width: int = 880, height: int = 320) -> Markup:
    """The chart for ``relations.series(...)``'s result (an empty-state text when it has no periods)."""
    rows = rel.get("series") or []
    a, b = (rel.get("dyad") or ["?", None])[:2]
    label = f"{a} – {b}" if b else str(a)
    title = f"Events between {label} per {rel.get('by', 'period')}"
    if not rows:
        return Markup(
            f'<svg class="chart" viewBox="0 0 {width} 60" role="img" aria-label="{escape(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
            f'<text x="{width / 2}" y="34" text-anchor="middle" fill="{TEXT}" font-size="14">'
            "No dated events between these two countries.</text></svg>")
    left, right, top, bottom = 48, 52, 16, 56
    pw, ph = width - left - right, height - top - bottom
    up_max = max(r["cooperation"] for r in rows)
    down_max = max(r["conflict"] for r in rows)
    # zero in the middle and one scale for both sides, so that the right-hand Goldstein axis
    # (-10..+10) is symmetric too and its zero lines up with the bars' zero
    scale = _nice(max(up_max, down_max, 1))
    step = _step(scale)
    y0 = top + ph / 2
    unit = (ph / 2) / scale

    def yc(count: float) -> float:  # a count above zero (positive) or below (negative)
        return y0 - count * unit

    def yg(g: float) -> float:  # Goldstein on the right axis
        return y0 - (max(-10.0, min(10.0, g)) / 10.0) * (ph / 2)

    n = len(rows)
    slot = pw / n
    bar = max(2.0, min(slot * 0.62, 48.0))
    out: list[str] = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    # grid and left axis (counts)
    ticks = [k * step for k in range(-(scale // step), scale // step + 1)]
    for t in ticks:
        y = yc(t)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{_n(y)}" y2="{_n(y)}" stroke="{AXIS if t == 0 else GRID}" '
                   f'stroke-width="{1.2 if t == 0 else 1}"/>')
        out.append(f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" font-size="11" fill="{TEXT}">{abs(t)}</text>')
    # right axis (Goldstein)
    for g in (10, 5, 0, -5, -10):
        y = yg(g)
        out.append(f'<text x="{left + pw + 6}" y="{_n(y + 4)}" font-size="11" fill="{TEXT}">{f"{g:+d}" if g else "0"}</text>')
    out.append(f'<text x="12" y="{_n(top + ph / 2)}" font-size="11" fill="{TEXT}" text-anchor="middle" '
               f'transform="rotate(-90 12 {_n(top + ph / 2)})">events</text>')
    out.append(f'<text x="{width - 10}" y="{_n(top + ph / 2)}" font-size="11" fill="{TEXT}" text-anchor="middle" '
               f'transform="rotate(90 {width - 10} {_n(top + ph / 2)})">mean Goldstein</text>')
    # bars
    every = max(1, math.ceil(n / 10))
    points: list[tuple[float, float]] = []
    for i, r in enumerate(rows):
        cx = left + slot * (i + 0.5)
        x = cx - bar / 2
        tip = (f"{r['period']}: {r['events']} events, {r['cooperation']} cooperation "
               f"({r['verbal_coop']} verbal, {r['material_coop']} material), {r['conflict']} conflict "
               f"({r['verbal_conflict']} verbal, {r['material_conflict']} material)"
               + (f", mean Goldstein {r['goldstein_mean']:+.2f}" if r.get("goldstein_mean") is not None else ""))
        out.append(f'<g class="period"><title>{escape(tip)}</title>')
        out.append(f'<rect x="{_n(left + slot * i)}" y="{top}" width="{_n(slot)}" height="{ph}" fill="transparent"/>')
        if r["cooperation"]:
            h = r["cooperation"] * unit
            out.append(f'<rect class="coop" x="{_n(x)}" y="{_n(y0 - h)}" width="{_n(bar)}" height="{_n(h)}" fill="{COOP}"/>')
        if r["conflict"]:
            h = r["conflict"] * unit
            out.append(f'<rect class="conflict" x="{_n(x)}" y="{_n(y0)}" width="{_n(bar)}" height="{_n(h)}" '
                       f'fill="{CONFLICT}"/>')
        out.append("</g>")
        if i % every == 0 or i == n - 1 and n <= 12:
            out.append(f'<text x="{_n(cx)}" y="{top + ph + 16}" text-anchor="middle" font-size="11" '
                       f'fill="{TEXT}">{escape(r["period"])}</text>')
        if r.get("goldstein_mean") is not None:
            points.append((cx, yg(float(r["goldstein_mean"]))))
    if len(points) > 1:
        path = " ".join(f"{'M' if k == 0 else 'L'}{_n(x)},{_n(y)}" for k, (x, y) in enumerate(points))
        out.append(f'<path class="goldstein" d="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for x, y in points:
        out.append(f'<circle class="goldstein" cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="#fff" stroke="{LINE}" '
                   'stroke-width="2"/>')
    # legend
    ly = height - 14
    out.append(f'<rect x="{left}" y="{ly - 9}" width="12" height="12" fill="{COOP}"/>'
               f'<text x="{left + 17}" y="{ly + 1}" font-size="12" fill="{TEXT}">cooperation</text>')
    out.append(f'<rect x="{left + 110}" y="{ly - 9}" width="12" height="12" fill="{CONFLICT}"/>'
               f'<text x="{left + 127}" y="{ly + 1}" font-size="12" fill="{TEXT}">conflict</text>')
    out.append(f'<line x1="{left + 200}" x2="{left + 222}" y1="{ly - 3}" y2="{ly - 3}" stroke="{LINE}" stroke-width="2"/>'
               f'<circle cx="{left + 211}" cy="{ly - 3}" r="3.5" fill="#fff" stroke="{LINE}" stroke-width="2"/>'
               f'<text x="{left + 228}" y="{ly + 1}" font-size="12" fill="{TEXT}">mean Goldstein (right axis, −10 … +10)</text>')
    out.append("</svg>")
    return Markup("".join(out))
