"""`manage.py import_units`: good files, and the tree treebeard finds afterwards."""

import io
import unicodedata

import pytest
from django.core.management import call_command

from sangkien.core.models import AuditEvent
from sangkien.factories import kind
from sangkien.orgs.models import Cluster, Unit

NO_PROBLEMS = ([], [], [], [], [])

SMALL_TREE = [
    ("VN", "", "Tổng Liên đoàn Lao động Việt Nam", "TLĐLĐVN", "national", "", ""),
    ("HB", "VN", "Liên đoàn Lao động tỉnh Hòa Bình", "LĐLĐ Hòa Bình", "province", "", "Cụm Tây Bắc"),
    ("HB-GD", "HB", "Công đoàn Giáo dục tỉnh Hòa Bình", "", "upper", "1500", "Khối giáo dục"),
    ("HB-GD-001", "HB-GD", "Công đoàn Trường THPT Đà Bắc", "", "grassroots", "60", "Khối giáo dục"),
    ("HB-GD-002", "HB-GD", "Công đoàn Trường Tiểu học Cao Phong", "", "grassroots", "35", ""),
]


def run_import(path, **options):
    out = io.StringIO()
    call_command("import_units", str(path), stdout=out, **options)
    return out.getvalue()


def paths():
    return dict(Unit.objects.values_list("code", "path"))


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "bom"), [("csv", True), ("csv", False), ("xlsx", False)])
def test_a_good_file_creates_the_whole_tree(unit_file, fmt, bom):
    output = run_import(unit_file(SMALL_TREE, fmt=fmt, bom=bom))

    assert output.strip() == (
        "Đã nhập 5 dòng: 5 đơn vị mới, 0 đơn vị được cập nhật, 0 đơn vị không thay đổi."
    )
    assert paths() == {
        "VN": "0001", "HB": "00010001", "HB-GD": "000100010001",
        "HB-GD-001": "0001000100010001", "HB-GD-002": "0001000100010002",
    }
    school = Unit.objects.get(code="HB-GD-001")
    assert (school.name, school.kind, school.headcount, school.cluster.name) == (
        "Công đoàn Trường THPT Đà Bắc", kind("grassroots"), 60, "Khối giáo dục",
    )
    assert school.name_folded == "cong doan truong thpt da bac"
    national = Unit.objects.get(code="VN")
    assert (national.headcount, national.cluster, national.short_name) == (0, None, "TLĐLĐVN")
    assert national.name_folded == "tong lien doan lao dong viet nam | tldldvn"
    assert sorted(Cluster.objects.values_list("name", flat=True)) == ["Cụm Tây Bắc", "Khối giáo dục"]
    assert Unit.find_problems() == NO_PROBLEMS


@pytest.mark.django_db
def test_treebeard_reads_and_extends_the_imported_tree(unit_file):
    run_import(unit_file(SMALL_TREE))
    upper = Unit.objects.get(code="HB-GD")

    assert [u.code for u in upper.get_children()] == ["HB-GD-001", "HB-GD-002"]
    assert [u.code for u in Unit.objects.get(code="HB").get_descendants()] == ["HB-GD", "HB-GD-001", "HB-GD-002"]
    assert upper.get_parent().code == "HB"
    added = upper.add_child(code="HB-GD-003", name="Công đoàn Trường Mầm non", kind=kind("grassroots"))
    assert added.path == "0001000100010003"
    assert Unit.find_problems() == NO_PROBLEMS


@pytest.mark.django_db
def test_children_may_come_before_their_parents(unit_file):
    run_import(unit_file(list(reversed(SMALL_TREE))))

    assert paths()["HB-GD-002"].startswith(paths()["HB-GD"])
    assert Unit.objects.get(code="HB-GD").numchild == 2
    assert Unit.find_problems() == NO_PROBLEMS


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(unit_file):
    path = unit_file(SMALL_TREE)
    run_import(path)
    before = list(Unit.objects.order_by("path").values())

    output = run_import(path)

    assert output.strip() == "Đã nhập 5 dòng: 0 đơn vị mới, 0 đơn vị được cập nhật, 5 đơn vị không thay đổi."
    assert list(Unit.objects.order_by("path").values()) == before


def test_changed_rows_are_updated_and_found_by_their_new_name(tree, unit_file):
    output = run_import(unit_file([
        ("HB-GD-002", "HB-GD", "Công đoàn Trường Tiểu học Đà Bắc 2", "TH ĐB2", "grassroots", "41", "Khối mới"),
        ("HB-GD-001", "HB-GD", tree.school.name, "", "grassroots", "60", ""),
    ]))

    assert "0 đơn vị mới, 1 đơn vị được cập nhật, 1 đơn vị không thay đổi" in output
    school2 = Unit.objects.get(code="HB-GD-002")
    assert (school2.headcount, school2.short_name, school2.cluster.name) == (41, "TH ĐB2", "Khối mới")
    assert school2.path == tree.school2.path
    assert school2.updated_at > tree.school2.updated_at
    assert set(Unit.objects.search("tieu hoc da bac").values_list("code", flat=True)) == {"HB-GD-002"}
    assert set(Unit.objects.search("th db2").values_list("code", flat=True)) == {"HB-GD-002"}


def test_new_units_go_after_the_last_child_of_an_existing_parent(tree, unit_file):
    run_import(unit_file([
        ("HB-GD-003", "HB-GD", "Công đoàn Trường Mầm non Hoa Sen", "", "grassroots", "20", ""),
        ("HB-GD-003-T1", "HB-GD-003", "Tổ công đoàn Nuôi dưỡng", "", "section", "7", ""),
    ]))

    new = Unit.objects.get(code="HB-GD-003")
    assert new.path == tree.cdgd.path + "0003"
    assert Unit.objects.get(code="HB-GD-003-T1").path == new.path + "0001"
    assert Unit.objects.get(code="HB-GD").numchild == 3
    assert Unit.find_problems() == NO_PROBLEMS


def test_moving_a_unit_under_another_parent_moves_its_subtree(tree, unit_file):
    from sangkien.orgs.importing import units_import

    result = units_import(acting_user=None, source=unit_file([("HB-GD", "HN", tree.cdgd.name, "", "upper", "0", "")]),
                          filename="units.csv")
    output = result.summary()

    assert "0 đơn vị mới, 1 đơn vị được cập nhật, 0 đơn vị không thay đổi" in output
    moved = Unit.objects.get(code="HB-GD")
    assert moved.path == tree.ha_noi.path + "0002"  # after Hà Nội's one school
    assert moved.depth == 3
    assert Unit.objects.get(code="HB-GD-001-T1").path == moved.path + "00010001"
    assert Unit.objects.get(code="HB-GD-001-T1").depth == 5
    assert Unit.objects.get(code="HB").numchild == 0
    assert Unit.objects.get(code="HN").numchild == 2
    descendants = {u.code for u in Unit.objects.get(code="HN").get_descendants()}
    assert descendants == {"HN-001", "HB-GD", "HB-GD-001", "HB-GD-002", "HB-GD-001-T1"}
    assert [u.code for u in Unit.objects.get(code="HB-GD-001-T1").ancestors()] == ["TLD", "HN", "HB-GD", "HB-GD-001"]
    assert Unit.objects.get(code="HB").get_descendants().count() == 0
    assert Unit.find_problems() == NO_PROBLEMS
    # Not in the file but rewritten: three paths under the moved unit, two parents' child counts.
    assert AuditEvent.objects.get(action="units.import").data["rearranged"] == 5
    assert result.repathed == 4  # the moved unit and its three descendants


def test_a_unit_may_become_a_root_and_a_root_may_move_under_another(tree, unit_file):
    run_import(unit_file([
        ("HN", "", tree.ha_noi.name, "", "province", "0", ""),
        ("NEW", "HN", "Công đoàn ngành Y tế Hà Nội", "", "sector", "0", ""),
    ]))

    assert Unit.objects.get(code="HN").path == "0002"
    assert Unit.objects.get(code="HN-001").path == "00020001"
    assert Unit.objects.get(code="NEW").path == "00020002"
    assert Unit.objects.get(code="TLD").numchild == 1
    assert Unit.find_problems() == NO_PROBLEMS


def test_a_unit_and_a_new_child_may_swap_places_in_one_file(tree, unit_file):
    # The school moves under a new unit that is itself created under the school's old parent.
    run_import(unit_file([
        ("HB-GD-CUM1", "HB-GD", "Cụm trường Đà Bắc", "", "upper", "", ""),
        ("HB-GD-001", "HB-GD-CUM1", tree.school.name, "", "grassroots", "60", ""),
    ]))

    cluster_unit = Unit.objects.get(code="HB-GD-CUM1")
    assert cluster_unit.path == tree.cdgd.path + "0003"
    assert Unit.objects.get(code="HB-GD-001").path == cluster_unit.path + "0001"
    assert Unit.objects.get(code="HB-GD-001-T1").path == cluster_unit.path + "00010001"
    assert Unit.objects.get(code="HB-GD").numchild == 2
    assert Unit.find_problems() == NO_PROBLEMS


def test_an_import_leaves_one_audit_row(tree, unit_file):
    run_import(unit_file(SMALL_TREE[:1]))

    event = AuditEvent.objects.get(action="units.import")
    assert event.data == {"created": 1, "updated": 0, "unchanged": 0, "rearranged": 0}
    assert event.message.endswith("units.csv")


def test_decomposed_vietnamese_from_a_mac_is_stored_composed(tree, unit_file):
    decomposed = unicodedata.normalize("NFD", "Công đoàn Trường Mầm non Đà Bắc")
    run_import(unit_file([("HB-GD-009", "HB-GD", decomposed, "", "grassroots", "", "")]))

    unit = Unit.objects.get(code="HB-GD-009")
    assert unit.name == unicodedata.normalize("NFC", decomposed) != decomposed
    assert unit.name_folded == "cong doan truong mam non da bac"
