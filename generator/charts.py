"""Bar charts as inline SVG, drawn at build time: no script, no CDN, readable on a phone.

Horizontal bars, one row per bar: the label on its own line (long Vietnamese unit names need
the width), the bar below it with its value. Widths are percentages of the SVG's width, so the
chart follows the page's width while its text keeps the page's font size. Colours come from
classes styled in exemplars.css (light and dark schemes), with plain fills as a fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

ROW = 46          # px per bar: label line + bar
BAR = 16          # bar height, px
LABEL_Y = 15      # baseline of the label within a row
SPAN = 82.0       # % of the width the longest bar (or target) takes; the rest holds its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    #: A minimum to reach (quota), drawn as a marker; a bar below it is marked as short.
    target: int | None = None


def _pct(value: float, top: float) -> str:
    return f"{SPAN * value / top:.2f}" if top else "0"


def bar_chart(bars: Sequence[Bar], title: str, *, target_label: str = "chỉ tiêu") -> str:
    """The SVG markup of a horizontal bar chart; every text is escaped."""
    top = max([b.value for b in bars] + [b.target or 0 for b in bars] + [1])
    height = ROW * len(bars) + 8
    total = sum(b.value for b in bars)
    summary = f"{title}: " + "; ".join(
        f"{b.label} {b.value}" + (f" ({target_label} {b.target})" if b.target is not None else "")
        for b in bars)
    out = [f'<svg class="ex-chart" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" '
           f'role="img" aria-label="{escape(summary)}" data-total="{total}">',
           f"<title>{escape(title)}</title>"]
    for i, b in enumerate(bars):
        y = i * ROW
        short = b.target is not None and b.value < b.target
        out.append(f'<text class="ex-chart__label" x="0" y="{y + LABEL_Y}">{escape(b.label)}</text>')
        width = _pct(b.value, top)
        cls = "ex-chart__bar ex-chart__bar--short" if short else "ex-chart__bar"
        fill = "#c62828" if short else "#1e88e5"
        if b.target is not None:
            out.append(f'<rect class="ex-chart__track" x="0" y="{y + 20}" width="{_pct(b.target, top)}%" '
                       f'height="{BAR}" rx="2" fill="#eeeeee"/>')
        out.append(f'<rect class="{cls}" x="0" y="{y + 20}" width="{width}%" height="{BAR}" '
                   f'rx="2" fill="{fill}"/>')
        value = str(b.value)
        if b.target is not None:
            value += f" / {b.target}"
            tx = _pct(b.target, top)
            out.append(f'<line class="ex-chart__target" x1="{tx}%" x2="{tx}%" y1="{y + 17}" '
                       f'y2="{y + 20 + BAR + 3}" stroke="#212121" stroke-width="2"/>')
        end = max(float(width), float(_pct(b.target or 0, top)))
        out.append(f'<text class="ex-chart__value" x="{end + 1.5:.2f}%" y="{y + 20 + BAR - 3}">'
                   f"{escape(value)}</text>")
    out.append("</svg>")
    return "".join(out)
