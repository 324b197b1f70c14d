"""Geometry of the site's SVG charts, drawn by templates/includes/bar_chart.html and
column_chart.html: no JavaScript, no outside library, readable on a phone, always beside a
table holding the same numbers (the table is what screen readers and printouts rely on)."""

from __future__ import annotations

from math import ceil

from django.utils.text import Truncator

CHART_WIDTH = 360  # about a phone's width, so the SVG's text stays readable when it scales
ROW_HEIGHT = 52
BAR_HEIGHT = 20
VALUE_ROOM = 76  # "100.000" in bold
LABEL_CHARS = 44  # a longer label is cut with "…" (the table beside has it whole)


def bar_chart(rows: list[dict], value_key: str, label_key: str) -> dict:
    """Horizontal bars of ``rows`` (``value_key`` their length, ``label_key`` their label), each
    label above its bar."""
    biggest = max((row[value_key] or 0 for row in rows), default=0) or 1
    span = CHART_WIDTH - VALUE_ROOM
    bars = []
    for index, row in enumerate(rows):
        value = row[value_key] or 0
        width = max(2, round(span * value / biggest)) if value else 0
        top = index * ROW_HEIGHT
        bars.append(
            {
                "label": Truncator(str(row[label_key])).chars(LABEL_CHARS),
                "value": value,
                "label_y": top + 18,
                "bar_y": top + 26,
                "width": width,
                "value_x": width + 6,
                "value_y": top + 26 + BAR_HEIGHT - 5,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(rows) * ROW_HEIGHT + 4,
        "bar_height": BAR_HEIGHT,
    }


# A phone's width too, so that the scale and the dates stay readable on one; wider screens
# draw it larger (admin-report.css).
COLUMN_WIDTH = 360
COLUMN_HEIGHT = 200
COLUMN_LEFT = 44  # room for the scale's numbers
COLUMN_TOP = 10
COLUMN_BOTTOM = 24  # room for the dates
COLUMN_LABELS = 8  # at most this many labels under the columns


def _nice_top(value: int) -> int:
    """The top of the scale: 1, 2 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def column_chart(rows: list[dict], value_key: str, label_key: str) -> dict:
    """Vertical columns of ``rows`` in order (a series over days), a scale on the left and a
    label under every few columns."""
    count = len(rows)
    top_value = _nice_top(max((row[value_key] or 0 for row in rows), default=0))
    plot_width = COLUMN_WIDTH - COLUMN_LEFT - 14  # the last date needs half its width
    plot_height = COLUMN_HEIGHT - COLUMN_TOP - COLUMN_BOTTOM
    baseline = COLUMN_TOP + plot_height
    step = plot_width / max(count, 1)
    width = max(1.0, step * 0.7)
    every = max(1, ceil(count / COLUMN_LABELS))
    columns = []
    for index, row in enumerate(rows):
        value = row[value_key] or 0
        height = round(plot_height * value / top_value, 1)
        x = COLUMN_LEFT + index * step + (step - width) / 2
        columns.append(
            {
                "x": round(x, 1),
                "y": round(baseline - height, 1),
                "height": height,
                "value": value,
                "label": row[label_key],
                "label_x": round(x + width / 2, 1),
                "show_label": index % every == 0,
            }
        )
    scale = [
        {"value": round(top_value * share), "y": round(baseline - plot_height * share, 1)}
        for share in (0, 0.5, 1)
    ]
    return {
        "columns": columns,
        "scale": scale,
        "width": COLUMN_WIDTH,
        "height": COLUMN_HEIGHT,
        "column_width": round(width, 1),
        "left": COLUMN_LEFT,
        "right": COLUMN_WIDTH - 14,
        "label_y": baseline + 16,
    }
