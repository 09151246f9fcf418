"""The national tree in one file: 150,000 rows, most children before their parents."""

import io
import time

import pytest
from django.core.management import call_command
from django.db import connection

from sangkien.orgs.models import Unit

from .synthetic import national_tree_rows, write_csv

ROWS = 150_000


@pytest.mark.slow
@pytest.mark.django_db
def test_a_national_tree_of_150000_units_imports_in_well_under_a_minute(tmp_path, capsys):
    rows = national_tree_rows(ROWS)
    path = write_csv(tmp_path / "national.csv", rows)
    out = io.StringIO()

    started = time.perf_counter()
    call_command("import_units", str(path), stdout=out)
    seconds = time.perf_counter() - started

    with capsys.disabled():
        print(f"\n{ROWS:,} units imported in {seconds:.1f} s on {connection.vendor}")
    assert out.getvalue().strip() == (
        "Đã nhập 150.000 dòng: 150.000 đơn vị mới, 0 đơn vị được cập nhật, 0 đơn vị không thay đổi."
    )
    assert seconds < 60
    assert Unit.objects.count() == ROWS
    assert [Unit.objects.filter(depth=d).count() for d in (1, 2, 3)] == [1, 83, 830]
    national = Unit.objects.get(code="VN")
    assert (national.path, national.numchild) == ("0001", 83)
    province = Unit.objects.get(code="P01")
    assert province.numchild == 10
    assert province.get_parent() == national
    # A few rows from the file: each sits one step under its parent, whatever the file order.
    parent_of = {code: parent for code, parent, *_ in rows}
    sample = ["P01-U01", "S20-U10", rows[0][0], rows[ROWS // 2][0], rows[-1][0]]
    paths = dict(Unit.objects.filter(code__in=sample + [parent_of[c] for c in sample]).values_list("code", "path"))
    for code in sample:
        assert paths[code][:-4] == paths[parent_of[code]]
    upper = Unit.objects.get(code="P01-U01")
    assert Unit.find_problems(parent=upper) == ([], [], [], [], [])
    assert upper.get_descendants().count() == upper.get_descendant_count() > 100
