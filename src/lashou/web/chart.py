"""The dashboard's chart as inline SVG, drawn on the server: no script and no library needed.

One bar per settled period (the share per unit of weight), oldest on the left, with a
horizontal guide at the highest share and each bar's value in its tooltip (`<title>`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from lashou.indexer.views import PeriodView

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 32


def bars(periods: Sequence[PeriodView]) -> list[tuple[PeriodView, float, float, float, float]]:
    """(period, x, y, width, height) of each bar in the plot area, oldest first."""
    if not periods:
        return []
    top = max(p.share for p in periods) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(periods)
    width = max(1.0, step * 0.7)
    drawn = []
    for i, p in enumerate(periods):
        height = plot_h * p.share / top
        x = LEFT + i * step + (step - width) / 2
        drawn.append((p, x, TOP + plot_h - height, width, height))
    return drawn


def share_chart(
    periods: Sequence[PeriodView], *, title: str, desc: str, money: Callable[[int], str],
    period_label: str,
) -> str:  # fmt: skip
    """The SVG markup (safe to insert unescaped: every text in it is escaped here)."""
    drawn = bars(periods)
    top = max((p.share for p in periods), default=0)
    parts = [
        f'<svg id="share-chart" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}"'
        f' y2="{HEIGHT - BOTTOM}"/>',
        f'<line class="guide" x1="{LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}"/>',
        f'<text class="tick" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">'
        f"{escape(money(top))}</text>",
        f'<text class="tick" x="{LEFT - 6}" y="{HEIGHT - BOTTOM + 4}" text-anchor="end">0</text>',
    ]
    every = max(1, len(drawn) // 8)
    for i, (p, x, y, w, h) in enumerate(drawn):
        tip = f"{period_label} {p.period}: {money(p.share)}"
        parts.append(
            f'<rect class="bar" data-period="{p.period}" x="{x:.1f}" y="{y:.1f}"'
            f' width="{w:.1f}" height="{h:.1f}"><title>{escape(tip)}</title></rect>'
        )
        if i % every == 0 or i == len(drawn) - 1:
            parts.append(
                f'<text class="tick" x="{x + w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}"'
                f' text-anchor="middle">{p.period}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
