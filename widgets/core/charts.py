"""Charts as inline SVG: drawn in Python, styled by ``assets/course.css``, nothing fetched.

Each chart is a function from plain numbers to an SVG string. Shapes carry
``ff-chart-*`` classes (colours live in the stylesheet), every chart has a
``<title>`` and ``<desc>`` for screen readers, and every label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from widgets.look.ui import esc

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 44


@dataclass(frozen=True)
class Line:
    """One curve of a line chart; ``css`` names its colour class (``ff-chart-s1`` …)."""

    label: str
    xs: Sequence[float]
    ys: Sequence[float]
    css: str


def _svg(title: str, description: str, body: str, *, width: int = WIDTH, height: int = HEIGHT,
         css: str = "") -> str:
    return (f"<svg class='ff-chart {css}' viewBox='0 0 {width} {height}' role='img' "
            f"aria-label='{esc(title)}' xmlns='http://www.w3.org/2000/svg' preserveAspectRatio='xMidYMid meet'>"
            f"<title>{esc(title)}</title><desc>{esc(description)}</desc>{body}</svg>")


def _num(value: float) -> str:
    return f"{value:.1f}"


def percent_axis(plot_h: float, *, top: float = TOP, left: float = LEFT, width: float = WIDTH - RIGHT) -> str:
    """Horizontal grid lines and labels at 0, 25, 50, 75, 100 %."""
    parts = []
    for share in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - share)
        parts.append(f"<line class='ff-chart-grid' x1='{left}' x2='{width}' y1='{_num(y)}' y2='{_num(y)}'/>"
                     f"<text class='ff-chart-tick' x='{left - 6}' y='{_num(y + 4)}' text-anchor='end'>"
                     f"{round(share * 100)}%</text>")
    return "".join(parts)


def line_chart(lines: Sequence[Line], *, x_max: float, x_ticks: Sequence[tuple[float, str]],
               marker: float | None = None, marker_label: str = "", title: str, description: str) -> str:
    """Curves of shares (0..1) against x in 0..x_max, with an optional vertical marker."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(x: float) -> float:
        return LEFT + plot_w * min(max(x, 0.0), x_max) / x_max

    def y_at(y: float) -> float:
        return TOP + plot_h * (1 - min(max(y, 0.0), 1.0))

    parts = [percent_axis(plot_h)]
    for x, label in x_ticks:
        anchor = "start" if x <= 0 else "end" if x >= x_max else "middle"
        parts.append(f"<text class='ff-chart-tick' x='{_num(x_at(x))}' y='{HEIGHT - BOTTOM + 18}' "
                     f"text-anchor='{anchor}'>{esc(label)}</text>")
    for line in lines:
        points = " ".join(f"{_num(x_at(x))},{_num(y_at(y))}" for x, y in zip(line.xs, line.ys, strict=True))
        parts.append(f"<polyline class='ff-chart-line {esc(line.css)}' points='{points}'/>")
    if marker is not None:
        mx = x_at(marker)
        parts.append(f"<line class='ff-chart-marker' x1='{_num(mx)}' x2='{_num(mx)}' y1='{TOP}' "
                     f"y2='{TOP + plot_h}'/>")
        if marker_label:
            anchor = "start" if mx < LEFT + plot_w * 0.7 else "end"
            dx = 6 if anchor == "start" else -6
            parts.append(f"<text class='ff-chart-marker-label' x='{_num(mx + dx)}' y='{TOP + 12}' "
                         f"text-anchor='{anchor}'>{esc(marker_label)}</text>")
    return _svg(title, description, "".join(parts))


def bar_chart(labels: Sequence[str], values: Sequence[float], *, classes: Sequence[str] | None = None,
              y_label: str = "", title: str, description: str) -> str:
    """Vertical bars with category labels underneath; ``classes`` colours each bar."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_value = max([*values, 0]) or 1
    step = _nice_step(top_value)
    axis_max = step * math.ceil(top_value / step)
    parts = []
    for tick in range(0, int(axis_max / step) + 1):
        value = tick * step
        y = TOP + plot_h * (1 - value / axis_max)
        parts.append(f"<line class='ff-chart-grid' x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{_num(y)}' y2='{_num(y)}'/>"
                     f"<text class='ff-chart-tick' x='{LEFT - 6}' y='{_num(y + 4)}' text-anchor='end'>"
                     f"{value:,.0f}</text>")
    if y_label:
        parts.append(f"<text class='ff-chart-axis-label' x='12' y='{TOP + plot_h / 2}' text-anchor='middle' "
                     f"transform='rotate(-90 12 {TOP + plot_h / 2})'>{esc(y_label)}</text>")
    count = max(len(values), 1)
    slot = plot_w / count
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_h * value / axis_max
        x = LEFT + slot * index + slot * 0.12
        css = classes[index] if classes else "ff-chart-s1"
        parts.append(f"<rect class='ff-chart-bar {esc(css)}' x='{_num(x)}' y='{_num(TOP + plot_h - height)}' "
                     f"width='{_num(slot * 0.76)}' height='{_num(height)}'><title>{esc(label)}: "
                     f"{value:,.0f}</title></rect>")
        parts.append(f"<text class='ff-chart-tick' x='{_num(LEFT + slot * (index + 0.5))}' "
                     f"y='{HEIGHT - BOTTOM + 18}' text-anchor='middle'>{esc(label)}</text>")
    return _svg(title, description, "".join(parts))


def _nice_step(top: float) -> float:
    """A round grid step giving about four lines up to ``top``."""
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw and step == int(step):  # counts: whole-number grid lines only (never 2.5, 5, 7.5)
            return max(1.0, step)
    return max(1.0, 10 * magnitude)


HEAT_LEVELS = 5


def heat_level(share: float | None) -> str:
    """The colour class for a share of slow replies (``ff-heat-none`` when there were no tickets)."""
    if share is None or math.isnan(share):
        return "ff-heat-none"
    return f"ff-heat-{min(HEAT_LEVELS - 1, int(share * HEAT_LEVELS))}"


def heatmap(rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float | None]], *,
            counts: Sequence[Sequence[int]] | None = None, column_every: int = 3, title: str,
            description: str) -> str:
    """A grid of shares (0..1), one row per label; each cell has a tooltip with its figure."""
    left, top = 84, 10
    cell_w = (WIDTH - left - RIGHT) / max(len(columns), 1)
    cell_h = 26
    height = top + cell_h * len(rows) + 28
    parts = []
    for r, row in enumerate(rows):
        y = top + r * cell_h
        parts.append(f"<text class='ff-chart-tick' x='{left - 6}' y='{_num(y + cell_h / 2 + 4)}' "
                     f"text-anchor='end'>{esc(row)}</text>")
        for c, column in enumerate(columns):
            share = values[r][c]
            blank = share is None or math.isnan(share)
            count = counts[r][c] if counts else None
            figure = "no messages" if blank else f"{share:.0%} slow"
            if count is not None and not blank:
                figure += f" of {count:,}"
            parts.append(f"<rect class='ff-heat {heat_level(share)}' x='{_num(left + c * cell_w)}' "
                         f"y='{_num(y)}' width='{_num(cell_w - 1)}' height='{cell_h - 1}'>"
                         f"<title>{esc(row)} {esc(column)}: {esc(figure)}</title></rect>")
    for c, column in enumerate(columns):
        if c % column_every == 0:
            parts.append(f"<text class='ff-chart-tick' x='{_num(left + c * cell_w)}' "
                         f"y='{_num(top + cell_h * len(rows) + 18)}' text-anchor='start'>{esc(column)}</text>")
    return _svg(title, description, "".join(parts), height=int(height), css="ff-chart-heatmap")


def legend(items: Sequence[tuple[str, str]]) -> str:
    """A legend: (css class, label) pairs as coloured swatches."""
    entries = "".join(f"<li><span class='ff-swatch {esc(css)}' aria-hidden='true'></span>{esc(label)}</li>"
                      for css, label in items)
    return f"<ul class='ff-legend'>{entries}</ul>"
