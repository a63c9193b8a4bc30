"""Small server-rendered SVG bar charts. Each chart is an image with a title (role="img",
aria-labelledby); the same numbers are always shown in a table beside it for screen readers, so the
chart itself carries no interactive content. Every label is escaped."""

from itertools import count

from django.utils.html import escape
from django.utils.safestring import mark_safe

_ids = count(1)
BAR = "#2e6f8e"


def _svg(title, width, height, body, chart_id=None):
    chart_id = chart_id or f"chart-{next(_ids)}"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" class="analytics-chart">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{body}</svg>'
    )


def bar_chart(title, points, *, chart_id=None, width=480, height=200):
    """Vertical bars: points = [(label, value)]."""
    points = list(points)
    if not points:
        return _svg(title, width, 40, '<text x="4" y="24" font-size="12">–</text>', chart_id)
    top = max((v for _, v in points), default=0) or 1
    plot_h, left, bottom = height - 40, 8, 28
    slot = (width - left) / len(points)
    parts = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / top
        x = left + i * slot
        y = height - bottom - h
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(slot - 4, 1):.1f}" height="{h:.1f}" fill="{BAR}"/>'
            f'<text x="{x + slot / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{escape(value)}</text>'
            f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 14:.1f}" font-size="9" text-anchor="middle">{escape(label)}</text>'
        )
    return _svg(title, width, height, "".join(parts), chart_id)


def hbar_chart(title, points, *, chart_id=None, width=680, label_width=300):
    """Horizontal bars (funnel, answer options): points = [(label, value)]."""
    points = list(points)
    row = 24
    height = max(row * len(points) + 8, 40)
    top = max((v for _, v in points), default=0) or 1
    plot_w = width - label_width - 50
    parts = []
    for i, (label, value) in enumerate(points):
        y = 4 + i * row
        w = plot_w * value / top
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" font-size="11" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{BAR}"/>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 15}" font-size="11">{escape(value)}</text>'
        )
    return _svg(title, width, height, "".join(parts), chart_id)
