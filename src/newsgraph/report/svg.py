"""Small chart helpers for the report: inline SVG strings, no JavaScript, no external resources.

Every piece of text that goes into a chart (labels, titles, tooltips) passes through :func:`esc`,
so a label taken from a crawled page can never become markup. The functions return plain strings
of SVG; the report marks them safe only after they were built here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

#: the report's palette (also used by the stylesheet)
COOP = "#2166ac"       # cooperation: blue
CONFLICT = "#c0392b"   # conflict: red
LINE = "#222222"       # mean Goldstein
GRID = "#e3e3e3"
AXIS = "#8a8a8a"
TEXT = "#555555"
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def esc(text: object) -> str:
    """Text for SVG/HTML: ``<``, ``>``, ``&`` and both quotes escaped."""
    return html.escape(str(text), quote=True)


def _num(x: float) -> str:
    """A coordinate, short: 12.5 rather than 12.500000001."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if not float(x).is_integer() else str(int(x))


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above ``value`` whose half is a whole number too: 2, 4, 6, 8,
    10, 20, 30, 40, 50, 60, 80, 100, 150, 200 ..."""
    for k in range(0, 12):
        for m in ((2, 4, 6, 8) if k == 0 else (1, 1.5, 2, 3, 4, 5, 6, 8)):
            if m * 10 ** k >= value:
                return m * 10 ** k
    return float(value)  # pragma: no cover


def tick_indices(n: int, max_labels: int = 8) -> list[int]:
    """Which of ``n`` categories get an axis label: evenly spaced, the first always."""
    if n <= 0:
        return []
    step = max(1, math.ceil(n / max_labels))
    return list(range(0, n, step))


def diverging_timeline(labels: Sequence[str], periods: Sequence[str], up: Sequence[int], down: Sequence[int],
                       line: Sequence[float | None], *, title: str, up_label: str = "Cooperation",
                       down_label: str = "Conflict", line_label: str = "Mean Goldstein (right axis)",
                       line_range: float = 10.0, width: int = 560, height: int = 270) -> str:
    """Counts per period as bars, ``up`` above the zero line (blue) and ``down`` below it (red),
    with ``line`` (mean Goldstein, -10..+10, None where a period has no events) drawn against a
    right-hand axis whose zero lines up with the bars' zero.

    ``labels`` are the short axis labels, ``periods`` the full period names for tooltips.
    """
    n = len(labels)
    left, right, top, bottom = 44, 44, 40, 30
    pw, ph = width - left - right, height - top - bottom
    zero_y = top + ph / 2
    peak = nice_ceiling(max([*up, *down, 1]))
    half = ph / 2

    def y_count(v: float) -> float:   # v > 0 above the line, v < 0 below
        return zero_y - v / peak * half

    def y_line(v: float) -> float:
        return zero_y - v / line_range * half

    out: list[str] = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{esc(title)}" font-family="{esc(FONT)}" font-size="12" class="chart">',
        f"<title>{esc(title)}</title>",
    ]
    # legend (top)
    lx = left
    for colour, name, kind in ((COOP, up_label, "box"), (CONFLICT, down_label, "box"), (LINE, line_label, "line")):
        if kind == "box":
            out.append(f'<rect x="{lx}" y="12" width="11" height="11" fill="{colour}"/>')
        else:
            out.append(f'<line x1="{lx - 1}" y1="17.5" x2="{lx + 13}" y2="17.5" stroke="{colour}" stroke-width="2"/>'
                       f'<circle cx="{lx + 6}" cy="17.5" r="2.8" fill="#fff" stroke="{colour}" stroke-width="1.6"/>')
        out.append(f'<text x="{lx + 17}" y="21.5" fill="{TEXT}">{esc(name)}</text>')
        lx += 17 + 6.6 * len(name) + 20
    # grid and left axis (counts, shown as absolute values on both sides)
    for frac in (-1, -0.5, 0, 0.5, 1):
        y = zero_y - frac * half
        colour, w = (AXIS, 1) if frac == 0 else (GRID, 1)
        out.append(f'<line x1="{left}" y1="{_num(y)}" x2="{left + pw}" y2="{_num(y)}" stroke="{colour}" stroke-width="{w}"/>')
        count = abs(frac) * peak
        out.append(f'<text x="{left - 6}" y="{_num(y + 3.5)}" text-anchor="end" fill="{TEXT}">{esc(_num(count))}</text>')
        g = frac * line_range
        out.append(f'<text x="{left + pw + 6}" y="{_num(y + 3.5)}" fill="{TEXT}">{esc(("+" if g > 0 else "") + _num(g))}</text>')
    out.append(f'<text transform="translate(12 {_num(zero_y - half / 2)}) rotate(-90)" text-anchor="middle" '
               f'fill="{COOP}">{esc(up_label.lower())}</text>')
    out.append(f'<text transform="translate(12 {_num(zero_y + half / 2)}) rotate(-90)" text-anchor="middle" '
               f'fill="{CONFLICT}">{esc(down_label.lower())}</text>')
    out.append(f'<text transform="translate({width - 8} {_num(zero_y)}) rotate(90)" text-anchor="middle" '
               f'fill="{TEXT}">mean Goldstein</text>')
    # bars
    band = pw / max(n, 1)
    bw = max(1.0, min(band * 0.72, 28))
    for i in range(n):
        x = left + band * i + (band - bw) / 2
        u, d = up[i], down[i]
        g = line[i]
        tip = f"{periods[i]}: {u} {up_label.lower()}, {d} {down_label.lower()}"
        if g is not None:
            tip += f", mean Goldstein {g:+.2f}"
        out.append(f"<g><title>{esc(tip)}</title>")
        # an invisible full-height hit area so the tooltip works on empty periods too
        out.append(f'<rect x="{_num(left + band * i)}" y="{top}" width="{_num(band)}" height="{ph}" fill="transparent"/>')
        if u:
            out.append(f'<rect x="{_num(x)}" y="{_num(y_count(u))}" width="{_num(bw)}" '
                       f'height="{_num(zero_y - y_count(u))}" fill="{COOP}"/>')
        if d:
            out.append(f'<rect x="{_num(x)}" y="{_num(zero_y)}" width="{_num(bw)}" '
                       f'height="{_num(y_count(-d) - zero_y)}" fill="{CONFLICT}"/>')
        out.append("</g>")
    # mean Goldstein: segments between neighbouring periods that both have a value, a dot on each
    pts = [(left + band * (i + 0.5), y_line(max(-line_range, min(line_range, v))) if v is not None else None)
           for i, v in enumerate(line)]
    run: list[str] = []
    for (x, y) in [*pts, (0.0, None)]:
        if y is None:
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{LINE}" stroke-width="1.8" '
                           'stroke-linejoin="round"/>')
            run = []
        else:
            run.append(f"{_num(x)},{_num(y)}")
    for x, y in pts:
        if y is not None:
            out.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.8" fill="#fff" stroke="{LINE}" stroke-width="1.6"/>')
    # x axis labels
    for i in tick_indices(n):
        x = left + band * (i + 0.5)
        out.append(f'<line x1="{_num(x)}" y1="{top + ph}" x2="{_num(x)}" y2="{top + ph + 4}" stroke="{AXIS}"/>')
        out.append(f'<text x="{_num(x)}" y="{top + ph + 16}" text-anchor="middle" fill="{TEXT}">{esc(labels[i])}</text>')
    out.append("</svg>")
    return "".join(out)

