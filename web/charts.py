"""Bar charts as inline SVG, drawn on the server: no script, nothing fetched, nothing the page's
Content-Security-Policy (`default-src 'self'`) would block — colours and sizes are presentation
attributes, never `style`. Bars lie horizontally, so long Japanese labels (保険の種類, 証券番号,
2026年4月) read on the left without turning. Each bar is exactly value ÷ axis maximum of the
plot's width; the axis maximum is the next "round" number (1, 2, 2.5 or 5 × 10ⁿ steps) at or
above the largest bar. Amounts read as ¥1,234,567, or in 万円 on an axis of ¥100,000 or more.

A chart is an image (role="img", its <title> as aria-label, a <desc> that says what it shows);
the table beside it on the page holds the same figures and is the accessible equivalent."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from web.formatting import yen

Unit = Literal["yen", "count"]
WIDTH = 860
FONT = 14  # px: category labels; axis and value labels are a little smaller
SMALL = 12.5
VALUE_GUTTER = 104  # px right of the plot for the value at a bar's end (¥123,456,789)
AXIS_HEIGHT = 30
LEGEND_HEIGHT = 30
LABEL_MAX = 240
PALETTE = ("#173a5e", "#e08a1e", "#3f8f6b", "#8e5ba8", "#c0392b", "#5d7a8c", "#b8a200")
INK, MUTED, GRID = "#1f2933", "#52606d", "#d9dee3"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]
    colour: str | None = None


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: Unit = "yen"
    stacked: bool = False

    def __post_init__(self) -> None:
        if any(len(s.values) != len(self.categories) for s in self.series):
            raise ValueError("each series needs one value per category")
        if any(v < 0 for s in self.series for v in s.values):
            raise ValueError("bar charts here draw amounts and counts, which are never negative")

    @property
    def largest(self) -> int:
        if not self.categories or not self.series:
            return 0
        if self.stacked:
            return max(sum(s.values[i] for s in self.series) for i in range(len(self.categories)))
        return max(max(s.values) for s in self.series)


# ---- the axis --------------------------------------------------------------------------------


def nice_step(largest: int, unit: Unit, ticks: int = 6) -> int:
    """The smallest round step (1, 2, 2.5, 5 × 10ⁿ, whole numbers) that reaches `largest` in at most
    `ticks` steps. Nothing to show still gets an axis: 0–1 件, or 0–¥10,000."""
    target = reach(largest, unit)
    magnitude = 1
    while True:
        for factor in (10, 20, 25, 50) if magnitude >= 10 else (1, 2, 5):
            step = factor * magnitude // (10 if magnitude >= 10 else 1)
            if step * ticks >= target:
                return step
        magnitude *= 10


def reach(largest: int, unit: Unit) -> int:
    """How far the axis must reach: the largest bar, and at least 1 件 or ¥10,000."""
    return max(largest, 10_000 if unit == "yen" else 1)


def axis_maximum(largest: int, unit: Unit) -> int:
    step = nice_step(largest, unit)
    return -(-reach(largest, unit) // step) * step


def tick_label(value: int, unit: Unit, axis_max: int) -> str:
    """An axis figure: 12件; ¥50,000; 30万円 (on an axis of ¥100,000 or more, in whole 万); zero as 0."""
    if value == 0:
        return "0"
    if unit == "count":
        return f"{value:,}件"
    if axis_max >= 100_000 and value % 10_000 == 0:
        return f"{value // 10_000:,}万円"
    return yen(value)


def value_label(value: int, unit: Unit) -> str:
    return f"{value:,}件" if unit == "count" else yen(value)


# ---- text sizes --------------------------------------------------------------------------------


def text_width(text: str, size: float = FONT) -> float:
    """About how wide a line of text is: a full-width character is one em, others about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def fit(text: str, width: float, size: float = FONT) -> str:
    """The label, cut with … where it would not fit the width (the full one stays in the table)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def num(value: float) -> str:
    """A coordinate, to the hundredth of a pixel, without trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# ---- drawing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    left: float
    top: float
    plot_width: float
    bar: float
    band: float
    axis_max: int

    def x(self, value: int) -> float:
        return self.left + self.length(value)

    def length(self, value: int) -> float:
        return value * self.plot_width / self.axis_max


def layout_of(chart: BarChart) -> Layout:
    labels = max((text_width(c) for c in chart.categories), default=0)
    left = min(max(labels + 16, 64), LABEL_MAX)
    bars_per_band = 1 if chart.stacked else max(len(chart.series), 1)
    bar = 22 if bars_per_band == 1 else 16
    top = LEGEND_HEIGHT if len(chart.series) > 1 else 10
    return Layout(left, top, WIDTH - left - VALUE_GUTTER, bar, bar * bars_per_band + 14,
                  axis_maximum(chart.largest, chart.unit))


def colour_of(chart: BarChart, index: int) -> str:
    return chart.series[index].colour or PALETTE[index % len(PALETTE)]


def legend(chart: BarChart, at: Layout) -> list[str]:
    if len(chart.series) < 2:
        return []
    parts, x = ['<g class="chart__legend">'], at.left
    for i, series in enumerate(chart.series):
        parts.append(f'<rect x="{num(x)}" y="8" width="14" height="14" fill="{colour_of(chart, i)}"/>')
        parts.append(f'<text x="{num(x + 20)}" y="20" font-size="{SMALL}" fill="{INK}">{escape(series.name)}</text>')
        x += 20 + text_width(series.name, SMALL) + 24
    parts.append("</g>")
    return parts


def axis(chart: BarChart, at: Layout, bottom: float) -> list[str]:
    parts = ['<g class="chart__axis">']
    step = nice_step(chart.largest, chart.unit)
    for value in range(0, at.axis_max + 1, step):
        x = num(at.x(value))
        parts.append(f'<line x1="{x}" y1="{num(at.top)}" x2="{x}" y2="{num(bottom)}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{x}" y="{num(bottom + 18)}" font-size="{SMALL}" fill="{MUTED}" text-anchor="middle">'
                     f"{escape(tick_label(value, chart.unit, at.axis_max))}</text>")
    parts.append(f'<line x1="{num(at.left)}" y1="{num(at.top)}" x2="{num(at.left)}" y2="{num(bottom)}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    parts.append("</g>")
    return parts


def bar(chart: BarChart, i: int, s: int, x: float, y: float, at: Layout) -> str:
    value, series = chart.series[s].values[i], chart.series[s]
    tip = f"{chart.categories[i]} {series.name}: {value_label(value, chart.unit)}"
    return (f'<rect x="{num(x)}" y="{num(y)}" width="{num(at.length(value))}" height="{num(at.bar - 2)}" '
            f'fill="{colour_of(chart, s)}" data-series="{escape(series.name)}" data-value="{value}">'
            f"<title>{escape(tip)}</title></rect>")


def end_label(value: int, x: float, y: float, chart: BarChart, at: Layout) -> str:
    return (f'<text x="{num(x + 6)}" y="{num(y + at.bar / 2 + 2)}" font-size="{SMALL}" fill="{INK}">'
            f"{escape(value_label(value, chart.unit))}</text>")


def band(chart: BarChart, i: int, at: Layout) -> list[str]:
    y0 = at.top + i * at.band + 7
    label = fit(chart.categories[i], at.left - 12)
    parts = [f'<text x="{num(at.left - 8)}" y="{num(y0 + (at.band - 14) / 2 + 5)}" font-size="{FONT}" fill="{INK}" '
             f'text-anchor="end">{escape(label)}</text>']
    x = at.left
    for s, series in enumerate(chart.series):
        y = y0 if chart.stacked else y0 + s * at.bar
        parts.append(bar(chart, i, s, x if chart.stacked else at.left, y, at))
        if chart.stacked:
            x += at.length(series.values[i])
        else:
            parts.append(end_label(series.values[i], at.x(series.values[i]), y, chart, at))
    if chart.stacked:
        parts.append(end_label(sum(s.values[i] for s in chart.series), x, y0, chart, at))
    return parts


def render(chart: BarChart, chart_id: str) -> Markup:
    """The chart as an <svg> element, to be put in the page as it is."""
    at = layout_of(chart)
    bottom = at.top + at.band * len(chart.categories)
    height = bottom + AXIS_HEIGHT
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
             f'viewBox="0 0 {WIDTH} {num(height)}" width="{WIDTH}" height="{num(height)}" role="img" '
             f'aria-label="{escape(chart.title)}">',
             f"<title>{escape(chart.title)}</title>", f"<desc>{escape(chart.description)}</desc>"]
    parts += legend(chart, at) + axis(chart, at, bottom)
    for i in range(len(chart.categories)):
        parts += band(chart, i, at)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 — every text in it went through escape()
