"""Charts as server-rendered SVG: a heat map, a line over releases, horizontal bars.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` for screen
readers; pages also give the numbers as a table, so nothing is only in a picture.
Text is escaped here because the SVG is inserted into pages as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

INK = "#1b1f24"
MUTED = "#5a6470"
LINE = "#d5dae0"
ACCENT = "#0b5cad"


def _open(width: int, height: int, ident: str, title: str, desc: str, kind: str = "") -> list[str]:
    return [
        f'<svg class="chart {kind}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(desc)}</desc>',
    ]


def _text(
    x: float,
    y: float,
    content: object,
    *,
    size: int = 12,
    fill: str = INK,
    anchor: str = "start",
    extra: str = "",
) -> str:
    """One SVG text element; ``content`` is escaped."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{fill}"{extra}>{escape(str(content))}</text>'
    )


def _shade(value: int, top: int) -> str:
    """White to the accent blue, by share of the largest value."""
    share = value / top if top else 0.0
    r, g, b = (int(255 + (c - 255) * share) for c in (11, 92, 173))
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(
    labels: Sequence[str], matrix: Sequence[Sequence[int]], *, ident: str, title: str, desc: str
) -> Markup:
    """A square matrix of counts, darker for more, each cell labelled with its number."""
    cell, margin = 56, 48
    size = margin + cell * len(labels) + 8
    top = max((v for i, row in enumerate(matrix) for j, v in enumerate(row) if i != j), default=0)
    parts = _open(size, size, ident, title, desc, "heat")
    for i, label in enumerate(labels):
        x = margin + i * cell + cell // 2
        y = margin + i * cell + cell // 2
        bold = ' font-weight="600"'
        parts.append(_text(x, margin - 12, label, size=13, anchor="middle", extra=bold))
        parts.append(_text(margin - 10, y + 5, label, size=13, anchor="end", extra=bold))
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            x, y = margin + j * cell, margin + i * cell
            diagonal = i == j
            fill = "#eef1f4" if diagonal else _shade(value, top)
            dark = not diagonal and top and value / top > 0.55
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}" '
                f'stroke="{LINE}"><title>{escape(f"{labels[i]} & {labels[j]}: {value}")}</title></rect>'
            )
            parts.append(
                _text(
                    x + cell // 2 - 1,
                    y + cell // 2 + 4,
                    value,
                    size=13,
                    fill="#ffffff" if dark else INK,
                    anchor="middle",
                    extra=' font-style="italic"' if diagonal else "",
                )
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def line(
    points: Sequence[tuple[str, int]], *, ident: str, title: str, desc: str, width: int = 640
) -> Markup:
    """Values over labelled steps (releases), with dots, values and a zero baseline."""
    height, left, right, top_pad, bottom = 260, 56, 24, 24, 40
    parts = _open(width, height, ident, title, desc)
    top = max((v for _, v in points), default=0) or 1
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(1, len(points) - 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        return x, top_pad + plot_h - v / top * plot_h

    for frac in (0.0, 0.5, 1.0):
        y = top_pad + plot_h - frac * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>'
        )
        parts.append(_text(left - 8, y + 4, round(top * frac), fill=MUTED, anchor="end"))
    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3"/>')
    for (label, value), (x, y) in zip(points, coords, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{ACCENT}"/>')
        parts.append(_text(x, y - 10, value, anchor="middle"))
        parts.append(_text(x, height - bottom + 20, label, fill=MUTED, anchor="middle"))
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(
    items: Sequence[tuple[str, int]], *, ident: str, title: str, desc: str, width: int = 640
) -> Markup:
    """Horizontal bars, one per label, with the value at the end of each bar."""
    row, left, right = 32, 200, 60
    height = row * max(1, len(items)) + 16
    parts = _open(width, height, ident, title, desc)
    top = max((v for _, v in items), default=0) or 1
    for i, (label, value) in enumerate(items):
        y = 8 + i * row
        length = (width - left - right) * value / top
        parts.append(_text(left - 10, y + 19, label, size=13, anchor="end"))
        parts.append(
            f'<rect x="{left}" y="{y + 4}" width="{max(length, 1):.1f}" height="{row - 10}" '
            f'fill="{ACCENT}" rx="2"/>'
        )
        parts.append(_text(left + length + 8, y + 19, value, size=13))
    parts.append("</svg>")
    return Markup("".join(parts))
