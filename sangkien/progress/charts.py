"""Charts drawn on the server as SVG: no script, no CDN, readable without JavaScript.

The SVG is decoration for sighted readers (role="img" with a title and a summary); every
chart is shown next to a table of the same figures, which is what screen readers read.
"""

from django.utils.html import format_html, mark_safe

from sangkien.core.formatting import group_thousands, vn_date

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 40
COLOURS = ("#0b4f9c", "#1c6b3c")  # AA contrast against white, distinct in greyscale too


def _n(number):
    """A coordinate with one decimal, formatted before format_html escapes it into text."""
    return f"{number:.1f}"


def _nice_max(value):
    """A round upper bound for the axis: 1, 2, 5 × 10^n."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _steps(top):
    """How many intervals the axis up to `top` is cut into: four when each is a whole number,
    else five, two or one (top is 1, 2 or 5 × 10^n)."""
    return next(k for k in (4, 5, 2, 1) if top % k == 0)


def weekly_bars(rows, *, title, series_labels, summary=""):
    """Grouped bars per week. rows: [(monday, value_a, value_b)], oldest first.

    Returns safe SVG markup; every text inside it is escaped here.
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max((max(a, b) for _w, a, b in rows), default=0))
    parts = [format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        '<title id="chart-title">{}</title><desc id="chart-desc">{}</desc>',
        WIDTH, HEIGHT, title, summary)]
    # Grid lines at whole numbers only (an axis up to 1 is not 0, 0, 0, 0, 1), labelled the
    # Vietnamese way (1.234).
    steps = _steps(top)
    for i in range(steps + 1):
        value = top * i // steps
        y = TOP + plot_h - plot_h * i / steps
        parts.append(format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c9ccd1" stroke-width="1"/>'
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1b1b1f">{}</text>',
            LEFT, WIDTH - RIGHT, _n(y), _n(y), LEFT - 6, _n(y + 4), group_thousands(value)))
    if rows:
        slot = plot_w / len(rows)
        bar = max(min(slot * 0.4, 18), 1)
        label_every = max(1, round(len(rows) / 6))
        for index, (week, a, b) in enumerate(rows):
            x = LEFT + index * slot + (slot - 2 * bar) / 2
            for offset, (value, colour, label) in enumerate(zip((a, b), COLOURS, series_labels, strict=True)):
                height = plot_h * value / top
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    '<title>{} {}: {}</title></rect>',
                    _n(x + offset * bar), _n(TOP + plot_h - height), _n(bar), _n(height), colour,
                    label, vn_date(week), group_thousands(value)))
            if index % label_every == 0:
                parts.append(format_html(
                    '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#1b1b1f">{}</text>',
                    _n(LEFT + index * slot + slot / 2), HEIGHT - BOTTOM + 16, f"{week.day:02d}/{week.month}"))
    # Legend.
    for offset, (colour, label) in enumerate(zip(COLOURS, series_labels, strict=True)):
        x = LEFT + offset * 200
        parts.append(format_html(
            '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
            '<text x="{}" y="{}" font-size="13" fill="#1b1b1f">{}</text>',
            x, HEIGHT - 16, colour, x + 18, HEIGHT - 6, label))
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part built by format_html

