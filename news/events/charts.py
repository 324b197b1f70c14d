"""Geometry of the statistics page's bar charts, drawn as SVG by includes/bar_chart.html (no
JavaScript, readable on a phone: each label above its bar)."""

CHART_WIDTH = 360  # about a phone's width, so the SVG's text stays readable when it scales
ROW_HEIGHT = 52
BAR_HEIGHT = 20
VALUE_ROOM = 60


def bar_chart(rows: list[dict], value_key: str, label_key: str) -> dict:
    """The bars of ``rows`` (``value_key`` their length, ``label_key`` their label)."""
    biggest = max((row[value_key] or 0 for row in rows), default=0) or 1
    span = CHART_WIDTH - VALUE_ROOM
    bars = []
    for index, row in enumerate(rows):
        value = row[value_key] or 0
        width = max(2, round(span * value / biggest)) if value else 0
        top = index * ROW_HEIGHT
        bars.append(
            {
                "label": row[label_key],
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
