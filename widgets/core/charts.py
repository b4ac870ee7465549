"""Charts as inline SVG: drawn in Python, styled by ``assets/course.css``, nothing fetched.

Each chart is a function from plain numbers to an SVG string. Shapes carry
``ff-chart-*`` classes (colours live in the stylesheet), every chart has a
``<title>`` and ``<desc>`` for screen readers, and every label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from widgets.core.markup import Markup, html, join

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 44


@dataclass(frozen=True)
class Line:
    """One curve of a line chart; ``css`` names its colour class (``ff-chart-s1`` …)."""

    label: str
    xs: Sequence[float]
    ys: Sequence[float]
    css: str


def _svg(title: str, description: str, body: Markup, *, width: int = WIDTH, height: int = HEIGHT,
         css: str = "") -> Markup:
    return html("<svg class='ff-chart {}' viewBox='0 0 {} {}' role='img' aria-label='{}' "
                "xmlns='http://www.w3.org/2000/svg' preserveAspectRatio='xMidYMid meet'>"
                "<title>{}</title><desc>{}</desc>{}</svg>", css, width, height, title, title, description, body)


def _num(value: float) -> str:
    return f"{value:.1f}"


def percent_axis(plot_h: float, *, top: float = TOP, left: float = LEFT, width: float = WIDTH - RIGHT) -> Markup:
    """Horizontal grid lines and labels at 0, 25, 50, 75, 100 %."""
    parts = []
    for share in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - share)
        parts.append(html("<line class='ff-chart-grid' x1='{}' x2='{}' y1='{}' y2='{}'/>"
                          "<text class='ff-chart-tick' x='{}' y='{}' text-anchor='end'>{}%</text>",
                          left, width, _num(y), _num(y), left - 6, _num(y + 4), round(share * 100)))
    return join(parts)


def line_chart(lines: Sequence[Line], *, x_max: float, x_ticks: Sequence[tuple[float, str]],
               marker: float | None = None, marker_label: str = "", title: str, description: str) -> Markup:
    """Curves of shares (0..1) against x in 0..x_max, with an optional vertical marker."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(x: float) -> float:
        return LEFT + plot_w * min(max(x, 0.0), x_max) / x_max

    def y_at(y: float) -> float:
        return TOP + plot_h * (1 - min(max(y, 0.0), 1.0))

    parts = [percent_axis(plot_h)]
    for x, label in x_ticks:
        anchor = "start" if x <= 0 else "end" if x >= x_max else "middle"
        parts.append(html("<text class='ff-chart-tick' x='{}' y='{}' text-anchor='{}'>{}</text>",
                          _num(x_at(x)), HEIGHT - BOTTOM + 18, anchor, label))
    for line in lines:
        points = " ".join(f"{_num(x_at(x))},{_num(y_at(y))}" for x, y in zip(line.xs, line.ys, strict=True))
        parts.append(html("<polyline class='ff-chart-line {}' points='{}'/>", line.css, points))
    if marker is not None:
        mx = x_at(marker)
        parts.append(html("<line class='ff-chart-marker' x1='{}' x2='{}' y1='{}' y2='{}'/>",
                          _num(mx), _num(mx), TOP, TOP + plot_h))
        if marker_label:
            anchor = "start" if mx < LEFT + plot_w * 0.7 else "end"
            dx = 6 if anchor == "start" else -6
            parts.append(html("<text class='ff-chart-marker-label' x='{}' y='{}' text-anchor='{}'>{}</text>",
                              _num(mx + dx), TOP + 12, anchor, marker_label))
    return _svg(title, description, join(parts))


def bar_chart(labels: Sequence[str], values: Sequence[float], *, classes: Sequence[str] | None = None,
              y_label: str = "", title: str, description: str) -> Markup:
    """Vertical bars with category labels underneath; ``classes`` colours each bar."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_value = max([*values, 0]) or 1
    step = _nice_step(top_value)
    axis_max = step * math.ceil(top_value / step)
    parts = []
    for tick in range(0, int(axis_max / step) + 1):
        value = tick * step
        y = TOP + plot_h * (1 - value / axis_max)
        parts.append(html("<line class='ff-chart-grid' x1='{}' x2='{}' y1='{}' y2='{}'/>"
                          "<text class='ff-chart-tick' x='{}' y='{}' text-anchor='end'>{:,.0f}</text>",
                          LEFT, WIDTH - RIGHT, _num(y), _num(y), LEFT - 6, _num(y + 4), value))
    if y_label:
        middle = TOP + plot_h / 2
        parts.append(html("<text class='ff-chart-axis-label' x='12' y='{}' text-anchor='middle' "
                          "transform='rotate(-90 12 {})'>{}</text>", middle, middle, y_label))
    count = max(len(values), 1)
    slot = plot_w / count
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_h * value / axis_max
        x = LEFT + slot * index + slot * 0.12
        css = classes[index] if classes else "ff-chart-s1"
        parts.append(html("<rect class='ff-chart-bar {}' x='{}' y='{}' width='{}' height='{}'>"
                          "<title>{}: {:,.0f}</title></rect>", css, _num(x), _num(TOP + plot_h - height),
                          _num(slot * 0.76), _num(height), label, value))
        parts.append(html("<text class='ff-chart-tick' x='{}' y='{}' text-anchor='middle'>{}</text>",
                          _num(LEFT + slot * (index + 0.5)), HEIGHT - BOTTOM + 18, label))
    return _svg(title, description, join(parts))


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
            description: str) -> Markup:
    """A grid of shares (0..1), one row per label; each cell has a tooltip with its figure."""
    left, top = 84, 10
    cell_w = (WIDTH - left - RIGHT) / max(len(columns), 1)
    cell_h = 26
    height = top + cell_h * len(rows) + 28
    parts = []
    for r, row in enumerate(rows):
        y = top + r * cell_h
        parts.append(html("<text class='ff-chart-tick' x='{}' y='{}' text-anchor='end'>{}</text>",
                          left - 6, _num(y + cell_h / 2 + 4), row))
        for c, column in enumerate(columns):
            share = values[r][c]
            blank = share is None or math.isnan(share)
            count = counts[r][c] if counts else None
            figure = "no messages" if blank else f"{share:.0%} slow"
            if count is not None and not blank:
                figure += f" of {count:,}"
            parts.append(html("<rect class='ff-heat {}' x='{}' y='{}' width='{}' height='{}'>"
                              "<title>{} {}: {}</title></rect>", heat_level(share), _num(left + c * cell_w),
                              _num(y), _num(cell_w - 1), cell_h - 1, row, column, figure))
    for c, column in enumerate(columns):
        if c % column_every == 0:
            parts.append(html("<text class='ff-chart-tick' x='{}' y='{}' text-anchor='start'>{}</text>",
                              _num(left + c * cell_w), _num(top + cell_h * len(rows) + 18), column))
    return _svg(title, description, join(parts), height=int(height), css="ff-chart-heatmap")


def legend(items: Sequence[tuple[str, str]]) -> Markup:
    """A legend: (css class, label) pairs as coloured swatches."""
    entries = join(html("<li><span class='ff-swatch {}' aria-hidden='true'></span>{}</li>", css, label)
                   for css, label in items)
    return html("<ul class='ff-legend'>{}</ul>", entries)
