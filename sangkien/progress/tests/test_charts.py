"""Server-side SVG charts: drawn without script, text escaped, shown with a data table."""

import datetime
import re

import pytest

from sangkien.progress.charts import weekly_bars

MONDAY = datetime.date(2022, 3, 7)


def rows(n):
    return [(MONDAY + datetime.timedelta(weeks=i), i * 10, i * 3) for i in range(n)]


def test_a_bar_per_week_and_series_with_the_figure_in_each_tooltip():
    svg = str(weekly_bars(rows(4), title="Theo tuần", series_labels=("Gửi lên", "Được duyệt")))
    assert svg.startswith('<svg class="chart"') and svg.endswith("</svg>")
    assert 'role="img"' in svg and '<title id="chart-title">Theo tuần</title>' in svg
    bars = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="#[0-9a-f]+"><title>', svg)
    assert len(bars) == 8
    assert "<title>Gửi lên 28/3/2022: 30</title>" in svg  # the fourth Monday, 30 sent
    # The tallest bar fills the plot: 30 is drawn against an axis that ends at 50.
    assert max(float(h) for h in bars) == round(204 * 30 / 50, 1)


def test_the_axis_reads_the_vietnamese_way():
    svg = str(weekly_bars([(MONDAY, 12_345, 0)], title="t", series_labels=("a", "b")))
    assert ">20.000</text>" in svg and ">10.000</text>" in svg


def test_no_rows_gives_an_empty_chart_not_an_error():
    svg = str(weekly_bars([], title="t", series_labels=("a", "b")))
    assert "<rect" in svg  # the legend only
    assert svg.count("<rect") == 2


def test_text_in_the_chart_is_escaped():
    svg = str(weekly_bars(rows(2), title="<script>alert(1)</script>", series_labels=("<b>x</b>", "y"),
                          summary='"><script>'))
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<b>" not in svg


@pytest.mark.parametrize(("tallest", "labels"), [
    (1, ["0", "1"]),
    (2, ["0", "1", "2"]),
    (4, ["0", "1", "2", "3", "4", "5"]),
    (7, ["0", "2", "4", "6", "8", "10"]),
    (30, ["0", "10", "20", "30", "40", "50"]),
    (12_345, ["0", "5.000", "10.000", "15.000", "20.000"]),
])
def test_every_grid_line_stands_at_the_whole_number_it_is_labelled(tallest, labels):
    svg = str(weekly_bars([(MONDAY, tallest, 0)], title="t", series_labels=("a", "b")))
    assert re.findall(r'text-anchor="end" fill="#1b1b1f">([\d.]+)</text>', svg) == labels
